/* task_reminders — see task_reminders.h.
 *
 * A chunk is four steps in one transaction. It locks the first due schedule rows
 * (task_schedule) nobody else holds, in the order of (next_reminder_on, task_id), from
 * the index task_schedule_due: two passes at once take different tasks instead of
 * waiting for each other, and whoever re-arms or closes one of them waits for the
 * chunk. It reads those tasks and the committee's ladder, in statements begun after the
 * locks were taken: it sees every change committed before them, and a change still
 * under way cannot commit before the chunk does (a moved deadline or a changed ladder
 * comes with its re-arming, which waits for the rows the chunk holds). It works out in
 * C, with the ladder, the reminder due on the day and the next day one can be due. And
 * one statement does the rest for the whole chunk: it moves every task's next reminder
 * day on, claims the reminders in task_reminder (ON CONFLICT DO NOTHING RETURNING: only
 * what nobody sent before), and writes one outbox event per claimed reminder with a
 * delivery per recipient, which the notifier delivers. The claim, the event and the
 * moved day commit together or not at all: a pass killed anywhere sends nothing twice
 * and loses nothing, the next pass finds the same tasks still due.
 *
 * The task rows themselves are only read, never written nor locked: the day moved on is
 * a narrow row of its own, so a chunk writes no wide task row and none of the task's
 * indexes (server/sql/005_rectification.sql says why no foreign key points at them from
 * task_reminder and outbox_event).
 *
 * Where the unit has no active 主要负责人, every active user of the unit stands in for
 * one, so that a reminder meant for the unit always reaches it.
 *
 * A lower level than one already sent for the same deadline is never sent: after the
 * settings changed (the ladder re-armed) a task may find itself "green" again after
 * its yellow warning. A completed task still armed (it should not be) is disarmed. */
#include "task_reminders.h"
#include "call.h"
#include "task_ladder.h"
#include "xc_clock.h"
#include "xc_log.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* $1 today, $2 how many: the due tasks' schedule rows, locked until the chunk commits. */
#define XC_LOCK_DUE_TASKS \
    "SELECT task_id FROM task_schedule WHERE next_reminder_on <= $1::date" \
    " ORDER BY next_reminder_on, task_id LIMIT $2::int FOR UPDATE SKIP LOCKED"

/* $1 the tasks locked: what the ladder and the recipients need. Day numbers: days since
 * 1970-01-01, as xc_ladder counts. */
#define XC_READ_TASKS \
    "SELECT id, deadline - DATE '1970-01-01', status IN (1, 2), unit_id," \
    "       coalesce (handler_user_id, 0), coalesce (leader_user_id, 0)" \
    "  FROM rectification_task WHERE id = ANY ($1::bigint[])"

/* $1 today; per task, in arrays of one order: $2 ids, $3 open (1) or closed (0), $4
 * levels due (0: none, or the task is closed), $5 occurrences, $6 next reminder days,
 * $7 deadlines (days), $8 units, $9 经办人 and $10 责任领导 (0: none); $11 the
 * notification kind. Returns the reminders claimed and the deliveries. A reminder is
 * claimed unless one of a higher level or this very one was sent for the deadline (the
 * key of task_reminder has the last word). The title names the task by number and
 * unit, never its problem; the colour travels as the event's level, which clients
 * show. Every part of a WITH sees the tasks as they were when the statement began. */
