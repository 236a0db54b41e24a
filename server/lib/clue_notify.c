/* clue_notify — see clue_notify.h. */
#include "clue_notify.h"
#include "outbox.h"

#define XC_RECIPIENTS_GROUP_LEADERS \
    "SELECT i.user_id FROM group_member m JOIN inspector i ON i.id = m.inspector_id" \
    " JOIN app_user u ON u.id = i.user_id WHERE m.group_id = $1 AND m.position = 1 AND u.revoked_at IS NULL"

int
xc_clue_notify_receiver (xc_call_t *call, Xuncha__NotificationKind kind, const char *title, int64_t clue_id,
                         int64_t batch_id, int64_t receiver_unit_id, bool cadre_selection)
{
    const char *params[] = { xc_call_int (call, receiver_unit_id),
                             xc_call_int (call, XC_CLUE_RECEIVER_ROLE (cadre_selection)) };
    const xc_outbox_event_t event = { .kind = kind, .title = title, .clue_id = clue_id, .batch_id = batch_id };
    return xc_outbox_publish (call, &event, XC_RECIPIENTS_OF_UNIT " AND role = $2 UNION " XC_RECIPIENTS_OFFICE, 2, params);
}

int
xc_clue_notify_group (xc_call_t *call, Xuncha__NotificationKind kind, const char *title, int64_t clue_id,
                      int64_t batch_id, int64_t group_id)
{
    const char *params[] = { xc_call_int (call, group_id) };
    const xc_outbox_event_t event = { .kind = kind, .title = title, .clue_id = clue_id, .batch_id = batch_id };
    return xc_outbox_publish (call, &event, XC_RECIPIENTS_GROUP_LEADERS " UNION " XC_RECIPIENTS_OFFICE, 1, params);
}
