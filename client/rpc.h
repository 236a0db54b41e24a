/* rpc — one request to xunchad over a CURVE DEALER socket, the Lazy Pirate way: wait
 * up to timeout_ms for the reply; on silence, close the socket, open a new one and
 * send the same request again (same request id, so the server does it only once), up
 * to `retries` times. A handshake the server refuses (unknown or revoked key) is
 * reported at once instead of being retried. When the server answers that an earlier
 * try of the same request is still running (STATUS_IN_PROGRESS), the client waits
 * half a second and asks again, for up to a minute, without spending a retry. */
#ifndef XC_RPC_H
#define XC_RPC_H
#include "xuncha.pb-c.h"
#include <czmq.h>

typedef struct {
    const char *endpoint;
    char server_key[41];
    zcert_t *certificate;
    int timeout_ms;
    int retries;
    size_t max_frame;
    /* When every connection attempt has failed at once (nothing listens: the server is
     * down, the line is cut) for this long, the call ends as unreachable without
     * waiting out its retries; 0: wait them out. */
    int connect_wait_ms;
} xc_rpc_t;

typedef enum {
    XC_RPC_REPLIED = 0,      /* *reply is set */
    XC_RPC_UNREACHABLE,      /* no reply after every try */
    XC_RPC_KEY_REFUSED,      /* the server's ZAP handler refused our key */
    XC_RPC_STILL_RUNNING,    /* an earlier try was still running when we gave up */
    XC_RPC_NOT_LISTENING     /* internal: nothing listens (connect_wait_ms); reported as UNREACHABLE */
} xc_rpc_result_t;

xc_rpc_result_t xc_rpc_call (xc_rpc_t *self, const Xuncha__Request *request, Xuncha__Reply **reply);

#endif
