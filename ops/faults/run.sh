#!/usr/bin/env bash
# run.sh — the fault suite (issue 9: "no fault should lose what was acknowledged"), on a
# temporary PostgreSQL, xunchad and xuncha-notifier of its own with the demo round and
# its 整改 part (ops/demo.sh, XUNCHA_DEMO_RECTIFICATION=1):
#
#   - a write load with retries (xuncha-fault-load, ops/faults/fault_load.c): WRITERS
#     组员 clients recording marked 走访 records, and the unit's 主要负责人 naming the
#     经办人 of a 整改任务 again and again (each change one outbox event for the newly
#     named user), every request retried with the same request id until acknowledged;
#   - the two users named following their inbox (`xuncha --json inbox --follow`),
#     acknowledging what the notifier delivers;
#   - meanwhile, at random moments, SIGKILL: xunchad SERVER-KILLS times, the notifier
#     NOTIFIER-KILLS times, PostgreSQL PG-KILLS times (ops/pg.sh kill: the postmaster),
#     each restarted after a random pause of up to a second; then SETTLE seconds of
#     load on the whole system, and the load stops (every request in hand settled).
#
# Then it compares what the clients saw acknowledged with what the database holds and
# prints the counts: records acknowledged, found (the marker's row, with the record id
# the reply gave), lost, duplicated (a marker's rows beyond the first), rows nobody
# acknowledged; 经办人 changes acknowledged, their events, duplicated effects (audit
# rows beyond one per request id); deliveries acknowledged by the recipients and
# undelivered, once the notifier has had up to 60 s; events shown by the two inboxes.
# Exit status 0 when nothing acknowledged is lost, nothing is duplicated, every event
# is delivered and acknowledged, and every request sent was settled.
#
#   ops/faults/run.sh [--server-kills 20] [--notifier-kills 20] [--pg-kills 5] [--seconds 240]
#                     [--writers 4] [--settle 5]
#
# SECONDS is the time over which the kills are spread (the load runs until the last
# restart, then SETTLE more). Environment: XUNCHA_BUILD (default <repo>/build-release;
# configured with -DCMAKE_BUILD_TYPE=Release and built when the load program is
# missing); XUNCHA_KEEP_WORK=1 keeps the work directory (logs, the load's log).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${XUNCHA_BUILD:-$top/build-release}
server_kills=20
notifier_kills=20
pg_kills=5
seconds=240
writers=4
settle=5
while [ $# -gt 0 ]; do
    case $1 in
    --server-kills) server_kills=$2; shift 2 ;;
    --notifier-kills) notifier_kills=$2; shift 2 ;;
    --pg-kills) pg_kills=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --writers) writers=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    *) echo "usage: $0 [--server-kills N] [--notifier-kills N] [--pg-kills N] [--seconds S] [--writers N] [--settle S]" >&2
       exit 2 ;;
    esac
done
[ -x "$build/xuncha-fault-load" ] || "$top/ops/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release

