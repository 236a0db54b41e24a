/* h_reports — 巡察报告 (to be written). */
#include "handlers.h"

int
xc_build_report (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_edit_report (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_move_report (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_show_report (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_list_reports (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}
