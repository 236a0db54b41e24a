/* h_users — users and their roles: the 巡察办 registers a person's public key with a
 * role and an organisation; the key is the identity the ZAP handler admits. A user of
 * an inspected unit may be marked as its 主要负责人 (unit_head): the red, overdue
 * reminders of the unit's 整改任务 go to them. */
#include "handlers.h"
#include "xc_names.h"

#define XC_USER_COLUMNS \
    "u.id, u.public_key, u.display_name, u.role, u.org_unit_id, unit_path(u.org_unit_id), u.revoked_at IS NOT NULL," \
    " u.unit_head"

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
    return s_reply_user (call, call->who.user_id);
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
                             create->unit_head ? "true" : "false" };
    PGresult *result = xc_call_query (call,
        "INSERT INTO app_user (public_key, display_name, role, org_unit_id, unit_head)"
        " VALUES ($1, $2, $3, $4, $5) RETURNING id", 5, params);
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
    PGresult *result = xc_call_query (call,
        "SELECT " XC_USER_COLUMNS " FROM app_user u ORDER BY u.id", 0, NULL);
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
