/* commands_rectification — 整改 as the users type it (see commands.h): the 巡察办 records
 * the 反馈 that creates a unit's 整改任务; the unit lists its tasks with the days left,
 * names the 责任领导 and 经办人, reports progress, attaches evidence and asks for 验收 or
 * for an extension; the 巡察办 verifies or sends a task back, decides extensions and
 * watches every unit in the 督促整改 view.
 *
 * As text, a list of tasks is a table, one task per row, with the days left in working
 * and calendar days and the reminder level coloured when stdout is a terminal; a list
 * the server cut (it sends the first 500, overdue first) says so and how to narrow it;
 * --json prints the whole reply. */
#include "commands.h"
#include "output.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define XC_TITLE_WIDTH 40   /* longer titles are cut in the table ("…"); tasks show prints them whole */

/* ------------------------------------------------------------ building the requests */

static int
s_feedback_record (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__FeedbackRecord body = XUNCHA__FEEDBACK_RECORD__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id) || xc_cli_int64 (cli, "unit", 1, &body.unit_id)
        || xc_cli_text (cli, "talk-date", 1, &body.talk_date) || xc_cli_text (cli, "meeting-date", 1, &body.meeting_date)
        || xc_cli_int64_all (cli, "paper", &body.paper_ids, &body.n_paper_ids))
        return -1;
    XC_SET_BODY (request, feedback_record, FEEDBACK_RECORD, &body);
    return 0;
}

static int
s_feedback_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__FeedbackList body = XUNCHA__FEEDBACK_LIST__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id))
        return -1;
    XC_SET_BODY (request, feedback_list, FEEDBACK_LIST, &body);
    return 0;
}

static int
s_task_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__TaskList body = XUNCHA__TASK_LIST__INIT;
    int status, overdue;
    if (xc_cli_int64 (cli, "round", 0, &body.round_id) || xc_cli_int64 (cli, "unit", 0, &body.unit_id)
        || xc_cli_enum (cli, "status", 0, &xuncha__task_status__descriptor, &status)
        || xc_cli_bool (cli, "overdue", &overdue))
        return -1;
    body.status = (Xuncha__TaskStatus) status;
    body.overdue_only = overdue;
    XC_SET_BODY (request, task_list, TASK_LIST, &body);
    return 0;
}

static int
s_task_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__TaskShow body = XUNCHA__TASK_SHOW__INIT;
    if (xc_cli_int64 (cli, "task", 1, &body.task_id))
        return -1;
    XC_SET_BODY (request, task_show, TASK_SHOW, &body);
    return 0;
}

static int
s_task_assign (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__TaskAssign body = XUNCHA__TASK_ASSIGN__INIT;
    if (xc_cli_int64 (cli, "task", 1, &body.task_id) || xc_cli_int64 (cli, "leader", 0, &body.leader_user_id)
        || xc_cli_int64 (cli, "handler", 0, &body.handler_user_id) || xc_cli_text (cli, "measures", 0, &body.measures))
        return -1;
    XC_SET_BODY (request, task_assign, TASK_ASSIGN, &body);
    return 0;
}

/* The unit's report on a task: START (note optional), PROGRESS and COMPLETE (note required). */
static int
s_task_report (xc_cli_t *cli, Xuncha__Request *request, Xuncha__TaskAction action, int note_required)
{
    static Xuncha__TaskReport body = XUNCHA__TASK_REPORT__INIT;
    if (xc_cli_int64 (cli, "task", 1, &body.task_id) || xc_cli_text (cli, "note", note_required, &body.note))
        return -1;
    body.action = action;
    XC_SET_BODY (request, task_report, TASK_REPORT, &body);
    return 0;
}

static int
s_task_start (xc_cli_t *cli, Xuncha__Request *request)
{
    return s_task_report (cli, request, XUNCHA__TASK_ACTION__TASK_ACTION_START, 0);
}

static int
s_task_progress (xc_cli_t *cli, Xuncha__Request *request)
{
    return s_task_report (cli, request, XUNCHA__TASK_ACTION__TASK_ACTION_PROGRESS, 1);
}

static int
s_task_complete (xc_cli_t *cli, Xuncha__Request *request)
{
    return s_task_report (cli, request, XUNCHA__TASK_ACTION__TASK_ACTION_COMPLETE, 1);
}

