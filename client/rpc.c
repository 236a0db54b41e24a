/* rpc — see rpc.h. */
#include "rpc.h"
#include "xc_codec.h"
#include "xc_link.h"

/* Waits for the reply to REQUEST_ID on LINK. A dropped connection is not an answer:
 * ZeroMQ reconnects by itself, and silence ends in a retry. */
static xc_rpc_result_t
s_wait (xc_rpc_t *self, xc_link_t *link, const char *request_id, Xuncha__Reply **reply)
{
    int64_t deadline = zclock_mono () + self->timeout_ms;
    while (zclock_mono () < deadline) {
        zframe_t *frame;
        if (self->connect_wait_ms > 0 && xc_link_refused_for (link) >= self->connect_wait_ms)
            return XC_RPC_NOT_LISTENING;
        int slice = (int) (deadline - zclock_mono ());
        if (self->connect_wait_ms > 0 && slice > 100)
            slice = 100;
        xc_link_event_t event = xc_link_wait (link, slice, &frame);
        if (event == XC_LINK_KEY_REFUSED)
            return XC_RPC_KEY_REFUSED;
        if (event != XC_LINK_FRAME)
            continue;
        Xuncha__Reply *answer = xc_reply_decode (zframe_data (frame), zframe_size (frame), self->max_frame);
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
        xc_link_t *link = xc_link_new (self->endpoint, self->certificate, self->server_key);
        if (!link)
            break;
        xc_link_send (link, packed, size);
        result = s_wait (self, link, request->request_id, reply);
        xc_link_destroy (&link);
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
        if (result == XC_RPC_NOT_LISTENING) {
            result = XC_RPC_UNREACHABLE;
            break;
        }
        if (result != XC_RPC_UNREACHABLE || attempt++ >= self->retries)
            break;
        fprintf (stderr, "服务器 %s 无响应，使用同一请求编号重试（第 %d/%d 次）…\n", self->endpoint, attempt,
                 self->retries);
    }
    free (packed);
    return result;
}
