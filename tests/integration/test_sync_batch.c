/* Sync batches (the client's journal replayed) on a real PostgreSQL, through the real
 * dispatcher, in the scope world of xc_test_world.h: the replies come back one per entry
 * and in order; an entry refused in the middle (a 底稿 edited after signing, a record for
 * another group) is rolled back alone and the entries after it commit; replaying the same
 * batch answers the stored replies and adds no row; a request sent alone first and in a
 * batch later (and the other way round) is made once; a nested batch, a read and a
 * malformed entry are refused each on its own, naming its place; an entry whose request
 * id is held by a running try answers IN_PROGRESS and changes nothing; an entry that
 * finds the database unavailable stops the whole batch, which commits nothing; and the
 * "reply lost" fault (XUNCHA_TEST_KILL_AFTER_COMMIT, in a child process that is killed
 * right after its COMMIT): the batch is durable, and resending it answers the same
 * replies. The queue of audit rows and replies written at COMMIT (deferred_writes.h):
 * the rows in the order they were queued, nothing of a rewound entry, and a reply
 * without its claimed row fails the flush instead of being lost quietly. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "deferred_writes.h"
#include "dispatch.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define STATUS(name) XUNCHA__STATUS__STATUS_##name
#define MAX_ENTRIES 8

static const char *s_conninfo;
static xc_dispatcher_t *s_dispatcher;
static xc_scope_world_t w;
static int64_t s_category;
static const char *s_self;   /* this program, run again as the child of the fault test */

/* ------------------------------------------------------------------ building entries */

/* A batch being built: each entry a packed request with its own id. */
typedef struct {
    ProtobufCBinaryData entries[MAX_ENTRIES];
    char ids[MAX_ENTRIES][37];
    size_t count;
} batch_t;

/* Packs a request of BODY into the next entry (a fresh request id), and returns its place. */
static size_t
s_add (batch_t *batch, Xuncha__Request__BodyCase which, void *body)
{
    assert_true (batch->count < MAX_ENTRIES);
    Xuncha__Request request;
    xc_test_request_init (&request, batch->ids[batch->count]);
    request.body_case = which;
    request.ping = body;   /* the bodies share one union of pointers */
    ProtobufCBinaryData *entry = &batch->entries[batch->count];
    entry->data = xc_pack (&request.base, &entry->len);
    return batch->count++;
}

/* Adds BYTES as they are (a malformed entry, or one already sent alone). */
static size_t
s_add_bytes (batch_t *batch, const void *bytes, size_t size, const char *id)
{
    assert_true (batch->count < MAX_ENTRIES);
    ProtobufCBinaryData *entry = &batch->entries[batch->count];
    entry->data = malloc (size ? size : 1);
    memcpy (entry->data, bytes, size);
    entry->len = size;
    snprintf (batch->ids[batch->count], 37, "%s", id ? id : "");
    return batch->count++;
}

static void
s_free (batch_t *batch)
{
    for (size_t i = 0; i < batch->count; i++)
        free (batch->entries[i].data);
    batch->count = 0;
}

/* The packed frame of BATCH as a request of its own (a fresh id, in ID). */
static uint8_t *
s_frame (const batch_t *batch, size_t *size, char id[37])
{
    Xuncha__SyncBatch body = XUNCHA__SYNC_BATCH__INIT;
    body.entries = (ProtobufCBinaryData *) batch->entries;
    body.n_entries = batch->count;
    Xuncha__Request request;
    xc_test_request_init (&request, id);
    request.body_case = BODY (SYNC_BATCH);
    request.sync_batch = &body;
    return xc_pack (&request.base, size);
}

/* The replies to a batch, unpacked. */
typedef struct {
    Xuncha__Reply *batch;
    Xuncha__Reply *entries[MAX_ENTRIES];
    size_t count;
} result_t;

