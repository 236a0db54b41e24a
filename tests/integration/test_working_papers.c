/* 问题底稿 on a real PostgreSQL, through the real dispatcher: drafting from the group's
 * own evidence, the workflow 起草 → 组内审议 → 组长签批 → 纳入/不纳入报告 and 修订 with
 * every refusal a user would meet, version history, gap-free numbering under eight
 * concurrent signers, the editable taxonomy and the 巡察办's spot check.
 *
 * Field records and attachments are inserted directly: they are fixtures here, their
 * own requests are tested in test_field_work. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "xc_codec.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY       "office0000000000000000000000000000000000"
#define LEADER_KEY       "leader0000000000000000000000000000000000"
#define DEPUTY_KEY       "deputy0000000000000000000000000000000000"
#define MEMBER_KEY       "member0000000000000000000000000000000000"
#define OUTSIDER_KEY     "outsider00000000000000000000000000000000"
#define OTHER_LEADER_KEY "leader2000000000000000000000000000000000"
#define ROUND4_LEADER_KEY "leader4000000000000000000000000000000000"
#define READER_KEY       "reader0000000000000000000000000000000000"

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define STATE(name) XUNCHA__PAPER_STATE__PAPER_STATE_##name
#define ACTION(name) XUNCHA__PAPER_ACTION__PAPER_ACTION_##name
#define CONCURRENT_SIGNERS 8
#define SIGNING_ROUNDS 5

static const char *s_conninfo;
static xc_dispatcher_t *s_dispatcher;
static int64_t s_round, s_group, s_other_group, s_town, s_village, s_other_town;
static int64_t s_record, s_other_record, s_attachment, s_other_attachment;
static int64_t s_finance;
static int64_t s_category;      /* 中央八项规定精神 */
static int64_t s_paper;         /* the paper followed through the whole workflow */

