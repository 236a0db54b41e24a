/* h_rounds — 巡察轮次: a committee's numbered round, its type, batches and dates, and
 * its movement through the phases 准备 → 进驻 → 了解 → 报告 → 反馈 → 移交 → 整改 → 归档. */
#include "handlers.h"
#include "access.h"
#include "xc_names.h"
#include "xc_phase.h"
#include <stdio.h>
#include <stdlib.h>

#define XC_ROUND_COLUMNS \
    "r.id, r.committee, r.number, r.type, " XC_ROUND_TITLE ("r") "," \
    " r.start_date, r.end_date, r.midpoint_date, r.phase"

static void *
s_round_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__Round *round = xc_arena_alloc (call->arena, sizeof *round);
    xuncha__round__init (round);
    round->id = xc_row_int (result, row, 0);
    round->committee = xc_row_text (call, result, row, 1);
    round->number = (int32_t) xc_row_int (result, row, 2);
    round->type = (Xuncha__RoundType) xc_row_int (result, row, 3);
    round->title = xc_row_text (call, result, row, 4);
    round->start_date = xc_row_text (call, result, row, 5);
    round->end_date = xc_row_text (call, result, row, 6);
    round->midpoint_date = xc_row_text (call, result, row, 7);
    round->phase = (Xuncha__Phase) xc_row_int (result, row, 8);
    return round;
}

static void *
s_batch_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__RoundBatch *batch = xc_arena_alloc (call->arena, sizeof *batch);
    xuncha__round_batch__init (batch);
    batch->number = (int32_t) xc_row_int (result, row, 1);
    batch->start_date = xc_row_text (call, result, row, 2);
    batch->end_date = xc_row_text (call, result, row, 3);
    return batch;
}

/* Loads the batches of ROUND_ID (0: of every round) into the rounds given. */
static int
s_attach_batches (xc_call_t *call, Xuncha__Round **rounds, size_t count, int64_t round_id)
{
    const char *params[] = { xc_call_id_or_null (call, round_id) };
    PGresult *result = xc_call_query (call,
        "SELECT round_id, number, start_date, end_date FROM round_batch"
        " WHERE $1::bigint IS NULL OR round_id = $1 ORDER BY round_id, number", 1, params);
    if (!result)
        return -1;
    for (size_t i = 0; i < count; i++)
        rounds[i]->batches = (Xuncha__RoundBatch **) xc_call_read_rows_of (call, result, 0, rounds[i]->id,
                                                                           s_batch_from_row, &rounds[i]->n_batches);
    PQclear (result);
    return 0;
}

Xuncha__Round *
xc_load_round (xc_call_t *call, int64_t round_id)
{
    const char *params[] = { xc_call_int (call, round_id) };
    PGresult *result = xc_call_query_one (call, "巡察轮次",
        "SELECT " XC_ROUND_COLUMNS " FROM round r WHERE r.id = $1", 1, params);
    if (!result)
        return NULL;
    Xuncha__Round *round = s_round_from_row (call, result, 0);
    PQclear (result);
    return s_attach_batches (call, &round, 1, round_id) == 0 ? round : NULL;
}

static int
s_reply_round (xc_call_t *call, int64_t round_id)
{
    Xuncha__Round *round = xc_load_round (call, round_id);
    if (!round)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ROUND;
    call->reply->round = round;
    return 0;
}

int
xc_lock_round (xc_call_t *call, int64_t round_id)
{
    const char *params[] = { xc_call_int (call, round_id) };
    PGresult *result = xc_call_query_one (call, "巡察轮次",
        "SELECT phase FROM round WHERE id = $1 FOR UPDATE", 1, params);
    if (!result)
        return -1;
    int phase = (int) xc_row_int (result, 0, 0);
    PQclear (result);
    return phase;
}

int
xc_require_round_in_preparation (xc_call_t *call, int64_t round_id, const char *what)
{
    int phase = xc_lock_round (call, round_id);
    if (phase < 0)
        return -1;
    if (phase == XUNCHA__PHASE__PHASE_ARCHIVED)
        return xc_refuse_archived_round (call, round_id);
    if (phase != XUNCHA__PHASE__PHASE_PREPARATION)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "%s只能在“准备”阶段进行，本轮巡察当前处于“%s”阶段", what,
                             xc_label (&xuncha__phase__descriptor, phase));
    return 0;
}

int
xc_plan_round (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__RoundCreate *create = request->round_create;
    const char *params[] = { create->committee, xc_call_int (call, create->number),
                             xc_call_int (call, create->type), create->start_date, create->end_date,
                             xc_call_text_or_null (create->midpoint_date) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO round (committee, number, type, start_date, end_date, midpoint_date)"
        " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", 6, params);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "plan_round", "round", id) != 0)
        return -1;
    return s_reply_round (call, id);
}

