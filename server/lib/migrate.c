/* migrate — see migrate.h. */
#include "migrate.h"
#include "xc_log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC_MIGRATION_LOCK 7400101

static int
s_exec (PGconn *db, const char *sql, char *error, size_t error_size)
{
    PGresult *result = PQexec (db, sql);
    int ok = PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;
    if (!ok)
        snprintf (error, error_size, "%s", PQerrorMessage (db));
    PQclear (result);
    return ok ? 0 : -1;
}

int
xc_schema_version (PGconn *db)
{
    PGresult *result = PQexec (db, "SELECT coalesce(max(version), 0) FROM schema_migration");
    int version = PQresultStatus (result) == PGRES_TUPLES_OK ? atoi (PQgetvalue (result, 0, 0)) : -1;
    PQclear (result);
    return version;
}

int
xc_migrate (PGconn *db, char *error, size_t error_size)
{
    char sql[128];
    snprintf (sql, sizeof sql, "SELECT pg_advisory_lock(%d)", XC_MIGRATION_LOCK);
    if (s_exec (db, "SET client_min_messages = warning", error, error_size) != 0
        || s_exec (db, sql, error, error_size) != 0)
        return -1;
    int applied = 0;
    /* created by the owner; the server's own role, which may not create tables, only
     * finds it (and, the schema being current, changes nothing) */
    if (s_exec (db,
                "DO $$ BEGIN IF to_regclass('schema_migration') IS NULL THEN"
                " CREATE TABLE schema_migration ("
                " version integer PRIMARY KEY, name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now()); END IF; END $$",
                error, error_size) != 0)
        applied = -1;
    int current = applied == 0 ? xc_schema_version (db) : -1;
    for (int i = 0; applied >= 0 && i < xc_migration_count; i++) {
        const xc_migration_t *migration = &xc_migrations[i];
        if (migration->version <= current)
            continue;
        char record[256];
        snprintf (record, sizeof record,
                  "INSERT INTO schema_migration (version, name) VALUES (%d, '%s')",
                  migration->version, migration->name);
        if (s_exec (db, "BEGIN", error, error_size) != 0
            || s_exec (db, migration->sql, error, error_size) != 0
            || s_exec (db, record, error, error_size) != 0
            || s_exec (db, "COMMIT", error, error_size) != 0) {
            char reason[512];
            snprintf (reason, sizeof reason, "%s", error);
            snprintf (error, error_size, "迁移 %s 失败：%s", migration->name, reason);
            PQclear (PQexec (db, "ROLLBACK"));
            applied = -1;
            break;
        }
        xc_log (XC_LOG_INFO, "migration_applied", "version=%d name=%s", migration->version, migration->name);
        applied++;
    }
    snprintf (sql, sizeof sql, "SELECT pg_advisory_unlock(%d)", XC_MIGRATION_LOCK);
    PQclear (PQexec (db, sql));
    return applied;
}
