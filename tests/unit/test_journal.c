/* Unit tests of the client's journal (client/journal.c): entries and their states,
 * attachment content in chunks, the offline cache, the two kinds of key, reopening,
 * that no plaintext reaches the file or its WAL, that a sealed value moved to another
 * row does not open, wiping, and a journal of thousands of entries. Each test works in
 * its own directory under /tmp; no network, no database server. */
#include "unit.h"
#include "journal.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARKER "XC-PLAINTEXT-MARKER-巡察-7f3a"
#define CHUNK (256 * 1024)

typedef struct {
    char root[64];          /* the test's directory */
    char dir[128];          /* the journal's directory: made by open */
    uint8_t public_key[32];
    uint8_t secret_key[32];
    xc_journal_options_t options;
    char error[512];
} fixture_t;

/* ------------------------------------------------------------------ helpers */

static void
s_remove_tree (const char *path)
{
    DIR *dir = opendir (path);
    if (!dir) {
        unlink (path);
        return;
    }
    struct dirent *item;
    while ((item = readdir (dir))) {
        if (strcmp (item->d_name, ".") == 0 || strcmp (item->d_name, "..") == 0)
            continue;
        char child[PATH_MAX];
        snprintf (child, sizeof child, "%s/%s", path, item->d_name);
        s_remove_tree (child);
    }
    closedir (dir);
    rmdir (path);
}

static int
s_setup (void **state)
{
    fixture_t *fixture = calloc (1, sizeof *fixture);
    snprintf (fixture->root, sizeof fixture->root, "/tmp/xc-journal-XXXXXX");
    if (!fixture || !mkdtemp (fixture->root))
        return -1;
    snprintf (fixture->dir, sizeof fixture->dir, "%s/state/xuncha", fixture->root);
    randombytes_buf (fixture->public_key, sizeof fixture->public_key);
    randombytes_buf (fixture->secret_key, sizeof fixture->secret_key);
    fixture->options = (xc_journal_options_t) {
        .dir = fixture->dir, .public_key = fixture->public_key, .secret_key = fixture->secret_key
    };
    *state = fixture;
    return 0;
}

static int
s_teardown (void **state)
{
    fixture_t *fixture = *state;
    s_remove_tree (fixture->root);
    free (fixture);
    return 0;
}

static xc_journal_t *
s_open (fixture_t *fixture)
{
    xc_journal_t *journal = xc_journal_open (&fixture->options, fixture->error, sizeof fixture->error);
    if (!journal)
        fail_msg ("open: %s", fixture->error);
    return journal;
}

/* A request id that differs with N. */
static const char *
s_request_id (int n)
{
    static char id[37];
    snprintf (id, sizeof id, "00000000-0000-4000-8000-%012d", n);
    return id;
}

/* N bytes of a pattern no chunk repeats at the same place. */
static uint8_t *
s_pattern (size_t size)
{
    uint8_t *bytes = malloc (size);
    for (size_t i = 0; i < size; i++)
        bytes[i] = (uint8_t) (i * 31 + i / 997);
    return bytes;
}

/* The whole of PATH, malloc'd; NULL (with *SIZE 0) when there is none. */
static uint8_t *
s_read_file (const char *path, size_t *size)
{
    *size = 0;
    FILE *in = fopen (path, "rb");
    if (!in)
        return NULL;
    fseek (in, 0, SEEK_END);
    long length = ftell (in);
    fseek (in, 0, SEEK_SET);
    uint8_t *bytes = malloc ((size_t) length + 1);
    *size = fread (bytes, 1, (size_t) length, in);
    fclose (in);
    return bytes;
}

static bool
s_file_contains (const char *path, const char *needle)
{
    size_t size;
    uint8_t *bytes = s_read_file (path, &size);
    bool found = bytes && memmem (bytes, size, needle, strlen (needle)) != NULL;
    free (bytes);
    return found;
}

static bool
s_exists (const char *path)
{
    struct stat status;
    return stat (path, &status) == 0;
}

static int64_t
s_append (xc_journal_t *journal, int n, const char *command_line)
{
    char request[64];
    int size = snprintf (request, sizeof request, "request %d", n);
    request[3] = 0;   /* packed protobuf has zero bytes: they must survive */
    return xc_journal_append (journal, s_request_id (n), (const uint8_t *) request, (size_t) size, command_line,
                              NULL, 0);
}

/* ------------------------------------------------------------------ tests */

