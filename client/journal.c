/* journal — see journal.h.
 *
 * The file: one SQLite database, schema version in PRAGMA user_version.
 *
 *   meta     one row: the kind of key (key_file | passphrase), the salt the key is
 *            derived with, a known value sealed under the key (a wrong key does not
 *            open it: that is how open tells a wrong passphrase), the last sync
 *   entry    one row per change; request, command_line and reason sealed
 *   content  an entry's attachment bytes, sealed in chunks of 256 KiB
 *   cache    replies to reads, named by a keyed BLAKE2b hash of the query (so the
 *            query is not in the clear), the reply sealed
 *
 * A sealed value is nonce (24 bytes, random) ‖ XChaCha20-Poly1305 ciphertext ‖ tag; its
 * associated data names its row and column ("entry:5:request", "content:5:2",
 * "cache:<hash>:reply:<fetched_at>"), so a value copied to another row or column fails
 * to open. SQLite never sees a plaintext value, so neither the file nor its WAL can
 * hold one; secure_delete zeroes the pages a discard frees.
 *
 * The master key (from the CURVE secret key with keyed BLAKE2b, or from the passphrase
 * with Argon2id) only derives two subkeys (crypto_kdf): one seals, one hashes queries.
 *
 * Every change is one BEGIN IMMEDIATE … COMMIT; with journal_mode=WAL and
 * synchronous=FULL the COMMIT returns once the WAL is fsync'd. Several processes of the
 * same user may have the file open: the busy timeout makes a writer wait its turn. */
#include "journal.h"
#include "key_files.h"
#include "xc_clock.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_SCHEMA_VERSION 1
#define S_CHUNK_SIZE (256 * 1024)
#define S_BUSY_TIMEOUT_MS 5000
#define S_NONCE_SIZE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define S_TAG_SIZE crypto_aead_xchacha20poly1305_ietf_ABYTES
#define S_SALT_SIZE crypto_pwhash_SALTBYTES
#define S_KEY_SIZE 32
#define S_AD_SIZE 160
#define S_MODE_KEY_FILE "key_file"
#define S_MODE_PASSPHRASE "passphrase"
#define S_KEY_CONTEXT "xuncha journal key from the CURVE secret key, v1"
#define S_KDF_CONTEXT "xcjrnl01"         /* crypto_kdf: exactly 8 characters */
#define S_CHECK_VALUE "xuncha journal"   /* sealed in meta: opens only under the right key */
#define S_UTC_OFFSET (8 * 3600)          /* the committee's local time, as xc_clock */

struct _xc_journal_t {
    sqlite3 *db;
    char path[PATH_MAX];
    uint8_t seal_key[S_KEY_SIZE];    /* seals and opens every value */
    uint8_t query_key[S_KEY_SIZE];   /* keys the hash that names a cached query */
    bool opened;                     /* until then, open's error says what failed */
    int sync_lock;                   /* the "-sync" file, locked while this process synchronises; -1 */
    bool cache_batch;                /* between cache_begin and cache_commit: puts share one transaction */
};

static const char *const s_schema =
    "CREATE TABLE meta ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  mode TEXT NOT NULL CHECK (mode IN ('" S_MODE_KEY_FILE "', '" S_MODE_PASSPHRASE "')),"
    "  salt BLOB NOT NULL,"
    "  key_check BLOB NOT NULL,"
    "  last_sync TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE entry ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  request_id TEXT NOT NULL UNIQUE,"
    "  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  result_id INTEGER NOT NULL DEFAULT 0,"
    "  content_size INTEGER NOT NULL DEFAULT 0,"
    "  request BLOB,"
    "  command_line BLOB,"
    "  reason BLOB);"
    "CREATE INDEX entry_by_state ON entry (state, seq);"
    "CREATE TABLE content ("
    "  seq INTEGER NOT NULL REFERENCES entry (seq),"
    "  chunk INTEGER NOT NULL,"
    "  data BLOB NOT NULL,"
    "  PRIMARY KEY (seq, chunk));"
    "CREATE TABLE cache ("
    "  query_hash BLOB PRIMARY KEY,"
    "  reply BLOB NOT NULL,"
    "  fetched_at TEXT NOT NULL);";

/* ------------------------------------------------------------ small helpers */

/* A failure the caller only sees as -1: say what SQLite said (never a value: every
 * value is bound, none is in the statement's text). */
static void
s_complain (xc_journal_t *self, const char *doing)
{
    if (self->opened)
        fprintf (stderr, "xuncha: 本地日志%s失败：%s（%s）\n", doing, sqlite3_errmsg (self->db), self->path);
}

