/* task_ladder — the reminder ladder of 整改任务 as the committee set it (settings
 * reminder_green_days, reminder_yellow_days, reminder_overdue_repeat_days), and the
 * arming of a task's next reminder (table task_schedule: one narrow row per open task,
 * its next reminder day, which the scheduler's index reads).
 *
 * A task is armed while it is open (未开始, 整改中): its ladder starts over from its
 * deadline, so the next reminder is due GREEN_DAYS before it; the scheduler
 * (task_reminders.h) works out which level is due and moves the date on. A task the
 * unit completed (已完成, 已验收) is disarmed: its row goes. Reminders already sent for
 * a deadline are never sent again (table task_reminder), so arming twice is harmless. */
#ifndef XC_TASK_LADDER_H
#define XC_TASK_LADDER_H
#include "call.h"
#include "xc_ladder.h"

/* Reads the ladder from the settings; -1 after refusing. */
int xc_task_ladder_load (xc_call_t *call, xc_ladder_t *ladder);

/* Arms or disarms, after any change of status or deadline, the tasks selected by
 * WHERE (an SQL condition on rectification_task with one parameter $2, e.g.
 * "id = $2" or "feedback_id = $2") with ID as that parameter; WHERE NULL: every open
 * task (after the ladder's settings changed: the closed ones are not touched). 0, or
 * -1 after refusing. */
int xc_tasks_rearm (xc_call_t *call, const char *where, int64_t id);

#endif
