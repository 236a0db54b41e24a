/* h_attachment_uploads — 附件分块续传: an attachment recorded offline reaches the server
 * in chunks, and a transfer broken off resumes where it stopped.
 *
 *   Begin   the upload id (a UUID the client chose when it journalled the file), what
 *           the file is for (a field record or a 整改任务, checked as attachment_add
 *           checks it), its name, type, size and SHA-256. Begin again with the same
 *           id and the same description is harmless and answers the state; with a
 *           different one it is refused naming what differs.
 *   Chunk   bytes from OFFSET. Only the next bytes are taken (OFFSET = received); a
 *           chunk wholly below `received` is accepted and ignored (a resent one); one
 *           past it, or straddling it, is refused naming the offset to resume from.
 *   Status  the state: how many bytes arrived in order, the attachment once made.
 *   Finish  all bytes received and their SHA-256 the one declared: the attachment is
 *           made by xc_attach, as attachment_add makes it (the same checks, audit row
 *           attach_file), its id noted on the upload, the chunks deleted. Finish again
 *           answers the same attachment; no second one is made.
 *
 * An upload is its user's alone (row security, 010_uploads.sql): another's upload id is
 * not found. The audit log reads the same whichever way a file came: Begin and the
 * chunks are its transport and write no row; the attachment they become writes
 * attach_file, as attachment_add does. Bytes go to and from PostgreSQL in binary format. */
#include "handlers.h"
#include "xc_validate.h"
#include <inttypes.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define XC_DEFAULT_MEDIA_TYPE "application/octet-stream"

/* One upload's row. */
typedef struct {
    const char *upload_id;
    int64_t record_id;
    int64_t task_id;
    const char *filename;
    const char *media_type;
    int64_t size;
    const char *sha256;       /* lowercase hex */
    int64_t received;
    int64_t attachment_id;    /* 0 until finished */
} upload_t;

/* Loads the caller's upload UPLOAD_ID (locked when LOCK: chunks and Finish take turns);
 * refuses NOT_FOUND when there is none of his. */
static int
s_load_upload (xc_call_t *call, const char *upload_id, bool lock, upload_t *upload)
{
    const char *params[] = { upload_id };
    PGresult *result = xc_call_query (call, lock
        ? "SELECT record_id, task_id, filename, media_type, size, encode(sha256, 'hex'), received, attachment_id"
          " FROM attachment_upload WHERE upload_id = $1::uuid FOR UPDATE"
        : "SELECT record_id, task_id, filename, media_type, size, encode(sha256, 'hex'), received, attachment_id"
          " FROM attachment_upload WHERE upload_id = $1::uuid", 1, params);
    if (!result)
        return -1;
    int found = PQntuples (result) == 1;
    if (found)
        *upload = (upload_t) { .upload_id = upload_id, .record_id = xc_row_int (result, 0, 0),
                               .task_id = xc_row_int (result, 0, 1), .filename = xc_row_text (call, result, 0, 2),
                               .media_type = xc_row_text (call, result, 0, 3), .size = xc_row_int (result, 0, 4),
                               .sha256 = xc_row_text (call, result, 0, 5), .received = xc_row_int (result, 0, 6),
                               .attachment_id = xc_row_int (result, 0, 7) };
    PQclear (result);
    return found ? 0 : xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "上传 %s 不存在（或不是本人开始的）",
                                     upload_id);
}

/* Answers with the upload's state. */
static int
s_reply_state (xc_call_t *call, const upload_t *upload)
{
    Xuncha__UploadState *state = xc_arena_alloc (call->arena, sizeof *state);
    xuncha__upload_state__init (state);
    state->upload_id = xc_arena_strdup (call->arena, upload->upload_id);
    state->size = upload->size;
    state->received = upload->received;
    state->attachment_id = upload->attachment_id;
    call->reply->upload_state = state;
    call->reply->body_case = XUNCHA__REPLY__BODY_UPLOAD_STATE;
    return 0;
}

static const char *
s_media_type (const char *media_type)
{
    return *media_type ? media_type : XC_DEFAULT_MEDIA_TYPE;
}

