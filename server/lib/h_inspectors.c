/* h_inspectors — the 巡察人才库 (inspector pool): people who can be seconded to a
 * 巡察组, their home unit, their specialties (党建/财务/工程/纪检/人事 …) and the
 * relations they declare, which the 回避 rule reads when groups are formed. */
#include "handlers.h"
#include <string.h>

#define XC_INSPECTOR_COLUMNS \
    "i.id, i.name, i.home_unit_id, unit_path(i.home_unit_id), i.user_id," \
    " array_to_string(i.specialties, chr(31))"

/* Splits "a\x1fb" (validation forbids control characters in specialties) into an array. */
static void
s_split_specialties (xc_call_t *call, Xuncha__Inspector *inspector, char *joined)
{
    size_t count = *joined ? 1 : 0;
    for (char *p = joined; *p; p++)
        count += *p == 0x1f;
    inspector->specialties = (char **) xc_call_array (call, count);
    inspector->n_specialties = count;
    char *cursor = joined;
    for (size_t i = 0; i < count; i++) {
        char *end = strchr (cursor, 0x1f);
        if (end)
            *end = 0;
        inspector->specialties[i] = cursor;
        cursor = end ? end + 1 : cursor + strlen (cursor);
    }
}

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
    s_split_specialties (call, inspector, xc_row_text (call, result, row, 5));
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
    for (size_t i = 0; i < count; i++) {
        size_t n = 0;
        for (int row = 0; row < PQntuples (result); row++)
            n += xc_row_int (result, row, 0) == inspectors[i]->id;
        inspectors[i]->relations = (Xuncha__InspectorRelation **) xc_call_array (call, n);
        for (int row = 0; row < PQntuples (result); row++)
            if (xc_row_int (result, row, 0) == inspectors[i]->id)
                inspectors[i]->relations[inspectors[i]->n_relations++] = s_relation_from_row (call, result, row);
    }
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

/* {"党建","财务"} as a PostgreSQL array literal, each element quoted. */
static const char *
s_text_array (xc_call_t *call, char **items, size_t count)
{
    size_t size = 3;
    for (size_t i = 0; i < count; i++)
        size += 2 * strlen (items[i]) + 3;
    char *literal = xc_arena_alloc (call->arena, size);
    char *p = literal;
    *p++ = '{';
    for (size_t i = 0; i < count; i++) {
        if (i)
            *p++ = ',';
        *p++ = '"';
        for (const char *c = items[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                *p++ = '\\';
            *p++ = *c;
        }
        *p++ = '"';
    }
    *p++ = '}';
    return literal;
}

int
xc_add_inspector (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__InspectorCreate *create = request->inspector_create;
    const char *params[] = { create->name, xc_call_int (call, create->home_unit_id),
                             xc_call_id_or_null (call, create->user_id),
                             s_text_array (call, create->specialties, create->n_specialties) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO inspector (name, home_unit_id, user_id, specialties)"
        " VALUES ($1, $2, $3, $4) RETURNING id", 4, params);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "add_inspector", "inspector", id) != 0)
        return -1;
    return s_reply_inspector (call, id);
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
    return s_reply_inspector (call, add->inspector_id);
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
