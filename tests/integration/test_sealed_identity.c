/* The petitioner's identity at rest, on a real PostgreSQL through the real dispatcher:
 * recorded by a 组员, it is stored sealed to the identity key — the row holds no
 * plaintext, and none of the name, the phone number or the ID number is found in its
 * bytes — and the 组长 reads it back whole, the read logged. Without the identity key
 * recording an identity is refused (nothing written) and reading it says the key is
 * missing (the petition shown, the identity withheld, no read logged); with another
 * key, that it was sealed to another. A database upgraded from before 009: its users'
 * keys carried into user_key and admitted as before, its plaintext identities refused
 * at start without a key and sealed with one, then readable as any other. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "identity_seal.h"
#include "migrate.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY "office0000000000000000000000000000000000"
#define LEADER_KEY "leader0000000000000000000000000000000000"
#define MEMBER_KEY "member0000000000000000000000000000000000"
#define OK XUNCHA__STATUS__STATUS_OK
#define BODY(name) XUNCHA__REQUEST__BODY_##name

/* The petitioner, and each of his strings as hex UTF-8 for a search in bytea. */
#define NAME "王某某"
#define NAME_HEX "e78e8be69f90e69f90"
#define PHONE "13800000000"
#define PHONE_HEX "3133383030303030303030"
#define ID_NUMBER "110101199001011234"
#define ID_NUMBER_HEX "313130313031313939303031303131323334"

static xc_dispatcher_t *s_dispatcher;
static int64_t s_group, s_village;
static int64_t s_petition;

static int
s_setup (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-03-10", 1);
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    xc_test_add_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0);
    xc_world_init (s_dispatcher, OFFICE_KEY);
    int64_t county = xc_world_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    int64_t town = xc_world_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, county);
    s_village = xc_world_unit ("东关村", XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, town);
    int64_t home = xc_world_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, county);
    int64_t round = xc_world_round (1);
    s_group = xc_world_group (round, 1, town);
    xc_world_join (s_group, "张伟", home, xc_world_user (LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, 0, "张伟"),
                   XUNCHA__POSITION__POSITION_LEADER);
    xc_world_join (s_group, "刘洋", home, xc_world_user (MEMBER_KEY, XUNCHA__ROLE__ROLE_GROUP_MEMBER, 0, "刘洋"),
                   XUNCHA__POSITION__POSITION_MEMBER);
    xc_world_advance (round, XUNCHA__PHASE__PHASE_ENTRY);
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

/* A petition with the identity, recorded by the 组员; the reply as EXPECTED. */
static Xuncha__Reply *
s_record_petition (int expected)
{
    static Xuncha__PetitionerIdentity who = XUNCHA__PETITIONER_IDENTITY__INIT;
    who.name = NAME;
    who.contact = PHONE;
    who.id_number = ID_NUMBER;
    who.address = "东关村三组";
    static Xuncha__Petition petition = XUNCHA__PETITION__INIT;
    petition.channel = XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_LETTER;
    petition.received_date = "2026-03-08";
    petition.content = "反映东关村集体土地租金去向不明";
    petition.petitioner = &who;
    static Xuncha__FieldRecordCreate create = XUNCHA__FIELD_RECORD_CREATE__INIT;
    create.group_id = s_group;
    create.unit_id = s_village;
    create.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_PETITION;
    create.petition = &petition;
    return xc_world_expect (MEMBER_KEY, expected, BODY (FIELD_RECORD_CREATE), &create);
}

/* The record as KEY's user is shown it (the reply is the caller's). */
static Xuncha__Reply *
s_show (const char *key, int64_t record)
{
    Xuncha__FieldRecordShow show = XUNCHA__FIELD_RECORD_SHOW__INIT;
    show.record_id = record;
    return xc_world_expect (key, OK, BODY (FIELD_RECORD_SHOW), &show);
}

static long
s_identity_reads (void)
{
    return xc_test_pg_count ("SELECT count(*) FROM identity_read");
}

