/* Field work on a real PostgreSQL, through the real dispatcher: each kind of field record
 * recorded and read back, the two-inspector rule, the group boundary (another group's
 * member, 被巡察单位, 只读 and the receivers refused), the petitioner-identity rule for
 * every role with its read log, attachments round-tripped byte-exact and a tampered one
 * refused, the size cap at the edge, and the phase rule. */
#include "xc_test_pg.h"
#include "xc_test_serve.h"
#include "xc_codec.h"
#include "xc_validate.h"
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY "office0000000000000000000000000000000000"
#define LEADER_KEY "leader0000000000000000000000000000000000"   /* 组长 of 第一巡察组 */
#define MEMBER_KEY "member0000000000000000000000000000000000"   /* 组员 of 第一巡察组 */
#define OTHER_KEY "other00000000000000000000000000000000000"    /* 组长 of 第二巡察组 */
#define DISCIPLINE_KEY "discip0000000000000000000000000000000000"
#define ORGANISATION_KEY "orgdep0000000000000000000000000000000000"
#define UNIT_KEY "insptd0000000000000000000000000000000000"
#define READER_KEY "reader0000000000000000000000000000000000"

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define FORBIDDEN XUNCHA__STATUS__STATUS_FORBIDDEN
#define CONFLICT XUNCHA__STATUS__STATUS_CONFLICT
#define PETITIONER_NAME "王某某"
#define PETITIONER_CONTACT "13800000000"

static xc_dispatcher_t *s_dispatcher;
static int64_t s_town, s_village, s_other_town;
static int64_t s_round, s_group, s_other_group;
static int64_t s_zhang, s_liu, s_li, s_chen;          /* inspectors */
static int64_t s_petition, s_anonymous, s_briefing;   /* records */
static int64_t s_attachment;

/* Serves BODY as the holder of KEY and expects STATUS (the reply is the caller's). */
static Xuncha__Reply *
s_do (const char *key, int status, Xuncha__Request__BodyCase which, void *body)
{
    Xuncha__Reply *reply = xc_test_do (s_dispatcher, key, which, body);
    if ((int) reply->status != status)
        fail_msg ("expected status %d, got %d: %s", status, reply->status, reply->message);
    return reply;
}

static void
s_done (Xuncha__Reply *reply)
{
    xuncha__reply__free_unpacked (reply, NULL);
}

/* True when TEXT appears anywhere in the packed reply: what would travel on the wire. */
static int
s_reply_carries (const Xuncha__Reply *reply, const char *text)
{
    size_t size;
    uint8_t *packed = xc_pack (&reply->base, &size);
    int found = memmem (packed, size, text, strlen (text)) != NULL;
    free (packed);
    return found;
}

static void
s_add_user (const char *key, int role, long unit, const char *name)
{
    xc_test_add_user (key, role, unit);
    char sql[256];
    snprintf (sql, sizeof sql, "UPDATE app_user SET display_name = '%s' WHERE id = (SELECT user_id FROM user_key"
                               " WHERE public_key = '%s')", name, key);
    PGconn *db = xc_test_pg_connect ();
    PQclear (PQexec (db, sql));
    PQfinish (db);
}

static int64_t
s_add_unit (const char *name, Xuncha__UnitKind kind, int64_t parent)
{
    Xuncha__OrgUnitCreate body = XUNCHA__ORG_UNIT_CREATE__INIT;
    body.name = (char *) name;
    body.kind = kind;
    body.parent_id = parent;
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (ORG_UNIT_CREATE), &body);
    int64_t id = reply->org_unit->id;
    s_done (reply);
    return id;
}

/* An inspector of the pool, linked to the login of KEY (NULL: none). */
static int64_t
s_add_inspector (const char *name, int64_t home, const char *key)
{
    Xuncha__InspectorCreate body = XUNCHA__INSPECTOR_CREATE__INIT;
    body.name = (char *) name;
    body.home_unit_id = home;
    if (key)
        body.user_id = xc_test_pg_count ("SELECT user_id FROM user_key WHERE public_key = '%s'", key);
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (INSPECTOR_CREATE), &body);
    int64_t id = reply->inspector->id;
    s_done (reply);
    return id;
}

static int64_t
s_form_group (int number, int64_t unit, int64_t leader, int64_t second, Xuncha__Position position)
{
    Xuncha__GroupCreate create = XUNCHA__GROUP_CREATE__INIT;
    create.round_id = s_round;
    create.number = number;
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (GROUP_CREATE), &create);
    int64_t group = reply->group->id;
    s_done (reply);
    Xuncha__GroupUnitAssign assign = XUNCHA__GROUP_UNIT_ASSIGN__INIT;
    assign.group_id = group;
    assign.unit_id = unit;
    s_done (s_do (OFFICE_KEY, OK, BODY (GROUP_UNIT_ASSIGN), &assign));
    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = group;
    add.inspector_id = leader;
    add.position = XUNCHA__POSITION__POSITION_LEADER;
    s_done (s_do (OFFICE_KEY, OK, BODY (GROUP_MEMBER_ADD), &add));
    add.inspector_id = second;
    add.position = position;
    s_done (s_do (OFFICE_KEY, OK, BODY (GROUP_MEMBER_ADD), &add));
    return group;
}

