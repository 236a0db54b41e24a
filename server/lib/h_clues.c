/* h_clues — 问题线索, the group's side, and reading them. A clue is an allegation about
 * an identified person, specific enough to act on (seed 003: clues were "太笼统" and the
 * receiving office "没法下手"): it must name the person and the specific conduct.
 *
 *   起草 ──组长批准──► 已批准 ──组长移交（批次编号）──► 已移交 ──签收──► 已签收
 *        ──确定处置方式──► 已确定处置 ──反馈结果──► 已反馈结果      (h_clue_receipt.c)
 *
 * A group's members draft clues from their own field records, attachments and 底稿;
 * its 组长 approves them and transfers approved ones in a numbered batch (移交批次,
 * [2026]区巡-1组-移01号) to the 纪委监委 — or, for 选人用人 clues, to the 组织部. Clue work
 * goes on from 进驻 through the round's 移交 phase. The transfer tells the receiving
 * unit and the 巡察办 through the outbox, in the same transaction. Every change
 * appends to the audit log, and so does every read of a clue's contents (show, list);
 * no clue content ever goes to the log. */
#include "handlers.h"
#include "access.h"
#include "clue_notify.h"
#include "clue_read.h"
#include "numbering.h"
#include "xc_names.h"
#include "xc_paper_number.h"
#include "xc_utf8.h"
#include <stdbool.h>

#define XC_CLUE_LAST_PHASE XUNCHA__PHASE__PHASE_TRANSFER
#define XC_CLUE_STATE(name) XUNCHA__CLUE_STATE__CLUE_STATE_##name

/* ------------------------------------------------------------------ drafting */

/* Refuses a clue that does not say who (被反映人姓名) and what (具体问题), naming every
 * part that is missing. */
static int
s_refuse_vague (xc_call_t *call, const Xuncha__ClueContent *content)
{
    const char *missing = "";
    if (!content->person || xc_utf8_blank (content->person->name))
        missing = "被反映人姓名";
    if (xc_utf8_blank (content->conduct))
        missing = xc_arena_printf (call->arena, "%s%s具体问题", missing, *missing ? "、" : "");
    if (!*missing)
        return 0;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                         "线索太笼统：缺少%s。请写明被反映人（姓名、职务、单位）和具体问题，并尽量写明时间、地点、金额和证据",
                         missing);
}

/* A 底稿 the clue comes from must be the group's own. */
static int
s_require_paper_of_group (xc_call_t *call, const xc_group_scope_t *scope, int64_t paper_id)
{
    const char *params[] = { xc_call_int (call, paper_id) };
    PGresult *result = xc_call_query (call, "SELECT group_id FROM working_paper WHERE id = $1", 1, params);
    if (!result)
        return -1;
    int rc = 0;
    if (PQntuples (result) == 0)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "所依据的问题底稿 #%lld 不存在", (long long) paper_id);
    else if (xc_row_int (result, 0, 0) != scope->group_id)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "问题底稿 #%lld 不是%s的底稿，不能作为本组线索的依据",
                           (long long) paper_id, scope->group_name);
    PQclear (result);
    return rc;
}

static int
s_check_content (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__ClueContent *content)
{
    if (s_refuse_vague (call, content) != 0)
        return -1;
    for (size_t i = 0; i < content->n_evidence; i++)
        if (xc_require_evidence_of_group (call, scope, content->evidence[i], i + 1, "线索") != 0)
            return -1;
    for (size_t i = 0; i < content->n_paper_ids; i++)
        if (s_require_paper_of_group (call, scope, content->paper_ids[i]) != 0)
            return -1;
    return 0;
}

