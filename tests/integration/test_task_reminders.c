/* The 整改期限提醒 scheduler (task_reminders.h) on a real PostgreSQL, driven through the
 * days of a deadline: green once to the 经办人 (to the unit's 主要负责人 when none is
 * assigned), yellow once to the 经办人 and 责任领导, red to the 主要负责人 and the 巡察办 on
 * the day after the deadline and again every 7 days, nothing in between, nothing twice
 * on the same day; a missed level not sent late; nothing for a completed task; a fresh
 * ladder after an extension; the ladder's settings refused when yellow would not come
 * after green, and re-armed when changed, never sending a lower or a repeated level;
 * two schedulers at once sending each reminder exactly once; a chunk rolled back or a
 * scheduler's connection lost mid-pass, and the next pass sending exactly the rest; a
 * task re-armed while a chunk holds it waiting for the chunk, its new ladder standing.
 *
 * Feedback, tasks and the units' users are seeded with SQL (s_seed, s_task, s_tasks):
 * this tests the scheduler, not the handlers that create them. */
#include "call.h"
#include "task_ladder.h"
#include "task_reminders.h"
#include "xc_clock.h"
#include "xc_codec.h"
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define OFFICE_KEY "office0000000000000000000000000000000000"
#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define BAD_REQUEST XUNCHA__STATUS__STATUS_BAD_REQUEST
#define TASK_DUE XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASK_DUE
#define PROBLEM "村集体资金违规出借给个人"   /* a task's title: never in a reminder */
#define SCHEDULERS 2
#define MANY 1500

static PGconn *s_db;
static xc_dispatcher_t *s_dispatcher;
static int64_t s_office, s_round, s_group;
static int64_t s_town, s_village;              /* 城关镇: every role; 东关村: a 主要负责人 only */
static int64_t s_handler, s_leader, s_head;    /* 城关镇's 经办人, 责任领导, 主要负责人 */
static int64_t s_village_head;
static int64_t s_town_feedback, s_village_feedback;

/* ------------------------------------------------------------------ fixtures */

