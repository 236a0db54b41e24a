/* 统计分析 and the evaluations after a round, on a real PostgreSQL through the real
 * dispatcher, in the scope world of xc_test_world.h with known work added to it:
 *
 *   第1轮 (了解)   第一巡察组 signs two 底稿 at 东关村 — 中央八项规定精神 and 选人用人 — and
 *                 holds two 个别谈话; its two transferred clues come back: 区纪委监委 decides
 *                 谈话函询 and reports a result, 区委组织部 decides 予以了结; 第二巡察组's 底稿
 *                 stays a draft (never counted);
 *   第2轮 (反馈 → 整改)  each group's signed 底稿 (中央八项规定精神) at its town, so that
 *                 category is 共性 in that round (two units); the feedback's tasks, one
 *                 verified; the spot-checked 底稿 judged 合格; 城关镇 and 东关村 rate
 *                 第一巡察组 4 and 2 (mean 3), 河西镇 rates 第二巡察组 5; in 整改 张伟 is
 *                 appraised 不称职 and taken out of the pool, 刘洋 优秀, and 河西村 rates
 *                 第二巡察组 3 (mean 4).
 *
 * The figures come out exactly, with the overdue tasks depending on the clock
 * (XUNCHA_NOW); every refused evaluation (role, unit, score, phase, duplicate, not a
 * member of the round) changes nothing; an inspector taken out of the pool is not drawn
 * into a group again, and the pool list says why. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "xc_codec.h"
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define STATUS(name) XUNCHA__STATUS__STATUS_##name
#define GRADE(name) XUNCHA__APPRAISAL_GRADE__APPRAISAL_GRADE_##name
/* cmocka of Debian 12 has no assert_float_equal */
#define assert_close(a, b, epsilon) assert_true (fabs ((a) - (b)) < (epsilon))
#define VILLAGE_UNIT_KEY "w-village0000000000000000000000000000000"
#define VILLAGE2_UNIT_KEY "w-village2000000000000000000000000000000"

static xc_dispatcher_t *s_dispatcher;
static xc_scope_world_t w;
static int64_t s_zhang, s_liu;   /* the pool entries of 张伟 (第一巡察组's 组长) and 刘洋 */

/* ------------------------------------------------------------------ the work of the rounds */

