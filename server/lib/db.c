/* db — see db.h. */
#include "db.h"
#include "pg_await.h"
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

PGconn *
xc_db_connect (const char *conninfo, const char *application, int statement_timeout_ms)
{
    /* keywords before "dbname" are defaults: the expanded conninfo overrides them */
    const char *keywords[] = { "connect_timeout", "application_name", "dbname", NULL };
    const char *values[] = { "5", application, conninfo, NULL };
    PGconn *db = PQconnectdbParams (keywords, values, 1);
    PQsetNoticeProcessor (db, s_on_notice, NULL);
    if (PQstatus (db) == CONNECTION_OK && statement_timeout_ms > 0) {
        char sql[64];
        snprintf (sql, sizeof sql, "SET statement_timeout = %d", statement_timeout_ms);
        PQclear (xc_pg_exec (db, sql));
    }
    return db;
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