/* The evidence items first, then the 底稿, numbered in that order. */
static int
s_insert_evidence (xc_call_t *call, int64_t clue_id, const Xuncha__ClueContent *content)
{
    size_t position = 0;
    for (size_t i = 0; i < content->n_evidence + content->n_paper_ids; i++) {
        const Xuncha__EvidenceItem *item = i < content->n_evidence ? content->evidence[i] : NULL;
        int64_t paper_id = item ? 0 : content->paper_ids[i - content->n_evidence];
        const char *params[] = { xc_call_int (call, clue_id), xc_call_int (call, (int64_t) ++position),
                                 xc_call_id_or_null (call, item ? item->record_id : 0),
                                 xc_call_id_or_null (call, item ? item->attachment_id : 0),
                                 xc_call_id_or_null (call, paper_id), item ? item->note : "" };
        if (xc_call_exec (call,
                "INSERT INTO clue_evidence (clue_id, position, record_id, attachment_id, paper_id, note)"
                " VALUES ($1, $2, $3, $4, $5, $6)", 6, params) != 0)
            return -1;
    }
    return 0;
}

static int64_t
s_insert_clue (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__ClueDraft *draft)
{
    const Xuncha__ClueContent *content = draft->content;
    const Xuncha__CluePerson *person = content->person;
    const char *params[] = { xc_call_int (call, scope->round_id), xc_call_int (call, scope->group_id),
                             xc_call_int (call, draft->unit_id), person->name, person->position, person->unit,
                             content->conduct, content->time_place, content->amount,
                             xc_call_int (call, content->suggested_disposal), content->suggestion,
                             content->cadre_selection ? "true" : "false", xc_call_int (call, call->who.user_id),
                             xc_call_now (call) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO clue (round_id, group_id, unit_id, person_name, person_position, person_unit, conduct,"
        " time_place, amount, suggested_disposal, suggestion, cadre_selection, drafted_by, drafted_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, " XC_CLOCK_TIME ("14") ") RETURNING id",
        14, params);
    if (!result)
        return 0;
    int64_t clue_id = xc_row_int (result, 0, 0);
    PQclear (result);
    return clue_id;
}

int
xc_draft_clue (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ClueDraft *draft = request->clue_draft;
    xc_group_scope_t scope;
    if (xc_require_group_writer_until (call, draft->group_id, &scope, "起草问题线索", XC_CLUE_LAST_PHASE) != 0
        || xc_require_unit_of_group (call, &scope, draft->unit_id) != 0
        || s_check_content (call, &scope, draft->content) != 0)
        return -1;
    int64_t clue_id = s_insert_clue (call, &scope, draft);
    if (!clue_id || s_insert_evidence (call, clue_id, draft->content) != 0
        || xc_call_log_change (call, "draft_clue", "clue", clue_id) != 0)
        return -1;
    return xc_clue_reply (call, clue_id);
}

/* ------------------------------------------------------------------ approval */

int
xc_approve_clue (xc_call_t *call, const Xuncha__Request *request)
{
    xc_clue_row_t clue;
    xc_group_scope_t scope;
    if (xc_clue_lock (call, request->clue_approve->clue_id, &clue) != 0
        || xc_require_group_leader_until (call, clue.group_id, &scope, "批准问题线索", XC_CLUE_LAST_PHASE) != 0)
        return -1;
    if (clue.state != XC_CLUE_STATE (DRAFT))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题线索 #%lld 当前为“%s”，只有“起草”的线索可以批准",
                             (long long) clue.id, xc_label (&xuncha__clue_state__descriptor, clue.state));
    const char *params[] = { xc_call_int (call, clue.id), xc_call_int (call, call->who.user_id), xc_call_now (call) };
    if (xc_call_exec (call, "UPDATE clue SET state = 2, approved_by = $2, approved_at = " XC_CLOCK_TIME ("3")
                            " WHERE id = $1", 3, params) != 0
        || xc_call_log_change (call, "approve_clue", "clue", clue.id) != 0)
        return -1;
    return xc_clue_reply (call, clue.id);
}

/* ------------------------------------------------------------------ transfer */

