/* xc_test_serve — builds requests and serves them through the real dispatcher, as a
 * worker would, for integration tests. */
#ifndef XC_TEST_SERVE_H
#define XC_TEST_SERVE_H
#include "dispatch.h"
#include "xuncha.pb-c.h"

/* Keys of the users xc_test_add_user creates, 40 characters like real Z85 keys. */

/* A request with a fresh id and protocol version 1; the caller sets the body. */
void xc_test_request_init (Xuncha__Request *request, char id[37]);
/* Packs REQUEST, serves it as the holder of KEY, unpacks the reply (free it with
 * xuncha__reply__free_unpacked). */
Xuncha__Reply *xc_test_serve (xc_dispatcher_t *dispatcher, const char *key, const Xuncha__Request *request);
/* Serves a request whose body is BODY (a pointer to the message of BODY_CASE). */
Xuncha__Reply *xc_test_do (xc_dispatcher_t *dispatcher, const char *key, Xuncha__Request__BodyCase body_case, void *body);
/* Inserts a user with ROLE (and org unit, 0 for none) directly; KEY must be 40 chars. */
void xc_test_add_user (const char *key, int role, long org_unit_id);

#endif
