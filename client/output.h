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
/* The reply's body, whichever it is; NULL when none. */
const ProtobufCMessage *xc_output_body (const Xuncha__Reply *reply);

#endif
