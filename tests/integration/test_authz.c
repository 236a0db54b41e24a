/* The authorisation table (server/lib/request_kinds.c), request kind by request kind,
 * role by role, on a real PostgreSQL through the real dispatcher, in the scope world of
 * xc_test_world.h: for every kind and every role,
 *
 *   - a role the table leaves out is refused (FORBIDDEN, "角色“…”无权<label>（<kind>）");
 *   - a role the table lets in is not refused for a record of its own scope (a later
 *     NOT_FOUND or CONFLICT of the request itself is allowed: the bodies are realistic, and
 *     a second role may find done what the first did);
 *   - with a scope narrower than 全委 (本组, 本单位, 本机关) the same request about the other
 *     group's, unit's or receiver's record is refused (FORBIDDEN, "<label>仅限<scope>，…"),
 *     or, for a list, leaves the other's records out — and a list in scope never shows them.
 *
 * Every refusal changes nothing: no audit row (change or read), no stored reply, no
 * outbox event. The cases come from the table: a kind without a case here fails the
 * test by name, so a new request kind cannot skip its authorisation check.
 *
 * Within a group, signing, approving and transferring are the 组长's (a position, not a
 * role): the 组员 in scope is refused for that, "只有…的组长…", which the cases say.
 *
 * A chunked upload is its user's own: past Begin (checked like attachment_add, in and
 * out of scope), the chunks, status and finish of another's upload — of another group
 * or unit — are not found (NOT_FOUND), and leave no trace either. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "request_kinds.h"
#include "xc_codec.h"
#include "xc_names.h"
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define ROLE(name) XUNCHA__ROLE__ROLE_##name
#define FORBIDDEN XUNCHA__STATUS__STATUS_FORBIDDEN

static xc_dispatcher_t *s_dispatcher;
static xc_scope_world_t w;
static PGconn *s_db;   /* the superuser's look: what a refusal left behind */
static int64_t s_category;   /* 中央八项规定精神 */
static int64_t s_reports[2]; /* a 巡察报告 of each group on its town (fixtures: the world is in 了解) */
static struct { int allowed, refused_role, refused_scope, filtered; } s_tally;

/* ------------------------------------------------------------------ who asks, about what */

/* The records a request is about: one actor's own, or another's. 0: none of that kind. */
typedef struct {
    int64_t round, group, unit, record, attachment, paper, clue, approved_clue, batch, task, plan_task, unit_user;
    int64_t report;
    const char *upload;   /* a chunked upload (its id) of the actor's own */
} place_t;

/* Chunked uploads: the actors' own, begun by the upload cases, and the other side's,
 * begun in s_setup; and an id nobody uses, for the roles the table leaves out. */
#define UPLOAD_OF_LEADER "00000000-0000-4000-8000-000000000001"
#define UPLOAD_OF_MEMBER "00000000-0000-4000-8000-000000000002"
#define UPLOAD_OF_UNIT "00000000-0000-4000-8000-000000000003"
#define UPLOAD_OF_LEADER2 "00000000-0000-4000-8000-000000000004"
#define UPLOAD_OF_UNIT2 "00000000-0000-4000-8000-000000000005"
#define UPLOAD_OF_NOBODY "00000000-0000-4000-8000-000000000009"
#define UPLOAD_CONTENT "%PDF-1.4 more"

typedef struct {
    Xuncha__Role role;
    const char *key;
    place_t ours;
    place_t theirs;   /* for a scope narrower than 全委 */
} actor_t;

static actor_t s_actors[XC_ROLE_COUNT];

/* 第一巡察组's side of the world (and 城关镇's tasks): what the committee-wide roles ask about. */
static place_t
s_first_group_side (void)
{
    return (place_t) { .round = w.round, .group = w.group[0], .unit = w.village[0], .record = w.record[0],
                       .attachment = w.attachment[0], .paper = w.paper[0], .clue = w.clue[0],
                       .approved_clue = w.approved_clue[0], .batch = w.batch[0], .task = w.task[0],
                       .plan_task = w.plan_task[0], .unit_user = w.unit_user[0], .report = s_reports[0] };
}

/* A group's side for its inspectors; the other group's round is one they are not in. */
static place_t
s_group_side (int g, int64_t round)
{
    return (place_t) { .round = round, .group = w.group[g], .unit = w.village[g], .record = w.record[g],
                       .attachment = w.attachment[g], .paper = w.paper[g], .clue = w.clue[g],
                       .approved_clue = w.approved_clue[g], .report = s_reports[g] };
}

/* What was transferred to receiver TO (0: 区纪委监委, 1: 区委组织部). */
static place_t
s_receiver_side (int to)
{
    return (place_t) { .clue = w.clue_to[to], .batch = w.batch[to] };
}

/* A town's side for its unit users: its feedback's round, its tasks and evidence. */
static place_t
s_unit_side (int g)
{
    return (place_t) { .round = w.rectification, .unit = w.town[g], .task = w.task[g], .plan_task = w.plan_task[g],
                       .attachment = w.evidence[g], .unit_user = w.unit_user[g] };
}

