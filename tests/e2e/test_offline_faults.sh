#!/usr/bin/env bash
# The offline journal under faults, through the real binaries: what the user sees and
# what the database holds. (a) The client killed with SIGKILL in the middle of a sync
# of 60 offline visits: the next sync completes it, every visit once. (b) A reply lost
# after the server committed (xunchad killed right after its COMMIT, by the test hook
# XUNCHA_TEST_KILL_AFTER_COMMIT): the change is kept locally, the next sync gets the
# stored reply and nothing is made twice — for a change made online and for a batch.
# (c) An attachment upload killed halfway resumes from the bytes the server has, and
# the attachment is made once, byte for byte. (d) A revoked key cannot sync: it is
# said plainly and the entries stay pending in the journal.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-03-20T10:00:00
setup leader member leader2 discipline organisation unit readonly
quiet env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh" 2>/dev/null
# the demo: round 1 in 进驻; 第一巡察组 (group 1) inspects 城关镇 (unit 2) and 东关村 (3);
# 组员 刘洋 is the member.

# the member's client pointed at a port nobody listens on: offline, and quick to say so
sed "s|^server = .*|server = tcp://127.0.0.1:$(free_port)|" "$WORK/member.conf" > "$WORK/member-offline.conf"
echo "connect_wait_ms = 100" >> "$WORK/member-offline.conf"
offline() { "$BIN/xuncha" --config "$WORK/member-offline.conf" "$@"; }
# visit CLIENT...: one visit of 东关村 with the findings $VISIT, made with CLIENT (offline or as member)
visit() { "$@" record visit --group 1 --unit 3 --place 东关村 --unannounced 是 --findings "$VISIT" --date 2026-03-10; }
visits() { sql "SELECT count(*) FROM field_record WHERE body LIKE '$1%'"; }
distinct_visits() { sql "SELECT count(DISTINCT body) FROM field_record WHERE body LIKE '$1%'"; }
pending() { grep -c '^L.*待同步' <<<"$1"; }
now_ms() { date +%s%3N; }
# eventually SECONDS command...: true as soon as the command succeeds, false after SECONDS
eventually() {
    local limit=$(( $(now_ms) + $1 * 1000 )); shift
    until "$@"; do [ "$(now_ms)" -lt $limit ] || return 1; sleep 0.02; done
}

# ---------------------------------------------------------------- (a) the client killed mid-sync
journalled=0
for i in $(seq 60); do
    VISIT="断点-$i" visit offline >/dev/null 2>&1 && journalled=$((journalled + 1))
done
check "60 visits journalled offline" test "$journalled" = 60
expect_exit 0 "the journal lists them" offline sync list
check "all 60 pending" test "$(pending "$OUT")" = 60

"$BIN/xuncha" --config "$WORK/member.conf" --sync_batch 2 --sync_pause_ms 100 sync >"$WORK/sync-a.out" 2>&1 &
SYNC=$!
some_arrived() { [ "$(visits 断点-)" -ge 6 ]; }
check "a slow sync is under way (some visits arrive)" eventually 30 some_arrived
kill -KILL "$SYNC"
wait "$SYNC" 2>/dev/null
partial=$(visits 断点-)
check "killed with SIGKILL part way: $partial of 60 in the database" test "$partial" -gt 0 -a "$partial" -lt 60
expect_exit 0 "the journal after the kill" as member sync list
check "  still has the rest pending" test "$(pending "$OUT")" -ge $((60 - partial))

expect_exit 0 "xuncha sync again" as member sync
check "  completes" contains "$OUT" "仍待同步 0 条"
check "  none refused" contains "$OUT" "本次被拒绝 0 条"
check "exactly 60 visits in the database" test "$(visits 断点-)" = 60
check "  each findings text exactly once" test "$(distinct_visits 断点-)" = 60
check "  no visit of 60 missing" test "$(sql "SELECT count(*) FROM generate_series(1, 60) AS i
    WHERE NOT EXISTS (SELECT 1 FROM field_record WHERE body = '断点-' || i)")" = 0
