/* journal — the client's durable, encrypted store on the inspector's laptop:
 *
 *   entries   every change the client makes, appended (and on disk) before it is sent,
 *             with its request id; replayed in order by `xuncha sync` (sync.h)
 *   contents  the bytes of an attachment an entry uploads, kept until it is finished
 *   cache     replies to reads, so `list` and `show` answer offline (offline.h)
 *
 * One SQLite file per key: DIR/<public key in hex>.db (mode 0600 in a 0700 directory),
 * WAL mode with synchronous=FULL and secure_delete: a call that changes the journal
 * returns only once the change is on disk, and a process killed at any moment leaves
 * either the whole change or none of it.
 *
 * Encryption at rest: everything that could tell what was recorded — the packed
 * request, the command line, the server's reason, the attachment bytes, the cached
 * replies and their queries — is sealed with XChaCha20-Poly1305 (libsodium) under a
 * 32-byte key, each value bound to its row (associated data), so a value moved to
 * another row does not open. In the clear are only sequence numbers, states, request
 * ids, sizes and times. The key comes from the user's key file (a key derived from the
 * CURVE secret key; whoever holds the key file could use the account anyway) or from a
 * passphrase (Argon2id with a random salt kept in the file). A file made with one kind
 * of key does not open with the other, nor with a wrong passphrase: open says which. */
#ifndef XC_JOURNAL_H
#define XC_JOURNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _xc_journal_t xc_journal_t;

typedef enum {
    XC_ENTRY_PENDING = 0,     /* not yet acknowledged by the server */
    XC_ENTRY_DONE = 1,        /* the server committed it (result_id set when it created something) */
    XC_ENTRY_REFUSED = 2,     /* the server refused it: kept with the reason, to edit or discard */
    XC_ENTRY_DISCARDED = 3    /* the user discarded it: its sealed values are erased, the row stays */
} xc_entry_state_t;

typedef struct {
    int64_t seq;                /* 1, 2, 3 … in the order of the changes */
    char request_id[37];
    xc_entry_state_t state;
    char created_at[32];        /* local time, "2026-12-06 10:15:02" */
    char updated_at[32];        /* last change of state */
    uint8_t *request;           /* the packed Request, as sent (placeholders unresolved); NULL once discarded */
    size_t request_size;
    char *command_line;         /* the words the user typed after `xuncha`, separated by '\x1f' */
    char *reason;               /* the server's reason for a refusal; NULL otherwise */
    int64_t result_id;          /* what the server created (a record's id …); 0 when nothing */
    int64_t content_size;       /* bytes of attachment content kept for it; 0 when none */
} xc_entry_t;

typedef struct {
    const char *dir;            /* the directory ("~/" is the home directory), created if missing */
    const uint8_t *public_key;  /* 32 bytes: names the file */
    const uint8_t *secret_key;  /* 32 bytes, the CURVE secret key: key-file mode */
    const char *passphrase;     /* when set: passphrase mode (secret_key is not used) */
} xc_journal_options_t;

/* Opens (creating when missing) the journal of OPTIONS->public_key. NULL with ERROR
 * filled in the users' words when it cannot: unreadable file, wrong passphrase, a
 * passphrase file opened with the key file or the other way round. */
xc_journal_t *xc_journal_open (const xc_journal_options_t *options, char *error, size_t error_size);
void xc_journal_close (xc_journal_t **self_p);
const char *xc_journal_path (xc_journal_t *self);
/* The file OPTIONS would open (without opening it); into PATH of SIZE bytes. 0 or -1. */
int xc_journal_file (const xc_journal_options_t *options, char *path, size_t size);

/* Appends a change: REQUEST (packed, with REQUEST_ID inside), the COMMAND_LINE it came
 * from, and optional attachment CONTENT of CONTENT_SIZE bytes. Returns the new
 * sequence number once all of it is on disk; -1 when it could not be written. */
int64_t xc_journal_append (xc_journal_t *self, const char *request_id, const uint8_t *request,
                           size_t request_size, const char *command_line, const uint8_t *content,
                           size_t content_size);

