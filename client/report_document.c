/* report_document — see report_document.h. */
#include "report_document.h"
#include "xc_arena.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _xc_report_document_t {
    xc_arena_t *arena;            /* every string and cell array */
    xc_block_t *blocks;
    size_t size, capacity;
    xc_document_meta_t meta;
    size_t cited;
    unsigned headings;            /* level-1 headings numbered so far */
    unsigned subheadings;         /* level-2 headings under the current heading */
};

/* The section the generated part comes before (意见建议); without it, the end. */
#define XC_SECTION_AFTER_GENERATED "recommendations"

/* ------------------------------------------------------------ words */

/* N as a Chinese numeral, 一 … 十, 十一, 二十, 一百, 一百零一, 一百一十, 九百九十九; past
 * that in Arabic digits. */
static void
s_chinese_number (unsigned n, char *buf, size_t size)
{
    static const char *const digits[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    unsigned hundreds = n / 100, tens = n / 10 % 10, ones = n % 10;
    if (n == 0 || n > 999)
        snprintf (buf, size, "%u", n);
    else if (hundreds)
        snprintf (buf, size, "%s百%s%s%s", digits[hundreds], tens ? digits[tens] : ones ? "零" : "", tens ? "十" : "",
                  digits[ones]);
    else
        snprintf (buf, size, "%s%s%s", tens > 1 ? digits[tens] : "", tens ? "十" : "", digits[ones]);
}

/* Whether TEXT ends with a mark that closes a sentence. */
static int
s_ends_sentence (const char *text)
{
    static const char *const marks[] = { "。", "！", "？", "；", "…", ".", "!", "?", ";" };
    size_t length = strlen (text);
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t n = strlen (marks[i]);
        if (length >= n && memcmp (text + length - n, marks[i], n) == 0)
            return 1;
    }
    return 0;
}

/* PREFIX + TEXT, closed with 。 unless it ends a sentence already; "" for a blank TEXT. */
static const char *
s_sentence (xc_arena_t *arena, const char *prefix, const char *text)
{
    if (xc_utf8_blank (text))
        return "";
    return xc_arena_printf (arena, "%s%s%s", prefix, text, s_ends_sentence (text) ? "" : "。");
}

/* TEXT without its leading blanks (spaces, tabs and the ideographic space "　"): the
 * renderers indent paragraphs themselves. */
static const char *
s_unindented (const char *text)
{
    for (;;) {
        if (*text == ' ' || *text == '\t')
            text++;
        else if (strncmp (text, "　", strlen ("　")) == 0)
            text += strlen ("　");
        else
            return text;
    }
}

static const char *
s_label_or (const ProtobufCEnumDescriptor *type, int value, const char *otherwise)
{
    const char *label = xc_label (type, value);
    return label ? label : otherwise;
}

/* ------------------------------------------------------------ blocks */

static xc_block_t *
s_add (xc_report_document_t *self, xc_block_kind_t kind, const char *label, const char *text)
{
    if (self->size == self->capacity) {
        self->capacity = self->capacity ? self->capacity * 2 : 32;
        self->blocks = realloc (self->blocks, self->capacity * sizeof *self->blocks);
        assert (self->blocks);
    }
    xc_block_t *block = &self->blocks[self->size++];
    *block = (xc_block_t) { .kind = kind, .label = label, .number = "", .lead = "", .text = xc_arena_strdup (self->arena, text),
                            .basis = "", .cite = "" };
    return block;
}

/* A numbered level-1 heading (一、); an appendix's (NUMBERED false) has no number. */
static void
s_heading (xc_report_document_t *self, const char *text, int numbered)
{
    const char *label = "";
    if (numbered) {
        char numeral[32];
        s_chinese_number (++self->headings, numeral, sizeof numeral);
        label = xc_arena_printf (self->arena, "%s、", numeral);
    }
    self->subheadings = 0;
    s_add (self, XC_BLOCK_HEADING, label, text);
}

