/* 整改 on a real PostgreSQL, through the real dispatcher: feedback recorded per unit
 * creates one 整改任务 per 纳入报告 底稿 and the three deliverables (整改方案 15 working
 * days after the feedback meeting on the 2026 calendar, 整改情况报告 and 公开 2 months
 * after it, moved off a Sunday); the refusals (phase, a paper not included, twice, a
 * year the calendar lacks) leave no row; the verification round trip with a rejection;
 * 申请验收 refused without 经办人 or evidence; extensions that keep the original
 * deadline; what is derived from an injected today (days left, working days left,
 * 逾期, the ladder's colour); the reminders armed and disarmed; the supervision view;
 * and each unit confined to its own tasks, never seeing clues, records or papers.
 *
 * Also: a 底稿 is fed back once — in a 巡乡带村 round a township's feedback leaves out
 * the 底稿 of its villages inspected in the round, which get their own, and a 底稿
 * already fed back is refused by number, never an internal error; feedback dates within
 * the round and not after today; extensions to a working day within 12 months of the
 * original deadline, not approved once past; 申请验收 of any task needs 佐证材料;
 * naming the responsible tells them, refusals about them name no one; a unit lists its
 * own users; the 巡察办 sets and clears 主要负责人; long lists are cut with their count.
 *
 * The 2026 calendar (国务院办公厅关于2026年部分节假日安排的通知) and a field record
 * with an attachment are inserted directly: they are fixtures here. */
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
#define LEADER_KEY  "leader0000000000000000000000000000000000"   /* 组长, 第一巡察组 */
#define MEMBER_KEY  "member0000000000000000000000000000000000"   /* 组员, 第一巡察组 */
#define LEADER2_KEY "leader2000000000000000000000000000000000"   /* 组长, 第二巡察组 */
#define LEADER3_KEY "leader3000000000000000000000000000000000"   /* 组长, 第三巡察组 */
#define UNIT_KEY    "unit100000000000000000000000000000000000"   /* 城关镇党委 */
#define HEAD_KEY    "head100000000000000000000000000000000000"  /* 城关镇 主要负责人 */
#define CADRE_KEY   "cadre10000000000000000000000000000000000"  /* 城关镇 分管领导 */
#define CLERK_KEY   "clerk10000000000000000000000000000000000"  /* 城关镇 经办人 */
#define UNIT2_KEY   "unit200000000000000000000000000000000000"   /* 河西镇党委 */
#define GONE_KEY    "gone100000000000000000000000000000000000"  /* 城关镇, 已停用 */

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define BAD_REQUEST XUNCHA__STATUS__STATUS_BAD_REQUEST
#define FORBIDDEN XUNCHA__STATUS__STATUS_FORBIDDEN
#define NOT_FOUND XUNCHA__STATUS__STATUS_NOT_FOUND
#define CONFLICT XUNCHA__STATUS__STATUS_CONFLICT
#define PAPER(name) XUNCHA__PAPER_ACTION__PAPER_ACTION_##name
#define STATUS(name) XUNCHA__TASK_STATUS__TASK_STATUS_##name
#define KIND(name) XUNCHA__TASK_KIND__TASK_KIND_##name
#define ACTION(name) XUNCHA__TASK_ACTION__TASK_ACTION_##name
#define LEVEL(name) XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_##name
#define EVENT(name) XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_##name
#define ROLE(name) XUNCHA__ROLE__ROLE_##name
#define TODAY "2026-04-20T10:00:00"

#define TITLE_A "东关村“两委”班子违规公款吃喝"
#define TITLE_B "镇政府违规发放津补贴"

static xc_dispatcher_t *s_dispatcher;
static int64_t s_round, s_group, s_group2, s_group3;
static int64_t s_town, s_village, s_town2, s_bureau;
/* 巡乡带村: 西关村 of 城关镇 is inspected by 第一巡察组 too; 柳林镇 and its 柳林村 by 第三巡察组 */
static int64_t s_village2, s_town3, s_village3;
static int64_t s_office_user, s_cadre_user, s_clerk_user, s_unit2_user, s_gone_user;
static int64_t s_paper_a, s_paper_b, s_paper_c, s_paper_d, s_paper_e;
static int64_t s_paper_f, s_paper_g, s_paper_h;   /* 西关村's; 柳林镇's and 柳林村's */
static char s_number_c[64];
static int64_t s_record, s_record_attachment;
/* the tasks of 城关镇 (after its feedback) */
static int64_t s_task_a, s_task_b, s_task_plan, s_task_report, s_task_disclosure;
static int64_t s_evidence;

/* ------------------------------------------------------------------ fixtures */

static void
s_sql (const char *sql)
{
    PGconn *db = xc_test_pg_connect ();
    PGresult *result = PQexec (db, sql);
    if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        fail_msg ("%s: %s", sql, PQerrorMessage (db));
    PQclear (result);
    PQfinish (db);
}

/* The first column of the first row of SQL as text ("" when no row), in a static buffer. */
static const char *
s_text (const char *fmt, ...)
{
    static char text[512];
    char sql[1024];
    va_list args;
    va_start (args, fmt);
    vsnprintf (sql, sizeof sql, fmt, args);
    va_end (args);
    PGconn *db = xc_test_pg_connect ();
    PGresult *result = PQexec (db, sql);
    snprintf (text, sizeof text, "%s", PQntuples (result) ? PQgetvalue (result, 0, 0) : "");
    PQclear (result);
    PQfinish (db);
    return text;
}

/* 2026 as the State Council arranged it: 休 days and the 调休 working weekends (班). */
static void
s_calendar_2026 (void)
{
    s_sql ("DELETE FROM calendar_day; DELETE FROM calendar_year;"
           " INSERT INTO calendar_year (year, source) VALUES (2026, '国办发明电〔2025〕 2026年部分节假日安排');"
           " INSERT INTO calendar_day (day, kind, name)"
           " SELECT d::date, 1, n FROM (VALUES"
           "   ('2026-01-01', '2026-01-03', '元旦'), ('2026-02-15', '2026-02-23', '春节'),"
           "   ('2026-04-04', '2026-04-06', '清明节'), ('2026-05-01', '2026-05-05', '劳动节'),"
           "   ('2026-06-19', '2026-06-21', '端午节'), ('2026-09-25', '2026-09-27', '中秋节'),"
           "   ('2026-10-01', '2026-10-07', '国庆节')) AS h (first, last, n),"
           " generate_series(first::date, last::date, '1 day') AS d;"
           " INSERT INTO calendar_day (day, kind, name) VALUES"
           "   ('2026-01-04', 2, '元旦调休上班'), ('2026-02-14', 2, '春节调休上班'), ('2026-02-28', 2, '春节调休上班'),"
           "   ('2026-05-09', 2, '劳动节调休上班'), ('2026-09-20', 2, '国庆节调休上班'),"
           "   ('2026-10-10', 2, '国庆节调休上班')");
}

static int64_t
s_user_id (const char *key)
{
    return xc_test_pg_count ("SELECT user_id FROM user_key WHERE public_key = '%s'", key);
}

/* A paper of GROUP on UNIT drafted by DRAFTER, signed by SIGNER, and included in the
 * report (unless only_signed). */
static int64_t
s_paper (const char *drafter, const char *signer, int64_t group, int64_t unit, const char *title, int only_signed)
{
    Xuncha__WorkingPaperContent content = XUNCHA__WORKING_PAPER_CONTENT__INIT;
    content.title = (char *) title;
    content.facts = "2025年5月至12月，相关账户报销餐费、发放补贴共计2.3万元";
    content.category_id = xc_test_pg_count ("SELECT id FROM problem_category WHERE name = '中央八项规定精神'");
    content.basis = "《中国共产党纪律处分条例》第一百一十三条";
    Xuncha__PaperDraft draft = XUNCHA__PAPER_DRAFT__INIT;
    draft.group_id = group;
    draft.unit_id = unit;
    draft.content = &content;
    int64_t paper = xc_world_id (xc_world_expect (drafter, OK, BODY (PAPER_DRAFT), &draft));
    static const Xuncha__PaperAction steps[] = { PAPER (SUBMIT), PAPER (SIGN), PAPER (INCLUDE) };
    for (size_t i = 0; i < (only_signed ? 2u : 3u); i++) {
        Xuncha__PaperTransition move = XUNCHA__PAPER_TRANSITION__INIT;
        move.paper_id = paper;
        move.action = steps[i];
        xuncha__reply__free_unpacked (xc_world_expect (i ? signer : drafter, OK, BODY (PAPER_TRANSITION), &move), NULL);
    }
    return paper;
}