static void
s_advance (Xuncha__Phase to)
{
    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    advance.round_id = s_round;
    advance.to_phase = to;
    s_done (s_do (OFFICE_KEY, OK, BODY (ROUND_ADVANCE), &advance));
}

static int
s_setup (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-03-10", 1);
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    s_add_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0, "巡察办");
    s_add_user (LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, 0, "张伟");
    s_add_user (MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0, "刘洋");
    s_add_user (OTHER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, 0, "陈静");
    s_add_user (DISCIPLINE_KEY, XUNCHA__ROLE__ROLE_DISCIPLINE, 0, "区纪委监委");
    s_add_user (ORGANISATION_KEY, XUNCHA__ROLE__ROLE_ORGANISATION, 0, "区委组织部");
    s_add_user (READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0, "领导小组成员");

    int64_t district = s_add_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    s_town = s_add_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_village = s_add_unit ("东关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, s_town);
    s_other_town = s_add_unit ("河西镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    int64_t finance = s_add_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    s_add_user (UNIT_KEY, XUNCHA__ROLE__ROLE_INSPECTED_UNIT, (long) s_town, "城关镇党委");

    s_zhang = s_add_inspector ("张伟", finance, LEADER_KEY);
    s_liu = s_add_inspector ("刘洋", finance, MEMBER_KEY);
    s_li = s_add_inspector ("李娜", finance, NULL);
    s_chen = s_add_inspector ("陈静", finance, OTHER_KEY);
    int64_t zhao = s_add_inspector ("赵磊", finance, NULL);

    Xuncha__RoundCreate round = XUNCHA__ROUND_CREATE__INIT;
    round.committee = "十届区委";
    round.number = 3;
    round.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES;
    round.start_date = "2026-03-02";
    round.end_date = "2026-04-30";
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (ROUND_CREATE), &round);
    s_round = reply->round->id;
    s_done (reply);
    s_group = s_form_group (1, s_town, s_zhang, s_liu, XUNCHA__POSITION__POSITION_MEMBER);
    Xuncha__GroupMemberAdd deputy = XUNCHA__GROUP_MEMBER_ADD__INIT;
    deputy.group_id = s_group;
    deputy.inspector_id = s_li;
    deputy.position = XUNCHA__POSITION__POSITION_DEPUTY_LEADER;
    s_done (s_do (OFFICE_KEY, OK, BODY (GROUP_MEMBER_ADD), &deputy));
    s_other_group = s_form_group (2, s_other_town, s_chen, zhao, XUNCHA__POSITION__POSITION_MEMBER);
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

/* A briefing request for UNIT in GROUP (static storage: one at a time). */
static Xuncha__FieldRecordCreate *
s_briefing_request (int64_t group, int64_t unit)
{
    static Xuncha__FieldRecordCreate create;
    static Xuncha__Briefing briefing;
    xuncha__field_record_create__init (&create);
    xuncha__briefing__init (&briefing);
    briefing.briefer = "城关镇党委书记";
    briefing.topic = "党委班子落实全面从严治党主体责任情况";
    briefing.notes = "汇报了2025年以来的工作。";
    create.group_id = group;
    create.unit_id = unit;
    create.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_BRIEFING;
    create.briefing = &briefing;
    return &create;
}

static Xuncha__Reply *
s_show (const char *key, int status, int64_t record)
{
    Xuncha__FieldRecordShow show = XUNCHA__FIELD_RECORD_SHOW__INIT;
    show.record_id = record;
    return s_do (key, status, BODY (FIELD_RECORD_SHOW), &show);
}

static void
test_nothing_recorded_before_entry (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_do (MEMBER_KEY, CONFLICT, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_group, s_town));
    assert_string_equal (reply->message, "录入现场记录只能在“进驻”“了解”“报告”阶段进行，本轮巡察当前处于“准备”阶段");
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM field_record"), 0);
    s_advance (XUNCHA__PHASE__PHASE_ENTRY);
}

