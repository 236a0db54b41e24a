/* task_change — what every change of a 整改任务 does besides the change itself: a line
 * in the task's history (task_event: who, when, what, the note), a change_log row, and
 * telling the people concerned through the outbox, all in the request's transaction.
 *
 * Who is told: the unit — its 被巡察单位 users (XC_RECIPIENTS_UNIT_USERS) — of what the
 * 巡察办 decided (tasks assigned, verification, extensions); the 巡察办 of what the
 * unit asks for (验收, 延期); one person of being named 责任领导 or 经办人. Titles name
 * the task by number and kind, never its contents. */
#ifndef XC_TASK_CHANGE_H
#define XC_TASK_CHANGE_H
#include "call.h"

/* The active 被巡察单位 users of org unit $1. */
#define XC_RECIPIENTS_UNIT_USERS \
    "SELECT id FROM app_user WHERE org_unit_id = $1 AND role = 6 AND revoked_at IS NULL"

/* Appends ACTION (TaskAction) with NOTE to the task's history at the request's time,
 * and LOG_ACTION to change_log. 0, or -1 after refusing. */
int xc_task_record (xc_call_t *call, int64_t task_id, int action, const char *note, const char *log_action);
/* Tells the users of UNIT_ID / every 巡察办 user. TASK_ID 0: no single task. */
int xc_task_tell_unit (xc_call_t *call, Xuncha__NotificationKind kind, int64_t unit_id, int64_t task_id,
                       const char *title);
int xc_task_tell_office (xc_call_t *call, Xuncha__NotificationKind kind, int64_t task_id, const char *title);
/* Tells the one user USER_ID (while the account is active). */
int xc_task_tell_user (xc_call_t *call, Xuncha__NotificationKind kind, int64_t user_id, int64_t task_id,
                       const char *title);

#endif
