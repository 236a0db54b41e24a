/* identity_seal — see identity_seal.h. */
#include "identity_seal.h"
#include "xc_log.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

/* The loaded identity key; set before the workers start, read-only after. */
static struct {
    bool loaded;
    uint8_t public_key[crypto_box_PUBLICKEYBYTES];
    char public_z85[41];
    uint8_t *secret_key;   /* sodium_malloc'd: guarded, locked, wiped on free */
} s_key;

/* ------------------------------------------------------------ the key file */

#define XC_KEY_FILE_NOTE \
    "# xuncha 信访人身份密钥（xunchad 的 identity_key）。私钥只在此文件中：只让运行 xunchad 的账号读取，\n" \
    "# 并另行妥善备份——丢失它，以它加密的信访人身份将再也无法解密。\n"

int
xc_identity_key_create (const char *path, char public_key[41], char *error, size_t error_size)
{
    uint8_t public_raw[crypto_box_PUBLICKEYBYTES], secret_raw[crypto_box_SECRETKEYBYTES];
    char secret_z85[41];
    int fd = open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 && errno == EEXIST)
        snprintf (error, error_size, "文件 %s 已存在：身份密钥不能覆盖（覆盖即再也无法解密以它加密的身份）", path);
    else if (fd < 0)
        snprintf (error, error_size, "无法创建文件 %s：%s", path, strerror (errno));
    if (fd < 0)
        return -1;
    crypto_box_keypair (public_raw, secret_raw);
    zmq_z85_encode (public_key, public_raw, sizeof public_raw);
    zmq_z85_encode (secret_z85, secret_raw, sizeof secret_raw);
    FILE *file = fdopen (fd, "w");
    int written = file && fchmod (fd, 0600) == 0
                  && fprintf (file, XC_KEY_FILE_NOTE "public = %s\nsecret = %s\n", public_key, secret_z85) > 0;
    int closed = file ? fclose (file) : close (fd);
    sodium_memzero (secret_raw, sizeof secret_raw);
    sodium_memzero (secret_z85, sizeof secret_z85);
    if (!written || closed != 0) {
        snprintf (error, error_size, "无法写入文件 %s：%s", path, strerror (errno));
        unlink (path);
        return -1;
    }
    return 0;
}

/* The Z85 value of "NAME = VALUE" in LINE into RAW (32 bytes); false when LINE is not it. */
static bool
s_key_line (const char *line, const char *name, uint8_t raw[32])
{
    size_t length = strlen (name);
    if (strncmp (line, name, length) != 0)
        return false;
    line += length;
    line += strspn (line, " \t");
    if (*line++ != '=')
        return false;
    line += strspn (line, " \t");
    char z85[41];
    if (strcspn (line, " \t\r\n") != 40)
        return false;
    memcpy (z85, line, 40);
    z85[40] = 0;
    bool ok = zmq_z85_decode (raw, z85) != NULL;
    sodium_memzero (z85, sizeof z85);
    return ok;
}

/* Reads both halves from the file open as FD (read whole into a buffer that is wiped
 * after, not through stdio's); false when either is missing or malformed. */
static bool
s_read_key_file (int fd, uint8_t public_raw[32], uint8_t secret_raw[32])
{
    char text[4096];   /* a key file is a few hundred bytes */
    size_t length = 0;
    ssize_t got;
    while (length < sizeof text - 1 && (got = read (fd, text + length, sizeof text - 1 - length)) > 0)
        length += (size_t) got;
    text[length] = 0;
    bool public_found = false, secret_found = false;
    for (char *line = text; line; line = strchr (line, '\n') ? strchr (line, '\n') + 1 : NULL) {
        public_found = s_key_line (line, "public", public_raw) || public_found;
        secret_found = s_key_line (line, "secret", secret_raw) || secret_found;
    }
    sodium_memzero (text, sizeof text);
    return public_found && secret_found;
}