static void
test_recorded_sealed_and_read_back_by_the_leader (void **state)
{
    (void) state;
    s_petition = xc_world_id (s_record_petition (OK));
    /* the row: sealed to this process's identity key, no plaintext */
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM petitioner_identity WHERE record_id = %lld"
                                        " AND sealed IS NOT NULL AND sealed_to = '%s' AND name IS NULL AND contact IS NULL"
                                        " AND id_number IS NULL AND address IS NULL",
                                        (long long) s_petition, xc_identity_key_public ()), 1);
    /* no string of the identity in the stored bytes, nor anywhere in the row as text */
    const char *strings[] = { NAME_HEX, PHONE_HEX, ID_NUMBER_HEX };
    for (size_t i = 0; i < 3; i++)
        assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM petitioner_identity WHERE position('\\x%s'::bytea IN sealed) > 0",
                                            strings[i]), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM petitioner_identity p WHERE p::text LIKE '%%" NAME "%%'"
                                        " OR p::text LIKE '%%" PHONE "%%' OR p::text LIKE '%%" ID_NUMBER "%%'"), 0);
    /* the 组长 reads it whole, the read logged */
    long reads = s_identity_reads ();
    Xuncha__Reply *reply = s_show (LEADER_KEY, s_petition);
    const Xuncha__Petition *petition = reply->field_record->petition;
    assert_false (petition->identity_withheld);
    assert_non_null (petition->petitioner);
    assert_string_equal (petition->petitioner->name, NAME);
    assert_string_equal (petition->petitioner->contact, PHONE);
    assert_string_equal (petition->petitioner->id_number, ID_NUMBER);
    assert_string_equal (petition->petitioner->address, "东关村三组");
    assert_string_equal (reply->message, "");
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (s_identity_reads (), reads + 1);
    /* the 组员 does not */
    reply = s_show (MEMBER_KEY, s_petition);
    assert_true (reply->field_record->petition->identity_withheld);
    assert_null (reply->field_record->petition->petitioner);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
test_without_the_key_nothing_is_recorded_or_opened (void **state)
{
    (void) state;
    xc_identity_key_forget ();
    long records = xc_test_pg_count ("SELECT count(*) FROM field_record"), reads = s_identity_reads ();
    Xuncha__Reply *reply = s_record_petition (XUNCHA__STATUS__STATUS_CONFLICT);
    assert_non_null (strstr (reply->message, "未配置身份密钥（xunchad 的 identity_key），不能保存信访人身份，未做任何更改"));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM field_record"), records);
    /* reading: the petition, the identity withheld, and why */
    reply = s_show (LEADER_KEY, s_petition);
    assert_true (reply->field_record->petition->identity_withheld);
    assert_null (reply->field_record->petition->petitioner);
    assert_non_null (strstr (reply->message, "本服务器未配置身份密钥（xunchad 的 identity_key），无法解密"));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (s_identity_reads (), reads);   /* nothing was shown */
    /* another key than the one it was sealed to */
    xc_test_identity_key_new ();
    reply = s_show (LEADER_KEY, s_petition);
    assert_true (reply->field_record->petition->identity_withheld);
    assert_non_null (strstr (reply->message, "以另一把身份密钥加密"));
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (s_identity_reads (), reads);
}

/* ------------------------------------------------------------------ an upgraded database */

/* A connection to a new database, sealing_upgrade, as ROLE (NULL: the superuser). Its
 * owner is sealing_owner, no superuser: row security holds it as it holds a real owner. */
static PGconn *
s_upgrade_connection (const char *role)
{
    static bool made;
    if (!made) {
        PGconn *admin = xc_test_pg_connect ();
        PQclear (PQexec (admin, "CREATE ROLE sealing_owner LOGIN NOSUPERUSER NOBYPASSRLS"));
        /* 008's functions SET xuncha.scope: PostgreSQL 15 lets a non-superuser only when granted */
        PQclear (PQexec (admin, "GRANT SET ON PARAMETER xuncha.scope TO sealing_owner"));
        PQclear (PQexec (admin, "CREATE DATABASE sealing_upgrade OWNER sealing_owner"));
        PQfinish (admin);
        made = true;
    }
    char conninfo[600];
    snprintf (conninfo, sizeof conninfo, "%s dbname=sealing_upgrade%s%s", xc_test_pg_owner_conninfo (),
              role ? " user=" : "", role ? role : "");
    PGconn *db = PQconnectdb (conninfo);
    assert_int_equal (PQstatus (db), CONNECTION_OK);
    return db;
}

static void
s_sql (PGconn *db, const char *sql)
{
    PGresult *result = PQexec (db, sql);
    if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        fail_msg ("%.60s…: %s", sql, PQerrorMessage (db));
    PQclear (result);
}

static long
s_value (PGconn *db, const char *sql)
{
    return xc_test_pg_scalar (db, sql);
}

