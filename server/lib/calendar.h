/* calendar — the working-day calendar as the server keeps it (tables calendar_year and
 * calendar_day), loaded for the arithmetic of common/xc_workdays.h. */
#ifndef XC_CALENDAR_H
#define XC_CALENDAR_H
#include "call.h"
#include "xc_workdays.h"

/* The whole calendar (a few dozen days a year) in the call's arena; NULL after refusing. */
xc_workcal_t *xc_calendar_load (xc_call_t *call);
/* Refuses (CONFLICT): "工作日历没有 YEAR 年的数据，不能计算WHAT；请巡察办导入 YEAR 年的节假日安排". */
int xc_calendar_refuse_missing (xc_call_t *call, int year, const char *what);

#endif
