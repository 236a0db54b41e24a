/* deferred_writes — see deferred_writes.h. */
#include "deferred_writes.h"
#include "pg_await.h"
#include "statements.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t user_id, record_id;
    char *request_id, *action, *record_type;
} s_audit_t;

typedef struct {
    char *principal_key, *request_id;
    size_t offset, size;   /* in the replies' bytes */
} s_reply_t;

struct _xc_deferred_t {
    s_audit_t *audits;
    size_t n_audits, audits_room;
    s_reply_t *replies;
    size_t n_replies, replies_room;
    uint8_t *bytes;        /* the replies, one after the other */
    size_t n_bytes, bytes_room;
};

xc_deferred_t *
xc_deferred_new (void)
{
    return calloc (1, sizeof (xc_deferred_t));
}

void
xc_deferred_destroy (xc_deferred_t **self_p)
{
    if (self_p && *self_p) {
        xc_deferred_clear (*self_p);
        free ((*self_p)->audits);
        free ((*self_p)->replies);
        free ((*self_p)->bytes);
        free (*self_p);
        *self_p = NULL;
    }
}

/* Room in *ITEMS (of ITEM bytes each, *ROOM of them) for NEEDED; 0, or -1. */
static int
s_room (void **items, size_t *room, size_t needed, size_t item)
{
    if (needed <= *room)
        return 0;
    size_t grown = *room ? *room * 2 : 64;
    while (grown < needed)
        grown *= 2;
    void *bigger = realloc (*items, grown * item);
    if (!bigger)
        return -1;
    *items = bigger;
    *room = grown;
    return 0;
}

int
xc_deferred_audit (xc_deferred_t *self, int64_t user_id, const char *request_id, const char *action,
                   const char *record_type, const int64_t *ids, size_t count)
{
    if (s_room ((void **) &self->audits, &self->audits_room, self->n_audits + count, sizeof *self->audits) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        s_audit_t *row = &self->audits[self->n_audits];
        *row = (s_audit_t) { .user_id = user_id, .record_id = ids[i], .request_id = strdup (request_id),
                             .action = strdup (action), .record_type = strdup (record_type) };
        self->n_audits++;
        if (!row->request_id || !row->action || !row->record_type)
            return -1;   /* freed with the queue */
    }
    return 0;
}

int
xc_deferred_reply (xc_deferred_t *self, const char *principal_key, const char *request_id, const uint8_t *packed,
                   size_t size)
{
    if (s_room ((void **) &self->replies, &self->replies_room, self->n_replies + 1, sizeof *self->replies) != 0
        || s_room ((void **) &self->bytes, &self->bytes_room, self->n_bytes + size, 1) != 0)
        return -1;
    memcpy (self->bytes + self->n_bytes, packed, size);
    s_reply_t *reply = &self->replies[self->n_replies++];
    *reply = (s_reply_t) { .principal_key = strdup (principal_key), .request_id = strdup (request_id),
                           .offset = self->n_bytes, .size = size };
    self->n_bytes += size;
    return reply->principal_key && reply->request_id ? 0 : -1;
}

xc_deferred_mark_t
xc_deferred_mark (const xc_deferred_t *self)
{
    return (xc_deferred_mark_t) { .audits = self->n_audits, .replies = self->n_replies };
}

void
xc_deferred_rewind (xc_deferred_t *self, xc_deferred_mark_t mark)
{
    while (self->n_audits > mark.audits) {
        s_audit_t *row = &self->audits[--self->n_audits];
        free (row->request_id);
        free (row->action);
        free (row->record_type);
    }
    while (self->n_replies > mark.replies) {
        s_reply_t *reply = &self->replies[--self->n_replies];
        self->n_bytes = reply->offset;
        free (reply->principal_key);
        free (reply->request_id);
    }
}

void
xc_deferred_clear (xc_deferred_t *self)
{
    xc_deferred_rewind (self, (xc_deferred_mark_t) { 0, 0 });
}

/* A growing text: the statement's list parameters. */
typedef struct {
    char *text;
    size_t length, room;
    bool failed;
} s_text_t;

