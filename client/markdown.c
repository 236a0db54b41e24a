/* markdown — see markdown.h. */
#include "markdown.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Marks Markdown reads as markup anywhere in a line. "[" is not one of them: a
 * bracket opens a link only when "]" is followed by "(", "[" or ":" (a definition),
 * and that "]" is escaped instead, so a 底稿 number "[2026]区巡-1组-01号" reads as it is. */
#define XC_MARKDOWN_MARKUP "\\`*_<>|&#~"

/* TEXT with what Markdown would read as markup escaped. A newline continues the block
 * on a new line indented by INDENT (a list item's continuation) and starts a line. */
static void
s_text (FILE *out, const char *text, const char *indent, int line_start)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            fprintf (out, "\n%s", indent);
            line_start = 1;
            continue;
        }
        if (*p == '\r')
            continue;
        if (line_start && (*p == '-' || *p == '+' || *p == '='))
            fputc ('\\', out);
        else if (line_start && isdigit ((unsigned char) *p)) {
            /* "1." or "1)" at the start of a line would open a numbered list */
            const char *q = p;
            while (isdigit ((unsigned char) *q))
                q++;
            fwrite (p, 1, (size_t) (q - p), out);
            p = q - 1;
            if (q[0] == '.' || q[0] == ')') {
                fprintf (out, "\\%c", q[0]);
                p = q;
            }
            line_start = 0;
            continue;
        }
        else if (strchr (XC_MARKDOWN_MARKUP, *p) || (*p == ']' && (p[1] == '(' || p[1] == '[' || p[1] == ':')))
            fputc ('\\', out);
        fputc (*p, out);
        line_start = 0;
    }
}

/* The byte length of LEAD's trailing mark when it ends with punctuation (。：？！）), else
 * 0: CommonMark closes "**" after punctuation only before a space or punctuation, so a
 * bold lead keeps its closing mark outside. */
static size_t
s_trailing_mark (const char *lead)
{
    static const char *const marks[] = { "。", "：", "？", "！", "；", "）", ".", ":", "?", "!", ";", ")" };
    size_t length = strlen (lead);
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t n = strlen (marks[i]);
        if (length > n && memcmp (lead + length - n, marks[i], n) == 0)
            return n;
    }
    return 0;
}

static void
s_bold (FILE *out, const char *lead)
{
    if (!*lead)
        return;
    size_t mark = s_trailing_mark (lead);
    char *inner = strndup (lead, strlen (lead) - mark);
    fputs ("**", out);
    s_text (out, inner, "   ", 0);
    fputs ("**", out);
    s_text (out, lead + strlen (inner), "   ", 0);
    free (inner);
}

static void
s_table (FILE *out, const xc_block_t *table)
{
    for (size_t row = 0; row < table->rows; row++) {
        for (size_t column = 0; column < table->columns; column++) {
            fputs (column ? " " : "| ", out);
            s_text (out, table->cells[row * table->columns + column], " ", 0);
            fputs (" |", out);
        }
        fputc ('\n', out);
        if (row == 0) {
            for (size_t column = 0; column < table->columns; column++)
                fputs (column ? " ---: |" : "| --- |", out);
            fputc ('\n', out);
        }
    }
}

/* A list item: "1. " then its parts; continuation lines indented under the text. */
static void
s_list_item (FILE *out, const xc_block_t *block)
{
    fprintf (out, "%s. ", block->number);
    s_bold (out, block->lead);
    s_text (out, block->text, "   ", !*block->lead);
    s_text (out, block->basis, "   ", 0);
    s_text (out, block->cite, "   ", 0);
    fputc ('\n', out);
}

static int
s_is_list (const xc_block_t *block)
{
    return block->kind == XC_BLOCK_PROBLEM || block->kind == XC_BLOCK_ITEM;
}

static void
s_block (FILE *out, const xc_block_t *block)
{
    static const char *const heading_marks[] = { [XC_BLOCK_TITLE] = "# ", [XC_BLOCK_HEADING] = "## ",
                                                 [XC_BLOCK_SUBHEADING] = "### " };
    switch (block->kind) {
    case XC_BLOCK_TITLE:
    case XC_BLOCK_HEADING:
    case XC_BLOCK_SUBHEADING:
        fputs (heading_marks[block->kind], out);
        s_text (out, block->label, " ", 0);
        s_text (out, block->text, " ", 0);
        fputc ('\n', out);
        break;
    case XC_BLOCK_INFO:
    case XC_BLOCK_PARAGRAPH:
        s_text (out, block->text, "", 1);
        fputc ('\n', out);
        break;
    case XC_BLOCK_PROBLEM:
    case XC_BLOCK_ITEM:
        s_list_item (out, block);
        break;
    case XC_BLOCK_TABLE:
        s_table (out, block);
        break;
    }
}

int
xc_markdown_render (const xc_report_document_t *document, uint8_t **data, size_t *size)
{
    char *text = NULL;
    FILE *out = open_memstream (&text, size);
    if (!out)
        return -1;
    size_t count = xc_report_document_size (document);
    for (size_t i = 0; i < count; i++) {
        const xc_block_t *block = xc_report_document_block (document, i);
        s_block (out, block);
        /* a blank line between blocks, none between the items of one list */
        int same_list = i + 1 < count && s_is_list (block) && s_is_list (xc_report_document_block (document, i + 1));
        if (!same_list && i + 1 < count)
            fputc ('\n', out);
    }
    if (fclose (out) != 0) {
        free (text);
        return -1;
    }
    *data = (uint8_t *) text;
    return 0;
}
