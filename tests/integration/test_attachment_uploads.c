/* Chunked, resumable uploads on a real PostgreSQL, through the real dispatcher, in the
 * scope world of xc_test_world.h: a file sent in chunks, broken off, its state asked,
 * resumed and finished makes exactly one attachment, byte-exact, with the right SHA-256;
 * a chunk sent again is accepted and ignored; Finish again answers the same attachment;
 * a chunk past what was received is refused naming the offset to resume from, and one
 * beyond the file's size as such; a wrong SHA-256 or a short file is refused at Finish
 * naming which; Begin again is harmless with the same description and refused naming
 * what differs; an upload is its user's alone; Begin is checked like attachment_add (the
 * group, the size cap) and the audit log reads as for attachment_add (one attach_file
 * row); the edge refuses a malformed upload id, SHA-256 or chunk; a file of exactly the
 * cap goes in the largest chunks; a 整改任务's evidence comes the same way; and a whole
 * upload fits in one sync batch. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "xc_codec.h"
#include "xc_validate.h"
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define STATUS(name) XUNCHA__STATUS__STATUS_##name
#define CHUNK (256 * 1024)
#define FILE_SIZE (700 * 1024)

static xc_dispatcher_t *s_dispatcher;
static xc_scope_world_t w;
static uint8_t s_file[FILE_SIZE + 64];   /* and a little more: a chunk past the end comes from it */
static char s_file_sha256[65];

/* ------------------------------------------------------------------ helpers */

static void
s_sha256_hex (const uint8_t *data, size_t size, char hex[65])
{
    uint8_t hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (hash, data, size);
    sodium_bin2hex (hex, 65, hash, sizeof hash);
}

static void
s_new_upload_id (char id[37])
{
    Xuncha__Request request;
    xc_test_request_init (&request, id);
}

/* Begin of the world's file for the record (or, if 0, the task). */
static Xuncha__AttachmentUploadBegin
s_begin_body (const char *upload_id, int64_t record, int64_t task)
{
    Xuncha__AttachmentUploadBegin begin = XUNCHA__ATTACHMENT_UPLOAD_BEGIN__INIT;
    begin.upload_id = (char *) upload_id;
    begin.record_id = record;
    begin.task_id = task;
    begin.filename = "谈话录音整理稿.pdf";
    begin.media_type = "application/pdf";
    begin.size = FILE_SIZE;
    begin.sha256 = s_file_sha256;
    return begin;
}

static Xuncha__Reply *
s_begin (const char *key, int status, Xuncha__AttachmentUploadBegin *begin)
{
    return xc_world_expect (key, status, BODY (ATTACHMENT_UPLOAD_BEGIN), begin);
}

/* Sends the world's file from OFFSET, LENGTH bytes, as KEY; expects STATUS. */
static Xuncha__Reply *
s_chunk (const char *key, int status, const char *upload_id, int64_t offset, size_t length)
{
    Xuncha__AttachmentUploadChunk chunk = XUNCHA__ATTACHMENT_UPLOAD_CHUNK__INIT;
    chunk.upload_id = (char *) upload_id;
    chunk.offset = offset;
    chunk.data.data = s_file + offset;
    chunk.data.len = length;
    return xc_world_expect (key, status, BODY (ATTACHMENT_UPLOAD_CHUNK), &chunk);
}

/* The bytes received so far, by Status. */
static int64_t
s_received (const char *key, const char *upload_id)
{
    Xuncha__AttachmentUploadStatus status = XUNCHA__ATTACHMENT_UPLOAD_STATUS__INIT;
    status.upload_id = (char *) upload_id;
    Xuncha__Reply *reply = xc_world_expect (key, STATUS (OK), BODY (ATTACHMENT_UPLOAD_STATUS), &status);
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY_UPLOAD_STATE);
    assert_string_equal (reply->upload_state->upload_id, upload_id);
    assert_int_equal (reply->upload_state->size, FILE_SIZE);
    int64_t received = reply->upload_state->received;
    xuncha__reply__free_unpacked (reply, NULL);
    return received;
}

static Xuncha__Reply *
s_finish (const char *key, int status, const char *upload_id)
{
    Xuncha__AttachmentUploadFinish finish = XUNCHA__ATTACHMENT_UPLOAD_FINISH__INIT;
    finish.upload_id = (char *) upload_id;
    return xc_world_expect (key, status, BODY (ATTACHMENT_UPLOAD_FINISH), &finish);
}

