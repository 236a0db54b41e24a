#!/usr/bin/env bash
# 立卷归档 through the real binaries (issue 8): the demo round with a petition (its
# petitioner named), an attachment and a signed 底稿 is taken to 整改 and sealed with
# `xuncha archive seal`; a 组长 may not; afterwards a change of the round is refused,
# saying the round is archived. `xuncha archive export` writes the bundle into a new
# directory (never into one that holds files); `xuncha archive verify` checks it with
# no server and no key file: intact, exit 0, printing the manifest's SHA-256 and the
# audit head that seal printed. One byte flipped in one file: verify fails (exit 3)
# naming exactly that file; a file deleted is named missing; a file added is named
# extra; a manifest hash noted that does not match says so.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-03-20T10:00:00
setup leader leader2 member discipline organisation unit readonly

expect_exit 0 "demo data loads" \
    env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh"
round=$(sql "SELECT id FROM round ORDER BY id LIMIT 1")
unit_id() { as office --json unit list | jq -er ".body.units[] | select(.name==\"$1\") | .id"; }
dongguan=$(unit_id 东关村)
category=$(as member --json category list | jq -er '.body.categories[] | select(.name=="依法廉洁用权、侵害群众利益") | .id')

record=$(as member --json record petition --group 1 --unit "$dongguan" --channel 来信 --received 2026-03-05 \
         --content 反映东关村干部用村集体资金吃喝 --petitioner-name 李明 --petitioner-contact 13800000000 \
         --date 2026-03-05 | jq -er .body.id)
printf '%%PDF-1.4 来信扫描' > "$WORK/来信扫描.pdf"
attachment=$(as member --json record attach --record "$record" --file "$WORK/来信扫描.pdf" | jq -er .body.id)
paper=$(as member --json paper draft --group 1 --unit "$dongguan" --title 东关村“两委”班子违规公款吃喝 \
        --facts "2025年5月至12月报销餐费11笔共计2.3万元" --category "$category" \
        --basis "《中国共产党纪律处分条例》第一百一十三条" --evidence-record "$record" | jq -er .body.id)
quiet as member paper submit --paper "$paper"
quiet as leader paper sign --paper "$paper"
quiet as leader paper include --paper "$paper"
check "a petition, its attachment and a signed 底稿" test -n "$record$attachment$paper"

expect_exit 3 "a round in 进驻 cannot be archived" as office archive seal --round "$round"
check "  the refusal names the step" contains "$ERR" "阶段不能跳过"
for phase in 了解 报告; do quiet as office round advance --round "$round" --to $phase; done
report=$(as member --json report build --group 1 --unit "$(unit_id 城关镇)" --part 村社区 | jq -er .body.id)
for phase in 反馈 移交 整改; do quiet as office round advance --round "$round" --to $phase; done
expect_exit 3 "a 组长 may not archive" as leader archive seal --round "$round"
quiet as member report edit --report "$report" --section overview --text 第一巡察组对城关镇所辖村开展了巡察。
quiet as member report edit --report "$report" --section recommendations --text 严格村级财务管理。
quiet as leader report approve --report "$report"
expect_exit 3 "a report awaiting the 巡察办's decision holds the archive back" as office archive seal --round "$round"
check "  naming it" contains "$ERR" "本轮报告 #$report 已经组长审定，尚待巡察办审定或退回"
quiet as office report endorse --report "$report"
check "  nothing archived" test "$(sql "SELECT phase FROM round WHERE id = $round")" = 7

