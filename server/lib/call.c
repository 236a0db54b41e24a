/* call — see call.h. */
#include "call.h"
#include "pg_await.h"
#include "statements.h"
#include "xc_clock.h"
#include "xc_log.h"
#include <inttypes.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Constraint names of the schema and the sentence a user reads when one refuses. */
static const struct {
    const char *constraint;
    const char *sentence;
} s_constraints[] = {
    { "org_unit_name_unique", "同一上级单位下已有同名单位" },
    { "user_key_unique", "该公钥已登记过（一把密钥只登记一次，吊销后也不能再用）" },
    { "inspector_user_unique", "该用户已关联另一名检查人员" },
    { "inspector_relation_unique", "该检查人员已申报与此单位的关系" },
    { "round_number_unique", "该委员会已有同一轮次的巡察" },
    { "round_dates_check", "结束日期不能早于开始日期" },
    { "round_midpoint_check", "中间节点日期须在巡察起止日期之间" },
    { "round_batch_unique", "本轮已有该批次" },
    { "round_batch_dates_check", "批次结束日期不能早于开始日期" },
    { "group_number_unique", "本轮已有同一编号的巡察组" },
    { "group_member_unique", "该检查人员已在本组" },
    { "group_member_round_unique", "该检查人员已在本轮的另一个巡察组" },
    { "group_leader_unique", "本组已有组长" },
    { "group_unit_round_unique", "该单位在本轮已分配给巡察组" },
    { "group_unit_round_id_batch_number_fkey", "本轮没有该批次" },
    { "category_name_unique", "同一上级分类下已有同名问题分类" },
    { "conduct_rating_once", "您已评价过该巡察组的作风纪律；评价是记录，不能重复或修改" },
    { "conduct_rating_score_range", "评分须为 1 至 5 分" },
    { "inspector_appraisal_once", "该检查人员已有本轮的工作鉴定；鉴定是记录，不能重复或修改" },
};

int
xc_call_fail (xc_call_t *call, Xuncha__Status status, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    vsnprintf (call->message, sizeof call->message, fmt, args);
    va_end (args);
    call->status = status;
    return -1;
}

static void
s_fail_from_database (xc_call_t *call, const PGresult *result)
{
    const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
    const char *constraint = result ? PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME) : NULL;
    if (PQstatus (call->db) != CONNECTION_OK || !state || strncmp (state, "08", 2) == 0
        || strncmp (state, "57", 2) == 0) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "数据库暂不可用，请稍后重试（未做任何更改）");
        return;
    }
    for (size_t i = 0; constraint && i < sizeof s_constraints / sizeof s_constraints[0]; i++)
        if (strcmp (constraint, s_constraints[i].constraint) == 0) {
            xc_call_fail (call, strncmp (state, "23503", 5) == 0 ? XUNCHA__STATUS__STATUS_NOT_FOUND
                                                                 : XUNCHA__STATUS__STATUS_CONFLICT,
                          "%s", s_constraints[i].sentence);
            return;
        }
    /* 014_archive.sql: a change to a round sealed by 立卷归档; the message names the round */
    if (strcmp (state, "XCA01") == 0 || strcmp (state, "XCA02") == 0) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s", PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));
        return;
    }
    if (strcmp (state, "23503") == 0) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "引用的记录不存在（%s）",
                      constraint ? constraint : "外键");
        return;
    }
    if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0) {
        xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "并发冲突，请重试（未做任何更改）");
        return;
    }
    /* the SQL text may carry user data: log only the state and constraint */
    xc_log (XC_LOG_ERROR, "sql_failed", "sqlstate=%s constraint=%s", state, constraint ? constraint : "-");
    xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "服务器内部错误（SQLSTATE %s）", state);
}

PGresult *
xc_call_query_params (xc_call_t *call, const char *sql, int count, const char *const *params,
                      const int *lengths, const int *formats, int result_format)
{
    return xc_call_result (call, xc_statement_exec (call->db, sql, count, params, lengths, formats, result_format));
}

/* True when RESULT is of a statement that changed rows (a SELECT that changes them
 * through a function says SELECT: such a read sets call->wrote itself). */
static bool
s_changed_rows (const PGresult *result)
{
    const char *command = PQcmdStatus ((PGresult *) result);
    return strncmp (command, "INSERT", 6) == 0 || strncmp (command, "UPDATE", 6) == 0
           || strncmp (command, "DELETE", 6) == 0 || strncmp (command, "MERGE", 5) == 0;
}

int
xc_call_query_together (xc_call_t *call, size_t count, const xc_statement_t *statements, PGresult **results)
{
    if (xc_statement_exec_together (call->db, count, statements, results) == 0) {
        for (size_t i = 0; i < count; i++)
            call->wrote |= s_changed_rows (results[i]);
        return 0;
    }
    size_t failed = xc_pg_first_failure (count, results);
    for (size_t i = 0; i < count; i++) {
        if (i == failed)
            xc_call_result (call, results[i]);   /* refuses with it, and clears it */
        else
            PQclear (results[i]);
        results[i] = NULL;
    }
    if (failed == count)   /* none failed, and then the connection broke */
        xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "数据库暂不可用，请稍后重试（未做任何更改）");
    return -1;
}

PGresult *
xc_call_result (xc_call_t *call, PGresult *result)
{
    if (xc_pg_succeeded (result)) {
        call->wrote |= s_changed_rows (result);
        return result;
    }
    s_fail_from_database (call, result);
    PQclear (result);
    return NULL;
}

