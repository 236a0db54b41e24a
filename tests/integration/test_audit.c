/* The audit log on a real PostgreSQL, through the real dispatcher: a change appends one
 * row per changed record under its request id, a refusal or a replayed retry appends
 * nothing; reading a petitioner's identity, showing or listing clues and downloading an
 * attachment each append read rows, while replies without those contents append none.
 * The sealer chains the committed rows in order, is idempotent, seals a row committed
 * late after the others, and two sealers at once (threads) make one chain. Verify passes
 * on an untouched chain and, after a superuser alters, deletes or reorders rows (triggers
 * disabled with session_replication_role = replica), names the first broken link and
 * what is wrong; a head hash noted earlier catches the removal of the newest rows. The
 * triggers refuse UPDATE, DELETE and TRUNCATE; the list filters; change_log rows of an
 * older database move into the audit log in their order. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "audit_seal.h"
#include "migrate.h"
#include "xc_audit_hash.h"
#include "xc_codec.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define OFFICE_KEY     "office0000000000000000000000000000000000"
#define LEADER_KEY     "leader0000000000000000000000000000000000"   /* 组长, 第一巡察组 */
#define MEMBER_KEY     "member0000000000000000000000000000000000"   /* 组员, 第一巡察组 */
#define DISCIPLINE_KEY "discip0000000000000000000000000000000000"   /* 区纪委监委 */
#define READER_KEY     "reader0000000000000000000000000000000000"   /* 只读 */

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define BAD_REQUEST XUNCHA__STATUS__STATUS_BAD_REQUEST
#define FORBIDDEN XUNCHA__STATUS__STATUS_FORBIDDEN
#define CONFLICT XUNCHA__STATUS__STATUS_CONFLICT
#define BREAK(name) XUNCHA__AUDIT_BREAK__AUDIT_BREAK_##name
#define BULK_ROWS 12000   /* twelve chunks for the two sealers */

static const char *s_conninfo;
static xc_dispatcher_t *s_dispatcher;
static int64_t s_office, s_leader, s_village, s_discipline_unit, s_round, s_group;
static int64_t s_petition, s_attachment, s_clue_a, s_clue_b;

/* ------------------------------------------------------------------ helpers */

/* Serves BODY as KEY under request id ID (a fresh one unless REUSE), expecting STATUS. */
static Xuncha__Reply *
s_serve (const char *key, int status, Xuncha__Request__BodyCase which, void *body, char id[37], int reuse)
{
    Xuncha__Request request;
    char fresh[37];
    xc_test_request_init (&request, fresh);
    if (!reuse)
        memcpy (id, fresh, sizeof fresh);
    request.request_id = id;
    request.body_case = which;
    request.ping = body;   /* the bodies share one union of pointers */
    Xuncha__Reply *reply = xc_test_serve (s_dispatcher, key, &request);
    if ((int) reply->status != status)
        fail_msg ("expected status %d, got %d: %s", status, reply->status, reply->message);
    return reply;
}

static void
s_done (Xuncha__Reply *reply)
{
    xuncha__reply__free_unpacked (reply, NULL);
}

/* Audit rows written under request ID (and matching the extra condition AND, or ""). */
static long
s_rows_of (const char *id, const char *and)
{
    return xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE request_id = '%s' %s", id, and);
}

static long
s_all_rows (void)
{
    return xc_test_pg_count ("SELECT count(*) FROM audit_log");
}

/* Runs SQL as the superuser with the audit triggers (and every other) disabled, as an
 * insider with the database's own password could. */
static void
s_tamper (const char *fmt, ...)
{
    char sql[2048];
    va_list args;
    va_start (args, fmt);
    vsnprintf (sql, sizeof sql, fmt, args);
    va_end (args);
    PGconn *db = xc_test_pg_connect ();
    PQclear (PQexec (db, "SET client_min_messages = warning; SET session_replication_role = replica"));
    PGresult *result = PQexec (db, sql);
    if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        fail_msg ("tampering failed: %s: %s", sql, PQerrorMessage (db));
    PQclear (result);
    PQfinish (db);
}

/* The error of SQL run as the superuser with the triggers in force ("" when it passed). */
static const char *
s_refusal_of (const char *sql)
{
    static char error[512];
    PGconn *db = xc_test_pg_connect ();
    PQclear (PQexec (db, "SET client_min_messages = warning; SET lock_timeout = '10s'"));   /* never hang behind a failed test */
    PGresult *result = PQexec (db, sql);
    snprintf (error, sizeof error, "%s",
              PQresultStatus (result) == PGRES_FATAL_ERROR ? PQresultErrorMessage (result) : "");
    PQclear (result);
    PQfinish (db);
    return error;
}

static Xuncha__Reply *
s_verify (const char *known_head)
{
    Xuncha__AuditVerify verify = XUNCHA__AUDIT_VERIFY__INIT;
    verify.known_head = (char *) (known_head ? known_head : "");
    char id[37];
    Xuncha__Reply *reply = s_serve (OFFICE_KEY, OK, BODY (AUDIT_VERIFY), &verify, id, 0);
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY_AUDIT_REPORT);
    return reply;
}

static void
s_expect_intact (void)
{
    Xuncha__Reply *reply = s_verify (NULL);
    Xuncha__AuditReport *report = reply->audit_report;
    if (!report->intact)
        fail_msg ("chain broken at %lld: %s", (long long) report->broken_position, report->detail);
    assert_int_equal (report->verified, xc_test_pg_count ("SELECT count(*) FROM audit_seal"));
    s_done (reply);
}

