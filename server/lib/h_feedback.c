/* h_feedback — 反馈: the 巡察办 records, once per inspected unit of a round, the
 * one-to-one feedback to the unit's leader (talk_date) and the feedback meeting
 * (meeting_date), and with them the problems fed back: the group's 问题底稿 of that
 * unit (or of units inside it) in that round that went into the report (纳入报告) —
 * all of them, or those named. The meeting is not before the round began, nor after
 * today: feedback is recorded once it was given.
 *
 * A 底稿 is fed back once. In a 巡乡带村 round a township and its villages may all be
 * inspected units, each with its own feedback: "all of them" for the township leaves
 * out the 底稿 of a village inspected in the round, and any 底稿 already fed back; a
 * 底稿 named that was already fed back is refused by its number. The 底稿 taken are
 * locked, so two feedbacks at once cannot both take one.
 *
 * Recording it starts the clocks, counted from the meeting on the working-day calendar
 * (server/lib/calendar.h): the 整改方案 is due rectification_plan_workdays (15) working
 * days after it, the 整改情况报告 rectification_report_months (2) months after it (the
 * next working day when that is a rest day), the public disclosure (公开) with the
 * report. A clock that needs a year the calendar lacks refuses the whole feedback.
 *
 * It creates the 整改任务: one per problem (its deadline the report's), and one each for
 * the 整改方案, the 整改情况报告 and the 公开, so that the same status machine,
 * evidence, verification and reminders serve them; arms their reminders, and tells
 * the unit's users what is due by when. A refusal leaves no row behind. */
#include "handlers.h"
#include "calendar.h"
#include "task_change.h"
#include "task_ladder.h"
#include "task_read.h"
#include "xc_clock.h"
#include "xc_names.h"
#include <stdlib.h>
#include <string.h>

#define XC_PAPER_INCLUDED XUNCHA__PAPER_STATE__PAPER_STATE_INCLUDED

/* The round's inspected unit the feedback is for. */
typedef struct {
    int64_t round_id;
    int64_t unit_id;
    const char *unit_name;
    int64_t group_id;
    const char *group_name;
} feedback_target_t;

/* The dates of the clocks, YYYY-MM-DD. */
typedef struct {
    char plan[11];
    char report[11];
    char disclosure[11];
} clocks_t;

/* ------------------------------------------------------------------ checks */

/* The round stays in 反馈, 移交 or 整改 until COMMIT: its row is share-locked.
 * *START_DATE = the day the round began. */
static int
s_require_feedback_phase (xc_call_t *call, int64_t round_id, const char **start_date)
{
    const char *params[] = { xc_call_int (call, round_id) };
    PGresult *result = xc_call_query_one (call, "巡察轮次", "SELECT phase, start_date FROM round WHERE id = $1 FOR SHARE",
                                          1, params);
    if (!result)
        return -1;
    int phase = (int) xc_row_int (result, 0, 0);
    *start_date = xc_row_text (call, result, 0, 1);
    PQclear (result);
    if (phase >= XUNCHA__PHASE__PHASE_FEEDBACK && phase < XUNCHA__PHASE__PHASE_ARCHIVED)
        return 0;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                         "登记巡察反馈只能在“反馈”“移交”“整改”阶段进行，本轮巡察当前处于“%s”阶段",
                         xc_label (&xuncha__phase__descriptor, phase));
}

/* The talk before the meeting, both within the round's time: not before it began, not
 * after today. (The dates are YYYY-MM-DD, checked at the edge: they compare as text.) */
static int
s_check_dates (xc_call_t *call, const Xuncha__FeedbackRecord *record, const char *start_date)
{
    char today[11];
    xc_clock_today (today);
    if (strcmp (record->meeting_date, record->talk_date) < 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "反馈会日期（%s）不能早于一对一反馈日期（%s）",
                             record->meeting_date, record->talk_date);
    if (strcmp (record->meeting_date, today) > 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "反馈会日期（%s）晚于今天（%s）：反馈会召开后才能登记反馈", record->meeting_date, today);
    if (strcmp (record->talk_date, start_date) < 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "%s日期（%s）不能早于本轮巡察的开始日期（%s）",
                             strcmp (record->meeting_date, start_date) < 0 ? "反馈会" : "一对一反馈",
                             strcmp (record->meeting_date, start_date) < 0 ? record->meeting_date : record->talk_date,
                             start_date);
    return 0;
}

