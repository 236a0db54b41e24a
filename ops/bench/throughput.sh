#!/usr/bin/env bash
# throughput.sh — xunchad's throughput against PostgreSQL's own (issue 9: "as fast as
# PostgreSQL allows"), on a temporary PostgreSQL and xunchad of its own with the demo
# round (ops/demo.sh; the 组员 刘洋 of 第一巡察组 writes and reads):
#
#   0. a short run of step 1 (2 s, not counted): warm-up, and the findings pgbench writes;
#   1. xuncha-bench-throughput (ops/bench/throughput.c): CLIENTS concurrent CURVE
#      clients for SECONDS writing 走访 records of about 2 KB of findings
#      (field_record_create), then for SECONDS showing them (field_record_show):
#      operations per second, p50 and p99 latency, xunchad's peak RSS;
#   2. pgbench at the same concurrency (-c CLIENTS -j CLIENTS -M prepared) for the same
#      time, as the server's own role xuncha_app on the same cluster, running the SQL
#      xunchad runs for each request (ops/bench/throughput_write.sql, _read.sql): its
#      transactions per second and p50/p99 (from its per-transaction log);
#   3. the ratios xuncha/pgbench (target: write ≥ 0.8, read ≥ 0.8);
#   4. with --scale TOTAL (e.g. 1000): step 1 again with TOTAL connected clients, of
#      which CLIENTS work and the rest are idle CURVE connections (each handshaken and
#      pinged once): xunchad's peak RSS (target: under 100 MB) and the throughput as a
#      share of step 1's (target: within 10 %).
#
#   ops/bench/throughput.sh [--clients 16] [--seconds 10] [--idle 0] [--scale 1000] [--workers N]
#                           [--rounds 1]
#
# Within a round pgbench's write runs just before step 1 and its read just after, so
# each pair is measured next to each other in time. --rounds R repeats this R times and
# reports each round's ratios and their median: on a shared machine whose speed
# drifts, runs next to each other compare like with like, and the median of several
# pairs is steadier than any one.
# --idle M adds M idle connections to step 1 itself; --workers N starts xunchad with N
# workers (default: xunchad's own default).
#
# Environment: XUNCHA_BUILD (default <repo>/build-release; configured with
# -DCMAKE_BUILD_TYPE=Release and built when the bench is missing).
# Prints the figures as text on stderr and one JSON line on stdout.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${XUNCHA_BUILD:-$top/build-release}
clients=16
seconds=10
idle=0
scale=0
workers=
rounds=1
while [ $# -gt 0 ]; do
    case $1 in
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--clients N] [--seconds S] [--idle M] [--scale TOTAL] [--workers N] [--rounds R]" >&2; exit 2 ;;
    esac
done
[ -x "$build/xuncha-bench-throughput" ] || "$top/ops/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release
bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/pgbench" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pgbench=$bindir/pgbench
[ -x "$pgbench" ] || pgbench=$(command -v pgbench) || { echo "throughput: pgbench not found (install postgresql)" >&2; exit 1; }
# every connection is a file descriptor on each side, and a ZeroMQ socket two more
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $((4 * (scale > clients + idle ? scale : clients + idle) + 256)) ] \
    || echo "throughput: 文件描述符上限 $(ulimit -n) 可能不够 $((scale > clients + idle ? scale : clients + idle)) 个连接" >&2

. "$top/ops/bench/stack_lib.sh"
stack_init
# the demo round's dates: as the end-to-end tests, "today" is in its 进驻
export XUNCHA_NOW=2026-03-20T10:00:00
stack_start_pg
stack_keys
stack_start_server ${workers:+--workers "$workers"}
stack_load_demo
sql() { psql "$owner" -tAc "$1"; }
key=$(sql "SELECT k.public_key FROM user_key k JOIN app_user u ON u.id = k.user_id WHERE u.display_name = '刘洋'")
uid=$(sql "SELECT id FROM app_user WHERE display_name = '刘洋'")
group=$(sql "SELECT g.id FROM inspection_group g JOIN round r ON r.id = g.round_id WHERE r.number = 3 AND g.number = 1")
unit=$(sql "SELECT id FROM org_unit WHERE name = '东关村'")
echo "本地 PostgreSQL 与 xunchad（$build，同时处理请求数 ${workers:-默认}）已启动，演示轮次已载入" >&2

# xuncha_run IDLE [SECONDS]: step 1 with IDLE idle connections; prints its JSON line
xuncha_run() {
    "$build/xuncha-bench-throughput" --server "tcp://127.0.0.1:$port" --server_key "$work/server.key" \
        --key_file "$work/member.key" --clients "$clients" --idle "$1" --seconds "${2:-$seconds}" \
        --group "$group" --unit "$unit" --server_pid "$server"
}

# pgbench_run NAME SCRIPT [-D VAR=VALUE ...]: prints {"tps":…,"p50_ms":…,"p99_ms":…,"failed":…}
pgbench_run() {
    local name=$1 script=$2
    shift 2
    mkdir -p "$work/pgbench-$name"
    local TIMEFORMAT='%3U %3S'   # pgbench's own CPU time, as the bench reports its clients'
    { time "$pgbench" -n -M prepared -c "$clients" -j "$clients" -T "$seconds" -f "$script" \
          -D key="$key" -D uid="$uid" "$@" -l --log-prefix="$work/pgbench-$name/log" "$app" \
          >"$work/pgbench-$name.out" 2>"$work/pgbench-$name.err" \
          || { echo "pgbench ($name) 失败：" >&2; tail -n 5 "$work/pgbench-$name.err" >&2; }; } 2>"$work/pgbench-$name.cpu"
    local tps failed cpu
    cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/pgbench-$name.cpu")
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench-$name.out" | head -n 1)
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/pgbench-$name.out")
    # the per-transaction log: client, transaction, latency in µs, …
    cat "$work/pgbench-$name"/log* | awk '{ print $3 }' | sort -n | awk -v tps="${tps:-0}" -v failed="${failed:-0}" -v cpu="${cpu:-0}" '
        { latency[NR] = $1 }
        function at(q) { i = int(q * NR + 0.999999); if (i < 1) i = 1; return latency[i] / 1000 }
        END { printf "{\"tps\":%.1f,\"transactions\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"failed\":%d,\"client_cpu_s\":%s}\n",
                     tps, NR, NR ? at(0.50) : 0, NR ? at(0.99) : 0, failed, cpu }'
}