static void
s_subheading (xc_report_document_t *self, const char *text)
{
    char numeral[32];
    s_chinese_number (++self->subheadings, numeral, sizeof numeral);
    s_add (self, XC_BLOCK_SUBHEADING, xc_arena_printf (self->arena, "（%s）", numeral), text);
}

/* A numbered block of a list: PROBLEM or ITEM. */
static xc_block_t *
s_numbered (xc_report_document_t *self, xc_block_kind_t kind, unsigned number, const char *text)
{
    xc_block_t *block = s_add (self, kind, xc_arena_printf (self->arena, "%u．", number), text);
    block->number = xc_arena_printf (self->arena, "%u", number);
    return block;
}

static void
s_item (xc_report_document_t *self, unsigned number, const char *text)
{
    s_numbered (self, XC_BLOCK_ITEM, number, text);
}

/* One paragraph per non-blank line of TEXT. */
static void
s_paragraphs (xc_report_document_t *self, const char *text)
{
    while (text && *text) {
        const char *end = strchr (text, '\n');
        size_t length = end ? (size_t) (end - text) : strlen (text);
        char *line = xc_arena_printf (self->arena, "%.*s", (int) length, text);
        if (length && line[length - 1] == '\r')
            line[length - 1] = '\0';
        if (!xc_utf8_blank (line))
            s_add (self, XC_BLOCK_PARAGRAPH, "", s_unindented (line));
        text = end ? end + 1 : NULL;
    }
}

/* ------------------------------------------------------------ the parts */

static void
s_title_and_info (xc_report_document_t *self, const Xuncha__Report *report)
{
    const char *kind = s_label_or (&xuncha__report_kind__descriptor, report->kind, "巡察报告");
    const char *title = !xc_utf8_blank (report->title) ? report->title
                                                       : xc_arena_printf (self->arena, "%s%s", report->unit_name, kind);
    s_add (self, XC_BLOCK_TITLE, "", title);

    const char *unit = report->unit_name;
    if (report->part == XUNCHA__REPORT_PART__REPORT_PART_TOWNSHIP
        || report->part == XUNCHA__REPORT_PART__REPORT_PART_VILLAGES)
        unit = xc_arena_printf (self->arena, "%s（%s）", unit,
                                xc_label (&xuncha__report_part__descriptor, report->part));
    if (report->kind == XUNCHA__REPORT_KIND__REPORT_KIND_THEMATIC && *report->category_name)
        unit = xc_arena_printf (self->arena, "%s · 专题：%s", unit, report->category_name);
    s_add (self, XC_BLOCK_INFO, "",
           xc_arena_printf (self->arena, "%s%s%s · %s · %s · %s", report->committee, *report->committee ? " " : "",
                            report->round_name, report->group_name, unit,
                            s_label_or (&xuncha__report_state__descriptor, report->state, "状态未知")));
    if (report->state == XUNCHA__REPORT_STATE__REPORT_STATE_DRAFT && !xc_utf8_blank (report->returned_reason))
        s_add (self, XC_BLOCK_PARAGRAPH, "", xc_arena_printf (self->arena, "退回修改意见：%s", report->returned_reason));

    self->meta = (xc_document_meta_t) { .title = self->blocks[0].text,
                                        .author = xc_arena_strdup (self->arena, report->group_name),
                                        .subject = kind,
                                        .created = xc_arena_strdup (self->arena, report->generated_at),
                                        .modified = xc_arena_strdup (self->arena, report->updated_at) };
}

