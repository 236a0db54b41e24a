/* xuncha — the one command-line client of xuncha, for every role.
 *
 *   xuncha [--config FILE] [--json] [--request-id UUID] COMMAND [SUBCOMMAND] [--option VALUE ...]
 *   xuncha keygen FILE [--name NAME]     make a key pair (FILE, FILE_secret)
 *   xuncha inbox [--follow]              notifications from xuncha-notifier (inbox.h)
 *   xuncha sync … / xuncha wipe          the local journal (journal_commands.h)
 *   xuncha archive export / verify       an archive bundle on disk (archive_bundle.h);
 *                                        verify is offline: no configuration, no key
 *
 * Exit codes: 0 done; 1 local problem (configuration, key file); 2 usage error;
 * 3 refused by the server; 4 the server could not be reached. */
#include "archive_bundle.h"
#include "cli.h"
#include "commands.h"
#include "exchange.h"
#include "journal_commands.h"
#include "session.h"
#include "inbox.h"
#include "output.h"
#include "xc_codec.h"
#include "xc_config.h"
#include "xc_keys.h"
#include "xc_names.h"
#include "xc_request_class.h"
#include "xc_validate.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const xc_setting_t s_settings[] = {
    { "server", "tcp://127.0.0.1:7400", "服务器端点" },
    { "server_key", "", "服务器公钥（40 字符 Z85）或服务器公钥文件" },
    { "key_file", "", "本人密钥对文件（私钥在 FILE_secret）" },
    { "timeout_ms", "3000", "每次尝试等待应答的毫秒数" },
    { "retries", "3", "无应答时以同一请求编号重试的次数" },
    { "notifier", "tcp://127.0.0.1:7401", "通知服务端点（xuncha inbox）" },
    { "notifier_key", "", "通知服务公钥或公钥文件（默认与 server_key 相同）" },
    { "inbox_dir", "~/.local/state/xuncha", "本地收件记录目录（每个密钥一个文件，确认前先写入）" },
    { "journal_dir", "~/.local/state/xuncha", "本地日志目录（待同步记录与离线缓存，加密保存）" },
    { "journal_key", "key_file", "本地日志的加密密钥：key_file（由本人私钥派生）或 passphrase（口令，见 XUNCHA_JOURNAL_PASSPHRASE）" },
    { "connect_wait_ms", "1000", "连接被拒（服务器未运行或线路中断）持续多少毫秒即按离线处理" },
    { "sync_batch", "200", "同步时每批发送的记录数（1–256）" },
    { "upload_chunk_kib", "256", "附件分块上传的块大小（KiB）" },
    /* tests only, so not in --help: a pause after each batch and each upload chunk (a slow line) */
    { "sync_pause_ms", "0", NULL },
    /* tests only, so not in --help: hold each acknowledgement this long (a slow recipient) */
    { "ack_delay_ms", "0", NULL },
    { NULL, NULL, NULL },
};

static void
s_print_help (FILE *out)
{
    fprintf (out, "xuncha — 巡察工作系统客户端\n\n"
                  "用法: xuncha [--config FILE] [--json] [--request-id UUID] 命令 [子命令] [--选项 值 ...]\n\n命令:\n");
    fprintf (out, "  %-58s %s\n", "xuncha keygen 文件 [--name 姓名]", "生成密钥对（文件 与 文件_secret）");
    fprintf (out, "  %-58s %s\n", XC_INBOX_USAGE, XC_INBOX_SUMMARY);
    fprintf (out, "  %-58s %s\n", XC_ARCHIVE_EXPORT_USAGE, XC_ARCHIVE_EXPORT_SUMMARY);
    fprintf (out, "  %-58s %s\n", XC_ARCHIVE_VERIFY_USAGE, XC_ARCHIVE_VERIFY_SUMMARY);
    static const char *const journal_usages[][2] = { XC_JOURNAL_USAGES };
    for (size_t i = 0; i < sizeof journal_usages / sizeof journal_usages[0]; i++)
        fprintf (out, "  %-58s %s\n", journal_usages[i][0], journal_usages[i][1]);
    for (const xc_command_t *const *table = xc_command_tables; *table; table++)
        for (const xc_command_t *c = *table; c->command; c++)
            fprintf (out, "  %-58s %s\n", c->usage, c->summary);
    fprintf (out, "\n全局选项:\n  --json                 以 JSON 输出应答\n"
                  "  --request-id UUID      指定请求编号（脚本重试同一请求时使用）\n"
                  "  --config FILE          配置文件 [默认: ~/.config/xuncha/xuncha.conf]\n");
    xc_config_print_help (s_settings, "XUNCHA", out);
    fprintf (out, "\n退出码: 0 成功；1 本地错误；2 用法错误；3 服务器拒绝；4 无法连接服务器\n");
}

