/* audit_seal — see audit_seal.h. A chunk: the lock, the chain's last link, the queued
 * rows in seq order (their canonical content as the verifier reads it), their links
 * computed here, then one INSERT of the links and one DELETE from the queue. */
#include "audit_seal.h"
#include "pg_await.h"
#include "xc_audit_hash.h"
#include "xc_log.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The queued rows not sealed yet, oldest seq first, with what the chain covers. */
#define XC_QUEUED_ROWS \
    "SELECT l.seq, audit_at_utc(l.at), l.user_id, l.request_id, l.action, l.record_type, coalesce(l.record_id, 0)" \
    " FROM audit_unsealed u JOIN audit_log l ON l.seq = u.seq" \
    " WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = u.seq) ORDER BY u.seq LIMIT %d"

/* The result of SQL when it succeeded; NULL after logging why it failed. */
static PGresult *
s_query (PGconn *db, const char *what, const char *sql, int count, const char *const *params)
{
    PGresult *result = xc_pg_exec_params (db, sql, count, params, NULL, NULL, 0);
    if (xc_pg_succeeded (result))
        return result;
    const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);
    xc_log (XC_LOG_WARN, "audit_seal_failed", "step=%s sqlstate=%s", what, state ? state : "-");
    PQclear (result);
    return NULL;
}

/* 1 when the lock is ours, 0 when another sealer holds it (only without WAIT), -1. */
static int
s_lock (PGconn *db, bool wait)
{
    char sql[96];
    snprintf (sql, sizeof sql, "SELECT %s(%d)", wait ? "pg_advisory_xact_lock" : "pg_try_advisory_xact_lock",
              XC_AUDIT_SEAL_LOCK);
    PGresult *result = s_query (db, "lock", sql, 0, NULL);
    if (!result)
        return -1;
    int ours = wait || *PQgetvalue (result, 0, 0) == 't';
    PQclear (result);
    return ours;
}

/* The chain's last position and link (0 and 32 zero bytes when the chain is empty: the
 * first row's previous link). */
static int
s_last_link (PGconn *db, int64_t *position, uint8_t link[XC_AUDIT_HASH_BYTES])
{
    PGresult *result = s_query (db, "last_link",
        "SELECT position, encode(hash, 'hex') FROM audit_seal ORDER BY position DESC LIMIT 1", 0, NULL);
    if (!result)
        return -1;
    bool any = PQntuples (result) == 1;
    *position = any ? strtoll (PQgetvalue (result, 0, 0), NULL, 10) : 0;
    memset (link, 0, XC_AUDIT_HASH_BYTES);
    int rc = any ? xc_audit_unhex (PQgetvalue (result, 0, 1), link) : 0;
    PQclear (result);
    if (rc != 0)
        xc_log (XC_LOG_ERROR, "audit_seal_failed", "step=last_link reason=\"the last link is not 32 bytes\"");
    return rc;
}

/* The arrays of one INSERT: positions, seqs, previous links and links, as literals. */
typedef struct {
    FILE *stream[4];
    char *text[4];
    size_t size[4];
} s_links_t;

static void
s_links_open (s_links_t *links)
{
    for (int i = 0; i < 4; i++) {
        links->stream[i] = open_memstream (&links->text[i], &links->size[i]);
        fputc ('{', links->stream[i]);
    }
}

static void
s_links_close (s_links_t *links)
{
    for (int i = 0; i < 4; i++) {
        fputc ('}', links->stream[i]);
        fclose (links->stream[i]);
    }
}

static void
s_links_add (s_links_t *links, int row, int64_t position, int64_t seq, const char *previous, const char *link)
{
    const char *comma = row ? "," : "";
    fprintf (links->stream[0], "%s%" PRId64, comma, position);
    fprintf (links->stream[1], "%s%" PRId64, comma, seq);
    fprintf (links->stream[2], "%s%s", comma, previous);
    fprintf (links->stream[3], "%s%s", comma, link);
}

/* Links ROWS (XC_QUEUED_ROWS) onto the chain after POSITION and LINK, and stores them. */
static int
s_append (PGconn *db, const PGresult *rows, int64_t position, uint8_t link[XC_AUDIT_HASH_BYTES])
{
    s_links_t links;
    s_links_open (&links);
    for (int row = 0; row < PQntuples (rows); row++) {
        xc_audit_row_t entry = { strtoll (PQgetvalue (rows, row, 0), NULL, 10), PQgetvalue (rows, row, 1),
                                 strtoll (PQgetvalue (rows, row, 2), NULL, 10), PQgetvalue (rows, row, 3),
                                 PQgetvalue (rows, row, 4), PQgetvalue (rows, row, 5),
                                 strtoll (PQgetvalue (rows, row, 6), NULL, 10) };
        char previous[XC_AUDIT_HASH_HEX], next[XC_AUDIT_HASH_HEX];
        xc_audit_hex (link, previous);
        xc_audit_link (link, &entry, link);
        xc_audit_hex (link, next);
        s_links_add (&links, row, ++position, entry.seq, previous, next);
    }
    s_links_close (&links);
    const char *params[] = { links.text[0], links.text[1], links.text[2], links.text[3] };
    PGresult *result = s_query (db, "append",
        "INSERT INTO audit_seal (position, seq, prev_hash, hash)"
        " SELECT p, s, decode(ph, 'hex'), decode(h, 'hex')"
        " FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS t (p, s, ph, h)", 4, params);
    if (result) {
        PQclear (result);
        result = s_query (db, "dequeue", "DELETE FROM audit_unsealed WHERE seq = ANY ($1::bigint[])", 1, params + 1);
    }
    for (int i = 0; i < 4; i++)
        free (links.text[i]);
    PQclear (result);
    return result ? 0 : -1;
}

int
xc_audit_seal_chunk (PGconn *db, bool wait)
{
    int ours = s_lock (db, wait);
    if (ours <= 0)
        return ours == 0 ? XC_AUDIT_SEAL_BUSY : -1;
    int64_t position;
    uint8_t link[XC_AUDIT_HASH_BYTES];
    if (s_last_link (db, &position, link) != 0)
        return -1;
    char sql[512];
    snprintf (sql, sizeof sql, XC_QUEUED_ROWS, XC_AUDIT_SEAL_CHUNK);
    PGresult *rows = s_query (db, "queued_rows", sql, 0, NULL);
    if (!rows)
        return -1;
    int count = PQntuples (rows);
    int rc = count > 0 ? s_append (db, rows, position, link) : 0;
    PQclear (rows);
    return rc == 0 ? count : -1;
}

static int
s_exec (PGconn *db, const char *sql)
{
    PGresult *result = xc_pg_exec (db, sql);
    int ok = PQresultStatus (result) == PGRES_COMMAND_OK && strcmp (PQcmdStatus (result), "ROLLBACK") != 0;
    PQclear (result);
    return ok ? 0 : -1;
}

int
xc_audit_seal_step (PGconn *db, bool wait)
{
    if (s_exec (db, "BEGIN") != 0)
        return -1;
    int sealed = xc_audit_seal_chunk (db, wait);
    if (sealed > 0 && s_exec (db, "COMMIT") != 0)
        return -1;
    if (sealed <= 0)
        s_exec (db, "ROLLBACK");
    return sealed;
}
