/* notifier — see notifier.h. One thread, one loop; each turn: read the recipients'
 * messages, end the sessions of revoked keys, take the NOTIFY wake-ups, record the
 * acknowledgements, look after the sessions (dead ones, lapsed claims, the poll),
 * deliver to the sessions that are due, send heartbeats, run the reminders when their
 * time has come, seal the audit log. */
#include "notifier.h"
#include "audit_seal.h"
#include "clue_reminders.h"
#include "key_watch.h"
#include "notifier_sessions.h"
#include "notifier_store.h"
#include "task_reminders.h"
#include "xc_clock.h"
#include "xc_codec.h"
#include "xc_keys.h"
#include "xc_log.h"
#include "xc_uuid.h"
#include <inttypes.h>

#define XC_TURN_MS 100              /* the longest a turn waits for a message */
#define XC_MESSAGES_PER_TURN 1000   /* then the sessions get their turn */
#define XC_WAKEUPS_PER_TURN 256
#define XC_SEAL_MS 1000             /* the audit rows committed are sealed this often */

typedef struct {
    const xc_notifier_config_t *config;
    zsock_t *router;
    xc_key_watch_t *watch;        /* closes the connections of revoked keys */
    xc_store_t *store;
    xc_sessions_t *sessions;
    int64_t now;                  /* monotonic ms, at the start of the turn */
    int64_t next_poll_ms;
    int64_t next_reminder_ms;
    bool task_pass;               /* a pass of the 整改 reminders is under way, a chunk a turn */
    char task_today[11];          /* its day */
    int64_t task_started_ms;
    xc_task_reminder_counts_t task_counts;
    int64_t next_seal_ms;
} s_notifier_t;

/* ------------------------------------------------------------ writing to recipients */

/* One message around BODY to ROUTING_ID (a ROUTER drops rather than blocks). */
static void
s_send (s_notifier_t *self, zframe_t *routing_id, const ProtobufCMessage *body)
{
    size_t size;
    uint8_t *packed = xc_notifier_message_pack (body, &size);
    zmsg_t *msg = zmsg_new ();
    zmsg_addmem (msg, zframe_data (routing_id), zframe_size (routing_id));
    zmsg_addmem (msg, packed, size);
    zmsg_send (&msg, self->router);
    free (packed);
}

static void
s_send_to (s_notifier_t *self, xc_session_t *session, const ProtobufCMessage *body)
{
    s_send (self, session->routing_id, body);
    session->last_sent_ms = self->now;
}

/* Every error a recipient gets is built here. */
static void
s_send_error (s_notifier_t *self, zframe_t *routing_id, Xuncha__Status status, const char *why)
{
    Xuncha__NotifierError error = XUNCHA__NOTIFIER_ERROR__INIT;
    error.status = status;
    error.message = (char *) why;
    s_send (self, routing_id, &error.base);
}

/* ------------------------------------------------------------ sessions */

/* Ends a session: its claims are released so that another session may send its
 * events now rather than after the ack timeout. */
static void
s_end_session (s_notifier_t *self, xc_session_t *session, const char *reason)
{
    /* acks received before the end are written first: releasing the claims of events
     * already acknowledged would let another session send them again */
    xc_store_flush_acks (self->store);
    int64_t user_id = session->user_id;
    bool released = session->state == XC_SESSION_DELIVERING && session->in_flight_count > 0
                 && xc_store_release (self->store, session->tag, user_id) == 0;
    xc_log (XC_LOG_INFO, "session_closed", "session=%s user=%" PRId64 " reason=%s unacknowledged=%zu", session->tag,
            user_id, reason, session->in_flight_count);
    xc_sessions_close (self->sessions, &session);
    if (released)
        xc_sessions_wake (self->sessions, user_id);   /* the recipient's other sessions take over */
}

/* Learns which user holds the session's key; stays IDENTIFYING while the database
 * cannot say. */