static int
s_keygen (int argc, char **argv)
{
    const char *path = argc > 0 && strncmp (argv[0], "--", 2) != 0 ? argv[0] : NULL;
    xc_cli_t *cli = path ? xc_cli_new (argc - 1, argv + 1, "name", "xuncha keygen 文件 [--name 姓名]") : NULL;
    if (!cli) {
        if (!path)
            fprintf (stderr, "xuncha: 用法 xuncha keygen 文件 [--name 姓名]\n");
        return XC_EXIT_USAGE;
    }
    char *name;
    xc_cli_text (cli, "name", 0, &name);
    int rc = xc_keys_generate (path, name);
    char key[41];
    if (rc == 0 && xc_keys_public (path, key) == 0)
        printf ("已生成密钥对：%s（私钥 %s_secret）\n公钥：%s\n", path, path, key);
    else
        fprintf (stderr, "xuncha: 无法写入密钥文件 %s\n", path);
    xc_cli_destroy (&cli);
    return rc == 0 ? XC_EXIT_OK : XC_EXIT_LOCAL;
}

/* The settings: the global options over the environment, the file and the defaults;
 * NULL after saying what is wrong. */
static xc_config_t *
s_config_new (int global_count, char **global)
{
    char default_file[512] = "";
    if (getenv ("HOME"))
        snprintf (default_file, sizeof default_file, "%s/.config/xuncha/xuncha.conf", getenv ("HOME"));
    char error[512];
    xc_config_t *config = xc_config_new (s_settings, "XUNCHA", default_file, global_count, global, error, sizeof error);
    if (!config)
        fprintf (stderr, "xuncha: %s\n", error);
    return config;
}

/* The service's public key (setting SERVICE_KEY) and our key pair; 0, or -1 after
 * saying what is missing. */
static int
s_load_keys (xc_config_t *config, const char *service_key, char public_key[41], zcert_t **certificate)
{
    char error[512];
    if (xc_keys_public (xc_config_get (config, service_key), public_key) != 0) {
        fprintf (stderr, "xuncha: 未配置或无法读取服务器公钥（%s）\n", service_key);
        return -1;
    }
    *certificate = xc_keys_load (xc_config_get (config, "key_file"), error, sizeof error);
    if (!*certificate) {
        fprintf (stderr, "xuncha: %s\n", error);
        return -1;
    }
    return 0;
}

/* xuncha inbox [--follow]: not a request to xunchad but a session with the notifier. */
static int
s_inbox (int argc, char **argv, int global_count, char **global, int json)
{
    xc_inbox_options_t options = { .json = json };
    for (int i = 0; i < argc; i++) {
        if (strcmp (argv[i], "--help") == 0) {
            printf ("%s\n用法: %s\n", XC_INBOX_SUMMARY, XC_INBOX_USAGE);
            return XC_EXIT_OK;
        }
        if (strcmp (argv[i], "--follow") != 0) {
            fprintf (stderr, "xuncha: 此命令不接受 %s\n用法: %s\n", argv[i], XC_INBOX_USAGE);
            return XC_EXIT_USAGE;
        }
        options.follow = true;
    }
    xc_config_t *config = s_config_new (global_count, global);
    if (!config)
        return XC_EXIT_USAGE;
    const char *key = xc_config_is_set (config, "notifier_key") ? "notifier_key" : "server_key";
    int rc = XC_EXIT_LOCAL;
    if (s_load_keys (config, key, options.notifier_key, &options.certificate) == 0) {
        options.endpoint = xc_config_get (config, "notifier");
        options.inbox_dir = xc_config_get (config, "inbox_dir");
        options.timeout_ms = (int) xc_config_get_long (config, "timeout_ms");
        options.retries = (int) xc_config_get_long (config, "retries");
        options.ack_delay_ms = (int) xc_config_get_long (config, "ack_delay_ms");
        rc = xc_inbox_run (&options);
    }
    zcert_destroy (&options.certificate);
    xc_config_destroy (&config);
    return rc;
}

