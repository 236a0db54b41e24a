/* task_read — see task_read.h. Every task query selects XC_TASK_COLUMNS with today's
 * date as $1, its own parameters from $2 on; what is derived from today is filled in
 * after the rows are read (s_derive), with the calendar and the ladder loaded once. */
#include "task_read.h"
#include "access.h"
#include "calendar.h"
#include "handlers.h"
#include "task_ladder.h"
#include "xc_clock.h"
#include "xc_names.h"

#define XC_TASK_COLUMNS \
    "t.id, t.round_id, t.feedback_id, t.unit_id, unit_path(t.unit_id), t.kind, t.title, t.paper_id, p.number," \
    " t.leader_user_id, l.display_name, t.handler_user_id, h.display_name, t.measures, t.status, t.deadline," \
    " t.original_deadline, t.completion_note, " XC_LOCAL_TIME ("t.completed_at") ", v.display_name, " \
    XC_LOCAL_TIME ("t.verified_at")
#define XC_TASK_FROM \
    " FROM rectification_task t LEFT JOIN working_paper p ON p.id = t.paper_id" \
    " LEFT JOIN app_user l ON l.id = t.leader_user_id LEFT JOIN app_user h ON h.id = t.handler_user_id" \
    " LEFT JOIN app_user v ON v.id = t.verified_by"

/* ------------------------------------------------------------------ who */

bool
xc_task_open (int status)
{
    return status == XC_TASK_STATUS (NOT_STARTED) || status == XC_TASK_STATUS (IN_PROGRESS);
}

const char *
xc_task_status_label (int status)
{
    const char *label = xc_label (&xuncha__task_status__descriptor, status);
    return label ? label : "未知";
}

int64_t
xc_task_scope_unit (const xc_call_t *call)
{
    if (call->scope == XC_SCOPE_COMMITTEE)
        return 0;
    /* -1 matches no unit: a caller of any other scope is confined to nothing */
    return call->scope == XC_SCOPE_UNIT && call->who.org_unit_id ? call->who.org_unit_id : -1;
}

/* The rule of task_read.h, by the caller's scope for the request (the role table keeps
 * the 只读 readers from every request that acts on a task). */
static int
s_require_task_access (xc_call_t *call, int64_t task_id, int64_t unit_id, bool acting)
{
    if (call->scope == XC_SCOPE_COMMITTEE || call->scope == XC_SCOPE_UNIT)
        return xc_require_own_unit (call, unit_id, xc_arena_printf (call->arena, "整改任务 #%lld ", (long long) task_id));
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "角色“%s”无权%s整改任务",
                         xc_label (&xuncha__role__descriptor, call->who.role), acting ? "办理" : "查看");
}

int
xc_require_task_reader (xc_call_t *call, int64_t task_id, int64_t unit_id)
{
    return s_require_task_access (call, task_id, unit_id, false);
}

int
xc_require_task_reader_of (xc_call_t *call, int64_t task_id)
{
    const char *params[] = { xc_call_int (call, task_id) };
    PGresult *result = xc_call_query_one (call, "整改任务", "SELECT unit_id FROM rectification_task WHERE id = $1",
                                          1, params);
    if (!result)
        return -1;
    int64_t unit_id = xc_row_int (result, 0, 0);
    PQclear (result);
    return xc_require_task_reader (call, task_id, unit_id);
}

int
xc_task_lock (xc_call_t *call, int64_t task_id, xc_task_row_t *task)
{
    const char *params[] = { xc_call_int (call, task_id) };
    PGresult *result = xc_call_query_one (call, "整改任务",
        "SELECT unit_id, unit_path(unit_id), feedback_id, kind, status, deadline, leader_user_id, handler_user_id,"
        " round_id, (SELECT r.phase = 8 FROM round r WHERE r.id = round_id)"
        " FROM rectification_task WHERE id = $1 FOR UPDATE", 1, params);
    if (!result)
        return -1;
    task->id = task_id;
    task->unit_id = xc_row_int (result, 0, 0);
    task->unit_name = xc_row_text (call, result, 0, 1);
    task->feedback_id = xc_row_int (result, 0, 2);
    task->kind = (int) xc_row_int (result, 0, 3);
    task->status = (int) xc_row_int (result, 0, 4);
    task->deadline = xc_row_text (call, result, 0, 5);
    task->leader_user_id = xc_row_int (result, 0, 6);
    task->handler_user_id = xc_row_int (result, 0, 7);
    task->name = xc_arena_printf (call->arena, "整改任务 #%lld", (long long) task_id);
    int64_t round_id = xc_row_int (result, 0, 8);
    int archived = *PQgetvalue (result, 0, 9) == 't';
    PQclear (result);
    if (s_require_task_access (call, task_id, task->unit_id, true) != 0)
        return -1;
    /* 立卷归档: the task is sealed with its round, whatever its status */
    return archived ? xc_refuse_archived_round (call, round_id) : 0;
}