static void
s_people (void)
{
    s_office_user = xc_world_user (OFFICE_KEY, ROLE (OFFICE), 0, "巡察办");
    xc_world_user (READER_KEY, ROLE (READONLY), 0, "领导小组成员");
    int64_t district = xc_world_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    s_town = xc_world_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_village = xc_world_unit ("东关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, s_town);
    s_town2 = xc_world_unit ("河西镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_bureau = xc_world_unit ("区住建局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    int64_t finance = xc_world_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    xc_world_user (LEADER_KEY, ROLE (GROUP_LEADER), finance, "张伟");
    xc_world_user (MEMBER_KEY, ROLE (GROUP_MEMBER), finance, "刘洋");
    xc_world_user (LEADER2_KEY, ROLE (GROUP_LEADER), finance, "陈静");
    xc_world_user (LEADER3_KEY, ROLE (GROUP_LEADER), finance, "孙丽");
    xc_world_user (UNIT_KEY, ROLE (INSPECTED_UNIT), s_town, "城关镇党委");
    s_cadre_user = xc_world_user (CADRE_KEY, ROLE (INSPECTED_UNIT), s_town, "王副镇长");
    s_clerk_user = xc_world_user (CLERK_KEY, ROLE (INSPECTED_UNIT), s_town, "赵干事");
    s_unit2_user = xc_world_user (UNIT2_KEY, ROLE (INSPECTED_UNIT), s_town2, "河西镇党委");
    s_gone_user = xc_world_user (GONE_KEY, ROLE (INSPECTED_UNIT), s_town, "已调离干部");
    s_sql ("UPDATE app_user SET revoked_at = now()"
           " WHERE id = (SELECT user_id FROM user_key WHERE public_key = '" GONE_KEY "')");
    s_village2 = xc_world_unit ("西关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, s_town);
    s_town3 = xc_world_unit ("柳林镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    s_village3 = xc_world_unit ("柳林村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, s_town3);
    s_round = xc_world_round (5);
    s_group = xc_world_group (s_round, 1, s_town);
    s_group2 = xc_world_group (s_round, 2, s_town2);
    s_group3 = xc_world_group (s_round, 3, s_bureau);
    const int64_t assignments[][2] = { { s_group, s_village2 }, { s_group3, s_town3 }, { s_group3, s_village3 } };
    for (size_t i = 0; i < sizeof assignments / sizeof assignments[0]; i++) {
        Xuncha__GroupUnitAssign assign = XUNCHA__GROUP_UNIT_ASSIGN__INIT;
        assign.group_id = assignments[i][0];
        assign.unit_id = assignments[i][1];
        xuncha__reply__free_unpacked (xc_world_expect (OFFICE_KEY, OK, BODY (GROUP_UNIT_ASSIGN), &assign), NULL);
    }
    xc_world_join (s_group, "张伟", finance, s_user_id (LEADER_KEY), XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_group, "刘洋", finance, s_user_id (MEMBER_KEY), XUNCHA__POSITION__POSITION_MEMBER);
    xc_world_join (s_group2, "陈静", finance, s_user_id (LEADER2_KEY), XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_group3, "孙丽", finance, s_user_id (LEADER3_KEY), XUNCHA__POSITION__POSITION_LEADER);
}

static int
s_setup (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", TODAY, 1);
    const char *conninfo = xc_test_pg_start ();
    s_dispatcher = xc_dispatcher_new (conninfo, XC_MAX_FRAME_DEFAULT);
    xc_world_init (s_dispatcher, OFFICE_KEY);
    s_people ();
    s_calendar_2026 ();
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_ENTRY);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_FACT_FINDING);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_REPORTING);
    xc_world_petition (s_group, s_village, MEMBER_KEY, "报销凭证.pdf", &s_record, &s_record_attachment);
    /* 第一巡察组: two problems fed back (one found in a village of the township), one signed but left out */
    s_paper_a = s_paper (MEMBER_KEY, LEADER_KEY, s_group, s_village, TITLE_A, 0);
    s_paper_b = s_paper (MEMBER_KEY, LEADER_KEY, s_group, s_town, TITLE_B, 0);
    s_paper_c = s_paper (MEMBER_KEY, LEADER_KEY, s_group, s_town, "工程项目未经招标", 1);
    snprintf (s_number_c, sizeof s_number_c, "%s",
              s_text ("SELECT number FROM working_paper WHERE id = %lld", (long long) s_paper_c));
    s_paper_d = s_paper (LEADER2_KEY, LEADER2_KEY, s_group2, s_town2, "村级财务管理混乱", 0);
    s_paper_e = s_paper (LEADER3_KEY, LEADER3_KEY, s_group3, s_bureau, "工程款拨付不规范", 0);
    s_paper_f = s_paper (MEMBER_KEY, LEADER_KEY, s_group, s_village2, "西关村集体土地违规发包", 0);
    s_paper_g = s_paper (LEADER3_KEY, LEADER3_KEY, s_group3, s_town3, "镇村两级债务底数不清", 0);
    s_paper_h = s_paper (LEADER3_KEY, LEADER3_KEY, s_group3, s_village3, "柳林村低保评定不公开", 0);
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

static Xuncha__Reply *
s_feedback_on (const char *now, const char *key, int status, int64_t unit, const char *talk, const char *meeting,
               int64_t *papers, size_t n)
{
    Xuncha__FeedbackRecord record = XUNCHA__FEEDBACK_RECORD__INIT;
    record.round_id = s_round;
    record.unit_id = unit;
    record.talk_date = (char *) talk;
    record.meeting_date = (char *) meeting;
    record.paper_ids = papers;
    record.n_paper_ids = n;
    setenv ("XUNCHA_NOW", now, 1);
    Xuncha__Reply *reply = xc_world_expect (key, status, BODY (FEEDBACK_RECORD), &record);
    setenv ("XUNCHA_NOW", TODAY, 1);
    return reply;
}

/* Recorded the evening of the meeting (a feedback is recorded once it was given). */
static Xuncha__Reply *
s_feedback (const char *key, int status, int64_t unit, const char *talk, const char *meeting, int64_t *papers,
            size_t n)
{
    char now[32];
    snprintf (now, sizeof now, "%.10sT18:00:00", meeting);
    return s_feedback_on (now, key, status, unit, talk, meeting, papers, n);
}

static void
s_feedback_refused (int status, int64_t unit, const char *meeting, int64_t *papers, size_t n, const char *needle)
{
    Xuncha__Reply *reply = s_feedback (OFFICE_KEY, status, unit, "2026-04-27", meeting, papers, n);
    if (!strstr (reply->message, needle))
        fail_msg ("expected \"%s\" in \"%s\"", needle, reply->message);
    xuncha__reply__free_unpacked (reply, NULL);
}

static Xuncha__Reply *
s_show (const char *key, int status, int64_t task)
{
    Xuncha__TaskShow show = XUNCHA__TASK_SHOW__INIT;
    show.task_id = task;
    return xc_world_expect (key, status, BODY (TASK_SHOW), &show);
}

static Xuncha__Reply *
s_report (const char *key, int status, int64_t task, Xuncha__TaskAction action, const char *note)
{
    Xuncha__TaskReport report = XUNCHA__TASK_REPORT__INIT;
    report.task_id = task;
    report.action = action;
    report.note = (char *) note;
    return xc_world_expect (key, status, BODY (TASK_REPORT), &report);
}

/* The unit moves TASK with ACTION and the task reaches STATUS. */
static void
s_reported (int64_t task, Xuncha__TaskAction action, const char *note, Xuncha__TaskStatus status)
{
    Xuncha__Reply *reply = s_report (UNIT_KEY, OK, task, action, note);
    assert_int_equal (reply->task->status, status);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
s_report_refused (const char *key, int status, int64_t task, Xuncha__TaskAction action, const char *note,
                  const char *needle)
{
    Xuncha__TaskReport report = XUNCHA__TASK_REPORT__INIT;
    report.task_id = task;
    report.action = action;
    report.note = (char *) note;
    xc_world_refused (key, status, needle, BODY (TASK_REPORT), &report);
}

static Xuncha__Reply *
s_verify (const char *key, int status, int64_t task, Xuncha__TaskAction action, const char *reason)
{
    Xuncha__TaskVerify verify = XUNCHA__TASK_VERIFY__INIT;
    verify.task_id = task;
    verify.action = action;
    verify.reason = (char *) reason;
    return xc_world_expect (key, status, BODY (TASK_VERIFY), &verify);
}

static Xuncha__Reply *
s_assign (const char *key, int status, int64_t task, int64_t leader, int64_t handler, const char *measures)
{
    Xuncha__TaskAssign assign = XUNCHA__TASK_ASSIGN__INIT;
    assign.task_id = task;
    assign.leader_user_id = leader;
    assign.handler_user_id = handler;
    assign.measures = (char *) measures;
    return xc_world_expect (key, status, BODY (TASK_ASSIGN), &assign);
}

static Xuncha__Reply *
s_upload (const char *key, int status, int64_t record, int64_t task, const char *filename)
{
    Xuncha__AttachmentAdd add = XUNCHA__ATTACHMENT_ADD__INIT;
    add.record_id = record;
    add.task_id = task;
    add.filename = (char *) filename;
    add.media_type = "application/pdf";
    add.content.data = (uint8_t *) "%PDF-1.4 退款凭证";
    add.content.len = strlen ((const char *) add.content.data);
    return xc_world_expect (key, status, BODY (ATTACHMENT_ADD), &add);
}

static Xuncha__Reply *
s_download (const char *key, int status, int64_t attachment)
{
    Xuncha__AttachmentGet get = XUNCHA__ATTACHMENT_GET__INIT;
    get.attachment_id = attachment;
    return xc_world_expect (key, status, BODY (ATTACHMENT_GET), &get);
}

static Xuncha__Reply *
s_list (const char *key, int64_t unit, int overdue_only)
{
    Xuncha__TaskList list = XUNCHA__TASK_LIST__INIT;
    list.round_id = s_round;
    list.unit_id = unit;
    list.overdue_only = overdue_only;
    return xc_world_expect (key, OK, BODY (TASK_LIST), &list);
}

static Xuncha__Reply *
s_extension_request (const char *key, int status, int64_t task, const char *deadline, const char *reason)
{
    Xuncha__TaskExtensionRequest ask = XUNCHA__TASK_EXTENSION_REQUEST__INIT;
    ask.task_id = task;
    ask.deadline_date = (char *) deadline;
    ask.reason = (char *) reason;
    return xc_world_expect (key, status, BODY (TASK_EXTENSION_REQUEST), &ask);
}

static Xuncha__Reply *
s_extension_decide (const char *key, int status, int64_t extension, int approve, const char *comment)
{
    Xuncha__TaskExtensionDecide decide = XUNCHA__TASK_EXTENSION_DECIDE__INIT;
    decide.extension_id = extension;
    decide.approve = approve;
    decide.comment = (char *) comment;
    return xc_world_expect (key, status, BODY (TASK_EXTENSION_DECIDE), &decide);
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
                                        " AND user_id = ANY ('%s'::bigint[])", event, list), count);
}

