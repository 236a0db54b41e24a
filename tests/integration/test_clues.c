/* 问题线索 on a real PostgreSQL, through the real dispatcher: the too-vague refusal naming
 * what is missing, evidence and 底稿 of the group's own, approval and transfer by the
 * 组长 only, the receiver checked (纪委监委, or 组织部 for 选人用人), gap-free batch numbers
 * under eight concurrent transfers, the outbox written in the transaction of the change
 * (a refusal leaves no event; a transfer one event with a delivery per intended
 * recipient), a receiver of another organisation refused and shown nothing, 签收 with
 * its configurable feedback deadline, disposal, result, rating, overdue feedback under
 * an injected date, the quality figures per group, and the deadline reminders sent
 * exactly once under repeated and concurrent runs.
 *
 * Field records and attachments are inserted directly: they are fixtures here. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "clue_reminders.h"
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

#define OFFICE_KEY           "office0000000000000000000000000000000000"
#define LEADER_KEY           "leader0000000000000000000000000000000000"   /* 组长, 第一巡察组 */
#define MEMBER_KEY           "member0000000000000000000000000000000000"   /* 组员, 第一巡察组 */
#define LEADER2_KEY          "leader2000000000000000000000000000000000"   /* 组长, 第二巡察组 */
#define DISCIPLINE_KEY       "discip0000000000000000000000000000000000"   /* 区纪委监委 */
#define OTHER_DISCIPLINE_KEY "discip2000000000000000000000000000000000"   /* 邻区纪委监委 */
#define TOWN_DISCIPLINE_KEY "discip3000000000000000000000000000000000"    /* inside an inspected unit */
#define ORGANISATION_KEY     "orgdep0000000000000000000000000000000000"   /* 区委组织部 */
#define UNIT_KEY             "insptd0000000000000000000000000000000000"   /* 被巡察单位 */
#define READER_KEY           "reader0000000000000000000000000000000000"

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define BAD_REQUEST XUNCHA__STATUS__STATUS_BAD_REQUEST
#define FORBIDDEN XUNCHA__STATUS__STATUS_FORBIDDEN
#define NOT_FOUND XUNCHA__STATUS__STATUS_NOT_FOUND
#define CONFLICT XUNCHA__STATUS__STATUS_CONFLICT
#define STATE(name) XUNCHA__CLUE_STATE__CLUE_STATE_##name
#define DISPOSAL(name) XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_##name
#define EVENT(name) XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_##name
#define PERSON "王某某"
#define CONDUCT "以村集体名义报销个人餐费11笔共计2.3万元"
#define TODAY "2026-03-20T10:00:00"
#define CONCURRENT 8
#define CONCURRENT_ROUNDS 5

static const char *s_conninfo;
static xc_dispatcher_t *s_dispatcher;
static int64_t s_round, s_group, s_group2, s_town, s_village, s_town2;
static int64_t s_discipline_unit, s_orgdept_unit, s_finance;
static int64_t s_town_discipline;
static int64_t s_office_user, s_leader_user, s_discipline_user, s_other_discipline_user, s_organisation_user;
static int64_t s_record, s_attachment, s_other_record, s_paper, s_other_paper;
static int64_t s_clue_a, s_clue_b, s_clue_cadre, s_batch, s_cadre_batch;

/* ------------------------------------------------------------------ fixtures */

static int64_t
s_paper_of (const char *key, int64_t group, int64_t unit)
{
    Xuncha__WorkingPaperContent content = XUNCHA__WORKING_PAPER_CONTENT__INIT;
    content.title = "东关村“两委”班子违规公款吃喝";
    content.facts = "2025年5月至12月，东关村“两委”班子在村集体账户报销餐费11笔共计2.3万元";
    content.category_id = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '中央八项规定精神'");
    content.basis = "《中国共产党纪律处分条例》第一百一十三条";
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = group;
    draft.unit_id = unit;
    draft.content = &content;
    return xc_world_id (xc_world_expect (key, OK, BODY (PAPER_DRAFT), &draft));
}

