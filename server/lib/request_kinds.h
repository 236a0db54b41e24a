/* request_kinds — the one table of every request kind: its handler, whether it
 * changes data (and so is stored for idempotent retries), and which roles may make it.
 * This table is the authorisation rule, checked before any handler runs; the README
 * prints the same table. */
#ifndef XC_REQUEST_KINDS_H
#define XC_REQUEST_KINDS_H
#include "handlers.h"
#include <stdbool.h>

#define XC_ROLE(r) (1u << (XUNCHA__ROLE__ROLE_##r))
#define XC_ALL_ROLES (XC_ROLE (OFFICE) | XC_ROLE (GROUP_LEADER) | XC_ROLE (GROUP_MEMBER) \
                      | XC_ROLE (DISCIPLINE) | XC_ROLE (ORGANISATION) | XC_ROLE (INSPECTED_UNIT) \
                      | XC_ROLE (READONLY))

typedef struct {
    Xuncha__Request__BodyCase body;
    const char *name;     /* the oneof field name, e.g. "round_create" */
    const char *label;    /* what the user reads, e.g. "创建巡察轮次" */
    bool changes;
    unsigned roles;       /* bit (1 << role) set: the role may make this request */
    xc_handler_fn handler;
} xc_request_kind_t;

extern const xc_request_kind_t xc_request_kinds[];
extern const size_t xc_request_kind_count;

const xc_request_kind_t *xc_request_kind_find (Xuncha__Request__BodyCase body);
bool xc_request_kind_allows (const xc_request_kind_t *kind, Xuncha__Role role);

#endif
