/* broker — see broker.h. */
#include "broker.h"
#include "dispatch.h"
#include "worker.h"
#include "xc_clock.h"
#include "xc_codec.h"
#include "xc_keys.h"
#include "xc_log.h"

/* Refuses a client message that never reaches a worker (not one frame, no key). */
static void
s_refuse (zsock_t *frontend, zframe_t **client, Xuncha__Status status, const char *why)
{
    size_t size;
    uint8_t *reply = xc_error_reply_pack ("", status, why, &size);
    zmsg_t *answer = zmsg_new ();
    zmsg_append (answer, client);
    zmsg_addmem (answer, reply, size);
    zmsg_send (&answer, frontend);
    free (reply);
}

/* A client's request: to the least recently used idle worker, with its key. */
static void
s_route_request (zsock_t *frontend, zsock_t *backend, zlist_t *idle, int *busy)
{
    zmsg_t *msg = zmsg_recv (frontend);
    if (!msg)
        return;
    zframe_t *client = zmsg_pop (msg);
    zframe_t *request = zmsg_pop (msg);
    const char *principal = request ? zframe_meta (request, "User-Id") : NULL;
    if (!client || !request || zmsg_size (msg) != 0)
        s_refuse (frontend, &client, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                  "消息格式错误：每个请求须为恰好一帧");
    else if (!principal || !*principal)
        s_refuse (frontend, &client, XUNCHA__STATUS__STATUS_UNAUTHENTICATED, "连接未经 CURVE 认证");
    else {
        zframe_t *worker = zlist_pop (idle);
        zmsg_t *task = zmsg_new ();
        zmsg_append (task, &worker);
        zmsg_append (task, &client);
        zmsg_addstr (task, principal);
        zmsg_append (task, &request);
        zmsg_send (&task, backend);
        (*busy)++;
    }
    zframe_destroy (&client);
    zframe_destroy (&request);
    zmsg_destroy (&msg);
}

/* A worker's message: READY, or a reply to forward. Either way it is idle again. */
static void
s_route_reply (zsock_t *frontend, zsock_t *backend, zlist_t *idle, int *busy)
{
    zmsg_t *msg = zmsg_recv (backend);
    if (!msg)
        return;
    zframe_t *worker = zmsg_pop (msg);
    if (zmsg_size (msg) == 1) {
        char *ready = zmsg_popstr (msg);   /* READY */
        zstr_free (&ready);
    }
    else {
        zmsg_send (&msg, frontend);
        (*busy)--;
    }
    zlist_append (idle, worker);
    zmsg_destroy (&msg);
}

static void
s_stop_workers (zactor_t **workers, xc_dispatcher_t **dispatchers, int count, zlist_t *idle)
{
    for (int i = 0; i < count; i++) {
        zactor_destroy (&workers[i]);
        xc_dispatcher_destroy (&dispatchers[i]);
    }
    zframe_t *frame;
    while ((frame = zlist_pop (idle)))
        zframe_destroy (&frame);
}

int
xc_broker_run (const xc_broker_config_t *config, volatile sig_atomic_t *stop)
{
    zsock_t *backend = zsock_new_router ("@" XC_WORKERS_ENDPOINT);
    zsock_t *frontend = zsock_new (ZMQ_ROUTER);
    xc_keys_curve_server (frontend, config->certificate);
    /* A frame a little over the cap still gets an error reply; a frame far over it is
     * not even read and its peer is disconnected. With at most 16 queued messages per
     * connection, one client cannot make the server hold much more than 16 frames. */
    zsock_set_maxmsgsize (frontend, (int) (config->max_frame + 65536 > 0x7fffffff ? 0x7fffffff : config->max_frame + 65536));
    zsock_set_rcvhwm (frontend, 16);
    zsock_set_linger (frontend, 2000);
    if (zsock_bind (frontend, "%s", config->endpoint) < 0) {
        xc_log (XC_LOG_ERROR, "bind_failed", "endpoint=%s reason=\"%s\"", config->endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&frontend);
        zsock_destroy (&backend);
        return -1;
    }
    zactor_t **workers = calloc ((size_t) config->workers, sizeof *workers);
    xc_dispatcher_t **dispatchers = calloc ((size_t) config->workers, sizeof *dispatchers);
    for (int i = 0; i < config->workers; i++) {
        dispatchers[i] = xc_dispatcher_new (config->conninfo, config->max_frame);
        xc_dispatcher_set_statement_timeout (dispatchers[i], config->statement_timeout_ms);
        workers[i] = xc_worker_new (dispatchers[i]);
    }
    xc_log (XC_LOG_INFO, "listening", "endpoint=%s workers=%d", config->endpoint, config->workers);

    zlist_t *idle = zlist_new ();
    int busy = 0;
    int64_t drain_deadline = 0;
    int cancelled = 0;
    while (true) {
        if (*stop && !drain_deadline) {
            drain_deadline = xc_clock_mono_ms () + config->drain_ms;
            xc_log (XC_LOG_INFO, "draining", "in_flight=%d", busy);
        }
        if (drain_deadline && busy == 0)
            break;
        if (drain_deadline && !cancelled && xc_clock_mono_ms () > drain_deadline) {
            /* too slow: roll them back; their clients retry later */
            cancelled = busy;
            for (int i = 0; i < config->workers; i++)
                xc_dispatcher_cancel (dispatchers[i]);
            drain_deadline = xc_clock_mono_ms () + 2000;   /* for the cancelled replies */
            xc_log (XC_LOG_WARN, "drain_deadline", "cancelled=%d", cancelled);
        }
        else if (cancelled && xc_clock_mono_ms () > drain_deadline)
            break;
        zmq_pollitem_t items[] = { { zsock_resolve (backend), 0, ZMQ_POLLIN, 0 },
                                   { zsock_resolve (frontend), 0, ZMQ_POLLIN, 0 } };
        int polled = zlist_size (idle) > 0 && !drain_deadline ? 2 : 1;
        if (zmq_poll (items, polled, 200) < 0)
            continue;   /* EINTR: a signal; the loop looks at *stop */
        if (items[0].revents & ZMQ_POLLIN)
            s_route_reply (frontend, backend, idle, &busy);
        if (polled == 2 && (items[1].revents & ZMQ_POLLIN))
            s_route_request (frontend, backend, idle, &busy);
    }
    xc_log (busy ? XC_LOG_WARN : XC_LOG_INFO, "drained", "unanswered=%d cancelled=%d", busy, cancelled);
    s_stop_workers (workers, dispatchers, config->workers, idle);
    zlist_destroy (&idle);
    free (workers);
    free (dispatchers);
    zsock_destroy (&frontend);
    zsock_destroy (&backend);
    return 0;
}
