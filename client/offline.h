/* offline — reading while the line is down. Replies to the reads a group works from
 * (rounds, groups, field records, 底稿, tasks, progress …) are kept in the journal's
 * encrypted cache, keyed by the request without its id; with the server unreachable,
 * the same read is answered from there, marked with when it was fetched. Petitioner
 * identities are never cached: they are cut from a reply before it is stored (reading
 * them stays online and audited). After a complete `xuncha sync`, the cache is
 * refreshed with the caller's own groups' records and 底稿 (an inspector's) so they
 * are there even if never looked at. */
#ifndef XC_OFFLINE_H
#define XC_OFFLINE_H
#include "session.h"
#include <stdbool.h>

bool xc_offline_cacheable (Xuncha__Request__BodyCase body);
/* Stores REPLY (an OK answer to the cacheable REQUEST), identities removed. */
void xc_offline_remember (xc_session_t *session, const Xuncha__Request *request, const Xuncha__Reply *reply);
/* The cached reply to REQUEST, or NULL; FETCHED_AT says when it was fetched. */
Xuncha__Reply *xc_offline_recall (xc_session_t *session, const Xuncha__Request *request, char fetched_at[32]);
/* Refreshes the cache from the server; returns the replies cached, -1 when the server
 * could not be asked. */
int xc_offline_prefetch (xc_session_t *session);

#endif
