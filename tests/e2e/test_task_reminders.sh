#!/usr/bin/env bash
# 整改期限提醒 exactly once (issue 5), with the real binaries: a `xunchad remind` process
# SIGKILLed in the middle of its pass — blocked after locking its first chunk of due
# tasks, because a psql session holds task_reminder in EXCLUSIVE mode — commits
# nothing; run again, twice at once, every due reminder is sent exactly once (one
# task_reminder row, one outbox event, one delivery per recipient); the deliveries reach
# the unit's 经办人 through the real xuncha-notifier and `xuncha inbox`, colour and all;
# and the notifier itself sends the red reminder repeated a week later.
#
# The round, units, users and tasks are seeded with psql (the handlers that create them
# are tested elsewhere). Today is 2026-12-11: 2,400 tasks of 40 村 due 2026-12-31 get
# their green reminder; in 城关镇, whose 经办人 holds a real key, one task due 2026-12-31
# (green), one due 2026-12-21 (yellow) and one due 2026-12-10 (red, the day after).
. "$(dirname "$0")/lib.sh"
NOTIFIER_PORT=$(free_port)
setup handler
TODAY=2026-12-11
HANDLER_KEY=$(sed -n 's/^ *public-key = "\(.*\)"$/\1/p' "$WORK/handler.key")
OFFICE=$(sql "SELECT id FROM app_user WHERE role = 1")

psql "$CONNINFO" -q -v ON_ERROR_STOP=1 <<SQL || { echo "seeding failed"; exit 1; }
BEGIN;
INSERT INTO org_unit (name, kind) VALUES ('城关镇', 2);
INSERT INTO org_unit (name, kind) SELECT '第' || n || '村', 3 FROM generate_series (1, 40) AS n;
CREATE TEMP TABLE person AS
SELECT key, name, (SELECT id FROM org_unit WHERE name = '城关镇') AS unit, head
  FROM (VALUES ('$HANDLER_KEY', '经办人 张敏', false), ('town-leader', '责任领导 李强', false),
               ('town-head', '主要负责人 王刚', true)) AS u (key, name, head)
UNION ALL
SELECT who || '-' || u.id, who, u.id, who = 'head' FROM org_unit u, (VALUES ('head'), ('handler')) AS w (who)
 WHERE u.name LIKE '第%村';
WITH added AS (INSERT INTO app_user (display_name, role, org_unit_id, unit_head)
               SELECT name, 6, unit, head FROM person RETURNING id, display_name, org_unit_id)
INSERT INTO user_key (user_id, public_key)
SELECT a.id, p.key FROM added a JOIN person p ON p.name = a.display_name AND p.unit = a.org_unit_id;
INSERT INTO round (committee, number, type, start_date, end_date, phase)
VALUES ('十届区委', 1, 1, '2026-03-02', '2026-04-30', 7);
INSERT INTO inspection_group (round_id, number, name) SELECT id, 1, '第一巡察组' FROM round;
INSERT INTO feedback (round_id, unit_id, group_id, talk_date, meeting_date, plan_due_date, report_due_date,
                      disclosure_due_date, recorded_by)
SELECT r.id, u.id, g.id, '2026-05-11', '2026-05-12', '2026-06-02', '2026-07-13', '2026-07-13', $OFFICE
  FROM round r JOIN inspection_group g ON g.round_id = r.id CROSS JOIN org_unit u;
CREATE TEMP TABLE spec AS
SELECT row_number () OVER (ORDER BY unit_id, n) AS k, * FROM (
    SELECT u.id AS unit_id, n, date '2026-12-31' AS deadline,
           (SELECT user_id FROM user_key WHERE public_key = 'handler-' || u.id) AS handler, NULL::bigint AS leader
      FROM org_unit u CROSS JOIN generate_series (1, 60) AS n WHERE u.name LIKE '第%村'
    UNION ALL
    SELECT u.id, n, date '2026-12-31' + (CASE n WHEN 1 THEN 0 WHEN 2 THEN -10 ELSE -21 END),
           (SELECT user_id FROM user_key WHERE public_key = '$HANDLER_KEY'),
           (SELECT user_id FROM user_key WHERE public_key = 'town-leader')
      FROM org_unit u CROSS JOIN generate_series (1, 3) AS n WHERE u.name = '城关镇') AS s;