/* One clue of the transfer, among the locked ROWS (id, group, state, 选人用人, batch number). */
static int
s_check_transferable (xc_call_t *call, const PGresult *rows, int64_t clue_id)
{
    int row = 0;
    while (row < PQntuples (rows) && xc_row_int (rows, row, 0) != clue_id)
        row++;
    if (row == PQntuples (rows))   /* its group was checked before the lock */
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "问题线索 #%lld 不存在", (long long) clue_id);
    int state = (int) xc_row_int (rows, row, 2);
    if (state == XC_CLUE_STATE (DRAFT))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题线索 #%lld 尚未经组长批准，不能移交",
                             (long long) clue_id);
    if (state != XC_CLUE_STATE (APPROVED))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题线索 #%lld 已移交（%s），不能重复移交",
                             (long long) clue_id, PQgetvalue (rows, row, 4));
    return 0;
}

/* A batch holds either 选人用人 clues (to the 组织部) or the others (to the 纪委监委). */
static int
s_refuse_mixed (xc_call_t *call, const PGresult *rows)
{
    int64_t cadre = 0, other = 0;
    for (int row = 0; row < PQntuples (rows); row++)
        if (*PQgetvalue (rows, row, 3) == 't')
            cadre = cadre ? cadre : xc_row_int (rows, row, 0);
        else
            other = other ? other : xc_row_int (rows, row, 0);
    if (!cadre || !other)
        return 0;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                         "选人用人问题线索应移交组织部（如 #%lld），其他问题线索应移交纪委监委（如 #%lld），请分批移交",
                         (long long) cadre, (long long) other);
}

/* Each clue of the transfer exists and is the group's, in the order given: asked of
 * clue_whereabouts, past row security, so that another group's clue is refused as such
 * rather than reported missing. PARAMS[0] is the list of ids. */
static int
s_refuse_clues_of_other_groups (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__ClueTransfer *transfer,
                                const char *const *params)
{
    PGresult *found = xc_call_query (call, "SELECT id, group_id FROM clue_whereabouts($1::bigint[])", 1, params);
    if (!found)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < transfer->n_clue_ids; i++) {
        int row = 0;
        while (row < PQntuples (found) && xc_row_int (found, row, 0) != transfer->clue_ids[i])
            row++;
        if (row == PQntuples (found))
            rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "问题线索 #%lld 不存在",
                               (long long) transfer->clue_ids[i]);
        else if (xc_row_int (found, row, 1) != scope->group_id)
            rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "问题线索 #%lld 不是%s的线索，不能由本组移交",
                               (long long) transfer->clue_ids[i], scope->group_name);
    }
    PQclear (found);
    return rc;
}

/* Locks the clues of the transfer and checks each, in the order given; sets whether
 * they are 选人用人 clues. */
static int
s_lock_transferable (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__ClueTransfer *transfer,
                     bool *cadre_selection)
{
    for (size_t i = 0; i < transfer->n_clue_ids; i++)
        for (size_t k = 0; k < i; k++)
            if (transfer->clue_ids[k] == transfer->clue_ids[i])
                return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "问题线索 #%lld 重复列出",
                                     (long long) transfer->clue_ids[i]);
    const char *params[] = { xc_call_int_list (call, transfer->clue_ids, transfer->n_clue_ids) };
    if (s_refuse_clues_of_other_groups (call, scope, transfer, params) != 0)
        return -1;
    PGresult *rows = xc_call_query (call,
        "SELECT c.id, c.group_id, c.state, c.cadre_selection, b.number FROM clue c"
        " LEFT JOIN clue_batch b ON b.id = c.batch_id WHERE c.id = ANY ($1::bigint[]) ORDER BY c.id FOR UPDATE OF c",
        1, params);
    if (!rows)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < transfer->n_clue_ids; i++)
        rc = s_check_transferable (call, rows, transfer->clue_ids[i]);
    if (rc == 0)
        rc = s_refuse_mixed (call, rows);
    *cadre_selection = rc == 0 && *PQgetvalue (rows, 0, 3) == 't';
    PQclear (rows);
    return rc;
}

