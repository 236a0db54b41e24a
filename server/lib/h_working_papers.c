/* h_working_papers — 问题底稿. PLACEHOLDER: being written; every request is refused until then. */
#include "handlers.h"

int
xc_draft_working_paper (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_draft_working_paper");
}

int
xc_edit_working_paper (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_edit_working_paper");
}

int
xc_move_working_paper (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_move_working_paper");
}

int
xc_list_working_papers (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_list_working_papers");
}

int
xc_show_working_paper (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_show_working_paper");
}

int
xc_show_working_paper_history (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_show_working_paper_history");
}
