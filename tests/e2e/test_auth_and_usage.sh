#!/usr/bin/env bash
# CURVE and the ZAP handler: an unknown key gets nothing; exit codes distinguish a
# usage error, a refusal and an unreachable server.
. "$(dirname "$0")/lib.sh"
setup stranger

expect_exit 3 "an unknown key is refused at the handshake" as stranger ping
check "the client says the key was refused" contains "$ERR" "服务器拒绝了本人密钥"
check "the server logged the refusal without crashing" grep -q "event=connection_refused" "$WORK/xunchad.log"
check "the server still serves known keys" as office ping

# a client holding a wrong server key cannot complete the handshake: no reply at all
sed "s|^server_key = .*|server_key = $WORK/stranger.key|" "$WORK/office.conf" > "$WORK/wrongserver.conf"
expect_exit 4 "a client that expects another server key gets nothing" \
    "$BIN/xuncha" --config "$WORK/wrongserver.conf" --timeout_ms 300 --retries 1 ping
check "and reports the server unreachable after retrying" contains "$ERR" "无法连接服务器"

expect_exit 2 "an unknown option is a usage error" as office unit add --name 某区 --colour 红
check "the usage error names the option" contains "$ERR" "此命令不接受选项 --colour"
expect_exit 2 "a missing required option is a usage error" as office unit add --name 某区
check "the usage error names the option" contains "$ERR" "缺少必填选项 --kind"
expect_exit 2 "an unknown enum word is a usage error" as office unit add --name 某区 --kind 星球
check "the usage error lists the choices" contains "$ERR" "区县/区/县/乡镇"
expect_exit 2 "an unknown command is a usage error" as office launch rocket
expect_exit 0 "--help works for the whole client" "$BIN/xuncha" --help
check "help lists round commands in Chinese" contains "$OUT" "创建巡察轮次"
expect_exit 0 "--help works for one subcommand" "$BIN/xuncha" group add-member --help
check "subcommand help gives the usage" contains "$OUT" "--position 组长|副组长|组员"
expect_exit 0 "xunchad --help lists its settings" "$BIN/xunchad" --help
check "with defaults" contains "$OUT" "[默认: 16]"
expect_exit 3 "a server-side validation error is a refusal" as office round create --committee 区委 --number 1 --type 常规 --start 2026-02-30 --end 2026-03-30
check "naming the field" contains "$ERR" "字段 round_create.start_date 不是合法日期"

check "the README's authorisation table is the server's" \
    diff <("$BIN/xunchad" authz) <(sed -n '/<!-- authz:begin -->/,/<!-- authz:end -->/p' "$TOP/README.md" | sed '1d;$d')

# the database down: a registered key the server has not seen yet is not told that
# its key was refused; the client reports the server unavailable
keys newcomer
as office user add --name 新人 --role 只读 --public-key "$WORK/newcomer.key" >/dev/null
"$TOP/ops/pg.sh" stop "$WORK/pg" >/dev/null
expect_exit 4 "database down: a new key's handshake fails temporarily" \
    "$BIN/xuncha" --config "$WORK/newcomer.conf" --timeout_ms 500 --retries 1 ping
check "and the client does not claim the key was refused" test -z "$(echo "$ERR" | grep 拒绝了本人密钥)"
expect_exit 3 "database down: a known connection gets a clear refusal" as office ping
check "saying the database is unavailable" contains "$ERR" "数据库暂不可用"
"$TOP/ops/pg.sh" start "$WORK/pg" >/dev/null
expect_exit 0 "database back: the new key works without restarting the server" as newcomer ping

kill_server
started=$(date +%s%N)
expect_exit 4 "no server: the client says it cannot reach it" as office ping
check "at once when nothing listens (connect_wait_ms), not after every retry" \
    test $(( ($(date +%s%N) - started) / 1000000 )) -lt 2900
check "naming the server" contains "$ERR" "无法连接服务器"
expect_exit 4 "with connect_wait_ms 0 the client waits out its retries" \
    "$BIN/xuncha" --config "$WORK/office.conf" --connect_wait_ms 0 --timeout_ms 200 --retries 2 ping
check "after retrying with the same request id" contains "$ERR" "使用同一请求编号重试（第 2/2 次）"
finish
