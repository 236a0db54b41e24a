/* report_sources — see report_sources.h. One query per generated part; the rows come
 * ordered so that a category's problems, or an interviewee's talks, are consecutive. */
#include "report_sources.h"
#include "xc_codec.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The report's units, over a table aliased X joined to its org_unit as O; parameters $2
 * (the report's unit) and $3 (its ReportPart). */
#define XC_REPORT_UNITS(x)                                                        \
    " AND CASE $3::smallint WHEN 2 THEN " x ".unit_id = $2"                       \
    " WHEN 3 THEN " x ".unit_id <> $2 AND $2 = ANY (o.ancestors)"                 \
    " ELSE $2 = ANY (o.ancestors) END"

/* ------------------------------------------------------------------ 底稿 by category */

enum { P_ID, P_NUMBER, P_TITLE, P_FACTS, P_BASIS, P_UNIT, P_CATEGORY, P_CATEGORY_NAME, P_PARENT_NAME };

static void *
s_problem_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__ReportProblem *problem = xc_arena_alloc (call->arena, sizeof *problem);
    xuncha__report_problem__init (problem);
    problem->paper_id = xc_row_int (result, row, P_ID);
    problem->number = xc_row_text (call, result, row, P_NUMBER);
    problem->title = xc_row_text (call, result, row, P_TITLE);
    problem->facts = xc_row_text (call, result, row, P_FACTS);
    problem->basis = xc_row_text (call, result, row, P_BASIS);
    problem->unit_name = xc_row_text (call, result, row, P_UNIT);
    return problem;
}

/* The rows (one per paper, a category's together) as categories with their problems. */
static void
s_group_by_category (xc_call_t *call, const PGresult *result, Xuncha__Report *report, int64_t *paper_ids)
{
    int rows = PQntuples (result);
    size_t categories = 0;
    for (int row = 0; row < rows; row++)
        if (row == 0 || xc_row_int (result, row, P_CATEGORY) != xc_row_int (result, row - 1, P_CATEGORY))
            categories++;
    report->categories = (Xuncha__ReportCategory **) xc_call_array (call, categories);
    report->cited_numbers = (char **) xc_call_array (call, (size_t) rows);
    report->n_cited_numbers = (size_t) rows;
    Xuncha__ReportCategory *category = NULL;
    for (int row = 0; row < rows; row++) {
        if (row == 0 || xc_row_int (result, row, P_CATEGORY) != xc_row_int (result, row - 1, P_CATEGORY)) {
            category = xc_arena_alloc (call->arena, sizeof *category);
            xuncha__report_category__init (category);
            category->name = xc_row_text (call, result, row, P_CATEGORY_NAME);
            category->parent_name = xc_row_text (call, result, row, P_PARENT_NAME);
            category->problems = (Xuncha__ReportProblem **) xc_call_array (call, (size_t) rows - (size_t) row);
            report->categories[report->n_categories++] = category;
        }
        Xuncha__ReportProblem *problem = s_problem_from_row (call, result, row);
        category->problems[category->n_problems++] = problem;
        report->cited_numbers[row] = problem->number;
        paper_ids[row] = problem->paper_id;
    }
}

