/* calendar — see calendar.h. The calendar is small (the covered years and a few dozen
 * listed days each), so every request that needs it reads all of it. */
#include "calendar.h"

static int
s_load_years (xc_call_t *call, xc_workcal_t *calendar)
{
    PGresult *result = xc_call_query (call, "SELECT year FROM calendar_year", 0, NULL);
    if (!result)
        return -1;
    for (int row = 0; row < PQntuples (result); row++)
        xc_workcal_cover_year (calendar, (int) xc_row_int (result, row, 0));
    PQclear (result);
    return 0;
}

static int
s_load_days (xc_call_t *call, xc_workcal_t *calendar)
{
    /* date - date is a number of days: the day numbers of xc_workdays */
    PGresult *result = xc_call_query (call, "SELECT day - DATE '1970-01-01', kind FROM calendar_day", 0, NULL);
    if (!result)
        return -1;
    for (int row = 0; row < PQntuples (result); row++)
        xc_workcal_set_day (calendar, xc_row_int (result, row, 0), (int) xc_row_int (result, row, 1));
    PQclear (result);
    return 0;
}

xc_workcal_t *
xc_calendar_load (xc_call_t *call)
{
    xc_workcal_t *calendar = xc_workcal_new (call->arena);
    if (s_load_years (call, calendar) != 0 || s_load_days (call, calendar) != 0)
        return NULL;
    return calendar;
}

int
xc_calendar_refuse_missing (xc_call_t *call, int year, const char *what)
{
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                         "工作日历没有 %d 年的数据，不能计算%s；请巡察办导入 %d 年的节假日安排", year, what, year);
}
