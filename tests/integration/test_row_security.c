/* The database's own line of defence (server/sql/008_least_privilege.sql), asked
 * directly with libpq as the server's role xuncha_app, in the scope world of
 * xc_test_world.h — what a handler that forgot its check would get:
 *
 *   - without a principal set, no petitioner identity, clue, clue evidence or attachment;
 *   - with a user's scope, that user's rows only (another group's, another unit's, another
 *     receiver's stay hidden), and the scope ends with the transaction;
 *   - a row outside the scope is neither written nor changed, and the server's own reader
 *     of a clue, run without its check, finds another group's clue missing;
 *   - the system scope of the reminder passes reads transferred clues, nothing else; the
 *     outline functions tell where a record belongs and nothing of its contents;
 *   - xuncha_app owns nothing, is no superuser and cannot bypass row security; it cannot
 *     UPDATE, DELETE or TRUNCATE the audit tables, nor ALTER, DROP or create a table, nor
 *     change an attachment's bytes. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "clue_read.h"
#include "xc_arena.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static xc_dispatcher_t *s_dispatcher;
static xc_scope_world_t w;
static PGconn *s_app;   /* xuncha_app, as the server connects */

#define SENSITIVE_TABLES { "petitioner_identity", "clue", "clue_evidence", "attachment" }

/* SQL formatted from FMT on DB; the first column of the first row (-1 on an error). */
static long
s_scalar (PGconn *db, const char *fmt, ...)
{
    char sql[1024];
    va_list args;
    va_start (args, fmt);
    vsnprintf (sql, sizeof sql, fmt, args);
    va_end (args);
    return xc_test_pg_scalar (db, sql);
}

/* The SQLSTATE of SQL's failure on DB ("" when it passed). */
static const char *
s_refused (PGconn *db, const char *sql)
{
    static char state[8];
    PGresult *result = PQexec (db, sql);
    const char *code = PQresultErrorField (result, PG_DIAG_SQLSTATE);
    snprintf (state, sizeof state, "%s", code ? code : "");
    PQclear (result);
    return state;
}

static void
s_exec (PGconn *db, const char *fmt, ...)
{
    char sql[1024];
    va_list args;
    va_start (args, fmt);
    vsnprintf (sql, sizeof sql, fmt, args);
    va_end (args);
    PGresult *result = PQexec (db, sql);
    if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        fail_msg ("%s: %s", sql, PQerrorMessage (db));
    PQclear (result);
}

/* A transaction of s_app with USER's scope, as the dispatcher opens one. */
static void
s_begin_as (int64_t user)
{
    s_exec (s_app, "BEGIN");
    s_exec (s_app, "SELECT set_config('xuncha.user_id', '%lld', true)", (long long) user);
}

static void
s_rollback (void)
{
    s_exec (s_app, "ROLLBACK");
}

/* ------------------------------------------------------------------ tests */

static void
test_without_a_scope_no_sensitive_row (void **state)
{
    (void) state;
    PGconn *owner = xc_test_pg_connect ();
    const char *tables[] = SENSITIVE_TABLES;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        long stored = s_scalar (owner, "SELECT count(*) FROM %s", tables[i]);
        if (stored <= 0)
            fail_msg ("the world holds no %s row to hide", tables[i]);
        assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM %s", tables[i]), 0);
    }
    /* not by naming it, nor through a join */
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM petitioner_identity WHERE record_id = %lld",
                                (long long) w.record[0]), 0);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM field_record f JOIN attachment a ON a.record_id = f.id"), 0);
    PQfinish (owner);
}

