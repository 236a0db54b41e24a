/* xc_test_pg — a real PostgreSQL for one test program: a fresh cluster in a temporary
 * directory (ops/pg.sh), stopped and removed when the program ends.
 *
 * Two roles, as in production: the cluster's superuser owns the tables and runs the
 * migrations, and the server's code under test connects as xuncha_app (no table of its
 * own, held by row-level security), through the connection string xc_test_pg_start
 * returns. The test's own look into the database (xc_test_pg_connect, _scalar, _count)
 * is the superuser's, which row security does not hide anything from. */
#ifndef XC_TEST_PG_H
#define XC_TEST_PG_H
#include <libpq-fe.h>

/* Starts the cluster and migrates the schema as its owner; returns the connection
 * string of the server's role, xuncha_app, for dispatchers and stores under test. Gives
 * the process an identity key of its own (xc_test_identity_key_new), as xunchad's
 * identity_key would: petitioner identities are sealed to it. */
const char *xc_test_pg_start (void);
/* A new identity key (identity_seal.h), made in memory, in place of the one before. */
void xc_test_identity_key_new (void);
/* The owner's (the superuser's) connection string: migrations, fixtures, inspection. */
const char *xc_test_pg_owner_conninfo (void);
/* A fresh connection as xuncha_app (the caller PQfinish-es it). */
PGconn *xc_test_pg_connect_app (void);
void xc_test_pg_stop (void);
/* SIGKILLs the postmaster, or starts it again on the same data directory. */
void xc_test_pg_kill (void);
void xc_test_pg_restart (void);
/* A fresh connection as the owner (the caller PQfinish-es it); aborts the test when
 * impossible. */
PGconn *xc_test_pg_connect (void);
/* Runs SQL and returns the first column of the first row as a number (-1 on error). */
long xc_test_pg_scalar (PGconn *db, const char *sql);
/* The same on a connection of its own, with the SQL formatted from FMT like printf. */
long xc_test_pg_count (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

#endif