static int
s_setup (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-03-20T10:00:00", 1);
    s_conninfo = xc_test_pg_start ();
    s_dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    xc_world_init (s_dispatcher, OFFICE_KEY);
    xc_test_add_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0);
    xc_test_add_user (READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0);
    int64_t leader = xc_world_user (LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, 0, "张伟");
    int64_t deputy = xc_world_user (DEPUTY_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0, "李娜");
    int64_t member = xc_world_user (MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0, "刘洋");
    int64_t outsider = xc_world_user (OUTSIDER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0, "杨帆");
    int64_t other_leader = xc_world_user (OTHER_LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, 0, "陈静");

    int64_t district = xc_world_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    s_town = xc_world_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_village = xc_world_unit ("东关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, s_town);
    s_other_town = xc_world_unit ("河西镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    int64_t finance = s_finance = xc_world_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);

    s_round = xc_world_round (3);
    s_group = xc_world_group (s_round, 1, s_town);
    s_other_group = xc_world_group (s_round, 2, s_other_town);
    xc_world_join (s_group, "张伟", finance, leader, XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_group, "李娜", finance, deputy, XUNCHA__POSITION__POSITION_DEPUTY_LEADER);
    xc_world_join (s_group, "刘洋", finance, member, XUNCHA__POSITION__POSITION_MEMBER);
    xc_world_join (s_other_group, "陈静", finance, other_leader, XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_other_group, "杨帆", finance, outsider, XUNCHA__POSITION__POSITION_MEMBER);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_ENTRY);

    xc_world_petition (s_group, s_village, MEMBER_KEY, "合同扫描.pdf", &s_record, &s_attachment);
    xc_world_petition (s_other_group, s_other_town, MEMBER_KEY, "合同扫描.pdf", &s_other_record, &s_other_attachment);
    s_category = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '中央八项规定精神'");
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

/* ------------------------------------------------------------------ requests */

typedef struct {
    Xuncha__WorkingPaperContent content;
    Xuncha__EvidenceItem items[2];
    Xuncha__EvidenceItem *evidence[2];
    char *responsible[2];
} content_t;

static void
s_content (content_t *c, const char *title, int64_t record, int64_t attachment)
{
    xuncha__working_paper_content__init (&c->content);
    c->content.title = (char *) title;
    c->content.facts = "2025年5月至12月，东关村“两委”班子在村集体账户报销餐费11笔共计2.3万元";
    c->content.category_id = s_category;
    c->content.basis = "《中国共产党纪律处分条例》第一百一十三条";
    c->content.found_by = "刘洋";
    c->content.found_date = "2026-03-06";
    c->responsible[0] = "王某某（村党支部书记）";
    c->responsible[1] = "赵某某（村委会主任）";
    c->content.responsible_persons = c->responsible;
    c->content.n_responsible_persons = 2;
    for (int i = 0; i < 2; i++) {
        xuncha__evidence_item__init (&c->items[i]);
        c->evidence[i] = &c->items[i];
    }
    c->items[0].record_id = record;
    c->items[1].attachment_id = attachment;
    c->content.evidence = c->evidence;
    c->content.n_evidence = (size_t) (record != 0) + (size_t) (attachment != 0);
    if (!record)
        c->evidence[0] = &c->items[1];
}

static Xuncha__Reply *
s_draft_as (const char *key, int status, int64_t group, int64_t unit, content_t *c)
{
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = group;
    draft.unit_id = unit;
    draft.content = &c->content;
    return xc_world_expect (key, status, BODY (PAPER_DRAFT), &draft);
}

static int64_t
s_draft (const char *title)
{
    content_t c;
    s_content (&c, title, s_record, 0);
    return xc_world_id (s_draft_as (MEMBER_KEY, OK, s_group, s_village, &c));
}

static Xuncha__Reply *
s_move (const char *key, int status, int64_t paper, Xuncha__PaperAction action, const char *reason)
{
    Xuncha__PaperTransition move = XUNCHA__PAPER_TRANSITION__INIT;
    move.paper_id = paper;
    move.action = action;
    move.reason = (char *) reason;
    return xc_world_expect (key, status, BODY (PAPER_TRANSITION), &move);
}

/* Moves the paper and checks the state it reached. */
static void
s_moved (const char *key, int64_t paper, Xuncha__PaperAction action, const char *reason, Xuncha__PaperState state)
{
    Xuncha__Reply *reply = s_move (key, OK, paper, action, reason);
    assert_int_equal (reply->working_paper->state, state);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
s_move_refused (const char *key, int status, int64_t paper, Xuncha__PaperAction action, const char *reason,
                const char *needle)
{
    Xuncha__PaperTransition move = XUNCHA__PAPER_TRANSITION__INIT;
    move.paper_id = paper;
    move.action = action;
    move.reason = (char *) reason;
    xc_world_refused (key, status, needle, BODY (PAPER_TRANSITION), &move);
}

static Xuncha__Reply *
s_edit (const char *key, int status, int64_t paper, const char *title, const char *note)
{
    content_t c;
    s_content (&c, title, s_record, s_attachment);
    Xuncha__PaperEdit edit = XUNCHA__PAPER_EDIT__INIT;
    edit.paper_id = paper;
    edit.content = &c.content;
    edit.change_note = (char *) note;
    return xc_world_expect (key, status, BODY (PAPER_EDIT), &edit);
}

static Xuncha__Reply *
s_show (const char *key, int status, int64_t paper)
{
    Xuncha__PaperShow show = XUNCHA__PAPER_SHOW__INIT;
    show.paper_id = paper;
    return xc_world_expect (key, status, BODY (PAPER_SHOW), &show);
}

/* ------------------------------------------------------------------ tests */

static void
test_draft_from_the_groups_evidence (void **state)
{
    (void) state;
    content_t c;
    s_content (&c, "东关村“两委”班子违规公款吃喝", s_record, s_attachment);
    Xuncha__Reply *reply = s_draft_as (MEMBER_KEY, OK, s_group, s_village, &c);
    Xuncha__WorkingPaper *paper = reply->working_paper;
    s_paper = paper->id;
    assert_int_equal (paper->state, STATE (DRAFT));
    assert_int_equal (paper->version, 1);
    assert_string_equal (paper->number, "");
    assert_string_equal (paper->group_name, "第一巡察组");
    assert_string_equal (paper->unit_name, "某某区/城关镇/东关村");
    assert_string_equal (paper->written_by, "刘洋");
    assert_string_equal (paper->category_name, "群众身边腐败问题和不正之风/中央八项规定精神");
    assert_int_equal (paper->content->n_responsible_persons, 2);
    assert_string_equal (paper->content->responsible_persons[1], "赵某某（村委会主任）");
    assert_string_equal (paper->content->found_date, "2026-03-06");
    assert_int_equal (paper->content->n_evidence, 2);
    char expected[128];
    snprintf (expected, sizeof expected, "信访 #%lld（2026-03-05）", (long long) s_record);
    assert_string_equal (paper->content->evidence[0]->description, expected);
    snprintf (expected, sizeof expected, "附件 #%lld 合同扫描.pdf", (long long) s_attachment);
    assert_string_equal (paper->content->evidence[1]->description, expected);
    xuncha__reply__free_unpacked (reply, NULL);

    /* the 巡察办 reads it; a member of another group is refused, naming the group */
    reply = s_show (OFFICE_KEY, OK, s_paper);
    assert_string_equal (reply->working_paper->content->title, "东关村“两委”班子违规公款吃喝");
    assert_int_equal (reply->working_paper->content->n_evidence, 2);
    xuncha__reply__free_unpacked (reply, NULL);
    Xuncha__PaperShow show = XUNCHA__PAPER_SHOW__INIT;
    show.paper_id = s_paper;
    xc_world_refused (OUTSIDER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, "您不是第一巡察组的成员", BODY (PAPER_SHOW), &show);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper_event WHERE action = 0"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action = 'draft_working_paper'"), 1);
}