static void
s_done (Xuncha__Reply *reply)
{
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
s_sign (int64_t paper)
{
    xc_world_move_paper (XC_WORLD_MEMBER_KEY, paper, XUNCHA__PAPER_ACTION__PAPER_ACTION_SUBMIT);
    xc_world_move_paper (XC_WORLD_LEADER_KEY, paper, XUNCHA__PAPER_ACTION__PAPER_ACTION_SIGN);
}

/* A 底稿 of 第一巡察组 at 东关村 in CATEGORY, signed. */
static void
s_signed_paper (const char *category)
{
    Xuncha__WorkingPaperContent content = XUNCHA__WORKING_PAPER_CONTENT__INIT;
    content.title = "村党支部违规确定村会计人选";
    content.facts = "2025年村会计由村党支部书记个人提名，未经支委会研究";
    content.category_id = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '%s'", category);
    content.basis = "《中国共产党农村基层组织工作条例》第十九条";
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = w.group[0];
    draft.unit_id = w.village[0];
    draft.content = &content;
    s_sign (xc_world_id (xc_world_expect (XC_WORLD_MEMBER_KEY, OK, BODY (PAPER_DRAFT), &draft)));
}

/* A 个别谈话 of 第一巡察组, put in directly (its rules are test_field_work.c's). */
static void
s_talk (const char *interviewee)
{
    xc_test_pg_count ("INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by,"
                      " interviewee_name, interviewee_position, body)"
                      " VALUES (3, %lld, %lld, %lld, '2026-03-12', %lld, '%s', '村委委员', '谈话记录') RETURNING id",
                      (long long) w.round, (long long) w.group[0], (long long) w.village[0], (long long) w.member[0],
                      interviewee);
}

/* The receiver of batch TO signs for it and decides DISPOSAL; with RESULT, reports it. */
static void
s_dispose (int to, const char *key, Xuncha__ClueDisposal disposal, const char *result)
{
    Xuncha__ClueReceive receive = XUNCHA__CLUE_RECEIVE__INIT;
    receive.batch_id = w.batch[to];
    s_done (xc_world_expect (key, OK, BODY (CLUE_RECEIVE), &receive));
    Xuncha__ClueDispose dispose = XUNCHA__CLUE_DISPOSE__INIT;
    dispose.clue_id = w.clue_to[to];
    dispose.disposal = disposal;
    dispose.note = "按程序办理";
    s_done (xc_world_expect (key, OK, BODY (CLUE_DISPOSE), &dispose));
    if (!result)
        return;
    Xuncha__ClueReportResult report = XUNCHA__CLUE_REPORT_RESULT__INIT;
    report.clue_id = w.clue_to[to];
    report.result = (char *) result;
    s_done (xc_world_expect (key, OK, BODY (CLUE_REPORT_RESULT), &report));
}

/* 城关镇 names who is responsible, starts and completes its problem task with its evidence, the 巡察办 verifies it. */
static void
s_verified_task (void)
{
    Xuncha__TaskAssign assign = XUNCHA__TASK_ASSIGN__INIT;
    assign.task_id = w.task[0];
    assign.leader_user_id = w.unit_user[0];
    assign.handler_user_id = w.unit_user[0];
    assign.measures = "清退违规发放的津补贴，建立审批台账";
    s_done (xc_world_expect (XC_WORLD_UNIT_KEY, OK, BODY (TASK_ASSIGN), &assign));
    Xuncha__TaskReport report = XUNCHA__TASK_REPORT__INIT;
    report.task_id = w.task[0];
    report.action = XUNCHA__TASK_ACTION__TASK_ACTION_START;
    s_done (xc_world_expect (XC_WORLD_UNIT_KEY, OK, BODY (TASK_REPORT), &report));
    report.action = XUNCHA__TASK_ACTION__TASK_ACTION_COMPLETE;
    report.note = "已清退违规发放的津补贴 3.2 万元";
    s_done (xc_world_expect (XC_WORLD_UNIT_KEY, OK, BODY (TASK_REPORT), &report));
    Xuncha__TaskVerify verify = XUNCHA__TASK_VERIFY__INIT;
    verify.task_id = w.task[0];
    verify.action = XUNCHA__TASK_ACTION__TASK_ACTION_VERIFY;
    s_done (xc_world_expect (XC_WORLD_OFFICE_KEY, OK, BODY (TASK_VERIFY), &verify));
}

static void
s_judge_spot_check (void)
{
    Xuncha__SpotCheckRecord record = XUNCHA__SPOT_CHECK_RECORD__INIT;
    record.spot_check_id = w.spot_check;
    record.paper_id = w.spot_check_paper;
    record.result = XUNCHA__SPOT_CHECK_RESULT__SPOT_CHECK_RESULT_PASSED;
    record.comment = "程序规范，事实清楚";
    s_done (xc_world_expect (XC_WORLD_OFFICE_KEY, OK, BODY (SPOT_CHECK_RECORD), &record));
}

/* ------------------------------------------------------------------ the evaluations */

static Xuncha__Reply *
s_rate (const char *key, int status, int64_t group, int score)
{
    Xuncha__ConductRate rate = XUNCHA__CONDUCT_RATE__INIT;
    rate.group_id = group;
    rate.score = score;
    rate.comment = "遵守纪律，未接受宴请";
    return xc_world_expect (key, status, BODY (CONDUCT_RATE), &rate);
}

static void
s_rate_refused (const char *key, int status, int64_t group, int score, const char *needle)
{
    long before = xc_test_pg_count ("SELECT count(*) FROM conduct_rating");
    long audit = xc_test_pg_count ("SELECT count(*) FROM audit_log");
    Xuncha__ConductRate rate = XUNCHA__CONDUCT_RATE__INIT;
    rate.group_id = group;
    rate.score = score;
    xc_world_refused (key, status, needle, BODY (CONDUCT_RATE), &rate);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM conduct_rating"), before);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log"), audit);
}

static Xuncha__Reply *
s_appraise (const char *key, int status, int64_t round, int64_t inspector, Xuncha__AppraisalGrade grade, int exclude)
{
    Xuncha__InspectorAppraise appraise = XUNCHA__INSPECTOR_APPRAISE__INIT;
    appraise.round_id = round;
    appraise.inspector_id = inspector;
    appraise.grade = grade;
    appraise.comment = "工作认真，发现问题准确";
    appraise.exclude_from_pool = exclude;
    return xc_world_expect (key, status, BODY (INSPECTOR_APPRAISE), &appraise);
}