. "$top/ops/bench/stack_lib.sh"
stack_init
stack_start_pg
stack_keys
stack_start_server
stack_start_notifier
XUNCHA_DEMO_RECTIFICATION=1 stack_load_demo
sql() { psql "$owner" -tAc "$1"; }
task=$(sql "SELECT t.id FROM rectification_task t JOIN app_user h ON h.id = t.handler_user_id
            WHERE h.display_name = '城关镇党政办王芳' ORDER BY t.id LIMIT 1")
unit_user=$(sql "SELECT id FROM app_user WHERE display_name = '城关镇党委'")
handler_user=$(sql "SELECT id FROM app_user WHERE display_name = '城关镇党政办王芳'")
events_before=$(sql "SELECT coalesce(max(id), 0) FROM outbox_event")
# the events of the run: those of the 经办人 changes (the notifier's reminder pass may add others)
run_events="SELECT id FROM outbox_event WHERE id > $events_before AND task_id = $task AND title LIKE '您已被明确为%'"
run=$(date +%s)

# the two users named in turn follow their inbox (the notifier's acknowledged delivery)
stack_extra_pids=
for role in unit unit-handler; do
    "$build/xuncha" --config "$work/$role.conf" --json inbox --follow >"$work/inbox-$role.out" 2>"$work/inbox-$role.err" &
    stack_extra_pids="$stack_extra_pids $!"
done

"$build/xuncha-fault-load" --server "tcp://127.0.0.1:$port" --server_key "$work/server.key" \
    --key_file "$work/member.key" --writers "$writers" --seconds 0 --run "$run" \
    --group "$(sql "SELECT g.id FROM inspection_group g JOIN round r ON r.id = g.round_id WHERE r.number = 3 AND g.number = 1")" \
    --unit "$(sql "SELECT id FROM org_unit WHERE name = '东关村'")" \
    --assign_key_file "$work/unit-head.key" --task_id "$task" --handlers "$unit_user,$handler_user" \
    --log "$work/acknowledged.log" >"$work/load.json" 2>"$work/load.err" &
load=$!
echo "故障测试：负载已开始（$writers 个组员客户端、1 个调整经办人的客户端），${seconds} 秒内随机杀死" \
     "xunchad $server_kills 次、通知服务 $notifier_kills 次、PostgreSQL $pg_kills 次" >&2

# the kills, in random order, at random moments spread over SECONDS
kills=$( { for _ in $(seq "$server_kills"); do echo server; done
           for _ in $(seq "$notifier_kills"); do echo notifier; done
           for _ in $(seq "$pg_kills"); do echo pg; done; } | shuf)
total=$((server_kills + notifier_kills + pg_kills))
gap_ms=$((seconds * 1000 / (total + 1)))
pause() { sleep "$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')"; }
done_kills=0
for victim in $kills; do
    pause $((gap_ms / 2 + RANDOM % (gap_ms + 1)))   # on average one gap
    case $victim in
    server)
        kill -KILL "$server"; wait "$server" 2>/dev/null || true
        pause $((RANDOM % 1000))
        stack_start_server ;;
    notifier)
        kill -KILL "$notifier"; wait "$notifier" 2>/dev/null || true
        pause $((RANDOM % 1000))
        stack_start_notifier ;;
    pg)
        "$top/ops/pg.sh" kill "$work/pg"
        pause $((RANDOM % 1000))
        "$top/ops/pg.sh" start "$work/pg" >/dev/null ;;
    esac
    done_kills=$((done_kills + 1))
    echo "  第 $done_kills/$total 次：已杀死并重启 $victim" >&2
done
sleep "$settle"
kill -USR1 "$load" 2>/dev/null || true   # (it may have ended by itself: its status tells)
load_rc=0
wait "$load" || load_rc=$?
cat "$work/load.err" >&2

# every delivery acknowledged by its recipient, within 60 s of the system being whole
for _ in $(seq 600); do
    [ "$(sql "SELECT count(*) FROM outbox_delivery WHERE event_id IN ($run_events) AND acked_at IS NULL")" = 0 ] && break
    sleep 0.1
done