static int
s_cite_papers (xc_call_t *call, const xc_report_sources_t *sources, Xuncha__Report *report, int64_t **paper_ids)
{
    const char *params[] = { xc_call_int (call, sources->group_id), xc_call_int (call, sources->unit_id),
                             xc_call_int (call, sources->part), xc_call_id_or_null (call, sources->category_id) };
    /* roots: each category with its 聚焦 (top-level category); theme: a 专题报告's
     * category and those under it */
    PGresult *result = xc_call_query (call,
        "WITH RECURSIVE roots (id, root) AS ("
        "   SELECT id, id FROM problem_category WHERE parent_id IS NULL"
        "   UNION ALL SELECT c.id, r.root FROM problem_category c JOIN roots r ON c.parent_id = r.id),"
        " theme (id) AS ("
        "   SELECT id FROM problem_category WHERE id = $4"
        "   UNION ALL SELECT c.id FROM problem_category c JOIN theme t ON c.parent_id = t.id)"
        " SELECT p.id, p.number, v.title, v.facts, v.basis, o.name, v.category_id, c.name,"
        "  CASE WHEN top.id = c.id THEN '' ELSE top.name END"
        " FROM working_paper p"
        " JOIN working_paper_version v ON v.paper_id = p.id AND v.version = p.version"
        " JOIN org_unit o ON o.id = p.unit_id"
        " JOIN problem_category c ON c.id = v.category_id"
        " JOIN roots ON roots.id = c.id JOIN problem_category top ON top.id = roots.root"
        " WHERE p.group_id = $1 AND p.state = 4" XC_REPORT_UNITS ("p")
        " AND ($4::bigint IS NULL OR v.category_id IN (SELECT id FROM theme))"
        " ORDER BY top.id, c.id, p.number_year, p.number_sequence, p.id", 4, params);
    if (!result)
        return -1;
    int rows = PQntuples (result);
    *paper_ids = xc_arena_alloc (call->arena, sizeof (int64_t) * (size_t) (rows ? rows : 1));
    s_group_by_category (call, result, report, *paper_ids);
    PQclear (result);
    return 0;
}

/* ------------------------------------------------------------------ field records */

static int
s_count_records (xc_call_t *call, const xc_report_sources_t *sources, Xuncha__Report *report)
{
    const char *params[] = { xc_call_int (call, sources->group_id), xc_call_int (call, sources->unit_id),
                             xc_call_int (call, sources->part) };
    PGresult *result = xc_call_query (call,
        "SELECT k, (SELECT count(*) FROM field_record x JOIN org_unit o ON o.id = x.unit_id"
        "           WHERE x.group_id = $1 AND x.kind = k" XC_REPORT_UNITS ("x") ")"
        " FROM generate_series(1, 5) k ORDER BY k", 3, params);
    if (!result)
        return -1;
    int rows = PQntuples (result);
    report->record_counts = (Xuncha__ReportCount **) xc_call_array (call, (size_t) rows);
    for (int row = 0; row < rows; row++) {
        Xuncha__ReportCount *count = xc_arena_alloc (call->arena, sizeof *count);
        xuncha__report_count__init (count);
        count->kind = (Xuncha__RecordKind) xc_row_int (result, row, 0);
        count->count = (int32_t) xc_row_int (result, row, 1);
        report->record_counts[report->n_record_counts++] = count;
    }
    PQclear (result);
    return 0;
}

enum { T_NAME, T_POSITION, T_UNIT, T_SUMMARY };

static bool
s_same_interviewee (const PGresult *result, int row, int other)
{
    for (int column = T_NAME; column <= T_UNIT; column++)
        if (strcmp (PQgetvalue (result, row, column), PQgetvalue (result, other, column)) != 0)
            return false;
    return true;
}

/* 个别谈话情况报告: per interviewee (name, position, unit), in the order of their first
 * talk; each talk summarised as "2026-03-10 谈话提纲", marked when not confirmed. */