/* The receiving unit must have a user of the receiving role to sign for the batch, and
 * must not be, or lie inside, a unit the round inspects: a township's own 纪委 never
 * receives clues about its township's cadres. */
static int
s_check_receiver (xc_call_t *call, int64_t unit_id, bool cadre_selection, int64_t round_id)
{
    const char *params[] = { xc_call_int (call, unit_id), xc_call_int (call, XC_CLUE_RECEIVER_ROLE (cadre_selection)),
                             xc_call_int (call, round_id) };
    PGresult *result = xc_call_query (call,
        "SELECT unit_path(o.id), count(u.id),"
        " EXISTS (SELECT 1 FROM group_unit g WHERE g.round_id = $3 AND g.unit_id = ANY (unit_ancestors(o.id)))"
        " FROM org_unit o LEFT JOIN app_user u ON u.org_unit_id = o.id"
        " AND u.role = $2 AND u.revoked_at IS NULL WHERE o.id = $1 GROUP BY o.id", 3, params);
    if (!result)
        return -1;
    int rc = 0;
    if (PQntuples (result) == 0)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "接收单位 %lld 不存在", (long long) unit_id);
    else if (*PQgetvalue (result, 0, 2) == 't')
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                           "单位“%s”是本轮被巡察单位或其下属单位，不能接收问题线索", PQgetvalue (result, 0, 0));
    else if (xc_row_int (result, 0, 1) == 0 && cadre_selection)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                           "单位“%s”不能接收：选人用人问题线索应移交组织部，该单位没有组织部的签收人", PQgetvalue (result, 0, 0));
    else if (xc_row_int (result, 0, 1) == 0)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                           "单位“%s”不能接收：该单位没有纪委监委的签收人，问题线索应移交纪委监委（选人用人问题线索移交组织部）",
                           PQgetvalue (result, 0, 0));
    PQclear (result);
    return rc;
}

/* The batch, numbered within the group and year; 0 after refusing. */
static int64_t
s_insert_batch (xc_call_t *call, const xc_group_scope_t *scope, int64_t receiver_unit_id, const char **number)
{
    int year;
    int sequence = xc_number_next (call, "移交批次", scope, &year);
    if (sequence < 0)
        return 0;
    char formatted[128];
    if (xc_batch_number_format (scope->committee, year, scope->group_number, sequence, formatted, sizeof formatted) != 0) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "无法生成移交批次编号（%d 年第 %d 批）", year, sequence);
        return 0;
    }
    *number = xc_arena_strdup (call->arena, formatted);
    const char *params[] = { xc_call_int (call, scope->round_id), xc_call_int (call, scope->group_id), *number,
                             xc_call_int (call, year), xc_call_int (call, sequence),
                             xc_call_int (call, receiver_unit_id), xc_call_int (call, call->who.user_id),
                             xc_call_now (call) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO clue_batch (round_id, group_id, number, year, sequence, receiver_unit_id, transferred_by,"
        " transferred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, " XC_CLOCK_TIME ("8") ") RETURNING id", 8, params);
    if (!result)
        return 0;
    int64_t batch_id = xc_row_int (result, 0, 0);
    PQclear (result);
    return batch_id;
}