static void
s_now (char when[32])
{
    time_t local = xc_clock_now () + S_UTC_OFFSET;
    struct tm tm;
    gmtime_r (&local, &tm);
    strftime (when, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

static void
s_copy_text (char *to, size_t size, const unsigned char *from)
{
    snprintf (to, size, "%s", from ? (const char *) from : "");
}

static void
s_hex (const uint8_t *bytes, size_t size, char *hex)
{
    sodium_bin2hex (hex, 2 * size + 1, bytes, size);
}

/* DIR with "~/" expanded, and DIR/<key in hex>.db. -1 when too long. */
static int
s_paths (const xc_journal_options_t *options, char *directory, size_t directory_size, char *path,
         size_t path_size)
{
    return xc_key_files_path (options->dir, options->public_key, ".db", directory, directory_size, path, path_size);
}

/* Creates PATH 0600 when missing (SQLite would make it 0644; the -wal and -shm it makes
 * take the mode of the database), with its directory entry on disk. */
static int
s_create_file (const char *directory, const char *path)
{
    int fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? 0 : -1;
    int rc = fsync (fd);
    close (fd);
    return rc == 0 ? xc_key_files_sync_directory (directory) : -1;
}

/* ------------------------------------------------------------ sealing */

/* PLAIN sealed under the journal's key and bound to AD: nonce ‖ ciphertext ‖ tag,
 * malloc'd, *SEALED_SIZE bytes. */
static uint8_t *
s_seal (const xc_journal_t *self, const char *ad, const void *plain, size_t size, size_t *sealed_size)
{
    static const uint8_t nothing[1] = { 0 };
    uint8_t *sealed = malloc (S_NONCE_SIZE + size + S_TAG_SIZE);
    if (!sealed)
        return NULL;
    randombytes_buf (sealed, S_NONCE_SIZE);
    unsigned long long written;
    crypto_aead_xchacha20poly1305_ietf_encrypt (sealed + S_NONCE_SIZE, &written, plain ? plain : nothing, size,
                                                (const uint8_t *) ad, strlen (ad), NULL, sealed, self->seal_key);
    *sealed_size = S_NONCE_SIZE + (size_t) written;
    return sealed;
}

/* Opens SEALED (bound to AD) into *PLAIN, malloc'd and followed by a zero byte (so a
 * text opens as a string). -1 when it does not open: another key, another row, altered. */
static int
s_open (const xc_journal_t *self, const char *ad, const uint8_t *sealed, size_t sealed_size, uint8_t **plain,
        size_t *size)
{
    if (!sealed || sealed_size < S_NONCE_SIZE + S_TAG_SIZE)
        return -1;
    size_t capacity = sealed_size - S_NONCE_SIZE - S_TAG_SIZE;
    uint8_t *opened = malloc (capacity + 1);
    unsigned long long length;
    if (!opened
        || crypto_aead_xchacha20poly1305_ietf_decrypt (opened, &length, NULL, sealed + S_NONCE_SIZE,
                                                       sealed_size - S_NONCE_SIZE, (const uint8_t *) ad,
                                                       strlen (ad), sealed, self->seal_key) != 0) {
        free (opened);
        return -1;
    }
    opened[length] = 0;
    *plain = opened;
    if (size)
        *size = (size_t) length;
    return 0;
}

/* Opens column COLUMN of STMT's row; a NULL column opens to NULL. */
static int
s_open_column (const xc_journal_t *self, sqlite3_stmt *stmt, int column, const char *ad, uint8_t **plain,
               size_t *size)
{
    *plain = NULL;
    if (size)
        *size = 0;
    if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
        return 0;
    const uint8_t *sealed = sqlite3_column_blob (stmt, column);
    return s_open (self, ad, sealed, (size_t) sqlite3_column_bytes (stmt, column), plain, size);
}

/* Binds PLAIN sealed (or NULL when PLAIN is NULL) to parameter INDEX. */
static int
s_bind_sealed (const xc_journal_t *self, sqlite3_stmt *stmt, int index, const char *ad, const void *plain,
               size_t size)
{
    if (!plain)
        return sqlite3_bind_null (stmt, index);
    size_t sealed_size;
    uint8_t *sealed = s_seal (self, ad, plain, size, &sealed_size);
    if (!sealed)
        return SQLITE_NOMEM;
    return sqlite3_bind_blob (stmt, index, sealed, (int) sealed_size, free);   /* frees it, bound or not */
}

static void
s_entry_ad (char ad[S_AD_SIZE], int64_t seq, const char *column)
{
    snprintf (ad, S_AD_SIZE, "entry:%lld:%s", (long long) seq, column);
}

static void
s_content_ad (char ad[S_AD_SIZE], int64_t seq, int64_t chunk)
{
    snprintf (ad, S_AD_SIZE, "content:%lld:%lld", (long long) seq, (long long) chunk);
}

static void
s_cache_ad (char ad[S_AD_SIZE], const uint8_t hash[32], const char *fetched_at)
{
    char hex[65];
    s_hex (hash, 32, hex);
    snprintf (ad, S_AD_SIZE, "cache:%s:reply:%s", hex, fetched_at);
}

/* ------------------------------------------------------------ keys */

/* The master key of MODE from OPTIONS and SALT, into MASTER. -1 when Argon2id cannot
 * get its memory. */
static int
s_master_key (const xc_journal_options_t *options, const uint8_t salt[S_SALT_SIZE], uint8_t master[S_KEY_SIZE])
{
    if (options->passphrase)
        return crypto_pwhash (master, S_KEY_SIZE, options->passphrase, strlen (options->passphrase), salt,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13);
    uint8_t input[sizeof S_KEY_CONTEXT - 1 + S_SALT_SIZE];
    memcpy (input, S_KEY_CONTEXT, sizeof S_KEY_CONTEXT - 1);
    memcpy (input + sizeof S_KEY_CONTEXT - 1, salt, S_SALT_SIZE);
    return crypto_generichash (master, S_KEY_SIZE, input, sizeof input, options->secret_key, 32);
}

static void
s_use_master_key (xc_journal_t *self, uint8_t master[S_KEY_SIZE])
{
    crypto_kdf_derive_from_key (self->seal_key, S_KEY_SIZE, 1, S_KDF_CONTEXT, master);
    crypto_kdf_derive_from_key (self->query_key, S_KEY_SIZE, 2, S_KDF_CONTEXT, master);
    sodium_memzero (master, S_KEY_SIZE);
}

/* ------------------------------------------------------------ statements */

static sqlite3_stmt *
s_prepare (xc_journal_t *self, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        s_complain (self, "读取");
        return NULL;
    }
    return stmt;
}

static int
s_exec (xc_journal_t *self, const char *sql)
{
    return sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Steps STMT (a change) to its end and finalizes it; BIND_RC is what binding returned.
 * 0, or -1. */
static int
s_run (xc_journal_t *self, sqlite3_stmt *stmt, int bind_rc)
{
    if (!stmt)
        return -1;
    int rc = bind_rc == SQLITE_OK ? sqlite3_step (stmt) : bind_rc;
    sqlite3_finalize (stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        s_complain (self, "写入");
        return -1;
    }
    return 0;
}

/* One write transaction: the writer's lock taken up front (so a concurrent writer waits
 * on the busy timeout rather than failing at its first write). */
static int
s_begin (xc_journal_t *self)
{
    if (s_exec (self, "BEGIN IMMEDIATE") != 0) {
        s_complain (self, "写入");
        return -1;
    }
    return 0;
}

/* COMMIT when RC is 0 (the change is then on disk), else ROLLBACK. RC, or -1 when the
 * COMMIT failed. */
static int
s_end (xc_journal_t *self, int rc)
{
    if (rc == 0 && s_exec (self, "COMMIT") != 0) {
        s_complain (self, "写入");
        rc = -1;
    }
    if (rc != 0 && !sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* The number of rows the last change touched: 1 when it found its entry. */
static int
s_changed_one (xc_journal_t *self, int rc)
{
    return rc == 0 && sqlite3_changes (self->db) == 1 ? 0 : -1;
}

/* ------------------------------------------------------------ opening */

/* The pragmas of every connection. journal_mode=WAL is kept in the file; the others
 * hold for this connection. */
static int
s_configure (xc_journal_t *self)
{
    sqlite3_busy_timeout (self->db, S_BUSY_TIMEOUT_MS);
    sqlite3_stmt *stmt = s_prepare (self, "PRAGMA journal_mode = WAL");
    bool wal = stmt && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0)
               && strcmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
    sqlite3_finalize (stmt);
    return wal
                   && s_exec (self, "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;"
                                    " PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = ON")
                          == 0
               ? 0
               : -1;
}

static int
s_user_version (xc_journal_t *self)
{
    sqlite3_stmt *stmt = s_prepare (self, "PRAGMA user_version");
    int version = stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : -1;
    sqlite3_finalize (stmt);
    return version;
}

/* Binds meta's mode, SALT and sealed check value to STMT. */
static int
s_bind_meta (const xc_journal_t *self, sqlite3_stmt *stmt, const xc_journal_options_t *options,
             const uint8_t salt[S_SALT_SIZE])
{
    if (!stmt)
        return SQLITE_ERROR;
    int bound = sqlite3_bind_text (stmt, 1, options->passphrase ? S_MODE_PASSPHRASE : S_MODE_KEY_FILE, -1,
                                   SQLITE_STATIC);
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_blob (stmt, 2, salt, S_SALT_SIZE, SQLITE_TRANSIENT);
    if (bound == SQLITE_OK)
        bound = s_bind_sealed (self, stmt, 3, "meta:key_check", S_CHECK_VALUE, strlen (S_CHECK_VALUE));
    return bound;
}

/* Creates the schema and the meta row, unless another process did meanwhile (then the
 * caller reads that one's meta). The key is derived beforehand with a fresh salt: Argon2id
 * takes a moment, not to be spent holding the writer's lock. */
static int
s_create (xc_journal_t *self, const xc_journal_options_t *options, char *error, size_t error_size)
{
    uint8_t salt[S_SALT_SIZE], master[S_KEY_SIZE];
    randombytes_buf (salt, sizeof salt);
    if (s_master_key (options, salt, master) != 0) {
        snprintf (error, error_size, "无法由口令导出本地日志的密钥（内存不足）");
        return -1;
    }
    s_use_master_key (self, master);
    if (s_begin (self) != 0) {
        snprintf (error, error_size, "无法创建本地日志 %s：%s", self->path, sqlite3_errmsg (self->db));
        return -1;
    }
    int version = s_user_version (self);
    int rc = version < 0 ? -1 : 0;
    if (version == 0) {   /* else made by another process meanwhile */
        char pragma[64];
        snprintf (pragma, sizeof pragma, "PRAGMA user_version = %d", S_SCHEMA_VERSION);
        rc = s_exec (self, s_schema);
        if (rc == 0) {
            sqlite3_stmt *stmt = s_prepare (self, "INSERT INTO meta (id, mode, salt, key_check) VALUES (1, ?, ?, ?)");
            rc = s_run (self, stmt, s_bind_meta (self, stmt, options, salt));
        }
        if (rc == 0)
            rc = s_exec (self, pragma);
    }
    if (s_end (self, rc) != 0) {
        snprintf (error, error_size, "无法创建本地日志 %s：%s", self->path, sqlite3_errmsg (self->db));
        return -1;
    }
    return 0;
}

/* Reads meta and derives the key of the file's mode; refuses another mode or a key that
 * does not open the check value. */
static int
s_unlock (xc_journal_t *self, const xc_journal_options_t *options, char *error, size_t error_size)
{
    sqlite3_stmt *stmt = s_prepare (self, "SELECT mode, salt, key_check FROM meta WHERE id = 1");
    if (!stmt || sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_bytes (stmt, 1) != S_SALT_SIZE) {
        snprintf (error, error_size, "本地日志 %s 已损坏（缺少密钥信息）", self->path);
        sqlite3_finalize (stmt);
        return -1;
    }
    const unsigned char *mode = sqlite3_column_text (stmt, 0);
    bool passphrase_file = mode && strcmp ((const char *) mode, S_MODE_PASSPHRASE) == 0;
    int rc = -1;
    uint8_t master[S_KEY_SIZE], *check = NULL;
    size_t check_size = 0;
    if (passphrase_file && !options->passphrase)
        snprintf (error, error_size, "本地日志以口令加密，请提供口令（%s）", self->path);
    else if (!passphrase_file && options->passphrase)
        snprintf (error, error_size, "本地日志以密钥文件加密，不能用口令打开，请不要设置口令（%s）", self->path);
    else if (s_master_key (options, sqlite3_column_blob (stmt, 1), master) != 0)
        snprintf (error, error_size, "无法由口令导出本地日志的密钥（内存不足）");
    else {
        s_use_master_key (self, master);
        if (s_open_column (self, stmt, 2, "meta:key_check", &check, &check_size) == 0 && check
            && check_size == strlen (S_CHECK_VALUE) && memcmp (check, S_CHECK_VALUE, check_size) == 0)
            rc = 0;
        else if (passphrase_file)
            snprintf (error, error_size, "口令不正确，无法打开本地日志（%s）", self->path);
        else
            snprintf (error, error_size, "密钥文件与本地日志不符，无法打开（%s）", self->path);
    }
    free (check);
    sqlite3_finalize (stmt);
    return rc;
}

int
xc_journal_file (const xc_journal_options_t *options, char *path, size_t size)
{
    char directory[PATH_MAX];
    if (!options || !options->dir || !options->public_key)
        return -1;
    return s_paths (options, directory, sizeof directory, path, size);
}

xc_journal_t *
xc_journal_open (const xc_journal_options_t *options, char *error, size_t error_size)
{
    if (sodium_init () < 0) {
        snprintf (error, error_size, "无法初始化加密库（libsodium）");
        return NULL;
    }
    if (!options || !options->dir || !options->public_key || (!options->passphrase && !options->secret_key)) {
        snprintf (error, error_size, "本地日志缺少目录或密钥");
        return NULL;
    }
    xc_journal_t *self = calloc (1, sizeof *self);
    if (self)
        self->sync_lock = -1;
    char directory[PATH_MAX];
    if (!self)
        snprintf (error, error_size, "内存不足");
    else if (s_paths (options, directory, sizeof directory, self->path, sizeof self->path) != 0)
        snprintf (error, error_size, "本地日志目录的路径过长：%s", options->dir);
    else if (xc_key_files_make_directory (directory) != 0)
        snprintf (error, error_size, "无法创建本地日志目录 %s：%s", directory, strerror (errno));
    else if (s_create_file (directory, self->path) != 0)
        snprintf (error, error_size, "无法创建本地日志 %s：%s", self->path, strerror (errno));
    else if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
             || s_configure (self) != 0)
        snprintf (error, error_size, "无法打开本地日志 %s：%s", self->path,
                  self->db ? sqlite3_errmsg (self->db) : "内存不足");
    else {
        int version = s_user_version (self);
        if (version < 0)
            snprintf (error, error_size, "无法读取本地日志 %s：%s", self->path, sqlite3_errmsg (self->db));
        else if (version > S_SCHEMA_VERSION)
            snprintf (error, error_size, "本地日志 %s 的格式（版本 %d）比本程序新，请升级 xuncha", self->path,
                      version);
        else if ((version > 0 || s_create (self, options, error, error_size) == 0)
                 && s_unlock (self, options, error, error_size) == 0) {
            self->opened = true;
            return self;
        }
    }
    xc_journal_close (&self);
    return NULL;
}

void
xc_journal_close (xc_journal_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    xc_journal_t *self = *self_p;
    xc_journal_unlock_sync (self);
    if (self->db)
        sqlite3_close (self->db);   /* the last connection checkpoints and removes the WAL */
    sodium_memzero (self, sizeof *self);
    free (self);
    *self_p = NULL;
}

const char *
xc_journal_path (xc_journal_t *self)
{
    return self->path;
}

/* ------------------------------------------------------------ entries */

/* Stores CONTENT in sealed chunks of SEQ. */
static int
s_store_content (xc_journal_t *self, int64_t seq, const uint8_t *content, size_t content_size)
{
    int rc = 0;
    for (size_t offset = 0, chunk = 0; rc == 0 && offset < content_size; offset += S_CHUNK_SIZE, chunk++) {
        size_t size = content_size - offset < S_CHUNK_SIZE ? content_size - offset : S_CHUNK_SIZE;
        char ad[S_AD_SIZE];
        s_content_ad (ad, seq, (int64_t) chunk);
        sqlite3_stmt *stmt = s_prepare (self, "INSERT INTO content (seq, chunk, data) VALUES (?, ?, ?)");
        int bound = stmt ? sqlite3_bind_int64 (stmt, 1, seq) : SQLITE_ERROR;
        if (bound == SQLITE_OK)
            bound = sqlite3_bind_int64 (stmt, 2, (int64_t) chunk);
        if (bound == SQLITE_OK)
            bound = s_bind_sealed (self, stmt, 3, ad, content + offset, size);
        rc = s_run (self, stmt, bound);
    }
    return rc;
}

/* Binds the sealed request (parameter 1) and command line (parameter 2) of SEQ. */
static int
s_bind_request (xc_journal_t *self, sqlite3_stmt *stmt, int64_t seq, const uint8_t *request, size_t request_size,
                const char *command_line)
{
    static const uint8_t empty[1] = { 0 };
    char ad[S_AD_SIZE];
    s_entry_ad (ad, seq, "request");
    int bound = s_bind_sealed (self, stmt, 1, ad, request ? request : empty, request_size);
    s_entry_ad (ad, seq, "command_line");
    if (bound == SQLITE_OK)
        bound = s_bind_sealed (self, stmt, 2, ad, command_line, command_line ? strlen (command_line) : 0);
    return bound;
}

int64_t
xc_journal_append (xc_journal_t *self, const char *request_id, const uint8_t *request, size_t request_size,
                   const char *command_line, const uint8_t *content, size_t content_size)
{
    if (!request_id || strlen (request_id) > 36 || (content_size > 0 && !content) || s_begin (self) != 0)
        return -1;
    char now[32];
    s_now (now);
    sqlite3_stmt *stmt = s_prepare (self, "INSERT INTO entry (request_id, state, created_at, updated_at, content_size)"
                                          " VALUES (?, 0, ?, ?, ?)");
    int bound = stmt ? sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_STATIC) : SQLITE_ERROR;
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_int64 (stmt, 4, (int64_t) content_size);
    int rc = s_run (self, stmt, bound);
    int64_t seq = sqlite3_last_insert_rowid (self->db);
    if (rc == 0) {   /* the values are bound to the row, whose number is known now */
        stmt = s_prepare (self, "UPDATE entry SET request = ?, command_line = ? WHERE seq = ?");
        bound = stmt ? s_bind_request (self, stmt, seq, request, request_size, command_line) : SQLITE_ERROR;
        if (bound == SQLITE_OK)
            bound = sqlite3_bind_int64 (stmt, 3, seq);
        rc = s_run (self, stmt, bound);
    }
    if (rc == 0)
        rc = s_store_content (self, seq, content, content_size);
    return s_end (self, rc) == 0 ? seq : -1;
}

#define S_ENTRY_COLUMNS                                                                                     \
    "seq, request_id, state, created_at, updated_at, result_id, content_size, request, command_line, reason"

/* The entry of STMT's row, its sealed values opened. */
static int
s_read_entry (xc_journal_t *self, sqlite3_stmt *stmt, xc_entry_t *entry)
{
    memset (entry, 0, sizeof *entry);
    entry->seq = sqlite3_column_int64 (stmt, 0);
    s_copy_text (entry->request_id, sizeof entry->request_id, sqlite3_column_text (stmt, 1));
    entry->state = (xc_entry_state_t) sqlite3_column_int (stmt, 2);
    s_copy_text (entry->created_at, sizeof entry->created_at, sqlite3_column_text (stmt, 3));
    s_copy_text (entry->updated_at, sizeof entry->updated_at, sqlite3_column_text (stmt, 4));
    entry->result_id = sqlite3_column_int64 (stmt, 5);
    entry->content_size = sqlite3_column_int64 (stmt, 6);
    char ad[S_AD_SIZE];
    uint8_t *command_line = NULL, *reason = NULL;
    s_entry_ad (ad, entry->seq, "request");
    int rc = s_open_column (self, stmt, 7, ad, &entry->request, &entry->request_size);
    s_entry_ad (ad, entry->seq, "command_line");
    if (rc == 0)
        rc = s_open_column (self, stmt, 8, ad, &command_line, NULL);
    entry->command_line = (char *) command_line;
    s_entry_ad (ad, entry->seq, "reason");
    if (rc == 0)
        rc = s_open_column (self, stmt, 9, ad, &reason, NULL);
    entry->reason = (char *) reason;
    if (rc != 0) {
        fprintf (stderr, "xuncha: 本地日志第 %lld 条无法解密（已被改动或损坏）（%s）\n", (long long) entry->seq,
                 self->path);
        xc_entry_clear (entry);
    }
    return rc;
}

int
xc_journal_get (xc_journal_t *self, int64_t seq, xc_entry_t *entry)
{
    memset (entry, 0, sizeof *entry);
    sqlite3_stmt *stmt = s_prepare (self, "SELECT " S_ENTRY_COLUMNS " FROM entry WHERE seq = ?");
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, seq);
    int rc = sqlite3_step (stmt) == SQLITE_ROW ? s_read_entry (self, stmt, entry) : -1;
    sqlite3_finalize (stmt);
    return rc;
}

