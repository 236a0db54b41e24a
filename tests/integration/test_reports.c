/* 巡察报告 on a real PostgreSQL, through the real dispatcher: a report cites exactly the
 * group's signed 底稿 纳入报告 of its unit (never a draft, one under review, one signed but
 * undecided, one left out, another group's or another unit's), follows its sources while
 * a draft and keeps what the 组长 approved after; 巡乡带村's two reports split the township
 * from its villages; the 个别谈话情况报告 groups talks per interviewee; a 专题报告 cites
 * its category alone; narrative sections by fixed keys; approvals in order and by the
 * right people, recorded with who and when; the reports of one group are not another's.
 *
 * Field records (talks, briefings) are inserted directly: fixtures here. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY  "office0000000000000000000000000000000000"
#define READER_KEY  "reader0000000000000000000000000000000000"
#define LEADER_KEY  "leader0000000000000000000000000000000000"
#define MEMBER_KEY  "member0000000000000000000000000000000000"
#define LEADER2_KEY "leader2000000000000000000000000000000000"
#define MEMBER2_KEY "member2000000000000000000000000000000000"

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define FORBIDDEN XUNCHA__STATUS__STATUS_FORBIDDEN
#define CONFLICT XUNCHA__STATUS__STATUS_CONFLICT
#define BAD_REQUEST XUNCHA__STATUS__STATUS_BAD_REQUEST
#define KIND(name) XUNCHA__REPORT_KIND__REPORT_KIND_##name
#define PART(name) XUNCHA__REPORT_PART__REPORT_PART_##name
#define ACTION(name) XUNCHA__REPORT_ACTION__REPORT_ACTION_##name
#define RSTATE(name) XUNCHA__REPORT_STATE__REPORT_STATE_##name
#define PAPER(name) XUNCHA__PAPER_ACTION__PAPER_ACTION_##name

static xc_dispatcher_t *s_dispatcher;
static int64_t s_leader, s_member, s_member2;
static int64_t s_round, s_group, s_other_group, s_town, s_village, s_community, s_other_town, s_bureau;
static int64_t s_eight_rules;     /* 中央八项规定精神, under 群众身边腐败问题和不正之风 */
static int64_t s_formalism;       /* 形式主义、官僚主义, the same 聚焦 */
static int64_t s_cadres;          /* 选人用人, under 基层党组织领导班子和干部队伍建设 */
static int64_t s_mass_focus;      /* 群众身边腐败问题和不正之风 */
static int64_t s_undecided;       /* signed, neither included nor left out yet */
static int64_t s_report;          /* 第一巡察组's 巡察报告 on 城关镇 */
static const char *s_cited[8];    /* the numbers it must cite */
static size_t s_n_cited;

/* ------------------------------------------------------------------ fixtures */

static int64_t
s_inspector_of (int64_t user)
{
    return xc_test_pg_count ("SELECT id FROM inspector WHERE user_id = %lld", (long long) user);
}

static void
s_talk (int64_t group, int64_t unit, const char *name, const char *position, const char *when, const char *outline)
{
    xc_test_pg_count (
        "INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by, interviewee_name,"
        " interviewee_position, interviewee_unit, talk_time, outline, confirmed, body)"
        " SELECT 3, g.round_id, g.id, %lld, '%s'::date, %lld, '%s', '%s', '城关镇', '%s'::timestamp, '%s', true, '谈话记录'"
        " FROM inspection_group g WHERE g.id = %lld RETURNING id",
        (long long) unit, when, (long long) s_member, name, position, when, outline, (long long) group);
}

static void
s_briefing (int64_t group, int64_t unit)
{
    xc_test_pg_count (
        "INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by, briefer, topic, body)"
        " SELECT 1, g.round_id, g.id, %lld, '2026-03-04', %lld, '党委书记', '工作汇报', '汇报'"
        " FROM inspection_group g WHERE g.id = %lld RETURNING id", (long long) unit, (long long) s_member,
        (long long) group);
}

static int64_t
s_draft (const char *key, int64_t group, int64_t unit, int64_t category, const char *title)
{
    Xuncha__WorkingPaperContent content = XUNCHA__WORKING_PAPER_CONTENT__INIT;
    content.title = (char *) title;
    content.facts = "2025年村集体账户报销餐费11笔共计2.3万元";
    content.category_id = category;
    content.basis = "《中国共产党纪律处分条例》第一百一十三条";
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = group;
    draft.unit_id = unit;
    draft.content = &content;
    return xc_world_id (xc_world_expect (key, OK, BODY (PAPER_DRAFT), &draft));
}

