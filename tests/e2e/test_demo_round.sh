#!/usr/bin/env bash
# The demo round is created through the client by the 巡察办, with two 回避 refusals;
# each role then sees what it may.
. "$(dirname "$0")/lib.sh"
setup leader member leader2 discipline organisation unit readonly

expect_exit 0 "demo data loads through the client" \
    env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh"
check "demo shows the 回避 refusal for a village cadre" contains "$ERR" "回避：检查人员 杨帆 的所在单位为“某某区/城关镇/东关村”"
check "demo shows the 回避 refusal for a declared relation" contains "$ERR" "申报了与“某某区/河西镇/河西村”的关系（配偶任职）"

expect_exit 0 "组长 reads the round" as leader --json round show --round 1
check "round is in phase 进驻" test "$(echo "$OUT" | jq -r .body.round.phase)" = PHASE_ENTRY
check "he sees his own group only" test "$(echo "$OUT" | jq -r '[.body.groups[].name] | join(",")')" = 第一巡察组
expect_exit 0 "组长 lists the round's groups" as leader --json group list --round 1
check "  his own only" test "$(echo "$OUT" | jq -r '[.body.groups[].name] | join(",")')" = 第一巡察组
expect_exit 3 "组长 may not read the other group" as leader group show --group "$(sql "SELECT id FROM inspection_group WHERE number = 2")"
check "  the refusal names the permission and its scope" contains "$ERR" "无权操作：查看巡察组详情仅限本组，您不是第二巡察组的成员"
expect_exit 0 "只读 reads the round" as readonly --json round show --round 1
check "round has two groups" test "$(echo "$OUT" | jq '.body.groups | length')" = 2
check "第一巡察组 is led by 张伟" test "$(echo "$OUT" | jq -r '.body.groups[0].members[] | select(.position=="POSITION_LEADER") | .name')" = 张伟
check "第二巡察组 inspects 河西镇 and its two villages" test "$(echo "$OUT" | jq '.body.groups[1].units | length')" = 3
check "杨帆 ended in 第二巡察组" contains "$(echo "$OUT" | jq -c '.body.groups[1].members')" 杨帆

expect_exit 0 "text output is in Chinese" as readonly round list
check "round list names the round and its phase" contains "$OUT" "轮次：十届区委第3轮巡察"
check "phase shown in Chinese" contains "$OUT" "阶段：进驻"

expect_exit 3 "组员 may not plan a round" as member round create --committee 十届区委 --number 5 --type 常规 --start 2026-06-01 --end 2026-06-30
check "refusal names the role and the request" contains "$ERR" "角色“组员”无权创建巡察轮次"
check "nothing was created" test "$(sql 'SELECT count(*) FROM round')" = 1
expect_exit 3 "被巡察单位 may not read the round" as unit round list
check "refusal names the permission" contains "$ERR" "无权查看巡察轮次"
expect_exit 0 "whoami reports the key's user and role" as discipline whoami
check "纪委 receiver identified by key" contains "$OUT" "角色：纪委监委"

expect_exit 3 "an illegal phase transition is refused" as office round advance --round 1 --to 反馈
check "with the reason" contains "$ERR" "阶段不能跳过：当前为“进驻”，下一阶段应为“了解”"
check "phase unchanged" test "$(sql 'SELECT phase FROM round')" = 2
finish
