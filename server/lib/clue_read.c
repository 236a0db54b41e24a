/* clue_read — see clue_read.h. Every clue query selects XC_CLUE_COLUMNS with today's
 * date as $1 (for the age and the overdue flag), its own parameters from $2 on. */
#include "clue_read.h"
#include "access.h"
#include "paper_read.h"
#include "xc_clock.h"
#include <stdlib.h>

#define XC_CLUE_OVERDUE "(c.state IN (4, 5) AND $1::date > c.feedback_due_date)"
#define XC_CLUE_COLUMNS \
    "c.id, c.round_id, c.group_id, g.name, c.unit_id, unit_path(c.unit_id), c.state," \
    " c.person_name, c.person_position, c.person_unit, c.conduct, c.time_place, c.amount," \
    " c.suggested_disposal, c.suggestion, c.cadre_selection, dw.display_name, aw.display_name," \
    " c.batch_id, b.number, b.receiver_unit_id, unit_path(b.receiver_unit_id), " XC_LOCAL_TIME ("b.transferred_at") \
    ", rw.display_name, " XC_LOCAL_TIME ("c.received_at") ", c.disposal, c.disposal_note, " \
    XC_LOCAL_TIME ("c.disposed_at") ", c.result, " XC_LOCAL_TIME ("c.result_at") ", c.quality, c.quality_comment," \
    " c.feedback_due_date, " XC_CLUE_OVERDUE "," \
    " coalesce($1::date - (b.transferred_at AT TIME ZONE INTERVAL '+08:00')::date, 0)"
#define XC_CLUE_FROM \
    " FROM clue c JOIN inspection_group g ON g.id = c.group_id JOIN app_user dw ON dw.id = c.drafted_by" \
    " LEFT JOIN app_user aw ON aw.id = c.approved_by LEFT JOIN clue_batch b ON b.id = c.batch_id" \
    " LEFT JOIN app_user rw ON rw.id = b.received_by"

/* Where clue CLUE_ID belongs (its group, the unit it was transferred to), read past row
 * security by clue_whereabouts (008_least_privilege.sql), which returns nothing else:
 * a clue outside the caller's scope is refused for that, not reported missing. Then the
 * caller's scope for the request: every clue, his groups' clues, or those transferred
 * to his unit. */
static int
s_require_clue_in_scope (xc_call_t *call, int64_t clue_id)
{
    const char *params[] = { xc_call_int_list (call, &clue_id, 1) };
    PGresult *result = xc_call_query_one (call, "问题线索",
        "SELECT group_id, receiver_unit_id FROM clue_whereabouts($1::bigint[])", 1, params);
    if (!result)
        return -1;
    int64_t group_id = xc_row_int (result, 0, 0);
    int64_t receiver_unit_id = xc_row_int (result, 0, 1);
    PQclear (result);
    xc_group_scope_t scope;
    switch (call->scope) {
        case XC_SCOPE_COMMITTEE: return 0;
        case XC_SCOPE_RECEIVER:
            return xc_require_clue_receiver (call, receiver_unit_id,
                                             xc_arena_printf (call->arena, "问题线索 #%lld ", (long long) clue_id));
        default: return xc_require_group_reader (call, group_id, &scope);
    }
}

int
xc_clue_lock (xc_call_t *call, int64_t clue_id, xc_clue_row_t *clue)
{
    if (s_require_clue_in_scope (call, clue_id) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, clue_id) };
    PGresult *result = xc_call_query_one (call, "问题线索",
        "SELECT c.group_id, c.state, c.cadre_selection, c.batch_id, b.number, b.receiver_unit_id, c.round_id,"
        " (SELECT r.phase = 8 FROM round r WHERE r.id = c.round_id)"
        " FROM clue c LEFT JOIN clue_batch b ON b.id = c.batch_id WHERE c.id = $1 FOR UPDATE OF c", 1, params);
    if (!result)
        return -1;
    clue->id = clue_id;
    clue->group_id = xc_row_int (result, 0, 0);
    clue->state = (int) xc_row_int (result, 0, 1);
    clue->cadre_selection = *PQgetvalue (result, 0, 2) == 't';
    clue->batch_id = xc_row_int (result, 0, 3);
    clue->batch_number = xc_row_text (call, result, 0, 4);
    clue->receiver_unit_id = xc_row_int (result, 0, 5);
    int64_t round_id = xc_row_int (result, 0, 6);
    int archived = *PQgetvalue (result, 0, 7) == 't';
    PQclear (result);
    /* 立卷归档: the clue is sealed with its round, whatever its state */
    return archived ? xc_refuse_archived_round (call, round_id) : 0;
}

