/* report_document — a 巡察报告 (Xuncha__Report) laid out as a document: the blocks a
 * reader sees, in order, with every word already chosen (headings numbered 一、二、 and
 * （一）（二）, each problem with its 底稿 cited, the counts as a table, the 引用底稿
 * list and the 审定记录). The renderers (docx.h, markdown.h) only dress the blocks:
 * what the report says is decided here, once.
 *
 * The order: title, the information line, then the narrative sections the group has
 * written (基本情况, 主要成效 …; one left blank is left out), with the generated part
 * under its own heading — 发现的主要问题 (the counts of field records, then the problems
 * by category) or, for a 个别谈话情况报告, 个别谈话情况 (the talks per interviewee) —
 * placed before the section keyed "recommendations" (意见建议), or after the last one;
 * then the 引用底稿 list and the 审定记录 (组长审定, 巡察办审定: by whom, when). */
#ifndef XC_REPORT_DOCUMENT_H
#define XC_REPORT_DOCUMENT_H
#include "xuncha.pb-c.h"
#include <stddef.h>

typedef enum {
    XC_BLOCK_TITLE,        /* the report's title */
    XC_BLOCK_INFO,         /* 委员会 第N轮巡察 · 第X巡察组 · 被巡察单位 · 状态 */
    XC_BLOCK_HEADING,      /* level 1: label "一、" (none for the appendices) */
    XC_BLOCK_SUBHEADING,   /* level 2: label "（一）" */
    XC_BLOCK_PARAGRAPH,    /* body text */
    XC_BLOCK_PROBLEM,      /* label "1．", lead (the problem's title), text (facts), basis, cite */
    XC_BLOCK_ITEM,         /* label "1．", text: a line of a list */
    XC_BLOCK_TABLE,        /* rows × columns cells, row 0 the header, the last row a total */
} xc_block_kind_t;

/* One block; every string is set ("" when it has nothing) and printable as it is. */
typedef struct {
    xc_block_kind_t kind;
    const char *label;
    const char *number;           /* PROBLEM, ITEM: "1" (the label is "1．") */
    const char *lead;             /* PROBLEM: "标题。" (shown bold) */
    const char *text;
    const char *basis;            /* PROBLEM: "定性依据：…。" */
    const char *cite;             /* PROBLEM: "（底稿 [2026]区巡-1组-01号）" */
    size_t rows, columns;         /* TABLE */
    const char *const *cells;     /* TABLE: rows × columns, row by row */
} xc_block_t;

/* What a document file says about itself (docProps, the footer of the Markdown). */
typedef struct {
    const char *title;
    const char *author;      /* the group */
    const char *subject;     /* the kind: 巡察报告 … */
    const char *created;     /* the report's generated_at, "YYYY-MM-DD HH:MM" (local time), or "" */
    const char *modified;    /* its updated_at, or "" */
} xc_document_meta_t;

typedef struct _xc_report_document_t xc_report_document_t;

/* The document of REPORT (which it does not keep: every string is copied). */
xc_report_document_t *xc_report_document_new (const Xuncha__Report *report);
void xc_report_document_destroy (xc_report_document_t **self_p);

size_t xc_report_document_size (const xc_report_document_t *self);
const xc_block_t *xc_report_document_block (const xc_report_document_t *self, size_t index);
const xc_document_meta_t *xc_report_document_meta (const xc_report_document_t *self);
/* How many 底稿 the report cites. */
size_t xc_report_document_cited (const xc_report_document_t *self);

#endif