static void
test_briefing_recorded_and_read_back (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_group, s_village));
    Xuncha__FieldRecord *record = reply->field_record;
    s_briefing = record->id;
    assert_int_equal (record->kind, XUNCHA__RECORD_KIND__RECORD_KIND_BRIEFING);
    assert_string_equal (record->occurred_date, "2026-03-10");   /* today, by the injected clock */
    assert_string_equal (record->recorded_by, "刘洋");
    assert_string_equal (record->group_name, "第一巡察组");
    assert_string_equal (record->unit_name, "某某区/城关镇/东关村");
    assert_int_equal (record->round_id, s_round);
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action = 'record_field_work' AND record_id = %lld",
                               (long long) s_briefing), 1);

    reply = s_show (LEADER_KEY, OK, s_briefing);
    assert_int_equal (reply->field_record->detail_case, XUNCHA__FIELD_RECORD__DETAIL_BRIEFING);
    assert_string_equal (reply->field_record->briefing->briefer, "城关镇党委书记");
    assert_string_equal (reply->field_record->briefing->topic, "党委班子落实全面从严治党主体责任情况");
    assert_string_equal (reply->field_record->briefing->notes, "汇报了2025年以来的工作。");
    assert_int_equal (reply->field_record->n_attachments, 0);
    s_done (reply);

    /* an explicit date; a unit outside the group; no detail at all */
    Xuncha__FieldRecordCreate *create = s_briefing_request (s_group, s_town);
    create->occurred_date = "2026-03-05";
    reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_CREATE), create);
    assert_string_equal (reply->field_record->occurred_date, "2026-03-05");
    s_done (reply);
    reply = s_do (MEMBER_KEY, CONFLICT, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_group, s_other_town));
    assert_non_null (strstr (reply->message, "不是第一巡察组的被巡察单位"));
    s_done (reply);
    create = s_briefing_request (s_group, s_town);
    create->detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL__NOT_SET;
    reply = s_do (MEMBER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, BODY (FIELD_RECORD_CREATE), create);
    assert_non_null (strstr (reply->message, "须有且只有一种内容"));
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM field_record"), 2);
}

/* A petition request; WHO NULL: anonymous. */
static Xuncha__FieldRecordCreate *
s_petition_request (Xuncha__PetitionerIdentity *who)
{
    static Xuncha__FieldRecordCreate create;
    static Xuncha__Petition petition;
    static char *concerns[] = { "李某（镇党委副书记）", "赵某" };
    xuncha__field_record_create__init (&create);
    xuncha__petition__init (&petition);
    petition.channel = XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_LETTER;
    petition.received_date = "2026-03-08";
    petition.content = "反映东关村集体土地租金去向不明。";
    petition.concerned_persons = concerns;
    petition.n_concerned_persons = 2;
    petition.concerned_unit_id = s_village;
    petition.petitioner = who;
    create.group_id = s_group;
    create.unit_id = s_town;
    create.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_PETITION;
    create.petition = &petition;
    return &create;
}

static void
test_petition_recorded_identity_kept_apart (void **state)
{
    (void) state;
    Xuncha__PetitionerIdentity who = XUNCHA__PETITIONER_IDENTITY__INIT;
    who.name = PETITIONER_NAME;
    who.contact = PETITIONER_CONTACT;
    who.address = "东关村三组";
    Xuncha__Reply *reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_CREATE), s_petition_request (&who));
    Xuncha__Petition *petition = reply->field_record->petition;
    s_petition = reply->field_record->id;
    assert_int_equal (petition->status, XUNCHA__PETITION_STATUS__PETITION_STATUS_ACCEPTED);   /* default 受理 */
    assert_int_equal (petition->channel, XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_LETTER);
    assert_string_equal (petition->received_date, "2026-03-08");
    assert_int_equal (petition->n_concerned_persons, 2);
    assert_string_equal (petition->concerned_persons[0], "李某（镇党委副书记）");
    assert_string_equal (petition->concerned_persons[1], "赵某");
    assert_string_equal (petition->concerned_unit_name, "某某区/城关镇/东关村");
    /* the reply to a change is stored for retries: it must not carry the identity */
    assert_null (petition->petitioner);
    assert_true (petition->identity_withheld);
    assert_false (petition->anonymous);
    assert_false (s_reply_carries (reply, PETITIONER_NAME));
    s_done (reply);
    /* stored sealed (identity_seal.h): the row holds no plaintext, and the name is not in its bytes */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM petitioner_identity WHERE record_id = %lld"
                                        " AND sealed IS NOT NULL AND name IS NULL AND position('\\x%s'::bytea IN sealed) = 0",
                                        (long long) s_petition, "e78e8be69f90e69f90"), 1);   /* 王某某 in UTF-8 */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM request_reply WHERE position('\\x%s'::bytea IN reply) > 0",
                               "e78e8be69f90e69f90"), 0);   /* 王某某 in UTF-8 */

    reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_CREATE), s_petition_request (NULL));
    s_anonymous = reply->field_record->id;
    assert_true (reply->field_record->petition->anonymous);
    assert_false (reply->field_record->petition->identity_withheld);
    s_done (reply);
    /* only an address: neither anonymous nor identifiable, refused */
    Xuncha__PetitionerIdentity partial = XUNCHA__PETITIONER_IDENTITY__INIT;
    partial.address = "东关村";
    reply = s_do (MEMBER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, BODY (FIELD_RECORD_CREATE), s_petition_request (&partial));
    assert_non_null (strstr (reply->message, "至少有姓名或联系方式"));
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM petitioner_identity"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM field_record WHERE kind = 2"), 2);
}

