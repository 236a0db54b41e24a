/* fault_load — the write load of the fault suite (issue 9: "under a running write load
 * with retries … zero acknowledged writes lost, zero duplicated effects of retried
 * requests"). ops/faults/run.sh kills xunchad, xuncha-notifier and PostgreSQL under it.
 *
 * `writers` threads each record 走访 records one after another for `seconds`, every
 * record marked in its findings (【故障 RUN-T-N】) so that the database can be searched
 * for it; with `assign_key_file`, one more thread, as the unit's 主要负责人, names the
 * 经办人 of task `task_id` again and again, alternating between the two users of
 * `handlers`: each such change writes one outbox event for the newly named user.
 *
 * Every request is retried as the real client retries it, with the same request id
 * (so the server does it once): on silence or a dropped connection after `timeout_ms`
 * on a new connection (Lazy Pirate), on STATUS_UNAVAILABLE or STATUS_IN_PROGRESS after
 * a pause — until it is acknowledged (STATUS_OK), refused, or `give_up_s` have passed.
 * When the time is up, or at SIGUSR1 (ops/faults/run.sh sends it once its kills are
 * done), each thread finishes the request it has in hand, so at the end every request
 * sent is settled.
 *
 * Each acknowledgement is one line of the `log` file, written when the reply came:
 *   visit MARKER REQUEST_ID RECORD_ID
 *   assign REQUEST_ID HANDLER_USER_ID
 * a refusal or a request given up: refused|unresolved KIND REQUEST_ID STATUS.
 * Prints the counts as text on stderr and one JSON line on stdout. */
#include "bench_requests.h"
#include "xc_config.h"
#include "xc_keys.h"
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const xc_setting_t s_settings[] = {
    { "server", "tcp://127.0.0.1:7400", "xunchad 端点" },
    { "server_key", "", "服务器公钥或公钥文件" },
    { "key_file", "", "录入走访记录的组员的密钥文件" },
    { "writers", "4", "录入走访记录的并发客户端数" },
    { "seconds", "60", "持续发送新请求的秒数（此后只把手中的请求做完）；0：直到收到 SIGUSR1" },
    { "group", "1", "巡察组编号" },
    { "unit", "3", "被巡察单位编号" },
    { "date", "2026-03-10", "记录日期" },
    { "findings_bytes", "512", "每条记录“发现”文字的大约字节数" },
    { "run", "run", "本次运行的标记（写入每条记录，区分各次运行）" },
    { "assign_key_file", "", "调整整改任务经办人的主要负责人的密钥文件；空：不产生通知事件" },
    { "task_id", "0", "被反复调整经办人的整改任务编号" },
    { "handlers", "", "轮流担任经办人的两个用户编号，如 12,13" },
    { "timeout_ms", "2000", "等待回复的毫秒数，超时即换新连接以同一请求编号重发" },
    { "give_up_s", "300", "一个请求最多重试的秒数" },
    { "log", "fault-load.log", "确认记录文件：每收到一个确认写一行" },
    { NULL, NULL, NULL },
};

/* SIGUSR1: no new requests (czmq keeps SIGINT and SIGTERM for itself). */
static volatile sig_atomic_t s_stopping = 0;

static void
s_stop (int signal_number)
{
    (void) signal_number;
    s_stopping = 1;
}

typedef struct {
    xc_config_t *config;
    const char *endpoint;
    char server_key[41];
    int timeout_ms;
    int64_t until_ns, give_up_ns;
    FILE *log;
    pthread_mutex_t log_lock;
    atomic_long sent, acknowledged, assigns, retries, reconnects, unavailable, refused, unresolved;
} s_load_t;

typedef struct {
    s_load_t *load;
    int index;
    zcert_t *mine;
    xc_link_t *link;
} s_client_t;

