/* h_reports — 巡察报告, 个别谈话情况报告 and 专题报告: one per (巡察组, unit, kind, part,
 * category), written by the group and approved by its 组长, then by the 巡察办:
 *
 *   起草 ──组长审定（生成部分冻结）──► 组长已审定 ──巡察办审定──► 巡察办已审定
 *    ▲                                    │
 *    └──────────退回（理由；巡察办或组长）──┘
 *
 * The group (组长 or 组员) builds a report and writes its narrative sections while it is
 * 起草; its generated parts (report_sources.h: the signed 底稿 纳入报告 by category, the
 * field records' counts, the talks per interviewee) are then read from their sources at
 * every build and show, so they follow the papers. The 组长's 审定 freezes them: the
 * report keeps what he approved, whatever happens to the papers later, and the 巡察办
 * approves exactly that; a 退回 makes it a draft again, live. Building, writing and
 * approving happen from the round's 报告 to its 整改 (refused once it is 归档). Every step
 * appends report_event (with the numbers cited) and change_log.
 *
 * Sections per kind (the keys the client's --section takes): 巡察报告 overview 基本情况,
 * strengths 主要成效 (optional), recommendations 意见建议; 个别谈话情况报告 overview
 * 基本情况; 专题报告 overview 基本情况, recommendations 意见建议. A required section must
 * be written before the 组长 approves. */
#include "handlers.h"
#include "access.h"
#include "report_sources.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define XC_KIND(name) XUNCHA__REPORT_KIND__REPORT_KIND_##name
#define XC_PART(name) XUNCHA__REPORT_PART__REPORT_PART_##name
#define XC_REPORT_STATE(name) XUNCHA__REPORT_STATE__REPORT_STATE_##name
#define XC_EVENT_EDIT 4      /* report_event.action of a section written (0: built) */

typedef struct {
    int kind;
    const char *key;
    const char *title;
    bool required;           /* before 组长审定 */
} section_t;

static const section_t s_sections[] = {
    { XC_KIND (INSPECTION), "overview", "基本情况", true },
    { XC_KIND (INSPECTION), "strengths", "主要成效", false },
    { XC_KIND (INSPECTION), "recommendations", "意见建议", true },
    { XC_KIND (TALKS), "overview", "基本情况", true },
    { XC_KIND (THEMATIC), "overview", "基本情况", true },
    { XC_KIND (THEMATIC), "recommendations", "意见建议", true },
};
#define XC_SECTION_COUNT (sizeof s_sections / sizeof s_sections[0])

/* "overview（基本情况）、strengths（主要成效）…" for a refusal */
static const char *
s_section_keys (xc_call_t *call, int kind)
{
    const char *keys = "";
    for (size_t i = 0; i < XC_SECTION_COUNT; i++)
        if (s_sections[i].kind == kind)
            keys = xc_arena_printf (call->arena, "%s%s%s（%s%s）", keys, *keys ? "、" : "", s_sections[i].key,
                                    s_sections[i].title, s_sections[i].required ? "" : "，可不写");
    return keys;
}

/* The report a change is made to, locked for the rest of the transaction. */
typedef struct {
    int64_t id;
    int64_t group_id;
    int kind;
    int state;
} report_ref_t;

static int64_t
s_group_of_report (xc_call_t *call, int64_t report_id)
{
    const char *params[] = { xc_call_int (call, report_id) };
    PGresult *result = xc_call_query_one (call, "报告", "SELECT group_id FROM report_whereabouts($1)", 1, params);
    if (!result)
        return 0;
    int64_t group_id = xc_row_int (result, 0, 0);
    PQclear (result);
    return group_id;
}

static int
s_lock_report (xc_call_t *call, int64_t report_id, report_ref_t *report)
{
    const char *params[] = { xc_call_int (call, report_id) };
    PGresult *result = xc_call_query_one (call, "报告",
        "SELECT group_id, kind, state FROM report WHERE id = $1 FOR UPDATE", 1, params);
    if (!result)
        return -1;
    report->id = report_id;
    report->group_id = xc_row_int (result, 0, 0);
    report->kind = (int) xc_row_int (result, 0, 1);
    report->state = (int) xc_row_int (result, 0, 2);
    PQclear (result);
    return 0;
}