/* Begin again: the same description, or a refusal naming the first thing that differs. */
static int
s_require_same_file (xc_call_t *call, const upload_t *upload, const Xuncha__AttachmentUploadBegin *begin)
{
    char sha256[65];
    snprintf (sha256, sizeof sha256, "%s", begin->sha256);
    for (char *p = sha256; *p; p++)
        *p = (char) (*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p);
    const char *what = NULL, *was = NULL, *now = NULL;
    if (upload->record_id != begin->record_id || upload->task_id != begin->task_id) {
        what = "所属记录";
        was = xc_arena_printf (call->arena, upload->record_id ? "现场记录 #%" PRId64 : "整改任务 #%" PRId64,
                               upload->record_id ? upload->record_id : upload->task_id);
        now = xc_arena_printf (call->arena, begin->record_id ? "现场记录 #%" PRId64 : "整改任务 #%" PRId64,
                               begin->record_id ? begin->record_id : begin->task_id);
    } else if (strcmp (upload->filename, begin->filename) != 0)
        what = "文件名", was = upload->filename, now = begin->filename;
    else if (strcmp (upload->media_type, s_media_type (begin->media_type)) != 0)
        what = "文件类型", was = upload->media_type, now = s_media_type (begin->media_type);
    else if (upload->size != begin->size)
        what = "大小", was = xc_call_int (call, upload->size), now = xc_call_int (call, begin->size);
    else if (strcmp (upload->sha256, sha256) != 0)
        what = "SHA-256", was = upload->sha256, now = xc_arena_strdup (call->arena, sha256);
    if (!what)
        return 0;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                         "上传 %s 已以不同的%s开始（原为 %s，本次为 %s），请换一个上传编号", upload->upload_id, what,
                         was, now);
}

int
xc_begin_upload (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__AttachmentUploadBegin *begin = request->attachment_upload_begin;
    if (begin->size > (int64_t) XC_MAX_ATTACHMENT)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "附件过大：%" PRId64 " 字节，上限 %u 字节",
                             begin->size, XC_MAX_ATTACHMENT);
    if (xc_require_attachment_uploader (call, begin->record_id, begin->task_id) != 0)
        return -1;
    const char *params[] = { begin->upload_id, xc_call_int (call, call->who.user_id),
                             xc_call_id_or_null (call, begin->record_id), xc_call_id_or_null (call, begin->task_id),
                             begin->filename, s_media_type (begin->media_type), xc_call_int (call, begin->size),
                             begin->sha256 };
    PGresult *result = xc_call_query (call,
        "INSERT INTO attachment_upload (upload_id, user_id, record_id, task_id, filename, media_type, size, sha256)"
        " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, decode($8, 'hex')) ON CONFLICT (upload_id) DO NOTHING RETURNING 1",
        8, params);
    if (!result)
        return -1;
    int created = PQntuples (result) == 1;
    PQclear (result);
    upload_t upload;
    if (s_load_upload (call, begin->upload_id, true, &upload) != 0)
        return -1;
    if (!created && s_require_same_file (call, &upload, begin) != 0)
        return -1;
    return s_reply_state (call, &upload);
}

int
xc_receive_upload_chunk (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__AttachmentUploadChunk *chunk = request->attachment_upload_chunk;
    upload_t upload;
    if (s_load_upload (call, chunk->upload_id, true, &upload) != 0)
        return -1;
    int64_t length = (int64_t) chunk->data.len;
    if (chunk->offset > upload.size || length > upload.size - chunk->offset)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "块超出文件大小：从第 %" PRId64 " 字节起的 %" PRId64 " 字节，文件共 %" PRId64 " 字节",
                             chunk->offset, length, upload.size);
    if (chunk->offset + length <= upload.received)
        return s_reply_state (call, &upload);   /* received already: a resent chunk */
    if (chunk->offset != upload.received)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "上传 %s 应从第 %" PRId64 " 字节续传（本块从第 %" PRId64 " 字节开始）", upload.upload_id,
                             upload.received, chunk->offset);
    const char *params[] = { upload.upload_id, xc_call_int (call, chunk->offset), (const char *) chunk->data.data };
    const int lengths[] = { 0, 0, (int) chunk->data.len };
    const int formats[] = { 0, 0, 1 };
    PGresult *result = xc_call_query_params (call,
        "INSERT INTO attachment_upload_chunk (upload_id, byte_offset, data) VALUES ($1::uuid, $2, $3)", 3, params,
        lengths, formats, 0);
    if (!result)
        return -1;
    PQclear (result);
    upload.received += length;
    const char *update[] = { upload.upload_id, xc_call_int (call, upload.received) };
    if (xc_call_exec (call, "UPDATE attachment_upload SET received = $2 WHERE upload_id = $1::uuid", 2, update) != 0)
        return -1;
    return s_reply_state (call, &upload);
}

