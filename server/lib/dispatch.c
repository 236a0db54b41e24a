/* dispatch — see dispatch.h. */
#include "dispatch.h"
#include "db.h"
#include "fault.h"
#include "pg_await.h"
#include "request_kinds.h"
#include "statements.h"
#include "xc_clock.h"
#include "xc_codec.h"
#include "xc_log.h"
#include "xc_names.h"
#include "xc_request_class.h"
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define XC_UNAVAILABLE "数据库暂不可用，请稍后重试（未做任何更改）"

/* A read that wrote nothing (not even an audit row) needs nothing of it to be durable:
 * its reply goes out at once, and its transaction is ended later — by a COMMIT sent in
 * the same round trip as the next request's BEGIN, or, when no request comes soon, by
 * xc_dispatcher_end_idle. Either way its COMMIT costs no round trip of its own. */
typedef enum {
    S_ENDED,        /* no transaction open */
    S_LEFT_OPEN,    /* a read's, answered, still open */
    S_COMMIT_SENT,  /* its COMMIT sent, its end not read yet */
} s_ending_t;

struct _xc_dispatcher_t {
    char *conninfo;
    size_t max_frame;
    int statement_timeout_ms;
    PGconn *db;
    xc_arena_t *arena;
    xc_deferred_t *deferred;       /* the open transaction's audit rows and replies */
    s_ending_t ending;             /* how the last request's transaction ends */
    int64_t open_since;            /* S_LEFT_OPEN: since when (monotonic ms) */
    pthread_mutex_t cancel_lock;   /* guards cancel: used from the broker's thread */
    PGcancel *cancel;
};

xc_dispatcher_t *
xc_dispatcher_new (const char *conninfo, size_t max_frame)
{
    xc_dispatcher_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->conninfo = strdup (conninfo);
    self->max_frame = max_frame;
    self->statement_timeout_ms = 30000;
    pthread_mutex_init (&self->cancel_lock, NULL);
    self->arena = xc_arena_new ();
    self->deferred = xc_deferred_new ();
    if (!self->arena || !self->deferred)
        xc_dispatcher_destroy (&self);
    return self;
}

void
xc_dispatcher_set_statement_timeout (xc_dispatcher_t *self, int milliseconds)
{
    self->statement_timeout_ms = milliseconds;
}

/* Replaces the connection (and its cancel handle) with DB, which may be NULL. */
static void
s_set_connection (xc_dispatcher_t *self, PGconn *db)
{
    pthread_mutex_lock (&self->cancel_lock);
    if (self->cancel)
        PQfreeCancel (self->cancel);
    self->cancel = db ? PQgetCancel (db) : NULL;
    pthread_mutex_unlock (&self->cancel_lock);
    if (self->db) {
        xc_statement_forget (self->db);
        PQfinish (self->db);
    }
    self->db = db;
    self->ending = S_ENDED;   /* whatever was open went with the old connection */
}

/* Sends the COMMIT of the read left open, not waiting for it; a connection it cannot
 * be sent on is closed, which ends the transaction all the same. */
static void
s_send_commit (xc_dispatcher_t *self)
{
    if (self->db && xc_pg_send (self->db, "COMMIT"))
        self->ending = S_COMMIT_SENT;
    else
        s_set_connection (self, NULL);
}

/* Reads the end of the COMMIT sent; a connection whose COMMIT failed is closed, in
 * whatever state it was. */
static void
s_read_sent_commit (xc_dispatcher_t *self)
{
    PGresult *ended = xc_pg_sent_result (self->db);
    if (PQresultStatus (ended) != PGRES_COMMAND_OK)
        s_set_connection (self, NULL);
    PQclear (ended);
    self->ending = S_ENDED;
}

int
xc_dispatcher_end_idle (xc_dispatcher_t *self, int64_t now, int after_ms)
{
    if (self->ending != S_LEFT_OPEN)
        return -1;
    int64_t due = self->open_since + after_ms;
    if (now < due)
        return (int) (due - now);
    s_send_commit (self);   /* from the loop: the next request on this connection reads its end */
    return -1;
}

void
xc_dispatcher_finish (xc_dispatcher_t *self)
{
    if (self->ending == S_LEFT_OPEN)
        s_send_commit (self);
    if (self->ending == S_COMMIT_SENT)
        s_read_sent_commit (self);
}