static void
test_draft_refusals_change_nothing (void **state)
{
    (void) state;
    content_t c;
    char needle[128];
    /* evidence from another group's record, then from its attachment */
    s_content (&c, "越权引用", s_other_record, 0);
    snprintf (needle, sizeof needle, "证据第 1 项：现场记录 #%lld 不是第一巡察组的记录，不能作为本组底稿的证据",
              (long long) s_other_record);
    Xuncha__Reply *reply = s_draft_as (MEMBER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_group, s_village, &c);
    assert_string_equal (reply->message, needle);
    xuncha__reply__free_unpacked (reply, NULL);
    s_content (&c, "越权引用", s_record, s_other_attachment);
    snprintf (needle, sizeof needle, "证据第 2 项：附件 #%lld 不是第一巡察组的记录", (long long) s_other_attachment);
    reply = s_draft_as (MEMBER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_group, s_village, &c);
    assert_non_null (strstr (reply->message, needle));
    xuncha__reply__free_unpacked (reply, NULL);
    /* evidence that does not exist */
    s_content (&c, "无据", 99999, 0);
    reply = s_draft_as (MEMBER_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, s_group, s_village, &c);
    assert_string_equal (reply->message, "证据第 1 项：现场记录 #99999 不存在");
    xuncha__reply__free_unpacked (reply, NULL);
    /* an item pointing at both a record and an attachment */
    s_content (&c, "两可", s_record, 0);
    c.items[0].attachment_id = s_attachment;
    reply = s_draft_as (MEMBER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, s_group, s_village, &c);
    assert_non_null (strstr (reply->message, "证据第 1 项须指向一条现场记录或一个附件"));
    xuncha__reply__free_unpacked (reply, NULL);
    /* a unit the group does not inspect; a group the caller is not in */
    s_content (&c, "别组单位", s_record, 0);
    reply = s_draft_as (MEMBER_KEY, XUNCHA__STATUS__STATUS_CONFLICT, s_group, s_other_town, &c);
    assert_non_null (strstr (reply->message, "不是第一巡察组的被巡察单位"));
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_draft_as (OUTSIDER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_group, s_village, &c);
    assert_string_equal (reply->message, "起草问题底稿仅限本组，您不是第一巡察组的成员");
    xuncha__reply__free_unpacked (reply, NULL);
    /* the 巡察办 does not draft */
    reply = s_draft_as (OFFICE_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_group, s_village, &c);
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper_version"), 1);
}