static void
s_done (Xuncha__Reply *reply)
{
    xuncha__reply__free_unpacked (reply, NULL);
}

/* A new upload of the file to the first record, begun by the 组员: its id into ID. */
static Xuncha__AttachmentUploadBegin
s_start (char id[37])
{
    s_new_upload_id (id);
    Xuncha__AttachmentUploadBegin begin = s_begin_body (id, w.record[0], 0);
    s_done (s_begin (XC_WORLD_MEMBER_KEY, STATUS (OK), &begin));
    return begin;
}

/* Sends the whole file in chunks from 0, as KEY. */
static void
s_send_all (const char *key, const char *upload_id)
{
    for (int64_t offset = 0; offset < FILE_SIZE; offset += CHUNK)
        s_done (s_chunk (key, STATUS (OK), upload_id, offset,
                         (size_t) (FILE_SIZE - offset < CHUNK ? FILE_SIZE - offset : CHUNK)));
}

static long
s_attachments_with_the_file (void)
{
    return xc_test_pg_count ("SELECT count(*) FROM attachment WHERE sha256 = decode('%s', 'hex')", s_file_sha256);
}

/* ------------------------------------------------------------------ tests */

static void
test_chunks_broken_off_resume_and_make_one_attachment (void **state)
{
    (void) state;
    char id[37];
    s_new_upload_id (id);
    long audit = xc_test_pg_count ("SELECT count(*) FROM audit_log");
    Xuncha__AttachmentUploadBegin begin = s_begin_body (id, w.record[0], 0);
    Xuncha__Reply *reply = s_begin (XC_WORLD_MEMBER_KEY, STATUS (OK), &begin);
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY_UPLOAD_STATE);
    assert_int_equal (reply->upload_state->received, 0);
    s_done (reply);
    s_done (s_chunk (XC_WORLD_MEMBER_KEY, STATUS (OK), id, 0, CHUNK));
    reply = s_chunk (XC_WORLD_MEMBER_KEY, STATUS (OK), id, CHUNK, CHUNK);
    assert_int_equal (reply->upload_state->received, 2 * CHUNK);
    s_done (reply);
    /* the connection broke here; later, the client asks where to resume */
    assert_int_equal (s_received (XC_WORLD_MEMBER_KEY, id), 2 * CHUNK);
    /* a chunk sent again (its reply was lost) is accepted and ignored */
    reply = s_chunk (XC_WORLD_MEMBER_KEY, STATUS (OK), id, CHUNK, CHUNK);
    assert_int_equal (reply->upload_state->received, 2 * CHUNK);
    s_done (reply);
    /* not yet complete: Finish says how far it is */
    reply = s_finish (XC_WORLD_MEMBER_KEY, STATUS (CONFLICT), id);
    assert_non_null (strstr (reply->message, "尚未收齐：已收到 524288 字节，共 716800 字节"));
    s_done (reply);
    s_done (s_chunk (XC_WORLD_MEMBER_KEY, STATUS (OK), id, 2 * CHUNK, FILE_SIZE - 2 * CHUNK));
    assert_int_equal (s_received (XC_WORLD_MEMBER_KEY, id), FILE_SIZE);

    reply = s_finish (XC_WORLD_MEMBER_KEY, STATUS (OK), id);
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY_ATTACHMENT);
    int64_t attachment = reply->attachment->id;
    assert_int_equal (reply->attachment->record_id, w.record[0]);
    assert_int_equal (reply->attachment->size, FILE_SIZE);
    assert_string_equal (reply->attachment->sha256, s_file_sha256);
    assert_string_equal (reply->attachment->filename, "谈话录音整理稿.pdf");
    assert_string_equal (reply->attachment->media_type, "application/pdf");
    s_done (reply);
    assert_int_equal (s_attachments_with_the_file (), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment_upload_chunk WHERE upload_id = '%s'", id), 0);
    assert_int_equal (xc_test_pg_count ("SELECT attachment_id FROM attachment_upload WHERE upload_id = '%s'", id),
                      attachment);
    /* the audit log as for attachment_add: one attach_file row, none for the transport */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE action = 'attach_file'"
                                        " AND record_id = %lld", (long long) attachment), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log"), audit + 1);

    /* the bytes come back as they went */
    Xuncha__AttachmentGet get = XUNCHA__ATTACHMENT_GET__INIT;
    get.attachment_id = attachment;
    reply = xc_world_expect (XC_WORLD_LEADER_KEY, STATUS (OK), BODY (ATTACHMENT_GET), &get);
    assert_int_equal (reply->attachment_content->content.len, FILE_SIZE);
    assert_memory_equal (reply->attachment_content->content.data, s_file, FILE_SIZE);
    s_done (reply);

    /* Finish again: the same attachment, no second one; Status tells it too */
    reply = s_finish (XC_WORLD_MEMBER_KEY, STATUS (OK), id);
    assert_int_equal (reply->attachment->id, attachment);
    s_done (reply);
    assert_int_equal (s_attachments_with_the_file (), 1);
    Xuncha__AttachmentUploadStatus status = XUNCHA__ATTACHMENT_UPLOAD_STATUS__INIT;
    status.upload_id = id;
    reply = xc_world_expect (XC_WORLD_MEMBER_KEY, STATUS (OK), BODY (ATTACHMENT_UPLOAD_STATUS), &status);
    assert_int_equal (reply->upload_state->attachment_id, attachment);
    s_done (reply);
    /* a late resend of a chunk is still harmless */
    s_done (s_chunk (XC_WORLD_MEMBER_KEY, STATUS (OK), id, 0, CHUNK));
}