static void
s_people (void)
{
    s_office_user = xc_world_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0, "巡察办");
    xc_world_user (READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0, "领导小组成员");
    int64_t district = xc_world_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    s_town = xc_world_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_village = xc_world_unit ("东关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, s_town);
    s_town2 = xc_world_unit ("河西镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_finance = xc_world_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    s_discipline_unit = xc_world_unit ("区纪委监委", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    s_orgdept_unit = xc_world_unit ("区委组织部", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    int64_t neighbour = xc_world_unit ("邻区纪委监委", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT,
                                       xc_world_unit ("邻区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0));
    s_leader_user = xc_world_user (LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, s_finance, "张伟");
    xc_world_user (MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, s_finance, "刘洋");
    xc_world_user (LEADER2_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, s_finance, "陈静");
    s_discipline_user = xc_world_user (DISCIPLINE_KEY, XUNCHA__ROLE__ROLE_DISCIPLINE, s_discipline_unit, "区纪委监委案管室");
    s_other_discipline_user = xc_world_user (OTHER_DISCIPLINE_KEY, XUNCHA__ROLE__ROLE_DISCIPLINE, neighbour, "邻区案管室");
    s_organisation_user = xc_world_user (ORGANISATION_KEY, XUNCHA__ROLE__ROLE_ORGANISATION, s_orgdept_unit, "干部监督科");
    xc_world_user (UNIT_KEY, XUNCHA__ROLE__ROLE_INSPECTED_UNIT, s_town, "城关镇党委");
    s_town_discipline = xc_world_unit ("城关镇纪委", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, s_town);
    xc_world_user (TOWN_DISCIPLINE_KEY, XUNCHA__ROLE__ROLE_DISCIPLINE, s_town_discipline, "城关镇纪委");
}

static int
s_setup (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", TODAY, 1);
    s_conninfo = xc_test_pg_start ();
    s_dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    xc_world_init (s_dispatcher, OFFICE_KEY);
    s_people ();
    s_round = xc_world_round (3);
    s_group = xc_world_group (s_round, 1, s_town);
    s_group2 = xc_world_group (s_round, 2, s_town2);
    int64_t member = xc_test_pg_count ("SELECT user_id FROM user_key WHERE public_key = '" MEMBER_KEY "'");
    int64_t leader2 = xc_test_pg_count ("SELECT user_id FROM user_key WHERE public_key = '" LEADER2_KEY "'");
    xc_world_join (s_group, "张伟", s_finance, s_leader_user, XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_group, "刘洋", s_finance, member, XUNCHA__POSITION__POSITION_MEMBER);
    xc_world_join (s_group2, "陈静", s_finance, leader2, XUNCHA__POSITION__POSITION_LEADER);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_ENTRY);
    xc_world_petition (s_group, s_village, MEMBER_KEY, "报销凭证.pdf", &s_record, &s_attachment);
    int64_t other_attachment;
    xc_world_petition (s_group2, s_town2, MEMBER_KEY, "报销凭证.pdf", &s_other_record, &other_attachment);
    s_paper = s_paper_of (MEMBER_KEY, s_group, s_village);
    s_other_paper = s_paper_of (LEADER2_KEY, s_group2, s_town2);
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
    Xuncha__ClueDraft draft;
    Xuncha__ClueContent content;
    Xuncha__CluePerson person;
    Xuncha__EvidenceItem items[2];
    Xuncha__EvidenceItem *evidence[2];
    int64_t papers[1];
} clue_t;

/* A clue of GROUP about PERSON's CONDUCT (either may be NULL: left out). */
static Xuncha__ClueDraft *
s_clue (clue_t *c, int64_t group, int64_t unit, const char *person, const char *conduct)
{
    xuncha__clue_draft__init (&c->draft);
    xuncha__clue_content__init (&c->content);
    xuncha__clue_person__init (&c->person);
    c->draft.group_id = group;
    c->draft.unit_id = unit;
    c->draft.content = &c->content;
    c->content.person = person ? &c->person : NULL;
    c->person.name = (char *) (person ? person : "");
    c->person.position = "村党支部书记";
    c->person.unit = "东关村";
    c->content.conduct = (char *) (conduct ? conduct : "");
    c->content.time_place = "2025年5月至12月，东关村村委会";
    c->content.amount = "2.3万元";
    c->content.suggested_disposal = DISPOSAL (PRELIMINARY_VERIFICATION);
    c->content.suggestion = "建议初步核实";
    return &c->draft;
}

/* Cites a record, an attachment and a 底稿 (0: none of that kind). */
static void
s_cite (clue_t *c, int64_t record, int64_t attachment, int64_t paper)
{
    size_t n = 0;
    for (int i = 0; i < 2; i++)
        xuncha__evidence_item__init (&c->items[i]);
    c->items[0].record_id = record;
    c->items[1].attachment_id = attachment;
    if (record)
        c->evidence[n++] = &c->items[0];
    if (attachment)
        c->evidence[n++] = &c->items[1];
    c->content.evidence = c->evidence;
    c->content.n_evidence = n;
    c->papers[0] = paper;
    c->content.paper_ids = c->papers;
    c->content.n_paper_ids = paper ? 1 : 0;
}

/* A clue of GROUP drafted by DRAFTER and approved by APPROVER (its 组长). */
static int64_t
s_approved_clue (int64_t group, const char *drafter, const char *approver, int cadre_selection)
{
    clue_t c;
    s_clue (&c, group, group == s_group ? s_village : s_town2, PERSON, CONDUCT);
    s_cite (&c, 0, 0, 0);
    c.content.cadre_selection = cadre_selection;
    int64_t clue = xc_world_id (xc_world_expect (drafter, OK, BODY (CLUE_DRAFT), &c.draft));
    Xuncha__ClueApprove approve = XUNCHA__CLUE_APPROVE__INIT;
    approve.clue_id = clue;
    xuncha__reply__free_unpacked (xc_world_expect (approver, OK, BODY (CLUE_APPROVE), &approve), NULL);
    return clue;
}

static Xuncha__Reply *
s_transfer (const char *key, int status, int64_t group, int64_t *clues, size_t count, int64_t receiver)
{
    Xuncha__ClueTransfer transfer = XUNCHA__CLUE_TRANSFER__INIT;
    transfer.group_id = group;
    transfer.clue_ids = clues;
    transfer.n_clue_ids = count;
    transfer.receiver_unit_id = receiver;
    return xc_world_expect (key, status, BODY (CLUE_TRANSFER), &transfer);
}

static void
s_transfer_refused (const char *key, int status, int64_t *clues, size_t count, int64_t receiver, const char *needle)
{
    Xuncha__Reply *reply = s_transfer (key, status, s_group, clues, count, receiver);
    if (!strstr (reply->message, needle))
        fail_msg ("expected \"%s\" in \"%s\"", needle, reply->message);
    xuncha__reply__free_unpacked (reply, NULL);
}

static Xuncha__Reply *
s_show (const char *key, int status, int64_t clue)
{
    Xuncha__ClueShow show = XUNCHA__CLUE_SHOW__INIT;
    show.clue_id = clue;
    return xc_world_expect (key, status, BODY (CLUE_SHOW), &show);
}

static size_t
s_count_listed (const char *key, Xuncha__ClueList *list)
{
    Xuncha__Reply *reply = xc_world_expect (key, OK, BODY (CLUE_LIST), list);
    size_t count = reply->clues->n_clues;
    xuncha__reply__free_unpacked (reply, NULL);
    return count;
}

/* The last outbox event of KIND went to exactly USERS, one delivery each. */
static void
s_delivered_to (int kind, const int64_t *users, size_t count)
{
    long event = xc_test_pg_count ("SELECT max(id) FROM outbox_event WHERE kind = %d", kind);
    char list[256] = "{";
    for (size_t i = 0; i < count; i++)
        snprintf (list + strlen (list), sizeof list - strlen (list), "%s%lld", i ? "," : "", (long long) users[i]);
    strcat (list, "}");
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery WHERE event_id = %ld", event), count);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery WHERE event_id = %ld"
                                        " AND user_id = ANY ('%s'::bigint[]) AND acked_at IS NULL", event, list), count);
}

static char *
s_last_title (int kind)
{
    static char title[512];
    PGconn *db = xc_test_pg_connect ();
    char sql[128];
    snprintf (sql, sizeof sql, "SELECT title FROM outbox_event WHERE kind = %d ORDER BY id DESC LIMIT 1", kind);
    PGresult *result = PQexec (db, sql);
    snprintf (title, sizeof title, "%s", PQntuples (result) ? PQgetvalue (result, 0, 0) : "");
    PQclear (result);
    PQfinish (db);
    return title;
}

/* ------------------------------------------------------------------ drafting */

