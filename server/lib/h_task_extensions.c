/* h_task_extensions — 延期: the unit asks for a later deadline of an open 整改任务, with a
 * reason; the 巡察办 approves (the deadline moves, the original deadline stays on the
 * task, and the request keeps the deadline it replaced) or refuses with a comment. One
 * request waits at a time per task (the partial unique index task_extension_one_pending).
 *
 * The date asked for is later than the current deadline, a working day on the calendar
 * (a rest day is refused with the working day to ask for instead; a year the calendar
 * lacks is refused, never guessed), and at most XC_MAX_EXTENSION_MONTHS after the
 * task's original deadline, however many times it was extended. A date already past
 * when the 巡察办 decides is not approved.
 *
 * The 巡察办 is told of a request (by its number, which approving takes), the unit of
 * the decision; an approval re-arms the task's reminders on its new deadline. */
#include "handlers.h"
#include "calendar.h"
#include "task_change.h"
#include "task_ladder.h"
#include "task_read.h"
#include "xc_clock.h"
#include "xc_utf8.h"
#include <string.h>

#define XC_EXTENSION_NOTICE XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASK_EXTENSION
#define XC_MAX_EXTENSION_MONTHS 12
#define XC_MAX_REST_DAYS 30   /* no run of rest days is longer: a working day is found within it */

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

/* Within XC_MAX_EXTENSION_MONTHS of the task's original deadline; *LIMIT = the last day. */
static int
s_check_within_limit (xc_call_t *call, const xc_task_row_t *task, const char *date, const char **limit)
{
    const char *params[] = { xc_call_int (call, task->id), xc_call_int (call, XC_MAX_EXTENSION_MONTHS) };
    PGresult *result = xc_call_query (call,
        "SELECT original_deadline, (original_deadline + make_interval(months => $2::int))::date"
        " FROM rectification_task WHERE id = $1", 2, params);
    if (!result)
        return -1;
    const char *original = xc_row_text (call, result, 0, 0);
    *limit = xc_row_text (call, result, 0, 1);
    PQclear (result);
    if (strcmp (date, *limit) <= 0)
        return 0;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                         "申请延至的日期（%s）超出延期上限：自原期限 %s 起最多延长 %d 个月，即不晚于 %s", date, original,
                         XC_MAX_EXTENSION_MONTHS, *limit);
}

/* The working day nearest DAY in DIRECTION (+1 after, -1 before), within the rest days
 * that can follow each other; 0, or -1 with *MISSING_YEAR. */
static int
s_nearest_workday (const xc_workcal_t *calendar, int64_t day, int direction, int64_t *found, int *missing_year)
{
    for (int i = 1; i <= XC_MAX_REST_DAYS; i++) {
        int workday = xc_workcal_is_workday (calendar, day + direction * i, missing_year);
        if (workday < 0)
            return -1;
        if (workday) {
            *found = day + direction * i;
            return 0;
        }
    }
    return -1;
}

/* DATE is a working day; a rest day is refused naming the working day to ask for: the
 * next one, or the one before when the next is past LIMIT. */
static int
s_check_workday (xc_call_t *call, const char *date, const char *limit)
{
    int64_t day, suggestion;
    int missing_year = 0;
    if (xc_date_parse (date, &day) != 0)   /* checked at the edge; kept for direct callers */
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "申请延至的日期“%s”无效", date);
    xc_workcal_t *calendar = xc_calendar_load (call);
    if (!calendar)
        return -1;
    const char *what = xc_arena_printf (call->arena, "申请延至的 %s 是否为工作日", date);
    int workday = xc_workcal_is_workday (calendar, day, &missing_year);
    if (workday < 0)
        return xc_calendar_refuse_missing (call, missing_year, what);
    if (workday)
        return 0;
    if (s_nearest_workday (calendar, day, 1, &suggestion, &missing_year) != 0)
        return xc_calendar_refuse_missing (call, missing_year, what);
    char text[11];
    xc_date_format (suggestion, text);
    if (strcmp (text, limit) > 0) {
        if (s_nearest_workday (calendar, day, -1, &suggestion, &missing_year) != 0)
            return xc_calendar_refuse_missing (call, missing_year, what);
        xc_date_format (suggestion, text);
    }
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                         "申请延至的日期（%s）是休息日，期限须为工作日：可申请延至 %s", date, text);
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
    const char *limit;
    if (s_check_within_limit (call, &task, ask->deadline_date, &limit) != 0
        || s_check_workday (call, ask->deadline_date, limit) != 0 || s_refuse_pending (call, &task) != 0)
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
    const char *title = xc_arena_printf (call->arena, "%s申请将%s 的期限由 %s 延至 %s（延期申请 #%lld）",
                                         task.unit_name, task.name, task.deadline, ask->deadline_date, (long long) id);
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

/* Moves the task's deadline to the one approved (original_deadline stays) and re-arms;
 * a date already past is not approved. */
static int
s_extend (xc_call_t *call, const xc_task_row_t *task, const extension_t *extension)
{
    if (!xc_task_open (task->status))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s 当前为“%s”，无需再延期；可不批准该申请", task->name,
                             xc_task_status_label (task->status));
    char today[11];
    xc_clock_today (today);
    if (strcmp (today, extension->requested_deadline) > 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "延期申请 #%lld 申请延至的 %s 已经过去（今天 %s），不能批准；可不批准该申请，由单位重新申请",
                             (long long) extension->id, extension->requested_deadline, today);
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
