/* inbox_log — the client's local record of the notifications it received: one file per
 * key (DIR/<public key in hex>.jsonl, mode 0600 in a 0700 directory), one JSON line per
 * event. A notification is acknowledged to the notifier only after its line is written
 * and fsync'ed, so nothing acknowledged is lost locally either.
 *
 * The file is also the memory of the event ids already seen: an event delivered again
 * (after a notifier crash, an ack lost with a connection) is recognised and not shown a
 * second time. Appends happen under an exclusive flock, after reading what other
 * processes of the same key appended, so two `xuncha inbox` of one key show each event
 * once between them. A line cut by a crash mid-write is skipped and closed off. */
#ifndef XC_INBOX_LOG_H
#define XC_INBOX_LOG_H
#include "xuncha.pb-c.h"
#include <stddef.h>
#include <stdint.h>

typedef struct _xc_inbox_log_t xc_inbox_log_t;

/* Opens the record of PUBLIC_KEY (32 bytes) under DIR (created if missing; a leading
 * "~/" is the home directory). NULL with `error` filled when it cannot. */
xc_inbox_log_t *xc_inbox_log_new (const char *dir, const uint8_t *public_key, char *error, size_t error_size);
void xc_inbox_log_destroy (xc_inbox_log_t **self_p);

/* Records EVENT durably unless it was recorded before. 1: recorded now (show it);
 * 0: seen before; -1: could not be written (errno says why; do not acknowledge). */
int xc_inbox_log_record (xc_inbox_log_t *self, const Xuncha__Notification *event);
const char *xc_inbox_log_path (xc_inbox_log_t *self);

#endif
