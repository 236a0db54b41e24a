/* fuzz_reply — one frame as the client `xuncha` receives it from xunchad
 * (client/rpc.c): xc_reply_decode, then the printing every command ends with
 * (client/output.c): the reply as JSON (--json) and its body as text, and the
 * status's label of a refusal; a report is also rendered as `report export` writes
 * it (client/report_document.c, markdown.c, docx.c). The client validates nothing in a
 * reply: it comes from the server it authenticated, so this target is about not
 * crashing on any. */
#include "docx.h"
#include "fuzz.h"
#include "markdown.h"
#include "output.h"
#include "xc_codec.h"
#include "xc_names.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    Xuncha__Reply *reply = xc_reply_decode (data, size, XC_MAX_FRAME_DEFAULT);
    if (!reply)
        return 0;
    FILE *out = xc_fuzz_sink ();
    xc_output_json (out, reply);
    const ProtobufCMessage *body = xc_output_body (reply);
    if (body)
        xc_output_text (out, body);
    /* a refusal's line, as client/xuncha.c prints it: a status of a newer server has no label */
    const char *status = xc_label (&xuncha__status__descriptor, reply->status);
    fprintf (out, "xuncha: %s：%s\n", status ? status : "未知状态", reply->message);
    if (reply->body_case == XUNCHA__REPLY__BODY_REPORT && reply->report) {
        xc_report_document_t *document = xc_report_document_new (reply->report);
        uint8_t *data;
        size_t length;
        if (xc_markdown_render (document, &data, &length) == 0)
            free (data);
        if (xc_docx_render (document, &data, &length) == 0)
            free (data);
        xc_report_document_destroy (&document);
    }
    xuncha__reply__free_unpacked (reply, NULL);
    return 0;
}