int
xc_identity_key_load (const char *path, char *error, size_t error_size)
{
    struct stat status;
    int fd = open (path, O_RDONLY);
    if (fd < 0 || fstat (fd, &status) != 0) {
        snprintf (error, error_size, "无法读取身份密钥文件 %s：%s", path, strerror (errno));
        if (fd >= 0)
            close (fd);
        return -1;
    }
    if (status.st_mode & (S_IROTH | S_IWOTH)) {
        snprintf (error, error_size, "身份密钥文件 %s 的权限过宽（%03o，其他用户可读写）：请执行 chmod 600 %s", path,
                  (unsigned) (status.st_mode & 0777), path);
        close (fd);
        return -1;
    }
    uint8_t public_raw[32], secret_raw[32], derived[32];
    bool read = s_read_key_file (fd, public_raw, secret_raw);
    close (fd);
    bool matching = read && crypto_scalarmult_base (derived, secret_raw) == 0
                    && sodium_memcmp (derived, public_raw, sizeof derived) == 0;
    if (matching)
        xc_identity_key_set (public_raw, secret_raw);
    else
        snprintf (error, error_size, read ? "身份密钥文件 %s 的公钥与私钥不是一对" :
                  "身份密钥文件 %s 格式不对：应有 public = … 与 secret = … 两行（由 xunchad identity-keygen 生成）", path);
    sodium_memzero (secret_raw, sizeof secret_raw);
    return matching ? 0 : -1;
}

void
xc_identity_key_set (const uint8_t public_key[32], const uint8_t secret_key[32])
{
    xc_identity_key_forget ();
    s_key.secret_key = sodium_malloc (crypto_box_SECRETKEYBYTES);
    if (!s_key.secret_key)
        return;
    memcpy (s_key.secret_key, secret_key, crypto_box_SECRETKEYBYTES);
    sodium_mprotect_readonly (s_key.secret_key);
    memcpy (s_key.public_key, public_key, sizeof s_key.public_key);
    zmq_z85_encode (s_key.public_z85, s_key.public_key, sizeof s_key.public_key);
    s_key.loaded = true;
}

void
xc_identity_key_forget (void)
{
    if (s_key.secret_key)
        sodium_free (s_key.secret_key);   /* wipes it */
    s_key.secret_key = NULL;
    s_key.loaded = false;
    s_key.public_z85[0] = 0;
}

const char *
xc_identity_key_public (void)
{
    return s_key.loaded ? s_key.public_z85 : NULL;
}

/* ------------------------------------------------------------ sealing and opening */

uint8_t *
xc_identity_seal (const Xuncha__PetitionerIdentity *who, size_t *size)
{
    if (!s_key.loaded)
        return NULL;
    size_t length = protobuf_c_message_get_packed_size (&who->base);
    uint8_t *plain = malloc (length ? length : 1);
    uint8_t *sealed = malloc (length + crypto_box_SEALBYTES);
    if (plain && sealed) {
        protobuf_c_message_pack (&who->base, plain);
        crypto_box_seal (sealed, plain, length, s_key.public_key);
        *size = length + crypto_box_SEALBYTES;
    }
    if (plain)
        sodium_memzero (plain, length);
    free (plain);
    if (!plain) {
        free (sealed);
        return NULL;
    }
    return sealed;
}

xc_identity_outcome_t
xc_identity_open (const uint8_t *sealed, size_t size, const char *sealed_to, Xuncha__PetitionerIdentity **who)
{
    *who = NULL;
    if (!s_key.loaded)
        return XC_IDENTITY_NO_KEY;
    if (sealed_to && strcmp (sealed_to, s_key.public_z85) != 0)
        return XC_IDENTITY_OTHER_KEY;
    if (size < crypto_box_SEALBYTES)
        return XC_IDENTITY_DAMAGED;
    size_t length = size - crypto_box_SEALBYTES;
    uint8_t *plain = malloc (length ? length : 1);
    if (!plain)
        return XC_IDENTITY_DAMAGED;
    if (crypto_box_seal_open (plain, sealed, size, s_key.public_key, s_key.secret_key) == 0)
        *who = xuncha__petitioner_identity__unpack (NULL, length, plain);
    sodium_memzero (plain, length);
    free (plain);
    return *who ? XC_IDENTITY_OPENED : XC_IDENTITY_DAMAGED;
}

const char *
xc_identity_outcome_text (xc_identity_outcome_t outcome)
{
    switch (outcome) {
        case XC_IDENTITY_OPENED: return "";
        case XC_IDENTITY_NO_KEY:
            return "信访人身份已加密保存，本服务器未配置身份密钥（xunchad 的 identity_key），无法解密";
        case XC_IDENTITY_OTHER_KEY:
            return "信访人身份以另一把身份密钥加密，本服务器配置的 identity_key 不是它，无法解密";
        default: return "信访人身份的密文已损坏，无法解密";
    }
}

/* ------------------------------------------------------------ plaintext left from before */

static bool
s_run (PGconn *db, const char *sql)
{
    PGresult *result = PQexec (db, sql);
    bool ok = PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;
    PQclear (result);
    return ok;
}