static void
test_another_users_scope_shows_only_his_rows (void **state)
{
    (void) state;
    /* 第二巡察组's 组员: his group's identity, clues and attachment, nothing of 第一巡察组 */
    s_begin_as (w.member[1]);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM petitioner_identity"), 1);
    assert_int_equal (s_scalar (s_app, "SELECT record_id FROM petitioner_identity"), w.record[1]);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue WHERE group_id <> %lld", (long long) w.group[1]), 0);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue"), 2);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue_evidence"), 1);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM attachment"), 1);
    assert_int_equal (s_scalar (s_app, "SELECT id FROM attachment"), w.attachment[1]);
    s_rollback ();
    /* the scope ends with the transaction */
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue"), 0);
    /* 区纪委监委: the clue transferred to it (and nothing drafted) */
    s_begin_as (w.discipline);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue"), 1);
    assert_int_equal (s_scalar (s_app, "SELECT id FROM clue"), w.clue_to[0]);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM petitioner_identity"), 0);
    s_rollback ();
    /* 河西镇: its own task's evidence only; a 只读 reader: every task's, no field work */
    s_begin_as (w.unit_user[1]);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM attachment"), 1);
    assert_int_equal (s_scalar (s_app, "SELECT id FROM attachment"), w.evidence[1]);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue"), 0);
    s_rollback ();
    s_begin_as (w.reader);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM attachment WHERE task_id IS NULL"), 0);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM attachment"), 2);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue"), 0);
    s_rollback ();
    /* the 巡察办: everything */
    s_begin_as (w.office);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM attachment"), 4);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM petitioner_identity"), 2);
    s_rollback ();
    /* a revoked user's scope: nothing */
    PGconn *owner = xc_test_pg_connect ();
    s_exec (owner, "UPDATE app_user SET revoked_at = now() WHERE id = %lld", (long long) w.member[1]);
    s_begin_as (w.member[1]);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue"), 0);
    s_rollback ();
    s_exec (owner, "UPDATE app_user SET revoked_at = NULL WHERE id = %lld", (long long) w.member[1]);
    PQfinish (owner);
}

static void
test_rows_outside_the_scope_are_neither_written_nor_changed (void **state)
{
    (void) state;
    PGconn *owner = xc_test_pg_connect ();
    long briefing = s_scalar (owner,
        "INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by, briefer, topic)"
        " VALUES (1, %lld, %lld, %lld, '2026-03-06', %lld, '镇长', '工作汇报') RETURNING id",
        (long long) w.round, (long long) w.group[0], (long long) w.town[0], (long long) w.member[0]);
    s_begin_as (w.member[1]);
    /* an identity for 第一巡察组's record */
    char sql[512];
    snprintf (sql, sizeof sql, "SAVEPOINT a; INSERT INTO petitioner_identity (record_id, name) VALUES (%ld, '张三')",
              briefing);
    assert_string_equal (s_refused (s_app, sql), "42501");
    s_exec (s_app, "ROLLBACK TO SAVEPOINT a");
    snprintf (sql, sizeof sql, "UPDATE clue SET conduct = '已改' WHERE id = %lld", (long long) w.clue[0]);
    PGresult *result = PQexec (s_app, sql);
    assert_int_equal (PQresultStatus (result), PGRES_COMMAND_OK);
    assert_string_equal (PQcmdTuples (result), "0");
    PQclear (result);
    /* his own group's clue, but drafted in another's name */
    snprintf (sql, sizeof sql, "SAVEPOINT b; INSERT INTO clue (round_id, group_id, unit_id, person_name, conduct, drafted_by)"
                               " VALUES (%lld, %lld, %lld, '某', '某事', %lld)", (long long) w.round, (long long) w.group[1],
              (long long) w.village[1], (long long) w.leader[1]);
    assert_string_equal (s_refused (s_app, sql), "42501");
    s_rollback ();
    assert_int_equal (s_scalar (owner, "SELECT count(*) FROM clue WHERE conduct = '已改'"), 0);
    PQfinish (owner);
}

/* A handler that forgot xc_require_clue_reader: the server's loader, in a transaction
 * scoped to 第二巡察组's 组员, finds 第一巡察组's clue missing and his own present. */
static void
test_a_handler_without_its_check_gets_nothing_outside_the_scope (void **state)
{
    (void) state;
    Xuncha__Reply reply = XUNCHA__REPLY__INIT;
    xc_call_t call = { .db = s_app, .arena = xc_arena_new (), .request_id = "", .reply = &reply };
    s_begin_as (w.member[1]);
    assert_null (xc_clue_load (&call, w.clue[0]));
    assert_int_equal (call.status, XUNCHA__STATUS__STATUS_NOT_FOUND);
    s_rollback ();
    s_begin_as (w.member[1]);
    Xuncha__Clue *own = xc_clue_load (&call, w.clue[1]);
    assert_non_null (own);
    assert_string_equal (own->content->person->name, "赵某某");
    s_rollback ();
    xc_arena_destroy (&call.arena);
}

