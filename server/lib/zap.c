/* zap — see zap.h. */
#include "zap.h"
#include "db.h"
#include "xc_keys.h"
#include "xc_log.h"
#include <libpq-fe.h>

typedef struct {
    PGconn *db;
    const char *conninfo;
    zhashx_t *admitted;   /* keys the database accepted before */
} s_zap_t;

/* 1: a known, unrevoked key; 0: unknown or revoked; -1: database unreachable. */
static int
s_key_is_known (s_zap_t *self, const char *key)
{
    if (!self->db || PQstatus (self->db) != CONNECTION_OK) {
        if (self->db)
            PQfinish (self->db);
        self->db = xc_db_connect (self->conninfo, "xunchad-zap", 5000);
    }
    const char *params[] = { key };
    PGresult *result = PQexecParams (self->db,
        "SELECT 1 WHERE key_user($1) IS NOT NULL", 1, NULL, params, NULL, NULL, 0);
    int known = PQresultStatus (result) == PGRES_TUPLES_OK ? PQntuples (result) == 1 : -1;
    PQclear (result);
    return known;
}

static void
s_authenticate (s_zap_t *self, zsock_t *handler)
{
    zmsg_t *request = zmsg_recv (handler);
    if (!request)
        return;
    char *version = zmsg_popstr (request);
    char *sequence = zmsg_popstr (request);
    char *domain = zmsg_popstr (request);
    char *address = zmsg_popstr (request);
    char *identity = zmsg_popstr (request);
    char *mechanism = zmsg_popstr (request);
    zframe_t *credential = zmsg_pop (request);

    char key[41] = "";
    const char *refusal = NULL;
    const char *status = "400";   /* RFC 27: 400 refused, 300 temporary failure */
    if (!mechanism || strcmp (mechanism, "CURVE") != 0 || !credential || zframe_size (credential) != 32)
        refusal = "CURVE required";
    else if (!domain || strcmp (domain, XC_ZAP_DOMAIN) != 0)
        refusal = "wrong domain";
    else {
        zmq_z85_encode (key, zframe_data (credential), 32);
        int known = s_key_is_known (self, key);
        if (known == 1)
            zhashx_insert (self->admitted, key, "1");
        else if (known == 0)
            zhashx_delete (self->admitted, key);
        if (known == 0)
            refusal = "unknown or revoked key";
        else if (known < 0 && !zhashx_lookup (self->admitted, key)) {
            /* not the key's fault: the client must not be told its key was refused */
            refusal = "database unreachable";
            status = "300";
        }
    }
    xc_log (refusal ? XC_LOG_WARN : XC_LOG_DEBUG, refusal ? "connection_refused" : "connection_admitted",
            "address=%s key=%.8s… reason=\"%s\"", address ? address : "-", key, refusal ? refusal : "ok");
    zmsg_t *reply = zmsg_new ();
    zmsg_addstr (reply, "1.0");
    zmsg_addstr (reply, sequence ? sequence : "");
    zmsg_addstr (reply, refusal ? status : "200");
    zmsg_addstr (reply, refusal ? refusal : "OK");
    zmsg_addstr (reply, refusal ? "" : key);
    zmsg_addmem (reply, NULL, 0);
    zmsg_send (&reply, handler);

    zstr_free (&version);
    zstr_free (&sequence);
    zstr_free (&domain);
    zstr_free (&address);
    zstr_free (&identity);
    zstr_free (&mechanism);
    zframe_destroy (&credential);
    zmsg_destroy (&request);
}

static void
s_zap_actor (zsock_t *pipe, void *args)
{
    s_zap_t self = { .conninfo = args, .admitted = zhashx_new () };
    zsock_t *handler = zsock_new_rep ("inproc://zeromq.zap.01");
    zsock_signal (pipe, handler ? 0 : -1);
    zpoller_t *poller = zpoller_new (pipe, handler, NULL);
    while (handler) {
        void *which = zpoller_wait (poller, 1000);
        if (which == pipe)
            break;   /* $TERM */
        if (which == handler)
            s_authenticate (&self, handler);
    }
    zpoller_destroy (&poller);
    zsock_destroy (&handler);
    zhashx_destroy (&self.admitted);
    if (self.db)
        PQfinish (self.db);
}

zactor_t *
xc_zap_new (const char *conninfo)
{
    return zactor_new (s_zap_actor, (void *) conninfo);
}
