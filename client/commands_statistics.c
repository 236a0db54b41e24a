/* commands_statistics — 统计分析 and the evaluations after a round (see commands.h):
 *
 *   xuncha stats [--round R …] [--csv FILE] [--chart FILE.svg] [--force]
 *       the figures as Chinese tables (问题分类统计 with 共性/个性, 线索移交与处置,
 *       整改完成率/逾期率, 各巡察组工作量, 抽检结果, 作风纪律后评估, 工作鉴定); --csv writes
 *       them as one CSV, --chart the main ones as an SVG bar chart (statistics_export.h).
 *       A file is written readable by its owner only, and never over an existing file
 *       unless --force.
 *   xuncha conduct rate|list       作风纪律后评估: a 被巡察单位 rates the group; the list of a round
 *   xuncha inspector appraise|appraisals   工作鉴定 by the 巡察办, and their list
 *
 * With --json every reply is printed as JSON and the tables stay silent (the files are
 * written all the same, and say so on stderr). */
#include "commands.h"
#include "private_file.h"
#include "output.h"
#include "statistics_export.h"
#include "xc_names.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ building the requests */

static int
s_stats (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__StatisticsQuery body = XUNCHA__STATISTICS_QUERY__INIT;
    char *csv, *chart;
    int force;
    if (xc_cli_int64_all (cli, "round", &body.round_ids, &body.n_round_ids) || xc_cli_text (cli, "csv", 0, &csv)
        || xc_cli_text (cli, "chart", 0, &chart) || xc_cli_bool (cli, "force", &force))
        return -1;
    XC_SET_BODY (request, statistics_query, STATISTICS_QUERY, &body);
    return 0;
}

static int
s_conduct_rate (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ConductRate body = XUNCHA__CONDUCT_RATE__INIT;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int32 (cli, "score", 1, &body.score)
        || xc_cli_text (cli, "comment", 0, &body.comment))
        return -1;
    XC_SET_BODY (request, conduct_rate, CONDUCT_RATE, &body);
    return 0;
}

static int
s_conduct_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ConductRatingList body = XUNCHA__CONDUCT_RATING_LIST__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id))
        return -1;
    XC_SET_BODY (request, conduct_rating_list, CONDUCT_RATING_LIST, &body);
    return 0;
}

static int
s_inspector_appraise (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__InspectorAppraise body = XUNCHA__INSPECTOR_APPRAISE__INIT;
    int grade, exclude;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id) || xc_cli_int64 (cli, "inspector", 1, &body.inspector_id)
        || xc_cli_enum (cli, "grade", 1, &xuncha__appraisal_grade__descriptor, &grade)
        || xc_cli_text (cli, "comment", 0, &body.comment) || xc_cli_bool (cli, "exclude", &exclude))
        return -1;
    body.grade = (Xuncha__AppraisalGrade) grade;
    body.exclude_from_pool = exclude;
    XC_SET_BODY (request, inspector_appraise, INSPECTOR_APPRAISE, &body);
    return 0;
}

static int
s_inspector_appraisals (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__InspectorAppraisalList body = XUNCHA__INSPECTOR_APPRAISAL_LIST__INIT;
    if (xc_cli_int64 (cli, "round", 0, &body.round_id) || xc_cli_int64 (cli, "inspector", 0, &body.inspector_id))
        return -1;
    XC_SET_BODY (request, inspector_appraisal_list, INSPECTOR_APPRAISAL_LIST, &body);
    return 0;
}

/* ------------------------------------------------------------ tables */

#define XC_MAX_COLUMNS 8

/* A table: a header row and COUNT rows of COLUMNS cells, each column as wide as its
 * widest cell (CJK characters count two). */
static void
s_table (const char *const *headers, size_t columns, char *const *cells, size_t count)
{
    size_t widths[XC_MAX_COLUMNS] = { 0 };
    for (size_t c = 0; c < columns; c++) {
        widths[c] = xc_output_widest (0, headers[c]);
        for (size_t r = 0; r < count; r++)
            widths[c] = xc_output_widest (widths[c], cells[r * columns + c]);
    }
    for (size_t c = 0; c < columns; c++)
        xc_output_cell (headers[c], widths[c]);
    fputc ('\n', stdout);
    for (size_t r = 0; r < count; r++) {
        for (size_t c = 0; c < columns; c++)
            xc_output_cell (cells[r * columns + c], widths[c]);
        fputc ('\n', stdout);
    }
}

/* Cells of a table being filled: COUNT rows of COLUMNS, each a short string. */
typedef struct {
    char (*text)[160];
    char **cells;
    size_t columns, rows;
} xc_cells_t;