/* ------------------------------------------------------------------ phases and people */

/* From 报告 to 整改: "生成巡察报告只能在“报告”“反馈”“移交”“整改”阶段进行，…“了解”阶段" */
static int
s_require_report_phase (xc_call_t *call, int phase, const char *what)
{
    if (phase >= XUNCHA__PHASE__PHASE_REPORTING && phase <= XUNCHA__PHASE__PHASE_RECTIFICATION)
        return 0;
    const char *phases = "";
    for (int p = XUNCHA__PHASE__PHASE_REPORTING; p <= XUNCHA__PHASE__PHASE_RECTIFICATION; p++)
        phases = xc_arena_printf (call->arena, "%s“%s”", phases, xc_label (&xuncha__phase__descriptor, p));
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s只能在%s阶段进行，本轮巡察当前处于“%s”阶段", what,
                         phases, xc_label (&xuncha__phase__descriptor, phase));
}

/* A member of the group (or its 组长 alone), the round share-locked in a report phase. */
static int
s_require_group_writer (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what, bool leader)
{
    int rc = leader
        ? xc_require_group_leader_until (call, group_id, scope, what, XUNCHA__PHASE__PHASE_RECTIFICATION)
        : xc_require_group_writer_until (call, group_id, scope, what, XUNCHA__PHASE__PHASE_RECTIFICATION);
    return rc == 0 ? s_require_report_phase (call, scope->phase, what) : -1;
}

/* The 巡察办, the round share-locked in a report phase. */
static int
s_require_office (xc_call_t *call, const xc_group_scope_t *scope, const char *what)
{
    if (call->who.role != XUNCHA__ROLE__ROLE_OFFICE)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "只有巡察办可以%s", what);
    const char *params[] = { xc_call_int (call, scope->round_id) };
    PGresult *result = xc_call_query_one (call, "巡察轮次", "SELECT phase FROM round WHERE id = $1 FOR SHARE", 1,
                                          params);
    if (!result)
        return -1;
    int phase = (int) xc_row_int (result, 0, 0);
    PQclear (result);
    return s_require_report_phase (call, phase, what);
}

/* ------------------------------------------------------------------ reading */

#define XC_REPORT_COLUMNS \
    "r.id, r.kind, r.part, r.state, r.round_id, ro.committee || '第' || ro.number || '轮巡察', ro.committee," \
    " r.group_id, g.name, r.unit_id, u.name, r.category_id, coalesce(c.name, ''), r.title," \
    " " XC_LOCAL_TIME ("CASE WHEN r.state = 1 THEN now() ELSE r.generated_at END") "," \
    " la.display_name, " XC_LOCAL_TIME ("r.leader_approved_at") ", oa.display_name," \
    " " XC_LOCAL_TIME ("r.office_approved_at") ", r.returned_reason, " XC_LOCAL_TIME ("r.updated_at") "," \
    " rb.display_name, " XC_LOCAL_TIME ("r.returned_at") ", r.snapshot IS NOT NULL"
#define XC_REPORT_FROM \
    " FROM report r JOIN round ro ON ro.id = r.round_id JOIN inspection_group g ON g.id = r.group_id" \
    " JOIN org_unit u ON u.id = r.unit_id LEFT JOIN problem_category c ON c.id = r.category_id" \
    " LEFT JOIN app_user la ON la.id = r.leader_approved_by LEFT JOIN app_user oa ON oa.id = r.office_approved_by" \
    " LEFT JOIN app_user rb ON rb.id = r.returned_by"