static void
s_appraise_refused (const char *key, int status, int64_t round, int64_t inspector, const char *needle)
{
    long before = xc_test_pg_count ("SELECT count(*) FROM inspector_appraisal");
    long excluded = xc_test_pg_count ("SELECT count(*) FROM inspector WHERE excluded_from_pool IS NOT NULL");
    Xuncha__InspectorAppraise appraise = XUNCHA__INSPECTOR_APPRAISE__INIT;
    appraise.round_id = round;
    appraise.inspector_id = inspector;
    appraise.grade = GRADE (INCOMPETENT);
    appraise.exclude_from_pool = 1;
    xc_world_refused (key, status, needle, BODY (INSPECTOR_APPRAISE), &appraise);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM inspector_appraisal"), before);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM inspector WHERE excluded_from_pool IS NOT NULL"),
                      excluded);
}

static Xuncha__Reply *
s_statistics (const char *key, int64_t *rounds, size_t count)
{
    Xuncha__StatisticsQuery query = XUNCHA__STATISTICS_QUERY__INIT;
    query.round_ids = rounds;
    query.n_round_ids = count;
    return xc_world_expect (key, OK, BODY (STATISTICS_QUERY), &query);
}

static const Xuncha__CategoryFigure *
s_category (const Xuncha__Statistics *s, const char *name)
{
    for (size_t i = 0; i < s->n_categories; i++)
        if (strcmp (s->categories[i]->name, name) == 0)
            return s->categories[i];
    fail_msg ("no figure for the category %s", name);
    return NULL;
}

static const Xuncha__GroupFigure *
s_group (const Xuncha__Statistics *s, int64_t group)
{
    for (size_t i = 0; i < s->n_groups; i++)
        if (s->groups[i]->group_id == group)
            return s->groups[i];
    fail_msg ("no figure for the group #%lld", (long long) group);
    return NULL;
}

/* ------------------------------------------------------------------ setup */