/* The day TASK's next reminder is armed for, "none" when disarmed. */
static const char *
s_next_reminder (int64_t task)
{
    return s_text ("SELECT coalesce((SELECT next_reminder_on::text FROM task_schedule WHERE task_id = %lld), 'none')",
                   (long long) task);
}

static const char *
s_last_title (int kind)
{
    return s_text ("SELECT title FROM outbox_event WHERE kind = %d ORDER BY id DESC LIMIT 1", kind);
}

/* The users of 城关镇: the unit's account, its 主要负责人, its 分管领导 and its 经办人. */
static void
s_town_users (int64_t users[4])
{
    users[0] = s_user_id (UNIT_KEY);
    users[1] = s_user_id (HEAD_KEY);
    users[2] = s_cadre_user;
    users[3] = s_clerk_user;
}

static long
s_rows_of_rectification (void)
{
    return xc_test_pg_count ("SELECT (SELECT count(*) FROM feedback) + (SELECT count(*) FROM rectification_task)"
                             " + (SELECT count(*) FROM task_event) + (SELECT count(*) FROM outbox_event WHERE kind = %d)"
                             " + (SELECT count(*) FROM change_log WHERE record_type IN ('feedback', 'rectification_task'))",
                             EVENT (TASKS_ASSIGNED));
}

static Xuncha__RectificationTask *
s_find (Xuncha__RectificationTask **tasks, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (tasks[i]->id == id)
            return tasks[i];
    fail_msg ("task %lld not in the list", (long long) id);
    return NULL;
}

/* ------------------------------------------------------------------ users */

static void
test_unit_head_only_for_a_unit_user (void **state)
{
    (void) state;
    Xuncha__UserCreate create = XUNCHA__USER_CREATE__INIT;
    create.public_key = HEAD_KEY;
    create.display_name = "李书记";
    create.role = ROLE (INSPECTED_UNIT);
    create.org_unit_id = s_town;
    create.unit_head = 1;
    Xuncha__Reply *reply = xc_world_expect (OFFICE_KEY, OK, BODY (USER_CREATE), &create);
    assert_true (reply->user->unit_head);
    assert_string_equal (reply->user->org_unit_name, "某某区/城关镇");
    xuncha__reply__free_unpacked (reply, NULL);
    create.public_key = "memb200000000000000000000000000000000000";
    create.display_name = "某组员";
    create.role = ROLE (GROUP_MEMBER);
    create.org_unit_id = 0;
    xc_world_refused (OFFICE_KEY, BAD_REQUEST, "只有被巡察单位的用户可以设为主要负责人（unit_head），该用户的角色是“组员”",
                      BODY (USER_CREATE), &create);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM app_user WHERE display_name = '某组员'"), 0);
    Xuncha__UserList list = XUNCHA__USER_LIST__INIT;
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (USER_LIST), &list);
    size_t heads = 0;
    for (size_t i = 0; i < reply->users->n_users; i++)
        heads += reply->users->users[i]->unit_head;
    assert_int_equal (heads, 1);
    xuncha__reply__free_unpacked (reply, NULL);
}

/* A unit user lists its own unit's active users — whom it may name 责任领导 or 经办人 —
 * and nobody else. */
static void
test_a_unit_lists_its_own_users (void **state)
{
    (void) state;
    Xuncha__UserList list = XUNCHA__USER_LIST__INIT;
    Xuncha__Reply *reply = xc_world_expect (UNIT_KEY, OK, BODY (USER_LIST), &list);
    const char *expected[] = { "城关镇党委", "王副镇长", "赵干事", "李书记" };
    assert_int_equal (reply->users->n_users, 4);
    for (size_t i = 0; i < reply->users->n_users; i++) {
        assert_int_equal (reply->users->users[i]->org_unit_id, s_town);
        assert_string_equal (reply->users->users[i]->display_name, expected[i]);
        assert_false (reply->users->users[i]->revoked);
    }
    xuncha__reply__free_unpacked (reply, NULL);
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (USER_LIST), &list);
    assert_true (reply->users->n_users > 10);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_world_refused (LEADER_KEY, FORBIDDEN, "无权查看用户", BODY (USER_LIST), &list);
}

static Xuncha__Reply *
s_set_head (const char *key, int status, int64_t user, int unit_head)
{
    Xuncha__UserSetUnitHead set = XUNCHA__USER_SET_UNIT_HEAD__INIT;
    set.user_id = user;
    set.unit_head = unit_head;
    return xc_world_expect (key, status, BODY (USER_SET_UNIT_HEAD), &set);
}

/* The 巡察办 makes an existing unit user 主要负责人 and undoes it; nobody else can, and
 * only a 被巡察单位 user can be one. */
static void
test_the_office_sets_and_clears_a_unit_head (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_set_head (OFFICE_KEY, OK, s_cadre_user, 1);
    assert_true (reply->user->unit_head);
    assert_string_equal (reply->user->display_name, "王副镇长");
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM app_user WHERE unit_head AND org_unit_id = %lld",
                                        (long long) s_town), 2);
    reply = s_set_head (OFFICE_KEY, OK, s_cadre_user, 0);
    assert_false (reply->user->unit_head);
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE record_type = 'app_user'"
                                        " AND record_id = %lld AND action IN ('set_unit_head', 'clear_unit_head')",
                                        (long long) s_cadre_user), 2);
    char expected[200];
    snprintf (expected, sizeof expected, "只有被巡察单位的用户可以设为主要负责人：用户 #%lld（张伟）的角色是“组长”",
              (long long) s_user_id (LEADER_KEY));
    reply = s_set_head (OFFICE_KEY, CONFLICT, s_user_id (LEADER_KEY), 1);
    assert_string_equal (reply->message, expected);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_set_head (OFFICE_KEY, CONFLICT, s_gone_user, 1);
    assert_non_null (strstr (reply->message, "账号已停用，不能设为主要负责人"));
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_set_head (OFFICE_KEY, NOT_FOUND, 9999, 1), NULL);
    xuncha__reply__free_unpacked (s_set_head (UNIT_KEY, FORBIDDEN, s_clerk_user, 1), NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM app_user WHERE unit_head"), 1);
}

/* ------------------------------------------------------------------ feedback */

static void
test_feedback_refused_before_the_feedback_phase (void **state)
{
    (void) state;
    s_feedback_refused (CONFLICT, s_town, "2026-04-28", NULL, 0,
                        "登记巡察反馈只能在“反馈”“移交”“整改”阶段进行，本轮巡察当前处于“报告”阶段");
    Xuncha__Reply *reply = s_feedback (UNIT_KEY, FORBIDDEN, s_town, "2026-04-27", "2026-04-28", NULL, 0);
    assert_non_null (strstr (reply->message, "无权登记巡察反馈"));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (s_rows_of_rectification (), 0);
    xc_world_advance (s_round, XUNCHA__PHASE__PHASE_FEEDBACK);
}