enum {
    R_ID, R_KIND, R_PART, R_STATE, R_ROUND, R_ROUND_NAME, R_COMMITTEE, R_GROUP, R_GROUP_NAME, R_UNIT, R_UNIT_NAME,
    R_CATEGORY, R_CATEGORY_NAME, R_TITLE, R_GENERATED_AT, R_LEADER_BY, R_LEADER_AT, R_OFFICE_BY, R_OFFICE_AT,
    R_RETURNED_REASON, R_UPDATED_AT, R_RETURNED_BY, R_RETURNED_AT, R_FROZEN
};

static void *
s_report_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__Report *report = xc_arena_alloc (call->arena, sizeof *report);
    xuncha__report__init (report);
    report->id = xc_row_int (result, row, R_ID);
    report->kind = (Xuncha__ReportKind) xc_row_int (result, row, R_KIND);
    report->part = (Xuncha__ReportPart) xc_row_int (result, row, R_PART);
    report->state = (Xuncha__ReportState) xc_row_int (result, row, R_STATE);
    report->round_id = xc_row_int (result, row, R_ROUND);
    report->round_name = xc_row_text (call, result, row, R_ROUND_NAME);
    report->committee = xc_row_text (call, result, row, R_COMMITTEE);
    report->group_id = xc_row_int (result, row, R_GROUP);
    report->group_name = xc_row_text (call, result, row, R_GROUP_NAME);
    report->unit_id = xc_row_int (result, row, R_UNIT);
    report->unit_name = xc_row_text (call, result, row, R_UNIT_NAME);
    report->category_id = xc_row_int (result, row, R_CATEGORY);
    report->category_name = xc_row_text (call, result, row, R_CATEGORY_NAME);
    report->title = xc_row_text (call, result, row, R_TITLE);
    report->generated_at = xc_row_text (call, result, row, R_GENERATED_AT);
    report->leader_approved_by = xc_row_text (call, result, row, R_LEADER_BY);
    report->leader_approved_at = xc_row_text (call, result, row, R_LEADER_AT);
    report->office_approved_by = xc_row_text (call, result, row, R_OFFICE_BY);
    report->office_approved_at = xc_row_text (call, result, row, R_OFFICE_AT);
    report->returned_reason = xc_row_text (call, result, row, R_RETURNED_REASON);
    report->updated_at = xc_row_text (call, result, row, R_UPDATED_AT);
    report->returned_by = xc_row_text (call, result, row, R_RETURNED_BY);
    report->returned_at = xc_row_text (call, result, row, R_RETURNED_AT);
    return report;
}

/* Every section of the report's kind in order, with what the group wrote ("" if nothing). */
static int
s_load_sections (xc_call_t *call, Xuncha__Report *report)
{
    const char *params[] = { xc_call_int (call, report->id) };
    PGresult *result = xc_call_query (call, "SELECT key, text FROM report_section WHERE report_id = $1", 1, params);
    if (!result)
        return -1;
    report->sections = (Xuncha__ReportSection **) xc_call_array (call, XC_SECTION_COUNT);
    for (size_t i = 0; i < XC_SECTION_COUNT; i++) {
        if (s_sections[i].kind != (int) report->kind)
            continue;
        Xuncha__ReportSection *section = xc_arena_alloc (call->arena, sizeof *section);
        xuncha__report_section__init (section);
        section->key = (char *) s_sections[i].key;
        section->title = (char *) s_sections[i].title;
        section->text = "";
        for (int row = 0; row < PQntuples (result); row++)
            if (strcmp (PQgetvalue (result, row, 0), section->key) == 0)
                section->text = xc_row_text (call, result, row, 1);
        report->sections[report->n_sections++] = section;
    }
    PQclear (result);
    return 0;
}

static int
s_thaw_snapshot (xc_call_t *call, Xuncha__Report *report)
{
    const char *params[] = { xc_call_int (call, report->id) };
    PGresult *result = xc_call_query_params (call, "SELECT snapshot FROM report WHERE id = $1", 1, params, NULL,
                                             NULL, 1);
    if (!result)
        return -1;
    int rc = xc_report_thaw (call, (const uint8_t *) PQgetvalue (result, 0, 0),
                             (size_t) PQgetlength (result, 0, 0), report);
    PQclear (result);
    return rc;
}

