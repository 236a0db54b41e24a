#!/usr/bin/env bash
# pg.sh — an embedded PostgreSQL cluster in a directory of our own (never the system's).
#
#   ops/pg.sh start DATADIR     initdb if needed, start, create database "xuncha";
#                               prints the libpq connection string on stdout
#   ops/pg.sh stop DATADIR      fast shutdown
#   ops/pg.sh kill DATADIR      SIGKILL the postmaster (fault tests)
#   ops/pg.sh conninfo DATADIR  prints the connection string
#   ops/pg.sh app-conninfo DATADIR
#                               prints the connection string of the server's own role,
#                               xuncha_app (made by migration 008; trusted on the socket)
#
# Two roles use the cluster: its superuser "postgres" owns the tables and runs the
# migrations (xunchad's owner_database), and xuncha_app, owning nothing and held by
# row-level security, serves the requests (xunchad's database).
#
# The server listens only on a Unix socket inside DATADIR/run (mode 0700, socket 0700),
# so clusters never collide on ports and only the cluster's owner (and root) can
# connect. Run as root, the cluster runs as the "postgres" user.
set -euo pipefail

cmd=${1:?usage: pg.sh start|stop|kill|conninfo|app-conninfo DATADIR}
datadir=${2:?usage: pg.sh start|stop|kill|conninfo|app-conninfo DATADIR}
mkdir -p "$datadir"
datadir=$(cd "$datadir" && pwd -P)   # resolved: var/pg may link elsewhere
bindir=${XUNCHA_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bindir/initdb" ] || { echo "pg.sh: PostgreSQL server binaries not found (install postgresql)" >&2; exit 1; }
port=5432
rundir=$datadir/run
pgdata=$datadir/data

as_owner() {
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# True while the cluster's postmaster lives (a zombie left by SIGKILL does not count:
# in containers nobody may reap it, and pg_ctl would take it for a running server).
running() {
    [ -f "$pgdata/postmaster.pid" ] || return 1
    local pid
    pid=$(head -n 1 "$pgdata/postmaster.pid")
    [ -n "$pid" ] && [ -r "/proc/$pid/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status"
}

conninfo() {
    echo "host=$rundir port=$port dbname=xuncha user=${1:-postgres} connect_timeout=5"
}

case "$cmd" in
start)
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$datadir"
        if ! runuser -u postgres -- test -w "$datadir"; then
            echo "pg.sh: user postgres cannot reach $datadir (a parent directory is not traversable); choose another DATADIR" >&2
            exit 1
        fi
    fi
    as_owner mkdir -p "$rundir"
    as_owner chmod 0700 "$rundir"
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N >"$datadir/initdb.log" 2>&1 \
            || { cat "$datadir/initdb.log" >&2; exit 1; }
        cat >>"$pgdata/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$rundir'
unix_socket_permissions = 0700
port = $port
max_connections = 200
shared_buffers = 128MB
logging_collector = off
CONF
    fi
    if ! running; then
        if [ -f "$pgdata/postmaster.pid" ]; then
            # Left by a SIGKILL. Its PID may be an unreaped zombie that PostgreSQL would
            # take for a live server: replace the PID by one that cannot exist, keeping
            # the shared-memory lines, so PostgreSQL still refuses to start while any
            # backend of the killed server is attached. Such backends leave quickly.
            sed -i '1s/.*/2147483646/' "$pgdata/postmaster.pid"
        fi
        started=no
        for _ in $(seq 20); do
            if as_owner "$bindir/pg_ctl" -D "$pgdata" -l "$datadir/postgresql.log" -w -t 60 start >/dev/null 2>&1; then
                started=yes; break
            fi
            sleep 0.5
        done
        [ $started = yes ] || { tail -n 20 "$datadir/postgresql.log" >&2; exit 1; }
    fi
    if ! "$bindir/psql" -h "$rundir" -p $port -U postgres -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = 'xuncha'" | grep -q 1; then
        "$bindir/createdb" -h "$rundir" -p $port -U postgres xuncha
    fi
    conninfo
    ;;
stop)
    if running; then
        as_owner "$bindir/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null || true
    fi
    ;;
kill)
    if running; then
        kill -9 "$(head -n 1 "$pgdata/postmaster.pid")" 2>/dev/null || true
        for _ in $(seq 50); do running || break; sleep 0.1; done
    fi
    ;;
conninfo)
    conninfo
    ;;
app-conninfo)
    conninfo xuncha_app
    ;;
*)
    echo "pg.sh: unknown command $cmd" >&2
    exit 2
    ;;
esac
