/* docx — a report document (report_document.h) as an Office Open XML file (.docx,
 * opened by Word, WPS and LibreOffice) in the official-document layout of GB/T 9704:
 *
 *   A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
 *   title in 方正小标宋简体 二号 (22 pt), centred;
 *   body in 仿宋_GB2312 三号 (16 pt), first line indented two characters, lines at a
 *   fixed 28.95 pt (22 lines a page);
 *   level-1 headings in 黑体 三号, level-2 in 楷体_GB2312 三号;
 *   the page number at the bottom, centred, "— 1 —" in 宋体 四号 (a PAGE field).
 *
 * Where a font is not installed the reader substitutes it; the font table names the
 * common font each falls back to (仿宋, 宋体, 黑体, 楷体). The container is written by
 * libzip. The output is deterministic: the files' times come from the report (when it
 * was generated and last changed), never from the clock. */
#ifndef XC_DOCX_H
#define XC_DOCX_H
#include "report_document.h"
#include <stddef.h>
#include <stdint.h>

/* The .docx file of DOCUMENT into *DATA (malloc'd, *SIZE bytes); 0, or -1 after
 * saying on stderr why libzip failed. */
int xc_docx_render (const xc_report_document_t *document, uint8_t **data, size_t *size);

#endif