void
xc_dispatcher_cancel (xc_dispatcher_t *self)
{
    char error[256];
    pthread_mutex_lock (&self->cancel_lock);
    if (self->cancel)
        PQcancel (self->cancel, error, sizeof error);
    pthread_mutex_unlock (&self->cancel_lock);
}

void
xc_dispatcher_destroy (xc_dispatcher_t **self_p)
{
    if (self_p && *self_p) {
        xc_dispatcher_t *self = *self_p;
        s_set_connection (self, NULL);
        pthread_mutex_destroy (&self->cancel_lock);
        xc_arena_destroy (&self->arena);
        xc_deferred_destroy (&self->deferred);
        free (self->conninfo);
        free (self);
        *self_p = NULL;
    }
}

static int
s_exec (PGconn *db, const char *sql)
{
    PGresult *result = xc_pg_exec (db, sql);
    int ok = PQresultStatus (result) == PGRES_COMMAND_OK;
    PQclear (result);
    return ok ? 0 : -1;
}

/* The connection, made when there is none or it is known broken; NULL when the
 * database is down. */
static PGconn *
s_connect (xc_dispatcher_t *self)
{
    if (self->ending == S_COMMIT_SENT)   /* the read before this request: its COMMIT's end */
        s_read_sent_commit (self);
    /* a pipeline that broke midway leaves its connection unusable */
    if (self->db && PQpipelineStatus (self->db) != PQ_PIPELINE_OFF)
        s_set_connection (self, NULL);
    if (!self->db || PQstatus (self->db) != CONNECTION_OK) {
        PGconn *db = xc_db_connect (self->conninfo, "xunchad", self->statement_timeout_ms);
        if (PQstatus (db) != CONNECTION_OK) {
            char why[256];
            xc_log (XC_LOG_WARN, "database_unreachable", "reason=\"%s\"", xc_db_error_line (db, why, sizeof why));
            PQfinish (db);
            s_set_connection (self, NULL);
            return NULL;
        }
        s_set_connection (self, db);
    }
    return self->db;
}

/* Opens the request's transaction and looks up the key's user (key_user: an unrevoked
 * key of an active user) in it, never from a cache: a key revoked a moment ago is
 * refused on a connection still open. The same statement scopes the transaction to the
 * user found (db.h XC_DB_SCOPE_USER: the database's own line of defence, the sensitive
 * tables show only this user's rows), and it is sent together with BEGIN: one round
 * trip for all three, on every request. A connection that broke since the last request
 * (PostgreSQL restarted) only shows it when used: then it is made anew once, as
 * nothing was done yet. 0 when found, with the transaction open; else the call fails
 * and no transaction is open. */
static int
s_begin_as_principal (xc_dispatcher_t *self, xc_call_t *call)
{
    const char *params[] = { call->who.public_key };
    PGresult *result = NULL;
    for (int attempt = 0; attempt < 2 && !result; attempt++) {
        if (!(call->db = s_connect (self)))
            return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, XC_UNAVAILABLE);
        /* the read before, still open, is committed in the same round trip (if this
         * fails, the ROLLBACK below or a new connection ends it all the same) */
        bool commit_first = self->ending == S_LEFT_OPEN;
        self->ending = S_ENDED;
        result = xc_statement_begin_with (call->db, commit_first,
            "SELECT id, role, coalesce(org_unit_id, 0), display_name, " XC_DB_SCOPE_USER ("id")
            " FROM app_user WHERE id = key_user($1)", 1, params);
        if (PQstatus (call->db) != CONNECTION_OK) {
            PQclear (result);
            result = NULL;
            s_set_connection (self, NULL);
        }
    }
    if (!result)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, XC_UNAVAILABLE);
    int found = (result = xc_call_result (call, result)) && PQntuples (result) == 1;
    if (found) {
        call->who.user_id = xc_row_int (result, 0, 0);
        call->who.role = (Xuncha__Role) xc_row_int (result, 0, 1);
        call->who.org_unit_id = xc_row_int (result, 0, 2);
        call->who.display_name = xc_row_text (call, result, 0, 3);
    } else if (result)
        xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAUTHENTICATED, "此密钥未登记或已被吊销");
    PQclear (result);
    if (!found && PQtransactionStatus (call->db) != PQTRANS_IDLE)
        s_exec (call->db, "ROLLBACK");
    return found ? 0 : -1;
}

