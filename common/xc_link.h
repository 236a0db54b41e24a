/* xc_link — one CURVE DEALER connection to a xuncha service (xunchad or
 * xuncha-notifier), with a socket monitor that tells what ZeroMQ alone hides: the
 * service refused our key at the handshake (its ZAP handler said 400), or the
 * connection went down (the service died or closed it). A service that cannot check
 * the key because its database is down answers 300: the connection just drops, and
 * the link reports a disconnection, not a refused key.
 *
 * Used by the client's request/reply (rpc.c), its inbox (inbox.c) and the notifier
 * benchmark: one way to open, wait on and close a connection. */
#ifndef XC_LINK_H
#define XC_LINK_H
#include <czmq.h>
#include <protobuf-c/protobuf-c.h>

typedef struct _xc_link_t xc_link_t;

typedef enum {
    XC_LINK_FRAME = 0,       /* *frame holds one received frame (the caller destroys it) */
    XC_LINK_TIMEOUT,         /* nothing within the time given */
    XC_LINK_KEY_REFUSED,     /* the service refused our key */
    XC_LINK_DISCONNECTED,    /* an established connection went down */
    XC_LINK_INTERRUPTED      /* a signal interrupted the wait */
} xc_link_event_t;

/* Connects a new DEALER to ENDPOINT as MINE, expecting the service key SERVER_KEY
 * (Z85). Connecting is asynchronous: messages sent before the handshake wait in the
 * socket. NULL when the socket cannot be made. */
xc_link_t *xc_link_new (const char *endpoint, zcert_t *mine, const char *server_key);
void xc_link_destroy (xc_link_t **self_p);

/* Sends one frame (BYTES, SIZE); 0 or -1. */
int xc_link_send (xc_link_t *self, const void *bytes, size_t size);
/* Sends one notifier-channel message around BODY (xc_notifier_message_pack); 0 or -1. */
int xc_link_send_notifier (xc_link_t *self, const ProtobufCMessage *body);
/* Waits up to TIMEOUT_MS (0: just look) for a frame or a connection event. */
xc_link_event_t xc_link_wait (xc_link_t *self, int timeout_ms, zframe_t **frame);
/* For how many milliseconds every attempt to connect has failed at once (nothing
 * listens at the endpoint: the server is down or the line is cut), no connection having
 * been made yet; 0 when connected once or no attempt has failed. Lets a client tell
 * "offline" in a second instead of waiting out every retry. */
int64_t xc_link_refused_for (xc_link_t *self);
/* The DEALER, to poll many links at once (then xc_link_wait (link, 0, …) on the ready one). */
zsock_t *xc_link_socket (xc_link_t *self);

#endif
