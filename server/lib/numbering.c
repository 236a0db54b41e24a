/* numbering — see numbering.h. */
#include "numbering.h"
#include "xc_clock.h"
#include <stdlib.h>

int
xc_number_next (xc_call_t *call, const char *counter, int64_t group_id, int *year)
{
    char today[11];
    xc_clock_today (today);
    *year = atoi (today);
    const char *sql = xc_arena_printf (call->arena,
        "INSERT INTO %s (group_id, year, last) VALUES ($1, $2, 1)"
        " ON CONFLICT (group_id, year) DO UPDATE SET last = %s.last + 1 RETURNING last", counter, counter);
    const char *params[] = { xc_call_int (call, group_id), xc_call_int (call, *year) };
    PGresult *result = xc_call_query (call, sql, 2, params);
    if (!result)
        return -1;
    int sequence = (int) xc_row_int (result, 0, 0);
    PQclear (result);
    return sequence;
}