static void
s_unpack_result (result_t *result, const uint8_t *reply, size_t size)
{
    memset (result, 0, sizeof *result);
    result->batch = xuncha__reply__unpack (NULL, size, reply);
    assert_non_null (result->batch);
    if (result->batch->status != STATUS (OK))
        return;
    assert_int_equal (result->batch->body_case, XUNCHA__REPLY__BODY_SYNC_BATCH_RESULT);
    result->count = result->batch->sync_batch_result->n_replies;
    assert_true (result->count <= MAX_ENTRIES);
    for (size_t i = 0; i < result->count; i++) {
        const ProtobufCBinaryData *packed = &result->batch->sync_batch_result->replies[i];
        result->entries[i] = xuncha__reply__unpack (NULL, packed->len, packed->data);
        assert_non_null (result->entries[i]);
    }
}

/* Sends BATCH as the holder of KEY. */
static void
s_sync (const char *key, const batch_t *batch, result_t *result)
{
    size_t size, reply_size;
    char id[37];
    uint8_t *frame = s_frame (batch, &size, id);
    uint8_t *reply = xc_dispatcher_serve (s_dispatcher, key, frame, size, &reply_size);
    s_unpack_result (result, reply, reply_size);
    free (frame);
    free (reply);
}

static void
s_result_free (result_t *result)
{
    for (size_t i = 0; i < result->count; i++)
        xuncha__reply__free_unpacked (result->entries[i], NULL);
    xuncha__reply__free_unpacked (result->batch, NULL);
}

/* Entry I of RESULT answers BATCH's entry I with STATUS, its message holding NEEDLE. */
static void
s_expect_entry (const result_t *result, const batch_t *batch, size_t i, int status, const char *needle)
{
    const Xuncha__Reply *reply = result->entries[i];
    if ((int) reply->status != status || (needle && !strstr (reply->message, needle)))
        fail_msg ("entry %zu: expected status %d naming \"%s\", got %d \"%s\"", i + 1, status, needle ? needle : "",
                  reply->status, reply->message);
    assert_string_equal (reply->request_id, batch->ids[i]);
}

/* ------------------------------------------------------------------ bodies */

static Xuncha__FieldRecordCreate *
s_briefing (int64_t group, int64_t unit, const char *topic)
{
    static Xuncha__Briefing briefing;
    static Xuncha__FieldRecordCreate create;
    xuncha__briefing__init (&briefing);
    briefing.briefer = "村党支部书记";
    briefing.topic = (char *) topic;
    xuncha__field_record_create__init (&create);
    create.group_id = group;
    create.unit_id = unit;
    create.occurred_date = "2026-04-20";
    create.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_BRIEFING;
    create.briefing = &briefing;
    return &create;
}

static Xuncha__WorkingPaperContent *
s_paper_content (const char *title)
{
    static Xuncha__WorkingPaperContent content;
    xuncha__working_paper_content__init (&content);
    content.title = (char *) title;
    content.facts = "2025年下半年村务公开栏三个月未更新";
    content.category_id = s_category;
    content.basis = "《村民委员会组织法》第三十条";
    return &content;
}

static long
s_records (const char *topic)
{
    return xc_test_pg_count ("SELECT count(*) FROM field_record WHERE topic = '%s'", topic);
}

static long
s_traces_of (const char *request_id)
{
    return xc_test_pg_count ("SELECT (SELECT count(*) FROM audit_log WHERE request_id = '%s')"
                             " + (SELECT count(*) FROM request_reply WHERE request_id = '%s')", request_id, request_id);
}

/* A 底稿 of 第一巡察组, drafted by its 组员, submitted and signed by its 组长. */
static int64_t
s_signed_paper (void)
{
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = w.group[0];
    draft.unit_id = w.village[0];
    draft.content = s_paper_content ("村干部违规报销");
    int64_t paper = xc_world_id (xc_world_expect (XC_WORLD_MEMBER_KEY, STATUS (OK), BODY (PAPER_DRAFT), &draft));
    Xuncha__PaperTransition move = XUNCHA__PAPER_TRANSITION__INIT;
    move.paper_id = paper;
    move.action = XUNCHA__PAPER_ACTION__PAPER_ACTION_SUBMIT;
    xuncha__reply__free_unpacked (xc_world_expect (XC_WORLD_MEMBER_KEY, STATUS (OK), BODY (PAPER_TRANSITION), &move),
                                  NULL);
    move.action = XUNCHA__PAPER_ACTION__PAPER_ACTION_SIGN;
    xuncha__reply__free_unpacked (xc_world_expect (XC_WORLD_LEADER_KEY, STATUS (OK), BODY (PAPER_TRANSITION), &move),
                                  NULL);
    return paper;
}

