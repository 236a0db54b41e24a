/* xc_rawsend — sends hand-made, mostly broken, frames to xunchad over one CURVE
 * connection, and prints for each "CASE STATUS message". The end-to-end tests use it
 * to show that every bad message gets a clear error and the connection stays usable.
 *
 *   xc_rawsend ENDPOINT SERVER_KEY_FILE KEY_FILE CASE...
 *   cases: garbage empty oversize:N multipart bad-utf8 bad-enum no-body bad-version ping */
#include "xc_codec.h"
#include "xc_keys.h"
#include "xc_uuid.h"
#include "xc_validate.h"
#include <czmq.h>

static uint8_t *
s_request (const char *which, size_t *size)
{
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    char id[37];
    xc_uuid_new (id);
    request.request_id = id;
    request.protocol_version = XC_PROTOCOL_VERSION;
    Xuncha__Ping ping = XUNCHA__PING__INIT;
    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = "坏\xed\xa0\x80名";   /* an encoded surrogate: not UTF-8 */
    unit.kind = XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY;
    if (strcmp (which, "bad-utf8") == 0 || strcmp (which, "bad-enum") == 0) {
        if (strcmp (which, "bad-enum") == 0) {
            unit.name = "某区";
            unit.kind = (Xuncha__UnitKind) 42;
        }
        request.body_case = XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE;
        request.org_unit_create = &unit;
    }
    else if (strcmp (which, "no-body") != 0) {
        request.body_case = XUNCHA__REQUEST__BODY_PING;
        request.ping = &ping;
    }
    if (strcmp (which, "bad-version") == 0)
        request.protocol_version = 7;
    return xc_pack (&request.base, size);
}

int
main (int argc, char **argv)
{
    if (argc < 5) {
        fprintf (stderr, "usage: xc_rawsend ENDPOINT SERVER_KEY_FILE KEY_FILE CASE...\n");
        return 2;
    }
    zsys_handler_set (NULL);
    char server_key[41], error[256];
    zcert_t *mine = xc_keys_load (argv[3], error, sizeof error);
    if (xc_keys_public (argv[2], server_key) != 0 || !mine) {
        fprintf (stderr, "xc_rawsend: keys unusable\n");
        return 2;
    }
    zsock_t *socket = zsock_new (ZMQ_DEALER);
    xc_keys_curve_client (socket, mine, server_key);
    zsock_connect (socket, "%s", argv[1]);
    zsock_set_rcvtimeo (socket, 5000);
    int rc = 0;
    for (int i = 4; i < argc; i++) {
        const char *which = argv[i];
        zmsg_t *msg = zmsg_new ();
        if (strcmp (which, "garbage") == 0)
            zmsg_addmem (msg, "\xff\xff\xff\xff\x0f\x01\x02", 7);
        else if (strcmp (which, "empty") == 0)
            zmsg_addmem (msg, NULL, 0);
        else if (strncmp (which, "oversize:", 9) == 0) {
            size_t n = (size_t) atol (which + 9);
            uint8_t *big = calloc (1, n);
            zmsg_addmem (msg, big, n);
            free (big);
        }
        else {
            size_t size;
            uint8_t *packed = s_request (which, &size);
            zmsg_addmem (msg, packed, size);
            if (strcmp (which, "multipart") == 0)
                zmsg_addmem (msg, packed, size);
            free (packed);
        }
        zmsg_send (&msg, socket);
        zframe_t *frame = zframe_recv (socket);
        Xuncha__Reply *reply = frame ? xc_reply_decode (zframe_data (frame), zframe_size (frame), 1 << 24) : NULL;
        if (reply) {
            const ProtobufCEnumValue *status = protobuf_c_enum_descriptor_get_value (&xuncha__status__descriptor, reply->status);
            printf ("%s %s %s\n", which, status ? status->name : "?", reply->message);
            xuncha__reply__free_unpacked (reply, NULL);
        }
        else {
            printf ("%s NO_REPLY\n", which);
            rc = 1;
        }
        zframe_destroy (&frame);
    }
    zsock_destroy (&socket);
    zcert_destroy (&mine);
    return rc;
}
