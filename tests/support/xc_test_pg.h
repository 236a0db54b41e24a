/* xc_test_pg — a real PostgreSQL for one test program: a fresh cluster in a temporary
 * directory (ops/pg.sh), stopped and removed when the program ends. */
#ifndef XC_TEST_PG_H
#define XC_TEST_PG_H
#include <libpq-fe.h>

/* Starts the cluster and migrates the schema; returns the connection string. */
const char *xc_test_pg_start (void);
void xc_test_pg_stop (void);
/* SIGKILLs the postmaster, or starts it again on the same data directory. */
void xc_test_pg_kill (void);
void xc_test_pg_restart (void);
/* A fresh connection (the caller PQfinish-es it); aborts the test when impossible. */
PGconn *xc_test_pg_connect (void);
/* Runs SQL and returns the first column of the first row as a number (-1 on error). */
long xc_test_pg_scalar (PGconn *db, const char *sql);
/* The same on a connection of its own, with the SQL formatted from FMT like printf. */
long xc_test_pg_count (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

#endif