static void
test_a_chunk_out_of_order_or_too_long_is_refused (void **state)
{
    (void) state;
    char id[37];
    s_start (id);
    s_done (s_chunk (XC_WORLD_MEMBER_KEY, STATUS (OK), id, 0, CHUNK));
    /* past what was received: the offset to resume from is named */
    Xuncha__Reply *reply = s_chunk (XC_WORLD_MEMBER_KEY, STATUS (CONFLICT), id, 2 * CHUNK, 1000);
    assert_non_null (strstr (reply->message, "应从第 262144 字节续传"));
    s_done (reply);
    /* straddling it, the same */
    reply = s_chunk (XC_WORLD_MEMBER_KEY, STATUS (CONFLICT), id, CHUNK / 2, CHUNK);
    assert_non_null (strstr (reply->message, "应从第 262144 字节续传"));
    s_done (reply);
    /* beyond the file's end */
    reply = s_chunk (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), id, FILE_SIZE - 10, 20);
    assert_non_null (strstr (reply->message, "块超出文件大小"));
    s_done (reply);
    assert_int_equal (s_received (XC_WORLD_MEMBER_KEY, id), CHUNK);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment_upload_chunk WHERE upload_id = '%s'", id), 1);
}

static void
test_finish_refuses_a_wrong_sha256_naming_it (void **state)
{
    (void) state;
    char id[37], wrong[65];
    s_new_upload_id (id);
    Xuncha__AttachmentUploadBegin begin = s_begin_body (id, w.record[0], 0);
    s_sha256_hex ((const uint8_t *) "another file", 12, wrong);
    begin.sha256 = wrong;
    s_done (s_begin (XC_WORLD_MEMBER_KEY, STATUS (OK), &begin));
    s_send_all (XC_WORLD_MEMBER_KEY, id);
    long attachments = xc_test_pg_count ("SELECT count(*) FROM attachment");
    Xuncha__Reply *reply = s_finish (XC_WORLD_MEMBER_KEY, STATUS (CONFLICT), id);
    assert_non_null (strstr (reply->message, "SHA-256 不符"));
    assert_non_null (strstr (reply->message, s_file_sha256));
    assert_non_null (strstr (reply->message, wrong));
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment"), attachments);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment_upload WHERE upload_id = '%s'"
                                        " AND attachment_id IS NULL", id), 1);
}

static void
test_begin_again_is_harmless_unless_the_file_differs (void **state)
{
    (void) state;
    char id[37];
    Xuncha__AttachmentUploadBegin begin = s_start (id);
    s_done (s_chunk (XC_WORLD_MEMBER_KEY, STATUS (OK), id, 0, CHUNK));
    Xuncha__Reply *reply = s_begin (XC_WORLD_MEMBER_KEY, STATUS (OK), &begin);
    assert_int_equal (reply->upload_state->received, CHUNK);
    s_done (reply);
    begin.filename = "另一个文件.pdf";
    reply = s_begin (XC_WORLD_MEMBER_KEY, STATUS (CONFLICT), &begin);
    assert_non_null (strstr (reply->message, "已以不同的文件名开始"));
    s_done (reply);
    begin = s_begin_body (id, w.record[0], 0);
    begin.size = FILE_SIZE + 1;
    reply = s_begin (XC_WORLD_MEMBER_KEY, STATUS (CONFLICT), &begin);
    assert_non_null (strstr (reply->message, "已以不同的大小开始（原为 716800，本次为 716801）"));
    s_done (reply);
}