/* Verify finds the chain broken at POSITION with PROBLEM, its detail naming NEEDLE. */
static void
s_expect_broken (int64_t position, Xuncha__AuditBreak problem, const char *needle)
{
    Xuncha__Reply *reply = s_verify (NULL);
    Xuncha__AuditReport *report = reply->audit_report;
    assert_false (report->intact);
    if (report->broken_position != position || report->problem != problem)
        fail_msg ("expected a break at %lld (problem %d), got %lld (problem %d): %s", (long long) position, problem,
                  (long long) report->broken_position, report->problem, report->detail);
    assert_int_equal (report->broken_seq, xc_test_pg_count ("SELECT seq FROM audit_seal WHERE position = %lld",
                                                            (long long) position));
    /* every link before the break was found good */
    assert_int_equal (report->verified, xc_test_pg_count ("SELECT count(*) FROM audit_seal WHERE position < %lld",
                                                          (long long) position));
    if (!strstr (report->detail, needle))
        fail_msg ("expected \"%s\" in \"%s\"", needle, report->detail);
    assert_int_equal (report->head_position, 0);   /* no head to note on a broken chain */
    assert_string_equal (report->head_hash, "");
    s_done (reply);
}

static long
s_seq_at (int position)
{
    return xc_test_pg_count ("SELECT seq FROM audit_seal WHERE position = %d", position);
}

/* Every committed row sealed, in transactions of the sealer's own. */
static long
s_seal_all (PGconn *db)
{
    long total = 0;
    int sealed;
    while ((sealed = xc_audit_seal_step (db, true)) > 0)
        total += sealed;
    assert_int_equal (sealed, 0);
    return total;
}

/* The chain recomputed here from audit_log, link by link, equals the stored one, and its
 * positions run 1, 2, … without a gap. */
static void
s_expect_chain_recomputes (void)
{
    PGconn *db = xc_test_pg_connect ();
    PGresult *result = PQexec (db,
        "SELECT s.position, l.seq, audit_at_utc(l.at), l.user_id, l.request_id, l.action, l.record_type,"
        " coalesce(l.record_id, 0), encode(s.prev_hash, 'hex'), encode(s.hash, 'hex')"
        " FROM audit_seal s JOIN audit_log l ON l.seq = s.seq ORDER BY s.position");
    assert_int_equal (PQresultStatus (result), PGRES_TUPLES_OK);
    uint8_t link[XC_AUDIT_HASH_BYTES] = { 0 };
    for (int row = 0; row < PQntuples (result); row++) {
        assert_int_equal (strtoll (PQgetvalue (result, row, 0), NULL, 10), row + 1);
        char previous[XC_AUDIT_HASH_HEX], next[XC_AUDIT_HASH_HEX];
        xc_audit_hex (link, previous);
        assert_string_equal (previous, PQgetvalue (result, row, 8));
        xc_audit_row_t entry = { strtoll (PQgetvalue (result, row, 1), NULL, 10), PQgetvalue (result, row, 2),
                                 strtoll (PQgetvalue (result, row, 3), NULL, 10), PQgetvalue (result, row, 4),
                                 PQgetvalue (result, row, 5), PQgetvalue (result, row, 6),
                                 strtoll (PQgetvalue (result, row, 7), NULL, 10) };
        xc_audit_link (link, &entry, link);
        xc_audit_hex (link, next);
        assert_string_equal (next, PQgetvalue (result, row, 9));
    }
    PQclear (result);
    PQfinish (db);
}

/* ------------------------------------------------------------------ fixtures */

static int64_t
s_attach (int64_t record)
{
    Xuncha__AttachmentAdd add = XUNCHA__ATTACHMENT_ADD__INIT;
    add.record_id = record;
    add.filename = "报销凭证.pdf";
    add.media_type = "application/pdf";
    add.content.data = (uint8_t *) "%PDF-1.4 凭证";
    add.content.len = strlen ((const char *) add.content.data);
    Xuncha__Reply *reply = xc_world_expect (MEMBER_KEY, OK, BODY (ATTACHMENT_ADD), &add);
    int64_t id = reply->attachment->id;
    s_done (reply);
    return id;
}

static int64_t
s_approved_clue (const char *person)
{
    Xuncha__CluePerson who = XUNCHA__CLUE_PERSON__INIT;
    who.name = (char *) person;
    who.position = "村党支部书记";
    who.unit = "东关村";
    Xuncha__ClueContent content = XUNCHA__CLUE_CONTENT__INIT;
    content.person = &who;
    content.conduct = "以村集体名义报销个人餐费11笔共计2.3万元";
    content.suggested_disposal = XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_PRELIMINARY_VERIFICATION;
    Xuncha__ClueDraft draft = XUNCHA__CLUE_DRAFT__INIT;
    draft.group_id = s_group;
    draft.unit_id = s_village;
    draft.content = &content;
    Xuncha__ClueApprove approve = XUNCHA__CLUE_APPROVE__INIT;
    approve.clue_id = xc_world_id (xc_world_expect (MEMBER_KEY, OK, BODY (CLUE_DRAFT), &draft));
    s_done (xc_world_expect (LEADER_KEY, OK, BODY (CLUE_APPROVE), &approve));
    return approve.clue_id;
}