static void
s_identify (s_notifier_t *self, xc_session_t *session)
{
    int found = xc_store_user_of_key (self->store, session->key, &session->user_id);
    if (found < 0)
        return;
    if (found == 0) {
        s_send_error (self, session->routing_id, XUNCHA__STATUS__STATUS_UNAUTHENTICATED,
                      "本人密钥未登记或已被吊销，请联系巡察办");
        s_end_session (self, session, "unknown_key");
        return;
    }
    session->state = XC_SESSION_DELIVERING;
    session->due = true;
    xc_log (XC_LOG_INFO, "session_opened", "session=%s user=%" PRId64 " follow=%d", session->tag, session->user_id,
            session->follow);
}

static void
s_hello (s_notifier_t *self, zframe_t *routing_id, const char *key, const Xuncha__NotifierHello *hello)
{
    xc_session_t *session = xc_sessions_find (self->sessions, routing_id);
    if (session)   /* a second hello on one connection starts over */
        s_end_session (self, session, "hello_again");
    session = xc_sessions_open (self->sessions, routing_id, key, hello->follow, self->now);
    s_identify (self, session);
}

static void
s_acknowledge (s_notifier_t *self, xc_session_t *session, int64_t event_id)
{
    if (session->state != XC_SESSION_DELIVERING)
        return;   /* nothing was sent to it */
    xc_session_acknowledged (session, event_id);
    xc_store_ack (self->store, session->user_id, event_id);
    xc_log (XC_LOG_DEBUG, "acknowledged", "session=%s user=%" PRId64 " event=%" PRId64, session->tag, session->user_id,
            event_id);
    if (session->more || !session->follow)
        session->due = true;   /* room for what is still pending; or, maybe, Idle */
}

/* ------------------------------------------------------------ reading from recipients */

static void
s_handle (s_notifier_t *self, zframe_t *routing_id, const char *key, const Xuncha__NotifierMessage *message)
{
    xc_session_t *session = xc_sessions_find (self->sessions, routing_id);
    if (session)
        session->last_heard_ms = self->now;
    if (message->body_case == XUNCHA__NOTIFIER_MESSAGE__BODY_HELLO)
        s_hello (self, routing_id, key, message->hello);
    else if (message->body_case != XUNCHA__NOTIFIER_MESSAGE__BODY_ACK
             && message->body_case != XUNCHA__NOTIFIER_MESSAGE__BODY_HEARTBEAT)
        s_send_error (self, routing_id, XUNCHA__STATUS__STATUS_BAD_REQUEST, "接收方只能发送 hello、ack 与心跳");
    else if (!session)   /* e.g. the notifier restarted, or the session was found dead */
        s_send_error (self, routing_id, XUNCHA__STATUS__STATUS_UNAVAILABLE, "通知会话不存在或已过期，请重新连接");
    else if (message->body_case == XUNCHA__NOTIFIER_MESSAGE__BODY_ACK)
        s_acknowledge (self, session, message->ack->event_id);
    else if (message->heartbeat->goodbye)   /* leaving: its claims go to its other sessions now */
        s_end_session (self, session, "goodbye");
}

/* One frame from a recipient, checked at the edge, then handled. */
static void
s_receive_frame (s_notifier_t *self, zframe_t *routing_id, zframe_t *frame, const char *key)
{
    if (!*key) {
        s_send_error (self, routing_id, XUNCHA__STATUS__STATUS_UNAUTHENTICATED, "连接未经 CURVE 认证");
        return;
    }
    char why[512];
    Xuncha__NotifierMessage *message = xc_notifier_message_decode (zframe_data (frame), zframe_size (frame), why,
                                                                   sizeof why);
    if (!message) {
        s_send_error (self, routing_id, XUNCHA__STATUS__STATUS_BAD_REQUEST, why);
        return;
    }
    s_handle (self, routing_id, key, message);
    xuncha__notifier_message__free_unpacked (message, NULL);
}

