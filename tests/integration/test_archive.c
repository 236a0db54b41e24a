/* 立卷归档 on a real PostgreSQL through the real dispatcher. The scope world's 第1轮
 * (records with a petitioner's identity and attachments, 底稿, clues transferred to the
 * 纪委监委 and the 组织部) is taken to 整改: a 底稿 signed and fed back, its 整改任务 made
 * with the unit's evidence, a 1.5 MiB attachment added. Archiving is refused to a 组长,
 * before 整改, and while tasks are not 已验收 or transferred clues await their result
 * (each named, nothing written). Then the 巡察办 archives: the round is in 归档, sealed
 * with the audit chain's head; every file of the bundle is there with the SHA-256 the
 * manifest lists, the record's body is in its file and the petitioner's identity in none;
 * a file comes back in chunks of at most 1 MiB whose hash is the manifest's; an unknown
 * path is named. Afterwards every kind of change of the round — a record, a 底稿 edit, a
 * task report, a clue disposal, a group change, a phase change, a second archive, even
 * an UPDATE by the tables' owner — is refused with "十届区委第1轮巡察已立卷归档，不能再更改"
 * and changes nothing, while reads still work and are recorded. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OK XUNCHA__STATUS__STATUS_OK
#define CONFLICT XUNCHA__STATUS__STATUS_CONFLICT
#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define ARCHIVED "十届区委第1轮巡察已立卷归档，不能再更改"
#define BIG_SIZE (1536 * 1024)

static xc_dispatcher_t *s_dispatcher;
static xc_scope_world_t w;
static int64_t s_task, s_big_attachment, s_report;

static int
s_setup (void **state)
{
    (void) state;
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    xc_world_build_scopes (s_dispatcher, &w);
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    xc_test_pg_stop ();
    return 0;
}

static void
s_ok (const char *key, Xuncha__Request__BodyCase which, void *body)
{
    xuncha__reply__free_unpacked (xc_world_expect (key, OK, which, body), NULL);
}

static void
s_advance (Xuncha__Phase phase)
{
    xc_world_advance (w.round, phase);
}

static void
s_archive_refused (const char *key, int status, const char *needle)
{
    Xuncha__RoundArchive archive = XUNCHA__ROUND_ARCHIVE__INIT;
    archive.round_id = w.round;
    xc_world_refused (key, status, needle, BODY (ROUND_ARCHIVE), &archive);
}

static void
s_paper_step (const char *key, int64_t paper, Xuncha__PaperAction action)
{
    Xuncha__PaperTransition move = XUNCHA__PAPER_TRANSITION__INIT;
    move.paper_id = paper;
    move.action = action;
    s_ok (key, BODY (PAPER_TRANSITION), &move);
}

/* The clue in BATCH is received, disposed of and its result reported by RECEIVER_KEY. */
static void
s_conclude (const char *receiver_key, int64_t batch, int64_t clue)
{
    Xuncha__ClueReceive receive = XUNCHA__CLUE_RECEIVE__INIT;
    receive.batch_id = batch;
    s_ok (receiver_key, BODY (CLUE_RECEIVE), &receive);
    Xuncha__ClueDispose dispose = XUNCHA__CLUE_DISPOSE__INIT;
    dispose.clue_id = clue;
    dispose.disposal = XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_PRELIMINARY_VERIFICATION;
    dispose.note = "转案件监督管理室初核";
    s_ok (receiver_key, BODY (CLUE_DISPOSE), &dispose);
    Xuncha__ClueReportResult result = XUNCHA__CLUE_REPORT_RESULT__INIT;
    result.clue_id = clue;
    result.result = "经初步核实，问题属实，已立案审查";
    s_ok (receiver_key, BODY (CLUE_REPORT_RESULT), &result);
}

/* 第1轮 from 了解 to 整改: a big attachment, paper[0] signed and fed back, the tasks made,
 * the unit's evidence on the problem task. */
