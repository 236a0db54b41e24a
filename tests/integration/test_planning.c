/* Planning a round on a real PostgreSQL: the organisation tree, the inspector pool,
 * rounds, groups, the 回避 rule and the phase machine, each refusal changing nothing. */
#include "xc_test_pg.h"
#include "xc_test_serve.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY "office0000000000000000000000000000000000"
#define READER_KEY "reader0000000000000000000000000000000000"

static xc_dispatcher_t *s_dispatcher;
static int64_t s_district, s_town, s_village, s_other_town, s_finance;
static int64_t s_round, s_group;
static int64_t s_zhang, s_yang, s_zhou;

#define BODY(name) XUNCHA__REQUEST__BODY_##name

/* Serves as the 巡察办 and expects STATUS; returns the reply for more checks. */
static Xuncha__Reply *
s_expect (int status, Xuncha__Request__BodyCase which, void *body)
{
    Xuncha__Reply *reply = xc_test_do (s_dispatcher, OFFICE_KEY, which, body);
    if ((int) reply->status != status)
        fail_msg ("expected status %d, got %d: %s", status, reply->status, reply->message);
    return reply;
}

static int64_t
s_add_unit (const char *name, Xuncha__UnitKind kind, int64_t parent)
{
    Xuncha__OrgUnitCreate body = XUNCHA__ORG_UNIT_CREATE__INIT;
    body.name = (char *) name;
    body.kind = kind;
    body.parent_id = parent;
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (ORG_UNIT_CREATE), &body);
    int64_t id = reply->org_unit->id;
    xuncha__reply__free_unpacked (reply, NULL);
    return id;
}

static int64_t
s_add_inspector (const char *name, int64_t home)
{
    Xuncha__InspectorCreate body = XUNCHA__INSPECTOR_CREATE__INIT;
    char *specialties[] = { "财务", "党建" };
    body.name = (char *) name;
    body.home_unit_id = home;
    body.specialties = specialties;
    body.n_specialties = 2;
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (INSPECTOR_CREATE), &body);
    assert_int_equal (reply->inspector->n_specialties, 2);
    assert_string_equal (reply->inspector->specialties[1], "党建");
    int64_t id = reply->inspector->id;
    xuncha__reply__free_unpacked (reply, NULL);
    return id;
}

static int
s_setup (void **state)
{
    (void) state;
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    xc_test_add_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0);
    xc_test_add_user (READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0);
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