# A short run first, not counted: both servers warm, records to read, and the findings
# text (about 2 KB) pgbench writes as its records.
xuncha_run 0 2 > /dev/null
# the planner's statistics as a database in use has them, not those of the nearly empty
# demo tables (xunchad's connections keep their plans until the statistics change)
sql "ANALYZE" > /dev/null
findings=$(sql "SELECT body FROM field_record WHERE body LIKE '吞吐第%' ORDER BY id DESC LIMIT 1")
# Each round runs pgbench's write just before xuncha's and pgbench's read just after
# xuncha's, so that each pair compares runs next to each other in time.
ratios=()
for round in $(seq 1 "$rounds"); do
    [ "$rounds" -eq 1 ] || echo "== 第 $round 轮（共 $rounds 轮）" >&2
    echo "pgbench 写（同样的 SQL，-c $clients -j $clients -M prepared，${seconds} 秒，角色 xuncha_app）" >&2
    sql "CHECKPOINT" > /dev/null   # each write phase starts with nothing left to flush by the one before
    pg_write=$(pgbench_run write "$top/ops/bench/throughput_write.sql" -D group="$group" -D unit="$unit" \
               -D date=2026-03-10 -D findings="$findings")
    echo "xuncha 写、读（CURVE 客户端 → xunchad → PostgreSQL）" >&2
    sql "CHECKPOINT" > /dev/null
    xuncha=$(xuncha_run "$idle")
    range=$(sql "SELECT min(id) || ' ' || max(id) FROM field_record WHERE body LIKE '吞吐第%'")
    echo "pgbench 读" >&2
    pg_read=$(pgbench_run read "$top/ops/bench/throughput_read.sql" -D lo="${range% *}" -D hi="${range#* }")
    for phase in write read; do
        pg=$([ $phase = write ] && echo "$pg_write" || echo "$pg_read")
        jq -rn --argjson x "$xuncha" --argjson p "$pg" --arg phase $phase \
            '"  pgbench \($phase)：每秒 \($p.tps) 个事务，p50 \($p.p50_ms) ms，p99 \($p.p99_ms) ms，失败 \($p.failed)，pgbench 自身 CPU \($p.client_cpu_s) 秒；"
             + "xuncha/pgbench = \(if $p.tps > 0 then ($x[$phase].ops_per_s / $p.tps * 100 | round / 100) else "—" end)"' >&2
    done
    ratios+=("$(jq -cn --argjson x "$xuncha" --argjson w "$pg_write" --argjson r "$pg_read" \
        '{ write: ($x.write.ops_per_s / $w.tps), read: ($x.read.ops_per_s / $r.tps) }')")
done
ratios=$(printf '%s\n' "${ratios[@]}" | jq -cs .)
[ "$rounds" -eq 1 ] || jq -rn --argjson r "$ratios" '
    def median(f): [ $r[] | f ] | sort | .[(length - 1) / 2 | floor];
    "  \($r | length) 轮的中位数：写 xuncha/pgbench = \(median(.write) * 100 | round / 100)，读 xuncha/pgbench = \(median(.read) * 100 | round / 100)"' >&2

scaled=null
if [ "$scale" -gt "$clients" ]; then
    echo "第 4 步：$scale 个连接（$clients 个工作，$((scale - clients)) 个空闲）" >&2
    scaled=$(xuncha_run $((scale - clients)))
    jq -rn --argjson x "$xuncha" --argjson s "$scaled" \
        '"  写：\($s.write.ops_per_s / $x.write.ops_per_s * 100 | round)% ，读：\($s.read.ops_per_s / $x.read.ops_per_s * 100 | round)% （相对 \($x.connected) 个连接时）；"
         + "xunchad 峰值 RSS \($s.server_peak_rss_kb / 1024 | . * 10 | round / 10) MB"' >&2
fi
jq -cn --argjson x "$xuncha" --argjson w "$pg_write" --argjson r "$pg_read" --argjson s "$scaled" \
    --arg workers "${workers:-default}" --argjson rounds "$ratios" '
    def ratio(a; b): if b > 0 then (a / b * 1000 | round / 1000) else null end;
    def median(f): [ $rounds[] | f ] | sort | .[(length - 1) / 2 | floor] * 1000 | round / 1000;
    { clients: $x.clients, seconds: $x.seconds, workers: $workers, xuncha: $x, pgbench: { write: $w, read: $r },
      ratio: { write: median(.write), read: median(.read) },
      rounds: [ $rounds[] | { write: (.write * 1000 | round / 1000), read: (.read * 1000 | round / 1000) } ],
      scale: (if $s == null then null else $s + { write_share: ratio($s.write.ops_per_s; $x.write.ops_per_s),
                                                    read_share: ratio($s.read.ops_per_s; $x.read.ops_per_s) } end) }'
