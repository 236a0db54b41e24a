/* archive_bundle — see archive_bundle.h. */
#include "archive_bundle.h"
#include "archive_manifest.h"
#include "cli.h"
#include "xc_codec.h"
#include "xc_validate.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XC_MANIFEST "manifest.json"
#define XC_HEX_SHA256 (crypto_hash_sha256_BYTES * 2 + 1)

/* ------------------------------------------------------------ files on disk */

/* The SHA-256 (hex) and size of DIR/PATH, never following a symbolic link; 0, or -1
 * with errno set (ENOENT: missing). */
static int
s_hash_file (const char *dir, const char *path, char hex[XC_HEX_SHA256], int64_t *size)
{
    char full[4096];
    snprintf (full, sizeof full, "%s/%s", dir, path);
    int fd = open (full, O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init (&state);
    unsigned char block[65536], hash[crypto_hash_sha256_BYTES];
    ssize_t n;
    *size = 0;
    while ((n = read (fd, block, sizeof block)) > 0) {
        crypto_hash_sha256_update (&state, block, (unsigned long long) n);
        *size += n;
    }
    int saved = errno;
    close (fd);
    if (n < 0) {
        errno = saved;
        return -1;
    }
    crypto_hash_sha256_final (&state, hash);
    sodium_bin2hex (hex, XC_HEX_SHA256, hash, sizeof hash);
    return 0;
}

/* DIR/PATH's whole content (NUL-terminated, malloc'd) and its size; NULL when unreadable. */
static char *
s_read_file (const char *dir, const char *path, size_t *size)
{
    char full[4096];
    snprintf (full, sizeof full, "%s/%s", dir, path);
    FILE *file = fopen (full, "rb");
    if (!file)
        return NULL;
    char *data = NULL;
    size_t used = 0, room = 0, n;
    do {
        if (used + 65536 + 1 > room)
            data = realloc (data, room = (used + 65536 + 1) * 2);
        n = fread (data + used, 1, 65536, file);
        used += n;
    } while (n > 0);
    int failed = ferror (file);
    fclose (file);
    if (failed) {
        free (data);
        return NULL;
    }
    data[used] = 0;
    *size = used;
    return data;
}

/* ------------------------------------------------------------ verify */

typedef struct {
    const char *dir;
    const xc_manifest_t *manifest;
    char **listed;           /* the manifest's paths, sorted */
    int altered, missing, extra, unsafe;
} s_check_t;

static int
s_compare_paths (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
s_check_listed (s_check_t *check, const xc_manifest_file_t *file)
{
    if (!xc_manifest_path_safe (file->path)) {
        printf ("路径不安全：%s（清单中的路径须在归档包目录之内）\n", file->path);
        check->unsafe++;
        return;
    }
    char hex[XC_HEX_SHA256];
    int64_t size;
    if (s_hash_file (check->dir, file->path, hex, &size) != 0) {
        if (errno == ENOENT) {
            printf ("缺失：%s\n", file->path);
            check->missing++;
        }
        else {
            printf ("被改动：%s（无法作为普通文件读取：%s）\n", file->path, strerror (errno));
            check->altered++;
        }
        return;
    }
    if (size != file->size || strcmp (hex, file->sha256) != 0) {
        printf ("被改动：%s（大小 %lld 字节，清单为 %lld 字节；SHA-256 %.16s…，清单为 %.16s…）\n", file->path,
                (long long) size, (long long) file->size, hex, file->sha256);
        check->altered++;
    }
}

/* Every file under DIR/RELATIVE that the manifest does not list. */
static void
s_find_extra (s_check_t *check, const char *relative)
{
    char full[4096];
    snprintf (full, sizeof full, "%s%s%s", check->dir, *relative ? "/" : "", relative);
    DIR *dir = opendir (full);
    if (!dir)
        return;
    struct dirent *entry;
    while ((entry = readdir (dir))) {
        if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
            continue;
        char path[4096], entry_full[8200];
        snprintf (path, sizeof path, "%s%s%s", relative, *relative ? "/" : "", entry->d_name);
        snprintf (entry_full, sizeof entry_full, "%s/%s", check->dir, path);
        struct stat info;
        if (lstat (entry_full, &info) == 0 && S_ISDIR (info.st_mode)) {
            s_find_extra (check, path);
            continue;
        }
        char *key = path;
        if (strcmp (path, XC_MANIFEST) != 0
            && !bsearch (&key, check->listed, check->manifest->count, sizeof *check->listed, s_compare_paths)) {
            printf ("多出：%s（清单中没有）\n", path);
            check->extra++;
        }
    }
    closedir (dir);
}

static void
s_print_seal (const char *dir, const xc_manifest_t *manifest, const char *manifest_hash)
{
    printf ("归档包：%s\n轮次：%s（#%lld）\n封存时间：%s\n封存人：%s\n", dir, manifest->round_name ? manifest->round_name : "—",
            (long long) manifest->round_id, manifest->sealed_at ? manifest->sealed_at : "—",
            manifest->sealed_by ? manifest->sealed_by : "—");
    printf ("封存时审计链头（第几环）：%lld\n封存时审计链头哈希：%s\n清单 manifest.json 的 SHA-256：%s\n清单所列文件：%zu\n",
            (long long) manifest->audit_position, manifest->audit_hash ? manifest->audit_hash : "—", manifest_hash,
            manifest->count);
}

/* Checks the bundle in DIR against its manifest (and KNOWN, the manifest's hash noted
 * at sealing, when given); prints what it finds; the exit code. */
static int
s_verify_dir (const char *dir, const char *known)
{
    size_t size;
    char *text = s_read_file (dir, XC_MANIFEST, &size);
    if (!text) {
        fprintf (stderr, "xuncha: 归档包核验未通过：%s/%s 无法读取（%s）\n", dir, XC_MANIFEST, strerror (errno));
        return XC_ARCHIVE_BROKEN;
    }
    unsigned char hash[crypto_hash_sha256_BYTES];
    char manifest_hash[XC_HEX_SHA256], error[256];
    crypto_hash_sha256 (hash, (const unsigned char *) text, size);
    sodium_bin2hex (manifest_hash, sizeof manifest_hash, hash, sizeof hash);
    xc_manifest_t manifest;
    int parsed = xc_manifest_parse (text, size, &manifest, error, sizeof error);
    free (text);
    if (parsed != 0) {
        fprintf (stderr, "xuncha: 归档包核验未通过：清单 manifest.json 无法解析：%s（SHA-256 %s）\n", error, manifest_hash);
        xc_manifest_clear (&manifest);
        return XC_ARCHIVE_BROKEN;
    }
    s_print_seal (dir, &manifest, manifest_hash);
    s_check_t check = { .dir = dir, .manifest = &manifest, .listed = calloc (manifest.count + 1, sizeof (char *)) };
    for (size_t i = 0; i < manifest.count; i++)
        check.listed[i] = manifest.files[i].path;
    qsort (check.listed, manifest.count, sizeof *check.listed, s_compare_paths);
    int manifest_altered = known && *known && strcasecmp (known, manifest_hash) != 0;
    if (known && *known)
        printf ("记下的清单哈希：%s\n", manifest_altered ? "不符：清单 manifest.json 被改动或不是封存时的清单" : "一致");
    for (size_t i = 0; i < manifest.count; i++)
        s_check_listed (&check, &manifest.files[i]);
    s_find_extra (&check, "");
    int problems = check.altered + check.missing + check.extra + check.unsafe + manifest_altered;
    printf ("完好：%s\n", problems ? "否" : "是");
    if (problems)
        fprintf (stderr, "xuncha: 归档包核验未通过：被改动 %d 个，缺失 %d 个，多出 %d 个%s%s\n", check.altered, check.missing,
                 check.extra, check.unsafe ? "，清单中有不安全的路径" : "", manifest_altered ? "，清单与记下的哈希不符" : "");
    free (check.listed);
    xc_manifest_clear (&manifest);
    return problems ? XC_ARCHIVE_BROKEN : XC_EXIT_OK;
}

int
xc_archive_verify (int argc, char **argv)
{
    xc_cli_t *cli = xc_cli_new (argc, argv, "<dir>,manifest-sha256", XC_ARCHIVE_VERIFY_USAGE);
    char *dir = NULL, *known = NULL;
    if (!cli || xc_cli_text (cli, "dir", 1, &dir) || xc_cli_text (cli, "manifest-sha256", 0, &known)) {
        xc_cli_destroy (&cli);
        return XC_EXIT_USAGE;
    }
    int rc = s_verify_dir (dir, known);
    xc_cli_destroy (&cli);
    return rc;
}

/* ------------------------------------------------------------ export */

/* Sends REQUEST with a new request id; the reply when it is OK, else NULL and *RC the
 * exit code after saying why. */
static Xuncha__Reply *
s_call (xc_session_t *session, Xuncha__Request *request, int *rc)
{
    char id[37];
    xc_request_stamp (request, id);
    Xuncha__Reply *reply = NULL;
    xc_rpc_result_t result = xc_rpc_call (&session->rpc, request, &reply);
    if (result != XC_RPC_REPLIED) {
        fprintf (stderr, "xuncha: %s\n", result == XC_RPC_KEY_REFUSED ? "服务器拒绝了本机的密钥"
                                                                       : "无法连接服务器，归档包未导出完");
        *rc = result == XC_RPC_KEY_REFUSED ? XC_EXIT_REFUSED : XC_EXIT_UNREACHABLE;
        return NULL;
    }
    if (reply->status != XUNCHA__STATUS__STATUS_OK) {
        fprintf (stderr, "xuncha: %s\n", reply->message);
        xuncha__reply__free_unpacked (reply, NULL);
        *rc = XC_EXIT_REFUSED;
        return NULL;
    }
    return reply;
}

/* DIR does not exist (it is made, 0700) or is an empty directory; 0, or -1 after saying why. */
static int
s_prepare_dir (const char *dir)
{
    if (mkdir (dir, 0700) == 0)
        return 0;
    DIR *existing = errno == EEXIST ? opendir (dir) : NULL;
    int empty = existing != NULL;
    struct dirent *entry;
    while (existing && (entry = readdir (existing)))
        if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0)
            empty = 0;
    if (existing)
        closedir (existing);
    if (!empty)
        fprintf (stderr, "xuncha: 目录 %s %s：请指定一个不存在的或空的目录\n", dir,
                 errno == EEXIST ? "已存在且不是空目录" : strerror (errno));
    return empty ? 0 : -1;
}

/* Opens DIR/PATH for writing, a new file, making the directories on the way. */
static int
s_create (const char *dir, const char *path)
{
    char full[4096];
    snprintf (full, sizeof full, "%s/%s", dir, path);
    for (char *slash = full + strlen (dir) + 1; (slash = strchr (slash, '/')); slash++) {
        *slash = 0;
        int made = mkdir (full, 0700) == 0 || errno == EEXIST;
        *slash = '/';
        if (!made)
            return -1;
    }
    return open (full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
}

/* Downloads PATH of the round into DIR, chunk by chunk, and checks its SHA-256
 * against EXPECTED; the exit code. */
static int
s_download (xc_session_t *session, int64_t round_id, const char *dir, const char *path, const char *expected,
            int64_t *bytes)
{
    if (!xc_manifest_path_safe (path)) {
        fprintf (stderr, "xuncha: 归档包中的路径不安全，未写入：%s\n", path);
        return XC_ARCHIVE_BROKEN;
    }
    int fd = s_create (dir, path);
    if (fd < 0) {
        fprintf (stderr, "xuncha: 无法写入 %s/%s：%s\n", dir, path, strerror (errno));
        return XC_EXIT_LOCAL;
    }
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init (&state);
    int rc = XC_EXIT_OK;
    int64_t offset = 0, size = 0;
    do {
        Xuncha__Request request = XUNCHA__REQUEST__INIT;
        Xuncha__ArchiveFileGet get = XUNCHA__ARCHIVE_FILE_GET__INIT;
        get.round_id = round_id;
        get.path = (char *) path;
        get.offset = offset;
        request.body_case = XUNCHA__REQUEST__BODY_ARCHIVE_FILE_GET;
        request.archive_file_get = &get;
        Xuncha__Reply *reply = s_call (session, &request, &rc);
        if (!reply)
            break;
        const Xuncha__ArchiveChunk *chunk = reply->archive_chunk;
        size = chunk ? chunk->size : 0;
        size_t length = chunk ? chunk->data.len : 0;
        if (!chunk || (length == 0 && offset < size)) {
            fprintf (stderr, "xuncha: 服务器未返回 %s 第 %lld 字节起的内容\n", path, (long long) offset);
            rc = XC_EXIT_REFUSED;
        }
        else if (write (fd, chunk->data.data, length) != (ssize_t) length) {
            fprintf (stderr, "xuncha: 写入 %s/%s 失败：%s\n", dir, path, strerror (errno));
            rc = XC_EXIT_LOCAL;
        }
        if (rc == XC_EXIT_OK) {
            crypto_hash_sha256_update (&state, chunk->data.data, length);
            offset += (int64_t) length;
        }
        xuncha__reply__free_unpacked (reply, NULL);
    } while (rc == XC_EXIT_OK && offset < size);
    if (close (fd) != 0 && rc == XC_EXIT_OK)
        rc = XC_EXIT_LOCAL;
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[XC_HEX_SHA256];
    crypto_hash_sha256_final (&state, hash);
    sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
    if (rc == XC_EXIT_OK && strcmp (hex, expected) != 0) {
        fprintf (stderr, "xuncha: 下载的 %s 与清单不符（SHA-256 %.16s…，清单为 %.16s…）\n", path, hex, expected);
        rc = XC_ARCHIVE_BROKEN;
    }
    *bytes += offset;
    return rc;
}

int
xc_archive_export (xc_session_t *session, int argc, char **argv)
{
    xc_cli_t *cli = xc_cli_new (argc, argv, "round,out", XC_ARCHIVE_EXPORT_USAGE);
    int64_t round_id = 0;
    char *dir = NULL;
    if (!cli || xc_cli_int64 (cli, "round", 1, &round_id) || xc_cli_text (cli, "out", 1, &dir)) {
        xc_cli_destroy (&cli);
        return XC_EXIT_USAGE;
    }
    int rc = XC_EXIT_OK;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__ArchiveShow show = XUNCHA__ARCHIVE_SHOW__INIT;
    show.round_id = round_id;
    request.body_case = XUNCHA__REQUEST__BODY_ARCHIVE_SHOW;
    request.archive_show = &show;
    Xuncha__Reply *reply = s_call (session, &request, &rc);
    const Xuncha__ArchiveSeal *seal = reply ? reply->archive_seal : NULL;
    if (seal && s_prepare_dir (dir) != 0)
        rc = XC_EXIT_LOCAL;
    int64_t bytes = 0;
    for (size_t i = 0; seal && rc == XC_EXIT_OK && i < seal->n_files; i++)
        rc = s_download (session, round_id, dir, seal->files[i]->path, seal->files[i]->sha256, &bytes);
    if (seal && rc == XC_EXIT_OK)
        rc = s_download (session, round_id, dir, XC_MANIFEST, seal->manifest_sha256, &bytes);
    if (seal && rc == XC_EXIT_OK) {
        printf ("已导出：%s 的归档包，%zu 个文件和清单 manifest.json，共 %lld 字节，到 %s\n", seal->round_name,
                seal->n_files, (long long) bytes, dir);
        printf ("清单 manifest.json 的 SHA-256：%s\n封存时审计链头：第 %lld 环 %s\n", seal->manifest_sha256,
                (long long) seal->audit_position, seal->audit_hash);
        printf ("离线核验：xuncha archive verify %s --manifest-sha256 %s\n", dir, seal->manifest_sha256);
    }
    if (reply)
        xuncha__reply__free_unpacked (reply, NULL);
    xc_cli_destroy (&cli);
    return rc;
}