expect_exit 0 "nothing pending" as member sync list
check "  said plainly" contains "$OUT" "没有待处理的本地记录"
expect_exit 0 "the whole journal" as member sync list --all
check "  60 entries synchronised" test "$(grep -c '^L.*已同步' <<<"$OUT")" = 60

# ---------------------------------------------------------------- (b) the reply lost after COMMIT
kill_server
XUNCHA_TEST_KILL_AFTER_COMMIT=1 start_server
killed_server=$SERVER_PID
VISIT=回执丢失-单条 expect_exit 0 "online: a visit the server commits and dies before replying" visit as member
check "  the server did die after its commit" eventually 5 bash -c '! kill -0 "$0" 2>/dev/null' "$killed_server"
check "  killed by the test hook" test "$(grep -c "event=test_fault_kill commit=1" "$WORK/xunchad.log")" = 1
check "  the user is told it is kept locally" contains "$OUT" "已保存到本地，待同步"
check "  one entry waits" contains "$OUT" "共 1 条待同步"
check "the visit is in the database, once" test "$(visits 回执丢失-单条)" = 1
kill_server
start_server
expect_exit 0 "sync once the server is back" as member sync
check "  delivered (the stored reply of the committed try)" contains "$OUT" "送达 1 条，本次被拒绝 0 条"
check "  nothing waits" contains "$OUT" "仍待同步 0 条"
check "still exactly once in the database" test "$(visits 回执丢失-单条)" = 1
expect_exit 0 "nothing pending" as member sync list
check "  said plainly" contains "$OUT" "没有待处理的本地记录"
expect_exit 0 "the whole journal" as member sync list --all
check "  the entry synchronised with the id the server gave the visit" \
    contains "$OUT" "→ 服务器编号 $(sql "SELECT id FROM field_record WHERE body = '回执丢失-单条'")"
journalled=0
for i in 1 2 3 4 5; do
    VISIT="回执丢失-批-$i" visit offline >/dev/null 2>&1 && journalled=$((journalled + 1))
done
check "5 visits journalled offline" test "$journalled" = 5
kill_server
XUNCHA_TEST_KILL_AFTER_COMMIT=1 start_server
killed_server=$SERVER_PID
expect_exit 4 "sync: the server commits the batch and dies before replying" as member sync
check "  the server did die after its commit" eventually 5 bash -c '! kill -0 "$0" 2>/dev/null' "$killed_server"
check "  killed by the test hook" test "$(grep -c "event=test_fault_kill commit=1" "$WORK/xunchad.log")" = 2
check "  the user is told the 5 still wait" contains "$ERR" "5 条待同步"
check "the batch is in the database, each once" test "$(visits 回执丢失-批-)/$(distinct_visits 回执丢失-批-)" = 5/5
kill_server
start_server
expect_exit 0 "sync once the server is back" as member sync
check "  five delivered" contains "$OUT" "送达 5 条，本次被拒绝 0 条"
check "  nothing waits" contains "$OUT" "仍待同步 0 条"
check "still each once in the database" test "$(visits 回执丢失-批-)/$(distinct_visits 回执丢失-批-)" = 5/5
expect_exit 0 "nothing pending" as member sync list
check "  said plainly" contains "$OUT" "没有待处理的本地记录"

