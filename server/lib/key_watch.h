/* key_watch — closes the connections still open of a key once it is revoked, for
 * xunchad's and xuncha-notifier's ROUTER sockets.
 *
 * libzmq has no call that drops one peer of a ROUTER. What it does give: every message
 * received carries the file descriptor of the TCP connection it came by (ZMQ_SRCFD) and
 * the key the ZAP handler admitted on that connection ("User-Id"). The owner of a
 * ROUTER receives through xc_key_watch_recv, which notes each connection under its key —
 * its descriptor and the socket's inode, so that a descriptor closed and reused by
 * another connection (or anything else) is never taken for it. When a key is revoked,
 * each of its connections is shut down (shutdown(2) on a duplicate of the descriptor,
 * checked to be the same socket): libzmq sees the connection end and drops the peer, and
 * the peer's next handshake meets the ZAP handler, which refuses the key. A connection
 * is known from its first message on (xuncha sends one at once, xuncha inbox its hello).
 *
 * Which keys are revoked is learnt by a thread of its own, with its own database
 * connection, so that the owner's loop never waits on the database: it LISTENs on
 * xuncha_key_revoked, which a revocation NOTIFYs when it commits, and every second it
 * asks anyway about every key it was told of (a NOTIFY lost with a broken connection, a
 * key revoked by hand in the database, an account deactivated): key_user() in
 * server/sql/009. The owner calls xc_key_watch_revoked on every turn of its loop. */
#ifndef XC_KEY_WATCH_H
#define XC_KEY_WATCH_H
#include <czmq.h>

typedef struct _xc_key_watch_t xc_key_watch_t;

/* Watches through CONNINFO, naming the connection APPLICATION in pg_stat_activity. */
xc_key_watch_t *xc_key_watch_new (const char *conninfo, const char *application);
void xc_key_watch_destroy (xc_key_watch_t **self_p);

/* Receives one whole message waiting on ROUTER (its routing id first, as zmsg_recv
 * gives it), without waiting: NULL when none is there. The key the connection was
 * admitted with goes to KEY ("" when it has none); the connection is noted under it. */
zmsg_t *xc_key_watch_recv (xc_key_watch_t *self, zsock_t *router, char key[41]);

/* 1 when a key was found revoked since the last call: its connections are closed, the
 * key is in KEY (the owner may end what it keeps for it); 0 when none. Never waits. */
int xc_key_watch_revoked (xc_key_watch_t *self, char key[41]);

#endif
