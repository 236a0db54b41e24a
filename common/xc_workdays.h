/* xc_workdays — the working-day calendar (工作日历) and the arithmetic of deadlines on it.
 *
 * Monday to Friday are working days and Saturday and Sunday rest days, except the days
 * the calendar lists: a 休 day (法定节假日 or its 调休 rest day) is a rest day whatever
 * the weekday, a 班 day (调休上班, a weekend made a working day) is a working day. The
 * arrangement is published each year, so the calendar only knows the years it was given
 * (xc_workcal_cover_year); any computation that needs a day of another year fails and
 * names that year instead of guessing.
 *
 * Days are day numbers: days since 1970-01-01, as xc_date_parse gives them. Pure
 * functions; the server loads the calendar from PostgreSQL (server/lib/calendar.h). */
#ifndef XC_WORKDAYS_H
#define XC_WORKDAYS_H
#include "xc_arena.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Values of CalendarDayKind in proto/xuncha.proto. */
#define XC_DAY_HOLIDAY 1   /* 休 */
#define XC_DAY_WORKDAY 2   /* 班 */

typedef struct xc_workcal xc_workcal_t;

/* An empty calendar (no year covered), allocated in ARENA. */
xc_workcal_t *xc_workcal_new (xc_arena_t *arena);
/* Marks YEAR as known: its days follow the weekday rule and the days listed for it. */
void xc_workcal_cover_year (xc_workcal_t *calendar, int year);
/* Lists DAY as KIND (XC_DAY_HOLIDAY or XC_DAY_WORKDAY); its year is covered by it. */
void xc_workcal_set_day (xc_workcal_t *calendar, int64_t day, int kind);
bool xc_workcal_covers (const xc_workcal_t *calendar, int year);

/* The year of DAY (a day number). */
int xc_day_year (int64_t day);
/* The weekday of DAY as ISO numbers it: 1 Monday .. 7 Sunday. */
int xc_day_weekday (int64_t day);

/* 1 when DAY is a working day, 0 when a rest day, -1 when its year is not covered
 * (*missing_year = that year). */
int xc_workcal_is_workday (const xc_workcal_t *calendar, int64_t day, int *missing_year);

/* *due = the day on which COUNT (>= 1) working days after FROM have passed: FROM itself
 * is not counted ("15 个工作日内" from a feedback on FROM). 0, or -1 when the count runs
 * into a year not covered (*missing_year). */
int xc_workcal_add_workdays (const xc_workcal_t *calendar, int64_t from, int count, int64_t *due,
                             int *missing_year);

/* *due = FROM plus MONTHS calendar months (the 31st of a shorter month becomes its last
 * day), moved forward to the next working day when it falls on a rest day (期限届满日
 * 为节假日的，顺延至其后第一个工作日). 0, or -1 as above. */
int xc_workcal_add_months (const xc_workcal_t *calendar, int64_t from, int months, int64_t *due,
                           int *missing_year);

/* *count = the working days in (FROM, TO]: those still left after FROM up to and
 * including the deadline TO; 0 when TO <= FROM. 0, or -1 as above. */
int xc_workcal_workdays_between (const xc_workcal_t *calendar, int64_t from, int64_t to, int *count,
                                 int *missing_year);

/* One line of a calendar file: "2026-02-14 班 春节调休上班" — a date, a kind (休, 班,
 * holiday, workday, or the full 放假 / 上班) and an optional name, separated by spaces
 * or tabs; '#' starts a comment. Returns 1 and fills *day, *kind and NAME (truncated
 * to NAME_SIZE) for a day; 0 for a blank or comment line; -1 with ERROR naming the
 * problem (a bad date, an unknown kind, a 班 day that is not a weekend). */
int xc_workcal_parse_line (const char *line, int64_t *day, int *kind, char *name, size_t name_size, char *error,
                           size_t error_size);

/* A calendar file declares the years it replaces, one a line: "年份 2027" (or "year
 * 2027"; a colon after the word is allowed; '#' starts a comment). Returns 1 and sets
 * *YEAR for such a line; 0 for any other line (a day, a blank or a comment: for
 * xc_workcal_parse_line); -1 with ERROR naming the problem when the word is there but
 * the year is not a year (missing, not a number, out of range, followed by more). */
int xc_workcal_parse_year_line (const char *line, int *year, char *error, size_t error_size);

#endif
