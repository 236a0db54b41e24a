/* h_spot_checks — 底稿抽检: after a round the 巡察办 draws a random sample of its signed
 * 问题底稿 (组长签批, 纳入报告 or 不纳入报告) and records, paper by paper, whether the
 * procedure, content and quality pass: 合格, 基本合格 or 不合格, with a comment. */
#include "handlers.h"
#include "paper_read.h"
#include <stdio.h>
#include <stdlib.h>

#define XC_SIGNED_PAPER XC_PAPER_SIGNED ("p")

static void *
s_check_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__SpotCheck *check = xc_arena_alloc (call->arena, sizeof *check);
    xuncha__spot_check__init (check);
    check->id = xc_row_int (result, row, 0);
    check->round_id = xc_row_int (result, row, 1);
    check->drawn_by = xc_row_text (call, result, row, 2);
    check->drawn_at = xc_row_text (call, result, row, 3);
    return check;
}

static void *
s_item_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__SpotCheckItem *item = xc_arena_alloc (call->arena, sizeof *item);
    xuncha__spot_check_item__init (item);
    item->paper_id = xc_row_int (result, row, 1);
    item->paper_number = xc_row_text (call, result, row, 2);
    item->paper_title = xc_row_text (call, result, row, 3);
    item->group_name = xc_row_text (call, result, row, 4);
    item->result = (Xuncha__SpotCheckResult) xc_row_int (result, row, 5);
    item->comment = xc_row_text (call, result, row, 6);
    item->checked_by = xc_row_text (call, result, row, 7);
    item->checked_at = xc_row_text (call, result, row, 8);
    return item;
}

/* Loads the items of every spot check given (one query) into each. */
static int
s_attach_items (xc_call_t *call, Xuncha__SpotCheck **checks, size_t count, int64_t round_id)
{
    const char *params[] = { xc_call_int (call, round_id) };
    PGresult *result = xc_call_query (call,
        "SELECT i.spot_check_id, i.paper_id, p.number, v.title, g.name, i.result, i.comment, u.display_name, "
        XC_LOCAL_TIME ("i.checked_at")
        " FROM spot_check_item i JOIN spot_check s ON s.id = i.spot_check_id"
        " JOIN working_paper p ON p.id = i.paper_id JOIN inspection_group g ON g.id = p.group_id"
        " JOIN working_paper_version v ON v.paper_id = p.id AND v.version = p.version"
        " LEFT JOIN app_user u ON u.id = i.checked_by"
        " WHERE s.round_id = $1 ORDER BY i.spot_check_id, g.number, p.number_sequence, p.id", 1, params);
    if (!result)
        return -1;
    for (size_t i = 0; i < count; i++)
        checks[i]->items = (Xuncha__SpotCheckItem **) xc_call_read_rows_of (call, result, 0, checks[i]->id,
                                                                            s_item_from_row, &checks[i]->n_items);
    PQclear (result);
    return 0;
}

/* The spot checks of ROUND_ID (only CHECK_ID when not 0), with their items. */
static Xuncha__SpotCheck **
s_load_checks (xc_call_t *call, int64_t round_id, int64_t check_id, size_t *count)
{
    const char *params[] = { xc_call_int (call, round_id), xc_call_id_or_null (call, check_id) };
    PGresult *result = xc_call_query (call,
        "SELECT s.id, s.round_id, u.display_name, " XC_LOCAL_TIME ("s.drawn_at")
        " FROM spot_check s JOIN app_user u ON u.id = s.drawn_by"
        " WHERE s.round_id = $1 AND ($2::bigint IS NULL OR s.id = $2) ORDER BY s.id", 2, params);
    if (!result)
        return NULL;
    Xuncha__SpotCheck **checks = (Xuncha__SpotCheck **) xc_call_read_rows (call, result, s_check_from_row, count);
    PQclear (result);
    return s_attach_items (call, checks, *count, round_id) == 0 ? checks : NULL;
}

