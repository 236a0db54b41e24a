/* throughput — xunchad's request throughput (issue 9: "as fast as PostgreSQL allows").
 *
 * Opens `clients` CURVE connections for one 组员 (a DEALER each, in a thread of its
 * own) and, for `seconds` each, sends one request after another on each: first the
 * typical write, a 走访 record with about `findings_bytes` of findings
 * (field_record_create, a fresh request id each, built as the client builds it), then
 * the typical read, one of the records just written shown (field_record_show). Each
 * request's latency is the time from sending it to its reply; only replies with
 * STATUS_OK count, anything else is an error. With `idle` M, M more connections are
 * opened first and held, each having completed its handshake and one ping: the 1,000
 * connected clients, most idle, of the scale run.
 *
 * Prints, per phase, the operations per second, p50 and p99 latency, the CPU time the
 * clients and the server used (on one machine the clients' share is taken from the
 * server and PostgreSQL), and the server's peak RSS (VmHWM of `server_pid`, reset before the run where the kernel allows), as
 * text on stderr and one JSON line on stdout. ops/bench/throughput.sh starts PostgreSQL,
 * xunchad and the demo round around it and runs pgbench on the same SQL for the
 * ratio. */
#include "bench_requests.h"
#include "xc_config.h"
#include "xc_keys.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static const xc_setting_t s_settings[] = {
    { "server", "tcp://127.0.0.1:7400", "xunchad 端点" },
    { "server_key", "", "服务器公钥或公钥文件" },
    { "key_file", "", "组员的密钥文件（其所在巡察组须处于进驻至报告阶段）" },
    { "clients", "16", "并发客户端数（各一条 CURVE 连接、一个线程，请求一个接一个）" },
    { "idle", "0", "另外保持的空闲连接数（各完成握手与一次 ping 后不再发送）" },
    { "seconds", "10", "写、读两阶段各持续的秒数" },
    { "group", "1", "巡察组编号" },
    { "unit", "3", "被巡察单位编号" },
    { "date", "2026-03-10", "记录日期" },
    { "findings_bytes", "2048", "每条走访记录“发现”文字的大约字节数" },
    { "server_pid", "0", "xunchad 的进程号：读 /proc/PID/status 的 VmHWM（峰值 RSS）；0：不读" },
    { "timeout_ms", "10000", "每个请求等待回复的最长毫秒数（超时计为错误）" },
    { NULL, NULL, NULL },
};

typedef enum { S_WRITE, S_READ } s_phase_t;

typedef struct {
    int64_t *items;
    size_t count, room;
} s_list_t;

typedef struct s_bench_t s_bench_t;

typedef struct {
    s_bench_t *bench;
    int index;
    xc_link_t *link;
    s_list_t latencies;   /* nanoseconds, of this phase's successful requests */
    s_list_t written;     /* the ids of the records this client wrote */
    long errors;
    char first_error[256];
    unsigned seed;
} s_client_t;

struct s_bench_t {
    xc_config_t *config;
    xc_bench_visit_t where;
    size_t findings_bytes;
    int timeout_ms;
    s_phase_t phase;
    int64_t until_ns;
    const int64_t *records;   /* the read phase's choice: every record written */
    size_t n_records;
};

static int
s_push (s_list_t *list, int64_t value)
{
    if (list->count == list->room) {
        size_t room = list->room ? list->room * 2 : 1024;
        int64_t *bigger = realloc (list->items, room * sizeof *bigger);
        if (!bigger)
            return -1;
        list->items = bigger;
        list->room = room;
    }
    list->items[list->count++] = value;
    return 0;
}

/* ------------------------------------------------------------ one client */

static void
s_error (s_client_t *self, const char *format, const char *detail)
{
    if (self->errors++ == 0)
        snprintf (self->first_error, sizeof self->first_error, format, detail);
}

/* One request of the phase; its reply checked and its latency kept. */
static void
s_one_request (s_client_t *self, char *findings, size_t capacity, long number)
{
    s_bench_t *bench = self->bench;
    xc_bench_request_t request;
    if (bench->phase == S_WRITE) {
        char head[48];
        snprintf (head, sizeof head, "吞吐第%d-%ld条：", self->index + 1, number);
        xc_bench_findings (findings, capacity, bench->findings_bytes, head);
        xc_bench_visit_request (&request, &bench->where, findings);
    }
    else
        xc_bench_show_request (&request, bench->records[(size_t) rand_r (&self->seed) % bench->n_records]);
    int64_t started = xc_bench_now_ns ();
    Xuncha__Reply *reply;
    xc_link_event_t event = xc_bench_call (self->link, &request, bench->timeout_ms, &reply);
    int64_t took = xc_bench_now_ns () - started;
    if (event != XC_LINK_FRAME)
        s_error (self, "%s", event == XC_LINK_TIMEOUT ? "等待回复超时" : "连接中断或密钥被拒");
    else if (reply->status != XUNCHA__STATUS__STATUS_OK)
        s_error (self, "服务器拒绝：%s", reply->message);
    else {
        s_push (&self->latencies, took);
        if (bench->phase == S_WRITE && reply->body_case == XUNCHA__REPLY__BODY_FIELD_RECORD)
            s_push (&self->written, reply->field_record->id);
    }
    if (reply)
        xuncha__reply__free_unpacked (reply, NULL);
    xc_bench_request_free (&request);
}