/* ------------------------------------------------------------------ tests */

/* Four entries: a record, an edit of a signed 底稿 (refused), a record for the other
 * group (refused), a 底稿 draft. The two refused roll back alone, the others commit, in
 * order; then the same batch again answers the same replies and adds nothing. */
static void
test_refused_entries_roll_back_alone_and_a_replay_adds_nothing (void **state)
{
    (void) state;
    int64_t signed_paper = s_signed_paper ();
    long papers = xc_test_pg_count ("SELECT count(*) FROM working_paper");
    batch_t batch = { 0 };
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "离线汇报一"));
    Xuncha__PaperEdit edit = XUNCHA__PAPER_EDIT__INIT;
    edit.paper_id = signed_paper;
    edit.content = s_paper_content ("签批后修改");
    s_add (&batch, BODY (PAPER_EDIT), &edit);
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[1], w.village[1], "离线汇报他组"));
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = w.group[0];
    draft.unit_id = w.village[0];
    draft.content = s_paper_content ("离线起草的底稿");
    s_add (&batch, BODY (PAPER_DRAFT), &draft);

    result_t first;
    s_sync (XC_WORLD_LEADER_KEY, &batch, &first);
    assert_int_equal (first.batch->status, STATUS (OK));
    assert_int_equal (first.count, 4);
    assert_non_null (strstr (first.batch->message, "2 条未被接受"));
    s_expect_entry (&first, &batch, 0, STATUS (OK), NULL);
    s_expect_entry (&first, &batch, 1, STATUS (CONFLICT), NULL);
    s_expect_entry (&first, &batch, 2, STATUS (FORBIDDEN), "仅限本组");
    s_expect_entry (&first, &batch, 3, STATUS (OK), NULL);
    assert_int_equal (first.entries[0]->body_case, XUNCHA__REPLY__BODY_FIELD_RECORD);
    assert_int_equal (first.entries[3]->body_case, XUNCHA__REPLY__BODY_WORKING_PAPER);
    assert_int_equal (s_records ("离线汇报一"), 1);
    assert_int_equal (s_records ("离线汇报他组"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper"), papers + 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper_version WHERE paper_id = %lld",
                                        (long long) signed_paper), 1);
    /* the refused left no trace: no audit row, no stored reply */
    assert_int_equal (s_traces_of (batch.ids[1]), 0);
    assert_int_equal (s_traces_of (batch.ids[2]), 0);
    assert_true (s_traces_of (batch.ids[0]) >= 2);
    assert_true (s_traces_of (batch.ids[3]) >= 2);

    /* the same entries again (the reply was lost): the stored replies, nothing twice */
    long audit = xc_test_pg_count ("SELECT count(*) FROM audit_log");
    result_t again;
    s_sync (XC_WORLD_LEADER_KEY, &batch, &again);
    assert_int_equal (again.count, 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal (again.entries[i]->status, first.entries[i]->status);
    assert_int_equal (again.entries[0]->field_record->id, first.entries[0]->field_record->id);
    assert_int_equal (again.entries[3]->working_paper->id, first.entries[3]->working_paper->id);
    assert_int_equal (s_records ("离线汇报一"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper"), papers + 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log"), audit);
    s_result_free (&first);
    s_result_free (&again);
    s_free (&batch);
}

/* A request sent alone and later replayed in a batch, or the other way round, is made
 * once: the claim is the entry's own bytes, the same either way. */
