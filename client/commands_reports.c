/* commands_reports — 巡察报告, 个别谈话情况报告 and 专题报告 (see commands.h): building a
 * report from the group's signed 底稿 纳入报告, writing its narrative sections, the
 * approvals (组长审定, 巡察办审定, 退回), and showing it as a report reads: its sections
 * with the problems by category and the cited numbers in between, the field records'
 * counts, the talks per interviewee, and who approved it when. */
#include "commands.h"
#include "output.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define XC_SECTION_TEXT_MAX 200000   /* as the server's edge validation */

/* ------------------------------------------------------------ requests */

static int
s_report_build (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ReportBuild body = XUNCHA__REPORT_BUILD__INIT;
    int kind = 0, part = 0;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "unit", 1, &body.unit_id)
        || xc_cli_enum (cli, "kind", 0, &xuncha__report_kind__descriptor, &kind)
        || xc_cli_enum (cli, "part", 0, &xuncha__report_part__descriptor, &part)
        || xc_cli_int64 (cli, "category", 0, &body.category_id))
        return -1;
    body.kind = kind ? (Xuncha__ReportKind) kind : XUNCHA__REPORT_KIND__REPORT_KIND_INSPECTION;
    body.part = (Xuncha__ReportPart) part;
    XC_SET_BODY (request, report_build, REPORT_BUILD, &body);
    return 0;
}

/* The section's text from --text, or from the file --file names (UTF-8). */
static int
s_section_text (xc_cli_t *cli, char **text)
{
    static char buffer[XC_SECTION_TEXT_MAX + 1];
    ProtobufCBinaryData data = { 0, NULL };
    const char *name = NULL;
    char *path;
    if (xc_cli_text (cli, "text", 0, text) || xc_cli_text (cli, "file", 0, &path))
        return -1;
    if ((**text != '\0') == (*path != '\0')) {
        fprintf (stderr, "xuncha: 请给出 --text 文字 或 --file 文件（二者选一）\n");
        return -1;
    }
    if (*path) {
        if (xc_cli_file (cli, "file", XC_SECTION_TEXT_MAX, &data, &name) != 0)
            return -1;
        memcpy (buffer, data.data, data.len);
        buffer[data.len] = '\0';
        if (strlen (buffer) != data.len || !xc_utf8_valid (buffer, data.len)) {
            fprintf (stderr, "xuncha: 文件 %s 不是 UTF-8 文本\n", name);
            xc_cli_fail_locally (cli);
            return -1;
        }
        *text = buffer;
    }
    return 0;
}

static int
s_report_edit (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ReportEdit body = XUNCHA__REPORT_EDIT__INIT;
    if (xc_cli_int64 (cli, "report", 1, &body.report_id) || xc_cli_text (cli, "section", 1, &body.section_key)
        || s_section_text (cli, &body.text))
        return -1;
    XC_SET_BODY (request, report_edit, REPORT_EDIT, &body);
    return 0;
}

static int
s_report_move (xc_cli_t *cli, Xuncha__Request *request, Xuncha__ReportAction action)
{
    static Xuncha__ReportTransition body = XUNCHA__REPORT_TRANSITION__INIT;
    int need_reason = action == XUNCHA__REPORT_ACTION__REPORT_ACTION_RETURN;
    if (xc_cli_int64 (cli, "report", 1, &body.report_id) || xc_cli_text (cli, "reason", need_reason, &body.reason))
        return -1;
    body.action = action;
    XC_SET_BODY (request, report_transition, REPORT_TRANSITION, &body);
    return 0;
}

#define XC_REPORT_MOVE(name, ACTION)                                                      \
    static int name (xc_cli_t *cli, Xuncha__Request *request)                             \
    {                                                                                     \
        return s_report_move (cli, request, XUNCHA__REPORT_ACTION__REPORT_ACTION_##ACTION); \
    }
XC_REPORT_MOVE (s_report_approve, LEADER_APPROVE)
XC_REPORT_MOVE (s_report_endorse, OFFICE_APPROVE)
XC_REPORT_MOVE (s_report_return, RETURN)

static int
s_report_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ReportShow body = XUNCHA__REPORT_SHOW__INIT;
    if (xc_cli_int64 (cli, "report", 1, &body.report_id))
        return -1;
    XC_SET_BODY (request, report_show, REPORT_SHOW, &body);
    return 0;
}

static int
s_report_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ReportList body = XUNCHA__REPORT_LIST__INIT;
    if (xc_cli_int64 (cli, "round", 0, &body.round_id) || xc_cli_int64 (cli, "group", 0, &body.group_id))
        return -1;
    if (!body.round_id == !body.group_id) {
        fprintf (stderr, "xuncha: 请给出 --round 轮次编号 或 --group 组编号（二者选一）\n");
        return -1;
    }
    XC_SET_BODY (request, report_list, REPORT_LIST, &body);
    return 0;
}

/* ------------------------------------------------------------ printing a report */

