/* h_clue_receipt — 问题线索, the receiver's side (纪委监委, or 组织部 for 选人用人 clues):
 *
 *   签收 a batch (once; every clue in it → 已签收, its feedback deadline set to the
 *   receipt date + clue_feedback_months, default 3) → 确定处置方式 per clue (谈话函询,
 *   初步核实, 暂存待查, 予以了结; it may be decided again until the result is reported:
 *   a 暂存待查 clue may become an 初步核实 when more comes to light) → 反馈结果 (once,
 *   after a disposal; ends the feedback clock) — and, any time after receipt, a quality
 *   rating 1–5 with a comment, so the 巡察办 learns which groups write usable clues.
 *
 * Only users of the org unit the batch was transferred to act on it; everyone else is
 * refused, and learns nothing of the clue. Receipt, disposal and result are told to the
 * group's 组长 and the 巡察办 through the outbox, in the same transaction. */
#include "handlers.h"
#include "clue_notify.h"
#include "clue_read.h"
#include "xc_clock.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include <stdlib.h>

#define XC_CLUE_STATE(name) XUNCHA__CLUE_STATE__CLUE_STATE_##name
#define XC_FEEDBACK_SETTING "clue_feedback_months"

/* ------------------------------------------------------------------ 签收 */

/* The batch being received, locked. */
typedef struct {
    int64_t id;
    int64_t group_id;
    int64_t receiver_unit_id;
    const char *receiver_name;
    const char *number;
    const char *received_by;   /* "" until received */
    const char *received_at;
} batch_t;

static int
s_lock_batch (xc_call_t *call, int64_t batch_id, batch_t *batch)
{
    const char *params[] = { xc_call_int (call, batch_id) };
    PGresult *result = xc_call_query_one (call, "移交批次",
        "SELECT b.group_id, b.receiver_unit_id, o.name, b.number, u.display_name, " XC_LOCAL_TIME ("b.received_at")
        " FROM clue_batch b JOIN org_unit o ON o.id = b.receiver_unit_id LEFT JOIN app_user u ON u.id = b.received_by"
        " WHERE b.id = $1 FOR UPDATE OF b", 1, params);
    if (!result)
        return -1;
    batch->id = batch_id;
    batch->group_id = xc_row_int (result, 0, 0);
    batch->receiver_unit_id = xc_row_int (result, 0, 1);
    batch->receiver_name = xc_row_text (call, result, 0, 2);
    batch->number = xc_row_text (call, result, 0, 3);
    batch->received_by = xc_row_text (call, result, 0, 4);
    batch->received_at = xc_row_text (call, result, 0, 5);
    PQclear (result);
    return 0;
}

/* Every clue of the batch is received today; its feedback is due the configured number
 * of months later. Sets *due to that date and *count to the clues. */
static int
s_receive_clues (xc_call_t *call, const batch_t *batch, const char **due, int *count)
{
    int months;
    if (xc_setting_int (call, XC_FEEDBACK_SETTING, &months) != 0)
        return -1;
    char today[11];
    xc_clock_today (today);
    const char *now = xc_call_now (call);
    const char *params[] = { xc_call_int (call, batch->id), now, xc_call_int (call, call->who.user_id) };
    /* "received_at IS NULL" here, not only the check on the locked row: a concurrent
     * 签收 that waited for the lock re-reads the batch row but not the joined user, so
     * the first must win here, once */
    PGresult *claimed = xc_call_query (call,
        "UPDATE clue_batch SET received_at = " XC_CLOCK_TIME ("2") ", received_by = $3"
        " WHERE id = $1 AND received_at IS NULL", 3, params);
    if (!claimed)
        return -1;
    int first = atoi (PQcmdTuples (claimed)) == 1;
    PQclear (claimed);
    if (!first)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "移交批次 %s 已被签收，不能重复签收", batch->number);
    const char *clues[] = { params[0], now, today, xc_call_int (call, months) };
    PGresult *result = xc_call_query (call,
        "UPDATE clue SET state = 4, received_at = " XC_CLOCK_TIME ("2") ","
        " feedback_due_date = ($3::date + make_interval(months => $4::int))::date"
        " WHERE batch_id = $1 RETURNING id, feedback_due_date", 4, clues);
    if (!result)
        return -1;
    *count = PQntuples (result);
    *due = *count ? xc_row_text (call, result, 0, 1) : "";
    int rc = 0;
    for (int row = 0; rc == 0 && row < *count; row++)
        rc = xc_call_log_change (call, "receive_clue", "clue", xc_row_int (result, row, 0));
    PQclear (result);
    return rc;
}

int
xc_receive_clue_batch (xc_call_t *call, const Xuncha__Request *request)
{
    batch_t batch;
    if (s_lock_batch (call, request->clue_receive->batch_id, &batch) != 0
        || xc_require_clue_receiver (call, batch.receiver_unit_id, "该批次") != 0)
        return -1;
    if (*batch.received_by)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "移交批次 %s 已于 %s 由%s签收，不能重复签收",
                             batch.number, batch.received_at, batch.received_by);
    const char *due = "";
    int count = 0;
    if (s_receive_clues (call, &batch, &due, &count) != 0
        || xc_call_log_change (call, "receive_clue_batch", "clue_batch", batch.id) != 0)
        return -1;
    const char *title = xc_arena_printf (call->arena, "%s已签收问题线索 %d 件（%s），反馈期限 %s", batch.receiver_name, count,
                                         batch.number, due);
    if (xc_clue_notify_group (call, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_RECEIVED, title, 0, batch.id,
                              batch.group_id) < 0)
        return -1;
    return xc_clue_batch_reply (call, batch.id);
}