/* The whole report: its row, its sections, and its generated parts — frozen, or read from
 * the sources now (*PAPER_IDS, when asked for, the cited papers then). */
static Xuncha__Report *
s_load_report (xc_call_t *call, int64_t report_id, int64_t **paper_ids)
{
    const char *params[] = { xc_call_int (call, report_id) };
    PGresult *result = xc_call_query_one (call, "报告", "SELECT " XC_REPORT_COLUMNS XC_REPORT_FROM " WHERE r.id = $1",
                                          1, params);
    if (!result)
        return NULL;
    Xuncha__Report *report = s_report_from_row (call, result, 0);
    bool frozen = *PQgetvalue (result, 0, R_FROZEN) == 't';
    PQclear (result);
    if (s_load_sections (call, report) != 0)
        return NULL;
    if (frozen)
        return s_thaw_snapshot (call, report) == 0 ? report : NULL;
    xc_report_sources_t sources = { .group_id = report->group_id, .unit_id = report->unit_id,
                                    .kind = (int) report->kind, .part = (int) report->part,
                                    .category_id = report->category_id };
    int64_t *ids;
    if (xc_report_generate (call, &sources, report, &ids) != 0)
        return NULL;
    if (paper_ids)
        *paper_ids = ids;
    return report;
}

/* Appends the step to report_event, with the numbers the report cites after it, and to
 * change_log; the report is the reply. */
static int
s_record_step (xc_call_t *call, int64_t report_id, int action, const char *reason, const char *log_action)
{
    Xuncha__Report *report = s_load_report (call, report_id, NULL);
    if (!report)
        return -1;
    const char *params[] = { xc_call_int (call, report_id), xc_call_int (call, action),
                             xc_call_int (call, call->who.user_id), reason,
                             xc_call_text_list (call, report->cited_numbers, report->n_cited_numbers) };
    if (xc_call_exec (call,
            "INSERT INTO report_event (report_id, action, by_user, reason, cited_numbers)"
            " VALUES ($1, $2, $3, $4, coalesce(string_to_array($5, chr(31)), '{}'))", 5, params) != 0
        || xc_call_log_change (call, log_action, "report", report_id) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_REPORT;
    call->reply->report = report;
    return 0;
}

/* ------------------------------------------------------------------ build */

/* The one value SQL reads for the id $1 (a name, a kind; "" for id 0); NULL after refusing NOT_FOUND. */
static const char *
s_lookup (xc_call_t *call, const char *what, const char *sql, int64_t id)
{
    if (!id)
        return "";
    const char *params[] = { xc_call_int (call, id) };
    PGresult *result = xc_call_query_one (call, what, sql, 1, params);
    if (!result)
        return NULL;
    const char *name = xc_row_text (call, result, 0, 0);
    PQclear (result);
    return name;
}

/* The build's kind, part and category against the round and the unit. */
static int
s_check_build (xc_call_t *call, const Xuncha__ReportBuild *build, const xc_group_scope_t *scope, int part)
{
    const char *part_label = xc_label (&xuncha__report_part__descriptor, part);
    if (part != XC_PART (WHOLE)) {
        if (scope->round_type != XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES)
            return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                                 "只有“巡乡带村”的轮次分“乡镇”“村社区”两部分报告，本轮为“%s”，请用“全部”",
                                 xc_label (&xuncha__round_type__descriptor, scope->round_type));
        const char *kind = s_lookup (call, "单位", "SELECT kind FROM org_unit WHERE id = $1", build->unit_id);
        if (!kind)
            return -1;
        if (atoi (kind) != XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP)
            return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                                 "“%s”部分的报告须针对乡镇（街道），单位 %lld 是“%s”", part_label,
                                 (long long) build->unit_id, xc_label (&xuncha__unit_kind__descriptor, atoi (kind)));
    }
    if (build->kind == XC_KIND (THEMATIC) && !build->category_id)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "专题报告须指定问题分类（category_id）");
    if (build->kind != XC_KIND (THEMATIC) && build->category_id)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "只有专题报告指定问题分类，%s不指定",
                             xc_label (&xuncha__report_kind__descriptor, build->kind));
    return 0;
}

