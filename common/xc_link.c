/* xc_link — see xc_link.h. */
#include "xc_link.h"
#include "xc_codec.h"
#include "xc_keys.h"

struct _xc_link_t {
    zsock_t *socket;    /* the DEALER */
    zsock_t *monitor;   /* PAIR receiving the DEALER's handshake and disconnection events */
    int64_t refused_since;   /* when a connection attempt first failed, none having succeeded; 0 */
    bool connected;
};

static int s_monitors = 0;   /* each monitor needs its own inproc endpoint */

xc_link_t *
xc_link_new (const char *endpoint, zcert_t *mine, const char *server_key)
{
    xc_link_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->socket = zsock_new (ZMQ_DEALER);
    if (!self->socket) {
        free (self);
        return NULL;
    }
    zsock_set_linger (self->socket, 0);
    xc_keys_curve_client (self->socket, mine, server_key);
    char monitor[64];
    snprintf (monitor, sizeof monitor, "inproc://xuncha-link-monitor-%d", __atomic_fetch_add (&s_monitors, 1, __ATOMIC_RELAXED));
    zmq_socket_monitor (zsock_resolve (self->socket), monitor,
                        ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CONNECTED
                            | ZMQ_EVENT_CONNECT_RETRIED);
    self->monitor = zsock_new_pair (monitor);
    zsock_connect (self->socket, "%s", endpoint);
    return self;
}

void
xc_link_destroy (xc_link_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    xc_link_t *self = *self_p;
    zmq_socket_monitor (zsock_resolve (self->socket), NULL, 0);
    zsock_destroy (&self->monitor);
    zsock_destroy (&self->socket);
    free (self);
    *self_p = NULL;
}

int
xc_link_send (xc_link_t *self, const void *bytes, size_t size)
{
    zframe_t *frame = zframe_new (bytes, size);
    int rc = zframe_send (&frame, self->socket, ZFRAME_DONTWAIT);
    if (rc != 0)
        zframe_destroy (&frame);   /* czmq keeps a frame it could not send */
    return rc;
}

int
xc_link_send_notifier (xc_link_t *self, const ProtobufCMessage *body)
{
    size_t size;
    uint8_t *packed = xc_notifier_message_pack (body, &size);
    int rc = packed ? xc_link_send (self, packed, size) : -1;
    free (packed);
    return rc;
}

int64_t
xc_link_refused_for (xc_link_t *self)
{
    return self->connected || !self->refused_since ? 0 : zclock_mono () - self->refused_since;
}

zsock_t *
xc_link_socket (xc_link_t *self)
{
    return self->socket;
}

/* The kind of the monitor's next event (0 when it cannot be read). */
static uint16_t
s_monitor_event (xc_link_t *self)
{
    zmsg_t *event = zmsg_recv (self->monitor);
    zframe_t *head = event ? zmsg_first (event) : NULL;
    uint16_t kind = 0;
    if (head && zframe_size (head) >= 2)
        memcpy (&kind, zframe_data (head), 2);
    zmsg_destroy (&event);
    return kind;
}

xc_link_event_t
xc_link_wait (xc_link_t *self, int timeout_ms, zframe_t **frame)
{
    int64_t deadline = zclock_mono () + timeout_ms;
    *frame = NULL;
    while (true) {
        zmq_pollitem_t items[] = { { zsock_resolve (self->socket), 0, ZMQ_POLLIN, 0 },
                                   { zsock_resolve (self->monitor), 0, ZMQ_POLLIN, 0 } };
        int64_t left = deadline - zclock_mono ();
        int ready = zmq_poll (items, 2, left > 0 ? left : 0);
        if (ready < 0)
            return XC_LINK_INTERRUPTED;
        if (items[0].revents & ZMQ_POLLIN) {   /* what came before a disconnection first */
            *frame = zframe_recv (self->socket);
            if (*frame)
                return XC_LINK_FRAME;
        }
        if (items[1].revents & ZMQ_POLLIN) {
            uint16_t kind = s_monitor_event (self);
            if (kind == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
                return XC_LINK_KEY_REFUSED;
            if (kind == ZMQ_EVENT_DISCONNECTED)
                return XC_LINK_DISCONNECTED;
            if (kind == ZMQ_EVENT_CONNECTED)
                self->connected = true;
            if (kind == ZMQ_EVENT_CONNECT_RETRIED && !self->connected && !self->refused_since)
                self->refused_since = zclock_mono ();
        }
        if (zclock_mono () >= deadline)
            return XC_LINK_TIMEOUT;
    }
}