int
xc_journal_state (xc_journal_t *self, int64_t seq, xc_entry_state_t *state, int64_t *result_id)
{
    sqlite3_stmt *stmt = s_prepare (self, "SELECT state, result_id FROM entry WHERE seq = ?");
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, seq);
    int rc = -1;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        *state = (xc_entry_state_t) sqlite3_column_int (stmt, 0);
        *result_id = sqlite3_column_int64 (stmt, 1);
        rc = 0;
    }
    sqlite3_finalize (stmt);
    return rc;
}

int
xc_journal_list (xc_journal_t *self, bool all, xc_entry_t **entries, size_t *count)
{
    *entries = NULL;
    *count = 0;
    sqlite3_stmt *stmt = s_prepare (self, all ? "SELECT " S_ENTRY_COLUMNS " FROM entry ORDER BY seq"
                                              : "SELECT " S_ENTRY_COLUMNS " FROM entry WHERE state = 0 ORDER BY seq");
    if (!stmt)
        return -1;
    size_t capacity = 0;
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step (stmt)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity ? 2 * capacity : 64;
            xc_entry_t *grown = realloc (*entries, capacity * sizeof **entries);
            if (!grown) {
                rc = -1;
                break;
            }
            *entries = grown;
        }
        rc = s_read_entry (self, stmt, &(*entries)[*count]);
        if (rc == 0)
            (*count)++;
    }
    if (rc == 0 && step != SQLITE_DONE) {
        s_complain (self, "读取");
        rc = -1;
    }
    sqlite3_finalize (stmt);
    if (rc != 0) {
        xc_journal_entries_free (*entries, *count);
        *entries = NULL;
        *count = 0;
    }
    return rc;
}

