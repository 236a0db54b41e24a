/* commands_calendar — `xuncha calendar`: the 工作日历 the 整改 clocks count on.
 * import (巡察办) sends a calendar file (ops/calendar/holidays-cn.txt is shipped; the
 * years it declares, "年份 2027" lines, replace the stored ones), show lists the covered years or one year's days,
 * deadline asks what a clock would give. As text: readable lists; --json as ever. */
#include "commands.h"
#include "output.h"
#include "xc_clock.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include "xc_validate.h"
#include "xc_workdays.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ requests */

/* The file as a string: text, UTF-8, at most XC_MAX_TEXT bytes (the server's cap). */
static int
s_read_text (xc_cli_t *cli, char **text, const char **filename)
{
    static char *copy;
    ProtobufCBinaryData data;
    if (xc_cli_file (cli, "file", XC_MAX_TEXT, &data, filename) != 0)
        return -1;
    if (memchr (data.data, 0, data.len) || !xc_utf8_valid ((const char *) data.data, data.len)) {
        fprintf (stderr, "xuncha: 文件 %s 不是 UTF-8 编码的文本文件\n", *filename);
        return -1;
    }
    free (copy);
    copy = strndup ((const char *) data.data, data.len);
    *text = copy;
    return 0;
}

static int
s_calendar_import (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__CalendarImport body = XUNCHA__CALENDAR_IMPORT__INIT;
    const char *filename;
    if (s_read_text (cli, &body.text, &filename) != 0 || xc_cli_text (cli, "source", 0, &body.source) != 0)
        return -1;
    if (!*body.source)
        body.source = (char *) filename;
    XC_SET_BODY (request, calendar_import, CALENDAR_IMPORT, &body);
    return 0;
}

static int
s_calendar_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__CalendarShow body = XUNCHA__CALENDAR_SHOW__INIT;
    if (xc_cli_int32 (cli, "year", 0, &body.year) != 0)
        return -1;
    XC_SET_BODY (request, calendar_show, CALENDAR_SHOW, &body);
    return 0;
}

/* Exactly one of --workdays and --months: the server says so when it is not. */
static int
s_calendar_deadline (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__CalendarDeadline body = XUNCHA__CALENDAR_DEADLINE__INIT;
    if (xc_cli_text (cli, "from", 1, &body.from_date) != 0 || xc_cli_int32 (cli, "workdays", 0, &body.workdays) != 0
        || xc_cli_int32 (cli, "months", 0, &body.months) != 0)
        return -1;
    XC_SET_BODY (request, calendar_deadline, CALENDAR_DEADLINE, &body);
    return 0;
}

/* ------------------------------------------------------------------ printing */

static void
s_print_years (const Xuncha__Calendar *calendar)
{
    if (!calendar->n_years) {
        printf ("工作日历尚无数据：请巡察办导入节假日安排（xuncha calendar import 日历文件）\n");
        return;
    }
    printf ("工作日历已有 %zu 个年份：\n", calendar->n_years);
    for (size_t i = 0; i < calendar->n_years; i++) {
        const Xuncha__CalendarYear *year = calendar->years[i];
        printf ("  %d 年：休 %d 天，调休上班 %d 天（%s 由%s导入，来源：%s）\n", year->year, year->holidays, year->workdays,
                year->imported_at, *year->imported_by ? year->imported_by : "—", *year->source ? year->source : "—");
    }
}

/* "2026-02-14 周六 班 春节调休上班" */
static void
s_print_day (const Xuncha__CalendarDay *day)
{
    static const char *const weekdays[] = { "", "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
    int64_t number;
    const char *weekday = xc_date_parse (day->date, &number) == 0 ? weekdays[xc_day_weekday (number)] : "";
    const char *kind = xc_label (&xuncha__calendar_day_kind__descriptor, day->kind);
    printf ("  %s %s %s %s\n", day->date, weekday, kind ? kind : "?", day->name);
}

static void
s_print_year_days (const Xuncha__Calendar *calendar)
{
    const Xuncha__CalendarYear *year = calendar->years[0];
    printf ("%d 年工作日历（休 %d 天，调休上班 %d 天；%s 由%s导入，来源：%s）\n", year->year, year->holidays, year->workdays,
            year->imported_at, *year->imported_by ? year->imported_by : "—", *year->source ? year->source : "—");
    printf ("未列出的日子：周一至周五上班，周六、周日休息。\n");
    for (size_t i = 0; i < calendar->n_days; i++)
        s_print_day (calendar->days[i]);
}

static int
s_print_calendar (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json ())
        return XC_EXIT_OK;
    if (reply->calendar->n_days)
        s_print_year_days (reply->calendar);
    else
        s_print_years (reply->calendar);
    return XC_AFTER_PRINTED;
}

static int
s_print_imported (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    if (!xc_output_is_json ())
        printf ("已导入工作日历（文件中的年份已整体替换）。\n");
    return s_print_calendar (cli, reply);
}

static int
s_print_deadline (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json ())
        return XC_EXIT_OK;
    printf ("期限：%s（%s）\n", reply->deadline->due_date, reply->deadline->rule);
    return XC_AFTER_PRINTED;
}

const xc_command_t xc_calendar_commands[] = {
    { "calendar", "import", "<file>,file,source", "xuncha calendar import 日历文件 [--source 来源说明]",
      "导入工作日历（巡察办；文件以“年份 YYYY”行声明的年份整体替换，如 ops/calendar/holidays-cn.txt）", s_calendar_import,
      s_print_imported },
    { "calendar", "show", "year", "xuncha calendar show [--year 年份]",
      "查看工作日历：已导入的年份，或某一年的节假日与调休上班日", s_calendar_show, s_print_calendar },
    { "calendar", "deadline", "from,workdays,months",
      "xuncha calendar deadline --from 起算日期 (--workdays 工作日数 | --months 月数)",
      "按工作日历计算期限（起算日当天不计）", s_calendar_deadline, s_print_deadline },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