/* ------------------------------------------------------------------ today */

typedef struct {
    int64_t today;
    xc_ladder_t ladder;
    const xc_workcal_t *calendar;
} today_t;

static int
s_today (xc_call_t *call, today_t *today)
{
    char text[11];
    xc_clock_today (text);
    if (xc_date_parse (text, &today->today) != 0 || xc_task_ladder_load (call, &today->ladder) != 0)
        return -1;
    today->calendar = xc_calendar_load (call);
    return today->calendar ? 0 : -1;
}

static void
s_derive (Xuncha__RectificationTask *task, const today_t *today)
{
    int64_t deadline;
    if (xc_date_parse (task->deadline, &deadline) != 0)
        return;
    task->days_left = (int32_t) (deadline - today->today);
    bool open = xc_task_open (task->status);
    task->overdue = open && today->today > deadline;
    task->level = open ? (Xuncha__ReminderLevel) xc_ladder_on (&today->ladder, today->today, deadline).level
                       : XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_NONE;
    int count = 0, missing_year = 0;
    task->workdays_known = xc_workcal_workdays_between (today->calendar, today->today, deadline, &count,
                                                        &missing_year) == 0;
    task->workdays_left = task->workdays_known ? count : 0;
}

/* ------------------------------------------------------------------ rows into messages */

static void *
s_task_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__RectificationTask *task = xc_arena_alloc (call->arena, sizeof *task);
    xuncha__rectification_task__init (task);
    task->id = xc_row_int (result, row, 0);
    task->round_id = xc_row_int (result, row, 1);
    task->feedback_id = xc_row_int (result, row, 2);
    task->unit_id = xc_row_int (result, row, 3);
    task->unit_name = xc_row_text (call, result, row, 4);
    task->kind = (Xuncha__TaskKind) xc_row_int (result, row, 5);
    task->title = xc_row_text (call, result, row, 6);
    task->paper_id = xc_row_int (result, row, 7);
    task->paper_number = xc_row_text (call, result, row, 8);
    task->leader_user_id = xc_row_int (result, row, 9);
    task->leader_name = xc_row_text (call, result, row, 10);
    task->handler_user_id = xc_row_int (result, row, 11);
    task->handler_name = xc_row_text (call, result, row, 12);
    task->measures = xc_row_text (call, result, row, 13);
    task->status = (Xuncha__TaskStatus) xc_row_int (result, row, 14);
    task->deadline = xc_row_text (call, result, row, 15);
    task->original_deadline = xc_row_text (call, result, row, 16);
    task->completion_note = xc_row_text (call, result, row, 17);
    task->completed_at = xc_row_text (call, result, row, 18);
    task->verified_by = xc_row_text (call, result, row, 19);
    task->verified_at = xc_row_text (call, result, row, 20);
    return task;
}

/* The parameters of a task query: today's date as $1, then PARAMS. */
static const char **
s_with_today (xc_call_t *call, const today_t *today, int count, const char *const *params)
{
    char text[11];
    xc_date_format (today->today, text);
    const char **all = xc_arena_alloc (call->arena, (size_t) (count + 1) * sizeof *all);
    all[0] = xc_arena_strdup (call->arena, text);
    for (int i = 0; i < count; i++)
        all[i + 1] = params[i];
    return all;
}

/* The tasks WHERE, the first LIMIT (0: all) in the lists' order, derived from TODAY. */
static Xuncha__RectificationTask **
s_select (xc_call_t *call, const today_t *today, const char *where, int count, const char **all, int limit,
          size_t *n)
{
    const char *sql = xc_arena_printf (call->arena, "SELECT " XC_TASK_COLUMNS XC_TASK_FROM " WHERE %s"
                                       " ORDER BY " XC_TASK_OVERDUE ("t", "$1::date") " DESC, t.deadline, t.id%s", where,
                                       limit ? xc_arena_printf (call->arena, " LIMIT %d", limit) : "");
    PGresult *result = xc_call_query (call, sql, count + 1, all);
    if (!result)
        return NULL;
    Xuncha__RectificationTask **tasks = (Xuncha__RectificationTask **) xc_call_read_rows (call, result,
                                                                                        s_task_from_row, n);
    PQclear (result);
    for (size_t i = 0; i < *n; i++)
        s_derive (tasks[i], today);
    return tasks;
}

Xuncha__RectificationTask **
xc_task_select (xc_call_t *call, const char *where, int count, const char *const *params, size_t *n)
{
    today_t today;
    if (s_today (call, &today) != 0)
        return NULL;
    return s_select (call, &today, where, count, s_with_today (call, &today, count, params), 0, n);
}

