/* exchange — one command's request, sent the way its kind needs:
 *
 *   a change   is journalled first (journal.h; on disk before anything is sent), then
 *              the journal is synchronised (sync.h) and the command's own answer shown;
 *              when the server cannot be reached the command still succeeds and says
 *              已保存到本地，待同步 with the count waiting. A change the server refuses
 *              there and then is shown as refused (exit 3) and not kept: the user has
 *              just read why.
 *   a read     first synchronises what is pending (so it sees the user's own changes),
 *              then asks the server and caches the answer (offline.h); offline, the
 *              cached answer is shown, marked with when it was fetched. */
#ifndef XC_EXCHANGE_H
#define XC_EXCHANGE_H
#include "commands.h"
#include "session.h"

typedef struct {
    const xc_command_t *entry;
    xc_cli_t *cli;
    Xuncha__Request request;
    char id[37];
    Xuncha__AttachmentUploadBegin begin;   /* an attachment's journal form */
} xc_built_t;

/* Finds the command of ARGV (command [sub] options…) and builds its request with
 * REQUEST_ID (NULL: a new one). Returns 0, XC_AFTER_PRINTED after --help, or an exit code. */
int xc_exchange_build (int argc, char **argv, const char *request_id, xc_built_t *built);
void xc_exchange_clear (xc_built_t *built);
/* The change BUILT as the journal keeps it: packed into *PACKED (malloc'd), with the
 * attachment bytes to keep in *CONTENT (or empty). */
void xc_exchange_journal_form (xc_built_t *built, uint8_t **packed, size_t *size, ProtobufCBinaryData *content);
/* The words ARGV (ARGC of them) joined by '\x1f': a command line as the journal keeps
 * it (malloc'd). */
char *xc_exchange_command_line (int argc, char **argv);
/* Sends BUILT (see above); COMMAND_LINE is what the user typed (words joined by
 * '\x1f'), kept with a change. Returns the exit code. */
int xc_exchange_run (xc_session_t *session, xc_built_t *built, const char *command_line);
/* Shows REPLY as the answer to ENTRY (its after-hook, text or JSON, the server's
 * message); returns the exit code. */
int xc_exchange_print (xc_session_t *session, const xc_command_t *entry, xc_cli_t *cli, const Xuncha__Reply *reply);
/* Says what a sync that did not complete means for the user (offline, key refused …). */
void xc_exchange_explain (xc_session_t *session, int outcome, const char *message);

#endif
