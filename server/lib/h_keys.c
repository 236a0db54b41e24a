/* h_keys — the users' keys, kept by the 巡察办: issuing a new key to a user (a lost
 * laptop: the person and his history stay, the key changes), listing keys with who
 * issued and revoked them, and revoking a key.
 *
 * A revocation takes effect everywhere at once: every later request on a connection
 * still open is refused (the dispatcher looks the key up in each request's own
 * transaction, key_user() in server/sql/009), the next connection is refused at the
 * CURVE handshake (the ZAP handlers ask the same), and the connections still open are
 * closed by xunchad's and xuncha-notifier's key watch (key_watch.h), which the NOTIFY
 * sent here wakes when this transaction commits.
 *
 * The office cannot lock itself out: the caller's own last active key is not revoked.
 * Revocations are taken one at a time (a transaction-level advisory lock). */
#include "handlers.h"
#include "xc_names.h"
#include <stdbool.h>

#define XC_KEY_COLUMNS \
    "k.id, k.user_id, u.display_name, u.role, k.public_key, " XC_LOCAL_TIME ("k.issued_at") "," \
    " coalesce(i.display_name, ''), k.revoked_at IS NOT NULL, coalesce(" XC_LOCAL_TIME ("k.revoked_at") ", '')," \
    " coalesce(r.display_name, ''), coalesce(k.revoke_reason, '')" \
    " FROM user_key k JOIN app_user u ON u.id = k.user_id" \
    " LEFT JOIN app_user i ON i.id = k.issued_by LEFT JOIN app_user r ON r.id = k.revoked_by"

/* The one lock all revocations take (pg_advisory_xact_lock). */
#define XC_REVOCATION_LOCK "hashtext('xuncha_key_revocation')"

static void *
s_key_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__UserKey *key = xc_arena_alloc (call->arena, sizeof *key);
    xuncha__user_key__init (key);
    key->id = xc_row_int (result, row, 0);
    key->user_id = xc_row_int (result, row, 1);
    key->user_name = xc_row_text (call, result, row, 2);
    key->user_role = (Xuncha__Role) xc_row_int (result, row, 3);
    key->public_key = xc_row_text (call, result, row, 4);
    key->issued_at = xc_row_text (call, result, row, 5);
    key->issued_by = xc_row_text (call, result, row, 6);
    key->revoked = *PQgetvalue (result, row, 7) == 't';
    key->revoked_at = xc_row_text (call, result, row, 8);
    key->revoked_by = xc_row_text (call, result, row, 9);
    key->revoke_reason = xc_row_text (call, result, row, 10);
    return key;
}

static int
s_reply_key (xc_call_t *call, int64_t key_id)
{
    const char *params[] = { xc_call_int (call, key_id) };
    PGresult *result = xc_call_query_one (call, "密钥", "SELECT " XC_KEY_COLUMNS " WHERE k.id = $1", 1, params);
    if (!result)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_USER_KEY;
    call->reply->user_key = s_key_from_row (call, result, 0);
    PQclear (result);
    return 0;
}

/* The user USER_ID exists (else NOT_FOUND); with ACTIVE, his account is not deactivated
 * (else CONFLICT, naming him). */
static int
s_require_user (xc_call_t *call, int64_t user_id, bool active)
{
    const char *params[] = { xc_call_int (call, user_id) };
    PGresult *result = xc_call_query (call, "SELECT display_name, revoked_at IS NOT NULL FROM app_user WHERE id = $1",
                                      1, params);
    if (!result)
        return -1;
    bool found = PQntuples (result) == 1;
    bool deactivated = found && *PQgetvalue (result, 0, 1) == 't';
    const char *name = found ? xc_row_text (call, result, 0, 0) : "";
    PQclear (result);
    if (!found)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "用户 #%lld 不存在", (long long) user_id);
    if (active && deactivated)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "用户 #%lld（%s）的账号已停用，不能为其签发密钥",
                             (long long) user_id, name);
    return 0;
}

int
xc_issue_key (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__KeyIssue *issue = request->key_issue;
    if (s_require_user (call, issue->user_id, true) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, issue->user_id), issue->public_key,
                             xc_call_int (call, call->who.user_id) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO user_key (user_id, public_key, issued_by) VALUES ($1, $2, $3) RETURNING id", 3, params);
    if (!result)
        return -1;
    int64_t key_id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "issue_key", "user_key", key_id) != 0)
        return -1;
    return s_reply_key (call, key_id);
}