# ---------------------------------------------------------------- (c) an upload killed halfway resumes
record=$(sql "SELECT id FROM field_record WHERE body = '断点-1'")
head -c 2600000 /dev/urandom > "$WORK/现场照片.bin"
size=$(stat -c %s "$WORK/现场照片.bin")
expect_exit 0 "offline: a 2.5 MB file attached to a record" offline record attach --record "$record" --file "$WORK/现场照片.bin"
check "  kept locally" contains "$OUT" "已保存到本地，待同步"
"$BIN/xuncha" --config "$WORK/member.conf" --upload_chunk_kib 64 --sync_pause_ms 150 sync >"$WORK/sync-c.out" 2>&1 &
SYNC=$!
received() { sql "SELECT coalesce(max(received), 0) FROM attachment_upload WHERE record_id = $record"; }
upload_started() { [ "$(received)" -ge $((3 * 65536)) ]; }
check "a slow upload is under way" eventually 30 upload_started
kill -KILL "$SYNC"
wait "$SYNC" 2>/dev/null
halfway=$(received)
check "killed with SIGKILL part way: $halfway of $size bytes received" test "$halfway" -gt 0 -a "$halfway" -lt "$size"
check "  no attachment made yet" test "$(sql "SELECT count(*) FROM attachment WHERE record_id = $record")" = 0
expect_exit 0 "xuncha sync again" as member sync
check "  says it resumes where the server stopped" contains "$ERR" "续传：服务器已有"
resumed_at=$(grep -o '续传：服务器已有 [0-9]* 字节' <<<"$ERR" | grep -o '[0-9]*' | head -n 1)
check "  from byte ${resumed_at:-?} (> 0, at least what was there)" test "${resumed_at:-0}" -ge "$halfway" -a "${resumed_at:-0}" -gt 0
check "  the attachment delivered" contains "$OUT" "送达 1 条，本次被拒绝 0 条"
check "  nothing waits" contains "$OUT" "仍待同步 0 条"
check "exactly one attachment on the record" test "$(sql "SELECT count(*) FROM attachment WHERE record_id = $record")" = 1
check "  its SHA-256 that of the file" test "$(sql "SELECT encode(sha256, 'hex') FROM attachment WHERE record_id = $record")" = \
    "$(sha256sum "$WORK/现场照片.bin" | cut -d' ' -f1)"
check "  its size that of the file" test "$(sql "SELECT size FROM attachment WHERE record_id = $record")" = "$size"
check "the upload is finished and its chunks gone" test \
    "$(sql "SELECT count(*) FROM attachment_upload WHERE record_id = $record AND attachment_id IS NOT NULL AND received = size")/$(sql "SELECT count(*) FROM attachment_upload_chunk")" = 1/0
attachment=$(sql "SELECT id FROM attachment WHERE record_id = $record")
expect_exit 0 "downloaded" as member record download --attachment "$attachment" --out "$WORK/下载.bin"
check "  byte for byte" cmp -s "$WORK/现场照片.bin" "$WORK/下载.bin"
expect_exit 0 "a second sync sends nothing" as member sync
check "  zero delivered" contains "$OUT" "送达 0 条"
check "  still one attachment" test "$(sql "SELECT count(*) FROM attachment WHERE record_id = $record")" = 1

# ---------------------------------------------------------------- (d) a revoked key cannot sync
VISIT=吊销后-1 visit offline >/dev/null 2>&1
VISIT=吊销后-2 visit offline >/dev/null 2>&1
member_key=$(sed -n 's/^ *public-key = "\(.*\)"$/\1/p' "$WORK/member.key")
expect_exit 0 "the 巡察办 revokes the member's key" as office key revoke --key "$member_key" --reason 笔记本电脑遗失
expect_exit 3 "the member's sync is refused" as member sync
check "  naming the revocation" contains "$ERR" "服务器拒绝了本人密钥（已被巡察办吊销或未登记），无法同步"
check "  and that the entries are kept" contains "$ERR" "本地 2 条待同步记录仍保存在加密日志中"
check "nothing of them reached the database" test "$(visits 吊销后-)" = 0
expect_exit 0 "the journal still works locally" as member sync list
check "  both entries still pending" test "$(pending "$OUT")" = 2
VISIT=吊销后-3 expect_exit 3 "a new change with the revoked key is refused too" visit as member
check "  naming the revocation" contains "$ERR" "服务器拒绝了本人密钥"
finish
