/* db — opening a PostgreSQL connection the way every part of the server needs it:
 * a bounded connect time (5 s unless the conninfo says otherwise), an application
 * name for pg_stat_activity, and a statement timeout so no request holds a worker
 * forever. Notices from the server are logged (key=value), not printed raw.
 *
 * And whose rows the open transaction may see: the row-level security policies of
 * server/sql/008_least_privilege.sql show the petitioner identities, clues, clue
 * evidence and attachments of the principal's scope only, read from settings local to
 * the transaction. The dispatcher names the requesting user; the reminder passes, which
 * act for nobody, name the system scope. Without either, those tables show no row. */
#ifndef XC_DB_H
#define XC_DB_H
#include <libpq-fe.h>
#include <stdint.h>

/* Returns a connection (check PQstatus) — never NULL. STATEMENT_TIMEOUT_MS 0: none. */
PGconn *xc_db_connect (const char *conninfo, const char *application, int statement_timeout_ms);
/* The first line of DB's error message, for a log line, in BUFFER; for DB NULL (a
 * connection given up after its timeout, or no memory), says so. */
const char *xc_db_error_line (const PGconn *db, char *buffer, size_t size);

/* SQL expression that, inside an open transaction and until its end, scopes the rows
 * to the user whose id is the SQL expression USER_ID (his role and org unit as app_user
 * has them, his groups as group_member has them). The dispatcher puts it into the
 * statement that finds the request's user (dispatch.c), saving a round trip a request. */
#define XC_DB_SCOPE_USER(user_id) "set_config('xuncha.user_id', (" user_id ")::text, true)"
/* Inside an open transaction, until its end: the system scope of the reminder passes
 * (clues transferred to a receiver: their state and feedback deadline). 0, or -1. */
int xc_db_scope_system (PGconn *db);

#endif
