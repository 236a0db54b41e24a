/* notifier_sessions — see notifier_sessions.h. */
#include "notifier_sessions.h"
#include <assert.h>
#include <inttypes.h>

struct _xc_sessions_t {
    zhashx_t *by_peer;      /* peer (hex routing id) → xc_session_t, owned */
    size_t window;
    char instance[24];
    uint64_t opened;        /* sessions opened so far: the tags' sequence */
};

static void
s_session_destroy (void **item)
{
    xc_session_t *session = *item;
    if (!session)
        return;
    zframe_destroy (&session->routing_id);
    free (session->in_flight);
    free (session);
    *item = NULL;
}

xc_sessions_t *
xc_sessions_new (size_t window, const char *instance)
{
    assert (window > 0);
    xc_sessions_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->by_peer = zhashx_new ();
    zhashx_set_destructor (self->by_peer, s_session_destroy);
    self->window = window;
    snprintf (self->instance, sizeof self->instance, "%s", instance);
    return self;
}

void
xc_sessions_destroy (xc_sessions_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    zhashx_destroy (&(*self_p)->by_peer);
    free (*self_p);
    *self_p = NULL;
}

static void
s_peer_of (zframe_t *routing_id, char peer[512])
{
    size_t size = zframe_size (routing_id);
    const byte *data = zframe_data (routing_id);
    if (size > 255)
        size = 255;
    for (size_t i = 0; i < size; i++)
        snprintf (peer + 2 * i, 3, "%02x", data[i]);
    peer[2 * size] = 0;
}

xc_session_t *
xc_sessions_find (xc_sessions_t *self, zframe_t *routing_id)
{
    char peer[512];
    s_peer_of (routing_id, peer);
    return zhashx_lookup (self->by_peer, peer);
}

xc_session_t *
xc_sessions_open (xc_sessions_t *self, zframe_t *routing_id, const char *key, bool follow, int64_t now_ms)
{
    xc_session_t *session = calloc (1, sizeof *session);
    if (!session)
        return NULL;
    session->in_flight = calloc (self->window, sizeof *session->in_flight);
    s_peer_of (routing_id, session->peer);
    assert (!zhashx_lookup (self->by_peer, session->peer));
    session->routing_id = zframe_dup (routing_id);
    snprintf (session->key, sizeof session->key, "%s", key);
    snprintf (session->tag, sizeof session->tag, "%s-%" PRIu64, self->instance, ++self->opened);
    session->state = XC_SESSION_IDENTIFYING;
    session->follow = follow;
    session->due = true;
    session->last_heard_ms = now_ms;
    session->last_sent_ms = now_ms;
    zhashx_insert (self->by_peer, session->peer, session);
    return session;
}

void
xc_sessions_close (xc_sessions_t *self, xc_session_t **session_p)
{
    if (session_p && *session_p) {
        zhashx_delete (self->by_peer, (*session_p)->peer);   /* frees it */
        *session_p = NULL;
    }
}

size_t
xc_sessions_size (xc_sessions_t *self)
{
    return zhashx_size (self->by_peer);
}

zlist_t *
xc_sessions_list (xc_sessions_t *self)
{
    zlist_t *list = zlist_new ();
    for (xc_session_t *session = zhashx_first (self->by_peer); session; session = zhashx_next (self->by_peer))
        zlist_append (list, session);
    return list;
}

void
xc_sessions_wake (xc_sessions_t *self, int64_t user_id)
{
    for (xc_session_t *session = zhashx_first (self->by_peer); session; session = zhashx_next (self->by_peer))
        if (session->state == XC_SESSION_DELIVERING && (user_id == 0 || session->user_id == user_id))
            session->due = true;
}

size_t
xc_session_room (xc_sessions_t *self, const xc_session_t *session)
{
    return self->window - session->in_flight_count;
}

void
xc_session_sent (xc_session_t *session, int64_t event_id, int64_t deadline_ms)
{
    for (size_t i = 0; i < session->in_flight_count; i++)
        if (session->in_flight[i].event_id == event_id) {
            session->in_flight[i].deadline_ms = deadline_ms;
            return;
        }
    /* the claim's LIMIT is the room left, so there is a slot */
    session->in_flight[session->in_flight_count++] = (xc_in_flight_t) { event_id, deadline_ms };
}

bool
xc_session_acknowledged (xc_session_t *session, int64_t event_id)
{
    for (size_t i = 0; i < session->in_flight_count; i++)
        if (session->in_flight[i].event_id == event_id) {
            session->in_flight[i] = session->in_flight[--session->in_flight_count];
            return true;
        }
    return false;
}

size_t
xc_session_expire (xc_session_t *session, int64_t now_ms)
{
    size_t kept = 0, expired = 0;
    for (size_t i = 0; i < session->in_flight_count; i++) {
        if (session->in_flight[i].deadline_ms <= now_ms)
            expired++;
        else
            session->in_flight[kept++] = session->in_flight[i];
    }
    session->in_flight_count = kept;
    return expired;
}
