/* h_groups — 巡察组: formed for a round from the 人才库, with a 组长, 副组长 and 组员,
 * and the 被巡察单位 each group inspects. Every member and unit pairing passes the
 * 回避 rule (common/xc_recusal.h); a conflict is refused with the reason. */
#include "handlers.h"
#include "access.h"
#include "xc_names.h"
#include "xc_recusal.h"
#include <stdlib.h>
#include <string.h>

/* "{3,2,1}" → array in the arena. */
static xc_unit_chain_t
s_parse_chain (xc_call_t *call, const char *literal)
{
    xc_unit_chain_t chain = { NULL, 0 };
    size_t count = 0;
    for (const char *p = literal; *p; p++)
        count += *p == ',';
    int64_t *ids = xc_arena_alloc (call->arena, (count + 1) * sizeof *ids);
    for (const char *p = literal; *p;) {
        if (*p >= '0' && *p <= '9') {
            char *end;
            ids[chain.length++] = strtoll (p, &end, 10);
            p = end;
        }
        else
            p++;
    }
    chain.chain = ids;
    return chain;
}

int
xc_check_recusal (xc_call_t *call, int64_t inspector_id, int64_t unit_id)
{
    const char *params[] = { xc_call_int (call, inspector_id), xc_call_int (call, unit_id) };
    PGresult *home = xc_call_query_one (call, "检查人员",
        "SELECT i.name, unit_ancestors(i.home_unit_id), unit_path(i.home_unit_id), unit_path($2),"
        " unit_ancestors($2) FROM inspector i WHERE i.id = $1", 2, params);
    if (!home)
        return -1;
    PGresult *relations = xc_call_query (call,
        "SELECT unit_ancestors(r.unit_id), unit_path(r.unit_id), r.relation"
        " FROM inspector_relation r WHERE r.inspector_id = $1 ORDER BY r.unit_id", 1, params);
    if (!relations) {
        PQclear (home);
        return -1;
    }
    xc_unit_chain_t home_chain = s_parse_chain (call, PQgetvalue (home, 0, 1));
    xc_unit_chain_t target_chain = s_parse_chain (call, PQgetvalue (home, 0, 4));
    size_t relation_count = (size_t) PQntuples (relations);
    xc_unit_chain_t *relation_chains = xc_arena_alloc (call->arena, (relation_count + 1) * sizeof *relation_chains);
    for (size_t i = 0; i < relation_count; i++)
        relation_chains[i] = s_parse_chain (call, PQgetvalue (relations, (int) i, 0));
    size_t which = 0;
    xc_recusal_t verdict = xc_recusal_check (&home_chain, relation_chains, relation_count, &target_chain, &which);
    int rc = 0;
    if (verdict == XC_RECUSAL_HOME_UNIT)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                           "回避：检查人员 %s 的所在单位为“%s”，不能巡察“%s”（本单位、其上级或下属单位）",
                           PQgetvalue (home, 0, 0), PQgetvalue (home, 0, 2), PQgetvalue (home, 0, 3));
    else if (verdict == XC_RECUSAL_RELATION)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                           "回避：检查人员 %s 申报了与“%s”的关系（%s），不能巡察“%s”",
                           PQgetvalue (home, 0, 0), PQgetvalue (relations, (int) which, 1),
                           PQgetvalue (relations, (int) which, 2), PQgetvalue (home, 0, 3));
    PQclear (home);
    PQclear (relations);
    return rc;
}

int
xc_check_round_recusal (xc_call_t *call, int64_t round_id, int64_t only_inspector)
{
    const char *params[] = { xc_call_int (call, round_id), xc_call_id_or_null (call, only_inspector) };
    PGresult *pairs = xc_call_query (call,
        "SELECT m.inspector_id, u.unit_id FROM group_member m JOIN group_unit u ON u.group_id = m.group_id"
        " WHERE m.round_id = $1 AND ($2::bigint IS NULL OR m.inspector_id = $2) ORDER BY 1, 2", 2, params);
    if (!pairs)
        return -1;
    int rc = 0;
    for (int row = 0; rc == 0 && row < PQntuples (pairs); row++)
        rc = xc_check_recusal (call, xc_row_int (pairs, row, 0), xc_row_int (pairs, row, 1));
    PQclear (pairs);
    return rc;
}

static void *
s_member_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__GroupMember *member = xc_arena_alloc (call->arena, sizeof *member);
    xuncha__group_member__init (member);
    member->inspector_id = xc_row_int (result, row, 0);
    member->name = xc_row_text (call, result, row, 1);
    member->position = (Xuncha__Position) xc_row_int (result, row, 2);
    return member;
}