/* The clues join the batch, each transfer logged; the receiver and the 巡察办 are told. */
static int
s_hand_over (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__ClueTransfer *transfer, int64_t batch_id,
             const char *number, bool cadre_selection)
{
    const char *params[] = { xc_call_int (call, batch_id),
                             xc_call_int_list (call, transfer->clue_ids, transfer->n_clue_ids) };
    if (xc_call_exec (call, "UPDATE clue SET state = 3, batch_id = $1 WHERE id = ANY ($2::bigint[])", 2, params) != 0
        || xc_call_log_change (call, "transfer_clue_batch", "clue_batch", batch_id) != 0)
        return -1;
    for (size_t i = 0; i < transfer->n_clue_ids; i++)
        if (xc_call_log_change (call, "transfer_clue", "clue", transfer->clue_ids[i]) != 0)
            return -1;
    const char *title = xc_arena_printf (call->arena, "%s移交问题线索 %zu 件（%s）", scope->group_name,
                                         transfer->n_clue_ids, number);
    return xc_clue_notify_receiver (call, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_BATCH_TRANSFERRED, title,
                                    0, batch_id, transfer->receiver_unit_id, cadre_selection) < 0 ? -1 : 0;
}

int
xc_transfer_clues (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ClueTransfer *transfer = request->clue_transfer;
    xc_group_scope_t scope;
    bool cadre_selection = false;
    if (xc_require_group_leader_until (call, transfer->group_id, &scope, "移交问题线索", XC_CLUE_LAST_PHASE) != 0
        || s_lock_transferable (call, &scope, transfer, &cadre_selection) != 0
        || s_check_receiver (call, transfer->receiver_unit_id, cadre_selection, scope.round_id) != 0)
        return -1;
    const char *number;
    int64_t batch_id = s_insert_batch (call, &scope, transfer->receiver_unit_id, &number);
    if (!batch_id || s_hand_over (call, &scope, transfer, batch_id, number, cadre_selection) != 0)
        return -1;
    return xc_clue_batch_reply (call, batch_id);
}

/* ------------------------------------------------------------------ reading */

/* A list, like a clue shown, carries each clue's contents (the person, the conduct): one
 * read row per clue. The reply to a change carries them too, and its change rows already
 * name the clues. */
static int
s_log_clue_reads (xc_call_t *call, Xuncha__Clue *const *clues, size_t count)
{
    int64_t *ids = xc_arena_alloc (call->arena, (count + 1) * sizeof *ids);
    for (size_t i = 0; i < count; i++)
        ids[i] = clues[i]->id;
    return xc_call_log_reads (call, XC_READ_CLUE, "clue", ids, count);
}

int
xc_list_clues (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ClueList *list = request->clue_list;
    bool inspector = call->scope == XC_SCOPE_GROUP;   /* a receiver's list is bounded by its unit alone */
    xc_group_scope_t scope;
    if (inspector && ((list->group_id && xc_require_group_reader (call, list->group_id, &scope) != 0)
                      || (list->round_id && xc_require_round_reader (call, list->round_id) != 0)))
        return -1;
    Xuncha__Clues *clues = xc_arena_alloc (call->arena, sizeof *clues);
    xuncha__clues__init (clues);
    clues->clues = xc_clue_list (call, list, &clues->n_clues);
    if (!clues->clues || s_log_clue_reads (call, clues->clues, clues->n_clues) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_CLUES;
    call->reply->clues = clues;
    return 0;
}

int
xc_show_clue (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t clue_id = request->clue_show->clue_id;
    if (xc_require_clue_reader (call, clue_id) != 0 || xc_clue_reply (call, clue_id) != 0)
        return -1;
    return xc_call_log_read (call, XC_READ_CLUE, "clue", clue_id);
}

int
xc_show_clue_quality (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t round_id = request->clue_quality_show->round_id;
    const char *params[] = { xc_call_int (call, round_id) };
    PGresult *round = xc_call_query_one (call, "巡察轮次", "SELECT 1 FROM round WHERE id = $1", 1, params);
    if (!round)
        return -1;
    PQclear (round);
    Xuncha__ClueQuality *quality = xc_arena_alloc (call->arena, sizeof *quality);
    xuncha__clue_quality__init (quality);
    quality->groups = xc_clue_quality (call, round_id, &quality->n_groups);
    if (!quality->groups)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_CLUE_QUALITY;
    call->reply->clue_quality = quality;
    return 0;
}
