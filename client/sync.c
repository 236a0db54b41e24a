/* sync — see sync.h. */
#include "sync.h"
#include "placeholders.h"
#include "upload.h"
#include "xc_codec.h"
#include "xc_validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XC_MAX_DEPENDENCIES 32
#define XC_BATCH_BYTES (2u * 1024u * 1024u)   /* well under the frame cap */

typedef struct {
    xc_session_t *session;
    const xc_sync_options_t *options;
    xc_sync_report_t *report;
    size_t total, answered;                   /* for the progress bar */
    /* the batch being filled: packed entries (owned when repacked) and their seqs */
    ProtobufCBinaryData *entries;
    uint8_t **owned;
    int64_t *seqs;
    size_t count, bytes;
    bool stop;                                /* an answer said "not now": stop after this batch */
    bool in_progress;                         /* … because an earlier try of it is still running */
} s_sync_t;

static void
s_progress (s_sync_t *self, const char *unit, int64_t done, int64_t total)
{
    if (!self->options->progress || total <= 0)
        return;
    int width = 30, filled = (int) (done * width / total);
    char bar[128] = "";
    for (int i = 0; i < width; i++)
        strcat (bar, i < filled ? "#" : "-");
    fprintf (stderr, "\r同步 [%s] %lld/%lld %s", bar, (long long) done, (long long) total, unit);
    fflush (stderr);
}

/* The id entry SEQ's object got (placeholders.h); 0 when it has none yet. */
static int64_t
s_result_of (void *context, int64_t seq)
{
    xc_entry_state_t state;
    int64_t id;
    return xc_journal_state (context, seq, &state, &id) == 0 && state == XC_ENTRY_DONE ? id : 0;
}

/* Whether ENTRY's dependencies have their ids: 0 yes; 1 one is still in the unsent
 * batch (send the batch first); -1 one is refused, discarded, unknown or unsent (then
 * WHY says which, when given). */
static int
s_dependencies (xc_journal_t *journal, const Xuncha__Request *request, const s_sync_t *batch, char *why,
                size_t size)
{
    int64_t seqs[XC_MAX_DEPENDENCIES];
    size_t n = xc_placeholders_collect (&request->base, seqs, XC_MAX_DEPENDENCIES);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; batch && k < batch->count; k++)
            if (batch->seqs[k] == seqs[i])
                return 1;
        xc_entry_state_t state;
        int64_t result_id;
        if (xc_journal_state (journal, seqs[i], &state, &result_id) != 0) {
            if (why)
                snprintf (why, size, "引用的本地第 %lld 条不存在", (long long) seqs[i]);
            return -1;
        }
        int ready = state == XC_ENTRY_DONE && result_id > 0;
        /* waiting for an entry still pending is no hold: it goes once that one has */
        if (!ready && why && state != XC_ENTRY_PENDING) {
            const char *said = state == XC_ENTRY_REFUSED     ? "已被服务器拒绝"
                               : state == XC_ENTRY_DISCARDED ? "已丢弃"
                                                             : "未新建对象";
            snprintf (why, size, "依赖本地第 %lld 条（%s）", (long long) seqs[i], said);
        }
        if (!ready)
            return -1;
    }
    return 0;
}

void
xc_sync_held_reason (xc_session_t *session, const xc_entry_t *entry, char *why, size_t size)
{
    *why = 0;
    Xuncha__Request *request = entry->request ? xuncha__request__unpack (NULL, entry->request_size, entry->request)
                                              : NULL;
    if (request && s_dependencies (session->journal, request, NULL, why, size) == 0)
        *why = 0;
    if (request)
        xuncha__request__free_unpacked (request, NULL);
}

static void
s_batch_clear (s_sync_t *self)
{
    for (size_t i = 0; i < self->count; i++)
        free (self->owned[i]);
    self->count = 0;
    self->bytes = 0;
}

/* Keeps REPLY for the command that made entry SEQ, or frees it. */
static void
s_keep_or_free (s_sync_t *self, int64_t seq, Xuncha__Reply *reply)
{
    if (self->options->watched && seq == self->options->watch_seq && !*self->options->watched)
        *self->options->watched = reply;
    else
        xuncha__reply__free_unpacked (reply, NULL);
}

