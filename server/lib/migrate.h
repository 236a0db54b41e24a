/* migrate — applies the numbered schema migrations (server/sql/NNN_name.sql, compiled
 * into the binary) that the database has not seen yet, each in its own transaction,
 * recorded in schema_migration. Several processes may start at once: an advisory lock
 * makes them take turns. */
#ifndef XC_MIGRATE_H
#define XC_MIGRATE_H
#include <libpq-fe.h>
#include <stddef.h>

typedef struct {
    int version;
    const char *name;
    const char *sql;
} xc_migration_t;

extern const xc_migration_t xc_migrations[];
extern const int xc_migration_count;

/* Returns the number of migrations applied now (0 when up to date), or -1 with `error`. */
int xc_migrate (PGconn *db, char *error, size_t error_size);
/* The highest migration version recorded in the database, or -1. */
int xc_schema_version (PGconn *db);

#endif