# ---------------------------------------------------------------- seal
expect_exit 0 "the 巡察办 archives the round: xuncha archive seal" as office archive seal --round "$round"
check "  it says so" contains "$OUT" "已立卷归档：十届区委第3轮巡察"
manifest_hash=$(echo "$OUT" | sed -n 's/^清单 manifest.json 的 SHA-256：//p')
audit_hash=$(echo "$OUT" | sed -n 's/^封存时审计链头哈希：//p')
check "  and prints the manifest's SHA-256 and the audit head" test ${#manifest_hash} = 64 -a ${#audit_hash} = 64
check "the round is in 归档" test "$(sql "SELECT phase FROM round WHERE id = $round")" = 8
expect_exit 3 "a record of the archived round is refused" as member record briefing --group 1 --unit "$dongguan" \
    --briefer 村党支部书记 --topic 补充汇报 --date 2026-03-20
check "  saying the round is archived" contains "$ERR" "十届区委第3轮巡察已立卷归档，不能再更改"
expect_exit 3 "so is a second archive" as office archive seal --round "$round"
check "  for the same reason" contains "$ERR" "已立卷归档，不能再更改"
expect_exit 0 "the manifest: xuncha archive show" as office archive show --round "$round"
check "  lists the record's file" contains "$OUT" "records/$record.json"
check "  and the attachment's" contains "$OUT" "attachments/$attachment-来信扫描.pdf"
check "  the villages' report" contains "$OUT" "reports/$report.json"
check "  the evaluations" contains "$OUT" "evaluations.json"

# ---------------------------------------------------------------- export
mkdir "$WORK/occupied" && touch "$WORK/occupied/x"
expect_exit 1 "export never writes into a directory that holds files" \
    as office archive export --round "$round" --out "$WORK/occupied"
check "  saying why" contains "$ERR" "已存在且不是空目录"
BUNDLE=$WORK/bundle
expect_exit 0 "the bundle is exported: xuncha archive export" as office archive export --round "$round" --out "$BUNDLE"
check "  the manifest's hash as sealed" contains "$OUT" "$manifest_hash"
check "  the record is there with its body" grep -q 反映东关村干部用村集体资金吃喝 "$BUNDLE/records/$record.json"
check "  the report cites the 底稿 by its number" grep -qF "$(sql "SELECT number FROM working_paper WHERE id = $paper")" \
    "$BUNDLE/reports/$report.json"
check "  the attachment's bytes" cmp -s "$WORK/来信扫描.pdf" "$BUNDLE/attachments/$attachment-来信扫描.pdf"
check "  the petitioner is in no file" bash -c '! grep -rqE "李明|13800000000" "$0"' "$BUNDLE"
check "  the files are the owner's alone" test "$(stat -c %a "$BUNDLE/manifest.json")" = 600

# ---------------------------------------------------------------- verify, offline
kill_server
verify() { env -i PATH="$PATH" HOME="$WORK/nohome" "$BIN/xuncha" archive verify "$@"; }
expect_exit 0 "verify needs no server and no key: intact" verify "$BUNDLE" --manifest-sha256 "$manifest_hash"
check "  完好：是" contains "$OUT" "完好：是"
check "  the manifest's SHA-256 as sealed" contains "$OUT" "清单 manifest.json 的 SHA-256：$manifest_hash"
check "  the audit head as sealed" contains "$OUT" "封存时审计链头哈希：$audit_hash"
check "  the noted hash matches" contains "$OUT" "记下的清单哈希：一致"

cp -r "$BUNDLE" "$WORK/altered"
paper_file="$WORK/altered/papers/$paper.json"
byte=$(od -An -tu1 -j 10 -N 1 "$paper_file" | tr -d ' ')
printf "$(printf '\\%03o' $(( byte ^ 1 )))" | dd of="$paper_file" bs=1 seek=10 conv=notrunc 2>/dev/null
expect_exit 3 "one byte flipped in one file: verify fails" verify "$WORK/altered"
check "  naming that file as altered" contains "$OUT" "被改动：papers/$paper.json"
check "  and no other" test "$(echo "$OUT" | grep -c '^被改动\|^缺失\|^多出')" = 1
check "  the reason on stderr" contains "$ERR" "归档包核验未通过：被改动 1 个，缺失 0 个，多出 0 个"

cp -r "$BUNDLE" "$WORK/missing"
rm "$WORK/missing/records/$record.json"
expect_exit 3 "a file deleted: verify fails" verify "$WORK/missing"
check "  naming it as missing" contains "$OUT" "缺失：records/$record.json"

cp -r "$BUNDLE" "$WORK/extra"
echo 补充材料 > "$WORK/extra/records/补充.json"
expect_exit 3 "a file added: verify fails" verify "$WORK/extra"
check "  naming it as extra" contains "$OUT" "多出：records/补充.json"

expect_exit 3 "a manifest hash noted that does not match" verify "$BUNDLE" --manifest-sha256 "$audit_hash"
check "  says the manifest is not the one sealed" contains "$OUT" "记下的清单哈希：不符"
expect_exit 3 "a directory without a bundle" verify "$WORK/occupied"
check "  says the manifest cannot be read" contains "$ERR" "manifest.json 无法读取"
expect_exit 2 "verify needs a directory" verify

finish