/* "第一巡察组关于城关镇所辖村（社区）的巡察报告", "…关于城关镇“选人用人”问题的专题报告" */
static const char *
s_title (xc_call_t *call, const Xuncha__ReportBuild *build, const xc_group_scope_t *scope, int part)
{
    static const char *const suffixes[] = { "", "", "（乡镇本级）", "所辖村（社区）" };
    const char *unit = s_lookup (call, "单位", "SELECT name FROM org_unit WHERE id = $1", build->unit_id);
    const char *category = unit ? s_lookup (call, "问题分类", "SELECT name FROM problem_category WHERE id = $1",
                                             build->category_id) : NULL;
    if (!category)
        return NULL;
    return xc_arena_printf (call->arena, "%s关于%s%s%s%s%s的%s", scope->group_name, unit, suffixes[part],
                            *category ? "“" : "", category, *category ? "”问题" : "",
                            xc_label (&xuncha__report_kind__descriptor, build->kind));
}

/* Creates the report, or finds the existing one (locked) and refuses it once approved. */
static int64_t
s_create_or_find (xc_call_t *call, const Xuncha__ReportBuild *build, const xc_group_scope_t *scope, int part,
                  const char *title)
{
    const char *params[] = { xc_call_int (call, scope->round_id), xc_call_int (call, build->group_id),
                             xc_call_int (call, build->unit_id), xc_call_int (call, build->kind),
                             xc_call_int (call, part), xc_call_id_or_null (call, build->category_id), title,
                             xc_call_int (call, call->who.user_id) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO report (round_id, group_id, unit_id, kind, part, category_id, title, created_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ON CONSTRAINT report_unique DO NOTHING RETURNING id",
        8, params);
    if (!result)
        return 0;
    int64_t id = PQntuples (result) ? xc_row_int (result, 0, 0) : 0;
    PQclear (result);
    if (id)
        return id;
    result = xc_call_query_one (call, "报告",
        "SELECT id FROM report WHERE group_id = $1 AND unit_id = $2 AND kind = $3 AND part = $4"
        " AND category_id IS NOT DISTINCT FROM $5::bigint", 5, params + 1);
    if (!result)
        return 0;
    report_ref_t report;
    int rc = s_lock_report (call, xc_row_int (result, 0, 0), &report);
    PQclear (result);
    if (rc != 0)
        return 0;
    if (report.state != XC_REPORT_STATE (DRAFT)) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                      "报告 #%lld 当前为“%s”，生成部分已冻结，不能重新生成%s", (long long) report.id,
                      xc_label (&xuncha__report_state__descriptor, report.state),
                      report.state == XC_REPORT_STATE (LEADER_APPROVED) ? "；如需重新生成请先退回" : "");
        return 0;
    }
    const char *update[] = { xc_call_int (call, report.id), title };
    return xc_call_exec (call, "UPDATE report SET title = $2, updated_at = now() WHERE id = $1", 2, update) == 0
               ? report.id : 0;
}

int
xc_build_report (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ReportBuild *build = request->report_build;
    int part = build->part ? (int) build->part : XC_PART (WHOLE);
    xc_group_scope_t scope;
    if (s_require_group_writer (call, build->group_id, &scope, "生成报告", false) != 0
        || xc_require_unit_of_group (call, &scope, build->unit_id) != 0
        || s_check_build (call, build, &scope, part) != 0)
        return -1;
    const char *title = s_title (call, build, &scope, part);
    int64_t report_id = title ? s_create_or_find (call, build, &scope, part, title) : 0;
    if (!report_id)
        return -1;
    return s_record_step (call, report_id, 0, "", "build_report");
}

/* ------------------------------------------------------------------ narrative sections */

static const section_t *
s_section_of (int kind, const char *key)
{
    for (size_t i = 0; i < XC_SECTION_COUNT; i++)
        if (s_sections[i].kind == kind && strcmp (s_sections[i].key, key) == 0)
            return &s_sections[i];
    return NULL;
}

