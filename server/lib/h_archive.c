/* h_archive — 立卷归档 (to be written). */
#include "handlers.h"

int
xc_archive_round (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_show_archive (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}

int
xc_get_archive_file (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "尚未实现");
}
