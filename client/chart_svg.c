/* chart_svg — see chart_svg.h. */
#include "chart_svg.h"
#include <string.h>

#define XC_WIDTH 960
#define XC_MARGIN 24
#define XC_LABEL_WIDTH 300            /* the label column, in pixels */
#define XC_LABEL_COLUMNS 44           /* its width in terminal-like columns at 13 px (CJK: 2) */
#define XC_BAR_LEFT (XC_MARGIN + XC_LABEL_WIDTH + 8)
#define XC_BAR_SPAN 520               /* the longest bar */
#define XC_BAR_HEIGHT 14
#define XC_BAR_GAP 2
#define XC_ROW_GAP 10
#define XC_FONTS "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei'," \
                 "'SimHei',sans-serif"

static const char *const s_colours[] = { "#c0392b", "#2c7fb8", "#e67e22", "#27ae60", "#8e44ad", "#7f8c8d" };
#define XC_COLOURS (sizeof s_colours / sizeof s_colours[0])

void
xc_chart_xml_text (FILE *out, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++)
        switch (*p) {
            case '&': fputs ("&amp;", out); break;
            case '<': fputs ("&lt;", out); break;
            case '>': fputs ("&gt;", out); break;
            case '"': fputs ("&quot;", out); break;
            case '\'': fputs ("&apos;", out); break;
            default:
                /* XML 1.0 allows no control character but tab, LF and CR */
                if ((unsigned char) *p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
                    fputc (*p, out);
        }
}

/* The bytes of the UTF-8 character at P, and its width (2 for a wide character). */
static size_t
s_char (const char *p, int *width)
{
    unsigned char lead = (unsigned char) *p;
    size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < length; i++)
        if (!p[i])
            return i;
    *width = length >= 3 ? 2 : 1;
    return length;
}

/* TEXT's width in columns. */
static int
s_columns (const char *text)
{
    int columns = 0, width = 1;
    for (const char *p = text; *p; p += s_char (p, &width))
        columns += width;
    return columns;
}

/* Writes LABEL, shortened to COLUMNS with "…" when wider (its whole text as a tooltip). */
static void
s_label (FILE *out, const char *label, int columns)
{
    int used = 0, width = 1;
    size_t cut = 0;
    const char *p = label;
    while (*p) {
        size_t length = s_char (p, &width);
        if (used + width > columns - 1 && cut == 0)
            cut = (size_t) (p - label);
        used += width;
        p += length;
    }
    if (used <= columns) {
        xc_chart_xml_text (out, label);
        return;
    }
    char shortened[512];
    snprintf (shortened, sizeof shortened, "%.*s…", (int) (cut < 500 ? cut : 500), label);
    xc_chart_xml_text (out, shortened);
    fputs ("<title>", out);
    xc_chart_xml_text (out, label);
    fputs ("</title>", out);
}

static void
s_figure (FILE *out, double value, int percent)
{
    if (percent)
        fprintf (out, "%.1f%%", value);
    else if (value == (double) (long long) value)
        fprintf (out, "%.0f", value);
    else
        fprintf (out, "%.2f", value);
}

static int
s_panel_height (const xc_chart_panel_t *panel)
{
    int height = 30 + (panel->n_series > 1 ? 22 : 0);
    int row = (int) panel->n_series * (XC_BAR_HEIGHT + XC_BAR_GAP) - XC_BAR_GAP + XC_ROW_GAP;
    return height + (panel->n_rows ? (int) panel->n_rows * row : 24) + 16;
}

static double
s_scale_of (const xc_chart_panel_t *panel)
{
    if (panel->percent)
        return 100.0;
    double most = 0;
    for (size_t r = 0; r < panel->n_rows; r++)
        for (size_t k = 0; k < panel->n_series; k++)
            if (panel->rows[r].values[k] > most)
                most = panel->rows[r].values[k];
    return most > 0 ? most : 1.0;
}

