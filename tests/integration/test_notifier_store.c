/* xuncha-notifier's claims on a real PostgreSQL (notifier_store.h): a claim takes the
 * oldest unacknowledged deliveries nobody holds, in event order; two notifiers claiming
 * the same recipient's deliveries at once never get the same event; a lapsed claim is
 * taken again (sent_count counts the sendings); a released claim at once; acks are one
 * statement and survive a database that is away meanwhile; NOTIFY names the recipient. */
#include "notifier_store.h"
#include "xc_test_pg.h"
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define KEY "recv00000000000000000000000000000000000a"
#define REVOKED_KEY "recv00000000000000000000000000000000000b"

static const char *s_conninfo;
static PGconn *s_db;
static int64_t s_user;

/* COUNT events for the recipient, each committed with its delivery like the server does. */
static void
s_publish (int count)
{
    char sql[512];
    for (int i = 0; i < count; i++) {
        snprintf (sql, sizeof sql,
                  "WITH event AS (INSERT INTO outbox_event (kind, title) VALUES (1, '移交 %d') RETURNING id)"
                  " INSERT INTO outbox_delivery (event_id, user_id) SELECT id, %" PRId64 " FROM event RETURNING event_id",
                  i, s_user);
        assert_true (xc_test_pg_scalar (s_db, sql) > 0);
    }
}

static int
s_setup (void **state)
{
    (void) state;
    s_conninfo = xc_test_pg_start ();
    s_db = xc_test_pg_connect ();
    s_user = xc_test_pg_scalar (s_db, "WITH added AS (INSERT INTO app_user (display_name, role)"
                                      " VALUES ('区纪委监委', 4) RETURNING id)"
                                      " INSERT INTO user_key (user_id, public_key) SELECT id, '" KEY "' FROM added"
                                      " RETURNING user_id");
    long revoked = xc_test_pg_scalar (s_db, "WITH added AS (INSERT INTO app_user (display_name, role, revoked_at)"
                                            " VALUES ('旧', 4, now()) RETURNING id)"
                                            " INSERT INTO user_key (user_id, public_key) SELECT id, '" REVOKED_KEY "'"
                                            " FROM added RETURNING user_id");
    return s_user > 0 && revoked > 0 ? 0 : -1;
}

static int
s_teardown (void **state)
{
    (void) state;
    PQfinish (s_db);
    xc_test_pg_stop ();
    return 0;
}

/* Cleans the outbox between tests. */
static int
s_empty_outbox (void **state)
{
    (void) state;
    PGresult *result = PQexec (s_db, "TRUNCATE outbox_delivery, outbox_event");
    int rc = PQresultStatus (result) == PGRES_COMMAND_OK ? 0 : -1;
    PQclear (result);
    return rc;
}

static xc_store_t *
s_store (void)
{
    xc_store_t *store = xc_store_new (s_conninfo, 5000);
    assert_true (xc_store_ensure (store));
    return store;
}

/* Collects what a claim hands over. */
typedef struct {
    int64_t ids[512];
    int sent[512];
    int count;
} s_claimed_t;

/* (No cmocka assertion here: it also runs on the claimer threads.) */
static void
s_collect (void *arg, const Xuncha__Notification *event, int sent_count)
{
    s_claimed_t *claimed = arg;
    if (claimed->count < 512 && *event->title && *event->created_at) {
        claimed->ids[claimed->count] = event->event_id;
        claimed->sent[claimed->count++] = sent_count;
    }
}

static void
test_user_of_key (void **state)
{
    (void) state;
    xc_store_t *store = s_store ();
    int64_t user = 0;
    assert_int_equal (xc_store_user_of_key (store, KEY, &user), 1);
    assert_int_equal (user, s_user);
    assert_int_equal (xc_store_user_of_key (store, REVOKED_KEY, &user), 0);
    assert_int_equal (xc_store_user_of_key (store, "unknown0000000000000000000000000000000000", &user), 0);
    xc_store_destroy (&store);
}

static void
test_claims_in_order_skipping_what_others_hold (void **state)
{
    (void) state;
    s_publish (5);
    xc_store_t *first = s_store (), *second = s_store ();
    s_claimed_t a = { 0 }, b = { 0 };
    assert_int_equal (xc_store_claim (first, "a-1", s_user, 3, 60000, s_collect, &a), 3);
    assert_true (a.ids[0] < a.ids[1] && a.ids[1] < a.ids[2]);
    assert_int_equal (a.sent[0], 1);
    assert_int_equal (xc_store_claim (second, "b-1", s_user, 10, 60000, s_collect, &b), 2);
    assert_true (b.ids[0] > a.ids[2]);
    assert_int_equal (xc_store_claim (second, "b-1", s_user, 10, 60000, s_collect, &b), 0);   /* all held */
    int64_t ready[1];
    assert_int_equal (xc_store_users_ready (second, &s_user, 1, ready), 0);
    xc_store_destroy (&first);
    xc_store_destroy (&second);
}

