/* The users' keys on a real PostgreSQL through the real dispatcher: a user registered
 * with a first key, a second key issued to the same person (his user and history
 * unchanged), the keys listed with who issued and revoked them, a revocation refusing
 * every later request made with the key — also one arriving on a connection still
 * open, as the dispatcher looks the key up in each request's transaction — while the
 * person's other key and everybody else go on; the NOTIFY the key watches wake on; the
 * refusals (a key registered twice, an unknown or deactivated user, a key revoked twice,
 * the caller's own last key), each changing nothing; a revocation that stays. (Keys
 * carried over from before 009: test_sealed_identity.c, the upgraded database.) */
#include "xc_test_pg.h"
#include "xc_test_serve.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY "office0000000000000000000000000000000000"
#define LAPTOP_KEY "laptop0000000000000000000000000000000000"   /* 张伟's first key: his laptop, lost */
#define NEW_KEY "newkey0000000000000000000000000000000000"      /* 张伟's replacement */
#define OTHER_KEY "others0000000000000000000000000000000000"    /* 李娜, not concerned */
#define OK XUNCHA__STATUS__STATUS_OK
#define BODY(name) XUNCHA__REQUEST__BODY_##name

static xc_dispatcher_t *s_dispatcher;
static int64_t s_zhang;        /* 张伟's user id */
static int64_t s_laptop_key;   /* the id of his first key */

static Xuncha__Reply *
s_do (const char *key, Xuncha__Status expected, Xuncha__Request__BodyCase which, void *body)
{
    Xuncha__Reply *reply = xc_test_do (s_dispatcher, key, which, body);
    if (reply->status != expected)
        fail_msg ("status %d, expected %d: %s", reply->status, expected, reply->message);
    return reply;
}

static void
s_done (Xuncha__Reply *reply)
{
    xuncha__reply__free_unpacked (reply, NULL);
}

static int64_t
s_register (const char *key, const char *name, Xuncha__Role role)
{
    Xuncha__UserCreate body = XUNCHA__USER_CREATE__INIT;
    body.public_key = (char *) key;
    body.display_name = (char *) name;
    body.role = role;
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (USER_CREATE), &body);
    int64_t id = reply->user->id;
    assert_string_equal (reply->user->public_key, key);
    s_done (reply);
    return id;
}

/* The user KEY is admitted as (who_am_i), or 0 when it is refused as unknown or revoked. */
static int64_t
s_who (const char *key)
{
    Xuncha__WhoAmI body = XUNCHA__WHO_AM_I__INIT;
    Xuncha__Reply *reply = xc_test_do (s_dispatcher, key, BODY (WHO_AM_I), &body);
    int64_t id = 0;
    if (reply->status == OK) {
        id = reply->user->id;
        assert_string_equal (reply->user->public_key, key);   /* the key of the request */
    }
    else {
        assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_UNAUTHENTICATED);
        assert_string_equal (reply->message, "此密钥未登记或已被吊销");
    }
    s_done (reply);
    return id;
}

static long
s_audit_rows (void)
{
    return xc_test_pg_count ("SELECT count(*) FROM audit_log");
}

static int
s_setup (void **state)
{
    (void) state;
    const char *conninfo = xc_test_pg_start ();
    xc_test_add_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0);
    s_dispatcher = xc_dispatcher_new (conninfo, XC_MAX_FRAME_DEFAULT);
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

static void
test_a_user_is_registered_with_a_first_key (void **state)
{
    (void) state;
    s_zhang = s_register (LAPTOP_KEY, "张伟", XUNCHA__ROLE__ROLE_GROUP_LEADER);
    s_register (OTHER_KEY, "李娜", XUNCHA__ROLE__ROLE_GROUP_MEMBER);
    assert_int_equal (s_who (LAPTOP_KEY), s_zhang);
    s_laptop_key = xc_test_pg_count ("SELECT id FROM user_key WHERE public_key = '" LAPTOP_KEY "'");
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM user_key k JOIN user_key o ON o.public_key = '" OFFICE_KEY
                                        "' WHERE k.id = %lld AND k.user_id = %lld AND k.issued_by = o.user_id"
                                        " AND k.revoked_at IS NULL", (long long) s_laptop_key, (long long) s_zhang), 1);
}

static void
test_a_second_key_is_the_same_person (void **state)
{
    (void) state;
    long audit = s_audit_rows ();
    Xuncha__KeyIssue issue = XUNCHA__KEY_ISSUE__INIT;
    issue.user_id = s_zhang;
    issue.public_key = NEW_KEY;
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (KEY_ISSUE), &issue);
    const Xuncha__UserKey *key = reply->user_key;
    assert_int_equal (key->user_id, s_zhang);
    assert_string_equal (key->user_name, "张伟");
    assert_int_equal (key->user_role, XUNCHA__ROLE__ROLE_GROUP_LEADER);
    assert_string_equal (key->public_key, NEW_KEY);
    assert_string_equal (key->issued_by, "测试用户");   /* the office user xc_test_add_user made */
    assert_int_equal (strlen (key->issued_at), 16);
    assert_false (key->revoked);
    s_done (reply);
    assert_int_equal (s_audit_rows (), audit + 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE action = 'issue_key'"
                                        " AND record_type = 'user_key'"), 1);
    /* both keys are 张伟 */
    assert_int_equal (s_who (NEW_KEY), s_zhang);
    assert_int_equal (s_who (LAPTOP_KEY), s_zhang);
}