int
xc_show_upload (xc_call_t *call, const Xuncha__Request *request)
{
    upload_t upload;
    if (s_load_upload (call, request->attachment_upload_status->upload_id, false, &upload) != 0)
        return -1;
    return s_reply_state (call, &upload);
}

/* The chunks of UPLOAD, concatenated in the arena, when they are its SIZE bytes and
 * their SHA-256 is the declared one; refuses naming which is not. */
static int
s_assemble (xc_call_t *call, const upload_t *upload, uint8_t **content)
{
    if (upload->received != upload->size)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "上传 %s 尚未收齐：已收到 %" PRId64 " 字节，共 %" PRId64 " 字节，应从第 %" PRId64
                             " 字节续传", upload->upload_id, upload->received, upload->size, upload->received);
    const char *params[] = { upload->upload_id };
    PGresult *result = xc_call_query_params (call,
        "SELECT byte_offset::text AS at, data FROM attachment_upload_chunk WHERE upload_id = $1::uuid"
        " ORDER BY attachment_upload_chunk.byte_offset",
        1, params, NULL, NULL, 1);
    if (!result)
        return -1;
    *content = xc_arena_alloc (call->arena, (size_t) upload->size);
    int64_t at = 0;
    for (int row = 0; row < PQntuples (result); row++) {
        int64_t length = PQgetlength (result, row, 1);
        if (strtoll (PQgetvalue (result, row, 0), NULL, 10) != at || length > upload->size - at)
            break;
        memcpy (*content + at, PQgetvalue (result, row, 1), (size_t) length);
        at += length;
    }
    PQclear (result);
    if (at != upload->size)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL,
                             "上传 %s 的已存分块不连续（只连续到第 %" PRId64 " 字节），请以新的上传编号重新上传",
                             upload->upload_id, at);
    uint8_t hash[crypto_hash_sha256_BYTES];
    char hex[2 * sizeof hash + 1];
    crypto_hash_sha256 (hash, *content, (size_t) upload->size);
    sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
    if (strcmp (hex, upload->sha256) != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "上传 %s 的 SHA-256 不符：收到的内容为 %s，开始上传时声明为 %s；请以新的上传编号重新上传",
                             upload->upload_id, hex, upload->sha256);
    return 0;
}

int
xc_finish_upload (xc_call_t *call, const Xuncha__Request *request)
{
    upload_t upload;
    uint8_t *content = NULL;
    if (s_load_upload (call, request->attachment_upload_finish->upload_id, true, &upload) != 0)
        return -1;
    if (upload.attachment_id) {   /* finished before: the same attachment */
        call->reply->attachment = xc_load_attachment (call, upload.attachment_id);
        call->reply->body_case = XUNCHA__REPLY__BODY_ATTACHMENT;
        return call->reply->attachment ? 0 : -1;
    }
    if (s_assemble (call, &upload, &content) != 0)
        return -1;
    const xc_attachment_file_t file = { .record_id = upload.record_id, .task_id = upload.task_id,
                                        .filename = upload.filename, .media_type = upload.media_type,
                                        .content = content, .size = (size_t) upload.size };
    if (xc_attach (call, &file, &call->reply->attachment) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ATTACHMENT;
    const char *params[] = { upload.upload_id, xc_call_int (call, call->reply->attachment->id) };
    if (xc_call_exec (call, "UPDATE attachment_upload SET attachment_id = $2 WHERE upload_id = $1::uuid", 2, params)
            != 0
        || xc_call_exec (call, "DELETE FROM attachment_upload_chunk WHERE upload_id = $1::uuid", 1, params) != 0)
        return -1;
    return 0;
}