#define XC_SEND_CHUNK \
    "WITH plan AS (" \
    "   SELECT p.task_id, p.open = 1 AS open, p.level, p.occurrence, p.next_day," \
    "          DATE '1970-01-01' + p.deadline_day AS deadline," \
    "          p.unit_id, nullif (p.handler, 0) AS handler, nullif (p.leader, 0) AS leader" \
    "     FROM unnest ($2::bigint[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::bigint[], $9::bigint[]," \
    "                  $10::bigint[])" \
    "       AS p (task_id, open, level, occurrence, next_day, deadline_day, unit_id, handler, leader))," \
    " moved AS (" \
    "   UPDATE task_schedule s SET next_reminder_on = DATE '1970-01-01' + p.next_day" \
    "     FROM plan p WHERE s.task_id = p.task_id AND p.open)," \
    " disarmed AS (" \
    "   DELETE FROM task_schedule s USING plan p WHERE s.task_id = p.task_id AND NOT p.open)," \
    " claimed AS (" \
    "   INSERT INTO task_reminder (task_id, deadline, level, occurrence, due_on)" \
    "   SELECT p.task_id, p.deadline, p.level, p.occurrence, $1::date FROM plan p" \
    "    WHERE p.level > 0 AND NOT EXISTS (SELECT FROM task_reminder r" \
    "          WHERE r.deadline = p.deadline AND r.task_id = p.task_id" \
    "            AND (r.level > p.level OR (r.level = p.level AND r.occurrence = p.occurrence)))" \
    "    ORDER BY p.task_id" \
    "   ON CONFLICT DO NOTHING RETURNING task_id)," \
    " subject AS (" /* who is there to tell: the 经办人 and 责任领导 unless revoked */ \
    "   SELECT p.task_id, p.level, p.unit_id, p.deadline, u.name AS unit, h.id AS handler, l.id AS leader" \
    "     FROM claimed c JOIN plan p USING (task_id) JOIN org_unit u ON u.id = p.unit_id" \
    "     LEFT JOIN app_user h ON h.id = p.handler AND h.revoked_at IS NULL" \
    "     LEFT JOIN app_user l ON l.id = p.leader AND l.revoked_at IS NULL)," \
    " event AS (" \
    "   INSERT INTO outbox_event (kind, title, task_id, level)" \
    "   SELECT $11::int, format ('整改任务 #%s（%s）整改期限 %s，%s', s.task_id, s.unit," \
    "          to_char (s.deadline, 'YYYY-MM-DD'), CASE WHEN s.deadline > $1::date" \
    "               THEN format ('还有 %s 天', s.deadline - $1::date)" \
    "               WHEN s.deadline = $1::date THEN '今天到期'" \
    "               ELSE format ('已逾期 %s 天', $1::date - s.deadline) END)," \
    "          s.task_id, s.level" \
    "     FROM subject s ORDER BY s.task_id RETURNING id, task_id)," \
    " recipient (event_id, user_id) AS (" \
    "   SELECT e.id, s.handler FROM event e JOIN subject s USING (task_id)" \
    "    WHERE s.level IN (1, 2) AND s.handler IS NOT NULL" \
    "   UNION SELECT e.id, s.leader FROM event e JOIN subject s USING (task_id)" \
    "    WHERE s.level = 2 AND s.leader IS NOT NULL" \
    "   UNION SELECT e.id, head.id FROM event e JOIN subject s USING (task_id)" \
    "     JOIN app_user head ON head.org_unit_id = s.unit_id AND head.role = 6 AND head.revoked_at IS NULL" \
    "      AND (head.unit_head OR NOT EXISTS (SELECT FROM app_user h2 WHERE h2.org_unit_id = s.unit_id" \
    "           AND h2.role = 6 AND h2.unit_head AND h2.revoked_at IS NULL))" /* no 主要负责人: every user */ \
    "    WHERE s.level = 3 OR s.handler IS NULL OR (s.level = 2 AND s.leader IS NULL)" \
    "   UNION SELECT e.id, office.id FROM event e JOIN subject s USING (task_id)" \
    "     JOIN app_user office ON office.role = 1 AND office.revoked_at IS NULL" \
    "    WHERE s.level = 3)," \
    " delivered AS (" \
    "   INSERT INTO outbox_delivery (event_id, user_id)" \
    "   SELECT event_id, user_id FROM recipient ORDER BY event_id, user_id RETURNING event_id)" \
    " SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM delivered)"

/* The chunk's plan: per column of XC_SEND_CHUNK's arrays ($2..$10), one value per task
 * taken. */
enum { S_ID, S_OPEN, S_LEVEL, S_OCCURRENCE, S_NEXT_DAY, S_DEADLINE, S_UNIT, S_HANDLER, S_LEADER, S_COLUMNS };
typedef struct {
    int count;
    int64_t *column[S_COLUMNS];
} s_plan_t;

/* Works out, for each task of DUE (XC_READ_TASKS), what is due on TODAY and when next. */
static void
s_plan (xc_call_t *call, const PGresult *due, const xc_ladder_t *ladder, int64_t today, s_plan_t *plan)
{
    plan->count = PQntuples (due);
    for (int c = 0; c < S_COLUMNS; c++)
        plan->column[c] = xc_arena_alloc (call->arena, (size_t) (plan->count ? plan->count : 1) * sizeof (int64_t));
    for (int row = 0; row < plan->count; row++) {
        int64_t deadline = xc_row_int (due, row, 1);
        xc_ladder_step_t step = xc_ladder_on (ladder, today, deadline);
        bool open = *PQgetvalue (due, row, 2) == 't';
        plan->column[S_ID][row] = xc_row_int (due, row, 0);
        plan->column[S_OPEN][row] = open;
        plan->column[S_LEVEL][row] = open ? step.level : XC_LEVEL_NONE;
        plan->column[S_OCCURRENCE][row] = step.occurrence;
        plan->column[S_NEXT_DAY][row] = step.next_day;
        plan->column[S_DEADLINE][row] = deadline;
        plan->column[S_UNIT][row] = xc_row_int (due, row, 3);
        plan->column[S_HANDLER][row] = xc_row_int (due, row, 4);
        plan->column[S_LEADER][row] = xc_row_int (due, row, 5);
    }
}

/* Sends what PLAN says in one statement; adds to COUNTS. 0, or -1 after refusing. */
static int
s_send (xc_call_t *call, const char *today, const s_plan_t *plan, xc_task_reminder_counts_t *counts)
{
    const char *params[S_COLUMNS + 2] = { today };
    for (int c = 0; c < S_COLUMNS; c++)
        params[c + 1] = xc_call_int_list (call, plan->column[c], (size_t) plan->count);
    params[S_COLUMNS + 1] = xc_call_int (call, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASK_DUE);
    PGresult *sent = xc_call_query (call, XC_SEND_CHUNK, S_COLUMNS + 2, params);
    if (!sent)
        return -1;
    counts->tasks += plan->count;
    counts->reminders += xc_row_int (sent, 0, 0);
    counts->deliveries += xc_row_int (sent, 0, 1);
    PQclear (sent);
    return 0;
}

