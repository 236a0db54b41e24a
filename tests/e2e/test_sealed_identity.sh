#!/usr/bin/env bash
# The petitioner's identity at rest (issue 6) through the real xuncha and xunchad: the
# identity key made by `xunchad identity-keygen` (mode 0600, never overwritten, refused
# when others may read it); a petition recorded with the petitioner's name, phone and ID
# number, after which a pg_dump of the whole database holds none of them while `xuncha
# record show` gives them to the 组长. Restarted without the identity key, xunchad
# refuses to record an identity and says why it cannot show one. An identity left in
# plaintext from before (an upgraded database) keeps xunchad from starting without the
# key, and is sealed at the next start with it.
. "$(dirname "$0")/lib.sh"
setup leader member leader2 discipline organisation unit readonly
quiet env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh" 2>/dev/null \
    || { echo "demo data did not load"; exit 1; }
# the demo: round 1 in 进驻; 第一巡察组 (group 1) inspects 城关镇 (unit 2); 张伟 its 组长, 刘洋 a 组员

NAME=王某某
PHONE=13800000000
ID_NUMBER=110101199001011234
# dump_holds TEXT...: how many of the TEXTs a pg_dump of the whole database holds
dump_holds() {
    pg_dump "$CONNINFO" >"$WORK/dump.sql" || { echo "pg_dump failed" >&2; return 1; }
    local found=0
    for text in "$@"; do grep -qF -- "$text" "$WORK/dump.sql" && found=$((found + 1)); done
    echo "$found"
}
hex() { printf %s "$1" | od -An -tx1 | tr -d ' \n'; }
# run_xunchad ARGS...: xunchad in the foreground with the test's connections (a start that must fail)
run_xunchad() {
    "$BIN/xunchad" --database "$APP_CONNINFO" --owner_database "$CONNINFO" --server_key "$WORK/server.key" \
        --listen "tcp://127.0.0.1:$PORT" "$@"
}

# ---------------------------------------------------------------- the identity key
check "setup made the identity key, mode 0600" test "$(stat -c %a "$IDENTITY_KEY")" = 600
expect_exit 1 "identity-keygen never overwrites a key" "$BIN/xunchad" identity-keygen "$IDENTITY_KEY"
check "  saying why" contains "$ERR" "已存在：身份密钥不能覆盖"
expect_exit 0 "a new identity key" "$BIN/xunchad" identity-keygen "$WORK/spare.key"
check "  prints its public key and where to configure it" contains "$OUT" "identity_key = $WORK/spare.key"
check "  the secret key is not printed" bash -c '! grep -q "secret" <<<"$0"' "$OUT"
chmod 644 "$WORK/spare.key"
kill_server
expect_exit 1 "xunchad refuses an identity key others may read" run_xunchad --identity_key "$WORK/spare.key"
check "  naming the file and the fix" grep -qF "权限过宽（644，其他用户可读写）：请执行 chmod 600 $WORK/spare.key" "$WORK/err"
start_server

# ---------------------------------------------------------------- recorded sealed
expect_exit 0 "组员 records a petition with the petitioner's name, phone and ID number" \
    as member --json record petition --group 1 --unit 2 --channel 来信 --received 2026-03-08 \
    --content 反映东关村集体土地租金去向不明 --petitioner-name "$NAME" --petitioner-contact "$PHONE" \
    --petitioner-id-number "$ID_NUMBER" --date 2026-03-10
PETITION=$(jq -r .body.id <<<"$OUT")
check "a pg_dump of the database holds the petition" test "$(dump_holds 反映东关村集体土地租金去向不明)" = 1
check "  but not the name, the phone or the ID number" test "$(dump_holds "$NAME" "$PHONE" "$ID_NUMBER")" = 0
check "  nor the identity's bytes in hex (bytea)" test "$(dump_holds "$(hex "$NAME")" "$(hex "$PHONE")" "$(hex "$ID_NUMBER")")" = 0
check "  it holds the sealed identity" test "$(sql "SELECT count(*) FROM petitioner_identity WHERE record_id = $PETITION AND sealed IS NOT NULL")" = 1
expect_exit 0 "组长 shows the petition" as leader record show --record "$PETITION"
check "  with the name" contains "$OUT" "姓名：$NAME"
check "  the phone" contains "$OUT" "联系方式：$PHONE"
check "  and the ID number" contains "$OUT" "身份证号：$ID_NUMBER"
check "  the read is logged" test "$(sql "SELECT count(*) FROM identity_read WHERE record_id = $PETITION")" = 1
check "xunchad's log holds none of it" test "$(grep -cF -e "$NAME" -e "$PHONE" -e "$ID_NUMBER" "$WORK/xunchad.log")" = 0

