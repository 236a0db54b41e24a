#!/usr/bin/env bash
# 问题线索 through the xuncha binary on the demo round: a vague clue refused naming what
# is missing, a clue drafted from the day's evidence and 底稿, approved by the 组长 only,
# transferred in a numbered batch (the wrong receivers refused, nothing published by a
# refusal, one event by the transfer), a receiver of another organisation refused and
# shown nothing, 签收 with its feedback deadline, disposal, result and rating, the
# deadline setting, overdue feedback and the quality per group as the 巡察办 sees them
# on a later day, and no clue content in the server's log.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-03-20T10:00:00   # the server's date: batch numbers, deadlines, ages
setup leader leader2 member discipline organisation unit readonly

expect_exit 0 "demo data loads" \
    env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh"
unit_id() { as office --json unit list | jq -er ".body.units[] | select(.name==\"$1\") | .id"; }
dongguan=$(unit_id 东关村)
discipline=$(unit_id 区纪委监委)
orgdept=$(unit_id 区委组织部)
PERSON=王某某
CONDUCT=以村集体名义报销个人餐费11笔共计2.3万元

record=$(as member --json record petition --group 1 --unit "$dongguan" --channel 来信 --received 2026-03-05 \
         --content 反映东关村干部用村集体资金吃喝 --concerns "$PERSON" --date 2026-03-05 | jq -er .body.id)
check "a petition recorded at the site" test -n "$record"

# --- drafting: who and what, or refused as too vague
expect_exit 3 "a clue without person and conduct is refused" as member clue draft --group 1 --unit "$dongguan" \
    --time-place 2025年 --evidence-record "$record"
check "as too vague, naming both missing parts" contains "$ERR" "线索太笼统：缺少被反映人姓名、具体问题"
expect_exit 3 "a clue without the conduct is refused" as member clue draft --group 1 --unit "$dongguan" --person "$PERSON"
check "naming the conduct" contains "$ERR" "线索太笼统：缺少具体问题"
check "nothing was stored" test "$(sql 'SELECT count(*) FROM clue')" = 0
draft() {   # [options...]: a clue of 第一巡察组 about 王某某, drafted by 刘洋
    as member --json clue draft --group 1 --unit "$dongguan" --person "$PERSON" --position 村党支部书记 \
        --person-unit 东关村 --conduct "$CONDUCT" "$@" | jq -er .body.id
}
expect_exit 0 "a 组员 drafts a clue from the group's evidence" as member clue draft --group 1 --unit "$dongguan" \
    --person "$PERSON" --position 村党支部书记 --person-unit 东关村 --conduct "$CONDUCT" \
    --time-place 2025年5月至12月，东关村村委会 --amount 2.3万元 --evidence-record "$record" --suggest 初步核实 \
    --suggestion 建议初步核实
check "state 起草" contains "$OUT" "状态：起草"
check "the person is named" contains "$OUT" "被反映人：
        姓名：$PERSON
        职务：村党支部书记"
check "the evidence points at the petition" contains "$OUT" "指向：信访 #$record（2026-03-05）"
check "the suggested disposal" contains "$OUT" "建议处置方式：初步核实"
clue=$(sql "SELECT max(id) FROM clue")

expect_exit 3 "a 组员 may not approve" as member clue approve --clue "$clue"
check "only the 组长" contains "$ERR" "只有第一巡察组的组长可以批准问题线索"
expect_exit 3 "the 组长 of another group may not approve" as leader2 clue approve --clue "$clue"
expect_exit 0 "the 组长 approves" as leader clue approve --clue "$clue"
check "state 已批准" contains "$OUT" "状态：已批准"
check "approved by 张伟" contains "$OUT" "批准人：张伟"
second=$(draft --suggest 暂存待查)
cadre=$(draft --cadre-selection 是 --suggestion 涉嫌违规提拔村干部亲属)
quiet as leader clue approve --clue "$second"
quiet as leader clue approve --clue "$cadre"

