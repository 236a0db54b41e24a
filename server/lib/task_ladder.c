/* task_ladder — see task_ladder.h. */
#include "task_ladder.h"
#include "handlers.h"

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
    /* status 1 未开始, 2 整改中: open; 3 已完成, 4 已验收: nothing to remind */
    const char *sql = xc_arena_printf (call->arena,
        "UPDATE rectification_task SET next_reminder_on ="
        " CASE WHEN status IN (1, 2) THEN deadline - $1::int END WHERE %s", where ? where : "true");
    const char *params[] = { xc_call_int (call, ladder.green_days), xc_call_int (call, id) };
    return xc_call_exec (call, sql, where ? 2 : 1, params);
}
