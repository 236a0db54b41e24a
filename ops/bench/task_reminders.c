/* task_reminders — the cost of one pass of the 整改期限提醒 scheduler (issue 5's
 * benchmark), on a database already seeded with open tasks (ops/bench/task_reminders.sh
 * seeds it as a daily scheduler would have left it the day before).
 *
 * Counts the open tasks and those due on `date`, then times one pass for that day
 * (xc_remind_task_deadlines, exactly as xuncha-notifier and `xunchad remind` run it:
 * chunks of due tasks, each one transaction and one set-based statement) and a second
 * pass the same day, which finds nothing due: its cost is that of asking the index, not
 * of the open tasks. Prints the figures as text and as one JSON line. */
#include "task_reminders.h"
#include "xc_clock.h"
#include "xc_config.h"
#include "xc_log.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const xc_setting_t s_settings[] = {
    { "database", "dbname=xuncha", "PostgreSQL 连接串（已按前一天的提醒状态灌入整改任务）" },
    { "date", "", "提醒日期 YYYY-MM-DD（当天）" },
    { "chunk", "0", "每个事务处理的到期任务数（0：默认 2000）" },
    { NULL, NULL, NULL },
};

typedef struct {
    xc_task_reminder_counts_t counts;
    double ms;
    int rc;
} s_pass_t;

static long
s_scalar (PGconn *db, const char *sql, const char *param)
{
    const char *params[] = { param };
    PGresult *result = PQexecParams (db, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);
    long value = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1
                     ? strtol (PQgetvalue (result, 0, 0), NULL, 10)
                     : -1;
    PQclear (result);
    return value;
}

static double
s_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

static s_pass_t
s_pass (PGconn *db, const char *date, int chunk)
{
    s_pass_t pass = { 0 };
    double started = s_now_ms ();
    pass.rc = xc_remind_task_deadlines (db, date, chunk, &pass.counts);
    pass.ms = s_now_ms () - started;
    return pass;
}

static long
s_sent (PGconn *db, const char *date, int level)
{
    char sql[160];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM task_reminder WHERE due_on = $1::date AND level = %d", level);
    return s_scalar (db, sql, date);
}

int
main (int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp (argv[i], "--help") == 0) {
            printf ("xuncha-bench-task-reminders — 整改期限提醒调度基准（见 ops/bench/task_reminders.sh）\n\n");
            xc_config_print_help (s_settings, "XUNCHA_BENCH", stdout);
            return 0;
        }
    char error[512];
    xc_config_t *config = xc_config_new (s_settings, "XUNCHA_BENCH", NULL, argc, argv, error, sizeof error);
    if (!config) {
        fprintf (stderr, "task_reminders: %s\n", error);
        return 2;
    }
    const char *date = xc_config_get (config, "date");
    int chunk = (int) xc_config_get_long (config, "chunk");
    int64_t day;
    if (xc_date_parse (date, &day) != 0) {
        fprintf (stderr, "task_reminders: --date 须为 YYYY-MM-DD\n");
        xc_config_destroy (&config);
        return 2;
    }
    xc_log_init ("xuncha-bench-task-reminders", "warn");
    PGconn *db = PQconnectdb (xc_config_get (config, "database"));
    if (PQstatus (db) != CONNECTION_OK) {
        fprintf (stderr, "task_reminders: %s", PQerrorMessage (db));
        PQfinish (db);
        xc_config_destroy (&config);
        return 1;
    }
    long open = s_scalar (db, "SELECT count(*) FROM rectification_task WHERE status IN (1, 2)", NULL);
    long due = s_scalar (db, "SELECT count(*) FROM task_schedule WHERE next_reminder_on <= $1::date", date);
    s_pass_t first = s_pass (db, date, chunk);
    long green = s_sent (db, date, 1), yellow = s_sent (db, date, 2), red = s_sent (db, date, 3);
    s_pass_t second = s_pass (db, date, chunk);
    int rc = first.rc == 0 && second.rc == 0 ? 0 : 1;

    printf ("整改期限提醒调度：%s，未完成的整改任务 %ld 个，当天到期 %ld 个\n", date, open, due);
    printf ("  第一次运行：处理到期任务 %ld 个，发出提醒 %ld 条（绿色 %ld、黄色 %ld、红色 %ld），投递 %ld 条，用时 %.1f ms\n",
            first.counts.tasks, first.counts.reminders, green, yellow, red, first.counts.deliveries, first.ms);
    printf ("  同日第二次：处理到期任务 %ld 个，发出提醒 %ld 条，投递 %ld 条，用时 %.1f ms\n", second.counts.tasks,
            second.counts.reminders, second.counts.deliveries, second.ms);
    if (rc != 0)
        printf ("  失败：见上方日志\n");
    printf ("{\"date\":\"%s\",\"open_tasks\":%ld,\"due\":%ld,\"chunk\":%d,\"ok\":%s,"
            "\"first\":{\"tasks\":%ld,\"reminders\":%ld,\"green\":%ld,\"yellow\":%ld,\"red\":%ld,\"deliveries\":%ld,"
            "\"ms\":%.1f},\"second\":{\"tasks\":%ld,\"reminders\":%ld,\"deliveries\":%ld,\"ms\":%.1f}}\n",
            date, open, due, chunk > 0 ? chunk : XC_TASK_REMINDER_CHUNK, rc == 0 ? "true" : "false",
            first.counts.tasks, first.counts.reminders, green, yellow, red, first.counts.deliveries, first.ms,
            second.counts.tasks, second.counts.reminders, second.counts.deliveries, second.ms);
    PQfinish (db);
    xc_config_destroy (&config);
    return rc;
}
