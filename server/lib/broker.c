/* broker — see broker.h. */
#include "broker.h"
#include "dispatch.h"
#include "key_watch.h"
#include "worker.h"
#include "xc_clock.h"
#include "xc_codec.h"
#include "xc_keys.h"
#include "xc_log.h"
#include <poll.h>

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

/* The broker's state. Its life: SERVING (taking requests) → DRAINING (SIGTERM: no new
 * requests, waiting for the busy workers until drain_ms) → CANCELLING (the deadline
 * passed: running statements are cancelled, and a short grace lets their error replies
 * out) → done. */
typedef enum { S_SERVING, S_DRAINING, S_CANCELLING } s_phase_t;

typedef struct {
    const xc_broker_config_t *config;
    zsock_t *frontend;
    xc_worker_t **workers;
    xc_dispatcher_t **dispatchers;
    xc_key_watch_t *watch;  /* closes the connections of revoked keys */
    int *idle;              /* the idle workers' numbers, a stack: the one idle last serves next */
    int idle_count;
    int busy;
    s_phase_t phase;
    int64_t deadline;
    int cancelled;
} s_broker_t;

/* A worker that just ran: its reply goes out when it is done, and it is idle again. */
static void
s_after_run (s_broker_t *self, int number)
{
    zmsg_t *answer = xc_worker_take_reply (self->workers[number]);
    if (answer) {
        zmsg_send (&answer, self->frontend);
        self->idle[self->idle_count++] = number;
        self->busy--;
    }
}

/* A client's request, if one waits: to an idle worker, with its key. False when none
 * waited. */
static bool
s_route_request (s_broker_t *self)
{
    char principal[41];
    zmsg_t *msg = xc_key_watch_recv (self->watch, self->frontend, principal);   /* notes the connection under its key */
    if (!msg)
        return false;
    zframe_t *client = zmsg_pop (msg);
    zframe_t *request = zmsg_pop (msg);
    if (!client || !request || zmsg_size (msg) != 0)
        s_refuse (self->frontend, &client, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                  "消息格式错误：每个请求须为恰好一帧");
    else if (!*principal)
        s_refuse (self->frontend, &client, XUNCHA__STATUS__STATUS_UNAUTHENTICATED, "连接未经 CURVE 认证");
    else {
        int number = self->idle[--self->idle_count];
        self->busy++;
        xc_worker_start (self->workers[number], &client, principal, &request);
        s_after_run (self, number);
    }
    zframe_destroy (&client);
    zframe_destroy (&request);
    zmsg_destroy (&msg);
    return true;
}

#define XC_CANCEL_GRACE_MS 2000

static zsock_t *
s_bind_frontend (const xc_broker_config_t *config)
{
    zsock_t *frontend = zsock_new (ZMQ_ROUTER);
    xc_keys_curve_server (frontend, config->certificate);
    /* A frame a little over the cap still gets an error reply; a frame far over it is
     * not even read and its peer is disconnected. With at most 16 queued messages per
     * connection, one client cannot make the server hold much more than 16 frames. */
    size_t hard_cap = config->max_frame + 65536;
    zsock_set_maxmsgsize (frontend, (int) (hard_cap > 0x7fffffff ? 0x7fffffff : hard_cap));
    zsock_set_rcvhwm (frontend, 16);
    zsock_set_linger (frontend, 2000);
    if (zsock_bind (frontend, "%s", config->endpoint) < 0) {
        xc_log (XC_LOG_ERROR, "bind_failed", "endpoint=%s reason=\"%s\"", config->endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&frontend);
    }
    return frontend;
}

static int
s_start_workers (s_broker_t *self)
{
    int count = self->config->workers;
    self->workers = calloc ((size_t) count, sizeof *self->workers);
    self->dispatchers = calloc ((size_t) count, sizeof *self->dispatchers);
    self->idle = calloc ((size_t) count, sizeof *self->idle);
    if (!self->workers || !self->dispatchers || !self->idle)
        return -1;
    for (int i = 0; i < count; i++) {
        self->dispatchers[i] = xc_dispatcher_new (self->config->conninfo, self->config->max_frame);
        if (!self->dispatchers[i] || !(self->workers[i] = xc_worker_new (self->dispatchers[i])))
            return -1;
        xc_dispatcher_set_statement_timeout (self->dispatchers[i], self->config->statement_timeout_ms);
        self->idle[self->idle_count++] = count - 1 - i;   /* worker 0 on top */
    }
    return 0;
}

static void
s_stop_workers (s_broker_t *self)
{
    for (int i = 0; self->workers && self->dispatchers && i < self->config->workers; i++) {
        if (self->workers[i] && xc_worker_busy (self->workers[i])) {
            xc_dispatcher_cancel (self->dispatchers[i]);
            xc_worker_finish (self->workers[i], XC_CANCEL_GRACE_MS);
        }
        xc_worker_destroy (&self->workers[i]);
        xc_dispatcher_destroy (&self->dispatchers[i]);
    }
    free (self->workers);
    free (self->dispatchers);
    free (self->idle);
}