static int
s_setup (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-03-20T10:00:00", 1);
    s_conninfo = xc_test_pg_start ();
    s_dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    xc_world_init (s_dispatcher, OFFICE_KEY);
    s_office = xc_world_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0, "巡察办");
    xc_world_user (READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0, "领导小组成员");
    int64_t district = xc_world_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    int64_t town = xc_world_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_village = xc_world_unit ("东关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, town);
    int64_t finance = xc_world_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    s_discipline_unit = xc_world_unit ("区纪委监委", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    s_leader = xc_world_user (LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, finance, "张伟");
    int64_t member = xc_world_user (MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, finance, "刘洋");
    xc_world_user (DISCIPLINE_KEY, XUNCHA__ROLE__ROLE_DISCIPLINE, s_discipline_unit, "区纪委监委案管室");
    s_round = xc_world_round (1);
    s_group = xc_world_group (s_round, 1, town);
    xc_world_join (s_group, "张伟", finance, s_leader, XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_group, "刘洋", finance, member, XUNCHA__POSITION__POSITION_MEMBER);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_ENTRY);
    s_petition = xc_world_record_petition (MEMBER_KEY, s_group, s_village);
    s_attachment = s_attach (s_petition);
    s_clue_a = s_approved_clue ("王某");
    s_clue_b = s_approved_clue ("李某");
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

/* ------------------------------------------------------------------ what is recorded */

static void
test_a_change_appends_one_row_per_changed_record (void **state)
{
    (void) state;
    char id[37];
    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = "西关村";
    unit.kind = XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE;
    unit.parent_id = xc_test_pg_count ("SELECT id FROM org_unit WHERE name = '城关镇'");
    int64_t created = xc_world_id (s_serve (OFFICE_KEY, OK, BODY (ORG_UNIT_CREATE), &unit, id, 0));
    assert_int_equal (s_rows_of (id, ""), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE request_id = '%s' AND user_id = %lld"
                                        " AND action = 'create_org_unit' AND record_type = 'org_unit'"
                                        " AND record_id = %lld AND at > now() - interval '1 minute'",
                                        id, (long long) s_office, (long long) created), 1);

    /* one transfer changes the batch and each clue in it: a row for each */
    int64_t clues[] = { s_clue_a, s_clue_b };
    Xuncha__ClueTransfer transfer = XUNCHA__CLUE_TRANSFER__INIT;
    transfer.group_id = s_group;
    transfer.clue_ids = clues;
    transfer.n_clue_ids = 2;
    transfer.receiver_unit_id = s_discipline_unit;
    int64_t batch = xc_world_id (s_serve (LEADER_KEY, OK, BODY (CLUE_TRANSFER), &transfer, id, 0));
    assert_int_equal (s_rows_of (id, ""), 3);
    char batch_row[128];
    snprintf (batch_row, sizeof batch_row, "AND action = 'transfer_clue_batch' AND record_type = 'clue_batch'"
              " AND record_id = %lld", (long long) batch);
    assert_int_equal (s_rows_of (id, batch_row), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(DISTINCT record_id) FROM audit_log WHERE request_id = '%s'"
                                        " AND action = 'transfer_clue' AND record_id IN (%lld, %lld)",
                                        id, (long long) s_clue_a, (long long) s_clue_b), 2);
    /* the change_log view still shows the changes, and only them */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE request_id = '%s'", id), 3);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action LIKE 'read%%'"), 0);
}

static void
test_a_refusal_or_a_replay_appends_nothing (void **state)
{
    (void) state;
    long before = s_all_rows ();
    char id[37];
    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = "西关村";   /* exists: refused by the unique constraint */
    unit.kind = XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE;
    unit.parent_id = xc_test_pg_count ("SELECT id FROM org_unit WHERE name = '城关镇'");
    s_done (s_serve (OFFICE_KEY, CONFLICT, BODY (ORG_UNIT_CREATE), &unit, id, 0));
    s_done (s_serve (LEADER_KEY, FORBIDDEN, BODY (ORG_UNIT_CREATE), &unit, id, 0));
    Xuncha__AttachmentGet get = XUNCHA__ATTACHMENT_GET__INIT;
    get.attachment_id = s_attachment;
    s_done (s_serve (DISCIPLINE_KEY, FORBIDDEN, BODY (ATTACHMENT_GET), &get, id, 0));
    assert_int_equal (s_all_rows (), before);

    /* a retry of a committed change is answered from the stored reply: no second row */
    unit.name = "南关村";
    s_done (s_serve (OFFICE_KEY, OK, BODY (ORG_UNIT_CREATE), &unit, id, 0));
    s_done (s_serve (OFFICE_KEY, OK, BODY (ORG_UNIT_CREATE), &unit, id, 1));
    assert_int_equal (s_rows_of (id, ""), 1);
    assert_int_equal (s_all_rows (), before + 1);
}

static void
test_reading_an_identity_appends_a_read_row (void **state)
{
    (void) state;
    char id[37];
    Xuncha__FieldRecordShow show = XUNCHA__FIELD_RECORD_SHOW__INIT;
    show.record_id = s_petition;
    Xuncha__Reply *reply = s_serve (LEADER_KEY, OK, BODY (FIELD_RECORD_SHOW), &show, id, 0);
    assert_non_null (reply->field_record->petition->petitioner);
    s_done (reply);
    assert_int_equal (s_rows_of (id, ""), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE request_id = '%s' AND user_id = %lld"
                                        " AND action = 'read_identity' AND record_type = 'field_record'"
                                        " AND record_id = %lld", id, (long long) s_leader, (long long) s_petition), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM identity_read WHERE request_id = '%s'", id), 1);

    /* the 组员 is shown the record without the identity: nothing read, nothing written */
    reply = s_serve (MEMBER_KEY, OK, BODY (FIELD_RECORD_SHOW), &show, id, 0);
    assert_null (reply->field_record->petition->petitioner);
    s_done (reply);
    assert_int_equal (s_rows_of (id, ""), 0);
    /* a list never carries identities */
    Xuncha__FieldRecordList list = XUNCHA__FIELD_RECORD_LIST__INIT;
    list.group_id = s_group;
    s_done (s_serve (LEADER_KEY, OK, BODY (FIELD_RECORD_LIST), &list, id, 0));
    assert_int_equal (s_rows_of (id, ""), 0);
}

