/* xunchad — the xuncha server: applies the schema migrations, starts the ZAP handler
 * and the broker with its workers, and serves until SIGTERM, which drains the
 * requests in flight before exiting.
 *
 *   xunchad [--config FILE] [--key VALUE ...]        serve
 *   xunchad migrate                                  apply migrations and exit
 *   xunchad bootstrap-office NAME PUBLIC_KEY|FILE    register the first 巡察办 user
 *   xunchad identity-keygen FILE                     make the identity key (identity_seal.h)
 *   xunchad remind [--date YYYY-MM-DD]               run the deadline reminders once
 *   xunchad audit-seal                               seal the committed audit rows once
 *   xunchad authz                                    print the authorisation table (Markdown)
 *
 * --date belongs to remind alone: it is an argument of that one command, taken out of
 * argv before the settings are read, never a setting — a `date` line in xunchad.conf
 * (or XUNCHA_DATE) would otherwise pin every scheduled reminder run to one day. */
#include "audit_seal.h"
#include "broker.h"
#include "clue_reminders.h"
#include "daemon.h"
#include "db.h"
#include "identity_seal.h"
#include "xc_keys.h"
#include "xc_log.h"
#include "request_kinds.h"
#include "task_reminders.h"
#include "xc_clock.h"
#include "xc_names.h"
#include "xc_request_class.h"
#include "zap.h"
#include <string.h>

static const xc_setting_t s_settings[] = {
    { "listen", "tcp://127.0.0.1:7400", "客户端连接的端点 (ZeroMQ endpoint)" },
    { "database", "dbname=xuncha", "PostgreSQL 连接串 (libpq conninfo)：服务器自己的角色 xuncha_app" },
    { "owner_database", "", "数据表所有者的连接串，只用于 xunchad migrate 与启动时的迁移（空：用 database）" },
    { "server_key", "/etc/xuncha/server.key", "服务器密钥对文件（私钥在 FILE_secret）" },
    { "identity_key", "", "信访人身份密钥文件（xunchad identity-keygen 生成，权限 0600）；空：不能录入或查看信访人身份" },
    { "workers", "16", "同时处理的请求数，每个一条数据库连接（写入时并发的提交共用一次落盘）" },
    { "max_frame", "4194304", "单个请求的最大字节数；超过者回复错误" },
    { "drain_ms", "30000", "SIGTERM 后等待在途请求完成的最长毫秒数；超时的请求被取消并回滚" },
    { "statement_timeout_ms", "30000", "单条 SQL 语句的最长执行毫秒数（0 为不限）" },
    { "log_level", "info", "日志级别 debug/info/warn/error" },
    { NULL, NULL, NULL },
};

/* Registers KEY for the first 巡察办 user NAME: a new user with that first key, or — the
 * key already registered — its user renamed. A revoked key is refused. */
