/* notifier_store — see notifier_store.h. */
#include "notifier_store.h"
#include "call.h"
#include "db.h"
#include "xc_clock.h"
#include "xc_log.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define XC_RECONNECT_PAUSE_MS 1000
/* Acknowledgements kept while the database is away; beyond this they are dropped (the
 * events are then delivered again and the recipients show them once). */
#define XC_MAX_QUEUED_ACKS 65536

/* The statements, prepared on every new connection. */
static const struct {
    const char *name;
    const char *sql;
} s_statements[] = {
    { "user_of_key", "SELECT key_user($1) WHERE key_user($1) IS NOT NULL" },
    /* $1 user, $2 session tag, $3 how many, $4 ack timeout (ms) */
    { "claim",
      "WITH picked AS ("
      "    SELECT user_id, event_id FROM outbox_delivery"
      "     WHERE user_id = $1 AND acked_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())"
      "     ORDER BY event_id LIMIT $3::int FOR UPDATE SKIP LOCKED),"
      " claimed AS ("
      "    UPDATE outbox_delivery d SET claimed_by = $2, sent_count = d.sent_count + 1,"
      "           claimed_until = now() + $4::int * interval '1 millisecond'"
      "      FROM picked WHERE d.user_id = picked.user_id AND d.event_id = picked.event_id"
      "    RETURNING d.event_id, d.sent_count)"
      " SELECT e.id, e.kind, e.title, " XC_LOCAL_TIME ("e.created_at") ","
      "        coalesce(e.clue_id, 0), coalesce(e.batch_id, 0), claimed.sent_count, coalesce(e.task_id, 0), e.level"
      "   FROM claimed JOIN outbox_event e ON e.id = claimed.event_id ORDER BY e.id" },
    /* $1 user, $2 session tag */
    { "release",
      "UPDATE outbox_delivery SET claimed_by = NULL, claimed_until = NULL"
      " WHERE user_id = $1 AND claimed_by = $2 AND acked_at IS NULL" },
    /* $1 users, $2 events: the acknowledgements of one loop turn */
    { "ack",
      "UPDATE outbox_delivery d SET acked_at = now()"
      "  FROM unnest($1::bigint[], $2::bigint[]) AS a (user_id, event_id)"
      " WHERE d.user_id = a.user_id AND d.event_id = a.event_id AND d.acked_at IS NULL" },
    { "users_ready",
      "SELECT DISTINCT user_id FROM outbox_delivery WHERE user_id = ANY ($1::bigint[])"
      "   AND acked_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())" },
    { "unacknowledged", "SELECT count(*) FROM outbox_delivery WHERE user_id = $1 AND acked_at IS NULL" },
};
#define XC_STATEMENTS (sizeof s_statements / sizeof s_statements[0])

struct _xc_store_t {
    char *conninfo;
    int statement_timeout_ms;
    PGconn *db;                  /* NULL while disconnected */
    int64_t next_attempt_ms;     /* no reconnection before this */
    bool lost;                   /* logged as lost, not yet reconnected */
    int64_t *ack_users;          /* the queued acknowledgements */
    int64_t *ack_events;
    size_t ack_count;
    size_t ack_capacity;
};

xc_store_t *
xc_store_new (const char *conninfo, int statement_timeout_ms)
{
    xc_store_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->conninfo = strdup (conninfo);
    self->statement_timeout_ms = statement_timeout_ms;
    return self;
}

void
xc_store_destroy (xc_store_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    xc_store_t *self = *self_p;
    if (self->db)
        PQfinish (self->db);
    free (self->conninfo);
    free (self->ack_users);
    free (self->ack_events);
    free (self);
    *self_p = NULL;
}

/* After a failed statement: a broken connection is closed (xc_store_ensure opens a new
 * one); any other failure is only logged. Returns -1. */
static int
s_failed (xc_store_t *self, const char *what)
{
    char reason[256];
    snprintf (reason, sizeof reason, "%s", PQerrorMessage (self->db));
    reason[strcspn (reason, "\n\"")] = 0;
    if (PQstatus (self->db) == CONNECTION_OK) {
        xc_log (XC_LOG_WARN, "statement_failed", "statement=%s reason=\"%s\"", what, reason);
        return -1;
    }
    xc_log (XC_LOG_WARN, "database_lost", "statement=%s reason=\"%s\"", what, reason);
    PQfinish (self->db);
    self->db = NULL;
    self->lost = true;
    return -1;
}