static void
s_take_round_to_rectification (void)
{
    Xuncha__AttachmentAdd big = XUNCHA__ATTACHMENT_ADD__INIT;
    big.record_id = w.record[0];
    big.filename = "账册/2025年 凭证.bin";   /* a '/' in the name stays inside attachments/ */
    big.media_type = "application/octet-stream";
    big.content.len = BIG_SIZE;
    big.content.data = malloc (BIG_SIZE);
    for (size_t i = 0; i < BIG_SIZE; i++)
        big.content.data[i] = (uint8_t) (i * 7 + i / 1000);
    s_big_attachment = xc_world_id (xc_world_expect (XC_WORLD_MEMBER_KEY, OK, BODY (ATTACHMENT_ADD), &big));
    free (big.content.data);

    s_advance (XUNCHA__PHASE__PHASE_REPORTING);
    s_paper_step (XC_WORLD_MEMBER_KEY, w.paper[0], XUNCHA__PAPER_ACTION__PAPER_ACTION_SUBMIT);
    s_paper_step (XC_WORLD_LEADER_KEY, w.paper[0], XUNCHA__PAPER_ACTION__PAPER_ACTION_SIGN);
    s_paper_step (XC_WORLD_LEADER_KEY, w.paper[0], XUNCHA__PAPER_ACTION__PAPER_ACTION_INCLUDE);
    Xuncha__ReportBuild build = XUNCHA__REPORT_BUILD__INIT;   /* the town's 巡察报告, citing it */
    build.group_id = w.group[0];
    build.unit_id = w.town[0];
    build.kind = XUNCHA__REPORT_KIND__REPORT_KIND_INSPECTION;
    Xuncha__Reply *built = xc_world_expect (XC_WORLD_MEMBER_KEY, OK, BODY (REPORT_BUILD), &build);
    s_report = built->report->id;
    xuncha__reply__free_unpacked (built, NULL);
    s_advance (XUNCHA__PHASE__PHASE_FEEDBACK);
    Xuncha__FeedbackRecord feedback = XUNCHA__FEEDBACK_RECORD__INIT;
    feedback.round_id = w.round;
    feedback.unit_id = w.town[0];
    feedback.talk_date = "2026-04-15";
    feedback.meeting_date = "2026-04-16";
    s_ok (XC_WORLD_OFFICE_KEY, BODY (FEEDBACK_RECORD), &feedback);
    s_task = xc_test_pg_count ("SELECT id FROM rectification_task WHERE paper_id = %lld", (long long) w.paper[0]);
    Xuncha__AttachmentAdd evidence = XUNCHA__ATTACHMENT_ADD__INIT;
    evidence.task_id = s_task;
    evidence.filename = "清退凭证.pdf";
    evidence.content.data = (uint8_t *) "%PDF-1.4 refund";
    evidence.content.len = 15;
    s_ok (XC_WORLD_UNIT_KEY, BODY (ATTACHMENT_ADD), &evidence);
    s_advance (XUNCHA__PHASE__PHASE_TRANSFER);
    s_advance (XUNCHA__PHASE__PHASE_RECTIFICATION);
}

/* What a change of the round would alter: its rows and those of its children. */
static char *
s_fingerprint (void)
{
    PGconn *db = xc_test_pg_connect ();
    char sql[2048];
    snprintf (sql, sizeof sql,
              "SELECT md5 (concat ("
              " (SELECT json_agg (x ORDER BY id)::text FROM round x WHERE id = %1$lld),"
              " (SELECT json_agg (x ORDER BY id)::text FROM field_record x WHERE round_id = %1$lld),"
              " (SELECT json_agg (x ORDER BY id)::text FROM working_paper x WHERE round_id = %1$lld),"
              " (SELECT json_agg (x ORDER BY paper_id, version)::text FROM working_paper_version x),"
              " (SELECT json_agg (x ORDER BY id)::text FROM clue x WHERE round_id = %1$lld),"
              " (SELECT json_agg (x ORDER BY id)::text FROM rectification_task x WHERE round_id = %1$lld),"
              " (SELECT json_agg (x ORDER BY id)::text FROM task_event x),"
              " (SELECT json_agg (x ORDER BY group_id, inspector_id)::text FROM group_member x WHERE round_id = %1$lld),"
              " (SELECT json_agg (x ORDER BY id)::text FROM round_phase_change x WHERE round_id = %1$lld),"
              " (SELECT count(*) FROM archive_file), (SELECT count(*) FROM round_archive)))",
              (long long) w.round);
    PGresult *result = PQexec (db, sql);
    assert_int_equal (PQresultStatus (result), PGRES_TUPLES_OK);
    char *print = strdup (PQgetvalue (result, 0, 0));
    PQclear (result);
    PQfinish (db);
    return print;
}

