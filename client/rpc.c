/* rpc — see rpc.h. */
#include "rpc.h"
#include "xc_codec.h"
#include "xc_keys.h"

typedef struct {
    zsock_t *socket;
    zsock_t *monitor;
} s_link_t;

static int s_link_count = 0;

static s_link_t
s_link_open (xc_rpc_t *self)
{
    s_link_t link = { zsock_new (ZMQ_DEALER), NULL };
    zsock_set_linger (link.socket, 0);
    xc_keys_curve_client (link.socket, self->certificate, self->server_key);
    char endpoint[64];
    snprintf (endpoint, sizeof endpoint, "inproc://xuncha-monitor-%d", s_link_count++);
    zmq_socket_monitor (zsock_resolve (link.socket), endpoint,
                        ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL);
    link.monitor = zsock_new_pair (endpoint);
    zsock_connect (link.socket, "%s", self->endpoint);
    return link;
}

static void
s_link_close (s_link_t *link)
{
    zmq_socket_monitor (zsock_resolve (link->socket), NULL, 0);
    zsock_destroy (&link->monitor);
    zsock_destroy (&link->socket);
}

/* Waits for the reply to REQUEST_ID on LINK. */
static xc_rpc_result_t
s_wait (xc_rpc_t *self, s_link_t *link, const char *request_id, Xuncha__Reply **reply)
{
    int64_t deadline = zclock_mono () + self->timeout_ms;
    while (zclock_mono () < deadline) {
        zmq_pollitem_t items[] = { { zsock_resolve (link->socket), 0, ZMQ_POLLIN, 0 },
                                   { zsock_resolve (link->monitor), 0, ZMQ_POLLIN, 0 } };
        if (zmq_poll (items, 2, deadline - zclock_mono ()) <= 0)
            continue;
        if (items[1].revents & ZMQ_POLLIN) {
            zmsg_t *event = zmsg_recv (link->monitor);
            zframe_t *head = zmsg_first (event);
            uint16_t kind = 0;
            if (head && zframe_size (head) >= 2)
                memcpy (&kind, zframe_data (head), 2);
            zmsg_destroy (&event);
            if (kind == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
                return XC_RPC_KEY_REFUSED;
        }
        if (items[0].revents & ZMQ_POLLIN) {
            zframe_t *frame = zframe_recv (link->socket);
            Xuncha__Reply *answer = frame ? xc_reply_decode (zframe_data (frame), zframe_size (frame), self->max_frame) : NULL;
            zframe_destroy (&frame);
            /* a reply to an earlier request on this socket cannot happen (one socket per
             * try), but a reply without an id (an undecodable request) answers ours */
            if (answer && (!*answer->request_id || strcmp (answer->request_id, request_id) == 0)) {
                *reply = answer;
                return XC_RPC_REPLIED;
            }
            if (answer)
                xuncha__reply__free_unpacked (answer, NULL);
        }
    }
    return XC_RPC_UNREACHABLE;
}

#define XC_IN_PROGRESS_PAUSE_MS 500
#define XC_IN_PROGRESS_WAITS 120

xc_rpc_result_t
xc_rpc_call (xc_rpc_t *self, const Xuncha__Request *request, Xuncha__Reply **reply)
{
    size_t size;
    uint8_t *packed = xc_pack (&request->base, &size);
    xc_rpc_result_t result = XC_RPC_UNREACHABLE;
    int attempt = 0, waits = 0;
    while (true) {
        s_link_t link = s_link_open (self);
        zframe_t *frame = zframe_new (packed, size);
        zframe_send (&frame, link.socket, 0);
        result = s_wait (self, &link, request->request_id, reply);
        s_link_close (&link);
        if (result == XC_RPC_REPLIED && (*reply)->status == XUNCHA__STATUS__STATUS_IN_PROGRESS) {
            xuncha__reply__free_unpacked (*reply, NULL);
            *reply = NULL;
            result = XC_RPC_STILL_RUNNING;
            if (waits++ == 0)
                fprintf (stderr, "服务器仍在处理此请求的前一次尝试，等待其完成…\n");
            if (waits > XC_IN_PROGRESS_WAITS)
                break;
            zclock_sleep (XC_IN_PROGRESS_PAUSE_MS);
            continue;
        }
        if (result != XC_RPC_UNREACHABLE || attempt++ >= self->retries)
            break;
        fprintf (stderr, "服务器 %s 无响应，使用同一请求编号重试（第 %d/%d 次）…\n", self->endpoint, attempt,
                 self->retries);
    }
    free (packed);
    return result;
}
