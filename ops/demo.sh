#!/usr/bin/env bash
# demo.sh — loads a small demo data set through the client, as the 巡察办 would:
# a 区委 round (巡乡带村) with two 巡察组, townships and villages, the inspector pool,
# one user per role (the two 组长 and the 组员 linked to their entries in the pool, so
# that they act as members of their groups), the working-day calendar the 整改 clocks
# count on. Shows two 回避 refusals on the way.
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

echo "演示数据：工作日历（国务院办公厅节假日安排，ops/calendar/holidays-cn.txt）…"
$office calendar import "$(dirname "$0")/calendar/holidays-cn.txt" >/dev/null

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

# 整改 (only when XUNCHA_DEMO_RECTIFICATION=1, as ops/stack.sh sets it; the tests load the
# demo without it): an earlier-finished 专项巡察 of 城关镇 that reached 反馈 — 十届区委第4轮,
# 第三巡察组 (张伟, 刘洋), two 底稿 signed and included, the feedback meeting on
# 2026-10-20 — so the unit has 整改任务: `xuncha --config …/unit.conf tasks`. The town
# gets a 主要负责人 (unit-head.conf) and a 经办人 (unit-handler.conf), made like unit.conf.
if [ "${XUNCHA_DEMO_RECTIFICATION:-0}" = 1 ]; then
    echo "演示数据：整改（十届区委第4轮巡察·专项，城关镇，2026-10-20 反馈会）…"
    unit_client() {   # role: its key pair and a client configuration like unit.conf's
        [ -f "$XUNCHA_KEYS/$1.key" ] || $XUNCHA keygen "$XUNCHA_KEYS/$1.key" --name "$1" >/dev/null
        sed -e "s|^key_file = .*|key_file = $XUNCHA_KEYS/$1.key|" -e "s|\"unit\"|\"$1\"|" \
            "$XUNCHA_CLIENTS/unit.conf" > "$XUNCHA_CLIENTS/$1.conf"
    }
    unit_client unit-head
    unit_client unit-handler
    head_user=$($office user add --name 城关镇党委书记 --role 被巡察单位 --public-key "$XUNCHA_KEYS/unit-head.key" \
                --unit "$chengguan" --unit-head | id_of)
    handler_user=$($office user add --name 城关镇党政办王芳 --role 被巡察单位 \
                   --public-key "$XUNCHA_KEYS/unit-handler.key" --unit "$chengguan" | id_of)
    round4=$($office round create --committee 十届区委 --number 4 --type 专项 --start 2026-09-07 --end 2026-10-16 | id_of)
    group3=$($office group create --round "$round4" --number 3 | id_of)
    $office group assign --group "$group3" --unit "$chengguan" >/dev/null
    member "$group3" "$zhang" 组长
    member "$group3" "$liu" 组员
    $office round advance --round "$round4" --to 进驻 >/dev/null
    as_role() { local role=$1; shift; $XUNCHA --config "$XUNCHA_CLIENTS/$role.conf" --json "$@"; }
    category=$($office category list | jq -er '.body.categories[] | select(.name=="依法廉洁用权、侵害群众利益") | .id')
    paper() {   # title facts basis: drafted by 刘洋, signed and included by 张伟
        local id
        id=$(as_role member paper draft --group "$group3" --unit "$chengguan" --title "$1" --facts "$2" \
             --category "$category" --basis "$3" | id_of)
        as_role member paper submit --paper "$id" >/dev/null
        as_role leader paper sign --paper "$id" >/dev/null
        as_role leader paper include --paper "$id" >/dev/null
    }
    paper 城关镇违规发放津贴补贴 "2025年城关镇以加班费名义向机关干部发放补贴共计8.6万元" \
        "《中国共产党纪律处分条例》第一百零五条"
    paper 城关镇乡村振兴项目资金拨付滞后 "2025年度下达的3个乡村振兴项目资金滞留镇财政所超过6个月" \
        "《中央财政衔接推进乡村振兴补助资金管理办法》第二十条"
    for phase in 了解 报告 反馈; do $office round advance --round "$round4" --to $phase >/dev/null; done
    $office feedback record --round "$round4" --unit "$chengguan" --talk-date 2026-10-19 --meeting-date 2026-10-20 \
        >/dev/null
    task=$(as_role unit-head tasks | jq -er '[.body.tasks[] | select(.kind == "TASK_KIND_PROBLEM")][0].id')
    as_role unit-head tasks assign "$task" --leader "$head_user" --handler "$handler_user" \
        --measures 清退违规发放的补贴，修订机关财务管理制度 >/dev/null
    as_role unit-handler tasks start "$task" --note 已召开党委会部署整改 >/dev/null
    echo "整改演示已载入：轮次编号 $round4（反馈阶段），城关镇的整改任务见 xuncha --config $XUNCHA_CLIENTS/unit.conf tasks"
fi