static void
test_identity_visible_to_leader_and_office_only (void **state)
{
    (void) state;
    static const struct {
        const char *key;
        const char *who;
        int status;
        int sees;
    } roles[] = {
        { OFFICE_KEY, "巡察办", OK, 1 },
        { LEADER_KEY, "组长（本组）", OK, 1 },
        { MEMBER_KEY, "组员（本组）", OK, 0 },
        { OTHER_KEY, "组长（另一组）", FORBIDDEN, 0 },
        { DISCIPLINE_KEY, "纪委监委", FORBIDDEN, 0 },
        { ORGANISATION_KEY, "组织部", FORBIDDEN, 0 },
        { UNIT_KEY, "被巡察单位", FORBIDDEN, 0 },
        { READER_KEY, "只读", FORBIDDEN, 0 },
    };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        long reads = xc_test_pg_count ("SELECT count(*) FROM identity_read");
        Xuncha__Reply *reply = s_show (roles[i].key, roles[i].status, s_petition);
        if (roles[i].sees) {
            Xuncha__Petition *petition = reply->field_record->petition;
            assert_non_null (petition->petitioner);
            assert_string_equal (petition->petitioner->name, PETITIONER_NAME);
            assert_string_equal (petition->petitioner->contact, PETITIONER_CONTACT);
            assert_string_equal (petition->petitioner->address, "东关村三组");
            assert_false (petition->identity_withheld);
            /* exactly one read logged: this reader, this request */
            assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM identity_read"), reads + 1);
            assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM identity_read r JOIN user_key k ON k.user_id = r.reader_id"
                                       " WHERE k.public_key = '%s' AND r.record_id = %lld AND r.request_id = '%s'",
                                       roles[i].key, (long long) s_petition, reply->request_id), 1);
        }
        else {
            if (reply->status == OK) {
                assert_null (reply->field_record->petition->petitioner);
                assert_true (reply->field_record->petition->identity_withheld);
                assert_string_equal (reply->field_record->petition->content, "反映东关村集体土地租金去向不明。");
            }
            assert_false (s_reply_carries (reply, PETITIONER_NAME));
            assert_false (s_reply_carries (reply, PETITIONER_CONTACT));
            if (xc_test_pg_count ("SELECT count(*) FROM identity_read") != reads)
                fail_msg ("%s: a read was logged for a reader who saw nothing", roles[i].who);
        }
        s_done (reply);
    }
    /* an anonymous petition has nothing to read, and logs nothing */
    Xuncha__Reply *reply = s_show (LEADER_KEY, OK, s_anonymous);
    assert_null (reply->field_record->petition->petitioner);
    assert_true (reply->field_record->petition->anonymous);
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM identity_read WHERE record_id = %lld", (long long) s_anonymous), 0);
}

static void
test_lists_never_carry_identity (void **state)
{
    (void) state;
    const char *keys[] = { OFFICE_KEY, LEADER_KEY, MEMBER_KEY };
    long reads = xc_test_pg_count ("SELECT count(*) FROM identity_read");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        Xuncha__FieldRecordList list = XUNCHA__FIELD_RECORD_LIST__INIT;
        list.group_id = s_group;
        list.kind = XUNCHA__RECORD_KIND__RECORD_KIND_PETITION;
        Xuncha__Reply *reply = s_do (keys[i], OK, BODY (FIELD_RECORD_LIST), &list);
        assert_int_equal (reply->field_records->n_records, 2);
        for (size_t k = 0; k < reply->field_records->n_records; k++)
            assert_null (reply->field_records->records[k]->petition->petitioner);
        assert_true (reply->field_records->records[0]->petition->identity_withheld);
        assert_true (reply->field_records->records[1]->petition->anonymous);
        assert_false (s_reply_carries (reply, PETITIONER_NAME));
        assert_false (s_reply_carries (reply, PETITIONER_CONTACT));
        s_done (reply);
    }
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM identity_read"), reads);
}