static void
test_feedback_refusals_leave_no_rows (void **state)
{
    (void) state;
    char needle[200];
    snprintf (needle, sizeof needle, "问题底稿 %s 未纳入报告（当前为“组长签批”），不能作为反馈的问题", s_number_c);
    int64_t papers[] = { s_paper_a, s_paper_c };
    s_feedback_refused (CONFLICT, s_town, "2026-04-28", papers, 2, needle);
    int64_t other[] = { s_paper_d };
    snprintf (needle, sizeof needle, "问题底稿 %s 不是第一巡察组本轮对某某区/城关镇的底稿",
              s_text ("SELECT number FROM working_paper WHERE id = %lld", (long long) s_paper_d));
    s_feedback_refused (CONFLICT, s_town, "2026-04-28", other, 1, needle);
    int64_t missing[] = { 9999 };
    s_feedback_refused (NOT_FOUND, s_town, "2026-04-28", missing, 1, "问题底稿 #9999 不存在");
    s_feedback_refused (CONFLICT, s_village, "2026-04-28", NULL, 0, "某某区/城关镇/东关村不是本轮巡察的被巡察单位");
    s_feedback_refused (BAD_REQUEST, s_town, "2026-04-26", NULL, 0, "反馈会日期（2026-04-26）不能早于一对一反馈日期（2026-04-27）");
    /* within the round: not before it began (2026-03-02), not after today */
    const struct {
        const char *talk, *meeting, *message;
    } dates[] = {
        { "2026-02-27", "2026-03-01", "反馈会日期（2026-03-01）不能早于本轮巡察的开始日期（2026-03-02）" },
        { "2026-02-27", "2026-03-05", "一对一反馈日期（2026-02-27）不能早于本轮巡察的开始日期（2026-03-02）" },
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        Xuncha__Reply *reply = s_feedback (OFFICE_KEY, BAD_REQUEST, s_town, dates[i].talk, dates[i].meeting, NULL, 0);
        assert_string_equal (reply->message, dates[i].message);
        xuncha__reply__free_unpacked (reply, NULL);
    }
    Xuncha__Reply *reply = s_feedback_on (TODAY, OFFICE_KEY, BAD_REQUEST, s_town, "2026-04-20", "2026-04-28", NULL, 0);
    assert_string_equal (reply->message, "反馈会日期（2026-04-28）晚于今天（2026-04-20）：反馈会召开后才能登记反馈");
    xuncha__reply__free_unpacked (reply, NULL);
    /* 2 months after 2026-11-20 is in 2027, which the calendar does not know */
    s_feedback_refused (CONFLICT, s_bureau, "2026-11-20", NULL, 0,
                        "工作日历没有 2027 年的数据，不能计算整改情况报告的报送期限；请巡察办导入 2027 年的节假日安排");
    assert_int_equal (s_rows_of_rectification (), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event"), 0);
}

static void
test_feedback_creates_the_tasks_and_starts_the_clocks (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_feedback (OFFICE_KEY, OK, s_town, "2026-04-27", "2026-04-28", NULL, 0);
    Xuncha__FeedbackRecorded *recorded = reply->feedback_recorded;
    Xuncha__Feedback *feedback = recorded->feedback;
    assert_string_equal (feedback->unit_name, "某某区/城关镇");
    assert_int_equal (feedback->group_id, s_group);
    assert_string_equal (feedback->meeting_date, "2026-04-28");
    /* 15 working days after Tue 04-28: 04-29, 04-30, (劳动节 05-01..05) 05-06..08, Sat 05-09 (调休上班),
     * 05-11..15, 05-18..21 */
    assert_string_equal (feedback->plan_due_date, "2026-05-21");
    /* 2 months: Sun 06-28, moved to the next working day */
    assert_string_equal (feedback->report_due_date, "2026-06-29");
    assert_string_equal (feedback->disclosure_due_date, "2026-06-29");
    assert_int_equal (feedback->problems, 2);
    assert_string_equal (feedback->recorded_by, "巡察办");
    /* 5: 西关村's paper is not among them — 西关村 is itself inspected, it gets its own feedback */
    assert_int_equal (recorded->n_tasks, 5);
    for (size_t i = 0; i < recorded->n_tasks; i++) {
        Xuncha__RectificationTask *task = recorded->tasks[i];
        assert_int_equal (task->status, STATUS (NOT_STARTED));
        assert_int_equal (task->unit_id, s_town);
        assert_string_equal (task->original_deadline, task->deadline);
        assert_false (task->overdue);
        switch (task->kind) {
            case KIND (PROBLEM):
                assert_string_equal (task->deadline, "2026-06-29");
                assert_true (task->paper_id == s_paper_a || task->paper_id == s_paper_b);
                assert_string_equal (task->title, task->paper_id == s_paper_a ? TITLE_A : TITLE_B);
                assert_non_null (strstr (task->paper_number, "[2026]区巡-1组-0"));
                if (task->paper_id == s_paper_a)
                    s_task_a = task->id;
                else
                    s_task_b = task->id;
                break;
            case KIND (PLAN):
                assert_string_equal (task->deadline, "2026-05-21");
                assert_string_equal (task->title, "报送整改方案");
                s_task_plan = task->id;
                break;
            case KIND (REPORT):
                assert_string_equal (task->deadline, "2026-06-29");
                s_task_report = task->id;
                break;
            case KIND (DISCLOSURE):
                assert_string_equal (task->deadline, "2026-06-29");
                assert_string_equal (task->title, "公开整改情况");
                s_task_disclosure = task->id;
                break;
            default: fail_msg ("unexpected kind %d", task->kind);
        }
    }
    assert_true (s_task_a && s_task_b && s_task_plan && s_task_report && s_task_disclosure);
    /* the plan is due first: the reply lists by deadline, counted from the meeting's day */
    assert_int_equal (recorded->tasks[0]->id, s_task_plan);
    assert_int_equal (recorded->tasks[0]->days_left, 23);
    assert_int_equal (recorded->tasks[0]->workdays_left, 15);
    assert_true (recorded->tasks[0]->workdays_known);
    xuncha__reply__free_unpacked (reply, NULL);

    /* every reminder armed 20 days before its deadline */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM rectification_task t JOIN task_schedule s ON s.task_id = t.id"
                                        " WHERE s.next_reminder_on = t.deadline - 20"), 5);
    assert_string_equal (s_next_reminder (s_task_plan), "2026-05-01");
    /* the unit's four users are told, nobody else */
    assert_string_equal (s_last_title (EVENT (TASKS_ASSIGNED)),
                         "第一巡察组反馈问题 2 项，整改任务已下达：整改方案 2026-05-21 前报送，整改情况报告 2026-06-29 前报送");
    int64_t town[4];
    s_town_users (town);
    s_delivered_to (EVENT (TASKS_ASSIGNED), town, 4);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action = 'create_rectification_task'"), 5);

    /* once per unit */
    long before = s_rows_of_rectification ();
    s_feedback_refused (CONFLICT, s_town, "2026-04-28", NULL, 0, "某某区/城关镇已登记反馈（反馈 #");
    assert_int_equal (s_rows_of_rectification (), before);

    /* 河西镇: 15 working days after Fri 09-18 run through 中秋节 and 国庆节 with their 调休 Sundays and Saturdays:
     * Sun 09-20, 09-21..24, 09-28..30, 10-08, 10-09, Sat 10-10, 10-12..15 */
    int64_t papers[] = { s_paper_d };
    reply = s_feedback (OFFICE_KEY, OK, s_town2, "2026-09-18", "2026-09-18", papers, 1);
    assert_string_equal (reply->feedback_recorded->feedback->plan_due_date, "2026-10-15");
    assert_string_equal (reply->feedback_recorded->feedback->report_due_date, "2026-11-18");
    assert_int_equal (reply->feedback_recorded->n_tasks, 4);
    xuncha__reply__free_unpacked (reply, NULL);
    int64_t town2[] = { s_unit2_user };
    s_delivered_to (EVENT (TASKS_ASSIGNED), town2, 1);
}

static void
test_feedback_list_per_unit (void **state)
{
    (void) state;
    Xuncha__FeedbackList list = XUNCHA__FEEDBACK_LIST__INIT;
    list.round_id = s_round;
    const struct {
        const char *key;
        size_t count;
    } cases[] = { { OFFICE_KEY, 2 }, { READER_KEY, 2 }, { UNIT_KEY, 1 }, { UNIT2_KEY, 1 } };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Xuncha__Reply *reply = xc_world_expect (cases[i].key, OK, BODY (FEEDBACK_LIST), &list);
        assert_int_equal (reply->feedbacks->n_feedbacks, cases[i].count);
        if (cases[i].count == 1)
            assert_int_equal (reply->feedbacks->feedbacks[0]->unit_id, strcmp (cases[i].key, UNIT_KEY) ? s_town2 : s_town);
        xuncha__reply__free_unpacked (reply, NULL);
    }
    list.round_id = 9999;
    xc_world_refused (OFFICE_KEY, NOT_FOUND, "巡察轮次不存在", BODY (FEEDBACK_LIST), &list);
}

/* ------------------------------------------------------------------ one unit, its own tasks */

static void
test_a_unit_is_confined_to_its_own_tasks (void **state)
{
    (void) state;
    char needle[64];
    snprintf (needle, sizeof needle, "整改任务 #%lld 不属于本单位", (long long) s_task_a);
    Xuncha__TaskShow show = XUNCHA__TASK_SHOW__INIT;
    show.task_id = s_task_a;
    xc_world_refused (UNIT2_KEY, FORBIDDEN, needle, BODY (TASK_SHOW), &show);
    s_report_refused (UNIT2_KEY, FORBIDDEN, s_task_a, ACTION (START), "", needle);
    Xuncha__TaskAssign assign = XUNCHA__TASK_ASSIGN__INIT;
    assign.task_id = s_task_a;
    assign.handler_user_id = s_unit2_user;
    xc_world_refused (UNIT2_KEY, FORBIDDEN, needle, BODY (TASK_ASSIGN), &assign);
    Xuncha__Reply *reply = s_upload (UNIT2_KEY, FORBIDDEN, 0, s_task_a, "整改报告.pdf");
    assert_non_null (strstr (reply->message, needle));
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_extension_request (UNIT2_KEY, FORBIDDEN, s_task_a, "2026-08-31", "任务繁重");
    assert_non_null (strstr (reply->message, needle));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM task_event"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment WHERE task_id IS NOT NULL"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM task_extension"), 0);

    /* lists: a unit sees its own, whatever it asks for */
    reply = s_list (UNIT2_KEY, 0, 0);
    assert_int_equal (reply->tasks->n_tasks, 4);
    for (size_t i = 0; i < reply->tasks->n_tasks; i++)
        assert_int_equal (reply->tasks->tasks[i]->unit_id, s_town2);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_list (UNIT2_KEY, s_town, 0);
    assert_int_equal (reply->tasks->n_tasks, 0);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_list (UNIT_KEY, 0, 0);
    assert_int_equal (reply->tasks->n_tasks, 5);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_list (READER_KEY, 0, 0);
    assert_int_equal (reply->tasks->n_tasks, 9);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_list (OFFICE_KEY, s_town2, 0);
    assert_int_equal (reply->tasks->n_tasks, 4);
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_show (READER_KEY, OK, s_task_a), NULL);
    xc_world_refused (LEADER_KEY, FORBIDDEN, "无权查看整改任务详情", BODY (TASK_SHOW), &show);
    Xuncha__RectificationShow standing = XUNCHA__RECTIFICATION_SHOW__INIT;
    standing.round_id = s_round;
    standing.unit_id = s_town;
    xc_world_refused (UNIT2_KEY, FORBIDDEN, "只能查看本单位的整改情况", BODY (RECTIFICATION_SHOW), &standing);
}