/* LISTENs and prepares the statements on a new connection; false when it cannot. */
static bool
s_set_up (xc_store_t *self)
{
    PGresult *result = PQexec (self->db, "LISTEN xuncha_outbox");
    bool ok = PQresultStatus (result) == PGRES_COMMAND_OK;
    PQclear (result);
    for (size_t i = 0; ok && i < XC_STATEMENTS; i++) {
        result = PQprepare (self->db, s_statements[i].name, s_statements[i].sql, 0, NULL);
        ok = PQresultStatus (result) == PGRES_COMMAND_OK;
        PQclear (result);
    }
    return ok;
}

bool
xc_store_ensure (xc_store_t *self)
{
    if (self->db)
        return true;
    int64_t now = xc_clock_mono_ms ();
    if (now < self->next_attempt_ms)
        return false;
    self->next_attempt_ms = now + XC_RECONNECT_PAUSE_MS;
    self->db = xc_db_connect (self->conninfo, "xuncha-notifier", self->statement_timeout_ms);
    if (PQstatus (self->db) != CONNECTION_OK || !s_set_up (self)) {
        if (!self->lost)
            xc_log (XC_LOG_WARN, "database_unreachable", "reason=\"%.*s\"",
                    (int) strcspn (PQerrorMessage (self->db), "\n\""), PQerrorMessage (self->db));
        self->lost = true;
        PQfinish (self->db);
        self->db = NULL;
        return false;
    }
    if (self->lost)
        xc_log (XC_LOG_INFO, "database_reconnected", NULL);
    self->lost = false;
    return true;
}

int
xc_store_socket (xc_store_t *self)
{
    return self->db ? PQsocket (self->db) : -1;
}

PGconn *
xc_store_connection (xc_store_t *self)
{
    return self->db;
}

/* Runs a prepared statement; the result when it has the EXPECTED status, else NULL. */
static PGresult *
s_run (xc_store_t *self, const char *statement, int count, const char *const *params, ExecStatusType expected)
{
    if (!self->db)
        return NULL;
    PGresult *result = PQexecPrepared (self->db, statement, count, params, NULL, NULL, 0);
    if (PQresultStatus (result) == expected)
        return result;
    PQclear (result);
    s_failed (self, statement);
    return NULL;
}

int
xc_store_take_wakeups (xc_store_t *self, int64_t *users, size_t max)
{
    if (!self->db)
        return -1;
    if (!PQconsumeInput (self->db))
        return s_failed (self, "listen");
    size_t count = 0;
    PGnotify *notify;
    while ((notify = PQnotifies (self->db))) {
        if (count < max)
            users[count++] = strtoll (notify->extra, NULL, 10);
        PQfreemem (notify);
    }
    return (int) count;
}

int
xc_store_user_of_key (xc_store_t *self, const char *key, int64_t *user_id)
{
    const char *params[] = { key };
    PGresult *result = s_run (self, "user_of_key", 1, params, PGRES_TUPLES_OK);
    if (!result)
        return -1;
    int found = PQntuples (result) == 1;
    if (found)
        *user_id = strtoll (PQgetvalue (result, 0, 0), NULL, 10);
    PQclear (result);
    return found;
}