/* One entry (with its sealed values opened); 0, or -1 when there is no such entry. */
int xc_journal_get (xc_journal_t *self, int64_t seq, xc_entry_t *entry);
/* Only the state and the result id of entry SEQ (nothing to open); 0, or -1 when there
 * is no such entry. */
int xc_journal_state (xc_journal_t *self, int64_t seq, xc_entry_state_t *state, int64_t *result_id);
/* Entries in order: the pending ones, or (ALL) every one not yet done plus the done
 * ones too. *entries is malloc'd; free with xc_journal_entries_free. */
int xc_journal_list (xc_journal_t *self, bool all, xc_entry_t **entries, size_t *count);
void xc_entry_clear (xc_entry_t *entry);
void xc_journal_entries_free (xc_entry_t *entries, size_t count);
/* How many entries are in STATE. */
size_t xc_journal_count (xc_journal_t *self, xc_entry_state_t state);

/* The entry with REQUEST_ID; 0 when there is none. */
int64_t xc_journal_find (xc_journal_t *self, const char *request_id);

/* One process of a key synchronises at a time: the others wait here (WAIT) or go on
 * without (an exclusive lock on the file's companion "-sync", held until unlock or
 * close). 0 locked; 1 another process holds it (not WAIT); -1 error. */
int xc_journal_lock_sync (xc_journal_t *self, bool wait);
void xc_journal_unlock_sync (xc_journal_t *self);

/* State changes; each is on disk when it returns 0. */
int xc_journal_mark_done (xc_journal_t *self, int64_t seq, int64_t result_id);
int xc_journal_mark_refused (xc_journal_t *self, int64_t seq, const char *reason);
/* Marks many entries done in one transaction (one fsync): SEQS[i] with RESULT_IDS[i]. */
int xc_journal_mark_done_many (xc_journal_t *self, const int64_t *seqs, const int64_t *result_ids, size_t count);
/* Erases the entry's sealed values and content; the row stays as 已丢弃. */
int xc_journal_discard (xc_journal_t *self, int64_t seq);
/* Replaces a refused (or pending) entry's request, request id and command line (an
 * edit): it is pending again, in its original place in the order. */
int xc_journal_replace (xc_journal_t *self, int64_t seq, const char *request_id, const uint8_t *request,
                        size_t request_size, const char *command_line);

/* Reads up to SIZE bytes of SEQ's attachment content from OFFSET into BUFFER; returns
 * the bytes read (0 at the end), -1 on error. */
int64_t xc_journal_content_read (xc_journal_t *self, int64_t seq, int64_t offset, uint8_t *buffer, size_t size);

/* The offline cache: the reply (packed) to a read QUERY (packed Request without its id).
 * put replaces what was there; get returns 0 with *reply malloc'd and FETCHED_AT set,
 * or -1 when nothing is cached for QUERY. */
int xc_journal_cache_put (xc_journal_t *self, const uint8_t *query, size_t query_size, const uint8_t *reply,
                          size_t reply_size);
int xc_journal_cache_get (xc_journal_t *self, const uint8_t *query, size_t query_size, uint8_t **reply,
                          size_t *reply_size, char fetched_at[32]);

/* Whether a reply to QUERY is cached (nothing is opened). */
bool xc_journal_cache_has (xc_journal_t *self, const uint8_t *query, size_t query_size);
/* Many puts in one transaction (one flush): begin, the puts, commit. The cache is a
 * copy of the server's data: a crash before the commit loses only the refresh. */
int xc_journal_cache_begin (xc_journal_t *self);
int xc_journal_cache_commit (xc_journal_t *self);

/* When the last complete synchronisation ended (local time); "" before the first. */
int xc_journal_set_last_sync (xc_journal_t *self);
void xc_journal_last_sync (xc_journal_t *self, char when[32]);

/* Destroys the journal file of OPTIONS and its companions (-wal, -shm): each is
 * overwritten with random bytes, flushed and unlinked. 0 (also when there was none),
 * or -1 with ERROR. */
int xc_journal_wipe (const xc_journal_options_t *options, char *error, size_t error_size);

#endif