static int64_t
s_id (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

static int64_t
s_id (const char *fmt, ...)
{
    char sql[2048];
    va_list args;
    va_start (args, fmt);
    vsnprintf (sql, sizeof sql, fmt, args);
    va_end (args);
    long id = xc_test_pg_scalar (s_db, sql);
    if (id <= 0)
        fail_msg ("seeding failed: %s", sql);
    return id;
}

static void
s_sql (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

static void
s_sql (const char *fmt, ...)
{
    char sql[1024];
    va_list args;
    va_start (args, fmt);
    vsnprintf (sql, sizeof sql, fmt, args);
    va_end (args);
    PGresult *result = PQexec (s_db, sql);
    if (PQresultStatus (result) != PGRES_COMMAND_OK)
        fail_msg ("%s: %s", sql, PQerrorMessage (s_db));
    PQclear (result);
}

static int64_t
s_user (const char *key, const char *name, int role, int64_t unit, bool head, bool revoked)
{
    char unit_text[32] = "NULL";
    if (unit)
        snprintf (unit_text, sizeof unit_text, "%lld", (long long) unit);
    return s_id ("WITH added AS (INSERT INTO app_user (display_name, role, org_unit_id, unit_head, revoked_at)"
                 " VALUES ('%s', %d, %s, %s, %s) RETURNING id)"
                 " INSERT INTO user_key (user_id, public_key) SELECT id, '%s' FROM added RETURNING user_id",
                 name, role, unit_text, head ? "true" : "false", revoked ? "now()" : "NULL", key);
}

static int64_t
s_feedback (int64_t unit)
{
    return s_id ("INSERT INTO feedback (round_id, unit_id, group_id, talk_date, meeting_date, plan_due_date,"
                 " report_due_date, disclosure_due_date, recorded_by)"
                 " VALUES (%lld, %lld, %lld, '2026-05-11', '2026-05-12', '2026-06-02', '2026-07-13', '2026-07-13', %lld)"
                 " RETURNING id", (long long) s_round, (long long) unit, (long long) s_group, (long long) s_office);
}

/* Two units of a round in 整改: 城关镇 with a 经办人, a 责任领导 and a 主要负责人 (and a
 * revoked 主要负责人 and a plain user, never told), 东关村 with a 主要负责人 only; two
 * 巡察办 users, one revoked. */
static void
s_seed (void)
{
    s_office = s_user (OFFICE_KEY, "巡察办 陈明", 1, 0, false, false);
    s_user ("office-revoked", "巡察办 调离人员", 1, 0, false, true);
    s_town = s_id ("INSERT INTO org_unit (name, kind) VALUES ('城关镇', 2) RETURNING id");
    s_village = s_id ("INSERT INTO org_unit (name, kind, parent_id) VALUES ('东关村', 3, %lld) RETURNING id", (long long) s_town);
    s_handler = s_user ("town-handler", "经办人 张敏", 6, s_town, false, false);
    s_leader = s_user ("town-leader", "责任领导 李强", 6, s_town, false, false);
    s_head = s_user ("town-head", "主要负责人 王刚", 6, s_town, true, false);
    s_user ("town-head-revoked", "前任主要负责人", 6, s_town, true, true);
    s_user ("town-clerk", "文书 刘芳", 6, s_town, false, false);
    s_village_head = s_user ("village-head", "村支书 赵亮", 6, s_village, true, false);
    s_round = s_id ("INSERT INTO round (committee, number, type, start_date, end_date, phase)"
                    " VALUES ('十届区委', 1, 1, '2026-03-02', '2026-04-30', 7) RETURNING id");
    s_group = s_id ("INSERT INTO inspection_group (round_id, number, name) VALUES (%lld, 1, '第一巡察组') RETURNING id",
                    (long long) s_round);
    s_town_feedback = s_feedback (s_town);
    s_village_feedback = s_feedback (s_village);
}

/* xc_tasks_rearm as the task handlers call it, in a call of no request. */
static void
s_rearm (const char *where, int64_t id)
{
    xc_call_t call = { .db = s_db, .arena = xc_arena_new (), .request_id = "" };
    int rc = xc_tasks_rearm (&call, where, id);
    xc_arena_destroy (&call.arena);
    if (rc != 0)
        fail_msg ("rearm failed: %s", call.message);
}

/* COUNT open problem tasks of UNIT (each with its 底稿) due DEADLINE, with HANDLER and
 * LEADER (0: none), armed; the id of the last. */
static int64_t
s_tasks (int64_t unit, int count, const char *deadline, int64_t handler, int64_t leader)
{
    int64_t feedback = unit == s_town ? s_town_feedback : s_village_feedback;
    char handler_text[32] = "NULL", leader_text[32] = "NULL";
    if (handler)
        snprintf (handler_text, sizeof handler_text, "%lld", (long long) handler);
    if (leader)
        snprintf (leader_text, sizeof leader_text, "%lld", (long long) leader);
    int64_t last = s_id (
        "WITH paper AS (INSERT INTO working_paper (round_id, group_id, unit_id, state, created_by)"
        "   SELECT %lld, %lld, %lld, 4, %lld FROM generate_series (1, %d) RETURNING id),"
        " task AS (INSERT INTO rectification_task (feedback_id, round_id, unit_id, kind, paper_id, title,"
        "   handler_user_id, leader_user_id, deadline, original_deadline)"
        "   SELECT %lld, %lld, %lld, 1, paper.id, '" PROBLEM "', %s, %s, '%s', '%s' FROM paper RETURNING id)"
        " SELECT max(id) FROM task",
        (long long) s_round, (long long) s_group, (long long) unit, (long long) s_office, count, (long long) feedback,
        (long long) s_round, (long long) unit, handler_text, leader_text, deadline, deadline);
    s_rearm ("feedback_id = $2", feedback);
    return last;
}

static int64_t
s_task (int64_t unit, const char *deadline, int64_t handler, int64_t leader)
{
    return s_tasks (unit, 1, deadline, handler, leader);
}

/* Every task left open by a test is closed: the next test's passes see only its own. */
static int
s_close_all (void **state)
{
    (void) state;
    PGresult *result = PQexec (s_db, "UPDATE rectification_task SET status = 4; DELETE FROM task_schedule");
    int rc = PQresultStatus (result) == PGRES_COMMAND_OK ? 0 : -1;
    PQclear (result);
    return rc;
}

static int
s_setup (void **state)
{
    (void) state;
    const char *conninfo = xc_test_pg_start ();
    s_db = xc_test_pg_connect ();
    s_dispatcher = xc_dispatcher_new (conninfo, XC_MAX_FRAME_DEFAULT);
    xc_world_init (s_dispatcher, OFFICE_KEY);
    s_seed ();
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    PQfinish (s_db);
    return 0;
}

/* ------------------------------------------------------------------ helpers */

/* DATE plus OFFSET days, "YYYY-MM-DD" (a ring of buffers: several may be alive). */
static const char *
s_day (const char *date, int offset)
{
    static char ring[8][11];
    static int next;
    int64_t day;
    assert_int_equal (xc_date_parse (date, &day), 0);
    char *out = ring[next++ % 8];
    xc_date_format (day + offset, out);
    return out;
}

/* One pass of the scheduler on a connection of its own, as the notifier runs it. */
static xc_task_reminder_counts_t
s_pass_in_chunks (const char *today, int chunk)
{
    PGconn *db = xc_test_pg_connect ();
    xc_task_reminder_counts_t counts = { 0 };
    if (xc_remind_task_deadlines (db, today, chunk, &counts) != 0)
        fail_msg ("the pass of %s failed", today);
    PQfinish (db);
    return counts;
}

static xc_task_reminder_counts_t
s_pass (const char *today)
{
    return s_pass_in_chunks (today, 0);
}

/* The first column of the first row of SQL (formatted) as text; "" for none. */
static const char *
s_text (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

static const char *
s_text (const char *fmt, ...)
{
    static char text[8192];
    char sql[2048];
    va_list args;
    va_start (args, fmt);
    vsnprintf (sql, sizeof sql, fmt, args);
    va_end (args);
    PGresult *result = PQexec (s_db, sql);
    if (PQresultStatus (result) != PGRES_TUPLES_OK)
        fail_msg ("%s: %s", sql, PQerrorMessage (s_db));
    snprintf (text, sizeof text, "%s", PQntuples (result) ? PQgetvalue (result, 0, 0) : "");
    PQclear (result);
    return text;
}

/* The day TASK's next reminder is armed for, "disarmed" when it has none. */
static const char *
s_next_reminder (int64_t task)
{
    return s_text ("SELECT coalesce ((SELECT next_reminder_on::text FROM task_schedule WHERE task_id = %lld), 'disarmed')",
                   (long long) task);
}

/* The reminders of TASK in order, each "level:recipient,recipient" (ids ascending). */
static const char *
s_reminders_of (int64_t task)
{
    return s_text ("SELECT string_agg (told, '|' ORDER BY id) FROM ("
                   " SELECT e.id, e.level || ':' || coalesce (string_agg (d.user_id::text, ',' ORDER BY d.user_id), '') AS told"
                   " FROM outbox_event e LEFT JOIN outbox_delivery d ON d.event_id = e.id"
                   " WHERE e.task_id = %lld AND e.kind = %d GROUP BY e.id) AS r", (long long) task, TASK_DUE);
}

/* "a,b,c": the ids ascending. */
static const char *
s_ids (int count, ...)
{
    static char text[256];
    int64_t ids[8];
    va_list args;
    va_start (args, count);
    for (int i = 0; i < count; i++)
        ids[i] = va_arg (args, int64_t);
    va_end (args);
    for (int i = 1; i < count; i++)
        for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
            int64_t t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    text[0] = 0;
    for (int i = 0; i < count; i++)
        snprintf (text + strlen (text), sizeof text - strlen (text), "%s%lld", i ? "," : "", (long long) ids[i]);
    return text;
}

static void
s_set (const char *key, const char *value, int status, const char *needle)
{
    Xuncha__SettingSet set = XUNCHA__SETTING_SET__INIT;
    set.key = (char *) key;
    set.value = (char *) value;
    if (needle)
        xc_world_refused (OFFICE_KEY, status, needle, BODY (SETTING_SET), &set);
    else
        xuncha__reply__free_unpacked (xc_world_expect (OFFICE_KEY, status, BODY (SETTING_SET), &set), NULL);
}

/* ------------------------------------------------------------------ the ladder */

static void
test_each_level_once_to_those_it_concerns (void **state)
{
    (void) state;
    const char *deadline = "2026-09-30";
    int64_t assigned = s_task (s_town, deadline, s_handler, s_leader);
    int64_t unassigned = s_task (s_village, deadline, 0, 0);
    for (int offset = -25; offset <= 16; offset++) {
        const char *today = s_day (deadline, offset);
        bool due = offset == -20 || offset == -10 || offset == 1 || offset == 8 || offset == 15;
        xc_task_reminder_counts_t first = s_pass (today), again = s_pass (today);
        if (first.reminders != (due ? 2 : 0))
            fail_msg ("%s (%+d days): %ld reminders, expected %d", today, offset, first.reminders, due ? 2 : 0);
        if (again.reminders != 0 || again.deliveries != 0)
            fail_msg ("%s run again: %ld reminders, %ld deliveries", today, again.reminders, again.deliveries);
    }
    /* green: the 经办人; yellow: and the 责任领导; red: the 主要负责人 and the 巡察办 (not the revoked) */
    char expected[1024];
    char red[128];
    snprintf (red, sizeof red, "3:%s", s_ids (2, s_head, s_office));
    snprintf (expected, sizeof expected, "1:%lld|2:%s|%s|%s|%s", (long long) s_handler, s_ids (2, s_handler, s_leader),
              red, red, red);
    assert_string_equal (s_reminders_of (assigned), expected);
    /* nobody assigned: the unit's 主要负责人 instead, once */
    snprintf (red, sizeof red, "3:%s", s_ids (2, s_village_head, s_office));
    snprintf (expected, sizeof expected, "1:%lld|2:%lld|%s|%s|%s", (long long) s_village_head, (long long) s_village_head,
              red, red, red);
    assert_string_equal (s_reminders_of (unassigned), expected);

    snprintf (expected, sizeof expected,
              "整改任务 #%1$lld（城关镇）整改期限 2026-09-30，还有 20 天"
              "|整改任务 #%1$lld（城关镇）整改期限 2026-09-30，还有 10 天"
              "|整改任务 #%1$lld（城关镇）整改期限 2026-09-30，已逾期 1 天"
              "|整改任务 #%1$lld（城关镇）整改期限 2026-09-30，已逾期 8 天"
              "|整改任务 #%1$lld（城关镇）整改期限 2026-09-30，已逾期 15 天", (long long) assigned);
    assert_string_equal (s_text ("SELECT string_agg (title, '|' ORDER BY id) FROM outbox_event WHERE task_id = %lld",
                                 (long long) assigned), expected);
    assert_string_equal (s_text ("SELECT string_agg (level || '/' || occurrence || '@' || due_on, ' ' ORDER BY due_on)"
                                 " FROM task_reminder WHERE task_id = %lld", (long long) assigned),
                         "1/0@2026-09-10 2/0@2026-09-20 3/0@2026-10-01 3/1@2026-10-08 3/2@2026-10-15");
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE title LIKE '%%" PROBLEM "%%'"), 0);
    assert_string_equal (s_next_reminder (assigned), "2026-10-22");
}

/* A scheduler that did not run sends what is due now, once: not the level it missed. */
static void
test_missed_levels_are_not_sent_late (void **state)
{
    (void) state;
    const char *deadline = "2026-10-31";
    int64_t task = s_task (s_town, deadline, s_handler, s_leader);
    assert_int_equal (s_pass (s_day (deadline, -5)).reminders, 1);    /* yellow only */
    assert_int_equal (s_pass (s_day (deadline, 20)).reminders, 1);    /* weeks later: one red */
    assert_int_equal (s_pass (s_day (deadline, 21)).reminders, 0);
    assert_int_equal (s_pass (s_day (deadline, 22)).reminders, 1);    /* the next week's */
    assert_string_equal (s_text ("SELECT string_agg (level || '/' || occurrence, ' ' ORDER BY due_on)"
                                 " FROM task_reminder WHERE task_id = %lld", (long long) task), "2/0 3/2 3/3");
    char expected[1024];
    snprintf (expected, sizeof expected,
              "整改任务 #%1$lld（城关镇）整改期限 2026-10-31，还有 5 天"
              "|整改任务 #%1$lld（城关镇）整改期限 2026-10-31，已逾期 20 天"
              "|整改任务 #%1$lld（城关镇）整改期限 2026-10-31，已逾期 22 天", (long long) task);
    assert_string_equal (s_text ("SELECT string_agg (title, '|' ORDER BY id) FROM outbox_event WHERE task_id = %lld",
                                 (long long) task), expected);
}

/* A unit without an active 主要负责人 and without a 经办人: its users are told instead. */
static void
test_a_unit_without_a_head_is_told_through_its_users (void **state)
{
    (void) state;
    const char *deadline = "2026-11-30";
    s_sql ("UPDATE app_user SET unit_head = false WHERE id = %lld", (long long) s_village_head);
    int64_t task = s_task (s_village, deadline, 0, 0);
    assert_int_equal (s_pass (s_day (deadline, -20)).reminders, 1);
    assert_int_equal (s_pass (s_day (deadline, 1)).reminders, 1);
    s_sql ("UPDATE app_user SET unit_head = true WHERE id = %lld", (long long) s_village_head);
    char expected[256];
    snprintf (expected, sizeof expected, "1:%lld|3:%s", (long long) s_village_head, s_ids (2, s_office, s_village_head));
    assert_string_equal (s_reminders_of (task), expected);
}

static void
test_completed_tasks_get_nothing (void **state)
{
    (void) state;
    const char *deadline = "2026-08-31";
    int64_t done = s_task (s_town, deadline, s_handler, s_leader);
    s_sql ("UPDATE rectification_task SET status = 3 WHERE id = %lld", (long long) done);
    s_rearm ("id = $2", done);
    assert_string_equal (s_next_reminder (done), "disarmed");
    /* one verified but still armed (a handler forgot to re-arm): disarmed, not reminded */
    int64_t stale = s_task (s_village, deadline, 0, 0);
    s_sql ("UPDATE rectification_task SET status = 4 WHERE id = %lld", (long long) stale);
    for (int offset = -20; offset <= 8; offset++) {
        xc_task_reminder_counts_t counts = s_pass (s_day (deadline, offset));
        if (counts.reminders != 0)
            fail_msg ("%+d days: %ld reminders for completed tasks", offset, counts.reminders);
    }
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM task_reminder WHERE task_id IN (%lld, %lld)",
                                        (long long) done, (long long) stale), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE task_id IN (%lld, %lld)",
                                        (long long) done, (long long) stale), 0);
    assert_string_equal (s_next_reminder (stale), "disarmed");
}

