/* session — what one run of `xuncha` needs to talk to the server and keep its journal:
 * the settings, the connection parameters with our key pair, and the encrypted journal
 * of this key (journal.h), opened with the key file or the passphrase as configured
 * (journal_key = key_file | passphrase; the passphrase from XUNCHA_JOURNAL_PASSPHRASE or
 * asked on the terminal). */
#ifndef XC_SESSION_H
#define XC_SESSION_H
#include "journal.h"
#include "rpc.h"
#include "xc_config.h"

/* The largest reply the client reads: a group's whole list of records can be tens of
 * megabytes (requests stay under the server's max_frame). */
#define XC_MAX_REPLY (64u * 1024u * 1024u)

typedef struct {
    xc_config_t *config;        /* not owned */
    xc_rpc_t rpc;
    xc_journal_t *journal;      /* NULL until xc_session_open_journal */
    int json;
    int batch_entries;          /* entries per sync batch */
    size_t chunk_bytes;         /* bytes per upload chunk */
    int sync_pause_ms;        /* tests only: a pause between chunks (a slow line) */
} xc_session_t;

/* Loads the keys; 0, or -1 after saying what is missing (exit 1). */
int xc_session_init (xc_session_t *self, xc_config_t *config, int json);
/* Opens the journal; 0, or -1 after saying why it cannot (exit 1). */
int xc_session_open_journal (xc_session_t *self);
/* The options that name this key's journal (for wipe, which must not need to open it). */
void xc_session_journal_options (xc_session_t *self, xc_journal_options_t *options, const char **passphrase_needed);
void xc_session_close (xc_session_t *self);

#endif
