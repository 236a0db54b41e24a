/* private_file — see private_file.h. */
#include "private_file.h"
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
s_say_exists (const char *path)
{
    fprintf (stderr, "xuncha: 文件 %s 已存在，未覆盖（确需覆盖请加 --force）\n", path);
}

int
xc_private_file_check (const char *path, int replace)
{
    if (replace || access (path, F_OK) != 0)
        return 0;
    s_say_exists (path);
    return -1;
}

/* Writes DATA to the open FD and flushes it to disk; 0, or -1 (errno set). */
static int
s_write_all (int fd, const uint8_t *data, size_t size)
{
    for (size_t done = 0; done < size;) {
        ssize_t written = write (fd, data + done, size - done);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return -1;
        done += (size_t) written;
    }
    return fsync (fd);
}

/* Moves the complete TEMPORARY to PATH: 0, or -1 (errno set; EEXIST when PATH exists
 * and may not be replaced). */
static int
s_move_into_place (const char *temporary, const char *path, int replace)
{
    if (replace)
        return rename (temporary, path);
    int rc = link (temporary, path);
    int saved = errno;
    unlink (temporary);
    errno = saved;
    return rc;
}

int
xc_private_file_write (const char *path, const uint8_t *data, size_t size, int replace)
{
    char copy[PATH_MAX], temporary[PATH_MAX + 32];
    snprintf (copy, sizeof copy, "%s", path);
    snprintf (temporary, sizeof temporary, "%s/.xuncha-XXXXXX", dirname (copy));
    int fd = mkstemp (temporary);   /* 0600 */
    if (fd < 0) {
        fprintf (stderr, "xuncha: 无法在 %s 所在目录中建立文件：%s\n", path, strerror (errno));
        return -1;
    }
    int rc = s_write_all (fd, data, size);
    int saved = errno;
    if (close (fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0) {
        unlink (temporary);
        fprintf (stderr, "xuncha: 无法写入 %s：%s\n", path, strerror (saved));
        return -1;
    }
    if (s_move_into_place (temporary, path, replace) != 0) {
        if (errno == EEXIST)
            s_say_exists (path);
        else
            fprintf (stderr, "xuncha: 无法写入 %s：%s\n", path, strerror (errno));
        unlink (temporary);
        return -1;
    }
    return 0;
}