static void
test_append_get_and_content (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_t *journal = s_open (fixture);

    char path[PATH_MAX];
    assert_int_equal (xc_journal_file (&fixture->options, path, sizeof path), 0);
    assert_string_equal (xc_journal_path (journal), path);
    struct stat status;
    assert_int_equal (stat (fixture->dir, &status), 0);
    assert_int_equal (status.st_mode & 0777, 0700);
    assert_int_equal (stat (path, &status), 0);
    assert_int_equal (status.st_mode & 0777, 0600);

    setenv ("XUNCHA_NOW", "2026-12-06T10:15:02", 1);
    const uint8_t request[] = { 0x0a, 0x00, 0x24, 0xff, 0x00, 0x01 };
    size_t content_size = 600 * 1024;   /* three chunks, the last one partial */
    uint8_t *content = s_pattern (content_size);
    assert_int_equal (s_append (journal, 1, "list\x1frecords"), 1);
    int64_t seq = xc_journal_append (journal, s_request_id (2), request, sizeof request,
                                     "attach\x1f--record\x1f" "5\x1f报告.pdf", content, content_size);
    assert_int_equal (seq, 2);
    unsetenv ("XUNCHA_NOW");
    char wal[PATH_MAX + 8];
    snprintf (wal, sizeof wal, "%s-wal", path);
    assert_int_equal (stat (wal, &status), 0);
    assert_int_equal (status.st_mode & 0777, 0600);

    xc_entry_t entry;
    assert_int_equal (xc_journal_get (journal, 2, &entry), 0);
    assert_int_equal (entry.seq, 2);
    assert_string_equal (entry.request_id, s_request_id (2));
    assert_int_equal (entry.state, XC_ENTRY_PENDING);
    assert_string_equal (entry.created_at, "2026-12-06 10:15:02");
    assert_string_equal (entry.updated_at, "2026-12-06 10:15:02");
    assert_int_equal (entry.request_size, sizeof request);
    assert_memory_equal (entry.request, request, sizeof request);
    assert_string_equal (entry.command_line, "attach\x1f--record\x1f" "5\x1f报告.pdf");
    assert_null (entry.reason);
    assert_int_equal (entry.result_id, 0);
    assert_int_equal (entry.content_size, (int64_t) content_size);
    xc_entry_clear (&entry);
    assert_null (entry.request);
    assert_int_equal (xc_journal_get (journal, 99, &entry), -1);

    /* the whole content in one read, then in pieces that straddle the chunks */
    uint8_t *buffer = malloc (content_size + 100);
    assert_int_equal (xc_journal_content_read (journal, 2, 0, buffer, content_size + 100), (int64_t) content_size);
    assert_memory_equal (buffer, content, content_size);
    memset (buffer, 0, content_size);
    int64_t offset = 0, got;
    while ((got = xc_journal_content_read (journal, 2, offset, buffer + offset, 100000)) > 0)
        offset += got;
    assert_int_equal (got, 0);
    assert_int_equal (offset, (int64_t) content_size);
    assert_memory_equal (buffer, content, content_size);
    assert_int_equal (xc_journal_content_read (journal, 2, CHUNK - 10, buffer, 20), 20);
    assert_memory_equal (buffer, content + CHUNK - 10, 20);
    assert_int_equal (xc_journal_content_read (journal, 2, 2 * CHUNK - 1, buffer, 2), 2);
    assert_memory_equal (buffer, content + 2 * CHUNK - 1, 2);
    assert_int_equal (xc_journal_content_read (journal, 2, (int64_t) content_size - 5, buffer, 100), 5);
    assert_int_equal (xc_journal_content_read (journal, 2, (int64_t) content_size, buffer, 100), 0);
    assert_int_equal (xc_journal_content_read (journal, 1, 0, buffer, 100), 0);   /* no content */
    assert_int_equal (xc_journal_content_read (journal, 99, 0, buffer, 100), -1);
    assert_int_equal (xc_journal_content_read (journal, 2, -1, buffer, 100), -1);

    /* a request id is an idempotency key: one entry each */
    assert_int_equal (s_append (journal, 1, "again"), -1);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_PENDING), 2);
    free (buffer);
    free (content);
    xc_journal_close (&journal);
    assert_null (journal);
    xc_journal_close (&journal);
}

