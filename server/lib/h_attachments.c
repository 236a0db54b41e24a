/* h_attachments — 附件: the file's bytes kept in PostgreSQL with their SHA-256, media
 * type and size. An attachment belongs to one of two things: a field record of a
 * 巡察组 (uploaded by its members, read by them and the 巡察办), or a 整改任务 as its
 * evidence (佐证材料: uploaded by a user of the task's unit while the task is open,
 * read by whoever may read the task — task_read.h). The hash is computed when the file
 * is uploaded and computed again on every download: bytes that no longer match what was
 * registered are never handed out, and the refusal says so. Every download is a row of
 * the audit log (read_attachment), committed with the reply. The size cap (XC_MAX_ATTACHMENT) is
 * enforced at the edge, in common/xc_validate.c, before any handler runs. A file comes
 * whole (attachment_add) or in chunks (h_attachment_uploads.c); either way xc_attach
 * checks, stores and audits it: one way to make an attachment.
 *
 * Bytes travel to and from PostgreSQL in binary format (a zero byte must not cut them),
 * and the bytes of a reply are copied into the call's arena like every reply field. */
#include "handlers.h"
#include "access.h"
#include "task_read.h"
#include "xc_log.h"
#include "xc_names.h"
#include <sodium.h>
#include <string.h>

#define XC_DEFAULT_MEDIA_TYPE "application/octet-stream"
#define XC_ATTACHMENT_COLUMNS \
    "a.id, a.record_id, a.filename, a.media_type, a.size, encode(a.sha256, 'hex'), u.display_name," \
    " " XC_LOCAL_TIME ("a.uploaded_at") ", a.task_id" \
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
    attachment->task_id = xc_row_int (result, row, 8);
    return attachment;
}

/* The statement of the attachments whose COLUMN (record_id or task_id) is ID. */
static xc_statement_t
s_attachments_of (xc_call_t *call, const char *column, int64_t id)
{
    const char **params = (const char **) xc_call_array (call, 1);
    params[0] = xc_call_int (call, id);
    return (xc_statement_t) {
        .sql = xc_arena_printf (call->arena, "SELECT " XC_ATTACHMENT_COLUMNS " WHERE a.%s = $1 ORDER BY a.id", column),
        .count = 1,
        .values = params,
    };
}

static Xuncha__Attachment **
s_load_attachments_of (xc_call_t *call, const char *column, int64_t id, size_t *count)
{
    xc_statement_t statement = s_attachments_of (call, column, id);
    PGresult *result = xc_call_query (call, statement.sql, statement.count, statement.values);
    if (!result)
        return NULL;
    Xuncha__Attachment **attachments = xc_attachments_from_result (call, result, count);
    PQclear (result);
    return attachments;
}

xc_statement_t
xc_attachments_statement (xc_call_t *call, int64_t record_id)
{
    return s_attachments_of (call, "record_id", record_id);
}

Xuncha__Attachment **
xc_attachments_from_result (xc_call_t *call, const PGresult *result, size_t *count)
{
    return (Xuncha__Attachment **) xc_call_read_rows (call, result, s_attachment_from_row, count);
}

Xuncha__Attachment **
xc_load_attachments (xc_call_t *call, int64_t record_id, size_t *count)
{
    return s_load_attachments_of (call, "record_id", record_id, count);
}

Xuncha__Attachment **
xc_load_task_evidence (xc_call_t *call, int64_t task_id, size_t *count)
{
    return s_load_attachments_of (call, "task_id", task_id, count);
}

Xuncha__Attachment *
xc_load_attachment (xc_call_t *call, int64_t attachment_id)
{
    const char *params[] = { xc_call_int (call, attachment_id) };
    PGresult *result = xc_call_query_one (call, "附件", "SELECT " XC_ATTACHMENT_COLUMNS " WHERE a.id = $1", 1, params);
    if (!result)
        return NULL;
    Xuncha__Attachment *attachment = s_attachment_from_row (call, result, 0);
    PQclear (result);
    return attachment;
}

/* Roles that never see a group's field records, whatever the role table lets them
 * ask about attachments. */
static bool
s_outside_field_work (const xc_call_t *call)
{
    return call->who.role == XUNCHA__ROLE__ROLE_INSPECTED_UNIT || call->who.role == XUNCHA__ROLE__ROLE_READONLY;
}

static int
s_refuse_field_work (xc_call_t *call, const char *what)
{
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "角色“%s”无权%s现场记录的附件",
                         xc_label (&xuncha__role__descriptor, call->who.role), what);
}

/* A member of the record's group, while the group works. */
static int
s_require_record_uploader (xc_call_t *call, int64_t record_id)
{
    if (s_outside_field_work (call))
        return s_refuse_field_work (call, "上传");
    int64_t group_id = xc_group_of_record (call, record_id);
    xc_group_scope_t scope;
    return group_id && xc_require_group_writer (call, group_id, &scope, "上传附件") == 0 ? 0 : -1;
}

