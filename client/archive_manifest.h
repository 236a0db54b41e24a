/* archive_manifest — reading the manifest.json of an archive bundle (立卷归档, written by
 * server/lib/h_archive.c): the round, when and by whom it was sealed, the audit chain's
 * head at sealing, and every other file of the bundle with its SHA-256 and size. Only
 * this one shape of JSON is read (an object of strings, numbers and the list "files"),
 * without a JSON library; anything else is refused with where it went wrong. */
#ifndef XC_ARCHIVE_MANIFEST_H
#define XC_ARCHIVE_MANIFEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *path;              /* relative to the bundle's directory */
    char *sha256;            /* hex */
    int64_t size;
} xc_manifest_file_t;

typedef struct {
    int64_t round_id;
    char *round_name;
    char *sealed_at;
    char *sealed_by;
    int64_t audit_position;
    char *audit_hash;
    xc_manifest_file_t *files;
    size_t count;
} xc_manifest_t;

/* Parses TEXT (SIZE bytes) into MANIFEST (cleared first); 0, or -1 with what is wrong
 * in ERROR. Free with xc_manifest_clear either way. */
int xc_manifest_parse (const char *text, size_t size, xc_manifest_t *manifest, char *error, size_t error_size);
void xc_manifest_clear (xc_manifest_t *manifest);

/* A path a bundle may hold: relative, '/'-separated, no empty, "." or ".." part, no
 * backslash or control character — it cannot leave the bundle's directory. */
bool xc_manifest_path_safe (const char *path);

#endif
