/* h_calendar — 工作日历: the 国务院办公厅's yearly arrangement of 节假日 and 调休上班
 * days, which the 整改 clocks count on.
 *
 *   导入 (巡察办): a text file, one date and kind per line (ops/calendar/holidays-cn.txt
 *   is shipped), which declares the years it replaces, one "年份 2027" line each. Each
 *   declared year is replaced entirely — its listed days and who imported it from
 *   where — and no other: a file cannot wipe a year by leaving it out, nor change one
 *   by a stray line. A bad line, a date listed twice, a day outside the declared
 *   years, a declared year without a day, or a file declaring no year is refused by
 *   line number (or saying how to declare), and nothing is stored. A UTF-8 byte order
 *   mark at the start (Notepad writes one) is skipped.
 *   查看 (everyone): the covered years with their counts, or one year's listed days.
 *   计算期限 (everyone): what a clock would give — N working days, or N months moved
 *   off a rest day — from a date; a year the calendar lacks is refused, never guessed. */
#include "handlers.h"
#include "calendar.h"
#include "xc_clock.h"
#include <stdlib.h>
#include <string.h>

#define XC_NAME_SIZE 200
#define XC_MAX_WORKDAYS 365
#define XC_MAX_MONTHS 24
#define XC_YEAR_DAYS "d.day >= make_date(y.year, 1, 1) AND d.day < make_date(y.year + 1, 1, 1)"

/* ------------------------------------------------------------------ reading */

static void *
s_year_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__CalendarYear *year = xc_arena_alloc (call->arena, sizeof *year);
    xuncha__calendar_year__init (year);
    year->year = (int32_t) xc_row_int (result, row, 0);
    year->holidays = (int32_t) xc_row_int (result, row, 1);
    year->workdays = (int32_t) xc_row_int (result, row, 2);
    year->imported_by = xc_row_text (call, result, row, 3);
    year->imported_at = xc_row_text (call, result, row, 4);
    year->source = xc_row_text (call, result, row, 5);
    return year;
}

static void *
s_day_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__CalendarDay *day = xc_arena_alloc (call->arena, sizeof *day);
    xuncha__calendar_day__init (day);
    day->date = xc_row_text (call, result, row, 0);
    day->kind = (Xuncha__CalendarDayKind) xc_row_int (result, row, 1);
    day->name = xc_row_text (call, result, row, 2);
    return day;
}

/* The covered years (YEAR 0: all of them) with their counts, into CALENDAR. */
static int
s_read_years (xc_call_t *call, int year, Xuncha__Calendar *calendar)
{
    const char *params[] = { xc_call_int (call, year) };
    PGresult *result = xc_call_query (call,
        "SELECT y.year, count(d.day) FILTER (WHERE d.kind = 1), count(d.day) FILTER (WHERE d.kind = 2),"
        " u.display_name, " XC_LOCAL_TIME ("y.imported_at") ", y.source"
        " FROM calendar_year y LEFT JOIN calendar_day d ON " XC_YEAR_DAYS
        " LEFT JOIN app_user u ON u.id = y.imported_by"
        " WHERE $1::int = 0 OR y.year = $1::int"
        " GROUP BY y.year, u.display_name ORDER BY y.year", 1, params);
    if (!result)
        return -1;
    calendar->years = (Xuncha__CalendarYear **) xc_call_read_rows (call, result, s_year_from_row, &calendar->n_years);
    PQclear (result);
    return 0;
}

static int
s_read_days (xc_call_t *call, int year, Xuncha__Calendar *calendar)
{
    const char *params[] = { xc_call_int (call, year) };
    PGresult *result = xc_call_query (call,
        "SELECT to_char(d.day, 'YYYY-MM-DD'), d.kind, d.name FROM calendar_day d, (SELECT $1::int AS year) y"
        " WHERE " XC_YEAR_DAYS " ORDER BY d.day", 1, params);
    if (!result)
        return -1;
    calendar->days = (Xuncha__CalendarDay **) xc_call_read_rows (call, result, s_day_from_row, &calendar->n_days);
    PQclear (result);
    return 0;
}

static int
s_reply_calendar (xc_call_t *call, int year)
{
    Xuncha__Calendar *calendar = xc_arena_alloc (call->arena, sizeof *calendar);
    xuncha__calendar__init (calendar);
    if (s_read_years (call, year, calendar) != 0)
        return -1;
    if (year && !calendar->n_years)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND,
                             "工作日历没有 %d 年的数据；请巡察办导入 %d 年的节假日安排", year, year);
    if (year && s_read_days (call, year, calendar) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_CALENDAR;
    call->reply->calendar = calendar;
    return 0;
}

int
xc_show_calendar (xc_call_t *call, const Xuncha__Request *request)
{
    return s_reply_calendar (call, request->calendar_show->year);
}

/* ------------------------------------------------------------------ the file */

typedef struct {
    int64_t day;
    int kind;
    const char *name;
    int line;            /* 1-based, for the refusals */
} s_entry_t;

