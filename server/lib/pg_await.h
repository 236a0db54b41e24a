/* pg_await — libpq's synchronous calls (PQexec, PQexecParams, PQprepare,
 * PQexecPrepared), with the same results, that let other requests run while
 * PostgreSQL works: inside a fiber (fiber.h) the query is sent, the fiber waits for
 * its connection's socket and the loop serves others meanwhile; outside any fiber they
 * block as libpq's own do. Every statement of a request goes through them. */
#ifndef XC_PG_AWAIT_H
#define XC_PG_AWAIT_H
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

PGresult *xc_pg_exec (PGconn *db, const char *sql);
PGresult *xc_pg_exec_params (PGconn *db, const char *sql, int count, const char *const *values, const int *lengths,
                             const int *formats, int result_format);
PGresult *xc_pg_prepare (PGconn *db, const char *name, const char *sql, int count);
PGresult *xc_pg_exec_prepared (PGconn *db, const char *name, int count, const char *const *values,
                               const int *lengths, const int *formats, int result_format);

/* True when RESULT is a success (a command done, or rows). */
bool xc_pg_succeeded (const PGresult *result);
/* The index of the first of COUNT RESULTS that PostgreSQL gave and that failed; COUNT
 * when none did (a NULL is a result never given, not a failure of its own). */
size_t xc_pg_first_failure (size_t count, PGresult *const *results);

/* One statement of a pipeline: the prepared statement NAME, or SQL sent unprepared
 * (NAME NULL); COUNT parameters VALUES with LENGTHS and FORMATS as PQexecParams takes
 * them (NULL: all text); text results. */
typedef struct {
    const char *name;
    const char *sql;
    int count;
    const char *const *values;
    const int *lengths;
    const int *formats;
} xc_pg_statement_t;

/* Sends the COUNT STATEMENTS together (pipeline mode) and reads all their results: one
 * round trip. RESULTS[i] is statement i's (after a failure, the statements after it
 * did not run: PGRES_PIPELINE_ABORTED, or NULL). 0 when all succeeded, else -1. */
int xc_pg_exec_pipeline (PGconn *db, size_t count, const xc_pg_statement_t *statements, PGresult **results);

/* Sends SQL and returns at once: 1 when sent. Nothing else may be sent on DB until
 * xc_pg_sent_result has read its result (or DB is closed). */
int xc_pg_send (PGconn *db, const char *sql);
PGresult *xc_pg_sent_result (PGconn *db);

#endif
