/* h_org_units — the organisation tree: 区/县 → 乡镇/街道 → 村/社区, with departments
 * and enterprises under the 区/县. The tree is the scope of 回避 and of inspection. */
#include "handlers.h"
#include "xc_names.h"

#define XC_UNIT_COLUMNS "u.id, u.parent_id, u.name, u.kind, unit_path(u.id)"

static void *
s_unit_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__OrgUnit *unit = xc_arena_alloc (call->arena, sizeof *unit);
    xuncha__org_unit__init (unit);
    unit->id = xc_row_int (result, row, 0);
    unit->parent_id = xc_row_int (result, row, 1);
    unit->name = xc_row_text (call, result, row, 2);
    unit->kind = (Xuncha__UnitKind) xc_row_int (result, row, 3);
    unit->path = xc_row_text (call, result, row, 4);
    return unit;
}

/* Which kind of unit may sit under which: a village under a township, a township
 * under a county; departments and enterprises under a county or a township. */
static int
s_check_parent_kind (xc_call_t *call, Xuncha__UnitKind kind, int has_parent, Xuncha__UnitKind parent)
{
    const char *label = xc_label (&xuncha__unit_kind__descriptor, kind);
    const char *parent_label = has_parent ? xc_label (&xuncha__unit_kind__descriptor, parent) : "无";
    int ok;
    switch (kind) {
        case XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY: ok = !has_parent; break;
        case XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP: ok = has_parent && parent == XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY; break;
        case XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE:
        case XUNCHA__UNIT_KIND__UNIT_KIND_COMMUNITY: ok = has_parent && parent == XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP; break;
        default:
            ok = has_parent && (parent == XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY
                                || parent == XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP
                                || parent == XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT);
    }
    if (ok)
        return 0;
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                         "“%s”不能设在上级“%s”之下（区县为根；乡镇属区县；村、社区属乡镇；部门、企事业单位属区县或乡镇）",
                         label, parent_label ? parent_label : "无");
}

int
xc_create_org_unit (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__OrgUnitCreate *create = request->org_unit_create;
    Xuncha__UnitKind parent_kind = XUNCHA__UNIT_KIND__UNIT_KIND_UNSPECIFIED;
    if (create->parent_id) {
        const char *params[] = { xc_call_int (call, create->parent_id) };
        PGresult *parent = xc_call_query_one (call, "上级单位", "SELECT kind FROM org_unit WHERE id = $1", 1, params);
        if (!parent)
            return -1;
        parent_kind = (Xuncha__UnitKind) xc_row_int (parent, 0, 0);
        PQclear (parent);
    }
    if (s_check_parent_kind (call, create->kind, create->parent_id != 0, parent_kind) != 0)
        return -1;
    const char *params[] = { xc_call_id_or_null (call, create->parent_id), create->name,
                             xc_call_int (call, create->kind) };
    PGresult *result = xc_call_query (call,
        "WITH u AS (INSERT INTO org_unit (parent_id, name, kind) VALUES ($1, $2, $3) RETURNING *)"
        " SELECT u.id, u.parent_id, u.name, u.kind,"
        "  coalesce(unit_path(u.parent_id) || '/', '') || u.name FROM u", 3, params);
    if (!result)
        return -1;
    Xuncha__OrgUnit *unit = s_unit_from_row (call, result, 0);
    PQclear (result);
    if (xc_call_log_change (call, "create_org_unit", "org_unit", unit->id) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ORG_UNIT;
    call->reply->org_unit = unit;
    return 0;
}

int
xc_list_org_units (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    PGresult *result = xc_call_query (call,
        "SELECT * FROM (SELECT " XC_UNIT_COLUMNS " FROM org_unit u) t ORDER BY 5", 0, NULL);
    if (!result)
        return -1;
    Xuncha__OrgUnits *units = xc_arena_alloc (call->arena, sizeof *units);
    xuncha__org_units__init (units);
    units->units = (Xuncha__OrgUnit **) xc_call_read_rows (call, result, s_unit_from_row, &units->n_units);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_ORG_UNITS;
    call->reply->org_units = units;
    return 0;
}