/* The evidence of a task: the file is read as `record attach` reads it. */
static int
s_task_attach (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__AttachmentAdd body = XUNCHA__ATTACHMENT_ADD__INIT;
    if (xc_cli_int64 (cli, "task", 1, &body.task_id) || xc_read_attachment (cli, &body))
        return -1;
    XC_SET_BODY (request, attachment_add, ATTACHMENT_ADD, &body);
    return 0;
}

/* The 巡察办's verdict: VERIFY, or REJECT with the reason the unit will read. */
static int
s_task_verdict (xc_cli_t *cli, Xuncha__Request *request, Xuncha__TaskAction action)
{
    static Xuncha__TaskVerify body = XUNCHA__TASK_VERIFY__INIT;
    int rejecting = action == XUNCHA__TASK_ACTION__TASK_ACTION_REJECT;
    if (xc_cli_int64 (cli, "task", 1, &body.task_id) || (rejecting && xc_cli_text (cli, "reason", 1, &body.reason)))
        return -1;
    body.action = action;
    XC_SET_BODY (request, task_verify, TASK_VERIFY, &body);
    return 0;
}

static int
s_task_verify (xc_cli_t *cli, Xuncha__Request *request)
{
    return s_task_verdict (cli, request, XUNCHA__TASK_ACTION__TASK_ACTION_VERIFY);
}

static int
s_task_reject (xc_cli_t *cli, Xuncha__Request *request)
{
    return s_task_verdict (cli, request, XUNCHA__TASK_ACTION__TASK_ACTION_REJECT);
}

static int
s_task_extend (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__TaskExtensionRequest body = XUNCHA__TASK_EXTENSION_REQUEST__INIT;
    if (xc_cli_int64 (cli, "task", 1, &body.task_id) || xc_cli_text (cli, "to", 1, &body.deadline_date)
        || xc_cli_text (cli, "reason", 1, &body.reason))
        return -1;
    XC_SET_BODY (request, task_extension_request, TASK_EXTENSION_REQUEST, &body);
    return 0;
}

static int
s_extension_decide (xc_cli_t *cli, Xuncha__Request *request, int approve)
{
    static Xuncha__TaskExtensionDecide body = XUNCHA__TASK_EXTENSION_DECIDE__INIT;
    if (xc_cli_int64 (cli, "extension", 1, &body.extension_id) || xc_cli_text (cli, "comment", !approve, &body.comment))
        return -1;
    body.approve = approve;
    XC_SET_BODY (request, task_extension_decide, TASK_EXTENSION_DECIDE, &body);
    return 0;
}

static int
s_extension_approve (xc_cli_t *cli, Xuncha__Request *request)
{
    return s_extension_decide (cli, request, 1);
}

static int
s_extension_refuse (xc_cli_t *cli, Xuncha__Request *request)
{
    return s_extension_decide (cli, request, 0);
}

static int
s_rectification (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__RectificationShow body = XUNCHA__RECTIFICATION_SHOW__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id) || xc_cli_int64 (cli, "unit", 0, &body.unit_id))
        return -1;
    XC_SET_BODY (request, rectification_show, RECTIFICATION_SHOW, &body);
    return 0;
}

/* ------------------------------------------------------------ text pieces */

/* TEXT cut to at most WIDTH columns, "…" marking a cut, into BUF. */
static const char *
s_clip (const char *text, size_t width, char *buf, size_t size)
{
    if (xc_utf8_width (text) <= width)
        return text;
    size_t used = 0, length = 0;
    while (text[length]) {
        size_t n = 1;
        while ((text[length + n] & 0xC0) == 0x80)
            n++;
        char one[8] = "";
        memcpy (one, text + length, n < sizeof one ? n : sizeof one - 1);
        size_t w = xc_utf8_width (one);
        if (used + w + 1 > width || length + n + 4 > size)
            break;
        used += w;
        length += n;
    }
    snprintf (buf, size, "%.*s…", (int) length, text);
    return buf;
}

static const char *
s_enum (const ProtobufCEnumDescriptor *type, int value)
{
    const char *label = xc_label (type, value);
    return label ? label : "—";
}

static int
s_is_open (const Xuncha__RectificationTask *task)
{
    return task->status == XUNCHA__TASK_STATUS__TASK_STATUS_NOT_STARTED
           || task->status == XUNCHA__TASK_STATUS__TASK_STATUS_IN_PROGRESS;
}

