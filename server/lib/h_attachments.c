/* h_attachments — 附件. PLACEHOLDER: being written; every request is refused until then. */
#include "handlers.h"

int
xc_attach_file (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_attach_file");
}

int
xc_download_attachment (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_download_attachment");
}
