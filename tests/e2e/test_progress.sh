#!/usr/bin/env bash
# 巡中调度 through the real binaries: a 巡乡带村 round's groups side by side, and the
# midpoint warning when fewer than half of the villages are covered, with the server's
# clock injected (XUNCHA_NOW).
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-03-20
setup member1 member2 reader

o() { as office --json "$@" | jq -er .body.id; }
district=$(o unit add --name 某某区 --kind 区县)
town1=$(o unit add --name 城关镇 --kind 乡镇 --parent "$district")
villages=()
for v in 东关村 西关村 南关村 北关村; do villages+=("$(o unit add --name $v --kind 村 --parent "$town1")"); done
village1=${villages[0]}; village2=${villages[1]}
town2=$(o unit add --name 河西镇 --kind 乡镇 --parent "$district")
hexi=$(o unit add --name 河西村 --kind 村 --parent "$town2")
finance=$(o unit add --name 区财政局 --kind 部门 --parent "$district")
user() { as office --json user add --name "$1" --role "$2" --public-key "$WORK/$3.key" | jq -er .body.id; }
u1=$(user 刘洋 组员 member1); u2=$(user 陈静 组长 member2); user 领导小组 只读 reader >/dev/null
i1=$(o inspector add --name 刘洋 --home-unit "$finance" --user "$u1")
i2=$(o inspector add --name 陈静 --home-unit "$finance" --user "$u2")
i3=$(o inspector add --name 张伟 --home-unit "$finance")
round=$(o round create --committee 十届区委 --number 3 --type 巡乡带村 --start 2026-03-02 --end 2026-04-30 --midpoint 2026-03-31)
g1=$(o group create --round "$round" --number 1)
g2=$(o group create --round "$round" --number 2)
as office group assign --group "$g1" --unit "$town1" >/dev/null
as office group assign --group "$g2" --unit "$town2" >/dev/null
as office group add-member --group "$g1" --inspector "$i3" --position 组长 >/dev/null
as office group add-member --group "$g1" --inspector "$i1" --position 组员 >/dev/null
as office group add-member --group "$g2" --inspector "$i2" --position 组长 >/dev/null
as office round advance --round "$round" --to 进驻 >/dev/null
as office round advance --round "$round" --to 了解 >/dev/null

expect_exit 0 "a member records a visit to a village" \
    as member1 record visit --group "$g1" --unit "$village1" --place 东关村村委会 --unannounced 是 --findings 账目公开栏未更新
expect_exit 0 "and a briefing at the township" \
    as member1 record briefing --group "$g1" --unit "$town1" --briefer 镇党委书记 --topic 全面从严治党主体责任落实情况
expect_exit 0 "the other group covers its village" \
    as member2 record visit --group "$g2" --unit "$hexi" --place 河西村 --findings 无

expect_exit 0 "the 巡察办's 巡中调度 view" as office progress --round "$round"
check "lists both groups side by side" contains "$OUT" "第二巡察组"
check "with the village coverage of 第一巡察组" contains "$(echo "$OUT" | grep '^第一巡察组 ')" "1/4"
check "no warning before the midpoint" test -z "$(echo "$OUT" | grep 提醒)"
expect_exit 0 "--json gives every figure" as reader --json progress --round "$round"
check "visits counted per group" test "$(echo "$OUT" | jq '.body.groups[0].records.visits')" = 1
check "coverage as numbers" test "$(echo "$OUT" | jq -c '[.body.groups[] | [.villages_covered, .villages_assigned]]')" = "[[1,4],[1,1]]"

kill_server
XUNCHA_NOW=2026-04-01 start_server
expect_exit 0 "after the midpoint" as office progress --round "$round"
check "第一巡察组 is warned: 1 of 4 villages covered" contains "$OUT" "提醒：已过中间节点（2026-03-31），村（社区）覆盖 1/4，未达半数"
check "第二巡察组 (1 of 1) is not" test "$(echo "$OUT" | grep -c 提醒)" = 1
expect_exit 0 "a second village visited" \
    as member1 record visit --group "$g1" --unit "$village2" --place 西关村 --findings 无
expect_exit 0 "half covered" as office progress --round "$round"
check "the warning is gone at 2/4" test -z "$(echo "$OUT" | grep 提醒)"
expect_exit 0 "a member sees his own group" as member1 --json progress --round "$round"
check "only his group" test "$(echo "$OUT" | jq -r '[.body.groups[].group_name] | join(",")')" = 第一巡察组
expect_exit 3 "a member asking for another group is refused" as member1 progress --round "$round" --group "$g2"
check "naming the group" contains "$ERR" "第二巡察组"
finish