static void
test_issuing_refused_changes_nothing (void **state)
{
    (void) state;
    long keys = xc_test_pg_count ("SELECT count(*) FROM user_key"), audit = s_audit_rows ();
    Xuncha__KeyIssue issue = XUNCHA__KEY_ISSUE__INIT;
    issue.user_id = s_zhang;
    issue.public_key = OTHER_KEY;   /* 李娜's */
    Xuncha__Reply *reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, BODY (KEY_ISSUE), &issue);
    assert_non_null (strstr (reply->message, "该公钥已登记过"));
    s_done (reply);
    issue.user_id = 9999;
    issue.public_key = "unused0000000000000000000000000000000000";
    reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, BODY (KEY_ISSUE), &issue);
    assert_string_equal (reply->message, "用户 #9999 不存在");
    s_done (reply);
    /* a deactivated account gets no key */
    int64_t gone = s_register ("gone000000000000000000000000000000000000", "调离人员", XUNCHA__ROLE__ROLE_READONLY);
    keys++, audit++;
    assert_int_equal (xc_test_pg_count ("UPDATE app_user SET revoked_at = now() WHERE id = %lld RETURNING 1",
                                        (long long) gone), 1);
    issue.user_id = gone;
    reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, BODY (KEY_ISSUE), &issue);
    assert_non_null (strstr (reply->message, "账号已停用"));
    s_done (reply);
    /* only the 巡察办 issues */
    issue.user_id = s_zhang;
    reply = s_do (NEW_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, BODY (KEY_ISSUE), &issue);
    s_done (reply);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM user_key"), keys);
    assert_int_equal (s_audit_rows (), audit);
}

static void
test_a_revoked_key_is_refused_at_once (void **state)
{
    (void) state;
    PGconn *listener = xc_test_pg_connect ();
    PQclear (PQexec (listener, "LISTEN xuncha_key_revoked"));
    Xuncha__KeyRevoke revoke = XUNCHA__KEY_REVOKE__INIT;
    revoke.key_id = s_laptop_key;
    revoke.reason = "笔记本电脑遗失";
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (KEY_REVOKE), &revoke);
    assert_true (reply->user_key->revoked);
    assert_string_equal (reply->user_key->revoked_by, "测试用户");
    assert_string_equal (reply->user_key->revoke_reason, "笔记本电脑遗失");
    assert_int_equal (strlen (reply->user_key->revoked_at), 16);
    s_done (reply);
    /* the same dispatcher, the next request with the key: refused (nothing cached) */
    assert_int_equal (s_who (LAPTOP_KEY), 0);
    Xuncha__OrgUnitList list = XUNCHA__ORG_UNIT_LIST__INIT;
    reply = s_do (LAPTOP_KEY, XUNCHA__STATUS__STATUS_UNAUTHENTICATED, BODY (ORG_UNIT_LIST), &list);
    s_done (reply);
    /* the person goes on with his other key; others are not touched */
    assert_int_equal (s_who (NEW_KEY), s_zhang);
    assert_true (s_who (OTHER_KEY) > 0);
    /* the key watches were told, at commit */
    PQconsumeInput (listener);
    PGnotify *notify = PQnotifies (listener);
    assert_non_null (notify);
    assert_string_equal (notify->relname, "xuncha_key_revoked");
    assert_string_equal (notify->extra, LAPTOP_KEY);
    PQfreemem (notify);
    PQfinish (listener);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM audit_log WHERE action = 'revoke_key'"
                                        " AND record_id = %lld", (long long) s_laptop_key), 1);
}

static void
test_keys_listed_with_who_issued_and_revoked (void **state)
{
    (void) state;
    Xuncha__KeyList list = XUNCHA__KEY_LIST__INIT;
    list.user_id = s_zhang;
    Xuncha__Reply *reply = s_do (OFFICE_KEY, OK, BODY (KEY_LIST), &list);
    assert_int_equal (reply->user_keys->n_keys, 2);
    const Xuncha__UserKey *laptop = reply->user_keys->keys[0], *replacement = reply->user_keys->keys[1];
    assert_string_equal (laptop->public_key, LAPTOP_KEY);
    assert_true (laptop->revoked);
    assert_string_equal (laptop->revoke_reason, "笔记本电脑遗失");
    assert_string_equal (laptop->revoked_by, "测试用户");
    assert_string_equal (replacement->public_key, NEW_KEY);
    assert_false (replacement->revoked);
    assert_string_equal (replacement->revoked_at, "");
    s_done (reply);
    list.user_id = 0;   /* every user's */
    reply = s_do (OFFICE_KEY, OK, BODY (KEY_LIST), &list);
    assert_int_equal ((long) reply->user_keys->n_keys, xc_test_pg_count ("SELECT count(*) FROM user_key"));
    s_done (reply);
    list.user_id = 9999;
    reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, BODY (KEY_LIST), &list);
    s_done (reply);
    /* user list shows the newest active key */
    Xuncha__UserList users = XUNCHA__USER_LIST__INIT;
    reply = s_do (OFFICE_KEY, OK, BODY (USER_LIST), &users);
    for (size_t i = 0; i < reply->users->n_users; i++)
        if (reply->users->users[i]->id == s_zhang)
            assert_string_equal (reply->users->users[i]->public_key, NEW_KEY);
    s_done (reply);
}