static void
test_showing_or_listing_clues_appends_a_read_row_per_clue (void **state)
{
    (void) state;
    char id[37];
    Xuncha__ClueShow show = XUNCHA__CLUE_SHOW__INIT;
    show.clue_id = s_clue_a;
    s_done (s_serve (DISCIPLINE_KEY, OK, BODY (CLUE_SHOW), &show, id, 0));
    assert_int_equal (s_rows_of (id, ""), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE request_id = '%s'"
                                        " AND action = 'read_clue' AND record_type = 'clue' AND record_id = %lld",
                                        id, (long long) s_clue_a), 1);
    /* a list carries every clue's person and conduct */
    Xuncha__ClueList list = XUNCHA__CLUE_LIST__INIT;
    Xuncha__Reply *reply = s_serve (OFFICE_KEY, OK, BODY (CLUE_LIST), &list, id, 0);
    assert_int_equal (reply->clues->n_clues, 2);
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE request_id = '%s'"
                                        " AND action = 'read_clue' AND record_id IN (%lld, %lld)",
                                        id, (long long) s_clue_a, (long long) s_clue_b), 2);
    assert_int_equal (s_rows_of (id, ""), 2);
    /* the quality figures carry no contents; a refused show reads nothing */
    Xuncha__ClueQualityShow quality = XUNCHA__CLUE_QUALITY_SHOW__INIT;
    quality.round_id = s_round;
    s_done (s_serve (OFFICE_KEY, OK, BODY (CLUE_QUALITY_SHOW), &quality, id, 0));
    assert_int_equal (s_rows_of (id, ""), 0);
    s_done (s_serve (READER_KEY, FORBIDDEN, BODY (CLUE_SHOW), &show, id, 0));
    assert_int_equal (s_rows_of (id, ""), 0);
}

static void
test_a_download_appends_a_read_row (void **state)
{
    (void) state;
    char id[37];
    Xuncha__AttachmentGet get = XUNCHA__ATTACHMENT_GET__INIT;
    get.attachment_id = s_attachment;
    Xuncha__Reply *reply = s_serve (OFFICE_KEY, OK, BODY (ATTACHMENT_GET), &get, id, 0);
    assert_true (reply->attachment_content->content.len > 0);
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE request_id = '%s' AND user_id = %lld"
                                        " AND action = 'read_attachment' AND record_type = 'attachment'"
                                        " AND record_id = %lld", id, (long long) s_office, (long long) s_attachment), 1);
    assert_int_equal (s_rows_of (id, ""), 1);
}

/* ------------------------------------------------------------------ sealing */

static void
test_sealing_in_order_and_idempotent (void **state)
{
    (void) state;
    PGconn *db = xc_test_pg_connect ();
    long rows = s_all_rows ();
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_seal"), 0);
    assert_int_equal (s_seal_all (db), rows);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_unsealed"), 0);
    /* committed one after another, sealed in seq order */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_seal a JOIN audit_seal b"
                                        " ON b.position = a.position + 1 WHERE b.seq < a.seq"), 0);
    s_expect_chain_recomputes ();
    long head = xc_test_pg_count ("SELECT max(position) FROM audit_seal");
    assert_int_equal (s_seal_all (db), 0);   /* again: nothing new */
    assert_int_equal (xc_test_pg_count ("SELECT max(position) FROM audit_seal"), head);

    /* a row written first but committed last is sealed last */
    PGconn *late = xc_test_pg_connect ();
    PQclear (PQexec (late, "BEGIN"));
    char sql[256];
    snprintf (sql, sizeof sql, "INSERT INTO audit_log (user_id, request_id, action, record_type, record_id)"
                               " VALUES (%lld, gen_random_uuid(), 'late_change', 'org_unit', 1) RETURNING seq",
              (long long) s_office);
    long late_seq = xc_test_pg_scalar (late, sql);
    char id[37];
    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = "北关村";
    unit.kind = XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE;
    unit.parent_id = xc_test_pg_count ("SELECT id FROM org_unit WHERE name = '城关镇'");
    s_done (s_serve (OFFICE_KEY, OK, BODY (ORG_UNIT_CREATE), &unit, id, 0));
    long early_seq = xc_test_pg_count ("SELECT seq FROM audit_log WHERE request_id = '%s'", id);
    assert_true (early_seq > late_seq);
    assert_int_equal (s_seal_all (db), 1);   /* the uncommitted row is not seen */
    PQclear (PQexec (late, "COMMIT"));
    PQfinish (late);
    assert_int_equal (s_seal_all (db), 1);
    assert_int_equal (xc_test_pg_count ("SELECT position FROM audit_seal WHERE seq = %ld", early_seq), head + 1);
    assert_int_equal (xc_test_pg_count ("SELECT position FROM audit_seal WHERE seq = %ld", late_seq), head + 2);
    s_expect_chain_recomputes ();
    s_expect_intact ();
    PQfinish (db);
}

typedef struct {
    long sealed;
    int failed;
} sealer_t;

