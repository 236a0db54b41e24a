/* clue_reminders — see clue_reminders.h.
 *
 * One statement claims the reminders due: it inserts (clue, level) into clue_reminder
 * with ON CONFLICT DO NOTHING and returns only the rows it inserted. The primary key
 * makes that exactly once: a concurrent run inserting the same row waits for ours and
 * then inserts nothing (or, if ours rolled back, inserts it itself). Each inserted row
 * is published through the outbox in the same transaction, so a reminder is recorded
 * if and only if it is sent. Level 1 ("将到期") is due from 7 days before the deadline
 * up to the deadline; a clue found already past it gets only level 2 ("已逾期"), never
 * a "将到期" after the fact. Rows are claimed in the order of (clue, level), so that two
 * runs wait for each other instead of deadlocking. A clue of an archived round (立卷归档)
 * is reminded of no more. */
#include "clue_reminders.h"
#include "clue_notify.h"
#include "db.h"
#include "xc_log.h"
#include <string.h>

#define XC_CLAIM_DUE_REMINDERS \
    "WITH due AS (" \
    "   INSERT INTO clue_reminder (clue_id, level)" \
    "   SELECT c.id, l.level FROM clue c CROSS JOIN (VALUES (1), (2)) AS l (level)" \
    "   WHERE c.state IN (4, 5) AND c.feedback_due_date IS NOT NULL" \
    "     AND NOT EXISTS (SELECT FROM round r WHERE r.id = c.round_id AND r.phase = 8)" /* 立卷归档: sealed */ \
    "     AND CASE l.level WHEN 1 THEN $1::date BETWEEN c.feedback_due_date - 7 AND c.feedback_due_date" \
    "                      ELSE $1::date > c.feedback_due_date END" \
    "   ORDER BY c.id, l.level" \
    "   ON CONFLICT DO NOTHING RETURNING clue_id, level)" \
    " SELECT due.clue_id, due.level, c.feedback_due_date, c.batch_id, b.receiver_unit_id, c.cadre_selection" \
    " FROM due JOIN clue c ON c.id = due.clue_id JOIN clue_batch b ON b.id = c.batch_id" \
    " ORDER BY due.clue_id, due.level"

/* "问题线索 #12 反馈期限 2026-06-30 将到期", to the receiver and the 巡察办. */
static int
s_publish (xc_call_t *call, const PGresult *due, int row)
{
    int64_t clue_id = xc_row_int (due, row, 0);
    const char *title = xc_arena_printf (call->arena, "问题线索 #%lld 反馈期限 %s %s", (long long) clue_id,
                                         PQgetvalue (due, row, 2), xc_row_int (due, row, 1) == 1 ? "将到期" : "已逾期");
    return xc_clue_notify_receiver (call, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_FEEDBACK_DUE, title, clue_id,
                                    xc_row_int (due, row, 3), xc_row_int (due, row, 4),
                                    *PQgetvalue (due, row, 5) == 't') < 0 ? -1 : 0;
}

/* Claims and publishes inside the open transaction; the number published, or -1. */
static int
s_remind (xc_call_t *call, const char *today)
{
    const char *params[] = { today };
    PGresult *due = xc_call_query (call, XC_CLAIM_DUE_REMINDERS, 1, params);
    if (!due)
        return -1;
    int count = PQntuples (due);
    for (int row = 0; row < count; row++)
        if (s_publish (call, due, row) != 0) {
            count = -1;
            break;
        }
    PQclear (due);
    return count;
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
xc_remind_clue_feedback (PGconn *db, const char *today)
{
    /* a call of no request and no user: only the outbox helpers use it */
    xc_call_t call = { .db = db, .arena = xc_arena_new (), .request_id = "" };
    /* acting for nobody: the system scope reads the transferred clues' deadlines */
    int count = s_run (db, "BEGIN") == 0 && xc_db_scope_system (db) == 0 ? s_remind (&call, today) : -1;
    if (count >= 0 && s_run (db, "COMMIT") != 0)
        count = -1;
    if (count < 0) {   /* the caller logs the counts; only the reason is known here */
        s_run (db, "ROLLBACK");
        xc_log (XC_LOG_WARN, "clue_reminders_failed", "reason=\"%s\"", call.message);
    }
    xc_arena_destroy (&call.arena);
    return count;
}