/* Ends the run with OUTCOME (and MESSAGE); returns -1, to stop. */
static int
s_stop (s_sync_t *self, xc_sync_outcome_t outcome, const char *message)
{
    self->report->outcome = outcome;
    if (message)
        snprintf (self->report->message, sizeof self->report->message, "%s", message);
    return -1;
}

/* What the server said of one entry: done, refused (kept with the reason), or not now. */
static int
s_record_answer (s_sync_t *self, int64_t seq, Xuncha__Reply *reply, int64_t *done_seqs, int64_t *done_ids,
                 size_t *done)
{
    if (reply->status == XUNCHA__STATUS__STATUS_OK) {
        done_seqs[*done] = seq;
        done_ids[(*done)++] = xc_reply_created_id (reply);
        self->report->sent++;
    }
    else if (reply->status == XUNCHA__STATUS__STATUS_IN_PROGRESS || reply->status == XUNCHA__STATUS__STATUS_UNAVAILABLE) {
        s_stop (self, XC_SYNC_INTERRUPTED, reply->message);
        self->in_progress |= reply->status == XUNCHA__STATUS__STATUS_IN_PROGRESS;
        xuncha__reply__free_unpacked (reply, NULL);
        self->stop = true;   /* the answers after it still count: they committed */
        return 0;
    }
    else {
        if (xc_journal_mark_refused (self->session->journal, seq, reply->message) != 0) {
            xuncha__reply__free_unpacked (reply, NULL);
            return s_stop (self, XC_SYNC_LOCAL_ERROR, "无法写入本地日志");
        }
        self->report->refused++;
    }
    s_keep_or_free (self, seq, reply);
    return 0;
}

/* Sends the batch; records every answer; 0 to go on. */
static int
s_flush (s_sync_t *self)
{
    if (self->count == 0)
        return 0;
    Xuncha__SyncBatch body = XUNCHA__SYNC_BATCH__INIT;
    body.n_entries = self->count;
    body.entries = self->entries;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    char id[37];
    xc_request_stamp (&request, id);
    request.body_case = XUNCHA__REQUEST__BODY_SYNC_BATCH;
    request.sync_batch = &body;
    Xuncha__Reply *reply = NULL;
    xc_rpc_result_t result = xc_rpc_call (&self->session->rpc, &request, &reply);
    if (result == XC_RPC_KEY_REFUSED)
        return s_stop (self, XC_SYNC_KEY_REFUSED, NULL);
    if (result == XC_RPC_STILL_RUNNING)
        return s_stop (self, XC_SYNC_INTERRUPTED, "服务器仍在处理上一批，稍后再同步");
    if (result != XC_RPC_REPLIED)
        return s_stop (self, XC_SYNC_OFFLINE, NULL);
    int rc = 0;
    /* an entry an earlier try of which is still running: the batch waits (below) */
    self->in_progress |= reply->status == XUNCHA__STATUS__STATUS_IN_PROGRESS;
    if (reply->status != XUNCHA__STATUS__STATUS_OK || !reply->sync_batch_result
        || reply->sync_batch_result->n_replies != self->count) {
        s_stop (self, XC_SYNC_INTERRUPTED, reply->status != XUNCHA__STATUS__STATUS_OK ? reply->message
                                                                                   : "服务器应答的条数与所发不符");
        xuncha__reply__free_unpacked (reply, NULL);
        return -1;
    }
    int64_t *done_seqs = calloc (self->count, sizeof *done_seqs), *done_ids = calloc (self->count, sizeof *done_ids);
    size_t done = 0;
    for (size_t i = 0; i < self->count && rc == 0; i++) {
        const ProtobufCBinaryData *packed = &reply->sync_batch_result->replies[i];
        Xuncha__Reply *answer = xc_reply_decode (packed->data, packed->len, self->session->rpc.max_frame);
        if (!answer)
            rc = s_stop (self, XC_SYNC_INTERRUPTED, "无法解读服务器的应答");
        else
            rc = s_record_answer (self, self->seqs[i], answer, done_seqs, done_ids, &done);
    }
    if (done && xc_journal_mark_done_many (self->session->journal, done_seqs, done_ids, done) != 0)
        rc = s_stop (self, XC_SYNC_LOCAL_ERROR, "无法写入本地日志");
    self->answered += self->count;
    s_progress (self, "条", (int64_t) self->answered, (int64_t) self->total);
    if (self->stop)
        rc = -1;
    if (self->session->sync_pause_ms > 0)
        zclock_sleep (self->session->sync_pause_ms);
    free (done_seqs);
    free (done_ids);
    xuncha__reply__free_unpacked (reply, NULL);
    s_batch_clear (self);
    return rc;
}