typedef struct {
    int year;
    int line;            /* where it was declared (the first time) */
    bool listed;         /* some day of it is in the file */
} s_declared_t;

typedef struct {
    s_entry_t *entries;  /* the listed days, in date order once checked */
    size_t count;
    s_declared_t *years; /* the declared years, in ascending order once checked */
    size_t year_count;
} s_file_t;

#define XC_UTF8_BOM "\xEF\xBB\xBF"

static s_declared_t *
s_declared (s_file_t *file, int year)
{
    for (size_t i = 0; i < file->year_count; i++)
        if (file->years[i].year == year)
            return &file->years[i];
    return NULL;
}

/* Reads line NUMBER (LENGTH bytes at START) into FILE when it declares a year or lists
 * a day. */
static int
s_read_line (xc_call_t *call, const char *start, size_t length, int number, s_file_t *file)
{
    char *line = xc_arena_alloc (call->arena, length + 1);
    memcpy (line, start, length);
    char name[XC_NAME_SIZE], error[512];
    int year;
    int rc = xc_workcal_parse_year_line (line, &year, error, sizeof error);
    if (rc == 1 && !s_declared (file, year))
        file->years[file->year_count++] = (s_declared_t) { .year = year, .line = number };
    s_entry_t *entry = &file->entries[file->count];
    if (rc == 0)
        rc = xc_workcal_parse_line (line, &entry->day, &entry->kind, name, sizeof name, error, sizeof error);
    else if (rc == 1)
        return 0;
    if (rc < 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "日历文件第 %d 行：%s；未导入任何数据", number,
                             error);
    if (rc == 1) {
        entry->name = xc_arena_strdup (call->arena, name);
        entry->line = number;
        file->count++;
    }
    return 0;
}

static int
s_compare_entries (const void *a, const void *b)
{
    const s_entry_t *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->line - y->line;
}

static int
s_compare_years (const void *a, const void *b)
{
    return ((const s_declared_t *) a)->year - ((const s_declared_t *) b)->year;
}

/* Sorts the days by date and refuses a date listed twice, naming both lines. */
static int
s_check_duplicates (xc_call_t *call, s_file_t *file)
{
    qsort (file->entries, file->count, sizeof *file->entries, s_compare_entries);
    for (size_t i = 1; i < file->count; i++)
        if (file->entries[i].day == file->entries[i - 1].day) {
            char date[11];
            xc_date_format (file->entries[i].day, date);
            return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                                 "日历文件第 %d 行和第 %d 行是同一天 %s，每个日期只能出现一次；未导入任何数据",
                                 file->entries[i - 1].line, file->entries[i].line, date);
        }
    return 0;
}

/* Every day is in a declared year, every declared year has a day, and some year is
 * declared; the years sorted. Refuses by line, the first line first. */
static int
s_check_years (xc_call_t *call, s_file_t *file)
{
    if (!file->year_count)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "日历文件没有声明年份：请在文件中为要导入的每一年写一行“年份 2027”（或“year 2027”），"
                             "导入只替换声明的年份；未导入任何数据");
    const s_entry_t *stray = NULL;
    for (size_t i = 0; i < file->count; i++) {
        s_declared_t *declared = s_declared (file, xc_day_year (file->entries[i].day));
        if (declared)
            declared->listed = true;
        else if (!stray || file->entries[i].line < stray->line)
            stray = &file->entries[i];
    }
    if (stray) {
        char date[11];
        xc_date_format (stray->day, date);
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "日历文件第 %d 行：%s 不在声明的年份内；要导入 %d 年，请加一行“年份 %d”；未导入任何数据",
                             stray->line, date, xc_day_year (stray->day), xc_day_year (stray->day));
    }
    qsort (file->years, file->year_count, sizeof *file->years, s_compare_years);
    for (size_t i = 0; i < file->year_count; i++)
        if (!file->years[i].listed)
            return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                                 "日历文件第 %d 行声明了 %d 年，但文件中没有 %d 年的日期：导入会清空该年的节假日安排；"
                                 "请列出该年的日期或删去这一行；未导入任何数据",
                                 file->years[i].line, file->years[i].year, file->years[i].year);
    return 0;
}

static int
s_read_file (xc_call_t *call, const char *text, s_file_t *file)
{
    if (strncmp (text, XC_UTF8_BOM, strlen (XC_UTF8_BOM)) == 0)
        text += strlen (XC_UTF8_BOM);
    size_t lines = 1;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    file->entries = xc_arena_alloc (call->arena, lines * sizeof *file->entries);
    file->count = 0;
    file->years = xc_arena_alloc (call->arena, lines * sizeof *file->years);
    file->year_count = 0;
    int number = 0;
    for (const char *line = text; line;) {
        const char *newline = strchr (line, '\n');
        size_t length = newline ? (size_t) (newline - line) : strlen (line);
        if (s_read_line (call, line, length, ++number, file) != 0)
            return -1;
        line = newline ? newline + 1 : NULL;
    }
    if (!file->count)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "日历文件中没有任何日期：先写一行“年份 2027”声明要导入的年份，"
                             "再每行写一个日期和类别，如“2027-02-06 班 春节调休上班”");
    return s_check_duplicates (call, file) == 0 ? s_check_years (call, file) : -1;
}

