/* db — see db.h. */
#include "db.h"
#include "fiber.h"
#include "pg_await.h"
#include "xc_clock.h"
#include <poll.h>
#include "xc_log.h"
#include <stdio.h>
#include <string.h>

/* What the server says outside a query's result ("terminating connection due to
 * administrator command" …) becomes a log line like any other, not raw stderr. */
static void
s_on_notice (void *arg, const char *message)
{
    (void) arg;
    xc_log (XC_LOG_INFO, "database_notice", "message=\"%.*s\"", (int) strcspn (message, "\n\""), message);
}

#define XC_CONNECT_TIMEOUT_MS 5000

/* Inside a fiber (fiber.h): the connection made step by step (PQconnectPoll), the
 * fiber waiting for its socket, so the other requests go on meanwhile; given up after
 * XC_CONNECT_TIMEOUT_MS. Outside one: PQconnectdbParams, which waits. */
static PGconn *
s_connect (const char *const *keywords, const char *const *values)
{
    if (!xc_fiber_current ())
        return PQconnectdbParams (keywords, values, 1);
    PGconn *db = PQconnectStartParams (keywords, values, 1);
    int64_t deadline = xc_clock_mono_ms () + XC_CONNECT_TIMEOUT_MS;
    PostgresPollingStatusType step = PGRES_POLLING_WRITING;   /* as PQconnectStart leaves it */
    while (db && PQstatus (db) != CONNECTION_BAD && step != PGRES_POLLING_OK && step != PGRES_POLLING_FAILED) {
        if (xc_clock_mono_ms () >= deadline) {
            PQfinish (db);
            return NULL;
        }
        xc_fiber_wait ((xc_fiber_wait_t) { PQsocket (db), step == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline });
        step = PQconnectPoll (db);
    }
    return db;
}

PGconn *
xc_db_connect (const char *conninfo, const char *application, int statement_timeout_ms)
{
    /* keywords before "dbname" are defaults: the expanded conninfo overrides them */
    const char *keywords[] = { "connect_timeout", "application_name", "dbname", NULL };
    const char *values[] = { "5", application, conninfo, NULL };
    PGconn *db = s_connect (keywords, values);
    if (!db)
        return NULL;
    PQsetNoticeProcessor (db, s_on_notice, NULL);
    if (PQstatus (db) == CONNECTION_OK && statement_timeout_ms > 0) {
        char sql[64];
        snprintf (sql, sizeof sql, "SET statement_timeout = %d", statement_timeout_ms);
        PQclear (xc_pg_exec (db, sql));
    }
    return db;
}

const char *
xc_db_error_line (const PGconn *db, char *buffer, size_t size)
{
    const char *message = db ? PQerrorMessage (db) : "no connection (timed out, or out of memory)";
    snprintf (buffer, size, "%.*s", (int) strcspn (message, "\n\""), message);
    return buffer;
}

/* set_config (…, true): the setting ends with the transaction, so a pooled or reused
 * connection never carries one request's scope into the next. */
static int
s_set_local (PGconn *db, const char *name, const char *value)
{
    const char *params[] = { name, value };
    PGresult *result = xc_pg_exec_params (db, "SELECT set_config($1, $2, true)", 2, params, NULL, NULL, 0);
    int ok = PQresultStatus (result) == PGRES_TUPLES_OK;
    PQclear (result);
    return ok ? 0 : -1;
}

int
xc_db_scope_system (PGconn *db)
{
    return s_set_local (db, "xuncha.scope", "system");
}
