/* daemon — see daemon.h. */
#include "daemon.h"
#include "db.h"
#include "migrate.h"
#include "xc_log.h"
#include <czmq.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

volatile sig_atomic_t xc_daemon_stop = 0;

static void
s_on_signal (int signum)
{
    (void) signum;
    xc_daemon_stop = 1;
}

xc_config_t *
xc_daemon_start (const char *program, const char *summary, const xc_setting_t *settings, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0) {
            printf ("%s — %s\n\n用法: %s [--config FILE] [--key VALUE ...]\n\n", program, summary, program);
            xc_config_print_help (settings, "XUNCHA", stdout);
            exit (0);
        }
    char error[512];
    xc_config_t *config = xc_config_new (settings, "XUNCHA", NULL, argc, argv, error, sizeof error);
    if (!config) {
        fprintf (stderr, "%s: %s（--help 查看用法）\n", program, error);
        exit (2);
    }
    xc_log_init (program, xc_config_get (config, "log_level"));
    if (sodium_init () < 0) {
        xc_log (XC_LOG_ERROR, "sodium_init_failed", NULL);
        exit (1);
    }
    zsys_handler_set (NULL);   /* our own SIGTERM handling: drain, then exit */
    sigset_t blocked;
    sigemptyset (&blocked);
    sigaddset (&blocked, SIGTERM);
    sigaddset (&blocked, SIGINT);
    pthread_sigmask (SIG_BLOCK, &blocked, NULL);
    struct sigaction action = { .sa_handler = s_on_signal };
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);
    return config;
}

void
xc_daemon_catch_signals (void)
{
    sigset_t blocked;
    sigemptyset (&blocked);
    sigaddset (&blocked, SIGTERM);
    sigaddset (&blocked, SIGINT);
    pthread_sigmask (SIG_UNBLOCK, &blocked, NULL);
}

/* Connects through CONNINFO and applies what is pending; NULL (logged) when impossible. */
static PGconn *
s_connect_and_migrate (const char *conninfo)
{
    PGconn *db = xc_db_connect (conninfo, "xuncha-migrate", 0);
    if (PQstatus (db) != CONNECTION_OK) {
        char why[256];
        xc_log (XC_LOG_ERROR, "database_unreachable", "reason=\"%s\"", xc_db_error_line (db, why, sizeof why));
        PQfinish (db);
        return NULL;
    }
    char error[1024];
    if (xc_migrate (db, error, sizeof error) < 0) {
        xc_log (XC_LOG_ERROR, "migration_failed", "reason=\"%s\"", strtok (error, "\n"));
        PQfinish (db);
        return NULL;
    }
    return db;
}

/* The server's role should be xuncha_app: no superuser, no BYPASSRLS, no table of its own. */
static void
s_warn_if_privileged (PGconn *db)
{
    PGresult *result = PQexec (db,
        "SELECT current_user, r.rolsuper OR r.rolbypassrls,"
        " EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace)"
        " FROM pg_roles r WHERE r.rolname = current_user");
    if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1
        && (*PQgetvalue (result, 0, 1) == 't' || *PQgetvalue (result, 0, 2) == 't'))
        xc_log (XC_LOG_WARN, "database_role_privileged",
                "role=%s reason=\"superuser, BYPASSRLS or table owner: row security does not confine it;"
                " connect as xuncha_app and migrate through owner_database\"", PQgetvalue (result, 0, 0));
    PQclear (result);
}

PGconn *
xc_daemon_connect_migrated (const char *owner_conninfo, const char *conninfo)
{
    if (owner_conninfo && *owner_conninfo) {
        PGconn *owner = s_connect_and_migrate (owner_conninfo);
        if (!owner)
            return NULL;
        PQfinish (owner);
    }
    PGconn *db = s_connect_and_migrate (conninfo);   /* the schema current: changes nothing */
    if (db)
        s_warn_if_privileged (db);
    return db;
}