# --- transfer: the 组长, approved clues, the right receiver; a refusal publishes nothing
expect_exit 3 "a 组员 may not transfer" as member clue transfer --group 1 --clue "$clue" --to "$discipline"
check "only the 组长" contains "$ERR" "只有第一巡察组的组长可以移交问题线索"
expect_exit 3 "ordinary clues are not the 组织部's" as leader clue transfer --group 1 --clue "$clue" --to "$orgdept"
check "the refusal says so" contains "$ERR" "该单位没有纪委监委的签收人"
expect_exit 3 "a 选人用人 clue is not the 纪委监委's" as leader clue transfer --group 1 --clue "$cadre" --to "$discipline"
check "the refusal says where it goes" contains "$ERR" "选人用人问题线索应移交组织部"
check "no batch, no event" test "$(sql 'SELECT count(*) FROM clue_batch') $(sql 'SELECT count(*) FROM outbox_event')" = "0 0"
expect_exit 0 "the 组长 transfers two clues to the 区纪委监委" \
    as leader clue transfer --group 1 --clue "$clue" --clue "$second" --to "$discipline"
check "a numbered batch" contains "$OUT" "批次编号：[2026]区巡-1组-移01号"
check "to the 区纪委监委" contains "$OUT" "接收单位：某某区/区纪委监委"
check "the clues are 已移交" test "$(sql "SELECT count(*) FROM clue WHERE state = 3 AND id IN ($clue, $second)")" = 2
batch=$(sql "SELECT id FROM clue_batch WHERE number = '[2026]区巡-1组-移01号'")
check "one event" test "$(sql 'SELECT count(*) FROM outbox_event')" = 1
check "titled without the clue's contents" test "$(sql 'SELECT title FROM outbox_event')" = \
    "第一巡察组移交问题线索 2 件（[2026]区巡-1组-移01号）"
recipients=$(sql "SELECT string_agg(u.display_name, ',' ORDER BY u.id) FROM outbox_delivery d JOIN app_user u ON u.id = d.user_id")
check "delivered to the 区纪委监委's receiver and the 巡察办 only" test "$recipients" = "巡察办,区纪委监委案件管理室"
expect_exit 0 "the 选人用人 clue goes to the 组织部" as leader --json clue transfer --group 1 --clue "$cadre" --to "$orgdept"
check "numbered 移02号" test "$(echo "$OUT" | jq -r .body.number)" = "[2026]区巡-1组-移02号"
cadre_batch=$(echo "$OUT" | jq -er .body.id)

# --- a receiver of another organisation sees nothing and may do nothing
keys discipline2
neighbour=$(as office --json unit add --name 邻区 --kind 区县 | jq -er .body.id)
neighbour_discipline=$(as office --json unit add --name 邻区纪委监委 --kind 部门 --parent "$neighbour" | jq -er .body.id)
quiet as office user add --name 邻区纪委监委案管室 --role 纪委监委 --public-key "$WORK/discipline2.key" \
    --unit "$neighbour_discipline"
expect_exit 3 "another organisation's receiver may not read the clue" as discipline2 clue show --clue "$clue"
check "it was not transferred to his unit" contains "$ERR" "问题线索 #$clue 不是移交给本单位的"
expect_exit 3 "nor sign for the batch" as discipline2 clue receive --batch "$batch"
check "the batch is not his unit's" contains "$ERR" "该批次不是移交给本单位的"
expect_exit 3 "nor decide its disposal" as discipline2 clue dispose --clue "$clue" --disposal 予以了结
expect_exit 0 "his list" as discipline2 --json clue list
check "is empty" test "$(echo "$OUT" | jq '.body.clues | length')" = 0
expect_exit 3 "the 被巡察单位 never sees clues" as unit clue list
check "refused by role" contains "$ERR" "无权查看问题线索"
expect_exit 3 "the 组织部 may not read the 纪委监委's clue" as organisation clue show --clue "$clue"

