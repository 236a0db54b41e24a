/* statistics_export — see statistics_export.h. */
#include "statistics_export.h"
#include "chart_svg.h"
#include "csv.h"
#include "xc_names.h"
#include <stdlib.h>
#include <string.h>

size_t
xc_statistics_focus (const Xuncha__Statistics *statistics, xc_focus_t *focus, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < statistics->n_categories; i++) {
        const Xuncha__CategoryFigure *category = statistics->categories[i];
        const char *top = *category->parent_name ? category->parent_name : category->name;
        size_t k = 0;
        while (k < count && strcmp (focus[k].name, top) != 0)
            k++;
        if (k == count) {
            if (count == max)
                continue;
            focus[count++] = (xc_focus_t) { top, 0 };
        }
        focus[k].problems += category->problems;
    }
    return count;
}

void
xc_statistics_scope (const Xuncha__Statistics *statistics, char *buf, size_t size)
{
    snprintf (buf, size, "%s", statistics->n_round_ids ? "" : "全部轮次");
    for (size_t i = 0; statistics->n_round_ids && i < statistics->n_round_names; i++) {
        size_t used = strlen (buf);
        snprintf (buf + used, size - used, "%s%s", i ? "、" : "", statistics->round_names[i]);
    }
}

void
xc_statistics_group_label (const Xuncha__GroupFigure *group, char *buf, size_t size)
{
    snprintf (buf, size, "%s %s", group->round_name, group->group_name);
}

/* ------------------------------------------------------------------ CSV */

static void
s_line (FILE *out, const char *section, const char *item, const char *figure, const char *value)
{
    const char *fields[] = { section, item, figure, value };
    xc_csv_record (out, fields, 4);
}

static void
s_count (FILE *out, const char *section, const char *item, const char *figure, long value)
{
    char text[32];
    snprintf (text, sizeof text, "%ld", value);
    s_line (out, section, item, figure, text);
}

static void
s_decimal (FILE *out, const char *section, const char *item, const char *figure, const char *format, double value)
{
    char text[32];
    snprintf (text, sizeof text, format, value);
    s_line (out, section, item, figure, text);
}

static const char *
s_label (const ProtobufCEnumDescriptor *type, int value, const char *otherwise)
{
    const char *label = xc_label (type, value);
    return label ? label : otherwise;
}

static void
s_csv_categories (FILE *out, const Xuncha__Statistics *s)
{
    const char *section = "问题分类统计";
    for (size_t i = 0; i < s->n_categories; i++) {
        const Xuncha__CategoryFigure *c = s->categories[i];
        char item[512];
        snprintf (item, sizeof item, "%s%s%s", c->parent_name, *c->parent_name ? "/" : "", c->name);
        s_count (out, section, item, "问题数", c->problems);
        s_count (out, section, item, "涉及单位数", c->units);
        s_line (out, section, item, "性质", c->common ? "共性问题" : "个性问题");
    }
    xc_focus_t focus[64];
    size_t n = xc_statistics_focus (s, focus, 64);
    for (size_t k = 0; k < n; k++)
        s_count (out, "问题分类统计（按聚焦）", focus[k].name, "问题数", focus[k].problems);
}

static void
s_csv_clues_and_tasks (FILE *out, const Xuncha__Statistics *s)
{
    s_count (out, "线索移交与处置", "合计", "移交线索", s->clues_transferred);
    for (size_t i = 0; i < s->n_disposals; i++)
        s_count (out, "线索移交与处置", s_label (&xuncha__clue_disposal__descriptor, s->disposals[i]->disposal, "未定"),
                 "线索数", s->disposals[i]->clues);
    s_count (out, "线索移交与处置", "合计", "已反馈办理结果", s->clues_with_result);
    s_count (out, "整改", "整改任务", "任务数", s->tasks);
    s_count (out, "整改", "整改任务", "已验收", s->tasks_done);
    s_count (out, "整改", "整改任务", "逾期", s->tasks_overdue);
    s_decimal (out, "整改", "整改任务", "完成率(%)", "%.1f", 100.0 * s->completion_rate);
    s_decimal (out, "整改", "整改任务", "逾期率(%)", "%.1f", 100.0 * s->overdue_rate);
}