static void
test_lapsed_and_released_claims_are_taken_again (void **state)
{
    (void) state;
    s_publish (4);
    xc_store_t *store = s_store ();
    s_claimed_t a = { 0 }, b = { 0 }, c = { 0 };
    assert_int_equal (xc_store_claim (store, "a-1", s_user, 2, 50, s_collect, &a), 2);         /* lapses */
    assert_int_equal (xc_store_claim (store, "a-2", s_user, 2, 60000, s_collect, &b), 2);      /* held */
    usleep (150 * 1000);
    assert_int_equal (xc_store_claim (store, "c-1", s_user, 10, 60000, s_collect, &c), 2);
    assert_memory_equal (c.ids, a.ids, 2 * sizeof a.ids[0]);
    assert_int_equal (c.sent[0], 2);   /* sent twice now */
    assert_int_equal (xc_store_release (store, "a-2", s_user), 0);
    c.count = 0;
    assert_int_equal (xc_store_claim (store, "c-1", s_user, 10, 60000, s_collect, &c), 2);
    assert_memory_equal (c.ids, b.ids, 2 * sizeof b.ids[0]);
    xc_store_destroy (&store);
}

static void
test_acks_are_recorded_in_one_statement (void **state)
{
    (void) state;
    s_publish (3);
    xc_store_t *store = s_store ();
    s_claimed_t a = { 0 };
    assert_int_equal (xc_store_claim (store, "a-1", s_user, 10, 60000, s_collect, &a), 3);
    assert_int_equal (xc_store_unacknowledged (store, s_user), 3);
    xc_store_ack (store, s_user, a.ids[0]);
    xc_store_ack (store, s_user, a.ids[2]);
    xc_store_ack (store, s_user, a.ids[2]);   /* twice: harmless */
    assert_true (xc_store_acks_queued (store, s_user));
    assert_int_equal (xc_store_flush_acks (store), 0);
    assert_false (xc_store_acks_queued (store, s_user));
    assert_int_equal (xc_store_unacknowledged (store, s_user), 1);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery WHERE acked_at IS NOT NULL"), 2);
    xc_store_destroy (&store);
}

/* ------------------------------------------------------------ two notifiers at once */

typedef struct {
    pthread_t thread;
    const char *tag;
    xc_store_t *store;     /* its own connection, like another notifier */
    s_claimed_t claimed;
    int last;              /* the last claim's result: 0 once nothing is left */
} s_claimer_t;

static void *
s_claim_until_empty (void *arg)
{
    s_claimer_t *self = arg;
    while ((self->last = xc_store_claim (self->store, self->tag, s_user, 7, 60000, s_collect, &self->claimed)) > 0)
        ;
    return NULL;
}

static void
test_two_notifiers_never_claim_the_same_event (void **state)
{
    (void) state;
    s_publish (400);
    s_claimer_t claimers[2] = { { .tag = "one-1", .store = s_store () }, { .tag = "two-1", .store = s_store () } };
    for (int i = 0; i < 2; i++)
        pthread_create (&claimers[i].thread, NULL, s_claim_until_empty, &claimers[i]);
    for (int i = 0; i < 2; i++) {
        pthread_join (claimers[i].thread, NULL);
        xc_store_destroy (&claimers[i].store);
        assert_int_equal (claimers[i].last, 0);
    }
    assert_int_equal (claimers[0].claimed.count + claimers[1].claimed.count, 400);
    for (int i = 0; i < claimers[0].claimed.count; i++)
        for (int k = 0; k < claimers[1].claimed.count; k++)
            assert_true (claimers[0].claimed.ids[i] != claimers[1].claimed.ids[k]);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery WHERE sent_count <> 1"), 0);
}

/* ------------------------------------------------------------ the database away */

static void
test_notify_wakes_for_the_recipient (void **state)
{
    (void) state;
    xc_store_t *store = s_store ();
    s_publish (2);
    int64_t users[8];
    int count = 0;
    for (int i = 0; i < 50 && count < 2; i++) {
        count += xc_store_take_wakeups (store, users + count, 8 - (size_t) count);
        usleep (10 * 1000);
    }
    assert_int_equal (count, 2);
    assert_int_equal (users[0], s_user);
    xc_store_destroy (&store);
}

static void
test_acks_wait_for_the_database (void **state)
{
    (void) state;
    s_publish (1);
    xc_store_t *store = s_store ();
    s_claimed_t a = { 0 };
    assert_int_equal (xc_store_claim (store, "a-1", s_user, 10, 60000, s_collect, &a), 1);
    PQfinish (s_db);
    xc_test_pg_kill ();
    xc_store_ack (store, s_user, a.ids[0]);
    assert_int_equal (xc_store_flush_acks (store), -1);
    assert_true (xc_store_acks_queued (store, s_user));
    assert_int_equal (xc_store_socket (store), -1);   /* the loss was noticed */
    xc_test_pg_restart ();
    s_db = xc_test_pg_connect ();
    for (int i = 0; i < 40 && !xc_store_ensure (store); i++)
        usleep (100 * 1000);   /* at most one attempt a second */
    assert_int_equal (xc_store_flush_acks (store), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM outbox_delivery WHERE acked_at IS NULL"), 0);
    xc_store_destroy (&store);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_user_of_key),
        cmocka_unit_test_setup (test_claims_in_order_skipping_what_others_hold, s_empty_outbox),
        cmocka_unit_test_setup (test_lapsed_and_released_claims_are_taken_again, s_empty_outbox),
        cmocka_unit_test_setup (test_acks_are_recorded_in_one_statement, s_empty_outbox),
        cmocka_unit_test_setup (test_two_notifiers_never_claim_the_same_event, s_empty_outbox),
        cmocka_unit_test_setup (test_notify_wakes_for_the_recipient, s_empty_outbox),
        cmocka_unit_test_setup (test_acks_wait_for_the_database, s_empty_outbox),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
