/* bench_requests — what the benchmark and fault-suite programs send to xunchad, built
 * the way the client builds it: a packed Request with a fresh request id (the
 * idempotency key) and one body; and one request/reply over a DEALER kept open, as a
 * client that sends many requests would keep it.
 *
 * Used by ops/bench/offline_sync.c (journalled records), ops/bench/throughput.c and
 * ops/faults/fault_load.c. */
#ifndef XC_BENCH_REQUESTS_H
#define XC_BENCH_REQUESTS_H
#include "xc_link.h"
#include "xuncha.pb-c.h"
#include <stdbool.h>
#include <stdint.h>

/* A packed request: its id and bytes (malloc'd; xc_bench_request_free). */
typedef struct {
    char id[37];
    uint8_t *bytes;
    size_t size;
} xc_bench_request_t;

/* Where a 走访 record goes: its group, unit and date. */
typedef struct {
    int64_t group_id;
    int64_t unit_id;
    const char *date;
} xc_bench_visit_t;

/* A typical record's findings, of about SIZE bytes in whole sentences (at most
 * CAPACITY - 1), after HEAD ("第12条：") — every record distinct by its head. */
void xc_bench_findings (char *text, size_t capacity, size_t size, const char *head);

/* field_record_create: a 走访 record of VISIT with FINDINGS, under a fresh id. */
void xc_bench_visit_request (xc_bench_request_t *request, const xc_bench_visit_t *visit, const char *findings);
/* field_record_show of RECORD_ID. */
void xc_bench_show_request (xc_bench_request_t *request, int64_t record_id);
/* task_assign: TASK_ID's 经办人 becomes HANDLER_USER_ID. */
void xc_bench_assign_request (xc_bench_request_t *request, int64_t task_id, int64_t handler_user_id);
/* ping. */
void xc_bench_ping_request (xc_bench_request_t *request);
void xc_bench_request_free (xc_bench_request_t *request);

/* Sends REQUEST on LINK and waits up to TIMEOUT_MS for its reply (*reply, the caller
 * frees it with xuncha__reply__free_unpacked). XC_LINK_FRAME when a reply came; else
 * what ended the wait (a timeout, a refused key, a disconnection). */
xc_link_event_t xc_bench_call (xc_link_t *link, const xc_bench_request_t *request, int timeout_ms,
                               Xuncha__Reply **reply);

/* Monotonic nanoseconds. */
int64_t xc_bench_now_ns (void);

#endif