# what the clients saw acknowledged, against what the database holds
awk '$1 == "visit" { print $2 "\t" $3 "\t" $4 }' "$work/acknowledged.log" >"$work/visits.tsv"
awk '$1 == "assign" { print $2 "\t" $3 }' "$work/acknowledged.log" >"$work/assigns.tsv"
counts=$(psql "$owner" -qtA -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE visit_ack (marker text, request_id uuid, record_id bigint);
\copy visit_ack FROM '$work/visits.tsv'
CREATE TEMP TABLE assign_ack (request_id uuid, handler bigint);
\copy assign_ack FROM '$work/assigns.tsv'
CREATE TEMP TABLE visit_row AS
  SELECT substring(body FROM '【故障 ([^】]+)】') AS marker, id FROM field_record WHERE body LIKE '【故障 $run-%';
SELECT json_build_object(
  'acknowledged', (SELECT count(*) FROM visit_ack),
  'found', (SELECT count(*) FROM visit_ack a WHERE EXISTS (SELECT 1 FROM visit_row r WHERE r.marker = a.marker AND r.id = a.record_id)),
  'lost', (SELECT count(*) FROM visit_ack a WHERE NOT EXISTS (SELECT 1 FROM visit_row r WHERE r.marker = a.marker)),
  'duplicated', (SELECT count(*) - count(DISTINCT marker) FROM visit_row),
  'unacknowledged_rows', (SELECT count(*) FROM visit_row r WHERE NOT EXISTS (SELECT 1 FROM visit_ack a WHERE a.marker = r.marker)),
  'replies_stored', (SELECT count(*) FROM visit_ack a JOIN request_reply q ON q.request_id = a.request_id AND q.reply IS NOT NULL),
  'assigns_acknowledged', (SELECT count(*) FROM assign_ack),
  'assigns_duplicated', (SELECT count(*) - count(DISTINCT request_id) FROM audit_log
                          WHERE action = 'assign_rectification_task' AND request_id IN (SELECT request_id FROM assign_ack)),
  'assigns_lost', (SELECT count(*) FROM assign_ack a WHERE NOT EXISTS
                     (SELECT 1 FROM audit_log l WHERE l.action = 'assign_rectification_task' AND l.request_id = a.request_id)),
  'events', (SELECT count(*) FROM ($run_events) e),
  'delivered', (SELECT count(*) FROM outbox_delivery WHERE event_id IN ($run_events) AND acked_at IS NOT NULL),
  'undelivered', (SELECT count(*) FROM outbox_delivery WHERE event_id IN ($run_events) AND acked_at IS NULL),
  'redelivered', (SELECT count(*) FROM outbox_delivery WHERE event_id IN ($run_events) AND sent_count > 1));
SQL
)
# the run's events as the two inboxes showed them (one JSON line each)
jq -r --argjson before "$events_before" --argjson task "$task" \
    'select(.event_id > $before and .task_id == $task and (.title | startswith("您已被明确为"))) | .event_id' \
    "$work"/inbox-*.out >"$work/shown.txt"
shown=$(wc -l <"$work/shown.txt")
shown_distinct=$(sort -u "$work/shown.txt" | wc -l)
result=$(jq -c --argjson load "$(jq -cs '.[0] // {}' "$work/load.json")" --argjson shown "$shown" --argjson distinct "$shown_distinct" \
    --argjson kills "{\"server\":$server_kills,\"notifier\":$notifier_kills,\"pg\":$pg_kills}" \
    '{kills: $kills, load: $load} + . + {shown: $shown, shown_distinct: $distinct}' <<<"$counts")
jq -r '"走访记录：确认 \(.acknowledged)，库中找到 \(.found)，丢失 \(.lost)，重复 \(.duplicated)，未被确认的行 \(.unacknowledged_rows)，存有回复 \(.replies_stored)",
       "调整经办人：确认 \(.assigns_acknowledged)，丢失 \(.assigns_lost)，重复生效 \(.assigns_duplicated)",
       "通知：事件 \(.events)，已投递并确认 \(.delivered)，未投递 \(.undelivered)（重发过 \(.redelivered)）；收件箱显示 \(.shown) 条（不同事件 \(.shown_distinct) 个）",
       "请求：发出 \(.load.sent)，确认 \(.load.acknowledged)，重试 \(.load.retries) 次，被拒 \(.load.refused)，放弃 \(.load.unresolved)"' <<<"$result" >&2
echo "$result"
jq -e --argjson rc "$load_rc" '$rc == 0 and .lost == 0 and .duplicated == 0 and .found == .acknowledged
       and .unacknowledged_rows == 0 and .assigns_lost == 0 and .assigns_duplicated == 0
       and .events == .assigns_acknowledged and .undelivered == 0 and .delivered == .events
       and .load.refused == 0 and .load.unresolved == 0' <<<"$result" >/dev/null \
    || { echo "故障测试未通过" >&2; exit 1; }
echo "故障测试通过" >&2
