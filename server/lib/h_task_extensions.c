/* h_task_extensions — 延期: the unit asks for a later deadline of an open 整改任务, with a
 * reason; the 巡察办 approves (the deadline moves, the original deadline stays on the
 * task, and the request keeps the deadline it replaced) or refuses with a comment. One
 * request waits at a time per task (the partial unique index task_extension_one_pending).
 * The 巡察办 is told of a request, the unit of the decision; an approval re-arms the
 * task's reminders on its new deadline. */
#include "handlers.h"
#include "task_change.h"
#include "task_ladder.h"
#include "task_read.h"
#include "xc_utf8.h"
#include <string.h>

#define XC_EXTENSION_NOTICE XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASK_EXTENSION

static int
s_reply_extension (xc_call_t *call, int64_t extension_id)
{
    call->reply->task_extension = xc_task_extension_load (call, extension_id);
    call->reply->body_case = XUNCHA__REPLY__BODY_TASK_EXTENSION;
    return call->reply->task_extension ? 0 : -1;
}

/* ------------------------------------------------------------------ 申请 */

static int
s_refuse_pending (xc_call_t *call, const xc_task_row_t *task)
{
    const char *params[] = { xc_call_int (call, task->id) };
    PGresult *result = xc_call_query (call,
        "SELECT id, requested_deadline FROM task_extension WHERE task_id = $1 AND approved IS NULL", 1, params);
    if (!result)
        return -1;
    int rc = 0;
    if (PQntuples (result) > 0)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                           "%s 已有待审批的延期申请（申请 #%s，延至 %s），审批前不能再次申请", task->name,
                           PQgetvalue (result, 0, 0), PQgetvalue (result, 0, 1));
    PQclear (result);
    return rc;
}

int
xc_request_extension (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__TaskExtensionRequest *ask = request->task_extension_request;
    if (xc_utf8_blank (ask->reason))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "申请延期须说明理由");
    xc_task_row_t task;
    if (xc_task_lock (call, ask->task_id, &task) != 0)
        return -1;
    if (!xc_task_open (task.status))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s 当前为“%s”，不能申请延期", task.name,
                             xc_task_status_label (task.status));
    if (strcmp (ask->deadline_date, task.deadline) <= 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "申请延至的日期（%s）须晚于当前期限（%s）",
                             ask->deadline_date, task.deadline);
    if (s_refuse_pending (call, &task) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, task.id), task.deadline, ask->deadline_date, ask->reason,
                             xc_call_int (call, call->who.user_id), xc_call_now (call) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO task_extension (task_id, previous_deadline, requested_deadline, reason, requested_by, requested_at)"
        " VALUES ($1, $2, $3, $4, $5, " XC_CLOCK_TIME ("6") ") RETURNING id", 6, params);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    const char *note = xc_arena_printf (call->arena, "申请将期限由 %s 延至 %s：%s", task.deadline, ask->deadline_date,
                                        ask->reason);
    const char *title = xc_arena_printf (call->arena, "%s申请将%s 的期限由 %s 延至 %s", task.unit_name, task.name,
                                         task.deadline, ask->deadline_date);
    if (xc_task_record (call, task.id, XC_TASK_ACTION (EXTENSION_REQUEST), note, "request_task_extension") != 0
        || xc_task_tell_office (call, XC_EXTENSION_NOTICE, task.id, title) != 0)
        return -1;
    return s_reply_extension (call, id);
}

/* ------------------------------------------------------------------ 审批 */

/* The request being decided, locked, and its task locked behind it. */
typedef struct {
    int64_t id;
    int64_t task_id;
    const char *requested_deadline;
    bool decided;
    bool approved;
    const char *decided_at;
} extension_t;

static int
s_lock_extension (xc_call_t *call, int64_t extension_id, extension_t *extension)
{
    const char *params[] = { xc_call_int (call, extension_id) };
    PGresult *result = xc_call_query_one (call, "延期申请",
        "SELECT task_id, requested_deadline, approved IS NOT NULL, coalesce(approved, false),"
        " " XC_LOCAL_TIME ("decided_at") " FROM task_extension WHERE id = $1 FOR UPDATE", 1, params);
    if (!result)
        return -1;
    extension->id = extension_id;
    extension->task_id = xc_row_int (result, 0, 0);
    extension->requested_deadline = xc_row_text (call, result, 0, 1);
    extension->decided = *PQgetvalue (result, 0, 2) == 't';
    extension->approved = *PQgetvalue (result, 0, 3) == 't';
    extension->decided_at = xc_row_text (call, result, 0, 4);
    PQclear (result);
    return 0;
}

/* Moves the task's deadline to the one approved (original_deadline stays) and re-arms. */
static int
s_extend (xc_call_t *call, const xc_task_row_t *task, const extension_t *extension)
{
    if (!xc_task_open (task->status))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s 当前为“%s”，无需再延期；可不批准该申请", task->name,
                             xc_task_status_label (task->status));
    const char *params[] = { xc_call_int (call, task->id), extension->requested_deadline };
    if (xc_call_exec (call, "UPDATE rectification_task SET deadline = $2 WHERE id = $1", 2, params) != 0)
        return -1;
    return xc_tasks_rearm (call, "id = $2", task->id);
}

int
xc_decide_extension (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__TaskExtensionDecide *decide = request->task_extension_decide;
    if (!decide->approve && xc_utf8_blank (decide->comment))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "不批准延期须说明理由");
    extension_t extension;
    xc_task_row_t task;
    if (s_lock_extension (call, decide->extension_id, &extension) != 0
        || xc_task_lock (call, extension.task_id, &task) != 0)
        return -1;
    if (extension.decided)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "延期申请 #%lld 已于 %s %s，不能重复审批",
                             (long long) extension.id, extension.decided_at, extension.approved ? "批准" : "不予批准");
    if (decide->approve && s_extend (call, &task, &extension) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, extension.id), decide->approve ? "true" : "false", decide->comment,
                             xc_call_int (call, call->who.user_id), xc_call_now (call) };
    if (xc_call_exec (call, "UPDATE task_extension SET approved = $2, comment = $3, decided_by = $4,"
                            " decided_at = " XC_CLOCK_TIME ("5") " WHERE id = $1", 5, params) != 0)
        return -1;
    const char *note = decide->approve
        ? xc_arena_printf (call->arena, "期限由 %s 延至 %s%s%s", task.deadline, extension.requested_deadline,
                           *decide->comment ? "：" : "", decide->comment)
        : xc_arena_printf (call->arena, "不批准延至 %s：%s", extension.requested_deadline, decide->comment);
    const char *title = decide->approve
        ? xc_arena_printf (call->arena, "%s 的延期申请已批准，期限延至 %s", task.name, extension.requested_deadline)
        : xc_arena_printf (call->arena, "%s 的延期申请未获批准，期限仍为 %s", task.name, task.deadline);
    int action = decide->approve ? XC_TASK_ACTION (EXTENSION_APPROVE) : XC_TASK_ACTION (EXTENSION_REFUSE);
    if (xc_task_record (call, task.id, action, note, "decide_task_extension") != 0
        || xc_task_tell_unit (call, XC_EXTENSION_NOTICE, task.unit_id, task.id, title) != 0)
        return -1;
    return s_reply_extension (call, extension.id);
}