static void
test_states_and_order (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_t *journal = s_open (fixture);
    uint8_t *content = s_pattern (1000);
    for (int n = 1; n <= 6; n++) {
        char line[32];
        snprintf (line, sizeof line, "change\x1f%d", n);
        int64_t seq = n == 4 ? xc_journal_append (journal, s_request_id (n), (const uint8_t *) "r4", 2, line,
                                                  content, 1000)
                             : s_append (journal, n, line);
        assert_int_equal (seq, n);
    }
    free (content);

    assert_int_equal (xc_journal_mark_done (journal, 1, 42), 0);
    assert_int_equal (xc_journal_mark_refused (journal, 2, "记录不存在"), 0);
    assert_int_equal (xc_journal_mark_refused (journal, 3, "无权操作"), 0);
    assert_int_equal (xc_journal_discard (journal, 3), 0);
    assert_int_equal (xc_journal_discard (journal, 3), 0);    /* again: nothing to do */
    assert_int_equal (xc_journal_discard (journal, 4), 0);    /* with content */
    assert_int_equal (xc_journal_discard (journal, 1), -1);   /* done: the server has it */
    assert_int_equal (xc_journal_discard (journal, 99), -1);
    assert_int_equal (xc_journal_mark_done (journal, 99, 1), -1);
    assert_int_equal (xc_journal_mark_refused (journal, 99, "x"), -1);
    assert_int_equal (xc_journal_mark_done (journal, 3, 1), -1);   /* discarded stays discarded */

    assert_int_equal (xc_journal_count (journal, XC_ENTRY_PENDING), 2);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_DONE), 1);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_REFUSED), 1);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_DISCARDED), 2);

    xc_entry_t entry;
    assert_int_equal (xc_journal_get (journal, 2, &entry), 0);
    assert_int_equal (entry.state, XC_ENTRY_REFUSED);
    assert_string_equal (entry.reason, "记录不存在");
    xc_entry_clear (&entry);
    assert_int_equal (xc_journal_get (journal, 1, &entry), 0);
    assert_int_equal (entry.state, XC_ENTRY_DONE);
    assert_int_equal (entry.result_id, 42);
    assert_non_null (entry.request);   /* kept for the history */
    xc_entry_clear (&entry);
    assert_int_equal (xc_journal_get (journal, 4, &entry), 0);
    assert_int_equal (entry.state, XC_ENTRY_DISCARDED);
    assert_null (entry.request);
    assert_null (entry.command_line);
    assert_null (entry.reason);
    assert_int_equal (entry.content_size, 0);
    xc_entry_clear (&entry);
    uint8_t byte;
    assert_int_equal (xc_journal_content_read (journal, 4, 0, &byte, 1), 0);

    /* the refused entry edited: pending again, in its place, with its new request id */
    assert_int_equal (xc_journal_replace (journal, 2, s_request_id (20), (const uint8_t *) "edited", 6,
                                          "change\x1f" "2\x1f--edited"),
                      0);
    assert_int_equal (xc_journal_replace (journal, 1, s_request_id (21), (const uint8_t *) "x", 1, "x"), -1);
    assert_int_equal (xc_journal_replace (journal, 3, s_request_id (22), (const uint8_t *) "x", 1, "x"), -1);
    assert_int_equal (xc_journal_replace (journal, 5, s_request_id (6), (const uint8_t *) "x", 1, "x"), -1);

    xc_entry_t *entries;
    size_t count;
    assert_int_equal (xc_journal_list (journal, false, &entries, &count), 0);
    assert_int_equal (count, 3);
    int64_t pending[] = { 2, 5, 6 };
    for (size_t i = 0; i < count; i++)
        assert_int_equal (entries[i].seq, pending[i]);
    assert_string_equal (entries[0].request_id, s_request_id (20));
    assert_int_equal (entries[0].request_size, 6);
    assert_memory_equal (entries[0].request, "edited", 6);
    assert_string_equal (entries[0].command_line, "change\x1f" "2\x1f--edited");
    assert_null (entries[0].reason);
    assert_int_equal (entries[0].state, XC_ENTRY_PENDING);
    xc_journal_entries_free (entries, count);

    assert_int_equal (xc_journal_list (journal, true, &entries, &count), 0);
    assert_int_equal (count, 6);
    xc_entry_state_t states[] = { XC_ENTRY_DONE, XC_ENTRY_PENDING, XC_ENTRY_DISCARDED,
                                  XC_ENTRY_DISCARDED, XC_ENTRY_PENDING, XC_ENTRY_PENDING };
    for (size_t i = 0; i < count; i++) {
        assert_int_equal (entries[i].seq, (int64_t) i + 1);
        assert_int_equal (entries[i].state, states[i]);
    }
    assert_string_equal (entries[4].command_line, "change\x1f" "5");
    xc_journal_entries_free (entries, count);

    int64_t seqs[] = { 5, 6 }, results[] = { 0, 77 };
    assert_int_equal (xc_journal_mark_done_many (journal, seqs, results, 2), 0);
    assert_int_equal (xc_journal_get (journal, 6, &entry), 0);
    assert_int_equal (entry.state, XC_ENTRY_DONE);
    assert_int_equal (entry.result_id, 77);
    xc_entry_clear (&entry);
    /* one unknown entry: none of them is marked */
    int64_t bad[] = { 2, 99 };
    assert_int_equal (xc_journal_mark_done_many (journal, bad, results, 2), -1);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_PENDING), 1);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_DONE), 3);

    assert_int_equal (xc_journal_list (journal, false, &entries, &count), 0);
    assert_int_equal (count, 1);
    assert_int_equal (entries[0].seq, 2);
    xc_journal_entries_free (entries, count);
    xc_journal_close (&journal);
}