static void
s_paper_move (const char *key, int64_t paper, Xuncha__PaperAction action, const char *reason)
{
    Xuncha__PaperTransition move = XUNCHA__PAPER_TRANSITION__INIT;
    move.paper_id = paper;
    move.action = action;
    move.reason = (char *) reason;
    xuncha__reply__free_unpacked (xc_world_expect (key, OK, BODY (PAPER_TRANSITION), &move), NULL);
}

/* The paper's number (malloc'd). */
static char *
s_number_of (int64_t paper)
{
    char sql[128];
    snprintf (sql, sizeof sql, "SELECT number FROM working_paper WHERE id = %lld", (long long) paper);
    PGconn *db = xc_test_pg_connect ();
    PGresult *result = PQexec (db, sql);
    char *number = strdup (PQgetvalue (result, 0, 0));
    PQclear (result);
    PQfinish (db);
    return number;
}

/* Submitted and signed by the group's 组长 (LEADER); the paper's number. */
static char *
s_signed (const char *member, const char *leader, int64_t paper)
{
    s_paper_move (member, paper, PAPER (SUBMIT), "");
    s_paper_move (leader, paper, PAPER (SIGN), "");
    return s_number_of (paper);
}

/* Drafted, signed and 纳入报告; its number. */
static char *
s_included (const char *member, const char *leader, int64_t group, int64_t unit, int64_t category, const char *title)
{
    int64_t paper = s_draft (member, group, unit, category, title);
    char *number = s_signed (member, leader, paper);
    s_paper_move (leader, paper, PAPER (INCLUDE), "");
    return number;
}

static int
s_setup (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-04-10T10:00:00", 1);
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    xc_world_init (s_dispatcher, OFFICE_KEY);
    xc_world_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0, "巡察办王芳");
    xc_test_add_user (READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0);
    s_leader = xc_world_user (LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, 0, "张伟");
    s_member = xc_world_user (MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0, "刘洋");
    int64_t leader2 = xc_world_user (LEADER2_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, 0, "陈静");
    int64_t member2 = s_member2 = xc_world_user (MEMBER2_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0, "杨帆");

    int64_t district = xc_world_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    s_town = xc_world_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_village = xc_world_unit ("东关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, s_town);
    s_community = xc_world_unit ("西关社区", XUNCHA__UNIT_KIND__UNIT_KIND_COMMUNITY, s_town);
    s_other_town = xc_world_unit ("河西镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_bureau = xc_world_unit ("区住建局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    int64_t finance = xc_world_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);

    s_round = xc_world_round (3);
    s_group = xc_world_group (s_round, 1, s_town);
    Xuncha__GroupUnitAssign assign = XUNCHA__GROUP_UNIT_ASSIGN__INIT;
    assign.group_id = s_group;
    assign.unit_id = s_bureau;
    xc_world_office (BODY (GROUP_UNIT_ASSIGN), &assign);
    s_other_group = xc_world_group (s_round, 2, s_other_town);
    xc_world_join (s_group, "张伟", finance, s_leader, XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_group, "刘洋", finance, s_member, XUNCHA__POSITION__POSITION_MEMBER);
    xc_world_join (s_other_group, "陈静", finance, leader2, XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_other_group, "杨帆", finance, member2, XUNCHA__POSITION__POSITION_MEMBER);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_ENTRY);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_FACT_FINDING);

    s_eight_rules = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '中央八项规定精神'");
    s_formalism = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '形式主义、官僚主义'");
    s_cadres = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '选人用人'");
    s_mass_focus = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '群众身边腐败问题和不正之风'");

    /* the papers the 巡察报告 on 城关镇 cites: signed and 纳入报告, on the town or under it */
    s_cited[s_n_cited++] = s_included (MEMBER_KEY, LEADER_KEY, s_group, s_town, s_eight_rules, "公款吃喝");
    s_cited[s_n_cited++] = s_included (MEMBER_KEY, LEADER_KEY, s_group, s_village, s_formalism, "文山会海");
    s_cited[s_n_cited++] = s_included (MEMBER_KEY, LEADER_KEY, s_group, s_community, s_cadres, "违规提拔");
    /* and those it never cites */
    s_draft (MEMBER_KEY, s_group, s_town, s_eight_rules, "起草中的底稿");
    int64_t review = s_draft (MEMBER_KEY, s_group, s_town, s_eight_rules, "审议中的底稿");
    s_paper_move (MEMBER_KEY, review, PAPER (SUBMIT), "");
    s_undecided = s_draft (MEMBER_KEY, s_group, s_village, s_eight_rules, "已签批未决定的底稿");
    free (s_signed (MEMBER_KEY, LEADER_KEY, s_undecided));
    int64_t excluded = s_draft (MEMBER_KEY, s_group, s_town, s_eight_rules, "不纳入报告的底稿");
    free (s_signed (MEMBER_KEY, LEADER_KEY, excluded));
    s_paper_move (LEADER_KEY, excluded, PAPER (EXCLUDE), "证据不足");
    free (s_included (MEMBER_KEY, LEADER_KEY, s_group, s_bureau, s_eight_rules, "另一被巡察单位的底稿"));
    free (s_included (MEMBER2_KEY, LEADER2_KEY, s_other_group, s_other_town, s_eight_rules, "第二巡察组的底稿"));

    s_briefing (s_group, s_town);
    s_briefing (s_group, s_village);
    s_briefing (s_group, s_bureau);   /* another unit's: not counted */
    s_talk (s_group, s_town, "王某某", "党委书记", "2026-03-10 09:00", "班子运行情况");
    s_talk (s_group, s_village, "李某", "村党支部书记", "2026-03-11 15:00", "村务公开");
    s_talk (s_group, s_town, "王某某", "党委书记", "2026-03-20 10:00", "补充谈话：账目问题");
    s_talk (s_other_group, s_other_town, "赵某", "镇长", "2026-03-12 10:00", "第二巡察组的谈话");
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    for (size_t i = 0; i < s_n_cited; i++)
        free ((char *) s_cited[i]);
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

