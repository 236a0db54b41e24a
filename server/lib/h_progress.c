/* h_progress — 巡中调度: where each 巡察组 stands. Per group and per unit, how many of
 * each kind of field record and how many 问题底稿 in each state; for a 巡乡带村 round,
 * how many of the villages and communities the group covers have at least one field
 * record, with a warning once the midpoint has passed and fewer than half are covered
 * (seed 000: "中间节点前完成半数以上村（社区）"). The 巡察办 and 只读 readers see every
 * group side by side; an inspector sees the groups he belongs to. */
#include "handlers.h"
#include "access.h"
#include "xc_clock.h"
#include "xc_names.h"
#include <stdlib.h>
#include <string.h>

#define XC_VILLAGE_KINDS "(3, 4)"   /* UNIT_KIND_VILLAGE, UNIT_KIND_COMMUNITY */

static Xuncha__RecordCounts *
s_new_record_counts (xc_call_t *call)
{
    Xuncha__RecordCounts *counts = xc_arena_alloc (call->arena, sizeof *counts);
    xuncha__record_counts__init (counts);
    return counts;
}

static Xuncha__PaperCounts *
s_new_paper_counts (xc_call_t *call)
{
    Xuncha__PaperCounts *counts = xc_arena_alloc (call->arena, sizeof *counts);
    xuncha__paper_counts__init (counts);
    return counts;
}

static void
s_add_records (Xuncha__RecordCounts *counts, int kind, int32_t n)
{
    switch (kind) {
        case XUNCHA__RECORD_KIND__RECORD_KIND_BRIEFING: counts->briefings += n; break;
        case XUNCHA__RECORD_KIND__RECORD_KIND_PETITION: counts->petitions += n; break;
        case XUNCHA__RECORD_KIND__RECORD_KIND_TALK: counts->talks += n; break;
        case XUNCHA__RECORD_KIND__RECORD_KIND_DOCUMENT_REVIEW: counts->document_reviews += n; break;
        case XUNCHA__RECORD_KIND__RECORD_KIND_VISIT: counts->visits += n; break;
        default: break;
    }
}

static void
s_add_papers (Xuncha__PaperCounts *counts, int state, int32_t n)
{
    switch (state) {
        case XUNCHA__PAPER_STATE__PAPER_STATE_DRAFT: counts->drafts += n; break;
        case XUNCHA__PAPER_STATE__PAPER_STATE_UNDER_REVIEW: counts->under_review += n; break;
        case XUNCHA__PAPER_STATE__PAPER_STATE_SIGNED: counts->signed_ += n; break;
        case XUNCHA__PAPER_STATE__PAPER_STATE_INCLUDED: counts->included += n; break;
        case XUNCHA__PAPER_STATE__PAPER_STATE_EXCLUDED: counts->excluded += n; break;
        default: break;
    }
}

static void *
s_unit_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__UnitProgress *unit = xc_arena_alloc (call->arena, sizeof *unit);
    xuncha__unit_progress__init (unit);
    unit->unit_id = xc_row_int (result, row, 0);
    unit->unit_name = xc_row_text (call, result, row, 1);
    unit->kind = (Xuncha__UnitKind) xc_row_int (result, row, 2);
    unit->records = s_new_record_counts (call);
    unit->papers = s_new_paper_counts (call);
    return unit;
}

static Xuncha__UnitProgress *
s_find_unit (Xuncha__GroupProgress *group, int64_t unit_id)
{
    for (size_t i = 0; i < group->n_units; i++)
        if (group->units[i]->unit_id == unit_id)
            return group->units[i];
    return NULL;
}

/* The group's units (assigned, or holding its records or papers), each with counts. */
static int
s_count_by_unit (xc_call_t *call, Xuncha__GroupProgress *group)
{
    const char *params[] = { xc_call_int (call, group->group_id) };
    PGresult *units = xc_call_query (call,
        "SELECT u.id, unit_path(u.id), u.kind FROM org_unit u WHERE u.id IN ("
        "  SELECT unit_id FROM group_unit WHERE group_id = $1"
        "  UNION SELECT unit_id FROM field_record WHERE group_id = $1"
        "  UNION SELECT unit_id FROM working_paper WHERE group_id = $1) ORDER BY 2", 1, params);
    if (!units)
        return -1;
    group->units = (Xuncha__UnitProgress **) xc_call_read_rows (call, units, s_unit_from_row, &group->n_units);
    PQclear (units);
    PGresult *counts = xc_call_query (call,
        "SELECT unit_id, 'r', kind, count(*) FROM field_record WHERE group_id = $1 GROUP BY 1, 3"
        " UNION ALL SELECT unit_id, 'p', state, count(*) FROM working_paper WHERE group_id = $1 GROUP BY 1, 3",
        1, params);
    if (!counts)
        return -1;
    for (int row = 0; row < PQntuples (counts); row++) {
        Xuncha__UnitProgress *unit = s_find_unit (group, xc_row_int (counts, row, 0));
        int value = (int) xc_row_int (counts, row, 2);
        int32_t n = (int32_t) xc_row_int (counts, row, 3);
        if (*PQgetvalue (counts, row, 1) == 'r') {
            s_add_records (unit->records, value, n);
            s_add_records (group->records, value, n);
        }
        else {
            s_add_papers (unit->papers, value, n);
            s_add_papers (group->papers, value, n);
        }
    }
    PQclear (counts);
    return 0;
}