/* "剩 12 个工作日（16 天）", "逾期 8 天", "剩 16 天（工作日未知）"; "—" once the unit is done. */
static const char *
s_days_left (const Xuncha__RectificationTask *task, char *buf, size_t size)
{
    if (!s_is_open (task))
        snprintf (buf, size, "—");
    else if (task->overdue || task->days_left < 0)
        snprintf (buf, size, "逾期 %d 天", -task->days_left);
    else if (task->workdays_known)
        snprintf (buf, size, "剩 %d 个工作日（%d 天）", task->workdays_left, task->days_left);
    else
        snprintf (buf, size, "剩 %d 天（工作日未知）", task->days_left);
    return buf;
}

/* The level's label ("黄色预警"), coloured when output.c says so; "" when none. */
static const char *
s_level (const Xuncha__RectificationTask *task, char *buf, size_t size)
{
    if (!s_is_open (task) || task->level == XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_NONE)
        return "";
    return xc_output_level (task->level, buf, size);
}

/* ------------------------------------------------------------ printing a list of tasks */

static void
s_print_task_table (Xuncha__RectificationTask *const *tasks, size_t count)
{
    int several_units = 0;
    size_t title_width = 4, unit_width = 4;
    for (size_t i = 0; i < count; i++) {
        size_t w = xc_utf8_width (tasks[i]->title);
        title_width = w > title_width ? (w < XC_TITLE_WIDTH ? w : XC_TITLE_WIDTH) : title_width;
        if (xc_utf8_width (tasks[i]->unit_name) > unit_width)
            unit_width = xc_utf8_width (tasks[i]->unit_name);
        several_units |= tasks[i]->unit_id != tasks[0]->unit_id;
    }
    if (count == 0) {
        printf ("没有整改任务\n共 0 项，逾期 0 项\n");
        return;
    }
    xc_output_cell ("编号", 6);
    if (several_units)
        xc_output_cell ("单位", unit_width);
    xc_output_cell ("类别", 12);
    xc_output_cell ("标题", title_width);
    xc_output_cell ("状态", 6);
    xc_output_cell ("期限", 10);
    xc_output_cell ("剩余", 24);
    fputs ("提醒\n", stdout);
    int overdue = 0;
    for (size_t i = 0; i < count; i++) {
        const Xuncha__RectificationTask *task = tasks[i];
        char number[32], title[256], days[96], level[64];
        snprintf (number, sizeof number, "#%" PRId64, task->id);
        xc_output_cell (number, 6);
        if (several_units)
            xc_output_cell (task->unit_name, unit_width);
        xc_output_cell (s_enum (&xuncha__task_kind__descriptor, task->kind), 12);
        xc_output_cell (s_clip (task->title, title_width, title, sizeof title), title_width);
        xc_output_cell (s_enum (&xuncha__task_status__descriptor, task->status), 6);
        xc_output_cell (task->deadline, 10);
        xc_output_cell (s_days_left (task, days, sizeof days), 24);
        printf ("%s\n", s_level (task, level, sizeof level));
        overdue += task->overdue;
    }
    printf ("共 %zu 项，逾期 %d 项\n", count, overdue);
}

static int
s_print_tasks (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json () || !reply->tasks)
        return XC_EXIT_OK;
    printf ("整改任务（今天 %s）\n\n", reply->tasks->today);
    s_print_task_table (reply->tasks->tasks, reply->tasks->n_tasks);
    if (reply->tasks->truncated)
        printf ("仅显示前 %zu 项，共 %d 项；请用 --round、--unit、--status 缩小范围\n", reply->tasks->n_tasks,
                reply->tasks->total);
    return XC_AFTER_PRINTED;
}

/* ------------------------------------------------------------ printing one task */

static void
s_print_line (const char *label, const char *value)
{
    if (value && *value)
        printf ("%s：%s\n", label, value);
}

static void
s_print_events (const Xuncha__RectificationTask *task)
{
    if (!task->n_events)
        return;
    printf ("流转记录：\n");
    for (size_t i = 0; i < task->n_events; i++) {
        const Xuncha__TaskEvent *event = task->events[i];
        printf ("  %s  %s  %s%s%s\n", event->at, s_enum (&xuncha__task_action__descriptor, event->action), event->by,
                *event->note ? "：" : "", event->note);
    }
}