/* ------------------------------------------------------------------ requests */

static Xuncha__Reply *
s_build_as (const char *key, int status, int64_t group, int64_t unit, Xuncha__ReportKind kind,
            Xuncha__ReportPart part, int64_t category)
{
    Xuncha__ReportBuild build = XUNCHA__REPORT_BUILD__INIT;
    build.group_id = group;
    build.unit_id = unit;
    build.kind = kind;
    build.part = part;
    build.category_id = category;
    return xc_world_expect (key, status, BODY (REPORT_BUILD), &build);
}

static void
s_build_refused (const char *key, int status, const char *needle, int64_t group, int64_t unit,
                 Xuncha__ReportKind kind, Xuncha__ReportPart part, int64_t category)
{
    Xuncha__ReportBuild build = XUNCHA__REPORT_BUILD__INIT;
    build.group_id = group;
    build.unit_id = unit;
    build.kind = kind;
    build.part = part;
    build.category_id = category;
    xc_world_refused (key, status, needle, BODY (REPORT_BUILD), &build);
}

static Xuncha__Reply *
s_show (const char *key, int status, int64_t report)
{
    Xuncha__ReportShow show = XUNCHA__REPORT_SHOW__INIT;
    show.report_id = report;
    return xc_world_expect (key, status, BODY (REPORT_SHOW), &show);
}

static Xuncha__Reply *
s_move (const char *key, int status, int64_t report, Xuncha__ReportAction action, const char *reason)
{
    Xuncha__ReportTransition move = XUNCHA__REPORT_TRANSITION__INIT;
    move.report_id = report;
    move.action = action;
    move.reason = (char *) reason;
    return xc_world_expect (key, status, BODY (REPORT_TRANSITION), &move);
}

static void
s_move_refused (const char *key, int status, const char *needle, int64_t report, Xuncha__ReportAction action,
                const char *reason)
{
    Xuncha__ReportTransition move = XUNCHA__REPORT_TRANSITION__INIT;
    move.report_id = report;
    move.action = action;
    move.reason = (char *) reason;
    xc_world_refused (key, status, needle, BODY (REPORT_TRANSITION), &move);
}

static Xuncha__Reply *
s_edit (const char *key, int status, int64_t report, const char *section, const char *text)
{
    Xuncha__ReportEdit edit = XUNCHA__REPORT_EDIT__INIT;
    edit.report_id = report;
    edit.section_key = (char *) section;
    edit.text = (char *) text;
    return xc_world_expect (key, status, BODY (REPORT_EDIT), &edit);
}