# --- the receiver: 签收, disposal, result, rating
expect_exit 3 "a disposal before 签收 is refused" as discipline clue dispose --clue "$clue" --disposal 初步核实
check "asking to sign first" contains "$ERR" "尚未签收，请先签收再确定处置方式"
expect_exit 0 "the 区纪委监委 lists what it received" as discipline --json clue list
check "its two clues" test "$(echo "$OUT" | jq -c '[.body.clues[].id]')" = "[$clue,$second]"
expect_exit 0 "签收" as discipline clue receive --batch "$batch"
check "state 已签收" contains "$OUT" "状态：已签收"
check "signed by the receiver" contains "$OUT" "签收人：区纪委监委案件管理室"
check "the deadline is 3 months later" contains "$OUT" "反馈期限：2026-06-20"
expect_exit 3 "签收 twice is refused" as discipline clue receive --batch "$batch"
check "naming who and when" contains "$ERR" "已于 2026-03-20 10:00 由区纪委监委案件管理室签收，不能重复签收"
check "the 组长 and the 巡察办 are told" test "$(sql "SELECT string_agg(u.display_name, ',' ORDER BY u.id)
    FROM outbox_delivery d JOIN app_user u ON u.id = d.user_id JOIN outbox_event e ON e.id = d.event_id
    WHERE e.kind = 2")" = "巡察办,张伟"
expect_exit 0 "the disposal" as discipline clue dispose --clue "$clue" --disposal 初步核实 --note 转第三纪检监察室
check "state 已确定处置" contains "$OUT" "状态：已确定处置"
check "初步核实" contains "$OUT" "处置方式：初步核实"
expect_exit 3 "a result before a disposal is refused" as discipline clue result --clue "$second" --result 查无实据
check "asking for the disposal first" contains "$ERR" "尚未确定处置方式"
expect_exit 0 "the result" as discipline clue result --clue "$clue" --result 经初步核实问题属实，已立案审查
check "state 已反馈结果" contains "$OUT" "状态：已反馈结果"
expect_exit 3 "a rating out of range is refused" as discipline clue rate --clue "$clue" --quality 7
check "naming the range" contains "$ERR" "线索质量评分须为 1 至 5 分"
expect_exit 0 "the rating" as discipline clue rate --clue "$clue" --quality 4 --comment 要素齐全，证据指向明确
check "4 with its comment" contains "$OUT" "线索质量评分：4
质量评价：要素齐全，证据指向明确"

# --- the feedback period is a setting of the 巡察办
expect_exit 0 "the settings" as office setting list
check "the clue feedback period, 3 months" contains "$OUT" "设置项：clue_feedback_months
  取值：3"
expect_exit 3 "a 组长 may not change it" as leader setting set --key clue_feedback_months --value 6
expect_exit 3 "a value out of range is refused" as office setting set --key clue_feedback_months --value 30
check "naming the range" contains "$ERR" "取值须为 1 至 24 之间的整数"
expect_exit 0 "the 巡察办 sets 6 months" as office setting set --key clue_feedback_months --value 6
expect_exit 0 "the 组织部 signs for its batch" as organisation --json clue receive --batch "$cadre_batch"
check "due 6 months later" test "$(echo "$OUT" | jq -r '.body.clues[0].feedback_due_date')" = 2026-09-20

# --- three months later, as the 巡察办 sees it
kill_server
export XUNCHA_NOW=2026-06-21T09:00:00
start_server
expect_exit 0 "overdue clues" as office --json clue list --round 1 --overdue 是
check "only the clue without a result" test "$(echo "$OUT" | jq -c '[.body.clues[] | [.id, .feedback_overdue, .age_days]]')" \
    = "[[$second,true,93]]"
expect_exit 0 "the overdue list as text" as office clue list --overdue 是
check "says it is overdue" contains "$OUT" "反馈已逾期：是"
check "and its age" contains "$OUT" "移交以来天数：93"
expect_exit 0 "the quality per group" as office --json clue quality --round 1
check "第一巡察组: 3 transferred, 1 rated, average 4, 1 overdue" \
    test "$(echo "$OUT" | jq -c '.body.groups[0] | [.group_name, .clues, .rated, .average, .overdue]')" = '["第一巡察组",3,1,4,1]'
check "第二巡察组: none" test "$(echo "$OUT" | jq -c '.body.groups[1].clues')" = 0
expect_exit 0 "the quality as text" as office clue quality --round 1
check "with the average" contains "$OUT" "平均评分：4"
expect_exit 3 "a receiver may not see the quality figures" as discipline clue quality --round 1

check "the server logged the requests" grep -q "kind=clue_transfer" "$WORK/xunchad.log"
check "the server's log carries no clue content" bash -c "! grep -q -e '$PERSON' -e '餐费' -e '立案' '$WORK/xunchad.log'"
finish
