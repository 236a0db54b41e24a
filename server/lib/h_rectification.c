/* h_rectification — 督促整改: how each unit of a round stands in its rectification, for
 * the 巡察办 and the 只读 readers (a 被巡察单位 user sees only its own unit): for every
 * unit that had feedback, its problem tasks by status, the completion rate
 * ((已完成 + 已验收) / problems) and the verification rate (已验收 / problems), the
 * status and due date of its 整改方案, 整改情况报告 and 公开, and its overdue tasks
 * with the calendar days each is overdue, the longest overdue first.
 *
 * Two queries for the whole round, whatever the number of tasks. The reply must fit in
 * a frame however many tasks are overdue: each unit lists at most XC_OVERDUE_PER_UNIT
 * of its overdue tasks, the round at most XC_OVERDUE_LISTED (the units' first ones
 * first), and every unit says how many it has in all (`xuncha tasks --overdue` lists
 * them). */
#include "handlers.h"
#include "access.h"
#include "task_read.h"
#include "xc_clock.h"

#define XC_OVERDUE_PER_UNIT 20
#define XC_OVERDUE_LISTED 500

#define XC_DELIVERABLE(kind) \
    ", coalesce(max(t.status) FILTER (WHERE t.kind = " kind "), 0), max(t.deadline) FILTER (WHERE t.kind = " kind ")"

static void *
s_unit_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__UnitRectification *unit = xc_arena_alloc (call->arena, sizeof *unit);
    xuncha__unit_rectification__init (unit);
    unit->feedback_id = xc_row_int (result, row, 0);
    unit->unit_id = xc_row_int (result, row, 1);
    unit->unit_name = xc_row_text (call, result, row, 2);
    unit->meeting_date = xc_row_text (call, result, row, 3);
    unit->total = (int32_t) xc_row_int (result, row, 4);
    unit->not_started = (int32_t) xc_row_int (result, row, 5);
    unit->in_progress = (int32_t) xc_row_int (result, row, 6);
    unit->completed = (int32_t) xc_row_int (result, row, 7);
    unit->verified = (int32_t) xc_row_int (result, row, 8);
    unit->completion_rate = unit->total ? (double) (unit->completed + unit->verified) / unit->total : 0.0;
    unit->verified_rate = unit->total ? (double) unit->verified / unit->total : 0.0;
    unit->plan_status = (Xuncha__TaskStatus) xc_row_int (result, row, 9);
    unit->plan_due_date = xc_row_text (call, result, row, 10);
    unit->report_status = (Xuncha__TaskStatus) xc_row_int (result, row, 11);
    unit->report_due_date = xc_row_text (call, result, row, 12);
    unit->disclosure_status = (Xuncha__TaskStatus) xc_row_int (result, row, 13);
    unit->disclosure_due_date = xc_row_text (call, result, row, 14);
    unit->overdue_total = (int32_t) xc_row_int (result, row, 15);
    return unit;
}

static void *
s_overdue_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__OverdueTask *task = xc_arena_alloc (call->arena, sizeof *task);
    xuncha__overdue_task__init (task);
    task->task_id = xc_row_int (result, row, 1);
    task->title = xc_row_text (call, result, row, 2);
    task->deadline = xc_row_text (call, result, row, 3);
    task->days_overdue = (int32_t) xc_row_int (result, row, 4);
    task->handler_name = xc_row_text (call, result, row, 5);
    return task;
}

/* The units of the round ($2) that had feedback, or the one unit $3, in the order of
 * their names; $1 today, for the overdue count. */
static Xuncha__UnitRectification **
s_load_units (xc_call_t *call, const char *const *params, size_t *count)
{
    PGresult *result = xc_call_query (call,
        "SELECT f.id, f.unit_id, unit_path(f.unit_id), f.meeting_date, count(*) FILTER (WHERE t.kind = 1),"
        " count(*) FILTER (WHERE t.kind = 1 AND t.status = 1), count(*) FILTER (WHERE t.kind = 1 AND t.status = 2),"
        " count(*) FILTER (WHERE t.kind = 1 AND t.status = 3), count(*) FILTER (WHERE t.kind = 1 AND t.status = 4)"
        XC_DELIVERABLE ("2") XC_DELIVERABLE ("3") XC_DELIVERABLE ("4")
        ", count(*) FILTER (WHERE " XC_TASK_OVERDUE ("t", "$1::date") ")"
        " FROM feedback f JOIN rectification_task t ON t.feedback_id = f.id"
        " WHERE f.round_id = $2 AND ($3::bigint IS NULL OR f.unit_id = $3)"
        " GROUP BY f.id ORDER BY unit_path(f.unit_id), f.id", 3, params);
    if (!result)
        return NULL;
    Xuncha__UnitRectification **units = (Xuncha__UnitRectification **) xc_call_read_rows (call, result,
                                                                                          s_unit_from_row, count);
    PQclear (result);
    return units;
}

/* Every unit's overdue tasks (open, past the deadline $1), the longest overdue first,
 * as many as listed (see the top); $2 the round, $3 the unit as above. */
static int
s_attach_overdue (xc_call_t *call, const char *const *params, Xuncha__UnitRectification **units, size_t count)
{
    const char *all[] = { params[0], params[1], params[2], xc_call_int (call, XC_OVERDUE_PER_UNIT),
                          xc_call_int (call, XC_OVERDUE_LISTED) };
    PGresult *result = xc_call_query (call,
        "SELECT feedback_id, id, title, deadline, $1::date - deadline, handler FROM ("
        "  SELECT t.feedback_id, t.id, t.title, t.deadline, h.display_name AS handler,"
        "   row_number() OVER (PARTITION BY t.feedback_id ORDER BY t.deadline, t.id) AS place"
        "  FROM rectification_task t LEFT JOIN app_user h ON h.id = t.handler_user_id"
        "  WHERE t.round_id = $2 AND ($3::bigint IS NULL OR t.unit_id = $3)"
        "  AND " XC_TASK_OVERDUE ("t", "$1::date") ") AS overdue"
        " WHERE place <= $4::int ORDER BY place, deadline, id LIMIT $5::int", 5, all);
    if (!result)
        return -1;
    for (size_t i = 0; i < count; i++)
        units[i]->overdue = (Xuncha__OverdueTask **) xc_call_read_rows_of (call, result, 0, units[i]->feedback_id,
                                                                           s_overdue_from_row, &units[i]->n_overdue);
    PQclear (result);
    return 0;
}

int
xc_show_rectification (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__RectificationShow *show = request->rectification_show;
    int64_t own = xc_task_scope_unit (call);
    if (own && show->unit_id && show->unit_id != own)
        return xc_refuse_out_of_scope (call, "只能查看本单位的整改情况");
    char today[11];
    xc_clock_today (today);
    const char *params[] = { xc_arena_strdup (call->arena, today), xc_call_int (call, show->round_id),
                             xc_call_id_or_null (call, own ? own : show->unit_id) };
    PGresult *result = xc_call_query_one (call, "巡察轮次", "SELECT id FROM round WHERE id = $1", 1, params + 1);
    if (!result)
        return -1;
    PQclear (result);
    Xuncha__Rectification *standing = xc_arena_alloc (call->arena, sizeof *standing);
    xuncha__rectification__init (standing);
    standing->today = (char *) params[0];
    standing->units = s_load_units (call, params, &standing->n_units);
    if (!standing->units || s_attach_overdue (call, params, standing->units, standing->n_units) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_RECTIFICATION;
    call->reply->rectification = standing;
    return 0;
}