static void
test_office_lists_identity_reads (void **state)
{
    (void) state;
    Xuncha__IdentityReadList list = XUNCHA__IDENTITY_READ_LIST__INIT;
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (IDENTITY_READ_LIST), &list);
    assert_int_equal (reply->identity_reads->n_reads, 2);
    Xuncha__IdentityRead *first = reply->identity_reads->reads[0], *second = reply->identity_reads->reads[1];
    assert_int_equal (first->record_id, s_petition);
    assert_string_equal (first->reader, "巡察办");
    assert_int_equal (first->reader_role, XUNCHA__ROLE__ROLE_OFFICE);
    assert_string_equal (second->reader, "张伟");
    assert_int_equal (second->reader_role, XUNCHA__ROLE__ROLE_GROUP_LEADER);
    assert_int_equal (strlen (second->request_id), 36);
    assert_int_equal (strlen (second->read_at), 16);   /* YYYY-MM-DD HH:MM */
    s_done (reply);
    list.record_id = s_anonymous;
    reply = s_do (OFFICE_KEY, OK, BODY (IDENTITY_READ_LIST), &list);
    assert_int_equal (reply->identity_reads->n_reads, 0);
    s_done (reply);
    list.record_id = 999;
    s_done (s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, BODY (IDENTITY_READ_LIST), &list));
    /* the 组长 reads identities but does not audit the reads */
    list.record_id = 0;
    reply = s_do (LEADER_KEY, FORBIDDEN, BODY (IDENTITY_READ_LIST), &list);
    assert_non_null (strstr (reply->message, "无权查看信访人身份查阅记录"));
    s_done (reply);
}

static Xuncha__FieldRecordCreate *
s_talk_request (int64_t *inspectors, size_t count)
{
    static Xuncha__FieldRecordCreate create;
    static Xuncha__Talk talk;
    xuncha__field_record_create__init (&create);
    xuncha__talk__init (&talk);
    talk.interviewee_name = "李某";
    talk.interviewee_position = "党委副书记";
    talk.interviewee_unit = "城关镇党委";
    talk.talk_time = "2026-03-10 09:30";
    talk.place = "城关镇谈话室";
    talk.inspector_ids = inspectors;
    talk.n_inspector_ids = count;
    talk.outline = "一、班子运行；二、选人用人";
    talk.record = "谈话对象介绍了班子分工。";
    talk.confirmed = 1;
    create.group_id = s_group;
    create.unit_id = s_town;
    create.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_TALK;
    create.talk = &talk;
    return &create;
}

static void
test_talk_needs_two_inspectors_of_the_group (void **state)
{
    (void) state;
    long records = xc_test_pg_count ("SELECT count(*) FROM field_record");
    int64_t alone[] = { s_zhang };
    Xuncha__Reply *reply = s_do (MEMBER_KEY, CONFLICT, BODY (FIELD_RECORD_CREATE), s_talk_request (alone, 1));
    assert_string_equal (reply->message, "个别谈话须至少两名巡察人员在场（本次 1 名）");
    s_done (reply);
    int64_t twice[] = { s_zhang, s_zhang };   /* one person named twice is still one */
    reply = s_do (MEMBER_KEY, CONFLICT, BODY (FIELD_RECORD_CREATE), s_talk_request (twice, 2));
    assert_string_equal (reply->message, "个别谈话须至少两名巡察人员在场（本次 1 名）");
    s_done (reply);
    int64_t outsider[] = { s_zhang, s_chen };
    reply = s_do (MEMBER_KEY, CONFLICT, BODY (FIELD_RECORD_CREATE), s_talk_request (outsider, 2));
    assert_null (strstr (reply->message, "陈静"));   /* the pool is not the group's to read */
    assert_non_null (strstr (reply->message, "的人员不是第一巡察组的成员"));
    s_done (reply);
    int64_t unknown[] = { s_zhang, 999 };
    reply = s_do (MEMBER_KEY, CONFLICT, BODY (FIELD_RECORD_CREATE), s_talk_request (unknown, 2));
    assert_string_equal (reply->message, "编号 999 的人员不是第一巡察组的成员，不能作为个别谈话的在场人员");
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM field_record"), records);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM talk_inspector"), 0);

    int64_t two[] = { s_liu, s_zhang };
    reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_CREATE), s_talk_request (two, 2));
    int64_t talk_id = reply->field_record->id;
    s_done (reply);
    reply = s_show (OFFICE_KEY, OK, talk_id);
    Xuncha__Talk *talk = reply->field_record->talk;
    assert_string_equal (talk->interviewee_name, "李某");
    assert_string_equal (talk->interviewee_position, "党委副书记");
    assert_string_equal (talk->interviewee_unit, "城关镇党委");
    assert_string_equal (talk->talk_time, "2026-03-10 09:30");
    assert_string_equal (talk->place, "城关镇谈话室");
    assert_string_equal (talk->outline, "一、班子运行；二、选人用人");
    assert_string_equal (talk->record, "谈话对象介绍了班子分工。");
    assert_true (talk->confirmed);
    assert_int_equal (talk->n_inspector_names, 2);
    assert_string_equal (talk->inspector_names[0], "张伟");
    assert_string_equal (talk->inspector_names[1], "刘洋");
    assert_int_equal (talk->inspector_ids[0], s_zhang);
    s_done (reply);
}

