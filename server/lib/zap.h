/* zap — the ZAP handler (ZeroMQ RFC 27) of a process: admits a CURVE client only when
 * its public key belongs to a registered, unrevoked user in PostgreSQL, and hands the
 * key (Z85) on as the connection's User-Id, which becomes the principal of every
 * request. A client with an unknown key gets no connection at all. When the database
 * cannot be reached, keys admitted before are still admitted; other keys get a
 * temporary failure (300), which the client reports as an unreachable server. */
#ifndef XC_ZAP_H
#define XC_ZAP_H
#include <czmq.h>

/* Starts the handler; must run before any CURVE server socket binds. */
zactor_t *xc_zap_new (const char *conninfo);

#endif