static void
test_vague_clue_refused_naming_missing_parts (void **state)
{
    (void) state;
    clue_t c;
    s_clue (&c, s_group, s_village, NULL, NULL);
    s_cite (&c, s_record, 0, 0);
    Xuncha__Reply *reply = xc_world_expect (MEMBER_KEY, BAD_REQUEST, BODY (CLUE_DRAFT), &c.draft);
    assert_non_null (strstr (reply->message, "线索太笼统：缺少被反映人姓名、具体问题"));
    xuncha__reply__free_unpacked (reply, NULL);
    s_clue (&c, s_group, s_village, PERSON, " 　\n");   /* only spaces, the ideographic one too */
    xc_world_refused (MEMBER_KEY, BAD_REQUEST, "线索太笼统：缺少具体问题。", BODY (CLUE_DRAFT), &c.draft);
    s_clue (&c, s_group, s_village, "　", CONDUCT);
    xc_world_refused (MEMBER_KEY, BAD_REQUEST, "线索太笼统：缺少被反映人姓名。请写明被反映人", BODY (CLUE_DRAFT), &c.draft);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM clue"), 0);
}

static void
test_evidence_and_papers_must_be_the_groups_own (void **state)
{
    (void) state;
    clue_t c;
    char needle[160];
    s_clue (&c, s_group, s_village, PERSON, CONDUCT);
    s_cite (&c, s_other_record, 0, 0);
    snprintf (needle, sizeof needle, "证据第 1 项：现场记录 #%lld 不是第一巡察组的记录，不能作为本组线索的证据",
              (long long) s_other_record);
    xc_world_refused (MEMBER_KEY, FORBIDDEN, needle, BODY (CLUE_DRAFT), &c.draft);
    s_cite (&c, s_record, 0, s_other_paper);
    snprintf (needle, sizeof needle, "问题底稿 #%lld 不是第一巡察组的底稿", (long long) s_other_paper);
    xc_world_refused (MEMBER_KEY, FORBIDDEN, needle, BODY (CLUE_DRAFT), &c.draft);
    s_cite (&c, 0, 0, 9999);
    xc_world_refused (MEMBER_KEY, NOT_FOUND, "所依据的问题底稿 #9999 不存在", BODY (CLUE_DRAFT), &c.draft);
    /* another group's 组长, the 被巡察单位 and a receiver may not draft for 第一巡察组 */
    s_cite (&c, 0, 0, 0);
    xc_world_refused (LEADER2_KEY, FORBIDDEN, "起草问题线索仅限本组，您不是第一巡察组的成员", BODY (CLUE_DRAFT), &c.draft);
    xc_world_refused (UNIT_KEY, FORBIDDEN, "无权起草问题线索", BODY (CLUE_DRAFT), &c.draft);
    xc_world_refused (DISCIPLINE_KEY, FORBIDDEN, "无权起草问题线索", BODY (CLUE_DRAFT), &c.draft);
    c.draft.unit_id = s_town2;
    xc_world_refused (MEMBER_KEY, CONFLICT, "不是第一巡察组的被巡察单位", BODY (CLUE_DRAFT), &c.draft);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM clue"), 0);
}

static void
test_draft_and_approve_by_the_leader_only (void **state)
{
    (void) state;
    clue_t c;
    s_clue (&c, s_group, s_village, PERSON, CONDUCT);
    s_cite (&c, s_record, s_attachment, s_paper);
    Xuncha__Reply *reply = xc_world_expect (MEMBER_KEY, OK, BODY (CLUE_DRAFT), &c.draft);
    Xuncha__Clue *clue = reply->clue;
    s_clue_a = clue->id;
    assert_int_equal (clue->state, STATE (DRAFT));
    assert_string_equal (clue->group_name, "第一巡察组");
    assert_string_equal (clue->unit_name, "某某区/城关镇/东关村");
    assert_string_equal (clue->drafted_by, "刘洋");
    assert_string_equal (clue->content->person->name, PERSON);
    assert_string_equal (clue->content->conduct, CONDUCT);
    assert_string_equal (clue->content->amount, "2.3万元");
    assert_int_equal (clue->content->suggested_disposal, DISPOSAL (PRELIMINARY_VERIFICATION));
    assert_int_equal (clue->content->n_evidence, 2);
    char expected[128];
    snprintf (expected, sizeof expected, "信访 #%lld（2026-03-05）", (long long) s_record);
    assert_string_equal (clue->content->evidence[0]->description, expected);
    snprintf (expected, sizeof expected, "附件 #%lld 报销凭证.pdf", (long long) s_attachment);
    assert_string_equal (clue->content->evidence[1]->description, expected);
    assert_int_equal (clue->content->n_paper_ids, 1);
    assert_int_equal (clue->content->paper_ids[0], s_paper);
    assert_int_equal (clue->age_days, 0);
    xuncha__reply__free_unpacked (reply, NULL);

    Xuncha__ClueApprove approve = XUNCHA__CLUE_APPROVE__INIT;
    approve.clue_id = s_clue_a;
    xc_world_refused (MEMBER_KEY, FORBIDDEN, "只有第一巡察组的组长可以批准问题线索", BODY (CLUE_APPROVE), &approve);
    xc_world_refused (LEADER2_KEY, FORBIDDEN, "批准问题线索仅限本组，您不是第一巡察组的成员", BODY (CLUE_APPROVE), &approve);
    reply = xc_world_expect (LEADER_KEY, OK, BODY (CLUE_APPROVE), &approve);
    assert_int_equal (reply->clue->state, STATE (APPROVED));
    assert_string_equal (reply->clue->approved_by, "张伟");
    xuncha__reply__free_unpacked (reply, NULL);
    xc_world_refused (LEADER_KEY, CONFLICT, "当前为“已批准”，只有“起草”的线索可以批准", BODY (CLUE_APPROVE), &approve);
    approve.clue_id = 9999;
    xc_world_refused (LEADER_KEY, NOT_FOUND, "问题线索不存在", BODY (CLUE_APPROVE), &approve);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action IN ('draft_clue', 'approve_clue')"
                                        " AND record_id = %lld", (long long) s_clue_a), 2);
}

/* ------------------------------------------------------------------ transfer */