/* True when no other try of (key, request id) is running: takes a transaction-level
 * advisory lock on the pair, which its holder keeps until COMMIT or ROLLBACK. */
int64_t
xc_request_lock_key (const char *principal_key, const char *request_id)
{
    uint8_t digest[8];
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, sizeof digest);
    crypto_generichash_update (&state, (const uint8_t *) principal_key, strlen (principal_key) + 1);
    crypto_generichash_update (&state, (const uint8_t *) request_id, strlen (request_id));
    crypto_generichash_final (&state, digest, sizeof digest);
    uint64_t key;
    memcpy (&key, digest, sizeof key);
    return (int64_t) (key >> 1);
}

/* Claims (key, request id) for this try. Returns 1 when claimed, 0 when an earlier
 * try already committed (its reply is then in *stored), -1 on refusal. */
static int
s_claim_request (xc_call_t *call, const uint8_t hash[32], uint8_t **stored, size_t *stored_size)
{
    /* one statement: no other try of the pair is running (a transaction-level advisory
     * lock, held until COMMIT or ROLLBACK), and then the claim */
    const char *params[] = { call->who.public_key, call->request_id, (const char *) hash,
                             xc_call_int (call, xc_request_lock_key (call->who.public_key, call->request_id)) };
    const int lengths[] = { 0, 0, 32, 0 };
    const int formats[] = { 0, 0, 1, 0 };
    PGresult *result = xc_statement_exec (call->db,
        "WITH lock AS (SELECT pg_try_advisory_xact_lock($4::bigint) AS first),"
        " claim AS (INSERT INTO request_reply (principal_key, request_id, request_hash)"
        "           SELECT $1, $2, $3 FROM lock WHERE lock.first ON CONFLICT DO NOTHING RETURNING 1)"
        " SELECT (SELECT first FROM lock), EXISTS (SELECT 1 FROM claim)", 4, params, lengths, formats, 0);
    if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1) {
        PQclear (result);
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, XC_UNAVAILABLE);
    }
    int first = *PQgetvalue (result, 0, 0) == 't', claimed = *PQgetvalue (result, 0, 1) == 't';
    PQclear (result);
    if (!first)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_IN_PROGRESS,
                             "请求 %s 的前一次尝试仍在处理中，请稍候以同一请求编号重试", call->request_id);
    if (claimed)
        return 1;
    result = xc_statement_exec (call->db,
        "SELECT request_hash, reply FROM request_reply WHERE principal_key = $1 AND request_id = $2",
        2, params, NULL, NULL, 1);
    int rc = -1;
    if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1 || PQgetisnull (result, 0, 1))
        xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, XC_UNAVAILABLE);
    else if (PQgetlength (result, 0, 0) != 32 || memcmp (PQgetvalue (result, 0, 0), hash, 32) != 0)
        xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                      "请求编号 %s 已用于另一个内容不同的请求，本次未做任何更改", call->request_id);
    else {
        *stored_size = (size_t) PQgetlength (result, 0, 1);
        *stored = malloc (*stored_size ? *stored_size : 1);
        memcpy (*stored, PQgetvalue (result, 0, 1), *stored_size);
        rc = 0;
    }
    PQclear (result);
    return rc;
}

/* The reply goes into the claimed row just before COMMIT (deferred_writes.h). */
static int
s_store_reply (xc_call_t *call, const uint8_t *packed, size_t size)
{
    return xc_deferred_reply (call->deferred, call->who.public_key, call->request_id, packed, size) == 0
               ? 0
               : xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, XC_UNAVAILABLE);
}

/* The one path of a request inside the open transaction, whether it came alone or as
 * an entry of a sync batch: the role and scope of the table, then for a change the
 * claim of (key, request id) with the hash of the request's own bytes FRAME, the
 * handler, the reply packed and stored. Returns 1 when served (*packed: the reply, to
 * be returned after COMMIT), 0 when an earlier try had committed (*packed: its stored
 * reply; this try changed nothing), -1 on refusal (call->status and message; the
 * caller rolls back what the try did). */
