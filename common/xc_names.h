/* xc_names — the users' Chinese words for every enum value on the wire, both ways:
 * the client prints them and parses them back from the command line. */
#ifndef XC_NAMES_H
#define XC_NAMES_H
#include <protobuf-c/protobuf-c.h>

/* The Chinese label of VALUE in TYPE, or NULL when the value has none. */
const char *xc_label (const ProtobufCEnumDescriptor *type, int value);
/* Parses a Chinese label (or an alias such as 乡镇/街道, or the English short name
 * "office", "township") into *value. Returns 0, or -1 when unknown. */
int xc_label_parse (const ProtobufCEnumDescriptor *type, const char *text, int *value);
/* Writes the accepted labels of TYPE, joined by "/", into buf. */
void xc_label_choices (const ProtobufCEnumDescriptor *type, char *buf, size_t size);

#endif