/* The unit is one of the round's inspected units; its group_unit row is locked, so two
 * feedbacks for it take turns and the second finds the first. */
static int
s_find_target (xc_call_t *call, int64_t round_id, int64_t unit_id, feedback_target_t *target)
{
    const char *params[] = { xc_call_int (call, round_id), xc_call_int (call, unit_id) };
    PGresult *result = xc_call_query_one (call, "组织单位", "SELECT unit_path(id) FROM org_unit WHERE id = $1", 1,
                                          params + 1);
    if (!result)
        return -1;
    target->round_id = round_id;
    target->unit_id = unit_id;
    target->unit_name = xc_row_text (call, result, 0, 0);
    PQclear (result);
    result = xc_call_query (call,
        "SELECT u.group_id, g.name FROM group_unit u JOIN inspection_group g ON g.id = u.group_id"
        " WHERE u.round_id = $1 AND u.unit_id = $2 FOR UPDATE OF u", 2, params);
    if (!result)
        return -1;
    int found = PQntuples (result) == 1;
    target->group_id = found ? xc_row_int (result, 0, 0) : 0;
    target->group_name = found ? xc_row_text (call, result, 0, 1) : "";
    PQclear (result);
    if (!found)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s不是本轮巡察的被巡察单位，不能登记反馈",
                             target->unit_name);
    return 0;
}

static int
s_refuse_recorded_twice (xc_call_t *call, const feedback_target_t *target)
{
    const char *params[] = { xc_call_int (call, target->round_id), xc_call_int (call, target->unit_id) };
    PGresult *result = xc_call_query (call,
        "SELECT id, meeting_date FROM feedback WHERE round_id = $1 AND unit_id = $2", 2, params);
    if (!result)
        return -1;
    int rc = 0;
    if (PQntuples (result) == 1)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                           "%s已登记反馈（反馈 #%s，反馈会 %s），本轮对同一单位只能登记一次", target->unit_name,
                           PQgetvalue (result, 0, 0), PQgetvalue (result, 0, 1));
    PQclear (result);
    return rc;
}

/* Locks the papers of IDS (an array literal) in the order of their ids, so that a
 * feedback taking one of them waits for another taking it too and then finds it taken. */
static int
s_lock_papers (xc_call_t *call, const char *ids)
{
    const char *params[] = { ids };
    return xc_call_exec (call, "SELECT id FROM working_paper WHERE id = ANY ($1::bigint[]) ORDER BY id FOR UPDATE", 1,
                         params);
}

/* The papers of the unit "all of them" gives, before those already fed back are left
 * out: the group's 纳入报告 底稿 for the unit, or for a unit inside it unless a unit
 * on the way there (the paper's own unit included) is itself inspected in the round —
 * a village of a township in a 巡乡带村 round, which gets its own feedback. */
#define XC_PAPERS_OF_THE_UNIT \
    "SELECT p.id FROM working_paper p WHERE p.round_id = $1 AND p.group_id = $2 AND p.state = 4" \
    " AND $3::bigint = ANY (unit_ancestors(p.unit_id))" \
    " AND NOT EXISTS (SELECT 1 FROM group_unit g WHERE g.round_id = $1 AND g.unit_id <> $3" \
    "   AND g.unit_id = ANY (unit_ancestors(p.unit_id)) AND $3::bigint = ANY (unit_ancestors(g.unit_id)))"

/* Every 纳入报告 底稿 of the unit (see XC_PAPERS_OF_THE_UNIT) not fed back yet, in the
 * order of their numbers; refuses when there is none. */
static const char *
s_included_papers (xc_call_t *call, const feedback_target_t *target)
{
    const char *params[] = { xc_call_int (call, target->round_id), xc_call_int (call, target->group_id),
                             xc_call_int (call, target->unit_id) };
    PGresult *result = xc_call_query (call,
        "SELECT coalesce(array_agg(id), '{}') FROM (" XC_PAPERS_OF_THE_UNIT ") AS p", 3, params);
    if (!result)
        return NULL;
    const char *candidates = xc_row_text (call, result, 0, 0);
    PQclear (result);
    if (s_lock_papers (call, candidates) != 0)
        return NULL;
    const char *locked[] = { candidates };
    result = xc_call_query (call,
        "SELECT coalesce(array_agg(p.id ORDER BY p.number_year, p.number_sequence, p.id), '{}'), count(*)"
        " FROM working_paper p WHERE p.id = ANY ($1::bigint[])"
        " AND NOT EXISTS (SELECT 1 FROM rectification_task t WHERE t.paper_id = p.id)", 1, locked);
    if (!result)
        return NULL;
    const char *ids = xc_row_text (call, result, 0, 0);
    int64_t count = xc_row_int (result, 0, 1);
    PQclear (result);
    if (count == 0) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s在本轮没有纳入报告且尚未反馈的问题底稿，不能登记反馈",
                      target->unit_name);
        return NULL;
    }
    return ids;
}