static int
s_serve_request (xc_call_t *call, const xc_request_kind_t *kind, const Xuncha__Request *request,
                 const uint8_t *frame, size_t size, uint8_t **packed, size_t *packed_size)
{
    *packed = NULL;
    call->scope = xc_request_kind_scope (kind, call->who.role);
    call->permission = kind->label;
    if (call->scope == XC_SCOPE_NONE)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_FORBIDDEN, "角色“%s”无权%s（%s）",
                             xc_label (&xuncha__role__descriptor, call->who.role), kind->label, kind->name);
    bool changes = xc_request_changes (kind->body);
    if (changes) {
        uint8_t hash[32];
        crypto_generichash (hash, sizeof hash, frame, size, NULL, 0);
        int claim = s_claim_request (call, hash, packed, packed_size);
        if (claim <= 0)
            return claim;   /* 0: the stored reply of an earlier try */
    }
    if (kind->handler (call, request) != 0)
        return -1;
    call->reply->status = XUNCHA__STATUS__STATUS_OK;
    call->reply->message = call->message;   /* a handler's note on success, usually empty */
    *packed = xc_pack (&call->reply->base, packed_size);
    if (changes && s_store_reply (call, *packed, *packed_size) != 0) {
        free (*packed);
        *packed = NULL;
        return -1;
    }
    return 1;
}

/* A change, or a batch of them: what the test-only fault hook counts (fault.h). */
static bool
s_commits_changes (const xc_request_kind_t *kind)
{
    return xc_request_changes (kind->body) || kind->body == XUNCHA__REQUEST__BODY_SYNC_BATCH;
}

/* Runs the request inside one transaction; fills *packed on success or when an
 * earlier try's reply is returned; returns -1 with call->status/message on refusal. */
static int
s_serve_in_transaction (xc_dispatcher_t *self, xc_call_t *call, const xc_request_kind_t *kind,
                        const Xuncha__Request *request, const uint8_t *frame, size_t size, uint8_t **packed,
                        size_t *packed_size)
{
    int served = s_serve_request (call, kind, request, frame, size, packed, packed_size);
    if (served == 0) {
        xc_deferred_clear (call->deferred);
        s_exec (call->db, "ROLLBACK");
        return 0;   /* the stored reply of an earlier try */
    }
    if (served < 0)
        goto refused;
    xc_deferred_mark_t queued = xc_deferred_mark (call->deferred);
    if (!s_commits_changes (kind) && queued.audits == 0 && queued.replies == 0 && !call->wrote) {
        /* a read that wrote nothing: answered now, ended later (s_ending_t) */
        self->ending = S_LEFT_OPEN;
        self->open_since = xc_clock_mono_ms ();
        return 0;
    }
    /* the queued rows and COMMIT, in one round trip */
    int committed = xc_deferred_commit (call->deferred, call->db);
    if (committed == -1) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, XC_UNAVAILABLE);
        goto refused;
    }
    if (committed != 0) {
        /* the connection may have died after the server committed: only a retry
         * with the same request id can tell, and it is safe */
        xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE,
                      kind->body == XUNCHA__REQUEST__BODY_SYNC_BATCH
                          ? "提交结果未知，请重新同步（各条记录的请求编号不变，重发是安全的）"
                          : "提交结果未知，请以同一请求编号重试（重试是安全的）");
        goto refused;
    }
    if (s_commits_changes (kind))
        xc_fault_after_commit ();
    return 0;
refused:
    free (*packed);
    *packed = NULL;
    xc_deferred_clear (call->deferred);
    s_exec (call->db, "ROLLBACK");
    return -1;
}

/* ---------------------------------------------------------------- sync batches
 *
 * The journal's replay (proto: SyncBatch). Each entry is a whole packed Request with
 * its original request id, served by s_serve_request exactly as if it had come alone
 * — the same decode and edge validation, the same role and scope, the same claim with
 * the hash of the entry's own bytes (so a request sent alone first and replayed in a
 * batch later, or the other way round, gets its stored reply), the same handler and
 * stored reply — but inside SAVEPOINT e of the batch's one transaction. A refused entry
 * is rolled back to its savepoint, changes nothing, and gets its refusal as its reply;
 * the entries after it go on. The batch itself is not claimed: the dispatcher COMMITs
 * it once and only then returns every entry's reply, in order. An entry that finds the
 * database unavailable (UNAVAILABLE: gone, a statement timeout, a deadlock, the cancel
 * of a shutdown) stops the batch: it is rolled back whole and answered UNAVAILABLE, and
 * the client sends it again later — its claims make that safe. */

