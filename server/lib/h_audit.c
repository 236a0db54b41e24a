/* h_audit — 审计日志, the 巡察办's two requests about it.
 *
 * Verify first seals what is committed (audit_seal.h: it waits for the sealing lock and
 * keeps it to the end of the request, so the chain stands still while it is walked),
 * then walks the chain in position order, a page at a time, and stops at the first
 * broken link, saying what is wrong there:
 *
 *   - a position missing               a sealed row was deleted with its link
 *   - the previous link does not match  it is elsewhere in the chain: rows reordered;
 *                                       nowhere: the row before was deleted or altered
 *   - the sealed row is gone            deleted from audit_log
 *   - the row does not hash to its link its content was altered (or swapped)
 *
 * and, when the 巡察办 gives a head hash noted earlier, whether it is still in the chain
 * (if not, the newest rows were removed or the chain was computed anew). It also counts
 * the rows not sealed yet and how old the oldest is.
 *
 * List shows entries newest first, filtered by person, record, time and action, each
 * with whether it is sealed yet. */
#include "handlers.h"
#include "audit_seal.h"
#include "xc_audit_hash.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC_CHAIN_PAGE 1000
#define XC_LIST_DEFAULT 100
#define XC_LIST_MAX 1000

/* ------------------------------------------------------------------ verify */

int
xc_seal_audit_committed (xc_call_t *call, const char *then)
{
    int sealed;
    call->wrote = true;   /* the seal's rows, which the head hash given rests on */
    while ((sealed = xc_audit_seal_chunk (call->db, true)) > 0)
        ;
    if (sealed == 0)
        return 0;
    if (PQstatus (call->db) != CONNECTION_OK)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "数据库暂不可用，请稍后重试（未做任何更改）");
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "封存审计记录失败（原因见服务器日志），%s", then);
}

/* The columns of one page of the chain, in order. */
enum { C_POSITION, C_SEQ, C_PREV_HASH, C_HASH, C_ROW_PRESENT, C_AT, C_USER, C_REQUEST, C_ACTION, C_TYPE, C_RECORD };

/* The walk so far: the links found good and the last of them. */
typedef struct {
    Xuncha__AuditReport *report;
    uint8_t link[XC_AUDIT_HASH_BYTES];   /* 32 zero bytes before the first */
    uint8_t known[XC_AUDIT_HASH_BYTES];
    bool look_for_known;
} s_walk_t;

static int
s_broken (xc_call_t *call, s_walk_t *walk, const PGresult *page, int row, Xuncha__AuditBreak problem,
          const char *detail)
{
    Xuncha__AuditReport *report = walk->report;
    report->intact = false;
    report->broken_position = xc_row_int (page, row, C_POSITION);
    report->broken_seq = xc_row_int (page, row, C_SEQ);
    report->problem = problem;
    report->detail = xc_arena_strdup (call->arena, detail);
    return 1;
}

/* The previous link of the row at POSITION is not the link before it: is it elsewhere
 * in the chain (reordered), or nowhere (the row before deleted, or its link altered)? */
static int
s_misplaced_link (xc_call_t *call, s_walk_t *walk, const PGresult *page, int row)
{
    int64_t position = xc_row_int (page, row, C_POSITION);
    const char *params[] = { PQgetvalue (page, row, C_PREV_HASH) };
    PGresult *found = xc_call_query (call,
        "SELECT position FROM audit_seal WHERE hash = decode($1, 'hex') ORDER BY position LIMIT 1", 1, params);
    if (!found)
        return -1;
    int64_t elsewhere = PQntuples (found) ? xc_row_int (found, 0, 0) : 0;
    PQclear (found);
    if (elsewhere)
        return s_broken (call, walk, page, row, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_OUT_OF_ORDER,
                         xc_arena_printf (call->arena, "第 %lld 环应接在第 %lld 环之后，却排在第 %lld 环之后：记录的顺序被调换",
                                          (long long) position, (long long) elsewhere, (long long) position - 1));
    return s_broken (call, walk, page, row, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_LINK_MISSING,
                     xc_arena_printf (call->arena, "第 %lld 环所接的前一环已不在链中：前一条记录被删除（或其封存值被改动）",
                                      (long long) position));
}

/* Checks the link at ROW of PAGE; 0 when good (and it becomes the last link), 1 when
 * broken (the report says how), -1 after refusing. */