static int
s_setup (void **state)
{
    (void) state;
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    xc_world_build_scopes (s_dispatcher, &w);
    s_zhang = xc_test_pg_count ("SELECT id FROM inspector WHERE user_id = %lld", (long long) w.leader[0]);
    s_liu = xc_test_pg_count ("SELECT id FROM inspector WHERE user_id = %lld", (long long) w.member[0]);
    xc_world_user (VILLAGE_UNIT_KEY, XUNCHA__ROLE__ROLE_INSPECTED_UNIT, w.village[0], "东关村党支部");
    xc_world_user (VILLAGE2_UNIT_KEY, XUNCHA__ROLE__ROLE_INSPECTED_UNIT, w.village[1], "河西村党支部");
    /* 第1轮 */
    s_sign (w.paper[0]);
    s_signed_paper ("选人用人");
    s_talk ("李某");
    s_talk ("周某");
    s_dispose (0, XC_WORLD_DISCIPLINE_KEY, XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_TALK_OR_INQUIRY, "已谈话提醒");
    s_dispose (1, XC_WORLD_ORGANISATION_KEY, XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_CLOSE, NULL);
    /* 第2轮 */
    s_verified_task ();
    s_judge_spot_check ();
    s_done (s_rate (XC_WORLD_UNIT_KEY, OK, w.rectification_group[0], 4));
    s_done (s_rate (VILLAGE_UNIT_KEY, OK, w.rectification_group[0], 2));
    s_done (s_rate (XC_WORLD_UNIT2_KEY, OK, w.rectification_group[1], 5));
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

/* ------------------------------------------------------------------ tests */

/* Only a 被巡察单位 of the group, after the feedback, 1–5, once; each refusal changes nothing. */
static void
test_conduct_ratings_refused (void **state)
{
    (void) state;
    s_rate_refused (XC_WORLD_MEMBER_KEY, STATUS (FORBIDDEN), w.rectification_group[0], 4, "无权评价巡察组作风纪律");
    s_rate_refused (XC_WORLD_OFFICE_KEY, STATUS (FORBIDDEN), w.rectification_group[0], 4, "无权评价巡察组作风纪律");
    s_rate_refused (XC_WORLD_UNIT_KEY, STATUS (FORBIDDEN), w.rectification_group[1], 4,
                    "第二巡察组没有巡察您的单位");
    s_rate_refused (XC_WORLD_UNIT2_KEY, STATUS (BAD_REQUEST), w.rectification_group[1], 6, "1 至 5 分");
    s_rate_refused (XC_WORLD_UNIT2_KEY, STATUS (BAD_REQUEST), w.rectification_group[1], -1, "不能为负数");
    s_rate_refused (XC_WORLD_UNIT_KEY, STATUS (CONFLICT), w.group[0], 3, "巡察反馈之后才能评价");
    s_rate_refused (XC_WORLD_UNIT_KEY, STATUS (CONFLICT), w.group[0], 3, "处于“了解”阶段");
    s_rate_refused (XC_WORLD_UNIT_KEY, STATUS (CONFLICT), w.rectification_group[0], 5, "您已于 2026-04-20 10:00（4 分）");
    s_rate_refused (XC_WORLD_UNIT_KEY, STATUS (NOT_FOUND), 999999, 5, "巡察组不存在");
}

/* The list of a round, for the 巡察办 and the 只读 readers; the rated unit's name. */
static void
test_conduct_ratings_listed (void **state)
{
    (void) state;
    Xuncha__ConductRatingList list = XUNCHA__CONDUCT_RATING_LIST__INIT;
    list.round_id = w.rectification;
    Xuncha__Reply *reply = xc_world_expect (XC_WORLD_READER_KEY, OK, BODY (CONDUCT_RATING_LIST), &list);
    assert_int_equal (reply->conduct_ratings->n_ratings, 3);
    const Xuncha__ConductRating *first = reply->conduct_ratings->ratings[0];
    assert_string_equal (first->group_name, "第一巡察组");
    assert_string_equal (first->unit_name, "某某区/城关镇");
    assert_int_equal (first->score, 4);
    assert_string_equal (first->rated_at, "2026-04-20 10:00");
    assert_string_equal (reply->conduct_ratings->ratings[2]->group_name, "第二巡察组");
    s_done (reply);
    xc_world_refused (XC_WORLD_UNIT_KEY, STATUS (FORBIDDEN), "无权查看作风纪律后评估", BODY (CONDUCT_RATING_LIST), &list);
    list.round_id = w.round;
    reply = xc_world_expect (XC_WORLD_OFFICE_KEY, OK, BODY (CONDUCT_RATING_LIST), &list);
    assert_int_equal (reply->conduct_ratings->n_ratings, 0);
    s_done (reply);
}

/* 工作鉴定: in 整改 only, of a member of the round, once; 不再抽调 marks the inspector. */
static void
test_appraisals (void **state)
{
    (void) state;
    s_appraise_refused (XC_WORLD_OFFICE_KEY, STATUS (CONFLICT), w.rectification, s_zhang, "工作鉴定在“整改”阶段进行");
    xc_world_advance (w.rectification, XUNCHA__PHASE__PHASE_TRANSFER);
    xc_world_advance (w.rectification, XUNCHA__PHASE__PHASE_RECTIFICATION);
    s_appraise_refused (XC_WORLD_READER_KEY, STATUS (FORBIDDEN), w.rectification, s_zhang, "无权工作鉴定");
    s_appraise_refused (XC_WORLD_OFFICE_KEY, STATUS (CONFLICT), w.rectification, w.spare_inspector,
                        "检查人员 赵强 不是十届区委第2轮巡察任何巡察组的成员");
    s_appraise_refused (XC_WORLD_OFFICE_KEY, STATUS (NOT_FOUND), w.rectification, 999999, "检查人员不存在");
    s_appraise_refused (XC_WORLD_OFFICE_KEY, STATUS (NOT_FOUND), 999999, s_zhang, "巡察轮次不存在");

    Xuncha__Reply *reply = s_appraise (XC_WORLD_OFFICE_KEY, OK, w.rectification, s_zhang, GRADE (INCOMPETENT), 1);
    assert_string_equal (reply->inspector_appraisal->inspector_name, "张伟");
    assert_int_equal (reply->inspector_appraisal->grade, GRADE (INCOMPETENT));
    assert_true (reply->inspector_appraisal->exclude_from_pool);
    assert_string_equal (reply->inspector_appraisal->appraised_by, "巡察办");
    s_done (reply);
    s_done (s_appraise (XC_WORLD_OFFICE_KEY, OK, w.rectification, s_liu, GRADE (EXCELLENT), 0));
    s_appraise_refused (XC_WORLD_OFFICE_KEY, STATUS (CONFLICT), w.rectification, s_liu,
                        "已于 2026-04-20 10:00 对检查人员 刘洋 作出十届区委第2轮巡察的工作鉴定");
    /* ratings go on in 整改: 河西村, inside 河西镇, rates 第二巡察组 */
    s_done (s_rate (VILLAGE2_UNIT_KEY, OK, w.rectification_group[1], 3));

    Xuncha__InspectorAppraisalList list = XUNCHA__INSPECTOR_APPRAISAL_LIST__INIT;
    list.inspector_id = s_zhang;
    reply = xc_world_expect (XC_WORLD_READER_KEY, OK, BODY (INSPECTOR_APPRAISAL_LIST), &list);
    assert_int_equal (reply->inspector_appraisals->n_appraisals, 1);
    assert_int_equal (reply->inspector_appraisals->appraisals[0]->round_id, w.rectification);
    s_done (reply);
    list.inspector_id = 0;
    list.round_id = w.rectification;
    reply = xc_world_expect (XC_WORLD_OFFICE_KEY, OK, BODY (INSPECTOR_APPRAISAL_LIST), &list);
    assert_int_equal (reply->inspector_appraisals->n_appraisals, 2);
    s_done (reply);
}

/* Taken out of the pool: not added to a group again, and the pool list says why. */
static void
test_an_excluded_inspector_is_not_drawn (void **state)
{
    (void) state;
    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = w.spare_group;
    add.inspector_id = s_zhang;
    add.position = XUNCHA__POSITION__POSITION_LEADER;
    long members = xc_test_pg_count ("SELECT count(*) FROM group_member");
    xc_world_refused (XC_WORLD_OFFICE_KEY, STATUS (CONFLICT), "该人员（张伟）经十届区委第2轮巡察工作鉴定不再抽调",
                      BODY (GROUP_MEMBER_ADD), &add);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM group_member"), members);
    add.inspector_id = s_liu;   /* appraised, but kept in the pool */
    s_done (xc_world_expect (XC_WORLD_OFFICE_KEY, OK, BODY (GROUP_MEMBER_ADD), &add));

    Xuncha__InspectorList list = XUNCHA__INSPECTOR_LIST__INIT;
    Xuncha__Reply *reply = xc_world_expect (XC_WORLD_OFFICE_KEY, OK, BODY (INSPECTOR_LIST), &list);
    int seen = 0;
    for (size_t i = 0; i < reply->inspectors->n_inspectors; i++) {
        const Xuncha__Inspector *inspector = reply->inspectors->inspectors[i];
        if (inspector->id == s_zhang) {
            assert_string_equal (inspector->pool_exclusion, "经十届区委第2轮巡察工作鉴定不再抽调");
            seen++;
        }
        else
            assert_string_equal (inspector->pool_exclusion, "");
    }
    assert_int_equal (seen, 1);
    s_done (reply);
}

/* One round: its categories (共性 in two units), tasks with the clock, groups, ratings. */
static void
test_the_figures_of_a_round (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-05-20T09:00:00", 1);   /* the 整改方案 deadlines (15 workdays) have passed */
    int64_t round = w.rectification;
    Xuncha__Reply *reply = s_statistics (XC_WORLD_OFFICE_KEY, &round, 1);
    const Xuncha__Statistics *s = reply->statistics;
    assert_string_equal (s->computed_at, "2026-05-20 09:00");
    assert_int_equal (s->n_round_ids, 1);
    assert_int_equal (s->n_categories, 1);
    assert_string_equal (s->categories[0]->name, "中央八项规定精神");
    assert_string_equal (s->categories[0]->parent_name, "群众身边腐败问题和不正之风");
    assert_int_equal (s->categories[0]->problems, 2);
    assert_int_equal (s->categories[0]->units, 2);
    assert_true (s->categories[0]->common);
    assert_int_equal (s->clues_transferred, 0);
    /* two towns × (问题整改, 整改方案, 整改情况报告, 公开); one verified, both plans overdue */
    assert_int_equal (s->tasks, 8);
    assert_int_equal (s->tasks_done, 1);
    assert_int_equal (s->tasks_overdue, 2);
    assert_close (s->completion_rate, 0.125, 1e-9);
    assert_close (s->overdue_rate, 0.25, 1e-9);
    assert_int_equal (s->n_groups, 2);
    assert_int_equal (s->groups[0]->group_id, w.rectification_group[0]);
    assert_string_equal (s->groups[0]->round_name, "十届区委第2轮巡察");
    assert_int_equal (s->groups[0]->papers, 1);
    assert_int_equal (s->groups[0]->conduct_ratings, 2);
    assert_close (s->groups[0]->conduct_score, 3.0, 1e-9);
    assert_int_equal (s->groups[1]->conduct_ratings, 2);
    assert_close (s->groups[1]->conduct_score, 4.0, 1e-9);
    assert_int_equal (s->n_spot_checks, 3);   /* all judged: no line for the unjudged */
    assert_int_equal (s->spot_checks[0]->result, XUNCHA__SPOT_CHECK_RESULT__SPOT_CHECK_RESULT_PASSED);
    assert_int_equal (s->spot_checks[0]->papers, 1);
    assert_int_equal (s->spot_checks[2]->papers, 0);
    assert_int_equal (s->n_appraisals, 4);
    assert_int_equal (s->appraisals[0]->grade, GRADE (EXCELLENT));
    assert_int_equal (s->appraisals[0]->inspectors, 1);
    assert_int_equal (s->appraisals[3]->grade, GRADE (INCOMPETENT));
    assert_int_equal (s->appraisals[3]->inspectors, 1);
    assert_int_equal (s->inspectors_excluded, 1);
    s_done (reply);

    setenv ("XUNCHA_NOW", XC_WORLD_NOW, 1);   /* on the day of the world: nothing is overdue yet */
    reply = s_statistics (XC_WORLD_OFFICE_KEY, &round, 1);
    assert_int_equal (reply->statistics->tasks_overdue, 0);
    assert_close (reply->statistics->overdue_rate, 0.0, 1e-9);
    s_done (reply);
}

/* Every round: 个性 in one unit, 共性 across rounds, clues and their disposals, group output. */
static void
test_the_figures_of_every_round (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_statistics (XC_WORLD_OFFICE_KEY, NULL, 0);
    const Xuncha__Statistics *s = reply->statistics;
    assert_int_equal (s->n_round_ids, 0);
    const Xuncha__CategoryFigure *eight = s_category (s, "中央八项规定精神");
    assert_int_equal (eight->problems, 3);   /* 东关村 (第1轮), 城关镇 and 河西镇 (第2轮) */
    assert_int_equal (eight->units, 3);
    assert_true (eight->common);
    const Xuncha__CategoryFigure *cadres = s_category (s, "选人用人");
    assert_int_equal (cadres->problems, 1);
    assert_int_equal (cadres->units, 1);
    assert_false (cadres->common);
    assert_string_equal (cadres->parent_name, "基层党组织领导班子和干部队伍建设");
    assert_int_equal (s->n_categories, 2);   /* 第二巡察组's draft counts nowhere */
    assert_int_equal (s->clues_transferred, 2);
    assert_int_equal (s->n_disposals, 4);
    assert_int_equal (s->disposals[0]->disposal, XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_TALK_OR_INQUIRY);
    assert_int_equal (s->disposals[0]->clues, 1);
    assert_int_equal (s->disposals[1]->clues, 0);
    assert_int_equal (s->disposals[2]->clues, 0);
    assert_int_equal (s->disposals[3]->disposal, XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_CLOSE);
    assert_int_equal (s->disposals[3]->clues, 1);
    assert_int_equal (s->clues_with_result, 1);
    assert_int_equal (s->n_groups, 5);   /* 第1轮's two, 第2轮's two, 第3轮's spare group */
    const Xuncha__GroupFigure *first = s_group (s, w.group[0]);
    assert_string_equal (first->group_name, "第一巡察组");
    assert_string_equal (first->round_name, "十届区委第1轮巡察");
    assert_int_equal (first->talks, 2);
    assert_int_equal (first->petitions, 1);
    assert_int_equal (first->papers, 2);
    assert_int_equal (first->clues, 2);
    assert_int_equal (first->conduct_ratings, 0);
    const Xuncha__GroupFigure *second = s_group (s, w.group[1]);
    assert_int_equal (second->talks, 0);
    assert_int_equal (second->petitions, 1);
    assert_int_equal (second->papers, 0);
    assert_int_equal (second->clues, 0);
    assert_int_equal (s_group (s, w.spare_group)->papers, 0);
    s_done (reply);
}

/* The 只读 reader, who sees no clue, gets the same clue figures; inspectors get none. */
static void
test_who_reads_the_statistics (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_statistics (XC_WORLD_READER_KEY, NULL, 0);
    assert_int_equal (reply->statistics->clues_transferred, 2);
    assert_int_equal (reply->statistics->disposals[0]->clues, 1);
    assert_int_equal (reply->statistics->clues_with_result, 1);
    s_done (reply);
    Xuncha__StatisticsQuery query = XUNCHA__STATISTICS_QUERY__INIT;
    xc_world_refused (XC_WORLD_LEADER_KEY, STATUS (FORBIDDEN), "无权查看统计分析", BODY (STATISTICS_QUERY), &query);
    xc_world_refused (XC_WORLD_UNIT_KEY, STATUS (FORBIDDEN), "无权查看统计分析", BODY (STATISTICS_QUERY), &query);
    int64_t rounds[] = { w.round, 999999 };
    query.round_ids = rounds;
    query.n_round_ids = 2;
    xc_world_refused (XC_WORLD_OFFICE_KEY, STATUS (NOT_FOUND), "巡察轮次 #999999 不存在", BODY (STATISTICS_QUERY),
                      &query);
}

/* Row security, as the server's role reads: a rating is seen by the 巡察办, the 只读
 * readers and its rater, never by the group rated; an appraisal by the first two only. */
static long
s_seen_as (PGconn *app, int64_t user, const char *table)
{
    char sql[256];
    PQclear (PQexec (app, "BEGIN"));
    snprintf (sql, sizeof sql, "SELECT set_config('xuncha.user_id', '%lld', true)", (long long) user);
    PQclear (PQexec (app, sql));
    snprintf (sql, sizeof sql, "SELECT count(*) FROM %s", table);
    long count = xc_test_pg_scalar (app, sql);
    PQclear (PQexec (app, "ROLLBACK"));
    return count;
}

static void
test_who_sees_the_evaluations (void **state)
{
    (void) state;
    PGconn *app = xc_test_pg_connect_app ();
    long ratings = xc_test_pg_count ("SELECT count(*) FROM conduct_rating");
    assert_int_equal (s_seen_as (app, w.office, "conduct_rating"), ratings);
    assert_int_equal (s_seen_as (app, w.reader, "conduct_rating"), ratings);
    assert_int_equal (s_seen_as (app, w.unit_user[0], "conduct_rating"), 1);
    assert_int_equal (s_seen_as (app, w.leader[0], "conduct_rating"), 0);
    assert_int_equal (s_seen_as (app, w.member[1], "conduct_rating"), 0);
    assert_int_equal (s_seen_as (app, w.office, "inspector_appraisal"), 2);
    assert_int_equal (s_seen_as (app, w.reader, "inspector_appraisal"), 2);
    assert_int_equal (s_seen_as (app, w.leader[0], "inspector_appraisal"), 0);
    assert_int_equal (s_seen_as (app, w.unit_user[0], "inspector_appraisal"), 0);
    assert_int_equal (s_seen_as (app, 0, "conduct_rating"), 0);
    PQfinish (app);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_conduct_ratings_refused),
        cmocka_unit_test (test_conduct_ratings_listed),
        cmocka_unit_test (test_appraisals),
        cmocka_unit_test (test_an_excluded_inspector_is_not_drawn),
        cmocka_unit_test (test_the_figures_of_a_round),
        cmocka_unit_test (test_the_figures_of_every_round),
        cmocka_unit_test (test_who_reads_the_statistics),
        cmocka_unit_test (test_who_sees_the_evaluations),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