/* Refuses what a batch may not carry; 0 when ENTRY is a change it may. */
static int
s_check_entry (xc_call_t *call, size_t position, const Xuncha__Request *entry, const xc_request_kind_t *kind)
{
    if (entry->body_case == XUNCHA__REQUEST__BODY_SYNC_BATCH)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "同步批次的第 %zu 条本身又是一个同步批次：批次不能嵌套", position);
    if (!kind)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "同步批次的第 %zu 条：不支持的请求类型",
                             position);
    if (!xc_request_changes (kind->body))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "同步批次的第 %zu 条（%s）不改变数据：批次只能包含离线记下的更改", position, kind->name);
    return 0;
}

/* Serves entry number POSITION (from 1), the packed request BYTES, for BATCH's
 * principal in BATCH's transaction, with ARENA for its reply (reset by the caller).
 * HELD: the entry before succeeded and its savepoint is still open (updated here).
 * Returns the entry's packed reply (malloc'd; its status in *ENTRY_STATUS), or NULL,
 * with BATCH refused UNAVAILABLE, when the transaction itself broke. */
static uint8_t *
s_serve_entry (xc_call_t *batch, xc_arena_t *arena, size_t position, const ProtobufCBinaryData *bytes,
               size_t *size, Xuncha__Status *entry_status, bool *held)
{
    int64_t started = xc_clock_mono_ms ();
    Xuncha__Status status;
    char request_id[37];
    char why[1024];
    /* inside a frame already capped: its own length is the cap */
    Xuncha__Request *entry = xc_request_decode (bytes->data, bytes->len, bytes->len, &status, request_id, why,
                                                sizeof why);
    const xc_request_kind_t *kind = entry ? xc_request_kind_find (entry->body_case) : NULL;
    Xuncha__Reply reply = XUNCHA__REPLY__INIT;
    reply.request_id = request_id;
    reply.message = "";
    xc_call_t call = { .db = batch->db, .arena = arena, .request_id = request_id, .reply = &reply, .who = batch->who,
                       .deferred = batch->deferred };
    xc_deferred_mark_t mark = xc_deferred_mark (call.deferred);
    uint8_t *packed = NULL;
    bool broken = false, busy = false;
    if (!entry)
        xc_call_fail (&call, status, "同步批次的第 %zu 条无效：%s", position, why);
    else if (s_check_entry (&call, position, entry, kind) != 0)
        ;   /* refused, nothing done */
    /* the savepoint of the entry before, when it succeeded, is released together with
     * this one's start: one round trip less per entry */
    else if (s_exec (call.db, *held ? "RELEASE SAVEPOINT e; SAVEPOINT e" : "SAVEPOINT e") != 0)
        broken = true;
    else {
        int served = s_serve_request (&call, kind, entry, bytes->data, bytes->len, &packed, size);
        /* UNAVAILABLE is the database's state, not the entry's fault (gone, timed out,
         * cancelled at shutdown, a deadlock), and IN_PROGRESS says an earlier try of the
         * entry is still running: either way the entry is not settled, the entries
         * after it would run out of order, so the whole batch waits for a later try */
        busy = served < 0 && call.status == XUNCHA__STATUS__STATUS_IN_PROGRESS;
        broken = busy || (served < 0 && call.status == XUNCHA__STATUS__STATUS_UNAVAILABLE)
                 || (served != 1 && s_exec (call.db, "ROLLBACK TO SAVEPOINT e; RELEASE SAVEPOINT e") != 0);
        *held = !broken && served == 1;   /* released by the next entry, or by COMMIT */
        if (served != 1)   /* what it queued goes with what its savepoint undid */
            xc_deferred_rewind (call.deferred, mark);
    }
    if (broken) {
        free (packed);
        packed = NULL;
        xc_call_fail (batch, busy ? XUNCHA__STATUS__STATUS_IN_PROGRESS : XUNCHA__STATUS__STATUS_UNAVAILABLE,
                      "同步批次的第 %zu 条未能处理：%s；整批未做任何更改，请稍后重新同步", position,
                      busy || call.status == XUNCHA__STATUS__STATUS_UNAVAILABLE ? call.message : XC_UNAVAILABLE);
    } else if (!packed)
        packed = xc_error_reply_pack (request_id, call.status, call.message, size);
    /* an entry served, or answered from storage, is OK: only successes are stored */
    *entry_status = broken ? (busy ? XUNCHA__STATUS__STATUS_IN_PROGRESS : XUNCHA__STATUS__STATUS_UNAVAILABLE)
                           : call.status;
    xc_log (XC_LOG_INFO, "request", "kind=%s user=%lld status=%d ms=%lld batch_entry=%zu", kind ? kind->name : "-",
            (long long) call.who.user_id, *entry_status, (long long) (xc_clock_mono_ms () - started), position);
    if (entry)
        xuncha__request__free_unpacked (entry, NULL);
    return packed;
}

