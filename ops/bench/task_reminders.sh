#!/usr/bin/env bash
# task_reminders.sh — the 整改期限提醒 scheduler's benchmark (issue 5), on a temporary
# PostgreSQL of its own: seeds TASKS open 整改任务 with generate_series (10 rounds, UNITS
# units each with a 主要负责人, a 经办人 and a 责任领导, one 反馈 per round and unit, one
# 问题底稿 per task; deadlines spread over the next 365 days and 1% overdue by up to 60
# days; 10 tasks in 11 with their 经办人 and 责任领导 assigned; 5 巡察办 users), with
# their next reminder days (task_schedule) and the reminders already sent
# (task_reminder) as a daily scheduler would have left them yesterday; VACUUM ANALYZE;
# then times one pass for today and a second the same day with the release build
# (xuncha-bench-task-reminders), and removes what it made. With --rearmed, every open
# task is re-armed first, as after a change of the ladder's settings (xc_tasks_rearm):
# the pass then looks at every task inside the ladder and sends only what was not sent
# before — the heaviest pass there is.
#
#   ops/bench/task_reminders.sh [--tasks 1000000] [--units 1000] [--date 2027-03-01] [--chunk 2000] [--rearmed]
#
# Environment: XUNCHA_BUILD (default <repo>/build-release; configured with
# -DCMAKE_BUILD_TYPE=Release and built when the bench is missing).
# Prints the counts and the wall time of each pass, as text and as one JSON line.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${XUNCHA_BUILD:-$top/build-release}
tasks=1000000
units=1000
date=2027-03-01
chunk=0
rearmed=no
while [ $# -gt 0 ]; do
    case $1 in
    --tasks) tasks=$2; shift 2 ;;
    --units) units=$2; shift 2 ;;
    --date) date=$2; shift 2 ;;
    --chunk) chunk=$2; shift 2 ;;
    --rearmed) rearmed=yes; shift ;;
    *) echo "usage: $0 [--tasks N] [--units N] [--date YYYY-MM-DD] [--chunk N] [--rearmed]" >&2; exit 2 ;;
    esac
done
[ -x "$build/xuncha-bench-task-reminders" ] || "$top/ops/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release

