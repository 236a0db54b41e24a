/* 巡中调度 on a real PostgreSQL: counts per group and unit, village coverage of a
 * 巡乡带村 round, and the midpoint warning under an injected clock (XUNCHA_NOW). */
#include "xc_test_pg.h"
#include "xc_test_serve.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY "office0000000000000000000000000000000000"
#define READER_KEY "reader0000000000000000000000000000000000"
#define MEMBER_KEY "member0000000000000000000000000000000000"
#define OUTSIDER_KEY "outsdr0000000000000000000000000000000000"

static xc_dispatcher_t *s_dispatcher;
static PGconn *s_db;

static void
s_sql (const char *sql)
{
    PGresult *result = PQexec (s_db, sql);
    if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        fail_msg ("%s: %s", sql, PQerrorMessage (s_db));
    PQclear (result);
}

/* A district with 城关镇 (4 villages/communities) for 第一巡察组 and 河西镇 (2 villages)
 * for 第二巡察组, a 巡乡带村 round past its midpoint, the member in 第一巡察组. */
static int
s_setup (void **state)
{
    (void) state;
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    s_db = xc_test_pg_connect ();
    xc_test_add_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0);
    xc_test_add_user (READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0);
    xc_test_add_user (MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0);
    xc_test_add_user (OUTSIDER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0);
    s_sql ("INSERT INTO org_unit (id, parent_id, name, kind) VALUES"
           " (1, NULL, '某某区', 1), (2, 1, '城关镇', 2), (3, 2, '东关村', 3), (4, 2, '西关村', 3),"
           " (5, 2, '南关村', 3), (6, 2, '城南社区', 4), (7, 1, '河西镇', 2), (8, 7, '河西村', 3),"
           " (9, 7, '柳林村', 3), (10, 1, '区财政局', 5)");
    s_sql ("INSERT INTO inspector (id, name, home_unit_id, user_id) VALUES"
           " (1, '刘洋', 10, (SELECT user_id FROM user_key WHERE public_key = '" MEMBER_KEY "')), (2, '陈静', 10, NULL)");
    s_sql ("INSERT INTO round (id, committee, number, type, start_date, end_date, midpoint_date, phase)"
           " VALUES (1, '十届区委', 3, 5, '2026-03-02', '2026-04-30', '2026-03-31', 3)");
    s_sql ("INSERT INTO inspection_group (id, round_id, number, name) VALUES (1, 1, 1, '第一巡察组'), (2, 1, 2, '第二巡察组')");
    s_sql ("INSERT INTO group_member (group_id, round_id, inspector_id, position) VALUES (1, 1, 1, 3), (2, 1, 2, 1)");
    /* 第一巡察组 has the township (so its four villages); 第二巡察组 two villages directly */
    s_sql ("INSERT INTO group_unit (group_id, round_id, unit_id) VALUES (1, 1, 2), (2, 1, 8), (2, 1, 9)");
    s_sql ("INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by) VALUES"
           " (1, 1, 1, 2, '2026-03-03', 1), (2, 1, 1, 3, '2026-03-04', 1), (2, 1, 1, 3, '2026-03-05', 1),"
           " (3, 1, 1, 2, '2026-03-06', 1), (5, 1, 2, 8, '2026-03-06', 1)");
    s_sql ("INSERT INTO working_paper (round_id, group_id, unit_id, state, created_by) VALUES"
           " (1, 1, 3, 1, 1), (1, 1, 3, 3, 1), (1, 1, 2, 1, 1)");
    s_sql ("UPDATE working_paper SET state = 5, exclusion_reason = '证据不足' WHERE unit_id = 2");
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    PQfinish (s_db);
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

static Xuncha__Reply *
s_progress (const char *key, int64_t group_id)
{
    Xuncha__ProgressShow show = XUNCHA__PROGRESS_SHOW__INIT;
    show.round_id = 1;
    show.group_id = group_id;
    return xc_test_do (s_dispatcher, key, XUNCHA__REQUEST__BODY_PROGRESS_SHOW, &show);
}

static void
test_counts_side_by_side (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-03-20", 1);
    Xuncha__Reply *reply = s_progress (OFFICE_KEY, 0);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    Xuncha__Progress *progress = reply->progress;
    assert_string_equal (progress->today, "2026-03-20");
    assert_int_equal (progress->n_groups, 2);
    Xuncha__GroupProgress *first = progress->groups[0];
    assert_string_equal (first->group_name, "第一巡察组");
    assert_int_equal (first->records->briefings, 1);
    assert_int_equal (first->records->petitions, 2);
    assert_int_equal (first->records->talks, 1);
    assert_int_equal (first->records->visits, 0);
    assert_int_equal (first->papers->drafts, 1);
    assert_int_equal (first->papers->signed_, 1);
    assert_int_equal (first->papers->excluded, 1);
    /* units: the assigned township and the village holding records and papers */
    assert_int_equal (first->n_units, 2);
    assert_string_equal (first->units[1]->unit_name, "某某区/城关镇/东关村");
    assert_int_equal (first->units[1]->records->petitions, 2);
    assert_int_equal (first->units[1]->papers->drafts, 1);
    /* 巡乡带村 coverage: 1 of the township's 4 villages/communities */
    assert_int_equal (first->villages_assigned, 4);
    assert_int_equal (first->villages_covered, 1);
    assert_int_equal (first->n_warnings, 0);   /* midpoint not reached */
    Xuncha__GroupProgress *second = progress->groups[1];
    assert_int_equal (second->villages_assigned, 2);
    assert_int_equal (second->villages_covered, 1);
    assert_int_equal (second->records->visits, 1);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_midpoint_warning (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-04-01", 1);   /* the day after the midpoint */
    Xuncha__Reply *reply = s_progress (READER_KEY, 0);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    Xuncha__GroupProgress *first = reply->progress->groups[0], *second = reply->progress->groups[1];
    assert_int_equal (first->n_warnings, 1);
    assert_string_equal (first->warnings[0], "已过中间节点（2026-03-31），村（社区）覆盖 1/4，未达半数");
    assert_int_equal (second->n_warnings, 0);   /* 1 of 2 is half: not less than half */
    xuncha__reply__free_unpacked (reply, NULL);
    /* on the midpoint itself there is no warning yet */
    setenv ("XUNCHA_NOW", "2026-03-31", 1);
    reply = s_progress (OFFICE_KEY, 0);
    assert_int_equal (reply->progress->groups[0]->n_warnings, 0);
    xuncha__reply__free_unpacked (reply, NULL);
    /* a second covered village makes half: the warning goes */
    setenv ("XUNCHA_NOW", "2026-04-01", 1);
    s_sql ("INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by)"
           " VALUES (5, 1, 1, 6, '2026-04-01', 1)");
    reply = s_progress (OFFICE_KEY, 0);
    assert_int_equal (reply->progress->groups[0]->villages_covered, 2);
    assert_int_equal (reply->progress->groups[0]->n_warnings, 0);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_an_inspector_sees_his_own_group (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_progress (MEMBER_KEY, 0);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    assert_int_equal (reply->progress->n_groups, 1);
    assert_string_equal (reply->progress->groups[0]->group_name, "第一巡察组");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_progress (MEMBER_KEY, 2);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_FORBIDDEN);
    assert_non_null (strstr (reply->message, "第二巡察组"));
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_progress (OUTSIDER_KEY, 0);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_FORBIDDEN);
    xuncha__reply__free_unpacked (reply, NULL);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_counts_side_by_side),
        cmocka_unit_test (test_midpoint_warning),
        cmocka_unit_test (test_an_inspector_sees_his_own_group),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
