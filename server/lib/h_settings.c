/* h_settings — the committee's settings (table setting) that the 巡察办 reads and
 * changes: the period within which a receiver reports a 问题线索's result
 * (clue_feedback_months, default 3), the 整改 deadlines counted from the 反馈会, and the
 * 整改期限提醒 ladder (reminder_*). Only the keys known here exist; each is a whole
 * number within its range, so a typing error cannot stop the deadlines. A change of a
 * deadline applies to what is received or recorded after it; the deadlines already set
 * stay. A change of the ladder must keep the yellow warning after the green reminder
 * (fewer days before the deadline), and re-arms every open task at once, in the same
 * transaction: the scheduler then sends what the new ladder says is due, never a
 * reminder already sent nor one below it (task_reminders.h). */
#include "handlers.h"
#include "task_ladder.h"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *key;
    const char *description;
    long min;
    long max;
    const char *on_change;   /* what a change means, told to the 巡察办 */
} setting_rule_t;

static const setting_rule_t s_rules[] = {
    { "clue_feedback_months", "问题线索反馈期限：签收后几个月内反馈办理结果（1–24 个月）", 1, 24,
      "此后签收的移交批次按新期限计算，已签收线索的反馈期限不变" },
    { "rectification_plan_workdays", "整改方案期限：反馈会后几个工作日内报送（1–60 个工作日）", 1, 60,
      "此后登记的反馈按新期限计算，已下达的期限不变" },
    { "rectification_report_months", "整改情况报告期限：反馈会后几个月内报送，整改情况公开同期（1–12 个月）", 1, 12,
      "此后登记的反馈按新期限计算，已下达的期限不变" },
    { "reminder_green_days", "整改期限绿色提醒：期限前几天提醒经办人（2–120 天，须大于黄色预警天数）", 2, 120,
      "未完成的整改任务按新的提醒梯度提醒" },
    { "reminder_yellow_days", "整改期限黄色预警：期限前几天提醒经办人和责任领导（1–119 天，须小于绿色提醒天数）", 1, 119,
      "未完成的整改任务按新的提醒梯度提醒" },
    { "reminder_overdue_repeat_days", "整改逾期红色提醒：逾期后每隔几天向主要负责人和巡察办重复提醒（1–31 天）", 1, 31,
      "未完成的整改任务按新的提醒梯度提醒" },
};

static const setting_rule_t *
s_rule_for (const char *key)
{
    for (size_t i = 0; i < sizeof s_rules / sizeof s_rules[0]; i++)
        if (strcmp (s_rules[i].key, key) == 0)
            return &s_rules[i];
    return NULL;
}

/* Digits only (no sign, no spaces), within the rule's range. */
static int
s_parse (const setting_rule_t *rule, const char *text, long *value)
{
    if (!*text || strspn (text, "0123456789") != strlen (text) || strlen (text) > 9)
        return -1;
    errno = 0;
    *value = strtol (text, NULL, 10);
    return errno == 0 && *value >= rule->min && *value <= rule->max ? 0 : -1;
}

int
xc_setting_int (xc_call_t *call, const char *key, int *value)
{
    const setting_rule_t *rule = s_rule_for (key);
    const char *params[] = { key };
    PGresult *result = xc_call_query_one (call, key, "SELECT value FROM setting WHERE key = $1", 1, params);
    if (!result)
        return -1;
    long parsed;
    int rc = rule && s_parse (rule, PQgetvalue (result, 0, 0), &parsed) == 0 ? 0 : -1;
    PQclear (result);
    if (rc != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "设置 %s 的取值无效，请巡察办重新设置", key);
    *value = (int) parsed;
    return 0;
}

static void *
s_setting_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__Setting *setting = xc_arena_alloc (call->arena, sizeof *setting);
    xuncha__setting__init (setting);
    setting->key = xc_row_text (call, result, row, 0);
    setting->value = xc_row_text (call, result, row, 1);
    const setting_rule_t *rule = s_rule_for (setting->key);
    setting->description = (char *) (rule ? rule->description : "");
    return setting;
}

static int
s_reply_settings (xc_call_t *call, const char *only_key)
{
    const char *params[] = { only_key };
    PGresult *result = xc_call_query (call,
        "SELECT key, value FROM setting WHERE $1::text IS NULL OR key = $1 ORDER BY key", 1, params);
    if (!result)
        return -1;
    Xuncha__Settings *settings = xc_arena_alloc (call->arena, sizeof *settings);
    xuncha__settings__init (settings);
    settings->settings = (Xuncha__Setting **) xc_call_read_rows (call, result, s_setting_from_row,
                                                                 &settings->n_settings);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_SETTINGS;
    call->reply->settings = settings;
    return 0;
}

int
xc_list_settings (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    return s_reply_settings (call, NULL);
}

/* The ladder as it would be with KEY set to VALUE: the yellow warning must come after
 * the green reminder, that is fewer days before the deadline. */
static int
s_refuse_broken_ladder (xc_call_t *call, const char *key, int value)
{
    xc_ladder_t ladder;
    if (xc_task_ladder_load (call, &ladder) != 0)
        return -1;
    if (strcmp (key, "reminder_green_days") == 0)
        ladder.green_days = value;
    else if (strcmp (key, "reminder_yellow_days") == 0)
        ladder.yellow_days = value;
    if (ladder.yellow_days >= ladder.green_days)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "黄色预警天数（reminder_yellow_days = %d）须小于绿色提醒天数（reminder_green_days = %d），"
                             "未修改", ladder.yellow_days, ladder.green_days);
    return 0;
}

int
xc_change_setting (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__SettingSet *set = request->setting_set;
    const setting_rule_t *rule = s_rule_for (set->key);
    if (!rule) {
        char known[512] = "";
        for (size_t i = 0; i < sizeof s_rules / sizeof s_rules[0]; i++)
            snprintf (known + strlen (known), sizeof known - strlen (known), "%s%s", i ? "、" : "", s_rules[i].key);
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "没有设置项“%s”（可设置：%s）", set->key, known);
    }
    long value;
    if (s_parse (rule, set->value, &value) != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "设置 %s 的取值须为 %ld 至 %ld 之间的整数（收到“%s”）",
                             rule->key, rule->min, rule->max, set->value);
    bool ladder = strncmp (rule->key, "reminder_", strlen ("reminder_")) == 0;
    if (ladder && s_refuse_broken_ladder (call, rule->key, (int) value) != 0)
        return -1;
    const char *params[] = { rule->key, xc_call_int (call, value) };
    if (xc_call_exec (call, "INSERT INTO setting (key, value) VALUES ($1, $2)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value", 2, params) != 0
        || xc_call_log_change (call, "change_setting", xc_arena_printf (call->arena, "setting:%s", rule->key), 0) != 0
        || (ladder && xc_tasks_rearm (call, NULL, 0) != 0))
        return -1;
    snprintf (call->message, sizeof call->message, "已修改：%s", rule->on_change);
    return s_reply_settings (call, rule->key);
}
