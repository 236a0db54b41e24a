/* xc_test_world — see xc_test_world.h. */
#include "xc_test_world.h"
#include "xc_test_pg.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static xc_dispatcher_t *s_dispatcher;
static const char *s_office_key;

void
xc_world_init (xc_dispatcher_t *dispatcher, const char *office_key)
{
    s_dispatcher = dispatcher;
    s_office_key = office_key;
}

Xuncha__Reply *
xc_world_expect (const char *key, int status, Xuncha__Request__BodyCase which, void *body)
{
    Xuncha__Reply *reply = xc_test_do (s_dispatcher, key, which, body);
    if ((int) reply->status != status)
        fail_msg ("expected status %d, got %d: %s", status, reply->status, reply->message);
    return reply;
}

void
xc_world_refused (const char *key, int status, const char *needle, Xuncha__Request__BodyCase which, void *body)
{
    Xuncha__Reply *reply = xc_world_expect (key, status, which, body);
    if (!strstr (reply->message, needle))
        fail_msg ("expected \"%s\" in \"%s\"", needle, reply->message);
    xuncha__reply__free_unpacked (reply, NULL);
}

int64_t
xc_world_id (Xuncha__Reply *reply)
{
    int64_t id = 0;
    switch (reply->body_case) {
        case XUNCHA__REPLY__BODY_ORG_UNIT: id = reply->org_unit->id; break;
        case XUNCHA__REPLY__BODY_INSPECTOR: id = reply->inspector->id; break;
        case XUNCHA__REPLY__BODY_ROUND: id = reply->round->id; break;
        case XUNCHA__REPLY__BODY_GROUP: id = reply->group->id; break;
        case XUNCHA__REPLY__BODY_WORKING_PAPER: id = reply->working_paper->id; break;
        case XUNCHA__REPLY__BODY_CLUE: id = reply->clue->id; break;
        case XUNCHA__REPLY__BODY_CLUE_BATCH: id = reply->clue_batch->id; break;
        case XUNCHA__REPLY__BODY_CATEGORY: id = reply->category->id; break;
        case XUNCHA__REPLY__BODY_SPOT_CHECK: id = reply->spot_check->id; break;
        case XUNCHA__REPLY__BODY_FIELD_RECORD: id = reply->field_record->id; break;
        case XUNCHA__REPLY__BODY_ATTACHMENT: id = reply->attachment->id; break;
        default: break;
    }
    xuncha__reply__free_unpacked (reply, NULL);
    return id;
}

int64_t
xc_world_office (Xuncha__Request__BodyCase which, void *body)
{
    return xc_world_id (xc_world_expect (s_office_key, XUNCHA__STATUS__STATUS_OK, which, body));
}

int64_t
xc_world_user (const char *key, int role, int64_t unit, const char *name)
{
    xc_test_add_user (key, role, (long) unit);
    return xc_test_pg_count ("UPDATE app_user SET display_name = '%s' WHERE id = (SELECT user_id FROM user_key"
                             " WHERE public_key = '%s') RETURNING id", name, key);
}

int64_t
xc_world_unit (const char *name, Xuncha__UnitKind kind, int64_t parent)
{
    Xuncha__OrgUnitCreate body = XUNCHA__ORG_UNIT_CREATE__INIT;
    body.name = (char *) name;
    body.kind = kind;
    body.parent_id = parent;
    return xc_world_office (XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE, &body);
}

int64_t
xc_world_round (int number)
{
    Xuncha__RoundCreate round = XUNCHA__ROUND_CREATE__INIT;
    round.committee = "十届区委";
    round.number = number;
    round.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR;
    round.start_date = "2026-03-02";
    round.end_date = "2026-04-30";
    return xc_world_office (XUNCHA__REQUEST__BODY_ROUND_CREATE, &round);
}

