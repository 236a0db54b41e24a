/* notifier_store — xuncha-notifier's side of PostgreSQL: one connection that LISTENs on
 * "xuncha_outbox" (payload: the recipient's user id), and the few statements delivery
 * needs, prepared once per connection: find a key's user, claim a recipient's pending
 * deliveries for a session, record acknowledgements, release a session's claims.
 *
 * Claims make two notifiers (or two sessions of one recipient) safe together: a claim
 * takes unacknowledged rows nobody holds — never claimed, or whose claim has lapsed —
 * in event order with FOR UPDATE SKIP LOCKED, and marks them with the session's tag
 * until now + the ack timeout. Rows another session holds are skipped, not waited for.
 *
 * Acknowledgements are queued and written by one UPDATE per loop turn; when that fails
 * they stay queued. When the connection is lost every call fails fast (-1) and
 * xc_store_ensure connects again (at most once a second) and LISTENs again: what was
 * committed meanwhile is found by the next poll, so a lost NOTIFY only delays. */
#ifndef XC_NOTIFIER_STORE_H
#define XC_NOTIFIER_STORE_H
#include "xuncha.pb-c.h"
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct _xc_store_t xc_store_t;

/* STATEMENT_TIMEOUT_MS bounds each statement (0: no limit). Does not connect yet. */
xc_store_t *xc_store_new (const char *conninfo, int statement_timeout_ms);
void xc_store_destroy (xc_store_t **self_p);

/* Connects (again) if needed; true when the connection is up, listening and prepared. */
bool xc_store_ensure (xc_store_t *self);
/* The connection's socket to poll, or -1 while disconnected. */
int xc_store_socket (xc_store_t *self);
/* The connection itself (for the clue reminders), or NULL while disconnected. */
PGconn *xc_store_connection (xc_store_t *self);

/* Reads what the server sent; appends the user ids NOTIFYed since the last call to
 * USERS (at most MAX). Returns how many, or -1 when the connection is lost. */
int xc_store_take_wakeups (xc_store_t *self, int64_t *users, size_t max);

/* The unrevoked user holding KEY: 1 and *user_id, 0 when none, -1 on failure. */
int xc_store_user_of_key (xc_store_t *self, const char *key, int64_t *user_id);

/* Called for each claimed event, in event order. */
typedef void (xc_store_claimed_fn) (void *arg, const Xuncha__Notification *event, int sent_count);
/* Claims up to LIMIT of USER_ID's deliveries for the session TAG until now +
 * ACK_TIMEOUT_MS, and hands each to CLAIMED. Returns how many, or -1. */
int xc_store_claim (xc_store_t *self, const char *tag, int64_t user_id, int limit, int ack_timeout_ms,
                    xc_store_claimed_fn *claimed, void *arg);
/* Releases what the session TAG of USER_ID still holds; 0 or -1. */
int xc_store_release (xc_store_t *self, const char *tag, int64_t user_id);
/* Of USERS (COUNT), those with deliveries to claim now, written to READY; how many, or -1. */
int xc_store_users_ready (xc_store_t *self, const int64_t *users, size_t count, int64_t *ready);
/* How many of USER_ID's deliveries are unacknowledged, claimed or not; -1 on failure. */
long xc_store_unacknowledged (xc_store_t *self, int64_t user_id);

/* Queues USER_ID's acknowledgement of EVENT_ID. */
void xc_store_ack (xc_store_t *self, int64_t user_id, int64_t event_id);
/* Writes the queued acknowledgements in one statement; 0 (queue empty) or -1 (kept). */
int xc_store_flush_acks (xc_store_t *self);
/* True while acknowledgements of USER_ID wait in the queue. */
bool xc_store_acks_queued (xc_store_t *self, int64_t user_id);

#endif
