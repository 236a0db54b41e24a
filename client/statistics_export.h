/* statistics_export — the figures of 统计分析 (a Statistics reply) as a CSV file and as
 * an SVG chart, and the two summaries the client's tables share with them. Pure: each
 * writes to the stream it is given.
 *
 * The CSV is one table in long form, one figure a line — 部分,项目,指标,数值 (section,
 * item, figure, value) — so that it can be filtered or pivoted as it is: every section
 * of the tables (问题分类统计, 线索移交与处置, 整改, 各巡察组工作量, 抽检结果, 作风纪律后评估,
 * 工作鉴定) with the scope and the time of the figures first. Rates are percentages
 * with one decimal ("12.5"), named "完成率(%)".
 *
 * The chart has three panels: problems per 聚焦 (top-level category), each group's
 * output (个别谈话, 信访, 签批底稿, 移交线索) and the completion and overdue rates. */
#ifndef XC_STATISTICS_EXPORT_H
#define XC_STATISTICS_EXPORT_H
#include "xuncha.pb-c.h"
#include <stdio.h>

/* Problems per 聚焦: a category's top-level category is its parent_name, or itself when it
 * has none; in the order the figures give them. */
typedef struct {
    const char *name;
    int problems;
} xc_focus_t;
/* Fills FOCUS (room for MAX) and returns how many. */
size_t xc_statistics_focus (const Xuncha__Statistics *statistics, xc_focus_t *focus, size_t max);
/* What the figures cover: the rounds' names ("十届区委第2轮巡察、十届区委第3轮巡察"), or
 * 全部轮次 when no round was named. */
void xc_statistics_scope (const Xuncha__Statistics *statistics, char *buf, size_t size);
/* A group's label: "十届区委第2轮巡察 第一巡察组". */
void xc_statistics_group_label (const Xuncha__GroupFigure *group, char *buf, size_t size);

void xc_statistics_csv (FILE *out, const Xuncha__Statistics *statistics);
void xc_statistics_chart (FILE *out, const Xuncha__Statistics *statistics);

#endif