/* An approved extension (the deadline moved, the task re-armed) starts a fresh ladder. */
static void
test_an_extension_starts_a_fresh_ladder (void **state)
{
    (void) state;
    int64_t task = s_task (s_town, "2026-11-30", s_handler, s_leader);
    assert_int_equal (s_pass ("2026-11-20").reminders, 1);   /* yellow for 11-30 */
    s_sql ("UPDATE rectification_task SET deadline = '2026-12-31' WHERE id = %lld", (long long) task);
    s_rearm ("id = $2", task);
    for (int offset = 1; offset <= 45; offset++) {   /* to 2027-01-04 */
        const char *today = s_day ("2026-11-20", offset);
        bool due = strcmp (today, "2026-12-11") == 0 || strcmp (today, "2026-12-21") == 0
                   || strcmp (today, "2027-01-01") == 0;
        long reminders = s_pass (today).reminders;
        if (reminders != (due ? 1 : 0))
            fail_msg ("%s: %ld reminders, expected %d", today, reminders, due ? 1 : 0);
    }
    assert_string_equal (s_text ("SELECT string_agg (deadline || ' ' || level, ', ' ORDER BY due_on)"
                                 " FROM task_reminder WHERE task_id = %lld", (long long) task),
                         "2026-11-30 2, 2026-12-31 1, 2026-12-31 2, 2026-12-31 3");
    assert_non_null (strstr (s_text ("SELECT title FROM outbox_event WHERE task_id = %lld ORDER BY id LIMIT 1 OFFSET 1",
                                     (long long) task), "整改任务"));
    assert_non_null (strstr (s_text ("SELECT title FROM outbox_event WHERE task_id = %lld ORDER BY id LIMIT 1 OFFSET 1",
                                     (long long) task), "整改期限 2026-12-31，还有 20 天"));
}