static void
s_receive (s_notifier_t *self)
{
    char key[41];
    zmsg_t *msg = xc_key_watch_recv (self->watch, self->router, key);   /* notes the connection under its key */
    if (!msg)
        return;
    zframe_t *routing_id = zmsg_pop (msg);
    zframe_t *frame = zmsg_pop (msg);
    if (frame && zmsg_size (msg) == 0)
        s_receive_frame (self, routing_id, frame, key);
    else if (routing_id)
        s_send_error (self, routing_id, XUNCHA__STATUS__STATUS_BAD_REQUEST, "消息格式错误：每条消息须为恰好一帧");
    zframe_destroy (&routing_id);
    zframe_destroy (&frame);
    zmsg_destroy (&msg);
}

static void
s_receive_all (s_notifier_t *self)
{
    for (int i = 0; i < XC_MESSAGES_PER_TURN && (zsock_events (self->router) & ZMQ_POLLIN); i++)
        s_receive (self);
}

/* ------------------------------------------------------------ the database's side */

static void
s_take_wakeups (s_notifier_t *self)
{
    int64_t users[XC_WAKEUPS_PER_TURN];
    int count = xc_store_take_wakeups (self->store, users, XC_WAKEUPS_PER_TURN);
    if (count == XC_WAKEUPS_PER_TURN) {   /* a flood (some were not kept): everybody */
        xc_sessions_wake (self->sessions, 0);
        return;
    }
    for (int i = 0; i < count; i++)
        xc_sessions_wake (self->sessions, users[i]);
}

/* The poll that makes NOTIFY an optimisation: which recipients have something to
 * claim; and another try for the sessions still waiting to be identified. */
static void
s_poll (s_notifier_t *self)
{
    zlist_t *all = xc_sessions_list (self->sessions);
    int64_t *users = calloc (zlist_size (all) + 1, sizeof *users);
    size_t count = 0;
    for (xc_session_t *session = zlist_first (all); session; session = zlist_next (all)) {
        if (session->state == XC_SESSION_IDENTIFYING)
            s_identify (self, session);
        else if (!session->follow)
            session->due = true;   /* its Idle may depend on other sessions' acks */
        else
            users[count++] = session->user_id;
    }
    int ready = count ? xc_store_users_ready (self->store, users, count, users) : 0;
    for (int i = 0; i < ready; i++)
        xc_sessions_wake (self->sessions, users[i]);
    free (users);
    zlist_destroy (&all);
}

/* ------------------------------------------------------------ delivering */

typedef struct {
    s_notifier_t *notifier;
    xc_session_t *session;
} s_delivery_t;

static void
s_send_event (void *arg, const Xuncha__Notification *event, int sent_count)
{
    s_delivery_t *delivery = arg;
    s_notifier_t *self = delivery->notifier;
    s_send_to (self, delivery->session, &event->base);
    xc_session_sent (delivery->session, event->event_id, self->now + self->config->ack_timeout_ms);
    xc_log (XC_LOG_DEBUG, "delivered", "session=%s user=%" PRId64 " event=%" PRId64 " attempt=%d",
            delivery->session->tag, delivery->session->user_id, event->event_id, sent_count);
}

/* A recipient that does not follow is told Idle once nothing of it is unacknowledged
 * (also not what other sessions hold), and its session ends. */
static void
s_idle_if_done (s_notifier_t *self, xc_session_t *session)
{
    if (xc_store_acks_queued (self->store, session->user_id)
        || xc_store_unacknowledged (self->store, session->user_id) != 0)
        return;
    Xuncha__NotifierIdle idle = XUNCHA__NOTIFIER_IDLE__INIT;
    s_send_to (self, session, &idle.base);
    s_end_session (self, session, "idle");
}

static void
s_deliver (s_notifier_t *self, xc_session_t *session)
{
    session->due = false;
    size_t room = xc_session_room (self->sessions, session);
    int claimed = 0;
    if (room > 0) {
        s_delivery_t delivery = { self, session };
        claimed = xc_store_claim (self->store, session->tag, session->user_id, (int) room,
                                  self->config->ack_timeout_ms, s_send_event, &delivery);
        if (claimed < 0)
            return;   /* the next poll tries again */
        session->more = (size_t) claimed == room;
    }
    if (!session->follow && claimed == 0 && session->in_flight_count == 0)
        s_idle_if_done (self, session);
}