static int
s_cells_new (xc_cells_t *t, size_t columns, size_t rows)
{
    t->columns = columns;
    t->rows = rows;
    t->text = calloc (columns * rows + 1, sizeof *t->text);
    t->cells = calloc (columns * rows + 1, sizeof *t->cells);
    for (size_t i = 0; t->text && t->cells && i < columns * rows; i++)
        t->cells[i] = t->text[i];
    return t->text && t->cells ? 0 : -1;
}

static void
s_cells_destroy (xc_cells_t *t)
{
    free (t->text);
    free (t->cells);
}

/* Sets the cell at ROW, COLUMN. */
static void s_cell (xc_cells_t *t, size_t row, size_t column, const char *fmt, ...) __attribute__ ((format (printf, 4, 5)));
static void
s_cell (xc_cells_t *t, size_t row, size_t column, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    vsnprintf (t->text[row * t->columns + column], sizeof t->text[0], fmt, args);
    va_end (args);
}

static const char *
s_enum (const ProtobufCEnumDescriptor *type, int value, const char *otherwise)
{
    const char *label = xc_label (type, value);
    return label ? label : otherwise;
}

static void
s_print_categories (const Xuncha__Statistics *s)
{
    printf ("一、问题分类统计（已签批底稿；在两个及以上单位发现的为共性问题，否则为个性问题）\n");
    if (!s->n_categories) {
        printf ("  （尚无已签批的问题底稿）\n\n");
        return;
    }
    xc_cells_t t;
    if (s_cells_new (&t, 5, s->n_categories) != 0)
        return;
    int common = 0;
    for (size_t i = 0; i < s->n_categories; i++) {
        const Xuncha__CategoryFigure *c = s->categories[i];
        s_cell (&t, i, 0, "%s", c->name);
        s_cell (&t, i, 1, "%s", *c->parent_name ? c->parent_name : "（聚焦本身）");
        s_cell (&t, i, 2, "%d", c->problems);
        s_cell (&t, i, 3, "%d", c->units);
        s_cell (&t, i, 4, "%s", c->common ? "共性问题" : "个性问题");
        common += c->common;
    }
    const char *headers[] = { "问题分类", "所属聚焦", "问题数", "涉及单位", "性质" };
    s_table (headers, 5, t.cells, t.rows);
    s_cells_destroy (&t);
    printf ("共性问题 %d 类，个性问题 %d 类。按聚焦合计：\n", common, (int) s->n_categories - common);
    xc_focus_t focus[64];
    size_t n = xc_statistics_focus (s, focus, 64);
    for (size_t k = 0; k < n; k++)
        printf ("  %s  %d\n", focus[k].name, focus[k].problems);
    fputc ('\n', stdout);
}

static void
s_print_clues_and_tasks (const Xuncha__Statistics *s)
{
    printf ("二、问题线索移交与处置\n移交线索  %d\n", s->clues_transferred);
    for (size_t i = 0; i < s->n_disposals; i++)
        printf ("  %s  %d\n", s_enum (&xuncha__clue_disposal__descriptor, s->disposals[i]->disposal, "未定"),
                s->disposals[i]->clues);
    printf ("已反馈办理结果  %d\n\n", s->clues_with_result);
    printf ("三、整改完成率与逾期率（完成率 = 已验收 / 整改任务；逾期率 = 逾期未完成 / 整改任务）\n");
    const char *headers[] = { "整改任务", "已验收", "逾期", "完成率", "逾期率" };
    xc_cells_t t;
    if (s_cells_new (&t, 5, 1) != 0)
        return;
    s_cell (&t, 0, 0, "%d", s->tasks);
    s_cell (&t, 0, 1, "%d", s->tasks_done);
    s_cell (&t, 0, 2, "%d", s->tasks_overdue);
    s_cell (&t, 0, 3, "%.1f%%", 100.0 * s->completion_rate);
    s_cell (&t, 0, 4, "%.1f%%", 100.0 * s->overdue_rate);
    s_table (headers, 5, t.cells, 1);
    s_cells_destroy (&t);
    fputc ('\n', stdout);
}