static void
test_transfer_refusals_leave_no_outbox_row (void **state)
{
    (void) state;
    s_clue_b = s_approved_clue (s_group, MEMBER_KEY, LEADER_KEY, 0);
    s_clue_cadre = s_approved_clue (s_group, MEMBER_KEY, LEADER_KEY, 1);
    int64_t unapproved;
    {
        clue_t c;
        s_clue (&c, s_group, s_village, PERSON, CONDUCT);
        s_cite (&c, 0, 0, 0);
        unapproved = xc_world_id (xc_world_expect (MEMBER_KEY, OK, BODY (CLUE_DRAFT), &c.draft));
    }
    int64_t other = s_approved_clue (s_group2, LEADER2_KEY, LEADER2_KEY, 0);
    int64_t both[] = { s_clue_a, s_clue_b };
    char needle[160];

    s_transfer_refused (MEMBER_KEY, FORBIDDEN, both, 2, s_discipline_unit, "只有第一巡察组的组长可以移交问题线索");
    s_transfer_refused (UNIT_KEY, FORBIDDEN, both, 2, s_discipline_unit, "无权移交问题线索");
    int64_t with_draft[] = { s_clue_a, unapproved };
    snprintf (needle, sizeof needle, "问题线索 #%lld 尚未经组长批准，不能移交", (long long) unapproved);
    s_transfer_refused (LEADER_KEY, CONFLICT, with_draft, 2, s_discipline_unit, needle);
    int64_t with_other[] = { s_clue_a, other };
    snprintf (needle, sizeof needle, "问题线索 #%lld 不是第一巡察组的线索", (long long) other);
    s_transfer_refused (LEADER_KEY, FORBIDDEN, with_other, 2, s_discipline_unit, needle);
    int64_t twice[] = { s_clue_a, s_clue_a };
    s_transfer_refused (LEADER_KEY, BAD_REQUEST, twice, 2, s_discipline_unit, "重复列出");
    int64_t missing[] = { 9999 };
    s_transfer_refused (LEADER_KEY, NOT_FOUND, missing, 1, s_discipline_unit, "问题线索 #9999 不存在");
    /* the wrong receiver: the 组织部 for ordinary clues, a unit without receivers, the
     * 纪委监委 for 选人用人, a mix of both kinds, a unit that does not exist */
    s_transfer_refused (LEADER_KEY, CONFLICT, both, 2, s_orgdept_unit, "该单位没有纪委监委的签收人");
    s_transfer_refused (LEADER_KEY, CONFLICT, both, 2, s_finance, "单位“某某区/区财政局”不能接收：该单位没有纪委监委的签收人");
    /* the inspected township's own 纪委 never receives clues about its cadres */
    s_transfer_refused (LEADER_KEY, CONFLICT, both, 2, s_town_discipline,
                        "单位“某某区/城关镇/城关镇纪委”是本轮被巡察单位或其下属单位，不能接收问题线索");
    s_transfer_refused (LEADER_KEY, CONFLICT, &s_clue_cadre, 1, s_discipline_unit, "选人用人问题线索应移交组织部");
    int64_t mixed[] = { s_clue_a, s_clue_cadre };
    s_transfer_refused (LEADER_KEY, CONFLICT, mixed, 2, s_orgdept_unit, "请分批移交");
    s_transfer_refused (LEADER_KEY, NOT_FOUND, both, 2, 9999, "接收单位 9999 不存在");

    /* each refusal rolled back everything: no batch, no number used, no event */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM clue_batch"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM number_series WHERE series LIKE '移交批次:%%'"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM clue WHERE state = 3"), 0);
}

static void
test_transfer_publishes_one_event_to_the_receiver (void **state)
{
    (void) state;
    int64_t both[] = { s_clue_a, s_clue_b };
    Xuncha__Reply *reply = s_transfer (LEADER_KEY, OK, s_group, both, 2, s_discipline_unit);
    Xuncha__ClueBatch *batch = reply->clue_batch;
    s_batch = batch->id;
    assert_string_equal (batch->number, "[2026]区巡-1组-移01号");
    assert_string_equal (batch->group_name, "第一巡察组");
    assert_string_equal (batch->receiver_unit_name, "某某区/区纪委监委");
    assert_string_equal (batch->transferred_by, "张伟");
    assert_string_equal (batch->transferred_at, "2026-03-20 10:00");
    assert_int_equal (batch->n_clues, 2);
    for (size_t i = 0; i < batch->n_clues; i++) {
        assert_int_equal (batch->clues[i]->state, STATE (TRANSFERRED));
        assert_string_equal (batch->clues[i]->batch_number, "[2026]区巡-1组-移01号");
        assert_int_equal (batch->clues[i]->receiver_unit_id, s_discipline_unit);
    }
    xuncha__reply__free_unpacked (reply, NULL);

    /* one event, delivered to the 区纪委监委's receiver and the 巡察办 only */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT batch_id FROM outbox_event"), s_batch);
    assert_string_equal (s_last_title (EVENT (CLUE_BATCH_TRANSFERRED)), "第一巡察组移交问题线索 2 件（[2026]区巡-1组-移01号）");
    int64_t expected[] = { s_discipline_user, s_office_user };
    s_delivered_to (EVENT (CLUE_BATCH_TRANSFERRED), expected, 2);

    /* a 选人用人 clue goes to the 组织部: its receiver and the 巡察办, not the 纪委监委 */
    reply = s_transfer (LEADER_KEY, OK, s_group, &s_clue_cadre, 1, s_orgdept_unit);
    s_cadre_batch = reply->clue_batch->id;
    assert_string_equal (reply->clue_batch->number, "[2026]区巡-1组-移02号");
    xuncha__reply__free_unpacked (reply, NULL);
    int64_t organisation[] = { s_organisation_user, s_office_user };
    s_delivered_to (EVENT (CLUE_BATCH_TRANSFERRED), organisation, 2);
    /* transferred once only */
    char needle[128];
    snprintf (needle, sizeof needle, "问题线索 #%lld 已移交（[2026]区巡-1组-移01号），不能重复移交", (long long) s_clue_a);
    s_transfer_refused (LEADER_KEY, CONFLICT, both, 2, s_discipline_unit, needle);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action = 'transfer_clue'"), 3);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action = 'transfer_clue_batch'"), 2);
}

/* ------------------------------------------------------------------ who sees what */

