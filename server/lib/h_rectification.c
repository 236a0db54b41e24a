/* PLACEHOLDER (WIP) — being written. */
#include "handlers.h"

int
xc_show_rectification (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "WIP");
}