/* Refuses the first of the papers IDS (locked) that is already in a feedback, by its
 * number, naming that feedback and its unit. */
static int
s_refuse_fed_back (xc_call_t *call, const char *ids)
{
    const char *params[] = { ids };
    PGresult *result = xc_call_query (call,
        "SELECT p.number, f.id, unit_path(f.unit_id) FROM working_paper p"
        " JOIN rectification_task t ON t.paper_id = p.id JOIN feedback f ON f.id = t.feedback_id"
        " WHERE p.id = ANY ($1::bigint[]) ORDER BY array_position($1::bigint[], p.id) LIMIT 1", 1, params);
    if (!result)
        return -1;
    int rc = 0;
    if (PQntuples (result) == 1)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题底稿 %s 已在反馈 #%s（%s）中下达，不能再次反馈",
                           PQgetvalue (result, 0, 0), PQgetvalue (result, 0, 1), PQgetvalue (result, 0, 2));
    PQclear (result);
    return rc;
}

/* The papers named by the 巡察办: each of the unit in the round, 纳入报告, and not fed
 * back yet. Refuses naming the first that is not, by its number. */
static const char *
s_named_papers (xc_call_t *call, const feedback_target_t *target, const int64_t *paper_ids, size_t n)
{
    const char *ids = xc_call_int_list (call, paper_ids, n);
    const char *params[] = { ids, xc_call_int (call, target->round_id), xc_call_int (call, target->group_id),
                             xc_call_int (call, target->unit_id) };
    PGresult *result = xc_call_query (call,
        "SELECT x.id, p.id IS NOT NULL, coalesce(p.number, '#' || x.id), p.state,"
        " p.round_id = $2 AND p.group_id = $3 AND $4::bigint = ANY (unit_ancestors(p.unit_id))"
        " FROM unnest($1::bigint[]) WITH ORDINALITY AS x (id, position)"
        " LEFT JOIN working_paper p ON p.id = x.id ORDER BY x.position", 4, params);
    if (!result)
        return NULL;
    int rc = 0;
    for (int row = 0; rc == 0 && row < PQntuples (result); row++) {
        const char *name = PQgetvalue (result, row, 2);
        int state = (int) xc_row_int (result, row, 3);
        if (*PQgetvalue (result, row, 1) != 't')
            rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "问题底稿 %s 不存在", name);
        else if (*PQgetvalue (result, row, 4) != 't')
            rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题底稿 %s 不是%s本轮对%s的底稿", name,
                               target->group_name, target->unit_name);
        else if (state != XC_PAPER_INCLUDED)
            rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题底稿 %s 未纳入报告（当前为“%s”），不能作为反馈的问题",
                               name, xc_label (&xuncha__paper_state__descriptor, state));
    }
    PQclear (result);
    if (rc != 0 || s_lock_papers (call, ids) != 0 || s_refuse_fed_back (call, ids) != 0)
        return NULL;
    return ids;
}

/* ------------------------------------------------------------------ clocks */

/* Counts the clocks from the meeting; refuses naming the year the calendar lacks. */
static int
s_count_clocks (xc_call_t *call, const char *meeting_date, clocks_t *clocks)
{
    int workdays, months;
    int64_t meeting, plan, report;
    int missing_year = 0;
    if (xc_setting_int (call, "rectification_plan_workdays", &workdays) != 0
        || xc_setting_int (call, "rectification_report_months", &months) != 0)
        return -1;
    xc_workcal_t *calendar = xc_calendar_load (call);
    if (!calendar)
        return -1;
    if (xc_date_parse (meeting_date, &meeting) != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "反馈会日期“%s”不是有效日期", meeting_date);
    if (xc_workcal_add_workdays (calendar, meeting, workdays, &plan, &missing_year) != 0)
        return xc_calendar_refuse_missing (call, missing_year, "整改方案的报送期限");
    if (xc_workcal_add_months (calendar, meeting, months, &report, &missing_year) != 0)
        return xc_calendar_refuse_missing (call, missing_year, "整改情况报告的报送期限");
    xc_date_format (plan, clocks->plan);
    xc_date_format (report, clocks->report);
    xc_date_format (report, clocks->disclosure);
    return 0;
}

