/* 工作日历 on a real PostgreSQL, through the real dispatcher: importing the shipped file
 * (ops/calendar/holidays-cn.txt) covers its years with the official counts; the deadline
 * across the 2026 Spring Festival is the date a person counts on a wall calendar; a year
 * without data is refused naming the year; a file with a bad line, a date listed twice or
 * no date at all is refused naming the line, and the calendar is unchanged; a file
 * declares the years it replaces ("年份 2027"): one without a declaration, a day outside
 * the declared years, or a declared year without a day is refused, and only the declared
 * years are replaced; a UTF-8 byte order mark (Notepad's) is no problem; importing a
 * year again replaces it (a day left out of the file is gone, other years untouched);
 * only the 巡察办 imports, everyone reads and computes. */
#include "xc_test_pg.h"
#include "xc_test_world.h"
#include "xc_codec.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OFFICE_KEY "office0000000000000000000000000000000000"
#define LEADER_KEY "leader0000000000000000000000000000000000"
#define UNIT_KEY   "insptd0000000000000000000000000000000000"   /* 被巡察单位 */
#define READER_KEY "reader0000000000000000000000000000000000"

#define BODY(name) XUNCHA__REQUEST__BODY_##name
#define OK XUNCHA__STATUS__STATUS_OK
#define BAD_REQUEST XUNCHA__STATUS__STATUS_BAD_REQUEST
#define FORBIDDEN XUNCHA__STATUS__STATUS_FORBIDDEN
#define NOT_FOUND XUNCHA__STATUS__STATUS_NOT_FOUND
#define CONFLICT XUNCHA__STATUS__STATUS_CONFLICT
#define SHIPPED_FILE XUNCHA_SOURCE_DIR "/ops/calendar/holidays-cn.txt"

static xc_dispatcher_t *s_dispatcher;
static char *s_shipped;   /* the text of the shipped file */

/* ------------------------------------------------------------------ fixtures */

static char *
s_read_file (const char *path)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        fail_msg ("cannot read %s", path);
    static char text[1 << 16];
    size_t size = fread (text, 1, sizeof text - 1, file);
    fclose (file);
    text[size] = 0;
    return strdup (text);
}

static int
s_setup (void **state)
{
    (void) state;
    setenv ("XUNCHA_NOW", "2026-11-22T10:00:00", 1);
    s_dispatcher = xc_dispatcher_new (xc_test_pg_start (), XC_MAX_FRAME_DEFAULT);
    xc_world_init (s_dispatcher, OFFICE_KEY);
    xc_world_user (OFFICE_KEY, XUNCHA__ROLE__ROLE_OFFICE, 0, "巡察办");
    xc_world_user (READER_KEY, XUNCHA__ROLE__ROLE_READONLY, 0, "领导小组成员");
    int64_t district = xc_world_unit ("某某区", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, 0);
    int64_t town = xc_world_unit ("城关镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, district);
    int64_t finance = xc_world_unit ("区财政局", XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, district);
    xc_world_user (LEADER_KEY, XUNCHA__ROLE__ROLE_GROUP_LEADER, finance, "张伟");
    xc_world_user (UNIT_KEY, XUNCHA__ROLE__ROLE_INSPECTED_UNIT, town, "城关镇党委");
    s_shipped = s_read_file (SHIPPED_FILE);
    return 0;
}

static int
s_teardown (void **state)
{
    (void) state;
    free (s_shipped);
    xc_dispatcher_destroy (&s_dispatcher);
    return 0;
}

/* ------------------------------------------------------------------ requests */

static Xuncha__Reply *
s_import (const char *key, int status, const char *text, const char *source)
{
    Xuncha__CalendarImport body = XUNCHA__CALENDAR_IMPORT__INIT;
    body.text = (char *) text;
    body.source = (char *) source;
    return xc_world_expect (key, status, BODY (CALENDAR_IMPORT), &body);
}

static void
s_import_refused (const char *text, const char *needle1, const char *needle2)
{
    Xuncha__Reply *reply = s_import (OFFICE_KEY, BAD_REQUEST, text, "错误的文件");
    if (!strstr (reply->message, needle1) || !strstr (reply->message, needle2))
        fail_msg ("expected \"%s\" and \"%s\" in \"%s\"", needle1, needle2, reply->message);
    xuncha__reply__free_unpacked (reply, NULL);
}

/* The shipped file, imported as the 巡察办 would: every test starts from it. */
static void
s_import_shipped (void)
{
    xuncha__reply__free_unpacked (s_import (OFFICE_KEY, OK, s_shipped, "holidays-cn.txt"), NULL);
}

static Xuncha__Reply *
s_show (const char *key, int status, int year)
{
    Xuncha__CalendarShow body = XUNCHA__CALENDAR_SHOW__INIT;
    body.year = year;
    return xc_world_expect (key, status, BODY (CALENDAR_SHOW), &body);
}

static Xuncha__Reply *
s_deadline (const char *key, int status, const char *from, int workdays, int months)
{
    Xuncha__CalendarDeadline body = XUNCHA__CALENDAR_DEADLINE__INIT;
    body.from_date = (char *) from;
    body.workdays = workdays;
    body.months = months;
    return xc_world_expect (key, status, BODY (CALENDAR_DEADLINE), &body);
}

/* The due date of a clock, asked by KEY. */
static void
s_expect_due (const char *key, const char *from, int workdays, int months, const char *due, const char *rule)
{
    Xuncha__Reply *reply = s_deadline (key, OK, from, workdays, months);
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY_DEADLINE);
    assert_string_equal (reply->deadline->from_date, from);
    assert_string_equal (reply->deadline->due_date, due);
    if (!strstr (reply->deadline->rule, rule))
        fail_msg ("expected \"%s\" in the rule \"%s\"", rule, reply->deadline->rule);
    xuncha__reply__free_unpacked (reply, NULL);
}

