/* h_system — requests about the connection itself. */
#include "handlers.h"
#include "xc_clock.h"
#include "xc_validate.h"

int
xc_ping (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    Xuncha__Pong *pong = xc_arena_alloc (call->arena, sizeof *pong);
    xuncha__pong__init (pong);
    time_t now = xc_clock_now ();
    struct tm tm;
    gmtime_r (&now, &tm);
    char stamp[32];
    strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    pong->server_time = xc_arena_strdup (call->arena, stamp);
    pong->protocol_version = XC_PROTOCOL_VERSION;
    call->reply->body_case = XUNCHA__REPLY__BODY_PONG;
    call->reply->pong = pong;
    return 0;
}
