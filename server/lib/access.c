/* access — see access.h. */
#include "access.h"
#include "xc_names.h"
#include <stdarg.h>
#include <stdio.h>

int
xc_refuse_out_of_scope (xc_call_t *call, const char *fmt, ...)
{
    char why[512];
    va_list args;
    va_start (args, fmt);
    vsnprintf (why, sizeof why, fmt, args);
    va_end (args);
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "%s仅限%s，%s", call->permission ? call->permission : "此操作",
                         xc_scope_label (call->scope), why);
}

/* What a group's scope is found from: the group itself, or a row of one of its tables
 * (one statement for both the row's group and the scope). */
typedef struct {
    const char *what;   /* in "…不存在" */
    const char *from;   /* the rows, with the group as g */
    const char *key;    /* the column the id given is matched against */
} s_scope_source_t;

static const s_scope_source_t s_group_itself = { "巡察组", "inspection_group g", "g.id" };
static const s_scope_source_t s_group_of_record = {
    "现场记录", "field_record x JOIN inspection_group g ON g.id = x.group_id", "x.id"
};

static int
s_load_scope_from (xc_call_t *call, const s_scope_source_t *source, int64_t id, xc_group_scope_t *scope,
                   bool lock_round)
{
    const char *params[] = { xc_call_int (call, id), xc_call_int (call, call->who.user_id) };
    const char *sql = xc_arena_printf (call->arena,
        "SELECT g.id, g.round_id, r.phase, r.type, g.name, r.committee, g.number,"
        " (SELECT min(m.position) FROM group_member m JOIN inspector i ON i.id = m.inspector_id"
        "   WHERE m.group_id = g.id AND i.user_id = $2)"
        " FROM %s JOIN round r ON r.id = g.round_id WHERE %s = $1%s",
        source->from, source->key, lock_round ? " FOR SHARE OF r" : "");
    PGresult *result = xc_call_query_one (call, source->what, sql, 2, params);
    if (!result)
        return -1;
    scope->group_id = xc_row_int (result, 0, 0);
    scope->round_id = xc_row_int (result, 0, 1);
    scope->phase = (int) xc_row_int (result, 0, 2);
    scope->round_type = (int) xc_row_int (result, 0, 3);
    scope->group_name = xc_row_text (call, result, 0, 4);
    scope->committee = xc_row_text (call, result, 0, 5);
    scope->group_number = (int) xc_row_int (result, 0, 6);
    int position = (int) xc_row_int (result, 0, 7);
    scope->member = position != 0;
    scope->leader = position == XUNCHA__POSITION__POSITION_LEADER;
    PQclear (result);
    return 0;
}

static int
s_load_scope (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, bool lock_round)
{
    return s_load_scope_from (call, &s_group_itself, group_id, scope, lock_round);
}

/* The reader's rule, on a scope loaded. */
static int
s_require_reader (xc_call_t *call, const xc_group_scope_t *scope)
{
    if (scope->member || call->scope == XC_SCOPE_COMMITTEE)
        return 0;
    return xc_refuse_out_of_scope (call, "您不是%s的成员", scope->group_name);
}

int
xc_require_record_reader (xc_call_t *call, int64_t record_id, xc_group_scope_t *scope)
{
    return s_load_scope_from (call, &s_group_of_record, record_id, scope, false) == 0
               ? s_require_reader (call, scope)
               : -1;
}

int
xc_require_group_reader (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope)
{
    return s_load_scope (call, group_id, scope, false) == 0 ? s_require_reader (call, scope) : -1;
}

int
xc_require_round_reader (xc_call_t *call, int64_t round_id)
{
    if (call->scope == XC_SCOPE_COMMITTEE)
        return 0;
    const char *params[] = { xc_call_int (call, round_id), xc_call_int (call, call->who.user_id) };
    PGresult *result = xc_call_query (call,
        "SELECT EXISTS (SELECT 1 FROM inspection_group g WHERE g.round_id = $1 AND " XC_MEMBER_OF ("g.id", "2") ")",
        2, params);
    if (!result)
        return -1;
    int member = *PQgetvalue (result, 0, 0) == 't';
    PQclear (result);
    return member ? 0 : xc_refuse_out_of_scope (call, "您不是该轮巡察任何巡察组的成员");
}

const char *
xc_group_filter (xc_call_t *call)
{
    return call->scope == XC_SCOPE_COMMITTEE ? NULL : xc_call_int (call, call->who.user_id);
}

int
xc_require_own_unit (xc_call_t *call, int64_t unit_id, const char *thing)
{
    if (call->scope == XC_SCOPE_COMMITTEE
        || (call->scope == XC_SCOPE_UNIT && unit_id && unit_id == call->who.org_unit_id))
        return 0;
    return xc_refuse_out_of_scope (call, "%s不属于本单位", thing);
}

int
xc_require_receiving_unit (xc_call_t *call, int64_t receiver_unit_id, const char *thing)
{
    if (call->scope == XC_SCOPE_COMMITTEE
        || (call->scope == XC_SCOPE_RECEIVER && receiver_unit_id && receiver_unit_id == call->who.org_unit_id))
        return 0;
    return xc_refuse_out_of_scope (call, "%s不是移交给本单位的", thing);
}