static void
s_cast (void)
{
    place_t committee = s_first_group_side ();
    s_actors[ROLE (OFFICE)] = (actor_t) { ROLE (OFFICE), XC_WORLD_OFFICE_KEY, committee, { 0 } };
    place_t reader = committee;
    reader.attachment = w.evidence[0];   /* a 只读 reader reads 整改 evidence, never field work */
    s_actors[ROLE (READONLY)] = (actor_t) { ROLE (READONLY), XC_WORLD_READER_KEY, reader, { 0 } };
    s_actors[ROLE (GROUP_LEADER)] = (actor_t) { ROLE (GROUP_LEADER), XC_WORLD_LEADER_KEY, s_group_side (0, w.round),
                                                s_group_side (1, w.other_round) };
    s_actors[ROLE (GROUP_MEMBER)] = (actor_t) { ROLE (GROUP_MEMBER), XC_WORLD_MEMBER_KEY, s_group_side (0, w.round),
                                                s_group_side (1, w.other_round) };
    s_actors[ROLE (DISCIPLINE)] = (actor_t) { ROLE (DISCIPLINE), XC_WORLD_DISCIPLINE_KEY, s_receiver_side (0),
                                              s_receiver_side (1) };
    s_actors[ROLE (ORGANISATION)] = (actor_t) { ROLE (ORGANISATION), XC_WORLD_ORGANISATION_KEY, s_receiver_side (1),
                                                s_receiver_side (0) };
    s_actors[ROLE (INSPECTED_UNIT)] = (actor_t) { ROLE (INSPECTED_UNIT), XC_WORLD_UNIT_KEY, s_unit_side (0),
                                                  s_unit_side (1) };
    s_actors[ROLE (GROUP_LEADER)].ours.upload = UPLOAD_OF_LEADER;
    s_actors[ROLE (GROUP_MEMBER)].ours.upload = UPLOAD_OF_MEMBER;
    s_actors[ROLE (INSPECTED_UNIT)].ours.upload = UPLOAD_OF_UNIT;
    s_actors[ROLE (GROUP_LEADER)].theirs.upload = UPLOAD_OF_LEADER2;
    s_actors[ROLE (GROUP_MEMBER)].theirs.upload = UPLOAD_OF_LEADER2;
    s_actors[ROLE (INSPECTED_UNIT)].theirs.upload = UPLOAD_OF_UNIT2;
}

/* An upload's Begin: UPLOAD_CONTENT for the record (or else the task) of AT. */
static Xuncha__AttachmentUploadBegin *
s_upload_begin (const place_t *at)
{
    static Xuncha__AttachmentUploadBegin m;
    static char sha256[65];
    uint8_t hash[32];
    crypto_hash_sha256 (hash, (const uint8_t *) UPLOAD_CONTENT, strlen (UPLOAD_CONTENT));
    sodium_bin2hex (sha256, sizeof sha256, hash, sizeof hash);
    xuncha__attachment_upload_begin__init (&m);
    m.upload_id = (char *) (at->upload ? at->upload : UPLOAD_OF_NOBODY);
    m.record_id = at->record;
    m.task_id = at->record ? 0 : at->task;
    m.filename = "补充材料.pdf";
    m.size = (int64_t) strlen (UPLOAD_CONTENT);
    m.sha256 = sha256;
    return &m;
}

/* ------------------------------------------------------------------ the bodies */

/* A name not used before ("新设单位 7"), from a ring of buffers that outlives a request. */
static char *
s_fresh (const char *stem)
{
    static char names[4][64];
    static int serial, next;
    char *name = names[next++ % 4];
    snprintf (name, sizeof names[0], "%s %d", stem, ++serial);
    return name;
}

static Xuncha__WorkingPaperContent *
s_paper_content (void)
{
    static Xuncha__WorkingPaperContent content;
    xuncha__working_paper_content__init (&content);
    content.title = "村务公开不及时";
    content.facts = "2025年下半年村务公开栏三个月未更新";
    content.category_id = s_category;
    content.basis = "《村民委员会组织法》第三十条";
    return &content;
}

static Xuncha__ClueContent *
s_clue_content (void)
{
    static Xuncha__CluePerson person;
    static Xuncha__ClueContent content;
    xuncha__clue_person__init (&person);
    xuncha__clue_content__init (&content);
    person.name = "孙某某";
    person.position = "村委会主任";
    person.unit = "东关村";
    content.person = &person;
    content.conduct = "将村集体厂房低价租给其亲属经营";
    content.time_place = "2024年3月，东关村";
    content.amount = "每年少收租金4万元";
    return &content;
}

/* A realistic body of kind WHICH about the records of AT; NULL when this test has no
 * case for the kind. Each is a static message, valid until the next call. */