static void
s_expect_deadline_refused (const char *from, int workdays, int months, int status, const char *needle)
{
    Xuncha__CalendarDeadline body = XUNCHA__CALENDAR_DEADLINE__INIT;
    body.from_date = (char *) from;
    body.workdays = workdays;
    body.months = months;
    xc_world_refused (UNIT_KEY, status, needle, BODY (CALENDAR_DEADLINE), &body);
}

static void
s_sql_exec (const char *sql)
{
    PGconn *db = xc_test_pg_connect ();
    PGresult *result = PQexec (db, sql);
    assert_int_equal (PQresultStatus (result), PGRES_COMMAND_OK);
    PQclear (result);
    PQfinish (db);
}

static const Xuncha__CalendarYear *
s_year_in (const Xuncha__Calendar *calendar, int year)
{
    for (size_t i = 0; i < calendar->n_years; i++)
        if (calendar->years[i]->year == year)
            return calendar->years[i];
    fail_msg ("year %d not in the calendar", year);
    return NULL;
}

/* Everything stored, as one text: any change to the calendar changes it. */
static char *
s_snapshot (void)
{
    PGconn *db = xc_test_pg_connect ();
    PGresult *result = PQexec (db,
        "SELECT coalesce(string_agg(day::text || kind || name, ',' ORDER BY day), '')"
        " || '|' || (SELECT string_agg(year || source || imported_at, ',' ORDER BY year) FROM calendar_year)"
        " FROM calendar_day");
    assert_int_equal (PQresultStatus (result), PGRES_TUPLES_OK);
    char *text = strdup (PQgetvalue (result, 0, 0));
    PQclear (result);
    PQfinish (db);
    return text;
}

/* ------------------------------------------------------------------ tests */

/* 2026 as 国办发明电〔2025〕7号 arranges it: 休 元旦 3, 春节 9, 清明节 3, 劳动节 5,
 * 端午节 3, 中秋节 3, 国庆节 7 = 33 days; 班 01-04, 02-14, 02-28, 05-09, 09-20, 10-10. */