int
xc_list_keys (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t user_id = request->key_list->user_id;
    if (user_id && s_require_user (call, user_id, false) != 0)
        return -1;
    const char *params[] = { xc_call_id_or_null (call, user_id) };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_KEY_COLUMNS " WHERE $1::bigint IS NULL OR k.user_id = $1 ORDER BY k.user_id, k.id", 1, params);
    if (!result)
        return -1;
    Xuncha__UserKeys *keys = xc_arena_alloc (call->arena, sizeof *keys);
    xuncha__user_keys__init (keys);
    keys->keys = (Xuncha__UserKey **) xc_call_read_rows (call, result, s_key_from_row, &keys->n_keys);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_USER_KEYS;
    call->reply->user_keys = keys;
    return 0;
}

/* The key REVOKE names, locked; NULL after refusing (none, or more than one way named). */
static PGresult *
s_find_key_to_revoke (xc_call_t *call, const Xuncha__KeyRevoke *revoke)
{
    if (!revoke->key_id == !*revoke->public_key) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                      "须指明要吊销的密钥：密钥编号（--id）或公钥（--key），二者只选其一");
        return NULL;
    }
    const char *params[] = { xc_call_id_or_null (call, revoke->key_id), xc_call_text_or_null (revoke->public_key) };
    PGresult *result = xc_call_query (call,
        "SELECT k.id, k.user_id, u.display_name, u.role, k.revoked_at IS NOT NULL," XC_LOCAL_TIME ("k.revoked_at") ","
        " coalesce(k.revoke_reason, ''), k.public_key"
        " FROM user_key k JOIN app_user u ON u.id = k.user_id WHERE k.id = $1 OR k.public_key = $2 FOR UPDATE OF k",
        2, params);
    if (result && PQntuples (result) != 1) {
        PQclear (result);
        if (revoke->key_id)
            xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "密钥 #%lld 不存在", (long long) revoke->key_id);
        else
            xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "公钥 %s 未登记", revoke->public_key);
        return NULL;
    }
    return result;
}

/* Refuses to revoke the caller's own last active key (ROW: the key, as
 * s_find_key_to_revoke reads it). That alone keeps the office from locking itself out:
 * only the 巡察办 revokes, and after any revocation it allows the caller still holds an
 * active 巡察办 key — revocations being taken one at a time, two of one person's keys
 * revoked at the same moment cannot both pass. */
static int
s_check_not_locking_out (xc_call_t *call, const PGresult *key)
{
    int64_t key_id = xc_row_int (key, 0, 0), holder = xc_row_int (key, 0, 1);
    if (holder != call->who.user_id)
        return 0;
    const char *params[] = { xc_call_int (call, key_id), xc_call_int (call, holder) };
    PGresult *result = xc_call_query (call,
        "SELECT count(*) FROM user_key WHERE user_id = $2 AND revoked_at IS NULL AND id <> $1", 2, params);
    if (!result)
        return -1;
    int64_t others = xc_row_int (result, 0, 0);
    PQclear (result);
    if (others == 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "不能吊销本人最后一把有效的密钥 #%lld：吊销后本人将无法再连接，巡察办可能因此无人可管。"
                             "请先为本人签发新密钥（xuncha key issue），再吊销此密钥", (long long) key_id);
    return 0;
}

int
xc_revoke_key (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__KeyRevoke *revoke = request->key_revoke;
    if (xc_call_exec (call, "SELECT pg_advisory_xact_lock(" XC_REVOCATION_LOCK ")", 0, NULL) != 0)
        return -1;
    PGresult *key = s_find_key_to_revoke (call, revoke);
    if (!key)
        return -1;
    int64_t key_id = xc_row_int (key, 0, 0);
    if (*PQgetvalue (key, 0, 4) == 't') {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "密钥 #%lld（%s）已于 %s 吊销：%s", (long long) key_id,
                      PQgetvalue (key, 0, 2), PQgetvalue (key, 0, 5), PQgetvalue (key, 0, 6));
        PQclear (key);
        return -1;
    }
    int locked_out = s_check_not_locking_out (call, key);
    const char *public_key = xc_row_text (call, key, 0, 7);
    PQclear (key);
    if (locked_out != 0)
        return -1;
    const char *params[] = { xc_call_int (call, key_id), xc_call_int (call, call->who.user_id), revoke->reason,
                             public_key };
    if (xc_call_exec (call, "UPDATE user_key SET revoked_at = now(), revoked_by = $2, revoke_reason = $3 WHERE id = $1",
                      3, params) != 0
        || xc_call_exec (call, "SELECT pg_notify('xuncha_key_revoked', $1)", 1, params + 3) != 0
        || xc_call_log_change (call, "revoke_key", "user_key", key_id) != 0)
        return -1;
    return s_reply_key (call, key_id);
}