static int
s_refuse_unless_draft (xc_call_t *call, const report_ref_t *report, const char *what)
{
    if (report->state == XC_REPORT_STATE (DRAFT))
        return 0;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "报告 #%lld 当前为“%s”，不能%s%s", (long long) report->id,
                         xc_label (&xuncha__report_state__descriptor, report->state), what,
                         report->state == XC_REPORT_STATE (LEADER_APPROVED) ? "；如需修改请先退回" : "");
}

int
xc_edit_report (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ReportEdit *edit = request->report_edit;
    xc_group_scope_t scope;
    report_ref_t report;
    int64_t group_id = s_group_of_report (call, edit->report_id);
    if (!group_id || s_require_group_writer (call, group_id, &scope, "修改报告", false) != 0
        || s_lock_report (call, edit->report_id, &report) != 0 || s_refuse_unless_draft (call, &report, "修改") != 0)
        return -1;
    if (!s_section_of (report.kind, edit->section_key))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "%s没有“%s”部分；可写的部分：%s",
                             xc_label (&xuncha__report_kind__descriptor, report.kind), edit->section_key,
                             s_section_keys (call, report.kind));
    const char *params[] = { xc_call_int (call, report.id), edit->section_key, edit->text,
                             xc_call_int (call, call->who.user_id) };
    if (xc_call_exec (call,
            "INSERT INTO report_section (report_id, key, text, written_by) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (report_id, key) DO UPDATE SET text = $3, written_by = $4, written_at = now()", 4, params) != 0
        || xc_call_exec (call, "UPDATE report SET updated_at = now() WHERE id = $1", 1, params) != 0)
        return -1;
    return s_record_step (call, report.id, XC_EVENT_EDIT, edit->section_key, "edit_report");
}

/* ------------------------------------------------------------------ approval */

/* The required sections not yet written: "“基本情况”“意见建议”" ("" when none). */
static const char *
s_missing_sections (xc_call_t *call, const Xuncha__Report *report)
{
    const char *missing = "";
    for (size_t i = 0; i < report->n_sections; i++) {
        const section_t *section = s_section_of ((int) report->kind, report->sections[i]->key);
        if (section && section->required && xc_utf8_blank (report->sections[i]->text))
            missing = xc_arena_printf (call->arena, "%s“%s”", missing, section->title);
    }
    return missing;
}

/* 组长审定: the generated parts as they are now become the report's for good. */
static int
s_leader_approve (xc_call_t *call, const report_ref_t *ref, const char *reason)
{
    (void) reason;
    int64_t *paper_ids = NULL;
    Xuncha__Report *report = s_load_report (call, ref->id, &paper_ids);
    if (!report)
        return -1;
    const char *missing = s_missing_sections (call, report);
    if (*missing)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "报告 #%lld 尚未撰写%s，不能组长审定",
                             (long long) ref->id, missing);
    size_t size;
    uint8_t *snapshot = xc_report_freeze (report, &size);
    if (!snapshot)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "内存不足，无法冻结报告的生成部分");
    const char *params[] = { xc_call_int (call, ref->id), (const char *) snapshot,
                             xc_call_int_list (call, paper_ids, report->n_cited_numbers),
                             xc_call_text_list (call, report->cited_numbers, report->n_cited_numbers),
                             xc_call_int (call, call->who.user_id) };
    const int lengths[] = { 0, (int) size, 0, 0, 0 };
    const int formats[] = { 0, 1, 0, 0, 0 };
    PGresult *result = xc_call_query_params (call,
        "UPDATE report SET state = 2, snapshot = $2, cited_paper_ids = $3::bigint[],"
        " cited_numbers = coalesce(string_to_array($4, chr(31)), '{}'), generated_at = now(),"
        " leader_approved_by = $5, leader_approved_at = now(), updated_at = now() WHERE id = $1",
        5, params, lengths, formats, 0);
    free (snapshot);
    if (!result)
        return -1;
    PQclear (result);
    return 0;
}

