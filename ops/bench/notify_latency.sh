#!/usr/bin/env bash
# notify_latency.sh — the notifier's commit-to-delivery benchmark (issue 4), on a
# temporary PostgreSQL of its own: registers the recipients and their keys, starts
# xuncha-notifier, runs xuncha-bench-notify (ops/bench/notify_latency.c), stops
# everything and removes what it made.
#
#   ops/bench/notify_latency.sh [--recipients 50] [--rate 500] [--seconds 20]
#
# Environment: XUNCHA_BUILD (default <repo>/build; built when the bench is missing).
# Prints p50/p90/p99/max and the achieved rate, as text and as one JSON line.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${XUNCHA_BUILD:-$top/build}
recipients=50
args=("$@")
while [ $# -gt 0 ]; do
    case $1 in
    --recipients) recipients=$2; shift 2 ;;
    --recipients=*) recipients=${1#*=}; shift ;;
    *) shift ;;
    esac
done
[ -x "$build/xuncha-bench-notify" ] || "$top/ops/build.sh" "$build"

work=$(mktemp -d /tmp/xuncha-bench-XXXXXX)
chmod 711 "$work"   # PostgreSQL runs as "postgres" under it when we are root
notifier=
cleanup() {
    [ -n "$notifier" ] && { kill -TERM "$notifier"; wait "$notifier"; } 2>/dev/null
    "$top/ops/pg.sh" stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

conninfo=$("$top/ops/pg.sh" start "$work/pg")
"$build/xunchad" --database "$conninfo" migrate >/dev/null 2>"$work/migrate.log"
"$build/xuncha" keygen "$work/server.key" --name server >/dev/null
mkdir "$work/keys"
for i in $(seq -f %02g 1 "$recipients"); do
    key=$("$build/xuncha" keygen "$work/keys/recipient-$i.key" --name "recipient-$i" | sed -n 's/^公钥：//p')
    echo "WITH added AS (INSERT INTO app_user (display_name, role) VALUES ('接收方 $i', 4) RETURNING id)"
    echo "INSERT INTO user_key (user_id, public_key) SELECT id, '$key' FROM added;"
done | psql "$conninfo" -q -v ON_ERROR_STOP=1

while :; do   # a free loopback port
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
"$build/xuncha-notifier" --database "$conninfo" --server_key "$work/server.key" \
    --listen "tcp://127.0.0.1:$port" 2>"$work/notifier.log" &
notifier=$!
for _ in $(seq 100); do grep -q "event=listening" "$work/notifier.log" && break; sleep 0.1; done

"$build/xuncha-bench-notify" --database "$conninfo" --notifier "tcp://127.0.0.1:$port" \
    --server_key "$work/server.key" --keys "$work/keys" "${args[@]}"