/* ------------------------------------------------------------ the sessions' clocks */

static void
s_heartbeat (s_notifier_t *self, xc_session_t *session)
{
    Xuncha__NotifierHeartbeat heartbeat = XUNCHA__NOTIFIER_HEARTBEAT__INIT;
    s_send_to (self, session, &heartbeat.base);
}

/* Dead sessions go; lapsed claims make a session due; quiet sessions get a heartbeat;
 * due sessions are delivered to. */
static void
s_serve_sessions (s_notifier_t *self)
{
    zlist_t *all = xc_sessions_list (self->sessions);
    for (xc_session_t *session = zlist_first (all); session; session = zlist_next (all)) {
        if (self->now - session->last_heard_ms > self->config->session_timeout_ms) {
            s_end_session (self, session, "silent");
            continue;
        }
        if (xc_session_expire (session, self->now) > 0)
            session->due = true;
        if (session->due && session->state == XC_SESSION_DELIVERING)
            s_deliver (self, session);
    }
    zlist_destroy (&all);
    all = xc_sessions_list (self->sessions);   /* some ended with Idle */
    for (xc_session_t *session = zlist_first (all); session; session = zlist_next (all))
        if (self->now - session->last_sent_ms >= self->config->heartbeat_ms)
            s_heartbeat (self, session);
    zlist_destroy (&all);
}

/* One chunk of the 整改 reminders: a turn stays short however many are due. */
static void
s_remind_tasks (s_notifier_t *self, PGconn *db)
{
    int more = xc_remind_task_step (db, self->task_today, 0, &self->task_counts);
    if (more > 0)
        return;
    const xc_task_reminder_counts_t *counts = &self->task_counts;
    xc_log (more < 0 ? XC_LOG_WARN : counts->reminders > 0 ? XC_LOG_INFO : XC_LOG_DEBUG, "task_reminders",
            "today=%s tasks=%ld reminders=%ld deliveries=%ld ms=%" PRId64 " ok=%d", self->task_today, counts->tasks,
            counts->reminders, counts->deliveries, xc_clock_mono_ms () - self->task_started_ms, more == 0);
    self->task_pass = false;
    /* a failure (the database just went away) is tried again soon */
    self->next_reminder_ms = self->now + (more < 0 ? 5000 : self->config->reminder_ms);
}

/* The clue reminders, then the 整改 reminders a chunk a turn. */
static void
s_remind (s_notifier_t *self)
{
    PGconn *db = xc_store_connection (self->store);
    if (!db)
        return;
    if (self->task_pass) {
        s_remind_tasks (self, db);
        return;
    }
    if (self->now < self->next_reminder_ms)
        return;
    char today[11];
    xc_clock_today (today);
    int published = xc_remind_clue_feedback (db, today);
    xc_log (published > 0 ? XC_LOG_INFO : published < 0 ? XC_LOG_WARN : XC_LOG_DEBUG, "clue_reminders",
            "today=%s published=%d", today, published);
    if (published < 0) {   /* tried again soon */
        self->next_reminder_ms = self->now + 5000;
        return;
    }
    self->task_pass = true;
    memcpy (self->task_today, today, sizeof today);
    self->task_started_ms = xc_clock_mono_ms ();
    self->task_counts = (xc_task_reminder_counts_t) { 0 };
    s_remind_tasks (self, db);
}

/* ------------------------------------------------------------ sealing the audit log */

/* Every second the audit rows committed since are sealed into the hash chain, a chunk a
 * turn while more are waiting. When another sealer holds the lock (a verify, `xunchad
 * audit-seal`) this turn leaves the rows to it rather than wait. */
static void
s_seal (s_notifier_t *self)
{
    PGconn *db = xc_store_connection (self->store);
    if (!db || self->now < self->next_seal_ms)
        return;
    int sealed = xc_audit_seal_step (db, false);
    if (sealed > 0)
        xc_log (XC_LOG_DEBUG, "audit_sealed", "rows=%d", sealed);
    self->next_seal_ms = sealed == XC_AUDIT_SEAL_CHUNK ? self->now : self->now + XC_SEAL_MS;
}