static void
test_receivers_see_only_their_own (void **state)
{
    (void) state;
    char needle[128];
    snprintf (needle, sizeof needle, "问题线索 #%lld 不是移交给本单位的", (long long) s_clue_a);
    xuncha__reply__free_unpacked (s_show (OTHER_DISCIPLINE_KEY, FORBIDDEN, s_clue_a), NULL);
    Xuncha__Reply *reply = s_show (ORGANISATION_KEY, FORBIDDEN, s_clue_a);
    assert_non_null (strstr (reply->message, needle));
    xuncha__reply__free_unpacked (reply, NULL);
    Xuncha__ClueReceive receive = XUNCHA__CLUE_RECEIVE__INIT;
    receive.batch_id = s_batch;
    xc_world_refused (OTHER_DISCIPLINE_KEY, FORBIDDEN, "该批次不是移交给本单位的", BODY (CLUE_RECEIVE), &receive);
    Xuncha__ClueDispose dispose = XUNCHA__CLUE_DISPOSE__INIT;
    dispose.clue_id = s_clue_a;
    dispose.disposal = DISPOSAL (HOLD);
    xc_world_refused (OTHER_DISCIPLINE_KEY, FORBIDDEN, needle, BODY (CLUE_DISPOSE), &dispose);
    /* not yet received: the right receiver must sign first */
    xc_world_refused (DISCIPLINE_KEY, CONFLICT, "所在的移交批次 [2026]区巡-1组-移01号 尚未签收，请先签收再确定处置方式",
                      BODY (CLUE_DISPOSE), &dispose);

    Xuncha__ClueList list = XUNCHA__CLUE_LIST__INIT;
    assert_int_equal (s_count_listed (OTHER_DISCIPLINE_KEY, &list), 0);
    assert_int_equal (s_count_listed (DISCIPLINE_KEY, &list), 2);
    assert_int_equal (s_count_listed (ORGANISATION_KEY, &list), 1);
    assert_int_equal (s_count_listed (OFFICE_KEY, &list), xc_test_pg_count ("SELECT count(*) FROM clue"));
    assert_int_equal (s_count_listed (LEADER2_KEY, &list), 1);   /* his group's own */
    list.group_id = s_group;
    xc_world_refused (LEADER2_KEY, FORBIDDEN, "您不是第一巡察组的成员", BODY (CLUE_LIST), &list);
    assert_int_equal (s_count_listed (OTHER_DISCIPLINE_KEY, &list), 0);
    xc_world_refused (UNIT_KEY, FORBIDDEN, "角色“被巡察单位”无权查看问题线索", BODY (CLUE_LIST), &list);
    xuncha__reply__free_unpacked (s_show (UNIT_KEY, FORBIDDEN, s_clue_a), NULL);
    xuncha__reply__free_unpacked (s_show (READER_KEY, FORBIDDEN, s_clue_a), NULL);
    reply = s_show (LEADER2_KEY, FORBIDDEN, s_clue_a);
    assert_non_null (strstr (reply->message, "您不是第一巡察组的成员"));
    xuncha__reply__free_unpacked (reply, NULL);
    /* the right receiver reads the whole clue, evidence included */
    reply = s_show (DISCIPLINE_KEY, OK, s_clue_a);
    assert_string_equal (reply->clue->content->person->name, PERSON);
    assert_int_equal (reply->clue->content->n_evidence, 2);
    xuncha__reply__free_unpacked (reply, NULL);
}

/* ------------------------------------------------------------------ receipt and deadline */

static void
test_receipt_sets_the_feedback_deadline (void **state)
{
    (void) state;
    Xuncha__ClueReceive receive = XUNCHA__CLUE_RECEIVE__INIT;
    receive.batch_id = s_batch;
    Xuncha__Reply *reply = xc_world_expect (DISCIPLINE_KEY, OK, BODY (CLUE_RECEIVE), &receive);
    for (size_t i = 0; i < reply->clue_batch->n_clues; i++) {
        Xuncha__Clue *clue = reply->clue_batch->clues[i];
        assert_int_equal (clue->state, STATE (RECEIVED));
        assert_string_equal (clue->received_by, "区纪委监委案管室");
        assert_string_equal (clue->received_at, "2026-03-20 10:00");
        assert_string_equal (clue->feedback_due_date, "2026-06-20");   /* the default: 3 months */
        assert_false (clue->feedback_overdue);
    }
    xuncha__reply__free_unpacked (reply, NULL);
    xc_world_refused (DISCIPLINE_KEY, CONFLICT, "移交批次 [2026]区巡-1组-移01号 已于 2026-03-20 10:00 由区纪委监委案管室签收，不能重复签收",
                      BODY (CLUE_RECEIVE), &receive);
    /* the group's 组长 and the 巡察办 learn of it; nobody else */
    int64_t told[] = { s_leader_user, s_office_user };
    s_delivered_to (EVENT (CLUE_RECEIVED), told, 2);
    assert_string_equal (s_last_title (EVENT (CLUE_RECEIVED)),
                         "区纪委监委已签收问题线索 2 件（[2026]区巡-1组-移01号），反馈期限 2026-06-20");

    /* the 巡察办 changes the period: later receipts follow it, earlier deadlines stay */
    Xuncha__SettingSet set = XUNCHA__SETTING_SET__INIT;
    set.key = "clue_feedback_months";
    set.value = "6";
    xc_world_refused (LEADER_KEY, FORBIDDEN, "无权修改系统设置", BODY (SETTING_SET), &set);
    const char *const bad[] = { "0", "25", "三", "-1", "6个月" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set.value = (char *) bad[i];
        xc_world_refused (OFFICE_KEY, BAD_REQUEST, "设置 clue_feedback_months 的取值须为 1 至 24 之间的整数", BODY (SETTING_SET), &set);
    }
    set.value = "";
    xc_world_refused (OFFICE_KEY, BAD_REQUEST, "缺少必填字段 setting_set.value", BODY (SETTING_SET), &set);
    set.value = "6";
    set.key = "clue_feedback_days";
    xc_world_refused (OFFICE_KEY, BAD_REQUEST, "没有设置项“clue_feedback_days”（可设置：clue_feedback_months、rectification_plan_workdays",
                      BODY (SETTING_SET), &set);
    set.key = "clue_feedback_months";
    set.value = "6";
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (SETTING_SET), &set);
    assert_int_equal (reply->settings->n_settings, 1);
    assert_string_equal (reply->settings->settings[0]->value, "6");
    xuncha__reply__free_unpacked (reply, NULL);
    Xuncha__SettingList settings = XUNCHA__SETTING_LIST__INIT;
    reply = xc_world_expect (READER_KEY, OK, BODY (SETTING_LIST), &settings);
    assert_string_equal (reply->settings->settings[0]->key, "clue_feedback_months");
    assert_non_null (strstr (reply->settings->settings[0]->description, "签收后几个月内反馈办理结果"));
    xuncha__reply__free_unpacked (reply, NULL);
    xc_world_refused (DISCIPLINE_KEY, FORBIDDEN, "无权查看系统设置", BODY (SETTING_LIST), &settings);

    receive.batch_id = s_cadre_batch;
    xc_world_refused (DISCIPLINE_KEY, FORBIDDEN, "该批次不是移交给本单位的", BODY (CLUE_RECEIVE), &receive);
    reply = xc_world_expect (ORGANISATION_KEY, OK, BODY (CLUE_RECEIVE), &receive);
    assert_string_equal (reply->clue_batch->clues[0]->feedback_due_date, "2026-09-20");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_show (OFFICE_KEY, OK, s_clue_a);
    assert_string_equal (reply->clue->feedback_due_date, "2026-06-20");
    xuncha__reply__free_unpacked (reply, NULL);
}