static void
s_print_groups (const Xuncha__Statistics *s)
{
    printf ("四、各巡察组工作量\n");
    xc_cells_t t;
    if (s_cells_new (&t, 6, s->n_groups) != 0)
        return;
    for (size_t i = 0; i < s->n_groups; i++) {
        const Xuncha__GroupFigure *g = s->groups[i];
        s_cell (&t, i, 0, "%s", g->round_name);
        s_cell (&t, i, 1, "%s", g->group_name);
        s_cell (&t, i, 2, "%d", g->talks);
        s_cell (&t, i, 3, "%d", g->petitions);
        s_cell (&t, i, 4, "%d", g->papers);
        s_cell (&t, i, 5, "%d", g->clues);
    }
    const char *headers[] = { "巡察轮次", "巡察组", "个别谈话", "信访", "签批底稿", "移交线索" };
    s_table (headers, 6, t.cells, t.rows);
    s_cells_destroy (&t);
    fputc ('\n', stdout);
}

static void
s_print_checks_and_evaluations (const Xuncha__Statistics *s)
{
    printf ("五、底稿抽检结果\n");
    for (size_t i = 0; i < s->n_spot_checks; i++)
        printf ("  %s  %d 份\n", s_enum (&xuncha__spot_check_result__descriptor, s->spot_checks[i]->result, "尚未评定"),
                s->spot_checks[i]->papers);
    printf ("\n六、作风纪律后评估（被巡察单位评分，1–5 分）\n");
    size_t rated = 0;
    for (size_t i = 0; i < s->n_groups; i++)
        rated += s->groups[i]->conduct_ratings > 0;
    xc_cells_t t;
    if (rated && s_cells_new (&t, 4, rated) == 0) {
        for (size_t i = 0, r = 0; i < s->n_groups; i++) {
            const Xuncha__GroupFigure *g = s->groups[i];
            if (!g->conduct_ratings)
                continue;
            s_cell (&t, r, 0, "%s", g->round_name);
            s_cell (&t, r, 1, "%s", g->group_name);
            s_cell (&t, r, 2, "%d", g->conduct_ratings);
            s_cell (&t, r++, 3, "%.2f", g->conduct_score);
        }
        const char *headers[] = { "巡察轮次", "巡察组", "评价数", "平均分" };
        s_table (headers, 4, t.cells, t.rows);
        s_cells_destroy (&t);
    }
    else if (!rated)
        printf ("  （尚无评价）\n");
    printf ("\n七、工作鉴定\n");
    for (size_t i = 0; i < s->n_appraisals; i++)
        printf ("  %s  %d 人\n", s_enum (&xuncha__appraisal_grade__descriptor, s->appraisals[i]->grade, "未定"),
                s->appraisals[i]->inspectors);
    printf ("  经鉴定不再抽调  %d 人\n", s->inspectors_excluded);
}

/* ------------------------------------------------------------ files */

typedef void (*xc_writer_fn) (FILE *out, const Xuncha__Statistics *statistics);

/* Writes the figures to PATH with WRITER: owner-only, refusing an existing file unless
 * FORCE. 0, or XC_EXIT_LOCAL after saying why. */
static int
s_write (const char *path, int force, xc_writer_fn writer, const Xuncha__Statistics *statistics, const char *what)
{
    /* built in memory, then written whole, owner-only, never over a file unasked
     * (private_file.h) */
    char *bytes = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&bytes, &size);
    if (!out) {
        fprintf (stderr, "xuncha: 内存不足，未写入 %s\n", path);
        return XC_EXIT_LOCAL;
    }
    writer (out, statistics);
    int failed = ferror (out);
    if (fclose (out) != 0 || failed || size == 0) {
        free (bytes);
        fprintf (stderr, "xuncha: 未能生成%s，未写入 %s\n", what, path);
        return XC_EXIT_LOCAL;
    }
    int written = xc_private_file_write (path, (const uint8_t *) bytes, size, force);
    free (bytes);
    if (written != 0)
        return XC_EXIT_LOCAL;
    fprintf (xc_output_is_json () ? stderr : stdout, "已写入%s：%s\n", what, path);
    return XC_EXIT_OK;
}

static int
s_print_statistics (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    const Xuncha__Statistics *s = reply->statistics;
    char *csv, *chart;
    int force;
    xc_cli_text (cli, "csv", 0, &csv);
    xc_cli_text (cli, "chart", 0, &chart);
    xc_cli_bool (cli, "force", &force);
    if (!xc_output_is_json ()) {
        char scope[2048];
        xc_statistics_scope (s, scope, sizeof scope);
        printf ("统计分析（%s；统计时间 %s）\n\n", scope, s->computed_at);
        s_print_categories (s);
        s_print_clues_and_tasks (s);
        s_print_groups (s);
        s_print_checks_and_evaluations (s);
        if (csv || chart)
            fputc ('\n', stdout);
    }
    int rc = XC_EXIT_OK;
    if (csv && *csv)
        rc = s_write (csv, force, xc_statistics_csv, s, " CSV");
    if (chart && *chart && rc == XC_EXIT_OK)
        rc = s_write (chart, force, xc_statistics_chart, s, "统计图（SVG）");
    return rc == XC_EXIT_OK ? XC_AFTER_PRINTED : rc;
}