static void
test_refused_to_a_leader_before_rectification_and_with_work_open (void **state)
{
    (void) state;
    s_archive_refused (XC_WORLD_LEADER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, "立卷归档");
    s_archive_refused (XC_WORLD_OFFICE_KEY, CONFLICT, "阶段不能跳过");
    s_take_round_to_rectification ();
    char *before = s_fingerprint ();
    int64_t open_tasks = xc_test_pg_count ("SELECT count(*) FROM rectification_task WHERE round_id = %lld",
                                           (long long) w.round);
    assert_int_equal (open_tasks, 4);
    char needle[256];
    snprintf (needle, sizeof needle, "不能立卷归档：本轮尚有 4 项整改任务未验收（#%lld、", (long long) s_task);
    s_archive_refused (XC_WORLD_OFFICE_KEY, CONFLICT, needle);
    snprintf (needle, sizeof needle, "尚有 2 条已移交的问题线索未反馈结果（#%lld、#%lld）", (long long) w.clue_to[0],
              (long long) w.clue_to[1]);
    s_archive_refused (XC_WORLD_OFFICE_KEY, CONFLICT, needle);
    char *after = s_fingerprint ();
    assert_string_equal (before, after);
    assert_int_equal (xc_test_pg_count ("SELECT phase FROM round WHERE id = %lld", (long long) w.round),
                      XUNCHA__PHASE__PHASE_RECTIFICATION);
    free (before);
    free (after);

    /* the receivers report their results; the 巡察办 verifies the tasks (a fixture: 验收
     * itself is test_rectification's) */
    s_conclude (XC_WORLD_DISCIPLINE_KEY, w.batch[0], w.clue_to[0]);
    s_conclude (XC_WORLD_ORGANISATION_KEY, w.batch[1], w.clue_to[1]);
    assert_int_equal (xc_test_pg_count (
        "WITH done AS (UPDATE rectification_task SET status = 4, verified_by = %lld, verified_at = now()"
        " WHERE round_id = %lld RETURNING id), unscheduled AS (DELETE FROM task_schedule WHERE task_id IN"
        " (SELECT id FROM done)) SELECT count(*) FROM done", (long long) w.office, (long long) w.round), 4);
}

/* The content of PATH as served, chunk by chunk; *SIZE its length; hex SHA-256 into HEX. */
static uint8_t *
s_download (const char *path, size_t *size, char hex[65], int *chunks)
{
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init (&state);
    uint8_t *data = NULL;
    int64_t offset = 0, total = 0;
    *chunks = 0;
    do {
        Xuncha__ArchiveFileGet get = XUNCHA__ARCHIVE_FILE_GET__INIT;
        get.round_id = w.round;
        get.path = (char *) path;
        get.offset = offset;
        Xuncha__Reply *reply = xc_world_expect (XC_WORLD_OFFICE_KEY, OK, BODY (ARCHIVE_FILE_GET), &get);
        const Xuncha__ArchiveChunk *chunk = reply->archive_chunk;
        assert_non_null (chunk);
        assert_true (chunk->data.len <= 1024 * 1024);
        total = chunk->size;
        data = realloc (data, (size_t) offset + chunk->data.len + 1);
        memcpy (data + offset, chunk->data.data, chunk->data.len);
        crypto_hash_sha256_update (&state, chunk->data.data, chunk->data.len);
        offset += (int64_t) chunk->data.len;
        (*chunks)++;
        int empty = chunk->data.len == 0;
        xuncha__reply__free_unpacked (reply, NULL);
        if (empty)
            break;
    } while (offset < total);
    assert_int_equal (offset, total);
    data[offset] = 0;
    *size = (size_t) offset;
    uint8_t hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final (&state, hash);
    sodium_bin2hex (hex, 65, hash, sizeof hash);
    return data;
}

static const Xuncha__ArchiveFile *
s_listed (const Xuncha__ArchiveSeal *seal, const char *path)
{
    for (size_t i = 0; i < seal->n_files; i++)
        if (strcmp (seal->files[i]->path, path) == 0)
            return seal->files[i];
    fail_msg ("%s is not in the manifest", path);
    return NULL;
}

