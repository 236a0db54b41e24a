/* inbox_log — see inbox_log.h. */
#include "inbox_log.h"
#include "key_files.h"
#include "xc_json.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct _xc_inbox_log_t {
    char path[PATH_MAX];
    int fd;
    off_t read_to;      /* the file's complete lines up to here are in `seen` */
    int64_t *seen;      /* event ids recorded, sorted */
    size_t count;
    size_t capacity;
};

/* ------------------------------------------------------------ the ids seen */

/* The index where ID is or would go. */
static size_t
s_position (const xc_inbox_log_t *self, int64_t id)
{
    size_t low = 0, high = self->count;
    while (low < high) {
        size_t middle = (low + high) / 2;
        if (self->seen[middle] < id)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

static bool
s_seen (const xc_inbox_log_t *self, int64_t id)
{
    size_t at = s_position (self, id);
    return at < self->count && self->seen[at] == id;
}

static void
s_remember (xc_inbox_log_t *self, int64_t id)
{
    size_t at = s_position (self, id);
    if (at < self->count && self->seen[at] == id)
        return;
    if (self->count == self->capacity) {
        self->capacity = self->capacity ? 2 * self->capacity : 256;
        self->seen = realloc (self->seen, self->capacity * sizeof *self->seen);
    }
    memmove (self->seen + at + 1, self->seen + at, (self->count - at) * sizeof *self->seen);
    self->seen[at] = id;
    self->count++;
}

/* ------------------------------------------------------------ the file */

/* A complete line's event id; 0 for a line cut by a crash (no closing brace). */
static int64_t
s_line_event_id (const char *line, size_t length)
{
    const char *field = strstr (line, "\"event_id\":");
    if (length == 0 || line[length - 1] != '}' || !field)
        return 0;
    return strtoll (field + strlen ("\"event_id\":"), NULL, 10);
}

/* Reads the lines appended since the last look. *TORN: the file ends inside a line,
 * which (under the lock, with no writer running) only a crash mid-write leaves. */
static int
s_catch_up (xc_inbox_log_t *self, bool *torn)
{
    struct stat status;
    *torn = false;
    if (fstat (self->fd, &status) != 0)
        return -1;
    if (status.st_size <= self->read_to)
        return 0;
    size_t size = (size_t) (status.st_size - self->read_to);
    char *text = malloc (size + 1);
    ssize_t got = text ? pread (self->fd, text, size, self->read_to) : -1;
    if (got < 0) {
        free (text);
        return -1;
    }
    text[got] = 0;
    size_t start = 0;
    for (char *end = memchr (text, '\n', (size_t) got); end; end = memchr (text + start, '\n', (size_t) got - start)) {
        *end = 0;
        int64_t id = s_line_event_id (text + start, (size_t) (end - text) - start);
        if (id > 0)
            s_remember (self, id);
        start = (size_t) (end - text) + 1;
    }
    self->read_to += (off_t) start;
    *torn = start < (size_t) got;
    free (text);
    return 0;
}

/* EVENT as one JSON line (malloc'd), after a newline closing a torn line if TORN. */
static char *
s_line (const Xuncha__Notification *event, bool torn, size_t *length)
{
    char *line = NULL;
    FILE *out = open_memstream (&line, length);
    if (!out)
        return NULL;
    if (torn)
        fputc ('\n', out);
    xc_json_write (out, &event->base);
    fputc ('\n', out);
    fclose (out);
    return line;
}

static int
s_write_all (int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t written = write (fd, data, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return -1;
        data += written;
        length -= (size_t) written;
    }
    return 0;
}

/* Appends EVENT and syncs it to disk, holding the lock. */
static int
s_append (xc_inbox_log_t *self, const Xuncha__Notification *event, bool torn)
{
    size_t length;
    char *line = s_line (event, torn, &length);
    if (!line)
        return -1;
    int rc = s_write_all (self->fd, line, length) == 0 && fsync (self->fd) == 0 ? 0 : -1;
    free (line);
    struct stat status;
    if (rc == 0 && fstat (self->fd, &status) == 0)
        self->read_to = status.st_size;   /* everything in it is known now */
    return rc;
}

/* ------------------------------------------------------------ the class */

/* DIR/<key in hex>.jsonl, with "~/" expanded; the directory is created. */
static int
s_path (xc_inbox_log_t *self, const char *dir, const uint8_t *public_key)
{
    char directory[PATH_MAX - 80];   /* room for the file name */
    if (xc_key_files_path (dir, public_key, ".jsonl", directory, sizeof directory, self->path, sizeof self->path) != 0
        || xc_key_files_make_directory (directory) != 0)
        return -1;
    if (access (self->path, F_OK) == 0)
        return 0;
    /* a new file: its directory entry must be on disk too, before anything is acknowledged */
    int fd = open (self->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    int rc = fd >= 0 && xc_key_files_sync_directory (directory) == 0 ? 0 : -1;
    if (fd >= 0)
        close (fd);
    return rc;
}

xc_inbox_log_t *
xc_inbox_log_new (const char *dir, const uint8_t *public_key, char *error, size_t error_size)
{
    xc_inbox_log_t *self = calloc (1, sizeof *self);
    self->fd = -1;
    bool torn;
    if (s_path (self, dir, public_key) != 0)
        snprintf (error, error_size, "无法创建本地收件记录（目录 %s）：%s", dir, strerror (errno));
    else if ((self->fd = open (self->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0
             || flock (self->fd, LOCK_SH) != 0 || s_catch_up (self, &torn) != 0)
        snprintf (error, error_size, "无法读取本地收件记录 %s：%s", self->path, strerror (errno));
    else {
        flock (self->fd, LOCK_UN);
        return self;
    }
    xc_inbox_log_destroy (&self);
    return NULL;
}

void
xc_inbox_log_destroy (xc_inbox_log_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    if ((*self_p)->fd >= 0)
        close ((*self_p)->fd);
    free ((*self_p)->seen);
    free (*self_p);
    *self_p = NULL;
}

int
xc_inbox_log_record (xc_inbox_log_t *self, const Xuncha__Notification *event)
{
    if (s_seen (self, event->event_id))
        return 0;
    if (flock (self->fd, LOCK_EX) != 0)
        return -1;
    bool torn, recorded = false;
    int rc = s_catch_up (self, &torn);
    if (rc == 0 && !s_seen (self, event->event_id)) {   /* not recorded by another process meanwhile */
        rc = s_append (self, event, torn);
        recorded = rc == 0;
    }
    int saved = errno;
    flock (self->fd, LOCK_UN);
    errno = saved;
    if (rc != 0)
        return -1;
    if (recorded)
        s_remember (self, event->event_id);
    return recorded ? 1 : 0;
}

const char *
xc_inbox_log_path (xc_inbox_log_t *self)
{
    return self->path;
}
