# stack_lib.sh — sourced by the benchmarks and the fault suite that need the whole
# stack (ops/bench/throughput.sh, ops/faults/run.sh): a temporary PostgreSQL
# (ops/pg.sh), the keys and client configurations of every demo role, xunchad (and
# xuncha-notifier) on free loopback ports, the demo round loaded through the client
# (ops/demo.sh), and the cleanup of all of it.
#
# The sourcing script sets `top` (the repository) and `build` (the build directory)
# first, then calls stack_init; everything lives under $work, removed at exit.

# stack_init: the work directory and the cleanup trap.
stack_init() {
    work=$(mktemp -d /tmp/xuncha-bench-XXXXXX)
    chmod 711 "$work"   # PostgreSQL runs as "postgres" under it when we are root
    server= notifier=
    trap stack_cleanup EXIT
}

stack_cleanup() {
    local pid
    for pid in $server $notifier ${stack_extra_pids:-}; do
        kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    "$top/ops/pg.sh" stop "$work/pg" >/dev/null 2>&1 || true
    [ -n "${XUNCHA_KEEP_WORK:-}" ] && { echo "工作目录保留在 $work" >&2; return; }
    rm -rf "$work"
}

# stack_free_port: a loopback port nothing listens on.
stack_free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    echo "$port"
}

# stack_start_pg: the cluster; sets owner and app (the connection strings of the owner
# and of the server's role xuncha_app).
stack_start_pg() {
    owner=$("$top/ops/pg.sh" start "$work/pg")
    app=$("$top/ops/pg.sh" app-conninfo "$work/pg")
}

# stack_keys: the server's keys, each demo role's key and client configuration
# ($work/ROLE.conf; a 10 s reply timeout and one retry; notifier = the notifier port).
stack_keys() {
    port=$(stack_free_port)
    notifier_port=$(stack_free_port)
    "$build/xuncha" keygen "$work/server.key" --name server >/dev/null
    "$build/xunchad" identity-keygen "$work/identity.key" >/dev/null
    local role
    for role in office leader member leader2 discipline organisation unit readonly; do
        "$build/xuncha" keygen "$work/$role.key" --name "$role" >/dev/null
        cat > "$work/$role.conf" <<CONF
server = tcp://127.0.0.1:$port
notifier = tcp://127.0.0.1:$notifier_port
server_key = $work/server.key
key_file = $work/$role.key
timeout_ms = 10000
retries = 1
inbox_dir = $work/inbox/$role
journal_dir = $work/journal/$role
CONF
    done
}

# stack_start_server [FLAG VALUE ...]: xunchad on $port (log: $work/xunchad.log), once
# it answers a ping; sets server. The 巡察办 is bootstrapped on the first start.
stack_start_server() {
    if [ ! -f "$work/bootstrapped" ]; then
        "$build/xunchad" --database "$app" --owner_database "$owner" bootstrap-office 巡察办 "$work/office.key" \
            >/dev/null 2>>"$work/xunchad.log"
        touch "$work/bootstrapped"
    fi
    "$build/xunchad" --database "$app" --owner_database "$owner" --server_key "$work/server.key" \
        --listen "tcp://127.0.0.1:$port" --identity_key "$work/identity.key" "$@" >>"$work/xunchad.log" 2>&1 &
    server=$!
    stack_wait_until_up "$server" xunchad "$work/xunchad.log" \
        "$build/xuncha" --config "$work/office.conf" --timeout_ms 300 --retries 0 ping
}

# stack_wait_until_up PID NAME LOG COMMAND...: waits (30 s at most) until COMMAND
# succeeds while PID lives; else shows the end of LOG and fails.
stack_wait_until_up() {
    local pid=$1 name=$2 log=$3 _
    shift 3
    for _ in $(seq 300); do
        "$@" >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "$name 未能启动：" >&2
    tail -n 20 "$log" >&2
    return 1
}

# stack_start_notifier: xuncha-notifier on $notifier_port (log: $work/notifier.log);
# sets notifier.
stack_start_notifier() {
    local lines=0
    [ -f "$work/notifier.log" ] && lines=$(wc -l <"$work/notifier.log")
    "$build/xuncha-notifier" --database "$app" --owner_database "$owner" --server_key "$work/server.key" \
        --listen "tcp://127.0.0.1:$notifier_port" >>"$work/notifier.log" 2>&1 &
    notifier=$!
    stack_wait_until_up "$notifier" xuncha-notifier "$work/notifier.log" \
        sh -c 'tail -n +"$1" "$2" | grep -q event=listening' - "$((lines + 1))" "$work/notifier.log"
}

# stack_load_demo: the demo round through the client (XUNCHA_DEMO_RECTIFICATION=1 for
# its 整改 part too).
stack_load_demo() {
    XUNCHA="$build/xuncha" XUNCHA_CLIENTS="$work" XUNCHA_KEYS="$work" "$top/ops/demo.sh" >"$work/demo.log" 2>&1 \
        || { echo "演示数据载入失败：" >&2; tail -n 20 "$work/demo.log" >&2; return 1; }
}
