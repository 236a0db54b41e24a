#!/usr/bin/env bash
# 审计日志 through the real xuncha, xunchad and xuncha-notifier: changes and sensitive
# reads made with `xuncha` (a petition recorded and its petitioner's identity read, a clue
# drafted, approved, shown and listed, an attachment uploaded and downloaded) are listed
# by `xuncha audit list`, filtered by record, person, action and time; the notifier seals
# them into the hash chain within seconds, and so does `xunchad audit-seal`; `xuncha audit
# verify` passes on the untouched chain and prints the head hash. Then a superuser with
# psql: the triggers refuse an UPDATE and a DELETE; with the triggers disabled an altered
# row makes `xuncha audit verify` exit 3 naming it; the newest row deleted with its link
# goes unnoticed unless the head hash noted earlier is given, and then it is noticed too.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-03-20T10:00:00   # the round's dates; the audit log keeps the real time
NOTIFIER_PORT=$(free_port)
setup leader member leader2 discipline organisation unit readonly
quiet env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh" 2>/dev/null \
    || { echo "demo data did not load"; exit 1; }
dongguan=$(sql "SELECT id FROM org_unit WHERE name = '东关村'")
leader_id=$(sql "SELECT id FROM app_user WHERE display_name = '张伟'")
today=$(TZ=Asia/Shanghai date +%F)

# --- changes and reads, made as the users make them
record=$(as member --json record petition --group 1 --unit "$dongguan" --channel 来信 --received 2026-03-05 \
         --content 反映东关村干部用村集体资金吃喝 --petitioner-name 王某某 --petitioner-contact 13800000000 \
         --date 2026-03-05 | jq -er .body.id)
check "a petition with the petitioner's identity recorded" test -n "$record"
expect_exit 0 "the 组长 reads the petitioner's identity" as leader record show --record "$record"
check "and sees it" contains "$OUT" "姓名：王某某"
expect_exit 0 "the 组员 shows it without the identity" as member record show --record "$record"
printf 'scan of a receipt' > "$WORK/凭证.pdf"
attachment=$(as member --json record attach --record "$record" --file "$WORK/凭证.pdf" | jq -er .body.id)
expect_exit 0 "the 巡察办 downloads the attachment" as office record download --attachment "$attachment" \
    --out "$WORK/下载.pdf"
clue=$(as member --json clue draft --group 1 --unit "$dongguan" --person 王某 --position 村党支部书记 \
       --conduct 以村集体名义报销个人餐费11笔共计2.3万元 --evidence-record "$record" | jq -er .body.id)
quiet as leader clue approve --clue "$clue"
expect_exit 0 "the 组长 shows the clue" as leader clue show --clue "$clue"
expect_exit 0 "the 巡察办 lists the clues" as office clue list

# --- the list
expect_exit 0 "the audit entries of the petition" as office audit list --record-type field_record --record "$record"
check "two entries" contains "$OUT" "审计日志：共 2 条（最新在前）"
check "the header in Chinese" contains "$OUT" "序号"
check "the identity read first, by the 组长" bash -c 'sed -n 3p <<<"$0" | grep -q "张伟（组长）.*read_identity.*field_record #$1"' \
    "$OUT" "$record"
check "then the recording, by the 组员" bash -c 'sed -n 4p <<<"$0" | grep -q "刘洋（组员）.*record_field_work.*field_record #$1"' \
    "$OUT" "$record"
check "the 组员's show without the identity left no read" bash -c '! grep -q "刘洋（组员）.*read_identity" <<<"$0"' "$OUT"
expect_exit 0 "the same as JSON" as office --json audit list --record-type field_record --record "$record"
check "newest first, each with its request id" test \
    "$(jq -c '[.body.entries[] | [.action, (.request_id | length)]]' <<<"$OUT")" \
    = '[["read_identity",36],["record_field_work",36]]'
expect_exit 0 "the clue's entries" as office audit list --record-type clue --record "$clue"
for action in draft_clue approve_clue read_clue; do check "with $action" contains "$OUT" "$action"; done
check "a show and a list: two reads" test "$(grep -c read_clue <<<"$OUT")" = 2
expect_exit 0 "the attachment's entries" as office --json audit list --record-type attachment --record "$attachment"
check "uploaded, then downloaded by the 巡察办" test "$(jq -c '[.body.entries[] | [.action, .user_name]]' <<<"$OUT")" \
    = '[["read_attachment","巡察办"],["attach_file","刘洋"]]'