static void
test_the_system_scope_and_the_outlines (void **state)
{
    (void) state;
    s_exec (s_app, "BEGIN");
    s_exec (s_app, "SELECT set_config('xuncha.scope', 'system', true)");
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue"), 2);   /* the two transferred */
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue WHERE batch_id IS NULL"), 0);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM attachment"), 0);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM petitioner_identity"), 0);
    char sql[256];
    snprintf (sql, sizeof sql, "UPDATE clue SET state = 6 WHERE id = %lld", (long long) w.clue_to[0]);
    PGresult *result = PQexec (s_app, sql);
    assert_string_equal (PQcmdTuples (result), "0");   /* read, never changed */
    PQclear (result);
    s_rollback ();
    /* where a record belongs, and no more, whoever asks; the scope not left behind */
    PGconn *owner = xc_test_pg_connect ();
    long clues = s_scalar (owner, "SELECT count(*) FROM clue");
    PQfinish (owner);
    result = PQexec (s_app, "SELECT * FROM clue_whereabouts((SELECT array_agg(id) FROM generate_series(1, 100) id))");
    assert_int_equal (PQntuples (result), clues);
    assert_int_equal (PQnfields (result), 3);
    PQclear (result);
    result = PQexec (s_app, "SELECT * FROM attachment_whereabouts(1)");
    assert_int_equal (PQntuples (result), 1);
    assert_int_equal (PQnfields (result), 3);
    PQclear (result);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue_figures(%lld)", (long long) w.round), 6);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM clue"), 0);
}

static void
test_the_servers_role_holds_no_power_over_the_schema (void **state)
{
    (void) state;
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM pg_roles WHERE rolname = current_user"
                                       " AND NOT rolsuper AND NOT rolbypassrls AND NOT rolcreaterole AND NOT rolcreatedb"), 1);
    assert_int_equal (s_scalar (s_app, "SELECT count(*) FROM pg_class WHERE relowner ="
                                       " (SELECT oid FROM pg_roles WHERE rolname = current_user)"), 0);
    const char *refused[] = {
        "UPDATE audit_log SET record_id = 1",
        "DELETE FROM audit_log",
        "UPDATE audit_seal SET position = position",
        "DELETE FROM audit_seal",
        "TRUNCATE audit_log",
        "UPDATE attachment SET content = 'x'",
        "DELETE FROM attachment",
        "DELETE FROM clue",
        "DELETE FROM app_user",
        "INSERT INTO schema_migration (version, name) VALUES (999, 'x')",
        "ALTER TABLE clue DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
        "DROP TABLE clue",
        "DROP POLICY clue_of_scope ON clue",
        "CREATE TABLE stolen (id int)",
        "SET ROLE postgres",
        "SET session_replication_role = replica",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        const char *code = s_refused (s_app, refused[i]);
        if (strcmp (code, "42501") != 0)   /* insufficient_privilege */
            fail_msg ("xuncha_app: \"%s\" gave SQLSTATE \"%s\", expected 42501", refused[i], code);
    }
    /* what it may do to the audit log: append, as the server does */
    s_begin_as (w.office);
    s_exec (s_app, "INSERT INTO audit_log (user_id, request_id, action, record_type) VALUES (%lld, gen_random_uuid(),"
                   " 'read_clue', 'clue')", (long long) w.office);
    s_rollback ();
}

static int
s_setup (void **state)
{
    (void) state;
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    xc_world_build_scopes (s_dispatcher, &w);
    /* one evidence row per group's clue (the world's clues cite none) */
    PGconn *owner = xc_test_pg_connect ();
    for (int g = 0; g < 2; g++)
        s_exec (owner, "INSERT INTO clue_evidence (clue_id, position, record_id) VALUES (%lld, 1, %lld)",
                (long long) w.clue[g], (long long) w.record[g]);
    PQfinish (owner);
    s_app = xc_test_pg_connect_app ();
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    PQfinish (s_app);
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_without_a_scope_no_sensitive_row),
        cmocka_unit_test (test_another_users_scope_shows_only_his_rows),
        cmocka_unit_test (test_rows_outside_the_scope_are_neither_written_nor_changed),
        cmocka_unit_test (test_a_handler_without_its_check_gets_nothing_outside_the_scope),
        cmocka_unit_test (test_the_system_scope_and_the_outlines),
        cmocka_unit_test (test_the_servers_role_holds_no_power_over_the_schema),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