static int
s_office_approve (xc_call_t *call, const report_ref_t *report, const char *reason)
{
    (void) reason;
    const char *params[] = { xc_call_int (call, report->id), xc_call_int (call, call->who.user_id) };
    /* what the 组长 approved still stands: every cited 底稿 signed, 纳入报告 and unchanged
     * since (a revision or a decision after it would leave the report citing another text) */
    PGresult *changed = xc_call_query (call,
        "SELECT string_agg (coalesce (p.number, '#' || p.id), '、' ORDER BY p.id) FROM report r"
        " JOIN working_paper p ON p.id = ANY (r.cited_paper_ids)"
        " WHERE r.id = $1 AND (p.state <> 4 OR p.updated_at > r.leader_approved_at)", 1, params);
    if (!changed)
        return -1;
    int stale = !PQgetisnull (changed, 0, 0);
    const char *numbers = stale ? xc_row_text (call, changed, 0, 0) : "";
    PQclear (changed);
    if (stale)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "报告所引底稿 %s 在组长审定后已有变动（修订或改为不纳入报告），不能审定；请退回后重新生成",
                             numbers);
    return xc_call_exec (call,
        "UPDATE report SET state = 3, office_approved_by = $2, office_approved_at = now(), updated_at = now()"
        " WHERE id = $1", 2, params);
}

/* 退回: back to 起草, the generated parts live again; who, when and why are kept. */
static int
s_return (xc_call_t *call, const report_ref_t *report, const char *reason)
{
    const char *params[] = { xc_call_int (call, report->id), xc_call_int (call, call->who.user_id), reason };
    return xc_call_exec (call,
        "UPDATE report SET state = 1, snapshot = NULL, cited_paper_ids = '{}', cited_numbers = '{}',"
        " generated_at = NULL, leader_approved_by = NULL, leader_approved_at = NULL, returned_by = $2,"
        " returned_at = now(), returned_reason = $3, updated_at = now() WHERE id = $1", 3, params);
}

typedef int (*report_step_fn) (xc_call_t *call, const report_ref_t *report, const char *reason);

typedef enum { BY_LEADER, BY_OFFICE, BY_LEADER_OR_OFFICE } approver_t;

/* Each ReportAction: the state it starts from, who takes it, what the user calls it. */
typedef struct {
    Xuncha__ReportAction action;
    int from;
    approver_t by;
    const char *what;
    const char *log_action;
    report_step_fn step;
} report_transition_t;

static const report_transition_t s_transitions[] = {
    { XUNCHA__REPORT_ACTION__REPORT_ACTION_LEADER_APPROVE, XC_REPORT_STATE (DRAFT), BY_LEADER, "组长审定报告",
      "leader_approve_report", s_leader_approve },
    { XUNCHA__REPORT_ACTION__REPORT_ACTION_OFFICE_APPROVE, XC_REPORT_STATE (LEADER_APPROVED), BY_OFFICE,
      "巡察办审定报告", "office_approve_report", s_office_approve },
    { XUNCHA__REPORT_ACTION__REPORT_ACTION_RETURN, XC_REPORT_STATE (LEADER_APPROVED), BY_LEADER_OR_OFFICE, "退回报告",
      "return_report", s_return },
};

static const report_transition_t *
s_transition_for (int action)
{
    for (size_t i = 0; i < sizeof s_transitions / sizeof s_transitions[0]; i++)
        if ((int) s_transitions[i].action == action)
            return &s_transitions[i];
    return NULL;
}

/* The caller may take the step on the group's report: its 组长 (not the 巡察办 in his
 * place), or the 巡察办 (not the group). */
