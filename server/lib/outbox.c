/* outbox — see outbox.h. */
#include "outbox.h"
#include <stdlib.h>

int
xc_outbox_publish (xc_call_t *call, const xc_outbox_event_t *event, const char *recipients_sql, int count,
                   const char *const *params)
{
    /* the recipients' parameters keep their numbers; the event's follow them */
    const char *sql = xc_arena_printf (call->arena,
        "WITH event AS (INSERT INTO outbox_event (kind, title, clue_id, batch_id, task_id, level)"
        "   VALUES ($%d, $%d, $%d, $%d, $%d, $%d) RETURNING id)"
        " INSERT INTO outbox_delivery (event_id, user_id)"
        " SELECT DISTINCT event.id, recipient.user_id FROM event, (%s) AS recipient (user_id)",
        count + 1, count + 2, count + 3, count + 4, count + 5, count + 6, recipients_sql);
    const char **all = xc_arena_alloc (call->arena, (size_t) (count + 6) * sizeof *all);
    for (int i = 0; i < count; i++)
        all[i] = params[i];
    all[count] = xc_call_int (call, event->kind);
    all[count + 1] = event->title;
    all[count + 2] = xc_call_id_or_null (call, event->clue_id);
    all[count + 3] = xc_call_id_or_null (call, event->batch_id);
    all[count + 4] = xc_call_id_or_null (call, event->task_id);
    all[count + 5] = xc_call_int (call, event->level);
    PGresult *result = xc_call_query (call, sql, count + 6, all);
    if (!result)
        return -1;
    int recipients = atoi (PQcmdTuples (result));
    PQclear (result);
    return recipients;
}