static void
test_alone_then_in_a_batch_and_back_is_made_once (void **state)
{
    (void) state;
    /* alone first */
    Xuncha__Request request;
    char id[37];
    xc_test_request_init (&request, id);
    request.body_case = BODY (FIELD_RECORD_CREATE);
    request.field_record_create = s_briefing (w.group[0], w.village[0], "先单独发送");
    size_t size;
    uint8_t *alone = xc_pack (&request.base, &size);
    size_t reply_size;
    uint8_t *packed = xc_dispatcher_serve (s_dispatcher, XC_WORLD_MEMBER_KEY, alone, size, &reply_size);
    Xuncha__Reply *reply = xuncha__reply__unpack (NULL, reply_size, packed);
    free (packed);
    assert_int_equal (reply->status, STATUS (OK));
    batch_t batch = { 0 };
    s_add_bytes (&batch, alone, size, id);
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "后在批次中"));
    result_t result;
    s_sync (XC_WORLD_MEMBER_KEY, &batch, &result);
    s_expect_entry (&result, &batch, 0, STATUS (OK), NULL);
    s_expect_entry (&result, &batch, 1, STATUS (OK), NULL);
    assert_int_equal (result.entries[0]->field_record->id, reply->field_record->id);
    assert_int_equal (s_records ("先单独发送"), 1);
    xuncha__reply__free_unpacked (reply, NULL);

    /* in the batch first: the same bytes alone answer the batch's stored reply */
    packed = xc_dispatcher_serve (s_dispatcher, XC_WORLD_MEMBER_KEY, batch.entries[1].data, batch.entries[1].len,
                                  &reply_size);
    reply = xuncha__reply__unpack (NULL, reply_size, packed);
    free (packed);
    assert_int_equal (reply->status, STATUS (OK));
    assert_string_equal (reply->request_id, batch.ids[1]);
    assert_int_equal (reply->field_record->id, result.entries[1]->field_record->id);
    assert_int_equal (s_records ("后在批次中"), 1);
    xuncha__reply__free_unpacked (reply, NULL);
    s_result_free (&result);
    s_free (&batch);
    free (alone);
}

/* A batch inside a batch, reads, and entries that are not requests at all: each refused
 * on its own, naming its place; the change among them is made. */
static void
test_nested_read_and_malformed_entries_are_refused_alone (void **state)
{
    (void) state;
    batch_t inner = { 0 };
    s_add (&inner, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "嵌套批次中的记录"));
    size_t inner_size;
    char inner_id[37];
    uint8_t *inner_frame = s_frame (&inner, &inner_size, inner_id);

    batch_t batch = { 0 };
    s_add_bytes (&batch, inner_frame, inner_size, inner_id);
    Xuncha__WhoAmI who = XUNCHA__WHO_AM_I__INIT;
    s_add (&batch, BODY (WHO_AM_I), &who);
    Xuncha__AttachmentUploadStatus status = XUNCHA__ATTACHMENT_UPLOAD_STATUS__INIT;
    status.upload_id = "00000000-0000-4000-8000-0000000000aa";
    s_add (&batch, BODY (ATTACHMENT_UPLOAD_STATUS), &status);
    s_add_bytes (&batch, "\xff\xff\xff\xff not protobuf", 17, NULL);
    Xuncha__FieldRecordCreate *incomplete = s_briefing (w.group[0], w.village[0], "缺少单位");
    incomplete->unit_id = 0;
    size_t bad = s_add (&batch, BODY (FIELD_RECORD_CREATE), incomplete);
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "批次中唯一的更改"));

    result_t result;
    s_sync (XC_WORLD_MEMBER_KEY, &batch, &result);
    assert_int_equal (result.batch->status, STATUS (OK));
    assert_int_equal (result.count, 6);
    s_expect_entry (&result, &batch, 0, STATUS (BAD_REQUEST), "第 1 条本身又是一个同步批次：批次不能嵌套");
    s_expect_entry (&result, &batch, 1, STATUS (BAD_REQUEST), "第 2 条（who_am_i）不改变数据");
    s_expect_entry (&result, &batch, 2, STATUS (BAD_REQUEST), "第 3 条（attachment_upload_status）不改变数据");
    s_expect_entry (&result, &batch, 3, STATUS (BAD_REQUEST), "第 4 条无效：消息无法解析");
    s_expect_entry (&result, &batch, bad, STATUS (BAD_REQUEST), "第 5 条无效：缺少必填字段 field_record_create.unit_id");
    s_expect_entry (&result, &batch, 5, STATUS (OK), NULL);
    assert_int_equal (s_records ("嵌套批次中的记录"), 0);
    assert_int_equal (s_records ("缺少单位"), 0);
    assert_int_equal (s_records ("批次中唯一的更改"), 1);
    s_result_free (&result);
    s_free (&batch);
    s_free (&inner);
    free (inner_frame);
}