int
xc_store_claim (xc_store_t *self, const char *tag, int64_t user_id, int limit, int ack_timeout_ms,
                xc_store_claimed_fn *claimed, void *arg)
{
    char user[24], how_many[16], timeout[16];
    snprintf (user, sizeof user, "%" PRId64, user_id);
    snprintf (how_many, sizeof how_many, "%d", limit);
    snprintf (timeout, sizeof timeout, "%d", ack_timeout_ms);
    const char *params[] = { user, tag, how_many, timeout };
    PGresult *result = s_run (self, "claim", 4, params, PGRES_TUPLES_OK);
    if (!result)
        return -1;
    int rows = PQntuples (result);
    for (int row = 0; row < rows; row++) {
        Xuncha__Notification event = XUNCHA__NOTIFICATION__INIT;
        event.event_id = strtoll (PQgetvalue (result, row, 0), NULL, 10);
        event.kind = (Xuncha__NotificationKind) atoi (PQgetvalue (result, row, 1));
        event.title = PQgetvalue (result, row, 2);
        event.created_at = PQgetvalue (result, row, 3);
        event.clue_id = strtoll (PQgetvalue (result, row, 4), NULL, 10);
        event.batch_id = strtoll (PQgetvalue (result, row, 5), NULL, 10);
        event.task_id = strtoll (PQgetvalue (result, row, 7), NULL, 10);
        event.level = (Xuncha__ReminderLevel) atoi (PQgetvalue (result, row, 8));
        claimed (arg, &event, atoi (PQgetvalue (result, row, 6)));
    }
    PQclear (result);
    return rows;
}

/* Runs a statement whose rows do not matter; 0 or -1. */
static int
s_command (xc_store_t *self, const char *statement, int count, const char *const *params)
{
    PGresult *result = s_run (self, statement, count, params, PGRES_COMMAND_OK);
    PQclear (result);
    return result ? 0 : -1;
}

int
xc_store_release (xc_store_t *self, const char *tag, int64_t user_id)
{
    char user[24];
    snprintf (user, sizeof user, "%" PRId64, user_id);
    const char *params[] = { user, tag };
    return s_command (self, "release", 2, params);
}

/* "{1,2,3}": an array literal for a bigint[] parameter (malloc'd). */
static char *
s_array_literal (const int64_t *values, size_t count)
{
    char *text = malloc (count * 21 + 3);
    size_t used = 0;
    text[used++] = '{';
    for (size_t i = 0; i < count; i++)
        used += (size_t) sprintf (text + used, "%s%" PRId64, i ? "," : "", values[i]);
    strcpy (text + used, "}");
    return text;
}

int
xc_store_users_ready (xc_store_t *self, const int64_t *users, size_t count, int64_t *ready)
{
    char *list = s_array_literal (users, count);
    const char *params[] = { list };
    PGresult *result = s_run (self, "users_ready", 1, params, PGRES_TUPLES_OK);
    free (list);
    if (!result)
        return -1;
    int rows = PQntuples (result);
    for (int row = 0; row < rows; row++)
        ready[row] = strtoll (PQgetvalue (result, row, 0), NULL, 10);
    PQclear (result);
    return rows;
}

long
xc_store_unacknowledged (xc_store_t *self, int64_t user_id)
{
    char user[24];
    snprintf (user, sizeof user, "%" PRId64, user_id);
    const char *params[] = { user };
    PGresult *result = s_run (self, "unacknowledged", 1, params, PGRES_TUPLES_OK);
    if (!result)
        return -1;
    long count = strtol (PQgetvalue (result, 0, 0), NULL, 10);
    PQclear (result);
    return count;
}

void
xc_store_ack (xc_store_t *self, int64_t user_id, int64_t event_id)
{
    if (self->ack_count == XC_MAX_QUEUED_ACKS)
        return;
    if (self->ack_count == self->ack_capacity) {
        self->ack_capacity = self->ack_capacity ? 2 * self->ack_capacity : 64;
        self->ack_users = realloc (self->ack_users, self->ack_capacity * sizeof *self->ack_users);
        self->ack_events = realloc (self->ack_events, self->ack_capacity * sizeof *self->ack_events);
    }
    self->ack_users[self->ack_count] = user_id;
    self->ack_events[self->ack_count++] = event_id;
}

int
xc_store_flush_acks (xc_store_t *self)
{
    if (self->ack_count == 0)
        return 0;
    char *users = s_array_literal (self->ack_users, self->ack_count);
    char *events = s_array_literal (self->ack_events, self->ack_count);
    const char *params[] = { users, events };
    int rc = s_command (self, "ack", 2, params);
    free (users);
    free (events);
    if (rc == 0)
        self->ack_count = 0;
    return rc;
}

bool
xc_store_acks_queued (xc_store_t *self, int64_t user_id)
{
    for (size_t i = 0; i < self->ack_count; i++)
        if (self->ack_users[i] == user_id)
            return true;
    return false;
}
