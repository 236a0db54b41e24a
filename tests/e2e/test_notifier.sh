#!/usr/bin/env bash
# Notifications are data first (issue 4): the real xuncha-notifier delivering outbox
# events to `xuncha inbox` over CURVE. An event committed reaches a following 纪委监委
# client within a second; a receiver that was offline gets it on reconnection; a
# notifier SIGKILLed after sending and before the acknowledgement was recorded sends it
# again after restart and the client shows it once; the database restarted under the
# notifier loses nothing; two notifiers on one database deliver every event once; a
# recipient that vanishes is found dead by heartbeats and its claims released.
#
# Events are made the way the server makes them (xc_outbox_publish): the event and its
# deliveries in one transaction, here with psql. A slow recipient is simulated with the
# client's test-only setting ack_delay_ms: the client records and shows each event at
# once but holds its acknowledgement that long — the window in which the notifier is
# killed. When the clue commands answer, a real `xuncha clue transfer` is followed too.
. "$(dirname "$0")/lib.sh"
NOTIFIER_PORT=$(free_port)
setup leader member leader2 discipline organisation unit readonly
quiet env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh" 2>/dev/null \
    || { echo "demo data did not load"; exit 1; }
DISCIPLINE_UNIT=$(sql "SELECT id FROM org_unit WHERE name = '区纪委监委'")
DISCIPLINE=$(sql "SELECT id FROM app_user WHERE org_unit_id = $DISCIPLINE_UNIT AND role = 4")

# publish TITLE: an event for the 区纪委监委's receivers, committed like the server does
# it (event and deliveries in one transaction); prints the event id
publish() {
    psql "$CONNINFO" -qtA -v ON_ERROR_STOP=1 <<SQL
BEGIN;
WITH event AS (INSERT INTO outbox_event (kind, title) VALUES (1, '$1') RETURNING id)
INSERT INTO outbox_delivery (event_id, user_id)
SELECT event.id, recipient.id FROM event,
       (SELECT id FROM app_user WHERE org_unit_id = $DISCIPLINE_UNIT AND role IN (4, 5) AND revoked_at IS NULL) AS recipient
RETURNING event_id;
COMMIT;
SQL
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# eventually SECONDS command...: true as soon as the command succeeds, false after SECONDS
eventually() {
    local limit=$(( $(now_ms) + $1 * 1000 )); shift
    until "$@"; do [ "$(now_ms)" -lt $limit ] || return 1; sleep 0.02; done
}
acked() { test "$(sql "SELECT count(*) FROM outbox_delivery WHERE event_id = $1 AND acked_at IS NOT NULL")" = 1; }
sent_count() { sql "SELECT sent_count FROM outbox_delivery WHERE event_id = $1 AND user_id = $DISCIPLINE"; }
shown() { grep -c -- "$2" "$WORK/$1.out"; }   # how many times follower $1 printed text $2
sessions_over() { test "$(grep -c "event=session_opened" "$WORK/notifier.log")" -gt "$1"; }
# follow NAME [GLOBAL OPTIONS]: `xuncha inbox --follow` as the 纪委监委 receiver, in the
# background (NAME.out, NAME.err), once its session is open; FOLLOWER is its pid
follow() {
    local name=$1 before; shift
    before=$(grep -c "event=session_opened" "$WORK/notifier.log")
    "$BIN/xuncha" --config "$WORK/discipline.conf" "$@" inbox --follow >"$WORK/$name.out" 2>"$WORK/$name.err" &
    FOLLOWER=$!
    eventually 10 sessions_over "$before" || fail "follower $name did not connect"
}
# unfollow PID: SIGTERM, as a person ends it with Ctrl-C; returns its exit status
unfollow() { kill -TERM "$1"; wait "$1"; }

# ---------------------------------------------------------------- a following receiver
start_notifier
follow f1
worst=0
for n in 1 2 3; do
    event=$(publish "第一巡察组移交问题线索批次 $n")
    committed=$(now_ms)
    if eventually 5 grep -q "问题线索批次 $n" "$WORK/f1.out"; then
        elapsed=$(( $(now_ms) - committed ))
        [ $elapsed -gt $worst ] && worst=$elapsed
    else
        worst=99999
    fi
done
check "an event committed reaches a following 纪委监委 client within a second (worst of 3: ${worst} ms)" \
    test $worst -lt 1000
check "the line says when, what kind (in Chinese) and the title" \
    grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  问题线索移交  第一巡察组移交问题线索批次 1$" "$WORK/f1.out"
check "it was acknowledged" eventually 5 acked "$event"
check "and recorded locally before that" grep -q "\"event_id\":$event," "$WORK/inbox/discipline/"*.jsonl
sleep 3
check "heartbeats keep an idle follower (3 s idle; sessions time out after 5 s)" \
    test "$(grep -c "event=session_closed" "$WORK/notifier.log")" = 0
unfollow $FOLLOWER; rc=$?
check "SIGTERM ends inbox --follow cleanly (exit $rc)" test $rc = 0

# ---------------------------------------------------------------- an offline receiver
for n in 4 5 6; do publish "第一巡察组移交问题线索批次 $n" >/dev/null; done
expect_exit 0 "a receiver offline during the transfer gets it with xuncha inbox" as discipline inbox
check "all three, in order" test "$(echo "$OUT" | grep -o '批次 [456]' | tr -d '\n ')" = "批次4批次5批次6"
check "nothing earlier shown again" test "$(echo "$OUT" | grep -c '批次 [123]')" = 0
check "all acknowledged" test "$(sql "SELECT count(*) FROM outbox_delivery WHERE acked_at IS NULL")" = 0
expect_exit 0 "asking again" as discipline inbox
check "  finds nothing new" test "$OUT" = "没有新通知"
event=$(publish "第二巡察组移交问题线索批次 1")
expect_exit 0 "--json gives one object per line" as discipline --json inbox
check "  with the event id and the kind's proto name" \
    test "$(echo "$OUT" | jq -r '"\(.event_id) \(.kind)"')" = "$event NOTIFICATION_KIND_CLUE_BATCH_TRANSFERRED"
"$BIN/xuncha" keygen "$WORK/stranger.key" >/dev/null
expect_exit 3 "an unregistered key is refused at the handshake" as discipline --key_file "$WORK/stranger.key" inbox
check "  and told so" contains "$ERR" "通知服务拒绝了本人密钥"
expect_exit 4 "a notifier that is not there: exit 4 after the retries" \
    as discipline --notifier "tcp://127.0.0.1:$(free_port)" --timeout_ms 300 --retries 1 inbox
expect_exit 2 "inbox takes only --follow" as discipline inbox --batch 3
expect_exit 0 "inbox --help" "$BIN/xuncha" inbox --help
check "  gives the usage" contains "$OUT" "xuncha inbox [--follow]"
expect_exit 0 "xuncha --help" "$BIN/xuncha" --help
check "  lists inbox and the notifier settings" contains "$OUT" "--notifier_key"
check "  but not the test-only setting" test "$(echo "$OUT" | grep -c ack_delay_ms)" = 0
expect_exit 0 "xuncha-notifier --help lists its settings" "$BIN/xuncha-notifier" --help
check "  with the ack timeout" contains "$OUT" "--ack_timeout_ms"

# ---------------------------------------------------------------- SIGKILL before the ack is recorded
stop_notifier
start_notifier "$NOTIFIER_PORT" --ack_timeout_ms 2000
follow f2 --ack_delay_ms 1500
event=$(publish "第一巡察组移交问题线索批次 7")
check "the slow receiver shows the event" eventually 5 grep -q "批次 7" "$WORK/f2.out"
kill_notifier   # sent and shown, its acknowledgement still held by the client
check "SIGKILLed before the acknowledgement was recorded" test "$(sql "SELECT acked_at IS NULL FROM outbox_delivery WHERE event_id = $event")" = t
start_notifier
check "after restart the event is delivered again and acknowledged" eventually 15 acked "$event"
check "  (sent $(sent_count "$event") times)" test "$(sent_count "$event")" -ge 2
check "  and the client shows it once" test "$(shown f2 '批次 7')" = 1
check "  and recorded it once" test "$(cat "$WORK/inbox/discipline/"*.jsonl | grep -c "\"event_id\":$event,")" = 1
check "the client said it was reconnecting" grep -q "连接中断.*正在重新连接" "$WORK/f2.err"
check "  and that it was back" grep -q "已重新连接通知服务" "$WORK/f2.err"
unfollow $FOLLOWER