#define MESSAGE(type, init) static type m; init (&m)
static void *
s_body (Xuncha__Request__BodyCase which, const place_t *at)
{
    switch (which) {
        case BODY (PING): { MESSAGE (Xuncha__Ping, xuncha__ping__init); return &m; }
        case BODY (WHO_AM_I): { MESSAGE (Xuncha__WhoAmI, xuncha__who_am_i__init); return &m; }
        case BODY (ORG_UNIT_CREATE): {
            MESSAGE (Xuncha__OrgUnitCreate, xuncha__org_unit_create__init);
            m.parent_id = w.county;
            m.name = s_fresh ("区直单位");
            m.kind = XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT;
            return &m;
        }
        case BODY (ORG_UNIT_LIST): { MESSAGE (Xuncha__OrgUnitList, xuncha__org_unit_list__init); return &m; }
        case BODY (USER_CREATE): {
            MESSAGE (Xuncha__UserCreate, xuncha__user_create__init);
            static char key[41];
            static int serial;
            snprintf (key, sizeof key, "w-new%035d", ++serial);
            m.public_key = key;
            m.display_name = "新任领导小组成员";
            m.role = ROLE (READONLY);
            return &m;
        }
        case BODY (USER_LIST): { MESSAGE (Xuncha__UserList, xuncha__user_list__init); return &m; }
        case BODY (USER_SET_UNIT_HEAD): {
            MESSAGE (Xuncha__UserSetUnitHead, xuncha__user_set_unit_head__init);
            m.user_id = at->unit_user;
            m.unit_head = true;
            return &m;
        }
        case BODY (INSPECTOR_CREATE): {
            MESSAGE (Xuncha__InspectorCreate, xuncha__inspector_create__init);
            m.name = s_fresh ("人才库人员");
            m.home_unit_id = w.home;
            return &m;
        }
        case BODY (INSPECTOR_RELATION_ADD): {
            MESSAGE (Xuncha__InspectorRelationAdd, xuncha__inspector_relation_add__init);
            m.inspector_id = w.spare_inspector;
            m.unit_id = w.spare_unit;
            m.relation = "配偶任职";
            return &m;
        }
        case BODY (INSPECTOR_LIST): { MESSAGE (Xuncha__InspectorList, xuncha__inspector_list__init); return &m; }
        case BODY (ROUND_CREATE): {
            MESSAGE (Xuncha__RoundCreate, xuncha__round_create__init);
            static int number = 10;
            m.committee = "十届区委";
            m.number = ++number;
            m.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR;
            m.start_date = "2026-09-01";
            m.end_date = "2026-10-31";
            return &m;
        }
        case BODY (ROUND_BATCH_ADD): {
            MESSAGE (Xuncha__RoundBatchAdd, xuncha__round_batch_add__init);
            static int number;
            m.round_id = w.other_round;
            m.number = ++number;
            m.start_date = "2026-03-02";
            m.end_date = "2026-03-31";
            return &m;
        }
        case BODY (ROUND_LIST): { MESSAGE (Xuncha__RoundList, xuncha__round_list__init); return &m; }
        case BODY (ROUND_SHOW): { MESSAGE (Xuncha__RoundShow, xuncha__round_show__init); m.round_id = at->round; return &m; }
        case BODY (ROUND_ADVANCE): {
            MESSAGE (Xuncha__RoundAdvance, xuncha__round_advance__init);
            m.round_id = w.other_round;   /* its group has no 组长: refused as a CONFLICT */
            m.to_phase = XUNCHA__PHASE__PHASE_ENTRY;
            return &m;
        }
        case BODY (GROUP_CREATE): {
            MESSAGE (Xuncha__GroupCreate, xuncha__group_create__init);
            static int number = 1;
            m.round_id = w.other_round;
            m.number = ++number;
            return &m;
        }
        case BODY (GROUP_MEMBER_ADD): {
            MESSAGE (Xuncha__GroupMemberAdd, xuncha__group_member_add__init);
            m.group_id = w.spare_group;
            m.inspector_id = w.spare_inspector;
            m.position = XUNCHA__POSITION__POSITION_MEMBER;
            return &m;
        }
        case BODY (GROUP_MEMBER_REMOVE): {
            MESSAGE (Xuncha__GroupMemberRemove, xuncha__group_member_remove__init);
            m.group_id = w.spare_group;
            m.inspector_id = w.spare_inspector;
            return &m;
        }
        case BODY (GROUP_UNIT_ASSIGN): {
            MESSAGE (Xuncha__GroupUnitAssign, xuncha__group_unit_assign__init);
            m.group_id = w.spare_group;
            m.unit_id = w.spare_unit;
            return &m;
        }
        case BODY (GROUP_LIST): { MESSAGE (Xuncha__GroupList, xuncha__group_list__init); m.round_id = at->round; return &m; }
        case BODY (GROUP_SHOW): { MESSAGE (Xuncha__GroupShow, xuncha__group_show__init); m.group_id = at->group; return &m; }
        case BODY (FIELD_RECORD_CREATE): {
            static Xuncha__Briefing briefing;
            xuncha__briefing__init (&briefing);
            briefing.briefer = "镇党委书记";
            briefing.topic = "落实全面从严治党主体责任情况";
            MESSAGE (Xuncha__FieldRecordCreate, xuncha__field_record_create__init);
            m.group_id = at->group;
            m.unit_id = at->unit;
            m.occurred_date = "2026-04-20";
            m.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_BRIEFING;
            m.briefing = &briefing;
            return &m;
        }
        case BODY (FIELD_RECORD_LIST): {
            MESSAGE (Xuncha__FieldRecordList, xuncha__field_record_list__init);
            m.group_id = at->group;
            return &m;
        }
        case BODY (FIELD_RECORD_SHOW): {
            MESSAGE (Xuncha__FieldRecordShow, xuncha__field_record_show__init);
            m.record_id = at->record;
            return &m;
        }
        case BODY (PETITION_STATUS_SET): {
            MESSAGE (Xuncha__PetitionStatusSet, xuncha__petition_status_set__init);
            m.record_id = at->record;
            m.status = XUNCHA__PETITION_STATUS__PETITION_STATUS_UNDERSTOOD;
            return &m;
        }
        case BODY (ATTACHMENT_ADD): {   /* a group's record, or a unit's task */
            MESSAGE (Xuncha__AttachmentAdd, xuncha__attachment_add__init);
            m.record_id = at->record;
            m.task_id = at->record ? 0 : at->task;
            m.filename = "补充材料.pdf";
            m.content.data = (uint8_t *) "%PDF-1.4 more";
            m.content.len = 13;
            return &m;
        }
        case BODY (ATTACHMENT_GET): {
            MESSAGE (Xuncha__AttachmentGet, xuncha__attachment_get__init);
            m.attachment_id = at->attachment;
            return &m;
        }
        case BODY (IDENTITY_READ_LIST): {
            MESSAGE (Xuncha__IdentityReadList, xuncha__identity_read_list__init);
            m.record_id = at->record;
            return &m;
        }
        case BODY (PAPER_DRAFT): {
            MESSAGE (Xuncha__PaperDraft, xuncha__paper_draft__init);
            m.group_id = at->group;
            m.unit_id = at->unit;
            m.content = s_paper_content ();
            return &m;
        }
        case BODY (PAPER_EDIT): {
            MESSAGE (Xuncha__PaperEdit, xuncha__paper_edit__init);
            m.paper_id = at->paper;
            m.content = s_paper_content ();
            return &m;
        }
        case BODY (PAPER_TRANSITION): {
            MESSAGE (Xuncha__PaperTransition, xuncha__paper_transition__init);
            m.paper_id = at->paper;
            m.action = XUNCHA__PAPER_ACTION__PAPER_ACTION_SUBMIT;
            return &m;
        }
        case BODY (PAPER_LIST): { MESSAGE (Xuncha__PaperList, xuncha__paper_list__init); m.group_id = at->group; return &m; }
        case BODY (PAPER_SHOW): { MESSAGE (Xuncha__PaperShow, xuncha__paper_show__init); m.paper_id = at->paper; return &m; }
        case BODY (PAPER_HISTORY_SHOW): {
            MESSAGE (Xuncha__PaperHistoryShow, xuncha__paper_history_show__init);
            m.paper_id = at->paper;
            return &m;
        }
        case BODY (CATEGORY_LIST): { MESSAGE (Xuncha__CategoryList, xuncha__category_list__init); return &m; }
        case BODY (CATEGORY_ADD): {
            MESSAGE (Xuncha__CategoryAdd, xuncha__category_add__init);
            m.parent_id = w.spare_category;
            m.name = s_fresh ("细项");
            return &m;
        }
        case BODY (CATEGORY_RENAME): {
            MESSAGE (Xuncha__CategoryRename, xuncha__category_rename__init);
            m.category_id = w.spare_category;
            m.name = s_fresh ("其他问题");
            return &m;
        }
        case BODY (CATEGORY_RETIRE): {
            MESSAGE (Xuncha__CategoryRetire, xuncha__category_retire__init);
            m.category_id = w.spare_category;
            return &m;
        }
        case BODY (SPOT_CHECK_DRAW): {
            MESSAGE (Xuncha__SpotCheckDraw, xuncha__spot_check_draw__init);
            m.round_id = w.rectification;
            m.size = 1;
            return &m;
        }
        case BODY (SPOT_CHECK_RECORD): {
            MESSAGE (Xuncha__SpotCheckRecord, xuncha__spot_check_record__init);
            m.spot_check_id = w.spot_check;
            m.paper_id = w.spot_check_paper;
            m.result = XUNCHA__SPOT_CHECK_RESULT__SPOT_CHECK_RESULT_PASSED;
            return &m;
        }
        case BODY (SPOT_CHECK_LIST): {
            MESSAGE (Xuncha__SpotCheckList, xuncha__spot_check_list__init);
            m.round_id = w.rectification;
            return &m;
        }
        case BODY (PROGRESS_SHOW): {
            MESSAGE (Xuncha__ProgressShow, xuncha__progress_show__init);
            m.round_id = at->round ? at->round : w.round;
            m.group_id = at->group;
            return &m;
        }
        case BODY (CLUE_DRAFT): {
            MESSAGE (Xuncha__ClueDraft, xuncha__clue_draft__init);
            m.group_id = at->group;
            m.unit_id = at->unit;
            m.content = s_clue_content ();
            return &m;
        }
        case BODY (CLUE_APPROVE): { MESSAGE (Xuncha__ClueApprove, xuncha__clue_approve__init); m.clue_id = at->clue; return &m; }
        case BODY (CLUE_TRANSFER): {
            MESSAGE (Xuncha__ClueTransfer, xuncha__clue_transfer__init);
            static int64_t clue;
            clue = at->approved_clue;
            m.group_id = at->group;
            m.clue_ids = &clue;
            m.n_clue_ids = 1;
            m.receiver_unit_id = w.discipline_unit;
            return &m;
        }
        case BODY (CLUE_RECEIVE): { MESSAGE (Xuncha__ClueReceive, xuncha__clue_receive__init); m.batch_id = at->batch; return &m; }
        case BODY (CLUE_DISPOSE): {
            MESSAGE (Xuncha__ClueDispose, xuncha__clue_dispose__init);
            m.clue_id = at->clue;
            m.disposal = XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_PRELIMINARY_VERIFICATION;
            m.note = "交第三纪检监察室初步核实";
            return &m;
        }
        case BODY (CLUE_REPORT_RESULT): {
            MESSAGE (Xuncha__ClueReportResult, xuncha__clue_report_result__init);
            m.clue_id = at->clue;
            m.result = "经初步核实，问题属实，已立案审查";
            return &m;
        }
        case BODY (CLUE_RATE): {
            MESSAGE (Xuncha__ClueRate, xuncha__clue_rate__init);
            m.clue_id = at->clue;
            m.quality = 4;
            m.comment = "要素齐全";
            return &m;
        }
        case BODY (CLUE_LIST): { MESSAGE (Xuncha__ClueList, xuncha__clue_list__init); m.group_id = at->group; return &m; }
        case BODY (CLUE_SHOW): { MESSAGE (Xuncha__ClueShow, xuncha__clue_show__init); m.clue_id = at->clue; return &m; }
        case BODY (CLUE_QUALITY_SHOW): {
            MESSAGE (Xuncha__ClueQualityShow, xuncha__clue_quality_show__init);
            m.round_id = w.round;
            return &m;
        }
        case BODY (SETTING_LIST): { MESSAGE (Xuncha__SettingList, xuncha__setting_list__init); return &m; }
        case BODY (SETTING_SET): {
            MESSAGE (Xuncha__SettingSet, xuncha__setting_set__init);
            m.key = "clue_feedback_months";
            m.value = "3";
            return &m;
        }
        case BODY (CALENDAR_IMPORT): {
            MESSAGE (Xuncha__CalendarImport, xuncha__calendar_import__init);
            m.text = (char *) xc_world_calendar_2026_text ();
            m.source = "国办发明电〔2025〕";
            return &m;
        }
        case BODY (CALENDAR_SHOW): { MESSAGE (Xuncha__CalendarShow, xuncha__calendar_show__init); m.year = 2026; return &m; }
        case BODY (CALENDAR_DEADLINE): {
            MESSAGE (Xuncha__CalendarDeadline, xuncha__calendar_deadline__init);
            m.from_date = "2026-04-16";
            m.workdays = 15;
            return &m;
        }
        case BODY (FEEDBACK_RECORD): {   /* given already: refused as a CONFLICT */
            MESSAGE (Xuncha__FeedbackRecord, xuncha__feedback_record__init);
            m.round_id = w.rectification;
            m.unit_id = w.town[0];
            m.talk_date = "2026-04-15";
            m.meeting_date = "2026-04-16";
            return &m;
        }
        case BODY (FEEDBACK_LIST): {
            MESSAGE (Xuncha__FeedbackList, xuncha__feedback_list__init);
            m.round_id = w.rectification;
            return &m;
        }
        case BODY (TASK_LIST): { MESSAGE (Xuncha__TaskList, xuncha__task_list__init); m.round_id = w.rectification; return &m; }
        case BODY (TASK_SHOW): { MESSAGE (Xuncha__TaskShow, xuncha__task_show__init); m.task_id = at->task; return &m; }
        case BODY (TASK_ASSIGN): {
            MESSAGE (Xuncha__TaskAssign, xuncha__task_assign__init);
            m.task_id = at->task;
            m.handler_user_id = at->unit_user;
            m.measures = "清退违规发放的津补贴，建立审批台账";
            return &m;
        }
        case BODY (TASK_REPORT): {
            MESSAGE (Xuncha__TaskReport, xuncha__task_report__init);
            m.task_id = at->task;
            m.action = XUNCHA__TASK_ACTION__TASK_ACTION_START;
            return &m;
        }
        case BODY (TASK_VERIFY): {   /* not completed: refused as a CONFLICT */
            MESSAGE (Xuncha__TaskVerify, xuncha__task_verify__init);
            m.task_id = at->task;
            m.action = XUNCHA__TASK_ACTION__TASK_ACTION_VERIFY;
            return &m;
        }
        case BODY (TASK_EXTENSION_REQUEST): {
            MESSAGE (Xuncha__TaskExtensionRequest, xuncha__task_extension_request__init);
            m.task_id = at->task;
            m.deadline_date = "2026-08-31";
            m.reason = "涉及资金清退，需协调多个部门";
            return &m;
        }
        case BODY (TASK_EXTENSION_DECIDE): {
            MESSAGE (Xuncha__TaskExtensionDecide, xuncha__task_extension_decide__init);
            m.extension_id = w.extension;
            m.approve = true;
            return &m;
        }
        case BODY (RECTIFICATION_SHOW): {
            MESSAGE (Xuncha__RectificationShow, xuncha__rectification_show__init);
            m.round_id = w.rectification;
            m.unit_id = at->unit;
            return &m;
        }
        case BODY (AUDIT_VERIFY): { MESSAGE (Xuncha__AuditVerify, xuncha__audit_verify__init); return &m; }
        case BODY (AUDIT_LIST): { MESSAGE (Xuncha__AuditList, xuncha__audit_list__init); return &m; }
        case BODY (KEY_ISSUE): {
            MESSAGE (Xuncha__KeyIssue, xuncha__key_issue__init);
            static char key[41];
            static int serial;
            snprintf (key, sizeof key, "w-key%035d", ++serial);
            m.user_id = w.unit_user[0];
            m.public_key = key;
            return &m;
        }
        case BODY (KEY_LIST): { MESSAGE (Xuncha__KeyList, xuncha__key_list__init); return &m; }
        case BODY (ROUND_ARCHIVE): {   /* a round in 准备: refused as a CONFLICT, nothing sealed */
            MESSAGE (Xuncha__RoundArchive, xuncha__round_archive__init);
            m.round_id = w.other_round;
            return &m;
        }
        case BODY (ARCHIVE_SHOW): {   /* not archived: NOT_FOUND */
            MESSAGE (Xuncha__ArchiveShow, xuncha__archive_show__init);
            m.round_id = w.rectification;
            return &m;
        }
        case BODY (ARCHIVE_FILE_GET): {
            MESSAGE (Xuncha__ArchiveFileGet, xuncha__archive_file_get__init);
            m.round_id = w.rectification;
            m.path = "manifest.json";
            return &m;
        }
        case BODY (SYNC_BATCH): {   /* one entry, a read: refused inside, the batch answered */
            MESSAGE (Xuncha__SyncBatch, xuncha__sync_batch__init);
            static ProtobufCBinaryData entry;
            static char id[37];
            Xuncha__Request ping;
            Xuncha__Ping body = XUNCHA__PING__INIT;
            xc_test_request_init (&ping, id);
            ping.body_case = BODY (PING);
            ping.ping = &body;
            free (entry.data);
            entry.data = xc_pack (&ping.base, &entry.len);
            m.entries = &entry;
            m.n_entries = 1;
            return &m;
        }
        case BODY (ATTACHMENT_UPLOAD_BEGIN): return s_upload_begin (at);
        case BODY (ATTACHMENT_UPLOAD_CHUNK): {
            MESSAGE (Xuncha__AttachmentUploadChunk, xuncha__attachment_upload_chunk__init);
            m.upload_id = (char *) (at->upload ? at->upload : UPLOAD_OF_NOBODY);
            m.data.data = (uint8_t *) UPLOAD_CONTENT;
            m.data.len = strlen (UPLOAD_CONTENT);
            return &m;
        }
        case BODY (ATTACHMENT_UPLOAD_STATUS): {
            MESSAGE (Xuncha__AttachmentUploadStatus, xuncha__attachment_upload_status__init);
            m.upload_id = (char *) (at->upload ? at->upload : UPLOAD_OF_NOBODY);
            return &m;
        }
        case BODY (ATTACHMENT_UPLOAD_FINISH): {
            MESSAGE (Xuncha__AttachmentUploadFinish, xuncha__attachment_upload_finish__init);
            m.upload_id = (char *) (at->upload ? at->upload : UPLOAD_OF_NOBODY);
            return &m;
        }
        case BODY (REPORT_BUILD): {   /* the round is in 了解: refused as a CONFLICT */
            MESSAGE (Xuncha__ReportBuild, xuncha__report_build__init);
            m.group_id = at->group;
            m.unit_id = at->unit;
            m.kind = XUNCHA__REPORT_KIND__REPORT_KIND_INSPECTION;
            return &m;
        }
        case BODY (REPORT_EDIT): {
            MESSAGE (Xuncha__ReportEdit, xuncha__report_edit__init);
            m.report_id = at->report;
            m.section_key = "overview";
            m.text = "基本情况";
            return &m;
        }
        case BODY (REPORT_TRANSITION): {   /* 退回: the 巡察办's and the 组长's; a draft: a CONFLICT */
            MESSAGE (Xuncha__ReportTransition, xuncha__report_transition__init);
            m.report_id = at->report;
            m.action = XUNCHA__REPORT_ACTION__REPORT_ACTION_RETURN;
            m.reason = "意见建议不具体";
            return &m;
        }
        case BODY (REPORT_SHOW): { MESSAGE (Xuncha__ReportShow, xuncha__report_show__init); m.report_id = at->report; return &m; }
        case BODY (REPORT_LIST): { MESSAGE (Xuncha__ReportList, xuncha__report_list__init); m.group_id = at->group; return &m; }
        case BODY (KEY_REVOKE): {   /* no such key: the 巡察办's keys are the world's, not to be revoked here */
            MESSAGE (Xuncha__KeyRevoke, xuncha__key_revoke__init);
            m.key_id = 999999;
            m.reason = "笔记本电脑遗失";
            return &m;
        }
        case BODY (STATISTICS_QUERY): {
            MESSAGE (Xuncha__StatisticsQuery, xuncha__statistics_query__init);
            static int64_t rounds[1];
            rounds[0] = w.rectification;
            m.round_ids = rounds;
            m.n_round_ids = 1;
            return &m;
        }
        case BODY (CONDUCT_RATE): {   /* the group that inspected AT's town (第2轮, after the feedback) */
            MESSAGE (Xuncha__ConductRate, xuncha__conduct_rate__init);
            m.group_id = w.rectification_group[at->unit == w.town[1]];
            m.score = 4;
            m.comment = "纪律严明，未干扰正常工作";
            return &m;
        }
        case BODY (CONDUCT_RATING_LIST): {
            MESSAGE (Xuncha__ConductRatingList, xuncha__conduct_rating_list__init);
            m.round_id = w.rectification;
            return &m;
        }
        case BODY (INSPECTOR_APPRAISE): {   /* 第2轮 is in 反馈: refused as a CONFLICT */
            MESSAGE (Xuncha__InspectorAppraise, xuncha__inspector_appraise__init);
            m.round_id = w.rectification;
            m.inspector_id = xc_test_pg_count ("SELECT id FROM inspector WHERE user_id = %lld", (long long) w.leader[0]);
            m.grade = XUNCHA__APPRAISAL_GRADE__APPRAISAL_GRADE_COMPETENT;
            return &m;
        }
        case BODY (INSPECTOR_APPRAISAL_LIST): {
            MESSAGE (Xuncha__InspectorAppraisalList, xuncha__inspector_appraisal_list__init);
            m.round_id = w.rectification;
            return &m;
        }
        default: return NULL;
    }
}

