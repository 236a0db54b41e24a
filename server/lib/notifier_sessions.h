/* notifier_sessions — xuncha-notifier's table of recipient sessions. A session is one
 * DEALER connection (a ROUTER routing id) that said hello; its recipient is the user of
 * the CURVE key the ZAP handler admitted on that connection. Each session has its own
 * claim tag (outbox_delivery.claimed_by), a window of events sent and not yet
 * acknowledged, and the times it last heard from and last wrote to its recipient.
 *
 * The table only keeps the books; notifier.c decides what to send. */
#ifndef XC_NOTIFIER_SESSIONS_H
#define XC_NOTIFIER_SESSIONS_H
#include <czmq.h>
#include <stdbool.h>
#include <stdint.h>

/* The states of a session. A session that is done (its recipient silent too long, its
 * non-following recipient told Idle, the notifier stopping) leaves the table. */
typedef enum {
    /* Hello received; which user holds the key is not known yet because the database
     * could not be asked. Asked again on every poll; heartbeats keep the recipient. */
    XC_SESSION_IDENTIFYING,
    /* The recipient is known: its pending events are claimed in order, sent, and kept
     * in flight until acknowledged or their ack timeout passes (then claimed again). */
    XC_SESSION_DELIVERING,
} xc_session_state_t;

/* One event sent and not yet acknowledged. */
typedef struct {
    int64_t event_id;
    int64_t deadline_ms;    /* monotonic: after this the claim lapses and it is resent */
} xc_in_flight_t;

/* A session, owned by the table; notifier.c reads and updates its fields. */
typedef struct {
    char peer[512];              /* the routing id in hex: the table's key */
    zframe_t *routing_id;
    char key[41];                /* the recipient's CURVE key (Z85) */
    char tag[48];                /* outbox_delivery.claimed_by for this session's claims */
    int64_t user_id;             /* 0 while IDENTIFYING */
    xc_session_state_t state;
    bool follow;                 /* false: Idle, then the session ends, once all is acknowledged */
    bool due;                    /* claim and send on this loop turn */
    bool more;                   /* the last claim filled the window: more may be pending */
    int64_t last_heard_ms;       /* monotonic: last message from the recipient */
    int64_t last_sent_ms;        /* monotonic: last message to the recipient */
    xc_in_flight_t *in_flight;   /* `window` slots, the first in_flight_count used */
    size_t in_flight_count;
} xc_session_t;

typedef struct _xc_sessions_t xc_sessions_t;

/* WINDOW: how many events one session may have in flight. INSTANCE: a text unique to
 * this notifier process, the prefix of every session's claim tag. */
xc_sessions_t *xc_sessions_new (size_t window, const char *instance);
void xc_sessions_destroy (xc_sessions_t **self_p);

/* The session of ROUTING_ID, or NULL. */
xc_session_t *xc_sessions_find (xc_sessions_t *self, zframe_t *routing_id);
/* A new session for ROUTING_ID (which must have none), IDENTIFYING, due. */
xc_session_t *xc_sessions_open (xc_sessions_t *self, zframe_t *routing_id, const char *key, bool follow,
                                int64_t now_ms);
/* Removes the session and frees it; *session_p becomes NULL. */
void xc_sessions_close (xc_sessions_t *self, xc_session_t **session_p);
size_t xc_sessions_size (xc_sessions_t *self);
/* Every session, to walk with a for loop; the list is a snapshot owned by the caller
 * (zlist_destroy), so sessions may be closed while walking it. */
zlist_t *xc_sessions_list (xc_sessions_t *self);
/* Marks due every delivering session of USER_ID (0: every session). */
void xc_sessions_wake (xc_sessions_t *self, int64_t user_id);

/* How many more events the session may have in flight. */
size_t xc_session_room (xc_sessions_t *self, const xc_session_t *session);
/* Records EVENT_ID as sent (again) with its ack deadline. */
void xc_session_sent (xc_session_t *session, int64_t event_id, int64_t deadline_ms);
/* Forgets EVENT_ID once acknowledged; true when it was in flight. */
bool xc_session_acknowledged (xc_session_t *session, int64_t event_id);
/* Forgets the events whose ack deadline passed (their claims have lapsed, so they will
 * be claimed and sent again); returns how many. */
size_t xc_session_expire (xc_session_t *session, int64_t now_ms);

#endif