/* 巡乡带村: the villages and communities assigned to the group, directly or inside an
 * assigned township, and how many of them have a field record. */
static int
s_count_village_coverage (xc_call_t *call, Xuncha__GroupProgress *group)
{
    const char *params[] = { xc_call_int (call, group->group_id) };
    PGresult *result = xc_call_query (call,
        "WITH villages AS ("
        "  SELECT DISTINCT o.id FROM org_unit o JOIN group_unit a ON a.unit_id = ANY (unit_ancestors(o.id))"
        "  WHERE a.group_id = $1 AND o.kind IN " XC_VILLAGE_KINDS ")"
        " SELECT count(*), count(*) FILTER (WHERE EXISTS ("
        "   SELECT 1 FROM field_record r WHERE r.group_id = $1 AND r.unit_id = v.id)) FROM villages v",
        1, params);
    if (!result)
        return -1;
    group->villages_assigned = (int32_t) xc_row_int (result, 0, 0);
    group->villages_covered = (int32_t) xc_row_int (result, 0, 1);
    PQclear (result);
    return 0;
}

static void
s_warn_about_midpoint (xc_call_t *call, Xuncha__GroupProgress *group, const Xuncha__Round *round,
                       const char *today)
{
    if (!*round->midpoint_date || strcmp (today, round->midpoint_date) <= 0 || group->villages_assigned == 0
        || group->villages_covered * 2 >= group->villages_assigned)
        return;
    group->warnings = (char **) xc_call_array (call, 1);
    group->warnings[group->n_warnings++] = xc_arena_printf (call->arena,
        "已过中间节点（%s），村（社区）覆盖 %d/%d，未达半数", round->midpoint_date,
        group->villages_covered, group->villages_assigned);
}

static void *
s_group_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__GroupProgress *group = xc_arena_alloc (call->arena, sizeof *group);
    xuncha__group_progress__init (group);
    group->group_id = xc_row_int (result, row, 0);
    group->group_name = xc_row_text (call, result, row, 1);
    group->records = s_new_record_counts (call);
    group->papers = s_new_paper_counts (call);
    return group;
}

/* The groups of the round the caller may see: all for the 巡察办 and 只读 readers,
 * his own for an inspector; one when GROUP_ID is given. */
static PGresult *
s_visible_groups (xc_call_t *call, int64_t round_id, int64_t group_id)
{
    const char *params[] = { xc_call_int (call, round_id), xc_call_id_or_null (call, group_id),
                             xc_group_filter (call) };
    return xc_call_query (call,
        "SELECT g.id, g.name FROM inspection_group g WHERE g.round_id = $1"
        " AND ($2::bigint IS NULL OR g.id = $2) AND ($3::bigint IS NULL OR " XC_MEMBER_OF ("g.id", "3") ")"
        " ORDER BY g.number", 3, params);
}

int
xc_show_progress (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ProgressShow *show = request->progress_show;
    xc_group_scope_t scope;
    if (show->group_id && xc_require_group_reader (call, show->group_id, &scope) != 0)
        return -1;
    if (show->group_id && scope.round_id != show->round_id)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "%s不属于轮次 %lld", scope.group_name,
                             (long long) show->round_id);
    Xuncha__Progress *progress = xc_arena_alloc (call->arena, sizeof *progress);
    xuncha__progress__init (progress);
    if (!(progress->round = xc_load_round (call, show->round_id)) || xc_require_round_reader (call, show->round_id) != 0)
        return -1;
    char today[11];
    xc_clock_today (today);
    progress->today = xc_arena_strdup (call->arena, today);
    PGresult *groups = s_visible_groups (call, show->round_id, show->group_id);
    if (!groups)
        return -1;
    progress->groups = (Xuncha__GroupProgress **) xc_call_read_rows (call, groups, s_group_from_row, &progress->n_groups);
    PQclear (groups);
    int township_round = progress->round->type == XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES;
    for (size_t i = 0; i < progress->n_groups; i++) {
        Xuncha__GroupProgress *group = progress->groups[i];
        if (s_count_by_unit (call, group) != 0 || (township_round && s_count_village_coverage (call, group) != 0))
            return -1;
        s_warn_about_midpoint (call, group, progress->round, today);
    }
    call->reply->body_case = XUNCHA__REPLY__BODY_PROGRESS;
    call->reply->progress = progress;
    return 0;
}
