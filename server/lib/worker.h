/* worker — one thread serving requests with its own database connection. It talks
 * to the broker over inproc: it announces itself with "READY", then receives
 * [client id][principal key][request] and answers [client id][reply]. */
#ifndef XC_WORKER_H
#define XC_WORKER_H
#include "dispatch.h"
#include <czmq.h>

#define XC_WORKERS_ENDPOINT "inproc://xunchad-workers"
#define XC_WORKER_READY "READY"

/* Starts a worker serving with DISPATCHER, which the caller owns (and may cancel). */
zactor_t *xc_worker_new (xc_dispatcher_t *dispatcher);

#endif
