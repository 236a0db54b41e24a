#!/usr/bin/env bash
# 统计分析 and the evaluations after a round through the real binaries: the demo data
# with its 整改 part (十届区委第4轮, 第三巡察组, two signed 底稿 of 城关镇 in 依法廉洁用权、
# 侵害群众利益, the feedback of 2026-10-20), and in the demo round (第3轮, 第一巡察组) one
# talk and two more signed 底稿 — the same category at 东关村 (so it is 共性: two units)
# and 选人用人 at 西关村 (个性). 城关镇 rates 第三巡察组 after the feedback; in 整改 the
# 巡察办 appraises 张伟 不称职 and takes him out of the pool, and he cannot be drawn into
# a group of the next round. `xuncha stats --csv --chart` then writes a CSV (UTF-8 with
# BOM) carrying the expected figures and an SVG chart that an XML parser reads. The
# server's clock is 2026-11-25: the 整改方案 (due 2026-11-10) is overdue.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-11-25T10:00:00
setup leader leader2 member discipline organisation unit readonly

expect_exit 0 "demo data with its 整改 part loads" env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" \
    XUNCHA_KEYS="$WORK" XUNCHA_DEMO_RECTIFICATION=1 "$TOP/ops/demo.sh"
j() { as "$1" --json "${@:2}"; }
unit_id() { j office unit list | jq -er ".body.units[] | select(.name==\"$1\") | .id"; }
inspector_id() { j office inspector list | jq -er ".body.inspectors[] | select(.name==\"$1\") | .id"; }
round_id() { j office round list | jq -er ".body.rounds[] | select(.number==$1) | .id"; }
round3=$(round_id 3)
round4=$(round_id 4)
group1=$(j office group list --round "$round3" | jq -er '.body.groups[] | select(.number==1) | .id')
group3=$(j office group list --round "$round4" | jq -er '.body.groups[] | select(.number==3) | .id')
dongguan=$(unit_id 东关村)
xiguan=$(unit_id 西关村)
zhang=$(inspector_id 张伟)
li=$(inspector_id 李娜)
category() { j office category list | jq -er ".body.categories[] | select(.name==\"$1\") | .id"; }

# --- the demo round's work: a talk, two signed 底稿
quiet as office round advance --round "$round3" --to 了解
expect_exit 0 "a talk is recorded" as member record talk --group "$group1" --unit "$dongguan" --interviewee 王某 \
    --interviewee-position 村党支部书记 --time "2026-03-10 10:00" --date 2026-03-10 --inspector "$zhang" \
    --inspector "$li" --record 谈话记录
signed_paper() {   # unit category title
    local id
    id=$(j member paper draft --group "$group1" --unit "$1" --category "$(category "$2")" --title "$3" \
         --facts "2025年相关问题事实" --basis "《中国共产党纪律处分条例》" | jq -er .body.id)
    quiet as member paper submit --paper "$id" && quiet as leader paper sign --paper "$id"
}
check "a 底稿 of 东关村 in the category of 城关镇's is signed" \
    signed_paper "$dongguan" 依法廉洁用权、侵害群众利益 东关村违规发放补贴
check "a 底稿 of 西关村 in 选人用人 is signed" signed_paper "$xiguan" 选人用人 西关村违规确定村会计人选

# --- 作风纪律后评估
expect_exit 3 "the demo round's group cannot be rated before its feedback" \
    as unit conduct rate --group "$group1" --score 4
check "  says so" contains "$ERR" "巡察反馈之后才能评价"
expect_exit 2 "a score is a number" as unit conduct rate --group "$group3" --score 很好
expect_exit 3 "a score above 5 is refused" as unit conduct rate --group "$group3" --score 6
check "  naming the range" contains "$ERR" "1 至 5 分"
expect_exit 0 "城关镇 rates 第三巡察组 after the feedback" \
    as unit conduct rate --group "$group3" --score 4 --comment 遵守纪律，工作扎实
check "  shown with the rating unit" contains "$OUT" "评价单位：某某区/城关镇"
expect_exit 3 "a second rating is refused" as unit conduct rate --group "$group3" --score 5
check "  naming the first" contains "$ERR" "您已于 2026-11-25 10:00（4 分）评价过第三巡察组"
expect_exit 3 "an inspector may not rate a group" as member conduct rate --group "$group3" --score 5
expect_exit 0 "the 只读 reader lists the ratings of the round" as readonly conduct list --round "$round4"
check "  a table with the unit and the score" contains "$(echo "$OUT" | grep 第三巡察组)" "某某区/城关镇  4"

# --- 工作鉴定 and the pool
expect_exit 3 "no 工作鉴定 before 整改" as office inspector appraise --round "$round4" --inspector "$zhang" --grade 称职
check "  says in which phase" contains "$ERR" "工作鉴定在“整改”阶段进行"
quiet as office round advance --round "$round4" --to 移交
quiet as office round advance --round "$round4" --to 整改
expect_exit 0 "the 巡察办 appraises 张伟 不称职 and takes him out of the pool" \
    as office inspector appraise --round "$round4" --inspector "$zhang" --grade 不称职 --comment 泄露巡察工作情况 \
    --exclude 是
