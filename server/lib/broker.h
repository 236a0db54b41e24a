/* broker — the front end of xunchad: a CURVE ROUTER facing the clients and a pool of
 * workers, each with its own PostgreSQL connection (dispatch.h), all on the broker's
 * one thread as fibers (worker.h): a request goes to an idle worker and runs until it
 * waits for PostgreSQL; the loop meanwhile takes other requests and resumes the
 * workers whose connection answered, so one slow request never stalls the others.
 * While every worker is busy, new requests wait in ZeroMQ's queue.
 *
 * Each client message must be one frame. The broker attaches the connection's
 * authenticated key (User-Id, set by the ZAP handler) to the request it hands a
 * worker; the key is the principal, never a field of the message. The connections of a
 * key that is revoked are closed (key_watch.h).
 *
 * When *stop becomes non-zero the broker stops taking requests, waits for the busy
 * workers to reply (at most drain_ms), forwards those replies, and returns. Requests
 * still running at the deadline are cancelled: they roll back, their clients get an
 * error reply (or none) and retry later with the same request id, so nothing that was
 * acknowledged is lost and nothing is done twice. */
#ifndef XC_BROKER_H
#define XC_BROKER_H
#include <czmq.h>
#include <signal.h>

typedef struct {
    const char *endpoint;       /* tcp://127.0.0.1:7400 */
    const char *conninfo;       /* libpq connection string */
    zcert_t *certificate;       /* the server's key pair */
    int workers;
    size_t max_frame;
    int drain_ms;
    int statement_timeout_ms;   /* no request's statement runs longer */
} xc_broker_config_t;

/* Returns 0 after a clean drain, -1 when it could not start. */
int xc_broker_run (const xc_broker_config_t *config, volatile sig_atomic_t *stop);

#endif
