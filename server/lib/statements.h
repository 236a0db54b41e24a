/* statements — a parameterised statement is parsed and planned once per connection:
 * the first time a connection runs a given SQL text it is prepared (PQprepare, named by
 * a hash of the text), and every later run executes the prepared statement. The server
 * runs the same few hundred statements again and again (a sync batch runs the same
 * dozen for each of its entries), and planning was a large part of their cost.
 *
 * A statement is executed prepared only when its text is the very text prepared under
 * that name (the hash names it, the text decides). The cache is per connection, kept
 * by the thread using it, dropped when the connection is closed (xc_statement_forget)
 * and freed with the thread; a connection new to it (or another server process behind
 * the same address) is read again from pg_prepared_statements. Texts beyond its capacity (statements built with
 * variable filters) and statements inside a failed transaction run unprepared. */
#ifndef XC_STATEMENTS_H
#define XC_STATEMENTS_H
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

/* As PQexecParams (without parameter types: inferred, as there), waiting as
 * pg_await.h does. */
PGresult *xc_statement_exec (PGconn *db, const char *sql, int count, const char *const *values, const int *lengths,
                             const int *formats, int result_format);

/* Drops what this thread knows of DB's prepared statements: before DB is closed. */
void xc_statement_forget (PGconn *db);

/* A statement's text, with COUNT parameters VALUES (LENGTHS and FORMATS as
 * PQexecParams takes them; NULL: all text). */
typedef struct {
    const char *sql;
    int count;
    const char *const *values;
    const int *lengths;
    const int *formats;
} xc_statement_t;

/* Runs the COUNT STATEMENTS (each prepared as by xc_statement_exec) sent together: one
 * round trip (pg_await.h xc_pg_exec_pipeline, whose RESULTS and return value these
 * are). */
int xc_statement_exec_together (PGconn *db, size_t count, const xc_statement_t *statements, PGresult **results);

/* Opens a transaction (BEGIN) and runs SQL (text parameters, text results) as its
 * first statement, both sent at once: one round trip (pg_await.h); with COMMIT_FIRST,
 * a COMMIT of the transaction still open goes first in the same round trip. The
 * statement's result, or the first failure (the statements after it did not run). */
PGresult *xc_statement_begin_with (PGconn *db, bool commit_first, const char *sql, int count,
                                   const char *const *values);

#endif