work=$(mktemp -d /tmp/xuncha-bench-XXXXXX)
chmod 711 "$work"   # PostgreSQL runs as "postgres" under it when we are root
cleanup() {
    "$top/ops/pg.sh" stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

conninfo=$("$top/ops/pg.sh" start "$work/pg")
"$build/xunchad" --database "$conninfo" migrate >/dev/null 2>"$work/migrate.log"

started=$(date +%s)
echo "灌入 $tasks 个未完成的整改任务（$units 个单位）……" >&2
psql "$conninfo" -q -v ON_ERROR_STOP=1 -v tasks="$tasks" -v units="$units" -v today="$date" >/dev/null <<'SQL'
-- The seed is consistent by construction: foreign keys are not checked row by row.
SET session_replication_role = replica;
BEGIN;
INSERT INTO app_user (id, display_name, role)
SELECT n, '巡察办 ' || n, 1 FROM generate_series (1, 5) AS n;
INSERT INTO org_unit (id, name, kind) SELECT n, '单位 ' || n, 3 FROM generate_series (1, :units) AS n;
-- unit u: 主要负责人 1000000 + u, 经办人 2000000 + u, 责任领导 3000000 + u
INSERT INTO app_user (id, display_name, role, org_unit_id, unit_head)
SELECT w.base + u, w.who, 6, u, w.base = 1000000
  FROM generate_series (1, :units) AS u,
       (VALUES (1000000, 'head'), (2000000, 'handler'), (3000000, 'leader')) AS w (base, who);
INSERT INTO round (id, committee, number, type, start_date, end_date, phase)
SELECT r, '十届区委', r, 1, date '2026-03-02', date '2026-04-30', 7 FROM generate_series (1, 10) AS r;
INSERT INTO inspection_group (id, round_id, number, name) SELECT r, r, 1, '第一巡察组' FROM generate_series (1, 10) AS r;
INSERT INTO feedback (id, round_id, unit_id, group_id, talk_date, meeting_date, plan_due_date, report_due_date,
                      disclosure_due_date, recorded_by)
SELECT (r - 1) * :units + u, r, u, r, '2026-05-11', '2026-05-12', '2026-06-02', '2026-07-13', '2026-07-13', 1
  FROM generate_series (1, 10) AS r, generate_series (1, :units) AS u;
CREATE TEMP TABLE spec AS
SELECT n, n % 10 + 1 AS r, (n / 10) % :units + 1 AS u, :'today'::date - 1 AS yesterday,
       CASE WHEN n % 100 = 0 THEN :'today'::date - 1 - (n / 100) % 60 ELSE :'today'::date + (n::bigint * 7919 % 365)::int END AS deadline
  FROM generate_series (1, :tasks) AS n;
INSERT INTO working_paper (id, round_id, group_id, unit_id, state, created_by)
SELECT n, r, r, u, 4, 1 FROM spec;
INSERT INTO rectification_task (id, feedback_id, round_id, unit_id, kind, paper_id, title, handler_user_id,
                                leader_user_id, deadline, original_deadline)
SELECT n, (r - 1) * :units + u, r, u, 1, n, '问题 ' || n,
       CASE WHEN n % 11 <> 0 THEN 2000000 + u END, CASE WHEN n % 11 <> 0 THEN 3000000 + u END, deadline, deadline
  FROM spec;
-- the next reminder days: where the ladder (20, 10, 7 days) stood after yesterday's pass
INSERT INTO task_schedule (task_id, next_reminder_on)
SELECT n, CASE WHEN yesterday < deadline - 20 THEN deadline - 20
               WHEN yesterday < deadline - 10 THEN deadline - 10
               WHEN yesterday <= deadline THEN deadline + 1
               ELSE deadline + 1 + 7 * ((yesterday - deadline - 1) / 7 + 1) END
  FROM spec;
-- the reminders already sent: green, yellow, and each week's red so far
INSERT INTO task_reminder (task_id, deadline, level, occurrence, due_on)
SELECT n, deadline, 1, 0, deadline - 20 FROM spec WHERE deadline - 20 <= yesterday
UNION ALL SELECT n, deadline, 2, 0, deadline - 10 FROM spec WHERE deadline - 10 <= yesterday
UNION ALL SELECT n, deadline, 3, k, deadline + 1 + 7 * k
  FROM spec, generate_series (0, (yesterday - deadline - 1) / 7) AS k WHERE yesterday > deadline;
SELECT setval (pg_get_serial_sequence ('app_user', 'id'), (SELECT max(id) FROM app_user));
SELECT setval (pg_get_serial_sequence ('org_unit', 'id'), :units);
SELECT setval (pg_get_serial_sequence ('round', 'id'), 10);
SELECT setval (pg_get_serial_sequence ('inspection_group', 'id'), 10);
SELECT setval (pg_get_serial_sequence ('feedback', 'id'), 10 * :units);
SELECT setval (pg_get_serial_sequence ('working_paper', 'id'), :tasks);
SELECT setval (pg_get_serial_sequence ('rectification_task', 'id'), :tasks);
COMMIT;
RESET session_replication_role;
VACUUM ANALYZE;
-- the seed's own writes flushed, so that the pass is not timed against their checkpoint
CHECKPOINT;
SQL
if [ $rearmed = yes ]; then
    echo "按提醒设置变更后的状态重新布设全部未完成任务……" >&2
    psql "$conninfo" -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
-- what xc_tasks_rearm (call, NULL, 0) does after the ladder's settings changed
INSERT INTO task_schedule (task_id, next_reminder_on)
SELECT id, deadline - 20 FROM rectification_task WHERE status IN (1, 2)
    ON CONFLICT (task_id) DO UPDATE SET next_reminder_on = excluded.next_reminder_on
 WHERE task_schedule.next_reminder_on <> excluded.next_reminder_on;
VACUUM ANALYZE task_schedule;
CHECKPOINT;
SQL
fi
echo "灌入用时 $(( $(date +%s) - started )) 秒；开始计时" >&2

"$build/xuncha-bench-task-reminders" --database "$conninfo" --date "$date" --chunk "$chunk"
