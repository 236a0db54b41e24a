/* upload — an attachment in the journal, sent in chunks that resume after an
 * interruption. At journalling, `record attach` / `tasks attach` become an
 * AttachmentUploadBegin (a new upload id, the file's size and SHA-256) with the file's
 * bytes kept, sealed, in the journal. Sending it: Begin (the entry's own request id;
 * harmless again), Status says how much the server already holds, the chunks from
 * there, then Finish, which creates the attachment once (again: the same one). */
#ifndef XC_UPLOAD_H
#define XC_UPLOAD_H
#include "session.h"

/* Turns REQUEST's AttachmentAdd into an AttachmentUploadBegin (in BEGIN, which REQUEST
 * then points to); the content to journal is left in *CONTENT (the add's bytes). */
void xc_upload_prepare (Xuncha__Request *request, Xuncha__AttachmentUploadBegin *begin, ProtobufCBinaryData *content);

typedef enum {
    XC_UPLOAD_DONE = 0,        /* *reply: the created attachment */
    XC_UPLOAD_REFUSED,         /* *reply: the server's refusal */
    XC_UPLOAD_OFFLINE,
    XC_UPLOAD_KEY_REFUSED,
    XC_UPLOAD_INTERRUPTED,     /* the server could not go on now (*reply says why) */
    XC_UPLOAD_LOCAL_ERROR
} xc_upload_result_t;

typedef void (*xc_upload_progress_fn) (void *context, int64_t sent, int64_t total);

/* Uploads ENTRY, whose request BEGIN has its placeholders resolved. */
xc_upload_result_t xc_upload_entry (xc_session_t *session, const xc_entry_t *entry, const Xuncha__Request *begin,
                                    Xuncha__Reply **reply, xc_upload_progress_fn progress, void *context);

#endif