/* ------------------------------------------------------------------ storing */

/* Takes YEAR over: its row first (which makes a concurrent import of the same year
 * wait for this one; years go in ascending order, so two imports never deadlock),
 * then away with the days it listed before. */
static int
s_replace_year (xc_call_t *call, int year, const char *source)
{
    const char *params[] = { xc_call_int (call, year), source, xc_call_int (call, call->who.user_id),
                             xc_call_now (call) };
    if (xc_call_exec (call,
            "INSERT INTO calendar_year (year, source, imported_by, imported_at) VALUES ($1, $2, $3, " XC_CLOCK_TIME ("4") ")"
            " ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, imported_by = EXCLUDED.imported_by,"
            " imported_at = EXCLUDED.imported_at", 4, params) != 0
        || xc_call_exec (call,
            "DELETE FROM calendar_day d USING (SELECT $1::int AS year) y WHERE " XC_YEAR_DAYS, 1, params) != 0)
        return -1;
    return xc_call_log_change (call, "import_calendar", "calendar_year", year);
}

static int
s_store_day (xc_call_t *call, const s_entry_t *entry)
{
    char date[11];
    xc_date_format (entry->day, date);
    const char *params[] = { date, xc_call_int (call, entry->kind), entry->name };
    return xc_call_exec (call, "INSERT INTO calendar_day (day, kind, name) VALUES ($1::date, $2, $3)", 3, params);
}

/* Replaces each declared year (in ascending order), then stores the days. */
static int
s_store_file (xc_call_t *call, const s_file_t *file, const char *source)
{
    for (size_t i = 0; i < file->year_count; i++)
        if (s_replace_year (call, file->years[i].year, source) != 0)
            return -1;
    for (size_t i = 0; i < file->count; i++)
        if (s_store_day (call, &file->entries[i]) != 0)
            return -1;
    return 0;
}

int
xc_import_calendar (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__CalendarImport *import = request->calendar_import;
    s_file_t file;
    if (s_read_file (call, import->text, &file) != 0 || s_store_file (call, &file, import->source) != 0)
        return -1;
    return s_reply_calendar (call, 0);
}

/* ------------------------------------------------------------------ deadlines */

static int
s_check_clock (xc_call_t *call, const Xuncha__CalendarDeadline *ask)
{
    if ((ask->workdays != 0) == (ask->months != 0))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "请给出工作日数或月数，二者选一");
    if (ask->workdays && (ask->workdays < 1 || ask->workdays > XC_MAX_WORKDAYS))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "工作日数 %d 无效：应在 1 到 %d 之间",
                             ask->workdays, XC_MAX_WORKDAYS);
    if (ask->months && (ask->months < 1 || ask->months > XC_MAX_MONTHS))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "月数 %d 无效：应在 1 到 %d 之间", ask->months,
                             XC_MAX_MONTHS);
    return 0;
}

static int
s_reply_deadline (xc_call_t *call, const char *from, int64_t due, const char *rule)
{
    Xuncha__Deadline *deadline = xc_arena_alloc (call->arena, sizeof *deadline);
    xuncha__deadline__init (deadline);
    deadline->from_date = xc_arena_strdup (call->arena, from);
    deadline->due_date = xc_arena_alloc (call->arena, 11);
    xc_date_format (due, deadline->due_date);
    deadline->rule = xc_arena_strdup (call->arena, rule);
    call->reply->body_case = XUNCHA__REPLY__BODY_DEADLINE;
    call->reply->deadline = deadline;
    return 0;
}

int
xc_compute_deadline (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__CalendarDeadline *ask = request->calendar_deadline;
    int64_t from, due;
    if (s_check_clock (call, ask) != 0)
        return -1;
    if (xc_date_parse (ask->from_date, &from) != 0)   /* checked at the edge; kept for direct callers */
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "起算日期“%s”无效", ask->from_date);
    xc_workcal_t *calendar = xc_calendar_load (call);
    if (!calendar)
        return -1;
    /* "2026-02-06 起 15 个工作日" / "2026-02-06 起 2 个月" */
    const char *count = ask->workdays ? xc_arena_printf (call->arena, "%s 起 %d 个工作日", ask->from_date, ask->workdays)
                                      : xc_arena_printf (call->arena, "%s 起 %d 个月", ask->from_date, ask->months);
    int missing_year = 0;
    int rc = ask->workdays ? xc_workcal_add_workdays (calendar, from, ask->workdays, &due, &missing_year)
                           : xc_workcal_add_months (calendar, from, ask->months, &due, &missing_year);
    if (rc != 0)
        return xc_calendar_refuse_missing (call, missing_year, xc_arena_printf (call->arena, "“%s”的期限", count));
    if (ask->months)
        count = xc_arena_printf (call->arena, "%s（期限届满日为休息日的顺延至下一个工作日）", count);
    return s_reply_deadline (call, ask->from_date, due, count);
}