static int
s_require_approver (xc_call_t *call, int64_t group_id, const report_transition_t *transition)
{
    xc_group_scope_t scope;
    if (xc_require_group_reader (call, group_id, &scope) != 0)
        return -1;
    bool office = call->who.role == XUNCHA__ROLE__ROLE_OFFICE;
    if (transition->by == BY_OFFICE || (transition->by == BY_LEADER_OR_OFFICE && office))
        return s_require_office (call, &scope, transition->what);
    if (!scope.leader)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "只有%s的组长%s可以%s", scope.group_name,
                             transition->by == BY_LEADER_OR_OFFICE ? "或巡察办" : "", transition->what);
    return s_require_group_writer (call, group_id, &scope, transition->what, true);
}

int
xc_move_report (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ReportTransition *move = request->report_transition;
    const report_transition_t *transition = s_transition_for (move->action);
    if (!transition)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "未知的报告审定动作 %d", (int) move->action);
    if (move->action == XUNCHA__REPORT_ACTION__REPORT_ACTION_RETURN && xc_utf8_blank (move->reason))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "退回报告须说明理由");
    report_ref_t report;
    int64_t group_id = s_group_of_report (call, move->report_id);
    if (!group_id || s_require_approver (call, group_id, transition) != 0
        || s_lock_report (call, move->report_id, &report) != 0)
        return -1;
    if (report.state != transition->from) {
        const char *action = xc_label (&xuncha__report_action__descriptor, transition->action);
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "报告 #%lld 当前为“%s”，不能“%s”（只有“%s”的报告可以“%s”）",
                             (long long) report.id, xc_label (&xuncha__report_state__descriptor, report.state), action,
                             xc_label (&xuncha__report_state__descriptor, transition->from), action);
    }
    if (transition->step (call, &report, move->reason) != 0)
        return -1;
    return s_record_step (call, report.id, transition->action, move->reason, transition->log_action);
}

/* ------------------------------------------------------------------ show and list */

int
xc_show_report (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t report_id = request->report_show->report_id;
    xc_group_scope_t scope;
    int64_t group_id = s_group_of_report (call, report_id);
    if (!group_id || xc_require_group_reader (call, group_id, &scope) != 0)
        return -1;
    Xuncha__Report *report = s_load_report (call, report_id, NULL);
    /* a report carries the facts of its 底稿 (and, for the talks, who said what): its
     * reads are audited as a clue's are */
    if (!report || xc_call_log_read (call, XC_READ_REPORT, "report", report_id) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_REPORT;
    call->reply->report = report;
    return 0;
}

Xuncha__Report *
xc_load_report (xc_call_t *call, int64_t report_id)
{
    return s_load_report (call, report_id, NULL);
}

int
xc_list_reports (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ReportList *list = request->report_list;
    xc_group_scope_t scope;
    if (list->group_id) {
        if (xc_require_group_reader (call, list->group_id, &scope) != 0)
            return -1;
    }
    else if (!list->round_id)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "请指定巡察组（group_id）或轮次（round_id）");
    else {
        const char *params[] = { xc_call_int (call, list->round_id) };
        PGresult *round = xc_call_query_one (call, "巡察轮次", "SELECT 1 FROM round WHERE id = $1", 1, params);
        if (!round)
            return -1;
        PQclear (round);
        if (xc_require_round_reader (call, list->round_id) != 0)
            return -1;
    }
    const char *params[] = { xc_call_id_or_null (call, list->group_id), xc_call_id_or_null (call, list->round_id),
                             list->group_id ? NULL : xc_group_filter (call) };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_REPORT_COLUMNS XC_REPORT_FROM
        " WHERE ($1::bigint IS NULL OR r.group_id = $1) AND ($2::bigint IS NULL OR r.round_id = $2)"
        " AND ($3::bigint IS NULL OR " XC_MEMBER_OF ("r.group_id", "3") ")"
        " ORDER BY g.number, r.unit_id, r.kind, r.part, r.id", 3, params);
    if (!result)
        return -1;
    Xuncha__Reports *reports = xc_arena_alloc (call->arena, sizeof *reports);
    xuncha__reports__init (reports);
    reports->reports = (Xuncha__Report **) xc_call_read_rows (call, result, s_report_from_row, &reports->n_reports);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_REPORTS;
    call->reply->reports = reports;
    return 0;
}