int64_t
xc_world_group (int64_t round, int number, int64_t unit)
{
    Xuncha__GroupCreate create = XUNCHA__GROUP_CREATE__INIT;
    create.round_id = round;
    create.number = number;
    Xuncha__GroupUnitAssign assign = XUNCHA__GROUP_UNIT_ASSIGN__INIT;
    assign.group_id = xc_world_office (XUNCHA__REQUEST__BODY_GROUP_CREATE, &create);
    assign.unit_id = unit;
    xc_world_office (XUNCHA__REQUEST__BODY_GROUP_UNIT_ASSIGN, &assign);
    return assign.group_id;
}

void
xc_world_join (int64_t group, const char *name, int64_t home, int64_t user, Xuncha__Position position)
{
    Xuncha__InspectorCreate inspector = XUNCHA__INSPECTOR_CREATE__INIT;
    inspector.name = (char *) name;
    inspector.home_unit_id = home;
    inspector.user_id = user;
    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = group;
    add.inspector_id = xc_world_office (XUNCHA__REQUEST__BODY_INSPECTOR_CREATE, &inspector);
    add.position = position;
    xc_world_office (XUNCHA__REQUEST__BODY_GROUP_MEMBER_ADD, &add);
}

void
xc_world_advance (int64_t round, Xuncha__Phase phase)
{
    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    advance.round_id = round;
    advance.to_phase = phase;
    xc_world_office (XUNCHA__REQUEST__BODY_ROUND_ADVANCE, &advance);
}

void
xc_world_petition (int64_t group, int64_t unit, const char *recorder_key, const char *filename, int64_t *record,
                   int64_t *attachment)
{
    *record = xc_test_pg_count (
        "INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by, body)"
        " SELECT 2, g.round_id, g.id, %lld, '2026-03-05', u.user_id, '反映村干部公款吃喝'"
        " FROM inspection_group g, user_key u WHERE g.id = %lld AND u.public_key = '%s' RETURNING id",
        (long long) unit, (long long) group, recorder_key);
    *attachment = xc_test_pg_count (
        "INSERT INTO attachment (record_id, filename, media_type, size, sha256, content, uploaded_by)"
        " SELECT %lld, '%s', 'application/pdf', 3, sha256('pdf'::bytea), 'pdf'::bytea, user_id"
        " FROM user_key WHERE public_key = '%s' RETURNING id", (long long) *record, filename, recorder_key);
}

/* ------------------------------------------------------------------ the calendar */

