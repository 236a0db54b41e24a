/* pg_await — see pg_await.h. */
#include "pg_await.h"
#include "fiber.h"
#include <stdbool.h>

/* Inside a fiber: waits, letting the loop run, until DB has a whole result to give
 * (or has failed: PQgetResult then says so). */
static void
s_wait_ready (PGconn *db)
{
    if (!xc_fiber_current ())
        return;   /* PQgetResult blocks */
    while (PQisBusy (db) && PQsocket (db) >= 0) {
        xc_fiber_wait_fd (PQsocket (db));
        if (!PQconsumeInput (db))
            return;
    }
}

/* The results of what was sent, as PQexec gives them: the last one, or the first
 * failure (the ones after it discarded). NULL when SENT is false, as PQexec. */
static PGresult *
s_results (PGconn *db, bool sent)
{
    if (!sent)
        return NULL;
    PGresult *kept = NULL;
    for (;;) {
        s_wait_ready (db);
        PGresult *result = PQgetResult (db);
        if (!result)
            break;
        ExecStatusType status = PQresultStatus (result);
        if (kept && PQresultStatus (kept) == PGRES_FATAL_ERROR)
            PQclear (result);
        else {
            PQclear (kept);
            kept = result;
        }
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH
            || PQstatus (db) == CONNECTION_BAD)
            break;   /* COPY is not used by xunchad; as PQexec, the caller deals with either */
    }
    return kept;
}

PGresult *
xc_pg_exec (PGconn *db, const char *sql)
{
    return s_results (db, PQsendQuery (db, sql) == 1);
}

int
xc_pg_send (PGconn *db, const char *sql)
{
    return PQsendQuery (db, sql) == 1;
}

PGresult *
xc_pg_sent_result (PGconn *db)
{
    return s_results (db, true);
}

PGresult *
xc_pg_exec_params (PGconn *db, const char *sql, int count, const char *const *values, const int *lengths,
                   const int *formats, int result_format)
{
    return s_results (db, PQsendQueryParams (db, sql, count, NULL, values, lengths, formats, result_format) == 1);
}

PGresult *
xc_pg_prepare (PGconn *db, const char *name, const char *sql, int count)
{
    return s_results (db, PQsendPrepare (db, name, sql, count, NULL) == 1);
}

PGresult *
xc_pg_exec_prepared (PGconn *db, const char *name, int count, const char *const *values, const int *lengths,
                     const int *formats, int result_format)
{
    return s_results (db, PQsendQueryPrepared (db, name, count, values, lengths, formats, result_format) == 1);
}

bool
xc_pg_succeeded (const PGresult *result)
{
    ExecStatusType status = PQresultStatus (result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

size_t
xc_pg_first_failure (size_t count, PGresult *const *results)
{
    for (size_t i = 0; i < count; i++)
        if (results[i] && !xc_pg_succeeded (results[i]))
            return i;
    return count;
}

int
xc_pg_exec_pipeline (PGconn *db, size_t count, const xc_pg_statement_t *statements, PGresult **results)
{
    for (size_t i = 0; i < count; i++)
        results[i] = NULL;
    if (PQenterPipelineMode (db) != 1)
        return -1;
    bool sent = true;
    for (size_t i = 0; i < count && sent; i++) {
        const xc_pg_statement_t *statement = &statements[i];
        sent = (statement->name ? PQsendQueryPrepared (db, statement->name, statement->count, statement->values,
                                                       statement->lengths, statement->formats, 0)
                                : PQsendQueryParams (db, statement->sql, statement->count, NULL, statement->values,
                                                     statement->lengths, statement->formats, 0))
               == 1;
    }
    sent = sent && PQpipelineSync (db) == 1;
    /* each statement's results end with NULL; the sync's is one PGRES_PIPELINE_SYNC */
    bool all = sent;
    for (size_t i = 0; i < count && sent; i++) {
        results[i] = s_results (db, true);
        all = all && xc_pg_succeeded (results[i]);
    }
    if (sent) {
        s_wait_ready (db);
        PQclear (PQgetResult (db));
    }
    if (PQexitPipelineMode (db) != 1)   /* the connection broke midway */
        all = false;
    return all ? 0 : -1;
}