static int
s_compare (const void *a, const void *b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The report cites exactly the COUNT numbers EXPECTED (as sets), and its problems are the
 * cited ones, in the order of cited_numbers. */
static void
s_assert_cites (const Xuncha__Report *report, const char *const *expected, size_t count)
{
    assert_int_equal (report->n_cited_numbers, count);
    const char *got[16], *want[16];
    size_t k = 0;
    for (size_t i = 0; i < report->n_categories; i++)
        for (size_t j = 0; j < report->categories[i]->n_problems; j++, k++)
            assert_string_equal (report->categories[i]->problems[j]->number, report->cited_numbers[k]);
    assert_int_equal (k, count);
    for (size_t i = 0; i < count; i++) {
        got[i] = report->cited_numbers[i];
        want[i] = expected[i];
    }
    qsort (got, count, sizeof got[0], s_compare);
    qsort (want, count, sizeof want[0], s_compare);
    for (size_t i = 0; i < count; i++)
        assert_string_equal (got[i], want[i]);
}

static int32_t
s_count_of (const Xuncha__Report *report, Xuncha__RecordKind kind)
{
    for (size_t i = 0; i < report->n_record_counts; i++)
        if (report->record_counts[i]->kind == kind)
            return report->record_counts[i]->count;
    return -1;
}

/* ------------------------------------------------------------------ tests */

static void
test_built_only_from_the_report_phase (void **state)
{
    (void) state;
    s_build_refused (MEMBER_KEY, CONFLICT, "只能在“报告”“反馈”“移交”“整改”阶段进行，本轮巡察当前处于“了解”阶段",
                     s_group, s_town, KIND (INSPECTION), 0, 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM report"), 0);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_REPORTING);
}

static void
test_cites_exactly_the_signed_included_papers (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_build_as (MEMBER_KEY, OK, s_group, s_town, KIND (INSPECTION), 0, 0);
    const Xuncha__Report *report = reply->report;
    s_report = report->id;
    assert_int_equal (report->state, RSTATE (DRAFT));
    assert_int_equal (report->part, PART (WHOLE));
    assert_string_equal (report->title, "第一巡察组关于城关镇的巡察报告");
    assert_string_equal (report->round_name, "十届区委第3轮巡察");
    s_assert_cites (report, s_cited, s_n_cited);
    /* by category, each under its 聚焦, the 聚焦 in the taxonomy's order */
    assert_int_equal (report->n_categories, 3);
    assert_string_equal (report->categories[0]->parent_name, "群众身边腐败问题和不正之风");
    assert_string_equal (report->categories[0]->name, "形式主义、官僚主义");
    assert_string_equal (report->categories[1]->name, "中央八项规定精神");
    assert_string_equal (report->categories[2]->parent_name, "基层党组织领导班子和干部队伍建设");
    assert_string_equal (report->categories[2]->problems[0]->unit_name, "西关社区");
    assert_string_equal (report->categories[1]->problems[0]->facts, "2025年村集体账户报销餐费11笔共计2.3万元");
    /* the group's field records on the town and under it: not the bureau's, not another group's */
    assert_int_equal (s_count_of (report, XUNCHA__RECORD_KIND__RECORD_KIND_BRIEFING), 2);
    assert_int_equal (s_count_of (report, XUNCHA__RECORD_KIND__RECORD_KIND_TALK), 3);
    assert_int_equal (s_count_of (report, XUNCHA__RECORD_KIND__RECORD_KIND_PETITION), 0);
    /* the sections of a 巡察报告, none written yet */
    assert_int_equal (report->n_sections, 3);
    assert_string_equal (report->sections[0]->key, "overview");
    assert_string_equal (report->sections[1]->title, "主要成效");
    assert_string_equal (report->sections[2]->text, "");
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action = 'build_report'"
                                        " AND record_id = %lld", (long long) s_report), 1);
    /* built again: the same report */
    reply = s_build_as (LEADER_KEY, OK, s_group, s_town, KIND (INSPECTION), PART (WHOLE), 0);
    assert_int_equal (reply->report->id, s_report);
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM report"), 1);
}

