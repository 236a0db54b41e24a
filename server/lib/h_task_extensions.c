/* PLACEHOLDER (WIP) — being written. */
#include "handlers.h"

int
xc_request_extension (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "WIP");
}

int
xc_decide_extension (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "WIP");
}

