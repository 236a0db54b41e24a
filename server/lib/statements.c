/* statements — see statements.h. */
#include "statements.h"
#include "pg_await.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC_STATEMENT_SLOTS 2048          /* a power of two */
#define XC_STATEMENT_MOST (XC_STATEMENT_SLOTS / 2)

typedef struct {
    PGconn *db;
    int backend;                         /* the connection's server process: a new connection at the same address differs */
    size_t used;
    uint64_t slots[XC_STATEMENT_SLOTS];  /* hashes of the texts prepared; 0: free */
    char *texts[XC_STATEMENT_SLOTS];     /* the texts (NULL for one prepared before this cache: read back) */
} s_cache_t;

/* One cache per connection, in a table per thread (a thread's fibers each have their
 * own connection, fiber.h), freed with the thread; a connection's is dropped when it is
 * closed (xc_statement_forget). */
typedef struct {
    s_cache_t **caches;
    size_t count, room;
} s_thread_caches_t;

static pthread_key_t s_caches_key;
static pthread_once_t s_caches_key_made = PTHREAD_ONCE_INIT;

static void
s_cache_free (s_cache_t *self)
{
    for (size_t i = 0; self && i < XC_STATEMENT_SLOTS; i++)
        free (self->texts[i]);
    free (self);
}

static void
s_thread_caches_free (void *caches)
{
    s_thread_caches_t *self = caches;
    for (size_t i = 0; i < self->count; i++)
        s_cache_free (self->caches[i]);
    free (self->caches);
    free (self);
}

static void
s_make_caches_key (void)
{
    pthread_key_create (&s_caches_key, s_thread_caches_free);
}

static s_thread_caches_t *
s_thread_caches (void)
{
    pthread_once (&s_caches_key_made, s_make_caches_key);
    s_thread_caches_t *table = pthread_getspecific (s_caches_key);
    if (!table && (table = calloc (1, sizeof *table)))
        pthread_setspecific (s_caches_key, table);
    return table;
}

/* The cache this thread keeps for DB (when new, s_cache_of fills it); NULL without
 * memory. */
static s_cache_t *
s_connection_cache (PGconn *db)
{
    s_thread_caches_t *table = s_thread_caches ();
    if (!table)
        return NULL;
    for (size_t i = 0; i < table->count; i++)
        if (table->caches[i]->db == db)
            return table->caches[i];
    if (table->count == table->room) {
        size_t room = table->room ? 2 * table->room : 16;
        s_cache_t **grown = realloc (table->caches, room * sizeof *grown);
        if (!grown)
            return NULL;
        table->caches = grown;
        table->room = room;
    }
    s_cache_t *cache = calloc (1, sizeof *cache);
    if (cache)
        table->caches[table->count++] = cache;
    return cache;
}

void
xc_statement_forget (PGconn *db)
{
    s_thread_caches_t *table = s_thread_caches ();
    for (size_t i = 0; table && i < table->count; i++)
        if (table->caches[i]->db == db) {
            s_cache_free (table->caches[i]);
            table->caches[i] = table->caches[--table->count];
            return;
        }
}

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
s_slot (s_cache_t *cache, uint64_t hash)
{
    size_t at = (size_t) hash & (XC_STATEMENT_SLOTS - 1);
    while (cache->slots[at] && cache->slots[at] != hash)
        at = (at + 1) & (XC_STATEMENT_SLOTS - 1);
    return &cache->slots[at];
}

/* Prepares SQL as NAME: NULL when it is now prepared on DB, else the failure (a
 * statement timeout while a table is locked, an error in the text), which is what
 * running it would have answered: the transaction is aborted by then. */
