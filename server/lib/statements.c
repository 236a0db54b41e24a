/* statements — see statements.h. */
#include "statements.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define XC_STATEMENT_SLOTS 2048          /* a power of two */
#define XC_STATEMENT_MOST (XC_STATEMENT_SLOTS / 2)

typedef struct {
    PGconn *db;
    int backend;                         /* the connection's server process: a new connection at the same address differs */
    size_t used;
    uint64_t slots[XC_STATEMENT_SLOTS];  /* hashes of the texts prepared; 0: free */
} s_cache_t;

static __thread s_cache_t s_cache;

static uint64_t
s_hash (const char *text)
{
    uint64_t hash = 14695981039346656037ull;   /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *) text; *p; p++)
        hash = (hash ^ *p) * 1099511628211ull;
    return hash ? hash : 1;
}

/* The slot of HASH: where it is, or the free one where it would go. */
static uint64_t *
s_slot (uint64_t hash)
{
    size_t at = (size_t) hash & (XC_STATEMENT_SLOTS - 1);
    while (s_cache.slots[at] && s_cache.slots[at] != hash)
        at = (at + 1) & (XC_STATEMENT_SLOTS - 1);
    return &s_cache.slots[at];
}

/* Prepares SQL as NAME: NULL when it is now prepared on DB, else the failure (a
 * statement timeout while a table is locked, an error in the text), which is what
 * running it would have answered: the transaction is aborted by then. */
static PGresult *
s_prepare (PGconn *db, const char *name, const char *sql, int count)
{
    PGresult *result = PQprepare (db, name, sql, count, NULL);
    if (PQresultStatus (result) == PGRES_COMMAND_OK) {
        PQclear (result);
        return NULL;
    }
    return result;
}

/* The cache of DB: this thread's, started afresh from what DB has prepared (a thread
 * may use more than one connection in turn; preparing a name that exists would be an
 * error, and an error aborts the transaction). 0, or -1 when DB cannot say. */
static int
s_cache_of (PGconn *db)
{
    if (s_cache.db == db && s_cache.backend == PQbackendPID (db))
        return 0;
    memset (&s_cache, 0, sizeof s_cache);
    PGresult *result = PQexec (db, "SELECT name FROM pg_prepared_statements");
    if (PQresultStatus (result) != PGRES_TUPLES_OK) {
        PQclear (result);
        return -1;
    }
    s_cache.db = db;
    s_cache.backend = PQbackendPID (db);
    for (int row = 0; row < PQntuples (result); row++) {
        unsigned long long hash;
        if (sscanf (PQgetvalue (result, row, 0), "x%16llx", &hash) == 1 && hash && s_cache.used < XC_STATEMENT_MOST) {
            *s_slot (hash) = hash;
            s_cache.used++;
        }
    }
    PQclear (result);
    return 0;
}

PGresult *
xc_statement_exec (PGconn *db, const char *sql, int count, const char *const *values, const int *lengths,
                   const int *formats, int result_format)
{
    if (PQtransactionStatus (db) == PQTRANS_INERROR || s_cache_of (db) != 0)
        return PQexecParams (db, sql, count, NULL, values, lengths, formats, result_format);
    uint64_t hash = s_hash (sql);
    uint64_t *slot = s_slot (hash);
    char name[24];
    snprintf (name, sizeof name, "x%016llx", (unsigned long long) hash);
    if (!*slot && s_cache.used < XC_STATEMENT_MOST) {
        PGresult *failure = s_prepare (db, name, sql, count);
        if (failure)
            return failure;
        *slot = hash;
        s_cache.used++;
    }
    if (*slot)
        return PQexecPrepared (db, name, count, values, lengths, formats, result_format);
    return PQexecParams (db, sql, count, NULL, values, lengths, formats, result_format);
}
