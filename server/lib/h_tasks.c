/* h_tasks — 整改任务: reading them, naming who is responsible, the unit's progress and
 * the 巡察办's verification (验收):
 *
 *   未开始 ──开始整改 / 报告进展──► 整改中 ──申请验收（说明、佐证材料）──► 已完成 ──验收通过──► 已验收
 *                                   ▲                                       │
 *                                   └────────────退回整改（理由）────────────┘
 *
 * The unit moves its tasks (开始, 进展, 申请验收); 申请验收 needs at least one 佐证材料
 * (an attachment of the task) whatever the task — for the 整改方案, the 整改情况报告
 * and the 公开 the deliverable itself is it — and for a 问题整改 task its 责任领导 and
 * 经办人 named too. The 巡察办 verifies or sends back with a reason. Any other move is
 * refused naming the task's status. Every step is a task_event and a change_log row;
 * the reminders are re-armed after every change of status (a completed task is
 * reminded of nothing). 逾期 is never stored: task_read.h derives it from the deadline
 * and today.
 *
 * Naming a 责任领导 or 经办人 tells that person (not the one who named them). A list
 * carries at most XC_TASK_LIST_LIMIT tasks, with the number that matched: a reply must
 * fit in the client's frame whatever the number of tasks. */
#include "handlers.h"
#include "task_change.h"
#include "task_ladder.h"
#include "task_read.h"
#include "xc_clock.h"
#include "xc_names.h"
#include "xc_utf8.h"

#define XC_NOTIFY(name) XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_##name
#define XC_TASK_LIST_LIMIT 500

/* ------------------------------------------------------------------ reading */

int
xc_list_tasks (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__TaskList *filter = request->task_list;
    const char *params[] = { xc_call_id_or_null (call, filter->round_id), xc_call_id_or_null (call, filter->unit_id),
                             xc_call_id_or_null (call, filter->status), filter->overdue_only ? "true" : "false",
                             xc_call_id_or_null (call, xc_task_scope_unit (call)) };
    Xuncha__RectificationTasks *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__rectification_tasks__init (list);
    int64_t total = 0;
    list->tasks = xc_task_select_first (call,
        "($2::bigint IS NULL OR t.round_id = $2) AND ($3::bigint IS NULL OR t.unit_id = $3)"
        " AND ($4::smallint IS NULL OR t.status = $4)"
        " AND (NOT $5::boolean OR " XC_TASK_OVERDUE ("t", "$1::date") ")"
        " AND ($6::bigint IS NULL OR t.unit_id = $6)", 5, params, XC_TASK_LIST_LIMIT, &list->n_tasks, &total);
    if (!list->tasks)
        return -1;
    list->total = (int32_t) total;
    list->truncated = total > (int64_t) list->n_tasks;
    char today[11];
    xc_clock_today (today);
    list->today = xc_arena_strdup (call->arena, today);
    call->reply->body_case = XUNCHA__REPLY__BODY_TASKS;
    call->reply->tasks = list;
    return 0;
}

int
xc_show_task (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t task_id = request->task_show->task_id;
    if (xc_require_task_reader_of (call, task_id) != 0)
        return -1;
    return xc_task_reply (call, task_id);
}

/* ------------------------------------------------------------------ 责任领导, 经办人 */

/* USER_ID is an active 被巡察单位 user of the task's unit. Refused otherwise with one
 * sentence whatever the reason — no such user, another unit's, revoked — so that the
 * refusal tells nothing about other people. ROLE_NAME says what for: 责任领导, 经办人. */
static int
s_check_responsible (xc_call_t *call, const xc_task_row_t *task, int64_t user_id, const char *role_name)
{
    const char *params[] = { xc_call_int (call, user_id), xc_call_int (call, task->unit_id) };
    PGresult *result = xc_call_query (call,
        "SELECT 1 FROM app_user WHERE id = $1 AND role = 6 AND org_unit_id = $2 AND revoked_at IS NULL", 2, params);
    if (!result)
        return -1;
    int found = PQntuples (result) == 1;
    PQclear (result);
    if (found)
        return 0;
    const char *unit = xc_task_scope_unit (call) ? "本单位" : task->unit_name;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "用户 #%lld 不是%s在用的被巡察单位用户，不能担任%s",
                         (long long) user_id, unit, role_name);
}

/* Tells USER_ID (not the caller: they know) that they are now ROLES (责任领导, 经办人, or
 * both) of TASK. */
static int
s_tell_named (xc_call_t *call, const xc_task_row_t *task, int64_t user_id, const char *roles)
{
    if (user_id == call->who.user_id)
        return 0;
    const char *title = xc_arena_printf (call->arena, "您已被明确为%s 的%s（整改期限 %s）", task->name, roles,
                                         task->deadline);
    return xc_task_tell_user (call, XC_NOTIFY (TASKS_ASSIGNED), user_id, task->id, title);
}