int
xc_refuse_archived_round (xc_call_t *call, int64_t round_id)
{
    const char *params[] = { xc_call_int (call, round_id) };
    PGresult *result = xc_call_query_one (call, "巡察轮次",
        "SELECT committee || '第' || number || '轮巡察' FROM round WHERE id = $1", 1, params);
    if (!result)
        return -1;
    const char *round = xc_row_text (call, result, 0, 0);
    PQclear (result);
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, XC_ARCHIVED_REFUSAL, round);
}

/* From 进驻 up to LAST_PHASE; the refusal lists the phases: "“进驻”“了解”“报告”", or
 * says that the round is archived. */
static int
s_require_working_phase (xc_call_t *call, const xc_group_scope_t *scope, const char *what, int last_phase)
{
    if (scope->phase >= XUNCHA__PHASE__PHASE_ENTRY && scope->phase <= last_phase)
        return 0;
    if (scope->phase == XUNCHA__PHASE__PHASE_ARCHIVED)
        return xc_refuse_archived_round (call, scope->round_id);
    const char *phases = "";
    for (int phase = XUNCHA__PHASE__PHASE_ENTRY; phase <= last_phase; phase++)
        phases = xc_arena_printf (call->arena, "%s“%s”", phases, xc_label (&xuncha__phase__descriptor, phase));
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s只能在%s阶段进行，本轮巡察当前处于“%s”阶段",
                         what, phases, xc_label (&xuncha__phase__descriptor, scope->phase));
}

int
xc_require_group_writer_until (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what,
                               int last_phase)
{
    if (s_load_scope (call, group_id, scope, true) != 0)
        return -1;
    if (!scope->member)
        return xc_refuse_out_of_scope (call, "您不是%s的成员", scope->group_name);
    return s_require_working_phase (call, scope, what, last_phase);
}

int
xc_require_group_leader_until (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what,
                               int last_phase)
{
    if (s_load_scope (call, group_id, scope, true) != 0)
        return -1;
    if (!scope->member)
        return xc_refuse_out_of_scope (call, "您不是%s的成员", scope->group_name);
    if (!scope->leader)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "只有%s的组长可以%s", scope->group_name, what);
    return s_require_working_phase (call, scope, what, last_phase);
}

int
xc_require_group_writer (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what)
{
    return xc_require_group_writer_until (call, group_id, scope, what, XUNCHA__PHASE__PHASE_REPORTING);
}

int
xc_require_group_leader (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what)
{
    return xc_require_group_leader_until (call, group_id, scope, what, XUNCHA__PHASE__PHASE_REPORTING);
}

int
xc_require_unit_of_group (xc_call_t *call, const xc_group_scope_t *scope, int64_t unit_id)
{
    const char *params[] = { xc_call_int (call, scope->group_id), xc_call_int (call, unit_id) };
    PGresult *result = xc_call_query (call, "SELECT " XC_UNIT_OF_GROUP_SQL ("$1", "$2"), 2, params);
    if (!result)
        return -1;
    int assigned = *PQgetvalue (result, 0, 0) == 't';
    PQclear (result);
    return assigned ? 0 : xc_refuse_unit_not_of_group (call, scope, unit_id);
}

int
xc_refuse_unit_not_of_group (xc_call_t *call, const xc_group_scope_t *scope, int64_t unit_id)
{
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "单位 %lld 不是%s的被巡察单位", (long long) unit_id,
                         scope->group_name);
}

int
xc_require_evidence_of_group (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__EvidenceItem *item,
                              size_t position, const char *cited_by)
{
    if (!item->record_id == !item->attachment_id)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "证据第 %zu 项须指向一条现场记录或一个附件（二者选一）", position);
    bool record = item->record_id != 0;
    const char *what = record ? "现场记录" : "附件";
    int64_t id = record ? item->record_id : item->attachment_id;
    const char *params[] = { xc_call_int (call, id) };
    PGresult *result = xc_call_query (call, record
        ? "SELECT group_id FROM field_record WHERE id = $1"
        : "SELECT group_id FROM attachment_whereabouts($1) WHERE group_id IS NOT NULL",   /* past row security */
        1, params);
    if (!result)
        return -1;
    int rc = 0;
    if (PQntuples (result) == 0)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "证据第 %zu 项：%s #%lld 不存在", position, what,
                           (long long) id);
    else if (xc_row_int (result, 0, 0) != scope->group_id)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN,
                           "证据第 %zu 项：%s #%lld 不是%s的记录，不能作为本组%s的证据", position, what,
                           (long long) id, scope->group_name, cited_by);
    PQclear (result);
    return rc;
}

static int64_t
s_group_of (xc_call_t *call, const char *what, const char *sql, int64_t id)
{
    const char *params[] = { xc_call_int (call, id) };
    PGresult *result = xc_call_query_one (call, what, sql, 1, params);
    if (!result)
        return 0;
    int64_t group_id = xc_row_int (result, 0, 0);
    PQclear (result);
    return group_id;
}

int64_t
xc_group_of_record (xc_call_t *call, int64_t record_id)
{
    return s_group_of (call, "现场记录", "SELECT group_id FROM field_record WHERE id = $1", record_id);
}

int64_t
xc_group_of_paper (xc_call_t *call, int64_t paper_id)
{
    return s_group_of (call, "问题底稿", "SELECT group_id FROM working_paper WHERE id = $1", paper_id);
}
