/* xuncha-notifier — delivers outbox events to their recipients (纪委监委, 组织部,
 * 被巡察单位). In this version it starts, connects to PostgreSQL, checks that the
 * schema is migrated, keeps its connection alive (reconnecting after a loss) and shuts
 * down cleanly on SIGTERM; delivery arrives with the clue-transfer work. */
#include "daemon.h"
#include "db.h"
#include "xc_clock.h"
#include "xc_log.h"
#include <czmq.h>
#include <poll.h>

static const xc_setting_t s_settings[] = {
    { "database", "dbname=xuncha", "PostgreSQL 连接串 (libpq conninfo)" },
    { "log_level", "info", "日志级别 debug/info/warn/error" },
    { NULL, NULL, NULL },
};

int
main (int argc, char **argv)
{
    xc_config_t *config = xc_daemon_start ("xuncha-notifier", "xuncha 通知服务", s_settings, argc, argv);
    const char *conninfo = xc_config_get (config, "database");
    PGconn *db = xc_daemon_connect_migrated (conninfo);
    if (!db) {
        xc_config_destroy (&config);
        return 1;
    }
    xc_daemon_catch_signals ();
    xc_log (XC_LOG_INFO, "started", "pid=%d", (int) getpid ());
    while (!xc_daemon_stop) {
        struct pollfd watch = { .fd = db ? PQsocket (db) : -1, .events = POLLIN };
        poll (&watch, db ? 1 : 0, 1000);
        if (db && PQconsumeInput (db) && PQstatus (db) == CONNECTION_OK)
            continue;
        if (db) {
            xc_log (XC_LOG_WARN, "database_lost", NULL);
            PQfinish (db);
        }
        db = xc_db_connect (conninfo, "xuncha-notifier", 0);
        if (PQstatus (db) == CONNECTION_OK)
            xc_log (XC_LOG_INFO, "database_reconnected", NULL);
        else {
            PQfinish (db);
            db = NULL;
        }
    }
    if (db)
        PQfinish (db);
    xc_config_destroy (&config);
    xc_log (XC_LOG_INFO, "stopped", "rc=0");
    return 0;
}