static void
test_review_sign_and_exclusion (void **state)
{
    (void) state;
    s_move_refused (LEADER_KEY, XUNCHA__STATUS__STATUS_CONFLICT, s_paper, ACTION (SIGN), "",
                    "当前为“起草”，不能“组长签批”（只有处于“组内审议”的底稿可以“组长签批”）");
    s_moved (MEMBER_KEY, s_paper, ACTION (SUBMIT), "", STATE (UNDER_REVIEW));
    Xuncha__Reply *reply = s_edit (MEMBER_KEY, XUNCHA__STATUS__STATUS_CONFLICT, s_paper, "审议中修改", "");
    assert_string_equal (reply->message, "底稿 #1 正在“组内审议”，不能修改；如需修改请先“退回起草”");
    xuncha__reply__free_unpacked (reply, NULL);
    s_moved (DEPUTY_KEY, s_paper, ACTION (RETURN), "事实部分须补充附件", STATE (DRAFT));
    reply = s_edit (MEMBER_KEY, OK, s_paper, "东关村“两委”班子违规公款吃喝问题", "补充合同扫描件");
    assert_int_equal (reply->working_paper->version, 2);
    assert_int_equal (reply->working_paper->content->n_evidence, 2);
    xuncha__reply__free_unpacked (reply, NULL);
    s_moved (MEMBER_KEY, s_paper, ACTION (SUBMIT), "", STATE (UNDER_REVIEW));

    /* only the group's 组长 signs: not a member, not the 副组长 */
    s_move_refused (MEMBER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_paper, ACTION (SIGN), "",
                    "只有第一巡察组的组长可以签批底稿");
    s_move_refused (DEPUTY_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_paper, ACTION (SIGN), "",
                    "只有第一巡察组的组长可以签批底稿");
    s_move_refused (OTHER_LEADER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_paper, ACTION (SIGN), "",
                    "流转问题底稿仅限本组，您不是第一巡察组的成员");
    reply = s_move (LEADER_KEY, OK, s_paper, ACTION (SIGN), "");
    assert_int_equal (reply->working_paper->state, STATE (SIGNED));
    assert_string_equal (reply->working_paper->number, "[2026]区巡-1组-01号");
    assert_string_equal (reply->working_paper->signed_by, "张伟");
    assert_true (*reply->working_paper->signed_at);
    xuncha__reply__free_unpacked (reply, NULL);

    /* a signed paper is never edited in place */
    reply = s_edit (MEMBER_KEY, XUNCHA__STATUS__STATUS_CONFLICT, s_paper, "签批后修改", "");
    assert_string_equal (reply->message, "底稿 [2026]区巡-1组-01号 已签批，不能直接修改；"
                                         "如需修改请先“修订”（生成新版本，重新审议签批）");
    xuncha__reply__free_unpacked (reply, NULL);
    s_move_refused (LEADER_KEY, XUNCHA__STATUS__STATUS_CONFLICT, s_paper, ACTION (SUBMIT), "",
                    "底稿 [2026]区巡-1组-01号 当前为“组长签批”，不能“提交审议”");

    /* 不纳入报告 only with a reason, and only by the 组长 */
    s_move_refused (LEADER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, s_paper, ACTION (EXCLUDE), "", "不纳入报告须说明理由");
    s_move_refused (LEADER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, s_paper, ACTION (EXCLUDE), " 　\n", "不纳入报告须说明理由");
    s_move_refused (MEMBER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_paper, ACTION (EXCLUDE), "已整改", "只有第一巡察组的组长");
    assert_int_equal (xc_test_pg_count ("SELECT state FROM working_paper WHERE id = %lld", (long long) s_paper),
                      STATE (SIGNED));
    reply = s_move (LEADER_KEY, OK, s_paper, ACTION (EXCLUDE), "已在巡察期间立行立改，金额已退还");
    assert_int_equal (reply->working_paper->state, STATE (EXCLUDED));
    assert_string_equal (reply->working_paper->exclusion_reason, "已在巡察期间立行立改，金额已退还");
    assert_string_equal (reply->working_paper->decided_by, "张伟");
    assert_true (*reply->working_paper->decided_at);
    xuncha__reply__free_unpacked (reply, NULL);
    s_move_refused (LEADER_KEY, XUNCHA__STATUS__STATUS_CONFLICT, s_paper, ACTION (INCLUDE), "",
                    "当前为“不纳入报告”，不能“纳入报告”");
}

static void
test_revision_keeps_history_and_number (void **state)
{
    (void) state;
    s_move_refused (MEMBER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, s_paper, ACTION (REVISE), "", "修订已签批的底稿须说明理由");
    Xuncha__Reply *reply = s_move (MEMBER_KEY, OK, s_paper, ACTION (REVISE), "组务会认为金额须核实后纳入报告");
    assert_int_equal (reply->working_paper->state, STATE (DRAFT));
    assert_int_equal (reply->working_paper->version, 3);
    assert_string_equal (reply->working_paper->number, "[2026]区巡-1组-01号");
    assert_string_equal (reply->working_paper->decided_by, "");
    assert_int_equal (reply->working_paper->content->n_evidence, 2);   /* copied */
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_edit (MEMBER_KEY, OK, s_paper, "东关村违规公款吃喝2.3万元", "核实金额"), NULL);
    s_moved (MEMBER_KEY, s_paper, ACTION (SUBMIT), "", STATE (UNDER_REVIEW));
    reply = s_move (LEADER_KEY, OK, s_paper, ACTION (SIGN), "");
    assert_string_equal (reply->working_paper->number, "[2026]区巡-1组-01号");   /* re-signed: same number */
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT last FROM number_series WHERE series LIKE '底稿:%%'"), 1);       /* no number consumed */
    s_moved (LEADER_KEY, s_paper, ACTION (INCLUDE), "", STATE (INCLUDED));
    /* an action that is no step of the workflow */
    s_move_refused (LEADER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, s_paper, ACTION (EDIT), "", "不是底稿的流转动作");

    Xuncha__PaperHistoryShow show = XUNCHA__PAPER_HISTORY_SHOW__INIT;
    show.paper_id = s_paper;
    reply = xc_world_expect (MEMBER_KEY, OK, BODY (PAPER_HISTORY_SHOW), &show);
    Xuncha__WorkingPaperHistory *history = reply->working_paper_history;
    assert_int_equal (history->paper->state, STATE (INCLUDED));
    assert_int_equal (history->n_versions, 4);
    assert_string_equal (history->versions[0]->content->title, "东关村“两委”班子违规公款吃喝");
    assert_int_equal (history->versions[0]->content->n_evidence, 2);
    assert_string_equal (history->versions[1]->content->title, "东关村“两委”班子违规公款吃喝问题");
    assert_string_equal (history->versions[1]->change_note, "补充合同扫描件");
    /* the version that was signed and excluded is still there as it was */
    assert_string_equal (history->versions[2]->content->title, "东关村“两委”班子违规公款吃喝问题");
    assert_string_equal (history->versions[2]->change_note, "修订：组务会认为金额须核实后纳入报告");
    assert_int_equal (history->versions[2]->content->n_evidence, 2);
    assert_string_equal (history->versions[3]->content->title, "东关村违规公款吃喝2.3万元");
    assert_string_equal (history->versions[3]->written_by, "刘洋");
    static const Xuncha__PaperAction expected[] = {
        ACTION (DRAFT), ACTION (SUBMIT), ACTION (RETURN), ACTION (EDIT), ACTION (SUBMIT), ACTION (SIGN),
        ACTION (EXCLUDE), ACTION (REVISE), ACTION (EDIT), ACTION (SUBMIT), ACTION (SIGN), ACTION (INCLUDE),
    };
    assert_int_equal (history->n_events, sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < history->n_events; i++)
        if (history->events[i]->action != expected[i])
            fail_msg ("event %zu: action %d, expected %d", i, history->events[i]->action, expected[i]);
    assert_string_equal (history->events[2]->by, "李娜");
    assert_string_equal (history->events[2]->reason, "事实部分须补充附件");
    assert_string_equal (history->events[5]->number, "[2026]区巡-1组-01号");
    assert_string_equal (history->events[6]->by, "张伟");   /* who left it out, and why (倒查) */
    assert_string_equal (history->events[6]->reason, "已在巡察期间立行立改，金额已退还");
    assert_int_equal (history->events[7]->version, 3);
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE record_type = 'working_paper'"), 12);
}

