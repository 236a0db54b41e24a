/* xc_json — any protobuf-c message as JSON, for `xuncha --json`. Field names are the
 * proto names; enums are their proto value names (stable for scripts); int64 are numbers. */
#ifndef XC_JSON_H
#define XC_JSON_H
#include <protobuf-c/protobuf-c.h>
#include <stdio.h>

void xc_json_write (FILE *out, const ProtobufCMessage *message);
/* A JSON string literal of TEXT, quoted and escaped. */
void xc_json_write_string (FILE *out, const char *text);

#endif