const char *
xc_world_calendar_2026_text (void)
{
    static char text[4096];
    static const struct { const char *first; int days; const char *name; } holidays[] = {
        { "2026-01-01", 3, "元旦" }, { "2026-02-15", 9, "春节" }, { "2026-04-04", 3, "清明节" },
        { "2026-05-01", 5, "劳动节" }, { "2026-06-19", 3, "端午节" }, { "2026-09-25", 3, "中秋节" },
        { "2026-10-01", 7, "国庆节" },
    };
    static const char *workdays[][2] = {
        { "2026-01-04", "元旦调休上班" }, { "2026-02-14", "春节调休上班" }, { "2026-02-28", "春节调休上班" },
        { "2026-05-09", "劳动节调休上班" }, { "2026-09-20", "国庆节调休上班" }, { "2026-10-10", "国庆节调休上班" },
    };
    size_t used = (size_t) snprintf (text, sizeof text, "年份 2026\n");
    for (size_t i = 0; i < sizeof holidays / sizeof holidays[0]; i++) {
        int year, month, day;
        sscanf (holidays[i].first, "%d-%d-%d", &year, &month, &day);
        for (int k = 0; k < holidays[i].days; k++) {
            static const int lengths[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
            used += (size_t) snprintf (text + used, sizeof text - used, "%04d-%02d-%02d 休 %s\n", year, month, day,
                                       holidays[i].name);
            if (++day > lengths[month - 1]) {
                day = 1;
                month++;
            }
        }
    }
    for (size_t i = 0; i < sizeof workdays / sizeof workdays[0]; i++)
        used += (size_t) snprintf (text + used, sizeof text - used, "%s 班 %s\n", workdays[i][0], workdays[i][1]);
    return text;
}

void
xc_world_calendar_2026 (void)
{
    Xuncha__CalendarImport import = XUNCHA__CALENDAR_IMPORT__INIT;
    import.text = (char *) xc_world_calendar_2026_text ();
    import.source = "国办发明电〔2025〕 2026年部分节假日安排";
    xuncha__reply__free_unpacked (xc_world_expect (s_office_key, XUNCHA__STATUS__STATUS_OK,
                                                   XUNCHA__REQUEST__BODY_CALENDAR_IMPORT, &import), NULL);
}

/* ------------------------------------------------------------------ the scope world */

#define W_OK XUNCHA__STATUS__STATUS_OK
#define W_BODY(name) XUNCHA__REQUEST__BODY_##name

static void
s_done (Xuncha__Reply *reply)
{
    xuncha__reply__free_unpacked (reply, NULL);
}

/* The pool entry linked to USER. */
static int64_t
s_inspector_of (int64_t user)
{
    return xc_test_pg_count ("SELECT id FROM inspector WHERE user_id = %lld", (long long) user);
}

static void
s_add_member (int64_t group, int64_t inspector, Xuncha__Position position)
{
    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = group;
    add.inspector_id = inspector;
    add.position = position;
    xc_world_office (W_BODY (GROUP_MEMBER_ADD), &add);
}

int64_t
xc_world_record_petition (const char *key, int64_t group, int64_t unit)
{
    Xuncha__PetitionerIdentity who = XUNCHA__PETITIONER_IDENTITY__INIT;
    who.name = "李明";
    who.contact = "13800000000";
    Xuncha__Petition petition = XUNCHA__PETITION__INIT;
    petition.channel = XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_LETTER;
    petition.received_date = "2026-03-05";
    petition.content = "反映村干部公款吃喝";
    petition.petitioner = &who;
    Xuncha__FieldRecordCreate create = XUNCHA__FIELD_RECORD_CREATE__INIT;
    create.group_id = group;
    create.unit_id = unit;
    create.occurred_date = "2026-03-10";
    create.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_PETITION;
    create.petition = &petition;
    return xc_world_id (xc_world_expect (key, W_OK, W_BODY (FIELD_RECORD_CREATE), &create));
}

/* A 信访 of GROUP at UNIT with the petitioner's identity, recorded by KEY's user, and an
 * attachment on it; sets *RECORD and *ATTACHMENT. */
static void
s_petition (const char *key, int64_t group, int64_t unit, int64_t *record, int64_t *attachment)
{
    *record = xc_world_record_petition (key, group, unit);
    Xuncha__AttachmentAdd add = XUNCHA__ATTACHMENT_ADD__INIT;
    add.record_id = *record;
    add.filename = "来信扫描.pdf";
    add.content.data = (uint8_t *) "%PDF-1.4 letter";
    add.content.len = 15;
    *attachment = xc_world_id (xc_world_expect (key, W_OK, W_BODY (ATTACHMENT_ADD), &add));
}

static int64_t
s_draft_paper (const char *key, int64_t group, int64_t unit, const char *title)
{
    Xuncha__WorkingPaperContent content = XUNCHA__WORKING_PAPER_CONTENT__INIT;
    content.title = (char *) title;
    content.facts = "2025年5月至12月，相关账户报销餐费共计2.3万元";
    content.category_id = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '中央八项规定精神'");
    content.basis = "《中国共产党纪律处分条例》第一百一十三条";
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = group;
    draft.unit_id = unit;
    draft.content = &content;
    return xc_world_id (xc_world_expect (key, W_OK, W_BODY (PAPER_DRAFT), &draft));
}

void
xc_world_move_paper (const char *key, int64_t paper, Xuncha__PaperAction action)
{
    Xuncha__PaperTransition move = XUNCHA__PAPER_TRANSITION__INIT;
    move.paper_id = paper;
    move.action = action;
    s_done (xc_world_expect (key, W_OK, W_BODY (PAPER_TRANSITION), &move));
}

/* A 底稿 drafted by MEMBER, signed and included in the report by LEADER. */
static int64_t
s_included_paper (const char *member, const char *leader, int64_t group, int64_t unit, const char *title)
{
    int64_t paper = s_draft_paper (member, group, unit, title);
    xc_world_move_paper (member, paper, XUNCHA__PAPER_ACTION__PAPER_ACTION_SUBMIT);
    xc_world_move_paper (leader, paper, XUNCHA__PAPER_ACTION__PAPER_ACTION_SIGN);
    xc_world_move_paper (leader, paper, XUNCHA__PAPER_ACTION__PAPER_ACTION_INCLUDE);
    return paper;
}

/* A clue of GROUP about a cadre of UNIT, drafted by KEY's user. */
static int64_t
s_draft_clue (const char *key, int64_t group, int64_t unit, const char *person, int cadre_selection)
{
    Xuncha__CluePerson who = XUNCHA__CLUE_PERSON__INIT;
    who.name = (char *) person;
    who.position = "村党支部书记";
    who.unit = "东关村";
    Xuncha__ClueContent content = XUNCHA__CLUE_CONTENT__INIT;
    content.person = &who;
    content.conduct = cadre_selection ? "违规提拔其亲属任村会计" : "以虚开发票方式套取村集体资金用于吃喝";
    content.time_place = "2025年5月至12月，村委会";
    content.amount = "2.3万元";
    content.suggested_disposal = XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_PRELIMINARY_VERIFICATION;
    content.cadre_selection = cadre_selection;
    Xuncha__ClueDraft draft = XUNCHA__CLUE_DRAFT__INIT;
    draft.group_id = group;
    draft.unit_id = unit;
    draft.content = &content;
    return xc_world_id (xc_world_expect (key, W_OK, W_BODY (CLUE_DRAFT), &draft));
}

static int64_t
s_approved_clue (const char *member, const char *leader, int64_t group, int64_t unit, const char *person,
                 int cadre_selection)
{
    int64_t clue = s_draft_clue (member, group, unit, person, cadre_selection);
    Xuncha__ClueApprove approve = XUNCHA__CLUE_APPROVE__INIT;
    approve.clue_id = clue;
    s_done (xc_world_expect (leader, W_OK, W_BODY (CLUE_APPROVE), &approve));
    return clue;
}

static int64_t
s_transfer (const char *leader, int64_t group, int64_t clue, int64_t receiver)
{
    Xuncha__ClueTransfer transfer = XUNCHA__CLUE_TRANSFER__INIT;
    transfer.group_id = group;
    transfer.clue_ids = &clue;
    transfer.n_clue_ids = 1;
    transfer.receiver_unit_id = receiver;
    return xc_world_id (xc_world_expect (leader, W_OK, W_BODY (CLUE_TRANSFER), &transfer));
}

static void
s_scope_people (xc_scope_world_t *w)
{
    w->office = xc_world_user (XC_WORLD_OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0, "巡察办");
    w->reader = xc_world_user (XC_WORLD_READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0, "领导小组成员");
    w->county = xc_world_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    static const char *towns[] = { "城关镇", "河西镇" }, *villages[] = { "东关村", "河西村" };
    for (int g = 0; g < 2; g++) {
        w->town[g] = xc_world_unit (towns[g], XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, w->county);
        w->village[g] = xc_world_unit (villages[g], XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, w->town[g]);
    }
    w->home = xc_world_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, w->county);
    w->discipline_unit = xc_world_unit ("区纪委监委", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, w->county);
    w->organisation_unit = xc_world_unit ("区委组织部", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, w->county);
    w->spare_unit = xc_world_unit ("区住建局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, w->county);
    w->leader[0] = xc_world_user (XC_WORLD_LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, w->home, "张伟");
    w->member[0] = xc_world_user (XC_WORLD_MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, w->home, "刘洋");
    w->leader[1] = xc_world_user (XC_WORLD_LEADER2_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, w->home, "陈静");
    w->member[1] = xc_world_user (XC_WORLD_MEMBER2_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, w->home, "王芳");
    w->discipline = xc_world_user (XC_WORLD_DISCIPLINE_KEY, XUNCHA__ROLE__ROLE_DISCIPLINE, w->discipline_unit,
                                   "区纪委监委案件监督管理室");
    w->organisation = xc_world_user (XC_WORLD_ORGANISATION_KEY, XUNCHA__ROLE__ROLE_ORGANISATION, w->organisation_unit,
                                     "区委组织部干部监督科");
    w->unit_user[0] = xc_world_user (XC_WORLD_UNIT_KEY, XUNCHA__ROLE__ROLE_INSPECTED_UNIT, w->town[0], "城关镇党委");
    w->unit_user[1] = xc_world_user (XC_WORLD_UNIT2_KEY, XUNCHA__ROLE__ROLE_INSPECTED_UNIT, w->town[1], "河西镇党委");
    Xuncha__InspectorCreate spare = XUNCHA__INSPECTOR_CREATE__INIT;
    spare.name = "赵强";
    spare.home_unit_id = w->home;
    w->spare_inspector = xc_world_office (W_BODY (INSPECTOR_CREATE), &spare);
}

static const char *const s_leader_keys[] = { XC_WORLD_LEADER_KEY, XC_WORLD_LEADER2_KEY };
static const char *const s_member_keys[] = { XC_WORLD_MEMBER_KEY, XC_WORLD_MEMBER2_KEY };

/* 第1轮, in 了解: each group's records, 底稿 and clues; 第一巡察组's transfers. */
static void
s_fact_finding_round (xc_scope_world_t *w)
{
    static const char *leaders[] = { "张伟", "陈静" }, *members[] = { "刘洋", "王芳" };
    static const char *persons[] = { "王某某", "赵某某" };
    w->round = xc_world_round (1);
    for (int g = 0; g < 2; g++) {
        w->group[g] = xc_world_group (w->round, g + 1, w->town[g]);
        xc_world_join (w->group[g], leaders[g], w->home, w->leader[g], XUNCHA__POSITION__POSITION_LEADER);
        xc_world_join (w->group[g], members[g], w->home, w->member[g], XUNCHA__POSITION__POSITION_MEMBER);
    }
    xc_world_advance (w->round, XUNCHA__PHASE__PHASE_ENTRY);
    xc_world_advance (w->round, XUNCHA__PHASE__PHASE_FACT_FINDING);
    for (int g = 0; g < 2; g++) {
        s_petition (s_member_keys[g], w->group[g], w->village[g], &w->record[g], &w->attachment[g]);
        w->paper[g] = s_draft_paper (s_member_keys[g], w->group[g], w->village[g], "村集体资金被挪用于吃喝");
        w->clue[g] = s_draft_clue (s_member_keys[g], w->group[g], w->village[g], persons[g], 0);
        w->approved_clue[g] = s_approved_clue (s_member_keys[g], s_leader_keys[g], w->group[g], w->village[g],
                                               persons[g], 0);
    }
    for (int to = 0; to < 2; to++) {
        w->clue_to[to] = s_approved_clue (XC_WORLD_MEMBER_KEY, XC_WORLD_LEADER_KEY, w->group[0], w->village[0],
                                          persons[0], to);
        w->batch[to] = s_transfer (XC_WORLD_LEADER_KEY, w->group[0], w->clue_to[to],
                                   to ? w->organisation_unit : w->discipline_unit);
    }
}

/* 第2轮, in 反馈: a 底稿 of each town included, the feedback recorded, the tasks made. */
static void
s_rectification_round (xc_scope_world_t *w)
{
    w->rectification = xc_world_round (2);
    int64_t papers[2];
    for (int g = 0; g < 2; g++) {
        w->rectification_group[g] = xc_world_group (w->rectification, g + 1, w->town[g]);
        s_add_member (w->rectification_group[g], s_inspector_of (w->leader[g]), XUNCHA__POSITION__POSITION_LEADER);
        s_add_member (w->rectification_group[g], s_inspector_of (w->member[g]), XUNCHA__POSITION__POSITION_MEMBER);
    }
    xc_world_advance (w->rectification, XUNCHA__PHASE__PHASE_ENTRY);
    xc_world_advance (w->rectification, XUNCHA__PHASE__PHASE_FACT_FINDING);
    xc_world_advance (w->rectification, XUNCHA__PHASE__PHASE_REPORTING);
    for (int g = 0; g < 2; g++)
        papers[g] = s_included_paper (s_member_keys[g], s_leader_keys[g], w->rectification_group[g], w->town[g],
                                      "镇政府违规发放津补贴");
    Xuncha__SpotCheckDraw draw = XUNCHA__SPOT_CHECK_DRAW__INIT;
    draw.round_id = w->rectification;
    draw.size = 1;
    w->spot_check = xc_world_office (W_BODY (SPOT_CHECK_DRAW), &draw);
    w->spot_check_paper = xc_test_pg_count ("SELECT paper_id FROM spot_check_item WHERE spot_check_id = %lld",
                                            (long long) w->spot_check);
    xc_world_advance (w->rectification, XUNCHA__PHASE__PHASE_FEEDBACK);
    static const char *const unit_keys[] = { XC_WORLD_UNIT_KEY, XC_WORLD_UNIT2_KEY };
    for (int g = 0; g < 2; g++) {
        Xuncha__FeedbackRecord record = XUNCHA__FEEDBACK_RECORD__INIT;
        record.round_id = w->rectification;
        record.unit_id = w->town[g];
        record.talk_date = "2026-04-15";
        record.meeting_date = "2026-04-16";
        s_done (xc_world_expect (s_office_key, W_OK, W_BODY (FEEDBACK_RECORD), &record));
        w->feedback[g] = xc_test_pg_count ("SELECT id FROM feedback WHERE round_id = %lld AND unit_id = %lld",
                                           (long long) w->rectification, (long long) w->town[g]);
        w->task[g] = xc_test_pg_count ("SELECT id FROM rectification_task WHERE paper_id = %lld", (long long) papers[g]);
        w->plan_task[g] = xc_test_pg_count ("SELECT id FROM rectification_task WHERE feedback_id = %lld AND kind = %d",
                                            (long long) w->feedback[g], XUNCHA__TASK_KIND__TASK_KIND_PLAN);
        Xuncha__AttachmentAdd add = XUNCHA__ATTACHMENT_ADD__INIT;
        add.task_id = w->task[g];
        add.filename = "清退凭证.pdf";
        add.content.data = (uint8_t *) "%PDF-1.4 refund";
        add.content.len = 15;
        w->evidence[g] = xc_world_id (xc_world_expect (unit_keys[g], W_OK, W_BODY (ATTACHMENT_ADD), &add));
    }
    Xuncha__TaskExtensionRequest extension = XUNCHA__TASK_EXTENSION_REQUEST__INIT;
    extension.task_id = w->plan_task[0];
    extension.deadline_date = "2026-06-30";
    extension.reason = "班子调整，整改方案需重新研究";
    s_done (xc_world_expect (XC_WORLD_UNIT_KEY, W_OK, W_BODY (TASK_EXTENSION_REQUEST), &extension));
    w->extension = xc_test_pg_count ("SELECT id FROM task_extension WHERE task_id = %lld", (long long) w->plan_task[0]);
}

void
xc_world_build_scopes (xc_dispatcher_t *dispatcher, xc_scope_world_t *w)
{
    setenv ("XUNCHA_NOW", XC_WORLD_NOW, 1);
    xc_world_init (dispatcher, XC_WORLD_OFFICE_KEY);
    memset (w, 0, sizeof *w);
    s_scope_people (w);
    xc_world_calendar_2026 ();
    s_fact_finding_round (w);
    s_rectification_round (w);
    w->other_round = xc_world_round (3);
    Xuncha__GroupCreate spare = XUNCHA__GROUP_CREATE__INIT;
    spare.round_id = w->other_round;
    spare.number = 1;
    w->spare_group = xc_world_office (W_BODY (GROUP_CREATE), &spare);
    Xuncha__CategoryAdd category = XUNCHA__CATEGORY_ADD__INIT;
    category.name = "其他问题";
    w->spare_category = xc_world_office (W_BODY (CATEGORY_ADD), &category);
}
