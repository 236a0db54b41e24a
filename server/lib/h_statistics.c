/* h_statistics — 统计分析 over the given rounds (none: every round), for the 巡察办 and
 * the 只读 readers. What each figure counts:
 *
 *   问题分类      signed 底稿 (组长签批, 纳入报告, 不纳入报告) by the category of their
 *                current version, with the number of distinct units they were found in:
 *                共性问题 when found in two units or more, else 个性问题; each category
 *                carries its top-level category (its 聚焦) for the totals per 聚焦;
 *   问题线索      clues transferred (移交), by the disposal the receiver decided, and how
 *                many have a result reported back — read through clue_statistics
 *                (013_evaluations.sql), which gives figures and no contents, so a
 *                只读 reader, who sees no clue, gets them as well;
 *   整改          every 整改任务 (问题整改 and the 整改方案, 整改情况报告, 公开), those
 *                verified (已验收), those overdue today (XC_TASK_OVERDUE: open and past
 *                the deadline, today from the one clock, XUNCHA_NOW in tests); the
 *                completion rate verified / tasks and the overdue rate overdue / tasks;
 *   巡察组        per group: 个别谈话 and 信访 records, signed 底稿, transferred clues, and
 *                the units' 作风纪律后评估 (how many, their mean score);
 *   抽检          the 抽检 items by result (and those not yet judged, result unset);
 *   工作鉴定      appraisals by grade, and how many of them took the inspector out of
 *                the pool.
 *
 * Four queries, whatever the number of records: the clock and the rounds asked for,
 * the categories, the totals and the groups. */
#include "handlers.h"
#include "paper_read.h"
#include "task_read.h"
#include "xc_clock.h"
#include <stdlib.h>

/* $1: the rounds (a bigint[]; NULL for every round). */
#define XC_IN_ROUNDS(column) "($1::bigint[] IS NULL OR " column " = ANY ($1::bigint[]))"

#define XC_DISPOSALS 4
#define XC_GRADES 4
#define XC_SPOT_RESULTS 3

/* When the figures are computed (the one clock) and the names of the rounds they cover;
 * a given round that does not exist is refused, naming it. */
static int
s_begin (xc_call_t *call, const char *const *params, Xuncha__Statistics *statistics)
{
    const char *both[] = { params[0], params[2] };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_LOCAL_TIME (XC_CLOCK_TIME ("2")) ", (SELECT min(x) FROM unnest($1::bigint[]) x"
        "  WHERE NOT EXISTS (SELECT 1 FROM round r WHERE r.id = x)),"
        " (SELECT array_to_string(array_agg(" XC_ROUND_TITLE ("r") " ORDER BY r.committee, r.number), chr(31))"
        "  FROM round r WHERE " XC_IN_ROUNDS ("r.id") ")", 2, both);
    if (!result)
        return -1;
    int rc = 0;
    statistics->computed_at = xc_row_text (call, result, 0, 0);
    statistics->round_names = xc_row_text_list (call, result, 0, 2, &statistics->n_round_names);
    if (!PQgetisnull (result, 0, 1))
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "巡察轮次 #%s 不存在", PQgetvalue (result, 0, 1));
    PQclear (result);
    return rc;
}

static void *
s_category_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__CategoryFigure *figure = xc_arena_alloc (call->arena, sizeof *figure);
    xuncha__category_figure__init (figure);
    figure->name = xc_row_text (call, result, row, 0);
    figure->parent_name = xc_row_text (call, result, row, 1);
    figure->problems = (int32_t) xc_row_int (result, row, 2);
    figure->units = (int32_t) xc_row_int (result, row, 3);
    figure->common = figure->units >= 2;
    return figure;
}

/* Signed papers by category, in the taxonomy's order (top-level categories first, as
 * shipped: 三个聚焦 and their items). */
static int
s_load_categories (xc_call_t *call, const char *const *params, Xuncha__Statistics *statistics)
{
    PGresult *result = xc_call_query (call,
        "WITH RECURSIVE top (id, top_id) AS ("
        "  SELECT id, id FROM problem_category WHERE parent_id IS NULL"
        "  UNION ALL SELECT c.id, top.top_id FROM problem_category c JOIN top ON c.parent_id = top.id)"
        " SELECT c.name, CASE WHEN t.id = c.id THEN '' ELSE t.name END, count(*), count(DISTINCT p.unit_id)"
        " FROM working_paper p JOIN working_paper_version v ON v.paper_id = p.id AND v.version = p.version"
        " JOIN problem_category c ON c.id = v.category_id JOIN top ON top.id = c.id"
        " JOIN problem_category t ON t.id = top.top_id"
        " WHERE " XC_PAPER_SIGNED ("p") " AND " XC_IN_ROUNDS ("p.round_id")
        " GROUP BY c.id, c.name, t.id, t.name ORDER BY t.id, c.id <> t.id, c.id", 1, params);
    if (!result)
        return -1;
    statistics->categories = (Xuncha__CategoryFigure **) xc_call_read_rows (call, result, s_category_from_row,
                                                                             &statistics->n_categories);
    PQclear (result);
    return 0;
}