PGresult *
xc_call_query (xc_call_t *call, const char *sql, int count, const char *const *params)
{
    return xc_call_query_params (call, sql, count, params, NULL, NULL, 0);
}

int
xc_call_exec (xc_call_t *call, const char *sql, int count, const char *const *params)
{
    PGresult *result = xc_call_query (call, sql, count, params);
    int ok = result != NULL;
    PQclear (result);
    return ok ? 0 : -1;
}

PGresult *
xc_call_query_one (xc_call_t *call, const char *what, const char *sql, int count,
                   const char *const *params)
{
    PGresult *result = xc_call_query (call, sql, count, params);
    if (result && PQntuples (result) == 0) {
        PQclear (result);
        xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "%s不存在", what);
        return NULL;
    }
    return result;
}

const char *
xc_call_int (xc_call_t *call, int64_t value)
{
    return xc_arena_printf (call->arena, "%" PRId64, value);
}

const char *
xc_call_now (xc_call_t *call)
{
    return xc_call_int (call, (int64_t) xc_clock_now ());
}

const char *
xc_call_id_or_null (xc_call_t *call, int64_t id)
{
    return id ? xc_call_int (call, id) : NULL;
}

const char *
xc_call_text_or_null (const char *text)
{
    return text && *text ? text : NULL;
}

const char *
xc_call_int_list (xc_call_t *call, const int64_t *values, size_t count)
{
    char *literal = xc_arena_alloc (call->arena, count * 21 + 3);
    char *p = literal;
    *p++ = '{';
    for (size_t i = 0; i < count; i++)
        p += sprintf (p, "%s%" PRId64, i ? "," : "", values[i]);
    *p = '}';
    return literal;
}

const char *
xc_call_text_list (xc_call_t *call, char *const *items, size_t count)
{
    size_t size = 1;
    for (size_t i = 0; i < count; i++)
        size += strlen (items[i]) + 1;
    char *joined = xc_arena_alloc (call->arena, size);
    char *p = joined;
    for (size_t i = 0; i < count; i++)
        if (*items[i])
            p += sprintf (p, "%s%s", p == joined ? "" : "\x1f", items[i]);
    return joined;
}

char **
xc_row_text_list (xc_call_t *call, const PGresult *result, int row, int column, size_t *count)
{
    char *joined = xc_row_text (call, result, row, column);
    *count = *joined ? 1 : 0;
    for (char *p = joined; *p; p++)
        *count += *p == 0x1f;
    char **items = (char **) xc_call_array (call, *count);
    for (size_t i = 0; i < *count; i++) {
        items[i] = joined;
        joined += strcspn (joined, "\x1f");
        *joined++ = 0;
    }
    return items;
}

char *
xc_row_text (xc_call_t *call, const PGresult *result, int row, int column)
{
    return xc_arena_strdup (call->arena, PQgetisnull (result, row, column) ? "" : PQgetvalue (result, row, column));
}

int64_t
xc_row_int (const PGresult *result, int row, int column)
{
    return PQgetisnull (result, row, column) ? 0 : strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* One audit row per id of IDS (an id 0: none): queued for the transaction's end, or
 * written at once by a caller without a queue (the reminder jobs). */
static int
s_log (xc_call_t *call, const char *action, const char *record_type, const int64_t *ids, size_t count)
{
    if (call->deferred)
        return xc_deferred_audit (call->deferred, call->who.user_id, call->request_id, action, record_type, ids, count)
                       == 0
                   ? 0
                   : xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "服务器内存不足，未做任何更改");
    const char *params[] = { xc_call_int (call, call->who.user_id), call->request_id, action, record_type,
                             xc_call_int_list (call, ids, count) };
    return xc_call_exec (call,
        "INSERT INTO audit_log (user_id, request_id, action, record_type, record_id)"
        " SELECT $1, $2, $3, $4, nullif(unnest($5::bigint[]), 0)", 5, params);
}

int
xc_call_log_change (xc_call_t *call, const char *action, const char *record_type, int64_t record_id)
{
    return s_log (call, action, record_type, &record_id, 1);
}

int
xc_call_log_read (xc_call_t *call, const char *action, const char *record_type, int64_t record_id)
{
    return xc_call_log_reads (call, action, record_type, &record_id, 1);
}

int
xc_call_log_reads (xc_call_t *call, const char *action, const char *record_type, const int64_t *record_ids,
                   size_t count)
{
    return count ? s_log (call, action, record_type, record_ids, count) : 0;
}

void **
xc_call_array (xc_call_t *call, size_t count)
{
    return xc_arena_alloc (call->arena, (count ? count : 1) * sizeof (void *));
}

void **
xc_call_read_rows (xc_call_t *call, const PGresult *result, xc_row_reader_fn reader, size_t *count)
{
    *count = (size_t) PQntuples (result);
    void **items = xc_call_array (call, *count);
    for (size_t i = 0; i < *count; i++)
        items[i] = reader (call, result, (int) i);
    return items;
}

void **
xc_call_read_rows_of (xc_call_t *call, const PGresult *result, int column, int64_t parent_id,
                      xc_row_reader_fn reader, size_t *count)
{
    size_t rows = 0;
    for (int row = 0; row < PQntuples (result); row++)
        rows += xc_row_int (result, row, column) == parent_id;
    void **items = xc_call_array (call, rows);
    *count = 0;
    for (int row = 0; row < PQntuples (result); row++)
        if (xc_row_int (result, row, column) == parent_id)
            items[(*count)++] = reader (call, result, row);
    return items;
}
