/* call — one request being served: who asks, the database connection inside the
 * request's transaction, the reply being built, and the helpers every handler uses
 * to query, to read rows, to refuse and to record a change. */
#ifndef XC_CALL_H
#define XC_CALL_H
#include "deferred_writes.h"
#include "statements.h"
#include "scope.h"
#include "xc_arena.h"
#include "xuncha.pb-c.h"
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t user_id;
    Xuncha__Role role;
    int64_t org_unit_id;     /* 0 when none */
    const char *display_name;
    const char *public_key;
} xc_principal_t;

typedef struct {
    PGconn *db;
    xc_arena_t *arena;
    const char *request_id;
    xc_principal_t who;
    xc_scope_t scope;        /* whose records the caller may touch with this request */
    const char *permission;  /* the request kind's label ("查看问题线索详情"), for refusals */
    Xuncha__Reply *reply;    /* the handler sets the body; strings from the arena */
    Xuncha__Status status;   /* set by xc_call_fail */
    char message[1024];
    xc_deferred_t *deferred; /* the transaction's queue of audit rows and replies (NULL: written at once) */
    bool wrote;              /* a statement of it inserted, updated or deleted: its reply must wait for COMMIT */
} xc_call_t;

/* Records a refusal: STATUS and a message that names the problem. Returns -1 so a
 * handler can `return xc_call_fail (...)`. */
int xc_call_fail (xc_call_t *call, Xuncha__Status status, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* Runs SQL with text parameters (NULL = SQL NULL). Returns the result, or NULL after
 * turning the database error into a refusal (constraint names become sentences). */
PGresult *xc_call_query (xc_call_t *call, const char *sql, int count, const char *const *params);
/* Like xc_call_query with PQexecParams' binary options: LENGTHS and FORMATS per
 * parameter (NULL: all text), RESULT_FORMAT 1 for binary columns (bytea as raw bytes). */
PGresult *xc_call_query_params (xc_call_t *call, const char *sql, int count, const char *const *params,
                                const int *lengths, const int *formats, int result_format);
/* Runs the COUNT STATEMENTS sent together, one round trip (statements.h): 0 with each
 * one's result in RESULTS, or -1 after refusing with the first failure (nothing in
 * RESULTS). */
int xc_call_query_together (xc_call_t *call, size_t count, const xc_statement_t *statements, PGresult **results);
/* A result obtained another way, checked as xc_call_query checks its own: RESULT when
 * it succeeded, else NULL (RESULT cleared) with the call refused. */
PGresult *xc_call_result (xc_call_t *call, PGresult *result);
/* Runs a statement whose rows are not needed; 0, or -1 after refusing. */
int xc_call_exec (xc_call_t *call, const char *sql, int count, const char *const *params);
/* Like xc_call_query, and refuses with NOT_FOUND "WHAT 不存在" when no row came back. */
PGresult *xc_call_query_one (xc_call_t *call, const char *what, const char *sql, int count,
                             const char *const *params);

/* SQL expression: a timestamptz COLUMN as the committee's local time (UTC+8, no time
 * zone database needed), "YYYY-MM-DD HH:MM". */
#define XC_LOCAL_TIME(column) "to_char((" column ") AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI')"

/* SQL expression for the time of the request from the one clock (xc_clock_now, which
 * tests set with XUNCHA_NOW), its epoch seconds given by xc_call_now as parameter
 * number N (a string: XC_CLOCK_TIME ("3") is $3); for timestamps deadlines count from. */
#define XC_CLOCK_TIME(n) "to_timestamp($" n "::bigint)"
const char *xc_call_now (xc_call_t *call);
/* Parameter helpers: numbers as text in the arena; 0 becomes SQL NULL with _or_null. */
const char *xc_call_int (xc_call_t *call, int64_t value);
const char *xc_call_id_or_null (xc_call_t *call, int64_t id);
const char *xc_call_text_or_null (const char *text);
/* Lists as parameters: numbers as an array literal "{3,5}" (use $n::bigint[]); texts
 * joined by the unit separator 0x1f, which edge validation keeps out of every string
 * (use string_to_array($n, chr(31))). Empty texts are left out. */
const char *xc_call_int_list (xc_call_t *call, const int64_t *values, size_t count);
const char *xc_call_text_list (xc_call_t *call, char *const *items, size_t count);

/* Row readers: a copy in the arena ("" for NULL), a number (0 for NULL). */
char *xc_row_text (xc_call_t *call, const PGresult *result, int row, int column);
int64_t xc_row_int (const PGresult *result, int row, int column);
/* A text[] column selected as array_to_string(column, chr(31)), split into an arena
 * array; *count = items. */
char **xc_row_text_list (xc_call_t *call, const PGresult *result, int row, int column, size_t *count);

/* The audit log (server/sql/006_audit.sql): a row in the request's transaction, so it
 * commits with what it records and a refusal leaves none (queued in call->deferred
 * and written just before COMMIT, deferred_writes.h). Who is the caller, when is
 * the database's clock, and the request id is this request's. */
/* The caller changed RECORD_TYPE #RECORD_ID (0: no single record); ACTION is the verb. */
int xc_call_log_change (xc_call_t *call, const char *action, const char *record_type, int64_t record_id);
/* The caller is given the sensitive content of RECORD_TYPE #RECORD_ID: a petitioner's
 * identity, a clue's contents, an attachment's bytes. A read's action starts with
 * "read_" (the change_log view leaves reads out). */
#define XC_READ_IDENTITY "read_identity"
#define XC_READ_CLUE "read_clue"
#define XC_READ_ATTACHMENT "read_attachment"
#define XC_READ_REPORT "read_report"
int xc_call_log_read (xc_call_t *call, const char *action, const char *record_type, int64_t record_id);
/* The same for each of COUNT records (a list that carries their contents), in one row each. */
int xc_call_log_reads (xc_call_t *call, const char *action, const char *record_type, const int64_t *record_ids,
                       size_t count);

/* An array of COUNT pointers in the arena, for a repeated reply field. */
void **xc_call_array (xc_call_t *call, size_t count);
/* Reads every row of RESULT with READER into a new arena array; *count = rows. */
typedef void *(*xc_row_reader_fn) (xc_call_t *call, const PGresult *result, int row);
void **xc_call_read_rows (xc_call_t *call, const PGresult *result, xc_row_reader_fn reader, size_t *count);
/* Like xc_call_read_rows, only the rows whose COLUMN holds PARENT_ID: the children of one
 * record when one query read those of several. */
void **xc_call_read_rows_of (xc_call_t *call, const PGresult *result, int column, int64_t parent_id,
                             xc_row_reader_fn reader, size_t *count);

#endif
