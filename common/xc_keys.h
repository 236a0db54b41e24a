/* xc_keys — CURVE key pairs (czmq certificates: FILE holds the public key, FILE_secret
 * the secret one) and CURVE set-up of sockets. Every xuncha socket uses CURVE. */
#ifndef XC_KEYS_H
#define XC_KEYS_H
#include <czmq.h>

#define XC_ZAP_DOMAIN "xuncha"

/* Writes a new key pair to PATH and PATH_secret (mode 0600). Returns 0 or -1. */
int xc_keys_generate (const char *path, const char *name);
/* Writes the key pair CERT to PATH and PATH_secret (mode 0600). Returns 0 or -1. */
int xc_keys_save (zcert_t *cert, const char *path);
/* Loads a key pair with its secret key; NULL with `error` filled when unusable. */
zcert_t *xc_keys_load (const char *path, char *error, size_t error_size);
/* Reads the public key of a certificate file, or takes KEY_OR_PATH itself when it is a
 * 40-character Z85 key. Writes it to out[41]; returns 0 or -1. */
int xc_keys_public (const char *key_or_path, char out[41]);
/* Makes SOCKET a CURVE client of the server with public key SERVER_KEY. */
void xc_keys_curve_client (zsock_t *socket, zcert_t *mine, const char *server_key);
/* Makes SOCKET a CURVE server whose peers are checked by the ZAP handler. */
void xc_keys_curve_server (zsock_t *socket, zcert_t *server);

#endif
