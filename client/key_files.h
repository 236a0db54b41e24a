/* key_files — where the client keeps a key's files on this computer (the inbox record,
 * the journal): DIR/<public key in hex>SUFFIX, DIR with a leading "~/" read as the home
 * directory, directories created 0700 (the owner only). */
#ifndef XC_KEY_FILES_H
#define XC_KEY_FILES_H
#include <stddef.h>
#include <stdint.h>

/* The directory (into DIRECTORY) and the file (into PATH) of PUBLIC_KEY (32 bytes).
 * 0, or -1 when a path would not fit. Creates nothing. */
int xc_key_files_path (const char *dir, const uint8_t *public_key, const char *suffix, char *directory,
                       size_t directory_size, char *path, size_t path_size);
/* mkdir -p DIRECTORY, each new directory 0700; 0 or -1 (errno). */
int xc_key_files_make_directory (const char *directory);
/* fsync of DIRECTORY, so that a file created or removed in it stays so after a crash. */
int xc_key_files_sync_directory (const char *directory);

#endif