static void
test_sealed_with_its_whole_bundle (void **state)
{
    (void) state;
    Xuncha__RoundArchive archive = XUNCHA__ROUND_ARCHIVE__INIT;
    archive.round_id = w.round;
    Xuncha__Reply *reply = xc_world_expect (XC_WORLD_OFFICE_KEY, OK, BODY (ROUND_ARCHIVE), &archive);
    const Xuncha__ArchiveSeal *seal = reply->archive_seal;
    assert_non_null (seal);
    assert_string_equal (seal->round_name, "十届区委第1轮巡察");
    assert_string_equal (seal->sealed_by, "巡察办");
    assert_int_equal (xc_test_pg_count ("SELECT phase FROM round WHERE id = %lld", (long long) w.round),
                      XUNCHA__PHASE__PHASE_ARCHIVED);
    /* the head recorded is a link of the chain, with that hash; the archive's own row follows it */
    assert_true (seal->audit_position > 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_seal WHERE position = %lld AND hash = decode ('%s', 'hex')",
                                        (long long) seal->audit_position, seal->audit_hash), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM round_archive WHERE round_id = %lld AND audit_position = %lld"
                                        " AND manifest_sha256 = decode ('%s', 'hex') AND file_count = %zu",
                                        (long long) w.round, (long long) seal->audit_position, seal->manifest_sha256,
                                        seal->n_files), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log l LEFT JOIN audit_seal s ON s.seq = l.seq"
                                        " WHERE l.action = 'archive_round' AND coalesce (s.position, %lld + 1) > %lld",
                                        (long long) seal->audit_position, (long long) seal->audit_position), 1);
    /* every file listed, and listed with the hash of what is stored */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM archive_file WHERE round_id = %lld", (long long) w.round),
                      (long) seal->n_files + 1);
    for (size_t i = 0; i < seal->n_files; i++)
        assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM archive_file WHERE round_id = %lld AND path = '%s'"
                                            " AND encode (sha256 (content), 'hex') = '%s' AND size = %lld",
                                            (long long) w.round, seal->files[i]->path, seal->files[i]->sha256,
                                            (long long) seal->files[i]->size), 1);
    char path[256];
    static const char *const fixed[] = { "round.json", "groups.json", "spot_checks.json", "audit_head.json" };
    for (size_t i = 0; i < 4; i++)
        s_listed (seal, fixed[i]);
    snprintf (path, sizeof path, "records/%lld.json", (long long) w.record[0]);
    s_listed (seal, path);
    snprintf (path, sizeof path, "papers/%lld.json", (long long) w.paper[0]);
    s_listed (seal, path);
    snprintf (path, sizeof path, "clues/%lld.json", (long long) w.clue_to[0]);
    s_listed (seal, path);
    snprintf (path, sizeof path, "tasks/%lld.json", (long long) s_task);
    s_listed (seal, path);
    snprintf (path, sizeof path, "attachments/%lld-来信扫描.pdf", (long long) w.attachment[0]);
    s_listed (seal, path);
    snprintf (path, sizeof path, "reports/%lld.json", (long long) s_report);
    s_listed (seal, path);
    s_listed (seal, "evaluations.json");

    /* contents: the record's body in its file, the clue's result in its file, the
     * evidence's name in the task's; the petitioner nowhere */
