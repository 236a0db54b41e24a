/* xc_validate — edge validation of a decoded Request, before any handler sees it.
 *
 * Walks the message by its protobuf-c descriptors, so every request kind gets the same
 * checks: UTF-8 and a length cap on every string, a count cap on every repeated field,
 * every enum value known, no negative id, dates as real YYYY-MM-DD dates (fields named
 * *_date), times as YYYY-MM-DD HH:MM (fields named *_time), keys as Z85,
 * the request id (and an upload id) as a UUID, a declared SHA-256 as 64 hex digits, and
 * the required fields of each request kind (the table in xc_validate.c; a required
 * repeated field may also refuse an empty item: a sync batch's entries). The first problem found is described in `why`, naming the field. */
#ifndef XC_VALIDATE_H
#define XC_VALIDATE_H
#include "xuncha.pb-c.h"
#include <stddef.h>

#define XC_PROTOCOL_VERSION 1
#define XC_MAX_STRING 1024        /* bytes, unless the table says otherwise */
#define XC_MAX_TEXT 65536         /* long text fields (notes, records) */
#define XC_MAX_REPEATED 256
#define XC_MAX_ATTACHMENT (3u * 1024u * 1024u)   /* bytes of one attachment */
#define XC_MAX_UPLOAD_CHUNK (1024u * 1024u)     /* bytes of one chunk of a chunked upload */

/* Returns XUNCHA__STATUS__STATUS_OK, or the refusal status with `why` filled in. */
Xuncha__Status xc_validate_request (const Xuncha__Request *request, char *why, size_t why_size);

/* The same field walk for any message (used for replies in tests and by the client). */
Xuncha__Status xc_validate_message (const ProtobufCMessage *message, const char *path,
                                    char *why, size_t why_size);

#endif