static void
test_importing_the_shipped_file_covers_its_years (void **state)
{
    (void) state;
    Xuncha__Reply *reply = s_import (OFFICE_KEY, OK, s_shipped, "holidays-cn.txt");
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY_CALENDAR);
    assert_int_equal (reply->calendar->n_years, 3);
    const Xuncha__CalendarYear *year = s_year_in (reply->calendar, 2026);
    assert_int_equal (year->holidays, 33);
    assert_int_equal (year->workdays, 6);
    assert_string_equal (year->source, "holidays-cn.txt");
    assert_string_equal (year->imported_by, "巡察办");
    assert_string_equal (year->imported_at, "2026-11-22 10:00");
    assert_int_equal (s_year_in (reply->calendar, 2025)->workdays, 5);   /* 01-26, 02-08, 04-27, 09-28, 10-11 */
    assert_int_equal (s_year_in (reply->calendar, 2024)->workdays, 8);
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM change_log WHERE action = 'import_calendar'"
                                        " AND record_type = 'calendar_year' AND record_id = 2026"), 1);

    /* a 被巡察单位 reads it too: one year's days, in date order */
    reply = s_show (UNIT_KEY, OK, 2026);
    const Xuncha__Calendar *calendar = reply->calendar;
    assert_int_equal (calendar->n_years, 1);
    assert_int_equal (calendar->n_days, 39);
    assert_string_equal (calendar->days[0]->date, "2026-01-01");
    assert_string_equal (calendar->days[0]->name, "元旦");
    assert_string_equal (calendar->days[38]->date, "2026-10-10");
    int found = 0;
    for (size_t i = 0; i < calendar->n_days; i++) {
        if (i)
            assert_true (strcmp (calendar->days[i - 1]->date, calendar->days[i]->date) < 0);
        if (strcmp (calendar->days[i]->date, "2026-02-14") == 0) {
            assert_int_equal (calendar->days[i]->kind, XUNCHA__CALENDAR_DAY_KIND__CALENDAR_DAY_KIND_WORKDAY);
            assert_string_equal (calendar->days[i]->name, "春节调休上班");
            found = 1;
        }
    }
    assert_true (found);
    xuncha__reply__free_unpacked (reply, NULL);
    reply = s_show (READER_KEY, OK, 0);
    assert_int_equal (reply->calendar->n_years, 3);
    assert_int_equal (reply->calendar->n_days, 0);
    assert_int_equal (reply->calendar->years[0]->year, 2024);
    xuncha__reply__free_unpacked (reply, NULL);
}

/* 15 working days after Fri 2026-02-06: 02-09..13 (5), the 班 Sat 02-14 (6), nothing
 * in the 休 02-15..23, 02-24..27 (10), the 班 Sat 02-28 (11), 03-02..05 (15). Two months
 * after it is Mon 04-06, 清明 (休), so the report is due Tue 04-07. */
static void
test_deadline_across_the_spring_festival (void **state)
{
    (void) state;
    s_import_shipped ();
    s_expect_due (UNIT_KEY, "2026-02-06", 15, 0, "2026-03-05", "2026-02-06 起 15 个工作日");
    s_expect_due (LEADER_KEY, "2026-02-06", 0, 2, "2026-04-07", "2026-02-06 起 2 个月（期限届满日为休息日的顺延");
    /* 2025: 国庆节、中秋节 10-01..08, 班 Sat 10-11 — 3 working days after Tue 09-30 */
    s_expect_due (OFFICE_KEY, "2025-09-30", 3, 0, "2025-10-11", "3 个工作日");
    /* a month-end: 2026-01-31 + 1 month is the 班 Saturday 02-28, a working day */
    s_expect_due (READER_KEY, "2026-01-31", 0, 1, "2026-02-28", "1 个月");
}

static void
test_a_year_without_data_is_refused (void **state)
{
    (void) state;
    s_import_shipped ();
    /* 9 working days are left in 2026 after 12-20; the 10th is in 2027 */
    s_expect_due (UNIT_KEY, "2026-12-20", 9, 0, "2026-12-31", "9 个工作日");
    s_expect_deadline_refused ("2026-12-20", 15, 0, CONFLICT, "工作日历没有 2027 年的数据");
    s_expect_deadline_refused ("2026-12-20", 15, 0, CONFLICT, "请巡察办导入 2027 年的节假日安排");
    s_expect_deadline_refused ("2026-11-30", 0, 2, CONFLICT, "没有 2027 年");
    s_expect_deadline_refused ("2023-06-01", 1, 0, CONFLICT, "没有 2023 年");
    Xuncha__CalendarShow show = XUNCHA__CALENDAR_SHOW__INIT;
    show.year = 2027;
    xc_world_refused (UNIT_KEY, NOT_FOUND, "工作日历没有 2027 年的数据", BODY (CALENDAR_SHOW), &show);
    /* the clock itself must be one of the two, in range */
    s_expect_deadline_refused ("2026-02-06", 15, 2, BAD_REQUEST, "二者选一");
    s_expect_deadline_refused ("2026-02-06", 0, 0, BAD_REQUEST, "二者选一");
    s_expect_deadline_refused ("2026-02-06", 366, 0, BAD_REQUEST, "工作日数 366 无效");
    s_expect_deadline_refused ("2026-02-06", 0, 25, BAD_REQUEST, "月数 25 无效");
    s_expect_deadline_refused ("2026-02-30", 15, 0, BAD_REQUEST, "不是合法日期");
}