/* Tells the newly named 责任领导 and 经办人 (one notice when one person is both). */
static int
s_tell_newly_named (xc_call_t *call, const xc_task_row_t *task, const Xuncha__TaskAssign *assign)
{
    int64_t leader = assign->leader_user_id != task->leader_user_id ? assign->leader_user_id : 0;
    int64_t handler = assign->handler_user_id != task->handler_user_id ? assign->handler_user_id : 0;
    if (leader && leader == handler)
        return s_tell_named (call, task, leader, "责任领导和经办人");
    if (leader && s_tell_named (call, task, leader, "责任领导") != 0)
        return -1;
    return handler ? s_tell_named (call, task, handler, "经办人") : 0;
}

int
xc_assign_task (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__TaskAssign *assign = request->task_assign;
    if (!assign->leader_user_id && !assign->handler_user_id && xc_utf8_blank (assign->measures))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "请指定责任领导、经办人或整改措施（至少一项）");
    xc_task_row_t task;
    if (xc_task_lock (call, assign->task_id, &task) != 0)
        return -1;
    if (!xc_task_open (task.status))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s 当前为“%s”，不能再调整责任人和整改措施", task.name,
                             xc_task_status_label (task.status));
    if ((assign->leader_user_id && s_check_responsible (call, &task, assign->leader_user_id, "责任领导") != 0)
        || (assign->handler_user_id && s_check_responsible (call, &task, assign->handler_user_id, "经办人") != 0))
        return -1;
    const char *params[] = { xc_call_int (call, task.id), xc_call_id_or_null (call, assign->leader_user_id),
                             xc_call_id_or_null (call, assign->handler_user_id),
                             xc_utf8_blank (assign->measures) ? NULL : assign->measures };
    /* the event says who is responsible now, and the measures when they changed */
    PGresult *result = xc_call_query (call,
        "WITH changed AS (UPDATE rectification_task SET leader_user_id = coalesce($2, leader_user_id),"
        "   handler_user_id = coalesce($3, handler_user_id), measures = coalesce($4, measures)"
        "   WHERE id = $1 RETURNING leader_user_id, handler_user_id)"
        " SELECT concat_ws('；', '责任领导：' || l.display_name, '经办人：' || h.display_name, '整改措施：' || $4::text)"
        " FROM changed c LEFT JOIN app_user l ON l.id = c.leader_user_id LEFT JOIN app_user h ON h.id = c.handler_user_id",
        4, params);
    if (!result)
        return -1;
    const char *note = xc_row_text (call, result, 0, 0);
    PQclear (result);
    if (xc_task_record (call, task.id, XC_TASK_ACTION (ASSIGN), note, "assign_rectification_task") != 0
        || s_tell_newly_named (call, &task, assign) != 0)
        return -1;
    return xc_task_reply (call, task.id);
}

/* ------------------------------------------------------------------ moves */

static const char *
s_action_label (int action)
{
    const char *label = xc_label (&xuncha__task_action__descriptor, action);
    return label ? label : "未知操作";
}

/* Refuses ACTION on TASK in its current status; HINT may say what to do first. */
static int
s_refuse_move (xc_call_t *call, const xc_task_row_t *task, int action, const char *hint)
{
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s 当前为“%s”，不能%s%s", task->name,
                         xc_task_status_label (task->status), s_action_label (action), hint ? hint : "");
}

/* Moves TASK to STATUS, records ACTION with NOTE, and re-arms its reminders. */
static int
s_move (xc_call_t *call, const xc_task_row_t *task, int status, int action, const char *note, const char *log_action)
{
    const char *params[] = { xc_call_int (call, task->id), xc_call_int (call, status) };
    if (xc_call_exec (call, "UPDATE rectification_task SET status = $2 WHERE id = $1", 2, params) != 0
        || xc_task_record (call, task->id, action, note, log_action) != 0)
        return -1;
    return xc_tasks_rearm (call, "id = $2", task->id);
}

/* Runs SQL on the task with its first COUNT parameters of: $1 the task, $2 the
 * caller, $3 the request's time, $4 the note — who completed or verified it, when. */
static int
s_stamp (xc_call_t *call, const xc_task_row_t *task, const char *sql, int count, const char *note)
{
    const char *params[] = { xc_call_int (call, task->id), xc_call_int (call, call->who.user_id),
                             xc_call_now (call), note };
    return xc_call_exec (call, sql, count, params);
}

/* What the 佐证材料 of a task is, for the refusal that asks for it. */
static const char *
s_evidence_hint (int kind)
{
    switch (kind) {
        case XC_TASK_KIND (PLAN): return "；请上传报送的整改方案";
        case XC_TASK_KIND (REPORT): return "；请上传报送的整改情况报告";
        case XC_TASK_KIND (DISCLOSURE): return "；请上传公开整改情况的材料（如公告、网页截图）";
        default: return "";
    }
}

/* A task asks for 验收 only with at least one 佐证材料; a 问题整改 task also with its
 * 责任领导 and 经办人 named. */
