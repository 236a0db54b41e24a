#!/usr/bin/env bash
# A reply means durable: the server killed with SIGKILL right after replying still has
# the change when restarted. SIGTERM drains and exits cleanly.
. "$(dirname "$0")/lib.sh"
setup

for n in 1 2 3 4 5; do
    if as office --json unit add --name "区$n" --kind 区县 > "$WORK/reply.json"; then
        kill_server   # at once, after the reply
        start_server
        check "change $n acknowledged before SIGKILL is there after restart" \
            test "$(sql "SELECT count(*) FROM org_unit WHERE id = $(jq .body.id "$WORK/reply.json")")" = 1
    else
        fail "change $n was not acknowledged"
    fi
done
check "the server's replies were stored for retries" test "$(sql 'SELECT count(*) FROM request_reply WHERE reply IS NOT NULL')" = 5

# A read is answered before its transaction ends (it wrote nothing), but the
# transaction does not linger: the next request's BEGIN or, when none comes, the loop
# ends it within moments — no session of xunchad stays idle in a transaction holding
# its locks, and a table can be locked exclusively at once.
open_reads() {
    sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'xunchad' AND state LIKE 'idle in transaction%'"
}
for n in 1 2 3; do as office --json unit list > /dev/null; done
sleep 0.3
check "a read's transaction does not stay open after its reply ($(open_reads) open)" test "$(open_reads)" = 0
started=$(date +%s%N)
check "  a table the reads used is locked exclusively at once" \
    psql "$CONNINFO" -qc "SET lock_timeout = '500ms'; BEGIN; LOCK TABLE org_unit; COMMIT;"
check "  (within half a second)" test $(( ($(date +%s%N) - started) / 1000000 )) -lt 500

# A slow request (its table locked by another session for 3 s) does not stall the
# others, and SIGTERM while it is in flight waits for it: its client gets the reply.
psql "$CONNINFO" -qc "BEGIN; LOCK TABLE org_unit; SELECT pg_sleep(3); COMMIT;" >/dev/null &
locker=$!
sleep 0.5
as office --json unit add --name 慢区 --kind 区县 > "$WORK/slow.json" 2>&1 &
slow=$!
sleep 0.5
started=$(date +%s%N)
check "a ping is served while a slow request holds a worker" quiet as office ping
check "  within a second" test $(( ($(date +%s%N) - started) / 1000000 )) -lt 1000
kill -TERM "$SERVER_PID"
wait $slow; slow_rc=$?
wait "$SERVER_PID"; rc=$?; SERVER_PID=
wait $locker
check "SIGTERM: the request in flight was answered (exit $slow_rc)" test $slow_rc = 0
check "SIGTERM: and its change committed" test "$(sql "SELECT count(*) FROM org_unit WHERE name = '慢区'")" = 1
check "SIGTERM: xunchad exits 0 (exit $rc)" test $rc = 0
check "SIGTERM: it drained before exiting" grep -q "event=draining in_flight=1" "$WORK/xunchad.log"
check "SIGTERM: nothing left unanswered" grep -q "event=drained unanswered=0" "$WORK/xunchad.log"

# SIGTERM with a request that outlives the drain deadline: it is cancelled and rolled
# back (its client was never told it succeeded), and the server exits in time.
SERVER_ARGS="--drain_ms 1000"
start_server
psql "$CONNINFO" -qc "BEGIN; LOCK TABLE org_unit; SELECT pg_sleep(8); COMMIT;" >/dev/null &
locker=$!
sleep 0.5
"$BIN/xuncha" --config "$WORK/office.conf" --timeout_ms 10000 --retries 0 unit add --name 超时区 --kind 区县 \
    >"$WORK/cancelled.out" 2>"$WORK/cancelled.err" &
cancelled=$!
sleep 0.5
started=$(date +%s%N)
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"; rc=$?; SERVER_PID=
elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
wait $cancelled; client_rc=$?
wait $locker
check "deadline: xunchad exits 0 (exit $rc)" test $rc = 0
check "deadline: within the drain time and the cancel grace (${elapsed} ms)" test $elapsed -lt 4000
check "deadline: the slow request was cancelled" grep -q "event=drain_deadline cancelled=1" "$WORK/xunchad.log"
check "deadline: its client was not told it succeeded" bash -c '! grep -q 超时区 "$0"' "$WORK/cancelled.out"
check "deadline: but that the change waits in its journal" grep -q "已保存到本地，待同步" "$WORK/cancelled.out"
check "deadline: and nothing was committed" test "$(sql "SELECT count(*) FROM org_unit WHERE name = '超时区'")" = 0
start_server
expect_exit 0 "deadline: the next sync sends the change" as office sync
check "deadline: now committed once" test "$(sql "SELECT count(*) FROM org_unit WHERE name = '超时区'")" = 1
kill_server

# the notifier starts, connects, and stops cleanly on SIGTERM
start_notifier "$(free_port)"
check "the notifier started and connected" grep -q "event=started" "$WORK/notifier.log"
stop_notifier; rc=$?
check "the notifier stops cleanly on SIGTERM (exit $rc)" test $rc = 0
finish