static Xuncha__Reply *
s_dispose (const char *key, int status, int64_t clue, Xuncha__ClueDisposal disposal)
{
    Xuncha__ClueDispose dispose = XUNCHA__CLUE_DISPOSE__INIT;
    dispose.clue_id = clue;
    dispose.disposal = disposal;
    dispose.note = "转第三纪检监察室办理";
    return xc_world_expect (key, status, BODY (CLUE_DISPOSE), &dispose);
}

static Xuncha__Reply *
s_report (const char *key, int status, int64_t clue)
{
    Xuncha__ClueReportResult report = XUNCHA__CLUE_REPORT_RESULT__INIT;
    report.clue_id = clue;
    report.result = "经初步核实，问题属实，已立案审查";
    return xc_world_expect (key, status, BODY (CLUE_REPORT_RESULT), &report);
}

static void
test_disposal_result_and_rating (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_dispose (DISCIPLINE_KEY, OK, s_clue_a, DISPOSAL (HOLD));
    assert_int_equal (reply->clue->state, STATE (DISPOSED));
    assert_int_equal (reply->clue->disposal, DISPOSAL (HOLD));
    xuncha__reply__free_unpacked (reply, NULL);
    char expected[160];
    snprintf (expected, sizeof expected, "问题线索 #%lld（[2026]区巡-1组-移01号）处置方式已确定：暂存待查", (long long) s_clue_a);
    assert_string_equal (s_last_title (EVENT (CLUE_DISPOSED)), expected);
    int64_t told[] = { s_leader_user, s_office_user };
    s_delivered_to (EVENT (CLUE_DISPOSED), told, 2);
    /* decided again while no result is reported */
    reply = s_dispose (DISCIPLINE_KEY, OK, s_clue_a, DISPOSAL (PRELIMINARY_VERIFICATION));
    assert_string_equal (reply->clue->disposal_note, "转第三纪检监察室办理");
    xuncha__reply__free_unpacked (reply, NULL);
    snprintf (expected, sizeof expected, "问题线索 #%lld（[2026]区巡-1组-移01号）处置方式改为初步核实", (long long) s_clue_a);
    assert_string_equal (s_last_title (EVENT (CLUE_DISPOSED)), expected);
    reply = s_dispose (ORGANISATION_KEY, FORBIDDEN, s_clue_a, DISPOSAL (HOLD));
    assert_non_null (strstr (reply->message, "不是移交给本单位的"));
    xuncha__reply__free_unpacked (reply, NULL);

    /* the result comes after a disposal, once */
    reply = s_report (DISCIPLINE_KEY, CONFLICT, s_clue_b);
    assert_non_null (strstr (reply->message, "尚未确定处置方式，请先确定处置方式再反馈办理结果"));
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_report (DISCIPLINE_KEY, OK, s_clue_a);
    assert_int_equal (reply->clue->state, STATE (CONCLUDED));
    assert_string_equal (reply->clue->result_at, "2026-03-20 10:00");
    xuncha__reply__free_unpacked (reply, NULL);
    s_delivered_to (EVENT (CLUE_RESULT), told, 2);
    xuncha__reply__free_unpacked (s_report (DISCIPLINE_KEY, CONFLICT, s_clue_a), NULL);
    reply = s_dispose (DISCIPLINE_KEY, CONFLICT, s_clue_a, DISPOSAL (CLOSE));
    assert_non_null (strstr (reply->message, "已反馈办理结果，不能再更改处置方式"));
    xuncha__reply__free_unpacked (reply, NULL);

    /* quality 1–5: 0 is "missing" at the edge, 6 out of range */
    Xuncha__ClueRate rate = XUNCHA__CLUE_RATE__INIT;
    rate.clue_id = s_clue_a;
    xc_world_refused (DISCIPLINE_KEY, BAD_REQUEST, "缺少必填字段 clue_rate.quality", BODY (CLUE_RATE), &rate);
    rate.quality = 6;
    xc_world_refused (DISCIPLINE_KEY, BAD_REQUEST, "线索质量评分须为 1 至 5 分（收到 6）", BODY (CLUE_RATE), &rate);
    rate.quality = 4;
    rate.comment = "要素齐全，证据指向明确";
    xc_world_refused (LEADER_KEY, FORBIDDEN, "无权评价线索质量", BODY (CLUE_RATE), &rate);
    reply = xc_world_expect (DISCIPLINE_KEY, OK, BODY (CLUE_RATE), &rate);
    assert_int_equal (reply->clue->quality, 4);
    assert_string_equal (reply->clue->quality_comment, "要素齐全，证据指向明确");
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE record_id = %lld AND action IN"
                                        " ('dispose_clue', 'report_clue_result', 'rate_clue')", (long long) s_clue_a), 4);
}

/* ------------------------------------------------------------------ the 巡察办's view */

static void
test_overdue_age_and_quality (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-06-21T09:00:00", 1);
    Xuncha__ClueList list = XUNCHA__CLUE_LIST__INIT;
    list.round_id = s_round;
    list.overdue_only = 1;
    Xuncha__Reply *reply = xc_world_expect (OFFICE_KEY, OK, BODY (CLUE_LIST), &list);
    assert_int_equal (reply->clues->n_clues, 1);   /* B: received, no result; A concluded, the 组织部's due later */
    Xuncha__Clue *clue = reply->clues->clues[0];
    assert_int_equal (clue->id, s_clue_b);
    assert_true (clue->feedback_overdue);
    assert_int_equal (clue->age_days, 93);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_show (OFFICE_KEY, OK, s_clue_a);
    assert_false (reply->clue->feedback_overdue);
    assert_int_equal (reply->clue->age_days, 93);
    xuncha__reply__free_unpacked (reply, NULL);
    list.overdue_only = 0;
    list.state = STATE (CONCLUDED);
    assert_int_equal (s_count_listed (OFFICE_KEY, &list), 1);

    Xuncha__ClueQualityShow show = XUNCHA__CLUE_QUALITY_SHOW__INIT;
    show.round_id = s_round;
    xc_world_refused (DISCIPLINE_KEY, FORBIDDEN, "无权查看线索质量统计", BODY (CLUE_QUALITY_SHOW), &show);
    reply = xc_world_expect (READER_KEY, OK, BODY (CLUE_QUALITY_SHOW), &show);
    assert_int_equal (reply->clue_quality->n_groups, 2);
    Xuncha__GroupClueQuality *first = reply->clue_quality->groups[0];
    assert_string_equal (first->group_name, "第一巡察组");
    assert_int_equal (first->clues, 3);
    assert_int_equal (first->rated, 1);
    assert_true (first->average == 4.0);
    assert_int_equal (first->overdue, 1);
    assert_int_equal (reply->clue_quality->groups[1]->clues, 0);
    xuncha__reply__free_unpacked (reply, NULL);
    show.round_id = 9999;
    xc_world_refused (OFFICE_KEY, NOT_FOUND, "巡察轮次不存在", BODY (CLUE_QUALITY_SHOW), &show);
    setenv ("XUNCHA_NOW", TODAY, 1);
}