static void
test_organisation_tree (void **state)
{
    (void) state;
    s_district = s_add_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    s_town = s_add_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, s_district);
    s_village = s_add_unit ("东关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, s_town);
    s_other_town = s_add_unit ("河西镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, s_district);
    s_finance = s_add_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, s_district);

    /* a village directly under a district is refused with the rule */
    Xuncha__OrgUnitCreate body = XUNCHA__ORG_UNIT_CREATE__INIT;
    body.name = "错位村";
    body.kind = XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE;
    body.parent_id = s_district;
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_BAD_REQUEST, BODY (ORG_UNIT_CREATE), &body);
    assert_non_null (strstr (reply->message, "村"));
    xuncha__reply__free_unpacked (reply, NULL);
    /* the same name twice under one parent */
    body.name = "东关村";
    body.parent_id = s_town;
    reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (ORG_UNIT_CREATE), &body);
    assert_string_equal (reply->message, "同一上级单位下已有同名单位");
    xuncha__reply__free_unpacked (reply, NULL);
    /* a parent that does not exist */
    body.parent_id = 999;
    reply = s_expect (XUNCHA__STATUS__STATUS_NOT_FOUND, BODY (ORG_UNIT_CREATE), &body);
    assert_string_equal (reply->message, "上级单位不存在");
    xuncha__reply__free_unpacked (reply, NULL);

    Xuncha__OrgUnitList list = XUNCHA__ORG_UNIT_LIST__INIT;
    reply = xc_test_do (s_dispatcher, READER_KEY, BODY (ORG_UNIT_LIST), &list);
    assert_int_equal (reply->org_units->n_units, 5);
    int found = 0;
    for (size_t i = 0; i < reply->org_units->n_units; i++)
        found += strcmp (reply->org_units->units[i]->path, "某某区/城关镇/东关村") == 0;
    assert_int_equal (found, 1);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_inspector_pool (void **state)
{
    (void) state;
    s_zhang = s_add_inspector ("张伟", s_finance);
    s_yang = s_add_inspector ("杨帆", s_village);   /* a village cadre */
    s_zhou = s_add_inspector ("周敏", s_finance);
    Xuncha__InspectorRelationAdd relate = XUNCHA__INSPECTOR_RELATION_ADD__INIT;
    relate.inspector_id = s_zhou;
    relate.unit_id = s_other_town;
    relate.relation = "配偶任职";
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (INSPECTOR_RELATION_ADD), &relate);
    assert_int_equal (reply->inspector->n_relations, 1);
    assert_string_equal (reply->inspector->relations[0]->unit_name, "某某区/河西镇");
    xuncha__reply__free_unpacked (reply, NULL);

    Xuncha__InspectorList list = XUNCHA__INSPECTOR_LIST__INIT;
    list.specialty = "财务";
    reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (INSPECTOR_LIST), &list);
    assert_int_equal (reply->inspectors->n_inspectors, 3);
    xuncha__reply__free_unpacked (reply, NULL);
    list.specialty = "工程";
    reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (INSPECTOR_LIST), &list);
    assert_int_equal (reply->inspectors->n_inspectors, 0);
    xuncha__reply__free_unpacked (reply, NULL);
    /* declared relations are personal data: the pool is the 巡察办's alone */
    reply = xc_test_do (s_dispatcher, READER_KEY, BODY (INSPECTOR_LIST), &list);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_FORBIDDEN);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_round_and_groups (void **state)
{
    (void) state;
    Xuncha__RoundCreate create = XUNCHA__ROUND_CREATE__INIT;
    create.committee = "十届区委";
    create.number = 3;
    create.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES;
    create.start_date = "2026-03-02";
    create.end_date = "2026-04-30";
    create.midpoint_date = "2026-03-31";
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (ROUND_CREATE), &create);
    s_round = reply->round->id;
    assert_string_equal (reply->round->title, "十届区委第3轮巡察");
    assert_int_equal (reply->round->phase, XUNCHA__PHASE__PHASE_PREPARATION);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (ROUND_CREATE), &create);
    assert_string_equal (reply->message, "该委员会已有同一轮次的巡察");
    xuncha__reply__free_unpacked (reply, NULL);

    Xuncha__RoundBatchAdd batch = XUNCHA__ROUND_BATCH_ADD__INIT;
    batch.round_id = s_round;
    batch.number = 1;
    batch.start_date = "2026-03-02";
    batch.end_date = "2026-05-30";   /* past the round's end */
    reply = s_expect (XUNCHA__STATUS__STATUS_BAD_REQUEST, BODY (ROUND_BATCH_ADD), &batch);
    assert_non_null (strstr (reply->message, "起止日期之内"));
    xuncha__reply__free_unpacked (reply, NULL);
    batch.end_date = "2026-03-31";
    reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (ROUND_BATCH_ADD), &batch);
    assert_int_equal (reply->round->n_batches, 1);
    xuncha__reply__free_unpacked (reply, NULL);

    Xuncha__GroupCreate group = XUNCHA__GROUP_CREATE__INIT;
    group.round_id = s_round;
    group.number = 1;
    reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_CREATE), &group);
    s_group = reply->group->id;
    assert_string_equal (reply->group->name, "第一巡察组");
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_recusal_refuses_with_the_reason (void **state)
{
    (void) state;
    Xuncha__GroupUnitAssign assign = XUNCHA__GROUP_UNIT_ASSIGN__INIT;
    assign.group_id = s_group;
    assign.unit_id = s_town;
    assign.batch_number = 1;
    xuncha__reply__free_unpacked (s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_UNIT_ASSIGN), &assign), NULL);

    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = s_group;
    add.inspector_id = s_yang;   /* his village lies in 城关镇 */
    add.position = XUNCHA__POSITION__POSITION_MEMBER;
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (GROUP_MEMBER_ADD), &add);
    assert_non_null (strstr (reply->message, "回避"));
    assert_non_null (strstr (reply->message, "杨帆"));
    assert_non_null (strstr (reply->message, "某某区/城关镇/东关村"));
    xuncha__reply__free_unpacked (reply, NULL);

    add.inspector_id = s_zhou;
    add.position = XUNCHA__POSITION__POSITION_LEADER;
    xuncha__reply__free_unpacked (s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_MEMBER_ADD), &add), NULL);
    /* 周敏 declared a relation with 河西镇: the group may not take it */
    assign.unit_id = s_other_town;
    assign.batch_number = 0;
    reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (GROUP_UNIT_ASSIGN), &assign);
    assert_non_null (strstr (reply->message, "配偶任职"));
    assert_non_null (strstr (reply->message, "周敏"));
    xuncha__reply__free_unpacked (reply, NULL);
    /* a township cadre may not inspect a village of his township either */
    int64_t town_cadre = s_add_inspector ("孙丽", s_town);
    Xuncha__GroupCreate other = XUNCHA__GROUP_CREATE__INIT;
    other.round_id = s_round;
    other.number = 2;
    reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_CREATE), &other);
    int64_t group2 = reply->group->id;
    xuncha__reply__free_unpacked (reply, NULL);
    add.group_id = group2;
    add.inspector_id = town_cadre;
    add.position = XUNCHA__POSITION__POSITION_MEMBER;
    xuncha__reply__free_unpacked (s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_MEMBER_ADD), &add), NULL);
    assign.group_id = group2;
    assign.unit_id = s_village;
    reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (GROUP_UNIT_ASSIGN), &assign);
    assert_non_null (strstr (reply->message, "孙丽"));
    assert_non_null (strstr (reply->message, "某某区/城关镇/东关村"));
    xuncha__reply__free_unpacked (reply, NULL);
    /* the district itself is the inspecting side */
    assign.unit_id = s_district;
    reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (GROUP_UNIT_ASSIGN), &assign);
    assert_non_null (strstr (reply->message, "不能作为被巡察单位"));
    xuncha__reply__free_unpacked (reply, NULL);
    /* a second 组长 */
    add.group_id = s_group;
    add.inspector_id = s_zhang;
    add.position = XUNCHA__POSITION__POSITION_LEADER;
    reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (GROUP_MEMBER_ADD), &add);
    assert_string_equal (reply->message, "本组已有组长");
    xuncha__reply__free_unpacked (reply, NULL);

    PGconn *db = xc_test_pg_connect ();
    assert_int_equal (xc_test_pg_scalar (db, "SELECT count(*) FROM group_member"), 2);
    assert_int_equal (xc_test_pg_scalar (db, "SELECT count(*) FROM group_unit"), 1);
    PQfinish (db);
}