static void *
s_group_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__GroupFigure *figure = xc_arena_alloc (call->arena, sizeof *figure);
    xuncha__group_figure__init (figure);
    figure->group_id = xc_row_int (result, row, 0);
    figure->group_name = xc_row_text (call, result, row, 1);
    figure->round_name = xc_row_text (call, result, row, 2);
    figure->talks = (int32_t) xc_row_int (result, row, 3);
    figure->petitions = (int32_t) xc_row_int (result, row, 4);
    figure->papers = (int32_t) xc_row_int (result, row, 5);
    figure->clues = (int32_t) xc_row_int (result, row, 6);
    figure->conduct_ratings = (int32_t) xc_row_int (result, row, 7);
    figure->conduct_score = strtod (PQgetvalue (result, row, 8), NULL);
    return figure;
}

/* Each group's output, in the order of the rounds and the groups' numbers. */
static int
s_load_groups (xc_call_t *call, const char *const *params, Xuncha__Statistics *statistics)
{
    PGresult *result = xc_call_query (call,
        "WITH records AS (SELECT f.group_id, count(*) FILTER (WHERE f.kind = 3) AS talks,"
        "   count(*) FILTER (WHERE f.kind = 2) AS petitions FROM field_record f"
        "   WHERE " XC_IN_ROUNDS ("f.round_id") " GROUP BY f.group_id),"
        " papers AS (SELECT p.group_id, count(*) AS signed FROM working_paper p"
        "   WHERE " XC_PAPER_SIGNED ("p") " AND " XC_IN_ROUNDS ("p.round_id") " GROUP BY p.group_id),"
        " clues AS (SELECT c.group_id, count(*) AS transferred FROM clue_statistics($1::bigint[]) c"
        "   WHERE c.transferred GROUP BY c.group_id),"
        " ratings AS (SELECT c.group_id, count(*) AS rated, round(avg(c.score), 2) AS mean FROM conduct_rating c"
        "   WHERE " XC_IN_ROUNDS ("c.round_id") " GROUP BY c.group_id)"
        " SELECT g.id, g.name, " XC_ROUND_TITLE ("r") ", coalesce(records.talks, 0), coalesce(records.petitions, 0),"
        "  coalesce(papers.signed, 0), coalesce(clues.transferred, 0), coalesce(ratings.rated, 0),"
        "  coalesce(ratings.mean, 0)"
        " FROM inspection_group g JOIN round r ON r.id = g.round_id"
        " LEFT JOIN records ON records.group_id = g.id LEFT JOIN papers ON papers.group_id = g.id"
        " LEFT JOIN clues ON clues.group_id = g.id LEFT JOIN ratings ON ratings.group_id = g.id"
        " WHERE " XC_IN_ROUNDS ("g.round_id") " ORDER BY r.committee, r.number, g.number", 1, params);
    if (!result)
        return -1;
    statistics->groups = (Xuncha__GroupFigure **) xc_call_read_rows (call, result, s_group_from_row,
                                                                     &statistics->n_groups);
    PQclear (result);
    return 0;
}

/* The totals' columns, in the order s_load_totals reads them. */
enum {
    COL_TRANSFERRED, COL_DISPOSAL, COL_WITH_RESULT = COL_DISPOSAL + XC_DISPOSALS, COL_TASKS, COL_TASKS_DONE,
    COL_TASKS_OVERDUE, COL_SPOT, COL_SPOT_UNJUDGED = COL_SPOT + XC_SPOT_RESULTS, COL_GRADE,
    COL_EXCLUDED = COL_GRADE + XC_GRADES
};

#define XC_COUNT_OF(value) "count(*) FILTER (WHERE " value ")"

static double
s_rate (int32_t part, int32_t whole)
{
    return whole ? (double) part / whole : 0.0;
}