static void *
s_client_run (void *arg)
{
    s_client_t *self = arg;
    size_t capacity = self->bench->findings_bytes + 256;
    char *findings = calloc (1, capacity);
    for (long number = 1; findings && xc_bench_now_ns () < self->bench->until_ns; number++)
        s_one_request (self, findings, capacity, number);
    free (findings);
    return NULL;
}

/* ------------------------------------------------------------ connections */

/* Each client's connection, its handshake done by one ping answered. */
static int
s_connect_clients (s_client_t *clients, int count, xc_config_t *config, zcert_t *mine, const char *server_key)
{
    for (int i = 0; i < count; i++) {
        clients[i].link = xc_link_new (xc_config_get (config, "server"), mine, server_key);
        xc_bench_request_t ping;
        xc_bench_ping_request (&ping);
        Xuncha__Reply *reply = NULL;
        int ok = clients[i].link && xc_bench_call (clients[i].link, &ping, 10000, &reply) == XC_LINK_FRAME
              && reply->status == XUNCHA__STATUS__STATUS_OK;
        if (reply)
            xuncha__reply__free_unpacked (reply, NULL);
        xc_bench_request_free (&ping);
        if (!ok) {
            fprintf (stderr, "throughput: 第 %d 个客户端连不上 %s\n", i + 1, xc_config_get (config, "server"));
            return -1;
        }
    }
    return 0;
}

/* COUNT idle connections: plain DEALERs (no monitor, which would double the sockets),
 * each with its ping answered. Returns how many are up. */
static int
s_connect_idle (zsock_t **idle, int count, const char *endpoint, zcert_t *mine, const char *server_key)
{
    for (int i = 0; i < count; i++) {
        idle[i] = zsock_new (ZMQ_DEALER);
        if (!idle[i]) {
            fprintf (stderr, "throughput: 第 %d 个空闲连接无法创建（文件描述符或 ZeroMQ 套接字数已到上限）\n", i + 1);
            return i;
        }
        zsock_set_linger (idle[i], 0);
        xc_keys_curve_client (idle[i], mine, server_key);
        zsock_connect (idle[i], "%s", endpoint);
        xc_bench_request_t ping;
        xc_bench_ping_request (&ping);
        zframe_t *frame = zframe_new (ping.bytes, ping.size);
        zframe_send (&frame, idle[i], 0);
        xc_bench_request_free (&ping);
    }
    int answered = 0;
    int64_t deadline = xc_bench_now_ns () + 60 * 1000000000LL;
    for (int i = 0; i < count && xc_bench_now_ns () < deadline; i++) {
        zsock_set_rcvtimeo (idle[i], (int) ((deadline - xc_bench_now_ns ()) / 1000000));
        zframe_t *frame = zframe_recv (idle[i]);
        answered += frame != NULL;
        zframe_destroy (&frame);
    }
    return answered;
}

/* ------------------------------------------------------------ the figures */

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

static double
s_percentile_ms (const s_list_t *sorted, double q)
{
    long at = (long) (q * (double) sorted->count + 0.999999) - 1;
    return sorted->count ? (double) sorted->items[at < 0 ? 0 : at] / 1e6 : 0;
}

/* The server's KEY ("VmHWM") in kB from /proc/PID/status; 0 when unknown. */
static long
s_server_memory_kb (long pid, const char *key)
{
    char path[64], line[256];
    snprintf (path, sizeof path, "/proc/%ld/status", pid);
    FILE *status = pid > 0 ? fopen (path, "r") : NULL;
    long kb = 0;
    size_t length = strlen (key);
    while (status && fgets (line, sizeof line, status))
        if (strncmp (line, key, length) == 0 && line[length] == ':')
            kb = strtol (line + length + 1, NULL, 10);
    if (status)
        fclose (status);
    return kb;
}

/* CPU seconds (user + system) the server PID has used so far, from /proc/PID/stat;
 * 0 when unknown. */