void
xc_entry_clear (xc_entry_t *entry)
{
    if (!entry)
        return;
    if (entry->request)
        sodium_memzero (entry->request, entry->request_size);
    if (entry->command_line)
        sodium_memzero (entry->command_line, strlen (entry->command_line));
    if (entry->reason)
        sodium_memzero (entry->reason, strlen (entry->reason));
    free (entry->request);
    free (entry->command_line);
    free (entry->reason);
    memset (entry, 0, sizeof *entry);
}

void
xc_journal_entries_free (xc_entry_t *entries, size_t count)
{
    for (size_t i = 0; entries && i < count; i++)
        xc_entry_clear (&entries[i]);
    free (entries);
}

size_t
xc_journal_count (xc_journal_t *self, xc_entry_state_t state)
{
    sqlite3_stmt *stmt = s_prepare (self, "SELECT count(*) FROM entry WHERE state = ?");
    if (!stmt)
        return 0;
    sqlite3_bind_int (stmt, 1, (int) state);
    size_t count = sqlite3_step (stmt) == SQLITE_ROW ? (size_t) sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_finalize (stmt);
    return count;
}

int64_t
xc_journal_find (xc_journal_t *self, const char *request_id)
{
    sqlite3_stmt *stmt = s_prepare (self, "SELECT seq FROM entry WHERE request_id = ?");
    if (!stmt)
        return 0;
    sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_STATIC);
    int64_t seq = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_finalize (stmt);
    return seq;
}