static void
test_review_and_visit_recorded_and_listed (void **state)
{
    (void) state;
    Xuncha__FieldRecordCreate create = XUNCHA__FIELD_RECORD_CREATE__INIT;
    Xuncha__DocumentReview review = XUNCHA__DOCUMENT_REVIEW__INIT;
    review.materials = "2025年党委会会议记录、村集体资金账目";
    review.copied = 1;
    review.findings = "三笔支出无审批。";
    create.group_id = s_group;
    create.unit_id = s_village;
    create.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_DOCUMENT_REVIEW;
    create.document_review = &review;
    Xuncha__Reply *reply = s_do (LEADER_KEY, OK, BODY (FIELD_RECORD_CREATE), &create);
    assert_string_equal (reply->field_record->document_review->materials, "2025年党委会会议记录、村集体资金账目");
    assert_true (reply->field_record->document_review->copied);
    assert_string_equal (reply->field_record->document_review->findings, "三笔支出无审批。");
    assert_string_equal (reply->field_record->recorded_by, "张伟");
    s_done (reply);

    Xuncha__Visit visit = XUNCHA__VISIT__INIT;
    visit.place = "东关村村委会";
    visit.unannounced = 1;
    visit.findings = "公开栏未更新。";
    create.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_VISIT;
    create.visit = &visit;
    reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_CREATE), &create);
    assert_string_equal (reply->field_record->visit->place, "东关村村委会");
    assert_true (reply->field_record->visit->unannounced);
    assert_string_equal (reply->field_record->visit->findings, "公开栏未更新。");
    s_done (reply);

    Xuncha__FieldRecordList list = XUNCHA__FIELD_RECORD_LIST__INIT;
    list.group_id = s_group;
    reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_LIST), &list);
    assert_int_equal (reply->field_records->n_records, 7);
    assert_string_equal (reply->field_records->records[0]->occurred_date, "2026-03-05");   /* by date */
    s_done (reply);
    list.unit_id = s_village;
    reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_LIST), &list);
    assert_int_equal (reply->field_records->n_records, 3);   /* briefing, review, visit */
    s_done (reply);
    list.kind = XUNCHA__RECORD_KIND__RECORD_KIND_VISIT;
    reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_LIST), &list);
    assert_int_equal (reply->field_records->n_records, 1);
    assert_int_equal (reply->field_records->records[0]->kind, XUNCHA__RECORD_KIND__RECORD_KIND_VISIT);
    s_done (reply);
    list.unit_id = 0;
    list.kind = XUNCHA__RECORD_KIND__RECORD_KIND_TALK;
    reply = s_do (LEADER_KEY, OK, BODY (FIELD_RECORD_LIST), &list);
    assert_int_equal (reply->field_records->n_records, 1);
    assert_int_equal (reply->field_records->records[0]->talk->n_inspector_names, 2);
    s_done (reply);
}

static void
test_petition_status_moves (void **state)
{
    (void) state;
    Xuncha__PetitionStatusSet set = XUNCHA__PETITION_STATUS_SET__INIT;
    set.record_id = s_petition;
    set.status = XUNCHA__PETITION_STATUS__PETITION_STATUS_REFERRED;
    Xuncha__Reply *reply = s_do (MEMBER_KEY, OK, BODY (PETITION_STATUS_SET), &set);
    assert_int_equal (reply->field_record->petition->status, XUNCHA__PETITION_STATUS__PETITION_STATUS_REFERRED);
    assert_null (reply->field_record->petition->petitioner);
    s_done (reply);
    set.record_id = s_briefing;
    reply = s_do (MEMBER_KEY, CONFLICT, BODY (PETITION_STATUS_SET), &set);
    char expected[100];
    snprintf (expected, sizeof expected, "现场记录 %lld 不是信访，没有办理状态", (long long) s_briefing);
    assert_string_equal (reply->message, expected);
    s_done (reply);
    set.record_id = s_petition;
    s_done (s_do (OTHER_KEY, FORBIDDEN, BODY (PETITION_STATUS_SET), &set));
    s_done (s_do (OFFICE_KEY, FORBIDDEN, BODY (PETITION_STATUS_SET), &set));
    assert_int_equal (xc_test_pg_count ("SELECT petition_status FROM field_record WHERE id = %lld", (long long) s_petition),
                      XUNCHA__PETITION_STATUS__PETITION_STATUS_REFERRED);
}

static Xuncha__Reply *
s_attach (const char *key, int status, int64_t record, const uint8_t *data, size_t size, const char *media_type)
{
    Xuncha__AttachmentAdd add = XUNCHA__ATTACHMENT_ADD__INIT;
    add.record_id = record;
    add.filename = "谈话录音.bin";
    add.media_type = (char *) media_type;
    add.content.data = (uint8_t *) data;
    add.content.len = size;
    return s_do (key, status, BODY (ATTACHMENT_ADD), &add);
}

static Xuncha__Reply *
s_download (const char *key, int status, int64_t attachment)
{
    Xuncha__AttachmentGet get = XUNCHA__ATTACHMENT_GET__INIT;
    get.attachment_id = attachment;
    return s_do (key, status, BODY (ATTACHMENT_GET), &get);
}