static void
test_a_bad_file_is_refused_naming_the_line_and_changes_nothing (void **state)
{
    (void) state;
    s_import_shipped ();
    char *before = s_snapshot ();
    /* each bad file also lists a 2027 day, which must not be stored either */
    s_import_refused ("年份 2027\n2027-01-01 休 元旦\n\n2027-02-06 班 春节调休上班\n2027-02-09 班 春节调休上班\n",
                      "第 5 行", "2027-02-09 是星期二");
    s_import_refused ("年份 2027\n2027-01-01 休 元旦\n2027-02-08 加班 春节\n", "第 3 行", "类别“加班”无法识别");
    s_import_refused ("年份 2027\n2027-01-01 休 元旦\n2027-13-01 休\n", "第 3 行", "日期“2027-13-01”无效");
    s_import_refused ("年份 2026\r\n年份 2027\r\n2027-01-01 休 元旦\r\n2026-02-16 休 春节\r\n2027-01-01 休 元旦\r\n",
                      "第 3 行和第 5 行", "2027-01-01");
    s_import_refused ("# 只有注释\n\n   \n", "没有任何日期", "年份 2027");
    s_import_refused ("年份 2027\n# 只有注释\n", "没有任何日期", "2027-02-06 班");
    char *after = s_snapshot ();
    assert_string_equal (after, before);
    free (before);
    free (after);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM calendar_year WHERE year = 2027"), 0);
    s_expect_deadline_refused ("2026-12-20", 15, 0, CONFLICT, "没有 2027 年");
}

/* A file of one year replaces that year: its days left out are gone, the other years
 * stay as they were; a new year in a file becomes covered. */
static void
test_reimporting_a_year_replaces_it (void **state)
{
    (void) state;
    s_import_shipped ();
    long days_2024 = xc_test_pg_count ("SELECT count(*) FROM calendar_day WHERE day BETWEEN '2024-01-01' AND '2024-12-31'");
    long days_2025 = xc_test_pg_count ("SELECT count(*) FROM calendar_day WHERE day BETWEEN '2025-01-01' AND '2025-12-31'");
    Xuncha__Reply *reply = s_import (OFFICE_KEY, OK, "年份 2026\n2026-10-01 休 国庆节\n2026-10-10 班 国庆节调休上班\n",
                                     "国庆节单独修订");
    const Xuncha__CalendarYear *year = s_year_in (reply->calendar, 2026);
    assert_int_equal (year->holidays, 1);
    assert_int_equal (year->workdays, 1);
    assert_string_equal (year->source, "国庆节单独修订");
    assert_int_equal (s_year_in (reply->calendar, 2025)->holidays + s_year_in (reply->calendar, 2025)->workdays,
                      days_2025);
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM calendar_day WHERE day = '2026-02-16'"), 0);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM calendar_day WHERE day BETWEEN '2024-01-01' AND '2024-12-31'"),
                      days_2024);
    /* without the Spring Festival the count is weekends only: 02-09..13, 16..20, 23..27 */
    s_expect_due (UNIT_KEY, "2026-02-06", 15, 0, "2026-02-27", "15 个工作日");

    /* a year new to the calendar: 2027 with one day only is covered from now on */
    xuncha__reply__free_unpacked (s_import (OFFICE_KEY, OK, "year 2027\n2027-01-01 休 元旦\n", "测试"), NULL);
    /* 9 left in 2026, 2027-01-01 休, then Mon 01-04..Fri 01-08 and Mon 01-11 */
    s_expect_due (UNIT_KEY, "2026-12-20", 15, 0, "2027-01-11", "15 个工作日");
    assert_int_equal (xc_test_pg_count ("WITH gone AS (DELETE FROM calendar_day WHERE day >= '2027-01-01' RETURNING 1),"
                                        " year AS (DELETE FROM calendar_year WHERE year = 2027 RETURNING 1)"
                                        " SELECT (SELECT count(*) FROM gone) + (SELECT count(*) FROM year)"), 2);
    s_import_shipped ();
    s_expect_due (UNIT_KEY, "2026-02-06", 15, 0, "2026-03-05", "15 个工作日");
}