/* xuncha archive export: a session with xunchad, without the journal (the bundle's
 * files are not cached). */
static int
s_archive_export (int argc, char **argv, int global_count, char **global, int json)
{
    xc_config_t *config = s_config_new (global_count, global);
    if (!config)
        return XC_EXIT_USAGE;
    xc_session_t session;
    int rc = XC_EXIT_LOCAL;
    if (xc_session_init (&session, config, json) == 0) {
        rc = xc_archive_export (&session, argc, argv);
        xc_session_close (&session);
    }
    xc_config_destroy (&config);
    return rc;
}

/* A command answered by xunchad (exchange.h) or about the journal (journal_commands.h):
 * ARGV[0] is the command, the subcommand and its options follow. */
static int
s_run (int argc, char **argv, const char *request_id, int global_count, char **global, int json)
{
    int local = xc_journal_command_is (argv[0]);
    xc_built_t built = { 0 };
    int rc = local ? XC_EXIT_OK : xc_exchange_build (argc, argv, request_id, &built);
    if (rc != XC_EXIT_OK) {
        xc_exchange_clear (&built);
        return rc == XC_AFTER_PRINTED ? XC_EXIT_OK : rc;
    }
    xc_config_t *config = s_config_new (global_count, global);
    xc_session_t session;
    if (!config)
        rc = XC_EXIT_USAGE;
    else if (xc_session_init (&session, config, json) != 0)
        rc = XC_EXIT_LOCAL;
    else if (local)
        rc = xc_journal_command_run (&session, argc, argv);
    else {
        /* a change cannot go without its journal; a read goes on without (no cache) */
        int journal = xc_session_open_journal (&session);
        if (journal != 0 && xc_request_changes (built.request.body_case))
            rc = XC_EXIT_LOCAL;
        else {
            char *line = xc_exchange_command_line (argc, argv);
            rc = xc_exchange_run (&session, &built, line);
            free (line);
        }
    }
    if (config)
        xc_session_close (&session);
    xc_config_destroy (&config);
    xc_exchange_clear (&built);
    return rc;
}

int
main (int argc, char **argv)
{
    if (sodium_init () < 0)
        return XC_EXIT_LOCAL;
    zsys_handler_set (NULL);
    /* global options come before the command */
    int json = 0, first = 1;   /* json: also told to output.c (xc_output_set_json) */
    const char *request_id = NULL;
    char *global[64] = { argv[0] };
    int global_count = 1;
    for (; first < argc && strncmp (argv[first], "--", 2) == 0; first++) {
        if (strcmp (argv[first], "--json") == 0)
            xc_output_set_json (json = 1);
        else if (strcmp (argv[first], "--help") == 0 || strcmp (argv[first], "-h") == 0) {
            s_print_help (stdout);
            return XC_EXIT_OK;
        }
        else if (strcmp (argv[first], "--request-id") == 0 && first + 1 < argc)
            request_id = argv[++first];
        else if (global_count < 62) {
            global[global_count++] = argv[first];
            if (!strchr (argv[first], '=') && first + 1 < argc)
                global[global_count++] = argv[++first];
        }
    }
    if (first >= argc) {
        s_print_help (stderr);
        return XC_EXIT_USAGE;
    }
    const char *command = argv[first];
    if (strcmp (command, "keygen") == 0)
        return s_keygen (argc - first - 1, argv + first + 1);
    const char *sub = first + 1 < argc ? argv[first + 1] : "";
    if (strcmp (command, "archive") == 0 && strcmp (sub, "verify") == 0)   /* offline: no settings, no key */
        return xc_archive_verify (argc - first - 2, argv + first + 2);
    if (strcmp (command, "archive") == 0 && strcmp (sub, "export") == 0)
        return s_archive_export (argc - first - 2, argv + first + 2, global_count, global, json);
    if (strcmp (command, "inbox") == 0)
        return s_inbox (argc - first - 1, argv + first + 1, global_count, global, json);
    return s_run (argc - first, argv + first, request_id, global_count, global, json);
}