static void
test_a_draft_follows_its_papers (void **state)
{
    (void) state;
    s_paper_move (LEADER_KEY, s_undecided, PAPER (INCLUDE), "");
    s_cited[s_n_cited++] = s_number_of (s_undecided);
    Xuncha__Reply *reply = s_show (MEMBER_KEY, OK, s_report);
    s_assert_cites (reply->report, s_cited, s_n_cited);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_build_as (MEMBER_KEY, OK, s_group, s_town, KIND (INSPECTION), 0, 0);
    s_assert_cites (reply->report, s_cited, s_n_cited);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_narrative_sections (void **state)
{
    (void) state;
    Xuncha__ReportEdit edit = XUNCHA__REPORT_EDIT__INIT;
    edit.report_id = s_report;
    edit.section_key = "problems";
    edit.text = "……";
    xc_world_refused (MEMBER_KEY, BAD_REQUEST,
                      "巡察报告没有“problems”部分；可写的部分：overview（基本情况）、strengths（主要成效，可不写）、"
                      "recommendations（意见建议）", BODY (REPORT_EDIT), &edit);
    Xuncha__Reply *reply = s_edit (MEMBER_KEY, OK, s_report, "overview", "城关镇党委班子基本情况……");
    assert_string_equal (reply->report->sections[0]->text, "城关镇党委班子基本情况……");
    xuncha__reply__free_unpacked (reply, NULL);
    /* a required section missing: the 组长 cannot approve */
    s_move_refused (LEADER_KEY, CONFLICT, "尚未撰写“意见建议”，不能组长审定", s_report, ACTION (LEADER_APPROVE), "");
    reply = s_edit (LEADER_KEY, OK, s_report, "recommendations", "一、加强政治建设……\n二、严肃财经纪律……");
    assert_string_equal (reply->report->sections[2]->text, "一、加强政治建设……\n二、严肃财经纪律……");
    assert_string_equal (reply->report->sections[1]->text, "");
    xuncha__reply__free_unpacked (reply, NULL);
    /* another group may not write it */
    edit.section_key = "overview";
    xc_world_refused (MEMBER2_KEY, FORBIDDEN, "您不是第一巡察组的成员", BODY (REPORT_EDIT), &edit);
}

static void
test_approvals_in_order_by_the_right_people (void **state)
{
    (void) state;
    s_move_refused (MEMBER_KEY, FORBIDDEN, "只有第一巡察组的组长可以组长审定报告", s_report, ACTION (LEADER_APPROVE), "");
    s_move_refused (OFFICE_KEY, FORBIDDEN, "只有第一巡察组的组长可以组长审定报告", s_report, ACTION (LEADER_APPROVE), "");
    s_move_refused (OFFICE_KEY, CONFLICT, "当前为“起草”，不能“巡察办审定”（只有“组长已审定”的报告可以“巡察办审定”）",
                    s_report, ACTION (OFFICE_APPROVE), "");
    s_move_refused (LEADER2_KEY, FORBIDDEN, "您不是第一巡察组的成员", s_report, ACTION (LEADER_APPROVE), "");

    Xuncha__Reply *reply = s_move (LEADER_KEY, OK, s_report, ACTION (LEADER_APPROVE), "");
    assert_int_equal (reply->report->state, RSTATE (LEADER_APPROVED));
    assert_string_equal (reply->report->leader_approved_by, "张伟");
    assert_true (strlen (reply->report->leader_approved_at) == strlen ("2026-04-10 10:00"));
    s_assert_cites (reply->report, s_cited, s_n_cited);
    xuncha__reply__free_unpacked (reply, NULL);

    s_move_refused (LEADER_KEY, FORBIDDEN, "只有巡察办可以巡察办审定报告", s_report, ACTION (OFFICE_APPROVE), "");
    s_move_refused (MEMBER_KEY, FORBIDDEN, "只有第一巡察组的组长或巡察办可以退回报告", s_report, ACTION (RETURN), "重写");
    s_move_refused (OFFICE_KEY, BAD_REQUEST, "退回报告须说明理由", s_report, ACTION (RETURN), " ");
    Xuncha__ReportEdit edit = XUNCHA__REPORT_EDIT__INIT;
    edit.report_id = s_report;
    edit.section_key = "overview";
    edit.text = "改写";
    xc_world_refused (MEMBER_KEY, CONFLICT, "当前为“组长已审定”，不能修改；如需修改请先退回", BODY (REPORT_EDIT), &edit);
}

static void
test_return_and_approve_again (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_move (OFFICE_KEY, OK, s_report, ACTION (RETURN), "意见建议不够具体");
    assert_int_equal (reply->report->state, RSTATE (DRAFT));
    assert_string_equal (reply->report->returned_reason, "意见建议不够具体");
    assert_string_equal (reply->report->returned_by, "巡察办王芳");
    assert_string_equal (reply->report->leader_approved_at, "");
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_edit (MEMBER_KEY, OK, s_report, "recommendations", "具体的意见建议"), NULL);
    xuncha__reply__free_unpacked (s_move (LEADER_KEY, OK, s_report, ACTION (LEADER_APPROVE), ""), NULL);
    reply = s_move (OFFICE_KEY, OK, s_report, ACTION (OFFICE_APPROVE), "");
    assert_int_equal (reply->report->state, RSTATE (APPROVED));
    assert_string_equal (reply->report->office_approved_by, "巡察办王芳");
    assert_true (strlen (reply->report->office_approved_at) == strlen ("2026-04-10 10:00"));
    assert_string_equal (reply->report->leader_approved_by, "张伟");
    xuncha__reply__free_unpacked (reply, NULL);
    s_move_refused (OFFICE_KEY, CONFLICT, "当前为“巡察办已审定”，不能“退回”", s_report, ACTION (RETURN), "再改");
    s_move_refused (OFFICE_KEY, CONFLICT, "当前为“巡察办已审定”，不能“巡察办审定”", s_report, ACTION (OFFICE_APPROVE), "");
    /* each step recorded: who, what, and the numbers cited then */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM report_event WHERE report_id = %lld AND action IN (1, 2, 3)",
                                        (long long) s_report), 4);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM report_event e JOIN app_user u ON u.id = e.by_user"
                                        " WHERE e.report_id = %lld AND e.action = 3 AND u.display_name = '巡察办王芳'"
                                        " AND e.reason = '意见建议不够具体'", (long long) s_report), 1);
    assert_int_equal (xc_test_pg_count ("SELECT cardinality(cited_paper_ids) FROM report WHERE id = %lld",
                                        (long long) s_report), (long) s_n_cited);
}