/* ------------------------------------------------------------------ settings */

static void
test_ladder_settings_keep_yellow_after_green_and_rearm (void **state)
{
    (void) state;
    const char *deadline = "2027-02-28";
    int64_t task = s_task (s_town, deadline, s_handler, s_leader);
    assert_int_equal (s_pass (s_day (deadline, -10)).reminders, 1);   /* yellow */
    const char *armed = strdup (s_next_reminder (task));

    s_set ("reminder_yellow_days", "20", BAD_REQUEST, "黄色预警天数（reminder_yellow_days = 20）须小于绿色提醒天数（reminder_green_days = 20）");
    s_set ("reminder_green_days", "10", BAD_REQUEST, "（reminder_yellow_days = 10）须小于绿色提醒天数（reminder_green_days = 10）");
    assert_string_equal (s_text ("SELECT string_agg (value, ',' ORDER BY key) FROM setting WHERE key LIKE 'reminder_%%'"),
                         "20,7,10");   /* green, overdue repeat, yellow: unchanged */
    assert_string_equal (s_next_reminder (task), armed);
    free ((void *) armed);

    /* yellow 5 days before: every open task re-armed from its deadline; the closed ones
     * (the earlier tests') neither armed nor even written to */
#define CLOSED_ROWS "SELECT count(*) || ':' || string_agg (xmin::text, ',' ORDER BY id) FROM rectification_task WHERE status > 2"
    const char *closed = strdup (s_text (CLOSED_ROWS));
    assert_true (atoi (closed) > 0);
    s_set ("reminder_yellow_days", "5", OK, NULL);
    assert_string_equal (s_next_reminder (task), s_day (deadline, -20));
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM rectification_task t JOIN task_schedule s"
                                        " ON s.task_id = t.id WHERE t.status > 2"), 0);
    assert_string_equal (s_text (CLOSED_ROWS), closed);
    free ((void *) closed);
    assert_int_equal (s_pass (s_day (deadline, -8)).reminders, 0);   /* green now, but yellow was sent */
    assert_int_equal (s_pass (s_day (deadline, -5)).reminders, 0);   /* yellow: sent already */
    assert_int_equal (s_pass (s_day (deadline, 1)).reminders, 1);    /* red */
    s_set ("reminder_green_days", "15", OK, NULL);
    assert_int_equal (s_pass (s_day (deadline, 2)).reminders, 0);    /* red of this week: sent already */
    assert_int_equal (s_pass (s_day (deadline, 8)).reminders, 1);
    assert_string_equal (s_text ("SELECT string_agg (level || '/' || occurrence, ' ' ORDER BY due_on)"
                                 " FROM task_reminder WHERE task_id = %lld", (long long) task), "2/0 3/0 3/1");
    s_set ("reminder_yellow_days", "10", OK, NULL);
    s_set ("reminder_green_days", "20", OK, NULL);
}

