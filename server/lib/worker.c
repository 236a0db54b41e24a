/* worker — see worker.h. */
#include "worker.h"

static void
s_serve (xc_dispatcher_t *dispatcher, zsock_t *broker)
{
    zmsg_t *msg = zmsg_recv (broker);
    if (!msg)
        return;
    zframe_t *client = zmsg_pop (msg);
    char *principal = zmsg_popstr (msg);
    zframe_t *request = zmsg_pop (msg);
    if (client && principal && request) {
        size_t size = 0;
        uint8_t *reply = xc_dispatcher_serve (dispatcher, principal, zframe_data (request),
                                              zframe_size (request), &size);
        zmsg_t *answer = zmsg_new ();
        zmsg_append (answer, &client);
        zmsg_addmem (answer, reply, size);
        zmsg_send (&answer, broker);
        free (reply);
    }
    zframe_destroy (&client);
    zstr_free (&principal);
    zframe_destroy (&request);
    zmsg_destroy (&msg);
}

static void
s_worker_actor (zsock_t *pipe, void *args)
{
    xc_dispatcher_t *dispatcher = args;
    zsock_t *broker = zsock_new_dealer (">" XC_WORKERS_ENDPOINT);
    zsock_signal (pipe, broker && dispatcher ? 0 : -1);
    zstr_send (broker, XC_WORKER_READY);
    zpoller_t *poller = zpoller_new (pipe, broker, NULL);
    while (broker) {
        void *which = zpoller_wait (poller, 1000);
        if (which == pipe)
            break;   /* $TERM */
        if (which == broker)
            s_serve (dispatcher, broker);
    }
    zpoller_destroy (&poller);
    zsock_destroy (&broker);
}

zactor_t *
xc_worker_new (xc_dispatcher_t *dispatcher)
{
    return zactor_new (s_worker_actor, dispatcher);
}