static void
test_a_unit_never_sees_clues_records_or_papers (void **state)
{
    (void) state;
    Xuncha__ClueList clues = XUNCHA__CLUE_LIST__INIT;
    xc_world_refused (UNIT_KEY, FORBIDDEN, "角色“被巡察单位”无权查看问题线索", BODY (CLUE_LIST), &clues);
    Xuncha__FieldRecordList records = XUNCHA__FIELD_RECORD_LIST__INIT;
    records.group_id = s_group;
    xc_world_refused (UNIT_KEY, FORBIDDEN, "角色“被巡察单位”无权查看现场记录", BODY (FIELD_RECORD_LIST), &records);
    Xuncha__PaperList papers = XUNCHA__PAPER_LIST__INIT;
    papers.group_id = s_group;
    xc_world_refused (UNIT_KEY, FORBIDDEN, "角色“被巡察单位”无权查看问题底稿", BODY (PAPER_LIST), &papers);
    /* the attachment requests serve task evidence to units, never a record's files */
    Xuncha__Reply *reply = s_download (UNIT_KEY, FORBIDDEN, s_record_attachment);
    assert_string_equal (reply->message, "角色“被巡察单位”无权查看现场记录的附件");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_download (READER_KEY, FORBIDDEN, s_record_attachment);
    assert_string_equal (reply->message, "角色“只读”无权查看现场记录的附件");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_upload (UNIT_KEY, FORBIDDEN, s_record, 0, "说明.pdf");
    assert_string_equal (reply->message, "角色“被巡察单位”无权上传现场记录的附件");
    xuncha__reply__free_unpacked (reply, NULL);
    /* one of the two, and only one */
    reply = s_upload (UNIT_KEY, BAD_REQUEST, s_record, s_task_a, "说明.pdf");
    assert_string_equal (reply->message, "附件须属于一条现场记录（record_id）或一个整改任务（task_id），二者选一");
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_upload (UNIT_KEY, BAD_REQUEST, 0, 0, "说明.pdf"), NULL);
    /* an inspector uploads to his records, not evidence for a unit */
    reply = s_upload (MEMBER_KEY, FORBIDDEN, 0, s_task_a, "说明.pdf");
    assert_string_equal (reply->message, "整改任务的佐证材料只能由被巡察单位上传");
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_download (MEMBER_KEY, OK, s_record_attachment), NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM attachment"), 1);
}

/* ------------------------------------------------------------------ the round trip */

