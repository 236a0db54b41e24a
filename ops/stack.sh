#!/usr/bin/env bash
# stack.sh — the local xuncha stack: an embedded PostgreSQL under var/, the server
# (xunchad), the notifier, keys and client configurations for each demo role.
#
#   ops/stack.sh up        start everything (initialises on first run, loads the demo)
#   ops/stack.sh down      stop everything (SIGTERM: in-flight requests are drained)
#   ops/stack.sh status    what is running
#
# Environment: XUNCHA_HOME (default <repo>/var), XUNCHA_PORT (default 7400; the notifier
# listens on the next port),
# XUNCHA_BUILD (default <repo>/build), XUNCHA_DEMO=0 to skip the demo data.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
home=${XUNCHA_HOME:-$top/var}
port=${XUNCHA_PORT:-7400}
notifier_port=$((port + 1))
build=${XUNCHA_BUILD:-$top/build}
mkdir -p "$home"/{keys,etc,clients,log,run}
home=$(cd "$home" && pwd)

# PostgreSQL runs as "postgres" when we are root; it must be able to reach its data
# directory. When the checkout sits under a private directory (/root/...), the cluster
# lives under /var/tmp instead, linked from var/pg.
pg_dir() {
    if [ -L "$home/pg" ] || [ -d "$home/pg" ]; then echo "$home/pg"; return; fi
    if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$home"; then
        mkdir -p "$home/pg"
    else
        local elsewhere
        elsewhere=/var/tmp/xuncha-pg-$(echo -n "$home" | sha256sum | cut -c1-12)
        mkdir -p "$elsewhere"
        ln -s "$elsewhere" "$home/pg"
    fi
    echo "$home/pg"
}

running() { [ -f "$home/run/$1.pid" ] && kill -0 "$(cat "$home/run/$1.pid")" 2>/dev/null; }

start_daemon() {
    local name=$1; shift
    if running "$name"; then return; fi
    setsid "$@" >>"$home/log/$name.log" 2>&1 < /dev/null &
    echo $! > "$home/run/$name.pid"
}

stop_daemon() {
    local name=$1
    running "$name" || { rm -f "$home/run/$name.pid"; return 0; }
    local pid; pid=$(cat "$home/run/$name.pid")
    kill -TERM "$pid"
    for _ in $(seq 350); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$home/run/$name.pid"
    echo "stack: stopped $name"
}

client_conf() {   # role key file → client configuration
    cat > "$home/clients/$1.conf" <<CONF
# xuncha client configuration for the demo role "$1"
server = tcp://127.0.0.1:$port
notifier = tcp://127.0.0.1:$notifier_port
server_key = $home/keys/server.key
key_file = $home/keys/$1.key
timeout_ms = 3000
retries = 3
# the encrypted offline journal and cache of this role (xuncha sync, xuncha wipe)
journal_dir = $home/journal/$1
inbox_dir = $home/inbox/$1
CONF
}

up() {
    [ -x "$build/xunchad" ] || "$top/ops/build.sh" "$build"
    # two database roles: the cluster's superuser owns the tables and migrates them
    # (owner_database); the daemons serve as xuncha_app, which owns nothing and is held by
    # row-level security (database)
    local conninfo app_conninfo
    conninfo=$("$top/ops/pg.sh" start "$(pg_dir)")
    app_conninfo=$("$top/ops/pg.sh" app-conninfo "$(pg_dir)")
    for role in server office leader member leader2 discipline organisation unit readonly; do
        [ -f "$home/keys/$role.key" ] || "$build/xuncha" keygen "$home/keys/$role.key" --name "$role" >/dev/null
        [ $role = server ] || client_conf $role
    done
    # the 巡察办's identity key: petitioner identities are sealed to it (made once, never replaced)
    [ -f "$home/keys/identity.key" ] || "$build/xunchad" identity-keygen "$home/keys/identity.key" >/dev/null
    cat > "$home/etc/xunchad.conf" <<CONF
# xunchad configuration of the local stack (see README: 配置)
listen = tcp://127.0.0.1:$port
database = $app_conninfo
owner_database = $conninfo
server_key = $home/keys/server.key
identity_key = $home/keys/identity.key
workers = 16
CONF
    cat > "$home/etc/notifier.conf" <<CONF
# xuncha-notifier configuration of the local stack (see README: 配置)
listen = tcp://127.0.0.1:$notifier_port
database = $app_conninfo
owner_database = $conninfo
server_key = $home/keys/server.key
CONF
    "$build/xunchad" --config "$home/etc/xunchad.conf" migrate >/dev/null 2>>"$home/log/xunchad.log"
    "$build/xunchad" --config "$home/etc/xunchad.conf" bootstrap-office 巡察办管理员 "$home/keys/office.key" >/dev/null
    start_daemon xunchad "$build/xunchad" --config "$home/etc/xunchad.conf"
    start_daemon notifier "$build/xuncha-notifier" --config "$home/etc/notifier.conf"
    for _ in $(seq 50); do
        "$build/xuncha" --config "$home/clients/office.conf" ping >/dev/null 2>&1 && break
        sleep 0.2
    done
    "$build/xuncha" --config "$home/clients/office.conf" ping >/dev/null \
        || { echo "stack: xunchad did not answer; see $home/log/xunchad.log" >&2; exit 1; }
    if [ "${XUNCHA_DEMO:-1}" = 1 ] && [ ! -f "$home/demo.done" ]; then
        XUNCHA="$build/xuncha" XUNCHA_CLIENTS="$home/clients" XUNCHA_KEYS="$home/keys" XUNCHA_DEMO_RECTIFICATION=1 \
            "$top/ops/demo.sh"
        touch "$home/demo.done"
    fi
    cat <<MSG

xuncha 已启动：
  服务器   xunchad           tcp://127.0.0.1:$port   日志 $home/log/xunchad.log
  通知服务 xuncha-notifier   tcp://127.0.0.1:$notifier_port   日志 $home/log/notifier.log
  数据库   PostgreSQL        $app_conninfo（服务器的角色 xuncha_app）
                             $conninfo（数据表所有者，用于迁移）

以巡察办身份使用客户端：
  export XUNCHA_CONFIG=$home/clients/office.conf
  $build/xuncha round list
其他演示角色的配置：$home/clients/{leader,member,leader2,discipline,organisation,unit,readonly}.conf
被巡察单位（城关镇）的整改任务：$build/xuncha --config $home/clients/unit.conf tasks
  （主要负责人 unit-head.conf，经办人 unit-handler.conf）
接收通知（如纪委监委）：$build/xuncha --config $home/clients/discipline.conf inbox --follow
停止：ops/stack.sh down
MSG
}

down() {
    stop_daemon xunchad
    stop_daemon notifier
    [ -e "$home/pg" ] && "$top/ops/pg.sh" stop "$home/pg"
    echo "stack: stopped"
}

status() {
    for name in xunchad notifier; do
        if running $name; then echo "$name: running (pid $(cat "$home/run/$name.pid"))"; else echo "$name: stopped"; fi
    done
}

case "${1:-}" in
up) up ;;
down) down ;;
status) status ;;
*) echo "usage: ops/stack.sh up|down|status" >&2; exit 2 ;;
esac