static void *
s_unit_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__GroupUnit *unit = xc_arena_alloc (call->arena, sizeof *unit);
    xuncha__group_unit__init (unit);
    unit->unit_id = xc_row_int (result, row, 0);
    unit->unit_name = xc_row_text (call, result, row, 1);
    unit->batch_number = (int32_t) xc_row_int (result, row, 2);
    return unit;
}

static Xuncha__Group *
xc_load_group (xc_call_t *call, int64_t group_id)
{
    const char *params[] = { xc_call_int (call, group_id) };
    PGresult *result = xc_call_query_one (call, "巡察组",
        "SELECT id, round_id, number, name FROM inspection_group WHERE id = $1", 1, params);
    if (!result)
        return NULL;
    Xuncha__Group *group = xc_arena_alloc (call->arena, sizeof *group);
    xuncha__group__init (group);
    group->id = xc_row_int (result, 0, 0);
    group->round_id = xc_row_int (result, 0, 1);
    group->number = (int32_t) xc_row_int (result, 0, 2);
    group->name = xc_row_text (call, result, 0, 3);
    PQclear (result);
    result = xc_call_query (call,
        "SELECT m.inspector_id, i.name, m.position FROM group_member m"
        " JOIN inspector i ON i.id = m.inspector_id WHERE m.group_id = $1"
        " ORDER BY m.position, i.id", 1, params);
    if (!result)
        return NULL;
    group->members = (Xuncha__GroupMember **) xc_call_read_rows (call, result, s_member_from_row, &group->n_members);
    PQclear (result);
    result = xc_call_query (call,
        "SELECT u.unit_id, unit_path(u.unit_id), u.batch_number FROM group_unit u"
        " WHERE u.group_id = $1 ORDER BY u.unit_id", 1, params);
    if (!result)
        return NULL;
    group->units = (Xuncha__GroupUnit **) xc_call_read_rows (call, result, s_unit_from_row, &group->n_units);
    PQclear (result);
    return group;
}

static int
s_reply_group (xc_call_t *call, int64_t group_id)
{
    Xuncha__Group *group = xc_load_group (call, group_id);
    if (!group)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_GROUP;
    call->reply->group = group;
    return 0;
}

/* 第一巡察组 … 第十巡察组, then 第11巡察组. */
static const char *
s_default_group_name (xc_call_t *call, int number)
{
    static const char *numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
    if (number >= 1 && number <= 10)
        return xc_arena_printf (call->arena, "第%s巡察组", numerals[number - 1]);
    return xc_arena_printf (call->arena, "第%d巡察组", number);
}

int
xc_form_group (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__GroupCreate *create = request->group_create;
    if (xc_require_round_in_preparation (call, create->round_id, "组建巡察组") != 0)
        return -1;
    const char *name = *create->name ? create->name : s_default_group_name (call, create->number);
    const char *params[] = { xc_call_int (call, create->round_id), xc_call_int (call, create->number), name };
    PGresult *result = xc_call_query (call,
        "INSERT INTO inspection_group (round_id, number, name) VALUES ($1, $2, $3) RETURNING id", 3, params);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "form_group", "inspection_group", id) != 0)
        return -1;
    return s_reply_group (call, id);
}

/* The round a group belongs to, or 0 after refusing. */
static int64_t
s_round_of_group (xc_call_t *call, int64_t group_id)
{
    const char *params[] = { xc_call_int (call, group_id) };
    PGresult *result = xc_call_query_one (call, "巡察组",
        "SELECT round_id FROM inspection_group WHERE id = $1", 1, params);
    if (!result)
        return 0;
    int64_t round_id = xc_row_int (result, 0, 0);
    PQclear (result);
    return round_id;
}

int
xc_add_group_member (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__GroupMemberAdd *add = request->group_member_add;
    int64_t round_id = s_round_of_group (call, add->group_id);
    if (!round_id || xc_require_round_in_preparation (call, round_id, "调整巡察组成员") != 0
        || xc_require_in_pool (call, add->inspector_id) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, add->group_id) };
    PGresult *units = xc_call_query (call, "SELECT unit_id FROM group_unit WHERE group_id = $1", 1, params);
    if (!units)
        return -1;
    for (int row = 0; row < PQntuples (units); row++)
        if (xc_check_recusal (call, add->inspector_id, xc_row_int (units, row, 0)) != 0) {
            PQclear (units);
            return -1;
        }
    PQclear (units);
    const char *insert[] = { params[0], xc_call_int (call, round_id), xc_call_int (call, add->inspector_id),
                             xc_call_int (call, add->position) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO group_member (group_id, round_id, inspector_id, position) VALUES ($1, $2, $3, $4)",
        4, insert);
    if (!result)
        return -1;
    PQclear (result);
    if (xc_call_log_change (call, "add_group_member", "inspection_group", add->group_id) != 0)
        return -1;
    return s_reply_group (call, add->group_id);
}

