/* h_spot_checks — 底稿抽检. PLACEHOLDER: being written; every request is refused until then. */
#include "handlers.h"

int
xc_draw_spot_check (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_draw_spot_check");
}

int
xc_record_spot_check (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_record_spot_check");
}

int
xc_list_spot_checks (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_list_spot_checks");
}