static void
s_log (s_load_t *self, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static void
s_log (s_load_t *self, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    pthread_mutex_lock (&self->log_lock);
    vfprintf (self->log, format, args);
    fflush (self->log);
    pthread_mutex_unlock (&self->log_lock);
    va_end (args);
}

static void
s_pause_ms (int milliseconds)
{
    struct timespec pause = { milliseconds / 1000, (long) (milliseconds % 1000) * 1000000 };
    nanosleep (&pause, NULL);
}

static bool
s_sending (const s_load_t *self)
{
    return !s_stopping && xc_bench_now_ns () < self->until_ns;
}

/* Sends REQUEST until it is settled; returns its reply when acknowledged (STATUS_OK),
 * else NULL (refused or given up; counted and logged). KIND names it in the log. */
static Xuncha__Reply *
s_settle (s_client_t *self, const xc_bench_request_t *request, const char *kind)
{
    s_load_t *load = self->load;
    int64_t give_up = xc_bench_now_ns () + load->give_up_ns;
    atomic_fetch_add (&load->sent, 1);
    for (int attempt = 0;; attempt++) {
        if (attempt)
            atomic_fetch_add (&load->retries, 1);
        if (!self->link)
            self->link = xc_link_new (load->endpoint, self->mine, load->server_key);
        Xuncha__Reply *reply = NULL;
        xc_link_event_t event = self->link ? xc_bench_call (self->link, request, load->timeout_ms, &reply)
                                           : XC_LINK_DISCONNECTED;
        if (event == XC_LINK_FRAME && reply->status == XUNCHA__STATUS__STATUS_OK) {
            atomic_fetch_add (&load->acknowledged, 1);
            return reply;
        }
        int status = reply ? (int) reply->status : -1;
        bool busy = status == XUNCHA__STATUS__STATUS_UNAVAILABLE || status == XUNCHA__STATUS__STATUS_IN_PROGRESS;
        if (reply)
            xuncha__reply__free_unpacked (reply, NULL);
        if (event == XC_LINK_FRAME && !busy) {
            atomic_fetch_add (&load->refused, 1);
            s_log (load, "refused %s %s %d\n", kind, request->id, status);
            return NULL;
        }
        if (xc_bench_now_ns () > give_up) {
            atomic_fetch_add (&load->unresolved, 1);
            s_log (load, "unresolved %s %s %d\n", kind, request->id, status);
            return NULL;
        }
        if (busy) {   /* the database is away, or an earlier try still runs: ask again soon */
            atomic_fetch_add (&load->unavailable, 1);
            s_pause_ms (200);
        }
        else {        /* silence or a dropped connection: a new connection, the same request */
            atomic_fetch_add (&load->reconnects, 1);
            xc_link_destroy (&self->link);
            s_pause_ms (100);
        }
    }
}

static void *
s_write_visits (void *arg)
{
    s_client_t *self = arg;
    s_load_t *load = self->load;
    xc_config_t *config = load->config;
    const xc_bench_visit_t where = { .group_id = xc_config_get_long (config, "group"),
                                     .unit_id = xc_config_get_long (config, "unit"),
                                     .date = xc_config_get (config, "date") };
    size_t size = (size_t) xc_config_get_long (config, "findings_bytes"), capacity = size + 256;
    char *findings = calloc (1, capacity);
    for (long number = 1; findings && s_sending (load); number++) {
        char marker[96], head[128];
        snprintf (marker, sizeof marker, "%s-%d-%ld", xc_config_get (config, "run"), self->index + 1, number);
        snprintf (head, sizeof head, "【故障 %s】", marker);
        xc_bench_findings (findings, capacity, size, head);
        xc_bench_request_t request;
        xc_bench_visit_request (&request, &where, findings);
        Xuncha__Reply *reply = s_settle (self, &request, "visit");
        if (reply) {
            s_log (load, "visit %s %s %lld\n", marker, request.id,
                   reply->body_case == XUNCHA__REPLY__BODY_FIELD_RECORD ? (long long) reply->field_record->id : 0LL);
            xuncha__reply__free_unpacked (reply, NULL);
        }
        xc_bench_request_free (&request);
    }
    free (findings);
    return NULL;
}

static void *
s_assign_handlers (void *arg)
{
    s_client_t *self = arg;
    s_load_t *load = self->load;
    int64_t task = xc_config_get_long (load->config, "task_id"), handlers[2] = { 0, 0 };
    sscanf (xc_config_get (load->config, "handlers"), "%lld,%lld", (long long *) &handlers[0],
            (long long *) &handlers[1]);
    for (long number = 0; s_sending (load); number++) {
        xc_bench_request_t request;
        xc_bench_assign_request (&request, task, handlers[number % 2]);
        Xuncha__Reply *reply = s_settle (self, &request, "assign");
        if (reply) {
            atomic_fetch_add (&load->assigns, 1);
            s_log (load, "assign %s %lld\n", request.id, (long long) handlers[number % 2]);
            xuncha__reply__free_unpacked (reply, NULL);
        }
        xc_bench_request_free (&request);
        s_pause_ms (50);
    }
    return NULL;
}

/* ------------------------------------------------------------ main */

static zcert_t *
s_load_key (const char *path)
{
    char error[512];
    zcert_t *cert = xc_keys_load (path, error, sizeof error);
    if (!cert)
        fprintf (stderr, "fault_load: %s\n", error);
    return cert;
}

static int
s_run (s_load_t *load, zcert_t *writer, zcert_t *assigner)
{
    int writers = (int) xc_config_get_long (load->config, "writers");
    int count = writers + (assigner ? 1 : 0);
    zsys_init ();   /* once, here: the threads' first sockets would race to do it */
    s_client_t *clients = calloc ((size_t) count, sizeof *clients);
    pthread_t *threads = calloc ((size_t) count, sizeof *threads);
    for (int i = 0; i < count; i++) {
        clients[i] = (s_client_t) { .load = load, .index = i, .mine = i < writers ? writer : assigner };
        pthread_create (&threads[i], NULL, i < writers ? s_write_visits : s_assign_handlers, &clients[i]);
    }
    for (int i = 0; i < count; i++) {
        pthread_join (threads[i], NULL);
        xc_link_destroy (&clients[i].link);
    }
    free (threads);
    free (clients);
    long sent = atomic_load (&load->sent), acknowledged = atomic_load (&load->acknowledged);
    long refused = atomic_load (&load->refused), unresolved = atomic_load (&load->unresolved);
    fprintf (stderr, "故障负载：发出 %ld 个请求，确认 %ld 个（其中调整经办人 %ld 个），重试 %ld 次（换连接 %ld 次，"
                     "数据库不可用或处理中 %ld 次），被拒 %ld 个，放弃 %ld 个\n",
             sent, acknowledged, atomic_load (&load->assigns), atomic_load (&load->retries),
             atomic_load (&load->reconnects), atomic_load (&load->unavailable), refused, unresolved);
    printf ("{\"sent\":%ld,\"acknowledged\":%ld,\"assigns_acknowledged\":%ld,\"retries\":%ld,\"reconnects\":%ld,"
            "\"unavailable_or_in_progress\":%ld,\"refused\":%ld,\"unresolved\":%ld}\n",
            sent, acknowledged, atomic_load (&load->assigns), atomic_load (&load->retries),
            atomic_load (&load->reconnects), atomic_load (&load->unavailable), refused, unresolved);
    return refused == 0 && unresolved == 0 && acknowledged == sent ? 0 : 1;
}

int
main (int argc, char **argv)
{
    if (sodium_init () < 0)
        return 1;
    int exit_code;
    xc_config_t *config = xc_config_from_command_line (s_settings, "XUNCHA_FAULTS", "fault_load",
        "xuncha-fault-load — 故障测试的写负载，请求按客户端的方式以同一请求编号重试（见 ops/faults/run.sh）", argc, argv,
        &exit_code);
    if (!config)
        return exit_code;
    s_load_t load = { .config = config, .endpoint = xc_config_get (config, "server"),
                      .timeout_ms = (int) xc_config_get_long (config, "timeout_ms") };
    long seconds = xc_config_get_long (config, "seconds");
    load.until_ns = seconds > 0 ? xc_bench_now_ns () + seconds * 1000000000LL : INT64_MAX;
    signal (SIGUSR1, s_stop);
    load.give_up_ns = xc_config_get_long (config, "give_up_s") * 1000000000LL;
    pthread_mutex_init (&load.log_lock, NULL);
    zcert_t *writer = NULL, *assigner = NULL;
    exit_code = 2;
    if (xc_config_get_long (config, "writers") < 1 || load.timeout_ms < 100
        || xc_config_get_long (config, "findings_bytes") < 64 || xc_config_get_long (config, "findings_bytes") > 60000)
        fprintf (stderr, "fault_load: writers ≥ 1，timeout_ms ≥ 100，findings_bytes 在 64–60000 之间\n");
    else if (xc_keys_public (xc_config_get (config, "server_key"), load.server_key) != 0)
        fprintf (stderr, "fault_load: 无法读取服务器公钥（server_key）\n");
    else if (!(writer = s_load_key (xc_config_get (config, "key_file"))))
        ;
    else if (*xc_config_get (config, "assign_key_file")
             && !(assigner = s_load_key (xc_config_get (config, "assign_key_file"))))
        ;
    else if (!(load.log = fopen (xc_config_get (config, "log"), "a")))
        fprintf (stderr, "fault_load: 无法写入 %s\n", xc_config_get (config, "log"));
    else {
        exit_code = s_run (&load, writer, assigner);
        fclose (load.log);
    }
    zcert_destroy (&writer);
    zcert_destroy (&assigner);
    pthread_mutex_destroy (&load.log_lock);
    xc_config_destroy (&config);
    return exit_code;
}
