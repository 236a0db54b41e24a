/* xc_codec — frames to envelopes and back. Frames carry bytes and a length; packed
 * protobuf never goes through string helpers (a zero byte would cut it). */
#ifndef XC_CODEC_H
#define XC_CODEC_H
#include "xuncha.pb-c.h"
#include <stddef.h>
#include <stdint.h>

#define XC_MAX_FRAME_DEFAULT (4u * 1024u * 1024u)

/* Unpacks and validates a request frame. On success returns the request (free with
 * xuncha__request__free_unpacked) and *status is OK. On failure returns NULL, *status
 * and `why` say what is wrong, and request_id (37 bytes) holds the request's id if it
 * could be read, so the error reply can carry it. */
Xuncha__Request *xc_request_decode (const uint8_t *data, size_t size, size_t max_frame,
                                    Xuncha__Status *status, char request_id[37],
                                    char *why, size_t why_size);

/* Unpacks a reply frame; NULL when it is too large or not a Reply. */
Xuncha__Reply *xc_reply_decode (const uint8_t *data, size_t size, size_t max_frame);

/* The largest message of the notifier channel either side accepts (one event at most). */
#define XC_NOTIFIER_MAX_FRAME 16384u

/* Unpacks and validates a notifier-channel frame (proto: NotifierMessage). NULL, with
 * `why` filled, when it is too large, not a NotifierMessage, of another protocol
 * version, without a body, or fails edge validation. */
Xuncha__NotifierMessage *xc_notifier_message_decode (const uint8_t *data, size_t size, char *why, size_t why_size);

/* Packs a notifier-channel message around BODY — a NotifierHello, Notification,
 * NotifierAck, NotifierHeartbeat, NotifierIdle or NotifierError, known by its
 * descriptor — with the protocol version set. A fresh malloc'd buffer. */
uint8_t *xc_notifier_message_pack (const ProtobufCMessage *body, size_t *size);

/* Packs any message into a fresh malloc'd buffer. */
uint8_t *xc_pack (const ProtobufCMessage *message, size_t *size);
/* Gives REQUEST a fresh request id (written into ID, which must outlive it) and this
 * protocol's version: a new request, not the retry of one. */
void xc_request_stamp (Xuncha__Request *request, char id[37]);

/* Packs an error reply: every error the server sends is built here, so all look alike. */
uint8_t *xc_error_reply_pack (const char *request_id, Xuncha__Status status, const char *why,
                              size_t *size);

#endif