int
xc_require_clue_receiver (xc_call_t *call, int64_t receiver_unit_id, const char *what)
{
    return xc_require_receiving_unit (call, receiver_unit_id, what);
}

int
xc_require_clue_reader (xc_call_t *call, int64_t clue_id)
{
    return s_require_clue_in_scope (call, clue_id);
}

/* ------------------------------------------------------------------ rows into messages */

static Xuncha__ClueContent *
s_content_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__CluePerson *person = xc_arena_alloc (call->arena, sizeof *person);
    xuncha__clue_person__init (person);
    person->name = xc_row_text (call, result, row, 7);
    person->position = xc_row_text (call, result, row, 8);
    person->unit = xc_row_text (call, result, row, 9);
    Xuncha__ClueContent *content = xc_arena_alloc (call->arena, sizeof *content);
    xuncha__clue_content__init (content);
    content->person = person;
    content->conduct = xc_row_text (call, result, row, 10);
    content->time_place = xc_row_text (call, result, row, 11);
    content->amount = xc_row_text (call, result, row, 12);
    content->suggested_disposal = (Xuncha__ClueDisposal) xc_row_int (result, row, 13);
    content->suggestion = xc_row_text (call, result, row, 14);
    content->cadre_selection = *PQgetvalue (result, row, 15) == 't';
    return content;
}

/* The fate of the clue after its transfer: receipt, disposal, result, rating. */
static void
s_fate_from_row (xc_call_t *call, const PGresult *result, int row, Xuncha__Clue *clue)
{
    clue->received_by = xc_row_text (call, result, row, 23);
    clue->received_at = xc_row_text (call, result, row, 24);
    clue->disposal = (Xuncha__ClueDisposal) xc_row_int (result, row, 25);
    clue->disposal_note = xc_row_text (call, result, row, 26);
    clue->disposed_at = xc_row_text (call, result, row, 27);
    clue->result = xc_row_text (call, result, row, 28);
    clue->result_at = xc_row_text (call, result, row, 29);
    clue->quality = (int32_t) xc_row_int (result, row, 30);
    clue->quality_comment = xc_row_text (call, result, row, 31);
    clue->feedback_due_date = xc_row_text (call, result, row, 32);
    clue->feedback_overdue = *PQgetvalue (result, row, 33) == 't';
    clue->age_days = (int32_t) xc_row_int (result, row, 34);
}

static void *
s_clue_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__Clue *clue = xc_arena_alloc (call->arena, sizeof *clue);
    xuncha__clue__init (clue);
    clue->id = xc_row_int (result, row, 0);
    clue->round_id = xc_row_int (result, row, 1);
    clue->group_id = xc_row_int (result, row, 2);
    clue->group_name = xc_row_text (call, result, row, 3);
    clue->unit_id = xc_row_int (result, row, 4);
    clue->unit_name = xc_row_text (call, result, row, 5);
    clue->state = (Xuncha__ClueState) xc_row_int (result, row, 6);
    clue->content = s_content_from_row (call, result, row);
    clue->drafted_by = xc_row_text (call, result, row, 16);
    clue->approved_by = xc_row_text (call, result, row, 17);
    clue->batch_id = xc_row_int (result, row, 18);
    clue->batch_number = xc_row_text (call, result, row, 19);
    clue->receiver_unit_id = xc_row_int (result, row, 20);
    clue->receiver_unit_name = xc_row_text (call, result, row, 21);
    clue->transferred_at = xc_row_text (call, result, row, 22);
    s_fate_from_row (call, result, row, clue);
    return clue;
}