typedef struct {
    int64_t paper;
    int status;
    char number[64];
    pthread_barrier_t *start;
} signer_t;

/* One 组长's client: its own dispatcher and database connection, signing when all are ready. */
static void *
s_sign_concurrently (void *args)
{
    signer_t *signer = args;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Ping ping = XUNCHA__PING__INIT;   /* connect before the barrier */
    xuncha__reply__free_unpacked (xc_test_do (dispatcher, LEADER_KEY, BODY (PING), &ping), NULL);
    Xuncha__PaperTransition move = XUNCHA__PAPER_TRANSITION__INIT;
    move.paper_id = signer->paper;
    move.action = ACTION (SIGN);
    move.reason = "";
    pthread_barrier_wait (signer->start);
    Xuncha__Reply *reply = xc_test_do (dispatcher, LEADER_KEY, BODY (PAPER_TRANSITION), &move);
    signer->status = reply->status;
    if (reply->status == OK)
        snprintf (signer->number, sizeof signer->number, "%s", reply->working_paper->number);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
    return NULL;
}

static void
test_numbers_gap_free_under_concurrent_signing (void **state)
{
    (void) state;
    for (int round = 0; round < SIGNING_ROUNDS; round++) {
        signer_t signers[CONCURRENT_SIGNERS];
        pthread_t threads[CONCURRENT_SIGNERS];
        pthread_barrier_t start;
        pthread_barrier_init (&start, NULL, CONCURRENT_SIGNERS);
        for (int i = 0; i < CONCURRENT_SIGNERS; i++) {
            char title[64];
            snprintf (title, sizeof title, "并发签批底稿 %d-%d", round, i);
            signers[i] = (signer_t) { .paper = s_draft (title), .start = &start };
            s_moved (MEMBER_KEY, signers[i].paper, ACTION (SUBMIT), "", STATE (UNDER_REVIEW));
        }
        for (int i = 0; i < CONCURRENT_SIGNERS; i++)
            pthread_create (&threads[i], NULL, s_sign_concurrently, &signers[i]);
        for (int i = 0; i < CONCURRENT_SIGNERS; i++)
            pthread_join (threads[i], NULL);
        pthread_barrier_destroy (&start);
        for (int i = 0; i < CONCURRENT_SIGNERS; i++) {
            if (signers[i].status != OK)
                fail_msg ("signer %d of round %d: status %d", i, round, signers[i].status);
            assert_non_null (strstr (signers[i].number, "[2026]区巡-1组-"));
        }
    }
    /* paper 1 holds 01; the 40 concurrent signings hold exactly 02..41 */
    long signed_papers = 1 + SIGNING_ROUNDS * CONCURRENT_SIGNERS;
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper WHERE number IS NOT NULL"), signed_papers);
    assert_int_equal (xc_test_pg_count ("SELECT count(DISTINCT number) FROM working_paper"), signed_papers);
    assert_int_equal (xc_test_pg_count ("SELECT count(DISTINCT number_sequence) FROM working_paper"), signed_papers);
    assert_int_equal (xc_test_pg_count ("SELECT min(number_sequence) FROM working_paper"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT max(number_sequence) FROM working_paper"), signed_papers);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM working_paper WHERE number <>"
                                        " format('[2026]区巡-1组-%%s号', to_char(number_sequence, 'FM00'))"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT last FROM number_series WHERE series LIKE '底稿:%%'"), signed_papers);
}

static void
test_numbering_per_group_and_year (void **state)
{
    (void) state;
    content_t c;
    s_content (&c, "河西镇扶贫资金管理不规范", s_other_record, 0);
    int64_t paper = xc_world_id (s_draft_as (OUTSIDER_KEY, OK, s_other_group, s_other_town, &c));
    s_moved (OUTSIDER_KEY, paper, ACTION (SUBMIT), "", STATE (UNDER_REVIEW));
    Xuncha__Reply *reply = s_move (OTHER_LEADER_KEY, OK, paper, ACTION (SIGN), "");
    assert_string_equal (reply->working_paper->number, "[2026]区巡-2组-01号");
    xuncha__reply__free_unpacked (reply, NULL);
    /* a new year starts again at 01 */
    setenv ("XUNCHA_NOW", "2027-01-04T09:00:00", 1);
    paper = s_draft ("跨年签批");
    s_moved (MEMBER_KEY, paper, ACTION (SUBMIT), "", STATE (UNDER_REVIEW));
    reply = s_move (LEADER_KEY, OK, paper, ACTION (SIGN), "");
    assert_string_equal (reply->working_paper->number, "[2027]区巡-1组-01号");
    xuncha__reply__free_unpacked (reply, NULL);
    setenv ("XUNCHA_NOW", "2026-03-20T10:00:00", 1);
}

/* Another round of the same year (第8轮) has a 第1组 too: its papers follow on in the series
 * [2026]区巡-1组-…, they do not start again at 01 and collide with round 3's. */
static void
test_a_second_round_continues_the_series (void **state)
{
    (void) state;
    int64_t leader4 = xc_world_user (ROUND4_LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, 0, "孙丽");
    int64_t round4 = xc_world_round (8);
    int64_t group4 = xc_world_group (round4, 1, s_other_town);
    xc_world_join (group4, "孙丽", s_finance, leader4, XUNCHA__POSITION__POSITION_LEADER);
    xc_world_advance (round4, XUNCHA__PHASE__PHASE_ENTRY);
    long before = xc_test_pg_count ("SELECT last FROM number_series WHERE series = '底稿:区巡:2026:1'");
    assert_true (before >= 1);
    int64_t record4, attachment4;
    xc_world_petition (group4, s_other_town, ROUND4_LEADER_KEY, "凭证.pdf", &record4, &attachment4);
    content_t c;
    s_content (&c, "第四轮的问题", record4, 0);
    int64_t paper = xc_world_id (s_draft_as (ROUND4_LEADER_KEY, OK, group4, s_other_town, &c));
    s_moved (ROUND4_LEADER_KEY, paper, ACTION (SUBMIT), "", STATE (UNDER_REVIEW));
    Xuncha__Reply *reply = s_move (ROUND4_LEADER_KEY, OK, paper, ACTION (SIGN), "");
    char expected[64];
    snprintf (expected, sizeof expected, "[2026]区巡-1组-%02ld号", before + 1);
    assert_string_equal (reply->working_paper->number, expected);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_lists_by_group_and_round (void **state)
{
    (void) state;
    Xuncha__PaperList list = XUNCHA__PAPER_LIST__INIT;
    list.group_id = s_group;
    list.state = STATE (INCLUDED);
    Xuncha__Reply *reply = xc_world_expect (LEADER_KEY, OK, BODY (PAPER_LIST), &list);
    assert_int_equal (reply->working_papers->n_papers, 1);
    assert_string_equal (reply->working_papers->papers[0]->number, "[2026]区巡-1组-01号");
    xuncha__reply__free_unpacked (reply, NULL);
    xc_world_refused (OUTSIDER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, "您不是第一巡察组的成员", BODY (PAPER_LIST), &list);

    /* by round: the 巡察办 sees every group, a member only his own */
    Xuncha__PaperList by_round = XUNCHA__PAPER_LIST__INIT;
    by_round.round_id = s_round;
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (PAPER_LIST), &by_round);
    assert_int_equal (reply->working_papers->n_papers, xc_test_pg_count ("SELECT count(*) FROM working_paper"));
    xuncha__reply__free_unpacked (reply, NULL);
    reply = xc_world_expect (OUTSIDER_KEY, OK, BODY (PAPER_LIST), &by_round);
    assert_int_equal (reply->working_papers->n_papers, 1);
    assert_string_equal (reply->working_papers->papers[0]->group_name, "第二巡察组");
    xuncha__reply__free_unpacked (reply, NULL);
    Xuncha__PaperList neither = XUNCHA__PAPER_LIST__INIT;
    xc_world_refused (MEMBER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, "请指定巡察组", BODY (PAPER_LIST), &neither);
    /* a read-only user and another group's member may not move the paper */
    s_move_refused (OUTSIDER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_paper, ACTION (REVISE), "改", "不是第一巡察组的成员");
    s_move_refused (READER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, s_paper, ACTION (REVISE), "改", "无权流转问题底稿");
}

static Xuncha__Category *
s_find_category (Xuncha__Categories *list, const char *path)
{
    for (size_t i = 0; i < list->n_categories; i++)
        if (strcmp (list->categories[i]->path, path) == 0)
            return list->categories[i];
    return NULL;
}

static void
test_categories_edited_and_retired (void **state)
{
    (void) state;
    Xuncha__CategoryList list = XUNCHA__CATEGORY_LIST__INIT;
    Xuncha__Reply *reply = xc_world_expect (READER_KEY, OK, BODY (CATEGORY_LIST), &list);
    assert_int_equal (reply->categories->n_categories, 16);   /* the shipped 三个聚焦 and items */
    assert_string_equal (reply->categories->categories[0]->name, "党的理论路线方针政策和党中央决策部署");
    assert_string_equal (reply->categories->categories[1]->path, "党的理论路线方针政策和党中央决策部署/学习贯彻");
    int64_t parent = s_find_category (reply->categories, "群众身边腐败问题和不正之风")->id;
    xuncha__reply__free_unpacked (reply, NULL);

    Xuncha__CategoryAdd add = XUNCHA__CATEGORY_ADD__INIT;
    add.parent_id = parent;
    add.name = "违规收受礼品礼金";
    xc_world_refused (LEADER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, "无权新增问题分类", BODY (CATEGORY_ADD), &add);
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (CATEGORY_ADD), &add);
    assert_string_equal (reply->category->path, "群众身边腐败问题和不正之风/违规收受礼品礼金");
    int64_t added = reply->category->id;
    xuncha__reply__free_unpacked (reply, NULL);
    xc_world_refused (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, "同一上级分类下已有同名问题分类", BODY (CATEGORY_ADD), &add);
    Xuncha__CategoryRename rename = XUNCHA__CATEGORY_RENAME__INIT;
    rename.category_id = added;
    rename.name = "违规收送礼品礼金";
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (CATEGORY_RENAME), &rename);
    assert_string_equal (reply->category->path, "群众身边腐败问题和不正之风/违规收送礼品礼金");
    xuncha__reply__free_unpacked (reply, NULL);

    /* retiring the parent retires what is under it; old papers keep their category */
    Xuncha__CategoryRetire retire = XUNCHA__CATEGORY_RETIRE__INIT;
    retire.category_id = parent;
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (CATEGORY_RETIRE), &retire);
    assert_true (reply->category->retired);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_world_refused (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, "已停用", BODY (CATEGORY_RETIRE), &retire);
    xc_world_refused (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, "上级问题分类“群众身边腐败问题和不正之风”已停用",
               BODY (CATEGORY_ADD), &add);
    reply = xc_world_expect (MEMBER_KEY, OK, BODY (CATEGORY_LIST), &list);
    assert_true (s_find_category (reply->categories, "群众身边腐败问题和不正之风/中央八项规定精神")->retired);
    assert_false (s_find_category (reply->categories, "基层党组织领导班子和干部队伍建设/选人用人")->retired);
    xuncha__reply__free_unpacked (reply, NULL);
    content_t c;
    s_content (&c, "停用分类", s_record, 0);
    reply = s_draft_as (MEMBER_KEY, XUNCHA__STATUS__STATUS_CONFLICT, s_group, s_village, &c);
    assert_string_equal (reply->message, "问题分类“群众身边腐败问题和不正之风/中央八项规定精神”已停用，"
                                         "不能用于起草或修改底稿，请另选分类");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_show (MEMBER_KEY, OK, s_paper);
    assert_string_equal (reply->working_paper->category_name, "群众身边腐败问题和不正之风/中央八项规定精神");
    xuncha__reply__free_unpacked (reply, NULL);
    /* another category serves */
    s_category = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '选人用人'");
    s_content (&c, "另选分类", s_record, 0);
    reply = s_draft_as (MEMBER_KEY, OK, s_group, s_village, &c);
    assert_string_equal (reply->working_paper->category_name, "基层党组织领导班子和干部队伍建设/选人用人");
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_spot_check_of_signed_papers (void **state)
{
    (void) state;
    Xuncha__SpotCheckDraw draw = XUNCHA__SPOT_CHECK_DRAW__INIT;
    draw.round_id = s_round;
    draw.size = 5;
    xc_world_refused (LEADER_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, "无权抽取抽检底稿", BODY (SPOT_CHECK_DRAW), &draw);
    Xuncha__Reply *reply = xc_world_expect (OFFICE_KEY, OK, BODY (SPOT_CHECK_DRAW), &draw);
    Xuncha__SpotCheck *check = reply->spot_check;
    int64_t check_id = check->id;
    assert_int_equal (check->n_items, 5);
    assert_string_equal (reply->message, "");
    int64_t sampled = check->items[0]->paper_id;
    for (size_t i = 0; i < check->n_items; i++) {
        assert_non_null (strstr (check->items[i]->paper_number, "区巡-"));
        assert_int_equal (check->items[i]->result, XUNCHA__SPOT_CHECK_RESULT__SPOT_CHECK_RESULT_UNSPECIFIED);
    }
    xuncha__reply__free_unpacked (reply, NULL);

    Xuncha__SpotCheckRecord record = XUNCHA__SPOT_CHECK_RECORD__INIT;
    record.spot_check_id = check_id;
    record.paper_id = sampled;
    record.result = XUNCHA__SPOT_CHECK_RESULT__SPOT_CHECK_RESULT_PASSED_WITH_REMARKS;
    record.comment = "定性依据引用条款不全";
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (SPOT_CHECK_RECORD), &record);
    for (size_t i = 0; i < reply->spot_check->n_items; i++)
        if (reply->spot_check->items[i]->paper_id == sampled) {
            assert_int_equal (reply->spot_check->items[i]->result, record.result);
            assert_string_equal (reply->spot_check->items[i]->comment, "定性依据引用条款不全");
            assert_string_equal (reply->spot_check->items[i]->checked_by, "测试用户");
        }
    xuncha__reply__free_unpacked (reply, NULL);
    /* a paper outside the sample: one still in draft can never be in it */
    int64_t draft = s_draft ("未签批");
    record.paper_id = draft;
    char needle[128];
    snprintf (needle, sizeof needle, "底稿 #%lld 不在抽检 #%lld 的样本中", (long long) draft, (long long) check_id);
    xc_world_refused (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, needle, BODY (SPOT_CHECK_RECORD), &record);

    /* asking for more than there are takes them all, and says so */
    draw.size = 1000;
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (SPOT_CHECK_DRAW), &draw);
    long signed_papers = xc_test_pg_count ("SELECT count(*) FROM working_paper WHERE state IN (3, 4, 5)");
    assert_int_equal (reply->spot_check->n_items, signed_papers);
    assert_non_null (strstr (reply->message, "已全部抽取"));
    xuncha__reply__free_unpacked (reply, NULL);
    Xuncha__SpotCheckList list = XUNCHA__SPOT_CHECK_LIST__INIT;
    list.round_id = s_round;
    reply = xc_world_expect (READER_KEY, OK, BODY (SPOT_CHECK_LIST), &list);
    assert_int_equal (reply->spot_checks->n_spot_checks, 2);
    assert_int_equal (reply->spot_checks->spot_checks[0]->n_items, 5);
    xuncha__reply__free_unpacked (reply, NULL);

    /* a round without a signed paper has nothing to check */
    Xuncha__RoundCreate round = XUNCHA__ROUND_CREATE__INIT;
    round.committee = "十届区委";
    round.number = 4;
    round.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR;
    round.start_date = "2026-06-01";
    round.end_date = "2026-07-15";
    draw.round_id = xc_world_office (BODY (ROUND_CREATE), &round);
    xc_world_refused (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, "本轮巡察尚无已签批的问题底稿，无法抽检", BODY (SPOT_CHECK_DRAW),
               &draw);
    draw.round_id = 999;
    xc_world_refused (OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, "巡察轮次不存在", BODY (SPOT_CHECK_DRAW), &draw);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_draft_from_the_groups_evidence),
        cmocka_unit_test (test_draft_refusals_change_nothing),
        cmocka_unit_test (test_review_sign_and_exclusion),
        cmocka_unit_test (test_revision_keeps_history_and_number),
        cmocka_unit_test (test_numbers_gap_free_under_concurrent_signing),
        cmocka_unit_test (test_numbering_per_group_and_year),
        cmocka_unit_test (test_lists_by_group_and_round),
        cmocka_unit_test (test_categories_edited_and_retired),
        cmocka_unit_test (test_spot_check_of_signed_papers),
        cmocka_unit_test (test_a_second_round_continues_the_series),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