static int
s_summarise_talks (xc_call_t *call, const xc_report_sources_t *sources, Xuncha__Report *report)
{
    const char *params[] = { xc_call_int (call, sources->group_id), xc_call_int (call, sources->unit_id),
                             xc_call_int (call, sources->part) };
    PGresult *result = xc_call_query (call,
        "SELECT coalesce(x.interviewee_name, ''), coalesce(x.interviewee_position, ''),"
        "  coalesce(x.interviewee_unit, ''),"
        "  coalesce(to_char(x.talk_time, 'YYYY-MM-DD'), x.occurred_date::text) || ' '"
        "  || coalesce(nullif(x.outline, ''), '（未填谈话提纲）')"
        "  || CASE WHEN x.confirmed THEN '' ELSE '（谈话记录未经本人确认）' END"
        " FROM field_record x JOIN org_unit o ON o.id = x.unit_id"
        " WHERE x.group_id = $1 AND x.kind = 3" XC_REPORT_UNITS ("x")
        " ORDER BY min(coalesce(x.talk_time, x.occurred_date)) OVER (PARTITION BY x.interviewee_name,"
        "  x.interviewee_position, x.interviewee_unit), x.interviewee_name, x.interviewee_position,"
        "  x.interviewee_unit, coalesce(x.talk_time, x.occurred_date), x.id", 3, params);
    if (!result)
        return -1;
    int rows = PQntuples (result);
    report->talks = (Xuncha__ReportTalk **) xc_call_array (call, (size_t) rows);
    Xuncha__ReportTalk *talk = NULL;
    for (int row = 0; row < rows; row++) {
        if (row == 0 || !s_same_interviewee (result, row, row - 1)) {
            talk = xc_arena_alloc (call->arena, sizeof *talk);
            xuncha__report_talk__init (talk);
            talk->interviewee = xc_row_text (call, result, row, T_NAME);
            talk->position = xc_row_text (call, result, row, T_POSITION);
            talk->unit = xc_row_text (call, result, row, T_UNIT);
            talk->summaries = (char **) xc_call_array (call, (size_t) rows - (size_t) row);
            report->talks[report->n_talks++] = talk;
        }
        talk->summaries[talk->n_summaries++] = xc_row_text (call, result, row, T_SUMMARY);
        talk->talks = (int32_t) talk->n_summaries;
    }
    PQclear (result);
    return 0;
}

int
xc_report_generate (xc_call_t *call, const xc_report_sources_t *sources, Xuncha__Report *report,
                    int64_t **paper_ids)
{
    *paper_ids = NULL;
    switch (sources->kind) {
        case XUNCHA__REPORT_KIND__REPORT_KIND_INSPECTION:
            return s_cite_papers (call, sources, report, paper_ids) == 0 && s_count_records (call, sources, report) == 0
                       ? 0 : -1;
        case XUNCHA__REPORT_KIND__REPORT_KIND_THEMATIC:
            return s_cite_papers (call, sources, report, paper_ids);
        case XUNCHA__REPORT_KIND__REPORT_KIND_TALKS:
            *paper_ids = xc_arena_alloc (call->arena, sizeof (int64_t));
            return s_summarise_talks (call, sources, report);
        default:
            return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "未知的报告类型 %d", sources->kind);
    }
}

/* ------------------------------------------------------------------ frozen */

uint8_t *
xc_report_freeze (const Xuncha__Report *report, size_t *size)
{
    Xuncha__Report generated = XUNCHA__REPORT__INIT;
    generated.categories = report->categories;
    generated.n_categories = report->n_categories;
    generated.record_counts = report->record_counts;
    generated.n_record_counts = report->n_record_counts;
    generated.talks = report->talks;
    generated.n_talks = report->n_talks;
    generated.cited_numbers = report->cited_numbers;
    generated.n_cited_numbers = report->n_cited_numbers;
    return xc_pack (&generated.base, size);
}

static void *
s_arena_alloc (void *arena, size_t size)
{
    return xc_arena_alloc (arena, size);
}

static void
s_arena_free (void *arena, void *pointer)
{
    (void) arena, (void) pointer;   /* freed with the arena */
}

int
xc_report_thaw (xc_call_t *call, const uint8_t *data, size_t size, Xuncha__Report *report)
{
    ProtobufCAllocator allocator = { s_arena_alloc, s_arena_free, call->arena };
    Xuncha__Report *generated = xuncha__report__unpack (&allocator, size, data);
    if (!generated)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "报告 #%lld 冻结的生成部分无法读取",
                             (long long) report->id);
    report->categories = generated->categories;
    report->n_categories = generated->n_categories;
    report->record_counts = generated->record_counts;
    report->n_record_counts = generated->n_record_counts;
    report->talks = generated->talks;
    report->n_talks = generated->n_talks;
    report->cited_numbers = generated->cited_numbers;
    report->n_cited_numbers = generated->n_cited_numbers;
    return 0;
}
