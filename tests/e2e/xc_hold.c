/* xc_hold — keeps one CURVE connection to xunchad open, as a client between two
 * requests would, and says when the server closes it. The end-to-end tests use it to
 * see a revoked key's open connection dropped, and how soon.
 *
 *   xc_hold ENDPOINT SERVER_KEY_FILE KEY_FILE [SECONDS]
 *
 * Sends who_am_i on one connection and prints "connected user=N"; then waits, at most
 * SECONDS (default 30), printing "disconnected at=MS" when the connection is dropped
 * and "refused at=MS" when the reconnection ZeroMQ then tries is refused at the
 * handshake (MS: wall-clock milliseconds since the epoch, as `date +%s%3N`). Exit 0
 * once refused; 1 when still connected at the end, or on any other failure. */
#include "xc_codec.h"
#include "xc_keys.h"
#include "xc_link.h"
#include "xc_uuid.h"
#include "xc_validate.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long
s_now_ms (void)
{
    struct timespec now;
    clock_gettime (CLOCK_REALTIME, &now);
    return (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Sends who_am_i on LINK and waits for the reply: the user id, or 0. */
static int64_t
s_who_am_i (xc_link_t *link)
{
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__WhoAmI body = XUNCHA__WHO_AM_I__INIT;
    char id[37];
    xc_uuid_new (id);
    request.request_id = id;
    request.protocol_version = XC_PROTOCOL_VERSION;
    request.body_case = XUNCHA__REQUEST__BODY_WHO_AM_I;
    request.who_am_i = &body;
    size_t size;
    uint8_t *packed = xc_pack (&request.base, &size);
    xc_link_send (link, packed, size);
    free (packed);
    zframe_t *frame;
    int64_t user = 0;
    if (xc_link_wait (link, 5000, &frame) == XC_LINK_FRAME) {
        Xuncha__Reply *reply = xc_reply_decode (zframe_data (frame), zframe_size (frame), XC_MAX_FRAME_DEFAULT);
        if (reply && reply->status == XUNCHA__STATUS__STATUS_OK && reply->user)
            user = reply->user->id;
        if (reply)
            xuncha__reply__free_unpacked (reply, NULL);
        zframe_destroy (&frame);
    }
    return user;
}

int
main (int argc, char **argv)
{
    if (argc < 4) {
        fprintf (stderr, "usage: xc_hold ENDPOINT SERVER_KEY_FILE KEY_FILE [SECONDS]\n");
        return 2;
    }
    if (sodium_init () < 0)
        return 1;
    char server_key[41], error[512];
    zcert_t *mine = xc_keys_load (argv[3], error, sizeof error);
    if (!mine || xc_keys_public (argv[2], server_key) != 0) {
        fprintf (stderr, "xc_hold: %s\n", mine ? "server key unreadable" : error);
        return 1;
    }
    long long deadline = s_now_ms () + 1000LL * (argc > 4 ? atoi (argv[4]) : 30);
    xc_link_t *link = xc_link_new (argv[1], mine, server_key);
    int64_t user = s_who_am_i (link);
    printf ("connected user=%lld\n", (long long) user);
    fflush (stdout);
    int rc = 1;
    while (user && s_now_ms () < deadline) {
        zframe_t *frame;
        xc_link_event_t event = xc_link_wait (link, 200, &frame);
        zframe_destroy (&frame);
        if (event == XC_LINK_DISCONNECTED)
            printf ("disconnected at=%lld\n", s_now_ms ());
        else if (event == XC_LINK_KEY_REFUSED) {
            printf ("refused at=%lld\n", s_now_ms ());
            rc = 0;
            break;
        }
        fflush (stdout);
    }
    if (rc != 0)
        printf ("still connected\n");
    xc_link_destroy (&link);
    zcert_destroy (&mine);
    return rc;
}