/* Clues, tasks, spot checks and appraisals: one row of counts. */
static int
s_load_totals (xc_call_t *call, const char *const *params, Xuncha__Statistics *s)
{
    const char *all[] = { params[0], params[1] };
    PGresult *result = xc_call_query (call,
        "SELECT c.*, t.*, k.*, a.* FROM"
        " (SELECT " XC_COUNT_OF ("transferred") ", " XC_COUNT_OF ("transferred AND disposal = 1") ","
        "   " XC_COUNT_OF ("transferred AND disposal = 2") ", " XC_COUNT_OF ("transferred AND disposal = 3") ","
        "   " XC_COUNT_OF ("transferred AND disposal = 4") ", " XC_COUNT_OF ("transferred AND has_result")
        "   FROM clue_statistics($1::bigint[])) c,"
        " (SELECT count(*), " XC_COUNT_OF ("t.status = 4") ", " XC_COUNT_OF (XC_TASK_OVERDUE ("t", "$2::date"))
        "   FROM rectification_task t WHERE " XC_IN_ROUNDS ("t.round_id") ") t,"
        " (SELECT " XC_COUNT_OF ("i.result = 1") ", " XC_COUNT_OF ("i.result = 2") ", " XC_COUNT_OF ("i.result = 3") ","
        "   " XC_COUNT_OF ("i.result IS NULL")
        "   FROM spot_check_item i JOIN spot_check s ON s.id = i.spot_check_id WHERE " XC_IN_ROUNDS ("s.round_id") ") k,"
        " (SELECT " XC_COUNT_OF ("a.grade = 1") ", " XC_COUNT_OF ("a.grade = 2") ", " XC_COUNT_OF ("a.grade = 3") ","
        "   " XC_COUNT_OF ("a.grade = 4") ", count(DISTINCT a.inspector_id) FILTER (WHERE a.exclude_from_pool)"
        "   FROM inspector_appraisal a WHERE " XC_IN_ROUNDS ("a.round_id") ") a", 2, all);
    if (!result)
        return -1;
    s->clues_transferred = (int32_t) xc_row_int (result, 0, COL_TRANSFERRED);
    s->disposals = (Xuncha__DisposalFigure **) xc_call_array (call, XC_DISPOSALS);
    s->n_disposals = XC_DISPOSALS;
    for (int d = 0; d < XC_DISPOSALS; d++) {
        s->disposals[d] = xc_arena_alloc (call->arena, sizeof *s->disposals[d]);
        xuncha__disposal_figure__init (s->disposals[d]);
        s->disposals[d]->disposal = (Xuncha__ClueDisposal) (d + 1);
        s->disposals[d]->clues = (int32_t) xc_row_int (result, 0, COL_DISPOSAL + d);
    }
    s->clues_with_result = (int32_t) xc_row_int (result, 0, COL_WITH_RESULT);
    s->tasks = (int32_t) xc_row_int (result, 0, COL_TASKS);
    s->tasks_done = (int32_t) xc_row_int (result, 0, COL_TASKS_DONE);
    s->tasks_overdue = (int32_t) xc_row_int (result, 0, COL_TASKS_OVERDUE);
    s->completion_rate = s_rate (s->tasks_done, s->tasks);
    s->overdue_rate = s_rate (s->tasks_overdue, s->tasks);
    /* 合格, 基本合格, 不合格, then (when there are any) the items not yet judged */
    int unjudged = (int) xc_row_int (result, 0, COL_SPOT_UNJUDGED);
    s->n_spot_checks = XC_SPOT_RESULTS + (unjudged > 0);
    s->spot_checks = (Xuncha__SpotCheckFigure **) xc_call_array (call, s->n_spot_checks);
    for (size_t k = 0; k < s->n_spot_checks; k++) {
        s->spot_checks[k] = xc_arena_alloc (call->arena, sizeof *s->spot_checks[k]);
        xuncha__spot_check_figure__init (s->spot_checks[k]);
        s->spot_checks[k]->result = k < XC_SPOT_RESULTS ? (Xuncha__SpotCheckResult) (k + 1) : 0;
        s->spot_checks[k]->papers = (int32_t) xc_row_int (result, 0, COL_SPOT + (int) k);
    }
    s->appraisals = (Xuncha__AppraisalFigure **) xc_call_array (call, XC_GRADES);
    s->n_appraisals = XC_GRADES;
    for (int g = 0; g < XC_GRADES; g++) {
        s->appraisals[g] = xc_arena_alloc (call->arena, sizeof *s->appraisals[g]);
        xuncha__appraisal_figure__init (s->appraisals[g]);
        s->appraisals[g]->grade = (Xuncha__AppraisalGrade) (g + 1);
        s->appraisals[g]->inspectors = (int32_t) xc_row_int (result, 0, COL_GRADE + g);
    }
    s->inspectors_excluded = (int32_t) xc_row_int (result, 0, COL_EXCLUDED);
    PQclear (result);
    return 0;
}

int
xc_compute_statistics (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__StatisticsQuery *query = request->statistics_query;
    char today[11];
    xc_clock_today (today);
    /* $1 the rounds (NULL: every round), $2 today, $3 now */
    const char *params[] = { query->n_round_ids ? xc_call_int_list (call, query->round_ids, query->n_round_ids) : NULL,
                             xc_arena_strdup (call->arena, today), xc_call_now (call) };
    Xuncha__Statistics *statistics = xc_arena_alloc (call->arena, sizeof *statistics);
    xuncha__statistics__init (statistics);
    if (s_begin (call, params, statistics) != 0)
        return -1;
    statistics->n_round_ids = query->n_round_ids;
    statistics->round_ids = xc_arena_alloc (call->arena, (query->n_round_ids + 1) * sizeof *statistics->round_ids);
    for (size_t i = 0; i < query->n_round_ids; i++)
        statistics->round_ids[i] = query->round_ids[i];
    if (s_load_categories (call, params, statistics) != 0 || s_load_totals (call, params, statistics) != 0
        || s_load_groups (call, params, statistics) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_STATISTICS;
    call->reply->statistics = statistics;
    return 0;
}