/* The batch itself is checked at the edge: no entries, or an empty one, refuse it whole. */
static void
test_an_empty_batch_or_entry_is_refused_at_the_edge (void **state)
{
    (void) state;
    batch_t batch = { 0 };
    result_t result;
    s_sync (XC_WORLD_MEMBER_KEY, &batch, &result);
    assert_int_equal (result.batch->status, STATUS (BAD_REQUEST));
    assert_non_null (strstr (result.batch->message, "缺少必填字段 sync_batch.entries"));
    s_result_free (&result);
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "空条目之前"));
    s_add_bytes (&batch, "", 0, NULL);
    s_sync (XC_WORLD_MEMBER_KEY, &batch, &result);
    assert_int_equal (result.batch->status, STATUS (BAD_REQUEST));
    assert_non_null (strstr (result.batch->message, "字段 sync_batch.entries[1] 为空"));
    assert_int_equal (s_records ("空条目之前"), 0);
    s_result_free (&result);
    s_free (&batch);
}

/* An entry whose request id a running try holds stops the batch with IN_PROGRESS: no
 * entry after it may run before it is settled; once the other try is done the batch is
 * made whole, in order. */
static void
test_an_entry_held_by_a_running_try_stops_the_batch (void **state)
{
    (void) state;
    batch_t batch = { 0 };
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "正被另一次尝试处理"));
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "其后的记录"));
    PGconn *other = xc_test_pg_connect ();
    char sql[160];
    snprintf (sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%lld)",
              (long long) xc_request_lock_key (XC_WORLD_MEMBER_KEY, batch.ids[0]));
    PQclear (PQexec (other, sql));
    /* the entry is not settled: the entries after it must not run before it, so the
     * whole batch waits (IN_PROGRESS), and nothing of it commits */
    result_t result;
    s_sync (XC_WORLD_MEMBER_KEY, &batch, &result);
    assert_int_equal (result.batch->status, STATUS (IN_PROGRESS));
    assert_non_null (strstr (result.batch->message, "同步批次的第 1 条未能处理"));
    assert_non_null (strstr (result.batch->message, "仍在处理中"));
    assert_int_equal (result.count, 0);
    assert_int_equal (s_records ("正被另一次尝试处理"), 0);
    assert_int_equal (s_traces_of (batch.ids[0]), 0);
    assert_int_equal (s_records ("其后的记录"), 0);
    s_result_free (&result);
    PQclear (PQexec (other, "ROLLBACK"));
    PQfinish (other);
    s_sync (XC_WORLD_MEMBER_KEY, &batch, &result);
    s_expect_entry (&result, &batch, 0, STATUS (OK), NULL);
    s_expect_entry (&result, &batch, 1, STATUS (OK), NULL);
    assert_int_equal (s_records ("正被另一次尝试处理"), 1);
    assert_int_equal (s_records ("其后的记录"), 1);
    s_result_free (&result);
    s_free (&batch);
}

/* An entry that finds the database unavailable (here: a statement timeout behind a
 * lock) stops the batch: nothing of it commits, the batch answers UNAVAILABLE naming the
 * entry, and sent again later it is made whole, in order. */