/* A file says which years it replaces: without a declaration, with a day of a year it
 * does not declare, or declaring a year it lists no day of, it is refused saying what
 * to write, and nothing changes; otherwise only the declared years are replaced. */
static void
test_a_file_declares_the_years_it_replaces (void **state)
{
    (void) state;
    s_import_shipped ();
    char *before = s_snapshot ();
    s_import_refused ("2026-10-01 休 国庆节\n", "没有声明年份", "“年份 2027”");
    s_import_refused ("年份 2027\n2027-01-01 休 元旦\n\n2026-10-01 休 国庆节\n", "第 4 行",
                      "2026-10-01 不在声明的年份内；要导入 2026 年，请加一行“年份 2026”");
    s_import_refused ("年份 2027\n2027-01-01 休 元旦\n年份 2026\n", "第 3 行声明了 2026 年",
                      "文件中没有 2026 年的日期");
    s_import_refused ("年份 二〇二七\n2027-01-01 休 元旦\n", "第 1 行", "年份“二〇二七”无效");
    s_import_refused ("年份 2027 2028\n2027-01-01 休 元旦\n", "第 1 行", "多出“2028”");
    char *after = s_snapshot ();
    assert_string_equal (after, before);
    free (before);
    free (after);

    /* as Notepad saves it: a byte order mark and CRLF; 2027 is added, the rest untouched */
    long others = xc_test_pg_count ("SELECT count(*) FROM calendar_day");
    Xuncha__Reply *reply = s_import (OFFICE_KEY, OK,
                                     "\xEF\xBB\xBF# 2027 年（记事本）\r\n年份：2027\r\n2027-01-01 休 元旦\r\n", "记事本");
    assert_int_equal (reply->calendar->n_years, 4);
    assert_int_equal (s_year_in (reply->calendar, 2027)->holidays, 1);
    assert_int_equal (s_year_in (reply->calendar, 2026)->holidays, 33);
    assert_string_equal (s_year_in (reply->calendar, 2026)->source, "holidays-cn.txt");
    xuncha__reply__free_unpacked (reply, NULL);
    assert_int_equal (xc_test_pg_count ("SELECT count(*) FROM calendar_day"), others + 1);
    s_sql_exec ("DELETE FROM calendar_day WHERE day >= '2027-01-01'; DELETE FROM calendar_year WHERE year = 2027");
}

static void
test_only_the_office_imports (void **state)
{
    (void) state;
    s_import_shipped ();
    char *before = s_snapshot ();
    const char *others[] = { UNIT_KEY, LEADER_KEY, READER_KEY };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        xuncha__reply__free_unpacked (s_import (others[i], FORBIDDEN, "2026-10-01 休 国庆节\n", "越权"), NULL);
    char *after = s_snapshot ();
    assert_string_equal (after, before);
    free (before);
    free (after);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_importing_the_shipped_file_covers_its_years),
        cmocka_unit_test (test_deadline_across_the_spring_festival),
        cmocka_unit_test (test_a_year_without_data_is_refused),
        cmocka_unit_test (test_a_bad_file_is_refused_naming_the_line_and_changes_nothing),
        cmocka_unit_test (test_reimporting_a_year_replaces_it),
        cmocka_unit_test (test_a_file_declares_the_years_it_replaces),
        cmocka_unit_test (test_only_the_office_imports),
    };
    return cmocka_run_group_tests (tests, s_setup, s_teardown);
}
