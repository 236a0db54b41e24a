/* bench_requests — see bench_requests.h. */
#include "bench_requests.h"
#include "xc_codec.h"
#include "xc_validate.h"
#include <string.h>
#include <time.h>

static const char s_sentence[] = "走访村民反映村务公开栏近三个月未更新，集体资金收支明细未按规定公示；"
                                 "查看台账发现两笔工程款支付缺少村民代表会议记录。";

void
xc_bench_findings (char *text, size_t capacity, size_t size, const char *head)
{
    int at = snprintf (text, capacity, "%s", head);
    while ((size_t) at + sizeof s_sentence <= size && (size_t) at + sizeof s_sentence < capacity) {
        memcpy (text + at, s_sentence, sizeof s_sentence);
        at += (int) sizeof s_sentence - 1;
    }
}

/* Packs a Request around the body already set in *REQUEST, under a fresh id. */
static void
s_pack (xc_bench_request_t *packed, Xuncha__Request *request)
{
    xc_request_stamp (request, packed->id);
    packed->bytes = xc_pack (&request->base, &packed->size);
}

void
xc_bench_visit_request (xc_bench_request_t *packed, const xc_bench_visit_t *where, const char *findings)
{
    Xuncha__Visit visit = XUNCHA__VISIT__INIT;
    visit.place = "东关村村委会";
    visit.unannounced = true;
    visit.findings = (char *) findings;
    Xuncha__FieldRecordCreate body = XUNCHA__FIELD_RECORD_CREATE__INIT;
    body.group_id = where->group_id;
    body.unit_id = where->unit_id;
    body.occurred_date = (char *) where->date;
    body.detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_VISIT;
    body.visit = &visit;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    request.body_case = XUNCHA__REQUEST__BODY_FIELD_RECORD_CREATE;
    request.field_record_create = &body;
    s_pack (packed, &request);
}

void
xc_bench_show_request (xc_bench_request_t *packed, int64_t record_id)
{
    Xuncha__FieldRecordShow body = XUNCHA__FIELD_RECORD_SHOW__INIT;
    body.record_id = record_id;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    request.body_case = XUNCHA__REQUEST__BODY_FIELD_RECORD_SHOW;
    request.field_record_show = &body;
    s_pack (packed, &request);
}

void
xc_bench_assign_request (xc_bench_request_t *packed, int64_t task_id, int64_t handler_user_id)
{
    Xuncha__TaskAssign body = XUNCHA__TASK_ASSIGN__INIT;
    body.task_id = task_id;
    body.handler_user_id = handler_user_id;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    request.body_case = XUNCHA__REQUEST__BODY_TASK_ASSIGN;
    request.task_assign = &body;
    s_pack (packed, &request);
}

void
xc_bench_ping_request (xc_bench_request_t *packed)
{
    Xuncha__Ping body = XUNCHA__PING__INIT;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    request.body_case = XUNCHA__REQUEST__BODY_PING;
    request.ping = &body;
    s_pack (packed, &request);
}

void
xc_bench_request_free (xc_bench_request_t *request)
{
    free (request->bytes);
    request->bytes = NULL;
}

xc_link_event_t
xc_bench_call (xc_link_t *link, const xc_bench_request_t *request, int timeout_ms, Xuncha__Reply **reply)
{
    *reply = NULL;
    if (xc_link_send (link, request->bytes, request->size) != 0)
        return XC_LINK_DISCONNECTED;
    int64_t deadline = xc_bench_now_ns () + (int64_t) timeout_ms * 1000000;
    while (true) {
        int64_t left_ms = (deadline - xc_bench_now_ns ()) / 1000000;
        if (left_ms <= 0)
            return XC_LINK_TIMEOUT;
        zframe_t *frame;
        xc_link_event_t event = xc_link_wait (link, (int) left_ms, &frame);
        if (event != XC_LINK_FRAME)
            return event;
        Xuncha__Reply *answer = xc_reply_decode (zframe_data (frame), zframe_size (frame), XC_MAX_FRAME_DEFAULT);
        zframe_destroy (&frame);
        /* a late reply to an earlier request on this link is not ours */
        if (answer && strcmp (answer->request_id, request->id) == 0) {
            *reply = answer;
            return XC_LINK_FRAME;
        }
        if (answer)
            xuncha__reply__free_unpacked (answer, NULL);
    }
}

int64_t
xc_bench_now_ns (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}