# ---------------------------------------------------------------- without the key
kill_server
saved_key=$IDENTITY_KEY
IDENTITY_KEY=
start_server
check "xunchad started without an identity key says what that means" grep -q "event=identity_key_not_configured" "$WORK/xunchad.log"
expect_exit 3 "recording an identity is refused" as member record petition --group 1 --unit 2 --channel 来电 \
    --received 2026-03-09 --content 反映村务不公开 --petitioner-name 赵某 --date 2026-03-10
check "  with a clear message" contains "$ERR" "本服务器未配置身份密钥（xunchad 的 identity_key），不能保存信访人身份，未做任何更改"
expect_exit 0 "an anonymous petition is still recorded" as member --json record petition --group 1 --unit 3 \
    --channel 二维码 --received 2026-03-09 --content 反映村务不公开 --date 2026-03-10
ANONYMOUS=$(jq -r .body.id <<<"$OUT")
expect_exit 0 "组长 shows the sealed petition" as leader record show --record "$PETITION"
check "  the identity withheld" contains "$OUT" "信访人身份已隐去：是"
check "  not shown" bash -c '! grep -q "$1" <<<"$0"' "$OUT" "$NAME"
check "  and why" contains "$ERR" "提示：信访人身份已加密保存，本服务器未配置身份密钥（xunchad 的 identity_key），无法解密"
check "  no read logged: nothing was read" test "$(sql "SELECT count(*) FROM identity_read WHERE record_id = $PETITION")" = 1

# ---------------------------------------------------------------- plaintext from before
# An upgraded database: 009 found identities in plaintext it could not seal (it does not
# know the key) and left its constraint unvalidated. Made here by hand as it would be.
kill_server
check "an identity left in plaintext from before 009" psql "$CONNINFO" -q -v ON_ERROR_STOP=1 -c "
    DO \$\$ DECLARE definition text := pg_get_constraintdef ((SELECT oid FROM pg_constraint WHERE conname = 'petitioner_identity_sealed'));
    BEGIN
        ALTER TABLE petitioner_identity DROP CONSTRAINT petitioner_identity_sealed;
        INSERT INTO petitioner_identity (record_id, name, contact, id_number) VALUES ($ANONYMOUS, '赵某某', '13911112222', '110101198001011111');
        EXECUTE 'ALTER TABLE petitioner_identity ADD CONSTRAINT petitioner_identity_sealed ' || definition || ' NOT VALID';
    END \$\$"
check "  is in a dump" test "$(dump_holds 赵某某 13911112222)" = 2
expect_exit 1 "xunchad will not start on it without the identity key" run_xunchad
check "  saying what to do" grep -qF "未加密的信访人身份：请用 xunchad identity-keygen FILE 生成身份密钥，并在 identity_key 中配置" "$WORK/err"
IDENTITY_KEY=$saved_key
start_server
check "with the key it starts, and seals it" grep -q "event=identities_sealed count=1" "$WORK/xunchad.log"
check "  the dump no longer holds it" test "$(dump_holds 赵某某 13911112222 110101198001011111)" = 0
expect_exit 0 "组长 reads it" as leader record show --record "$ANONYMOUS"
check "  whole" contains "$OUT" "姓名：赵某某"
expect_exit 0 "  and the first petitioner's still" as leader record show --record "$PETITION"
check "  whole" contains "$OUT" "身份证号：$ID_NUMBER"
kill_server
start_server
check "the next start has nothing to seal" test "$(grep -c "event=identities_sealed" "$WORK/xunchad.log")" = 1

finish