static void
s_print_evidence (const Xuncha__RectificationTask *task)
{
    if (!task->n_evidence)
        return;
    printf ("佐证材料：\n");
    for (size_t i = 0; i < task->n_evidence; i++) {
        const Xuncha__Attachment *file = task->evidence[i];
        printf ("  附件 #%" PRId64 "  %s（%" PRId64 " 字节，SHA-256 %s）  %s %s\n", file->id, file->filename, file->size,
                file->sha256, file->uploaded_by, file->uploaded_at);
    }
}

static void
s_print_extensions (const Xuncha__RectificationTask *task)
{
    if (!task->n_extensions)
        return;
    printf ("延期申请：\n");
    for (size_t i = 0; i < task->n_extensions; i++) {
        const Xuncha__TaskExtension *extension = task->extensions[i];
        const char *verdict = !extension->decided ? "待审批" : extension->approved ? "已批准" : "不批准";
        printf ("  申请 #%" PRId64 "  %s → %s  %s  理由：%s（%s %s）\n", extension->id, extension->previous_deadline,
                extension->requested_deadline, verdict, extension->reason, extension->requested_by,
                extension->requested_at);
        if (extension->decided)
            printf ("    审批：%s %s%s%s\n", extension->decided_by, extension->decided_at, *extension->comment ? "，" : "",
                    extension->comment);
    }
}

/* The reason of the 巡察办's last rejection while the task is back 整改中 (the unit
 * must read it before completing again); NULL otherwise. */
static const Xuncha__TaskEvent *
s_pending_rejection (const Xuncha__RectificationTask *task)
{
    const Xuncha__TaskEvent *rejection = NULL;
    for (size_t i = 0; i < task->n_events; i++)
        if (task->events[i]->action == XUNCHA__TASK_ACTION__TASK_ACTION_REJECT)
            rejection = task->events[i];
        else if (task->events[i]->action == XUNCHA__TASK_ACTION__TASK_ACTION_COMPLETE)
            rejection = NULL;
    return task->status == XUNCHA__TASK_STATUS__TASK_STATUS_IN_PROGRESS ? rejection : NULL;
}

static void
s_print_task (const Xuncha__RectificationTask *task)
{
    char days[96], level[64], deadline[96];
    printf ("整改任务 #%" PRId64 "：%s\n", task->id, task->title);
    s_print_line ("类别", s_enum (&xuncha__task_kind__descriptor, task->kind));
    s_print_line ("底稿编号", task->paper_number);
    s_print_line ("单位", task->unit_name);
    s_print_line ("状态", s_enum (&xuncha__task_status__descriptor, task->status));
    const Xuncha__TaskEvent *rejection = s_pending_rejection (task);
    if (rejection)
        printf ("退回理由：%s（%s %s）\n", rejection->note, rejection->by, rejection->at);
    if (strcmp (task->deadline, task->original_deadline) != 0 && *task->original_deadline)
        snprintf (deadline, sizeof deadline, "%s（原期限 %s）", task->deadline, task->original_deadline);
    else
        snprintf (deadline, sizeof deadline, "%s", task->deadline);
    s_print_line ("整改期限", deadline);
    if (s_is_open (task)) {
        s_print_line ("剩余", s_days_left (task, days, sizeof days));
        s_print_line ("提醒", s_level (task, level, sizeof level));
    }
    s_print_line ("责任领导", task->leader_name);
    s_print_line ("经办人", task->handler_name);
    s_print_line ("整改措施", task->measures);
    s_print_line ("整改情况", task->completion_note);
    s_print_line ("申请验收时间", task->completed_at);
    s_print_line ("验收人", task->verified_by);
    s_print_line ("验收时间", task->verified_at);
    s_print_events (task);
    s_print_evidence (task);
    s_print_extensions (task);
}

static int
s_print_one_task (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json () || reply->body_case != XUNCHA__REPLY__BODY_TASK)
        return XC_EXIT_OK;   /* another body: the generic printer */
    s_print_task (reply->task);
    return XC_AFTER_PRINTED;
}

/* ------------------------------------------------------------ feedback and supervision */