/* ------------------------------------------------------------------ exactly once */

typedef struct {
    const char *today;
    int chunk;
    int rc;
    xc_task_reminder_counts_t counts;
    pthread_barrier_t *start;
} scheduler_t;

/* (No cmocka assertion here: it runs on the scheduler threads.) */
static void *
s_schedule_concurrently (void *args)
{
    scheduler_t *scheduler = args;
    PGconn *db = xc_test_pg_connect ();
    pthread_barrier_wait (scheduler->start);
    scheduler->rc = xc_remind_task_deadlines (db, scheduler->today, scheduler->chunk, &scheduler->counts);
    PQfinish (db);
    return NULL;
}

/* SCHEDULERS passes at once; their counts added up. */
static xc_task_reminder_counts_t
s_passes_at_once (const char *today, int chunk)
{
    scheduler_t schedulers[SCHEDULERS];
    pthread_t threads[SCHEDULERS];
    pthread_barrier_t start;
    pthread_barrier_init (&start, NULL, SCHEDULERS);
    for (int i = 0; i < SCHEDULERS; i++) {
        schedulers[i] = (scheduler_t) { .today = today, .chunk = chunk, .start = &start };
        pthread_create (&threads[i], NULL, s_schedule_concurrently, &schedulers[i]);
    }
    xc_task_reminder_counts_t total = { 0 };
    for (int i = 0; i < SCHEDULERS; i++) {
        pthread_join (threads[i], NULL);
        assert_int_equal (schedulers[i].rc, 0);
        total.tasks += schedulers[i].counts.tasks;
        total.reminders += schedulers[i].counts.reminders;
        total.deliveries += schedulers[i].counts.deliveries;
    }
    pthread_barrier_destroy (&start);
    return total;
}