#define IN_FILE(file, text) \
    xc_test_pg_count ("SELECT count(*) FROM archive_file WHERE round_id = %lld AND path = '%s'" \
                      " AND position (convert_to ('%s', 'UTF8') IN content) > 0", (long long) w.round, file, text)
    snprintf (path, sizeof path, "records/%lld.json", (long long) w.record[0]);
    assert_int_equal (IN_FILE (path, "反映村干部公款吃喝"), 1);
    snprintf (path, sizeof path, "clues/%lld.json", (long long) w.clue_to[0]);
    assert_int_equal (IN_FILE (path, "经初步核实，问题属实，已立案审查"), 1);
    snprintf (path, sizeof path, "tasks/%lld.json", (long long) s_task);
    assert_int_equal (IN_FILE (path, "清退凭证.pdf"), 1);
    snprintf (path, sizeof path, "papers/%lld.json", (long long) w.paper[0]);
    assert_int_equal (IN_FILE (path, "村集体资金被挪用于吃喝"), 1);
    /* the report cites the paper by its number */
    char cited[128];
    snprintf (cited, sizeof cited, "%s", "");
    PGconn *owner = xc_test_pg_connect ();
    char query[160];
    snprintf (query, sizeof query, "SELECT number FROM working_paper WHERE id = %lld", (long long) w.paper[0]);
    PGresult *number = PQexec (owner, query);
    snprintf (cited, sizeof cited, "%s", PQgetvalue (number, 0, 0));
    PQclear (number);
    PQfinish (owner);
    snprintf (path, sizeof path, "reports/%lld.json", (long long) s_report);
    assert_true (strlen (cited) > 0);
    assert_int_equal (IN_FILE (path, cited), 1);
    /* and its content as shown: the problem's facts under the 底稿's number */
    snprintf (path, sizeof path, "reports/%lld-content.json", (long long) s_report);
    s_listed (seal, path);
    assert_int_equal (IN_FILE (path, cited), 1);
    assert_int_equal (IN_FILE (path, "村集体资金被挪用于吃喝"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM archive_file WHERE position (convert_to ('李明', 'UTF8') IN content) > 0"
                                        " OR position (convert_to ('13800000000', 'UTF8') IN content) > 0"), 0);

    /* a file as served: the attachment's bytes, in two chunks, hashing to the manifest's */
    snprintf (path, sizeof path, "attachments/%lld-账册_2025年 凭证.bin", (long long) s_big_attachment);
    size_t size;
    char hex[65];
    int chunks;
    uint8_t *data = s_download (path, &size, hex, &chunks);
    assert_int_equal (size, BIG_SIZE);
    assert_int_equal (chunks, 2);
    assert_string_equal (hex, s_listed (seal, path)->sha256);
    for (size_t i = 0; i < BIG_SIZE; i++)
        if (data[i] != (uint8_t) (i * 7 + i / 1000))
            fail_msg ("byte %zu differs", i);
    free (data);
    /* the manifest: its hash is the one noted, it names every file */
    data = s_download ("manifest.json", &size, hex, &chunks);
    assert_string_equal (hex, seal->manifest_sha256);
    for (size_t i = 0; i < seal->n_files; i++)
        assert_non_null (strstr ((const char *) data, seal->files[i]->sha256));
    assert_non_null (strstr ((const char *) data, seal->audit_hash));
    free (data);
    xuncha__reply__free_unpacked (reply, NULL);

    /* a path the bundle does not hold is named; reads are recorded */
    Xuncha__ArchiveFileGet get = XUNCHA__ARCHIVE_FILE_GET__INIT;
    get.round_id = w.round;
    get.path = "records/999999.json";
    xc_world_refused (XC_WORLD_OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, "归档包中没有文件 records/999999.json",
                      BODY (ARCHIVE_FILE_GET), &get);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE action = 'read_archive_file'"), 3);
    Xuncha__ArchiveShow show = XUNCHA__ARCHIVE_SHOW__INIT;
    show.round_id = w.rectification;
    xc_world_refused (XC_WORLD_OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, "十届区委第2轮巡察尚未立卷归档",
                      BODY (ARCHIVE_SHOW), &show);
    show.round_id = w.round;
    xc_world_refused (XC_WORLD_LEADER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, "查看归档清单", BODY (ARCHIVE_SHOW), &show);
    s_ok (XC_WORLD_OFFICE_KEY, BODY (ARCHIVE_SHOW), &show);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE action = 'read_archive'"
                                        " AND record_type = 'round' AND record_id = %lld", (long long) w.round), 1);
}