/* The counts of field records by kind, with their total. */
static void
s_count_table (xc_report_document_t *self, const Xuncha__Report *report)
{
    if (report->n_record_counts == 0)
        return;
    s_add (self, XC_BLOCK_PARAGRAPH, "", "巡察期间各类工作记录数量如下：");
    size_t rows = report->n_record_counts + 2;
    const char **cells = xc_arena_alloc (self->arena, rows * 2 * sizeof *cells);
    cells[0] = "工作类别";
    cells[1] = "数量";
    long total = 0;
    for (size_t i = 0; i < report->n_record_counts; i++) {
        const Xuncha__ReportCount *count = report->record_counts[i];
        cells[2 * (i + 1)] = s_label_or (&xuncha__record_kind__descriptor, count->kind, "其他");
        cells[2 * (i + 1) + 1] = xc_arena_printf (self->arena, "%d", count->count);
        total += count->count;
    }
    cells[2 * (rows - 1)] = "合计";
    cells[2 * (rows - 1) + 1] = xc_arena_printf (self->arena, "%ld", total);
    xc_block_t *table = s_add (self, XC_BLOCK_TABLE, "", "");
    table->rows = rows;
    table->columns = 2;
    table->cells = cells;
}

static void
s_problem (xc_report_document_t *self, const Xuncha__Report *report, unsigned number, const Xuncha__ReportProblem *problem)
{
    const char *title = problem->title;
    if (*problem->unit_name && strcmp (problem->unit_name, report->unit_name) != 0)
        title = xc_arena_printf (self->arena, "%s（%s）", title, problem->unit_name);
    xc_block_t *block = s_numbered (self, XC_BLOCK_PROBLEM, number, s_sentence (self->arena, "", problem->facts));
    block->lead = s_sentence (self->arena, "", title);
    block->basis = s_sentence (self->arena, "定性依据：", problem->basis);
    block->cite = xc_arena_printf (self->arena, "（底稿 %s）", problem->number);
}

/* The problems, one level-2 heading per category ("选人用人（基层党组织…建设）"). */
static void
s_problems (xc_report_document_t *self, const Xuncha__Report *report)
{
    if (report->n_categories == 0)
        s_add (self, XC_BLOCK_PARAGRAPH, "", "本报告未纳入问题底稿。");
    for (size_t c = 0; c < report->n_categories; c++) {
        const Xuncha__ReportCategory *category = report->categories[c];
        int parent = *category->parent_name && strcmp (category->parent_name, category->name) != 0;
        s_subheading (self, parent ? xc_arena_printf (self->arena, "%s（%s）", category->name, category->parent_name)
                                   : category->name);
        for (size_t p = 0; p < category->n_problems; p++)
            s_problem (self, report, (unsigned) p + 1, category->problems[p]);
    }
}

/* 个别谈话情况报告: one level-2 heading per interviewee, the talks' summaries below it. */
static void
s_talks (xc_report_document_t *self, const Xuncha__Report *report)
{
    if (report->n_talks == 0)
        s_add (self, XC_BLOCK_PARAGRAPH, "", "没有个别谈话记录。");
    for (size_t t = 0; t < report->n_talks; t++) {
        const Xuncha__ReportTalk *talk = report->talks[t];
        const char *who = talk->interviewee;
        if (*talk->position || *talk->unit)
            who = xc_arena_printf (self->arena, "%s（%s%s%s）", who, talk->unit, *talk->unit && *talk->position ? "，" : "",
                                   talk->position);
        s_subheading (self, who);
        s_add (self, XC_BLOCK_PARAGRAPH, "", xc_arena_printf (self->arena, "个别谈话 %d 次。", talk->talks));
        for (size_t s = 0; s < talk->n_summaries; s++)
            s_item (self, (unsigned) s + 1, talk->summaries[s]);
    }
}

/* The generated part under its own heading. */
static void
s_generated (xc_report_document_t *self, const Xuncha__Report *report)
{
    int talks = report->kind == XUNCHA__REPORT_KIND__REPORT_KIND_TALKS;
    s_heading (self, talks ? "个别谈话情况" : "发现的主要问题", 1);
    s_count_table (self, report);
    if (talks)
        s_talks (self, report);
    else
        s_problems (self, report);
}