static void
test_an_approved_report_keeps_what_was_approved (void **state)
{
    (void) state;
    /* a further paper signed and included, and a cited one revised back to 起草 */
    char *late = s_included (MEMBER_KEY, LEADER_KEY, s_group, s_town, s_eight_rules, "审定后纳入的底稿");
    s_paper_move (MEMBER_KEY, s_undecided, PAPER (REVISE), "补充事实");
    Xuncha__Reply *reply = s_show (READER_KEY, OK, s_report);
    s_assert_cites (reply->report, s_cited, s_n_cited);
    assert_int_equal (reply->report->state, RSTATE (APPROVED));
    assert_int_equal (s_count_of (reply->report, XUNCHA__RECORD_KIND__RECORD_KIND_BRIEFING), 2);
    assert_string_equal (reply->report->sections[2]->text, "具体的意见建议");
    xuncha__reply__free_unpacked (reply, NULL);
    s_build_refused (MEMBER_KEY, CONFLICT, "当前为“巡察办已审定”，生成部分已冻结，不能重新生成", s_group, s_town,
                     KIND (INSPECTION), 0, 0);
    Xuncha__ReportEdit edit = XUNCHA__REPORT_EDIT__INIT;
    edit.report_id = s_report;
    edit.section_key = "overview";
    edit.text = "改写";
    xc_world_refused (MEMBER_KEY, CONFLICT, "当前为“巡察办已审定”，不能修改", BODY (REPORT_EDIT), &edit);
    free (late);
}

static void
test_reading_is_scoped (void **state)
{
    (void) state;
    Xuncha__ReportShow show = XUNCHA__REPORT_SHOW__INIT;
    show.report_id = s_report;
    xc_world_refused (MEMBER2_KEY, FORBIDDEN, "查看报告仅限本组，您不是第一巡察组的成员", BODY (REPORT_SHOW), &show);
    show.report_id = s_report + 1000;
    xc_world_refused (OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, "报告", BODY (REPORT_SHOW), &show);
    Xuncha__ReportList list = XUNCHA__REPORT_LIST__INIT;
    list.group_id = s_group;
    xc_world_refused (MEMBER2_KEY, FORBIDDEN, "您不是第一巡察组的成员", BODY (REPORT_LIST), &list);
    list.group_id = 0;
    list.round_id = s_round;
    Xuncha__Reply *reply = xc_world_expect (MEMBER2_KEY, OK, BODY (REPORT_LIST), &list);
    assert_int_equal (reply->reports->n_reports, 0);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (REPORT_LIST), &list);
    assert_true (reply->reports->n_reports >= 1);
    assert_int_equal (reply->reports->reports[0]->id, s_report);
    assert_int_equal (reply->reports->reports[0]->n_categories, 0);   /* a list carries no generated parts */
    assert_int_equal (reply->reports->reports[0]->n_cited_numbers, 0);
    xuncha__reply__free_unpacked (reply, NULL);
    s_build_refused (MEMBER2_KEY, FORBIDDEN, "您不是第一巡察组的成员", s_group, s_town, KIND (TALKS), 0, 0);
}

/* What the server's role sees of reports, as the database holds it to the principal (a
 * handler that forgot its check): another group's member nothing, the 只读 reader all. */