static int
s_bootstrap_office (PGconn *db, const char *name, const char *key_or_file)
{
    char key[41];
    if (!name || xc_keys_public (key_or_file, key) != 0) {
        fprintf (stderr, "xunchad: 用法 bootstrap-office 姓名 公钥或公钥文件\n");
        return 2;
    }
    const char *params[] = { key, name };
    PGresult *result = PQexecParams (db,
        "WITH known AS (SELECT user_id, revoked_at IS NOT NULL AS revoked FROM user_key WHERE public_key = $1),"
        " renamed AS (UPDATE app_user SET display_name = $2 WHERE id = (SELECT user_id FROM known WHERE NOT revoked)"
        "             RETURNING id),"
        " added AS (INSERT INTO app_user (display_name, role) SELECT $2, 1 WHERE NOT EXISTS (SELECT 1 FROM known)"
        "           RETURNING id),"
        " keyed AS (INSERT INTO user_key (user_id, public_key) SELECT id, $1 FROM added RETURNING user_id)"
        " SELECT id FROM renamed UNION ALL SELECT user_id FROM keyed",
        2, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1;
    if (ok)
        printf ("已登记巡察办用户 %s（编号 %s）\n", name, PQgetvalue (result, 0, 0));
    else if (PQresultStatus (result) == PGRES_TUPLES_OK)
        fprintf (stderr, "xunchad: 登记失败：公钥 %s 已被吊销，不能再用；请生成新的密钥对\n", key);
    else
        fprintf (stderr, "xunchad: 登记失败：%s", PQerrorMessage (db));
    PQclear (result);
    return ok ? 0 : 1;
}

/* Makes the identity key pair file PATH (it must not exist). */
static int
s_identity_keygen (const char *path)
{
    char public_key[41], error[512];
    if (!path) {
        fprintf (stderr, "xunchad: 用法 identity-keygen 文件\n");
        return 2;
    }
    if (xc_identity_key_create (path, public_key, error, sizeof error) != 0) {
        fprintf (stderr, "xunchad: %s\n", error);
        return 1;
    }
    printf ("已生成信访人身份密钥：%s（权限 0600，含私钥）\n公钥：%s\n"
            "在 xunchad 的配置中设置 identity_key = %s；请另行妥善备份此文件：丢失它，以它加密的信访人身份将无法解密。\n",
            path, public_key, path);
    return 0;
}

/* Before serving: the identity key (when configured: it must be usable), then the
 * identities an older version left in plaintext sealed with it, on the owner's
 * connection. 0, or -1 after logging why xunchad must not start. */
static int
s_prepare_identities (xc_config_t *config)
{
    char error[1024];
    const char *path = xc_config_get (config, "identity_key");
    if (*path && xc_identity_key_load (path, error, sizeof error) != 0) {
        xc_log (XC_LOG_ERROR, "identity_key_unusable", "reason=\"%s\"", error);
        return -1;
    }
    if (!*path)
        xc_log (XC_LOG_WARN, "identity_key_not_configured",
                "effect=\"信访人身份不能录入，已加密的不能查看\"");
    const char *owner = xc_config_get (config, "owner_database");
    PGconn *db = xc_db_connect (*owner ? owner : xc_config_get (config, "database"), "xunchad-identity", 0);
    long sealed = PQstatus (db) == CONNECTION_OK ? xc_identity_seal_plaintext (db, error, sizeof error) : -1;
    if (PQstatus (db) != CONNECTION_OK)
        snprintf (error, sizeof error, "%s", PQerrorMessage (db));
    PQfinish (db);
    error[strcspn (error, "\n\"")] = 0;
    if (sealed < 0)
        xc_log (XC_LOG_ERROR, "identities_not_sealed", "reason=\"%s\"", error);
    else if (sealed > 0)
        xc_log (XC_LOG_INFO, "identities_sealed", "count=%ld", sealed);
    return sealed < 0 ? -1 : 0;
}

/* The deadline reminders due on DATE (NULL: today), once: the clue feedback
 * reminders, then the 整改期限提醒; one JSON line with the counts. Safe to run at
 * any time, beside the notifier or another remind: nothing is sent twice. */
static int
s_remind (PGconn *db, const char *date)
{
    char today[11];
    int64_t day;
    if (date && xc_date_parse (date, &day) != 0) {
        fprintf (stderr, "xunchad: --date 须为 YYYY-MM-DD 格式的日期（收到“%s”）\n", date);
        return 2;
    }
    if (date)
        snprintf (today, sizeof today, "%s", date);
    else
        xc_clock_today (today);
    int clues = xc_remind_clue_feedback (db, today);
    xc_task_reminder_counts_t tasks = { 0 };
    int rc = clues >= 0 ? xc_remind_task_deadlines (db, today, 0, &tasks) : -1;
    printf ("{\"date\":\"%s\",\"ok\":%s,\"clue_reminders\":%d,\"tasks_due\":%ld,\"task_reminders\":%ld,"
            "\"task_deliveries\":%ld}\n",
            today, rc == 0 ? "true" : "false", clues < 0 ? 0 : clues, tasks.tasks, tasks.reminders, tasks.deliveries);
    if (rc != 0)
        fprintf (stderr, "xunchad: 提醒未能全部完成（原因见日志）；已提交的不会重发，再次运行即可补发其余\n");
    return rc == 0 ? 0 : 1;
}

/* Seals every committed audit row into the chain, a chunk per transaction, waiting for
 * a sealer at work (the notifier) to finish; one JSON line with the count. */
static int
s_audit_seal (PGconn *db)
{
    long total = 0;
    int sealed;
    while ((sealed = xc_audit_seal_step (db, true)) > 0)
        total += sealed;
    printf ("{\"ok\":%s,\"sealed\":%ld}\n", sealed == 0 ? "true" : "false", total);
    if (sealed != 0)
        fprintf (stderr, "xunchad: 封存审计记录未能完成（原因见日志）；已封存的不受影响，再次运行即可继续\n");
    return sealed == 0 ? 0 : 1;
}

/* The role × request-kind table of request_kinds.c, as the README shows it: in each
 * cell the scope in which the role may make the request (全委, 本组, 本单位, 本机关,
 * 本人), or — where it may not. */
static void
s_print_authorisation_table (void)
{
    printf ("| 请求 | 说明 | 改变数据 |");
    for (int role = XUNCHA__ROLE__ROLE_OFFICE; role <= XUNCHA__ROLE__ROLE_READONLY; role++)
        printf (" %s |", xc_label (&xuncha__role__descriptor, role));
    printf ("\n|---|---|---|");
    for (int role = XUNCHA__ROLE__ROLE_OFFICE; role <= XUNCHA__ROLE__ROLE_READONLY; role++)
        printf ("---|");
    printf ("\n");
    for (size_t i = 0; i < xc_request_kind_count; i++) {
        const xc_request_kind_t *kind = &xc_request_kinds[i];
        /* a sync batch is not itself claimed: each entry inside is, as the change it is */
        const char *changes = kind->body == XUNCHA__REQUEST__BODY_SYNC_BATCH ? "逐条"
                              : xc_request_changes (kind->body)              ? "是"
                                                                             : "否";
        printf ("| `%s` | %s | %s |", kind->name, kind->label, changes);
        for (int role = XUNCHA__ROLE__ROLE_OFFICE; role <= XUNCHA__ROLE__ROLE_READONLY; role++)
            printf (" %s |", xc_request_kind_allows (kind, (Xuncha__Role) role)
                                 ? xc_scope_label (xc_request_kind_scope (kind, (Xuncha__Role) role)) : "—");
        printf ("\n");
    }
}

/* Takes "--date D" / "--date=D" out of ARGV (its count in *ARGC): remind's argument.
 * NULL when not given; "" when --date is last, without its value. */
static const char *
s_take_date (int *argc, char **argv)
{
    const char *date = NULL;
    int kept = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp (argv[i], "--") == 0) {   /* the rest is positional */
            while (i < *argc)
                argv[kept++] = argv[i++];
            break;
        }
        if (strcmp (argv[i], "--date") == 0)
            date = i + 1 < *argc ? argv[++i] : "";
        else if (strncmp (argv[i], "--date=", 7) == 0)
            date = argv[i] + 7;
        else
            argv[kept++] = argv[i];
    }
    *argc = kept;
    argv[kept] = NULL;
    return date;
}