/* ------------------------------------------------------------------ lists */

/* Whether REPLY, a list, shows any record of THEIRS. */
static bool
s_shows (const Xuncha__Reply *reply, const place_t *theirs)
{
#define ANY(count, test) for (size_t i = 0; i < (count); i++) if (test) return true; return false
    switch (reply->body_case) {
        case XUNCHA__REPLY__BODY_ROUNDS: ANY (reply->rounds->n_rounds, reply->rounds->rounds[i]->id == theirs->round);
        case XUNCHA__REPLY__BODY_ROUND_DETAIL:
            ANY (reply->round_detail->n_groups, reply->round_detail->groups[i]->id == theirs->group);
        case XUNCHA__REPLY__BODY_GROUPS: ANY (reply->groups->n_groups, reply->groups->groups[i]->id == theirs->group);
        case XUNCHA__REPLY__BODY_USERS:
            ANY (reply->users->n_users, theirs->unit && reply->users->users[i]->org_unit_id == theirs->unit);
        case XUNCHA__REPLY__BODY_FIELD_RECORDS:
            ANY (reply->field_records->n_records, reply->field_records->records[i]->group_id == theirs->group);
        case XUNCHA__REPLY__BODY_WORKING_PAPERS:
            ANY (reply->working_papers->n_papers, reply->working_papers->papers[i]->group_id == theirs->group);
        case XUNCHA__REPLY__BODY_PROGRESS:
            ANY (reply->progress->n_groups, reply->progress->groups[i]->group_id == theirs->group);
        case XUNCHA__REPLY__BODY_CLUES:
            ANY (reply->clues->n_clues, reply->clues->clues[i]->id == theirs->clue
                                        || (theirs->group && reply->clues->clues[i]->group_id == theirs->group));
        case XUNCHA__REPLY__BODY_FEEDBACKS:
            ANY (reply->feedbacks->n_feedbacks, reply->feedbacks->feedbacks[i]->unit_id == theirs->unit);
        case XUNCHA__REPLY__BODY_TASKS: ANY (reply->tasks->n_tasks, reply->tasks->tasks[i]->unit_id == theirs->unit);
        case XUNCHA__REPLY__BODY_REPORTS:
            ANY (reply->reports->n_reports, reply->reports->reports[i]->group_id == theirs->group);
        default: return false;
    }
#undef ANY
}