/* ------------------------------------------------------------ revoked keys */

/* The sessions of each key revoked since the last turn end (their claims released for
 * the recipient's other keys); the key watch has closed their connections already. */
static void
s_end_revoked (s_notifier_t *self)
{
    char key[41];
    while (xc_key_watch_revoked (self->watch, key)) {
        zlist_t *all = xc_sessions_list (self->sessions);
        for (xc_session_t *session = zlist_first (all); session; session = zlist_next (all))
            if (strcmp (session->key, key) == 0)
                s_end_session (self, session, "key_revoked");
        zlist_destroy (&all);
    }
}

/* ------------------------------------------------------------ the loop */

static void
s_turn (s_notifier_t *self)
{
    bool was_connected = xc_store_connection (self->store) != NULL;
    int fd = xc_store_socket (self->store);
    zmq_pollitem_t items[] = { { zsock_resolve (self->router), 0, ZMQ_POLLIN, 0 }, { NULL, fd, ZMQ_POLLIN, 0 } };
    zmq_poll (items, fd >= 0 ? 2 : 1, XC_TURN_MS);   /* EINTR: a signal; the caller looks */
    self->now = xc_clock_mono_ms ();
    s_receive_all (self);
    s_end_revoked (self);
    if (xc_store_ensure (self->store) && !was_connected)
        self->next_poll_ms = self->now;   /* (re)connected: what did we miss? */
    s_take_wakeups (self);
    xc_store_flush_acks (self->store);
    if (self->now >= self->next_poll_ms) {
        s_poll (self);
        self->next_poll_ms = self->now + self->config->poll_ms;
    }
    s_serve_sessions (self);
    s_remind (self);
    s_seal (self);
}

/* Stopping: the acknowledgements held are recorded, every claim released, and the
 * recipients told to reconnect (to another notifier, or to this one restarted). */
static void
s_stop (s_notifier_t *self)
{
    xc_store_flush_acks (self->store);
    zlist_t *all = xc_sessions_list (self->sessions);
    for (xc_session_t *session = zlist_first (all); session; session = zlist_next (all)) {
        s_send_error (self, session->routing_id, XUNCHA__STATUS__STATUS_UNAVAILABLE, "通知服务正在停止，请稍后重新连接");
        s_end_session (self, session, "stopping");
    }
    zlist_destroy (&all);
}

static zsock_t *
s_bind (const xc_notifier_config_t *config)
{
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    xc_keys_curve_server (router, config->certificate);
    zsock_set_maxmsgsize (router, 65536);   /* far over any notifier message: dropped unread */
    zsock_set_linger (router, 500);         /* for the stopping notices */
    if (zsock_bind (router, "%s", config->endpoint) < 0) {
        xc_log (XC_LOG_ERROR, "bind_failed", "endpoint=%s reason=\"%s\"", config->endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&router);
    }
    return router;
}

int
xc_notifier_run (const xc_notifier_config_t *config, volatile sig_atomic_t *stop)
{
    zsock_t *router = s_bind (config);
    if (!router)
        return -1;
    char uuid[37], instance[9];
    xc_uuid_new (uuid);
    snprintf (instance, sizeof instance, "%.8s", uuid);
    s_notifier_t self = { .config = config, .router = router,
                          .watch = xc_key_watch_new (config->conninfo, "xuncha-notifier-key-watch"),
                          .store = xc_store_new (config->conninfo, config->statement_timeout_ms),
                          .sessions = xc_sessions_new ((size_t) config->window, instance),
                          .now = xc_clock_mono_ms () };
    xc_store_ensure (self.store);
    xc_log (XC_LOG_INFO, "listening", "endpoint=%s pid=%d instance=%s", config->endpoint, (int) getpid (), instance);
    while (!*stop)
        s_turn (&self);
    self.now = xc_clock_mono_ms ();
    s_stop (&self);
    xc_sessions_destroy (&self.sessions);
    xc_store_destroy (&self.store);
    xc_key_watch_destroy (&self.watch);
    zsock_destroy (&router);
    return 0;
}