/* A file of its own, not the database: closing any descriptor of the database would
 * drop SQLite's POSIX locks on it. */
int
xc_journal_lock_sync (xc_journal_t *self, bool wait)
{
    if (self->sync_lock >= 0)
        return 0;
    char path[PATH_MAX + 8];
    snprintf (path, sizeof path, "%s-sync", self->path);
    self->sync_lock = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (self->sync_lock < 0)
        return -1;
    while (flock (self->sync_lock, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0)
        if (errno != EINTR) {
            int busy = errno == EWOULDBLOCK;
            close (self->sync_lock);
            self->sync_lock = -1;
            return busy ? 1 : -1;
        }
    return 0;
}

void
xc_journal_unlock_sync (xc_journal_t *self)
{
    if (self->sync_lock >= 0) {
        flock (self->sync_lock, LOCK_UN);
        close (self->sync_lock);
        self->sync_lock = -1;
    }
}

/* ------------------------------------------------------------ state changes */

/* SEQ done with RESULT_ID, inside the caller's transaction. Its content is no longer
 * needed (the server has it): deleted. */
static int
s_mark_done (xc_journal_t *self, int64_t seq, int64_t result_id, const char *now)
{
    sqlite3_stmt *stmt = s_prepare (self, "UPDATE entry SET state = 1, result_id = ?, reason = NULL, content_size = 0,"
                                          " updated_at = ? WHERE seq = ? AND state != 3");
    int bound = stmt ? sqlite3_bind_int64 (stmt, 1, result_id) : SQLITE_ERROR;
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_int64 (stmt, 3, seq);
    int rc = s_changed_one (self, s_run (self, stmt, bound));
    if (rc == 0) {
        stmt = s_prepare (self, "DELETE FROM content WHERE seq = ?");
        rc = s_run (self, stmt, stmt ? sqlite3_bind_int64 (stmt, 1, seq) : SQLITE_ERROR);
    }
    return rc;
}

int
xc_journal_mark_done (xc_journal_t *self, int64_t seq, int64_t result_id)
{
    return xc_journal_mark_done_many (self, &seq, &result_id, 1);
}

int
xc_journal_mark_done_many (xc_journal_t *self, const int64_t *seqs, const int64_t *result_ids, size_t count)
{
    if (count == 0)
        return 0;
    if (s_begin (self) != 0)
        return -1;
    char now[32];
    s_now (now);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < count; i++)
        rc = s_mark_done (self, seqs[i], result_ids ? result_ids[i] : 0, now);
    return s_end (self, rc);
}

