/* notify_latency — commit-to-delivery latency of xuncha-notifier (issue 4's benchmark).
 *
 * Connects `recipients` recipients (CURVE DEALERs in this process, each with its own
 * registered key, following and acknowledging every event at once), then a producer
 * thread commits outbox events at a sustained `rate` for `seconds`, each to one
 * recipient in turn, written the way the server writes them (xc_outbox_publish: the
 * event and its delivery in one transaction). An event's latency is the time the
 * recipient received it minus the producer's time just after its COMMIT returned —
 * both CLOCK_MONOTONIC of this process; the event's title carries its sequence number.
 * (A NOTIFY may overtake the COMMIT's own reply; such an event counts as 0 ms.)
 *
 * Prints p50/p90/p99/max and the achieved rate, as text and as one JSON line.
 * ops/bench/notify_latency.sh sets up PostgreSQL, the keys and the notifier around it. */
#include "xc_codec.h"
#include "xc_config.h"
#include "xc_keys.h"
#include "xc_link.h"
#include <inttypes.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>

static const xc_setting_t s_settings[] = {
    { "database", "dbname=xuncha", "PostgreSQL 连接串（与通知服务同一数据库）" },
    { "notifier", "tcp://127.0.0.1:7401", "通知服务端点" },
    { "server_key", "", "通知服务公钥或公钥文件" },
    { "keys", "", "接收方密钥目录：recipient-01.key … 各自已登记为用户" },
    { "recipients", "50", "接收方数" },
    { "rate", "500", "每秒提交的事件数" },
    { "seconds", "20", "持续秒数" },
    { NULL, NULL, NULL },
};

typedef struct {
    const char *conninfo;
    int recipients;
    int rate;
    long total;                 /* events to commit */
    int64_t *user_ids;          /* recipient i's app_user id */
    int64_t *committed_ns;      /* per event: just after its COMMIT returned (0: failed) */
    int64_t *received_ns;       /* per event: when a recipient received it (0: not yet) */
    atomic_int producing;       /* the producer is still running */
    int64_t produce_ns;         /* how long producing took */
    long failures;
} s_bench_t;