int
main (int argc, char **argv)
{
    const char *date = s_take_date (&argc, argv);
    xc_config_t *config = xc_daemon_start ("xunchad", "xuncha 巡察工作系统服务器", s_settings, argc, argv);
    const char *conninfo = xc_config_get (config, "database");
    const char *command = xc_config_positional (config, 0);
    if (date && !(command && strcmp (command, "remind") == 0)) {
        fprintf (stderr, "xunchad: --date 只用于 remind 命令：xunchad remind [--date YYYY-MM-DD]\n");
        xc_config_destroy (&config);
        return 2;
    }
    if (command && strcmp (command, "authz") == 0) {
        s_print_authorisation_table ();
        xc_config_destroy (&config);
        return 0;
    }
    if (command && strcmp (command, "identity-keygen") == 0) {
        int made = s_identity_keygen (xc_config_positional (config, 1));
        xc_config_destroy (&config);
        return made;
    }
    PGconn *db = xc_daemon_connect_migrated (xc_config_get (config, "owner_database"), conninfo);   /* fails fast */
    if (!db) {
        xc_config_destroy (&config);
        return 1;
    }
    int rc = 0;
    if (command && strcmp (command, "migrate") == 0)
        printf ("数据库结构已是最新\n");
    else if (command && strcmp (command, "remind") == 0)
        rc = s_remind (db, date);
    else if (command && strcmp (command, "audit-seal") == 0)
        rc = s_audit_seal (db);
    else if (command && strcmp (command, "bootstrap-office") == 0)
        rc = s_bootstrap_office (db, xc_config_positional (config, 1), xc_config_positional (config, 2));
    else if (command) {
        fprintf (stderr, "xunchad: 未知命令 %s（--help 查看用法）\n", command);
        rc = 2;
    }
    PQfinish (db);
    if (command) {
        xc_config_destroy (&config);
        return rc;
    }

    if (s_prepare_identities (config) != 0) {
        xc_config_destroy (&config);
        return 1;
    }
    char error[512];
    zcert_t *certificate = xc_keys_load (xc_config_get (config, "server_key"), error, sizeof error);
    if (!certificate) {
        xc_log (XC_LOG_ERROR, "server_key_unusable", "reason=\"%s\"", error);
        xc_config_destroy (&config);
        return 1;
    }
    zactor_t *zap = xc_zap_new (conninfo);
    xc_broker_config_t broker = {
        .endpoint = xc_config_get (config, "listen"),
        .conninfo = conninfo,
        .certificate = certificate,
        .workers = (int) xc_config_get_long (config, "workers"),
        .max_frame = (size_t) xc_config_get_long (config, "max_frame"),
        .drain_ms = (int) xc_config_get_long (config, "drain_ms"),
        .statement_timeout_ms = (int) xc_config_get_long (config, "statement_timeout_ms"),
    };
    if (broker.workers < 1)
        broker.workers = 1;
    xc_daemon_catch_signals ();
    xc_log (XC_LOG_INFO, "started", "pid=%d", (int) getpid ());
    rc = xc_broker_run (&broker, &xc_daemon_stop) == 0 ? 0 : 1;
    zactor_destroy (&zap);
    zcert_destroy (&certificate);
    xc_identity_key_forget ();
    xc_config_destroy (&config);
    xc_log (XC_LOG_INFO, "stopped", "rc=%d", rc);
    return rc;
}
