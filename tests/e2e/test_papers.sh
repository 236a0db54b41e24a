#!/usr/bin/env bash
# 问题底稿 through the xuncha binary on the demo round: evidence recorded at the site, a
# paper drafted from it, reviewed, signed and numbered by the 组长, the refusals a user
# meets (editing a signed paper, 不纳入报告 without a reason, another group's evidence or
# paper), a revision that keeps the number, the history, eight 组长 clients signing at
# once, the taxonomy and the 巡察办's spot check; the villages' 巡察报告 built from the
# signed papers 纳入报告.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-03-20T10:00:00   # the server numbers papers by the year of signing
SERVER_ARGS="--workers 8"
setup leader leader2 member discipline organisation unit readonly

expect_exit 0 "demo data loads" \
    env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh"
unit_id() { as office --json unit list | jq -er ".body.units[] | select(.name==\"$1\") | .id"; }
category_id() { as member --json category list | jq -er ".body.categories[] | select(.name==\"$1\") | .id"; }
dongguan=$(unit_id 东关村)
hexi=$(unit_id 河西镇)
category=$(category_id 依法廉洁用权、侵害群众利益)
FACTS="2025年5月至12月，东关村“两委”班子在村集体账户报销餐费11笔共计2.3万元"
BASIS="《中国共产党纪律处分条例》第一百一十三条"

# --- evidence recorded at the site, by 第一巡察组 and by 第二巡察组
record=$(as member --json record petition --group 1 --unit "$dongguan" --channel 来信 --received 2026-03-05 \
         --content 反映东关村干部用村集体资金吃喝 --concerns 王某某 --date 2026-03-05 | jq -er .body.id)
printf '%%PDF-1.4 合同扫描' > "$WORK/合同扫描.pdf"
attachment=$(as member --json record attach --record "$record" --file "$WORK/合同扫描.pdf" | jq -er .body.id)
other_record=$(as leader2 --json record briefing --group 2 --unit "$hexi" --briefer 河西镇党委书记 --topic 扶贫资金使用 \
               | jq -er .body.id)
check "evidence recorded by both groups" test -n "$record$attachment$other_record"

# --- drafting
draft() {   # [--json] title [options...]: drafts a paper of 第一巡察组 as 刘洋, citing the petition
    local json=; [ "$1" = --json ] && { json=--json; shift; }
    local title=$1; shift
    as member $json paper draft --group 1 --unit "$dongguan" --title "$title" --facts "$FACTS" --category "$category" \
        --basis "$BASIS" --evidence-record "$record" "$@"
}
expect_exit 0 "a 组员 drafts a paper from the group's evidence" \
    as member paper draft --group 1 --unit "$dongguan" --title 东关村“两委”班子违规公款吃喝 --facts "$FACTS" \
    --category "$category" --basis "$BASIS" --evidence-record "$record" --evidence-attachment "$attachment" \
    --responsible 王某某（村党支部书记） --found-by 刘洋 --found-date 2026-03-06
check "state 起草, no number yet" contains "$OUT" "状态：起草"
check "the evidence names the petition and its date" contains "$OUT" "指向：信访 #$record（2026-03-05）"
check "the evidence names the attachment" contains "$OUT" "指向：附件 #$attachment 合同扫描.pdf"
check "the category is shown by its path" contains "$OUT" "问题分类：群众身边腐败问题和不正之风/依法廉洁用权、侵害群众利益"
paper=$(as member --json paper list --group 1 | jq -er '.body.papers[0].id')

expect_exit 3 "evidence of another group is refused" draft 越权引用 --evidence-record "$other_record"
check "naming the item and the group" contains "$ERR" "证据第 2 项：现场记录 #$other_record 不是第一巡察组的记录"
expect_exit 3 "a member of another group may not read the paper" as leader2 paper show --paper "$paper"
check "the refusal names the group" contains "$ERR" "您不是第一巡察组的成员"
check "only one paper exists" test "$(sql 'SELECT count(*) FROM working_paper')" = 1