/* ------------------------------------------------------------------ recording */

static int64_t
s_insert_feedback (xc_call_t *call, const feedback_target_t *target, const Xuncha__FeedbackRecord *record,
                   const clocks_t *clocks)
{
    const char *params[] = { xc_call_int (call, target->round_id), xc_call_int (call, target->unit_id),
                             xc_call_int (call, target->group_id), record->talk_date, record->meeting_date,
                             clocks->plan, clocks->report, clocks->disclosure,
                             xc_call_int (call, call->who.user_id), xc_call_now (call) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO feedback (round_id, unit_id, group_id, talk_date, meeting_date, plan_due_date, report_due_date,"
        " disclosure_due_date, recorded_by, recorded_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, " XC_CLOCK_TIME ("10") ") RETURNING id", 10, params);
    if (!result)
        return 0;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    return xc_call_log_change (call, "record_feedback", "feedback", id) == 0 ? id : 0;
}

/* Logs every task RESULT returned (one id a row). */
static int
s_log_created (xc_call_t *call, PGresult *result)
{
    int rc = 0;
    for (int row = 0; rc == 0 && row < PQntuples (result); row++)
        rc = xc_call_log_change (call, "create_rectification_task", "rectification_task", xc_row_int (result, row, 0));
    PQclear (result);
    return rc;
}

/* One 问题整改 task per paper (PAPER_IDS, an array literal), titled as the paper's
 * current version, then the 整改方案, 整改情况报告 and 公开 tasks; *PROBLEMS = the
 * problem tasks. */
static int
s_create_tasks (xc_call_t *call, int64_t feedback_id, const feedback_target_t *target, const char *paper_ids,
                const clocks_t *clocks, int *problems)
{
    const char *params[] = { xc_call_int (call, feedback_id), xc_call_int (call, target->round_id),
                             xc_call_int (call, target->unit_id), paper_ids, clocks->report };
    PGresult *result = xc_call_query (call,
        "INSERT INTO rectification_task (feedback_id, round_id, unit_id, kind, paper_id, title, deadline,"
        " original_deadline)"
        " SELECT $1, $2, $3, 1, p.id, v.title, $5::date, $5::date FROM working_paper p"
        " JOIN working_paper_version v ON v.paper_id = p.id AND v.version = p.version"
        " WHERE p.id = ANY ($4::bigint[]) ORDER BY p.number_year, p.number_sequence, p.id RETURNING id", 5, params);
    if (!result)
        return -1;
    *problems = PQntuples (result);
    if (s_log_created (call, result) != 0)
        return -1;
    const char *deliverables[] = { params[0], params[1], params[2], clocks->plan, clocks->report,
                                   clocks->disclosure };
    result = xc_call_query (call,
        "INSERT INTO rectification_task (feedback_id, round_id, unit_id, kind, title, deadline, original_deadline)"
        " VALUES ($1, $2, $3, 2, '报送整改方案', $4, $4), ($1, $2, $3, 3, '报送整改情况报告', $5, $5),"
        " ($1, $2, $3, 4, '公开整改情况', $6, $6) RETURNING id", 6, deliverables);
    if (!result || s_log_created (call, result) != 0)
        return -1;
    return xc_tasks_rearm (call, "feedback_id = $2", feedback_id);
}

/* ------------------------------------------------------------------ reading */

#define XC_FEEDBACK_SELECT \
    "SELECT f.id, f.round_id, f.unit_id, unit_path(f.unit_id), f.group_id, f.talk_date, f.meeting_date," \
    " f.plan_due_date, f.report_due_date, f.disclosure_due_date," \
    " (SELECT count(*) FROM rectification_task t WHERE t.feedback_id = f.id AND t.kind = 1)," \
    " u.display_name, " XC_LOCAL_TIME ("f.recorded_at") \
    " FROM feedback f JOIN app_user u ON u.id = f.recorded_by"

static void *
s_feedback_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__Feedback *feedback = xc_arena_alloc (call->arena, sizeof *feedback);
    xuncha__feedback__init (feedback);
    feedback->id = xc_row_int (result, row, 0);
    feedback->round_id = xc_row_int (result, row, 1);
    feedback->unit_id = xc_row_int (result, row, 2);
    feedback->unit_name = xc_row_text (call, result, row, 3);
    feedback->group_id = xc_row_int (result, row, 4);
    feedback->talk_date = xc_row_text (call, result, row, 5);
    feedback->meeting_date = xc_row_text (call, result, row, 6);
    feedback->plan_due_date = xc_row_text (call, result, row, 7);
    feedback->report_due_date = xc_row_text (call, result, row, 8);
    feedback->disclosure_due_date = xc_row_text (call, result, row, 9);
    feedback->problems = (int32_t) xc_row_int (result, row, 10);
    feedback->recorded_by = xc_row_text (call, result, row, 11);
    feedback->recorded_at = xc_row_text (call, result, row, 12);
    return feedback;
}

