/* xuncha-notifier — delivers outbox events to their recipients (纪委监委, 组织部,
 * 巡察办 …) over CURVE, each until the recipient acknowledges it (server/lib/notifier.h),
 * runs the clue feedback and 整改期限 reminders, and seals the audit log into its hash
 * chain every second. Applies the schema migrations at
 * start; serves until SIGTERM, which releases the claims of every session before exiting.
 *
 *   xuncha-notifier [--config FILE] [--key VALUE ...] */
#include "daemon.h"
#include "notifier.h"
#include "xc_keys.h"
#include "xc_log.h"
#include "zap.h"

static const xc_setting_t s_settings[] = {
    { "listen", "tcp://127.0.0.1:7401", "接收方连接的端点 (ZeroMQ endpoint)" },
    { "database", "dbname=xuncha", "PostgreSQL 连接串 (libpq conninfo)：服务器自己的角色 xuncha_app" },
    { "owner_database", "", "数据表所有者的连接串，只用于启动时的迁移（空：用 database）" },
    { "server_key", "/etc/xuncha/server.key", "服务器密钥对文件（私钥在 FILE_secret），与 xunchad 相同" },
    { "ack_timeout_ms", "5000", "已发送而未确认的通知，超过此毫秒数后重发" },
    { "heartbeat_ms", "1000", "对空闲此毫秒数的会话发送心跳" },
    { "session_timeout_ms", "5000", "接收方此毫秒数内无任何消息即视为断开，释放其认领" },
    { "poll_ms", "1000", "不依赖 NOTIFY、主动查询待发通知的间隔毫秒数" },
    { "window", "64", "每个会话最多同时在途（已发送未确认）的通知数" },
    { "reminder_ms", "60000", "问题线索反馈期限提醒、整改期限提醒的检查间隔毫秒数（启动时先检查一次）" },
    { "statement_timeout_ms", "5000", "单条 SQL 语句的最长执行毫秒数（0 为不限）" },
    { "log_level", "info", "日志级别 debug/info/warn/error" },
    { NULL, NULL, NULL },
};

/* A setting as a positive number of milliseconds (or items), or -1 after logging. */
static int
s_positive (xc_config_t *config, const char *key)
{
    long value = xc_config_get_long (config, key);
    if (value < 1 || value > 86400000) {
        xc_log (XC_LOG_ERROR, "bad_setting", "key=%s value=\"%s\"", key, xc_config_get (config, key));
        return -1;
    }
    return (int) value;
}

static int
s_read_settings (xc_config_t *config, xc_notifier_config_t *notifier)
{
    *notifier = (xc_notifier_config_t) {
        .endpoint = xc_config_get (config, "listen"),
        .conninfo = xc_config_get (config, "database"),
        .ack_timeout_ms = s_positive (config, "ack_timeout_ms"),
        .heartbeat_ms = s_positive (config, "heartbeat_ms"),
        .session_timeout_ms = s_positive (config, "session_timeout_ms"),
        .poll_ms = s_positive (config, "poll_ms"),
        .window = s_positive (config, "window"),
        .reminder_ms = s_positive (config, "reminder_ms"),
        .statement_timeout_ms = (int) xc_config_get_long (config, "statement_timeout_ms"),
    };
    if (notifier->window > 4096)
        notifier->window = 4096;
    return notifier->ack_timeout_ms < 0 || notifier->heartbeat_ms < 0 || notifier->session_timeout_ms < 0
        || notifier->poll_ms < 0 || notifier->window < 0 || notifier->reminder_ms < 0 ? -1 : 0;
}

/* Checks the schema, loads the key, starts the ZAP handler and runs the loop. */
static int
s_serve (xc_config_t *config, xc_notifier_config_t *notifier)
{
    PGconn *db = xc_daemon_connect_migrated (xc_config_get (config, "owner_database"), notifier->conninfo);
    /* fails fast on a wrong setting */
    if (!db)
        return 1;
    PQfinish (db);
    char error[512];
    notifier->certificate = xc_keys_load (xc_config_get (config, "server_key"), error, sizeof error);
    if (!notifier->certificate) {
        xc_log (XC_LOG_ERROR, "server_key_unusable", "reason=\"%s\"", error);
        return 1;
    }
    zactor_t *zap = xc_zap_new (notifier->conninfo);
    xc_daemon_catch_signals ();
    xc_log (XC_LOG_INFO, "started", "pid=%d", (int) getpid ());
    int rc = xc_notifier_run (notifier, &xc_daemon_stop) == 0 ? 0 : 1;
    zactor_destroy (&zap);
    zcert_destroy (&notifier->certificate);
    return rc;
}

int
main (int argc, char **argv)
{
    xc_config_t *config = xc_daemon_start ("xuncha-notifier", "xuncha 通知服务", s_settings, argc, argv);
    xc_notifier_config_t notifier;
    int rc = s_read_settings (config, &notifier) == 0 ? s_serve (config, &notifier) : 2;
    xc_config_destroy (&config);
    xc_log (XC_LOG_INFO, "stopped", "rc=%d", rc);
    return rc;
}
