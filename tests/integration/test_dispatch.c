/* The request path on a real PostgreSQL: authentication by key, the role table,
 * idempotent retries (also racing ones), edge validation, and a database that goes
 * away and comes back. */
#include "xc_test_pg.h"
#include "xc_test_serve.h"
#include "migrate.h"
#include "xc_codec.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY "office0000000000000000000000000000000000"
#define MEMBER_KEY "member0000000000000000000000000000000000"
#define STRANGER_KEY "strngr0000000000000000000000000000000000"

static const char *s_conninfo;

static int
s_setup (void **state)
{
    (void) state;
    s_conninfo = xc_test_pg_start ();
    xc_test_add_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0);
    xc_test_add_user (MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0);
    return 0;
}

static void
s_unit_request (Xuncha__Request *request, char id[37], Xuncha__OrgUnitCreate *body, const char *name)
{
    xc_test_request_init (request, id);
    xuncha__org_unit_create__init (body);
    body->name = (char *) name;
    body->kind = XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY;
    request->body_case = XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE;
    request->org_unit_create = body;
}

static void
test_migrations_recorded_once (void **state)
{
    (void) state;
    PGconn *db = xc_test_pg_connect ();
    assert_int_equal (xc_schema_version (db), xc_migrations[xc_migration_count - 1].version);
    char error[256];
    assert_int_equal (xc_migrate (db, error, sizeof error), 0);
    PQfinish (db);
}

static void
test_who_am_i_comes_from_the_key (void **state)
{
    (void) state;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Request request;
    char id[37];
    xc_test_request_init (&request, id);
    Xuncha__WhoAmI body = XUNCHA__WHO_AM_I__INIT;
    request.body_case = XUNCHA__REQUEST__BODY_WHO_AM_I;
    request.who_am_i = &body;
    Xuncha__Reply *reply = xc_test_serve (dispatcher, MEMBER_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    assert_string_equal (reply->request_id, id);
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY_USER);
    assert_string_equal (reply->user->public_key, MEMBER_KEY);
    assert_int_equal (reply->user->role, XUNCHA__ROLE__ROLE_GROUP_MEMBER);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
}

static void
test_unknown_key_changes_nothing (void **state)
{
    (void) state;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Request request;
    Xuncha__OrgUnitCreate body;
    char id[37];
    long before = xc_test_pg_count ("SELECT count(*) FROM org_unit");
    s_unit_request (&request, id, &body, "陌生区");
    Xuncha__Reply *reply = xc_test_serve (dispatcher, STRANGER_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_UNAUTHENTICATED);
    assert_non_null (strstr (reply->message, "未登记"));
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM org_unit"), before);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
}

static void
test_role_without_permission_is_refused (void **state)
{
    (void) state;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Request request;
    Xuncha__OrgUnitCreate body;
    char id[37];
    long before = xc_test_pg_count ("SELECT count(*) FROM org_unit");
    s_unit_request (&request, id, &body, "越权区");
    Xuncha__Reply *reply = xc_test_serve (dispatcher, MEMBER_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_FORBIDDEN);
    assert_non_null (strstr (reply->message, "组员"));
    assert_non_null (strstr (reply->message, "org_unit_create"));
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM org_unit"), before);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM request_reply"), 0);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
}

static void
test_retry_returns_the_stored_reply (void **state)
{
    (void) state;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Request request;
    Xuncha__OrgUnitCreate body;
    char id[37];
    s_unit_request (&request, id, &body, "重试区");
    Xuncha__Reply *first = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    Xuncha__Reply *second = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (first->status, XUNCHA__STATUS__STATUS_OK);
    assert_int_equal (second->status, XUNCHA__STATUS__STATUS_OK);
    assert_int_equal (first->org_unit->id, second->org_unit->id);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM org_unit WHERE name = '重试区'"), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action = 'create_org_unit'"
                               " AND record_type = 'org_unit'"
                               " AND record_id = (SELECT id FROM org_unit WHERE name = '重试区')"), 1);

    /* the same id for different content is refused and changes nothing */
    body.name = "另一个区";
    Xuncha__Reply *reused = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (reused->status, XUNCHA__STATUS__STATUS_CONFLICT);
    assert_non_null (strstr (reused->message, "请求编号"));
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM org_unit WHERE name = '另一个区'"), 0);
    xuncha__reply__free_unpacked (first, NULL);
    xuncha__reply__free_unpacked (second, NULL);
    xuncha__reply__free_unpacked (reused, NULL);
    xc_dispatcher_destroy (&dispatcher);
}