static void
test_nothing_of_an_archived_round_changes (void **state)
{
    (void) state;
    char *before = s_fingerprint ();
    /* a record */
    Xuncha__Briefing briefing = XUNCHA__BRIEFING__INIT;
    briefing.briefer = "镇党委书记";
    briefing.topic = "补充汇报";
    Xuncha__FieldRecordCreate record = XUNCHA__FIELD_RECORD_CREATE__INIT;
    record.group_id = w.group[0];
    record.unit_id = w.town[0];
    record.occurred_date = "2026-04-20";
    record.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_BRIEFING;
    record.briefing = &briefing;
    xc_world_refused (XC_WORLD_MEMBER_KEY, CONFLICT, ARCHIVED, BODY (FIELD_RECORD_CREATE), &record);
    /* a 底稿 edit */
    Xuncha__WorkingPaperContent content = XUNCHA__WORKING_PAPER_CONTENT__INIT;
    content.title = "改过的标题";
    content.facts = "改过的事实";
    content.category_id = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '中央八项规定精神'");
    content.basis = "改过的依据";
    Xuncha__PaperEdit edit = XUNCHA__PAPER_EDIT__INIT;
    edit.paper_id = w.paper[1];
    edit.content = &content;
    xc_world_refused (XC_WORLD_MEMBER2_KEY, CONFLICT, ARCHIVED, BODY (PAPER_EDIT), &edit);
    /* a task report, by the unit */
    Xuncha__TaskReport report = XUNCHA__TASK_REPORT__INIT;
    report.task_id = s_task;
    report.action = XUNCHA__TASK_ACTION__TASK_ACTION_PROGRESS;
    report.note = "又清退了一笔";
    xc_world_refused (XC_WORLD_UNIT_KEY, CONFLICT, ARCHIVED, BODY (TASK_REPORT), &report);
    /* a clue disposal, by the receiver */
    Xuncha__ClueDispose dispose = XUNCHA__CLUE_DISPOSE__INIT;
    dispose.clue_id = w.clue_to[0];
    dispose.disposal = XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_CLOSE;
    xc_world_refused (XC_WORLD_DISCIPLINE_KEY, CONFLICT, ARCHIVED, BODY (CLUE_DISPOSE), &dispose);
    /* a clue approval, by the 组长 */
    Xuncha__ClueApprove approve = XUNCHA__CLUE_APPROVE__INIT;
    approve.clue_id = w.clue[0];
    xc_world_refused (XC_WORLD_LEADER_KEY, CONFLICT, ARCHIVED, BODY (CLUE_APPROVE), &approve);
    /* a report's section, and the evaluations after the round */
    Xuncha__ReportEdit section = XUNCHA__REPORT_EDIT__INIT;
    section.report_id = s_report;
    section.section_key = "overview";
    section.text = "归档后补写";
    xc_world_refused (XC_WORLD_MEMBER_KEY, CONFLICT, ARCHIVED, BODY (REPORT_EDIT), &section);
    Xuncha__ConductRate rate = XUNCHA__CONDUCT_RATE__INIT;
    rate.group_id = w.group[0];
    rate.score = 5;
    xc_world_refused (XC_WORLD_UNIT_KEY, CONFLICT, "已归档", BODY (CONDUCT_RATE), &rate);
    /* a group change */
    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = w.group[0];
    add.inspector_id = w.spare_inspector;
    add.position = XUNCHA__POSITION__POSITION_MEMBER;
    xc_world_refused (XC_WORLD_OFFICE_KEY, CONFLICT, ARCHIVED, BODY (GROUP_MEMBER_ADD), &add);
    /* a phase change, and a second archive */
    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    advance.round_id = w.round;
    advance.to_phase = XUNCHA__PHASE__PHASE_ARCHIVED;
    xc_world_refused (XC_WORLD_OFFICE_KEY, CONFLICT, ARCHIVED, BODY (ROUND_ADVANCE), &advance);
    s_archive_refused (XC_WORLD_OFFICE_KEY, CONFLICT, ARCHIVED);
    /* the tables' owner is held too: the guard is the database's */
    PGconn *db = xc_test_pg_connect ();
    char sql[256];
    snprintf (sql, sizeof sql, "UPDATE field_record SET body = '改写' WHERE id = %lld", (long long) w.record[0]);
    PGresult *result = PQexec (db, sql);
    assert_string_equal (PQresultErrorField (result, PG_DIAG_SQLSTATE), "XCA01");
    assert_string_equal (PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY), ARCHIVED);
    PQclear (result);
    result = PQexec (db, "UPDATE archive_file SET content = 'x'");
    assert_string_equal (PQresultErrorField (result, PG_DIAG_SQLSTATE), "42501");
    PQclear (result);
    PQfinish (db);
    char *after = s_fingerprint ();
    assert_string_equal (before, after);
    free (before);
    free (after);
    /* reads still work */
    Xuncha__FieldRecordShow show = XUNCHA__FIELD_RECORD_SHOW__INIT;
    show.record_id = w.record[0];
    Xuncha__Reply *reply = xc_world_expect (XC_WORLD_LEADER_KEY, OK, BODY (FIELD_RECORD_SHOW), &show);
    assert_string_equal (reply->field_record->petition->petitioner->name, "李明");
    xuncha__reply__free_unpacked (reply, NULL);
    /* another round goes on */
    Xuncha__TaskReport start = XUNCHA__TASK_REPORT__INIT;
    start.task_id = w.task[0];
    start.action = XUNCHA__TASK_ACTION__TASK_ACTION_START;
    s_ok (XC_WORLD_UNIT_KEY, BODY (TASK_REPORT), &start);
}

int
main (void)
{
    if (sodium_init () < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_refused_to_a_leader_before_rectification_and_with_work_open),
        cmocka_unit_test (test_sealed_with_its_whole_bundle),
        cmocka_unit_test (test_nothing_of_an_archived_round_changes),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