static int
s_reply_recorded (xc_call_t *call, int64_t feedback_id)
{
    const char *params[] = { xc_call_int (call, feedback_id) };
    PGresult *result = xc_call_query_one (call, "巡察反馈", XC_FEEDBACK_SELECT " WHERE f.id = $1", 1, params);
    if (!result)
        return -1;
    Xuncha__FeedbackRecorded *recorded = xc_arena_alloc (call->arena, sizeof *recorded);
    xuncha__feedback_recorded__init (recorded);
    recorded->feedback = s_feedback_from_row (call, result, 0);
    PQclear (result);
    recorded->tasks = xc_task_select (call, "t.feedback_id = $2", 1, params, &recorded->n_tasks);
    if (!recorded->tasks)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_FEEDBACK_RECORDED;
    call->reply->feedback_recorded = recorded;
    return 0;
}

int
xc_record_feedback (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__FeedbackRecord *record = request->feedback_record;
    feedback_target_t target;
    clocks_t clocks;
    int problems = 0;
    const char *start_date;
    if (s_require_feedback_phase (call, record->round_id, &start_date) != 0
        || s_check_dates (call, record, start_date) != 0
        || s_find_target (call, record->round_id, record->unit_id, &target) != 0
        || s_refuse_recorded_twice (call, &target) != 0)
        return -1;
    const char *paper_ids = record->n_paper_ids
                                ? s_named_papers (call, &target, record->paper_ids, record->n_paper_ids)
                                : s_included_papers (call, &target);
    if (!paper_ids || s_count_clocks (call, record->meeting_date, &clocks) != 0)
        return -1;
    int64_t feedback_id = s_insert_feedback (call, &target, record, &clocks);
    if (!feedback_id || s_create_tasks (call, feedback_id, &target, paper_ids, &clocks, &problems) != 0)
        return -1;
    const char *title = xc_arena_printf (call->arena,
        "%s反馈问题 %d 项，整改任务已下达：整改方案 %s 前报送，整改情况报告 %s 前报送", target.group_name, problems,
        clocks.plan, clocks.report);
    if (xc_task_tell_unit (call, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASKS_ASSIGNED, target.unit_id, 0,
                           title) != 0)
        return -1;
    return s_reply_recorded (call, feedback_id);
}

int
xc_list_feedback (xc_call_t *call, const Xuncha__Request *request)
{
    const char *params[] = { xc_call_int (call, request->feedback_list->round_id),
                             xc_call_id_or_null (call, xc_task_scope_unit (call)) };
    PGresult *result = xc_call_query_one (call, "巡察轮次", "SELECT id FROM round WHERE id = $1", 1, params);
    if (!result)
        return -1;
    PQclear (result);
    result = xc_call_query (call, XC_FEEDBACK_SELECT " WHERE f.round_id = $1 AND ($2::bigint IS NULL OR f.unit_id = $2)"
                                  " ORDER BY unit_path(f.unit_id), f.id", 2, params);
    if (!result)
        return -1;
    Xuncha__Feedbacks *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__feedbacks__init (list);
    list->feedbacks = (Xuncha__Feedback **) xc_call_read_rows (call, result, s_feedback_from_row, &list->n_feedbacks);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_FEEDBACKS;
    call->reply->feedbacks = list;
    return 0;
}
