#!/usr/bin/env bash
# The users' keys (issue 6) through the real xuncha, xunchad and xuncha-notifier: the
# 巡察办 issues a key to a person (the pair made on its machine, written mode 0600, only
# the public key sent), lists keys and revokes one. The revoked key's open connections
# — `xuncha inbox --follow` on the notifier, and a connection to xunchad held open
# between requests (xc_hold) — are closed within 5 seconds, measured from the moment
# the revoke command starts; its next connection is refused at the CURVE handshake;
# the same person's other key, and everybody else, go on. The list shows the key
# revoked, by whom and why. Refusals: a key file in the way, a key revoked twice, the
# caller's own last key, a user who is not the 巡察办. A key revoked by hand in the
# database, without the NOTIFY, is found by the watches' check every second.
. "$(dirname "$0")/lib.sh"
NOTIFIER_PORT=$(free_port)
setup other
start_notifier

now_ms() { date +%s%3N; }
# eventually SECONDS command...: true as soon as the command succeeds, false after SECONDS
eventually() {
    local limit=$(( $(now_ms) + $1 * 1000 )); shift
    until "$@"; do [ "$(now_ms)" -lt $limit ] || return 1; sleep 0.02; done
}
public_key() { sed -n 's/^ *public-key = "\(.*\)"$/\1/p' "$1"; }
# client_conf NAME KEYFILE: a client configuration for another key, as keys() writes them
client_conf() { sed "s|^key_file = .*|key_file = $2|; s|^inbox_dir = .*|inbox_dir = $WORK/inbox/$1|" "$WORK/other.conf" >"$WORK/$1.conf"; }
session_of() { grep -q "event=session_opened .* user=$1 follow=1" "$WORK/notifier.log"; }
gone() { ! kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------- issuing
"$BIN/xuncha" keygen "$WORK/zhang-desk.key" --name 张伟 >/dev/null
expect_exit 0 "the 巡察办 registers 张伟 with his desk key" as office --json user add --name 张伟 --role 只读 \
    --public-key "$WORK/zhang-desk.key"
ZHANG=$(jq -r .body.id <<<"$OUT")
expect_exit 0 "and 李娜, who is not concerned" as office --json user add --name 李娜 --role 只读 --public-key "$WORK/other.key"
OTHER=$(jq -r .body.id <<<"$OUT")

expect_exit 0 "the 巡察办 issues 张伟 a key for his laptop" as office key issue --user "$ZHANG" --out "$WORK/zhang.key"
LAPTOP=$(public_key "$WORK/zhang.key")
check "  it says for whom, and the public key" contains "$OUT" "已为 张伟（用户 #$ZHANG）签发密钥"
check "  the public key printed is the file's" contains "$OUT" "公钥：$LAPTOP"
check "  both files written, mode 0600" test "$(stat -c %a "$WORK/zhang.key" "$WORK/zhang.key_secret" | sort -u)" = 600
check "  the secret key is only in the file" bash -c '! grep -q secret-key <<<"$0"' "$OUT"
check "  the server has the public key only" test "$(sql "SELECT count(*) FROM user_key WHERE public_key = '$LAPTOP' AND user_id = $ZHANG")" = 1
keys_before=$(sql "SELECT count(*) FROM user_key")
expect_exit 1 "issuing over an existing key file is refused" as office key issue --user "$ZHANG" --out "$WORK/zhang.key"
check "  naming the file" contains "$ERR" "文件 $WORK/zhang.key 已存在"
check "  and nothing registered" test "$(sql "SELECT count(*) FROM user_key")" = "$keys_before"
expect_exit 3 "a key for a user who does not exist" as office key issue --user 999 --out "$WORK/nobody.key"
check "  refused by name" contains "$ERR" "用户 #999 不存在"
check "  and no file left behind" test ! -e "$WORK/nobody.key"
expect_exit 3 "only the 巡察办 issues keys" as other key issue --user "$ZHANG" --out "$WORK/stolen.key"
check "  the refusal names the permission" contains "$ERR" "无权签发用户密钥"

client_conf zhang "$WORK/zhang.key"
client_conf zhang-desk "$WORK/zhang-desk.key"
expect_exit 0 "张伟 connects with the issued key" as zhang whoami
check "  as himself" contains "$OUT" "编号：$ZHANG"
check "  with that key" contains "$OUT" "公钥：$LAPTOP"

expect_exit 0 "the 巡察办 lists 张伟's keys" as office key list --user "$ZHANG"
check "  two keys" contains "$OUT" "用户密钥：共 2 把"
check "  both valid" test "$(grep -c "张伟 #$ZHANG *有效" <<<"$OUT")" = 2
check "  issued by the 巡察办" contains "$OUT" "巡察办"

# ---------------------------------------------------------------- open connections
"$BIN/xuncha" --config "$WORK/zhang.conf" inbox --follow >"$WORK/zhang-follow.out" 2>"$WORK/zhang-follow.err" &
FOLLOWER=$!
"$BIN/xuncha" --config "$WORK/other.conf" inbox --follow >"$WORK/other-follow.out" 2>"$WORK/other-follow.err" &
BYSTANDER=$!
"$TEST_BIN/xc_hold" "tcp://127.0.0.1:$PORT" "$WORK/server.key" "$WORK/zhang.key" 30 >"$WORK/hold.out" 2>&1 &
HOLDER=$!
check "张伟 follows his inbox on the notifier" eventually 10 session_of "$ZHANG"
check "李娜 follows hers" eventually 10 session_of "$OTHER"
check "a connection to xunchad is held open with the laptop key" \
    eventually 10 grep -q "connected user=$ZHANG" "$WORK/hold.out"

# ---------------------------------------------------------------- revoking
started=$(now_ms)
expect_exit 0 "the 巡察办 revokes the laptop key" as office key revoke --key "$LAPTOP" --reason 笔记本电脑遗失
check "  saying whose, and why" contains "$OUT" "已吊销 张伟（用户 #$ZHANG）的密钥"
check "  the reason" contains "$OUT" "笔记本电脑遗失"

check "the follower's connection is dropped and it stops" eventually 10 gone "$FOLLOWER"
follower_ms=$(( $(now_ms) - started ))
wait "$FOLLOWER"
check "  with exit 3" test $? = 3
check "  within 5 seconds of the revocation (${follower_ms} ms)" test "$follower_ms" -le 5000
check "  saying the key was refused" grep -q "通知服务拒绝了本人密钥（未登记或已被吊销），请联系巡察办" "$WORK/zhang-follow.err"
check "the notifier ended its session" grep -q "event=session_closed .* user=$ZHANG reason=key_revoked" "$WORK/notifier.log"
check "  and closed its connection" grep -qF "event=key_revoked key=${LAPTOP:0:8}… connections_closed=1" "$WORK/notifier.log"

check "the connection held to xunchad is refused on reconnection" eventually 10 grep -q "^refused at=" "$WORK/hold.out"
dropped_at=$(sed -n 's/^disconnected at=//p' "$WORK/hold.out" | head -n 1)
check "  it was dropped by the server first" test -n "$dropped_at"
holder_ms=$(( ${dropped_at:-0} - started ))
check "  within 5 seconds of the revocation (${holder_ms} ms)" test "$holder_ms" -ge 0 -a "$holder_ms" -le 5000
wait "$HOLDER"
check "  the holder saw it all" test $? = 0
check "xunchad closed it" grep -qF "event=key_revoked key=${LAPTOP:0:8}… connections_closed=1" "$WORK/xunchad.log"

expect_exit 3 "the next whoami with the revoked key is refused" as zhang whoami
check "  at the handshake, saying so" contains "$ERR" "服务器拒绝了本人密钥（未登记或已被吊销），请联系巡察办"
check "  refused by the ZAP handler" grep -qF "key=${LAPTOP:0:8}… reason=\"unknown or revoked key\"" "$WORK/xunchad.log"
expect_exit 3 "the notifier refuses it too" as zhang inbox
check "  at the handshake" contains "$ERR" "通知服务拒绝了本人密钥"

expect_exit 0 "张伟's desk key still works: the same person" as zhang-desk whoami
check "  the same user" contains "$OUT" "编号：$ZHANG"
expect_exit 0 "李娜 is not affected" as other whoami
check "  her follower still runs" kill -0 "$BYSTANDER"
check "  her session was not ended" bash -c '! grep -q "user=$0 reason=key_revoked" "$1"' "$OTHER" "$WORK/notifier.log"
kill -TERM "$BYSTANDER"
wait "$BYSTANDER"
check "  and ends with 0 when she stops it" test $? = 0

# ---------------------------------------------------------------- the list, and refusals
expect_exit 0 "the list shows the key revoked" as office key list --user "$ZHANG"
check "  revoked" grep -qF "张伟 #$ZHANG  已吊销  $LAPTOP" <<<"$OUT"
check "  by the 巡察办, with the reason" grep -q "巡察办：笔记本电脑遗失$" <<<"$OUT"
check "  the other key valid" grep -q "张伟 #$ZHANG *有效" <<<"$OUT"
expect_exit 0 "as JSON, with who revoked it" as office --json key list --user "$ZHANG"
check "  revoked_by and reason" test "$(jq -r '.body.keys[] | select(.revoked) | .revoked_by + "/" + .revoke_reason' <<<"$OUT")" \
    = "巡察办/笔记本电脑遗失"

LAPTOP_ID=$(sql "SELECT id FROM user_key WHERE public_key = '$LAPTOP'")
expect_exit 3 "revoking it again is refused" as office key revoke --id "$LAPTOP_ID" --reason 再次吊销
check "  saying when it was revoked and why" contains "$ERR" "已于"
OFFICE_KEY=$(public_key "$WORK/office.key")
expect_exit 3 "the 巡察办 may not revoke its own last key" as office key revoke --key "$OFFICE_KEY" --reason 离任
check "  lest the office lock itself out" contains "$ERR" "不能吊销本人最后一把有效的密钥"
expect_exit 0 "  its key still works" as office whoami
expect_exit 3 "nobody else lists keys" as other key list
check "  the refusal names the permission" contains "$ERR" "无权查看用户密钥"
expect_exit 2 "revoke needs the key or its number" as office key revoke --reason 笔记本电脑遗失
check "  says so" contains "$ERR" "二者只选其一"
# ---------------------------------------------------------------- without a NOTIFY
# A key revoked behind the server's back (by hand in the database: no NOTIFY) is found
# by the key watches' check every second all the same.
"$TEST_BIN/xc_hold" "tcp://127.0.0.1:$PORT" "$WORK/server.key" "$WORK/zhang-desk.key" 30 >"$WORK/hold2.out" 2>&1 &
HOLDER=$!
check "a connection held open with the desk key" eventually 10 grep -q "connected user=$ZHANG" "$WORK/hold2.out"
started=$(now_ms)
sql "UPDATE user_key SET revoked_at = now(), revoke_reason = '由数据库管理员吊销' WHERE user_id = $ZHANG AND revoked_at IS NULL" >/dev/null
check "  is dropped all the same" eventually 10 grep -q "^refused at=" "$WORK/hold2.out"
dropped_at=$(sed -n 's/^disconnected at=//p' "$WORK/hold2.out" | head -n 1)
holder_ms=$(( ${dropped_at:-0} - started ))
check "  within 5 seconds (${holder_ms} ms)" test -n "$dropped_at" -a "$holder_ms" -ge 0 -a "$holder_ms" -le 5000
wait "$HOLDER"

check "every issue and revocation is in the audit log" \
    test "$(sql "SELECT string_agg(action, ',' ORDER BY seq) FROM audit_log WHERE record_type = 'user_key'")" = issue_key,revoke_key

finish