static void
s_csv_groups (FILE *out, const Xuncha__Statistics *s)
{
    for (size_t i = 0; i < s->n_groups; i++) {
        const Xuncha__GroupFigure *g = s->groups[i];
        char item[512];
        xc_statistics_group_label (g, item, sizeof item);
        s_count (out, "各巡察组工作量", item, "个别谈话", g->talks);
        s_count (out, "各巡察组工作量", item, "信访", g->petitions);
        s_count (out, "各巡察组工作量", item, "签批底稿", g->papers);
        s_count (out, "各巡察组工作量", item, "移交线索", g->clues);
    }
    for (size_t i = 0; i < s->n_groups; i++) {
        const Xuncha__GroupFigure *g = s->groups[i];
        char item[512];
        xc_statistics_group_label (g, item, sizeof item);
        s_count (out, "作风纪律后评估", item, "评价数", g->conduct_ratings);
        s_decimal (out, "作风纪律后评估", item, "平均分", "%.2f", g->conduct_score);
    }
}

static void
s_csv_checks_and_appraisals (FILE *out, const Xuncha__Statistics *s)
{
    for (size_t i = 0; i < s->n_spot_checks; i++)
        s_count (out, "底稿抽检", s_label (&xuncha__spot_check_result__descriptor, s->spot_checks[i]->result, "尚未评定"),
                 "底稿数", s->spot_checks[i]->papers);
    for (size_t i = 0; i < s->n_appraisals; i++)
        s_count (out, "工作鉴定", s_label (&xuncha__appraisal_grade__descriptor, s->appraisals[i]->grade, "未定"),
                 "人数", s->appraisals[i]->inspectors);
    s_count (out, "工作鉴定", "合计", "不再抽调", s->inspectors_excluded);
}

void
xc_statistics_csv (FILE *out, const Xuncha__Statistics *statistics)
{
    char scope[2048];
    xc_statistics_scope (statistics, scope, sizeof scope);
    xc_csv_begin (out);
    s_line (out, "部分", "项目", "指标", "数值");
    s_line (out, "统计说明", "统计范围", "巡察轮次", scope);
    s_line (out, "统计说明", "统计时间", "时间", statistics->computed_at);
    s_csv_categories (out, statistics);
    s_csv_clues_and_tasks (out, statistics);
    s_csv_groups (out, statistics);
    s_csv_checks_and_appraisals (out, statistics);
}

/* ------------------------------------------------------------------ the chart */

void
xc_statistics_chart (FILE *out, const Xuncha__Statistics *s)
{
    xc_focus_t focus[64];
    size_t n_focus = xc_statistics_focus (s, focus, 64);
    size_t rows = n_focus + s->n_groups + 2;
    xc_chart_row_t *row = calloc (rows, sizeof *row);
    double *values = calloc (n_focus + 4 * s->n_groups + 2, sizeof *values);
    char (*labels)[256] = calloc (s->n_groups + 1, sizeof *labels);
    if (!row || !values || !labels) {
        free (row);
        free (values);
        free (labels);
        return;
    }
    for (size_t k = 0; k < n_focus; k++) {
        values[k] = focus[k].problems;
        row[k] = (xc_chart_row_t) { focus[k].name, &values[k] };
    }
    for (size_t i = 0; i < s->n_groups; i++) {
        const Xuncha__GroupFigure *g = s->groups[i];
        double *v = &values[n_focus + 4 * i];
        v[0] = g->talks;
        v[1] = g->petitions;
        v[2] = g->papers;
        v[3] = g->clues;
        xc_statistics_group_label (g, labels[i], sizeof labels[i]);
        row[n_focus + i] = (xc_chart_row_t) { labels[i], v };
    }
    double *rates = &values[n_focus + 4 * s->n_groups];
    rates[0] = 100.0 * s->completion_rate;
    rates[1] = 100.0 * s->overdue_rate;
    row[n_focus + s->n_groups] = (xc_chart_row_t) { "整改完成率（已验收/整改任务）", &rates[0] };
    row[n_focus + s->n_groups + 1] = (xc_chart_row_t) { "整改逾期率（逾期/整改任务）", &rates[1] };
    static const char *const problems[] = { "问题数" }, *const output[] = { "个别谈话", "信访", "签批底稿", "移交线索" },
                             *const rate[] = { "比率" };
    xc_chart_panel_t panels[] = {
        { "问题分类统计（按聚焦，已签批底稿）", problems, 1, row, n_focus, 0 },
        { "各巡察组工作量", output, 4, row + n_focus, s->n_groups, 0 },
        { "整改完成率与逾期率", rate, 1, row + n_focus + s->n_groups, 2, 1 },
    };
    char scope[2048], subtitle[2200];
    xc_statistics_scope (s, scope, sizeof scope);
    snprintf (subtitle, sizeof subtitle, "统计范围：%s；统计时间：%s", scope, s->computed_at);
    xc_chart_t chart = { "巡察工作统计分析", subtitle, panels, 3 };
    xc_chart_svg (out, &chart);
    free (row);
    free (values);
    free (labels);
}
