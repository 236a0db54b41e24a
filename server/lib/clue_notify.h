/* clue_notify — who learns what happened to a 问题线索, through the outbox (outbox.h), in
 * the transaction of the change:
 *
 *   a batch transferred, a feedback deadline near or past → the receiving unit's users
 *       of the receiving role (纪委监委, or 组织部 for 选人用人) and the 巡察办;
 *   a batch received, a disposal decided, a result reported → the group's 组长 (users
 *       linked to its inspectors in position 组长) and the 巡察办.
 *
 * Titles say what happened and name the clue by number or batch, never its contents or
 * the person it concerns. */
#ifndef XC_CLUE_NOTIFY_H
#define XC_CLUE_NOTIFY_H
#include "call.h"
#include <stdbool.h>

/* The role that receives a clue: 组织部 for 选人用人, otherwise 纪委监委. */
#define XC_CLUE_RECEIVER_ROLE(cadre_selection) \
    ((cadre_selection) ? XUNCHA__ROLE__ROLE_ORGANISATION : XUNCHA__ROLE__ROLE_DISCIPLINE)

/* To the receiving unit's users of the receiving role, and the 巡察办. Returns the
 * number of recipients, or -1 after refusing. */
int xc_clue_notify_receiver (xc_call_t *call, Xuncha__NotificationKind kind, const char *title, int64_t clue_id,
                             int64_t batch_id, int64_t receiver_unit_id, bool cadre_selection);
/* To the group's 组长 and the 巡察办. */
int xc_clue_notify_group (xc_call_t *call, Xuncha__NotificationKind kind, const char *title, int64_t clue_id,
                          int64_t batch_id, int64_t group_id);

#endif