static void
test_reopen_keeps_everything (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_t *journal = s_open (fixture);
    char when[32];
    xc_journal_last_sync (journal, when);
    assert_string_equal (when, "");
    uint8_t *content = s_pattern (300 * 1024);
    assert_int_equal (xc_journal_append (journal, s_request_id (1), (const uint8_t *) "r1", 2, "one", content,
                                         300 * 1024),
                      1);
    assert_int_equal (s_append (journal, 2, "two"), 2);
    assert_int_equal (xc_journal_mark_refused (journal, 2, "理由"), 0);
    assert_int_equal (xc_journal_cache_put (journal, (const uint8_t *) "q", 1, (const uint8_t *) "reply", 5), 0);
    setenv ("XUNCHA_NOW", "2026-12-07T08:00:00", 1);
    assert_int_equal (xc_journal_set_last_sync (journal), 0);
    unsetenv ("XUNCHA_NOW");
    xc_journal_close (&journal);

    /* another process has it open meanwhile: both see the same file */
    journal = s_open (fixture);
    xc_journal_t *other = s_open (fixture);
    assert_int_equal (s_append (other, 3, "three"), 3);
    xc_journal_last_sync (journal, when);
    assert_string_equal (when, "2026-12-07 08:00:00");
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_PENDING), 2);
    xc_entry_t entry;
    assert_int_equal (xc_journal_get (journal, 2, &entry), 0);
    assert_string_equal (entry.reason, "理由");
    assert_string_equal (entry.command_line, "two");
    xc_entry_clear (&entry);
    uint8_t *buffer = malloc (300 * 1024);
    assert_int_equal (xc_journal_content_read (journal, 1, 0, buffer, 300 * 1024), 300 * 1024);
    assert_memory_equal (buffer, content, 300 * 1024);
    uint8_t *reply;
    size_t reply_size;
    assert_int_equal (xc_journal_cache_get (journal, (const uint8_t *) "q", 1, &reply, &reply_size, when), 0);
    assert_int_equal (reply_size, 5);
    assert_memory_equal (reply, "reply", 5);
    free (reply);
    free (buffer);
    free (content);
    xc_journal_close (&other);
    xc_journal_close (&journal);
}

static void
test_passphrase_and_key_file_modes (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_options_t options = fixture->options;
    options.passphrase = "正确的口令 correct horse";
    options.secret_key = NULL;
    xc_journal_t *journal = xc_journal_open (&options, fixture->error, sizeof fixture->error);
    assert_non_null (journal);
    assert_int_equal (s_append (journal, 1, "one"), 1);
    xc_journal_close (&journal);

    options.passphrase = "错误的口令";
    assert_null (xc_journal_open (&options, fixture->error, sizeof fixture->error));
    assert_contains (fixture->error, "口令不正确，无法打开本地日志");
    assert_null (xc_journal_open (&fixture->options, fixture->error, sizeof fixture->error));
    assert_contains (fixture->error, "本地日志以口令加密，请提供口令");

    options.passphrase = "正确的口令 correct horse";
    journal = xc_journal_open (&options, fixture->error, sizeof fixture->error);
    assert_non_null (journal);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_PENDING), 1);
    xc_journal_close (&journal);

    /* a key-file journal (another public key: another file) */
    uint8_t other_public[32], other_secret[32];
    randombytes_buf (other_public, sizeof other_public);
    randombytes_buf (other_secret, sizeof other_secret);
    xc_journal_options_t key_file = { .dir = fixture->dir, .public_key = other_public, .secret_key = other_secret };
    journal = xc_journal_open (&key_file, fixture->error, sizeof fixture->error);
    assert_non_null (journal);
    xc_journal_close (&journal);
    key_file.passphrase = "正确的口令 correct horse";
    assert_null (xc_journal_open (&key_file, fixture->error, sizeof fixture->error));
    assert_contains (fixture->error, "本地日志以密钥文件加密");
    key_file.passphrase = NULL;
    key_file.secret_key = fixture->secret_key;
    assert_null (xc_journal_open (&key_file, fixture->error, sizeof fixture->error));
    assert_contains (fixture->error, "密钥文件与本地日志不符");

    /* not a journal at all */
    char path[PATH_MAX];
    assert_int_equal (xc_journal_file (&key_file, path, sizeof path), 0);
    FILE *out = fopen (path, "wb");
    for (int i = 0; i < 1000; i++)
        fputs ("not a database ", out);
    fclose (out);
    assert_null (xc_journal_open (&key_file, fixture->error, sizeof fixture->error));
    assert_contains (fixture->error, "无法打开本地日志");
    xc_journal_options_t incomplete = { .dir = fixture->dir, .public_key = other_public };
    assert_null (xc_journal_open (&incomplete, fixture->error, sizeof fixture->error));
}