static double
s_server_cpu_s (long pid)
{
    char path[64], line[1024];
    snprintf (path, sizeof path, "/proc/%ld/stat", pid);
    FILE *stat = pid > 0 ? fopen (path, "r") : NULL;
    double seconds = 0;
    if (stat && fgets (line, sizeof line, stat)) {
        const char *after = strrchr (line, ')');   /* the command name may hold spaces */
        unsigned long user = 0, system = 0;
        if (after && sscanf (after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user, &system) == 2)
            seconds = (double) (user + system) / (double) sysconf (_SC_CLK_TCK);
    }
    if (stat)
        fclose (stat);
    return seconds;
}

/* CPU seconds this process (the clients) has used so far. */
static double
s_own_cpu_s (void)
{
    struct rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1e6 + (double) usage.ru_stime.tv_sec
         + (double) usage.ru_stime.tv_usec / 1e6;
}

/* Resets the server's peak RSS to its current RSS (Linux: "5" to clear_refs; needs
 * the right to write there, else the peak counts from the server's start). */
static void
s_reset_peak (long pid)
{
    char path[64];
    snprintf (path, sizeof path, "/proc/%ld/clear_refs", pid);
    FILE *refs = pid > 0 ? fopen (path, "w") : NULL;
    if (refs) {
        fputs ("5", refs);
        fclose (refs);
    }
}

/* Runs PHASE on every client for the configured time; prints its figures (text on
 * stderr, a JSON object into JSON) and returns the successful operations. */
static long
s_run_phase (s_bench_t *bench, s_client_t *clients, int count, s_phase_t phase, char *json, size_t json_size)
{
    int seconds = (int) xc_config_get_long (bench->config, "seconds");
    bench->phase = phase;
    pthread_t *threads = calloc ((size_t) count, sizeof *threads);
    long pid = xc_config_get_long (bench->config, "server_pid");
    double server_cpu = s_server_cpu_s (pid), own_cpu = s_own_cpu_s ();
    int64_t started = xc_bench_now_ns ();
    bench->until_ns = started + (int64_t) seconds * 1000000000;
    for (int i = 0; i < count; i++) {
        clients[i].latencies.count = 0;
        clients[i].errors = 0;
        pthread_create (&threads[i], NULL, s_client_run, &clients[i]);
    }
    for (int i = 0; i < count; i++)
        pthread_join (threads[i], NULL);
    double elapsed = (double) (xc_bench_now_ns () - started) / 1e9;
    /* on one machine the clients' CPU is taken from the server and PostgreSQL: say how much */
    server_cpu = s_server_cpu_s (pid) - server_cpu;
    own_cpu = s_own_cpu_s () - own_cpu;
    free (threads);
    s_list_t all = { 0 };
    long errors = 0;
    const char *first_error = "";
    for (int i = 0; i < count; i++) {
        for (size_t j = 0; j < clients[i].latencies.count; j++)
            s_push (&all, clients[i].latencies.items[j]);
        if (clients[i].errors && !errors)
            first_error = clients[i].first_error;
        errors += clients[i].errors;
    }
    qsort (all.items, all.count, sizeof *all.items, s_compare);
    const char *name = phase == S_WRITE ? "write" : "read";
    double rate = (double) all.count / elapsed, p50 = s_percentile_ms (&all, 0.50), p99 = s_percentile_ms (&all, 0.99);
    fprintf (stderr, "  %s（%s）：%zu 次，每秒 %.0f 次，p50 %.2f ms，p99 %.2f ms，最长 %.2f ms；错误 %ld%s%s\n"
                     "    CPU：客户端 %.1f 秒，xunchad %.1f 秒（%.0f 秒内）\n",
             phase == S_WRITE ? "写：录入走访记录" : "读：查看现场记录", name, all.count, rate, p50, p99,
             s_percentile_ms (&all, 1.0), errors, errors ? "，首个：" : "", first_error, own_cpu, server_cpu, elapsed);
    snprintf (json, json_size,
              "{\"ops\":%zu,\"ops_per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"errors\":%ld,"
              "\"client_cpu_s\":%.2f,\"server_cpu_s\":%.2f}",
              all.count, rate, p50, p99, s_percentile_ms (&all, 1.0), errors, own_cpu, server_cpu);
    free (all.items);
    return (long) all.count;
}

/* Every record the write phase made, for the read phase to choose from. */
static s_list_t
s_records_written (s_client_t *clients, int count)
{
    s_list_t all = { 0 };
    for (int i = 0; i < count; i++)
        for (size_t j = 0; j < clients[i].written.count; j++)
            s_push (&all, clients[i].written.items[j]);
    return all;
}

/* ------------------------------------------------------------ main */