static void *
s_sealer (void *arg)
{
    sealer_t *sealer = arg;
    PGconn *db = xc_test_pg_connect_app ();   /* as the server and the notifier seal */
    int sealed;
    while ((sealed = xc_audit_seal_step (db, true)) > 0)
        sealer->sealed += sealed;
    sealer->failed = sealed != 0;
    PQfinish (db);
    return NULL;
}

static void
s_bulk_rows (int count)
{
    char sql[512];
    snprintf (sql, sizeof sql,
              "INSERT INTO audit_log (user_id, request_id, action, record_type, record_id)"
              " SELECT %lld, gen_random_uuid(), 'bulk_change', 'org_unit', g FROM generate_series(1, %d) g",
              (long long) s_office, count);
    PGconn *db = xc_test_pg_connect ();
    PQclear (PQexec (db, sql));
    PQfinish (db);
}

static void
test_two_sealers_at_once_make_one_chain (void **state)
{
    (void) state;
    long before = xc_test_pg_count ("SELECT count(*) FROM audit_seal");
    s_bulk_rows (BULK_ROWS);
    sealer_t sealers[2] = { { 0, 0 }, { 0, 0 } };
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        pthread_create (&threads[i], NULL, s_sealer, &sealers[i]);
    for (int i = 0; i < 2; i++)
        pthread_join (threads[i], NULL);
    assert_false (sealers[0].failed || sealers[1].failed);
    assert_int_equal (sealers[0].sealed + sealers[1].sealed, BULK_ROWS);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_seal"), before + BULK_ROWS);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_unsealed"), 0);
    s_expect_chain_recomputes ();   /* positions 1, 2, … and every link over the one before */
    s_expect_intact ();
}

typedef struct {
    PGconn *db;
    volatile int done;
    int sealed;
} waiter_t;

static void *
s_waiting_sealer (void *arg)
{
    waiter_t *waiter = arg;
    waiter->sealed = xc_audit_seal_step (waiter->db, true);
    waiter->done = 1;
    return NULL;
}

/* While one sealer holds the lock, the notifier's kind passes at once and a waiting one
 * waits, then goes on from the holder's last link. */
static void
test_a_sealer_at_work_holds_the_others_off (void **state)
{
    (void) state;
    PGconn *holder = xc_test_pg_connect ();
    s_bulk_rows (3);
    PQclear (PQexec (holder, "BEGIN"));
    assert_int_equal (xc_audit_seal_chunk (holder, true), 3);
    s_bulk_rows (2);
    PGconn *other = xc_test_pg_connect ();
    assert_int_equal (xc_audit_seal_step (other, false), XC_AUDIT_SEAL_BUSY);
    waiter_t waiter = { xc_test_pg_connect (), 0, -1 };
    pthread_t thread;
    pthread_create (&thread, NULL, s_waiting_sealer, &waiter);
    usleep (300 * 1000);
    assert_false (waiter.done);
    PQclear (PQexec (holder, "COMMIT"));
    pthread_join (thread, NULL);
    assert_int_equal (waiter.sealed, 2);
    assert_int_equal (xc_audit_seal_step (other, false), 0);
    s_expect_chain_recomputes ();
    PQfinish (waiter.db);
    PQfinish (other);
    PQfinish (holder);
}

/* ------------------------------------------------------------------ verify */

static void
test_verify_passes_on_an_untouched_chain (void **state)
{
    (void) state;
    s_bulk_rows (5);   /* committed, not sealed: verify seals them first */
    Xuncha__Reply *reply = s_verify (NULL);
    Xuncha__AuditReport *report = reply->audit_report;
    long sealed = xc_test_pg_count ("SELECT count(*) FROM audit_seal");
    assert_true (report->intact);
    assert_int_equal (report->verified, sealed);
    assert_int_equal (report->head_position, sealed);
    assert_int_equal (sealed, s_all_rows ());
    assert_int_equal (report->unsealed, 0);
    assert_int_equal (report->problem, BREAK (NONE));
    PGconn *db = xc_test_pg_connect ();
    PGresult *head = PQexec (db, "SELECT encode(hash, 'hex') FROM audit_seal ORDER BY position DESC LIMIT 1");
    assert_string_equal (report->head_hash, PQgetvalue (head, 0, 0));
    PQclear (head);
    PQfinish (db);
    /* the head hash given back is found where it was */
    char *noted = strdup (report->head_hash);
    s_done (reply);
    reply = s_verify (noted);
    assert_true (reply->audit_report->intact);
    assert_int_equal (reply->audit_report->known_head_position, sealed);
    s_done (reply);
    free (noted);
    /* only the 巡察办 verifies or lists */
    char id[37];
    Xuncha__AuditVerify verify = XUNCHA__AUDIT_VERIFY__INIT;
    s_done (s_serve (LEADER_KEY, FORBIDDEN, BODY (AUDIT_VERIFY), &verify, id, 0));
    s_done (s_serve (READER_KEY, FORBIDDEN, BODY (AUDIT_VERIFY), &verify, id, 0));
    Xuncha__AuditList list = XUNCHA__AUDIT_LIST__INIT;
    s_done (s_serve (LEADER_KEY, FORBIDDEN, BODY (AUDIT_LIST), &list, id, 0));
    verify.known_head = "not-a-hash";
    s_done (s_serve (OFFICE_KEY, BAD_REQUEST, BODY (AUDIT_VERIFY), &verify, id, 0));
}