static int
s_check_link (xc_call_t *call, s_walk_t *walk, const PGresult *page, int row)
{
    Xuncha__AuditReport *report = walk->report;
    int64_t position = xc_row_int (page, row, C_POSITION), expected = report->verified + 1;
    int64_t seq = xc_row_int (page, row, C_SEQ);
    if (position != expected) {
        const char *missing = position - 1 > expected
            ? xc_arena_printf (call->arena, "%lld–%lld", (long long) expected, (long long) position - 1)
            : xc_call_int (call, expected);
        return s_broken (call, walk, page, row, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_LINK_MISSING,
                         xc_arena_printf (call->arena, "第 %lld 环之前缺少第 %s 环：已封存的记录连同其封存值被删除",
                                          (long long) position, missing));
    }
    char previous[XC_AUDIT_HASH_HEX];
    xc_audit_hex (walk->link, previous);
    if (strcmp (previous, PQgetvalue (page, row, C_PREV_HASH)) != 0)
        return s_misplaced_link (call, walk, page, row);
    if (*PQgetvalue (page, row, C_ROW_PRESENT) != 't')
        return s_broken (call, walk, page, row, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_ROW_MISSING,
                         xc_arena_printf (call->arena, "第 %lld 环封存的审计记录（序号 %lld）已从审计日志中删除",
                                          (long long) position, (long long) seq));
    xc_audit_row_t entry = { seq, PQgetvalue (page, row, C_AT), xc_row_int (page, row, C_USER),
                             PQgetvalue (page, row, C_REQUEST), PQgetvalue (page, row, C_ACTION),
                             PQgetvalue (page, row, C_TYPE), xc_row_int (page, row, C_RECORD) };
    uint8_t link[XC_AUDIT_HASH_BYTES];
    char computed[XC_AUDIT_HASH_HEX];
    xc_audit_link (walk->link, &entry, link);
    xc_audit_hex (link, computed);
    if (strcmp (computed, PQgetvalue (page, row, C_HASH)) != 0)
        return s_broken (call, walk, page, row, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_CONTENT_ALTERED,
                         xc_arena_printf (call->arena, "第 %lld 环的审计记录（序号 %lld）与封存时不符：内容被改动（或与另一条记录调换）",
                                          (long long) position, (long long) seq));
    memcpy (walk->link, link, sizeof link);
    report->verified = position;
    report->head_position = position;
    if (walk->look_for_known && memcmp (link, walk->known, sizeof link) == 0)
        report->known_head_position = position;
    return 0;
}

/* Walks the chain a page at a time; stops at the first broken link. */
static int
s_walk_chain (xc_call_t *call, s_walk_t *walk)
{
    for (;;) {
        const char *params[] = { xc_call_int (call, walk->report->verified), xc_call_int (call, XC_CHAIN_PAGE) };
        PGresult *page = xc_call_query (call,
            "SELECT s.position, s.seq, encode(s.prev_hash, 'hex'), encode(s.hash, 'hex'), l.seq IS NOT NULL,"
            " audit_at_utc(l.at), l.user_id, l.request_id, l.action, l.record_type, coalesce(l.record_id, 0)"
            " FROM audit_seal s LEFT JOIN audit_log l ON l.seq = s.seq"
            " WHERE s.position > $1 ORDER BY s.position LIMIT $2", 2, params);
        if (!page)
            return -1;
        int rows = PQntuples (page), rc = 0;
        for (int row = 0; rc == 0 && row < rows; row++)
            rc = s_check_link (call, walk, page, row);
        PQclear (page);
        if (rc != 0 || rows < XC_CHAIN_PAGE)
            return rc < 0 ? -1 : 0;
    }
}

static int
s_count_unsealed (xc_call_t *call, Xuncha__AuditReport *report)
{
    PGresult *result = xc_call_query (call,
        "SELECT count(*), to_char(min(l.at) AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS'),"
        " coalesce(extract(epoch FROM clock_timestamp() - min(l.at))::bigint, 0)"
        " FROM audit_log l WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = l.seq)", 0, NULL);
    if (!result)
        return -1;
    report->unsealed = xc_row_int (result, 0, 0);
    report->oldest_unsealed_at = xc_row_text (call, result, 0, 1);
    report->oldest_unsealed_seconds = xc_row_int (result, 0, 2);
    PQclear (result);
    return 0;
}