static void
test_revocations_refused_change_nothing (void **state)
{
    (void) state;
    long audit = s_audit_rows ();
    Xuncha__KeyRevoke revoke = XUNCHA__KEY_REVOKE__INIT;
    revoke.reason = "离任";
    /* again */
    revoke.key_id = s_laptop_key;
    Xuncha__Reply *reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, BODY (KEY_REVOKE), &revoke);
    assert_non_null (strstr (reply->message, "已于"));
    assert_non_null (strstr (reply->message, "笔记本电脑遗失"));
    s_done (reply);
    /* unknown, by number and by key; neither or both named */
    revoke.key_id = 9999;
    reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, BODY (KEY_REVOKE), &revoke);
    assert_string_equal (reply->message, "密钥 #9999 不存在");
    s_done (reply);
    revoke.key_id = 0;
    revoke.public_key = "unknwn0000000000000000000000000000000000";
    reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_NOT_FOUND, BODY (KEY_REVOKE), &revoke);
    assert_non_null (strstr (reply->message, "未登记"));
    s_done (reply);
    revoke.public_key = "";
    reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_BAD_REQUEST, BODY (KEY_REVOKE), &revoke);
    assert_non_null (strstr (reply->message, "二者只选其一"));
    s_done (reply);
    /* the office user's own last key: he would lock himself — and the office — out */
    revoke.public_key = OFFICE_KEY;
    reply = s_do (OFFICE_KEY, XUNCHA__STATUS__STATUS_CONFLICT, BODY (KEY_REVOKE), &revoke);
    assert_non_null (strstr (reply->message, "不能吊销本人最后一把有效的密钥"));
    s_done (reply);
    /* only the 巡察办 revokes: 张伟 may not revoke even his own lost key */
    revoke.public_key = NEW_KEY;
    reply = s_do (NEW_KEY, XUNCHA__STATUS__STATUS_FORBIDDEN, BODY (KEY_REVOKE), &revoke);
    s_done (reply);
    assert_int_equal (s_audit_rows (), audit);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM user_key WHERE revoked_at IS NOT NULL"), 1);
    /* with a second key the office user may revoke the first; the second then is his last */
    Xuncha__KeyIssue issue = XUNCHA__KEY_ISSUE__INIT;
    issue.user_id = xc_test_pg_count ("SELECT user_id FROM user_key WHERE public_key = '" OFFICE_KEY "'");
    issue.public_key = "office1111111111111111111111111111111111";
    s_done (s_do (OFFICE_KEY, OK, BODY (KEY_ISSUE), &issue));
    revoke.public_key = OFFICE_KEY;
    s_done (s_do (OFFICE_KEY, OK, BODY (KEY_REVOKE), &revoke));
    assert_int_equal (s_who (OFFICE_KEY), 0);
    revoke.public_key = "office1111111111111111111111111111111111";
    reply = s_do ("office1111111111111111111111111111111111", XUNCHA__STATUS__STATUS_CONFLICT, BODY (KEY_REVOKE),
                  &revoke);
    assert_non_null (strstr (reply->message, "最后一把"));
    s_done (reply);
}

static void
test_a_revocation_stays (void **state)
{
    (void) state;
    PGconn *app = xc_test_pg_connect_app ();
    PGresult *result = PQexec (app, "UPDATE user_key SET revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL"
                                    " WHERE public_key = '" LAPTOP_KEY "'");
    assert_int_equal (PQresultStatus (result), PGRES_FATAL_ERROR);   /* the trigger */
    PQclear (result);
    result = PQexec (app, "UPDATE user_key SET public_key = 'x' WHERE public_key = '" NEW_KEY "'");
    assert_string_equal (PQresultErrorField (result, PG_DIAG_SQLSTATE), "42501");   /* no such privilege */
    PQclear (result);
    PQfinish (app);
    assert_int_equal (s_who (LAPTOP_KEY), 0);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_a_user_is_registered_with_a_first_key),
        cmocka_unit_test (test_a_second_key_is_the_same_person),
        cmocka_unit_test (test_issuing_refused_changes_nothing),
        cmocka_unit_test (test_a_revoked_key_is_refused_at_once),
        cmocka_unit_test (test_keys_listed_with_who_issued_and_revoked),
        cmocka_unit_test (test_revocations_refused_change_nothing),
        cmocka_unit_test (test_a_revocation_stays),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