/* The narrative sections the group has written, with the generated part in its place
 * (see the header). */
static void
s_body (xc_report_document_t *self, const Xuncha__Report *report)
{
    int placed = 0;
    for (size_t i = 0; i < report->n_sections; i++) {
        const Xuncha__ReportSection *section = report->sections[i];
        if (!placed && strcmp (section->key, XC_SECTION_AFTER_GENERATED) == 0) {
            s_generated (self, report);
            placed = 1;
        }
        if (xc_utf8_blank (section->text))
            continue;
        s_heading (self, *section->title ? section->title : section->key, 1);
        s_paragraphs (self, section->text);
    }
    if (!placed)
        s_generated (self, report);
}

/* The title of the problem numbered NUMBER, or "". */
static const char *
s_cited_title (const Xuncha__Report *report, const char *number)
{
    for (size_t c = 0; c < report->n_categories; c++)
        for (size_t p = 0; p < report->categories[c]->n_problems; p++)
            if (strcmp (report->categories[c]->problems[p]->number, number) == 0)
                return report->categories[c]->problems[p]->title;
    return "";
}

/* 引用底稿 and 审定记录. */
static void
s_appendices (xc_report_document_t *self, const Xuncha__Report *report)
{
    s_heading (self, "引用底稿", 0);
    if (report->n_cited_numbers == 0)
        s_add (self, XC_BLOCK_PARAGRAPH, "", "本报告未引用问题底稿。");
    for (size_t i = 0; i < report->n_cited_numbers; i++) {
        const char *title = s_cited_title (report, report->cited_numbers[i]);
        s_item (self, (unsigned) i + 1,
                xc_arena_printf (self->arena, "%s%s%s", report->cited_numbers[i], *title ? "　" : "", title));
    }
    self->cited = report->n_cited_numbers;

    s_heading (self, "审定记录", 0);
    const struct { const char *step, *by, *at; } trail[] = {
        { "组长审定", report->leader_approved_by, report->leader_approved_at },
        { "巡察办审定", report->office_approved_by, report->office_approved_at },
    };
    for (size_t i = 0; i < sizeof trail / sizeof trail[0]; i++)
        s_add (self, XC_BLOCK_PARAGRAPH, "",
               *trail[i].by || *trail[i].at
                   ? xc_arena_printf (self->arena, "%s：%s%s%s", trail[i].step, trail[i].by,
                                      *trail[i].by && *trail[i].at ? "，" : "", trail[i].at)
                   : xc_arena_printf (self->arena, "%s：尚未审定", trail[i].step));
    if (*report->generated_at)
        s_add (self, XC_BLOCK_PARAGRAPH, "",
               xc_arena_printf (self->arena, "报告生成于 %s%s%s", report->generated_at,
                                *report->updated_at ? "，最后修改于 " : "", report->updated_at));
}

/* ------------------------------------------------------------ the class */

xc_report_document_t *
xc_report_document_new (const Xuncha__Report *report)
{
    assert (report);
    xc_report_document_t *self = calloc (1, sizeof *self);
    assert (self);
    self->arena = xc_arena_new ();
    s_title_and_info (self, report);
    s_body (self, report);
    s_appendices (self, report);
    return self;
}

void
xc_report_document_destroy (xc_report_document_t **self_p)
{
    if (!*self_p)
        return;
    xc_arena_destroy (&(*self_p)->arena);
    free ((*self_p)->blocks);
    free (*self_p);
    *self_p = NULL;
}

size_t
xc_report_document_size (const xc_report_document_t *self)
{
    return self->size;
}

const xc_block_t *
xc_report_document_block (const xc_report_document_t *self, size_t index)
{
    assert (index < self->size);
    return &self->blocks[index];
}

const xc_document_meta_t *
xc_report_document_meta (const xc_report_document_t *self)
{
    return &self->meta;
}

size_t
xc_report_document_cited (const xc_report_document_t *self)
{
    return self->cited;
}