int
xc_add_round_batch (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__RoundBatchAdd *add = request->round_batch_add;
    if (xc_require_round_in_preparation (call, add->round_id, "划分批次") != 0)
        return -1;
    const char *params[] = { xc_call_int (call, add->round_id), xc_call_int (call, add->number),
                             add->start_date, add->end_date };
    PGresult *result = xc_call_query (call,
        "INSERT INTO round_batch (round_id, number, start_date, end_date)"
        " SELECT $1, $2, $3, $4 FROM round r WHERE r.id = $1"
        " AND $3::date >= r.start_date AND $4::date <= r.end_date", 4, params);
    if (!result)
        return -1;
    int inserted = atoi (PQcmdTuples (result));
    PQclear (result);
    if (!inserted)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "批次日期须在本轮巡察的起止日期之内");
    if (xc_call_log_change (call, "add_round_batch", "round", add->round_id) != 0)
        return -1;
    return s_reply_round (call, add->round_id);
}

int
xc_list_rounds (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    const char *params[] = { xc_group_filter (call) };   /* an inspector: the rounds of his groups */
    PGresult *result = xc_call_query (call,
        "SELECT " XC_ROUND_COLUMNS " FROM round r WHERE $1::bigint IS NULL"
        " OR EXISTS (SELECT 1 FROM inspection_group g WHERE g.round_id = r.id AND " XC_MEMBER_OF ("g.id", "1") ")"
        " ORDER BY r.start_date DESC, r.id DESC", 1, params);
    if (!result)
        return -1;
    Xuncha__Rounds *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__rounds__init (list);
    list->rounds = (Xuncha__Round **) xc_call_read_rows (call, result, s_round_from_row, &list->n_rounds);
    PQclear (result);
    if (s_attach_batches (call, list->rounds, list->n_rounds, 0) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ROUNDS;
    call->reply->rounds = list;
    return 0;
}

int
xc_show_round (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t round_id = request->round_show->round_id;
    Xuncha__RoundDetail *detail = xc_arena_alloc (call->arena, sizeof *detail);
    xuncha__round_detail__init (detail);
    detail->round = xc_load_round (call, round_id);
    if (!detail->round || xc_require_round_reader (call, round_id) != 0)
        return -1;
    detail->groups = xc_load_round_groups (call, round_id, &detail->n_groups);
    if (!detail->groups)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ROUND_DETAIL;
    call->reply->round_detail = detail;
    return 0;
}

int
xc_advance_round_phase (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__RoundAdvance *advance = request->round_advance;
    int from = xc_lock_round (call, advance->round_id);
    if (from < 0)
        return -1;
    if (from == XUNCHA__PHASE__PHASE_ARCHIVED)
        return xc_refuse_archived_round (call, advance->round_id);
    /* 整改 → 归档 is 立卷归档: the round is sealed with its bundle (h_archive.c) */
    if (advance->to_phase == XUNCHA__PHASE__PHASE_ARCHIVED)
        return xc_seal_round (call, advance->round_id, from) != 0 ? -1 : s_reply_round (call, advance->round_id);
    const char *params[] = { xc_call_int (call, advance->round_id) };
    PGresult *result = xc_call_query (call,
        "SELECT count(*),"
        " count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM group_member m"
        "   WHERE m.group_id = g.id AND m.position = 1)),"
        " count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM group_unit u WHERE u.group_id = g.id))"
        " FROM inspection_group g WHERE g.round_id = $1", 1, params);
    if (!result)
        return -1;
    xc_round_facts_t facts = { .groups = (int) xc_row_int (result, 0, 0),
                               .groups_without_leader = (int) xc_row_int (result, 0, 1),
                               .groups_without_units = (int) xc_row_int (result, 0, 2) };
    PQclear (result);
    char why[512];
    if (xc_phase_check_transition (from, advance->to_phase, &facts, why, sizeof why) != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s", why);
    /* relations declared after the groups were formed are checked again before entry */
    if (advance->to_phase == XUNCHA__PHASE__PHASE_ENTRY && xc_check_round_recusal (call, advance->round_id, 0) != 0) {
        char reason[900];
        snprintf (reason, sizeof reason, "%.899s", call->message);
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "不能进驻：%s", reason);
    }
    const char *change[] = { params[0], xc_call_int (call, from), xc_call_int (call, advance->to_phase),
                             xc_call_int (call, call->who.user_id) };
    result = xc_call_query (call,
        "WITH moved AS (UPDATE round SET phase = $3 WHERE id = $1 RETURNING id)"
        " INSERT INTO round_phase_change (round_id, from_phase, to_phase, changed_by)"
        " SELECT id, $2, $3, $4 FROM moved", 4, change);
    if (!result)
        return -1;
    PQclear (result);
    if (xc_call_log_change (call, "advance_round_phase", "round", advance->round_id) != 0)
        return -1;
    return s_reply_round (call, advance->round_id);
}