int
xc_journal_mark_refused (xc_journal_t *self, int64_t seq, const char *reason)
{
    if (s_begin (self) != 0)
        return -1;
    char now[32], ad[S_AD_SIZE];
    s_now (now);
    s_entry_ad (ad, seq, "reason");
    sqlite3_stmt *stmt
        = s_prepare (self, "UPDATE entry SET state = 2, reason = ?, updated_at = ? WHERE seq = ? AND state != 3");
    int bound = stmt ? s_bind_sealed (self, stmt, 1, ad, reason, reason ? strlen (reason) : 0) : SQLITE_ERROR;
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_int64 (stmt, 3, seq);
    return s_end (self, s_changed_one (self, s_run (self, stmt, bound)));
}

/* SEQ's state; -1 when there is no such entry. */
static int
s_state (xc_journal_t *self, int64_t seq)
{
    sqlite3_stmt *stmt = s_prepare (self, "SELECT state FROM entry WHERE seq = ?");
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, seq);
    int state = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : -1;
    sqlite3_finalize (stmt);
    return state;
}

int
xc_journal_discard (xc_journal_t *self, int64_t seq)
{
    if (s_begin (self) != 0)
        return -1;
    int state = s_state (self, seq);
    if (state == XC_ENTRY_DISCARDED)
        return s_end (self, 0);   /* already: nothing to do */
    /* a done entry was committed by the server: discarding it would misstate that */
    int rc = state == XC_ENTRY_PENDING || state == XC_ENTRY_REFUSED ? 0 : -1;
    char now[32];
    s_now (now);
    sqlite3_stmt *stmt = rc == 0 ? s_prepare (self, "UPDATE entry SET state = 3, request = NULL, command_line = NULL,"
                                                    " reason = NULL, content_size = 0, updated_at = ? WHERE seq = ?")
                                 : NULL;
    if (stmt) {
        int bound = sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
        if (bound == SQLITE_OK)
            bound = sqlite3_bind_int64 (stmt, 2, seq);
        rc = s_run (self, stmt, bound);
    }
    else
        rc = -1;
    if (rc == 0) {
        stmt = s_prepare (self, "DELETE FROM content WHERE seq = ?");
        rc = s_run (self, stmt, stmt ? sqlite3_bind_int64 (stmt, 1, seq) : SQLITE_ERROR);
    }
    rc = s_end (self, rc);
    /* the sealed values' old pages may still be in the WAL: move them into the file,
     * where secure_delete has zeroed them, and empty the WAL (best effort: frames a
     * reader of another process still needs stay until it is done) */
    if (rc == 0)
        sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    return rc;
}