/* A list of the whole scope, without a parameter naming a record: asked about another's
 * records it cannot be; it leaves them out. With a filter, a list out of scope is refused. */
static bool
s_filters (Xuncha__Request__BodyCase which, xc_scope_t scope)
{
    switch (which) {
        case BODY (ROUND_LIST): case BODY (USER_LIST): case BODY (FEEDBACK_LIST): case BODY (TASK_LIST): return true;
        case BODY (CLUE_LIST): return scope == XC_SCOPE_RECEIVER;   /* a receiver's list: its unit's, by group */
        default: return false;
    }
}

/* The steps of a chunked upload after Begin: the caller's own uploads only. */
static bool
s_own_upload_only (Xuncha__Request__BodyCase which)
{
    return which == BODY (ATTACHMENT_UPLOAD_CHUNK) || which == BODY (ATTACHMENT_UPLOAD_STATUS)
           || which == BODY (ATTACHMENT_UPLOAD_FINISH);
}

/* Signing, approving, transferring: the group's 组长 only. */
static bool
s_leader_only (Xuncha__Request__BodyCase which)
{
    return which == BODY (CLUE_APPROVE) || which == BODY (CLUE_TRANSFER) || which == BODY (REPORT_TRANSITION);
}

/* ------------------------------------------------------------------ serving and judging */

