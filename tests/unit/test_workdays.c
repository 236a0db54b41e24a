/* Unit tests of common/xc_workdays: the working-day calendar on real dates of the 2026
 * arrangement (国办发明电〔2025〕7号) — the Spring Festival 2026-02-15..02-23 off with
 * the Saturdays 2026-02-14 and 2026-02-28 worked, 清明 04-04..06, 国庆 10-01..07 with
 * 09-20 and 10-10 worked — counting working days, adding months, counting what is left,
 * refusing years it does not know, and reading the lines of a calendar file. */
#include "unit.h"
#include "xc_clock.h"
#include "xc_workdays.h"
#include <stdio.h>

static xc_arena_t *s_arena;

static int64_t
s_day (const char *text)
{
    int64_t day;
    if (xc_date_parse (text, &day) != 0)
        fail_msg ("bad date in the test: %s", text);
    return day;
}

static void
s_set_range (xc_workcal_t *calendar, const char *first, const char *last, int kind)
{
    for (int64_t day = s_day (first); day <= s_day (last); day++)
        xc_workcal_set_day (calendar, day, kind);
}

/* 2026 as published: the days of the notice this test needs. */
static xc_workcal_t *
s_calendar_2026 (void)
{
    xc_workcal_t *calendar = xc_workcal_new (s_arena);
    xc_workcal_cover_year (calendar, 2026);
    xc_workcal_set_day (calendar, s_day ("2026-02-14"), XC_DAY_WORKDAY);
    s_set_range (calendar, "2026-02-15", "2026-02-23", XC_DAY_HOLIDAY);
    xc_workcal_set_day (calendar, s_day ("2026-02-28"), XC_DAY_WORKDAY);
    s_set_range (calendar, "2026-04-04", "2026-04-06", XC_DAY_HOLIDAY);
    xc_workcal_set_day (calendar, s_day ("2026-09-20"), XC_DAY_WORKDAY);
    s_set_range (calendar, "2026-10-01", "2026-10-07", XC_DAY_HOLIDAY);
    xc_workcal_set_day (calendar, s_day ("2026-10-10"), XC_DAY_WORKDAY);
    return calendar;
}

static int
s_setup (void **state)
{
    (void) state;
    s_arena = xc_arena_new ();
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    xc_arena_destroy (&s_arena);
    return 0;
}

#define assert_date(day, expected)                                                         \
    do {                                                                                   \
        char text_[11];                                                                    \
        xc_date_format ((day), text_);                                                     \
        assert_string_equal (text_, (expected));                                           \
    } while (0)

static int64_t
s_add_workdays (const xc_workcal_t *calendar, const char *from, int count)
{
    int64_t due = 0;
    int missing = 0;
    if (xc_workcal_add_workdays (calendar, s_day (from), count, &due, &missing) != 0)
        fail_msg ("%s + %d working days: year %d missing", from, count, missing);
    return due;
}

static int64_t
s_add_months (const xc_workcal_t *calendar, const char *from, int months)
{
    int64_t due = 0;
    int missing = 0;
    if (xc_workcal_add_months (calendar, s_day (from), months, &due, &missing) != 0)
        fail_msg ("%s + %d months: year %d missing", from, months, missing);
    return due;
}

static int
s_between (const xc_workcal_t *calendar, const char *from, const char *to)
{
    int count = -1, missing = 0;
    if (xc_workcal_workdays_between (calendar, s_day (from), s_day (to), &count, &missing) != 0)
        fail_msg ("(%s, %s]: year %d missing", from, to, missing);
    return count;
}

/* ------------------------------------------------------------------ the days */

