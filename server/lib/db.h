/* db — opening a PostgreSQL connection the way every part of the server needs it:
 * a bounded connect time (5 s unless the conninfo says otherwise), an application
 * name for pg_stat_activity, and a statement timeout so no request holds a worker
 * forever. Notices from the server are logged (key=value), not printed raw. */
#ifndef XC_DB_H
#define XC_DB_H
#include <libpq-fe.h>

/* Returns a connection (check PQstatus) — never NULL. STATEMENT_TIMEOUT_MS 0: none. */
PGconn *xc_db_connect (const char *conninfo, const char *application, int statement_timeout_ms);

#endif