/* Clues WHERE (with its parameters from $2 on), today being $1. */
static Xuncha__Clue **
s_select (xc_call_t *call, const char *where, int count, const char *const *params, size_t *n)
{
    char today[11];
    xc_clock_today (today);
    const char **all = xc_arena_alloc (call->arena, (size_t) (count + 1) * sizeof *all);
    all[0] = xc_arena_strdup (call->arena, today);
    for (int i = 0; i < count; i++)
        all[i + 1] = params[i];
    const char *sql = xc_arena_printf (call->arena, "SELECT " XC_CLUE_COLUMNS XC_CLUE_FROM " WHERE %s"
                                                    " ORDER BY g.number, c.id", where);
    PGresult *result = xc_call_query (call, sql, count + 1, all);
    if (!result)
        return NULL;
    Xuncha__Clue **clues = (Xuncha__Clue **) xc_call_read_rows (call, result, s_clue_from_row, n);
    PQclear (result);
    return clues;
}

static int
s_load_evidence (xc_call_t *call, Xuncha__Clue *clue)
{
    const char *params[] = { xc_call_int (call, clue->id) };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_EVIDENCE_COLUMNS " FROM clue_evidence e" XC_EVIDENCE_JOINS
        " WHERE e.clue_id = $1 AND e.paper_id IS NULL ORDER BY e.position", 1, params);
    if (!result)
        return -1;
    Xuncha__ClueContent *content = clue->content;
    content->evidence = (Xuncha__EvidenceItem **) xc_call_read_rows (call, result, xc_evidence_item_from_row,
                                                                     &content->n_evidence);
    PQclear (result);
    result = xc_call_query (call, "SELECT paper_id FROM clue_evidence WHERE clue_id = $1 AND paper_id IS NOT NULL"
                                  " ORDER BY position", 1, params);
    if (!result)
        return -1;
    content->n_paper_ids = (size_t) PQntuples (result);
    content->paper_ids = xc_arena_alloc (call->arena, (content->n_paper_ids + 1) * sizeof *content->paper_ids);
    for (size_t i = 0; i < content->n_paper_ids; i++)
        content->paper_ids[i] = xc_row_int (result, (int) i, 0);
    PQclear (result);
    return 0;
}

Xuncha__Clue *
xc_clue_load (xc_call_t *call, int64_t clue_id)
{
    const char *params[] = { xc_call_int (call, clue_id) };
    size_t count;
    Xuncha__Clue **clues = s_select (call, "c.id = $2", 1, params, &count);
    if (!clues)
        return NULL;
    if (count == 0) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "问题线索不存在");
        return NULL;
    }
    return s_load_evidence (call, clues[0]) == 0 ? clues[0] : NULL;
}

/* The caller's view, by his scope: every clue, his groups' clues, or those transferred
 * to his unit. */
static const char *
s_view_of (const xc_call_t *call)
{
    switch (call->scope) {
        case XC_SCOPE_COMMITTEE: return "office";
        case XC_SCOPE_GROUP: return "inspector";
        case XC_SCOPE_RECEIVER: return "receiver";
        default: return "none";
    }
}

Xuncha__Clue **
xc_clue_list (xc_call_t *call, const Xuncha__ClueList *filter, size_t *count)
{
    const char *params[] = { xc_call_id_or_null (call, filter->round_id), xc_call_id_or_null (call, filter->group_id),
                             xc_call_id_or_null (call, filter->state), filter->overdue_only ? "true" : "false",
                             s_view_of (call), xc_call_int (call, call->who.user_id),
                             xc_call_id_or_null (call, call->who.org_unit_id) };
    return s_select (call,
        "($2::bigint IS NULL OR c.round_id = $2) AND ($3::bigint IS NULL OR c.group_id = $3)"
        " AND ($4::smallint IS NULL OR c.state = $4) AND (NOT $5::boolean OR " XC_CLUE_OVERDUE ")"
        " AND ($6 = 'office'"
        "   OR ($6 = 'inspector' AND EXISTS (SELECT 1 FROM group_member m JOIN inspector i ON i.id = m.inspector_id"
        "       WHERE m.group_id = c.group_id AND i.user_id = $7))"
        "   OR ($6 = 'receiver' AND b.receiver_unit_id = $8))", 7, params, count);
}