static void
test_relation_declared_late_blocks_entry (void **state)
{
    (void) state;
    /* 张伟 joins the group for 城关镇, then declares a relation with 东关村 in it */
    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = s_group;
    add.inspector_id = s_zhang;
    add.position = XUNCHA__POSITION__POSITION_MEMBER;
    xuncha__reply__free_unpacked (s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_MEMBER_ADD), &add), NULL);
    Xuncha__InspectorRelationAdd relate = XUNCHA__INSPECTOR_RELATION_ADD__INIT;
    relate.inspector_id = s_zhang;
    relate.unit_id = s_village;
    relate.relation = "亲属任职";
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (INSPECTOR_RELATION_ADD), &relate);
    assert_non_null (strstr (reply->message, "请调整分组"));
    assert_non_null (strstr (reply->message, "亲属任职"));
    xuncha__reply__free_unpacked (reply, NULL);
    /* the second group (孙丽, no units) blocks entry anyway: give it a unit first */
    Xuncha__GroupUnitAssign assign = XUNCHA__GROUP_UNIT_ASSIGN__INIT;
    assign.group_id = s_group + 1;
    assign.unit_id = s_other_town;
    xuncha__reply__free_unpacked (s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_UNIT_ASSIGN), &assign), NULL);
    Xuncha__GroupMemberAdd lead = XUNCHA__GROUP_MEMBER_ADD__INIT;
    lead.group_id = s_group + 1;
    lead.inspector_id = s_yang;
    lead.position = XUNCHA__POSITION__POSITION_LEADER;
    xuncha__reply__free_unpacked (s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_MEMBER_ADD), &lead), NULL);
    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    advance.round_id = s_round;
    advance.to_phase = XUNCHA__PHASE__PHASE_ENTRY;
    reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (ROUND_ADVANCE), &advance);
    assert_non_null (strstr (reply->message, "不能进驻：回避：检查人员 张伟"));
    xuncha__reply__free_unpacked (reply, NULL);
    /* resolved by the 巡察办: the relation's holder leaves the group */
    Xuncha__GroupMemberRemove remove = XUNCHA__GROUP_MEMBER_REMOVE__INIT;
    remove.group_id = s_group;
    remove.inspector_id = s_zhang;
    reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_MEMBER_REMOVE), &remove);
    assert_int_equal (reply->group->n_members, 1);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_expect (XUNCHA__STATUS__STATUS_NOT_FOUND, BODY (GROUP_MEMBER_REMOVE), &remove);
    assert_string_equal (reply->message, "该检查人员不在本组");
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
s_advance (int status, Xuncha__Phase to, const char *reason)
{
    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    advance.round_id = s_round;
    advance.to_phase = to;
    Xuncha__Reply *reply = s_expect (status, BODY (ROUND_ADVANCE), &advance);
    if (reason)
        assert_non_null (strstr (reply->message, reason));
    else
        assert_int_equal (reply->round->phase, to);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_phases_in_order_only (void **state)
{
    (void) state;
    s_advance (XUNCHA__STATUS__STATUS_CONFLICT, XUNCHA__PHASE__PHASE_REPORTING, "不能跳过");
    s_advance (XUNCHA__STATUS__STATUS_OK, XUNCHA__PHASE__PHASE_ENTRY, NULL);
    /* planning is over once the groups have entered */
    Xuncha__GroupCreate group = XUNCHA__GROUP_CREATE__INIT;
    group.round_id = s_round;
    group.number = 2;
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_CONFLICT, BODY (GROUP_CREATE), &group);
    assert_non_null (strstr (reply->message, "准备"));
    xuncha__reply__free_unpacked (reply, NULL);
    s_advance (XUNCHA__STATUS__STATUS_CONFLICT, XUNCHA__PHASE__PHASE_PREPARATION, "不能回退");
    for (int phase = XUNCHA__PHASE__PHASE_FACT_FINDING; phase <= XUNCHA__PHASE__PHASE_ARCHIVED; phase++)
        s_advance (XUNCHA__STATUS__STATUS_OK, (Xuncha__Phase) phase, NULL);
    s_advance (XUNCHA__STATUS__STATUS_CONFLICT, XUNCHA__PHASE__PHASE_ARCHIVED, "已立卷归档，不能再更改");
    PGconn *db = xc_test_pg_connect ();
    assert_int_equal (xc_test_pg_scalar (db, "SELECT count(*) FROM round_phase_change"), 7);
    assert_int_equal (xc_test_pg_scalar (db, "SELECT phase FROM round"), XUNCHA__PHASE__PHASE_ARCHIVED);
    PQfinish (db);

    Xuncha__RoundShow show = XUNCHA__ROUND_SHOW__INIT;
    show.round_id = s_round;
    reply = xc_test_do (s_dispatcher, READER_KEY, BODY (ROUND_SHOW), &show);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    assert_int_equal (reply->round_detail->n_groups, 2);
    assert_int_equal (reply->round_detail->groups[0]->n_members, 1);
    assert_string_equal (reply->round_detail->groups[0]->units[0]->unit_name, "某某区/城关镇");
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_entry_needs_leader_and_units (void **state)
{
    (void) state;
    Xuncha__RoundCreate create = XUNCHA__ROUND_CREATE__INIT;
    create.committee = "十届区委";
    create.number = 4;
    create.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR;
    create.start_date = "2026-06-01";
    create.end_date = "2026-07-15";
    Xuncha__Reply *reply = s_expect (XUNCHA__STATUS__STATUS_OK, BODY (ROUND_CREATE), &create);
    int64_t saved = s_round;
    s_round = reply->round->id;
    xuncha__reply__free_unpacked (reply, NULL);
    s_advance (XUNCHA__STATUS__STATUS_CONFLICT, XUNCHA__PHASE__PHASE_ENTRY, "尚未组建巡察组");
    Xuncha__GroupCreate group = XUNCHA__GROUP_CREATE__INIT;
    group.round_id = s_round;
    group.number = 1;
    xuncha__reply__free_unpacked (s_expect (XUNCHA__STATUS__STATUS_OK, BODY (GROUP_CREATE), &group), NULL);
    s_advance (XUNCHA__STATUS__STATUS_CONFLICT, XUNCHA__PHASE__PHASE_ENTRY, "尚未确定组长");
    s_round = saved;
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_organisation_tree),
        cmocka_unit_test (test_inspector_pool),
        cmocka_unit_test (test_round_and_groups),
        cmocka_unit_test (test_recusal_refuses_with_the_reason),
        cmocka_unit_test (test_relation_declared_late_blocks_entry),
        cmocka_unit_test (test_phases_in_order_only),
        cmocka_unit_test (test_entry_needs_leader_and_units),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
