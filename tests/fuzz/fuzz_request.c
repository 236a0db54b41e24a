/* fuzz_request — one frame as xunchad receives it (server/lib/dispatch.c, before the
 * database): decode and edge validation (common/xc_codec.c, xc_wire.c, xc_validate.c);
 * a refusal packed as the error reply the server sends; for an accepted request, the
 * request-kind lookup, every role's permission, and the frees. Properties checked: a
 * refusal has a status and a reason; a request the server accepts packs again into a
 * frame it accepts again, as the same request kind with the same id. */
#include "fuzz.h"
#include "request_kinds.h"
#include "xc_codec.h"
#include <string.h>

/* What the dispatcher does with a refused frame. */
static void
s_refuse (Xuncha__Status status, const char *request_id, const char *why)
{
    XC_FUZZ_CHECK (status != XUNCHA__STATUS__STATUS_OK, "a refused request with status OK");
    XC_FUZZ_CHECK (*why, "a refused request without a reason");
    size_t size;
    uint8_t *reply = xc_error_reply_pack (request_id, status, why, &size);
    XC_FUZZ_CHECK (reply, "the error reply does not pack");
    free (reply);
}

/* What the dispatcher looks up before it opens a transaction. */
static void
s_look_up (const Xuncha__Request *request)
{
    const xc_request_kind_t *kind = xc_request_kind_find (request->body_case);
    if (!kind)
        return;   /* answered "不支持的请求类型" */
    XC_FUZZ_CHECK (kind->body == request->body_case && kind->handler, "request kind table");
    for (int role = -1; role <= 40; role++)
        (void) xc_request_kind_allows (kind, (Xuncha__Role) role);
}

/* An accepted request survives a re-pack: the server's idea of it is what it read. */
static void
s_repack (const Xuncha__Request *request)
{
    size_t size;
    uint8_t *frame = xc_pack (&request->base, &size);
    Xuncha__Status status;
    char request_id[37], why[1024];
    Xuncha__Request *again = xc_request_decode (frame, size, XC_MAX_FRAME_DEFAULT, &status, request_id, why,
                                                sizeof why);
    if (!again)
        fprintf (stderr, "re-packed request refused: %s\n", why);
    XC_FUZZ_CHECK (again, "an accepted request is refused after a re-pack");
    XC_FUZZ_CHECK (again->body_case == request->body_case, "the request kind changed in a re-pack");
    XC_FUZZ_CHECK (strcmp (again->request_id, request->request_id) == 0, "the request id changed in a re-pack");
    xuncha__request__free_unpacked (again, NULL);
    free (frame);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    Xuncha__Status status;
    char request_id[37], why[1024];
    why[0] = 0;
    Xuncha__Request *request = xc_request_decode (data, size, XC_MAX_FRAME_DEFAULT, &status, request_id, why,
                                                  sizeof why);
    XC_FUZZ_CHECK (request_id[0] == 0 || strlen (request_id) == 36, "the recovered request id");
    if (!request) {
        s_refuse (status, request_id, why);
        return 0;
    }
    XC_FUZZ_CHECK (status == XUNCHA__STATUS__STATUS_OK, "an accepted request without status OK");
    XC_FUZZ_CHECK (strcmp (request_id, request->request_id) == 0, "the accepted request's id");
    s_look_up (request);
    s_repack (request);
    xuncha__request__free_unpacked (request, NULL);
    return 0;
}
