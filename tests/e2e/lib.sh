# lib.sh — shared by the end-to-end test scripts: a PostgreSQL cluster, keys, the real
# xunchad on a free loopback port, client configurations, and assertions. Each script
# sources it, runs its checks, and ends with `finish`, which prints "N passed, M failed".
set -uo pipefail
BIN=${XUNCHA_BIN:?set XUNCHA_BIN to the build directory}
TEST_BIN=${XUNCHA_TEST_BIN:-$BIN/tests/e2e}
TOP=${XUNCHA_SOURCE:?set XUNCHA_SOURCE to the source directory}
WORK=$(mktemp -d /tmp/xuncha-e2e-XXXXXX)
chmod 711 "$WORK"   # PostgreSQL runs as "postgres" under it when we are root
PASSED=0
FAILED=0
SERVER_PID=
CONNINFO=           # the cluster's superuser: owns the tables, migrates; psql checks (sql)
APP_CONNINFO=       # xuncha_app: what xunchad and the notifier serve with (row security holds it)
NOTIFIER_PID=       # the notifier started last
NOTIFIER_PIDS=      # every notifier started, for cleanup
IDENTITY_KEY=       # the identity key the petitioner identities are sealed to (setup makes it)

cleanup() {
    [ -n "$SERVER_PID" ] && { kill -KILL "$SERVER_PID"; wait "$SERVER_PID"; } 2>/dev/null
    for pid in $NOTIFIER_PIDS; do { kill -KILL "$pid"; wait "$pid"; } 2>/dev/null; done
    "$TOP/ops/pg.sh" stop "$WORK/pg" >/dev/null 2>&1
    if [ "$FAILED" -gt 0 ] && [ -f "$WORK/xunchad.log" ]; then
        echo "--- xunchad.log (last 30 lines)"; tail -n 30 "$WORK/xunchad.log"
    fi
    if [ "$FAILED" -gt 0 ] && [ -f "$WORK/notifier.log" ]; then
        echo "--- notifier.log (last 40 lines)"; tail -n 40 "$WORK/notifier.log"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

pass() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1"; }

# check "description" command...: passes when the command succeeds
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
# expect_exit CODE "description" command...: runs command, keeps stdout/stderr in OUT/ERR
expect_exit() {
    local code=$1 what=$2; shift 2
    "$@" >"$WORK/out" 2>"$WORK/err"
    local rc=$?
    OUT=$(cat "$WORK/out"); ERR=$(cat "$WORK/err")
    if [ "$rc" = "$code" ]; then pass "$what (exit $rc)"; else fail "$what: exit $rc, expected $code; stderr: $ERR"; fi
}
quiet() { "$@" >/dev/null; }
contains() { case "$1" in *"$2"*) return 0 ;; *) echo "    \"$2\" not in: $1" >&2; return 1 ;; esac; }

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" = 0 ]
    exit $?
}

# A port below the kernel's ephemeral range (32768 and up here), so that no outgoing
# connection of a parallel test can be holding it between the probe and the bind.
free_port() {
    local port low
    low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    while :; do
        port=$((10000 + RANDOM % (low - 10000 - 1)))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

start_pg() {
    CONNINFO=$("$TOP/ops/pg.sh" start "$WORK/pg") || { echo "cannot start PostgreSQL"; exit 1; }
    APP_CONNINFO=$("$TOP/ops/pg.sh" app-conninfo "$WORK/pg")
}

# keys ROLE... : key pairs and client configurations (ROLE.conf) for each role
keys() {
    for role in "$@"; do
        "$BIN/xuncha" keygen "$WORK/$role.key" --name "$role" >/dev/null
        cat > "$WORK/$role.conf" <<CONF
server = tcp://127.0.0.1:$PORT
server_key = $WORK/server.key
key_file = $WORK/$role.key
timeout_ms = ${CLIENT_TIMEOUT_MS:-3000}
retries = ${CLIENT_RETRIES:-2}
inbox_dir = $WORK/inbox/$role
journal_dir = $WORK/journal/$role
${NOTIFIER_PORT:+notifier = tcp://127.0.0.1:$NOTIFIER_PORT}
CONF
    done
}

# setup: PostgreSQL, a port, the server key, an office user, the server running
setup() {
    start_pg
    PORT=$(free_port)
    "$BIN/xuncha" keygen "$WORK/server.key" --name server >/dev/null
    IDENTITY_KEY=$WORK/identity.key
    "$BIN/xunchad" identity-keygen "$IDENTITY_KEY" >/dev/null
    keys office "$@"
    "$BIN/xunchad" --database "$APP_CONNINFO" --owner_database "$CONNINFO" bootstrap-office 巡察办 "$WORK/office.key" >/dev/null 2>>"$WORK/xunchad.log"
    start_server
}

start_server() {
    "$BIN/xunchad" --database "$APP_CONNINFO" --owner_database "$CONNINFO" --server_key "$WORK/server.key" \
        --listen "tcp://127.0.0.1:$PORT" ${IDENTITY_KEY:+--identity_key "$IDENTITY_KEY"} ${SERVER_ARGS:-} \
        >>"$WORK/xunchad.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        "$BIN/xuncha" --config "$WORK/office.conf" --timeout_ms 300 --retries 0 ping >/dev/null 2>&1 && return
        sleep 0.1
    done
    echo "xunchad did not start"; cat "$WORK/xunchad.log"; exit 1
}

kill_server() { { kill -KILL "$SERVER_PID"; wait "$SERVER_PID"; } 2>/dev/null; SERVER_PID=; }

# start_notifier [PORT [FLAG VALUE ...]]: xuncha-notifier with the server key on PORT
# (default $NOTIFIER_PORT), logging to notifier.log; returns once it listens.
# NOTIFIER_PID is its pid.
start_notifier() {
    local port=${1:-$NOTIFIER_PORT}
    shift || true
    "$BIN/xuncha-notifier" --database "$APP_CONNINFO" --owner_database "$CONNINFO" --server_key "$WORK/server.key" \
        --listen "tcp://127.0.0.1:$port" "$@" >>"$WORK/notifier.log" 2>&1 &
    NOTIFIER_PID=$!
    NOTIFIER_PIDS="$NOTIFIER_PIDS $NOTIFIER_PID"
    for _ in $(seq 100); do
        grep -q "event=listening endpoint=tcp://127.0.0.1:$port pid=$NOTIFIER_PID " "$WORK/notifier.log" && return
        sleep 0.1
    done
    echo "xuncha-notifier did not start"; tail -n 20 "$WORK/notifier.log"; exit 1
}

# kill_notifier [PID]: SIGKILL (default: the last one started)
kill_notifier() { local pid=${1:-$NOTIFIER_PID}; { kill -KILL "$pid"; wait "$pid"; } 2>/dev/null; }
# stop_notifier [PID]: SIGTERM and wait; returns its exit status
stop_notifier() { local pid=${1:-$NOTIFIER_PID}; kill -TERM "$pid"; wait "$pid"; }

# as ROLE args...: the client with ROLE's configuration
as() { local role=$1; shift; "$BIN/xuncha" --config "$WORK/$role.conf" "$@"; }
sql() { psql "$CONNINFO" -tAc "$1"; }
