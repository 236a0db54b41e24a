/* xuncha — the one command-line client of xuncha, for every role.
 *
 *   xuncha [--config FILE] [--json] [--request-id UUID] COMMAND [SUBCOMMAND] [--option VALUE ...]
 *   xuncha keygen FILE [--name NAME]     make a key pair (FILE, FILE_secret)
 *   xuncha inbox [--follow]              notifications from xuncha-notifier (inbox.h)
 *
 * Exit codes: 0 done; 1 local problem (configuration, key file); 2 usage error;
 * 3 refused by the server; 4 the server could not be reached. */
#include "cli.h"
#include "commands.h"
#include "inbox.h"
#include "output.h"
#include "rpc.h"
#include "xc_codec.h"
#include "xc_config.h"
#include "xc_keys.h"
#include "xc_names.h"
#include "xc_uuid.h"
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

/* Sends REQUEST and prints the reply; returns the exit code. */
static int
s_call (xc_config_t *config, const xc_command_t *entry, xc_cli_t *cli, Xuncha__Request *request, int json)
{
    xc_rpc_t rpc = { .endpoint = xc_config_get (config, "server"),
                     .timeout_ms = (int) xc_config_get_long (config, "timeout_ms"),
                     .retries = (int) xc_config_get_long (config, "retries"),
                     .max_frame = XC_MAX_FRAME_DEFAULT };
    if (s_load_keys (config, "server_key", rpc.server_key, &rpc.certificate) != 0)
        return XC_EXIT_LOCAL;
    Xuncha__Reply *reply = NULL;
    xc_rpc_result_t result = xc_rpc_call (&rpc, request, &reply);
    zcert_destroy (&rpc.certificate);
    if (result == XC_RPC_KEY_REFUSED) {
        fprintf (stderr, "xuncha: 服务器拒绝了本人密钥（未登记或已被吊销），请联系巡察办\n");
        return XC_EXIT_REFUSED;
    }
    if (result == XC_RPC_STILL_RUNNING) {
        fprintf (stderr, "xuncha: 服务器仍在处理请求 %s，结果未知；稍后请以 --request-id %s 重试同一命令（重试是安全的）\n",
                 request->request_id, request->request_id);
        return XC_EXIT_UNREACHABLE;
    }
    if (result == XC_RPC_UNREACHABLE) {
        fprintf (stderr, "xuncha: 无法连接服务器 %s（已重试 %d 次，请求编号 %s）\n", rpc.endpoint, rpc.retries,
                 request->request_id);
        return XC_EXIT_UNREACHABLE;
    }
    int rc = reply->status == XUNCHA__STATUS__STATUS_OK ? XC_EXIT_OK : XC_EXIT_REFUSED;
    int printed = 0;
    if (rc == XC_EXIT_OK && entry->after) {
        rc = entry->after (cli, reply);
        printed = rc == XC_AFTER_PRINTED;
        rc = printed ? XC_EXIT_OK : rc;
    }
    if (json)
        xc_output_json (stdout, reply);
    else if (!printed && reply->status == XUNCHA__STATUS__STATUS_OK && xc_output_body (reply))
        xc_output_text (stdout, xc_output_body (reply));
    if (reply->status == XUNCHA__STATUS__STATUS_OK && *reply->message && !json)
        fprintf (stderr, "提示：%s\n", reply->message);
    if (reply->status != XUNCHA__STATUS__STATUS_OK && !json) {
        const char *status = xc_label (&xuncha__status__descriptor, reply->status);   /* a newer server's: none */
        fprintf (stderr, "xuncha: %s：%s\n", status ? status : "未知状态", reply->message);
    }
    xuncha__reply__free_unpacked (reply, NULL);
    return rc;
}

/* A command answered by xunchad: ARGV[0] is the command, the subcommand and its
 * options follow. Builds the request, sends it and prints the reply. */
static int
s_run (int argc, char **argv, const char *request_id, int global_count, char **global, int json)
{
    const char *command = argv[0];
    const char *sub = argc > 1 && strncmp (argv[1], "--", 2) != 0 ? argv[1] : NULL;
    const xc_command_t *entry = xc_command_find (command, sub);
    if (!entry) {
        fprintf (stderr, "xuncha: 未知命令 %s%s%s（xuncha --help 查看全部命令）\n", command, sub ? " " : "", sub ? sub : "");
        return XC_EXIT_USAGE;
    }
    int rest = entry->sub ? 2 : 1;
    for (int i = rest; i < argc; i++)
        if (strcmp (argv[i], "--help") == 0) {
            printf ("%s\n用法: %s\n", entry->summary, entry->usage);
            return XC_EXIT_OK;
        }
    xc_cli_t *cli = xc_cli_new (argc - rest, argv + rest, entry->options, entry->usage);
    if (!cli)
        return XC_EXIT_USAGE;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    char id[37];
    if (request_id && !xc_uuid_valid (request_id)) {
        fprintf (stderr, "xuncha: --request-id 应为 UUID\n");
        xc_cli_destroy (&cli);
        return XC_EXIT_USAGE;
    }
    xc_uuid_new (id);
    request.request_id = (char *) (request_id ? request_id : id);
    request.protocol_version = XC_PROTOCOL_VERSION;
    if (entry->build (cli, &request) != 0) {
        int rc = xc_cli_failed_locally (cli) ? XC_EXIT_LOCAL : XC_EXIT_USAGE;
        xc_cli_destroy (&cli);
        return rc;
    }
    xc_config_t *config = s_config_new (global_count, global);
    int rc = config ? s_call (config, entry, cli, &request, json) : XC_EXIT_USAGE;
    xc_config_destroy (&config);
    xc_cli_destroy (&cli);
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
    if (strcmp (command, "inbox") == 0)
        return s_inbox (argc - first - 1, argv + first + 1, global_count, global, json);
    return s_run (argc - first, argv + first, request_id, global_count, global, json);
}