/* The reminders and deliveries of the tasks after FIRST, in the database. */
static void
s_assert_sent_once (int64_t first, long reminders, long deliveries)
{
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM task_reminder WHERE task_id > %lld", (long long) first),
                      reminders);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM (SELECT DISTINCT task_id, title FROM outbox_event"
                                        " WHERE task_id > %lld) AS once", (long long) first), reminders);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE task_id > %lld", (long long) first),
                      reminders);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery d JOIN outbox_event e ON e.id = d.event_id"
                                        " WHERE e.task_id > %lld", (long long) first), deliveries);
}

static void
test_two_schedulers_at_once_send_each_reminder_once (void **state)
{
    (void) state;
    const char *deadline = "2027-03-31";
    int64_t first = s_id ("SELECT coalesce (max(id), 0) FROM rectification_task");
    s_tasks (s_town, MANY, deadline, s_handler, 0);   /* yellow: the 经办人, and the 主要负责人 for the 责任领导 */
    s_tasks (s_village, MANY, deadline, 0, 0);        /* yellow: the 主要负责人, once */
    xc_task_reminder_counts_t sent = s_passes_at_once (s_day (deadline, -10), 100);
    assert_int_equal (sent.tasks, 2 * MANY);
    assert_int_equal (sent.reminders, 2 * MANY);
    assert_int_equal (sent.deliveries, 3 * MANY);
    s_assert_sent_once (first, 2 * MANY, 3 * MANY);
    sent = s_passes_at_once (s_day (deadline, -10), 100);
    assert_int_equal (sent.reminders + sent.deliveries, 0);
    /* and the red, on the day after, with the default chunk */
    sent = s_passes_at_once (s_day (deadline, 1), 0);
    assert_int_equal (sent.reminders, 2 * MANY);
    assert_int_equal (sent.deliveries, 2 * 2 * MANY);   /* the 主要负责人 and the 巡察办 */
    s_assert_sent_once (first, 4 * MANY, 3 * MANY + 4 * MANY);
}