static void
test_an_upgraded_database_keeps_its_keys_and_seals_its_identities (void **state)
{
    (void) state;
    PGconn *db = s_upgrade_connection ("sealing_owner"), *superuser = s_upgrade_connection (NULL);
    s_sql (db, "SET client_min_messages = warning; CREATE TABLE schema_migration ("
               " version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    for (int i = 0; i < xc_migration_count && xc_migrations[i].version < 9; i++) {
        s_sql (db, xc_migrations[i].sql);
        char record[160];
        snprintf (record, sizeof record, "INSERT INTO schema_migration (version, name) VALUES (%d, '%s')",
                  xc_migrations[i].version, xc_migrations[i].name);
        s_sql (db, record);
    }
    /* before 009: the key on the user, the identity in plaintext (seeded past row security) */
    s_sql (superuser, "INSERT INTO app_user (public_key, display_name, role) VALUES ('" LEADER_KEY "', '张伟', 2);"
               "INSERT INTO org_unit (name, kind) VALUES ('城关镇', 2);"
               "INSERT INTO round (committee, number, type, start_date, end_date) VALUES ('十届区委', 1, 1, '2026-03-02', '2026-04-30');"
               "INSERT INTO inspection_group (round_id, number, name) VALUES (1, 1, '第一巡察组');"
               "INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by, channel, received_date, body)"
               " VALUES (2, 1, 1, 1, '2026-03-10', 1, 1, '2026-03-08', '反映问题');"
               "INSERT INTO petitioner_identity (record_id, name, contact, id_number) VALUES (1, '" NAME "', '" PHONE "', '" ID_NUMBER "')");
    char error[1024];
    assert_true (xc_migrate (db, error, sizeof error) >= 1);   /* 009 and any after it */
    /* the key carried over, admitted as before */
    assert_int_equal (s_value (db, "SELECT key_user('" LEADER_KEY "')"), 1);
    assert_int_equal (s_value (db, "SELECT count(*) FROM information_schema.columns"
                                   " WHERE table_name = 'app_user' AND column_name = 'public_key'"), 0);
    /* the plaintext is still there, and known to be */
    assert_int_equal (s_value (db, "SELECT count(*) FROM pg_constraint WHERE conname = 'petitioner_identity_sealed'"
                                   " AND NOT convalidated"), 1);
    /* the owner does not even see it: row security is forced on it (008) */
    assert_int_equal (s_value (db, "SELECT count(*) FROM petitioner_identity"), 0);
    assert_int_equal (s_value (superuser, "SELECT count(*) FROM petitioner_identity WHERE name IS NOT NULL"), 1);
    /* no key: xunchad may not start */
    xc_identity_key_forget ();
    assert_int_equal (xc_identity_seal_plaintext (db, error, sizeof error), -1);
    assert_non_null (strstr (error, "未加密的信访人身份"));
    assert_non_null (strstr (error, "identity-keygen"));
    assert_int_equal (s_value (superuser, "SELECT count(*) FROM petitioner_identity WHERE name IS NOT NULL"), 1);
    /* with the key: sealed, the plaintext gone, the table known clean */
    xc_test_identity_key_new ();
    assert_int_equal (xc_identity_seal_plaintext (db, error, sizeof error), 1);
    assert_int_equal (s_value (superuser, "SELECT count(*) FROM petitioner_identity WHERE sealed IS NOT NULL"
                                          " AND name IS NULL AND contact IS NULL AND id_number IS NULL"), 1);
    assert_int_equal (s_value (superuser, "SELECT count(*) FROM petitioner_identity WHERE position('\\x" NAME_HEX "'::bytea IN sealed) > 0"), 0);
    assert_int_equal (s_value (db, "SELECT count(*) FROM pg_constraint WHERE conname = 'petitioner_identity_sealed'"
                                   " AND convalidated"), 1);
    assert_int_equal (s_value (db, "SELECT relforcerowsecurity::int FROM pg_class WHERE relname = 'petitioner_identity'"), 1);
    assert_int_equal (xc_identity_seal_plaintext (db, error, sizeof error), 0);   /* nothing left: nothing done */
    /* and it opens to what it was */
    PGresult *result = PQexecParams (superuser, "SELECT sealed, sealed_to FROM petitioner_identity", 0, NULL, NULL, NULL,
                                     NULL, 1);
    Xuncha__PetitionerIdentity *who;
    assert_int_equal (xc_identity_open ((const uint8_t *) PQgetvalue (result, 0, 0), (size_t) PQgetlength (result, 0, 0),
                                        PQgetvalue (result, 0, 1), &who), XC_IDENTITY_OPENED);
    assert_string_equal (who->name, NAME);
    assert_string_equal (who->contact, PHONE);
    assert_string_equal (who->id_number, ID_NUMBER);
    assert_string_equal (who->address, "");
    xuncha__petitioner_identity__free_unpacked (who, NULL);
    PQclear (result);
    /* a new plaintext row is refused by the database itself, whoever writes it */
    result = PQexec (superuser, "INSERT INTO petitioner_identity (record_id, name) VALUES (1, '某')");
    assert_string_equal (PQresultErrorField (result, PG_DIAG_SQLSTATE), "23514");   /* check_violation */
    PQclear (result);
    PQfinish (db);
    PQfinish (superuser);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_recorded_sealed_and_read_back_by_the_leader),
        cmocka_unit_test (test_without_the_key_nothing_is_recorded_or_opened),
        cmocka_unit_test (test_an_upgraded_database_keeps_its_keys_and_seals_its_identities),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