/* Moves the broker along its phases; returns true when it is done. */
static bool
s_advance_phase (s_broker_t *self, bool stop)
{
    int64_t now = xc_clock_mono_ms ();
    if (self->phase == S_SERVING && stop) {
        self->phase = S_DRAINING;
        self->deadline = now + self->config->drain_ms;
        xc_log (XC_LOG_INFO, "draining", "in_flight=%d", self->busy);
    }
    if (self->phase == S_SERVING)
        return false;
    if (self->busy == 0)
        return true;
    if (self->phase == S_DRAINING && now > self->deadline) {
        /* too slow: roll them back; their clients retry later with the same id */
        self->phase = S_CANCELLING;
        self->cancelled = self->busy;
        for (int i = 0; i < self->config->workers; i++)
            xc_dispatcher_cancel (self->dispatchers[i]);
        self->deadline = now + XC_CANCEL_GRACE_MS;
        xc_log (XC_LOG_WARN, "drain_deadline", "cancelled=%d", self->cancelled);
        return false;
    }
    return self->phase == S_CANCELLING && now > self->deadline;
}

/* The transactions idle workers' reads left open are ended once they have waited
 * XC_READ_LEFT_OPEN_MS for the next request to end them (dispatch.h). How long the
 * loop may wait before the next is due (at most 200 ms). */
#define XC_READ_LEFT_OPEN_MS 10

static int
s_end_idle_transactions (s_broker_t *self, int64_t now)
{
    int wait_ms = 200;
    for (int i = 0; i < self->config->workers; i++)
        if (!xc_worker_busy (self->workers[i])) {
            int due = xc_dispatcher_end_idle (self->dispatchers[i], now, XC_READ_LEFT_OPEN_MS);
            if (due >= 0 && due < wait_ms)
                wait_ms = due;
        }
    return wait_ms;
}

/* One turn of the loop: waits for a request, while a worker is idle and requests are
 * taken, for what a busy worker waits for (its connection, or its deadline), or for
 * a read's transaction to be ended; runs what is ready. */
static void
s_turn (s_broker_t *self)
{
    int count = self->config->workers;
    zmq_pollitem_t items[count + 1];
    int owner[count + 1];
    int polled = 0;
    if (self->idle_count > 0 && self->phase == S_SERVING)
        items[polled++] = (zmq_pollitem_t) { zsock_resolve (self->frontend), 0, ZMQ_POLLIN, 0 };
    int first_worker = polled;
    int64_t now = xc_clock_mono_ms ();
    int wait_ms = s_end_idle_transactions (self, now);
    for (int i = 0; i < count; i++) {
        xc_fiber_wait_t wait = xc_worker_waiting (self->workers[i]);
        if (wait.fd >= 0) {
            owner[polled] = i;
            short events = (short) ((wait.events & POLLIN ? ZMQ_POLLIN : 0) | (wait.events & POLLOUT ? ZMQ_POLLOUT : 0));
            items[polled++] = (zmq_pollitem_t) { NULL, wait.fd, events, 0 };
            if (wait.deadline && wait.deadline - now < wait_ms)
                wait_ms = wait.deadline > now ? (int) (wait.deadline - now) : 0;
        }
    }
    if (zmq_poll (items, polled, wait_ms) < 0)
        return;   /* EINTR: a signal; the loop looks at *stop */
    now = xc_clock_mono_ms ();
    for (int at = first_worker; at < polled; at++) {
        xc_fiber_wait_t wait = xc_worker_waiting (self->workers[owner[at]]);
        if (items[at].revents || (wait.deadline && now >= wait.deadline)) {
            xc_worker_resume (self->workers[owner[at]]);
            s_after_run (self, owner[at]);
        }
    }
    /* every request waiting, while a worker is free to start it */
    if (first_worker == 1 && (items[0].revents & ZMQ_POLLIN))
        while (self->idle_count > 0 && s_route_request (self))
            continue;
}

int
xc_broker_run (const xc_broker_config_t *config, volatile sig_atomic_t *stop)
{
    s_broker_t self = { .config = config, .phase = S_SERVING };
    self.frontend = s_bind_frontend (config);
    if (!self.frontend)
        return -1;
    self.watch = xc_key_watch_new (config->conninfo, "xunchad-key-watch");
    if (s_start_workers (&self) != 0) {
        xc_log (XC_LOG_ERROR, "out_of_memory", "workers=%d", config->workers);
        s_stop_workers (&self);
        xc_key_watch_destroy (&self.watch);
        zsock_destroy (&self.frontend);
        return -1;
    }
    xc_log (XC_LOG_INFO, "listening", "endpoint=%s workers=%d", config->endpoint, config->workers);
    while (!s_advance_phase (&self, *stop != 0)) {
        s_turn (&self);
        char revoked[41];   /* each key revoked: its connections are closed, its requests in flight get no reply */
        while (xc_key_watch_revoked (self.watch, revoked))
            continue;
    }
    xc_log (self.busy ? XC_LOG_WARN : XC_LOG_INFO, "drained", "unanswered=%d cancelled=%d", self.busy, self.cancelled);
    s_stop_workers (&self);
    xc_key_watch_destroy (&self.watch);
    zsock_destroy (&self.frontend);
    return 0;
}