typedef struct {
    long changes, reads, replies, events;
} traces_t;

static traces_t
s_traces (void)
{
    return (traces_t) {
        xc_test_pg_scalar (s_db, "SELECT count(*) FROM audit_log WHERE action NOT LIKE 'read\\_%'"),
        xc_test_pg_scalar (s_db, "SELECT count(*) FROM audit_log WHERE action LIKE 'read\\_%'"),
        xc_test_pg_scalar (s_db, "SELECT count(*) FROM request_reply"),
        xc_test_pg_scalar (s_db, "SELECT count(*) FROM outbox_event"),
    };
}

static Xuncha__Reply *
s_serve (const actor_t *actor, Xuncha__Request__BodyCase which, void *body)
{
    return xc_test_do (s_dispatcher, actor->key, which, body);
}

/* A refusal STATUS whose message holds NEEDLE, that left no trace. */
static void
s_expect_refused (const xc_request_kind_t *kind, const actor_t *actor, void *body, int status, const char *needle,
                  const char *what)
{
    traces_t before = s_traces ();
    Xuncha__Reply *reply = s_serve (actor, kind->body, body);
    const char *role = xc_label (&xuncha__role__descriptor, actor->role);
    if ((int) reply->status != status || !strstr (reply->message, needle))
        fail_msg ("%s, %s, %s: expected status %d naming \"%s\", got status %d \"%s\"", kind->name, role, what, status,
                  needle, reply->status, reply->message);
    traces_t after = s_traces ();
    if (memcmp (&before, &after, sizeof before) != 0)
        fail_msg ("%s, %s, %s: the refusal left a trace (audit %ld→%ld, reads %ld→%ld, replies %ld→%ld, events %ld→%ld)",
                  kind->name, role, what, before.changes, after.changes, before.reads, after.reads, before.replies,
                  after.replies, before.events, after.events);
    xuncha__reply__free_unpacked (reply, NULL);
}