static void
test_attachment_round_trip_byte_exact (void **state)
{
    (void) state;
    uint8_t data[4096];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t) (i * 7 + (i >> 8));
    memcpy (data, "\x00\xff\xfe\xc3\x28\x00", 6);   /* zero bytes, invalid UTF-8 */
    uint8_t hash[crypto_hash_sha256_BYTES];
    char hex[sizeof hash * 2 + 1];
    crypto_hash_sha256 (hash, data, sizeof data);
    sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);

    Xuncha__Reply *reply = s_attach (MEMBER_KEY, OK, s_petition, data, sizeof data, "");
    Xuncha__Attachment *attachment = reply->attachment;
    s_attachment = attachment->id;
    assert_int_equal (attachment->record_id, s_petition);
    assert_string_equal (attachment->filename, "谈话录音.bin");
    assert_string_equal (attachment->media_type, "application/octet-stream");
    assert_int_equal (attachment->size, sizeof data);
    assert_string_equal (attachment->sha256, hex);
    assert_string_equal (attachment->uploaded_by, "刘洋");
    s_done (reply);

    /* a known vector: SHA-256 ("abc") */
    reply = s_attach (LEADER_KEY, OK, s_petition, (const uint8_t *) "abc", 3, "text/plain");
    assert_string_equal (reply->attachment->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_string_equal (reply->attachment->media_type, "text/plain");
    s_done (reply);

    const char *readers[] = { MEMBER_KEY, LEADER_KEY, OFFICE_KEY };
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        reply = s_download (readers[i], OK, s_attachment);
        assert_int_equal (reply->attachment_content->content.len, sizeof data);
        assert_memory_equal (reply->attachment_content->content.data, data, sizeof data);
        assert_string_equal (reply->attachment_content->attachment->sha256, hex);
        s_done (reply);
    }
    reply = s_show (MEMBER_KEY, OK, s_petition);
    assert_int_equal (reply->field_record->n_attachments, 2);
    assert_string_equal (reply->field_record->attachments[0]->sha256, hex);
    assert_int_equal (reply->field_record->attachments[1]->size, 3);
    s_done (reply);
    s_done (s_download (MEMBER_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, 999));
}

static void
test_attachment_size_cap_at_the_edge (void **state)
{
    (void) state;
    size_t cap = XC_MAX_ATTACHMENT;
    uint8_t *data = calloc (1, cap + 1);
    data[cap - 1] = 0x42;
    long before = xc_test_pg_count ("SELECT count(*) FROM attachment");
    Xuncha__Reply *reply = s_attach (MEMBER_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, s_briefing, data, cap + 1, "");
    assert_non_null (strstr (reply->message, "attachment_add.content"));
    assert_non_null (strstr (reply->message, "上限 3145728 字节"));
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment"), before);
    /* exactly at the cap: stored, and it comes back whole */
    reply = s_attach (MEMBER_KEY, OK, s_briefing, data, cap, "");
    int64_t id = reply->attachment->id;
    assert_int_equal (reply->attachment->size, cap);
    s_done (reply);
    reply = s_download (LEADER_KEY, OK, id);
    assert_int_equal (reply->attachment_content->content.len, cap);
    assert_memory_equal (reply->attachment_content->content.data, data, cap);
    s_done (reply);
    free (data);
}

static void
test_tampered_attachment_refused (void **state)
{
    (void) state;
    /* a superuser flips one byte behind the server's back: same length, other content */
    PGconn *db = xc_test_pg_connect ();
    char sql[256];
    snprintf (sql, sizeof sql, "UPDATE attachment SET content = set_byte(content, 100, 255 - get_byte(content, 100))"
                               " WHERE id = %lld", (long long) s_attachment);
    PGresult *result = PQexec (db, sql);
    assert_int_equal (PQresultStatus (result), PGRES_COMMAND_OK);
    PQclear (result);
    PQfinish (db);
    Xuncha__Reply *reply = s_download (LEADER_KEY, XUNCHA__STATUS__STATUS_INTERNAL, s_attachment);
    char expected[200];
    snprintf (expected, sizeof expected, "附件 %lld 校验失败：内容与登记的 SHA-256 不符，可能已被篡改",
              (long long) s_attachment);
    assert_string_equal (reply->message, expected);
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY__NOT_SET);
    s_done (reply);
}

