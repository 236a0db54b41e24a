/* identity_seal — the petitioner's identity at rest: sealed with libsodium
 * (crypto_box_seal) to the identity key of the 巡察办, so that a dump of the database
 * alone does not tell who petitioned.
 *
 * The identity key is an X25519 key pair in a file outside the database, made by
 * `xunchad identity-keygen FILE` (mode 0600, never overwritten: a lost or replaced key
 * leaves every identity sealed to it unreadable) and named by xunchad's `identity_key`
 * setting. xunchad loads it once at start, before its workers run; the handlers then
 * seal with its public half and open with its secret half, which is kept in memory that
 * libsodium guards and locks, and is never logged. Without a key loaded, nothing can be
 * sealed or opened: recording an identity is refused and reading one says why.
 *
 * What is sealed is the PetitionerIdentity message (proto/xuncha.proto), packed: one
 * opaque value per petition, beside the public key it was sealed to. */
#ifndef XC_IDENTITY_SEAL_H
#define XC_IDENTITY_SEAL_H
#include "xuncha.pb-c.h"
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* Why an identity could not be opened (or sealed). */
typedef enum {
    XC_IDENTITY_OPENED = 0,
    XC_IDENTITY_NO_KEY,      /* no identity key loaded (identity_key not configured) */
    XC_IDENTITY_OTHER_KEY,   /* sealed to another identity key than the one loaded */
    XC_IDENTITY_DAMAGED,     /* does not open with the key it names: altered or truncated */
} xc_identity_outcome_t;

/* Makes a new identity key pair file at PATH, which must not exist yet (mode 0600); its
 * public key (Z85) goes to public_key. 0, or -1 with ERROR. */
int xc_identity_key_create (const char *path, char public_key[41], char *error, size_t error_size);
/* Loads the key pair file PATH as this process's identity key. Refused: a missing or
 * malformed file, one that others than its owner and group may read, halves that do
 * not belong together. 0, or -1 with ERROR. */
int xc_identity_key_load (const char *path, char *error, size_t error_size);
/* The identity key from its raw halves (the tests make one in memory). */
void xc_identity_key_set (const uint8_t public_key[32], const uint8_t secret_key[32]);
/* No identity key any more (wiped from memory). */
void xc_identity_key_forget (void);
/* The loaded key's public half in Z85, or NULL when none is loaded. */
const char *xc_identity_key_public (void);

/* WHO sealed to the loaded key: a malloc'd value of *SIZE bytes, to be stored with
 * xc_identity_key_public () as the key it was sealed to; NULL when no key is loaded. */
uint8_t *xc_identity_seal (const Xuncha__PetitionerIdentity *who, size_t *size);
/* Opens SEALED (SIZE bytes, sealed to SEALED_TO) into *WHO (free it with
 * xuncha__petitioner_identity__free_unpacked). */
xc_identity_outcome_t xc_identity_open (const uint8_t *sealed, size_t size, const char *sealed_to,
                                        Xuncha__PetitionerIdentity **who);
/* Why OUTCOME, in one sentence for the reader. */
const char *xc_identity_outcome_text (xc_identity_outcome_t outcome);

/* At xunchad's start, on the connection of the tables' owner: seals every identity still
 * in plaintext (recorded before migration 009), empties its plaintext columns and marks
 * the table as holding no plaintext any more. Refused without a loaded key while any is
 * left. Returns how many it sealed (0: none was left), or -1 with ERROR (nothing
 * changed). */
long xc_identity_seal_plaintext (PGconn *owner, char *error, size_t error_size);

#endif