/* Another user's upload — in the same group or not — is not found by any step. */
static void
test_an_upload_is_its_users_alone (void **state)
{
    (void) state;
    char id[37];
    Xuncha__AttachmentUploadBegin begin = s_start (id);
    static const char *const others[] = { XC_WORLD_LEADER_KEY, XC_WORLD_MEMBER2_KEY };
    for (size_t i = 0; i < 2; i++) {
        Xuncha__AttachmentUploadStatus status = XUNCHA__ATTACHMENT_UPLOAD_STATUS__INIT;
        status.upload_id = id;
        xc_world_refused (others[i], STATUS (NOT_FOUND), "不是本人开始的", BODY (ATTACHMENT_UPLOAD_STATUS), &status);
        s_done (s_chunk (others[i], STATUS (NOT_FOUND), id, 0, CHUNK));
        s_done (s_finish (others[i], STATUS (NOT_FOUND), id));
    }
    /* the 组长 may attach to the record, but not under the 组员's upload id */
    s_done (s_begin (XC_WORLD_LEADER_KEY, STATUS (NOT_FOUND), &begin));
    assert_int_equal (s_received (XC_WORLD_MEMBER_KEY, id), 0);
}

/* Begin is checked as attachment_add is: the group's members only, the size cap. */
static void
test_begin_is_checked_like_attachment_add (void **state)
{
    (void) state;
    char id[37];
    s_new_upload_id (id);
    Xuncha__AttachmentUploadBegin begin = s_begin_body (id, w.record[1], 0);
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (FORBIDDEN), "开始上传附件仅限本组，您不是第二巡察组的成员",
                      BODY (ATTACHMENT_UPLOAD_BEGIN), &begin);
    begin = s_begin_body (id, w.record[0], 0);
    begin.size = XC_MAX_ATTACHMENT + 1;
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "附件过大", BODY (ATTACHMENT_UPLOAD_BEGIN), &begin);
    begin = s_begin_body (id, w.record[0], w.task[0]);
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "二者选一", BODY (ATTACHMENT_UPLOAD_BEGIN), &begin);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment_upload WHERE upload_id = '%s'", id), 0);
}

static void
test_the_edge_refuses_malformed_uploads (void **state)
{
    (void) state;
    char id[37];
    s_new_upload_id (id);
    Xuncha__AttachmentUploadBegin begin = s_begin_body ("not-a-uuid", w.record[0], 0);
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "attachment_upload_begin.upload_id 不是合法的 UUID",
                      BODY (ATTACHMENT_UPLOAD_BEGIN), &begin);
    begin = s_begin_body (id, w.record[0], 0);
    begin.sha256 = "abc";
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "attachment_upload_begin.sha256 不是合法的 SHA-256",
                      BODY (ATTACHMENT_UPLOAD_BEGIN), &begin);
    begin = s_begin_body (id, w.record[0], 0);
    begin.size = 0;
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "缺少必填字段 attachment_upload_begin.size",
                      BODY (ATTACHMENT_UPLOAD_BEGIN), &begin);
    Xuncha__AttachmentUploadChunk chunk = XUNCHA__ATTACHMENT_UPLOAD_CHUNK__INIT;
    chunk.upload_id = id;
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "缺少必填字段 attachment_upload_chunk.data",
                      BODY (ATTACHMENT_UPLOAD_CHUNK), &chunk);
    static uint8_t big[XC_MAX_UPLOAD_CHUNK + 1];
    chunk.data.data = big;
    chunk.data.len = sizeof big;
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "attachment_upload_chunk.data 过大",
                      BODY (ATTACHMENT_UPLOAD_CHUNK), &chunk);
    chunk.data.len = 10;
    chunk.offset = -1;
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "attachment_upload_chunk.offset 不能为负数",
                      BODY (ATTACHMENT_UPLOAD_CHUNK), &chunk);
    Xuncha__AttachmentUploadFinish finish = XUNCHA__ATTACHMENT_UPLOAD_FINISH__INIT;
    xc_world_refused (XC_WORLD_MEMBER_KEY, STATUS (BAD_REQUEST), "缺少必填字段 attachment_upload_finish.upload_id",
                      BODY (ATTACHMENT_UPLOAD_FINISH), &finish);
}

