#!/usr/bin/env bash
# demo.sh — loads a small demo data set through the client, as the 巡察办 would:
# a 区委 round (巡乡带村) with two 巡察组, townships and villages, the inspector pool,
# one user per role (the two 组长 and the 组员 linked to their entries in the pool, so
# that they act as members of their groups). Shows two 回避 refusals on the way.
#
# Needs: XUNCHA (the client), XUNCHA_CLIENTS (client configurations per role),
# XUNCHA_KEYS (key files per role). ops/stack.sh up runs it on a fresh stack.
set -euo pipefail
: "${XUNCHA:?}" "${XUNCHA_CLIENTS:?}" "${XUNCHA_KEYS:?}"
office="$XUNCHA --config $XUNCHA_CLIENTS/office.conf --json"

id_of() { jq -er ".body.id"; }
unit() { $office unit add --name "$1" --kind "$2" ${3:+--parent "$3"} | id_of; }
inspector() {   # name home-unit login-user-id-or-"" specialty...
    local name=$1 home=$2 login=$3; shift 3
    local args=()
    for s in "$@"; do args+=(--specialty "$s"); done
    $office inspector add --name "$name" --home-unit "$home" ${login:+--user "$login"} "${args[@]}" | id_of
}

echo "演示数据：组织单位…"
district=$(unit 某某区 区县)
chengguan=$(unit 城关镇 乡镇 "$district")
dongguan=$(unit 东关村 村 "$chengguan")
xiguan=$(unit 西关村 村 "$chengguan")
chengnan=$(unit 城南社区 社区 "$chengguan")
hexi=$(unit 河西镇 乡镇 "$district")
hexicun=$(unit 河西村 村 "$hexi")
liulin=$(unit 柳林村 村 "$hexi")
finance=$(unit 区财政局 部门 "$district")
housing=$(unit 区住建局 部门 "$district")
health=$(unit 区卫健委 部门 "$district")
orgdept=$(unit 区委组织部 部门 "$district")
discipline=$(unit 区纪委监委 部门 "$district")

echo "演示数据：用户…"
user() { $office user add --name "$1" --role "$2" --public-key "$XUNCHA_KEYS/$3.key" ${4:+--unit "$4"} | id_of; }
leader_user=$(user 张伟 组长 leader "$finance")
member_user=$(user 刘洋 组员 member "$housing")
leader2_user=$(user 陈静 组长 leader2 "$health")
user 区纪委监委案件管理室 纪委监委 discipline "$discipline" >/dev/null
user 区委组织部干部监督科 组织部 organisation "$orgdept" >/dev/null
user 城关镇党委 被巡察单位 unit "$chengguan" >/dev/null
user 领导小组成员 只读 readonly >/dev/null

echo "演示数据：巡察人才库…"
zhang=$(inspector 张伟 "$finance" "$leader_user" 财务 党建)
li=$(inspector 李娜 "$orgdept" "" 人事 党建)
liu=$(inspector 刘洋 "$housing" "$member_user" 工程)
yang=$(inspector 杨帆 "$dongguan" "" 党建)
chen=$(inspector 陈静 "$health" "$leader2_user" 财务)
zhao=$(inspector 赵磊 "$discipline" "" 纪检)
zhou=$(inspector 周敏 "$finance" "" 财务)
$office inspector relate --inspector "$zhou" --unit "$hexicun" --relation 配偶任职 >/dev/null

echo "演示数据：十届区委第3轮巡察（巡乡带村）…"
round=$($office round create --committee 十届区委 --number 3 --type 巡乡带村 \
        --start 2026-03-02 --end 2026-04-30 --midpoint 2026-03-31 | id_of)
$office round batch --round "$round" --number 1 --start 2026-03-02 --end 2026-04-30 >/dev/null
group1=$($office group create --round "$round" --number 1 | id_of)
group2=$($office group create --round "$round" --number 2 | id_of)
for u in "$chengguan" "$dongguan" "$xiguan" "$chengnan"; do
    $office group assign --group "$group1" --unit "$u" --batch 1 >/dev/null
done
for u in "$hexi" "$hexicun" "$liulin"; do
    $office group assign --group "$group2" --unit "$u" --batch 1 >/dev/null
done
member() { $office group add-member --group "$1" --inspector "$2" --position "$3" >/dev/null; }
member "$group1" "$zhang" 组长
member "$group1" "$li" 副组长
member "$group1" "$liu" 组员
echo "回避检查（预期被拒绝）："
"$XUNCHA" --config "$XUNCHA_CLIENTS/office.conf" group add-member --group "$group1" --inspector "$yang" --position 组员 || true
"$XUNCHA" --config "$XUNCHA_CLIENTS/office.conf" group add-member --group "$group2" --inspector "$zhou" --position 组员 || true
member "$group1" "$zhou" 组员
member "$group2" "$chen" 组长
member "$group2" "$zhao" 副组长
member "$group2" "$yang" 组员
$office round advance --round "$round" --to 进驻 >/dev/null
echo "演示数据已载入：轮次编号 $round，第一巡察组 $group1，第二巡察组 $group2，阶段：进驻"
