/* upload — see upload.h. */
#include "upload.h"
#include "xc_codec.h"
#include "xc_uuid.h"
#include "xc_validate.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
xc_upload_prepare (Xuncha__Request *request, Xuncha__AttachmentUploadBegin *begin, ProtobufCBinaryData *content)
{
    const Xuncha__AttachmentAdd *add = request->attachment_add;
    static char upload_id[37], sha256[65];
    uint8_t hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (hash, add->content.data, add->content.len);
    sodium_bin2hex (sha256, sizeof sha256, hash, sizeof hash);
    xc_uuid_new (upload_id);
    xuncha__attachment_upload_begin__init (begin);
    begin->upload_id = upload_id;
    begin->record_id = add->record_id;
    begin->task_id = add->task_id;
    begin->filename = add->filename;
    begin->media_type = add->media_type;
    begin->size = (int64_t) add->content.len;
    begin->sha256 = sha256;
    *content = add->content;
    request->body_case = XUNCHA__REQUEST__BODY_ATTACHMENT_UPLOAD_BEGIN;
    request->attachment_upload_begin = begin;
}

/* Sends REQUEST; maps what happened to an upload result. *reply is set for DONE (an OK
 * reply), REFUSED and INTERRUPTED. */
static xc_upload_result_t
s_send (xc_session_t *session, const Xuncha__Request *request, Xuncha__Reply **reply)
{
    *reply = NULL;
    xc_rpc_result_t result = xc_rpc_call (&session->rpc, request, reply);
    if (result == XC_RPC_KEY_REFUSED)
        return XC_UPLOAD_KEY_REFUSED;
    if (result != XC_RPC_REPLIED)
        return result == XC_RPC_STILL_RUNNING ? XC_UPLOAD_INTERRUPTED : XC_UPLOAD_OFFLINE;
    switch ((*reply)->status) {
    case XUNCHA__STATUS__STATUS_OK:
        return XC_UPLOAD_DONE;
    case XUNCHA__STATUS__STATUS_UNAVAILABLE:
    case XUNCHA__STATUS__STATUS_IN_PROGRESS:
        return XC_UPLOAD_INTERRUPTED;
    default:
        return XC_UPLOAD_REFUSED;
    }
}

/* A request of the upload other than Begin: a new request id each time (each step is
 * idempotent by the upload id and the offset). */
static void
s_request (Xuncha__Request *request, char id[37])
{
    xuncha__request__init (request);
    xc_request_stamp (request, id);
}

xc_upload_result_t
xc_upload_entry (xc_session_t *session, const xc_entry_t *entry, const Xuncha__Request *begin,
                 Xuncha__Reply **reply, xc_upload_progress_fn progress, void *context)
{
    const char *upload_id = begin->attachment_upload_begin->upload_id;
    int64_t size = begin->attachment_upload_begin->size;
    xc_upload_result_t result = s_send (session, begin, reply);
    if (result != XC_UPLOAD_DONE)
        return result;
    xuncha__reply__free_unpacked (*reply, NULL);
    *reply = NULL;
    /* Begin again (a resumed upload) answers with the reply stored at its first try,
     * which says 0 bytes received: how far the upload really got, Status says. */
    Xuncha__Request request;
    char id[37];
    Xuncha__AttachmentUploadStatus status = XUNCHA__ATTACHMENT_UPLOAD_STATUS__INIT;
    status.upload_id = (char *) upload_id;
    s_request (&request, id);
    request.body_case = XUNCHA__REQUEST__BODY_ATTACHMENT_UPLOAD_STATUS;
    request.attachment_upload_status = &status;
    result = s_send (session, &request, reply);
    if (result != XC_UPLOAD_DONE)
        return result;
    const Xuncha__UploadState *state = (*reply)->upload_state;
    int64_t received = state ? state->received : 0;
    int finished = state && state->attachment_id > 0;
    xuncha__reply__free_unpacked (*reply, NULL);
    *reply = NULL;
    if (received > 0 && !finished && !session->json)
        fprintf (stderr, "本地第 %lld 条（附件）续传：服务器已有 %lld 字节，从此处继续（共 %lld 字节）\n",
                 (long long) entry->seq, (long long) received, (long long) size);
    uint8_t *buffer = malloc (session->chunk_bytes);
    while (!finished && received < size) {
        int64_t got = xc_journal_content_read (session->journal, entry->seq, received, buffer, session->chunk_bytes);
        if (got <= 0) {
            free (buffer);
            return XC_UPLOAD_LOCAL_ERROR;
        }
        Xuncha__AttachmentUploadChunk chunk = XUNCHA__ATTACHMENT_UPLOAD_CHUNK__INIT;
        chunk.upload_id = (char *) upload_id;
        chunk.offset = received;
        chunk.data.data = buffer;
        chunk.data.len = (size_t) got;
        s_request (&request, id);
        request.body_case = XUNCHA__REQUEST__BODY_ATTACHMENT_UPLOAD_CHUNK;
        request.attachment_upload_chunk = &chunk;
        result = s_send (session, &request, reply);
        if (result != XC_UPLOAD_DONE) {
            free (buffer);
            return result;
        }
        received = (*reply)->upload_state ? (*reply)->upload_state->received : received + got;
        xuncha__reply__free_unpacked (*reply, NULL);
        *reply = NULL;
        if (progress)
            progress (context, received, size);
        if (session->sync_pause_ms > 0)
            zclock_sleep (session->sync_pause_ms);
    }
    free (buffer);
    Xuncha__AttachmentUploadFinish finish = XUNCHA__ATTACHMENT_UPLOAD_FINISH__INIT;
    finish.upload_id = (char *) upload_id;
    s_request (&request, id);
    request.body_case = XUNCHA__REQUEST__BODY_ATTACHMENT_UPLOAD_FINISH;
    request.attachment_upload_finish = &finish;
    return s_send (session, &request, reply);
}
