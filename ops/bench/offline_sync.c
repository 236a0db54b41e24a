/* offline_sync — fills an inspector's offline journal for the synchronisation benchmark
 * (issue 7: "10,000 journalled records synchronise in under 10 seconds against a local
 * server"). ops/bench/offline_sync.sh runs it, then times the real `xuncha sync`.
 *
 * Appends `records` 走访 records of group `group` and unit `unit` to the journal of the
 * key in `key_file` under `journal_dir`, exactly as `xuncha record visit` journals one
 * when the server cannot be reached: a packed Request (field_record_create) with a
 * fresh request id, through xc_journal_append — each append sealed and on disk (WAL,
 * synchronous=FULL) before the next. Each record carries about `findings_bytes` bytes
 * of findings text, numbered so that every record is distinct.
 *
 * Prints the time the appends took (appends per second, each with its fsync) as text
 * on stderr and as one JSON line on stdout. */
#include "bench_requests.h"
#include "journal.h"
#include "xc_config.h"
#include "xc_keys.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const xc_setting_t s_settings[] = {
    { "key_file", "", "组员的密钥文件（本地日志以其密钥加密，文件名取其公钥）" },
    { "journal_dir", "", "本地日志目录（与客户端配置的 journal_dir 相同）" },
    { "records", "10000", "记入本地日志的走访记录数" },
    { "group", "1", "巡察组编号" },
    { "unit", "3", "被巡察单位编号" },
    { "date", "2026-03-10", "记录日期" },
    { "findings_bytes", "2048", "每条记录“发现”文字的大约字节数" },
    { NULL, NULL, NULL },
};

/* Appends record NUMBER; its sequence number, or -1. */
static int64_t
s_append (xc_journal_t *journal, xc_config_t *config, const char *findings, long number)
{
    const xc_bench_visit_t where = { .group_id = xc_config_get_long (config, "group"),
                                     .unit_id = xc_config_get_long (config, "unit"),
                                     .date = xc_config_get (config, "date") };
    xc_bench_request_t request;
    xc_bench_visit_request (&request, &where, findings);
    char command_line[160];
    snprintf (command_line, sizeof command_line,
              "record\x1fvisit\x1f--group\x1f%ld\x1f--unit\x1f%ld\x1f--findings\x1f（基准第%ld条）",
              (long) where.group_id, (long) where.unit_id, number);
    int64_t seq = xc_journal_append (journal, request.id, request.bytes, request.size, command_line, NULL, 0);
    xc_bench_request_free (&request);
    return seq;
}

static double
s_now (void)
{
    return (double) xc_bench_now_ns () / 1e9;
}

int
main (int argc, char **argv)
{
    if (sodium_init () < 0)
        return 1;
    int exit_code;
    xc_config_t *config = xc_config_from_command_line (s_settings, "XUNCHA_BENCH", "offline_sync",
                                                       "xuncha-bench-offline-sync — 向本地日志记入走访记录（见 ops/bench/offline_sync.sh）", argc, argv, &exit_code);
    if (!config)
        return exit_code;
    long records = xc_config_get_long (config, "records");
    long findings_bytes = xc_config_get_long (config, "findings_bytes");
    if (records < 1 || findings_bytes < 64 || findings_bytes > 60000 || !*xc_config_get (config, "key_file")
        || !*xc_config_get (config, "journal_dir")) {
        fprintf (stderr, "offline_sync: 需要 key_file 与 journal_dir；records ≥ 1，findings_bytes 在 64–60000 之间\n");
        xc_config_destroy (&config);
        return 2;
    }
    char error[512];
    zcert_t *certificate = xc_keys_load (xc_config_get (config, "key_file"), error, sizeof error);
    if (!certificate) {
        fprintf (stderr, "offline_sync: %s\n", error);
        xc_config_destroy (&config);
        return 2;
    }
    xc_journal_options_t options = { .dir = xc_config_get (config, "journal_dir"),
                                     .public_key = zcert_public_key (certificate),
                                     .secret_key = zcert_secret_key (certificate) };
    xc_journal_t *journal = xc_journal_open (&options, error, sizeof error);
    int rc = 1;
    if (!journal)
        fprintf (stderr, "offline_sync: %s\n", error);
    else {
        size_t capacity = (size_t) findings_bytes + 256;
        char *findings = calloc (1, capacity);
        size_t pending_before = xc_journal_count (journal, XC_ENTRY_PENDING);
        double started = s_now ();
        long done = 0;
        for (; done < records; done++) {
            char head[32];
            snprintf (head, sizeof head, "第%ld条：", done + 1);
            xc_bench_findings (findings, capacity, (size_t) findings_bytes, head);
            if (s_append (journal, config, findings, done + 1) < 0) {
                fprintf (stderr, "offline_sync: 第 %ld 条无法写入本地日志 %s\n", done + 1, xc_journal_path (journal));
                break;
            }
        }
        double seconds = s_now () - started;
        size_t pending = xc_journal_count (journal, XC_ENTRY_PENDING);
        fprintf (stderr, "本地日志 %s：记入 %ld 条（每条约 %zu 字节的发现），用时 %.2f 秒，每秒 %.0f 条（每条落盘一次）；"
                         "待同步 %zu 条（此前 %zu 条）\n",
                 xc_journal_path (journal), done, strlen (findings), seconds, done / seconds, pending, pending_before);
        printf ("{\"journalled\":%ld,\"findings_bytes\":%zu,\"journal_seconds\":%.3f,\"appends_per_s\":%.0f,"
                "\"pending\":%zu}\n",
                done, strlen (findings), seconds, done / seconds, pending);
        rc = done == records ? 0 : 1;
        free (findings);
        xc_journal_close (&journal);
    }
    zcert_destroy (&certificate);
    xc_config_destroy (&config);
    return rc;
}