/* ------------------------------------------------------------------ reminders */

static int
s_remind (const char *today)
{
    PGconn *db = xc_test_pg_connect_app ();   /* as the notifier runs it: xuncha_app, the system scope */
    int count = xc_remind_clue_feedback (db, today);
    PQfinish (db);
    return count;
}

static void
test_reminders_exactly_once (void **state)
{
    (void) state;
    assert_int_equal (s_remind ("2026-06-12"), 0);   /* B is due 2026-06-20: 8 days away */
    assert_int_equal (s_remind ("2026-06-13"), 1);
    char expected[128];
    snprintf (expected, sizeof expected, "问题线索 #%lld 反馈期限 2026-06-20 将到期", (long long) s_clue_b);
    assert_string_equal (s_last_title (EVENT (CLUE_FEEDBACK_DUE)), expected);
    int64_t told[] = { s_discipline_user, s_office_user };
    s_delivered_to (EVENT (CLUE_FEEDBACK_DUE), told, 2);
    assert_int_equal (s_remind ("2026-06-13"), 0);
    assert_int_equal (s_remind ("2026-06-20"), 0);
    assert_int_equal (s_remind ("2026-06-21"), 1);
    snprintf (expected, sizeof expected, "问题线索 #%lld 反馈期限 2026-06-20 已逾期", (long long) s_clue_b);
    assert_string_equal (s_last_title (EVENT (CLUE_FEEDBACK_DUE)), expected);
    assert_int_equal (s_remind ("2026-06-21"), 0);
    assert_int_equal (s_remind ("2026-07-30"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE kind = %d", EVENT (CLUE_FEEDBACK_DUE)), 2);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM clue_reminder"), 2);
}

/* ------------------------------------------------------------------ concurrency */

typedef struct {
    int64_t clue;
    int status;
    char number[64];
    pthread_barrier_t *start;
} transferor_t;

/* One 组长's client: its own dispatcher and connection, transferring when all are ready. */
static void *
s_transfer_concurrently (void *args)
{
    transferor_t *transferor = args;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Ping ping = XUNCHA__PING__INIT;   /* connect before the barrier */
    xuncha__reply__free_unpacked (xc_test_do (dispatcher, LEADER_KEY, BODY (PING), &ping), NULL);
    Xuncha__ClueTransfer transfer = XUNCHA__CLUE_TRANSFER__INIT;
    transfer.group_id = s_group;
    transfer.clue_ids = &transferor->clue;
    transfer.n_clue_ids = 1;
    transfer.receiver_unit_id = s_discipline_unit;
    pthread_barrier_wait (transferor->start);
    Xuncha__Reply *reply = xc_test_do (dispatcher, LEADER_KEY, BODY (CLUE_TRANSFER), &transfer);
    transferor->status = reply->status;
    if (reply->status == OK)
        snprintf (transferor->number, sizeof transferor->number, "%s", reply->clue_batch->number);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
    return NULL;
}

static void
s_transfer_round (int round)
{
    transferor_t transferors[CONCURRENT];
    pthread_t threads[CONCURRENT];
    pthread_barrier_t start;
    pthread_barrier_init (&start, NULL, CONCURRENT);
    for (int i = 0; i < CONCURRENT; i++)
        transferors[i] = (transferor_t) { .clue = s_approved_clue (s_group, MEMBER_KEY, LEADER_KEY, 0), .start = &start };
    for (int i = 0; i < CONCURRENT; i++)
        pthread_create (&threads[i], NULL, s_transfer_concurrently, &transferors[i]);
    for (int i = 0; i < CONCURRENT; i++)
        pthread_join (threads[i], NULL);
    pthread_barrier_destroy (&start);
    for (int i = 0; i < CONCURRENT; i++) {
        if (transferors[i].status != OK)
            fail_msg ("transfer %d of round %d: status %d", i, round, transferors[i].status);
        assert_non_null (strstr (transferors[i].number, "[2026]区巡-1组-移"));
    }
}

static void
test_batch_numbers_gap_free_under_concurrent_transfers (void **state)
{
    (void) state;
    for (int round = 0; round < CONCURRENT_ROUNDS; round++)
        s_transfer_round (round);
    /* 移01 and 移02 before; the 40 concurrent transfers hold exactly 移03..移42 */
    long batches = 2 + CONCURRENT * CONCURRENT_ROUNDS;
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM clue_batch WHERE group_id = %lld", (long long) s_group),
                      batches);
    assert_int_equal (xc_test_pg_count ("SELECT count(DISTINCT number) FROM clue_batch"), batches);
    assert_int_equal (xc_test_pg_count ("SELECT min(sequence) FROM clue_batch"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT max(sequence) FROM clue_batch"), batches);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM clue_batch WHERE number <>"
                                        " format('[2026]区巡-1组-移%%s号', to_char(sequence, 'FM00'))"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT last FROM number_series WHERE series LIKE '移交批次:%%'"), batches);
    /* one event per batch, each with its two deliveries */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE kind = %d",
                                        EVENT (CLUE_BATCH_TRANSFERRED)), batches);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery d JOIN outbox_event e ON e.id = d.event_id"
                                        " WHERE e.kind = %d", EVENT (CLUE_BATCH_TRANSFERRED)), 2 * batches);

    /* per group and per year */
    int64_t other = s_approved_clue (s_group2, LEADER2_KEY, LEADER2_KEY, 0);
    Xuncha__Reply *reply = s_transfer (LEADER2_KEY, OK, s_group2, &other, 1, s_discipline_unit);
    assert_string_equal (reply->clue_batch->number, "[2026]区巡-2组-移01号");
    xuncha__reply__free_unpacked (reply, NULL);
    setenv ("XUNCHA_NOW", "2027-01-04T09:00:00", 1);
    int64_t next_year = s_approved_clue (s_group, MEMBER_KEY, LEADER_KEY, 0);
    reply = s_transfer (LEADER_KEY, OK, s_group, &next_year, 1, s_discipline_unit);
    assert_string_equal (reply->clue_batch->number, "[2027]区巡-1组-移01号");
    xuncha__reply__free_unpacked (reply, NULL);
    setenv ("XUNCHA_NOW", TODAY, 1);
}