static void
test_the_triggers_refuse_update_delete_truncate (void **state)
{
    (void) state;
    long rows = s_all_rows (), seals = xc_test_pg_count ("SELECT count(*) FROM audit_seal");
    static const char *const statements[] = {
        "UPDATE audit_log SET action = 'forged' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 1",
        "TRUNCATE audit_log CASCADE",
        "UPDATE audit_seal SET hash = sha256('x') WHERE position = 1",
        "DELETE FROM audit_seal WHERE position = 1",
        "TRUNCATE audit_seal",
        "UPDATE audit_log SET action = 'forged' WHERE false",   /* refused before any row is looked at */
    };
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
        const char *error = s_refusal_of (statements[i]);
        if (!strstr (error, "审计日志只能追加，不能修改或删除"))
            fail_msg ("%s: expected a refusal, got \"%s\"", statements[i], error);
    }
    assert_int_equal (s_all_rows (), rows);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_seal"), seals);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE action = 'forged'"), 0);
}

static void
test_verify_names_an_altered_row (void **state)
{
    (void) state;
    long seq = s_seq_at (3);
    s_tamper ("UPDATE audit_log SET record_id = record_id + 1000 WHERE seq = %ld", seq);
    s_expect_broken (3, BREAK (CONTENT_ALTERED), "与封存时不符");
    s_tamper ("UPDATE audit_log SET record_id = record_id - 1000 WHERE seq = %ld", seq);
    s_tamper ("UPDATE audit_log SET at = at + interval '1 microsecond' WHERE seq = %ld", s_seq_at (7));
    s_expect_broken (7, BREAK (CONTENT_ALTERED), "第 7 环的审计记录");
    s_tamper ("UPDATE audit_log SET at = at - interval '1 microsecond' WHERE seq = %ld", s_seq_at (7));
    /* the link itself altered: the row no longer hashes to it */
    s_tamper ("DROP TABLE IF EXISTS saved_seal; CREATE TABLE saved_seal AS SELECT * FROM audit_seal WHERE position = 5;"
              " UPDATE audit_seal SET hash = sha256('forged') WHERE position = 5");
    s_expect_broken (5, BREAK (CONTENT_ALTERED), "第 5 环");
    s_tamper ("UPDATE audit_seal s SET hash = v.hash FROM saved_seal v WHERE s.position = v.position;"
              " DROP TABLE saved_seal");
    s_expect_intact ();
}

/* Saves the row and the link at POSITION, to put them back after a deletion. */
static void
s_save (int position)
{
    s_tamper ("DROP TABLE IF EXISTS saved_log, saved_seal;"
              " CREATE TABLE saved_log AS SELECT l.* FROM audit_log l JOIN audit_seal s ON s.seq = l.seq"
              " WHERE s.position = %d; CREATE TABLE saved_seal AS SELECT * FROM audit_seal WHERE position = %d",
              position, position);
}

static void
s_restore (void)
{
    s_tamper ("INSERT INTO audit_log SELECT * FROM saved_log ON CONFLICT DO NOTHING;"
              " INSERT INTO audit_seal SELECT * FROM saved_seal ON CONFLICT DO NOTHING;"
              " DROP TABLE saved_log; DROP TABLE saved_seal");
}

static void
test_verify_names_the_link_after_a_deleted_row (void **state)
{
    (void) state;
    s_save (4);
    s_tamper ("DELETE FROM audit_seal WHERE position = 4; DELETE FROM audit_log WHERE seq = (SELECT seq FROM saved_log)");
    s_expect_broken (5, BREAK (LINK_MISSING), "第 5 环之前缺少第 4 环");
    s_restore ();
    s_expect_intact ();
    /* the row deleted, its link left in place */
    s_save (6);
    s_tamper ("DELETE FROM audit_log WHERE seq = (SELECT seq FROM saved_log)");
    s_expect_broken (6, BREAK (ROW_MISSING), "已从审计日志中删除");
    s_restore ();
    /* a link that no longer follows any link of the chain */
    s_save (8);
    s_tamper ("UPDATE audit_seal SET prev_hash = sha256('elsewhere') WHERE position = 8");
    s_expect_broken (8, BREAK (LINK_MISSING), "所接的前一环已不在链中");
    s_tamper ("UPDATE audit_seal s SET prev_hash = v.prev_hash FROM saved_seal v WHERE s.position = v.position");
    s_restore ();
    s_expect_intact ();
}

/* Swaps the links at positions A and B (PK and CHECK stay in force: through a spare one). */
static void
s_swap_links (int a, int b)
{
    s_tamper ("UPDATE audit_seal SET position = 900000000 WHERE position = %d;"
              " UPDATE audit_seal SET position = %d WHERE position = %d;"
              " UPDATE audit_seal SET position = %d WHERE position = 900000000", a, a, b, b);
}

/* Swaps everything but the seq between the rows at positions A and B. */
static void
s_swap_rows (int a, int b)
{
    s_tamper ("UPDATE audit_log l SET at = o.at, user_id = o.user_id, request_id = o.request_id, action = o.action,"
              " record_type = o.record_type, record_id = o.record_id"
              " FROM audit_log o WHERE (l.seq, o.seq) IN ((%ld, %ld), (%ld, %ld))",
              s_seq_at (a), s_seq_at (b), s_seq_at (b), s_seq_at (a));
}

static void
test_verify_names_reordered_rows (void **state)
{
    (void) state;
    s_swap_links (4, 6);
    s_expect_broken (4, BREAK (OUT_OF_ORDER), "第 4 环应接在第 5 环之后，却排在第 3 环之后");
    s_swap_links (4, 6);
    s_expect_intact ();
    s_swap_links (9, 10);
    s_expect_broken (9, BREAK (OUT_OF_ORDER), "顺序被调换");
    s_swap_links (9, 10);
    s_swap_rows (4, 6);
    s_expect_broken (4, BREAK (CONTENT_ALTERED), "或与另一条记录调换");
    s_swap_rows (4, 6);
    s_expect_intact ();
}