check "  shown" contains "$OUT" "鉴定等次：不称职"
expect_exit 3 "李娜 served in no group of 第4轮" as office inspector appraise --round "$round4" --inspector "$li" \
    --grade 优秀
expect_exit 0 "the pool list says why 张伟 is out" as office inspector list
check "  不再抽调" contains "$OUT" "不再抽调：经十届区委第4轮巡察工作鉴定不再抽调"
expect_exit 0 "the appraisals are listed" as readonly inspector appraisals --round "$round4"
check "  with the grade and the exclusion" contains "$(echo "$OUT" | grep 张伟)" "不称职    是"
round5=$(j office round create --committee 十届区委 --number 5 --type 常规 --start 2027-03-01 --end 2027-04-30 \
         | jq -er .body.id)
group5=$(j office group create --round "$round5" --number 1 | jq -er .body.id)
expect_exit 3 "张伟 cannot be drawn into a group of the next round" \
    as office group add-member --group "$group5" --inspector "$zhang" --position 组长
check "  naming the appraisal" contains "$ERR" "该人员（张伟）经十届区委第4轮巡察工作鉴定不再抽调"

# --- 统计分析
expect_exit 0 "xuncha stats --csv --chart" as readonly stats --csv "$WORK/统计.csv" --chart "$WORK/统计.svg"
check "  the tables: 共性 and 个性" contains "$OUT" "依法廉洁用权、侵害群众利益"
check "  a 共性问题 line" contains "$(echo "$OUT" | grep '^依法廉洁用权')" "共性问题"
check "  a 个性问题 line" contains "$(echo "$OUT" | grep '^选人用人')" "个性问题"
check "  the rates" contains "$OUT" "20.0%"
check "  says where it wrote" contains "$OUT" "已写入统计图（SVG）：$WORK/统计.svg"
csv=$WORK/统计.csv
check "the CSV is not empty" test -s "$csv"
check "  starts with the UTF-8 byte-order mark" test "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' ')" = efbbbf
check "  readable by its owner only" test "$(stat -c %a "$csv")" = 600
line() { tr -d '\r' < "$csv" | grep -qxF "$1" || { echo "    no line: $1" >&2; return 1; }; }
check "  its header" line "$(printf '\xef\xbb\xbf')部分,项目,指标,数值"
check "  three problems in the category, in two units: 共性" \
    line "问题分类统计,群众身边腐败问题和不正之风/依法廉洁用权、侵害群众利益,问题数,3"
check "  (two units)" line "问题分类统计,群众身边腐败问题和不正之风/依法廉洁用权、侵害群众利益,涉及单位数,2"
check "  (共性问题)" line "问题分类统计,群众身边腐败问题和不正之风/依法廉洁用权、侵害群众利益,性质,共性问题"
check "  选人用人 in one unit: 个性" line "问题分类统计,基层党组织领导班子和干部队伍建设/选人用人,性质,个性问题"
check "  five 整改任务" line "整改,整改任务,任务数,5"
check "  one overdue" line "整改,整改任务,逾期,1"
check "  overdue rate 20%" line "整改,整改任务,逾期率(%),20.0"
check "  第一巡察组's talk" line "各巡察组工作量,十届区委第3轮巡察 第一巡察组,个别谈话,1"
check "  its signed 底稿" line "各巡察组工作量,十届区委第3轮巡察 第一巡察组,签批底稿,2"
check "  第三巡察组's rating" line "作风纪律后评估,十届区委第4轮巡察 第三巡察组,平均分,4.00"
check "  one inspector out of the pool" line "工作鉴定,合计,不再抽调,1"
check "  不称职 1" line "工作鉴定,不称职,人数,1"
svg=$WORK/统计.svg
check "the SVG is not empty" test -s "$svg"
check "  is well-formed XML" /usr/bin/python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$svg"
check "  with the panels' titles" contains "$(cat "$svg")" "各巡察组工作量"
check "  the groups" contains "$(cat "$svg")" "十届区委第4轮巡察 第三巡察组"
check "  the rates" contains "$(cat "$svg")" "20.0%"
expect_exit 1 "an existing file is not overwritten" as readonly stats --csv "$csv"
check "  says so" contains "$ERR" "已存在，未覆盖"
expect_exit 0 "  unless --force" as readonly stats --round "$round4" --csv "$csv" --force
check "  one round now" line "统计说明,统计范围,巡察轮次,十届区委第4轮巡察"
expect_exit 0 "the same figures give the same chart" as readonly stats --chart "$WORK/again.svg"
check "  byte for byte" cmp -s "$svg" "$WORK/again.svg"
expect_exit 0 "--json gives every figure" as office --json stats --round "$round4"
check "  the overdue rate" test "$(echo "$OUT" | jq '.body.overdue_rate')" = 0.2
expect_exit 3 "a group member may not see the statistics" as member stats
expect_exit 3 "an unknown round is named" as office stats --round 999
check "  by its number" contains "$ERR" "巡察轮次 #999 不存在"
finish