/* Not refused: any status but FORBIDDEN (the 组员 asking what only the 组长 may do is
 * refused for that, and only for that). */
static Xuncha__Reply *
s_expect_allowed (const xc_request_kind_t *kind, const actor_t *actor, void *body)
{
    Xuncha__Reply *reply = s_serve (actor, kind->body, body);
    const char *role = xc_label (&xuncha__role__descriptor, actor->role);
    bool position_rule = s_leader_only (kind->body) && actor->role == ROLE (GROUP_MEMBER);
    if (position_rule && !(reply->status == FORBIDDEN && strstr (reply->message, "的组长")))
        fail_msg ("%s, %s: expected the 组长's rule, got status %d \"%s\"", kind->name, role, reply->status,
                  reply->message);
    if (!position_rule && reply->status == FORBIDDEN)
        fail_msg ("%s, %s, in scope (%s): refused \"%s\"", kind->name, role,
                  xc_scope_label (xc_request_kind_scope (kind, actor->role)), reply->message);
    return reply;
}

/* One kind, one role: what the table says, in scope and out of it. */
static void
s_check (const xc_request_kind_t *kind, const actor_t *actor)
{
    xc_scope_t scope = xc_request_kind_scope (kind, actor->role);
    /* a role the table leaves out asks what the 巡察办 would: a body that passes the edge */
    void *body = s_body (kind->body, scope == XC_SCOPE_NONE ? &s_actors[ROLE (OFFICE)].ours : &actor->ours);
    if (!body)
        fail_msg ("request kind %s has no case in test_authz.c: add one (s_body)", kind->name);
    if (scope == XC_SCOPE_NONE) {
        char needle[256];
        snprintf (needle, sizeof needle, "角色“%s”无权%s（%s）", xc_label (&xuncha__role__descriptor, actor->role),
                  kind->label, kind->name);
        s_expect_refused (kind, actor, body, FORBIDDEN, needle, "not in the table");
        s_tally.refused_role++;
        return;
    }
    Xuncha__Reply *reply = s_expect_allowed (kind, actor, body);
    s_tally.allowed++;
    bool narrow = scope == XC_SCOPE_GROUP || scope == XC_SCOPE_UNIT || scope == XC_SCOPE_RECEIVER;
    if (narrow && s_shows (reply, &actor->theirs))
        fail_msg ("%s, %s: the list shows a record outside its scope (%s)", kind->name,
                  xc_label (&xuncha__role__descriptor, actor->role), xc_scope_label (scope));
    xuncha__reply__free_unpacked (reply, NULL);
    if (!narrow)
        return;
    body = s_body (kind->body, &actor->theirs);
    if (s_filters (kind->body, scope)) {
        reply = s_serve (actor, kind->body, body);
        if (reply->status != XUNCHA__STATUS__STATUS_OK || s_shows (reply, &actor->theirs))
            fail_msg ("%s, %s: out of scope, expected a list without the others' records, got status %d \"%s\"",
                      kind->name, xc_label (&xuncha__role__descriptor, actor->role), reply->status, reply->message);
        xuncha__reply__free_unpacked (reply, NULL);
        s_tally.filtered++;
        return;
    }
    if (s_own_upload_only (kind->body)) {
        s_expect_refused (kind, actor, body, XUNCHA__STATUS__STATUS_NOT_FOUND, "不是本人开始的", "another's upload");
        s_tally.refused_scope++;
        return;
    }
    char needle[256];
    snprintf (needle, sizeof needle, "%s仅限%s，", kind->label, xc_scope_label (scope));
    s_expect_refused (kind, actor, body, FORBIDDEN, needle, "out of scope");
    s_tally.refused_scope++;
}

/* ------------------------------------------------------------------ tests */