static void
test_completion_needs_the_responsible_and_evidence (void **state)
{
    (void) state;
    char needle[160];
    snprintf (needle, sizeof needle, "整改任务 #%lld 当前为“未开始”，不能申请验收；请先开始整改", (long long) s_task_a);
    s_report_refused (UNIT_KEY, CONFLICT, s_task_a, ACTION (COMPLETE), "已整改", needle);
    s_report_refused (UNIT_KEY, BAD_REQUEST, s_task_a, ACTION (VERIFY), "",
                      "报告整改进展只能是“开始整改”“报告进展”“申请验收”，不能是“验收通过”");
    s_reported (s_task_a, ACTION (START), "", STATUS (IN_PROGRESS));
    snprintf (needle, sizeof needle, "整改任务 #%lld 当前为“整改中”，不能开始整改", (long long) s_task_a);
    s_report_refused (UNIT_KEY, CONFLICT, s_task_a, ACTION (START), "", needle);
    s_report_refused (UNIT_KEY, BAD_REQUEST, s_task_a, ACTION (PROGRESS), " ", "报告进展须说明整改进展情况");
    s_reported (s_task_a, ACTION (PROGRESS), "已责令退回违规报销款1.2万元", STATUS (IN_PROGRESS));
    s_report_refused (UNIT_KEY, BAD_REQUEST, s_task_a, ACTION (COMPLETE), "", "申请验收须说明整改完成情况");
    snprintf (needle, sizeof needle, "整改任务 #%lld 尚未明确责任领导和经办人，不能申请验收", (long long) s_task_a);
    s_report_refused (UNIT_KEY, CONFLICT, s_task_a, ACTION (COMPLETE), "已全部退回", needle);

    /* the responsible are users of the task's unit */
    /* the responsible are active users of the task's unit; a refusal names nobody, whoever they are:
     * another unit's user, a revoked one, no one */
    const int64_t strangers[] = { s_unit2_user, s_gone_user, 9999 };
    for (size_t i = 0; i < sizeof strangers / sizeof strangers[0]; i++) {
        char expected[160];
        snprintf (expected, sizeof expected, "用户 #%lld 不是本单位在用的被巡察单位用户，不能担任责任领导",
                  (long long) strangers[i]);
        Xuncha__Reply *reply = s_assign (UNIT_KEY, CONFLICT, s_task_a, strangers[i], 0, "");
        assert_string_equal (reply->message, expected);
        xuncha__reply__free_unpacked (reply, NULL);
    }
    Xuncha__Reply *reply = s_assign (OFFICE_KEY, CONFLICT, s_task_a, 0, s_unit2_user, "");
    snprintf (needle, sizeof needle, "用户 #%lld 不是某某区/城关镇在用的被巡察单位用户，不能担任经办人",
              (long long) s_unit2_user);
    assert_string_equal (reply->message, needle);
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_assign (UNIT_KEY, BAD_REQUEST, s_task_a, 0, 0, "  "), NULL);
    long told = xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE kind = %d", EVENT (TASKS_ASSIGNED));
    reply = s_assign (OFFICE_KEY, OK, s_task_a, s_cadre_user, 0, "");
    assert_string_equal (reply->task->leader_name, "王副镇长");
    assert_string_equal (reply->task->handler_name, "");
    xuncha__reply__free_unpacked (reply, NULL);
    /* the 责任领导 named is told, and only they */
    snprintf (needle, sizeof needle, "您已被明确为整改任务 #%lld 的责任领导（整改期限 2026-06-29）", (long long) s_task_a);
    assert_string_equal (s_last_title (EVENT (TASKS_ASSIGNED)), needle);
    int64_t cadre[] = { s_cadre_user };
    s_delivered_to (EVENT (TASKS_ASSIGNED), cadre, 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE kind = %d", EVENT (TASKS_ASSIGNED)),
                      told + 1);
    snprintf (needle, sizeof needle, "整改任务 #%lld 尚未明确经办人，不能申请验收", (long long) s_task_a);
    s_report_refused (UNIT_KEY, CONFLICT, s_task_a, ACTION (COMPLETE), "已全部退回", needle);
    reply = s_assign (UNIT_KEY, OK, s_task_a, 0, s_clerk_user, "责令退回违规报销款；开展警示教育；完善报销审批制度");
    assert_string_equal (reply->task->leader_name, "王副镇长");
    assert_string_equal (reply->task->handler_name, "赵干事");
    assert_string_equal (reply->task->measures, "责令退回违规报销款；开展警示教育；完善报销审批制度");
    Xuncha__TaskEvent *last = reply->task->events[reply->task->n_events - 1];
    assert_int_equal (last->action, ACTION (ASSIGN));
    assert_string_equal (last->note, "责任领导：王副镇长；经办人：赵干事；整改措施：责令退回违规报销款；开展警示教育；完善报销审批制度");
    assert_string_equal (last->by, "城关镇党委");
    xuncha__reply__free_unpacked (reply, NULL);
    /* the 经办人 is told; the 责任领导, named before, is not told again */
    snprintf (needle, sizeof needle, "您已被明确为整改任务 #%lld 的经办人（整改期限 2026-06-29）", (long long) s_task_a);
    assert_string_equal (s_last_title (EVENT (TASKS_ASSIGNED)), needle);
    int64_t clerk[] = { s_clerk_user };
    s_delivered_to (EVENT (TASKS_ASSIGNED), clerk, 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE kind = %d", EVENT (TASKS_ASSIGNED)),
                      told + 2);
    snprintf (needle, sizeof needle, "整改任务 #%lld 还没有佐证材料，申请验收须至少上传一份佐证材料", (long long) s_task_a);
    s_report_refused (UNIT_KEY, CONFLICT, s_task_a, ACTION (COMPLETE), "已全部退回", needle);
    assert_int_equal (xc_test_pg_count ("SELECT status FROM rectification_task WHERE id = %lld", (long long) s_task_a),
                      STATUS (IN_PROGRESS));

    /* the evidence, uploaded by the unit */
    reply = s_upload (CLERK_KEY, OK, 0, s_task_a, "退款凭证.pdf");
    s_evidence = reply->attachment->id;
    assert_int_equal (reply->attachment->task_id, s_task_a);
    assert_int_equal (reply->attachment->record_id, 0);
    assert_string_equal (reply->attachment->uploaded_by, "赵干事");
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_verification_round_trip_with_a_rejection (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_report (UNIT_KEY, OK, s_task_a, ACTION (COMPLETE), "违规报销款已全部退回，制度已修订");
    assert_int_equal (reply->task->status, STATUS (COMPLETED));
    assert_string_equal (reply->task->completion_note, "违规报销款已全部退回，制度已修订");
    assert_int_equal (reply->task->level, LEVEL (NONE));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_string_equal (s_next_reminder (s_task_a), "none");
    char expected[160];
    snprintf (expected, sizeof expected, "某某区/城关镇的整改任务 #%lld 申请验收", (long long) s_task_a);
    assert_string_equal (s_last_title (EVENT (TASK_COMPLETED)), expected);
    int64_t office[] = { s_office_user };
    s_delivered_to (EVENT (TASK_COMPLETED), office, 1);
    reply = s_upload (UNIT_KEY, CONFLICT, 0, s_task_a, "补充.pdf");
    snprintf (expected, sizeof expected, "整改任务 #%lld 当前为“已完成”，不能再上传佐证材料", (long long) s_task_a);
    assert_string_equal (reply->message, expected);
    xuncha__reply__free_unpacked (reply, NULL);

    /* the 巡察办 sends it back with a reason */
    xuncha__reply__free_unpacked (s_verify (OFFICE_KEY, BAD_REQUEST, s_task_a, ACTION (REJECT), ""), NULL);
    reply = s_verify (OFFICE_KEY, BAD_REQUEST, s_task_a, ACTION (START), "");
    assert_string_equal (reply->message, "验收只能是“验收通过”或“退回整改”，不能是“开始整改”");
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_verify (UNIT_KEY, FORBIDDEN, s_task_a, ACTION (VERIFY), ""), NULL);
    reply = s_verify (OFFICE_KEY, OK, s_task_a, ACTION (REJECT), "缺少退款银行回单，制度修订稿未经党委会审议");
    assert_int_equal (reply->task->status, STATUS (IN_PROGRESS));
    assert_string_equal (reply->task->completion_note, "");
    Xuncha__TaskEvent *last = reply->task->events[reply->task->n_events - 1];
    assert_int_equal (last->action, ACTION (REJECT));
    assert_string_equal (last->note, "缺少退款银行回单，制度修订稿未经党委会审议");
    assert_string_equal (last->by, "巡察办");
    xuncha__reply__free_unpacked (reply, NULL);
    assert_string_equal (s_next_reminder (s_task_a), "2026-06-09");
    snprintf (expected, sizeof expected, "整改任务 #%lld 未通过验收，已退回整改，请查看退回理由", (long long) s_task_a);
    assert_string_equal (s_last_title (EVENT (TASK_VERIFIED)), expected);
    int64_t town[4];
    s_town_users (town);
    s_delivered_to (EVENT (TASK_VERIFIED), town, 4);

    /* completed again, verified */
    reply = s_upload (UNIT_KEY, OK, 0, s_task_a, "银行回单.pdf");
    xuncha__reply__free_unpacked (reply, NULL);
    s_reported (s_task_a, ACTION (COMPLETE), "已补充银行回单，制度经党委会审议通过", STATUS (COMPLETED));
    reply = s_verify (OFFICE_KEY, OK, s_task_a, ACTION (VERIFY), "");
    assert_int_equal (reply->task->status, STATUS (VERIFIED));
    assert_string_equal (reply->task->verified_by, "巡察办");
    assert_string_equal (reply->task->verified_at, "2026-04-20 10:00");
    xuncha__reply__free_unpacked (reply, NULL);
    snprintf (expected, sizeof expected, "整改任务 #%lld 当前为“已验收”，不能退回整改", (long long) s_task_a);
    reply = s_verify (OFFICE_KEY, CONFLICT, s_task_a, ACTION (REJECT), "再查");
    assert_non_null (strstr (reply->message, expected));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_string_equal (s_next_reminder (s_task_a), "none");

    /* the whole history, as a reader sees it */
    reply = s_show (READER_KEY, OK, s_task_a);
    Xuncha__RectificationTask *task = reply->task;
    static const Xuncha__TaskAction history[] = { ACTION (START), ACTION (PROGRESS), ACTION (ASSIGN), ACTION (ASSIGN),
                                                  ACTION (COMPLETE), ACTION (REJECT), ACTION (COMPLETE), ACTION (VERIFY) };
    assert_int_equal (task->n_events, sizeof history / sizeof history[0]);
    for (size_t i = 0; i < task->n_events; i++)
        assert_int_equal (task->events[i]->action, history[i]);
    assert_string_equal (task->events[4]->note, "违规报销款已全部退回，制度已修订");
    assert_int_equal (task->n_evidence, 2);
    assert_string_equal (task->evidence[0]->filename, "退款凭证.pdf");
    assert_int_equal (task->evidence[1]->task_id, s_task_a);
    xuncha__reply__free_unpacked (reply, NULL);

    /* the evidence is read by whoever reads the task */
    const char *readers[] = { OFFICE_KEY, READER_KEY, UNIT_KEY };
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        reply = s_download (readers[i], OK, s_evidence);
        assert_memory_equal (reply->attachment_content->content.data, "%PDF-1.4", 8);
        xuncha__reply__free_unpacked (reply, NULL);
    }
    reply = s_download (UNIT2_KEY, FORBIDDEN, s_evidence);
    snprintf (expected, sizeof expected, "下载附件仅限本单位，整改任务 #%lld 不属于本单位", (long long) s_task_a);
    assert_string_equal (reply->message, expected);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_download (LEADER_KEY, FORBIDDEN, s_evidence);
    assert_string_equal (reply->message, "角色“组长”无权查看整改任务");
    xuncha__reply__free_unpacked (reply, NULL);

    /* a deliverable needs no named persons, but its 佐证材料: the deliverable itself */
    s_reported (s_task_plan, ACTION (PROGRESS), "整改方案已起草", STATUS (IN_PROGRESS));
    snprintf (expected, sizeof expected,
              "整改任务 #%lld 还没有佐证材料，申请验收须至少上传一份佐证材料；请上传报送的整改方案", (long long) s_task_plan);
    s_report_refused (UNIT_KEY, CONFLICT, s_task_plan, ACTION (COMPLETE), "整改方案已经党委会审议并报送", expected);
    xuncha__reply__free_unpacked (s_upload (UNIT_KEY, OK, 0, s_task_plan, "整改方案.pdf"), NULL);
    s_reported (s_task_plan, ACTION (COMPLETE), "整改方案已经党委会审议并报送", STATUS (COMPLETED));
    xuncha__reply__free_unpacked (s_verify (OFFICE_KEY, OK, s_task_plan, ACTION (VERIFY), ""), NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE record_type = 'rectification_task'"
                                        " AND record_id = %lld AND action LIKE '%%rectification%%'", (long long) s_task_a),
                      1 + 8);   /* created, and each of the eight steps */
}

/* ------------------------------------------------------------------ extensions */