# --- review and signing
expect_exit 3 "a draft cannot be signed" as leader paper sign --paper "$paper"
check "the refusal names the state and the action" contains "$ERR" "底稿 #$paper 当前为“起草”，不能“组长签批”"
expect_exit 0 "submitted to the group's review" as member paper submit --paper "$paper"
check "state 组内审议" contains "$OUT" "状态：组内审议"
expect_exit 3 "a 组员 may not sign" as member paper sign --paper "$paper"
check "only the 组长" contains "$ERR" "只有第一巡察组的组长可以签批底稿"
expect_exit 0 "the 组长 signs" as leader paper sign --paper "$paper"
check "numbered [2026]区巡-1组-01号" contains "$OUT" "底稿编号：[2026]区巡-1组-01号"
check "signed by 张伟" contains "$OUT" "签批人：张伟"

expect_exit 3 "a signed paper is not edited in place" as member paper edit --paper "$paper" --title 改标题 \
    --facts "$FACTS" --category "$category" --basis "$BASIS"
check "the refusal says to revise" contains "$ERR" \
    "底稿 [2026]区巡-1组-01号 已签批，不能直接修改；如需修改请先“修订”（生成新版本，重新审议签批）"
expect_exit 3 "不纳入报告 without a reason is refused" as leader paper exclude --paper "$paper"
check "the refusal asks for the reason" contains "$ERR" "不纳入报告须说明理由"
check "the paper stays signed" test "$(sql "SELECT state FROM working_paper WHERE id = $paper")" = 3
expect_exit 0 "不纳入报告 with a reason" as leader paper exclude --paper "$paper" --reason 已立行立改，款项已退还
check "the decider is recorded" contains "$OUT" "决定人：张伟"
check "the reason is recorded" contains "$OUT" "不纳入理由：已立行立改，款项已退还"

# --- revision: a new version, the same number
expect_exit 0 "a signed paper is revised" as member paper revise --paper "$paper" --reason 组务会认为须纳入报告
check "back to 起草" contains "$OUT" "状态：起草"
check "version 2" contains "$OUT" "当前版本：2"
check "the number is kept" contains "$OUT" "底稿编号：[2026]区巡-1组-01号"
expect_exit 0 "the revision is edited" as member paper edit --paper "$paper" --title 东关村违规公款吃喝2.3万元 \
    --facts "$FACTS" --category "$category" --basis "$BASIS" --evidence-record "$record" --note 核实金额
quiet as member paper submit --paper "$paper"
expect_exit 0 "re-signed" as leader paper sign --paper "$paper"
check "with the same number" contains "$OUT" "底稿编号：[2026]区巡-1组-01号"
expect_exit 0 "纳入报告" as leader paper include --paper "$paper"
check "state 纳入报告" contains "$OUT" "状态：纳入报告"

expect_exit 0 "the history" as member paper history --paper "$paper"
check "the signed and excluded version is kept" contains "$OUT" "标题：东关村“两委”班子违规公款吃喝"
check "the revision's reason" contains "$OUT" "修改说明：修订：组务会认为须纳入报告"
check "the edit's note" contains "$OUT" "修改说明：核实金额"
check "the exclusion is traceable" contains "$OUT" "动作：不纳入报告
    操作人：张伟"
check "with its reason" contains "$OUT" "理由：已立行立改，款项已退还"
expect_exit 0 "the history as JSON" as member --json paper history --paper "$paper"
check "three versions" test "$(echo "$OUT" | jq '.body.versions | length')" = 3
check "nine steps" test "$(echo "$OUT" | jq -c '[.body.events[].action | sub("PAPER_ACTION_"; "")]')" = \
    '["DRAFT","SUBMIT","SIGN","EXCLUDE","REVISE","EDIT","SUBMIT","SIGN","INCLUDE"]'

# --- eight 组长 clients sign eight papers at once: numbers 02..09, no gap, no duplicate
papers=()
for i in 1 2 3 4 5 6 7 8; do
    id=$(draft --json "并发签批 $i" | jq -er .body.id)
    quiet as member paper submit --paper "$id"
    papers+=("$id")
done
signers=()
for id in "${papers[@]}"; do
    as leader --json paper sign --paper "$id" >"$WORK/sign.$id" 2>&1 &
    signers+=($!)
done
wait "${signers[@]}"
numbers=$(for id in "${papers[@]}"; do jq -r .body.number "$WORK/sign.$id"; done | sort | tr '\n' ' ')
expected=$(for n in 02 03 04 05 06 07 08 09; do printf '[2026]区巡-1组-%s号 ' "$n"; done)
check "concurrent signers got 02..09" test "$numbers" = "$expected"

