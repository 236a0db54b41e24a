/* xc_audit_hash — see xc_audit_hash.h. The canonical content is produced once, by
 * s_emit, into whichever sink asks: a buffer (xc_audit_canonical) or the hash state
 * (xc_audit_link), so the two can never disagree. */
#include "xc_audit_hash.h"
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define XC_AUDIT_TAG "xuncha-audit-v1"

typedef void (*s_sink_fn) (void *sink, const char *bytes, size_t size);

static void
s_netstring (s_sink_fn write, void *sink, const char *bytes, size_t size)
{
    char length[24];
    int n = snprintf (length, sizeof length, "%zu:", size);
    write (sink, length, (size_t) n);
    write (sink, bytes, size);
    write (sink, ",", 1);
}

static void
s_number (s_sink_fn write, void *sink, int64_t value, int empty_when_zero)
{
    char text[24];
    int n = empty_when_zero && value == 0 ? 0 : snprintf (text, sizeof text, "%" PRId64, value);
    s_netstring (write, sink, text, (size_t) n);
}

static void
s_text (s_sink_fn write, void *sink, const char *text)
{
    s_netstring (write, sink, text ? text : "", text ? strlen (text) : 0);
}

static void
s_emit (const xc_audit_row_t *row, s_sink_fn write, void *sink)
{
    write (sink, XC_AUDIT_TAG, strlen (XC_AUDIT_TAG));
    s_number (write, sink, row->seq, 0);
    s_text (write, sink, row->at);
    s_number (write, sink, row->user_id, 0);
    s_text (write, sink, row->request_id);
    s_text (write, sink, row->action);
    s_text (write, sink, row->record_type);
    s_number (write, sink, row->record_id, 1);
}

typedef struct {
    char *buf;
    size_t size;
    size_t used;
} s_buffer_t;

static void
s_to_buffer (void *sink, const char *bytes, size_t size)
{
    s_buffer_t *buffer = sink;
    if (buffer->used + size < buffer->size)
        memcpy (buffer->buf + buffer->used, bytes, size);
    buffer->used += size;
}

size_t
xc_audit_canonical (const xc_audit_row_t *row, char *buf, size_t size)
{
    s_buffer_t buffer = { buf, size, 0 };
    s_emit (row, s_to_buffer, &buffer);
    if (buffer.used < size)
        buf[buffer.used] = 0;
    return buffer.used;
}

static void
s_to_hash (void *sink, const char *bytes, size_t size)
{
    crypto_hash_sha256_update (sink, (const unsigned char *) bytes, size);
}

void
xc_audit_link (const uint8_t *previous, const xc_audit_row_t *row, uint8_t link[XC_AUDIT_HASH_BYTES])
{
    static const uint8_t first[XC_AUDIT_HASH_BYTES] = { 0 };
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init (&state);
    crypto_hash_sha256_update (&state, previous ? previous : first, XC_AUDIT_HASH_BYTES);
    s_emit (row, s_to_hash, &state);
    crypto_hash_sha256_final (&state, link);
}

void
xc_audit_hex (const uint8_t link[XC_AUDIT_HASH_BYTES], char hex[XC_AUDIT_HASH_HEX])
{
    sodium_bin2hex (hex, XC_AUDIT_HASH_HEX, link, XC_AUDIT_HASH_BYTES);
}

int
xc_audit_unhex (const char *text, uint8_t link[XC_AUDIT_HASH_BYTES])
{
    size_t written = 0;
    const char *end = NULL;
    if (!text || strlen (text) != 2 * XC_AUDIT_HASH_BYTES)
        return -1;
    if (sodium_hex2bin (link, XC_AUDIT_HASH_BYTES, text, strlen (text), NULL, &written, &end) != 0)
        return -1;
    return written == XC_AUDIT_HASH_BYTES && *end == 0 ? 0 : -1;
}