# ---------------------------------------------------------------- the database restarted under the notifier
follow f3 --ack_delay_ms 1000
event=$(publish "第一巡察组移交问题线索批次 8")
check "an event is shown" eventually 5 grep -q "批次 8" "$WORK/f3.out"
"$TOP/ops/pg.sh" stop "$WORK/pg"   # its acknowledgement reaches the notifier while the database is down
sleep 1.5
"$TOP/ops/pg.sh" start "$WORK/pg" >/dev/null
check "the notifier noticed the database was gone" grep -Eq "event=database_(lost|unreachable)" "$WORK/notifier.log"
check "the acknowledgement held meanwhile is recorded once it is back" eventually 10 acked "$event"
event=$(publish "第一巡察组移交问题线索批次 9")
check "later events are still delivered" eventually 10 grep -q "批次 9" "$WORK/f3.out"
check "  and acknowledged" eventually 10 acked "$event"
"$TOP/ops/pg.sh" kill "$WORK/pg"
"$TOP/ops/pg.sh" start "$WORK/pg" >/dev/null
event=$(publish "第一巡察组移交问题线索批次 10")
check "after a crash of the database too" eventually 10 grep -q "批次 10" "$WORK/f3.out"
check "  acknowledged" eventually 10 acked "$event"
check "the notifier reconnected to the database" grep -q "event=database_reconnected" "$WORK/notifier.log"
check "nothing lost: every event acknowledged" test "$(sql "SELECT count(*) FROM outbox_delivery WHERE acked_at IS NULL")" = 0
check "nothing shown twice" test "$(sort "$WORK/f3.out" | uniq -d | wc -l)" = 0
unfollow $FOLLOWER