int
xc_journal_replace (xc_journal_t *self, int64_t seq, const char *request_id, const uint8_t *request,
                    size_t request_size, const char *command_line)
{
    if (!request_id || strlen (request_id) > 36 || s_begin (self) != 0)
        return -1;
    char now[32];
    s_now (now);
    sqlite3_stmt *stmt = s_prepare (self, "UPDATE entry SET request = ?, command_line = ?, request_id = ?, state = 0,"
                                          " reason = NULL, result_id = 0, updated_at = ?"
                                          " WHERE seq = ? AND state IN (0, 2)");
    int bound = stmt ? s_bind_request (self, stmt, seq, request, request_size, command_line) : SQLITE_ERROR;
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_text (stmt, 3, request_id, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_int64 (stmt, 5, seq);
    return s_end (self, s_changed_one (self, s_run (self, stmt, bound)));
}

/* ------------------------------------------------------------ content */

/* Copies what chunk CHUNK of SEQ holds from WITHIN on into BUFFER (up to SIZE bytes).
 * The bytes copied, or -1. */
static int64_t
s_read_chunk (xc_journal_t *self, sqlite3_stmt *stmt, int64_t seq, int64_t chunk, size_t within, uint8_t *buffer,
              size_t size)
{
    sqlite3_reset (stmt);
    sqlite3_bind_int64 (stmt, 1, seq);
    sqlite3_bind_int64 (stmt, 2, chunk);
    if (sqlite3_step (stmt) != SQLITE_ROW)
        return -1;
    char ad[S_AD_SIZE];
    s_content_ad (ad, seq, chunk);
    uint8_t *plain;
    size_t plain_size;
    if (s_open_column (self, stmt, 0, ad, &plain, &plain_size) != 0 || !plain || plain_size <= within) {
        fprintf (stderr, "xuncha: 本地日志第 %lld 条的附件内容无法解密（已被改动或损坏）（%s）\n", (long long) seq,
                 self->path);
        free (plain);
        return -1;
    }
    size_t copied = plain_size - within < size ? plain_size - within : size;
    memcpy (buffer, plain + within, copied);
    sodium_memzero (plain, plain_size);
    free (plain);
    return (int64_t) copied;
}

int64_t
xc_journal_content_read (xc_journal_t *self, int64_t seq, int64_t offset, uint8_t *buffer, size_t size)
{
    if (offset < 0 || s_exec (self, "BEGIN") != 0)   /* one snapshot for every chunk */
        return -1;
    sqlite3_stmt *stmt = s_prepare (self, "SELECT content_size FROM entry WHERE seq = ?");
    int64_t total = -1;
    if (stmt) {
        sqlite3_bind_int64 (stmt, 1, seq);
        if (sqlite3_step (stmt) == SQLITE_ROW)
            total = sqlite3_column_int64 (stmt, 0);
        sqlite3_finalize (stmt);
    }
    int64_t done = total < 0 ? -1 : 0;
    if (total > offset && (uint64_t) (total - offset) < size)
        size = (size_t) (total - offset);
    stmt = done == 0 && offset < total ? s_prepare (self, "SELECT data FROM content WHERE seq = ? AND chunk = ?")
                                       : NULL;
    while (stmt && done >= 0 && (size_t) done < size) {
        int64_t at = offset + done;
        int64_t got = s_read_chunk (self, stmt, seq, at / S_CHUNK_SIZE, (size_t) (at % S_CHUNK_SIZE), buffer + done,
                                    size - (size_t) done);
        done = got < 0 ? -1 : done + got;
    }
    sqlite3_finalize (stmt);
    s_exec (self, "COMMIT");
    return done;
}

/* ------------------------------------------------------------ cache */

static void
s_query_hash (const xc_journal_t *self, const uint8_t *query, size_t query_size, uint8_t hash[32])
{
    crypto_generichash (hash, 32, query, query_size, self->query_key, S_KEY_SIZE);
}

int
xc_journal_cache_put (xc_journal_t *self, const uint8_t *query, size_t query_size, const uint8_t *reply,
                      size_t reply_size)
{
    static const uint8_t empty[1] = { 0 };
    if (!self->cache_batch && s_begin (self) != 0)
        return -1;
    uint8_t hash[32];
    char now[32], ad[S_AD_SIZE];
    s_query_hash (self, query, query_size, hash);
    s_now (now);
    s_cache_ad (ad, hash, now);
    sqlite3_stmt *stmt = s_prepare (self, "INSERT INTO cache (query_hash, reply, fetched_at) VALUES (?, ?, ?)"
                                          " ON CONFLICT (query_hash) DO UPDATE"
                                          " SET reply = excluded.reply, fetched_at = excluded.fetched_at");
    int bound = stmt ? sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_STATIC) : SQLITE_ERROR;
    if (bound == SQLITE_OK)
        bound = s_bind_sealed (self, stmt, 2, ad, reply ? reply : empty, reply_size);
    if (bound == SQLITE_OK)
        bound = sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
    int rc = s_run (self, stmt, bound);
    return self->cache_batch ? rc : s_end (self, rc);
}