static void
s_append (s_text_t *text, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static void
s_append (s_text_t *text, const char *format, ...)
{
    for (int attempt = 0; attempt < 2 && !text->failed; attempt++) {
        va_list args;
        va_start (args, format);
        size_t left = text->room - text->length;
        int wrote = vsnprintf (text->text ? text->text + text->length : NULL, left, format, args);
        va_end (args);
        if (wrote >= 0 && (size_t) wrote < left) {
            text->length += (size_t) wrote;
            return;
        }
        size_t room = text->room ? text->room : 256;
        while (room < text->length + (size_t) wrote + 1)
            room *= 2;
        char *bigger = wrote < 0 ? NULL : realloc (text->text, room);
        if (!bigger)
            text->failed = true;
        else {
            text->text = bigger;
            text->room = room;
        }
    }
}

/* The list parameters, in the statement's order: numbers as array literals, texts
 * joined by U+001F (split by string_to_array(…, chr(31)), as call.h's text lists). */
enum { USERS, REQUESTS, ACTIONS, TYPES, RECORDS, KEYS, REPLY_REQUESTS, OFFSETS, SIZES, LISTS };

static void
s_lists (const xc_deferred_t *self, s_text_t lists[LISTS])
{
    for (int list = 0; list < LISTS; list++)
        s_append (&lists[list], "%s", list == USERS || list == RECORDS || list == OFFSETS || list == SIZES ? "{" : "");
    for (size_t i = 0; i < self->n_audits; i++) {
        const s_audit_t *row = &self->audits[i];
        const char *comma = i ? "," : "", *separator = i ? "\x1f" : "";
        s_append (&lists[USERS], "%s%" PRId64, comma, row->user_id);
        s_append (&lists[REQUESTS], "%s%s", separator, row->request_id);
        s_append (&lists[ACTIONS], "%s%s", separator, row->action);
        s_append (&lists[TYPES], "%s%s", separator, row->record_type);
        s_append (&lists[RECORDS], "%s%" PRId64, comma, row->record_id);
    }
    for (size_t i = 0; i < self->n_replies; i++) {
        const s_reply_t *reply = &self->replies[i];
        const char *comma = i ? "," : "", *separator = i ? "\x1f" : "";
        s_append (&lists[KEYS], "%s%s", separator, reply->principal_key);
        s_append (&lists[REPLY_REQUESTS], "%s%s", separator, reply->request_id);
        s_append (&lists[OFFSETS], "%s%zu", comma, reply->offset + 1);   /* substring counts from 1 */
        s_append (&lists[SIZES], "%s%zu", comma, reply->size);
    }
    for (int list = 0; list < LISTS; list++)
        s_append (&lists[list], "%s", list == USERS || list == RECORDS || list == OFFSETS || list == SIZES ? "}" : "");
}

/* True when RESULT is COMMIT's and it did commit (an aborted transaction "commits" as
 * ROLLBACK). */
static bool
s_committed (PGresult *result)
{
    return PQresultStatus (result) == PGRES_COMMAND_OK && strcmp (PQcmdStatus (result), "COMMIT") == 0;
}

/* The audit rows in their order (their seq is the order they were written in), then
 * the replies into the rows their requests claimed — every one of them, or the
 * statement fails (015_require.sql). An empty text splits into no items. */
#define XC_FLUSH_SQL                                                                                                   \
    "WITH audit AS (INSERT INTO audit_log (user_id, request_id, action, record_type, record_id)"                        \
    "  SELECT u, r::uuid, a, t, nullif(i, 0)"                                                                          \
    "  FROM unnest($1::bigint[], string_to_array(nullif($2, ''), chr(31)), string_to_array(nullif($3, ''), chr(31)),"  \
    "              string_to_array(nullif($4, ''), chr(31)), $5::bigint[]) WITH ORDINALITY AS x (u, r, a, t, i, n)"    \
    "  ORDER BY n),"                                                                                                   \
    " stored AS (UPDATE request_reply q SET reply = substring($10::bytea FROM x.o FOR x.l)"                            \
    "  FROM unnest(string_to_array(nullif($6, ''), chr(31)), string_to_array(nullif($7, ''), chr(31)),"                \
    "              $8::int[], $9::int[]) AS x (k, r, o, l)"                                                            \
    "  WHERE q.principal_key = x.k AND q.request_id = x.r::uuid RETURNING 1)"                                          \
    " SELECT xc_require ((SELECT count(*) FROM stored) = $11, '存储的回复未能写入其请求登记的行')"

/* Everything queued, as one statement, and then COMMIT when COMMIT: sent together, one
 * round trip. 0
 * when all succeeded; -1 when the flush failed (nothing committed), -2 when COMMIT
 * failed or its outcome is unknown. The queue is emptied either way. */
static int
s_write (xc_deferred_t *self, PGconn *db, bool commit)
{
    s_text_t lists[LISTS] = { 0 };
    s_lists (self, lists);
    bool failed = false;
    const char *params[LISTS + 2];
    int lengths[LISTS + 2] = { 0 }, formats[LISTS + 2] = { 0 };
    for (int list = 0; list < LISTS; list++) {
        failed |= lists[list].failed;
        params[list] = lists[list].text;
    }
    char replies[24];
    snprintf (replies, sizeof replies, "%zu", self->n_replies);
    params[LISTS] = (const char *) (self->bytes ? self->bytes : (const uint8_t *) "");
    lengths[LISTS] = (int) self->n_bytes;
    formats[LISTS] = 1;
    params[LISTS + 1] = replies;
    int rc = -1;
    if (!failed) {
        const xc_statement_t statements[] = { { XC_FLUSH_SQL, LISTS + 2, params, lengths, formats },
                                              { .sql = "COMMIT" } };
        size_t count = commit ? 2 : 1;
        PGresult *results[2] = { NULL, NULL };
        xc_statement_exec_together (db, count, statements, results);
        if (PQresultStatus (results[0]) != PGRES_TUPLES_OK)
            rc = -1;
        else
            rc = !commit || s_committed (results[1]) ? 0 : -2;
        PQclear (results[0]);
        PQclear (results[1]);
    }
    for (int list = 0; list < LISTS; list++)
        free (lists[list].text);
    xc_deferred_clear (self);
    return rc;
}

int
xc_deferred_flush (xc_deferred_t *self, PGconn *db)
{
    if (self->n_audits == 0 && self->n_replies == 0)
        return 0;
    return s_write (self, db, false);
}

int
xc_deferred_commit (xc_deferred_t *self, PGconn *db)
{
    if (self->n_audits > 0 || self->n_replies > 0)
        return s_write (self, db, true);
    PGresult *result = xc_pg_exec (db, "COMMIT");
    int rc = s_committed (result) ? 0 : -2;
    PQclear (result);
    return rc;
}
