/* worker — see worker.h. */
#include "worker.h"
#include "fiber.h"
#include "xc_clock.h"
#include <poll.h>

struct _xc_worker_t {
    xc_dispatcher_t *dispatcher;
    xc_fiber_t *fiber;
    zframe_t *client;
    char principal[41];
    zframe_t *request;
    uint8_t *reply;
    size_t reply_size;
    bool busy;
    bool done;
};

/* The fiber: each time it is started, one request; then back to the broker. */
static void
s_serve_forever (void *arg)
{
    xc_worker_t *self = arg;
    for (;;) {
        self->reply = xc_dispatcher_serve (self->dispatcher, self->principal, zframe_data (self->request),
                                           zframe_size (self->request), &self->reply_size);
        zframe_destroy (&self->request);
        self->done = true;
        xc_fiber_yield ();
    }
}

xc_worker_t *
xc_worker_new (xc_dispatcher_t *dispatcher)
{
    xc_worker_t *self = dispatcher ? calloc (1, sizeof *self) : NULL;
    if (self && !(self->fiber = xc_fiber_new (s_serve_forever, self))) {
        free (self);
        self = NULL;
    }
    if (self)
        self->dispatcher = dispatcher;
    return self;
}

void
xc_worker_destroy (xc_worker_t **self_p)
{
    if (self_p && *self_p) {
        xc_worker_t *self = *self_p;
        xc_fiber_destroy (&self->fiber);
        zframe_destroy (&self->client);
        zframe_destroy (&self->request);
        free (self->reply);
        free (self);
        *self_p = NULL;
    }
}

void
xc_worker_start (xc_worker_t *self, zframe_t **client, const char *principal, zframe_t **request)
{
    self->client = *client;
    self->request = *request;
    *client = *request = NULL;
    snprintf (self->principal, sizeof self->principal, "%s", principal);
    self->busy = true;
    self->done = false;
    xc_fiber_resume (self->fiber);
}

void
xc_worker_resume (xc_worker_t *self)
{
    if (self->busy && !self->done)
        xc_fiber_resume (self->fiber);
}

bool
xc_worker_busy (const xc_worker_t *self)
{
    return self->busy;
}

xc_fiber_wait_t
xc_worker_waiting (const xc_worker_t *self)
{
    return self->busy && !self->done ? xc_fiber_waiting (self->fiber) : (xc_fiber_wait_t) { .fd = -1 };
}

zmsg_t *
xc_worker_take_reply (xc_worker_t *self)
{
    if (!self->busy || !self->done)
        return NULL;
    zmsg_t *answer = zmsg_new ();
    zmsg_append (answer, &self->client);
    zmsg_addmem (answer, self->reply, self->reply_size);
    free (self->reply);
    self->reply = NULL;
    self->busy = false;
    return answer;
}

void
xc_worker_finish (xc_worker_t *self, int timeout_ms)
{
    int64_t deadline = xc_clock_mono_ms () + timeout_ms;
    while (self->busy && !self->done && xc_clock_mono_ms () < deadline) {
        xc_fiber_wait_t wait = xc_worker_waiting (self);
        struct pollfd item = { .fd = wait.fd, .events = wait.events };
        if (item.fd < 0 || poll (&item, 1, 100) != 0 || (wait.deadline && xc_clock_mono_ms () >= wait.deadline))
            xc_fiber_resume (self->fiber);
    }
    zmsg_t *dropped = xc_worker_take_reply (self);
    zmsg_destroy (&dropped);
}