static void
test_refusal_is_not_stored (void **state)
{
    (void) state;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Request request;
    char id[37];
    xc_test_request_init (&request, id);
    Xuncha__RoundCreate body = XUNCHA__ROUND_CREATE__INIT;
    body.committee = "十届区委";
    body.number = 9;
    body.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR;
    body.start_date = "2026-05-01";
    body.end_date = "2026-04-01";
    request.body_case = XUNCHA__REQUEST__BODY_ROUND_CREATE;
    request.round_create = &body;
    Xuncha__Reply *reply = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_CONFLICT);
    assert_non_null (strstr (reply->message, "结束日期不能早于开始日期"));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM round"), 0);
    /* a corrected retry under the same id is served, not answered from storage */
    body.end_date = "2026-06-01";
    reply = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM round"), 1);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
}

typedef struct {
    const Xuncha__Request *request;
    int64_t unit_id;
    int status;
    pthread_barrier_t *start;
} s_racer_t;

static void *
s_race (void *args)
{
    s_racer_t *racer = args;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    /* connect before the barrier so both tries reach the database together */
    Xuncha__Request ping;
    char id[37];
    xc_test_request_init (&ping, id);
    Xuncha__Ping body = XUNCHA__PING__INIT;
    ping.body_case = XUNCHA__REQUEST__BODY_PING;
    ping.ping = &body;
    xuncha__reply__free_unpacked (xc_test_serve (dispatcher, OFFICE_KEY, &ping), NULL);
    pthread_barrier_wait (racer->start);
    Xuncha__Reply *reply = xc_test_serve (dispatcher, OFFICE_KEY, racer->request);
    racer->status = reply->status;
    racer->unit_id = reply->org_unit ? reply->org_unit->id : 0;
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
    return NULL;
}

static void
test_racing_retries_run_once (void **state)
{
    (void) state;
    long before = xc_test_pg_count ("SELECT count(*) FROM org_unit");
    for (int round = 0; round < 20; round++) {
        Xuncha__Request request;
        Xuncha__OrgUnitCreate body;
        char id[37], name[64];
        snprintf (name, sizeof name, "并发区%d", round);
        s_unit_request (&request, id, &body, name);
        pthread_barrier_t start;
        pthread_barrier_init (&start, NULL, 2);
        s_racer_t racers[2] = { { .request = &request, .start = &start }, { .request = &request, .start = &start } };
        pthread_t threads[2];
        for (int i = 0; i < 2; i++)
            pthread_create (&threads[i], NULL, s_race, &racers[i]);
        for (int i = 0; i < 2; i++)
            pthread_join (threads[i], NULL);
        pthread_barrier_destroy (&start);
        /* each try either made the change, or returned the stored reply of the one
         * that did, or was told the other one was still running: never twice */
        int made = 0;
        for (int i = 0; i < 2; i++) {
            if (racers[i].status == XUNCHA__STATUS__STATUS_OK)
                made++;
            else
                assert_int_equal (racers[i].status, XUNCHA__STATUS__STATUS_IN_PROGRESS);
        }
        assert_true (made >= 1);
        if (made == 2)
            assert_int_equal (racers[0].unit_id, racers[1].unit_id);
        /* a later retry always gets the stored reply */
        xc_dispatcher_t *later = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
        Xuncha__Reply *reply = xc_test_serve (later, OFFICE_KEY, &request);
        assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
        assert_int_equal (reply->org_unit->id, racers[0].status == XUNCHA__STATUS__STATUS_OK ? racers[0].unit_id
                                                                                            : racers[1].unit_id);
        xuncha__reply__free_unpacked (reply, NULL);
        xc_dispatcher_destroy (&later);
    }
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM org_unit"), before + 20);
}

static void
s_expect_refusal (xc_dispatcher_t *dispatcher, const uint8_t *frame, size_t size, int status, const char *text)
{
    size_t reply_size;
    uint8_t *packed = xc_dispatcher_serve (dispatcher, OFFICE_KEY, frame, size, &reply_size);
    Xuncha__Reply *reply = xuncha__reply__unpack (NULL, reply_size, packed);
    assert_non_null (reply);
    assert_int_equal (reply->status, status);
    if (!strstr (reply->message, text))
        fail_msg ("expected \"%s\" in \"%s\"", text, reply->message);
    xuncha__reply__free_unpacked (reply, NULL);
    free (packed);
}