/* A user of the task's unit, while the task is open (locked: its status stays so). */
static int
s_require_evidence_uploader (xc_call_t *call, int64_t task_id)
{
    if (call->scope != XC_SCOPE_UNIT)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "整改任务的佐证材料只能由被巡察单位上传");
    xc_task_row_t task;
    if (xc_task_lock (call, task_id, &task) != 0)
        return -1;
    if (!xc_task_open (task.status))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s 当前为“%s”，不能再上传佐证材料", task.name,
                             xc_task_status_label (task.status));
    return 0;
}

int
xc_require_attachment_uploader (xc_call_t *call, int64_t record_id, int64_t task_id)
{
    if (!record_id == !task_id)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "附件须属于一条现场记录（record_id）或一个整改任务（task_id），二者选一");
    return task_id ? s_require_evidence_uploader (call, task_id) : s_require_record_uploader (call, record_id);
}

/* Stores FILE for the record or the task it names; returns the new id, or 0 after
 * refusing. */
static int64_t
s_store (xc_call_t *call, const xc_attachment_file_t *file)
{
    uint8_t hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (hash, file->content, file->size);
    const char *params[] = { xc_call_id_or_null (call, file->record_id), xc_call_id_or_null (call, file->task_id),
                             file->filename, *file->media_type ? file->media_type : XC_DEFAULT_MEDIA_TYPE,
                             xc_call_int (call, (int64_t) file->size), (const char *) hash,
                             (const char *) file->content, xc_call_int (call, call->who.user_id) };
    const int lengths[] = { 0, 0, 0, 0, 0, (int) sizeof hash, (int) file->size, 0 };
    const int formats[] = { 0, 0, 0, 0, 0, 1, 1, 0 };
    PGresult *result = xc_call_query_params (call,
        "INSERT INTO attachment (record_id, task_id, filename, media_type, size, sha256, content, uploaded_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id", 8, params, lengths, formats, 0);
    if (!result)
        return 0;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    return xc_call_log_change (call, "attach_file", "attachment", id) == 0 ? id : 0;
}

int
xc_attach (xc_call_t *call, const xc_attachment_file_t *file, Xuncha__Attachment **attachment)
{
    *attachment = NULL;
    if (xc_require_attachment_uploader (call, file->record_id, file->task_id) != 0)
        return -1;
    int64_t id = s_store (call, file);
    *attachment = id ? xc_load_attachment (call, id) : NULL;
    return *attachment ? 0 : -1;
}

int
xc_attach_file (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__AttachmentAdd *add = request->attachment_add;
    const xc_attachment_file_t file = { .record_id = add->record_id, .task_id = add->task_id,
                                        .filename = add->filename, .media_type = add->media_type,
                                        .content = add->content.data, .size = add->content.len };
    if (xc_attach (call, &file, &call->reply->attachment) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ATTACHMENT;
    return 0;
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
    xc_log (XC_LOG_ERROR, "attachment_hash_mismatch", "attachment=%lld record=%lld task=%lld",
            (long long) attachment->id, (long long) attachment->record_id, (long long) attachment->task_id);
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL,
                         "附件 %lld 校验失败：内容与登记的 SHA-256 不符，可能已被篡改", (long long) attachment->id);
}

/* Readers of the task the attachment is evidence of, or of the record's group: asked
 * of attachment_whereabouts (008_least_privilege.sql), which sees past row security
 * and tells only what the attachment belongs to, so that one outside the caller's scope
 * is refused for that, not reported missing. */
static int
s_require_attachment_reader (xc_call_t *call, int64_t attachment_id)
{
    const char *params[] = { xc_call_int (call, attachment_id) };
    PGresult *result = xc_call_query_one (call, "附件",
        "SELECT task_id, group_id FROM attachment_whereabouts($1)", 1, params);
    if (!result)
        return -1;
    int64_t task_id = xc_row_int (result, 0, 0);
    int64_t group_id = xc_row_int (result, 0, 1);
    PQclear (result);
    if (task_id)
        return xc_require_task_reader_of (call, task_id);
    if (s_outside_field_work (call))
        return s_refuse_field_work (call, "查看");
    xc_group_scope_t scope;
    return xc_require_group_reader (call, group_id, &scope);
}

int
xc_download_attachment (xc_call_t *call, const Xuncha__Request *request)
{
    Xuncha__AttachmentContent *download = xc_arena_alloc (call->arena, sizeof *download);
    xuncha__attachment_content__init (download);
    int64_t attachment_id = request->attachment_get->attachment_id;
    if (s_require_attachment_reader (call, attachment_id) != 0)
        return -1;
    download->attachment = xc_load_attachment (call, attachment_id);
    if (!download->attachment || s_load_verified_content (call, download->attachment, &download->content) != 0
        || xc_call_log_read (call, XC_READ_ATTACHMENT, "attachment", download->attachment->id) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ATTACHMENT_CONTENT;
    call->reply->attachment_content = download;
    return 0;
}
