/* output — prints a reply body for people (Chinese labels, enums in the users' words,
 * nested records indented) or, with --json, as JSON for scripts. */
#ifndef XC_OUTPUT_H
#define XC_OUTPUT_H
#include "xuncha.pb-c.h"
#include <stdio.h>

void xc_output_text (FILE *out, const ProtobufCMessage *body);
/* {"status":"STATUS_OK","message":"…","request_id":"…","body":{…}} */
void xc_output_json (FILE *out, const Xuncha__Reply *reply);
/* Whether the user asked for --json (commands' own printers stay silent then). */
void xc_output_set_json (int json);
int xc_output_is_json (void);
/* Whether text may be coloured: stdout is a terminal, no --json, NO_COLOR not set. */
int xc_output_colour (void);
/* The label of a reminder LEVEL ("黄色预警"), in its ANSI colour when xc_output_colour;
 * written into BUF, which is returned. */
const char *xc_output_level (int level, char *buf, size_t size);
/* Prints TEXT left-aligned in WIDTH terminal columns (CJK characters count two) and
 * the two spaces between columns, to stdout: a cell of a table. */
void xc_output_cell (const char *text, size_t width);
/* The larger of WIDTH and TEXT's width in terminal columns: a column's width, grown to fit. */
size_t xc_output_widest (size_t width, const char *text);
/* The reply's body, whichever it is; NULL when none. */
const ProtobufCMessage *xc_output_body (const Xuncha__Reply *reply);

#endif