static void
test_another_group_and_other_roles_refused (void **state)
{
    (void) state;
    long records = xc_test_pg_count ("SELECT count(*) FROM field_record");
    Xuncha__Reply *reply = s_do (OTHER_KEY, FORBIDDEN, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_group, s_town));
    assert_string_equal (reply->message, "录入现场记录仅限本组，您不是第一巡察组的成员");
    s_done (reply);
    Xuncha__FieldRecordList list = XUNCHA__FIELD_RECORD_LIST__INIT;
    list.group_id = s_group;
    reply = s_do (OTHER_KEY, FORBIDDEN, BODY (FIELD_RECORD_LIST), &list);
    assert_string_equal (reply->message, "查看现场记录仅限本组，您不是第一巡察组的成员");
    s_done (reply);
    reply = s_show (OTHER_KEY, FORBIDDEN, s_briefing);
    assert_null (reply->field_record);
    s_done (reply);
    reply = s_download (OTHER_KEY, FORBIDDEN, s_attachment + 1);
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY__NOT_SET);
    s_done (reply);
    s_done (s_attach (OTHER_KEY, FORBIDDEN, s_briefing, (const uint8_t *) "x", 1, ""));
    /* and group 1 may not write into group 2 */
    s_done (s_do (MEMBER_KEY, FORBIDDEN, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_other_group, s_other_town)));

    const char *outsiders[] = { UNIT_KEY, READER_KEY, DISCIPLINE_KEY, ORGANISATION_KEY };
    for (size_t i = 0; i < sizeof outsiders / sizeof outsiders[0]; i++) {
        reply = s_do (outsiders[i], FORBIDDEN, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_group, s_town));
        assert_non_null (strstr (reply->message, "无权录入现场记录"));
        s_done (reply);
        s_done (s_do (outsiders[i], FORBIDDEN, BODY (FIELD_RECORD_LIST), &list));
        s_done (s_download (outsiders[i], FORBIDDEN, s_attachment + 1));
    }
    /* the 巡察办 reads every group but records nothing itself */
    s_done (s_do (OFFICE_KEY, FORBIDDEN, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_group, s_town)));
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM field_record"), records);
}

static void
test_retried_record_is_stored_once (void **state)
{
    (void) state;
    long records = xc_test_pg_count ("SELECT count(*) FROM field_record");
    Xuncha__Request request;
    char id[37];
    xc_test_request_init (&request, id);
    request.body_case = BODY (FIELD_RECORD_CREATE);
    request.field_record_create = s_briefing_request (s_group, s_town);
    Xuncha__Reply *first = xc_test_serve (s_dispatcher, MEMBER_KEY, &request);
    Xuncha__Reply *second = xc_test_serve (s_dispatcher, MEMBER_KEY, &request);
    assert_int_equal (first->status, OK);
    assert_int_equal (second->field_record->id, first->field_record->id);
    s_done (first);
    s_done (second);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM field_record"), records + 1);
}

static void
test_nothing_recorded_after_reporting (void **state)
{
    (void) state;
    s_advance (XUNCHA__PHASE__PHASE_FACT_FINDING);
    s_done (s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_group, s_town)));
    s_advance (XUNCHA__PHASE__PHASE_REPORTING);
    s_advance (XUNCHA__PHASE__PHASE_FEEDBACK);
    long records = xc_test_pg_count ("SELECT count(*) FROM field_record");
    Xuncha__Reply *reply = s_do (MEMBER_KEY, CONFLICT, BODY (FIELD_RECORD_CREATE), s_briefing_request (s_group, s_town));
    assert_string_equal (reply->message, "录入现场记录只能在“进驻”“了解”“报告”阶段进行，本轮巡察当前处于“反馈”阶段");
    s_done (reply);
    reply = s_attach (MEMBER_KEY, CONFLICT, s_briefing, (const uint8_t *) "x", 1, "");
    assert_non_null (strstr (reply->message, "上传附件只能在"));
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM field_record"), records);
    /* what was recorded stays readable */
    Xuncha__FieldRecordList list = XUNCHA__FIELD_RECORD_LIST__INIT;
    list.group_id = s_group;
    reply = s_do (MEMBER_KEY, OK, BODY (FIELD_RECORD_LIST), &list);
    assert_int_equal ((long) reply->field_records->n_records, records);
    s_done (reply);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_nothing_recorded_before_entry),
        cmocka_unit_test (test_briefing_recorded_and_read_back),
        cmocka_unit_test (test_petition_recorded_identity_kept_apart),
        cmocka_unit_test (test_identity_visible_to_leader_and_office_only),
        cmocka_unit_test (test_lists_never_carry_identity),
        cmocka_unit_test (test_office_lists_identity_reads),
        cmocka_unit_test (test_talk_needs_two_inspectors_of_the_group),
        cmocka_unit_test (test_review_and_visit_recorded_and_listed),
        cmocka_unit_test (test_petition_status_moves),
        cmocka_unit_test (test_attachment_round_trip_byte_exact),
        cmocka_unit_test (test_attachment_size_cap_at_the_edge),
        cmocka_unit_test (test_tampered_attachment_refused),
        cmocka_unit_test (test_another_group_and_other_roles_refused),
        cmocka_unit_test (test_retried_record_is_stored_once),
        cmocka_unit_test (test_nothing_recorded_after_reporting),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
