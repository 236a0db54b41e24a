#!/usr/bin/env bash
# A retried request id changes nothing twice; the client's Lazy Pirate retries reach a
# server that comes up late, and the change is made once.
. "$(dirname "$0")/lib.sh"
setup

id=7d0e4f1a-1b2c-4d5e-8f90-123456789abc
expect_exit 0 "a change with a chosen request id" as office --json --request-id $id unit add --name 某某区 --kind 区县
first=$(echo "$OUT" | jq .body.id)
expect_exit 0 "the same request id again" as office --json --request-id $id unit add --name 某某区 --kind 区县
check "returns the stored reply (same record)" test "$(echo "$OUT" | jq .body.id)" = "$first"
check "the unit exists once" test "$(sql "SELECT count(*) FROM org_unit WHERE name = '某某区'")" = 1
expect_exit 3 "the same id with other content is refused" as office --request-id $id unit add --name 另一区 --kind 区县
check "naming the request id" contains "$ERR" "请求编号 $id 已用于另一个内容不同的请求"
check "and nothing changed" test "$(sql "SELECT count(*) FROM org_unit")" = 1

# Lazy Pirate: the server is down when the client starts, and up before it gives up
kill_server
"$BIN/xuncha" --config "$WORK/office.conf" --timeout_ms 700 --retries 8 --json \
    round create --committee 十届区委 --number 3 --type 常规 --start 2026-03-01 --end 2026-04-30 \
    >"$WORK/late.out" 2>"$WORK/late.err" &
client=$!
sleep 1.5
start_server
wait $client; rc=$?
check "the client retried and succeeded once the server was up (exit $rc)" test $rc = 0
check "it said it was retrying" grep -q "使用同一请求编号重试" "$WORK/late.err"
check "the round exists exactly once" test "$(sql 'SELECT count(*) FROM round')" = 1
# A slow change and its client's retries: every retry reaches the server while the
# original still runs, is answered at once ("still in progress"), and the other users
# keep being served; the change is made once and the client ends with its reply.
keys reader
"$BIN/xuncha" --config "$WORK/office.conf" user add --name 只读 --role 只读 --public-key "$WORK/reader.key" >/dev/null
psql "$CONNINFO" -qc "BEGIN; LOCK TABLE org_unit; SELECT pg_sleep(4); COMMIT;" >/dev/null &
locker=$!
sleep 0.5
"$BIN/xuncha" --config "$WORK/office.conf" --timeout_ms 400 --retries 3 --json unit add --name 慢区 --kind 区县 \
    >"$WORK/slow.out" 2>"$WORK/slow.err" &
slow=$!
sleep 1.5
started=$(date +%s%N)
check "other users are served while a slow change and its retries run" quiet as reader ping
check "  within a second" test $(( ($(date +%s%N) - started) / 1000000 )) -lt 1000
wait $slow; rc=$?
wait $locker
check "the slow change's client got its reply in the end (exit $rc)" test $rc = 0
check "it was told the first try was still running" grep -q "仍在处理此请求的前一次尝试" "$WORK/slow.err"
check "its retries reached the server and were answered in progress" \
    test "$(grep -c 'kind=org_unit_create .* status=9' "$WORK/xunchad.log")" -ge 1
check "the change was made once" test "$(sql "SELECT count(*) FROM org_unit WHERE name = '慢区'")" = 1
check "the reply names the unit" test "$(jq -r .body.name "$WORK/slow.out")" = 慢区
finish
