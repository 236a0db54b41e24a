/* h_users — users and their roles: the 巡察办 registers a person with a role, an
 * organisation and a first key (h_keys.c issues, lists and revokes keys afterwards); a
 * key is the identity the ZAP handler admits. A user of an inspected unit may be marked
 * as its 主要负责人 (unit_head), at registration or later: the red, overdue reminders
 * of the unit's 整改任务 go to them.
 *
 * The 巡察办 lists every user; a 被巡察单位 user lists the active users of its own unit
 * (whom it may name 责任领导 or 经办人 of its tasks), nobody else. */
#include "handlers.h"
#include "xc_names.h"
#include <stdbool.h>

#define XC_USER_COLUMNS \
    "u.id, coalesce((SELECT k.public_key FROM user_key k WHERE k.user_id = u.id AND k.revoked_at IS NULL" \
    " ORDER BY k.id DESC LIMIT 1), ''), u.display_name, u.role, u.org_unit_id, unit_path(u.org_unit_id)," \
    " u.revoked_at IS NOT NULL, u.unit_head"

static void *
s_user_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__User *user = xc_arena_alloc (call->arena, sizeof *user);
    xuncha__user__init (user);
    user->id = xc_row_int (result, row, 0);
    user->public_key = xc_row_text (call, result, row, 1);
    user->display_name = xc_row_text (call, result, row, 2);
    user->role = (Xuncha__Role) xc_row_int (result, row, 3);
    user->org_unit_id = xc_row_int (result, row, 4);
    user->org_unit_name = xc_row_text (call, result, row, 5);
    user->revoked = *PQgetvalue (result, row, 6) == 't';
    user->unit_head = *PQgetvalue (result, row, 7) == 't';
    return user;
}

static int
s_reply_user (xc_call_t *call, int64_t user_id)
{
    const char *params[] = { xc_call_int (call, user_id) };
    PGresult *result = xc_call_query_one (call, "用户",
        "SELECT " XC_USER_COLUMNS " FROM app_user u WHERE u.id = $1", 1, params);
    if (!result)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_USER;
    call->reply->user = s_user_from_row (call, result, 0);
    PQclear (result);
    return 0;
}

int
xc_who_am_i (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    if (s_reply_user (call, call->who.user_id) != 0)
        return -1;
    call->reply->user->public_key = (char *) call->who.public_key;   /* the key of this request */
    return 0;
}

/* Roles that act for an organisation must name it. */
static int
s_role_needs_unit (Xuncha__Role role)
{
    return role == XUNCHA__ROLE__ROLE_INSPECTED_UNIT || role == XUNCHA__ROLE__ROLE_DISCIPLINE
           || role == XUNCHA__ROLE__ROLE_ORGANISATION;
}

int
xc_register_user (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__UserCreate *create = request->user_create;
    if (s_role_needs_unit (create->role) && !create->org_unit_id)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "角色“%s”的用户须指定所属单位（org_unit_id）",
                             xc_label (&xuncha__role__descriptor, create->role));
    if (create->unit_head && (create->role != XUNCHA__ROLE__ROLE_INSPECTED_UNIT || !create->org_unit_id))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "只有被巡察单位的用户可以设为主要负责人（unit_head），该用户的角色是“%s”",
                             xc_label (&xuncha__role__descriptor, create->role));
    const char *params[] = { create->public_key, create->display_name,
                             xc_call_int (call, create->role), xc_call_id_or_null (call, create->org_unit_id),
                             create->unit_head ? "true" : "false", xc_call_int (call, call->who.user_id) };
    PGresult *result = xc_call_query (call,
        "WITH registered AS (INSERT INTO app_user (display_name, role, org_unit_id, unit_head)"
        "                    VALUES ($2, $3, $4, $5) RETURNING id)"
        " INSERT INTO user_key (user_id, public_key, issued_by) SELECT id, $1, $6 FROM registered RETURNING user_id",
        6, params);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "register_user", "app_user", id) != 0)
        return -1;
    return s_reply_user (call, id);
}

int
xc_list_users (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    bool own_unit_only = call->scope != XC_SCOPE_COMMITTEE;   /* 本单位: its own unit's users */
    const char *params[] = { xc_call_int (call, call->who.org_unit_id) };
    PGresult *result = own_unit_only
        ? xc_call_query (call, "SELECT " XC_USER_COLUMNS " FROM app_user u"
                               " WHERE u.org_unit_id = $1 AND u.role = 6 AND u.revoked_at IS NULL ORDER BY u.id",
                         1, params)
        : xc_call_query (call, "SELECT " XC_USER_COLUMNS " FROM app_user u ORDER BY u.id", 0, NULL);
    if (!result)
        return -1;
    Xuncha__Users *users = xc_arena_alloc (call->arena, sizeof *users);
    xuncha__users__init (users);
    users->users = (Xuncha__User **) xc_call_read_rows (call, result, s_user_from_row, &users->n_users);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_USERS;
    call->reply->users = users;
    return 0;
}

/* Sets or clears 主要负责人 on an existing 被巡察单位 user; a revoked account is not made
 * one (clearing it is allowed). */
int
xc_set_unit_head (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__UserSetUnitHead *set = request->user_set_unit_head;
    const char *params[] = { xc_call_int (call, set->user_id), set->unit_head ? "true" : "false" };
    PGresult *result = xc_call_query_one (call, "用户",
        "SELECT display_name, role, org_unit_id IS NOT NULL, revoked_at IS NOT NULL FROM app_user WHERE id = $1"
        " FOR UPDATE", 1, params);
    if (!result)
        return -1;
    const char *name = xc_row_text (call, result, 0, 0);
    int role = (int) xc_row_int (result, 0, 1);
    bool has_unit = *PQgetvalue (result, 0, 2) == 't';
    bool revoked = *PQgetvalue (result, 0, 3) == 't';
    PQclear (result);
    if (role != XUNCHA__ROLE__ROLE_INSPECTED_UNIT || !has_unit)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "只有被巡察单位的用户可以设为主要负责人：用户 #%lld（%s）的角色是“%s”",
                             (long long) set->user_id, name, xc_label (&xuncha__role__descriptor, role));
    if (revoked && set->unit_head)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "用户 #%lld（%s）的账号已停用，不能设为主要负责人",
                             (long long) set->user_id, name);
    if (xc_call_exec (call, "UPDATE app_user SET unit_head = $2 WHERE id = $1", 2, params) != 0
        || xc_call_log_change (call, set->unit_head ? "set_unit_head" : "clear_unit_head", "app_user", set->user_id) != 0)
        return -1;
    return s_reply_user (call, set->user_id);
}
