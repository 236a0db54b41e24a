/* h_evaluations — 作风纪律后评估 and 工作鉴定 (to be written). */
#include "handlers.h"

int
xc_rate_conduct (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_list_conduct_ratings (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_appraise_inspector (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_list_inspector_appraisals (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}