# ---------------------------------------------------------------- two notifiers, one database
FIRST=$NOTIFIER_PID
SECOND_PORT=$(free_port)
start_notifier "$SECOND_PORT"
SECOND=$NOTIFIER_PID
follow a --inbox_dir "$WORK/inbox/a"
A=$FOLLOWER
follow b --inbox_dir "$WORK/inbox/b" --notifier "tcp://127.0.0.1:$SECOND_PORT"
B=$FOLLOWER
first=$(sql "SELECT coalesce(max(id), 0) + 1 FROM outbox_event")
for n in $(seq 1 40); do echo "BEGIN;
WITH event AS (INSERT INTO outbox_event (kind, title) VALUES (1, '并发移交 $n') RETURNING id)
INSERT INTO outbox_delivery (event_id, user_id) SELECT id, $DISCIPLINE FROM event; COMMIT;"; done | psql "$CONNINFO" -q
all_acked() { test "$(sql "SELECT count(*) FROM outbox_delivery WHERE event_id >= $first AND acked_at IS NOT NULL")" = 40; }
check "two notifiers with a client each: all 40 events acknowledged" eventually 20 all_acked
ids() { cat "$WORK/inbox/$1/"*.jsonl 2>/dev/null | jq -r 'select(.event_id >= '"$first"') | .event_id' | sort -n; }
a_count=$(ids a | wc -l); b_count=$(ids b | wc -l)
check "  every event shown by one of them ($a_count + $b_count)" test $((a_count + b_count)) = 40
check "  none by both" test "$(comm -12 <(ids a) <(ids b) | wc -l)" = 0
check "  none sent twice" test "$(sql "SELECT count(*) FROM outbox_delivery WHERE event_id >= $first AND sent_count <> 1")" = 0
check "  none shown twice" test "$(cat "$WORK/a.out" "$WORK/b.out" | grep '并发移交' | sort | uniq -d | wc -l)" = 0
unfollow $A
unfollow $B
stop_notifier "$SECOND"; rc=$?
check "SIGTERM: the second notifier exits 0 (exit $rc)" test $rc = 0
stop_notifier "$FIRST"

# ---------------------------------------------------------------- heartbeats: a recipient that vanishes
start_notifier "$NOTIFIER_PORT" --ack_timeout_ms 60000 --session_timeout_ms 2000
follow f4 --ack_delay_ms 600000   # shows, never acknowledges
event=$(publish "第一巡察组移交问题线索批次 11")
check "a receiver that will vanish got the event" eventually 5 grep -q "批次 11" "$WORK/f4.out"
kill -KILL $FOLLOWER; wait $FOLLOWER 2>/dev/null
started=$(now_ms)
expect_exit 0 "another session of the same receiver (its own inbox file) asks" \
    as discipline --inbox_dir "$WORK/inbox/other" --timeout_ms 10000 inbox
elapsed=$(( $(now_ms) - started ))
check "  and gets the event" contains "$OUT" "批次 11"
check "  promptly: the dead session was found by heartbeats, not the 60 s ack timeout (${elapsed} ms)" \
    test $elapsed -lt 8000
check "  the notifier says why the session ended" grep -q "reason=silent unacknowledged=1" "$WORK/notifier.log"

# ---------------------------------------------------------------- SIGTERM releases the claims
follow f5 --ack_delay_ms 600000
event=$(publish "第一巡察组移交问题线索批次 12")
check "an event in flight" eventually 5 grep -q "批次 12" "$WORK/f5.out"
check "  is claimed" test -n "$(sql "SELECT claimed_by FROM outbox_delivery WHERE event_id = $event")"
stop_notifier; rc=$?
check "SIGTERM: the notifier exits 0 (exit $rc)" test $rc = 0
check "  releasing the claim of the event in flight" \
    test -z "$(sql "SELECT claimed_by FROM outbox_delivery WHERE event_id = $event")"
check "  and telling the recipient" eventually 5 grep -q "通知服务正在停止" "$WORK/f5.err"
unfollow $FOLLOWER
check "logs carry ids, never titles" test "$(grep -c "问题线索" "$WORK/notifier.log")" = 0

# ---------------------------------------------------------------- a real transfer
start_notifier
expect_exit 0 "the group drafts a clue" as leader --json clue draft --group 1 --unit 2 --person 李某 \
    --position 城关镇财政所所长 --conduct 违规发放津贴补贴
echo "$OUT" > "$WORK/clue.json"
if [ -s "$WORK/clue.json" ]; then
    clue=$(jq -r '.body.id' "$WORK/clue.json")
    quiet as leader clue approve --clue "$clue"
    quiet as discipline inbox   # what is left from above
    follow f6
    committed=$(now_ms)
    expect_exit 0 "a group transfers a batch to the 区纪委监委" \
        as leader clue transfer --group 1 --clue "$clue" --to "$DISCIPLINE_UNIT"
    check "the following 纪委监委 client shows it within a second" eventually 1 grep -q "问题线索移交" "$WORK/f6.out"
    echo "    (transfer to display: $(( $(now_ms) - committed )) ms, including the client's request)"
    unfollow $FOLLOWER
fi
finish
