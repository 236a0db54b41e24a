/* deferred_writes — the rows a transaction writes only to record what it did: its
 * audit rows (call.h) and the stored replies of its changes (dispatch.c). They are
 * queued while the transaction's requests run and written by one statement just
 * before its COMMIT, so a sync batch of 200 entries pays for two statements (and the
 * audit queue's trigger) once instead of 200 times. A refused entry of a batch drops
 * what it queued (xc_deferred_rewind), as its savepoint drops what it wrote. */
#ifndef XC_DEFERRED_WRITES_H
#define XC_DEFERRED_WRITES_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _xc_deferred_t xc_deferred_t;

/* How much is queued: a point to rewind to. */
typedef struct {
    size_t audits, replies;
} xc_deferred_mark_t;

xc_deferred_t *xc_deferred_new (void);
void xc_deferred_destroy (xc_deferred_t **self_p);

/* One audit row per id of IDS (an id 0: no single record). 0, or -1 out of memory. */
int xc_deferred_audit (xc_deferred_t *self, int64_t user_id, const char *request_id, const char *action,
                       const char *record_type, const int64_t *ids, size_t count);
/* The reply (packed, SIZE bytes) to store in the claimed request_reply row of
 * (PRINCIPAL_KEY, REQUEST_ID). 0, or -1 out of memory. */
int xc_deferred_reply (xc_deferred_t *self, const char *principal_key, const char *request_id,
                       const uint8_t *packed, size_t size);

xc_deferred_mark_t xc_deferred_mark (const xc_deferred_t *self);
/* Drops what was queued after MARK. */
void xc_deferred_rewind (xc_deferred_t *self, xc_deferred_mark_t mark);
/* Drops everything (a transaction rolled back, or a new one starts). */
void xc_deferred_clear (xc_deferred_t *self);

/* Writes everything queued, in the order it was queued, with one statement in DB's
 * open transaction, and empties the queue. 0, or -1 when the statement failed (the
 * transaction is then aborted: nothing of it may commit). */
int xc_deferred_flush (xc_deferred_t *self, PGconn *db);
/* The flush and then COMMIT, sent together: one round trip. 0 when committed; -1 when
 * the flush failed (its COMMIT then did not run: nothing committed), -2 when COMMIT
 * failed or its outcome is unknown (the connection died). Empties the queue. */
int xc_deferred_commit (xc_deferred_t *self, PGconn *db);

#endif
