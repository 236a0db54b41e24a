/* xc_codec — see xc_codec.h. */
#include "xc_codec.h"
#include "xc_uuid.h"
#include "xc_validate.h"
#include "xc_wire.h"
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads DATA's wire format (xc_wire.h) after protobuf-c unpacked it as TYPE or failed
 * to (UNPACKED false). True, with `why` naming the problem, when the frame is refused:
 * it did not unpack (WHAT names what it should have been), or it did with a problem
 * unpack lets through (a zero byte in a string, a field twice, two oneof members). */
static bool
s_wire_refused (const ProtobufCMessageDescriptor *type, const char *what, const uint8_t *data, size_t size,
                bool unpacked, char *why, size_t why_size)
{
    char detail[512];
    bool wrong = xc_wire_check (type, data, size, detail, sizeof detail) != 0;
    if (!unpacked && wrong)
        snprintf (why, why_size, "消息无法解析：%s", detail);
    else if (!unpacked)
        snprintf (why, why_size, "消息无法解析：不是合法的%s（protobuf 格式错误）", what);
    else if (wrong)
        snprintf (why, why_size, "%s", detail);
    return !unpacked || wrong;
}

Xuncha__Request *
xc_request_decode (const uint8_t *data, size_t size, size_t max_frame, Xuncha__Status *status,
                   char request_id[37], char *why, size_t why_size)
{
    request_id[0] = 0;
    *status = XUNCHA__STATUS__STATUS_BAD_REQUEST;
    if (size > max_frame) {
        snprintf (why, why_size, "消息过大：%zu 字节，上限 %zu 字节", size, max_frame);
        return NULL;
    }
    Xuncha__Request *request = xuncha__request__unpack (NULL, size, data);
    if (request && request->request_id && xc_uuid_valid (request->request_id))
        memcpy (request_id, request->request_id, 37);
    if (!s_wire_refused (&xuncha__request__descriptor, " xuncha 请求", data, size, request != NULL, why, why_size))
        *status = xc_validate_request (request, why, why_size);
    if (*status != XUNCHA__STATUS__STATUS_OK && request) {
        xuncha__request__free_unpacked (request, NULL);
        request = NULL;
    }
    return request;
}

Xuncha__Reply *
xc_reply_decode (const uint8_t *data, size_t size, size_t max_frame)
{
    if (size > max_frame)
        return NULL;
    return xuncha__reply__unpack (NULL, size, data);
}

Xuncha__NotifierMessage *
xc_notifier_message_decode (const uint8_t *data, size_t size, char *why, size_t why_size)
{
    Xuncha__NotifierMessage *message
        = size <= XC_NOTIFIER_MAX_FRAME ? xuncha__notifier_message__unpack (NULL, size, data) : NULL;
    bool valid = false;
    if (size > XC_NOTIFIER_MAX_FRAME)
        snprintf (why, why_size, "消息过大：%zu 字节，上限 %u 字节", size, XC_NOTIFIER_MAX_FRAME);
    else if (s_wire_refused (&xuncha__notifier_message__descriptor, "通知通道消息", data, size, message != NULL, why,
                             why_size))
        ;   /* `why` says it */
    else if (message->protocol_version != 0 && message->protocol_version != XC_PROTOCOL_VERSION)
        snprintf (why, why_size, "协议版本 %u 不受支持，应为版本 %d", message->protocol_version, XC_PROTOCOL_VERSION);
    else if (message->body_case == XUNCHA__NOTIFIER_MESSAGE__BODY__NOT_SET)
        snprintf (why, why_size, "消息没有正文，或消息类型不受支持");
    else
        valid = xc_validate_message (&message->base, "", why, why_size) == XUNCHA__STATUS__STATUS_OK;
    if (!valid && message) {
        xuncha__notifier_message__free_unpacked (message, NULL);
        message = NULL;
    }
    return message;
}

/* The bodies of the notifier channel, by type. */
static const struct {
    const ProtobufCMessageDescriptor *type;
    Xuncha__NotifierMessage__BodyCase body_case;
} s_notifier_bodies[] = {
    { &xuncha__notifier_hello__descriptor, XUNCHA__NOTIFIER_MESSAGE__BODY_HELLO },
    { &xuncha__notification__descriptor, XUNCHA__NOTIFIER_MESSAGE__BODY_EVENT },
    { &xuncha__notifier_ack__descriptor, XUNCHA__NOTIFIER_MESSAGE__BODY_ACK },
    { &xuncha__notifier_heartbeat__descriptor, XUNCHA__NOTIFIER_MESSAGE__BODY_HEARTBEAT },
    { &xuncha__notifier_idle__descriptor, XUNCHA__NOTIFIER_MESSAGE__BODY_IDLE },
    { &xuncha__notifier_error__descriptor, XUNCHA__NOTIFIER_MESSAGE__BODY_ERROR },
};

uint8_t *
xc_notifier_message_pack (const ProtobufCMessage *body, size_t *size)
{
    Xuncha__NotifierMessage message = XUNCHA__NOTIFIER_MESSAGE__INIT;
    message.protocol_version = XC_PROTOCOL_VERSION;
    for (size_t i = 0; i < sizeof s_notifier_bodies / sizeof s_notifier_bodies[0]; i++)
        if (s_notifier_bodies[i].type == body->descriptor)
            message.body_case = s_notifier_bodies[i].body_case;
    assert (message.body_case != XUNCHA__NOTIFIER_MESSAGE__BODY__NOT_SET);
    /* the bodies share the oneof's storage, and pointers to structures are all alike */
    message.hello = (Xuncha__NotifierHello *) body;
    return xc_pack (&message.base, size);
}

uint8_t *
xc_pack (const ProtobufCMessage *message, size_t *size)
{
    *size = protobuf_c_message_get_packed_size (message);
    uint8_t *buffer = malloc (*size ? *size : 1);
    if (buffer)
        protobuf_c_message_pack (message, buffer);
    return buffer;
}

uint8_t *
xc_error_reply_pack (const char *request_id, Xuncha__Status status, const char *why, size_t *size)
{
    Xuncha__Reply reply = XUNCHA__REPLY__INIT;
    reply.request_id = (char *) (request_id ? request_id : "");
    reply.status = status;
    reply.message = (char *) (why ? why : "");
    return xc_pack (&reply.base, size);
}

void
xc_request_stamp (Xuncha__Request *request, char id[37])
{
    xc_uuid_new (id);
    request->request_id = id;
    request->protocol_version = XC_PROTOCOL_VERSION;
}
