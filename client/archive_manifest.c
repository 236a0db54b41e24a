/* archive_manifest — see archive_manifest.h. */
#include "archive_manifest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *start, *p, *end;
    char *error;
    size_t error_size;
} s_reader_t;

static int
s_fail (s_reader_t *r, const char *what)
{
    if (!*r->error)
        snprintf (r->error, r->error_size, "%s（在第 %zu 字节处）", what, (size_t) (r->p - r->start));
    return -1;
}

static void
s_space (s_reader_t *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

static int
s_expect (s_reader_t *r, char c)
{
    s_space (r);
    if (r->p >= r->end || *r->p != c) {
        char what[32];
        snprintf (what, sizeof what, "应为“%c”", c);
        return s_fail (r, what);
    }
    r->p++;
    return 0;
}

static int
s_hex4 (s_reader_t *r, unsigned *value)
{
    if (r->end - r->p < 4)
        return s_fail (r, "\\u 转义不完整");
    char digits[5] = { r->p[0], r->p[1], r->p[2], r->p[3], 0 };
    char *stop;
    *value = (unsigned) strtoul (digits, &stop, 16);
    if (*stop)
        return s_fail (r, "\\u 转义不是十六进制数");
    r->p += 4;
    return 0;
}

static size_t
s_utf8 (unsigned code, char *out)
{
    if (code < 0x80) { out[0] = (char) code; return 1; }
    if (code < 0x800) { out[0] = (char) (0xC0 | code >> 6); out[1] = (char) (0x80 | (code & 0x3F)); return 2; }
    if (code < 0x10000) {
        out[0] = (char) (0xE0 | code >> 12); out[1] = (char) (0x80 | ((code >> 6) & 0x3F));
        out[2] = (char) (0x80 | (code & 0x3F)); return 3;
    }
    out[0] = (char) (0xF0 | code >> 18); out[1] = (char) (0x80 | ((code >> 12) & 0x3F));
    out[2] = (char) (0x80 | ((code >> 6) & 0x3F)); out[3] = (char) (0x80 | (code & 0x3F));
    return 4;
}

/* A JSON string into *VALUE (malloc'd; NULL: skipped). */
static int
s_string (s_reader_t *r, char **value)
{
    if (s_expect (r, '"') != 0)
        return -1;
    char *out = malloc ((size_t) (r->end - r->p) + 1);
    if (!out)
        return s_fail (r, "内存不足");
    size_t n = 0;
    while (r->p < r->end && *r->p != '"') {
        char c = *r->p++;
        if ((unsigned char) c < 0x20) {
            free (out);
            return s_fail (r, "字符串中有控制字符");
        }
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        if (r->p >= r->end)
            break;
        c = *r->p++;
        const char *plain = strchr ("\"\\/bfnrt", c);
        if (c && plain) {
            out[n++] = "\"\\/\b\f\n\r\t"[plain - "\"\\/bfnrt"];
            continue;
        }
        unsigned code, low;
        if (c != 'u' || s_hex4 (r, &code) != 0) {
            free (out);
            return s_fail (r, "无效的转义");
        }
        if (code >= 0xD800 && code < 0xDC00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
            r->p += 2;
            if (s_hex4 (r, &low) != 0) {
                free (out);
                return -1;
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        if (code == 0) {
            free (out);
            return s_fail (r, "字符串中有零字符");
        }
        n += s_utf8 (code, out + n);
    }
    if (r->p >= r->end) {
        free (out);
        return s_fail (r, "字符串没有结束");
    }
    r->p++;
    out[n] = 0;
    if (value)
        *value = out;
    else
        free (out);
    return 0;
}

static int
s_number (s_reader_t *r, int64_t *value)
{
    s_space (r);
    char *stop;
    long long number = strtoll (r->p, &stop, 10);
    if (stop == r->p || stop > r->end)
        return s_fail (r, "应为整数");
    r->p = stop;
    *value = number;
    return 0;
}

static int s_skip_value (s_reader_t *r, int depth);

/* An object or an array whose members are skipped. */
static int
s_skip_container (s_reader_t *r, int depth, char close)
{
    s_space (r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return 0;
    }
    for (;;) {
        if (close == '}' && (s_string (r, NULL) != 0 || s_expect (r, ':') != 0))
            return -1;
        if (s_skip_value (r, depth + 1) != 0)
            return -1;
        s_space (r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        return s_expect (r, close);
    }
}

static int
s_skip_value (s_reader_t *r, int depth)
{
    s_space (r);
    if (depth > 32 || r->p >= r->end)
        return s_fail (r, "内容不完整或嵌套过深");
    if (*r->p == '"')
        return s_string (r, NULL);
    if (*r->p == '{' || *r->p == '[') {
        char close = *r->p++ == '{' ? '}' : ']';
        return s_skip_container (r, depth, close);
    }
    static const char *const words[] = { "true", "false", "null" };
    for (size_t i = 0; i < 3; i++)
        if ((size_t) (r->end - r->p) >= strlen (words[i]) && strncmp (r->p, words[i], strlen (words[i])) == 0) {
            r->p += strlen (words[i]);
            return 0;
        }
    int64_t ignored;
    return s_number (r, &ignored);
}

/* {"path": …, "sha256": …, "size": …} */
static int
s_file (s_reader_t *r, xc_manifest_file_t *file)
{
    if (s_expect (r, '{') != 0)
        return -1;
    for (;;) {
        char *key = NULL;
        if (s_string (r, &key) != 0 || s_expect (r, ':') != 0) {
            free (key);
            return -1;
        }
        int rc = strcmp (key, "path") == 0     ? s_string (r, &file->path)
                 : strcmp (key, "sha256") == 0 ? s_string (r, &file->sha256)
                 : strcmp (key, "size") == 0   ? s_number (r, &file->size)
                                               : s_skip_value (r, 0);
        free (key);
        if (rc != 0)
            return -1;
        s_space (r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (s_expect (r, '}') != 0)
            return -1;
        return file->path && file->sha256 ? 0 : s_fail (r, "清单中的文件缺少 path 或 sha256");
    }
}

static int
s_files (s_reader_t *r, xc_manifest_t *m)
{
    if (s_expect (r, '[') != 0)
        return -1;
    s_space (r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return 0;
    }
    for (;;) {
        void *more = realloc (m->files, (m->count + 1) * sizeof *m->files);
        if (!more)
            return s_fail (r, "内存不足");
        m->files = more;
        memset (&m->files[m->count], 0, sizeof *m->files);
        if (s_file (r, &m->files[m->count++]) != 0)
            return -1;
        s_space (r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        return s_expect (r, ']');
    }
}

static int
s_member (s_reader_t *r, xc_manifest_t *m, const char *key)
{
    char **text = strcmp (key, "round_name") == 0  ? &m->round_name
                  : strcmp (key, "sealed_at") == 0 ? &m->sealed_at
                  : strcmp (key, "sealed_by") == 0 ? &m->sealed_by
                  : strcmp (key, "audit_hash") == 0 ? &m->audit_hash
                                                    : NULL;
    if (text) {
        free (*text);
        *text = NULL;
        return s_string (r, text);
    }
    if (strcmp (key, "round_id") == 0)
        return s_number (r, &m->round_id);
    if (strcmp (key, "audit_position") == 0)
        return s_number (r, &m->audit_position);
    if (strcmp (key, "files") == 0)
        return m->files ? s_fail (r, "清单中有两个 files") : s_files (r, m);
    return s_skip_value (r, 0);
}

int
xc_manifest_parse (const char *text, size_t size, xc_manifest_t *manifest, char *error, size_t error_size)
{
    memset (manifest, 0, sizeof *manifest);
    *error = 0;
    s_reader_t r = { .start = text, .p = text, .end = text + size, .error = error, .error_size = error_size };
    if (s_expect (&r, '{') != 0)
        return -1;
    for (;;) {
        char *key = NULL;
        if (s_string (&r, &key) != 0 || s_expect (&r, ':') != 0 || s_member (&r, manifest, key) != 0) {
            free (key);
            return -1;
        }
        free (key);
        s_space (&r);
        if (r.p < r.end && *r.p == ',') {
            r.p++;
            continue;
        }
        if (s_expect (&r, '}') != 0)
            return -1;
        break;
    }
    s_space (&r);
    if (r.p != r.end)
        return s_fail (&r, "清单结束后还有内容");
    if (!manifest->files)
        return s_fail (&r, "清单中没有 files");
    return 0;
}

void
xc_manifest_clear (xc_manifest_t *manifest)
{
    for (size_t i = 0; i < manifest->count; i++) {
        free (manifest->files[i].path);
        free (manifest->files[i].sha256);
    }
    free (manifest->files);
    free (manifest->round_name);
    free (manifest->sealed_at);
    free (manifest->sealed_by);
    free (manifest->audit_hash);
    memset (manifest, 0, sizeof *manifest);
}

bool
xc_manifest_path_safe (const char *path)
{
    if (!*path || *path == '/')
        return false;
    for (const char *part = path; part;) {
        const char *slash = strchr (part, '/');
        size_t length = slash ? (size_t) (slash - part) : strlen (part);
        if (length == 0 || (length == 1 && part[0] == '.') || (length == 2 && part[0] == '.' && part[1] == '.'))
            return false;
        part = slash ? slash + 1 : NULL;
    }
    for (const unsigned char *c = (const unsigned char *) path; *c; c++)
        if (*c < 0x20 || *c == 0x7F || *c == '\\')
            return false;
    return true;
}
