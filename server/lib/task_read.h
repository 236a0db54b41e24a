/* task_read — 整改任务 from the database: who may read or act on a task, the task a
 * change is made to (locked), and tasks loaded into reply messages.
 *
 * Who: the 巡察办 and the 只读 readers read every task; a 被巡察单位 user only the tasks
 * of its own org unit (app_user.org_unit_id). Of another unit's task it learns nothing
 * but "整改任务 #N 不属于本单位". Acting on a task: the 巡察办, or a user of its unit;
 * the role table says which of them may make which request.
 *
 * Derived on every read, never stored, from today (xc_clock_today; XUNCHA_NOW in tests):
 *   days_left       calendar days to the deadline, negative once past it;
 *   workdays_left   the working days in (today, deadline] on the working-day calendar,
 *                   workdays_known false when the calendar lacks a year they need;
 *   overdue         逾期: open (未开始, 整改中) and today past the deadline;
 *   level           where the reminder ladder stands today (NONE once completed).
 * Every string is from the call's arena. */
#ifndef XC_TASK_READ_H
#define XC_TASK_READ_H
#include "call.h"
#include <stdbool.h>

#define XC_TASK_STATUS(name) XUNCHA__TASK_STATUS__TASK_STATUS_##name
#define XC_TASK_KIND(name) XUNCHA__TASK_KIND__TASK_KIND_##name
#define XC_TASK_ACTION(name) XUNCHA__TASK_ACTION__TASK_ACTION_##name

/* SQL condition: task T (an alias) is overdue on TODAY (an SQL date): open (未开始, 整改中)
 * and past its deadline — the rule `overdue` is derived by on every read. */
#define XC_TASK_OVERDUE(t, today) "(" t ".status IN (1, 2) AND " t ".deadline < " today ")"

/* The task a change is made to, locked FOR UPDATE for the rest of the transaction. */
typedef struct {
    int64_t id;
    int64_t unit_id;
    const char *unit_name;      /* 某某区/城关镇 */
    int64_t feedback_id;
    int kind;                   /* TaskKind */
    int status;                 /* TaskStatus */
    const char *deadline;       /* YYYY-MM-DD */
    int64_t leader_user_id;     /* 0 until assigned */
    int64_t handler_user_id;
    const char *name;           /* "整改任务 #12", for messages */
} xc_task_row_t;

/* Loads and locks the task (NOT_FOUND "整改任务不存在" otherwise) and checks that the
 * caller may act on it: the 巡察办, or a user of the task's unit. */
int xc_task_lock (xc_call_t *call, int64_t task_id, xc_task_row_t *task);
/* The caller may read task TASK_ID, of unit UNIT_ID (see above); FORBIDDEN otherwise. */
int xc_require_task_reader (xc_call_t *call, int64_t task_id, int64_t unit_id);
/* The same, reading the task's unit first. */
int xc_require_task_reader_of (xc_call_t *call, int64_t task_id);
/* The org unit a 被巡察单位 caller is confined to; 0 for the roles that read all. */
int64_t xc_task_scope_unit (const xc_call_t *call);
/* 未开始 or 整改中. */
bool xc_task_open (int status);
/* The user's word for a TaskStatus: 未开始, 整改中, 已完成, 已验收. */
const char *xc_task_status_label (int status);

/* One task with its events, evidence and extensions (TaskShow); NULL after refusing. */
Xuncha__RectificationTask *xc_task_load (xc_call_t *call, int64_t task_id);
/* Tasks WHERE (an SQL condition on rectification_task "t", today being $1, its own
 * parameters from $2 on), overdue first, then by deadline; without events. */
Xuncha__RectificationTask **xc_task_select (xc_call_t *call, const char *where, int count,
                                            const char *const *params, size_t *n);
/* The same, only the first LIMIT of them in that order; *TOTAL = how many match. */
Xuncha__RectificationTask **xc_task_select_first (xc_call_t *call, const char *where, int count,
                                                  const char *const *params, int limit, size_t *n, int64_t *total);
/* The reply of a change: the task as TaskShow gives it. */
int xc_task_reply (xc_call_t *call, int64_t task_id);
/* One 延期申请. */
Xuncha__TaskExtension *xc_task_extension_load (xc_call_t *call, int64_t extension_id);

#endif