static void
s_upload_progress (void *context, int64_t sent, int64_t total)
{
    s_progress (context, "字节（附件）", sent, total);
}

/* One attachment entry (REQUEST resolved); 0 to go on. */
static int
s_upload (s_sync_t *self, const xc_entry_t *entry, const Xuncha__Request *request)
{
    Xuncha__Reply *reply = NULL;
    xc_upload_result_t result = xc_upload_entry (self->session, entry, request, &reply, s_upload_progress, self);
    self->answered++;
    if (result == XC_UPLOAD_DONE || result == XC_UPLOAD_REFUSED) {   /* recorded as a batch of one */
        int64_t seq, id;
        size_t done = 0;
        int rc = s_record_answer (self, entry->seq, reply, &seq, &id, &done);
        if (rc == 0 && done && xc_journal_mark_done_many (self->session->journal, &seq, &id, 1) != 0)
            rc = s_stop (self, XC_SYNC_LOCAL_ERROR, "无法写入本地日志");
        return rc;
    }
    const char *why = result == XC_UPLOAD_INTERRUPTED && reply ? reply->message : "服务器暂不能接收附件";
    int rc = result == XC_UPLOAD_OFFLINE        ? s_stop (self, XC_SYNC_OFFLINE, NULL)
             : result == XC_UPLOAD_KEY_REFUSED ? s_stop (self, XC_SYNC_KEY_REFUSED, NULL)
             : result == XC_UPLOAD_LOCAL_ERROR ? s_stop (self, XC_SYNC_LOCAL_ERROR, "无法读取本地日志中的附件内容")
                                               : s_stop (self, XC_SYNC_INTERRUPTED, why);
    if (reply)
        xuncha__reply__free_unpacked (reply, NULL);
    return rc;
}

/* Adds ENTRY (REQUEST decoded from it) to the batch, repacked when its placeholders
 * were replaced; sends the batch first when it is full. 0 to go on. */
static int
s_add (s_sync_t *self, const xc_entry_t *entry, Xuncha__Request *request, int resolved)
{
    size_t size = entry->request_size;
    uint8_t *packed = resolved ? xc_pack (&request->base, &size) : NULL;
    if ((self->count == (size_t) self->session->batch_entries || self->bytes + size > XC_BATCH_BYTES)
        && s_flush (self) != 0) {
        free (packed);
        return -1;
    }
    self->owned[self->count] = packed;
    self->entries[self->count].data = packed ? packed : entry->request;
    self->entries[self->count].len = size;
    self->seqs[self->count++] = entry->seq;
    self->bytes += size;
    return 0;
}

/* One pending entry: held, batched, or uploaded. 0 to go on. */
static int
s_entry (s_sync_t *self, const xc_entry_t *entry)
{
    Xuncha__Request *request = xuncha__request__unpack (NULL, entry->request_size, entry->request);
    if (!request)
        return s_stop (self, XC_SYNC_LOCAL_ERROR, "本地日志中的记录无法解读");
    int ready = s_dependencies (self->session->journal, request, self, NULL, 0);
    if (ready == 1) {   /* it needs an id the unsent batch will create */
        if (s_flush (self) != 0) {
            xuncha__request__free_unpacked (request, NULL);
            return -1;
        }
        ready = s_dependencies (self->session->journal, request, self, NULL, 0);
    }
    int rc = 0;
    if (ready != 0) {
        self->report->held++;
        self->answered++;
    }
    else {
        int64_t seqs[1];
        int resolved = xc_placeholders_collect (&request->base, seqs, 1) > 0;
        if (resolved)
            xc_placeholders_resolve (&request->base, s_result_of, self->session->journal, NULL);
        if (request->body_case == XUNCHA__REQUEST__BODY_ATTACHMENT_UPLOAD_BEGIN)
            rc = s_flush (self) != 0 ? -1 : s_upload (self, entry, request);
        else
            rc = s_add (self, entry, request, resolved);
    }
    xuncha__request__free_unpacked (request, NULL);
    return rc;
}