static void
test_bad_frames_are_refused_and_the_worker_goes_on (void **state)
{
    (void) state;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, 1024);
    const uint8_t garbage[] = { 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02 };
    s_expect_refusal (dispatcher, garbage, sizeof garbage, XUNCHA__STATUS__STATUS_BAD_REQUEST, "无法解析");
    s_expect_refusal (dispatcher, NULL, 0, XUNCHA__STATUS__STATUS_BAD_REQUEST, "request_id");
    uint8_t *big = calloc (1, 2048);
    s_expect_refusal (dispatcher, big, 2048, XUNCHA__STATUS__STATUS_BAD_REQUEST, "消息过大");
    free (big);
    Xuncha__Request request;
    Xuncha__OrgUnitCreate body;
    char id[37];
    s_unit_request (&request, id, &body, "坏\xc0\xaf名");
    size_t size;
    uint8_t *packed = xc_pack (&request.base, &size);
    s_expect_refusal (dispatcher, packed, size, XUNCHA__STATUS__STATUS_BAD_REQUEST, "org_unit_create.name");
    free (packed);
    /* still serving */
    body.name = "好区";
    Xuncha__Reply *reply = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
}

static void
test_database_lost_and_back (void **state)
{
    (void) state;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Request request;
    Xuncha__OrgUnitCreate body;
    char id[37];
    s_unit_request (&request, id, &body, "断线区");
    xc_test_pg_kill ();
    Xuncha__Reply *reply = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_UNAVAILABLE);
    assert_non_null (strstr (reply->message, "未做任何更改"));
    xuncha__reply__free_unpacked (reply, NULL);
    xc_test_pg_restart ();
    reply = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM org_unit WHERE name = '断线区'"), 1);
    xc_dispatcher_destroy (&dispatcher);
}

static void
test_database_restarted_between_requests (void **state)
{
    (void) state;
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Ping ping = XUNCHA__PING__INIT;
    Xuncha__Reply *reply = xc_test_do (dispatcher, OFFICE_KEY, XUNCHA__REQUEST__BODY_PING, &ping);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    xuncha__reply__free_unpacked (reply, NULL);
    /* the worker's connection dies with the server; the next request must not fail */
    xc_test_pg_kill ();
    xc_test_pg_restart ();
    reply = xc_test_do (dispatcher, OFFICE_KEY, XUNCHA__REQUEST__BODY_PING, &ping);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    xuncha__reply__free_unpacked (reply, NULL);
    xc_dispatcher_destroy (&dispatcher);
}

static void
test_retry_while_the_original_runs (void **state)
{
    (void) state;
    /* the original holds the claim of its request id, as a worker in the middle of a
     * slow change would; a retry must be answered at once, not wait behind it */
    xc_dispatcher_t *dispatcher = xc_dispatcher_new (s_conninfo, XC_MAX_FRAME_DEFAULT);
    Xuncha__Request request;
    Xuncha__OrgUnitCreate body;
    char id[37];
    s_unit_request (&request, id, &body, "在途区");
    PGconn *original = xc_test_pg_connect ();
    char sql[512];
    snprintf (sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%lld)",
              (long long) xc_request_lock_key (OFFICE_KEY, id));
    PQclear (PQexec (original, sql));
    Xuncha__Reply *reply = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_IN_PROGRESS);
    assert_non_null (strstr (reply->message, "仍在处理中"));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM org_unit WHERE name = '在途区'"), 0);
    PQclear (PQexec (original, "ROLLBACK"));
    PQfinish (original);
    reply = xc_test_serve (dispatcher, OFFICE_KEY, &request);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_OK);
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM org_unit WHERE name = '在途区'"), 1);
    xc_dispatcher_destroy (&dispatcher);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_migrations_recorded_once),
        cmocka_unit_test (test_who_am_i_comes_from_the_key),
        cmocka_unit_test (test_unknown_key_changes_nothing),
        cmocka_unit_test (test_role_without_permission_is_refused),
        cmocka_unit_test (test_retry_returns_the_stored_reply),
        cmocka_unit_test (test_refusal_is_not_stored),
        cmocka_unit_test (test_racing_retries_run_once),
        cmocka_unit_test (test_bad_frames_are_refused_and_the_worker_goes_on),
        cmocka_unit_test (test_database_lost_and_back),
        cmocka_unit_test (test_database_restarted_between_requests),
        cmocka_unit_test (test_retry_while_the_original_runs),
    };
    return cmocka_run_group_tests (tests, s_setup, NULL);
}