static void
test_an_unavailable_database_stops_the_whole_batch (void **state)
{
    (void) state;
    long papers = xc_test_pg_count ("SELECT count(*) FROM working_paper");
    batch_t batch = { 0 };
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = w.group[0];
    draft.unit_id = w.village[0];
    draft.content = s_paper_content ("锁等待之前的底稿");
    s_add (&batch, BODY (PAPER_DRAFT), &draft);
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "锁等待中的记录"));
    xc_dispatcher_t *impatient = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    xc_dispatcher_set_statement_timeout (impatient, 500);
    PGconn *other = xc_test_pg_connect ();
    PQclear (PQexec (other, "BEGIN; LOCK TABLE field_record IN SHARE ROW EXCLUSIVE MODE"));
    size_t size, reply_size;
    char id[37];
    uint8_t *frame = s_frame (&batch, &size, id);
    uint8_t *reply = xc_dispatcher_serve (impatient, XC_WORLD_MEMBER_KEY, frame, size, &reply_size);
    result_t result;
    s_unpack_result (&result, reply, reply_size);
    free (reply);
    assert_int_equal (result.batch->status, STATUS (UNAVAILABLE));
    assert_non_null (strstr (result.batch->message, "同步批次的第 2 条未能处理"));
    assert_non_null (strstr (result.batch->message, "整批未做任何更改"));
    assert_int_equal (result.count, 0);
    s_result_free (&result);
    PQclear (PQexec (other, "ROLLBACK"));
    PQfinish (other);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper"), papers);
    assert_int_equal (s_traces_of (batch.ids[0]), 0);

    reply = xc_dispatcher_serve (impatient, XC_WORLD_MEMBER_KEY, frame, size, &reply_size);
    s_unpack_result (&result, reply, reply_size);
    s_expect_entry (&result, &batch, 0, STATUS (OK), NULL);
    s_expect_entry (&result, &batch, 1, STATUS (OK), NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper"), papers + 1);
    assert_int_equal (s_records ("锁等待中的记录"), 1);
    s_result_free (&result);
    free (reply);
    free (frame);
    xc_dispatcher_destroy (&impatient);
    s_free (&batch);
}

/* The "reply lost" fault: a child xunchad-like process (this program run again, with
 * XUNCHA_TEST_KILL_AFTER_COMMIT=1) is killed right after the batch's COMMIT, before it
 * answers. What it committed stays; the batch sent again answers every entry's stored
 * reply, and nothing is made twice. */
static void
test_a_batch_committed_before_a_kill_answers_from_storage (void **state)
{
    (void) state;
    batch_t batch = { 0 };
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[0], w.village[0], "提交后进程被杀"));
    s_add (&batch, BODY (FIELD_RECORD_CREATE), s_briefing (w.group[1], w.village[1], "提交后进程被杀（他组）"));
    size_t size;
    char id[37];
    uint8_t *frame = s_frame (&batch, &size, id);
    char path[] = "/tmp/xc-sync-batch-XXXXXX";
    int fd = mkstemp (path);
    assert_true (fd >= 0);
    assert_int_equal (write (fd, frame, size), (ssize_t) size);
    close (fd);
    pid_t child = fork ();
    if (child == 0) {
        setenv ("XUNCHA_TEST_KILL_AFTER_COMMIT", "1", 1);
        execl (s_self, s_self, "--serve-once", s_conninfo, XC_WORLD_MEMBER_KEY, path, (char *) NULL);
        _exit (127);
    }
    int status;
    assert_int_equal (waitpid (child, &status, 0), child);
    unlink (path);
    assert_true (WIFSIGNALED (status));
    assert_int_equal (WTERMSIG (status), SIGKILL);
    assert_int_equal (s_records ("提交后进程被杀"), 1);

    size_t reply_size;
    uint8_t *reply = xc_dispatcher_serve (s_dispatcher, XC_WORLD_MEMBER_KEY, frame, size, &reply_size);
    result_t result;
    s_unpack_result (&result, reply, reply_size);
    s_expect_entry (&result, &batch, 0, STATUS (OK), NULL);
    s_expect_entry (&result, &batch, 1, STATUS (FORBIDDEN), "仅限本组");
    assert_int_equal (result.entries[0]->field_record->id,
                      xc_test_pg_count ("SELECT id FROM field_record WHERE topic = '提交后进程被杀'"));
    assert_int_equal (s_records ("提交后进程被杀"), 1);
    assert_int_equal (s_records ("提交后进程被杀（他组）"), 0);
    s_result_free (&result);
    free (reply);
    free (frame);
    s_free (&batch);
}

/* The child of the fault test: serves the frame in FILE once as KEY, then exits 0 — if
 * the fault hook let it live that long. */
static int
s_serve_once (const char *conninfo, const char *key, const char *file)
{
    FILE *in = fopen (file, "rb");
    if (!in)
        return 2;
    static uint8_t frame[1 << 16];
    size_t size = fread (frame, 1, sizeof frame, in);
    fclose (in);
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (conninfo, XC_MAX_FRAME_DEFAULT);
    size_t reply_size;
    free (xc_dispatcher_serve (dispatcher, key, frame, size, &reply_size));
    xc_dispatcher_destroy (&dispatcher);
    return 0;
}

