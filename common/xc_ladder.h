/* xc_ladder — the reminder ladder of a deadline (整改期限提醒): GREEN_DAYS before the
 * deadline the 经办人 is reminded (绿), YELLOW_DAYS before it the 经办人 and the 责任领导
 * (黄), and from the day after it the unit's 主要负责人 and the 巡察办 (红), again every
 * REPEAT_DAYS while it stays overdue. Days are calendar days.
 *
 * One function tells, for a day, which reminder is due and when the next one will be;
 * the scheduler (server/lib/task_reminders.c) and every read of a task use it. A level
 * that was missed (the scheduler did not run that day) is not sent late when a higher
 * one is already due: a task found 5 days before its deadline gets the yellow reminder
 * only. */
#ifndef XC_LADDER_H
#define XC_LADDER_H
#include <stdint.h>

/* Values of ReminderLevel in proto/xuncha.proto. */
#define XC_LEVEL_NONE 0
#define XC_LEVEL_GREEN 1
#define XC_LEVEL_YELLOW 2
#define XC_LEVEL_RED 3

typedef struct {
    int green_days;    /* 20 */
    int yellow_days;   /* 10; less than green_days */
    int repeat_days;   /* 7 */
} xc_ladder_t;

typedef struct {
    int level;          /* XC_LEVEL_*: the reminder due on the day, NONE before the ladder */
    int occurrence;     /* 0; for RED the number of whole repeat periods since it began */
    int64_t next_day;   /* the first later day on which another reminder becomes due */
} xc_ladder_step_t;

/* The step of the ladder on day TODAY for a deadline on day DEADLINE (day numbers). */
xc_ladder_step_t xc_ladder_on (const xc_ladder_t *ladder, int64_t today, int64_t deadline);

#endif