/* Every file of the journal holds no plaintext: not the request, the command line, the
 * reason, the content or the cached query and reply. The request id is in the clear:
 * finding it shows the search would have found a plaintext. */
static void
s_assert_no_plaintext (const char *path)
{
    char wal[PATH_MAX + 8];
    snprintf (wal, sizeof wal, "%s-wal", path);
    const char *const files[] = { path, wal };
    bool id_seen = false;
    for (int i = 0; i < 2; i++) {
        if (s_file_contains (files[i], MARKER))
            fail_msg ("plaintext in %s", files[i]);
        id_seen = id_seen || s_file_contains (files[i], s_request_id (1));
    }
    assert_true (id_seen);
}

static void
test_no_plaintext_on_disk (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_t *journal = s_open (fixture);
    const char *request = "\x0a\x24" MARKER;
    size_t content_size = 520 * 1024;
    uint8_t *content = s_pattern (content_size);
    /* markers in each chunk, one of them across the boundary of the first two */
    size_t places[] = { 0, CHUNK - 10, CHUNK + 5000, content_size - strlen (MARKER) };
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
        memcpy (content + places[i], MARKER, strlen (MARKER));
    assert_int_equal (xc_journal_append (journal, s_request_id (1), (const uint8_t *) request, strlen (request),
                                         "record\x1f" MARKER, content, content_size),
                      1);
    assert_int_equal (s_append (journal, 2, "two\x1f" MARKER), 2);
    assert_int_equal (xc_journal_mark_refused (journal, 2, "理由 " MARKER), 0);
    assert_int_equal (s_append (journal, 3, "three\x1f" MARKER), 3);
    assert_int_equal (xc_journal_replace (journal, 3, s_request_id (4), (const uint8_t *) request, strlen (request),
                                          "edited\x1f" MARKER),
                      0);
    const char *query = "query " MARKER, *reply = "reply " MARKER;
    assert_int_equal (xc_journal_cache_put (journal, (const uint8_t *) query, strlen (query),
                                            (const uint8_t *) reply, strlen (reply)),
                      0);
    assert_int_equal (xc_journal_cache_put (journal, (const uint8_t *) query, strlen (query),
                                            (const uint8_t *) reply, strlen (reply)),
                      0);

    char path[PATH_MAX], wal[PATH_MAX + 8];
    snprintf (path, sizeof path, "%s", xc_journal_path (journal));
    snprintf (wal, sizeof wal, "%s-wal", path);
    assert_true (s_exists (wal));
    s_assert_no_plaintext (path);   /* open: the changes are in the WAL */

    xc_entry_t entry;   /* and they do open */
    assert_int_equal (xc_journal_get (journal, 1, &entry), 0);
    assert_string_equal (entry.command_line, "record\x1f" MARKER);
    xc_entry_clear (&entry);
    xc_journal_close (&journal);
    assert_false (s_exists (wal));
    s_assert_no_plaintext (path);   /* closed: checkpointed into the file */
    free (content);
}

