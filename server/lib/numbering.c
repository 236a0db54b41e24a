/* numbering — see numbering.h. */
#include "numbering.h"
#include "xc_clock.h"
#include "xc_paper_number.h"
#include <stdlib.h>

int
xc_number_next (xc_call_t *call, const char *kind, const xc_group_scope_t *scope, int *year)
{
    char today[11], prefix[64];
    xc_clock_today (today);
    *year = atoi (today);
    if (xc_paper_number_prefix (scope->committee, prefix, sizeof prefix) != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "无法生成编号前缀");
    const char *params[] = { xc_arena_printf (call->arena, "%s:%s:%d:%d", kind, prefix, *year, scope->group_number) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO number_series (series, last) VALUES ($1, 1)"
        " ON CONFLICT (series) DO UPDATE SET last = number_series.last + 1 RETURNING last", 1, params);
    if (!result)
        return -1;
    int sequence = (int) xc_row_int (result, 0, 0);
    PQclear (result);
    return sequence;
}