typedef struct {
    const char *today;
    int count;
    pthread_barrier_t *start;
} reminder_run_t;

static void *
s_remind_concurrently (void *args)
{
    reminder_run_t *run = args;
    PGconn *db = xc_test_pg_connect_app ();
    pthread_barrier_wait (run->start);
    run->count = xc_remind_clue_feedback (db, run->today);
    PQfinish (db);
    return NULL;
}

static void
test_reminders_exactly_once_under_concurrent_runs (void **state)
{
    (void) state;
    /* the 区纪委监委 receives every batch still waiting: each clue is due in 6 months */
    long batches = xc_test_pg_count ("SELECT count(*) FROM clue_batch WHERE received_at IS NULL"
                                     " AND receiver_unit_id = %lld", (long long) s_discipline_unit);
    for (long i = 0; i < batches; i++) {
        Xuncha__ClueReceive receive = XUNCHA__CLUE_RECEIVE__INIT;
        receive.batch_id = xc_test_pg_count ("SELECT min(id) FROM clue_batch WHERE received_at IS NULL"
                                             " AND receiver_unit_id = %lld", (long long) s_discipline_unit);
        xuncha__reply__free_unpacked (xc_world_expect (DISCIPLINE_KEY, OK, BODY (CLUE_RECEIVE), &receive), NULL);
    }
    long due = xc_test_pg_count ("SELECT count(*) FROM clue WHERE state IN (4, 5) AND id NOT IN"
                                 " (SELECT clue_id FROM clue_reminder WHERE level = 2)");
    assert_true (due >= CONCURRENT * CONCURRENT_ROUNDS);
    reminder_run_t runs[CONCURRENT];
    pthread_t threads[CONCURRENT];
    pthread_barrier_t start;
    pthread_barrier_init (&start, NULL, CONCURRENT);
    for (int i = 0; i < CONCURRENT; i++) {
        runs[i] = (reminder_run_t) { .today = "2027-12-01", .start = &start };
        pthread_create (&threads[i], NULL, s_remind_concurrently, &runs[i]);
    }
    long published = 0;
    for (int i = 0; i < CONCURRENT; i++) {
        pthread_join (threads[i], NULL);
        assert_true (runs[i].count >= 0);
        published += runs[i].count;
    }
    pthread_barrier_destroy (&start);
    assert_int_equal (published, due);   /* overdue: level 2 only, once each, whoever ran it */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM clue_reminder WHERE level = 2"), due + 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE kind = %d", EVENT (CLUE_FEEDBACK_DUE)),
                      due + 2);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM (SELECT clue_id FROM outbox_event WHERE kind = %d"
                                        " GROUP BY clue_id, title HAVING count(*) > 1) AS twice", EVENT (CLUE_FEEDBACK_DUE)), 0);
    /* the 组织部's clue reminded to the 组织部 and the 巡察办 */
    int64_t organisation[] = { s_organisation_user, s_office_user };
    long event = xc_test_pg_count ("SELECT id FROM outbox_event WHERE kind = %d AND clue_id = %lld",
                                   EVENT (CLUE_FEEDBACK_DUE), (long long) s_clue_cadre);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery WHERE event_id = %ld AND user_id IN"
                                        " (%lld, %lld)", event, (long long) organisation[0], (long long) organisation[1]), 2);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery WHERE event_id = %ld", event), 2);
    assert_int_equal (s_remind ("2027-12-01"), 0);
}

/* ------------------------------------------------------------------ phases, and what leaves */

static void
test_clue_work_through_the_transfer_phase (void **state)
{
    (void) state;
    static const Xuncha__Phase phases[] = { XUNCHA__PHASE__PHASE_FACT_FINDING, XUNCHA__PHASE__PHASE_REPORTING,
                                            XUNCHA__PHASE__PHASE_FEEDBACK, XUNCHA__PHASE__PHASE_TRANSFER };
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++)
        xc_world_advance (s_round, phases[i]);
    int64_t clue = s_approved_clue (s_group, MEMBER_KEY, LEADER_KEY, 0);   /* still allowed in 移交 */
    xuncha__reply__free_unpacked (s_transfer (LEADER_KEY, OK, s_group, &clue, 1, s_discipline_unit), NULL);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_RECTIFICATION);
    clue_t c;
    s_clue (&c, s_group, s_village, PERSON, CONDUCT);
    s_cite (&c, 0, 0, 0);
    xc_world_refused (MEMBER_KEY, CONFLICT, "起草问题线索只能在“进驻”“了解”“报告”“反馈”“移交”阶段进行，本轮巡察当前处于“整改”阶段",
                      BODY (CLUE_DRAFT), &c.draft);
    /* the receiver's work does not stop with the round */
    xuncha__reply__free_unpacked (s_dispose (DISCIPLINE_KEY, OK, s_clue_b, DISPOSAL (TALK_OR_INQUIRY)), NULL);
}

static void
test_titles_never_carry_contents (void **state)
{
    (void) state;
    assert_true (xc_test_pg_count ("SELECT count(*) FROM outbox_event") > 50);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE title LIKE '%%" PERSON "%%'"
                                        " OR title LIKE '%%餐费%%' OR title LIKE '%%东关村%%' OR title LIKE '%%立案%%'"), 0);
    /* every delivery is to a user who may learn of it: a receiver, a 组长 or the 巡察办 */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery d JOIN app_user u ON u.id = d.user_id"
                                        " WHERE u.role NOT IN (1, 2, 4, 5)"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery WHERE user_id = %lld",
                                        (long long) s_other_discipline_user), 0);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_vague_clue_refused_naming_missing_parts),
        cmocka_unit_test (test_evidence_and_papers_must_be_the_groups_own),
        cmocka_unit_test (test_draft_and_approve_by_the_leader_only),
        cmocka_unit_test (test_transfer_refusals_leave_no_outbox_row),
        cmocka_unit_test (test_transfer_publishes_one_event_to_the_receiver),
        cmocka_unit_test (test_receivers_see_only_their_own),
        cmocka_unit_test (test_receipt_sets_the_feedback_deadline),
        cmocka_unit_test (test_disposal_result_and_rating),
        cmocka_unit_test (test_overdue_age_and_quality),
        cmocka_unit_test (test_reminders_exactly_once),
        cmocka_unit_test (test_batch_numbers_gap_free_under_concurrent_transfers),
        cmocka_unit_test (test_reminders_exactly_once_under_concurrent_runs),
        cmocka_unit_test (test_clue_work_through_the_transfer_phase),
        cmocka_unit_test (test_titles_never_carry_contents),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