static void
test_moved_value_does_not_open (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_t *journal = s_open (fixture);
    uint8_t *content = s_pattern (2 * CHUNK);
    for (int n = 1; n <= 3; n++)
        assert_int_equal (xc_journal_append (journal, s_request_id (n), (const uint8_t *) "request", 7, "line",
                                             content, 2 * CHUNK),
                          n);
    assert_int_equal (xc_journal_cache_put (journal, (const uint8_t *) "a", 1, (const uint8_t *) "ra", 2), 0);
    assert_int_equal (xc_journal_cache_put (journal, (const uint8_t *) "b", 1, (const uint8_t *) "rb", 2), 0);
    assert_int_equal (xc_journal_cache_put (journal, (const uint8_t *) "c", 1, (const uint8_t *) "rc", 2), 0);

    /* with the journal open, as another program on the laptop would */
    sqlite3 *db;
    assert_int_equal (sqlite3_open (xc_journal_path (journal), &db), SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    const char *tamper
        = "UPDATE entry SET request = (SELECT request FROM entry WHERE seq = 2) WHERE seq = 1;"
          "UPDATE entry SET command_line = request WHERE seq = 3;"
          "UPDATE content SET data = (SELECT data FROM content WHERE seq = 2 AND chunk = 0)"
          "  WHERE seq = 2 AND chunk = 1;"
          "UPDATE content SET data = (SELECT data FROM content WHERE seq = 3 AND chunk = 0)"
          "  WHERE seq = 1 AND chunk = 0;"
          "UPDATE cache SET reply = (SELECT reply FROM cache ORDER BY query_hash LIMIT 1 OFFSET 1)"
          "  WHERE query_hash = (SELECT query_hash FROM cache ORDER BY query_hash LIMIT 1);";
    char *message = NULL;
    if (sqlite3_exec (db, tamper, NULL, NULL, &message) != SQLITE_OK)
        fail_msg ("tamper: %s", message);
    sqlite3_close (db);

    xc_entry_t entry;
    assert_int_equal (xc_journal_get (journal, 1, &entry), -1);   /* entry 2's request */
    assert_int_equal (xc_journal_get (journal, 3, &entry), -1);   /* its request as its command line */
    assert_int_equal (xc_journal_get (journal, 2, &entry), 0);    /* the original still opens */
    xc_entry_clear (&entry);
    xc_entry_t *entries;
    size_t count;
    assert_int_equal (xc_journal_list (journal, true, &entries, &count), -1);
    assert_null (entries);

    uint8_t *buffer = malloc (2 * CHUNK);
    assert_int_equal (xc_journal_content_read (journal, 2, 0, buffer, CHUNK), CHUNK);
    assert_int_equal (xc_journal_content_read (journal, 2, CHUNK, buffer, CHUNK), -1);   /* chunk 0 as chunk 1 */
    assert_int_equal (xc_journal_content_read (journal, 2, 0, buffer, 2 * CHUNK), -1);
    assert_int_equal (xc_journal_content_read (journal, 1, 0, buffer, 10), -1);         /* entry 3's chunk */

    /* of the three replies one was overwritten by another's: exactly that one fails */
    const char *queries[] = { "a", "b", "c" };
    int failed = 0;
    for (int i = 0; i < 3; i++) {
        uint8_t *reply;
        size_t reply_size;
        char when[32];
        if (xc_journal_cache_get (journal, (const uint8_t *) queries[i], 1, &reply, &reply_size, when) != 0)
            failed++;
        free (reply);
    }
    assert_int_equal (failed, 1);

    /* the time a reply was fetched is bound to it too */
    assert_int_equal (sqlite3_open (xc_journal_path (journal), &db), SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    assert_int_equal (sqlite3_exec (db, "UPDATE cache SET fetched_at = '2030-01-01 00:00:00'", NULL, NULL, NULL),
                      SQLITE_OK);
    sqlite3_close (db);
    for (int i = 0; i < 3; i++) {
        uint8_t *reply;
        size_t reply_size;
        char when[32];
        assert_int_equal (xc_journal_cache_get (journal, (const uint8_t *) queries[i], 1, &reply, &reply_size, when),
                          -1);
    }
    free (buffer);
    free (content);
    xc_journal_close (&journal);
}

static void
test_cache (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_t *journal = s_open (fixture);
    const uint8_t query[] = { 0x12, 0x00, 0x08, 0x05 }, other[] = { 0x12, 0x00, 0x08, 0x06 };
    uint8_t *reply;
    size_t reply_size;
    char when[32];
    assert_int_equal (xc_journal_cache_get (journal, query, sizeof query, &reply, &reply_size, when), -1);
    assert_null (reply);

    setenv ("XUNCHA_NOW", "2026-12-06T09:00:00", 1);
    assert_int_equal (xc_journal_cache_put (journal, query, sizeof query, (const uint8_t *) "first\0x", 7), 0);
    assert_int_equal (xc_journal_cache_get (journal, query, sizeof query, &reply, &reply_size, when), 0);
    assert_int_equal (reply_size, 7);
    assert_memory_equal (reply, "first\0x", 7);
    assert_string_equal (when, "2026-12-06 09:00:00");
    free (reply);

    setenv ("XUNCHA_NOW", "2026-12-06T11:30:00", 1);
    assert_int_equal (xc_journal_cache_put (journal, query, sizeof query, (const uint8_t *) "second", 6), 0);
    unsetenv ("XUNCHA_NOW");
    assert_int_equal (xc_journal_cache_get (journal, query, sizeof query, &reply, &reply_size, when), 0);
    assert_int_equal (reply_size, 6);
    assert_memory_equal (reply, "second", 6);
    assert_string_equal (when, "2026-12-06 11:30:00");
    free (reply);

    assert_int_equal (xc_journal_cache_get (journal, other, sizeof other, &reply, &reply_size, when), -1);
    assert_int_equal (xc_journal_cache_put (journal, other, sizeof other, NULL, 0), 0);   /* an empty reply */
    assert_int_equal (xc_journal_cache_get (journal, other, sizeof other, &reply, &reply_size, when), 0);
    assert_int_equal (reply_size, 0);
    free (reply);
    xc_journal_close (&journal);
}

static void
test_wipe (void **state)
{
    fixture_t *fixture = *state;
    assert_int_equal (xc_journal_wipe (&fixture->options, fixture->error, sizeof fixture->error), 0);   /* none */

    xc_journal_t *journal = s_open (fixture);
    assert_int_equal (s_append (journal, 1, "one"), 1);
    assert_int_equal (xc_journal_cache_put (journal, (const uint8_t *) "q", 1, (const uint8_t *) "r", 1), 0);
    char path[PATH_MAX], name[PATH_MAX + 16], copy[PATH_MAX + 16];
    snprintf (path, sizeof path, "%s", xc_journal_path (journal));
    xc_journal_close (&journal);

    /* companions a crash leaves; a second link to the file shows it is overwritten in place */
    const char *const suffixes[] = { "-wal", "-shm", "-journal" };
    for (int i = 0; i < 3; i++) {
        snprintf (name, sizeof name, "%s%s", path, suffixes[i]);
        FILE *out = fopen (name, "wb");
        fputs ("SQLite format 3 leftover", out);
        fclose (out);
    }
    snprintf (copy, sizeof copy, "%s/link", fixture->root);
    assert_int_equal (link (path, copy), 0);
    size_t before;
    free (s_read_file (copy, &before));
    assert_true (s_file_contains (copy, "SQLite format 3"));

    assert_int_equal (xc_journal_wipe (&fixture->options, fixture->error, sizeof fixture->error), 0);
    assert_false (s_exists (path));
    for (int i = 0; i < 3; i++) {
        snprintf (name, sizeof name, "%s%s", path, suffixes[i]);
        assert_false (s_exists (name));
    }
    size_t after;
    free (s_read_file (copy, &after));
    assert_int_equal (after, before);
    assert_false (s_file_contains (copy, "SQLite format 3"));

    journal = s_open (fixture);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_PENDING), 0);
    xc_entry_t *entries;
    size_t count;
    assert_int_equal (xc_journal_list (journal, true, &entries, &count), 0);
    assert_int_equal (count, 0);
    free (entries);
    uint8_t *reply;
    size_t reply_size;
    char when[32];
    assert_int_equal (xc_journal_cache_get (journal, (const uint8_t *) "q", 1, &reply, &reply_size, when), -1);
    assert_int_equal (s_append (journal, 1, "one"), 1);   /* a new journal: numbering starts again */
    xc_journal_close (&journal);
}

