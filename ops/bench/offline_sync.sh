#!/usr/bin/env bash
# offline_sync.sh — the offline journal's synchronisation benchmark (issue 7: "10,000
# journalled records synchronise in under 10 seconds against a local server"), on a
# temporary PostgreSQL and xunchad of its own: the demo round (ops/demo.sh: 第一巡察组,
# 组员 刘洋), then for each batch size: RECORDS 走访 records of about 2 KB of findings
# journalled for the 组员 as if typed offline (xuncha-bench-offline-sync, the journal
# API, one fsync per record), and the real `xuncha sync` timed from start to exit
# against the local server: the entries sent in batches of that size, then the offline
# cache refreshed (which `xuncha sync` does after a complete synchronisation). `xuncha
# sync` is timed once more with nothing to send — the cache refresh alone, on the same
# data — and the send is the difference ("seconds" in the JSON line). Checks that the
# database holds every record once and nothing is left pending; removes what it made.
#
#   ops/bench/offline_sync.sh [--records 10000] [--batches "200"] [--findings-bytes 2048]
#
# Environment: XUNCHA_BUILD (default <repo>/build-release; configured with
# -DCMAKE_BUILD_TYPE=Release and built when the bench is missing).
# Prints the figures per batch size as text and as one JSON line each.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${XUNCHA_BUILD:-$top/build-release}
records=10000
batches=200
findings_bytes=2048
while [ $# -gt 0 ]; do
    case $1 in
    --records) records=$2; shift 2 ;;
    --batches) batches=$2; shift 2 ;;
    --findings-bytes) findings_bytes=$2; shift 2 ;;
    *) echo "usage: $0 [--records N] [--batches \"50 200 256\"] [--findings-bytes N]" >&2; exit 2 ;;
    esac
done
[ -x "$build/xuncha-bench-offline-sync" ] || "$top/ops/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release

. "$top/ops/bench/stack_lib.sh"
stack_init
# the demo round's dates: as the end-to-end tests, "today" is in its 进驻
export XUNCHA_NOW=2026-03-20T10:00:00
stack_start_pg
sql() { psql "$owner" -tAc "$1"; }
# clients wait 10 s for a reply (a batch of 256 entries takes seconds on a busy machine;
# the default 3 s would resend it) and retry once: stack_keys writes them so
stack_keys
stack_start_server
stack_load_demo
member() { "$build/xuncha" --config "$work/member.conf" "$@"; }
member whoami >/dev/null   # the 组员 can reach the server
echo "本地 PostgreSQL 与 xunchad（$build）已启动，演示轮次已载入；每批条数：$batches；记录数：$records" >&2

now_ns() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
visits() { sql "SELECT count(*) FROM field_record WHERE body LIKE '第%条：走访村民%'"; }
# journal: RECORDS records into the 组员's journal; prints the program's JSON line
journal() {
    "$build/xuncha-bench-offline-sync" --key_file "$work/member.key" --journal_dir "$work/journal/member" \
        --records "$records" --findings_bytes "$findings_bytes"
}
# check_synced BEFORE: every record of the run in the database, nothing pending
check_synced() {
    local after
    after=$(visits)
    [ "$((after - $1))" = "$records" ] || { echo "offline_sync: 数据库中新增 $((after - $1)) 条，应为 $records 条" >&2; exit 1; }
    member sync list | grep -q 没有待处理的本地记录 || { echo "offline_sync: 仍有待同步记录" >&2; member sync list | tail -n 3 >&2; exit 1; }
}

for batch in $batches; do
    journalled=$(journal)
    before=$(visits)
    started=$(now_ns)
    member --sync_batch "$batch" sync >"$work/sync.out"
    sync_seconds=$(seconds_since "$started")
    check_synced "$before"
    # the same command again, nothing left to send: the offline cache refresh alone
    started=$(now_ns)
    member sync >/dev/null
    refresh_seconds=$(seconds_since "$started")
    send_seconds=$(awk -v a="$sync_seconds" -v b="$refresh_seconds" 'BEGIN { s = a - b; printf "%.3f", (s > 0 ? s : a) }')
    rate=$(awk -v n="$records" -v s="$send_seconds" 'BEGIN { printf "%.0f", n / s }')
    echo "每批 $batch 条：$records 条本地记录，xuncha sync 用时 $sync_seconds 秒，其中发送约 $send_seconds 秒（每秒 $rate 条），" \
         "离线缓存刷新 $refresh_seconds 秒；$(head -n 1 "$work/sync.out")" >&2
    echo "  记入本地日志：$(jq -r '"\(.journal_seconds) 秒，每秒 \(.appends_per_s) 条（每条约 \(.findings_bytes) 字节，各落盘一次）"' <<<"$journalled")" >&2
    jq -c --argjson records "$records" --argjson batch "$batch" --argjson sync "$sync_seconds" \
        --argjson send "$send_seconds" --argjson refresh "$refresh_seconds" --argjson rate "$rate" \
        '{records: $records, seconds: $send, records_per_s: $rate, batch: $batch, sync_command_seconds: $sync,
          cache_refresh_seconds: $refresh, journal_seconds: .journal_seconds, appends_per_s: .appends_per_s,
          findings_bytes: .findings_bytes}' <<<"$journalled"
done
echo "数据库中共 $(visits) 条基准记录；服务器日志 $(grep -c 'kind=sync_batch' "$work/xunchad.log") 个同步批次" >&2