static int
s_print_conduct_ratings (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json ())
        return XC_EXIT_OK;
    const Xuncha__ConductRatings *list = reply->conduct_ratings;
    if (!list->n_ratings) {
        printf ("本轮尚无作风纪律后评估\n");
        return XC_AFTER_PRINTED;
    }
    xc_cells_t t;
    if (s_cells_new (&t, 6, list->n_ratings) != 0)
        return XC_EXIT_LOCAL;
    for (size_t i = 0; i < list->n_ratings; i++) {
        const Xuncha__ConductRating *r = list->ratings[i];
        s_cell (&t, i, 0, "#%lld", (long long) r->id);
        s_cell (&t, i, 1, "%s", r->group_name);
        s_cell (&t, i, 2, "%s", r->unit_name);
        s_cell (&t, i, 3, "%d", r->score);
        s_cell (&t, i, 4, "%s", r->rated_at);
        s_cell (&t, i, 5, "%.150s", r->comment);
    }
    const char *headers[] = { "编号", "巡察组", "评价单位", "评分", "评价时间", "意见" };
    s_table (headers, 6, t.cells, t.rows);
    s_cells_destroy (&t);
    return XC_AFTER_PRINTED;
}

static int
s_print_appraisals (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json ())
        return XC_EXIT_OK;
    const Xuncha__InspectorAppraisals *list = reply->inspector_appraisals;
    if (!list->n_appraisals) {
        printf ("尚无工作鉴定\n");
        return XC_AFTER_PRINTED;
    }
    xc_cells_t t;
    if (s_cells_new (&t, 7, list->n_appraisals) != 0)
        return XC_EXIT_LOCAL;
    for (size_t i = 0; i < list->n_appraisals; i++) {
        const Xuncha__InspectorAppraisal *a = list->appraisals[i];
        s_cell (&t, i, 0, "#%lld", (long long) a->round_id);
        s_cell (&t, i, 1, "%s #%lld", a->inspector_name, (long long) a->inspector_id);
        s_cell (&t, i, 2, "%s", s_enum (&xuncha__appraisal_grade__descriptor, a->grade, ""));
        s_cell (&t, i, 3, "%s", a->exclude_from_pool ? "是" : "否");
        s_cell (&t, i, 4, "%s", a->appraised_by);
        s_cell (&t, i, 5, "%s", a->appraised_at);
        s_cell (&t, i, 6, "%.150s", a->comment);
    }
    const char *headers[] = { "轮次编号", "检查人员", "鉴定等次", "不再抽调", "鉴定人", "鉴定时间", "评语" };
    s_table (headers, 7, t.cells, t.rows);
    s_cells_destroy (&t);
    return XC_AFTER_PRINTED;
}

const xc_command_t xc_statistics_commands[] = {
    { "stats", NULL, "round,csv,chart,force?",
      "xuncha stats [--round 轮次编号 ...] [--csv 文件.csv] [--chart 文件.svg] [--force]",
      "统计分析：问题分类（共性/个性）、线索处置、整改完成率与逾期率、各组工作量、抽检、评估（巡察办、只读）",
      s_stats, s_print_statistics },
    { "conduct", "rate", "group,score,comment", "xuncha conduct rate --group 组编号 --score 1-5 [--comment 意见]",
      "作风纪律后评估：被巡察单位在反馈后评价巡察组（每个巡察组一次）", s_conduct_rate, NULL },
    { "conduct", "list", "round", "xuncha conduct list --round 轮次编号",
      "查看本轮作风纪律后评估（巡察办、只读）", s_conduct_list, s_print_conduct_ratings },
    { "inspector", "appraise", "round,inspector,grade,comment,exclude?",
      "xuncha inspector appraise --round 轮次编号 --inspector 人员编号 --grade 优秀|称职|基本称职|不称职"
      " [--comment 评语] [--exclude 是|否]",
      "工作鉴定（巡察办，整改阶段；--exclude：不再从人才库抽调）", s_inspector_appraise, NULL },
    { "inspector", "appraisals", "round,inspector", "xuncha inspector appraisals [--round 轮次编号] [--inspector 人员编号]",
      "查看工作鉴定（巡察办、只读）", s_inspector_appraisals, s_print_appraisals },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