/* The queue written at COMMIT: audit rows in the order queued; what was queued after a
 * mark and rewound (a refused entry's) is not written; a reply whose request claimed
 * no row makes the flush fail (the dispatcher then rolls back), so that a change never
 * commits without its stored reply. */
static void
test_deferred_writes_keep_their_order_and_drop_a_rewound_entry (void **state)
{
    (void) state;
    PGconn *db = PQconnectdb (s_conninfo);
    assert_int_equal (PQstatus (db), CONNECTION_OK);
    int64_t user = xc_test_pg_count ("SELECT min(id) FROM app_user");
    const char *kept = "6f0c3a52-0000-4000-8000-000000000001", *rewound = "6f0c3a52-0000-4000-8000-000000000002",
               *after = "6f0c3a52-0000-4000-8000-000000000003";
    const int64_t first[] = { 11, 12 }, second[] = { 13 }, third[] = { 14 };
    xc_deferred_t *deferred = xc_deferred_new ();
    PQclear (PQexec (db, "BEGIN"));
    assert_int_equal (xc_deferred_audit (deferred, user, kept, "test_kept", "field_record", first, 2), 0);
    xc_deferred_mark_t mark = xc_deferred_mark (deferred);
    assert_int_equal (xc_deferred_audit (deferred, user, rewound, "test_rewound", "field_record", second, 1), 0);
    assert_int_equal (xc_deferred_reply (deferred, "no-such-key", rewound, (const uint8_t *) "x", 1), 0);
    xc_deferred_rewind (deferred, mark);
    assert_int_equal (xc_deferred_audit (deferred, user, after, "test_after", "field_record", third, 1), 0);
    assert_int_equal (xc_deferred_flush (deferred, db), 0);
    PQclear (PQexec (db, "COMMIT"));
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE request_id = '%s'", rewound), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE action = 'test_rewound'"), 0);
    /* 11, 12, 14 in that order */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE request_id IN ('%s', '%s')", kept, after),
                      3);
    assert_int_equal (xc_test_pg_count ("SELECT string_agg(record_id::text, '' ORDER BY seq)::bigint FROM audit_log"
                                        " WHERE request_id IN ('%s', '%s')", kept, after),
                      111214);

    /* a reply for a request that claimed nothing: the flush fails, nothing is written */
    PQclear (PQexec (db, "BEGIN"));
    assert_int_equal (xc_deferred_audit (deferred, user, rewound, "test_lost_reply", "field_record", second, 1), 0);
    assert_int_equal (xc_deferred_reply (deferred, "no-such-key", rewound, (const uint8_t *) "x", 1), 0);
    assert_int_equal (xc_deferred_flush (deferred, db), -1);
    PQclear (PQexec (db, "ROLLBACK"));   /* as the dispatcher does then */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE action = 'test_lost_reply'"), 0);
    xc_deferred_destroy (&deferred);
    PQfinish (db);
}

static int
s_setup (void **state)
{
    (void) state;
    s_conninfo = xc_test_pg_start ();
    s_dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    xc_world_build_scopes (s_dispatcher, &w);
    s_category = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '中央八项规定精神'");
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
main (int argc, char **argv)
{
    if (argc == 5 && strcmp (argv[1], "--serve-once") == 0)
        return s_serve_once (argv[2], argv[3], argv[4]);
    s_self = argv[0];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_refused_entries_roll_back_alone_and_a_replay_adds_nothing),
        cmocka_unit_test (test_alone_then_in_a_batch_and_back_is_made_once),
        cmocka_unit_test (test_nested_read_and_malformed_entries_are_refused_alone),
        cmocka_unit_test (test_an_empty_batch_or_entry_is_refused_at_the_edge),
        cmocka_unit_test (test_an_entry_held_by_a_running_try_stops_the_batch),
        cmocka_unit_test (test_an_unavailable_database_stops_the_whole_batch),
        cmocka_unit_test (test_a_batch_committed_before_a_kill_answers_from_storage),
        cmocka_unit_test (test_deferred_writes_keep_their_order_and_drop_a_rewound_entry),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
