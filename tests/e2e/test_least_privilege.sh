#!/usr/bin/env bash
# Least privilege through the real binaries: xunchad and xuncha-notifier migrate as the
# tables' owner (owner_database) and then serve as xuncha_app (database), which owns no
# table and is held by row-level security; a server given a privileged role says so in its
# log; the server's role alone finds the schema current and changes nothing.
. "$(dirname "$0")/lib.sh"
NOTIFIER_PORT=$(free_port)
setup
start_notifier

served_as() {   # the PostgreSQL roles of the sessions of application $1
    sql "SELECT coalesce(string_agg(DISTINCT usename, ','), '') FROM pg_stat_activity WHERE application_name = '$1'"
}
check "xunchad's workers serve as xuncha_app" test "$(served_as xunchad)" = xuncha_app
check "its ZAP handler too" test "$(served_as xunchad-zap)" = xuncha_app
check "and the notifier" test "$(served_as xuncha-notifier)" = xuncha_app
check "xuncha_app owns no table" test "$(sql "SELECT count(*) FROM pg_tables WHERE tableowner = 'xuncha_app'")" = 0
check "the tables are the owner's, held to row security" \
    test "$(sql "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relforcerowsecurity")" \
         = archive_file,attachment,attachment_upload,attachment_upload_chunk,clue,clue_evidence,conduct_rating,inspector_appraisal,petitioner_identity,report,report_event,report_section
check "no warning about a privileged role" test -z "$(grep database_role_privileged "$WORK/xunchad.log" "$WORK/notifier.log")"

expect_exit 0 "the server's role alone: the schema is current, nothing to do" \
    "$BIN/xunchad" --database "$APP_CONNINFO" migrate
check "  it says so" contains "$OUT" "数据库结构已是最新"
expect_exit 0 "xunchad --help names both connections" "$BIN/xunchad" --help
check "  database and owner_database" contains "$OUT" "owner_database"

# a server configured with the superuser still works, and says what it lost
PRIVILEGED_PORT=$(free_port)
"$BIN/xunchad" --database "$CONNINFO" --server_key "$WORK/server.key" --listen "tcp://127.0.0.1:$PRIVILEGED_PORT" \
    >"$WORK/privileged.log" 2>&1 &
privileged=$!
for _ in $(seq 50); do grep -q event=started "$WORK/privileged.log" && break; sleep 0.1; done
check "a server connecting as a superuser warns" grep -q "event=database_role_privileged role=postgres" "$WORK/privileged.log"
{ kill -TERM "$privileged"; wait "$privileged"; } 2>/dev/null

# the clue feedback reminders run as xuncha_app, in the system scope
expect_exit 0 "xunchad remind runs as the server's role" \
    "$BIN/xunchad" --database "$APP_CONNINFO" --owner_database "$CONNINFO" remind --date 2026-06-30
check "  and completes" contains "$OUT" '"ok":true'
finish