static void
test_weekdays_and_listed_days (void **state)
{
    (void) state;
    xc_workcal_t *calendar = s_calendar_2026 ();
    int missing = 0;
    static const struct {
        const char *date;
        int work;
    } days[] = {
        { "2026-01-01", 1 },   /* Thursday, not listed in this test: the weekday rule */
        { "2026-02-13", 1 },   /* Friday */
        { "2026-02-14", 1 },   /* Saturday, 班 */
        { "2026-02-15", 0 },   /* Sunday, 休 */
        { "2026-02-16", 0 },   /* Monday, 休 */
        { "2026-02-23", 0 },   /* Monday, 休 */
        { "2026-02-24", 1 },   /* Tuesday */
        { "2026-02-28", 1 },   /* Saturday, 班 */
        { "2026-03-01", 0 },   /* Sunday */
        { "2026-03-07", 0 },   /* Saturday */
        { "2026-10-10", 1 },   /* Saturday, 班 */
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        if (xc_workcal_is_workday (calendar, s_day (days[i].date), &missing) != days[i].work)
            fail_msg ("%s should be a %s", days[i].date, days[i].work ? "working day" : "rest day");
}

static void
test_years_of_days (void **state)
{
    (void) state;
    assert_int_equal (xc_day_year (0), 1970);
    assert_int_equal (xc_day_year (-1), 1969);
    assert_int_equal (xc_day_year (s_day ("1900-01-01")), 1900);
    assert_int_equal (xc_day_year (s_day ("2024-12-31")), 2024);
    assert_int_equal (xc_day_year (s_day ("2025-01-01")), 2025);
    assert_int_equal (xc_day_year (s_day ("2999-12-31")), 2999);
}

static void
test_weekdays_of_days (void **state)
{
    (void) state;
    assert_int_equal (xc_day_weekday (0), 4);                          /* 1970-01-01, a Thursday */
    assert_int_equal (xc_day_weekday (-1), 3);                         /* 1969-12-31 */
    assert_int_equal (xc_day_weekday (s_day ("1969-12-28")), 7);
    assert_int_equal (xc_day_weekday (s_day ("2026-02-14")), 6);      /* the 班 Saturday */
    assert_int_equal (xc_day_weekday (s_day ("2026-02-16")), 1);
    assert_int_equal (xc_day_weekday (s_day ("2026-10-01")), 4);
}

static void
test_covered_years (void **state)
{
    (void) state;
    xc_workcal_t *calendar = xc_workcal_new (s_arena);
    assert_false (xc_workcal_covers (calendar, 2026));
    xc_workcal_cover_year (calendar, 2026);
    assert_true (xc_workcal_covers (calendar, 2026));
    assert_false (xc_workcal_covers (calendar, 2025));
    xc_workcal_set_day (calendar, s_day ("2025-10-01"), XC_DAY_HOLIDAY);   /* listing a day covers its year */
    assert_true (xc_workcal_covers (calendar, 2025));
    assert_false (xc_workcal_covers (calendar, 2027));
    assert_false (xc_workcal_covers (calendar, 3000));
}

/* ------------------------------------------------------------------ working days */

/* The 整改方案 clock: 15 working days after a feedback on Friday 2026-02-06, the day
 * itself not counted. By hand, on a 2026 wall calendar:
 *    1–5   02-09 Mon .. 02-13 Fri
 *    6     02-14 Sat  (班: worked for the Spring Festival)
 *          02-15 Sun .. 02-23 Mon: 休, the Spring Festival — nothing counts
 *    7–10  02-24 Tue .. 02-27 Fri
 *    11    02-28 Sat  (班)
 *          03-01 Sun
 *    12–15 03-02 Mon .. 03-05 Thu
 * so the plan is due on 2026-03-05. With weekends only it would be 02-27. */
static void
test_fifteen_workdays_across_the_spring_festival (void **state)
{
    (void) state;
    xc_workcal_t *calendar = s_calendar_2026 ();
    assert_date (s_add_workdays (calendar, "2026-02-06", 15), "2026-03-05");
    xc_workcal_t *weekends_only = xc_workcal_new (s_arena);
    xc_workcal_cover_year (weekends_only, 2026);
    assert_date (s_add_workdays (weekends_only, "2026-02-06", 15), "2026-02-27");
}

static void
test_a_workday_saturday_counts_a_holiday_weekday_does_not (void **state)
{
    (void) state;
    xc_workcal_t *calendar = s_calendar_2026 ();
    /* Mon 02-09 + 5: 02-10, 11, 12, 13 and the 班 Saturday 02-14 */
    assert_date (s_add_workdays (calendar, "2026-02-09", 5), "2026-02-14");
    /* the next working day after 02-14 is 02-24: the 休 weekdays 02-16..02-20 and 02-23 do not count */
    assert_date (s_add_workdays (calendar, "2026-02-14", 1), "2026-02-24");
    /* from the 休 Monday 02-16 the count starts all the same */
    assert_date (s_add_workdays (calendar, "2026-02-16", 1), "2026-02-24");
    /* 国庆: Wed 09-30 + 1 is Thu 10-08; + 2 is the 班 Saturday 10-10 */
    assert_date (s_add_workdays (calendar, "2026-09-30", 1), "2026-10-08");
    assert_date (s_add_workdays (calendar, "2026-09-30", 2), "2026-10-09");
    assert_date (s_add_workdays (calendar, "2026-09-30", 3), "2026-10-10");
}

static void
test_workdays_between (void **state)
{
    (void) state;
    xc_workcal_t *calendar = s_calendar_2026 ();
    assert_int_equal (s_between (calendar, "2026-02-06", "2026-03-05"), 15);   /* the count above, back */
    assert_int_equal (s_between (calendar, "2026-02-14", "2026-02-24"), 1);
    assert_int_equal (s_between (calendar, "2026-02-14", "2026-02-23"), 0);    /* all 休 */
    assert_int_equal (s_between (calendar, "2026-02-13", "2026-02-14"), 1);    /* TO counts, FROM does not */
    assert_int_equal (s_between (calendar, "2026-03-05", "2026-03-05"), 0);
    assert_int_equal (s_between (calendar, "2026-03-05", "2026-02-06"), 0);    /* past the deadline */
    /* the whole of 2026 from 2025-12-31: 261 weekdays, less 14 weekday 休
     * (01-01, 01-02, 02-16..02-20, 02-23, 04-06, 10-01, 10-02, 10-05..10-07),
     * plus 4 班 weekends of this test (02-14, 02-28, 09-20, 10-10) — 01-04 and 05-09
     * are not listed here */
    xc_workcal_t *year = s_calendar_2026 ();
    s_set_range (year, "2026-01-01", "2026-01-02", XC_DAY_HOLIDAY);
    int count = -1, missing = 0;
    xc_workcal_cover_year (year, 2025);
    assert_int_equal (xc_workcal_workdays_between (year, s_day ("2025-12-31"), s_day ("2026-12-31"), &count, &missing), 0);
    assert_int_equal (count, 261 - 14 + 4);
}

/* ------------------------------------------------------------------ months */

static void
test_add_months_clamps_to_the_month_end (void **state)
{
    (void) state;
    xc_workcal_t *calendar = s_calendar_2026 ();
    xc_workcal_cover_year (calendar, 2024);
    xc_workcal_cover_year (calendar, 2025);
    assert_date (s_add_months (calendar, "2025-01-31", 1), "2025-02-28");   /* Friday */
    assert_date (s_add_months (calendar, "2024-01-31", 1), "2024-02-29");   /* leap year, Thursday */
    assert_date (s_add_months (calendar, "2026-03-31", 1), "2026-04-30");   /* Thursday */
    assert_date (s_add_months (calendar, "2025-12-31", 2), "2026-02-28");   /* a 班 Saturday: a working day */
    assert_date (s_add_months (calendar, "2026-03-21", 1), "2026-04-21");
    assert_date (s_add_months (calendar, "2025-11-15", 2), "2026-01-15");   /* across the year */
}

static void
test_add_months_moves_off_a_rest_day (void **state)
{
    (void) state;
    xc_workcal_t *calendar = s_calendar_2026 ();
    /* the 整改情况报告 clock: 2 months after 2026-02-06 is Mon 04-06, 清明 (休) → Tue 04-07 */
    assert_date (s_add_months (calendar, "2026-02-06", 2), "2026-04-07");
    /* 2 months after 08-01 is 10-01, 国庆 10-01..10-07 → Thu 10-08 */
    assert_date (s_add_months (calendar, "2026-08-01", 2), "2026-10-08");
    /* a plain Sunday: 2026-01-08 + 2 months = Sun 03-08 → Mon 03-09 */
    assert_date (s_add_months (calendar, "2026-01-08", 2), "2026-03-09");
    /* one month after the first day of the Spring Festival is Sun 03-15 → Mon 03-16 */
    assert_date (s_add_months (calendar, "2026-02-15", 1), "2026-03-16");
}

/* ------------------------------------------------------------------ uncovered years */

static void
test_a_count_into_an_uncovered_year_names_it (void **state)
{
    (void) state;
    xc_workcal_t *calendar = s_calendar_2026 ();
    int64_t due = 0;
    int missing = 0;
    /* 2026-12-21..25 and 12-28..31 are 9 working days; the 10th would be in 2027 */
    assert_int_equal (xc_workcal_add_workdays (calendar, s_day ("2026-12-20"), 9, &due, &missing), 0);
    assert_date (due, "2026-12-31");
    assert_int_equal (xc_workcal_add_workdays (calendar, s_day ("2026-12-20"), 15, &due, &missing), -1);
    assert_int_equal (missing, 2027);
    missing = 0;
    assert_int_equal (xc_workcal_add_months (calendar, s_day ("2026-11-30"), 2, &due, &missing), -1);
    assert_int_equal (missing, 2027);
    missing = 0;
    int count = 0;
    assert_int_equal (xc_workcal_workdays_between (calendar, s_day ("2026-12-30"), s_day ("2027-01-05"), &count,
                                                   &missing), -1);
    assert_int_equal (missing, 2027);
    missing = 0;
    /* a start in an uncovered year: the first day needed is in it */
    assert_int_equal (xc_workcal_add_workdays (calendar, s_day ("2025-12-01"), 1, &due, &missing), -1);
    assert_int_equal (missing, 2025);
    assert_int_equal (xc_workcal_is_workday (calendar, s_day ("2023-06-01"), &missing), -1);
    assert_int_equal (missing, 2023);
}

/* ------------------------------------------------------------------ the file's lines */

typedef struct {
    int rc;
    int64_t day;
    int kind;
    char name[64];
    char error[256];
} line_t;

static line_t
s_parse (const char *text)
{
    line_t line = { .rc = 99 };
    line.rc = xc_workcal_parse_line (text, &line.day, &line.kind, line.name, sizeof line.name, line.error,
                                     sizeof line.error);
    return line;
}

static void
s_expect_day (const char *text, const char *date, int kind, const char *name)
{
    line_t line = s_parse (text);
    if (line.rc != 1)
        fail_msg ("\"%s\" refused (%d): %s", text, line.rc, line.error);
    assert_date (line.day, date);
    assert_int_equal (line.kind, kind);
    assert_string_equal (line.name, name);
}

static void
s_expect_refusal (const char *text, const char *needle1, const char *needle2)
{
    line_t line = s_parse (text);
    if (line.rc != -1)
        fail_msg ("\"%s\" accepted (%d), expected a refusal", text, line.rc);
    assert_contains (line.error, needle1);
    assert_contains (line.error, needle2);
}

static void
test_parse_accepts_every_kind_word (void **state)
{
    (void) state;
    s_expect_day ("2026-02-14 班 春节调休上班", "2026-02-14", XC_DAY_WORKDAY, "春节调休上班");
    s_expect_day ("2026-02-15\t休\t春节", "2026-02-15", XC_DAY_HOLIDAY, "春节");
    s_expect_day ("2026-05-01 放假 劳动节", "2026-05-01", XC_DAY_HOLIDAY, "劳动节");
    s_expect_day ("2026-05-09 上班 劳动节调休上班", "2026-05-09", XC_DAY_WORKDAY, "劳动节调休上班");
    s_expect_day ("2026-10-01 holiday National Day", "2026-10-01", XC_DAY_HOLIDAY, "National Day");
    s_expect_day ("2026-10-10 workday", "2026-10-10", XC_DAY_WORKDAY, "");
    s_expect_day ("2026-10-10 WORKDAY", "2026-10-10", XC_DAY_WORKDAY, "");
}

static void
test_parse_names_comments_and_blank_lines (void **state)
{
    (void) state;
    s_expect_day ("  2026-02-16  休  春节   # 周一\r\n", "2026-02-16", XC_DAY_HOLIDAY, "春节");
    s_expect_day ("2026-02-28 班 春节调休上班\n", "2026-02-28", XC_DAY_WORKDAY, "春节调休上班");
    s_expect_day ("2026-04-04 休#清明", "2026-04-04", XC_DAY_HOLIDAY, "");
    const char *nothing[] = { "", "   ", "\t\r\n", "# 2026 年", "   # 2026-02-14 班 不是数据" };
    for (size_t i = 0; i < sizeof nothing / sizeof nothing[0]; i++)
        assert_int_equal (s_parse (nothing[i]).rc, 0);
}

static void
test_parse_cuts_a_long_name_between_characters (void **state)
{
    (void) state;
    int64_t day;
    int kind;
    char name[8], error[256];
    /* "春节调休上班" is 18 bytes; 7 fit, which would cut the third character: keep two */
    assert_int_equal (xc_workcal_parse_line ("2026-02-14 班 春节调休上班", &day, &kind, name, sizeof name, error,
                                             sizeof error), 1);
    assert_string_equal (name, "春节");
}

static void
test_parse_refuses_bad_dates (void **state)
{
    (void) state;
    s_expect_refusal ("2026-02-30 休 春节", "2026-02-30", "日期");
    s_expect_refusal ("2026/02/14 班", "2026/02/14", "YYYY-MM-DD");
    s_expect_refusal ("2026-2-14 班", "2026-2-14", "日期");
    s_expect_refusal ("春节 2026-02-15 休", "春节", "日期");
}

static void
test_parse_refuses_unknown_or_missing_kinds (void **state)
{
    (void) state;
    s_expect_refusal ("2026-02-14 加班 春节", "“加班”", "类别");
    s_expect_refusal ("2026-02-14 unspecified", "unspecified", "休");
    s_expect_refusal ("2026-02-14", "2026-02-14", "缺少类别");
    s_expect_refusal ("2026-02-14   # 班", "2026-02-14", "缺少类别");
}

/* A 班 day on a weekday is a mistake in the file; the error names the day. 1970-01-01
 * was a Thursday and 1969-12-31 a Wednesday; the Saturdays around them are accepted. */
static void
test_parse_refuses_a_workday_on_a_weekday (void **state)
{
    (void) state;
    s_expect_refusal ("2026-02-16 班 春节", "2026-02-16", "星期一");
    s_expect_refusal ("2026-10-09 上班", "2026-10-09", "星期五");
    s_expect_refusal ("1970-01-01 班", "1970-01-01", "星期四");
    s_expect_refusal ("1969-12-31 班", "1969-12-31", "星期三");
    s_expect_day ("1970-01-03 班", "1970-01-03", XC_DAY_WORKDAY, "");
    s_expect_day ("1969-12-28 班", "1969-12-28", XC_DAY_WORKDAY, "");
    s_expect_day ("2026-02-16 休 春节", "2026-02-16", XC_DAY_HOLIDAY, "春节");   /* a 休 weekday is what 休 is for */
}

/* A file declares the years it replaces: "年份 2027", "year 2027", with a colon or not;
 * any other line is not a declaration (0) and goes to xc_workcal_parse_line. */
static void
s_expect_year (const char *text, int rc, int year, const char *needle)
{
    int found = -7;
    char error[256] = "";
    int got = xc_workcal_parse_year_line (text, &found, error, sizeof error);
    if (got != rc)
        fail_msg ("\"%s\": %d, expected %d (%s)", text, got, rc, error);
    if (rc == 1)
        assert_int_equal (found, year);
    else
        assert_int_equal (found, -7);
    if (needle)
        assert_contains (error, needle);
}

static void
test_parse_year_declarations (void **state)
{
    (void) state;
    s_expect_year ("年份 2027", 1, 2027, NULL);
    s_expect_year ("  年份\t2026   # 国办发明电〔2025〕7号\r\n", 1, 2026, NULL);
    s_expect_year ("年份：2025", 1, 2025, NULL);
    s_expect_year ("年份: 2024", 1, 2024, NULL);
    s_expect_year ("year 2027", 1, 2027, NULL);
    s_expect_year ("Year 2027\r", 1, 2027, NULL);
    s_expect_year ("2027-01-01 休 元旦", 0, 0, NULL);
    s_expect_year ("# 年份 2027", 0, 0, NULL);
    s_expect_year ("", 0, 0, NULL);
    s_expect_year ("yearly 2027", 0, 0, NULL);
    s_expect_year ("年份", -1, 0, "缺少年份");
    s_expect_year ("年份 # 2027", -1, 0, "缺少年份");
    s_expect_year ("年份 27", -1, 0, "年份“27”无效");
    s_expect_year ("year 二〇二七", -1, 0, "二〇二七");
    s_expect_year ("年份 99999999999999999999", -1, 0, "无效");
    s_expect_year ("年份 2027 2028", -1, 0, "多出“2028”");
    s_expect_year ("年份 2027年", -1, 0, "2027年");
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_weekdays_and_listed_days),
        cmocka_unit_test (test_years_of_days),
        cmocka_unit_test (test_weekdays_of_days),
        cmocka_unit_test (test_covered_years),
        cmocka_unit_test (test_fifteen_workdays_across_the_spring_festival),
        cmocka_unit_test (test_a_workday_saturday_counts_a_holiday_weekday_does_not),
        cmocka_unit_test (test_workdays_between),
        cmocka_unit_test (test_add_months_clamps_to_the_month_end),
        cmocka_unit_test (test_add_months_moves_off_a_rest_day),
        cmocka_unit_test (test_a_count_into_an_uncovered_year_names_it),
        cmocka_unit_test (test_parse_accepts_every_kind_word),
        cmocka_unit_test (test_parse_names_comments_and_blank_lines),
        cmocka_unit_test (test_parse_cuts_a_long_name_between_characters),
        cmocka_unit_test (test_parse_refuses_bad_dates),
        cmocka_unit_test (test_parse_refuses_unknown_or_missing_kinds),
        cmocka_unit_test (test_parse_refuses_a_workday_on_a_weekday),
        cmocka_unit_test (test_parse_year_declarations),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