/* Locks up to LIMIT due tasks nobody else holds, then reads them into *DUE (NULL when
 * none is due). The number taken, or -1. */
static int
s_take (xc_call_t *call, const char *today, int limit, PGresult **due)
{
    *due = NULL;
    const char *params[] = { today, xc_call_int (call, limit) };
    PGresult *locked = xc_call_query (call, XC_LOCK_DUE_TASKS, 2, params);
    if (!locked)
        return -1;
    int count = PQntuples (locked);
    int64_t *ids = xc_arena_alloc (call->arena, (size_t) (count ? count : 1) * sizeof (int64_t));
    for (int row = 0; row < count; row++)
        ids[row] = xc_row_int (locked, row, 0);
    PQclear (locked);
    if (count == 0)
        return 0;
    const char *taken[] = { xc_call_int_list (call, ids, (size_t) count) };
    *due = xc_call_query (call, XC_READ_TASKS, 1, taken);
    return *due ? count : -1;
}

/* The chunk on CALL's connection, inside its transaction: tasks taken, or -1. */
static int
s_chunk (xc_call_t *call, const char *today, int64_t today_day, int limit, xc_task_reminder_counts_t *counts)
{
    PGresult *due;
    int taken = s_take (call, today, limit, &due);
    if (taken <= 0)
        return taken;
    /* read after the locks, like the tasks: a change of the ladder committed before
     * them comes with its re-arming, one still under way waits for the chunk */
    xc_ladder_t ladder;
    if (xc_task_ladder_load (call, &ladder) != 0) {
        PQclear (due);
        return -1;
    }
    s_plan_t plan;
    s_plan (call, due, &ladder, today_day, &plan);
    PQclear (due);
    return s_send (call, today, &plan, counts) == 0 ? taken : -1;
}

int
xc_remind_task_chunk (PGconn *db, const char *today, int limit, xc_task_reminder_counts_t *counts)
{
    int64_t today_day;
    if (xc_date_parse (today, &today_day) != 0) {
        xc_log (XC_LOG_WARN, "task_reminders_failed", "reason=\"not a date: %s\"", today);
        return -1;
    }
    /* a call of no request and no user: only the query helpers use it */
    xc_call_t call = { .db = db, .arena = xc_arena_new (), .request_id = "" };
    xc_task_reminder_counts_t sent = { 0 };
    int taken = s_chunk (&call, today, today_day, limit > 0 ? limit : XC_TASK_REMINDER_CHUNK, &sent);
    if (taken < 0)   /* the caller logs the counts; only the reason is known here */
        xc_log (XC_LOG_WARN, "task_reminders_failed", "today=%s reason=\"%s\"", today, call.message);
    else {
        counts->tasks += sent.tasks;
        counts->reminders += sent.reminders;
        counts->deliveries += sent.deliveries;
    }
    xc_arena_destroy (&call.arena);
    return taken;
}

/* Runs BEGIN, COMMIT or ROLLBACK; a COMMIT that rolled back fails. */
static int
s_run (PGconn *db, const char *sql)
{
    PGresult *result = PQexec (db, sql);
    int ok = PQresultStatus (result) == PGRES_COMMAND_OK
             && (strcmp (sql, "COMMIT") != 0 || strcmp (PQcmdStatus (result), "COMMIT") == 0);
    PQclear (result);
    return ok ? 0 : -1;
}

int
xc_remind_task_step (PGconn *db, const char *today, int chunk, xc_task_reminder_counts_t *counts)
{
    int limit = chunk > 0 ? chunk : XC_TASK_REMINDER_CHUNK;
    xc_task_reminder_counts_t sent = { 0 };
    int begun = s_run (db, "BEGIN") == 0;
    int taken = begun ? xc_remind_task_chunk (db, today, limit, &sent) : -1;
    if (!begun || (taken >= 0 && s_run (db, "COMMIT") != 0)) {
        xc_log (XC_LOG_WARN, "task_reminders_failed", "today=%s reason=\"%s\"", today,
                begun ? "the chunk did not commit" : "no transaction: the database is unreachable");
        taken = -1;
    }
    if (taken < 0) {
        s_run (db, "ROLLBACK");
        return -1;
    }
    counts->tasks += sent.tasks;
    counts->reminders += sent.reminders;
    counts->deliveries += sent.deliveries;
    return taken == limit ? 1 : 0;   /* fewer: none left due that nobody else holds */
}

int
xc_remind_task_deadlines (PGconn *db, const char *today, int chunk, xc_task_reminder_counts_t *counts)
{
    int more;
    while ((more = xc_remind_task_step (db, today, chunk, counts)) > 0)
        ;
    return more;
}
