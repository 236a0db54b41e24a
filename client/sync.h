/* sync — replays the journal's pending changes to the server, in their order and with
 * their original request ids, so a replay after a lost reply or a killed client changes
 * nothing twice (the server stores each change's reply under its request id).
 *
 * Entries go in batches (SyncBatch): the server serves each as if it came alone, in a
 * savepoint, so one refusal does not stop the others. A refused entry stays in the
 * journal with the server's reason (`xuncha sync list`, `edit`, `discard`). An entry
 * that refers to an object another entry creates (L<n>, placeholders.h) waits for it:
 * it is sent once that object has its id, and is held — not sent, not refused — while
 * the entry it depends on is refused or discarded. An attachment entry is uploaded in
 * chunks that resume where the server's copy ends (upload.h).
 *
 * Everything the server acknowledged is marked done in the journal before the next
 * batch, in one transaction per batch. One process of a key synchronises at a time
 * (journal.h's sync lock); the others wait for it. */
#ifndef XC_SYNC_H
#define XC_SYNC_H
#include "session.h"
#include <stdbool.h>

typedef enum {
    XC_SYNC_COMPLETE = 0,      /* every entry that could be sent was answered */
    XC_SYNC_OFFLINE,           /* the server could not be reached: the rest waits */
    XC_SYNC_KEY_REFUSED,       /* our key is unknown or revoked: nothing more can be sent */
    XC_SYNC_INTERRUPTED,       /* the server answered but could not take the batch now (message) */
    XC_SYNC_LOCAL_ERROR        /* the journal could not be read or written (message) */
} xc_sync_outcome_t;

typedef struct {
    xc_sync_outcome_t outcome;
    size_t sent;               /* entries the server acknowledged in this run */
    size_t refused;            /* entries it refused in this run */
    size_t held;               /* entries waiting on a refused or discarded entry */
    size_t pending;            /* entries still pending at the end */
    char message[512];
} xc_sync_report_t;

typedef struct {
    bool progress;             /* draw a progress bar on stderr */
    int64_t watch_seq;         /* keep the reply to this entry … */
    Xuncha__Reply **watched;   /* … here (NULL when not answered in this run) */
    bool unless_busy;          /* when another process of the key is synchronising, leave it to it */
} xc_sync_options_t;

xc_sync_outcome_t xc_sync_run (xc_session_t *session, const xc_sync_options_t *options, xc_sync_report_t *report);

/* The server's stored reply to entry SEQ, done meanwhile by another process of the
 * same key (which held the sync lock): asked again with its request id. 0, or -1. */
int xc_sync_reply_of (xc_session_t *session, int64_t seq, Xuncha__Reply **reply);

/* Why ENTRY (pending) is not being sent: "" when nothing stops it, else e.g.
 * "依赖第 5 条（已被拒绝）" into WHY. */
void xc_sync_held_reason (xc_session_t *session, const xc_entry_t *entry, char *why, size_t size);

#endif
