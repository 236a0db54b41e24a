/* audit_seal — the sealer: appends the committed, not yet sealed rows of the audit log
 * to its hash chain (server/sql/006_audit.sql), in seq order, each link SHA-256 over the
 * previous link and the row's canonical content (common/xc_audit_hash.h).
 *
 * Requests write audit rows without touching the chain, so no request waits for it.
 * Sealers never interleave: each holds a transaction-level advisory lock while it reads
 * the chain's last link and appends to it, and gives the next positions without gaps.
 * xuncha-notifier seals every second without waiting for the lock (another sealer at
 * work is as good); `xunchad audit-seal` and the start of a verify wait for it. */
#ifndef XC_AUDIT_SEAL_H
#define XC_AUDIT_SEAL_H
#include <libpq-fe.h>
#include <stdbool.h>

#define XC_AUDIT_SEAL_LOCK 7400601   /* the advisory lock of the chain */
#define XC_AUDIT_SEAL_CHUNK 1000     /* rows sealed per chunk at most */
#define XC_AUDIT_SEAL_BUSY (-2)      /* another sealer holds the lock */

/* Inside the caller's open transaction on DB: takes the lock (WAIT: until it is free;
 * otherwise XC_AUDIT_SEAL_BUSY at once) and seals up to XC_AUDIT_SEAL_CHUNK queued rows.
 * The lock is held until the transaction ends. Returns the rows sealed (0: none was
 * waiting), XC_AUDIT_SEAL_BUSY, or -1 after a database error (logged; the transaction
 * is then aborted). */
int xc_audit_seal_chunk (PGconn *db, bool wait);
/* One chunk in a transaction of its own (BEGIN … COMMIT); the same returns, and -1 also
 * when the COMMIT failed. */
int xc_audit_seal_step (PGconn *db, bool wait);

#endif