/* Processes of the same user writing at once wait their turn (busy timeout): every
 * append of each is there, numbered without gaps. */
static void
test_processes_write_at_once (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_t *journal = s_open (fixture);   /* created before the writers start */
    pid_t writers[3];
    for (int w = 0; w < 3; w++) {
        writers[w] = fork ();
        if (writers[w] == 0) {
            xc_journal_t *mine = xc_journal_open (&fixture->options, fixture->error, sizeof fixture->error);
            for (int n = 0; mine && n < 50; n++)
                if (s_append (mine, 1000 * (w + 1) + n, "concurrent") < 0)
                    _exit (1);
            xc_journal_close (&mine);
            _exit (0);
        }
    }
    for (int w = 0; w < 3; w++) {
        int status;
        assert_int_equal (waitpid (writers[w], &status, 0), writers[w]);
        assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }
    xc_entry_t *entries;
    size_t count;
    assert_int_equal (xc_journal_list (journal, false, &entries, &count), 0);
    assert_int_equal (count, 150);
    for (size_t i = 0; i < count; i++)
        assert_int_equal (entries[i].seq, (int64_t) i + 1);
    xc_journal_entries_free (entries, count);
    xc_journal_close (&journal);
}

/* A writer killed at any moment leaves whole changes: every append it returned from is
 * there with all its content, and nothing half-written is. */
