/* task_change — see task_change.h. */
#include "task_change.h"
#include "outbox.h"

int
xc_task_record (xc_call_t *call, int64_t task_id, int action, const char *note, const char *log_action)
{
    const char *params[] = { xc_call_int (call, task_id), xc_call_int (call, action), note ? note : "",
                             xc_call_int (call, call->who.user_id), xc_call_now (call) };
    if (xc_call_exec (call, "INSERT INTO task_event (task_id, action, note, user_id, at)"
                            " VALUES ($1, $2, $3, $4, " XC_CLOCK_TIME ("5") ")", 5, params) != 0)
        return -1;
    return xc_call_log_change (call, log_action, "rectification_task", task_id);
}

int
xc_task_tell_unit (xc_call_t *call, Xuncha__NotificationKind kind, int64_t unit_id, int64_t task_id,
                   const char *title)
{
    const char *params[] = { xc_call_int (call, unit_id) };
    xc_outbox_event_t event = { .kind = kind, .title = title, .task_id = task_id };
    return xc_outbox_publish (call, &event, XC_RECIPIENTS_UNIT_USERS, 1, params) < 0 ? -1 : 0;
}

int
xc_task_tell_office (xc_call_t *call, Xuncha__NotificationKind kind, int64_t task_id, const char *title)
{
    xc_outbox_event_t event = { .kind = kind, .title = title, .task_id = task_id };
    return xc_outbox_publish (call, &event, XC_RECIPIENTS_OFFICE, 0, NULL) < 0 ? -1 : 0;
}

int
xc_task_tell_user (xc_call_t *call, Xuncha__NotificationKind kind, int64_t user_id, int64_t task_id,
                   const char *title)
{
    const char *params[] = { xc_call_int (call, user_id) };
    xc_outbox_event_t event = { .kind = kind, .title = title, .task_id = task_id };
    return xc_outbox_publish (call, &event, "SELECT id FROM app_user WHERE id = $1 AND revoked_at IS NULL", 1, params)
                   < 0 ? -1 : 0;
}
