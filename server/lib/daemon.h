/* daemon — what xunchad and xuncha-notifier share at start and stop: signal
 * handling (SIGTERM/SIGINT set a flag that only the main thread sees), logging set-up,
 * reading the configuration, and connecting to PostgreSQL with the schema migrated. */
#ifndef XC_DAEMON_H
#define XC_DAEMON_H
#include "xc_config.h"
#include <libpq-fe.h>
#include <signal.h>

extern volatile sig_atomic_t xc_daemon_stop;

/* Reads settings (exits 2 with a message on a bad flag or file, 0 after --help),
 * starts logging, blocks SIGTERM/SIGINT for the threads to come. */
xc_config_t *xc_daemon_start (const char *program, const char *summary, const xc_setting_t *settings,
                              int argc, char **argv);
/* After the threads are started: lets the main thread receive SIGTERM/SIGINT. */
void xc_daemon_catch_signals (void);
/* Applies pending migrations as the tables' owner through OWNER_CONNINFO (NULL or "":
 * through CONNINFO itself), then returns a connection through CONNINFO — the server's
 * own role — with the schema current; NULL (logged) when impossible. Logs a warning
 * when CONNINFO's role is a superuser, may bypass row security or owns the tables:
 * the database's own checks (008_least_privilege.sql) then do not hold it. */
PGconn *xc_daemon_connect_migrated (const char *owner_conninfo, const char *conninfo);

#endif
