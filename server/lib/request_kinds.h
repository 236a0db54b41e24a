/* request_kinds — the one table of every request kind: its handler and, for every
 * role, whether it may make it and in which scope (scope.h): 全委, 本组, 本单位, 本机关
 * or 本人. Whether a kind changes data (and so is claimed and its reply stored for
 * idempotent retries) is common/xc_request_class.h's one rule, xc_request_changes.
 * This table is the authorisation rule. The dispatcher refuses a role the table does not
 * list before any handler runs, and hands the handler the caller's scope; the checks of
 * access.h and task_read.h refuse a record outside it. `xunchad authz` prints the table
 * and the README carries the same copy. */
#ifndef XC_REQUEST_KINDS_H
#define XC_REQUEST_KINDS_H
#include "handlers.h"
#include "scope.h"
#include <stdbool.h>

#define XC_ROLE_COUNT (XUNCHA__ROLE__ROLE_READONLY + 1)

typedef struct {
    Xuncha__Request__BodyCase body;
    const char *name;     /* the oneof field name, e.g. "round_create" */
    const char *label;    /* what the user reads, e.g. "创建巡察轮次" */
    xc_scope_t scopes[XC_ROLE_COUNT];   /* by role; XC_SCOPE_NONE: the role may not */
    xc_handler_fn handler;
} xc_request_kind_t;

extern const xc_request_kind_t xc_request_kinds[];
extern const size_t xc_request_kind_count;

const xc_request_kind_t *xc_request_kind_find (Xuncha__Request__BodyCase body);
/* The scope ROLE has for KIND; XC_SCOPE_NONE when it may not make the request. */
xc_scope_t xc_request_kind_scope (const xc_request_kind_t *kind, Xuncha__Role role);
bool xc_request_kind_allows (const xc_request_kind_t *kind, Xuncha__Role role);

#endif