static int
s_print_feedback_recorded (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    const Xuncha__FeedbackRecorded *recorded = reply->feedback_recorded;
    if (xc_output_is_json () || !recorded || !recorded->feedback)
        return XC_EXIT_OK;
    xc_output_text (stdout, &recorded->feedback->base);
    printf ("\n已下达整改任务：\n");
    s_print_task_table (recorded->tasks, recorded->n_tasks);
    return XC_AFTER_PRINTED;
}

/* "已验收（2026-06-02）": a unit-level deliverable and its due date. */
static const char *
s_deliverable (Xuncha__TaskStatus status, const char *due, char *buf, size_t size)
{
    snprintf (buf, size, "%s（%s）", status ? s_enum (&xuncha__task_status__descriptor, status) : "—",
              *due ? due : "—");
    return buf;
}

static void
s_print_unit_row (const Xuncha__UnitRectification *unit, size_t unit_width)
{
    char cells[6][16], rate[16], verified_rate[16], plan[64], report[64], disclosure[64];
    snprintf (cells[0], 16, "%d", unit->total);
    snprintf (cells[1], 16, "%d", unit->not_started);
    snprintf (cells[2], 16, "%d", unit->in_progress);
    snprintf (cells[3], 16, "%d", unit->completed);
    snprintf (cells[4], 16, "%d", unit->verified);
    snprintf (rate, sizeof rate, unit->total ? "%.0f%%" : "—", unit->completion_rate * 100);
    snprintf (verified_rate, sizeof verified_rate, unit->total ? "%.0f%%" : "—", unit->verified_rate * 100);
    xc_output_cell (unit->unit_name, unit_width);
    xc_output_cell (*unit->meeting_date ? unit->meeting_date : "—", 10);
    static const size_t widths[] = { 6, 6, 6, 6, 6 };
    for (int i = 0; i < 5; i++)
        xc_output_cell (cells[i], widths[i]);
    xc_output_cell (rate, 6);
    xc_output_cell (verified_rate, 6);
    xc_output_cell (s_deliverable (unit->plan_status, unit->plan_due_date, plan, sizeof plan), 20);
    xc_output_cell (s_deliverable (unit->report_status, unit->report_due_date, report, sizeof report), 20);
    printf ("%s\n", s_deliverable (unit->disclosure_status, unit->disclosure_due_date, disclosure, sizeof disclosure));
}

static void
s_print_overdue (const Xuncha__Rectification *rectification)
{
    int any = 0;
    for (size_t i = 0; i < rectification->n_units; i++)
        for (size_t k = 0; k < rectification->units[i]->n_overdue; k++) {
            const Xuncha__OverdueTask *task = rectification->units[i]->overdue[k];
            if (!any++)
                printf ("\n逾期任务：\n");
            printf ("  #%" PRId64 "  %s  %s  期限 %s  逾期 %d 天%s%s\n", task->task_id, rectification->units[i]->unit_name,
                    task->title, task->deadline, task->days_overdue, *task->handler_name ? "  经办人 " : "",
                    task->handler_name);
        }
    for (size_t i = 0; i < rectification->n_units; i++) {
        const Xuncha__UnitRectification *unit = rectification->units[i];
        if ((size_t) unit->overdue_total > unit->n_overdue)
            printf ("  %s另有 %zu 项逾期任务未列出（共 %d 项）：xuncha tasks --unit %" PRId64 " --overdue\n",
                    unit->unit_name, (size_t) unit->overdue_total - unit->n_overdue, unit->overdue_total, unit->unit_id);
    }
    if (!any)
        printf ("\n没有逾期任务\n");
}

static int
s_print_rectification (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    const Xuncha__Rectification *rectification = reply->rectification;
    if (xc_output_is_json () || !rectification)
        return XC_EXIT_OK;
    printf ("督促整改（今天 %s）\n\n", rectification->today);
    size_t unit_width = 12;
    for (size_t i = 0; i < rectification->n_units; i++)
        if (xc_utf8_width (rectification->units[i]->unit_name) > unit_width)
            unit_width = xc_utf8_width (rectification->units[i]->unit_name);
    const char *headers[] = { "单位", "反馈会", "问题数", "未开始", "整改中", "已完成", "已验收", "完成率",
                              "验收率", "整改方案", "整改情况报告" };
    static const size_t widths[] = { 0, 10, 6, 6, 6, 6, 6, 6, 6, 20, 20 };
    for (int i = 0; i < 11; i++)
        xc_output_cell (headers[i], i ? widths[i] : unit_width);
    printf ("公开\n");
    for (size_t i = 0; i < rectification->n_units; i++)
        s_print_unit_row (rectification->units[i], unit_width);
    s_print_overdue (rectification);
    return XC_AFTER_PRINTED;
}