static int64_t
s_now_ns (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ------------------------------------------------------------ the producer */

/* One event for USER with sequence SEQ, committed like xc_outbox_publish writes it. */
static int
s_publish (PGconn *db, int64_t user, long seq)
{
    char title[64], recipient[24];
    snprintf (title, sizeof title, "bench #%ld", seq);
    snprintf (recipient, sizeof recipient, "%" PRId64, user);
    const char *params[] = { recipient, "1", title };
    PQclear (PQexec (db, "BEGIN"));
    PGresult *result = PQexecParams (db,
        "WITH event AS (INSERT INTO outbox_event (kind, title, clue_id, batch_id) VALUES ($2, $3, NULL, NULL) RETURNING id)"
        " INSERT INTO outbox_delivery (event_id, user_id)"
        " SELECT DISTINCT event.id, recipient.user_id FROM event, (SELECT $1::bigint) AS recipient (user_id)",
        3, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus (result) == PGRES_COMMAND_OK;
    PQclear (result);
    result = PQexec (db, ok ? "COMMIT" : "ROLLBACK");
    ok = ok && PQresultStatus (result) == PGRES_COMMAND_OK;
    PQclear (result);
    return ok ? 0 : -1;
}

static void *
s_produce (void *arg)
{
    s_bench_t *self = arg;
    PGconn *db = PQconnectdb (self->conninfo);
    int64_t start = s_now_ns ();
    for (long seq = 0; seq < self->total && PQstatus (db) == CONNECTION_OK; seq++) {
        int64_t due = start + seq * 1000000000 / self->rate;
        while (s_now_ns () < due) {
            int64_t left = due - s_now_ns ();
            struct timespec pause = { 0, left > 0 ? left : 0 };
            nanosleep (&pause, NULL);
        }
        if (s_publish (db, self->user_ids[seq % self->recipients], seq) == 0)
            self->committed_ns[seq] = s_now_ns ();
        else
            self->failures++;
    }
    self->produce_ns = s_now_ns () - start;
    PQfinish (db);
    atomic_store (&self->producing, 0);
    return NULL;
}

/* ------------------------------------------------------------ the recipients */

static void
s_hello (xc_link_t *link)
{
    Xuncha__NotifierHello hello = XUNCHA__NOTIFIER_HELLO__INIT;
    hello.follow = 1;
    xc_link_send_notifier (link, &hello.base);
}

static void
s_heartbeat (xc_link_t *link, bool goodbye)
{
    Xuncha__NotifierHeartbeat heartbeat = XUNCHA__NOTIFIER_HEARTBEAT__INIT;
    heartbeat.goodbye = goodbye;
    xc_link_send_notifier (link, &heartbeat.base);
}

static void
s_ack (xc_link_t *link, int64_t event_id)
{
    Xuncha__NotifierAck ack = XUNCHA__NOTIFIER_ACK__INIT;
    ack.event_id = event_id;
    xc_link_send_notifier (link, &ack.base);
}

/* Handles what recipient LINK received; returns 1 for a message of any kind. */
static int
s_receive (s_bench_t *self, xc_link_t *link)
{
    zframe_t *frame;
    if (xc_link_wait (link, 0, &frame) != XC_LINK_FRAME)
        return 0;
    int64_t now = s_now_ns ();
    char why[256];
    Xuncha__NotifierMessage *message = xc_notifier_message_decode (zframe_data (frame), zframe_size (frame), why, sizeof why);
    zframe_destroy (&frame);
    long seq = -1;
    if (message && message->body_case == XUNCHA__NOTIFIER_MESSAGE__BODY_EVENT) {
        if (sscanf (message->event->title, "bench #%ld", &seq) == 1 && seq >= 0 && seq < self->total
            && !self->received_ns[seq])
            self->received_ns[seq] = now;
        s_ack (link, message->event->event_id);
    }
    else if (message && message->body_case == XUNCHA__NOTIFIER_MESSAGE__BODY_HEARTBEAT)
        s_heartbeat (link, false);
    if (message)
        xuncha__notifier_message__free_unpacked (message, NULL);
    return 1;
}

/* Polls every recipient for up to TIMEOUT_MS; returns how many messages came. */
static int
s_poll (s_bench_t *self, xc_link_t **links, zmq_pollitem_t *items, int timeout_ms)
{
    if (zmq_poll (items, self->recipients, timeout_ms) <= 0)
        return 0;
    int received = 0;
    for (int i = 0; i < self->recipients; i++)
        if (items[i].revents & ZMQ_POLLIN)
            while (s_receive (self, links[i]))
                received++;
    return received;
}

/* ------------------------------------------------------------ set-up */

/* Loads recipient I's key pair from DIR/recipient-NN.key and finds its user. */
static zcert_t *
s_recipient (PGconn *db, const char *dir, int i, int64_t *user_id)
{
    char path[4096], error[512];
    snprintf (path, sizeof path, "%s/recipient-%02d.key", dir, i + 1);
    zcert_t *cert = xc_keys_load (path, error, sizeof error);
    if (!cert) {
        fprintf (stderr, "notify_latency: %s\n", error);
        return NULL;
    }
    const char *params[] = { zcert_public_txt (cert) };
    PGresult *result = PQexecParams (db, "SELECT key_user($1) WHERE key_user($1) IS NOT NULL", 1,
                                     NULL, params, NULL, NULL, 0);
    *user_id = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1
             ? strtoll (PQgetvalue (result, 0, 0), NULL, 10) : 0;
    PQclear (result);
    if (!*user_id) {
        fprintf (stderr, "notify_latency: %s 的公钥未登记为用户\n", path);
        zcert_destroy (&cert);
    }
    return cert;
}

/* Connects every recipient and waits until each has heard from the notifier. */
static int
s_connect (s_bench_t *self, xc_config_t *config, xc_link_t **links, zmq_pollitem_t *items)
{
    char server_key[41];
    if (xc_keys_public (xc_config_get (config, "server_key"), server_key) != 0) {
        fprintf (stderr, "notify_latency: 无法读取通知服务公钥（server_key）\n");
        return -1;
    }
    PGconn *db = PQconnectdb (self->conninfo);
    int rc = PQstatus (db) == CONNECTION_OK ? 0 : -1;
    for (int i = 0; rc == 0 && i < self->recipients; i++) {
        zcert_t *cert = s_recipient (db, xc_config_get (config, "keys"), i, &self->user_ids[i]);
        links[i] = cert ? xc_link_new (xc_config_get (config, "notifier"), cert, server_key) : NULL;
        zcert_destroy (&cert);
        if (!links[i])
            rc = -1;
        else {
            s_hello (links[i]);
            items[i] = (zmq_pollitem_t) { zsock_resolve (xc_link_socket (links[i])), 0, ZMQ_POLLIN, 0 };
        }
    }
    PQfinish (db);
    return rc;
}

/* Every session is up once each recipient has received something (a heartbeat). */
static int
s_wait_for_sessions (s_bench_t *self, xc_link_t **links, zmq_pollitem_t *items)
{
    int64_t deadline = s_now_ns () + 10 * 1000000000LL;
    char *heard = calloc ((size_t) self->recipients, 1);
    int count = 0;
    while (count < self->recipients && s_now_ns () < deadline) {
        if (zmq_poll (items, self->recipients, 100) <= 0)
            continue;
        for (int i = 0; i < self->recipients; i++)
            if ((items[i].revents & ZMQ_POLLIN) && s_receive (self, links[i]) && !heard[i]) {
                heard[i] = 1;
                count++;
            }
    }
    free (heard);
    return count == self->recipients ? 0 : -1;
}

/* ------------------------------------------------------------ the figures */

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

static double
s_percentile_ms (const int64_t *sorted, long count, double q)
{
    long at = (long) (q * (double) count + 0.999999) - 1;
    return count ? (double) sorted[at < 0 ? 0 : at] / 1e6 : 0;
}

static void
s_report (s_bench_t *self, int seconds)
{
    int64_t *latency = calloc ((size_t) self->total + 1, sizeof *latency);
    long delivered = 0, committed = 0;
    for (long seq = 0; seq < self->total; seq++) {
        committed += self->committed_ns[seq] != 0;
        if (self->committed_ns[seq] && self->received_ns[seq]) {
            int64_t ns = self->received_ns[seq] - self->committed_ns[seq];
            latency[delivered++] = ns > 0 ? ns : 0;
        }
    }
    qsort (latency, (size_t) delivered, sizeof *latency, s_compare);
    double rate = self->produce_ns ? (double) committed * 1e9 / (double) self->produce_ns : 0;
    double p50 = s_percentile_ms (latency, delivered, 0.50), p90 = s_percentile_ms (latency, delivered, 0.90);
    double p99 = s_percentile_ms (latency, delivered, 0.99), max = s_percentile_ms (latency, delivered, 1.0);
    printf ("通知投递延迟（提交→接收）：%d 个接收方，目标 %d 事件/秒，%d 秒\n", self->recipients, self->rate, seconds);
    printf ("  已提交 %ld 个事件（失败 %ld），实际速率 %.1f 事件/秒，已送达 %ld 个\n", committed, self->failures, rate,
            delivered);
    printf ("  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n", p50, p90, p99, max);
    printf ("{\"recipients\":%d,\"rate_target\":%d,\"seconds\":%d,\"committed\":%ld,\"delivered\":%ld,"
            "\"achieved_rate\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
            self->recipients, self->rate, seconds, committed, delivered, rate, p50, p90, p99, max);
    free (latency);
}

/* ------------------------------------------------------------ main */

static bool
s_all_delivered (s_bench_t *self)
{
    for (long seq = 0; seq < self->total; seq++)
        if (self->committed_ns[seq] && !self->received_ns[seq])
            return false;
    return true;
}

/* Receives until everything committed was delivered, or 10 s after the producer ended. */
static void
s_run (s_bench_t *self, xc_link_t **links, zmq_pollitem_t *items)
{
    pthread_t producer;
    atomic_store (&self->producing, 1);
    pthread_create (&producer, NULL, s_produce, self);
    int64_t give_up = 0;
    while (true) {
        s_poll (self, links, items, 10);
        if (atomic_load (&self->producing))
            continue;   /* its writes are visible once it said it is done */
        if (!give_up)
            give_up = s_now_ns () + 10 * 1000000000LL;
        if (s_all_delivered (self) || s_now_ns () > give_up)
            break;
    }
    pthread_join (producer, NULL);
}

int
main (int argc, char **argv)
{
    if (sodium_init () < 0)
        return 1;
    int exit_code;
    xc_config_t *config = xc_config_from_command_line (s_settings, "XUNCHA_BENCH", "notify_latency",
                                                       "xuncha-bench-notify — 通知投递延迟基准（见 ops/bench/notify_latency.sh）", argc, argv, &exit_code);
    if (!config)
        return exit_code;
    s_bench_t self = { .conninfo = xc_config_get (config, "database"),
                       .recipients = (int) xc_config_get_long (config, "recipients"),
                       .rate = (int) xc_config_get_long (config, "rate") };
    int seconds = (int) xc_config_get_long (config, "seconds");
    if (self.recipients < 1 || self.rate < 1 || seconds < 1) {
        fprintf (stderr, "notify_latency: recipients、rate、seconds 须为正数\n");
        xc_config_destroy (&config);
        return 2;
    }
    self.total = (long) self.rate * seconds;
    self.user_ids = calloc ((size_t) self.recipients, sizeof *self.user_ids);
    self.committed_ns = calloc ((size_t) self.total, sizeof *self.committed_ns);
    self.received_ns = calloc ((size_t) self.total, sizeof *self.received_ns);
    xc_link_t **links = calloc ((size_t) self.recipients, sizeof *links);
    zmq_pollitem_t *items = calloc ((size_t) self.recipients, sizeof *items);
    int rc = 1;
    if (s_connect (&self, config, links, items) == 0 && s_wait_for_sessions (&self, links, items) == 0) {
        s_run (&self, links, items);
        s_report (&self, seconds);
        rc = 0;
    }
    else
        fprintf (stderr, "notify_latency: 接收方未能全部连上通知服务\n");
    for (int i = 0; i < self.recipients; i++)
        if (links[i]) {
            s_heartbeat (links[i], true);
            zsock_set_linger (xc_link_socket (links[i]), 200);
            xc_link_destroy (&links[i]);
        }
    free (links);
    free (items);
    free (self.user_ids);
    free (self.committed_ns);
    free (self.received_ns);
    xc_config_destroy (&config);
    return rc;
}
