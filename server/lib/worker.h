/* worker — one thread serving requests with its own database connection. It talks
 * to the broker over inproc: it announces itself with "READY", then receives
 * [client id][principal key][request] and answers [client id][reply]. */
#ifndef XC_WORKER_H
#define XC_WORKER_H
#include <czmq.h>

#define XC_WORKERS_ENDPOINT "inproc://xunchad-workers"
#define XC_WORKER_READY "READY"

typedef struct {
    const char *conninfo;
    size_t max_frame;
} xc_worker_args_t;

zactor_t *xc_worker_new (const xc_worker_args_t *args);

#endif
