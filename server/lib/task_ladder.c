/* task_ladder — see task_ladder.h. */
#include "task_ladder.h"
#include "handlers.h"

/* status 1 未开始, 2 整改中: open; 3 已完成, 4 已验收: nothing to remind */
#define XC_OPEN "status IN (1, 2)"

int
xc_task_ladder_load (xc_call_t *call, xc_ladder_t *ladder)
{
    return xc_setting_int (call, "reminder_green_days", &ladder->green_days) != 0
                   || xc_setting_int (call, "reminder_yellow_days", &ladder->yellow_days) != 0
                   || xc_setting_int (call, "reminder_overdue_repeat_days", &ladder->repeat_days) != 0
               ? -1
               : 0;
}

int
xc_tasks_rearm (xc_call_t *call, const char *where, int64_t id)
{
    xc_ladder_t ladder;
    if (xc_task_ladder_load (call, &ladder) != 0)
        return -1;
    /* the closed ones among the tasks: disarmed (after the settings changed, every
     * closed task has been disarmed already: they are not even looked at) */
    const char *disarm = where ? xc_arena_printf (call->arena,
        "WITH disarmed AS (DELETE FROM task_schedule WHERE task_id IN"
        " (SELECT id FROM rectification_task WHERE NOT " XC_OPEN " AND %s)) ", where) : "";
    /* the open ones: armed from their deadline (a row already so is not rewritten; it
     * is locked all the same, so a re-arming waits for the chunk holding it and has the
     * last word) */
    const char *sql = xc_arena_printf (call->arena,
        "%sINSERT INTO task_schedule (task_id, next_reminder_on)"
        " SELECT id, deadline - $1::int FROM rectification_task WHERE " XC_OPEN " AND %s"
        " ON CONFLICT (task_id) DO UPDATE SET next_reminder_on = excluded.next_reminder_on"
        " WHERE task_schedule.next_reminder_on <> excluded.next_reminder_on", disarm, where ? where : "true");
    const char *params[] = { xc_call_int (call, ladder.green_days), xc_call_int (call, id) };
    return xc_call_exec (call, sql, where ? 2 : 1, params);
}
