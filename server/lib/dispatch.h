/* dispatch — serves one request frame from an authenticated key and returns the
 * reply frame. The whole path of a request lives here, independent of ZeroMQ:
 *
 *   decode and validate (common/) → BEGIN → find the user of the key → check the
 *   role against the request kind → for a change: claim (key, request id) in
 *   request_reply, or return the reply stored by an earlier try → run the handler →
 *   store the reply → COMMIT → reply.
 *
 * A reply is returned only after COMMIT, so a reply means durable. Claiming the
 * request id before the handler runs makes a retry that races its original wait for
 * it and then return the original's reply, instead of running twice. A retry that
 * arrives while its original is still running does not wait in a worker: it is
 * answered at once with STATUS_IN_PROGRESS, and the client asks again a little later.
 *
 * A sync batch (the client's journal replayed) carries whole packed requests: each is
 * served by the same path as a lone request, from decode to stored reply, inside a
 * savepoint of the batch's one transaction; a refused entry rolls back to its
 * savepoint alone. One COMMIT, then the replies of all entries in order. Which kinds
 * change data is common/xc_request_class.h's rule. */
#ifndef XC_DISPATCH_H
#define XC_DISPATCH_H
#include <stddef.h>
#include <stdint.h>

typedef struct _xc_dispatcher_t xc_dispatcher_t;

/* CONNINFO is a libpq connection string; the connection is made (and remade after a
 * failure) when a request needs it. */
xc_dispatcher_t *xc_dispatcher_new (const char *conninfo, size_t max_frame);
void xc_dispatcher_destroy (xc_dispatcher_t **self_p);
/* No statement may run longer (default 30000 ms; 0: no limit). */
void xc_dispatcher_set_statement_timeout (xc_dispatcher_t *self, int milliseconds);
/* The advisory lock a try of (key, request id) holds while it runs: a non-negative
 * 63-bit number derived from both. */
int64_t xc_request_lock_key (const char *principal_key, const char *request_id);
/* Between requests: ends the transaction a read left open (dispatch.c s_ending_t)
 * once it has been open AFTER_MS at NOW (monotonic ms), without waiting for it. The ms
 * until that is due, or -1 when nothing is open. */
int xc_dispatcher_end_idle (xc_dispatcher_t *self, int64_t now, int after_ms);
/* Ends the transaction the last request left open, if any, and waits for its end
 * (tests; a caller that needs the database quiet). */
void xc_dispatcher_finish (xc_dispatcher_t *self);
/* From any thread: cancels the statement running now, if any (shutdown deadline). */
void xc_dispatcher_cancel (xc_dispatcher_t *self);

/* Serves FRAME sent by the holder of PRINCIPAL_KEY (Z85, from the ZAP handler).
 * Returns a malloc'd packed Reply; never NULL. */
uint8_t *xc_dispatcher_serve (xc_dispatcher_t *self, const char *principal_key,
                              const uint8_t *frame, size_t size, size_t *reply_size);

#endif