static void
test_extension_keeps_the_original_deadline (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_extension_request (UNIT_KEY, BAD_REQUEST, s_task_b, "2026-06-29", "资金未到位");
    assert_string_equal (reply->message, "申请延至的日期（2026-06-29）须晚于当前期限（2026-06-29）");
    xuncha__reply__free_unpacked (reply, NULL);
    /* a working day on the calendar, within 12 months of the original deadline */
    const struct {
        const char *date;
        int status;
        const char *message;
    } refused[] = {
        { "2026-07-04", BAD_REQUEST, "申请延至的日期（2026-07-04）是休息日，期限须为工作日：可申请延至 2026-07-06" },
        { "2026-10-01", BAD_REQUEST, "申请延至的日期（2026-10-01）是休息日，期限须为工作日：可申请延至 2026-10-08" },
        { "2027-06-30", BAD_REQUEST,
          "申请延至的日期（2027-06-30）超出延期上限：自原期限 2026-06-29 起最多延长 12 个月，即不晚于 2027-06-29" },
        { "2027-03-01", CONFLICT,
          "工作日历没有 2027 年的数据，不能计算申请延至的 2027-03-01 是否为工作日；请巡察办导入 2027 年的节假日安排" },
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        reply = s_extension_request (UNIT_KEY, refused[i].status, s_task_b, refused[i].date, "资金未到位");
        assert_string_equal (reply->message, refused[i].message);
        xuncha__reply__free_unpacked (reply, NULL);
    }
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM task_extension"), 0);
    reply = s_extension_request (UNIT_KEY, OK, s_task_b, "2026-07-31", "追缴津补贴涉及已调离人员，需协调原单位");
    int64_t first = reply->task_extension->id;
    assert_string_equal (reply->task_extension->previous_deadline, "2026-06-29");
    assert_false (reply->task_extension->decided);
    xuncha__reply__free_unpacked (reply, NULL);
    char expected[200];
    snprintf (expected, sizeof expected,
              "某某区/城关镇申请将整改任务 #%lld 的期限由 2026-06-29 延至 2026-07-31（延期申请 #%lld）",
              (long long) s_task_b, (long long) first);
    assert_string_equal (s_last_title (EVENT (TASK_EXTENSION)), expected);
    int64_t office[] = { s_office_user };
    s_delivered_to (EVENT (TASK_EXTENSION), office, 1);
    reply = s_extension_request (UNIT_KEY, CONFLICT, s_task_b, "2026-08-31", "再延一个月");
    snprintf (expected, sizeof expected, "整改任务 #%lld 已有待审批的延期申请（申请 #%lld，延至 2026-07-31），审批前不能再次申请",
              (long long) s_task_b, (long long) first);
    assert_string_equal (reply->message, expected);
    xuncha__reply__free_unpacked (reply, NULL);
    xuncha__reply__free_unpacked (s_extension_decide (UNIT_KEY, FORBIDDEN, first, 1, ""), NULL);

    /* approved: the deadline moves, the original stays, the reminders follow */
    reply = s_extension_decide (OFFICE_KEY, OK, first, 1, "同意");
    assert_true (reply->task_extension->decided);
    assert_true (reply->task_extension->approved);
    assert_string_equal (reply->task_extension->decided_by, "巡察办");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_show (UNIT_KEY, OK, s_task_b);
    assert_string_equal (reply->task->deadline, "2026-07-31");
    assert_string_equal (reply->task->original_deadline, "2026-06-29");
    assert_int_equal (reply->task->status, STATUS (NOT_STARTED));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_string_equal (s_next_reminder (s_task_b), "2026-07-11");
    snprintf (expected, sizeof expected, "整改任务 #%lld 的延期申请已批准，期限延至 2026-07-31", (long long) s_task_b);
    assert_string_equal (s_last_title (EVENT (TASK_EXTENSION)), expected);
    int64_t town[4];
    s_town_users (town);
    s_delivered_to (EVENT (TASK_EXTENSION), town, 4);
    reply = s_extension_decide (OFFICE_KEY, CONFLICT, first, 0, "不同意");
    assert_non_null (strstr (reply->message, "批准，不能重复审批"));
    xuncha__reply__free_unpacked (reply, NULL);

    /* refused: a comment is required, the deadline stays */
    reply = s_extension_request (UNIT_KEY, OK, s_task_b, "2026-08-31", "再延一个月");
    int64_t second = reply->task_extension->id;
    assert_string_equal (reply->task_extension->previous_deadline, "2026-07-31");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_extension_decide (OFFICE_KEY, BAD_REQUEST, second, 0, " ");
    assert_string_equal (reply->message, "不批准延期须说明理由");
    xuncha__reply__free_unpacked (reply, NULL);
    /* a date already past is not approved */
    setenv ("XUNCHA_NOW", "2026-09-01T09:00:00", 1);
    reply = s_extension_decide (OFFICE_KEY, CONFLICT, second, 1, "");
    snprintf (expected, sizeof expected,
              "延期申请 #%lld 申请延至的 2026-08-31 已经过去（今天 2026-09-01），不能批准；可不批准该申请，由单位重新申请",
              (long long) second);
    assert_string_equal (reply->message, expected);
    xuncha__reply__free_unpacked (reply, NULL);
    setenv ("XUNCHA_NOW", TODAY, 1);
    reply = s_extension_decide (OFFICE_KEY, OK, second, 0, "已延期一次，请按期完成");
    assert_true (reply->task_extension->decided);
    assert_false (reply->task_extension->approved);
    assert_string_equal (reply->task_extension->comment, "已延期一次，请按期完成");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_show (OFFICE_KEY, OK, s_task_b);
    assert_string_equal (reply->task->deadline, "2026-07-31");
    assert_string_equal (reply->task->original_deadline, "2026-06-29");
    assert_int_equal (reply->task->n_extensions, 2);
    assert_int_equal (reply->task->n_events, 4);   /* asked, approved, asked, refused */
    assert_int_equal (reply->task->events[3]->action, ACTION (EXTENSION_REFUSE));
    assert_string_equal (reply->task->events[3]->note, "不批准延至 2026-08-31：已延期一次，请按期完成");
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_extension_request (UNIT_KEY, CONFLICT, s_task_a, "2026-08-31", "已验收后申请");
    snprintf (expected, sizeof expected, "整改任务 #%lld 当前为“已验收”，不能申请延期", (long long) s_task_a);
    assert_string_equal (reply->message, expected);
    xuncha__reply__free_unpacked (reply, NULL);
}

/* ------------------------------------------------------------------ today */

/* The 整改情况报告 of 城关镇 (due Mon 2026-06-29, not started) on TODAY. */
static void
s_report_task_on (const char *today, int days_left, int workdays_left, int known, int overdue, int level)
{
    setenv ("XUNCHA_NOW", today, 1);
    Xuncha__Reply *reply = s_show (UNIT_KEY, OK, s_task_report);
    Xuncha__RectificationTask *task = reply->task;
    if (task->days_left != days_left || task->workdays_left != workdays_left || task->workdays_known != known
        || task->overdue != overdue || (int) task->level != level)
        fail_msg ("on %s: days %d workdays %d known %d overdue %d level %d", today, task->days_left,
                  task->workdays_left, task->workdays_known, task->overdue, task->level);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_derived_fields_follow_today (void **state)
{
    (void) state;
    /* working days after 05-01 up to 06-29: 05-06..08, Sat 05-09, 05-11..29 (15), 06-01..18 (14),
     * (端午 06-19..21), 06-22..26, 06-29 */
    s_report_task_on ("2026-05-01T09:00:00", 59, 3 + 1 + 15 + 14 + 5 + 1, 1, 0, LEVEL (NONE));
    s_report_task_on ("2026-06-08T09:00:00", 21, 4 + 4 + 5 + 1, 1, 0, LEVEL (NONE));   /* 06-09..12, 06-15..18, ... */
    s_report_task_on ("2026-06-10T09:00:00", 19, 2 + 4 + 5 + 1, 1, 0, LEVEL (GREEN));
    s_report_task_on ("2026-06-20T09:00:00", 9, 5 + 1, 1, 0, LEVEL (YELLOW));
    s_report_task_on ("2026-06-29T23:00:00", 0, 0, 1, 0, LEVEL (YELLOW));
    s_report_task_on ("2026-06-30T09:00:00", -1, 0, 1, 1, LEVEL (RED));
    s_report_task_on ("2025-12-20T09:00:00", 191, 0, 0, 0, LEVEL (NONE));   /* 2025 is not in the calendar */

    /* on 06-30 the list puts what is overdue first */
    setenv ("XUNCHA_NOW", "2026-06-30T09:00:00", 1);
    Xuncha__Reply *reply = s_list (UNIT_KEY, 0, 0);
    Xuncha__RectificationTasks *list = reply->tasks;
    assert_string_equal (list->today, "2026-06-30");
    assert_int_equal (list->n_tasks, 5);
    assert_int_equal (list->tasks[0]->id, s_task_report);
    assert_int_equal (list->tasks[1]->id, s_task_disclosure);
    assert_true (list->tasks[0]->overdue && list->tasks[1]->overdue);
    assert_false (list->tasks[2]->overdue);
    Xuncha__RectificationTask *verified = s_find (list->tasks, list->n_tasks, s_task_a);
    assert_false (verified->overdue);   /* past its deadline, but verified */
    assert_int_equal (verified->level, LEVEL (NONE));
    Xuncha__RectificationTask *extended = s_find (list->tasks, list->n_tasks, s_task_b);
    assert_false (extended->overdue);
    assert_int_equal (extended->days_left, 31);
    assert_int_equal (extended->level, LEVEL (NONE));
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_list (OFFICE_KEY, 0, 1);
    assert_int_equal (reply->tasks->n_tasks, 2);
    xuncha__reply__free_unpacked (reply, NULL);
    setenv ("XUNCHA_NOW", TODAY, 1);
}

/* ------------------------------------------------------------------ supervision */

static Xuncha__UnitRectification *
s_unit_in (Xuncha__Rectification *standing, int64_t unit)
{
    for (size_t i = 0; i < standing->n_units; i++)
        if (standing->units[i]->unit_id == unit)
            return standing->units[i];
    fail_msg ("unit %lld not shown", (long long) unit);
    return NULL;
}

static void
test_supervision_per_unit (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-07-06T09:00:00", 1);
    /* the extended problem is done (已完成), not yet verified */
    xuncha__reply__free_unpacked (s_assign (UNIT_KEY, OK, s_task_b, s_cadre_user, s_clerk_user, ""), NULL);
    s_reported (s_task_b, ACTION (START), "", STATUS (IN_PROGRESS));
    xuncha__reply__free_unpacked (s_upload (CLERK_KEY, OK, 0, s_task_b, "津补贴追缴凭证.pdf"), NULL);
    s_reported (s_task_b, ACTION (COMPLETE), "违规发放的津补贴已全部追缴", STATUS (COMPLETED));
    Xuncha__RectificationShow show = XUNCHA__RECTIFICATION_SHOW__INIT;
    show.round_id = s_round;
    Xuncha__Reply *reply = xc_world_expect (READER_KEY, OK, BODY (RECTIFICATION_SHOW), &show);
    Xuncha__Rectification *standing = reply->rectification;
    assert_string_equal (standing->today, "2026-07-06");
    assert_int_equal (standing->n_units, 2);   /* 区住建局 had no feedback */
    Xuncha__UnitRectification *town = s_unit_in (standing, s_town);
    assert_string_equal (town->meeting_date, "2026-04-28");
    assert_int_equal (town->total, 2);
    assert_int_equal (town->not_started, 0);
    assert_int_equal (town->in_progress, 0);
    assert_int_equal (town->completed, 1);
    assert_int_equal (town->verified, 1);
    assert_true (town->completion_rate == 1.0);   /* 已完成 + 已验收 */
    assert_true (town->verified_rate == 0.5);     /* 已验收 only */
    assert_int_equal (town->overdue_total, 2);
    assert_int_equal (town->plan_status, STATUS (VERIFIED));
    assert_string_equal (town->plan_due_date, "2026-05-21");
    assert_int_equal (town->report_status, STATUS (NOT_STARTED));
    assert_string_equal (town->report_due_date, "2026-06-29");
    assert_int_equal (town->disclosure_status, STATUS (NOT_STARTED));
    assert_string_equal (town->disclosure_due_date, "2026-06-29");
    assert_int_equal (town->n_overdue, 2);
    assert_int_equal (town->overdue[0]->task_id, s_task_report);
    assert_int_equal (town->overdue[0]->days_overdue, 7);
    assert_string_equal (town->overdue[0]->deadline, "2026-06-29");
    assert_int_equal (town->overdue[1]->task_id, s_task_disclosure);
    Xuncha__UnitRectification *town2 = s_unit_in (standing, s_town2);
    assert_int_equal (town2->total, 1);
    assert_true (town2->completion_rate == 0.0);
    assert_true (town2->verified_rate == 0.0);
    assert_int_equal (town2->n_overdue, 0);
    assert_string_equal (town2->plan_due_date, "2026-10-15");
    xuncha__reply__free_unpacked (reply, NULL);

    /* a unit sees itself only */
    reply = xc_world_expect (UNIT2_KEY, OK, BODY (RECTIFICATION_SHOW), &show);
    assert_int_equal (reply->rectification->n_units, 1);
    assert_int_equal (reply->rectification->units[0]->unit_id, s_town2);
    xuncha__reply__free_unpacked (reply, NULL);
    show.unit_id = s_town;
    reply = xc_world_expect (OFFICE_KEY, OK, BODY (RECTIFICATION_SHOW), &show);
    assert_int_equal (reply->rectification->n_units, 1);
    xuncha__reply__free_unpacked (reply, NULL);
    show.round_id = 9999;
    xc_world_refused (OFFICE_KEY, NOT_FOUND, "巡察轮次不存在", BODY (RECTIFICATION_SHOW), &show);
    setenv ("XUNCHA_NOW", TODAY, 1);
}

static void
test_titles_name_tasks_not_contents (void **state)
{
    (void) state;
    assert_true (xc_test_pg_count ("SELECT count(*) FROM outbox_event") >= 8);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_event WHERE title LIKE '%%公款吃喝%%'"
                                        " OR title LIKE '%%津补贴%%' OR title LIKE '%%银行回单%%'"), 0);
    /* nobody outside 城关镇, 河西镇 and the 巡察办 was told anything */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery d JOIN app_user u ON u.id = d.user_id"
                                        " WHERE NOT (u.role = 1 OR (u.role = 6 AND u.org_unit_id IN (%lld, %lld)))",
                                        (long long) s_town, (long long) s_town2), 0);
}

