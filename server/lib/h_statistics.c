/* h_statistics — 统计分析 (to be written). */
#include "handlers.h"

int
xc_compute_statistics (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}
