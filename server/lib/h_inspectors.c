/* h_inspectors — the 巡察人才库 (inspector pool): people who can be seconded to a
 * 巡察组, their home unit, their specialties (党建/财务/工程/纪检/人事 …) and the
 * relations they declare, which the 回避 rule reads when groups are formed; and, for
 * one a 工作鉴定 took out of the pool, which one (h_evaluations.c). */
#include "handlers.h"
#include <stdio.h>
#include <string.h>

#define XC_INSPECTOR_COLUMNS \
    "i.id, i.name, i.home_unit_id, unit_path(i.home_unit_id), i.user_id," \
    " array_to_string(i.specialties, chr(31)), " XC_POOL_EXCLUSION ("i")

static void *
s_inspector_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__Inspector *inspector = xc_arena_alloc (call->arena, sizeof *inspector);
    xuncha__inspector__init (inspector);
    inspector->id = xc_row_int (result, row, 0);
    inspector->name = xc_row_text (call, result, row, 1);
    inspector->home_unit_id = xc_row_int (result, row, 2);
    inspector->home_unit_name = xc_row_text (call, result, row, 3);
    inspector->user_id = xc_row_int (result, row, 4);
    inspector->specialties = xc_row_text_list (call, result, row, 5, &inspector->n_specialties);
    inspector->pool_exclusion = xc_row_text (call, result, row, 6);
    return inspector;
}

static void *
s_relation_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__InspectorRelation *relation = xc_arena_alloc (call->arena, sizeof *relation);
    xuncha__inspector_relation__init (relation);
    relation->unit_id = xc_row_int (result, row, 1);
    relation->unit_name = xc_row_text (call, result, row, 2);
    relation->relation = xc_row_text (call, result, row, 3);
    return relation;
}

/* Loads the declared relations of every inspector in the list (one query). */
static int
s_attach_relations (xc_call_t *call, Xuncha__Inspector **inspectors, size_t count)
{
    PGresult *result = xc_call_query (call,
        "SELECT r.inspector_id, r.unit_id, unit_path(r.unit_id), r.relation"
        " FROM inspector_relation r ORDER BY r.inspector_id, r.unit_id", 0, NULL);
    if (!result)
        return -1;
    for (size_t i = 0; i < count; i++)
        inspectors[i]->relations = (Xuncha__InspectorRelation **) xc_call_read_rows_of (
            call, result, 0, inspectors[i]->id, s_relation_from_row, &inspectors[i]->n_relations);
    PQclear (result);
    return 0;
}

static int
s_reply_inspector (xc_call_t *call, int64_t inspector_id)
{
    const char *params[] = { xc_call_int (call, inspector_id) };
    PGresult *result = xc_call_query_one (call, "检查人员",
        "SELECT " XC_INSPECTOR_COLUMNS " FROM inspector i WHERE i.id = $1", 1, params);
    if (!result)
        return -1;
    Xuncha__Inspector *inspector = s_inspector_from_row (call, result, 0);
    PQclear (result);
    if (s_attach_relations (call, &inspector, 1) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_INSPECTOR;
    call->reply->inspector = inspector;
    return 0;
}

int
xc_add_inspector (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__InspectorCreate *create = request->inspector_create;
    const char *params[] = { create->name, xc_call_int (call, create->home_unit_id),
                             xc_call_id_or_null (call, create->user_id),
                             xc_call_text_list (call, create->specialties, create->n_specialties) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO inspector (name, home_unit_id, user_id, specialties)"
        " VALUES ($1, $2, $3, coalesce(string_to_array($4, chr(31)), '{}')) RETURNING id", 4, params);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "add_inspector", "inspector", id) != 0)
        return -1;
    return s_reply_inspector (call, id);
}

/* A relation declared after the inspector joined groups may make him conflict with a
 * unit his group inspects: the relation is recorded all the same (it is a fact), and
 * the reply says which assignment must change. */
static void
s_warn_of_conflicts (xc_call_t *call, int64_t inspector_id)
{
    const char *params[] = { xc_call_int (call, inspector_id) };
    PGresult *rounds = xc_call_query (call,
        "SELECT DISTINCT m.round_id FROM group_member m JOIN round r ON r.id = m.round_id"
        " WHERE m.inspector_id = $1 AND r.phase < 8 ORDER BY 1", 1, params);
    for (int row = 0; rounds && row < PQntuples (rounds); row++) {
        if (xc_check_round_recusal (call, xc_row_int (rounds, row, 0), inspector_id) != 0) {
            char conflict[900];
            snprintf (conflict, sizeof conflict, "%.899s", call->message);
            snprintf (call->message, sizeof call->message, "已登记。注意：%s，请调整分组", conflict);
            call->status = XUNCHA__STATUS__STATUS_OK;
            break;
        }
    }
    PQclear (rounds);
}

int
xc_declare_inspector_relation (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__InspectorRelationAdd *add = request->inspector_relation_add;
    const char *params[] = { xc_call_int (call, add->inspector_id), xc_call_int (call, add->unit_id),
                             add->relation };
    PGresult *result = xc_call_query (call,
        "INSERT INTO inspector_relation (inspector_id, unit_id, relation) VALUES ($1, $2, $3)",
        3, params);
    if (!result)
        return -1;
    PQclear (result);
    if (xc_call_log_change (call, "declare_inspector_relation", "inspector", add->inspector_id) != 0)
        return -1;
    if (s_reply_inspector (call, add->inspector_id) != 0)
        return -1;
    s_warn_of_conflicts (call, add->inspector_id);
    return 0;
}

int
xc_list_inspectors (xc_call_t *call, const Xuncha__Request *request)
{
    const char *params[] = { xc_call_text_or_null (request->inspector_list->specialty) };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_INSPECTOR_COLUMNS " FROM inspector i"
        " WHERE $1::text IS NULL OR $1 = ANY (i.specialties) ORDER BY i.id", 1, params);
    if (!result)
        return -1;
    Xuncha__Inspectors *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__inspectors__init (list);
    list->inspectors = (Xuncha__Inspector **) xc_call_read_rows (call, result, s_inspector_from_row, &list->n_inspectors);
    PQclear (result);
    if (s_attach_relations (call, list->inspectors, list->n_inspectors) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_INSPECTORS;
    call->reply->inspectors = list;
    return 0;
}