int
xc_journal_cache_begin (xc_journal_t *self)
{
    if (self->cache_batch || s_begin (self) != 0)
        return -1;
    self->cache_batch = true;
    return 0;
}

int
xc_journal_cache_commit (xc_journal_t *self)
{
    if (!self->cache_batch)
        return -1;
    self->cache_batch = false;
    return s_end (self, 0);
}

bool
xc_journal_cache_has (xc_journal_t *self, const uint8_t *query, size_t query_size)
{
    uint8_t hash[32];
    s_query_hash (self, query, query_size, hash);
    sqlite3_stmt *stmt = s_prepare (self, "SELECT 1 FROM cache WHERE query_hash = ?");
    if (!stmt)
        return false;
    sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_finalize (stmt);
    return found;
}

int
xc_journal_cache_get (xc_journal_t *self, const uint8_t *query, size_t query_size, uint8_t **reply,
                      size_t *reply_size, char fetched_at[32])
{
    *reply = NULL;
    *reply_size = 0;
    fetched_at[0] = 0;
    uint8_t hash[32];
    s_query_hash (self, query, query_size, hash);
    sqlite3_stmt *stmt = s_prepare (self, "SELECT reply, fetched_at FROM cache WHERE query_hash = ?");
    if (!stmt)
        return -1;
    sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_STATIC);
    int rc = -1;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        char ad[S_AD_SIZE], when[32];
        s_copy_text (when, sizeof when, sqlite3_column_text (stmt, 1));
        s_cache_ad (ad, hash, when);
        rc = s_open_column (self, stmt, 0, ad, reply, reply_size);
        if (rc == 0 && *reply)
            memcpy (fetched_at, when, sizeof when);
        else {
            fprintf (stderr, "xuncha: 本地日志的缓存无法解密（已被改动或损坏）（%s）\n", self->path);
            rc = -1;
        }
    }
    sqlite3_finalize (stmt);
    return rc;
}

/* ------------------------------------------------------------ last sync */

int
xc_journal_set_last_sync (xc_journal_t *self)
{
    if (s_begin (self) != 0)
        return -1;
    char now[32];
    s_now (now);
    sqlite3_stmt *stmt = s_prepare (self, "UPDATE meta SET last_sync = ? WHERE id = 1");
    return s_end (self, s_run (self, stmt, stmt ? sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC) : SQLITE_ERROR));
}

void
xc_journal_last_sync (xc_journal_t *self, char when[32])
{
    when[0] = 0;
    sqlite3_stmt *stmt = s_prepare (self, "SELECT last_sync FROM meta WHERE id = 1");
    if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
        s_copy_text (when, 32, sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
}

/* ------------------------------------------------------------ wipe */

/* Overwrites PATH (its whole length) with random bytes, flushes and unlinks it. 0 also
 * when there is no such file. */
static int
s_shred (const char *path)
{
    int fd = open (path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    struct stat status;
    int rc = fstat (fd, &status);
    uint8_t noise[64 * 1024];
    for (off_t at = 0; rc == 0 && at < status.st_size;) {
        size_t size = status.st_size - at < (off_t) sizeof noise ? (size_t) (status.st_size - at) : sizeof noise;
        randombytes_buf (noise, size);
        ssize_t written = pwrite (fd, noise, size, at);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            rc = -1;
        else
            at += written;
    }
    if (rc == 0)
        rc = fsync (fd);
    int saved = errno;
    close (fd);
    errno = saved;
    return rc == 0 && unlink (path) == 0 ? 0 : -1;
}

int
xc_journal_wipe (const xc_journal_options_t *options, char *error, size_t error_size)
{
    char directory[PATH_MAX], path[PATH_MAX];
    if (sodium_init () < 0 || !options || !options->dir || !options->public_key
        || s_paths (options, directory, sizeof directory, path, sizeof path) != 0) {
        snprintf (error, error_size, "无法确定本地日志的位置");
        return -1;
    }
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", "-sync" };
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char file[PATH_MAX + 16];
        snprintf (file, sizeof file, "%s%s", path, suffixes[i]);
        if (s_shred (file) != 0) {
            snprintf (error, error_size, "无法抹除本地日志 %s：%s", file, strerror (errno));
            return -1;
        }
    }
    if (xc_key_files_sync_directory (directory) != 0 && errno != ENOENT) {
        snprintf (error, error_size, "无法将本地日志目录 %s 写入磁盘：%s", directory, strerror (errno));
        return -1;
    }
    return 0;
}