int
xc_verify_audit_log (xc_call_t *call, const Xuncha__Request *request)
{
    const char *known = request->audit_verify->known_head;
    Xuncha__AuditReport *report = xc_arena_alloc (call->arena, sizeof *report);
    xuncha__audit_report__init (report);
    report->intact = true;
    s_walk_t walk = { .report = report, .look_for_known = *known != 0 };
    memset (walk.link, 0, sizeof walk.link);
    if (walk.look_for_known && xc_audit_unhex (known, walk.known) != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "链头哈希应为 64 位十六进制数（此前 xuncha audit verify 输出的“链头哈希”）");
    if (xc_seal_audit_committed (call, "未能核验") != 0 || s_walk_chain (call, &walk) != 0 || s_count_unsealed (call, report) != 0)
        return -1;
    if (!report->intact)   /* broken at a link: what follows it has no head to note */
        report->head_position = 0;
    char head[XC_AUDIT_HASH_HEX];
    xc_audit_hex (walk.link, head);
    report->head_hash = report->head_position ? xc_arena_strdup (call->arena, head) : "";
    if (report->intact && walk.look_for_known && !report->known_head_position) {
        report->intact = false;
        report->problem = XUNCHA__AUDIT_BREAK__AUDIT_BREAK_HEAD_MISSING;
        report->detail = xc_arena_printf (call->arena,
            "记下的链头哈希 %.16s… 不在链中：其后的记录连同链尾被删除，或整条链被重新计算", known);
    }
    if (report->intact && report->head_position)
        snprintf (call->message, sizeof call->message,
                  "审计日志完好。请记下链头哈希（第 %lld 环），日后以 xuncha audit verify --head 该哈希核对："
                  "链尾的记录若被删除也能发现", (long long) report->head_position);
    call->reply->body_case = XUNCHA__REPLY__BODY_AUDIT_REPORT;
    call->reply->audit_report = report;
    return 0;
}

/* ------------------------------------------------------------------ list */

static void *
s_entry_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__AuditEntry *entry = xc_arena_alloc (call->arena, sizeof *entry);
    xuncha__audit_entry__init (entry);
    entry->seq = xc_row_int (result, row, 0);
    entry->at = xc_row_text (call, result, row, 1);
    entry->user_id = xc_row_int (result, row, 2);
    entry->user_name = xc_row_text (call, result, row, 3);
    entry->user_role = (Xuncha__Role) xc_row_int (result, row, 4);
    entry->action = xc_row_text (call, result, row, 5);
    entry->record_type = xc_row_text (call, result, row, 6);
    entry->record_id = xc_row_int (result, row, 7);
    entry->request_id = xc_row_text (call, result, row, 8);
    entry->position = xc_row_int (result, row, 9);
    entry->sealed = entry->position != 0;
    return entry;
}

static int
s_check_filters (xc_call_t *call, const Xuncha__AuditList *list)
{
    if (list->record_id && !*list->record_type)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "按记录查询须同时给出记录类型（如 field_record、clue）");
    if (list->limit > XC_LIST_MAX)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "一次最多列出 %d 条（收到 %d）", XC_LIST_MAX,
                             list->limit);
    if (*list->from_time && *list->to_time && strcmp (list->from_time, list->to_time) > 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "起始时间 %s 晚于截止时间 %s", list->from_time,
                             list->to_time);
    return 0;
}

int
xc_list_audit_log (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__AuditList *list = request->audit_list;
    if (s_check_filters (call, list) != 0)
        return -1;
    int limit = list->limit ? list->limit : XC_LIST_DEFAULT;
    const char *params[] = { xc_call_id_or_null (call, list->user_id), xc_call_text_or_null (list->record_type),
                             xc_call_id_or_null (call, list->record_id), xc_call_text_or_null (list->from_time),
                             xc_call_text_or_null (list->to_time), xc_call_text_or_null (list->action),
                             xc_call_int (call, limit + 1) };
    PGresult *result = xc_call_query (call,
        "SELECT l.seq, to_char(l.at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS'), l.user_id,"
        " u.display_name, u.role, l.action, l.record_type, l.record_id, l.request_id, s.position"
        " FROM audit_log l JOIN app_user u ON u.id = l.user_id LEFT JOIN audit_seal s ON s.seq = l.seq"
        " WHERE ($1::bigint IS NULL OR l.user_id = $1) AND ($2::text IS NULL OR l.record_type = $2)"
        " AND ($3::bigint IS NULL OR l.record_id = $3)"
        " AND ($4::text IS NULL OR l.at >= ($4 || ':00+08')::timestamptz)"
        " AND ($5::text IS NULL OR l.at < ($5 || ':00+08')::timestamptz + INTERVAL '1 minute')"
        " AND ($6::text IS NULL OR l.action = $6)"
        " ORDER BY l.seq DESC LIMIT $7", 7, params);
    if (!result)
        return -1;
    Xuncha__AuditEntries *entries = xc_arena_alloc (call->arena, sizeof *entries);
    xuncha__audit_entries__init (entries);
    entries->more = PQntuples (result) > limit;
    entries->entries = (Xuncha__AuditEntry **) xc_call_read_rows (call, result, s_entry_from_row, &entries->n_entries);
    if (entries->more)
        entries->n_entries = (size_t) limit;
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_AUDIT_ENTRIES;
    call->reply->audit_entries = entries;
    return 0;
}