static const char *
s_enum (const ProtobufCEnumDescriptor *type, int value)
{
    const char *label = xc_label (type, value);
    return label ? label : "—";
}

/* 一 … 十, then the number itself */
static const char *
s_ordinal (int n, char *buf, size_t size)
{
    static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
    if (n >= 1 && n <= 10)
        snprintf (buf, size, "%s", numerals[n - 1]);
    else
        snprintf (buf, size, "%d", n);
    return buf;
}

/* TEXT indented by INDENT columns, line by line. */
static void
s_print_text (const char *text, int indent)
{
    while (*text) {
        const char *end = strchr (text, '\n');
        int length = end ? (int) (end - text) : (int) strlen (text);
        printf ("%*s%.*s\n", indent, "", length, text);
        text += length + (end ? 1 : 0);
    }
}

static void
s_print_problems (const Xuncha__Report *report, int *heading)
{
    char number[16];
    printf ("\n%s、发现的主要问题（引用底稿 %zu 份）\n", s_ordinal (++*heading, number, sizeof number),
            report->n_cited_numbers);
    if (report->n_categories == 0)
        printf ("    （没有已签批并纳入报告的底稿）\n");
    for (size_t i = 0; i < report->n_categories; i++) {
        const Xuncha__ReportCategory *category = report->categories[i];
        printf ("  （%s）%s%s%s\n", s_ordinal ((int) i + 1, number, sizeof number), category->parent_name,
                *category->parent_name ? " / " : "", category->name);
        for (size_t k = 0; k < category->n_problems; k++) {
            const Xuncha__ReportProblem *problem = category->problems[k];
            printf ("    %zu. %s（底稿 %s，%s）\n", k + 1, problem->title, problem->number, problem->unit_name);
            printf ("       事实：");
            s_print_text (problem->facts, 0);
            printf ("       定性依据：");
            s_print_text (problem->basis, 0);
        }
    }
}

static void
s_print_talks (const Xuncha__Report *report, int *heading)
{
    char number[16];
    int talks = 0;
    for (size_t i = 0; i < report->n_talks; i++)
        talks += report->talks[i]->talks;
    printf ("\n%s、个别谈话情况（%zu 人，%d 人次）\n", s_ordinal (++*heading, number, sizeof number), report->n_talks,
            talks);
    for (size_t i = 0; i < report->n_talks; i++) {
        const Xuncha__ReportTalk *talk = report->talks[i];
        printf ("  %zu. %s%s%s%s%s%s，谈话 %d 次\n", i + 1, talk->interviewee, *talk->position ? "（" : "",
                talk->position, *talk->position && *talk->unit ? "，" : "", talk->unit,
                *talk->position ? "）" : "", talk->talks);
        for (size_t k = 0; k < talk->n_summaries; k++)
            printf ("     - %s\n", talk->summaries[k]);
    }
}

/* "听取汇报 2、信访 1、个别谈话 3、调阅资料 0、走访/下沉 1" */
static void
s_print_counts (const Xuncha__Report *report)
{
    if (report->n_record_counts == 0)
        return;
    printf ("\n现场记录：");
    for (size_t i = 0; i < report->n_record_counts; i++)
        printf ("%s%s %d", i ? "、" : "", s_enum (&xuncha__record_kind__descriptor, report->record_counts[i]->kind),
                report->record_counts[i]->count);
    printf ("\n");
}

/* The generated parts, where a report has them: after the sections before 意见建议. */
static void
s_print_generated (const Xuncha__Report *report, int *heading)
{
    if (report->kind == XUNCHA__REPORT_KIND__REPORT_KIND_TALKS)
        s_print_talks (report, heading);
    else
        s_print_problems (report, heading);
}

static void
s_print_section (const Xuncha__ReportSection *section, int *heading)
{
    char number[16];
    printf ("\n%s、%s\n", s_ordinal (++*heading, number, sizeof number), section->title);
    if (xc_utf8_blank (section->text))
        printf ("    （尚未撰写：xuncha report edit --section %s）\n", section->key);
    else
        s_print_text (section->text, 4);
}

static void
s_print_trail (const Xuncha__Report *report)
{
    printf ("\n审定记录：\n");
    printf ("  组长审定：%s%s%s\n", *report->leader_approved_at ? report->leader_approved_by : "—",
            *report->leader_approved_at ? " " : "", report->leader_approved_at);
    printf ("  巡察办审定：%s%s%s\n", *report->office_approved_at ? report->office_approved_by : "—",
            *report->office_approved_at ? " " : "", report->office_approved_at);
    if (*report->returned_at)
        printf ("  最近一次退回：%s %s，理由：%s\n", report->returned_by, report->returned_at, report->returned_reason);
}