/* Small chunks, whose offsets sort differently as text ("131072" < "65536"): the file
 * is joined in the order of the bytes. */
static void
test_small_chunks_join_in_byte_order (void **state)
{
    (void) state;
    char id[37];
    s_start (id);
    const int64_t small = 65536;
    for (int64_t offset = 0; offset < FILE_SIZE; offset += small)
        s_done (s_chunk (XC_WORLD_MEMBER_KEY, STATUS (OK), id, offset,
                         (size_t) (FILE_SIZE - offset < small ? FILE_SIZE - offset : small)));
    Xuncha__Reply *reply = s_finish (XC_WORLD_MEMBER_KEY, STATUS (OK), id);
    assert_string_equal (reply->attachment->sha256, s_file_sha256);
    s_done (reply);
}

/* A file of exactly the cap, in chunks of the largest size a chunk may have. */
static void
test_a_file_at_the_cap_in_the_largest_chunks (void **state)
{
    (void) state;
    static uint8_t file[XC_MAX_ATTACHMENT];
    char id[37], sha256[65];
    randombytes_buf (file, sizeof file);
    s_sha256_hex (file, sizeof file, sha256);
    s_new_upload_id (id);
    Xuncha__AttachmentUploadBegin begin = s_begin_body (id, w.record[0], 0);
    begin.filename = "录音.mp3";
    begin.media_type = "audio/mpeg";
    begin.size = XC_MAX_ATTACHMENT;
    begin.sha256 = sha256;
    s_done (s_begin (XC_WORLD_MEMBER_KEY, STATUS (OK), &begin));
    Xuncha__AttachmentUploadChunk chunk = XUNCHA__ATTACHMENT_UPLOAD_CHUNK__INIT;
    chunk.upload_id = id;
    for (chunk.offset = 0; chunk.offset < XC_MAX_ATTACHMENT; chunk.offset += XC_MAX_UPLOAD_CHUNK) {
        chunk.data.data = file + chunk.offset;
        chunk.data.len = XC_MAX_UPLOAD_CHUNK;
        s_done (xc_world_expect (XC_WORLD_MEMBER_KEY, STATUS (OK), BODY (ATTACHMENT_UPLOAD_CHUNK), &chunk));
    }
    Xuncha__Reply *reply = s_finish (XC_WORLD_MEMBER_KEY, STATUS (OK), id);
    assert_int_equal (reply->attachment->size, XC_MAX_ATTACHMENT);
    assert_string_equal (reply->attachment->media_type, "audio/mpeg");
    assert_string_equal (reply->attachment->sha256, sha256);
    Xuncha__AttachmentGet get = XUNCHA__ATTACHMENT_GET__INIT;
    get.attachment_id = reply->attachment->id;
    s_done (reply);
    reply = xc_world_expect (XC_WORLD_OFFICE_KEY, STATUS (OK), BODY (ATTACHMENT_GET), &get);
    assert_int_equal (reply->attachment_content->content.len, XC_MAX_ATTACHMENT);
    assert_memory_equal (reply->attachment_content->content.data, file, XC_MAX_ATTACHMENT);
    s_done (reply);
}

/* A 被巡察单位's evidence for its 整改任务, the same way. */
static void
test_task_evidence_uploads_the_same_way (void **state)
{
    (void) state;
    char id[37];
    s_new_upload_id (id);
    Xuncha__AttachmentUploadBegin begin = s_begin_body (id, 0, w.task[0]);
    s_done (s_begin (XC_WORLD_UNIT_KEY, STATUS (OK), &begin));
    s_send_all (XC_WORLD_UNIT_KEY, id);
    Xuncha__Reply *reply = s_finish (XC_WORLD_UNIT_KEY, STATUS (OK), id);
    assert_int_equal (reply->attachment->task_id, w.task[0]);
    assert_int_equal (reply->attachment->record_id, 0);
    assert_string_equal (reply->attachment->sha256, s_file_sha256);
    s_done (reply);
    /* the other town's task is not the unit's */
    s_new_upload_id (id);
    begin = s_begin_body (id, 0, w.task[1]);
    xc_world_refused (XC_WORLD_UNIT_KEY, STATUS (FORBIDDEN), "仅限本单位", BODY (ATTACHMENT_UPLOAD_BEGIN), &begin);
}

/* Begin, the chunks and Finish as the entries of one sync batch: one transaction, one
 * attachment; the batch again answers the same. */