static void
test_every_kind_every_role_in_and_out_of_scope (void **state)
{
    (void) state;
    int cases = 0;
    for (size_t i = 0; i < xc_request_kind_count; i++)
        for (int role = ROLE (OFFICE); role <= ROLE (READONLY); role++) {
            s_check (&xc_request_kinds[i], &s_actors[role]);
            cases++;
        }
    assert_int_equal (cases, (int) xc_request_kind_count * 7);
    print_message ("%zu kinds × 7 roles: %d allowed in scope, %d refused by role, %d refused out of scope,"
                   " %d lists confined to the scope\n", xc_request_kind_count, s_tally.allowed, s_tally.refused_role,
                   s_tally.refused_scope, s_tally.filtered);
    assert_true (s_tally.refused_scope > 0 && s_tally.filtered > 0);
}

/* The cells of the table that matter most, spelt out: who reads a clue, in which scope. */
static void
test_the_table_gives_each_role_its_scope (void **state)
{
    (void) state;
    const xc_request_kind_t *show = xc_request_kind_find (BODY (CLUE_SHOW));
    assert_int_equal (xc_request_kind_scope (show, ROLE (OFFICE)), XC_SCOPE_COMMITTEE);
    assert_int_equal (xc_request_kind_scope (show, ROLE (GROUP_LEADER)), XC_SCOPE_GROUP);
    assert_int_equal (xc_request_kind_scope (show, ROLE (GROUP_MEMBER)), XC_SCOPE_GROUP);
    assert_int_equal (xc_request_kind_scope (show, ROLE (DISCIPLINE)), XC_SCOPE_RECEIVER);
    assert_int_equal (xc_request_kind_scope (show, ROLE (ORGANISATION)), XC_SCOPE_RECEIVER);
    assert_int_equal (xc_request_kind_scope (show, ROLE (INSPECTED_UNIT)), XC_SCOPE_NONE);
    assert_int_equal (xc_request_kind_scope (show, ROLE (READONLY)), XC_SCOPE_NONE);
    const xc_request_kind_t *rounds = xc_request_kind_find (BODY (ROUND_LIST));
    assert_int_equal (xc_request_kind_scope (rounds, ROLE (GROUP_MEMBER)), XC_SCOPE_GROUP);
    assert_int_equal (xc_request_kind_scope (rounds, ROLE (READONLY)), XC_SCOPE_COMMITTEE);
    assert_int_equal (xc_request_kind_scope (rounds, ROLE (UNSPECIFIED)), XC_SCOPE_NONE);
}

/* The gap this closes: an inspector no longer lists every round and group. */
static void
test_an_inspector_sees_only_his_rounds_and_groups (void **state)
{
    (void) state;
    Xuncha__RoundList list = XUNCHA__ROUND_LIST__INIT;
    Xuncha__Reply *reply = xc_test_do (s_dispatcher, XC_WORLD_MEMBER2_KEY, BODY (ROUND_LIST), &list);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    assert_int_equal (reply->rounds->n_rounds, 2);   /* 第1轮 and 第2轮, never 第3轮 */
    for (size_t i = 0; i < reply->rounds->n_rounds; i++)
        assert_true (reply->rounds->rounds[i]->id != w.other_round);
    xuncha__reply__free_unpacked (reply, NULL);
    Xuncha__RoundShow show = XUNCHA__ROUND_SHOW__INIT;
    show.round_id = w.round;
    reply = xc_test_do (s_dispatcher, XC_WORLD_MEMBER2_KEY, BODY (ROUND_SHOW), &show);
    assert_int_equal (reply->round_detail->n_groups, 1);
    assert_int_equal (reply->round_detail->groups[0]->id, w.group[1]);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = xc_test_do (s_dispatcher, XC_WORLD_READER_KEY, BODY (ROUND_SHOW), &show);
    assert_int_equal (reply->round_detail->n_groups, 2);
    xuncha__reply__free_unpacked (reply, NULL);
    Xuncha__GroupShow group = XUNCHA__GROUP_SHOW__INIT;
    group.group_id = w.group[0];
    reply = xc_test_do (s_dispatcher, XC_WORLD_MEMBER2_KEY, BODY (GROUP_SHOW), &group);
    assert_int_equal (reply->status, FORBIDDEN);
    assert_string_equal (reply->message, "查看巡察组详情仅限本组，您不是第一巡察组的成员");
    xuncha__reply__free_unpacked (reply, NULL);
}

static int
s_setup (void **state)
{
    (void) state;
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    s_db = xc_test_pg_connect ();
    xc_world_build_scopes (s_dispatcher, &w);
    s_category = xc_test_pg_scalar (s_db, "SELECT id FROM problem_category WHERE name = '中央八项规定精神'");
    for (int g = 0; g < 2; g++) {
        char sql[256];
        snprintf (sql, sizeof sql, "INSERT INTO report (round_id, group_id, unit_id, kind, title, created_by)"
                  " VALUES (%lld, %lld, %lld, 1, '巡察报告', %lld) RETURNING id", (long long) w.round,
                  (long long) w.group[g], (long long) w.town[g], (long long) w.leader[g]);
        s_reports[g] = xc_test_pg_scalar (s_db, sql);
    }
    s_cast ();
    /* the other side's uploads, begun by their own users */
    place_t theirs = s_actors[ROLE (GROUP_LEADER)].theirs;
    xuncha__reply__free_unpacked (xc_world_expect (XC_WORLD_LEADER2_KEY, XUNCHA__STATUS__STATUS_OK,
                                                   BODY (ATTACHMENT_UPLOAD_BEGIN), s_upload_begin (&theirs)), NULL);
    theirs = s_actors[ROLE (INSPECTED_UNIT)].theirs;
    xuncha__reply__free_unpacked (xc_world_expect (XC_WORLD_UNIT2_KEY, XUNCHA__STATUS__STATUS_OK,
                                                   BODY (ATTACHMENT_UPLOAD_BEGIN), s_upload_begin (&theirs)), NULL);
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    PQfinish (s_db);
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_the_table_gives_each_role_its_scope),
        cmocka_unit_test (test_an_inspector_sees_only_his_rounds_and_groups),
        cmocka_unit_test (test_every_kind_every_role_in_and_out_of_scope),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
