/* chart_svg — a bar chart as SVG, for the main figures of 统计分析: panels one above
 * the other, each a title and rows of horizontal bars (a label on the left, one bar per
 * series, the figure at the bar's end), with a legend when a panel has several series.
 * Horizontal bars leave room for long Chinese labels; a label wider than the label
 * column is shortened with "…" and keeps its full text in a <title> (the tooltip).
 *
 * The text is set in the first CJK font the viewer has (Noto Sans CJK SC, Source Han
 * Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, SimHei), every text
 * escaped for XML; the output depends only on the chart given (integer coordinates, no
 * clock, no random ids), so the same figures give the same file. Pure: writes to OUT. */
#ifndef XC_CHART_SVG_H
#define XC_CHART_SVG_H
#include <stddef.h>
#include <stdio.h>

typedef struct {
    const char *label;
    const double *values;          /* one per series of the panel */
} xc_chart_row_t;

typedef struct {
    const char *title;
    const char *const *series;     /* the series' names (the legend when more than one) */
    size_t n_series;
    const xc_chart_row_t *rows;
    size_t n_rows;
    int percent;                   /* values are percentages: the scale is 0–100, figures "12.5%" */
} xc_chart_panel_t;

typedef struct {
    const char *title;
    const char *subtitle;          /* NULL: none */
    const xc_chart_panel_t *panels;
    size_t n_panels;
} xc_chart_t;

/* Writes the chart as a standalone SVG document. */
void xc_chart_svg (FILE *out, const xc_chart_t *chart);
/* TEXT with & < > " ' escaped, for XML text and attribute values. */
void xc_chart_xml_text (FILE *out, const char *text);

#endif