INSERT INTO working_paper (round_id, group_id, unit_id, state, created_by, number)
SELECT f.round_id, f.group_id, s.unit_id, 4, $OFFICE, 'P-' || s.k FROM spec s JOIN feedback f ON f.unit_id = s.unit_id;
INSERT INTO rectification_task (feedback_id, round_id, unit_id, kind, paper_id, title, handler_user_id,
                                leader_user_id, deadline, original_deadline)
SELECT f.id, f.round_id, s.unit_id, 1, p.id, '问题底稿 ' || s.k, s.handler, s.leader, s.deadline, s.deadline
  FROM spec s JOIN feedback f ON f.unit_id = s.unit_id JOIN working_paper p ON p.number = 'P-' || s.k;
INSERT INTO task_schedule (task_id, next_reminder_on) SELECT id, deadline - 20 FROM rectification_task;
COMMIT;
SQL
TOWN_TASK() { sql "SELECT t.id FROM rectification_task t JOIN org_unit u ON u.id = t.unit_id
                   WHERE u.name = '城关镇' AND t.deadline = '$1'"; }
GREEN=$(TOWN_TASK 2026-12-31); YELLOW=$(TOWN_TASK 2026-12-21); RED=$(TOWN_TASK 2026-12-10)
DUE=2403
DELIVERIES=$((2400 + 1 + 2 + 2))   # 经办人; 经办人 + 责任领导; 主要负责人 + 巡察办
check "seeded: $DUE tasks due on $TODAY" \
    test "$(sql "SELECT count(*) FROM task_schedule WHERE next_reminder_on <= '$TODAY'")" = $DUE

expect_exit 2 "remind refuses a date that is not one" "$BIN/xunchad" --database "$CONNINFO" remind --date 2026-02-30
check "  and names it" contains "$ERR" "2026-02-30"

# ---------------------------------------------------------------- SIGKILL in the middle of the pass
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
eventually() {
    local limit=$(( $(now_ms) + $1 * 1000 )); shift
    until "$@"; do [ "$(now_ms)" -lt $limit ] || return 1; sleep 0.05; done
}
locked() { test "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                        WHERE a.application_name = 'locker' AND l.relation = 'task_reminder'::regclass AND l.granted")" = 1; }
waiting() { test "$(sql "SELECT count(*) FROM pg_locks WHERE relation = 'task_reminder'::regclass AND NOT granted")" = 1; }
# no other session in a transaction: a killed client's backend has finished and rolled back
settled() { test "$(sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'
                         AND pid <> pg_backend_pid () AND xact_start IS NOT NULL")" = 0; }

printf 'BEGIN;\nLOCK TABLE task_reminder IN EXCLUSIVE MODE;\nSELECT pg_sleep (120);\n' \
    | PGAPPNAME=locker psql "$CONNINFO" -q >/dev/null 2>&1 &
LOCKER=$!
check "a psql session holds task_reminder in EXCLUSIVE mode" eventually 10 locked
"$BIN/xunchad" --database "$CONNINFO" remind --date $TODAY >"$WORK/killed.out" 2>>"$WORK/xunchad.log" &
REMIND=$!
check "xunchad remind takes its first chunk and waits to write the reminders" eventually 10 waiting
check "  its chunk of due tasks is locked (another pass would skip it)" \
    test "$(sql "SELECT count(*) FROM (SELECT task_id FROM task_schedule WHERE next_reminder_on <= '$TODAY'
                 FOR UPDATE SKIP LOCKED) AS free")" = $((DUE - 2000))
kill -KILL $REMIND; wait $REMIND 2>/dev/null
sql "SELECT pg_cancel_backend (pid) FROM pg_stat_activity WHERE application_name = 'locker'" >/dev/null
wait $LOCKER 2>/dev/null
check "the killed pass's session ends, rolled back" eventually 10 settled
check "  it printed nothing" test ! -s "$WORK/killed.out"
check "  and sent nothing: no reminder recorded" test "$(sql "SELECT count(*) FROM task_reminder")" = 0
check "  no event" test "$(sql "SELECT count(*) FROM outbox_event WHERE kind = 7")" = 0
check "  every task still due" \
    test "$(sql "SELECT count(*) FROM task_schedule WHERE next_reminder_on <= '$TODAY'")" = $DUE

# ---------------------------------------------------------------- run again, twice at once
"$BIN/xunchad" --database "$CONNINFO" remind --date $TODAY >"$WORK/a.out" 2>>"$WORK/xunchad.log" & A=$!
"$BIN/xunchad" --database "$CONNINFO" remind --date $TODAY >"$WORK/b.out" 2>>"$WORK/xunchad.log" & B=$!
wait $A; rc_a=$?; wait $B; rc_b=$?
check "two remind runs at once both succeed (exit $rc_a, $rc_b)" test "$rc_a$rc_b" = 00
echo "    $(cat "$WORK/a.out")"; echo "    $(cat "$WORK/b.out")"
sum() { jq -s "map(.$1) | add" "$WORK/a.out" "$WORK/b.out"; }
check "  between them every due task taken once ($(sum tasks_due))" test "$(sum tasks_due)" = $DUE
check "  every reminder sent once ($(sum task_reminders))" test "$(sum task_reminders)" = $DUE
check "  and delivered to each recipient once ($(sum task_deliveries))" test "$(sum task_deliveries)" = $DELIVERIES
check "the database agrees: $DUE reminders recorded" test "$(sql "SELECT count(*) FROM task_reminder")" = $DUE
check "  one event per reminder" test "$(sql "SELECT count(DISTINCT task_id) || '/' || count(*) FROM outbox_event WHERE kind = 7")" = "$DUE/$DUE"
check "  $DELIVERIES deliveries, none twice" test "$(sql "SELECT count(*) FROM outbox_delivery")" = $DELIVERIES
check "  nothing left due today" \
    test "$(sql "SELECT count(*) FROM task_schedule WHERE next_reminder_on <= '$TODAY'")" = 0
expect_exit 0 "a third run the same day" "$BIN/xunchad" --database "$CONNINFO" remind --date $TODAY
check "  sends nothing" test "$(echo "$OUT" | jq -r '"\(.task_reminders) \(.task_deliveries)"')" = "0 0"
check "  and says so in one JSON line" test "$(echo "$OUT" | jq -r '"\(.date) \(.ok)"')" = "$TODAY true"

# ---------------------------------------------------------------- to the unit's 经办人, through the notifier
export XUNCHA_NOW=${TODAY}T08:00:00
start_notifier
unset XUNCHA_NOW
expect_exit 0 "the 经办人 of 城关镇 asks for the inbox" as handler inbox
# shown LINE COLOUR TITLE: one line of the output is a 整改期限提醒 in COLOUR titled TITLE
shown() { test "$(echo "$1" | grep "整改期限提醒" | grep "$2" | grep -c -F "$3")" = 1; }
check "  the green reminder of the task due 2026-12-31" \
    shown "$OUT" 绿色提醒 "整改任务 #$GREEN（城关镇）整改期限 2026-12-31，还有 20 天"
check "  the yellow warning of the task due 2026-12-21" \
    shown "$OUT" 黄色预警 "整改任务 #$YELLOW（城关镇）整改期限 2026-12-21，还有 10 天"
check "  not the red one (the 主要负责人 and the 巡察办 get it)" test "$(echo "$OUT" | grep -c "#$RED")" = 0
check "  nothing else" test "$(echo "$OUT" | wc -l)" = 2
check "both acknowledged" test "$(sql "SELECT count(*) FROM outbox_delivery d JOIN user_key k ON k.user_id = d.user_id
                                       WHERE k.public_key = '$HANDLER_KEY' AND d.acked_at IS NOT NULL")" = 2
expect_exit 0 "the 巡察办 asks, as JSON" as office --json inbox
check "  the red reminder, with its task and level" \
    test "$(echo "$OUT" | jq -r "select(.task_id == \"$RED\" or .task_id == $RED) | .level")" = REMINDER_LEVEL_RED
check "  titled 已逾期 1 天" contains "$OUT" "整改任务 #$RED（城关镇）整改期限 2026-12-10，已逾期 1 天"
stop_notifier

# ---------------------------------------------------------------- the notifier's own pass, a week later
export XUNCHA_NOW=2026-12-18T08:00:00
start_notifier
unset XUNCHA_NOW
check "the notifier sends the red reminder again on 2026-12-18" \
    eventually 10 grep -q "event=task_reminders today=2026-12-18 tasks=1 reminders=1 deliveries=2" "$WORK/notifier.log"
expect_exit 0 "the 巡察办 gets it" as office inbox
check "  in red, 已逾期 8 天" shown "$OUT" 红色逾期 "整改任务 #$RED（城关镇）整改期限 2026-12-10，已逾期 8 天"
check "logs carry counts, never a task's title or unit" \
    test "$(cat "$WORK/notifier.log" "$WORK/xunchad.log" | grep -c -e 整改任务 -e 城关镇 -e 问题底稿)" = 0
finish