Xuncha__RectificationTask **
xc_task_select_first (xc_call_t *call, const char *where, int count, const char *const *params, int limit,
                      size_t *n, int64_t *total)
{
    today_t today;
    if (s_today (call, &today) != 0)
        return NULL;
    const char **all = s_with_today (call, &today, count, params);
    /* counted on its own: the page's query then sorts and reads LIMIT rows only */
    PGresult *result = xc_call_query (call, xc_arena_printf (call->arena,
        "SELECT count(*) FROM rectification_task t WHERE $1::date IS NOT NULL AND %s", where), count + 1, all);
    if (!result)
        return NULL;
    *total = xc_row_int (result, 0, 0);
    PQclear (result);
    return s_select (call, &today, where, count, all, limit, n);
}

static void *
s_event_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__TaskEvent *event = xc_arena_alloc (call->arena, sizeof *event);
    xuncha__task_event__init (event);
    event->action = (Xuncha__TaskAction) xc_row_int (result, row, 0);
    event->note = xc_row_text (call, result, row, 1);
    event->by = xc_row_text (call, result, row, 2);
    event->at = xc_row_text (call, result, row, 3);
    return event;
}

#define XC_EXTENSION_SELECT \
    "SELECT x.id, x.task_id, x.previous_deadline, x.requested_deadline, x.reason, r.display_name," \
    " " XC_LOCAL_TIME ("x.requested_at") ", x.approved IS NOT NULL, coalesce(x.approved, false), x.comment," \
    " d.display_name, " XC_LOCAL_TIME ("x.decided_at") \
    " FROM task_extension x JOIN app_user r ON r.id = x.requested_by LEFT JOIN app_user d ON d.id = x.decided_by"

static void *
s_extension_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__TaskExtension *extension = xc_arena_alloc (call->arena, sizeof *extension);
    xuncha__task_extension__init (extension);
    extension->id = xc_row_int (result, row, 0);
    extension->task_id = xc_row_int (result, row, 1);
    extension->previous_deadline = xc_row_text (call, result, row, 2);
    extension->requested_deadline = xc_row_text (call, result, row, 3);
    extension->reason = xc_row_text (call, result, row, 4);
    extension->requested_by = xc_row_text (call, result, row, 5);
    extension->requested_at = xc_row_text (call, result, row, 6);
    extension->decided = *PQgetvalue (result, row, 7) == 't';
    extension->approved = *PQgetvalue (result, row, 8) == 't';
    extension->comment = xc_row_text (call, result, row, 9);
    extension->decided_by = xc_row_text (call, result, row, 10);
    extension->decided_at = xc_row_text (call, result, row, 11);
    return extension;
}

Xuncha__TaskExtension *
xc_task_extension_load (xc_call_t *call, int64_t extension_id)
{
    const char *params[] = { xc_call_int (call, extension_id) };
    PGresult *result = xc_call_query_one (call, "延期申请", XC_EXTENSION_SELECT " WHERE x.id = $1", 1, params);
    if (!result)
        return NULL;
    Xuncha__TaskExtension *extension = s_extension_from_row (call, result, 0);
    PQclear (result);
    return extension;
}

/* The history of TASK: its events, its evidence, its extensions, oldest first. */
static int
s_load_history (xc_call_t *call, Xuncha__RectificationTask *task)
{
    const char *params[] = { xc_call_int (call, task->id) };
    PGresult *result = xc_call_query (call,
        "SELECT e.action, e.note, u.display_name, " XC_LOCAL_TIME ("e.at")
        " FROM task_event e JOIN app_user u ON u.id = e.user_id WHERE e.task_id = $1 ORDER BY e.id", 1, params);
    if (!result)
        return -1;
    task->events = (Xuncha__TaskEvent **) xc_call_read_rows (call, result, s_event_from_row, &task->n_events);
    PQclear (result);
    result = xc_call_query (call, XC_EXTENSION_SELECT " WHERE x.task_id = $1 ORDER BY x.id", 1, params);
    if (!result)
        return -1;
    task->extensions = (Xuncha__TaskExtension **) xc_call_read_rows (call, result, s_extension_from_row,
                                                                      &task->n_extensions);
    PQclear (result);
    task->evidence = xc_load_task_evidence (call, task->id, &task->n_evidence);
    return task->evidence ? 0 : -1;
}

Xuncha__RectificationTask *
xc_task_load (xc_call_t *call, int64_t task_id)
{
    const char *params[] = { xc_call_int (call, task_id) };
    size_t count;
    Xuncha__RectificationTask **tasks = xc_task_select (call, "t.id = $2", 1, params, &count);
    if (!tasks)
        return NULL;
    if (count == 0) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "整改任务不存在");
        return NULL;
    }
    return s_load_history (call, tasks[0]) == 0 ? tasks[0] : NULL;
}

int
xc_task_reply (xc_call_t *call, int64_t task_id)
{
    Xuncha__RectificationTask *task = xc_task_load (call, task_id);
    if (!task)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_TASK;
    call->reply->task = task;
    return 0;
}