static void
s_exec (PGconn *db, const char *sql)
{
    PGresult *result = PQexec (db, sql);
    if (PQresultStatus (result) != PGRES_COMMAND_OK)
        fail_msg ("%s: %s", sql, PQerrorMessage (db));
    PQclear (result);
}

/* A chunk rolled back sends nothing; a pass meanwhile skips the tasks it holds; the next
 * pass sends them, once. */
static void
test_a_chunk_rolled_back_is_sent_by_the_next_pass (void **state)
{
    (void) state;
    const char *deadline = "2027-04-30";
    const char *today = s_day (deadline, -20);
    int64_t first = s_id ("SELECT coalesce (max(id), 0) FROM rectification_task");
    s_tasks (s_town, 30, deadline, s_handler, s_leader);
    PGconn *interrupted = xc_test_pg_connect ();
    s_exec (interrupted, "BEGIN");
    xc_task_reminder_counts_t held = { 0 };
    assert_int_equal (xc_remind_task_chunk (interrupted, today, 10, &held), 10);
    assert_int_equal (held.reminders, 10);
    assert_int_equal (s_pass_in_chunks (today, 7).reminders, 20);   /* the others, not waiting */
    s_exec (interrupted, "ROLLBACK");
    PQfinish (interrupted);
    s_assert_sent_once (first, 20, 20);
    xc_task_reminder_counts_t rest = s_pass (today);
    assert_int_equal (rest.reminders, 10);
    assert_int_equal (rest.deliveries, 10);
    s_assert_sent_once (first, 30, 30);
    assert_int_equal (s_pass (today).reminders, 0);
}

typedef struct {
    int64_t task;
    const char *deadline;
    int rc;
} extension_t;

/* An approved extension as the handler does it, in a transaction of its own: the
 * deadline moved, the task re-armed. (No cmocka assertion here: it runs on a thread.) */
static void *
s_extend_concurrently (void *args)
{
    extension_t *extension = args;
    PGconn *db = xc_test_pg_connect ();
    char sql[256];
    snprintf (sql, sizeof sql, "UPDATE rectification_task SET deadline = '%s' WHERE id = %lld", extension->deadline,
              (long long) extension->task);
    PGresult *result = PQexec (db, "BEGIN");
    PQclear (result);
    result = PQexec (db, sql);
    int moved = PQresultStatus (result) == PGRES_COMMAND_OK;
    PQclear (result);
    xc_call_t call = { .db = db, .arena = xc_arena_new (), .request_id = "" };
    extension->rc = moved ? xc_tasks_rearm (&call, "id = $2", extension->task) : -1;
    xc_arena_destroy (&call.arena);
    result = PQexec (db, extension->rc == 0 ? "COMMIT" : "ROLLBACK");
    PQclear (result);
    PQfinish (db);
    return NULL;
}

static long
s_waiting_for_a_lock (void)
{
    return xc_test_pg_scalar (s_db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                    " AND datname = current_database ()");
}

/* A task re-armed (its deadline moved) while a chunk holds it: the re-arming waits for
 * the chunk, which sends what was due for the deadline it read; then the new deadline's
 * ladder stands, not the day the chunk moved on to. */
