/* xc_codec — see xc_codec.h. */
#include "xc_codec.h"
#include "xc_uuid.h"
#include "xc_validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Xuncha__Request *
xc_request_decode (const uint8_t *data, size_t size, size_t max_frame, Xuncha__Status *status,
                   char request_id[37], char *why, size_t why_size)
{
    request_id[0] = 0;
    if (size > max_frame) {
        snprintf (why, why_size, "消息过大：%zu 字节，上限 %zu 字节", size, max_frame);
        *status = XUNCHA__STATUS__STATUS_BAD_REQUEST;
        return NULL;
    }
    Xuncha__Request *request = xuncha__request__unpack (NULL, size, data);
    if (!request) {
        snprintf (why, why_size, "消息无法解析：不是合法的 xuncha 请求（protobuf 格式错误）");
        *status = XUNCHA__STATUS__STATUS_BAD_REQUEST;
        return NULL;
    }
    if (request->request_id && xc_uuid_valid (request->request_id))
        memcpy (request_id, request->request_id, 37);
    *status = xc_validate_request (request, why, why_size);
    if (*status != XUNCHA__STATUS__STATUS_OK) {
        xuncha__request__free_unpacked (request, NULL);
        return NULL;
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