static void
s_legend (FILE *out, const xc_chart_panel_t *panel, int y)
{
    int x = XC_BAR_LEFT;
    for (size_t k = 0; k < panel->n_series; k++) {
        fprintf (out, "  <rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", x, y - 11,
                 s_colours[k % XC_COLOURS]);
        fprintf (out, "  <text x=\"%d\" y=\"%d\" font-size=\"13\">", x + 16, y);
        xc_chart_xml_text (out, panel->series[k]);
        fputs ("</text>\n", out);
        x += 16 + 7 * s_columns (panel->series[k]) + 24;   /* 13 px text: about 7 px a column */
    }
}

/* Draws PANEL from the top Y; returns the Y below it. */
static int
s_panel (FILE *out, const xc_chart_panel_t *panel, int y)
{
    fprintf (out, "  <text x=\"%d\" y=\"%d\" font-size=\"16\" font-weight=\"bold\">", XC_MARGIN, y + 18);
    xc_chart_xml_text (out, panel->title);
    fputs ("</text>\n", out);
    y += 30;
    if (panel->n_series > 1) {
        s_legend (out, panel, y + 12);
        y += 22;
    }
    if (!panel->n_rows) {
        fprintf (out, "  <text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#7f8c8d\">（无数据）</text>\n", XC_MARGIN, y + 14);
        return y + 24 + 16;
    }
    double scale = s_scale_of (panel);
    for (size_t r = 0; r < panel->n_rows; r++) {
        int height = (int) panel->n_series * (XC_BAR_HEIGHT + XC_BAR_GAP) - XC_BAR_GAP;
        fprintf (out, "  <text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\">", XC_BAR_LEFT - 8,
                 y + height / 2 + 5);
        s_label (out, panel->rows[r].label, XC_LABEL_COLUMNS);
        fputs ("</text>\n", out);
        for (size_t k = 0; k < panel->n_series; k++) {
            double value = panel->rows[r].values[k];
            int length = (int) ((value > 0 ? value : 0) / scale * XC_BAR_SPAN + 0.5);
            if (length > XC_BAR_SPAN)
                length = XC_BAR_SPAN;
            int top = y + (int) k * (XC_BAR_HEIGHT + XC_BAR_GAP);
            fprintf (out, "  <rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", XC_BAR_LEFT, top,
                     length, XC_BAR_HEIGHT, s_colours[k % XC_COLOURS]);
            fprintf (out, "  <text x=\"%d\" y=\"%d\" font-size=\"12\">", XC_BAR_LEFT + length + 6, top + 11);
            s_figure (out, value, panel->percent);
            fputs ("</text>\n", out);
        }
        y += height + XC_ROW_GAP;
    }
    return y + 16;
}

void
xc_chart_svg (FILE *out, const xc_chart_t *chart)
{
    int height = XC_MARGIN + 34 + (chart->subtitle ? 20 : 0);
    for (size_t i = 0; i < chart->n_panels; i++)
        height += s_panel_height (&chart->panels[i]);
    height += XC_MARGIN;
    fputs ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                  " font-family=\"%s\" fill=\"#222\">\n", XC_WIDTH, height, XC_WIDTH, height, XC_FONTS);
    fputs ("  <title>", out);
    xc_chart_xml_text (out, chart->title);
    fputs ("</title>\n", out);
    fprintf (out, "  <rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", XC_WIDTH, height);
    int y = XC_MARGIN;
    fprintf (out, "  <text x=\"%d\" y=\"%d\" font-size=\"22\" font-weight=\"bold\">", XC_MARGIN, y + 22);
    xc_chart_xml_text (out, chart->title);
    fputs ("</text>\n", out);
    y += 34;
    if (chart->subtitle) {
        fprintf (out, "  <text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#555\">", XC_MARGIN, y + 10);
        xc_chart_xml_text (out, chart->subtitle);
        fputs ("</text>\n", out);
        y += 20;
    }
    for (size_t i = 0; i < chart->n_panels; i++)
        y = s_panel (out, &chart->panels[i], y);
    fputs ("</svg>\n", out);
}