int
xc_remove_group_member (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__GroupMemberRemove *remove = request->group_member_remove;
    int64_t round_id = s_round_of_group (call, remove->group_id);
    if (!round_id || xc_require_round_in_preparation (call, round_id, "调整巡察组成员") != 0)
        return -1;
    const char *params[] = { xc_call_int (call, remove->group_id), xc_call_int (call, remove->inspector_id) };
    PGresult *result = xc_call_query (call,
        "DELETE FROM group_member WHERE group_id = $1 AND inspector_id = $2", 2, params);
    if (!result)
        return -1;
    int removed = atoi (PQcmdTuples (result));
    PQclear (result);
    if (!removed)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "该检查人员不在本组");
    if (xc_call_log_change (call, "remove_group_member", "inspection_group", remove->group_id) != 0)
        return -1;
    return s_reply_group (call, remove->group_id);
}

int
xc_assign_unit_to_group (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__GroupUnitAssign *assign = request->group_unit_assign;
    int64_t round_id = s_round_of_group (call, assign->group_id);
    if (!round_id || xc_require_round_in_preparation (call, round_id, "分配被巡察单位") != 0)
        return -1;
    const char *unit[] = { xc_call_int (call, assign->unit_id) };
    PGresult *root = xc_call_query_one (call, "单位", "SELECT parent_id IS NULL FROM org_unit WHERE id = $1", 1, unit);
    if (!root)
        return -1;
    int is_root = *PQgetvalue (root, 0, 0) == 't';
    PQclear (root);
    if (is_root)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "区/县本级是巡察的主体，不能作为被巡察单位");
    const char *params[] = { xc_call_int (call, assign->group_id) };
    PGresult *members = xc_call_query (call, "SELECT inspector_id FROM group_member WHERE group_id = $1", 1, params);
    if (!members)
        return -1;
    for (int row = 0; row < PQntuples (members); row++)
        if (xc_check_recusal (call, xc_row_int (members, row, 0), assign->unit_id) != 0) {
            PQclear (members);
            return -1;
        }
    PQclear (members);
    const char *insert[] = { params[0], xc_call_int (call, round_id), xc_call_int (call, assign->unit_id),
                             xc_call_id_or_null (call, assign->batch_number) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO group_unit (group_id, round_id, unit_id, batch_number) VALUES ($1, $2, $3, $4)",
        4, insert);
    if (!result)
        return -1;
    PQclear (result);
    if (xc_call_log_change (call, "assign_unit_to_group", "inspection_group", assign->group_id) != 0)
        return -1;
    return s_reply_group (call, assign->group_id);
}

Xuncha__Group **
xc_load_round_groups (xc_call_t *call, int64_t round_id, size_t *count)
{
    const char *params[] = { xc_call_int (call, round_id), xc_group_filter (call) };
    PGresult *result = xc_call_query (call,
        "SELECT g.id FROM inspection_group g WHERE g.round_id = $1"
        " AND ($2::bigint IS NULL OR " XC_MEMBER_OF ("g.id", "2") ") ORDER BY g.number", 2, params);
    if (!result)
        return NULL;
    *count = (size_t) PQntuples (result);
    Xuncha__Group **groups = (Xuncha__Group **) xc_call_array (call, *count);
    for (size_t i = 0; groups && i < *count; i++)
        if (!(groups[i] = xc_load_group (call, xc_row_int (result, (int) i, 0))))
            groups = NULL;
    PQclear (result);
    return groups;
}

int
xc_list_groups (xc_call_t *call, const Xuncha__Request *request)
{
    if (xc_require_round_reader (call, request->group_list->round_id) != 0)
        return -1;
    Xuncha__Groups *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__groups__init (list);
    list->groups = xc_load_round_groups (call, request->group_list->round_id, &list->n_groups);
    if (!list->groups)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_GROUPS;
    call->reply->groups = list;
    return 0;
}

int
xc_show_group (xc_call_t *call, const Xuncha__Request *request)
{
    xc_group_scope_t scope;
    if (xc_require_group_reader (call, request->group_show->group_id, &scope) != 0)
        return -1;
    return s_reply_group (call, request->group_show->group_id);
}