static void
test_a_whole_upload_in_one_sync_batch (void **state)
{
    (void) state;
    static const char *small_file = "%PDF-1.4 batch";
    char id[37], sha256[65];
    s_new_upload_id (id);
    s_sha256_hex ((const uint8_t *) small_file, strlen (small_file), sha256);
    Xuncha__AttachmentUploadBegin begin = s_begin_body (id, w.record[0], 0);
    begin.size = (int64_t) strlen (small_file);
    begin.sha256 = sha256;
    Xuncha__AttachmentUploadChunk first = XUNCHA__ATTACHMENT_UPLOAD_CHUNK__INIT, second = first;
    first.upload_id = second.upload_id = id;
    first.data.data = (uint8_t *) small_file;
    first.data.len = 8;
    second.offset = 8;
    second.data.data = (uint8_t *) small_file + 8;
    second.data.len = strlen (small_file) - 8;
    Xuncha__AttachmentUploadFinish finish = XUNCHA__ATTACHMENT_UPLOAD_FINISH__INIT;
    finish.upload_id = id;
    void *bodies[] = { &begin, &first, &second, &finish };
    Xuncha__Request__BodyCase kinds[] = { BODY (ATTACHMENT_UPLOAD_BEGIN), BODY (ATTACHMENT_UPLOAD_CHUNK),
                                          BODY (ATTACHMENT_UPLOAD_CHUNK), BODY (ATTACHMENT_UPLOAD_FINISH) };
    ProtobufCBinaryData entries[4];
    char ids[4][37];
    for (int i = 0; i < 4; i++) {
        Xuncha__Request request;
        xc_test_request_init (&request, ids[i]);
        request.body_case = kinds[i];
        request.ping = bodies[i];
        entries[i].data = xc_pack (&request.base, &entries[i].len);
    }
    Xuncha__SyncBatch batch = XUNCHA__SYNC_BATCH__INIT;
    batch.entries = entries;
    batch.n_entries = 4;
    int64_t attachment = 0;
    for (int round = 0; round < 2; round++) {
        Xuncha__Reply *reply = xc_world_expect (XC_WORLD_MEMBER_KEY, STATUS (OK), BODY (SYNC_BATCH), &batch);
        assert_int_equal (reply->sync_batch_result->n_replies, 4);
        for (int i = 0; i < 4; i++) {
            const ProtobufCBinaryData *packed = &reply->sync_batch_result->replies[i];
            Xuncha__Reply *entry = xuncha__reply__unpack (NULL, packed->len, packed->data);
            if (entry->status != STATUS (OK))
                fail_msg ("entry %d: %s", i + 1, entry->message);
            assert_string_equal (entry->request_id, ids[i]);
            if (i == 3) {
                assert_int_equal (entry->body_case, XUNCHA__REPLY__BODY_ATTACHMENT);
                if (round == 0)
                    attachment = entry->attachment->id;
                assert_int_equal (entry->attachment->id, attachment);
                assert_string_equal (entry->attachment->sha256, sha256);
            }
            xuncha__reply__free_unpacked (entry, NULL);
        }
        s_done (reply);
    }
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment WHERE sha256 = decode('%s', 'hex')", sha256),
                      1);
    for (int i = 0; i < 4; i++)
        free (entries[i].data);
}

static int
s_setup (void **state)
{
    (void) state;
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    xc_world_build_scopes (s_dispatcher, &w);
    randombytes_buf (s_file, sizeof s_file);
    s_sha256_hex (s_file, FILE_SIZE, s_file_sha256);
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_chunks_broken_off_resume_and_make_one_attachment),
        cmocka_unit_test (test_a_chunk_out_of_order_or_too_long_is_refused),
        cmocka_unit_test (test_finish_refuses_a_wrong_sha256_naming_it),
        cmocka_unit_test (test_begin_again_is_harmless_unless_the_file_differs),
        cmocka_unit_test (test_an_upload_is_its_users_alone),
        cmocka_unit_test (test_begin_is_checked_like_attachment_add),
        cmocka_unit_test (test_the_edge_refuses_malformed_uploads),
        cmocka_unit_test (test_a_file_at_the_cap_in_the_largest_chunks),
        cmocka_unit_test (test_task_evidence_uploads_the_same_way),
        cmocka_unit_test (test_a_whole_upload_in_one_sync_batch),
        cmocka_unit_test (test_small_chunks_join_in_byte_order),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
