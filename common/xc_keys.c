/* xc_keys — see xc_keys.h. */
#include "xc_keys.h"
#include <sys/stat.h>

int
xc_keys_generate (const char *path, const char *name)
{
    zcert_t *cert = zcert_new ();
    if (!cert)
        return -1;
    zcert_set_meta (cert, "name", "%s", name ? name : "");
    int rc = xc_keys_save (cert, path);
    zcert_destroy (&cert);
    return rc;
}

int
xc_keys_save (zcert_t *cert, const char *path)
{
    mode_t old = umask (077);
    int rc = zcert_save (cert, path);
    umask (old);
    return rc == 0 ? 0 : -1;
}

zcert_t *
xc_keys_load (const char *path, char *error, size_t error_size)
{
    if (!path || !*path) {
        snprintf (error, error_size, "未配置密钥文件（key_file）");
        return NULL;
    }
    zcert_t *cert = zcert_load (path);
    if (!cert) {
        snprintf (error, error_size, "无法读取密钥文件 %s", path);
        return NULL;
    }
    const char *secret = zcert_secret_txt (cert);
    if (!secret || strcmp (secret, "0000000000000000000000000000000000000000") == 0) {
        snprintf (error, error_size, "密钥文件 %s_secret 缺失或不含私钥", path);
        zcert_destroy (&cert);
        return NULL;
    }
    return cert;
}

int
xc_keys_public (const char *key_or_path, char out[41])
{
    if (!key_or_path || !*key_or_path)
        return -1;
    if (strlen (key_or_path) == 40 && access (key_or_path, R_OK) != 0) {
        memcpy (out, key_or_path, 41);
        return 0;
    }
    zcert_t *cert = zcert_load (key_or_path);
    if (!cert)
        return -1;
    memcpy (out, zcert_public_txt (cert), 41);
    zcert_destroy (&cert);
    return 0;
}

void
xc_keys_curve_client (zsock_t *socket, zcert_t *mine, const char *server_key)
{
    zcert_apply (mine, socket);
    zsock_set_curve_serverkey (socket, server_key);
}

void
xc_keys_curve_server (zsock_t *socket, zcert_t *server)
{
    zcert_apply (server, socket);
    zsock_set_curve_server (socket, 1);
    zsock_set_zap_domain (socket, XC_ZAP_DOMAIN);
}
