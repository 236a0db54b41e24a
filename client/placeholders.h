/* placeholders — objects created offline, referred to before the server has numbered
 * them. A change journalled offline that creates something (a field record, a 底稿 …)
 * is local entry n of the journal; the user names what it will create as L<n> (cli.h),
 * which a request carries as the id -n. Before the entry that refers to it is sent,
 * every negative value of an int64 field whose name ends in "_id" (at any depth,
 * repeated or not) is replaced by the id the server gave entry n's object. The
 * replacement is deterministic, so every try of the entry sends the same bytes and the
 * server's idempotency holds. */
#ifndef XC_PLACEHOLDERS_H
#define XC_PLACEHOLDERS_H
#include "xuncha.pb-c.h"
#include <stddef.h>
#include <stdint.h>

/* The id entry SEQ's object got on the server; 0 when it has none (not yet sent,
 * refused, discarded, or it created nothing). */
typedef int64_t (*xc_placeholder_fn) (void *context, int64_t seq);

/* The local entries MESSAGE refers to, into SEQS (at most MAX, duplicates kept out);
 * returns how many. */
size_t xc_placeholders_collect (const ProtobufCMessage *message, int64_t *seqs, size_t max);
/* Replaces every placeholder with RESOLVE's answer. 0, or -1 when one has no answer
 * (its entry in *UNRESOLVED); MESSAGE is then partly replaced and must not be sent. */
int xc_placeholders_resolve (ProtobufCMessage *message, xc_placeholder_fn resolve, void *context,
                             int64_t *unresolved);
/* The id of what REPLY's body describes (its int64 field "id"): what a create made.
 * 0 when the body has none. */
int64_t xc_reply_created_id (const Xuncha__Reply *reply);

#endif