/* Removing the newest rows with their links leaves a shorter chain that is intact in
 * itself: only a head hash noted earlier shows it. */
static void
test_a_noted_head_catches_the_removal_of_the_newest_rows (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_verify (NULL);
    char *noted = strdup (reply->audit_report->head_hash);
    int head = (int) reply->audit_report->head_position;
    s_done (reply);
    s_save (head);
    s_tamper ("DELETE FROM audit_seal WHERE position = %d; DELETE FROM audit_log WHERE seq = (SELECT seq FROM saved_log)",
              head);
    s_expect_intact ();
    reply = s_verify (noted);
    Xuncha__AuditReport *report = reply->audit_report;
    assert_false (report->intact);
    assert_int_equal (report->problem, BREAK (HEAD_MISSING));
    assert_int_equal (report->known_head_position, 0);
    assert_int_equal (report->verified, head - 1);
    assert_non_null (strstr (report->detail, "不在链中"));
    s_done (reply);
    s_restore ();
    reply = s_verify (noted);
    assert_true (reply->audit_report->intact);
    assert_int_equal (reply->audit_report->known_head_position, head);
    s_done (reply);
    free (noted);
}

/* A committed row taken out of the sealing queue stays unsealed: verify counts it. */
static void
test_verify_counts_rows_left_unsealed (void **state)
{
    (void) state;
    s_bulk_rows (1);
    s_tamper ("DELETE FROM audit_unsealed");
    Xuncha__Reply *reply = s_verify (NULL);
    assert_true (reply->audit_report->intact);
    assert_int_equal (reply->audit_report->unsealed, 1);
    assert_true (reply->audit_report->oldest_unsealed_seconds >= 0);
    assert_int_equal (strlen (reply->audit_report->oldest_unsealed_at), 19);
    s_done (reply);
    s_tamper ("INSERT INTO audit_unsealed SELECT seq FROM audit_log l"
              " WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = l.seq)");
    reply = s_verify (NULL);
    assert_int_equal (reply->audit_report->unsealed, 0);
    s_done (reply);
}

/* ------------------------------------------------------------------ list */

static Xuncha__Reply *
s_list (Xuncha__AuditList *list, int status)
{
    char id[37];
    return s_serve (OFFICE_KEY, status, BODY (AUDIT_LIST), list, id, 0);
}

static void
test_list_filters_by_person_record_time_and_action (void **state)
{
    (void) state;
    Xuncha__AuditList list = XUNCHA__AUDIT_LIST__INIT;
    list.record_type = "field_record";
    list.record_id = s_petition;
    Xuncha__Reply *reply = s_list (&list, OK);
    Xuncha__AuditEntries *entries = reply->audit_entries;
    /* newest first: the 组长's read of the identity, then the 组员's recording */
    assert_int_equal (entries->n_entries, 2);
    assert_false (entries->more);
    assert_string_equal (entries->entries[0]->action, "read_identity");
    assert_string_equal (entries->entries[0]->user_name, "张伟");
    assert_int_equal (entries->entries[0]->user_role, XUNCHA__ROLE__ROLE_GROUP_LEADER);
    assert_string_equal (entries->entries[1]->action, "record_field_work");
    assert_string_equal (entries->entries[1]->user_name, "刘洋");
    assert_true (entries->entries[0]->seq > entries->entries[1]->seq);
    assert_int_equal (strlen (entries->entries[0]->request_id), 36);
    assert_int_equal (strlen (entries->entries[0]->at), 19);
    assert_true (entries->entries[0]->sealed);
    assert_true (entries->entries[0]->position > entries->entries[1]->position);
    s_done (reply);

    xuncha__audit_list__init (&list);
    list.user_id = s_leader;
    list.action = "read_identity";
    reply = s_list (&list, OK);
    assert_int_equal (reply->audit_entries->n_entries, 1);
    s_done (reply);
    list.action = "read_clue";
    list.user_id = 0;
    reply = s_list (&list, OK);
    assert_int_equal (reply->audit_entries->n_entries, 3);   /* one show, a list of two */
    s_done (reply);

    /* time: a window around now has them, one long past none */
    xuncha__audit_list__init (&list);
    list.action = "create_org_unit";
    list.from_time = "2000-01-01 00:00";
    list.to_time = "2000-01-02 23:59";
    reply = s_list (&list, OK);
    assert_int_equal (reply->audit_entries->n_entries, 0);
    s_done (reply);
    list.from_time = "2000-01-01 00:00";
    list.to_time = "";
    reply = s_list (&list, OK);
    assert_true (reply->audit_entries->n_entries >= 4);
    s_done (reply);

    /* a limit, and whether more are left */
    xuncha__audit_list__init (&list);
    list.action = "bulk_change";
    list.limit = 10;
    reply = s_list (&list, OK);
    assert_int_equal (reply->audit_entries->n_entries, 10);
    assert_true (reply->audit_entries->more);
    s_done (reply);
    list.limit = 0;
    reply = s_list (&list, OK);
    assert_int_equal (reply->audit_entries->n_entries, 100);
    s_done (reply);

    /* a row not yet sealed says so */
    s_bulk_rows (1);
    list.limit = 1;
    reply = s_list (&list, OK);
    assert_false (reply->audit_entries->entries[0]->sealed);
    assert_int_equal (reply->audit_entries->entries[0]->position, 0);
    s_done (reply);

    xuncha__audit_list__init (&list);
    list.record_id = s_petition;
    reply = s_list (&list, BAD_REQUEST);
    assert_non_null (strstr (reply->message, "须同时给出记录类型"));
    s_done (reply);
    list.record_id = 0;
    list.limit = 1001;
    reply = s_list (&list, BAD_REQUEST);
    assert_non_null (strstr (reply->message, "一次最多列出 1000 条"));
    s_done (reply);
    xuncha__audit_list__init (&list);
    list.from_time = "2026-13-01 00:00";
    reply = s_list (&list, BAD_REQUEST);
    assert_non_null (strstr (reply->message, "from_time"));
    s_done (reply);
}