static int
s_require_ready_for_verification (xc_call_t *call, const xc_task_row_t *task)
{
    const char *missing = task->kind != XC_TASK_KIND (PROBLEM)                ? NULL
                          : !task->leader_user_id && !task->handler_user_id ? "责任领导和经办人"
                          : !task->leader_user_id                           ? "责任领导"
                          : !task->handler_user_id                          ? "经办人"
                                                                            : NULL;
    if (missing)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s 尚未明确%s，不能申请验收；请先明确责任人", task->name,
                             missing);
    const char *params[] = { xc_call_int (call, task->id) };
    PGresult *result = xc_call_query (call, "SELECT count(*) FROM attachment WHERE task_id = $1", 1, params);
    if (!result)
        return -1;
    int64_t evidence = xc_row_int (result, 0, 0);
    PQclear (result);
    if (evidence == 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s 还没有佐证材料，申请验收须至少上传一份佐证材料%s",
                             task->name, s_evidence_hint (task->kind));
    return 0;
}

static int
s_complete (xc_call_t *call, const xc_task_row_t *task, const char *note)
{
    if (task->status != XC_TASK_STATUS (IN_PROGRESS))
        return s_refuse_move (call, task, XC_TASK_ACTION (COMPLETE),
                              task->status == XC_TASK_STATUS (NOT_STARTED) ? "；请先开始整改" : NULL);
    if (s_require_ready_for_verification (call, task) != 0
        || s_stamp (call, task, "UPDATE rectification_task SET completion_note = $4, completed_by = $2,"
                                " completed_at = " XC_CLOCK_TIME ("3") " WHERE id = $1", 4, note) != 0
        || s_move (call, task, XC_TASK_STATUS (COMPLETED), XC_TASK_ACTION (COMPLETE), note,
                   "complete_rectification_task") != 0)
        return -1;
    const char *title = xc_arena_printf (call->arena, "%s的%s 申请验收", task->unit_name, task->name);
    return xc_task_tell_office (call, XC_NOTIFY (TASK_COMPLETED), task->id, title);
}

int
xc_report_task (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__TaskReport *report = request->task_report;
    int action = report->action;
    if (action != XC_TASK_ACTION (START) && action != XC_TASK_ACTION (PROGRESS) && action != XC_TASK_ACTION (COMPLETE))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "报告整改进展只能是“开始整改”“报告进展”“申请验收”，不能是“%s”", s_action_label (action));
    if (action != XC_TASK_ACTION (START) && xc_utf8_blank (report->note))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "%s须说明%s", s_action_label (action),
                             action == XC_TASK_ACTION (COMPLETE) ? "整改完成情况" : "整改进展情况");
    xc_task_row_t task;
    if (xc_task_lock (call, report->task_id, &task) != 0)
        return -1;
    int rc;
    if (action == XC_TASK_ACTION (COMPLETE))
        rc = s_complete (call, &task, report->note);
    else if (action == XC_TASK_ACTION (START) && task.status != XC_TASK_STATUS (NOT_STARTED))
        rc = s_refuse_move (call, &task, action, NULL);
    else if (action == XC_TASK_ACTION (PROGRESS) && !xc_task_open (task.status))
        rc = s_refuse_move (call, &task, action, NULL);
    else   /* 开始, or 进展 (which starts a task not yet started) */
        rc = s_move (call, &task, XC_TASK_STATUS (IN_PROGRESS), action, report->note,
                     action == XC_TASK_ACTION (START) ? "start_rectification_task" : "report_rectification_progress");
    return rc == 0 ? xc_task_reply (call, task.id) : -1;
}

int
xc_verify_task (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__TaskVerify *verify = request->task_verify;
    int action = verify->action;
    if (action != XC_TASK_ACTION (VERIFY) && action != XC_TASK_ACTION (REJECT))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "验收只能是“验收通过”或“退回整改”，不能是“%s”",
                             s_action_label (action));
    bool reject = action == XC_TASK_ACTION (REJECT);
    if (reject && xc_utf8_blank (verify->reason))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "退回整改须说明理由");
    xc_task_row_t task;
    if (xc_task_lock (call, verify->task_id, &task) != 0)
        return -1;
    if (task.status != XC_TASK_STATUS (COMPLETED))
        return s_refuse_move (call, &task, action, "；只有单位申请验收（已完成）的任务可以验收或退回");
    /* sent back, the claim is withdrawn: what it said stays in the history */
    int rc = reject ? s_stamp (call, &task, "UPDATE rectification_task SET completion_note = '', completed_by = NULL,"
                                            " completed_at = NULL WHERE id = $1", 1, NULL)
                    : s_stamp (call, &task, "UPDATE rectification_task SET verified_by = $2,"
                                            " verified_at = " XC_CLOCK_TIME ("3") " WHERE id = $1", 3, NULL);
    if (rc != 0
        || s_move (call, &task, reject ? XC_TASK_STATUS (IN_PROGRESS) : XC_TASK_STATUS (VERIFIED), action,
                   verify->reason, reject ? "reject_rectification_task" : "verify_rectification_task") != 0)
        return -1;
    const char *title = xc_arena_printf (call->arena, reject ? "%s 未通过验收，已退回整改，请查看退回理由"
                                                             : "%s 已通过验收", task.name);
    if (xc_task_tell_unit (call, XC_NOTIFY (TASK_VERIFIED), task.unit_id, task.id, title) != 0)
        return -1;
    return xc_task_reply (call, task.id);
}