/* ------------------------------------------------------------ the table */

#define XC_TASK "<task>,task,"
#define XC_TASK_STATUSES "未开始|整改中|已完成|已验收"
const xc_command_t xc_rectification_commands[] = {
    { "feedback", "record", "round,unit,talk-date,meeting-date,paper",
      "xuncha feedback record --round 轮次编号 --unit 单位编号 --talk-date YYYY-MM-DD --meeting-date YYYY-MM-DD"
      " [--paper 底稿编号 ...]",
      "录入反馈（巡察办）：一对一反馈与反馈会日期；反馈纳入报告的底稿，下达整改任务并起算期限", s_feedback_record,
      s_print_feedback_recorded },
    { "feedback", "list", "round", "xuncha feedback list --round 轮次编号", "本轮各单位的反馈与整改期限",
      s_feedback_list, NULL },
    { "tasks", "show", XC_TASK, "xuncha tasks show 任务编号", "查看整改任务（流转记录、佐证材料、延期申请）",
      s_task_show, s_print_one_task },
    { "tasks", "assign", XC_TASK "leader,handler,measures",
      "xuncha tasks assign 任务编号 [--leader 用户编号] [--handler 用户编号] [--measures 整改措施]",
      "明确责任领导、经办人和整改措施", s_task_assign, s_print_one_task },
    { "tasks", "start", XC_TASK "note", "xuncha tasks start 任务编号 [--note 说明]", "开始整改（被巡察单位）",
      s_task_start, s_print_one_task },
    { "tasks", "progress", XC_TASK "note", "xuncha tasks progress 任务编号 --note 进展情况",
      "报告整改进展（被巡察单位；未开始的任务随之转为整改中）", s_task_progress, s_print_one_task },
    { "tasks", "attach", XC_TASK "<file>,file,media-type", "xuncha tasks attach 任务编号 文件 [--media-type 类型]",
      "上传整改佐证材料（被巡察单位；上限 3 MiB，记录 SHA-256）", s_task_attach, NULL },
    { "tasks", "complete", XC_TASK "note", "xuncha tasks complete 任务编号 --note 整改情况",
      "完成整改、申请验收（问题整改须已明确责任领导、经办人并上传佐证材料）", s_task_complete, s_print_one_task },
    { "tasks", "verify", XC_TASK, "xuncha tasks verify 任务编号", "验收通过（巡察办）", s_task_verify, s_print_one_task },
    { "tasks", "reject", XC_TASK "reason", "xuncha tasks reject 任务编号 --reason 退回理由",
      "退回重新整改，须说明理由（巡察办）", s_task_reject, s_print_one_task },
    { "tasks", "extend", XC_TASK "to,reason", "xuncha tasks extend 任务编号 --to YYYY-MM-DD --reason 理由",
      "申请延期（被巡察单位；须巡察办批准，原期限留档）", s_task_extend, NULL },
    { "tasks", "approve-extension", "<extension>,extension,comment",
      "xuncha tasks approve-extension 申请编号 [--comment 意见]", "批准延期（巡察办）", s_extension_approve,
      s_print_one_task },
    { "tasks", "refuse-extension", "<extension>,extension,comment",
      "xuncha tasks refuse-extension 申请编号 --comment 意见", "不批准延期，须说明意见（巡察办）", s_extension_refuse,
      s_print_one_task },
    /* after the subcommands: `xuncha tasks` alone, or with options only, lists */
    { "tasks", NULL, "round,unit,status,overdue?",
      "xuncha tasks [--round 轮次编号] [--unit 单位编号] [--status " XC_TASK_STATUSES "] [--overdue]",
      "列出整改任务：剩余工作日与天数、提醒等级、逾期（被巡察单位只见本单位）", s_task_list, s_print_tasks },
    { "rectification", NULL, "round,unit", "xuncha rectification --round 轮次编号 [--unit 单位编号]",
      "督促整改：各单位任务状态、完成率与验收率、整改方案/报告/公开情况与逾期清单", s_rectification, s_print_rectification },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
