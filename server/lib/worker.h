/* worker — serves one request at a time, with its own database connection
 * (dispatch.h), on a fiber of the broker's thread (fiber.h): the broker starts it on a
 * request, and it runs until it waits for PostgreSQL; the broker resumes it when its
 * connection has something to say, and takes the reply when it is done. Many workers
 * share the thread, so while one waits the others run: no thread hand-over per request
 * and no thread woken per statement. */
#ifndef XC_WORKER_H
#define XC_WORKER_H
#include "dispatch.h"
#include "fiber.h"
#include <czmq.h>
#include <stdbool.h>

typedef struct _xc_worker_t xc_worker_t;

/* Serves with DISPATCHER, which the caller owns (and may cancel). NULL without memory. */
xc_worker_t *xc_worker_new (xc_dispatcher_t *dispatcher);
/* After xc_worker_finish when it was busy: a request that did not end even then is
 * dropped with its stack (shutdown only). */
void xc_worker_destroy (xc_worker_t **self_p);

/* Serves REQUEST (taken) of the connection CLIENT (taken), sent with the key
 * PRINCIPAL: runs it until it first waits or is done. */
void xc_worker_start (xc_worker_t *self, zframe_t **client, const char *principal, zframe_t **request);
/* Runs the request on after the descriptor it waits for became ready. */
void xc_worker_resume (xc_worker_t *self);
/* True from start until the reply is taken. */
bool xc_worker_busy (const xc_worker_t *self);
/* What a busy worker waits for (fiber.h); fd -1 when its request is done. */
xc_fiber_wait_t xc_worker_waiting (const xc_worker_t *self);
/* The reply of a request done, [client][reply], for the ROUTER; the worker is idle
 * again. NULL while the request runs. */
zmsg_t *xc_worker_take_reply (xc_worker_t *self);
/* Shutdown: lets a busy worker's request run to its end for at most TIMEOUT_MS (its
 * statement cancelled by then, it rolls back) and drops its reply. */
void xc_worker_finish (xc_worker_t *self, int timeout_ms);

#endif
