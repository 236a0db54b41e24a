/* xc_workdays — see xc_workdays.h.
 *
 * The calendar keeps one small record per covered year: the day number of its
 * 1 January and one byte per day of the year, 0 for "the weekday rule", or the kind
 * the calendar lists for it. The records hang off an array indexed by year (the
 * years xc_date_parse accepts), so whether a day is a working day is two array
 * lookups: cheap enough to walk day by day for every task of a long list. */
#include "xc_workdays.h"
#include "xc_clock.h"
#include "xc_names.h"
#include "xuncha.pb-c.h"
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define XC_FIRST_YEAR 1900   /* the years xc_date_parse accepts */
#define XC_LAST_YEAR  2999

typedef struct {
    int64_t first;           /* day number of 1 January */
    uint8_t kinds[366];      /* per day of the year: 0, XC_DAY_HOLIDAY or XC_DAY_WORKDAY */
} s_year_t;

struct xc_workcal {
    xc_arena_t *arena;
    s_year_t *years[XC_LAST_YEAR - XC_FIRST_YEAR + 1];   /* NULL: not covered */
};

/* ------------------------------------------------------------------ dates */

static int
s_is_leap (int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Leap days in the years 1 .. YEAR - 1. */
static int64_t
s_leap_days_before (int year)
{
    int64_t y = year - 1;
    return y / 4 - y / 100 + y / 400;
}

/* Day number of 1 January of YEAR. */
static int64_t
s_first_of_year (int year)
{
    return 365 * (int64_t) (year - 1970) + s_leap_days_before (year) - s_leap_days_before (1970);
}

static int
s_month_length (int year, int month)
{
    static const int lengths[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return lengths[month - 1] + (month == 2 && s_is_leap (year));
}

int
xc_day_year (int64_t day)
{
    int year = 1970 + (int) (day / 365);   /* at most a year or two off */
    while (s_first_of_year (year) > day)
        year--;
    while (s_first_of_year (year + 1) <= day)
        year++;
    return year;
}

static void
s_split_day (int64_t day, int *year, int *month, int *mday)
{
    *year = xc_day_year (day);
    int64_t rest = day - s_first_of_year (*year);
    for (*month = 1; rest >= s_month_length (*year, *month); (*month)++)
        rest -= s_month_length (*year, *month);
    *mday = (int) rest + 1;
}

static int64_t
s_join_day (int year, int month, int mday)
{
    int64_t day = s_first_of_year (year) + mday - 1;
    for (int m = 1; m < month; m++)
        day += s_month_length (year, m);
    return day;
}

/* Day 0, 1970-01-01, was a Thursday (4). */
int
xc_day_weekday (int64_t day)
{
    return (int) (((day % 7) + 7 + 3) % 7) + 1;
}

/* ------------------------------------------------------------------ the calendar */

xc_workcal_t *
xc_workcal_new (xc_arena_t *arena)
{
    xc_workcal_t *calendar = xc_arena_alloc (arena, sizeof *calendar);
    calendar->arena = arena;
    return calendar;
}

static s_year_t *
s_year (const xc_workcal_t *calendar, int year)
{
    if (year < XC_FIRST_YEAR || year > XC_LAST_YEAR)
        return NULL;
    return calendar->years[year - XC_FIRST_YEAR];
}

void
xc_workcal_cover_year (xc_workcal_t *calendar, int year)
{
    assert (year >= XC_FIRST_YEAR && year <= XC_LAST_YEAR);
    s_year_t **slot = &calendar->years[year - XC_FIRST_YEAR];
    if (!*slot) {
        *slot = xc_arena_alloc (calendar->arena, sizeof **slot);
        (*slot)->first = s_first_of_year (year);
    }
}

void
xc_workcal_set_day (xc_workcal_t *calendar, int64_t day, int kind)
{
    assert (kind == XC_DAY_HOLIDAY || kind == XC_DAY_WORKDAY);
    int year = xc_day_year (day);
    xc_workcal_cover_year (calendar, year);
    s_year_t *record = s_year (calendar, year);
    record->kinds[day - record->first] = (uint8_t) kind;
}

bool
xc_workcal_covers (const xc_workcal_t *calendar, int year)
{
    return s_year (calendar, year) != NULL;
}

int
xc_workcal_is_workday (const xc_workcal_t *calendar, int64_t day, int *missing_year)
{
    int year = xc_day_year (day);
    const s_year_t *record = s_year (calendar, year);
    if (!record) {
        *missing_year = year;
        return -1;
    }
    int kind = record->kinds[day - record->first];
    if (kind)
        return kind == XC_DAY_WORKDAY;
    return xc_day_weekday (day) <= 5;
}

/* ------------------------------------------------------------------ deadlines */

int
xc_workcal_add_workdays (const xc_workcal_t *calendar, int64_t from, int count, int64_t *due, int *missing_year)
{
    assert (count >= 1);
    int64_t day = from;
    while (count > 0) {
        int work = xc_workcal_is_workday (calendar, ++day, missing_year);
        if (work < 0)
            return -1;
        count -= work;
    }
    *due = day;
    return 0;
}

int
xc_workcal_add_months (const xc_workcal_t *calendar, int64_t from, int months, int64_t *due, int *missing_year)
{
    assert (months >= 0);
    int year, month, mday;
    s_split_day (from, &year, &month, &mday);
    int index = month - 1 + months;
    year += index / 12;
    month = index % 12 + 1;
    int last = s_month_length (year, month);
    int64_t day = s_join_day (year, month, mday < last ? mday : last);
    int work;
    while ((work = xc_workcal_is_workday (calendar, day, missing_year)) == 0)
        day++;
    if (work < 0)
        return -1;
    *due = day;
    return 0;
}

int
xc_workcal_workdays_between (const xc_workcal_t *calendar, int64_t from, int64_t to, int *count, int *missing_year)
{
    int found = 0;
    for (int64_t day = from + 1; day <= to; day++) {
        int work = xc_workcal_is_workday (calendar, day, missing_year);
        if (work < 0)
            return -1;
        found += work;
    }
    *count = found;
    return 0;
}

/* ------------------------------------------------------------------ the calendar file */

/* The next word of [*cursor, end) separated by spaces or tabs; 0 when none is left. */
static size_t
s_next_word (const char **cursor, const char *end, const char **word)
{
    const char *p = *cursor;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    *word = p;
    while (p < end && *p != ' ' && *p != '\t')
        p++;
    *cursor = p;
    return (size_t) (p - *word);
}

/* Copies at most SIZE - 1 bytes of TEXT[0..LENGTH) into BUF, never cutting a UTF-8
 * character in two. */
static void
s_copy_utf8 (char *buf, size_t size, const char *text, size_t length)
{
    if (length >= size) {
        length = size - 1;
        while (length > 0 && ((unsigned char) text[length] & 0xC0) == 0x80)
            length--;
    }
    memcpy (buf, text, length);
    buf[length] = 0;
}

static int
s_refuse (char *error, size_t error_size, const char *fmt, const char *what)
{
    snprintf (error, error_size, fmt, what);
    return -1;
}

static int
s_parse_date (const char *word, size_t length, int64_t *day, char *error, size_t error_size)
{
    char text[48];
    s_copy_utf8 (text, sizeof text, word, length);
    if (length != 10 || xc_date_parse (text, day) != 0)
        return s_refuse (error, error_size, "日期“%s”无效：应为 YYYY-MM-DD 格式的真实日期，如 2026-02-14", text);
    return 0;
}

static int
s_parse_kind (const char *word, size_t length, int *kind, char *error, size_t error_size)
{
    char text[48];
    s_copy_utf8 (text, sizeof text, word, length);
    if (length >= sizeof text || xc_label_parse (&xuncha__calendar_day_kind__descriptor, text, kind) != 0)
        return s_refuse (error, error_size, "类别“%s”无法识别：应为 休（放假、holiday）或 班（上班、workday）", text);
    return 0;
}

/* A 班 day is a weekend made a working day: on a weekday it means a mistake. */
static int
s_check_workday_on_weekend (int64_t day, char *error, size_t error_size)
{
    static const char *const names[] = { "", "星期一", "星期二", "星期三", "星期四", "星期五" };
    int weekday = xc_day_weekday (day);
    if (weekday >= 6)
        return 0;
    char date[11];
    xc_date_format (day, date);
    snprintf (error, error_size, "%s 是%s：“班”（调休上班）只能是周六或周日", date, names[weekday]);
    return -1;
}

int
xc_workcal_parse_line (const char *line, int64_t *day, int *kind, char *name, size_t name_size, char *error,
                       size_t error_size)
{
    const char *end = strchr (line, '#');
    if (!end)
        end = line + strlen (line);
    while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
        end--;
    const char *cursor = line, *word;
    size_t length = s_next_word (&cursor, end, &word);
    if (length == 0)
        return 0;
    if (s_parse_date (word, length, day, error, error_size) != 0)
        return -1;
    length = s_next_word (&cursor, end, &word);
    if (length == 0) {
        char date[11];
        xc_date_format (*day, date);
        return s_refuse (error, error_size, "日期 %s 之后缺少类别：应为 休 或 班", date);
    }
    if (s_parse_kind (word, length, kind, error, error_size) != 0)
        return -1;
    if (*kind == XC_DAY_WORKDAY && s_check_workday_on_weekend (*day, error, error_size) != 0)
        return -1;
    while (cursor < end && (*cursor == ' ' || *cursor == '\t'))
        cursor++;
    s_copy_utf8 (name, name_size, cursor, (size_t) (end - cursor));
    return 1;
}

/* The word of a year declaration, at the start of [*cursor, end): "年份" or "year" (any
 * case), followed by a space, a tab, a colon (":" or "：") or the end. Moves *cursor
 * past it and the colon. */
static int
s_take_year_word (const char **cursor, const char *end)
{
    static const char *const words[] = { "年份", "year" };
    const char *p = *cursor;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t length = strlen (words[i]);
        if ((size_t) (end - p) < length || strncasecmp (p, words[i], length) != 0)
            continue;
        const char *after = p + length;
        if (after < end && strncmp (after, "：", strlen ("：")) == 0 && (size_t) (end - after) >= strlen ("："))
            after += strlen ("：");
        else if (after < end && *after == ':')
            after++;
        else if (after < end && *after != ' ' && *after != '\t')
            continue;
        *cursor = after;
        return 1;
    }
    return 0;
}

int
xc_workcal_parse_year_line (const char *line, int *year, char *error, size_t error_size)
{
    const char *end = strchr (line, '#');
    if (!end)
        end = line + strlen (line);
    while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
        end--;
    const char *cursor = line, *word;
    if (!s_take_year_word (&cursor, end))
        return 0;
    size_t length = s_next_word (&cursor, end, &word);
    char text[48];
    s_copy_utf8 (text, sizeof text, word, length);
    int value = 0;
    for (size_t i = 0; i < length && value <= XC_LAST_YEAR; i++)
        value = word[i] >= '0' && word[i] <= '9' ? value * 10 + (word[i] - '0') : XC_LAST_YEAR + 1;
    if (length == 0)
        return s_refuse (error, error_size, "年份声明缺少年份%s应为“年份 2027”这样的一行", "：");
    if (value < XC_FIRST_YEAR || value > XC_LAST_YEAR)
        return s_refuse (error, error_size, "年份“%s”无效：应为四位数的年份，如“年份 2027”", text);
    length = s_next_word (&cursor, end, &word);
    if (length) {
        s_copy_utf8 (text, sizeof text, word, length);
        return s_refuse (error, error_size, "年份声明之后多出“%s”：每行只声明一个年份，如“年份 2027”", text);
    }
    *year = value;
    return 1;
}