static PGresult *
s_prepare (PGconn *db, const char *name, const char *sql, int count)
{
    PGresult *result = xc_pg_prepare (db, name, sql, count);
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
s_cache_of (s_cache_t *cache, PGconn *db)
{
    if (cache->db == db && cache->backend == PQbackendPID (db))
        return 0;
    for (size_t i = 0; i < XC_STATEMENT_SLOTS; i++)
        free (cache->texts[i]);
    memset (cache, 0, sizeof *cache);
    PGresult *result = xc_pg_exec (db, "SELECT name, statement FROM pg_prepared_statements");
    if (PQresultStatus (result) != PGRES_TUPLES_OK) {
        PQclear (result);
        return -1;
    }
    cache->db = db;
    cache->backend = PQbackendPID (db);
    for (int row = 0; row < PQntuples (result); row++) {
        unsigned long long hash;
        if (sscanf (PQgetvalue (result, row, 0), "x%16llx", &hash) == 1 && hash && cache->used < XC_STATEMENT_MOST) {
            uint64_t *slot = s_slot (cache, hash);
            *slot = hash;
            cache->texts[slot - cache->slots] = strdup (PQgetvalue (result, row, 1));
            cache->used++;
        }
    }
    PQclear (result);
    return 0;
}

/* The name SQL is prepared under on DB (prepared now if it is new): 1 with NAME
 * filled, 0 when it runs unprepared, -1 with *FAILURE when preparing it failed. */
static int
s_prepared_name (PGconn *db, const char *sql, int count, char name[24], PGresult **failure)
{
    s_cache_t *cache = s_connection_cache (db);
    if (!cache || PQtransactionStatus (db) == PQTRANS_INERROR || s_cache_of (cache, db) != 0)
        return 0;
    uint64_t hash = s_hash (sql);
    uint64_t *slot = s_slot (cache, hash);
    snprintf (name, 24, "x%016llx", (unsigned long long) hash);
    if (!*slot && cache->used < XC_STATEMENT_MOST) {
        if ((*failure = s_prepare (db, name, sql, count)))
            return -1;
        *slot = hash;
        cache->texts[slot - cache->slots] = strdup (sql);
        cache->used++;
    }
    /* the same hash is not enough: the text itself must be the one prepared */
    const char *prepared = *slot ? cache->texts[slot - cache->slots] : NULL;
    return prepared && strcmp (prepared, sql) == 0;
}

PGresult *
xc_statement_exec (PGconn *db, const char *sql, int count, const char *const *values, const int *lengths,
                   const int *formats, int result_format)
{
    char name[24];
    PGresult *failure = NULL;
    switch (s_prepared_name (db, sql, count, name, &failure)) {
    case 1:
        return xc_pg_exec_prepared (db, name, count, values, lengths, formats, result_format);
    case 0:
        return xc_pg_exec_params (db, sql, count, values, lengths, formats, result_format);
    default:
        return failure;
    }
}

int
xc_statement_exec_together (PGconn *db, size_t count, const xc_statement_t *statements, PGresult **results)
{
    xc_pg_statement_t sent[count ? count : 1];
    char names[count ? count : 1][24];
    for (size_t i = 0; i < count; i++) {
        PGresult *failure = NULL;
        int prepared = s_prepared_name (db, statements[i].sql, statements[i].count, names[i], &failure);
        if (prepared < 0) {
            for (size_t j = 0; j < count; j++)
                results[j] = NULL;
            results[i] = failure;
            return -1;
        }
        sent[i] = (xc_pg_statement_t) { prepared ? names[i] : NULL, statements[i].sql, statements[i].count,
                                        statements[i].values, statements[i].lengths, statements[i].formats };
    }
    return xc_pg_exec_pipeline (db, count, sent, results);
}

PGresult *
xc_statement_begin_with (PGconn *db, bool commit_first, const char *sql, int count, const char *const *values)
{
    const xc_statement_t statements[] = { { .sql = "COMMIT" }, { .sql = "BEGIN" },
                                          { .sql = sql, .count = count, .values = values } };
    size_t first = commit_first ? 0 : 1, sent = 3 - first;
    PGresult *results[3] = { NULL };
    int rc = xc_statement_exec_together (db, sent, statements + first, results);
    /* the first failure (the statements after it did not run), else the last statement's */
    size_t failed = rc == 0 ? sent : xc_pg_first_failure (sent, results);
    size_t kept = failed < sent ? failed : sent - 1;
    for (size_t i = 0; i < sent; i++)
        if (i != kept)
            PQclear (results[i]);
    return results[kept];
}