static int
s_reply_check (xc_call_t *call, int64_t round_id, int64_t check_id)
{
    size_t count;
    Xuncha__SpotCheck **checks = s_load_checks (call, round_id, check_id, &count);
    if (!checks)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_SPOT_CHECK;
    call->reply->spot_check = checks[0];
    return 0;
}

/* How many signed papers the round has (-1 after refusing NOT_FOUND for no round). */
static long
s_count_signed_papers (xc_call_t *call, int64_t round_id)
{
    const char *params[] = { xc_call_int (call, round_id) };
    PGresult *result = xc_call_query_one (call, "巡察轮次",
        "SELECT (SELECT count(*) FROM working_paper p WHERE p.round_id = r.id AND " XC_SIGNED_PAPER ")"
        " FROM round r WHERE r.id = $1", 1, params);
    if (!result)
        return -1;
    long count = (long) xc_row_int (result, 0, 0);
    PQclear (result);
    return count;
}

int
xc_draw_spot_check (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__SpotCheckDraw *draw = request->spot_check_draw;
    long available = s_count_signed_papers (call, draw->round_id);
    if (available < 0)
        return -1;
    if (available == 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "本轮巡察尚无已签批的问题底稿，无法抽检");
    const char *params[] = { xc_call_int (call, draw->round_id), xc_call_int (call, call->who.user_id),
                             xc_call_int (call, draw->size) };
    PGresult *result = xc_call_query (call,
        "WITH drawn AS (INSERT INTO spot_check (round_id, drawn_by) VALUES ($1, $2) RETURNING id)"
        " INSERT INTO spot_check_item (spot_check_id, paper_id)"
        " SELECT drawn.id, sample.id FROM drawn, (SELECT p.id FROM working_paper p WHERE p.round_id = $1 AND "
        XC_SIGNED_PAPER " ORDER BY random() LIMIT $3) sample RETURNING spot_check_id", 3, params);
    if (!result)
        return -1;
    int64_t check_id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (available < draw->size)
        snprintf (call->message, sizeof call->message, "本轮已签批的底稿只有 %ld 份，少于抽样数 %d 份，已全部抽取",
                  available, draw->size);   /* a note on success: the reply's message */
    if (xc_call_log_change (call, "draw_spot_check", "spot_check", check_id) != 0)
        return -1;
    return s_reply_check (call, draw->round_id, check_id);
}

int
xc_record_spot_check (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__SpotCheckRecord *record = request->spot_check_record;
    const char *params[] = { xc_call_int (call, record->spot_check_id) };
    PGresult *check = xc_call_query_one (call, "抽检", "SELECT round_id FROM spot_check WHERE id = $1", 1, params);
    if (!check)
        return -1;
    int64_t round_id = xc_row_int (check, 0, 0);
    PQclear (check);
    const char *update[] = { params[0], xc_call_int (call, record->paper_id), xc_call_int (call, record->result),
                             record->comment, xc_call_int (call, call->who.user_id) };
    PGresult *result = xc_call_query (call,
        "UPDATE spot_check_item SET result = $3, comment = $4, checked_by = $5, checked_at = now()"
        " WHERE spot_check_id = $1 AND paper_id = $2", 5, update);
    if (!result)
        return -1;
    int updated = atoi (PQcmdTuples (result));
    PQclear (result);
    if (!updated)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "底稿 #%lld 不在抽检 #%lld 的样本中",
                             (long long) record->paper_id, (long long) record->spot_check_id);
    if (xc_call_log_change (call, "record_spot_check", "spot_check", record->spot_check_id) != 0)
        return -1;
    return s_reply_check (call, round_id, record->spot_check_id);
}

int
xc_list_spot_checks (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t round_id = request->spot_check_list->round_id;
    if (s_count_signed_papers (call, round_id) < 0)   /* the round exists */
        return -1;
    Xuncha__SpotChecks *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__spot_checks__init (list);
    list->spot_checks = s_load_checks (call, round_id, 0, &list->n_spot_checks);
    if (!list->spot_checks)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_SPOT_CHECKS;
    call->reply->spot_checks = list;
    return 0;
}
