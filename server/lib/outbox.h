/* outbox — notifications are data first: an event, and one delivery row per recipient,
 * written in the same transaction as the change that caused them. xuncha-notifier
 * delivers each row to its recipient and keeps it until the recipient acknowledges it.
 * A trigger NOTIFYs the notifiers (channel "xuncha_outbox", payload: the user id). */
#ifndef XC_OUTBOX_H
#define XC_OUTBOX_H
#include "call.h"

/* Who is told, as SQL selecting one column of user ids; its parameters are $1..$COUNT. */
#define XC_RECIPIENTS_OF_UNIT \
    "SELECT id FROM app_user WHERE org_unit_id = $1 AND role IN (4, 5) AND revoked_at IS NULL"
#define XC_RECIPIENTS_OFFICE "SELECT id FROM app_user WHERE role = 1 AND revoked_at IS NULL"

/* What happened. TITLE says it, never a clue's contents. The ids (0: none) point the
 * recipient at the record; LEVEL is a deadline reminder's colour (ReminderLevel). */
typedef struct {
    Xuncha__NotificationKind kind;
    const char *title;
    int64_t clue_id;
    int64_t batch_id;
    int64_t task_id;
    int level;
} xc_outbox_event_t;

/* Writes the event and its deliveries. Returns the number of recipients (0 is allowed:
 * nobody to tell), or -1 after refusing. */
int xc_outbox_publish (xc_call_t *call, const xc_outbox_event_t *event, const char *recipients_sql, int count,
                       const char *const *params);

#endif