static void
test_a_rearming_waits_for_the_chunk_holding_the_task (void **state)
{
    (void) state;
    const char *today = s_day ("2027-06-30", -20);
    int64_t task = s_task (s_town, "2027-06-30", s_handler, s_leader);
    PGconn *chunk = xc_test_pg_connect ();
    s_exec (chunk, "BEGIN");
    xc_task_reminder_counts_t held = { 0 };
    assert_int_equal (xc_remind_task_chunk (chunk, today, 10, &held), 1);   /* green, for 06-30 */
    extension_t extension = { .task = task, .deadline = "2027-07-31", .rc = -1 };
    pthread_t thread;
    pthread_create (&thread, NULL, s_extend_concurrently, &extension);
    for (int i = 0; i < 250 && s_waiting_for_a_lock () == 0; i++)
        usleep (20 * 1000);
    assert_int_equal (s_waiting_for_a_lock (), 1);
    assert_string_equal (s_next_reminder (task), s_day ("2027-06-30", -20));   /* neither has committed */
    s_exec (chunk, "COMMIT");
    PQfinish (chunk);
    pthread_join (thread, NULL);
    assert_int_equal (extension.rc, 0);
    assert_string_equal (s_next_reminder (task), "2027-07-11");
    assert_int_equal (s_pass (today).reminders, 0);
    assert_int_equal (s_pass ("2027-07-11").reminders, 1);   /* green, for 07-31 */
    assert_string_equal (s_text ("SELECT string_agg (deadline || ' ' || level, ', ' ORDER BY due_on)"
                                 " FROM task_reminder WHERE task_id = %lld", (long long) task),
                         "2027-06-30 1, 2027-07-31 1");
}

static long
s_others_in_a_transaction (void)
{
    return xc_test_pg_scalar (s_db, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                                    " AND pid <> pg_backend_pid () AND xact_start IS NOT NULL");
}

/* A scheduler whose connection is lost after one chunk committed and in the middle of
 * the next: the committed one stays sent, the other is sent by the next pass. */
static void
test_a_pass_lost_mid_way_loses_nothing (void **state)
{
    (void) state;
    const char *deadline = "2027-05-31";
    const char *today = s_day (deadline, 1);
    int64_t first = s_id ("SELECT coalesce (max(id), 0) FROM rectification_task");
    s_tasks (s_village, 25, deadline, 0, 0);
    PGconn *lost = xc_test_pg_connect ();
    xc_task_reminder_counts_t sent = { 0 };
    assert_int_equal (xc_remind_task_step (lost, today, 10, &sent), 1);   /* committed */
    s_exec (lost, "BEGIN");
    assert_int_equal (xc_remind_task_chunk (lost, today, 10, &sent), 10);
    PQfinish (lost);   /* gone before COMMIT */
    for (int i = 0; i < 100 && s_others_in_a_transaction () > 0; i++)
        usleep (20 * 1000);
    assert_int_equal (s_others_in_a_transaction (), 0);
    s_assert_sent_once (first, 10, 20);
    xc_task_reminder_counts_t rest = s_pass (today);
    assert_int_equal (rest.reminders, 15);
    assert_int_equal (rest.deliveries, 30);   /* the 主要负责人 and the 巡察办 */
    s_assert_sent_once (first, 25, 50);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown (test_each_level_once_to_those_it_concerns, s_close_all),
        cmocka_unit_test_teardown (test_missed_levels_are_not_sent_late, s_close_all),
        cmocka_unit_test_teardown (test_a_unit_without_a_head_is_told_through_its_users, s_close_all),
        cmocka_unit_test_teardown (test_completed_tasks_get_nothing, s_close_all),
        cmocka_unit_test_teardown (test_an_extension_starts_a_fresh_ladder, s_close_all),
        cmocka_unit_test_teardown (test_ladder_settings_keep_yellow_after_green_and_rearm, s_close_all),
        cmocka_unit_test_teardown (test_two_schedulers_at_once_send_each_reminder_once, s_close_all),
        cmocka_unit_test_teardown (test_a_chunk_rolled_back_is_sent_by_the_next_pass, s_close_all),
        cmocka_unit_test_teardown (test_a_pass_lost_mid_way_loses_nothing, s_close_all),
        cmocka_unit_test_teardown (test_a_rearming_waits_for_the_chunk_holding_the_task, s_close_all),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