static long
s_rows_seen_by (PGconn *app, int64_t user, const char *sql)
{
    char set[96];
    snprintf (set, sizeof set, "SELECT set_config('xuncha.user_id', '%lld', false)", (long long) user);
    PQclear (PQexec (app, set));
    return xc_test_pg_scalar (app, sql);
}

static void
test_row_security_keeps_reports_to_their_group (void **state)
{
    (void) state;
    PGconn *app = xc_test_pg_connect_app ();
    long reports = xc_test_pg_count ("SELECT count(*) FROM report");
    long reader = xc_test_pg_count ("SELECT user_id FROM user_key WHERE public_key = '%s'", READER_KEY);
    assert_int_equal (s_rows_seen_by (app, s_member2, "SELECT count(*) FROM report"), 0);
    assert_int_equal (s_rows_seen_by (app, s_member2, "SELECT count(*) FROM report_section"), 0);
    assert_int_equal (s_rows_seen_by (app, s_member2, "SELECT count(*) FROM report_event"), 0);
    assert_int_equal (s_rows_seen_by (app, s_member, "SELECT count(*) FROM report"), reports);
    assert_int_equal (s_rows_seen_by (app, reader, "SELECT count(*) FROM report"), reports);
    /* an event is written once: the server's role cannot change it */
    PGresult *result = PQexec (app, "UPDATE report_event SET reason = '改写'");
    assert_int_equal (PQresultStatus (result), PGRES_FATAL_ERROR);
    assert_non_null (strstr (PQresultErrorMessage (result), "permission denied"));
    PQclear (result);
    PQfinish (app);
}