static void
test_killed_writer_leaves_whole_changes (void **state)
{
    fixture_t *fixture = *state;
    xc_journal_t *journal = s_open (fixture);   /* created before the writer starts */
    xc_journal_close (&journal);
    size_t content_size = 300 * 1024;   /* two chunks each */
    int pipe_fds[2];
    assert_int_equal (pipe (pipe_fds), 0);
    pid_t writer = fork ();
    if (writer == 0) {
        close (pipe_fds[0]);
        xc_journal_t *mine = xc_journal_open (&fixture->options, fixture->error, sizeof fixture->error);
        uint8_t *content = s_pattern (content_size);
        if (!mine)
            _exit (1);
        for (int n = 1;; n++) {
            int64_t seq = xc_journal_append (mine, s_request_id (n), (const uint8_t *) "r", 1, "killed", content,
                                             content_size);
            if (seq < 0 || write (pipe_fds[1], &seq, sizeof seq) != sizeof seq)
                _exit (1);
        }
    }
    close (pipe_fds[1]);
    int64_t seq = 0, acknowledged = 0;
    while (acknowledged < 20 && read (pipe_fds[0], &seq, sizeof seq) == sizeof seq)
        acknowledged = seq;
    usleep (3000);   /* somewhere inside a later append */
    kill (writer, SIGKILL);
    waitpid (writer, NULL, 0);
    while (read (pipe_fds[0], &seq, sizeof seq) == sizeof seq)
        acknowledged = seq;
    close (pipe_fds[0]);
    assert_true (acknowledged >= 20);

    journal = s_open (fixture);
    xc_entry_t *entries;
    size_t count;
    assert_int_equal (xc_journal_list (journal, true, &entries, &count), 0);
    assert_true ((int64_t) count == acknowledged || (int64_t) count == acknowledged + 1);   /* + the one in flight */
    uint8_t *content = s_pattern (content_size), *buffer = malloc (content_size + 1);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal (entries[i].content_size, (int64_t) content_size);
        assert_int_equal (xc_journal_content_read (journal, entries[i].seq, 0, buffer, content_size + 1),
                          (int64_t) content_size);
        assert_memory_equal (buffer, content, content_size);
    }
    xc_journal_entries_free (entries, count);
    free (buffer);
    free (content);
    xc_journal_close (&journal);
}

static double
s_seconds (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

/* Many entries, each appended (and fsync'd) on its own; the pending ones listed. 2,000 by
 * default: 10,000 fsync'd appends took 3–9 s here, 20 s under ASan on a busy machine.
 * XUNCHA_JOURNAL_TEST_ENTRIES=10000 runs the full size. */
static void
test_many_entries (void **state)
{
    fixture_t *fixture = *state;
    const char *many = getenv ("XUNCHA_JOURNAL_TEST_ENTRIES");
    int total = many && atoi (many) > 0 ? atoi (many) : 2000;
    xc_journal_t *journal = s_open (fixture);
    double start = s_seconds ();
    for (int n = 1; n <= total; n++)
        if (s_append (journal, n, "record\x1f" "add\x1f--title\x1f现场检查记录") != n)
            fail_msg ("append %d", n);
    double elapsed = s_seconds () - start;
    print_message ("%d appends in %.2f s: %.0f appends/s (each on disk)\n", total, elapsed, total / elapsed);

    int64_t *seqs = malloc ((size_t) total / 2 * sizeof *seqs);
    int64_t *results = malloc ((size_t) total / 2 * sizeof *results);
    for (int i = 0; i < total / 2; i++) {   /* every other entry done */
        seqs[i] = 2 * i + 1;
        results[i] = 1000 + i;
    }
    start = s_seconds ();
    assert_int_equal (xc_journal_mark_done_many (journal, seqs, results, (size_t) total / 2), 0);
    print_message ("%d marked done in one transaction in %.3f s\n", total / 2, s_seconds () - start);

    xc_entry_t *entries;
    size_t count;
    start = s_seconds ();
    assert_int_equal (xc_journal_list (journal, false, &entries, &count), 0);
    print_message ("%zu pending listed in %.3f s\n", count, s_seconds () - start);
    assert_int_equal (count, (size_t) (total - total / 2));
    for (size_t i = 0; i < count; i++) {
        assert_int_equal (entries[i].seq, 2 * (int64_t) i + 2);
        assert_string_equal (entries[i].request_id, s_request_id ((int) (2 * i + 2)));
    }
    xc_journal_entries_free (entries, count);
    assert_int_equal (xc_journal_count (journal, XC_ENTRY_DONE), (size_t) total / 2);
    assert_int_equal (xc_journal_list (journal, true, &entries, &count), 0);
    assert_int_equal (count, (size_t) total);
    xc_journal_entries_free (entries, count);

    /* the pending ones are found through the index on state, not by reading every row */
    sqlite3 *db;
    sqlite3_stmt *stmt;
    assert_int_equal (sqlite3_open (xc_journal_path (journal), &db), SQLITE_OK);
    assert_int_equal (sqlite3_prepare_v2 (db, "EXPLAIN QUERY PLAN SELECT seq FROM entry WHERE state = 0 ORDER BY seq",
                                          -1, &stmt, NULL),
                      SQLITE_OK);
    assert_int_equal (sqlite3_step (stmt), SQLITE_ROW);
    assert_contains ((const char *) sqlite3_column_text (stmt, 3), "entry_by_state");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    free (seqs);
    free (results);
    xc_journal_close (&journal);
}

int
main (void)
{
    if (sodium_init () < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown (test_append_get_and_content, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_states_and_order, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_reopen_keeps_everything, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_passphrase_and_key_file_modes, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_no_plaintext_on_disk, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_moved_value_does_not_open, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_cache, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_wipe, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_processes_write_at_once, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_killed_writer_leaves_whole_changes, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_many_entries, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
