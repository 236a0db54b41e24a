/* xc_test_pg — see xc_test_pg.h. */
#include "xc_test_pg.h"
#include "identity_seal.h"
#include "migrate.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char s_dir[256];
static char s_conninfo[512];       /* the owner's */
static char s_app_conninfo[512];   /* xuncha_app's */

static int
s_pg (const char *command, char *output, size_t size)
{
    char line[1024];
    snprintf (line, sizeof line, "%s/ops/pg.sh %s %s", XUNCHA_SOURCE_DIR, command, s_dir);
    FILE *pipe = popen (line, "r");
    if (!pipe)
        return -1;
    if (output && !fgets (output, (int) size, pipe))
        output[0] = 0;
    int rc = pclose (pipe);
    if (output)
        output[strcspn (output, "\n")] = 0;
    return rc;
}

const char *
xc_test_pg_start (void)
{
    snprintf (s_dir, sizeof s_dir, "/tmp/xuncha-test-XXXXXX");
    if (!mkdtemp (s_dir) || s_pg ("start", s_conninfo, sizeof s_conninfo) != 0) {
        fprintf (stderr, "xc_test_pg: could not start PostgreSQL in %s\n", s_dir);
        exit (1);
    }
    PGconn *db = xc_test_pg_connect ();
    char error[512];
    if (xc_migrate (db, error, sizeof error) < 0) {
        fprintf (stderr, "xc_test_pg: migration failed: %s\n", error);
        exit (1);
    }
    PQfinish (db);
    atexit (xc_test_pg_stop);
    if (s_pg ("app-conninfo", s_app_conninfo, sizeof s_app_conninfo) != 0) {
        fprintf (stderr, "xc_test_pg: no connection string for xuncha_app\n");
        exit (1);
    }
    PQfinish (xc_test_pg_connect_app ());   /* the role exists and may log in */
    xc_test_identity_key_new ();
    return s_app_conninfo;
}

void
xc_test_identity_key_new (void)
{
    uint8_t public_key[crypto_box_PUBLICKEYBYTES], secret_key[crypto_box_SECRETKEYBYTES];
    if (sodium_init () < 0) {
        fprintf (stderr, "xc_test_pg: libsodium cannot start\n");
        exit (1);
    }
    crypto_box_keypair (public_key, secret_key);
    xc_identity_key_set (public_key, secret_key);
    sodium_memzero (secret_key, sizeof secret_key);
}

const char *
xc_test_pg_owner_conninfo (void)
{
    return s_conninfo;
}

static PGconn *
s_connect (const char *conninfo)
{
    PGconn *db = PQconnectdb (conninfo);
    if (PQstatus (db) != CONNECTION_OK) {
        fprintf (stderr, "xc_test_pg: %s", PQerrorMessage (db));
        exit (1);
    }
    return db;
}

PGconn *
xc_test_pg_connect_app (void)
{
    return s_connect (s_app_conninfo);
}

void
xc_test_pg_stop (void)
{
    if (!s_dir[0])
        return;
    s_pg ("stop", NULL, 0);
    char line[512];
    snprintf (line, sizeof line, "rm -rf %s", s_dir);
    if (system (line) != 0)
        fprintf (stderr, "xc_test_pg: could not remove %s\n", s_dir);
    s_dir[0] = 0;
}

void
xc_test_pg_kill (void)
{
    s_pg ("kill", NULL, 0);
}

void
xc_test_pg_restart (void)
{
    char ignored[512];
    s_pg ("start", ignored, sizeof ignored);
}

PGconn *
xc_test_pg_connect (void)
{
    return s_connect (s_conninfo);
}

long
xc_test_pg_scalar (PGconn *db, const char *sql)
{
    PGresult *result = PQexec (db, sql);
    long value = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0
                     ? strtol (PQgetvalue (result, 0, 0), NULL, 10) : -1;
    PQclear (result);
    return value;
}

long
xc_test_pg_count (const char *fmt, ...)
{
    char sql[2048];
    va_list args;
    va_start (args, fmt);
    vsnprintf (sql, sizeof sql, fmt, args);
    va_end (args);
    PGconn *db = xc_test_pg_connect ();
    long value = xc_test_pg_scalar (db, sql);
    PQfinish (db);
    return value;
}

/* ---- xc_test_serve.h ---- */
#include "xc_test_serve.h"
#include "xc_codec.h"
#include "xc_uuid.h"
#include "xc_validate.h"

void
xc_test_request_init (Xuncha__Request *request, char id[37])
{
    xuncha__request__init (request);
    xc_uuid_new (id);
    request->request_id = id;
    request->protocol_version = XC_PROTOCOL_VERSION;
}

Xuncha__Reply *
xc_test_serve (xc_dispatcher_t *dispatcher, const char *key, const Xuncha__Request *request)
{
    size_t size, reply_size;
    uint8_t *packed = xc_pack (&request->base, &size);
    uint8_t *reply = xc_dispatcher_serve (dispatcher, key, packed, size, &reply_size);
    xc_dispatcher_finish (dispatcher);   /* a read's transaction ends before the test goes on */
    Xuncha__Reply *decoded = xuncha__reply__unpack (NULL, reply_size, reply);
    free (packed);
    free (reply);
    if (!decoded) {
        fprintf (stderr, "xc_test_serve: reply does not unpack\n");
        exit (1);
    }
    return decoded;
}

Xuncha__Reply *
xc_test_do (xc_dispatcher_t *dispatcher, const char *key, Xuncha__Request__BodyCase body_case, void *body)
{
    Xuncha__Request request;
    char id[37];
    xc_test_request_init (&request, id);
    request.body_case = body_case;
    request.ping = body;   /* the bodies share one union of pointers */
    return xc_test_serve (dispatcher, key, &request);
}

void
xc_test_add_user (const char *key, int role, long org_unit_id)
{
    PGconn *db = xc_test_pg_connect ();
    char role_text[16], unit_text[32];
    snprintf (role_text, sizeof role_text, "%d", role);
    snprintf (unit_text, sizeof unit_text, "%ld", org_unit_id);
    const char *params[] = { key, role_text, org_unit_id ? unit_text : NULL };
    PGresult *result = PQexecParams (db,
        "WITH added AS (INSERT INTO app_user (display_name, role, org_unit_id) VALUES ('测试用户', $2, $3) RETURNING id)"
        " INSERT INTO user_key (user_id, public_key) SELECT id, $1 FROM added",
        3, NULL, params, NULL, NULL, 0);
    if (PQresultStatus (result) != PGRES_COMMAND_OK) {
        fprintf (stderr, "xc_test_add_user: %s", PQerrorMessage (db));
        exit (1);
    }
    PQclear (result);
    PQfinish (db);
}