expect_exit 0 "one person's reads of identities" as office --json audit list --user "$leader_id" --action read_identity
check "the 组长's one read" test "$(jq '.body.entries | length' <<<"$OUT")" = 1
expect_exit 0 "today's entries" as office --json audit list --from "$today" --to "$today" --action read_identity
check "include the read" test "$(jq '.body.entries | length' <<<"$OUT")" = 1
expect_exit 0 "entries of a day long past" as office audit list --from 2000-01-01 --to 2000-01-01
check "there are none" contains "$OUT" "审计日志：共 0 条"
expect_exit 0 "a limit" as office audit list --limit 2
check "says more are left" contains "$OUT" "还有更早的记录"
expect_exit 3 "the 组长 may not list the audit log" as leader audit list
check "refused by role" contains "$ERR" "无权查看审计日志"
expect_exit 3 "a record number without its type is refused" as office audit list --record "$record"
check "naming what is missing" contains "$ERR" "按记录查询须同时给出记录类型"
expect_exit 2 "a limit that is not a number is a usage error" as office audit list --limit 十

# --- sealing: the notifier within seconds, or xunchad audit-seal
check "nothing sealed before a sealer ran" test "$(sql 'SELECT count(*) FROM audit_seal')" = 0
start_notifier
for _ in $(seq 50); do [ "$(sql 'SELECT count(*) FROM audit_unsealed')" = 0 ] && break; sleep 0.1; done
check "the notifier sealed every row" test "$(sql 'SELECT count(*) FROM audit_log l WHERE NOT EXISTS
    (SELECT 1 FROM audit_seal s WHERE s.seq = l.seq)')" = 0
expect_exit 0 "the list shows where each entry is in the chain" as office audit list --record-type field_record \
    --record "$record"
check "sealed" contains "$OUT" "环"
check "none unsealed" bash -c '! grep -q 未封存 <<<"$0"' "$OUT"
stop_notifier
quiet as leader record show --record "$record"
expect_exit 0 "a row made while no notifier runs is listed as not yet sealed" as office audit list --limit 1
check "未封存" contains "$OUT" "未封存"
expect_exit 0 "xunchad audit-seal seals it" "$BIN/xunchad" --database "$APP_CONNINFO" --owner_database "$CONNINFO" audit-seal
check "and says how many" test "$OUT" = '{"ok":true,"sealed":1}'

# --- verify
expect_exit 0 "the untouched chain verifies" as office audit verify
total=$(sql "SELECT count(*) FROM audit_seal")
check "every link checked" contains "$OUT" "已核验（环）：$total"
check "the head hash to write down" contains "$OUT" "链头哈希：$(sql "SELECT encode(hash, 'hex') FROM audit_seal WHERE position = $total")"
head=$(sed -n 's/^链头哈希：//p' <<<"$OUT")
check "with a hint" contains "$ERR" "请记下链头哈希"
expect_exit 0 "the noted head is still in the chain" as office audit verify --head "$head"
check "where it was" contains "$OUT" "记下的链头位于（第几环）：$total"
expect_exit 3 "the 组长 may not verify" as leader audit verify

# --- a superuser with psql
read_seq=$(as office --json audit list --user "$leader_id" --action read_identity --limit 1 | jq -er '.body.entries[0].seq')
read_position=$(sql "SELECT position FROM audit_seal WHERE seq = $read_seq")
refusal=$(psql "$CONNINFO" -tAc "UPDATE audit_log SET record_id = 1 WHERE seq = $read_seq" 2>&1)
check "the trigger refuses an UPDATE" contains "$refusal" "审计日志只能追加，不能修改或删除：拒绝对 audit_log 执行 UPDATE"
refusal=$(psql "$CONNINFO" -tAc "DELETE FROM audit_seal WHERE position = $read_position" 2>&1)
check "and a DELETE" contains "$refusal" "拒绝对 audit_seal 执行 DELETE"
check "nothing changed" test "$(sql "SELECT record_id FROM audit_log WHERE seq = $read_seq")" = "$record"

sql "SET session_replication_role = replica; UPDATE audit_log SET record_id = record_id + 1 WHERE seq = $read_seq" >/dev/null
expect_exit 3 "an altered row breaks the chain" as office audit verify
check "the row is named" contains "$ERR" \
    "审计日志核验未通过：第 $read_position 环的审计记录（序号 $read_seq）与封存时不符：内容被改动"
check "the report says where" contains "$OUT" "断裂处（第几环）：$read_position"
check "and what" contains "$OUT" "问题：内容被改动"
check "the links before it are good" contains "$OUT" "已核验（环）：$((read_position - 1))"
sql "SET session_replication_role = replica; UPDATE audit_log SET record_id = record_id - 1 WHERE seq = $read_seq" >/dev/null
expect_exit 0 "put back, it verifies again" as office audit verify

newest=$(sql "SELECT seq FROM audit_seal WHERE position = $total")
sql "SET session_replication_role = replica; DELETE FROM audit_seal WHERE position = $total;
     DELETE FROM audit_log WHERE seq = $newest" >/dev/null
expect_exit 0 "the newest row deleted with its link: the shorter chain holds together" as office audit verify
expect_exit 3 "but the head noted earlier is gone from it" as office audit verify --head "$head"
check "and verify says so" contains "$ERR" "不在链中"
check "as its problem" contains "$OUT" "问题：记下的链头不在链中"
finish
