/* xc_audit_hash — the one definition of an audit row's canonical content and of its
 * link in the hash chain, used by the sealer that appends rows to the chain and by the
 * verifier that walks it (a second definition could drift and make every chain look
 * broken, or hide a break).
 *
 * A link is SHA-256 (previous link || canonical content); the first row's previous
 * link is 32 zero bytes. The canonical content is "xuncha-audit-v1" followed by the
 * row's fields, each as a netstring ("<length>:<bytes>,"), in this order: seq, at,
 * user id, request id, action, record type, record id. Numbers are decimal; a row
 * without a record id has the empty string there. A length in front of every field
 * means no two different rows share one encoding, whatever bytes the fields hold. */
#ifndef XC_AUDIT_HASH_H
#define XC_AUDIT_HASH_H
#include <stddef.h>
#include <stdint.h>

#define XC_AUDIT_HASH_BYTES 32
#define XC_AUDIT_HASH_HEX (2 * XC_AUDIT_HASH_BYTES + 1)

/* One row of audit_log as the chain covers it. Strings are borrowed. */
typedef struct {
    int64_t seq;
    const char *at;            /* UTC with microseconds: "2026-05-12T01:02:03.123456Z" */
    int64_t user_id;
    const char *request_id;    /* the UUID as text */
    const char *action;
    const char *record_type;
    int64_t record_id;         /* 0: none */
} xc_audit_row_t;

/* Writes the canonical content of ROW into BUF (SIZE bytes) and returns its length;
 * when it would not fit, returns the length it needs and writes nothing useful. */
size_t xc_audit_canonical (const xc_audit_row_t *row, char *buf, size_t size);
/* LINK = SHA-256 (PREVIOUS || canonical content of ROW); PREVIOUS NULL: 32 zero bytes.
 * PREVIOUS and LINK may be the same buffer (walking a chain). */
void xc_audit_link (const uint8_t *previous, const xc_audit_row_t *row, uint8_t link[XC_AUDIT_HASH_BYTES]);
/* Lower-case hex of a link, into HEX (XC_AUDIT_HASH_HEX bytes, NUL-terminated). */
void xc_audit_hex (const uint8_t link[XC_AUDIT_HASH_BYTES], char hex[XC_AUDIT_HASH_HEX]);
/* Parses 64 hex digits into LINK; 0, or -1 when TEXT is not that. */
int xc_audit_unhex (const char *text, uint8_t link[XC_AUDIT_HASH_BYTES]);

#endif