# --- reading by round: each sees what he may
expect_exit 0 "the 巡察办 lists the round" as office paper list --round 1
check "every paper" contains "$OUT" "问题底稿：共 9 条"
expect_exit 0 "第二巡察组's 组长 lists the round" as leader2 paper list --round 1
check "sees none of 第一巡察组's papers" contains "$OUT" "问题底稿：共 0 条"
expect_exit 3 "a read-only user may not list papers" as readonly paper list --round 1

# --- the taxonomy
expect_exit 3 "a 组员 may not change the taxonomy" as member category add --name 违规收送礼品礼金 --parent 5
expect_exit 0 "the 巡察办 adds a category" as office --json category add --name 违规收送礼品礼金 \
    --parent "$(category_id 群众身边腐败问题和不正之风)"
added=$(echo "$OUT" | jq -er .body.id)
check "under its parent" test "$(echo "$OUT" | jq -r .body.path)" = 群众身边腐败问题和不正之风/违规收送礼品礼金
expect_exit 0 "and retires it" as office category retire --category "$added"
check "retired" contains "$OUT" "已停用：是"
expect_exit 3 "a retired category cannot be chosen" \
    as member paper draft --group 1 --unit "$dongguan" --title 收礼 --facts "$FACTS" --category "$added" --basis "$BASIS"
check "the refusal names it" contains "$ERR" "问题分类“群众身边腐败问题和不正之风/违规收送礼品礼金”已停用"

# --- the 巡察办's spot check
expect_exit 3 "a 组长 may not draw a spot check" as leader spotcheck draw --round 1 --size 3
expect_exit 0 "the 巡察办 draws three signed papers" as office --json spotcheck draw --round 1 --size 3
check "three papers" test "$(echo "$OUT" | jq '.body.items | length')" = 3
check "all numbered" test "$(echo "$OUT" | jq '[.body.items[] | select(.paper_number | startswith("[2026]区巡-1组-"))] | length')" = 3
check_id=$(echo "$OUT" | jq -er .body.id)
sampled=$(echo "$OUT" | jq -er '.body.items[0].paper_id')
outside=$(sql "SELECT id FROM working_paper WHERE id NOT IN (SELECT paper_id FROM spot_check_item) LIMIT 1")
expect_exit 0 "a result is recorded" as office spotcheck record --check "$check_id" --paper "$sampled" --result 基本合格 \
    --comment 定性依据引用条款不全
check "with the result" contains "$OUT" "抽检结果：基本合格"
check "and the comment" contains "$OUT" "抽检意见：定性依据引用条款不全"
expect_exit 3 "a paper outside the sample is refused" as office spotcheck record --check "$check_id" --paper "$outside" \
    --result 合格
check "naming the sample" contains "$ERR" "底稿 #$outside 不在抽检 #$check_id 的样本中"
expect_exit 0 "asking for more than there are" as office spotcheck draw --round 1 --size 50
check "takes all and says so" contains "$ERR" "提示：本轮已签批的底稿只有 9 份，少于抽样数 50 份，已全部抽取"
expect_exit 0 "the spot checks of the round" as readonly spotcheck list --round 1
check "both draws" contains "$OUT" "抽检：共 2 条"

# --- the 巡察报告 on the villages (巡乡带村) cites exactly the signed papers 纳入报告
for phase in 了解 报告; do quiet as office round advance --round 1 --to $phase; done
town=$(unit_id 城关镇)
expect_exit 0 "the 组员 builds the villages' report" as member --json report build --group 1 --unit "$town" --part 村社区
report=$(echo "$OUT" | jq -er .body.id)
included=$(sql "SELECT string_agg(number, ',' ORDER BY number COLLATE \"C\") FROM working_paper WHERE group_id = 1 AND state = 4")
check "it cites exactly the signed papers 纳入报告" \
    test "$(echo "$OUT" | jq -r '[.body.cited_numbers[]] | sort | join(",")')" = "$included"
expect_exit 0 "the 组长 reads it as a report" as leader report show --report "$report"
check "its problems by category, with their numbers" contains "$OUT" "（底稿 $included，东关村）"
expect_exit 3 "the 组长 cannot approve it before its sections are written" as leader report approve --report "$report"
check "naming them" contains "$ERR" "尚未撰写“基本情况”“意见建议”"
expect_exit 3 "another group's 组长 may not read it" as leader2 report show --report "$report"
finish