/* ------------------------------------------------------------------ the migration */

/* A database of the schema before 006, with change_log rows, brought up to date. */
static void
test_change_log_rows_move_into_the_audit_log_in_order (void **state)
{
    (void) state;
    PGconn *admin = xc_test_pg_connect ();
    PQclear (PQexec (admin, "CREATE DATABASE audit_upgrade"));
    PQfinish (admin);
    char conninfo[600];
    snprintf (conninfo, sizeof conninfo, "%s dbname=audit_upgrade", xc_test_pg_owner_conninfo ());
    PGconn *db = PQconnectdb (conninfo);
    assert_int_equal (PQstatus (db), CONNECTION_OK);
    PQclear (PQexec (db, "SET client_min_messages = warning; CREATE TABLE schema_migration ("
                         " version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"));
    for (int i = 0; i < xc_migration_count && xc_migrations[i].version < 6; i++) {
        PGresult *result = PQexec (db, xc_migrations[i].sql);
        if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
            fail_msg ("migration %s: %s", xc_migrations[i].name, PQerrorMessage (db));
        PQclear (result);
        char record[160];
        snprintf (record, sizeof record, "INSERT INTO schema_migration (version, name) VALUES (%d, '%s')",
                  xc_migrations[i].version, xc_migrations[i].name);
        PQclear (PQexec (db, record));
    }
    PGresult *result = PQexec (db,
        "INSERT INTO app_user (public_key, display_name, role) VALUES ('k', '巡察办', 1);"
        "INSERT INTO change_log (id, changed_at, user_id, request_id, action, record_type, record_id) VALUES"
        " (2, '2026-03-01 09:00+08', 1, '00000000-0000-4000-8000-000000000002', 'plan_round', 'round', 1),"
        " (5, '2026-03-01 09:05+08', 1, '00000000-0000-4000-8000-000000000005', 'form_group', 'inspection_group', 1),"
        " (1, '2026-03-01 08:55+08', 1, '00000000-0000-4000-8000-000000000001', 'create_org_unit', 'org_unit', NULL)");
    assert_int_equal (PQresultStatus (result), PGRES_COMMAND_OK);
    PQclear (result);
    char error[512];
    if (xc_migrate (db, error, sizeof error) < 1)
        fail_msg ("migration failed: %s", error);
    result = PQexec (db, "SELECT string_agg(seq || ':' || action || ':' || coalesce(record_id::text, '-'), ',' ORDER BY seq)"
                         " FROM audit_log");
    assert_string_equal (PQgetvalue (result, 0, 0), "1:create_org_unit:-,2:plan_round:1,5:form_group:1");
    PQclear (result);
    assert_int_equal (xc_test_pg_scalar (db, "SELECT count(*) FROM change_log"), 3);
    assert_int_equal (xc_test_pg_scalar (db, "SELECT count(*) FROM audit_unsealed"), 3);
    assert_int_equal (xc_test_pg_scalar (db,
        "INSERT INTO audit_log (user_id, request_id, action, record_type) VALUES (1, gen_random_uuid(), 'x', 'y')"
        " RETURNING seq"), 6);
    assert_int_equal (s_seal_all (db), 4);
    result = PQexec (db, "SELECT string_agg(seq::text, ',' ORDER BY position) FROM audit_seal");
    assert_string_equal (PQgetvalue (result, 0, 0), "1,2,5,6");
    PQclear (result);
    PQfinish (db);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_a_change_appends_one_row_per_changed_record),
        cmocka_unit_test (test_a_refusal_or_a_replay_appends_nothing),
        cmocka_unit_test (test_reading_an_identity_appends_a_read_row),
        cmocka_unit_test (test_showing_or_listing_clues_appends_a_read_row_per_clue),
        cmocka_unit_test (test_a_download_appends_a_read_row),
        cmocka_unit_test (test_sealing_in_order_and_idempotent),
        cmocka_unit_test (test_two_sealers_at_once_make_one_chain),
        cmocka_unit_test (test_a_sealer_at_work_holds_the_others_off),
        cmocka_unit_test (test_verify_passes_on_an_untouched_chain),
        cmocka_unit_test (test_the_triggers_refuse_update_delete_truncate),
        cmocka_unit_test (test_verify_names_an_altered_row),
        cmocka_unit_test (test_verify_names_the_link_after_a_deleted_row),
        cmocka_unit_test (test_verify_names_reordered_rows),
        cmocka_unit_test (test_a_noted_head_catches_the_removal_of_the_newest_rows),
        cmocka_unit_test (test_verify_counts_rows_left_unsealed),
        cmocka_unit_test (test_list_filters_by_person_record_time_and_action),
        cmocka_unit_test (test_change_log_rows_move_into_the_audit_log_in_order),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