/* ------------------------------------------------------------------ one received clue */

/* Locks the clue and checks that it was transferred to the caller's unit and received. */
static int
s_lock_received (xc_call_t *call, int64_t clue_id, xc_clue_row_t *clue, const char *what)
{
    if (xc_clue_lock (call, clue_id, clue) != 0
        || xc_require_clue_receiver (call, clue->receiver_unit_id,
                                     xc_arena_printf (call->arena, "问题线索 #%lld ", (long long) clue_id)) != 0)
        return -1;
    if (clue->state == XC_CLUE_STATE (TRANSFERRED))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题线索 #%lld 所在的移交批次 %s 尚未签收，请先签收再%s",
                             (long long) clue_id, clue->batch_number, what);
    return 0;
}

/* Tells the group's 组长 and the 巡察办: "问题线索 #12（[2026]区巡-1组-移01号）WHAT". */
static int
s_tell_group (xc_call_t *call, const xc_clue_row_t *clue, Xuncha__NotificationKind kind, const char *what)
{
    const char *title = xc_arena_printf (call->arena, "问题线索 #%lld（%s）%s", (long long) clue->id,
                                         clue->batch_number, what);
    return xc_clue_notify_group (call, kind, title, clue->id, clue->batch_id, clue->group_id) < 0 ? -1 : 0;
}

/* Applies UPDATE (its $1 the clue's id) and logs it as ACTION; with WHAT, tells the
 * group's 组长 and the 巡察办 (KIND). Replies with the clue. */
static int
s_change (xc_call_t *call, const xc_clue_row_t *clue, const char *update, int count, const char *const *params,
          const char *action, Xuncha__NotificationKind kind, const char *what)
{
    if (xc_call_exec (call, update, count, params) != 0 || xc_call_log_change (call, action, "clue", clue->id) != 0
        || (what && s_tell_group (call, clue, kind, what) != 0))
        return -1;
    return xc_clue_reply (call, clue->id);
}

int
xc_dispose_clue (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ClueDispose *dispose = request->clue_dispose;
    xc_clue_row_t clue;
    if (s_lock_received (call, dispose->clue_id, &clue, "确定处置方式") != 0)
        return -1;
    if (clue.state == XC_CLUE_STATE (CONCLUDED))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题线索 #%lld 已反馈办理结果，不能再更改处置方式",
                             (long long) clue.id);
    const char *label = xc_label (&xuncha__clue_disposal__descriptor, dispose->disposal);
    const char *what = xc_arena_printf (call->arena, clue.state == XC_CLUE_STATE (DISPOSED) ? "处置方式改为%s"
                                                                                            : "处置方式已确定：%s", label);
    const char *params[] = { xc_call_int (call, clue.id), xc_call_int (call, dispose->disposal), dispose->note,
                             xc_call_int (call, call->who.user_id), xc_call_now (call) };
    return s_change (call, &clue, "UPDATE clue SET state = 5, disposal = $2, disposal_note = $3, disposed_by = $4,"
                                  " disposed_at = " XC_CLOCK_TIME ("5") " WHERE id = $1", 5, params, "dispose_clue",
                     XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_DISPOSED, what);
}

int
xc_report_clue_result (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ClueReportResult *report = request->clue_report_result;
    xc_clue_row_t clue;
    if (xc_utf8_blank (report->result))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "办理结果不能为空");
    if (s_lock_received (call, report->clue_id, &clue, "反馈办理结果") != 0)
        return -1;
    if (clue.state == XC_CLUE_STATE (RECEIVED))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题线索 #%lld 尚未确定处置方式，请先确定处置方式再反馈办理结果",
                             (long long) clue.id);
    if (clue.state == XC_CLUE_STATE (CONCLUDED))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题线索 #%lld 已反馈办理结果，不能重复反馈",
                             (long long) clue.id);
    const char *params[] = { xc_call_int (call, clue.id), report->result, xc_call_now (call) };
    return s_change (call, &clue, "UPDATE clue SET state = 6, result = $2, result_at = " XC_CLOCK_TIME ("3")
                                  " WHERE id = $1", 3, params, "report_clue_result",
                     XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_RESULT, "办理结果已反馈");
}

int
xc_rate_clue (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ClueRate *rate = request->clue_rate;
    xc_clue_row_t clue;
    if (rate->quality < 1 || rate->quality > 5)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "线索质量评分须为 1 至 5 分（收到 %d）", rate->quality);
    if (s_lock_received (call, rate->clue_id, &clue, "评价线索质量") != 0)
        return -1;
    const char *params[] = { xc_call_int (call, clue.id), xc_call_int (call, rate->quality), rate->comment,
                             xc_call_int (call, call->who.user_id), xc_call_now (call) };
    /* the rating is for the 巡察办's figures (clue quality), not news for the group */
    return s_change (call, &clue, "UPDATE clue SET quality = $2, quality_comment = $3, rated_by = $4,"
                                  " rated_at = " XC_CLOCK_TIME ("5") " WHERE id = $1", 5, params, "rate_clue",
                     XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_UNSPECIFIED, NULL);
}