int
xc_serve_sync_batch (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__SyncBatch *batch = request->sync_batch;
    Xuncha__SyncBatchResult *result = xc_arena_alloc (call->arena, sizeof *result);
    xuncha__sync_batch_result__init (result);
    result->replies = xc_arena_alloc (call->arena, (batch->n_entries ? batch->n_entries : 1) * sizeof *result->replies);
    /* each entry is a request of its own: its reply is built in an arena reset after it */
    xc_arena_t *arena = xc_arena_new ();
    size_t refused = 0;
    bool held = false;   /* a succeeded entry's savepoint is still open */
    for (size_t i = 0; i < batch->n_entries; i++) {
        size_t size;
        Xuncha__Status status;
        uint8_t *packed = s_serve_entry (call, arena, i + 1, &batch->entries[i], &size, &status, &held);
        xc_arena_reset (arena);
        if (!packed) {
            xc_arena_destroy (&arena);
            return -1;
        }
        refused += status != XUNCHA__STATUS__STATUS_OK;
        result->replies[i].data = xc_arena_alloc (call->arena, size ? size : 1);
        memcpy (result->replies[i].data, packed, size);
        result->replies[i].len = size;
        free (packed);
    }
    xc_arena_destroy (&arena);
    result->n_replies = batch->n_entries;
    call->reply->sync_batch_result = result;
    call->reply->body_case = XUNCHA__REPLY__BODY_SYNC_BATCH_RESULT;
    if (refused)
        snprintf (call->message, sizeof call->message, "同步 %zu 条，其中 %zu 条未被接受（原因见各条的回复）",
                  batch->n_entries, refused);
    return 0;
}

uint8_t *
xc_dispatcher_serve (xc_dispatcher_t *self, const char *principal_key, const uint8_t *frame,
                     size_t size, size_t *reply_size)
{
    int64_t started = xc_clock_mono_ms ();
    Xuncha__Status status;
    char request_id[37];
    char why[1024];
    Xuncha__Request *request = xc_request_decode (frame, size, self->max_frame, &status,
                                                  request_id, why, sizeof why);
    if (!request) {
        xc_log (XC_LOG_INFO, "request_refused", "status=%d reason=invalid bytes=%zu", status, size);
        return xc_error_reply_pack (request_id, status, why, reply_size);
    }
    const xc_request_kind_t *kind = xc_request_kind_find (request->body_case);
    Xuncha__Reply reply = XUNCHA__REPLY__INIT;
    reply.request_id = request_id;
    reply.message = "";
    xc_call_t call = { .arena = self->arena, .request_id = request_id, .reply = &reply,
                       .who = { .public_key = principal_key }, .deferred = self->deferred };
    xc_deferred_clear (self->deferred);
    uint8_t *packed = NULL;
    if (!kind)
        xc_call_fail (&call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "不支持的请求类型");
    else if (s_begin_as_principal (self, &call) == 0)   /* and the user's row scope */
        s_serve_in_transaction (self, &call, kind, request, frame, size, &packed, reply_size);
    if (!packed)
        packed = xc_error_reply_pack (request_id, call.status, call.message, reply_size);
    xc_log (XC_LOG_INFO, "request", "kind=%s user=%lld status=%d ms=%lld", kind ? kind->name : "-",
            (long long) call.who.user_id, call.status,
            (long long) (xc_clock_mono_ms () - started));
    xuncha__request__free_unpacked (request, NULL);
    xc_arena_reset (self->arena);
    return packed;
}
