/* h_clues — 问题线索. PLACEHOLDER: being written; every request is refused until then. */
#include "handlers.h"

int
xc_draft_clue (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_draft_clue");
}

int
xc_approve_clue (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_approve_clue");
}

int
xc_transfer_clues (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_transfer_clues");
}

int
xc_receive_clue_batch (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_receive_clue_batch");
}

int
xc_dispose_clue (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_dispose_clue");
}

int
xc_report_clue_result (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_report_clue_result");
}

int
xc_rate_clue (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_rate_clue");
}

int
xc_list_clues (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_list_clues");
}

int
xc_show_clue (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_show_clue");
}

int
xc_show_clue_quality (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "PLACEHOLDER xc_show_clue_quality");
}
