#!/usr/bin/env bash
# 巡察报告 through the real binaries, from the 底稿 to the exported document: the
# villages' report of the demo round (巡乡带村) built from two signed 底稿 纳入报告 (and
# one left out, one never signed), its sections written, approved by the 组长 and the
# 巡察办, exported as .docx and Markdown; the .docx read by Debian's python3-docx (an
# independent reader) and its text checked; the file 0600; an existing file kept unless
# --force; another extension a usage error; a reader outside the group refused and
# nothing written.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-03-20T10:00:00
setup leader leader2 member discipline organisation unit readonly

expect_exit 0 "demo data loads" \
    env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh"
unit_id() { as office --json unit list | jq -er ".body.units[] | select(.name==\"$1\") | .id"; }
category_id() { as member --json category list | jq -er ".body.categories[] | select(.name==\"$1\") | .id"; }
dongguan=$(unit_id 东关村)
category=$(category_id 依法廉洁用权、侵害群众利益)
record=$(as member --json record petition --group 1 --unit "$dongguan" --channel 来信 --received 2026-03-05 \
         --content 反映东关村干部用村集体资金吃喝 --concerns 王某某 --date 2026-03-05 | jq -er .body.id)
paper() {   # title facts → a signed paper's id (included unless $3 = exclude)
    local id
    id=$(as member --json paper draft --group 1 --unit "$dongguan" --title "$1" --facts "$2" --category "$category" \
         --basis "《中国共产党纪律处分条例》第一百一十三条" --evidence-record "$record" | jq -er .body.id)
    as member paper submit --paper "$id" >/dev/null && as leader paper sign --paper "$id" >/dev/null
    if [ "${3:-}" = exclude ]; then as leader paper exclude --paper "$id" --reason 已立行立改 >/dev/null
    else as leader paper include --paper "$id" >/dev/null; fi
    echo "$id"
}
paper "东关村“两委”班子违规公款吃喝" "报销餐费11笔共计2.3万元 & <发票> 不全" >/dev/null
second=$(paper 东关村集体资产出租未经民主决策 "2025年出租集体厂房未经村民代表会议")
paper 已整改的问题 "已退还" exclude >/dev/null
as member paper draft --group 1 --unit "$dongguan" --title 尚未签批的问题 --facts 待核实 --category "$category" \
    --basis 待定 --evidence-record "$record" >/dev/null
for phase in 了解 报告; do quiet as office round advance --round 1 --to $phase; done
town=$(unit_id 城关镇)
report=$(as member --json report build --group 1 --unit "$town" --part 村社区 | jq -er .body.id)
check "a report is built" test "$report" -gt 0
expect_exit 0 "its sections are written" as member report edit --report "$report" --section overview \
    --text "第一巡察组于2026年3月进驻城关镇，对所辖村（社区）开展巡察。"
expect_exit 0 "and its recommendations" as member report edit --report "$report" --section recommendations \
    --text "严格执行村级财务管理制度，集体资产处置须经民主决策。"
expect_exit 0 "the 组长 approves it" as leader report approve --report "$report"
quiet as member paper revise --paper "$second" --reason 补充事实
expect_exit 3 "a cited 底稿 revised after the 组长's approval stops the 巡察办's" as office report endorse --report "$report"
check "naming the paper" contains "$ERR" "报告所引底稿 [2026]区巡-1组-02号 在组长审定后已有变动"
quiet as member paper submit --paper "$second"
quiet as leader paper sign --paper "$second"
quiet as leader paper include --paper "$second"
expect_exit 0 "the 巡察办 returns it" as office report return --report "$report" --reason 底稿已修订，请重新审定
expect_exit 0 "the 组长 approves it again" as leader report approve --report "$report"
expect_exit 0 "the 巡察办 endorses it" as office report endorse --report "$report"

out="$WORK/东关村巡察报告.docx"
expect_exit 0 "the report exports as .docx" as leader report export --report "$report" --out "$out"
check "saying where and how many 底稿 it cites" contains "$OUT" "到 $out（Word 文档，"
check "two 底稿 cited" contains "$OUT" "引用底稿 2 份"
check "the file is 0600" test "$(stat -c %a "$out")" = 600
read=$(/usr/bin/python3 "$TOP/tests/unit/read_docx.py" "$out")
check "python-docx reads the cited numbers" contains "$read" "（底稿 [2026]区巡-1组-01号）"
check "and the second" contains "$read" "（底稿 [2026]区巡-1组-02号）"
check "not the excluded paper" test -z "$(echo "$read" | grep 已整改的问题)"
check "nor the unsigned one" test -z "$(echo "$read" | grep 尚未签批的问题)"
check "the group's overview" contains "$read" "第一巡察组于2026年3月进驻城关镇"
check "the approval trail" contains "$read" "巡察办审定"
check "the special characters intact" contains "$read" "& <发票> 不全"
check "the margins" contains "$read" "margins top=37 bottom=35 left=28 right=26"
check "the page number field" contains "$read" "footer-field PAGE"

expect_exit 1 "an existing file is not overwritten" as leader report export --report "$report" --out "$out"
check "saying so" contains "$ERR" "已存在，未覆盖（确需覆盖请加 --force）"
expect_exit 0 "--force overwrites" as leader report export --report "$report" --out "$out" --force
check "the reads of the report are in the audit log" \
    test "$(sql "SELECT count(*) FROM audit_log WHERE action = 'read_report' AND record_id = $report")" -ge 2
expect_exit 0 "the report exports as Markdown" as member report export --report "$report" --out "$WORK/r.md"
check "the Markdown cites both" contains "$(cat "$WORK/r.md")" "（底稿 [2026]区巡-1组-02号）"
expect_exit 2 "another extension is a usage error" as leader report export --report "$report" --out "$WORK/r.pdf"
check "naming the two formats" contains "$ERR" "扩展名应为 .docx（Word 文档）或 .md（Markdown）"
expect_exit 3 "another group's 组长 is refused" as leader2 report export --report "$report" --out "$WORK/other.md"
check "and nothing is written" test ! -e "$WORK/other.md"
finish
