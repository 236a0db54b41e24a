/* pg_await — libpq's synchronous calls (PQexec, PQexecParams, PQprepare,
 * PQexecPrepared), with the same results, that let other requests run while
 * PostgreSQL works: inside a fiber (fiber.h) the query is sent, the fiber waits for
 * its connection's socket and the loop serves others meanwhile; outside any fiber they
 * block as libpq's own do. Every statement of a request goes through them. */
#ifndef XC_PG_AWAIT_H
#define XC_PG_AWAIT_H
#include <libpq-fe.h>

PGresult *xc_pg_exec (PGconn *db, const char *sql);
PGresult *xc_pg_exec_params (PGconn *db, const char *sql, int count, const char *const *values, const int *lengths,
                             const int *formats, int result_format);
PGresult *xc_pg_prepare (PGconn *db, const char *name, const char *sql, int count);
PGresult *xc_pg_exec_prepared (PGconn *db, const char *name, int count, const char *const *values,
                               const int *lengths, const int *formats, int result_format);

#endif
