/* key_files — see key_files.h. */
#include "key_files.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
xc_key_files_path (const char *dir, const uint8_t *public_key, const char *suffix, char *directory,
                   size_t directory_size, char *path, size_t path_size)
{
    const char *home = getenv ("HOME");
    int n = strncmp (dir, "~/", 2) == 0 && home ? snprintf (directory, directory_size, "%s/%s", home, dir + 2)
                                                 : snprintf (directory, directory_size, "%s", dir);
    if (n < 0 || (size_t) n >= directory_size)
        return -1;
    char hex[65];
    sodium_bin2hex (hex, sizeof hex, public_key, 32);
    n = snprintf (path, path_size, "%s/%s%s", directory, hex, suffix);
    return n < 0 || (size_t) n >= path_size ? -1 : 0;
}

int
xc_key_files_make_directory (const char *directory)
{
    char path[PATH_MAX];
    if (snprintf (path, sizeof path, "%s", directory) >= (int) sizeof path)
        return -1;
    for (char *slash = strchr (path + 1, '/'); slash; slash = strchr (slash + 1, '/')) {
        *slash = 0;
        int rc = mkdir (path, 0700);
        *slash = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return mkdir (path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

int
xc_key_files_sync_directory (const char *directory)
{
    int fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd >= 0 && fsync (fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close (fd);
    return rc;
}