/* ------------------------------------------------------------------ 巡乡带村: a paper fed back once */

static Xuncha__RectificationTask *
s_only_problem (Xuncha__FeedbackRecorded *recorded)
{
    Xuncha__RectificationTask *problem = NULL;
    for (size_t i = 0; i < recorded->n_tasks; i++)
        if (recorded->tasks[i]->kind == KIND (PROBLEM)) {
            assert_null (problem);
            problem = recorded->tasks[i];
        }
    assert_non_null (problem);
    return problem;
}

static void
test_a_paper_is_fed_back_once (void **state)
{
    (void) state;
    /* 西关村, a village of 城关镇 inspected in the round itself, was left out of 城关镇's
     * feedback ("all" there): its own feedback takes its paper */
    Xuncha__Reply *reply = s_feedback (OFFICE_KEY, OK, s_village2, "2026-04-27", "2026-04-28", NULL, 0);
    assert_int_equal (reply->feedback_recorded->feedback->problems, 1);
    assert_int_equal (s_only_problem (reply->feedback_recorded)->paper_id, s_paper_f);
    xuncha__reply__free_unpacked (reply, NULL);

    /* 柳林镇's feedback names its village's paper along with its own */
    int64_t both[] = { s_paper_g, s_paper_h };
    reply = s_feedback (OFFICE_KEY, OK, s_town3, "2026-04-27", "2026-04-28", both, 2);
    assert_int_equal (reply->feedback_recorded->feedback->problems, 2);
    long long town3_feedback = (long long) reply->feedback_recorded->feedback->id;
    xuncha__reply__free_unpacked (reply, NULL);

    /* so 柳林村's feedback cannot take it again: refused by its number, saying where it went */
    long before = s_rows_of_rectification ();
    char needle[300];
    snprintf (needle, sizeof needle, "问题底稿 %s 已在反馈 #%lld（某某区/柳林镇）中下达，不能再次反馈",
              s_text ("SELECT number FROM working_paper WHERE id = %lld", (long long) s_paper_h), town3_feedback);
    int64_t again[] = { s_paper_h };
    reply = s_feedback (OFFICE_KEY, CONFLICT, s_village3, "2026-04-27", "2026-04-28", again, 1);
    assert_string_equal (reply->message, needle);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_feedback (OFFICE_KEY, CONFLICT, s_village3, "2026-04-27", "2026-04-28", NULL, 0);
    assert_string_equal (reply->message, "某某区/柳林镇/柳林村在本轮没有纳入报告且尚未反馈的问题底稿，不能登记反馈");
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (s_rows_of_rectification (), before);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM rectification_task WHERE paper_id IS NOT NULL")
                      - xc_test_pg_count ("SELECT count(DISTINCT paper_id) FROM rectification_task"), 0);
}

/* ------------------------------------------------------------------ long lists */

/* 600 more problems of 西关村, all overdue (inserted: a fixture): a list carries the
 * first 500, overdue first, and how many there are; the supervision view lists 20 a
 * unit and counts them all. */
static void
test_long_lists_are_cut_with_their_count (void **state)
{
    (void) state;
    char sql[1024];
    snprintf (sql, sizeof sql,
              "WITH f AS (SELECT id, round_id, group_id, unit_id FROM feedback WHERE unit_id = %lld),"
              " papers AS (INSERT INTO working_paper (round_id, group_id, unit_id, state, created_by, number)"
              "   SELECT f.round_id, f.group_id, f.unit_id, 4, %lld, '批量-' || n FROM f, generate_series (1, 600) AS n"
              "   RETURNING id)"
              " INSERT INTO rectification_task (feedback_id, round_id, unit_id, kind, paper_id, title, deadline,"
              "   original_deadline)"
              " SELECT f.id, f.round_id, f.unit_id, 1, p.id, '批量问题 ' || p.id, '2026-04-01', '2026-04-01' FROM f, papers p",
              (long long) s_village2, (long long) s_office_user);
    s_sql (sql);
    Xuncha__Reply *reply = s_list (OFFICE_KEY, s_village2, 0);
    Xuncha__RectificationTasks *list = reply->tasks;
    assert_int_equal (list->n_tasks, 500);
    assert_int_equal (list->total, 604);
    assert_true (list->truncated);
    for (size_t i = 0; i < list->n_tasks; i++)
        assert_true (list->tasks[i]->overdue);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_list (UNIT_KEY, 0, 0);   /* a short list is whole */
    assert_int_equal (reply->tasks->n_tasks, 5);
    assert_int_equal (reply->tasks->total, 5);
    assert_false (reply->tasks->truncated);
    xuncha__reply__free_unpacked (reply, NULL);

    Xuncha__RectificationShow show = XUNCHA__RECTIFICATION_SHOW__INIT;
    show.round_id = s_round;
    show.unit_id = s_village2;
    reply = xc_world_expect (READER_KEY, OK, BODY (RECTIFICATION_SHOW), &show);
    Xuncha__UnitRectification *village = reply->rectification->units[0];
    assert_int_equal (village->total, 601);
    assert_int_equal (village->overdue_total, 600);
    assert_int_equal (village->n_overdue, 20);
    assert_int_equal (village->overdue[0]->days_overdue, 19);
    xuncha__reply__free_unpacked (reply, NULL);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_unit_head_only_for_a_unit_user),
        cmocka_unit_test (test_a_unit_lists_its_own_users),
        cmocka_unit_test (test_the_office_sets_and_clears_a_unit_head),
        cmocka_unit_test (test_feedback_refused_before_the_feedback_phase),
        cmocka_unit_test (test_feedback_refusals_leave_no_rows),
        cmocka_unit_test (test_feedback_creates_the_tasks_and_starts_the_clocks),
        cmocka_unit_test (test_feedback_list_per_unit),
        cmocka_unit_test (test_a_unit_is_confined_to_its_own_tasks),
        cmocka_unit_test (test_a_unit_never_sees_clues_records_or_papers),
        cmocka_unit_test (test_completion_needs_the_responsible_and_evidence),
        cmocka_unit_test (test_verification_round_trip_with_a_rejection),
        cmocka_unit_test (test_extension_keeps_the_original_deadline),
        cmocka_unit_test (test_derived_fields_follow_today),
        cmocka_unit_test (test_supervision_per_unit),
        cmocka_unit_test (test_a_paper_is_fed_back_once),
        cmocka_unit_test (test_long_lists_are_cut_with_their_count),
        cmocka_unit_test (test_titles_name_tasks_not_contents),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
