/* h_progress — 巡中调度. PLACEHOLDER: being written; every request is refused until then. */
#include "handlers.h"

int
xc_show_progress (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_show_progress");
}
