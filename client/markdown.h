/* markdown — a report document (report_document.h) as Markdown (CommonMark with a
 * pipe table): "# title", "## 一、…" for sections, "### （一）…" for categories, each
 * problem a numbered list item ending with its 底稿 number, the counts as a table.
 * Characters that Markdown would read as markup (* _ ` < > | & # ~ \, a "]" that
 * would close a link, a list marker or "=" at the start of a line) are escaped with a
 * backslash, so the text reads back exactly as the report has it. */
#ifndef XC_MARKDOWN_H
#define XC_MARKDOWN_H
#include "report_document.h"
#include <stddef.h>
#include <stdint.h>

/* The Markdown text of DOCUMENT into *DATA (malloc'd, *SIZE bytes, NUL-terminated
 * beyond SIZE); 0, or -1 when out of memory. */
int xc_markdown_render (const xc_report_document_t *document, uint8_t **data, size_t *size);

#endif
