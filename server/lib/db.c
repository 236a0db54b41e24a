/* db — see db.h. */
#include "db.h"
#include <stdio.h>

PGconn *
xc_db_connect (const char *conninfo, const char *application, int statement_timeout_ms)
{
    /* keywords before "dbname" are defaults: the expanded conninfo overrides them */
    const char *keywords[] = { "connect_timeout", "application_name", "dbname", NULL };
    const char *values[] = { "5", application, conninfo, NULL };
    PGconn *db = PQconnectdbParams (keywords, values, 1);
    if (PQstatus (db) == CONNECTION_OK && statement_timeout_ms > 0) {
        char sql[64];
        snprintf (sql, sizeof sql, "SET statement_timeout = %d", statement_timeout_ms);
        PQclear (PQexec (db, sql));
    }
    return db;
}
