/* task_reminders — the 整改期限提醒 scheduler: for every open 整改任务 whose next
 * reminder day (task_schedule.next_reminder_on, task_ladder.h) has come, the reminder
 * the ladder says is due (绿色提醒, 黄色预警, 红色逾期 repeated while overdue;
 * common/xc_ladder.h), sent exactly once per (task, deadline, level, occurrence)
 * through the outbox however often or concurrently this runs, and whatever is killed
 * meanwhile.
 *
 * Who is told: green, the 经办人 (the unit's 主要负责人 when none is assigned); yellow,
 * the 经办人 and the 责任领导 (each missing one replaced by the 主要负责人); red, the
 * unit's 主要负责人 and every 巡察办 user. Revoked users are never told.
 *
 * The pass reads only the tasks due (the index task_schedule_due), a chunk at a
 * time, each chunk one transaction: so its cost follows the reminders due, not the
 * tasks open. xuncha-notifier runs it periodically; `xunchad remind` once. */
#ifndef XC_TASK_REMINDERS_H
#define XC_TASK_REMINDERS_H
#include <libpq-fe.h>

#define XC_TASK_REMINDER_CHUNK 2000

typedef struct {
    long tasks;        /* due tasks taken: their next reminder day moved on */
    long reminders;    /* reminders sent (task_reminder rows, one outbox event each) */
    long deliveries;   /* outbox_delivery rows: one per recipient of each reminder */
} xc_task_reminder_counts_t;

/* One pass for TODAY ("YYYY-MM-DD", the committee's date) on DB, in chunks of CHUNK
 * tasks (0: XC_TASK_REMINDER_CHUNK), each its own transaction, until none is due.
 * Adds to COUNTS what it committed. 0, or -1 (logged) when a chunk failed: the chunks
 * before it stay sent, its tasks stay due for the next pass. */
int xc_remind_task_deadlines (PGconn *db, const char *today, int chunk, xc_task_reminder_counts_t *counts);

/* The same pass a chunk at a time, for a caller with other work between chunks (the
 * notifier's loop): one chunk in its own transaction; 1 when it was full (more may be
 * due), 0 when none is left due that nobody else holds, -1 as above. */
int xc_remind_task_step (PGconn *db, const char *today, int chunk, xc_task_reminder_counts_t *counts);

/* One chunk inside the caller's open transaction on DB: takes up to LIMIT due tasks
 * nobody else holds (their schedule rows, FOR UPDATE SKIP LOCKED), sends their
 * reminders and moves their next reminder day on. Returns the number of tasks taken
 * (0: none due) and adds to COUNTS, or -1 (logged; the caller rolls back). The pass
 * above is the caller in production; tests call it to roll a chunk back. */
int xc_remind_task_chunk (PGconn *db, const char *today, int limit, xc_task_reminder_counts_t *counts);

#endif