static void
test_talks_report_per_interviewee (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_build_as (MEMBER_KEY, OK, s_group, s_town, KIND (TALKS), 0, 0);
    const Xuncha__Report *report = reply->report;
    assert_string_equal (report->title, "第一巡察组关于城关镇的个别谈话情况报告");
    assert_int_equal (report->n_talks, 2);
    assert_string_equal (report->talks[0]->interviewee, "王某某");
    assert_string_equal (report->talks[0]->position, "党委书记");
    assert_int_equal (report->talks[0]->talks, 2);
    assert_int_equal (report->talks[0]->n_summaries, 2);
    assert_string_equal (report->talks[0]->summaries[0], "2026-03-10 班子运行情况");
    assert_string_equal (report->talks[0]->summaries[1], "2026-03-20 补充谈话：账目问题");
    assert_string_equal (report->talks[1]->interviewee, "李某");
    assert_int_equal (report->talks[1]->talks, 1);
    assert_int_equal (report->n_cited_numbers, 0);
    assert_int_equal (report->n_sections, 1);
    int64_t talks = report->id;
    xuncha__reply__free_unpacked (reply, NULL);
    /* approved, its talks frozen: a later talk is not in it */
    xuncha__reply__free_unpacked (s_edit (MEMBER_KEY, OK, talks, "overview", "共谈话3人次"), NULL);
    xuncha__reply__free_unpacked (s_move (LEADER_KEY, OK, talks, ACTION (LEADER_APPROVE), ""), NULL);
    s_talk (s_group, s_village, "李某", "村党支部书记", "2026-03-25 09:00", "再次谈话");
    reply = s_show (MEMBER_KEY, OK, talks);
    assert_int_equal (reply->report->n_talks, 2);
    assert_int_equal (reply->report->talks[1]->talks, 1);
    assert_string_equal (reply->report->talks[0]->summaries[1], "2026-03-20 补充谈话：账目问题");
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_thematic_report_on_one_category (void **state)
{
    (void) state;
    s_build_refused (MEMBER_KEY, BAD_REQUEST, "专题报告须指定问题分类", s_group, s_town, KIND (THEMATIC), 0, 0);
    s_build_refused (MEMBER_KEY, BAD_REQUEST, "只有专题报告指定问题分类", s_group, s_town, KIND (INSPECTION), 0,
                     s_cadres);
    Xuncha__Reply *reply = s_build_as (MEMBER_KEY, OK, s_group, s_town, KIND (THEMATIC), 0, s_cadres);
    assert_string_equal (reply->report->title, "第一巡察组关于城关镇“选人用人”问题的专题报告");
    assert_string_equal (reply->report->category_name, "选人用人");
    s_assert_cites (reply->report, &s_cited[2], 1);
    xuncha__reply__free_unpacked (reply, NULL);
    /* a 聚焦: the categories under it (the revised paper is a draft again: not cited) */
    reply = s_build_as (MEMBER_KEY, OK, s_group, s_town, KIND (THEMATIC), 0, s_mass_focus);
    int64_t late = xc_test_pg_count ("SELECT count(*) FROM working_paper p JOIN working_paper_version v"
                                     " ON v.paper_id = p.id AND v.version = p.version"
                                     " WHERE v.title = '审定后纳入的底稿' AND p.state = 4");
    assert_int_equal (late, 1);
    assert_int_equal (reply->report->n_cited_numbers, 3);   /* 公款吃喝, 文山会海, 审定后纳入的底稿 */
    assert_int_equal (reply->report->n_categories, 2);
    xuncha__reply__free_unpacked (reply, NULL);
}

/* 巡乡带村: a round of its own on 城关镇, the same inspectors in 第一巡察组 again. */
static void
test_township_with_villages_splits_two_reports (void **state)
{
    (void) state;
    s_build_refused (MEMBER_KEY, CONFLICT, "只有“巡乡带村”的轮次分“乡镇”“村社区”两部分报告，本轮为“常规巡察”", s_group,
                     s_town, KIND (INSPECTION), PART (TOWNSHIP), 0);
    Xuncha__RoundCreate create = XUNCHA__ROUND_CREATE__INIT;
    create.committee = "十届区委";
    create.number = 4;
    create.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES;
    create.start_date = "2026-03-02";
    create.end_date = "2026-04-30";
    int64_t round = xc_world_office (BODY (ROUND_CREATE), &create);
    int64_t group = xc_world_group (round, 1, s_town);
    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = group;
    add.inspector_id = s_inspector_of (s_leader);
    add.position = XUNCHA__POSITION__POSITION_LEADER;
    xc_world_office (BODY (GROUP_MEMBER_ADD), &add);
    add.inspector_id = s_inspector_of (s_member);
    add.position = XUNCHA__POSITION__POSITION_MEMBER;
    xc_world_office (BODY (GROUP_MEMBER_ADD), &add);
    xc_world_advance (round, XUNCHA__PHASE__PHASE_ENTRY);
    const char *town[1], *villages[2];
    town[0] = s_included (MEMBER_KEY, LEADER_KEY, group, s_town, s_eight_rules, "镇本级的问题");
    villages[0] = s_included (MEMBER_KEY, LEADER_KEY, group, s_village, s_eight_rules, "东关村的问题");
    villages[1] = s_included (MEMBER_KEY, LEADER_KEY, group, s_community, s_formalism, "西关社区的问题");
    xc_world_advance (round, XUNCHA__PHASE__PHASE_FACT_FINDING);
    xc_world_advance (round, XUNCHA__PHASE__PHASE_REPORTING);

    Xuncha__Reply *reply = s_build_as (MEMBER_KEY, OK, group, s_town, KIND (INSPECTION), PART (TOWNSHIP), 0);
    assert_string_equal (reply->report->title, "第一巡察组关于城关镇（乡镇本级）的巡察报告");
    s_assert_cites (reply->report, town, 1);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_build_as (MEMBER_KEY, OK, group, s_town, KIND (INSPECTION), PART (VILLAGES), 0);
    assert_string_equal (reply->report->title, "第一巡察组关于城关镇所辖村（社区）的巡察报告");
    s_assert_cites (reply->report, villages, 2);
    xuncha__reply__free_unpacked (reply, NULL);
    s_build_refused (MEMBER_KEY, CONFLICT, "“村社区”部分的报告须针对乡镇（街道），单位", group, s_village,
                     KIND (INSPECTION), PART (VILLAGES), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM report WHERE round_id = %lld", (long long) round), 2);
    free ((char *) town[0]);
    free ((char *) villages[0]);
    free ((char *) villages[1]);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_built_only_from_the_report_phase),
        cmocka_unit_test (test_cites_exactly_the_signed_included_papers),
        cmocka_unit_test (test_a_draft_follows_its_papers),
        cmocka_unit_test (test_narrative_sections),
        cmocka_unit_test (test_approvals_in_order_by_the_right_people),
        cmocka_unit_test (test_return_and_approve_again),
        cmocka_unit_test (test_an_approved_report_keeps_what_was_approved),
        cmocka_unit_test (test_reading_is_scoped),
        cmocka_unit_test (test_row_security_keeps_reports_to_their_group),
        cmocka_unit_test (test_talks_report_per_interviewee),
        cmocka_unit_test (test_thematic_report_on_one_category),
        cmocka_unit_test (test_township_with_villages_splits_two_reports),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