/* One pass over the pending entries. */
static void
s_pass (s_sync_t *self)
{
    xc_entry_t *pending = NULL;
    size_t count = 0;
    if (xc_journal_list (self->session->journal, false, &pending, &count) != 0) {
        s_stop (self, XC_SYNC_LOCAL_ERROR, "无法读取本地日志");
        return;
    }
    self->total = count;
    self->answered = 0;
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++)
        rc = s_entry (self, &pending[i]);
    if (rc == 0)
        s_flush (self);
    s_batch_clear (self);
    if (self->options->progress && count > 0)
        fputc ('\n', stderr);
    xc_journal_entries_free (pending, count);
}

#define XC_IN_PROGRESS_PAUSE_MS 500
#define XC_IN_PROGRESS_WAITS 120

xc_sync_outcome_t
xc_sync_run (xc_session_t *session, const xc_sync_options_t *options, xc_sync_report_t *report)
{
    memset (report, 0, sizeof *report);
    int locked = xc_journal_lock_sync (session->journal, !options->unless_busy);
    if (locked != 0) {
        report->pending = xc_journal_count (session->journal, XC_ENTRY_PENDING);
        if (locked == 1)   /* another process of this key is sending them */
            return report->outcome;
        report->outcome = XC_SYNC_LOCAL_ERROR;
        snprintf (report->message, sizeof report->message, "无法锁定本地日志 %s", xc_journal_path (session->journal));
        return report->outcome;
    }
    size_t capacity = (size_t) session->batch_entries + 1;
    s_sync_t self = { .session = session, .options = options, .report = report,
                      .entries = calloc (capacity, sizeof (ProtobufCBinaryData)),
                      .owned = calloc (capacity, sizeof (uint8_t *)), .seqs = calloc (capacity, sizeof (int64_t)) };
    /* an entry whose earlier try the server is still running: wait for it, as a lone
     * request would (rpc.h), then go on */
    for (int waits = 0;; waits++) {
        report->held = 0;
        s_pass (&self);
        if (!self.in_progress || waits == XC_IN_PROGRESS_WAITS)
            break;
        if (waits == 0)
            fprintf (stderr, "服务器仍在处理此请求的前一次尝试，等待其完成…\n");
        self.in_progress = self.stop = false;
        report->outcome = XC_SYNC_COMPLETE;
        zclock_sleep (XC_IN_PROGRESS_PAUSE_MS);
    }
    free (self.entries);
    free (self.owned);
    free (self.seqs);
    report->pending = xc_journal_count (session->journal, XC_ENTRY_PENDING);
    xc_journal_unlock_sync (session->journal);
    return report->outcome;
}

int
xc_sync_reply_of (xc_session_t *session, int64_t seq, Xuncha__Reply **reply)
{
    *reply = NULL;
    xc_entry_t entry;
    if (xc_journal_get (session->journal, seq, &entry) != 0)
        return -1;
    Xuncha__Request *request = entry.state == XC_ENTRY_DONE && entry.request
                                   ? xuncha__request__unpack (NULL, entry.request_size, entry.request)
                                   : NULL;
    int rc = -1;
    if (request && xc_placeholders_resolve (&request->base, s_result_of, session->journal, NULL) == 0) {
        if (request->body_case == XUNCHA__REQUEST__BODY_ATTACHMENT_UPLOAD_BEGIN)
            rc = xc_upload_entry (session, &entry, request, reply, NULL, NULL) == XC_UPLOAD_DONE ? 0 : -1;
        else
            rc = xc_rpc_call (&session->rpc, request, reply) == XC_RPC_REPLIED ? 0 : -1;
    }
    if (rc != 0 && *reply) {
        xuncha__reply__free_unpacked (*reply, NULL);
        *reply = NULL;
    }
    if (request)
        xuncha__request__free_unpacked (request, NULL);
    xc_entry_clear (&entry);
    return rc;
}
