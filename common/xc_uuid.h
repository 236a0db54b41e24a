/* xc_uuid — random (v4) UUIDs for request ids, and their syntax check. */
#ifndef XC_UUID_H
#define XC_UUID_H
#include <stdbool.h>

void xc_uuid_new (char out[37]);
bool xc_uuid_valid (const char *text);

#endif
