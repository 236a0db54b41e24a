/* private_file — a file the client writes for its user (an exported report …): readable
 * by its owner only (0600), written whole or not at all. The bytes go to a temporary
 * file in the target's directory, flushed to disk, then moved into place in one step,
 * so a reader never sees half a file and a failure leaves nothing behind. An existing
 * file is replaced only when asked to (the move is then a rename; otherwise a hard
 * link, which fails rather than replace). */
#ifndef XC_PRIVATE_FILE_H
#define XC_PRIVATE_FILE_H
#include <stddef.h>
#include <stdint.h>

/* Writes SIZE bytes of DATA to PATH; REPLACE: an existing PATH may be overwritten.
 * 0, or -1 after saying on stderr what went wrong (the file exists, the directory
 * cannot be written, the disk is full …). */
int xc_private_file_write (const char *path, const uint8_t *data, size_t size, int replace);
/* Whether PATH may be written before any work is done: 0 when it does not exist or
 * REPLACE, else -1 after saying that it exists (and that --force replaces it). */
int xc_private_file_check (const char *path, int replace);

#endif
