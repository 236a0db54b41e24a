/* h_attachments — 附件 of a field record: the file's bytes kept in PostgreSQL with their
 * SHA-256, media type and size. The hash is computed when the file is uploaded and
 * computed again on every download: bytes that no longer match what was registered are
 * never handed out, and the refusal says so. The size cap (XC_MAX_ATTACHMENT) is
 * enforced at the edge, in common/xc_validate.c, before any handler runs.
 *
 * Bytes travel to and from PostgreSQL in binary format (a zero byte must not cut them),
 * and the bytes of a reply are copied into the call's arena like every reply field. */
#include "handlers.h"
#include "access.h"
#include "xc_log.h"
#include <sodium.h>
#include <string.h>

#define XC_DEFAULT_MEDIA_TYPE "application/octet-stream"
#define XC_ATTACHMENT_COLUMNS \
    "a.id, a.record_id, a.filename, a.media_type, a.size, encode(a.sha256, 'hex'), u.display_name," \
    " " XC_LOCAL_TIME ("a.uploaded_at") \
    " FROM attachment a JOIN app_user u ON u.id = a.uploaded_by"

static void *
s_attachment_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__Attachment *attachment = xc_arena_alloc (call->arena, sizeof *attachment);
    xuncha__attachment__init (attachment);
    attachment->id = xc_row_int (result, row, 0);
    attachment->record_id = xc_row_int (result, row, 1);
    attachment->filename = xc_row_text (call, result, row, 2);
    attachment->media_type = xc_row_text (call, result, row, 3);
    attachment->size = xc_row_int (result, row, 4);
    attachment->sha256 = xc_row_text (call, result, row, 5);
    attachment->uploaded_by = xc_row_text (call, result, row, 6);
    attachment->uploaded_at = xc_row_text (call, result, row, 7);
    return attachment;
}

Xuncha__Attachment **
xc_load_attachments (xc_call_t *call, int64_t record_id, size_t *count)
{
    const char *params[] = { xc_call_int (call, record_id) };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_ATTACHMENT_COLUMNS " WHERE a.record_id = $1 ORDER BY a.id", 1, params);
    if (!result)
        return NULL;
    Xuncha__Attachment **attachments =
        (Xuncha__Attachment **) xc_call_read_rows (call, result, s_attachment_from_row, count);
    PQclear (result);
    return attachments;
}

static Xuncha__Attachment *
s_load_attachment (xc_call_t *call, int64_t attachment_id)
{
    const char *params[] = { xc_call_int (call, attachment_id) };
    PGresult *result = xc_call_query_one (call, "附件", "SELECT " XC_ATTACHMENT_COLUMNS " WHERE a.id = $1", 1, params);
    if (!result)
        return NULL;
    Xuncha__Attachment *attachment = s_attachment_from_row (call, result, 0);
    PQclear (result);
    return attachment;
}

int
xc_attach_file (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__AttachmentAdd *add = request->attachment_add;
    int64_t group_id = xc_group_of_record (call, add->record_id);
    xc_group_scope_t scope;
    if (!group_id || xc_require_group_writer (call, group_id, &scope, "上传附件") != 0)
        return -1;
    uint8_t hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (hash, add->content.data, add->content.len);
    const char *params[] = { xc_call_int (call, add->record_id), add->filename,
                             *add->media_type ? add->media_type : XC_DEFAULT_MEDIA_TYPE,
                             xc_call_int (call, (int64_t) add->content.len), (const char *) hash,
                             (const char *) add->content.data, xc_call_int (call, call->who.user_id) };
    const int lengths[] = { 0, 0, 0, 0, (int) sizeof hash, (int) add->content.len, 0 };
    const int formats[] = { 0, 0, 0, 0, 1, 1, 0 };
    PGresult *result = xc_call_query_params (call,
        "INSERT INTO attachment (record_id, filename, media_type, size, sha256, content, uploaded_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", 7, params, lengths, formats, 0);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "attach_file", "attachment", id) != 0)
        return -1;
    call->reply->attachment = s_load_attachment (call, id);
    call->reply->body_case = XUNCHA__REPLY__BODY_ATTACHMENT;
    return call->reply->attachment ? 0 : -1;
}

/* The stored bytes of ATTACHMENT, copied into the arena, only when their SHA-256 (and
 * length) still match what was registered at upload. */
static int
s_load_verified_content (xc_call_t *call, const Xuncha__Attachment *attachment, ProtobufCBinaryData *content)
{
    const char *params[] = { xc_call_int (call, attachment->id) };
    PGresult *result = xc_call_query_params (call, "SELECT sha256, content FROM attachment WHERE id = $1",
                                             1, params, NULL, NULL, 1);
    if (!result)
        return -1;
    uint8_t hash[crypto_hash_sha256_BYTES];
    int found = PQntuples (result) == 1;
    size_t size = found ? (size_t) PQgetlength (result, 0, 1) : 0;
    if (found)
        crypto_hash_sha256 (hash, (const uint8_t *) PQgetvalue (result, 0, 1), size);
    int intact = found && (int64_t) size == attachment->size && PQgetlength (result, 0, 0) == (int) sizeof hash
                 && memcmp (hash, PQgetvalue (result, 0, 0), sizeof hash) == 0;
    if (intact) {
        content->data = xc_arena_alloc (call->arena, size);
        memcpy (content->data, PQgetvalue (result, 0, 1), size);
        content->len = size;
    }
    PQclear (result);
    if (intact)
        return 0;
    xc_log (XC_LOG_ERROR, "attachment_hash_mismatch", "attachment=%lld record=%lld", (long long) attachment->id,
            (long long) attachment->record_id);
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL,
                         "附件 %lld 校验失败：内容与登记的 SHA-256 不符，可能已被篡改", (long long) attachment->id);
}

int
xc_download_attachment (xc_call_t *call, const Xuncha__Request *request)
{
    Xuncha__AttachmentContent *download = xc_arena_alloc (call->arena, sizeof *download);
    xuncha__attachment_content__init (download);
    download->attachment = s_load_attachment (call, request->attachment_get->attachment_id);
    if (!download->attachment)
        return -1;
    int64_t group_id = xc_group_of_record (call, download->attachment->record_id);
    xc_group_scope_t scope;
    if (!group_id || xc_require_group_reader (call, group_id, &scope) != 0
        || s_load_verified_content (call, download->attachment, &download->content) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ATTACHMENT_CONTENT;
    call->reply->attachment_content = download;
    return 0;
}