static void
s_print_report (const Xuncha__Report *report)
{
    printf ("报告 #%" PRId64 "：%s\n", report->id, report->title);
    printf ("类型：%s    范围：%s%s%s\n", s_enum (&xuncha__report_kind__descriptor, report->kind),
            s_enum (&xuncha__report_part__descriptor, report->part), *report->category_name ? "    专题：" : "",
            report->category_name);
    printf ("轮次：%s    巡察组：%s    单位：%s\n", report->round_name, report->group_name, report->unit_name);
    if (report->state == XUNCHA__REPORT_STATE__REPORT_STATE_DRAFT)
        printf ("状态：起草（生成部分随所依据的底稿更新，此刻生成于 %s）\n", report->generated_at);
    else
        printf ("状态：%s（生成部分已于 %s 冻结）\n", s_enum (&xuncha__report_state__descriptor, report->state),
                report->generated_at);
    int heading = 0, generated = 0;
    for (size_t i = 0; i < report->n_sections; i++) {
        if (!generated && strcmp (report->sections[i]->key, "recommendations") == 0) {
            s_print_generated (report, &heading);
            generated = 1;
        }
        s_print_section (report->sections[i], &heading);
    }
    if (!generated)
        s_print_generated (report, &heading);
    s_print_counts (report);
    printf ("\n引用底稿编号：");
    for (size_t i = 0; i < report->n_cited_numbers; i++)
        printf ("%s%s", i ? "、" : "", report->cited_numbers[i]);
    printf ("%s\n", report->n_cited_numbers ? "" : "（无）");
    s_print_trail (report);
}

static int
s_print_one_report (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json () || reply->body_case != XUNCHA__REPLY__BODY_REPORT)
        return XC_EXIT_OK;
    s_print_report (reply->report);
    return XC_AFTER_PRINTED;
}

/* ------------------------------------------------------------ printing a list */

static int
s_print_reports (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    const Xuncha__Reports *reports = reply->reports;
    if (xc_output_is_json () || !reports)
        return XC_EXIT_OK;
    printf ("报告：共 %zu 份\n", reports->n_reports);
    if (reports->n_reports == 0)
        return XC_AFTER_PRINTED;
    size_t group_width = 6, unit_width = 4, state_width = 4;
    for (size_t i = 0; i < reports->n_reports; i++) {
        group_width = xc_output_widest (group_width, reports->reports[i]->group_name);
        unit_width = xc_output_widest (unit_width, reports->reports[i]->unit_name);
        state_width = xc_output_widest (state_width, s_enum (&xuncha__report_state__descriptor,
                                                             reports->reports[i]->state));
    }
    static const char *const headers[] = { "编号", "类型", "范围", "巡察组", "单位", "状态", "更新时间" };
    const size_t widths[] = { 6, 16, 6, group_width, unit_width, state_width, 16 };
    for (int i = 0; i < 7; i++)
        xc_output_cell (headers[i], widths[i]);
    printf ("标题\n");
    for (size_t i = 0; i < reports->n_reports; i++) {
        const Xuncha__Report *report = reports->reports[i];
        char id[24];
        snprintf (id, sizeof id, "%" PRId64, report->id);
        const char *cells[] = { id, s_enum (&xuncha__report_kind__descriptor, report->kind),
                                s_enum (&xuncha__report_part__descriptor, report->part), report->group_name,
                                report->unit_name, s_enum (&xuncha__report_state__descriptor, report->state),
                                report->updated_at };
        for (int k = 0; k < 7; k++)
            xc_output_cell (cells[k], widths[k]);
        printf ("%s\n", report->title);
    }
    return XC_AFTER_PRINTED;
}

/* ------------------------------------------------------------ the table */

const xc_command_t xc_report_commands[] = {
    { "report", "build", "group,unit,kind,part,category",
      "xuncha report build --group 组编号 --unit 单位编号 [--kind 巡察报告|个别谈话情况报告|专题报告]"
      " [--part 全部|乡镇|村社区] [--category 分类编号]",
      "生成报告（起草中可重新生成）：引用本组已签批并纳入报告的底稿，按问题分类汇总", s_report_build, s_print_one_report },
    { "report", "edit", "report,section,text,file",
      "xuncha report edit --report 报告编号 --section overview|strengths|recommendations (--text 文字 | --file 文件)",
      "撰写报告的文字部分（起草中）", s_report_edit, s_print_one_report },
    { "report", "approve", "report,reason", "xuncha report approve --report 报告编号",
      "组长审定（仅本组组长）：生成部分随之冻结，报巡察办", s_report_approve, s_print_one_report },
    { "report", "endorse", "report,reason", "xuncha report endorse --report 报告编号", "巡察办审定（仅巡察办）",
      s_report_endorse, s_print_one_report },
    { "report", "return", "report,reason", "xuncha report return --report 报告编号 --reason 理由",
      "退回起草，须说明理由（巡察办，或本组组长）", s_report_return, s_print_one_report },
    { "report", "show", "report", "xuncha report show --report 报告编号",
      "查看报告：文字部分、按分类的问题及底稿编号、现场记录数、审定记录", s_report_show, s_print_one_report },
    { "report", "list", "round,group", "xuncha report list (--round 轮次编号 | --group 组编号)", "列出报告",
      s_report_list, s_print_reports },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