Xuncha__ClueBatch *
xc_clue_batch_load (xc_call_t *call, int64_t batch_id)
{
    const char *params[] = { xc_call_int (call, batch_id) };
    PGresult *result = xc_call_query_one (call, "移交批次",
        "SELECT b.id, b.number, b.group_id, g.name, b.receiver_unit_id, unit_path(b.receiver_unit_id),"
        " t.display_name, " XC_LOCAL_TIME ("b.transferred_at")
        " FROM clue_batch b JOIN inspection_group g ON g.id = b.group_id JOIN app_user t ON t.id = b.transferred_by"
        " WHERE b.id = $1", 1, params);
    if (!result)
        return NULL;
    Xuncha__ClueBatch *batch = xc_arena_alloc (call->arena, sizeof *batch);
    xuncha__clue_batch__init (batch);
    batch->id = xc_row_int (result, 0, 0);
    batch->number = xc_row_text (call, result, 0, 1);
    batch->group_id = xc_row_int (result, 0, 2);
    batch->group_name = xc_row_text (call, result, 0, 3);
    batch->receiver_unit_id = xc_row_int (result, 0, 4);
    batch->receiver_unit_name = xc_row_text (call, result, 0, 5);
    batch->transferred_by = xc_row_text (call, result, 0, 6);
    batch->transferred_at = xc_row_text (call, result, 0, 7);
    PQclear (result);
    batch->clues = s_select (call, "c.batch_id = $2", 1, params, &batch->n_clues);
    return batch->clues ? batch : NULL;
}

int
xc_clue_reply (xc_call_t *call, int64_t clue_id)
{
    Xuncha__Clue *clue = xc_clue_load (call, clue_id);
    if (!clue)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_CLUE;
    call->reply->clue = clue;
    return 0;
}

int
xc_clue_batch_reply (xc_call_t *call, int64_t batch_id)
{
    Xuncha__ClueBatch *batch = xc_clue_batch_load (call, batch_id);
    if (!batch)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_CLUE_BATCH;
    call->reply->clue_batch = batch;
    return 0;
}

static void *
s_quality_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__GroupClueQuality *quality = xc_arena_alloc (call->arena, sizeof *quality);
    xuncha__group_clue_quality__init (quality);
    quality->group_id = xc_row_int (result, row, 0);
    quality->group_name = xc_row_text (call, result, row, 1);
    quality->clues = (int32_t) xc_row_int (result, row, 2);
    quality->rated = (int32_t) xc_row_int (result, row, 3);
    quality->average = strtod (PQgetvalue (result, row, 4), NULL);
    quality->overdue = (int32_t) xc_row_int (result, row, 5);
    return quality;
}

Xuncha__GroupClueQuality **
xc_clue_quality (xc_call_t *call, int64_t round_id, size_t *count)
{
    char today[11];
    xc_clock_today (today);
    const char *params[] = { today, xc_call_int (call, round_id) };
    PGresult *result = xc_call_query (call,
        "SELECT g.id, g.name, count(c.batch_id), count(c.quality), coalesce(round(avg(c.quality), 2), 0),"
        " count(c.id) FILTER (WHERE " XC_CLUE_OVERDUE ")"
        " FROM inspection_group g LEFT JOIN clue_figures($2) c ON c.group_id = g.id"   /* figures, no contents */
        " WHERE g.round_id = $2 GROUP BY g.id ORDER BY g.number", 2, params);
    if (!result)
        return NULL;
    Xuncha__GroupClueQuality **groups = (Xuncha__GroupClueQuality **) xc_call_read_rows (call, result,
                                                                                        s_quality_from_row, count);
    PQclear (result);
    return groups;
}