static int
s_run (s_bench_t *bench, zcert_t *mine, const char *server_key)
{
    xc_config_t *config = bench->config;
    int count = (int) xc_config_get_long (config, "clients"), idle_count = (int) xc_config_get_long (config, "idle");
    long pid = xc_config_get_long (config, "server_pid");
    s_client_t *clients = calloc ((size_t) count, sizeof *clients);
    zsock_t **idle = calloc ((size_t) idle_count + 1, sizeof *idle);
    int rc = 1;
    s_reset_peak (pid);
    int idle_up = s_connect_idle (idle, idle_count, xc_config_get (config, "server"), mine, server_key);
    for (int i = 0; i < count; i++)
        clients[i] = (s_client_t) { .bench = bench, .index = i, .seed = (unsigned) (i * 7919 + 1) };
    if (idle_up < idle_count)
        fprintf (stderr, "throughput: 空闲连接只有 %d 个得到回复（应为 %d 个）\n", idle_up, idle_count);
    else if (s_connect_clients (clients, count, config, mine, server_key) == 0) {
        fprintf (stderr, "xunchad 吞吐：%d 个并发客户端，另有 %d 个空闲连接（共 %d 个），每阶段 %ld 秒，每条约 %zu 字节\n",
                 count, idle_count, count + idle_count, xc_config_get_long (config, "seconds"), bench->findings_bytes);
        char write[320], read[320] = "null";
        s_run_phase (bench, clients, count, S_WRITE, write, sizeof write);
        s_list_t records = s_records_written (clients, count);
        bench->records = records.items;
        bench->n_records = records.count;
        if (records.count)
            s_run_phase (bench, clients, count, S_READ, read, sizeof read);
        free (records.items);
        long peak = s_server_memory_kb (pid, "VmHWM"), now = s_server_memory_kb (pid, "VmRSS");
        if (pid > 0)
            fprintf (stderr, "  xunchad 峰值 RSS %.1f MB（现 %.1f MB）\n", (double) peak / 1024, (double) now / 1024);
        printf ("{\"clients\":%d,\"idle\":%d,\"connected\":%d,\"seconds\":%ld,\"findings_bytes\":%zu,\"write\":%s,"
                "\"read\":%s,\"server_peak_rss_kb\":%ld,\"server_rss_kb\":%ld}\n",
                count, idle_count, count + idle_count, xc_config_get_long (config, "seconds"),
                bench->findings_bytes, write, read, peak, now);
        rc = records.count ? 0 : 1;
    }
    for (int i = 0; i < count; i++) {
        xc_link_destroy (&clients[i].link);
        free (clients[i].latencies.items);
        free (clients[i].written.items);
    }
    for (int i = 0; i < idle_count; i++)
        zsock_destroy (&idle[i]);
    free (clients);
    free (idle);
    return rc;
}

int
main (int argc, char **argv)
{
    if (sodium_init () < 0)
        return 1;
    int exit_code;
    xc_config_t *config = xc_config_from_command_line (s_settings, "XUNCHA_BENCH", "throughput",
        "xuncha-bench-throughput — xunchad 的写、读吞吐与延迟（见 ops/bench/throughput.sh）", argc, argv, &exit_code);
    if (!config)
        return exit_code;
    /* each connection is a socket (a client's link two more: its monitor and the pair
     * it talks to): lift ZeroMQ's default of 1,024 sockets to what the system allows,
     * before the first socket */
    zsys_set_max_sockets (0);
    s_bench_t bench = { .config = config,
                        .where = { .group_id = xc_config_get_long (config, "group"),
                                   .unit_id = xc_config_get_long (config, "unit"),
                                   .date = xc_config_get (config, "date") },
                        .findings_bytes = (size_t) xc_config_get_long (config, "findings_bytes"),
                        .timeout_ms = (int) xc_config_get_long (config, "timeout_ms") };
    long clients = xc_config_get_long (config, "clients"), idle = xc_config_get_long (config, "idle");
    char server_key[41], error[512];
    zcert_t *mine = NULL;
    if (clients < 1 || clients > 1000 || idle < 0 || idle > 20000 || xc_config_get_long (config, "seconds") < 1
        || bench.findings_bytes < 64 || bench.findings_bytes > 60000 || bench.timeout_ms < 1) {
        fprintf (stderr, "throughput: clients 在 1–1000 之间，idle 在 0–20000 之间，seconds、timeout_ms ≥ 1，"
                         "findings_bytes 在 64–60000 之间\n");
        exit_code = 2;
    }
    else if (xc_keys_public (xc_config_get (config, "server_key"), server_key) != 0) {
        fprintf (stderr, "throughput: 无法读取服务器公钥（server_key）\n");
        exit_code = 2;
    }
    else if (!(mine = xc_keys_load (xc_config_get (config, "key_file"), error, sizeof error))) {
        fprintf (stderr, "throughput: %s\n", error);
        exit_code = 2;
    }
    else
        exit_code = s_run (&bench, mine, server_key);
    zcert_destroy (&mine);
    xc_config_destroy (&config);
    return exit_code;
}