/* 1 while rows recorded before migration 009 may still hold plaintext (the constraint
 * that forbids it is not validated yet), 0 when none can, -1 when unknown. */
static int
s_plaintext_may_remain (PGconn *db)
{
    PGresult *result = PQexec (db,
        "SELECT NOT convalidated FROM pg_constraint"
        " WHERE conrelid = 'petitioner_identity'::regclass AND conname = 'petitioner_identity_sealed'");
    int pending = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1
                  ? *PQgetvalue (result, 0, 0) == 't' : -1;
    PQclear (result);
    return pending;
}

/* Seals the row ROW of RESULT (record_id, name, contact, id_number, address). */
static bool
s_seal_row (PGconn *db, const PGresult *result, int row)
{
    Xuncha__PetitionerIdentity who = XUNCHA__PETITIONER_IDENTITY__INIT;
    who.name = PQgetvalue (result, row, 1);
    who.contact = PQgetvalue (result, row, 2);
    who.id_number = PQgetvalue (result, row, 3);
    who.address = PQgetvalue (result, row, 4);
    size_t size;
    uint8_t *sealed = xc_identity_seal (&who, &size);
    if (!sealed)
        return false;
    const char *params[] = { PQgetvalue (result, row, 0), (const char *) sealed, s_key.public_z85 };
    const int lengths[] = { 0, (int) size, 0 };
    const int formats[] = { 0, 1, 0 };
    PGresult *update = PQexecParams (db,
        "UPDATE petitioner_identity SET sealed = $2, sealed_to = $3, name = NULL, contact = NULL, id_number = NULL,"
        " address = NULL WHERE record_id = $1", 3, NULL, params, lengths, formats, 0);
    bool ok = PQresultStatus (update) == PGRES_COMMAND_OK;
    PQclear (update);
    free (sealed);
    return ok;
}

/* Inside the open transaction: every plaintext row sealed; their count, or -1. Row
 * security is lifted for this transaction alone (the owner may: 008 says how), as the
 * rows of every group must be reached; the ALTERs take effect, and hold the table, only
 * until COMMIT. */
static long
s_seal_all (PGconn *db)
{
    PGresult *forced = PQexec (db, "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'petitioner_identity'::regclass");
    bool was_forced = PQresultStatus (forced) == PGRES_TUPLES_OK && PQntuples (forced) == 1
                      && *PQgetvalue (forced, 0, 0) == 't';
    PQclear (forced);
    if (!s_run (db, "SET LOCAL lock_timeout = '10s'")
        || !s_run (db, "ALTER TABLE petitioner_identity NO FORCE ROW LEVEL SECURITY"))
        return -1;
    PGresult *rows = PQexec (db, "SELECT record_id, coalesce(name, ''), coalesce(contact, ''), coalesce(id_number, ''),"
                                 " coalesce(address, '') FROM petitioner_identity WHERE sealed IS NULL FOR UPDATE");
    if (PQresultStatus (rows) != PGRES_TUPLES_OK) {
        PQclear (rows);
        return -1;
    }
    long count = PQntuples (rows);
    for (int row = 0; row < PQntuples (rows) && count >= 0; row++)
        if (!s_seal_row (db, rows, row))
            count = -1;
    PQclear (rows);
    if (count < 0 || !s_run (db, "ALTER TABLE petitioner_identity VALIDATE CONSTRAINT petitioner_identity_sealed")
        || (was_forced && !s_run (db, "ALTER TABLE petitioner_identity FORCE ROW LEVEL SECURITY")))
        return -1;
    return count;
}

long
xc_identity_seal_plaintext (PGconn *owner, char *error, size_t error_size)
{
    int pending = s_plaintext_may_remain (owner);
    if (pending <= 0) {
        if (pending < 0)
            snprintf (error, error_size, "无法查看信访人身份是否已全部加密：%s", PQerrorMessage (owner));
        return pending;
    }
    if (!s_key.loaded) {
        snprintf (error, error_size, "数据库中仍有升级前录入、未加密的信访人身份：请用 xunchad identity-keygen FILE"
                  " 生成身份密钥，并在 identity_key 中配置，xunchad 启动时即将其加密");
        return -1;
    }
    long sealed = s_run (owner, "BEGIN") ? s_seal_all (owner) : -1;
    if (sealed < 0 || !s_run (owner, "COMMIT")) {
        snprintf (error, error_size, "加密升级前录入的信访人身份失败（须以数据表所有者连接，见 owner_database）：%s",
                  PQerrorMessage (owner));
        s_run (owner, "ROLLBACK");
        return -1;
    }
    return sealed;
}
