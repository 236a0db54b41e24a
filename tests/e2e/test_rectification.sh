#!/usr/bin/env bash
# 整改 through the real binaries (issue 5): the working-day calendar imported from
# ops/calendar, the demo round's 底稿 signed and included, 反馈 recorded for two villages
# (东关村, 西关村), which creates their 整改任务 with deadlines counted across 劳动节 and
# its 调休 Saturday; the unit's table with the days left and the reminder colour; the
# verification round-trip with a rejection; the 督促整改 view; a unit refused another
# unit's task, the clues and the field records; an approved extension that keeps the
# original deadline on record and a refused one. Then a unit offline for a month:
# `xunchad remind` runs for each day of 33 days (twice a day) while 西关村's 经办人 never
# connects; one `xuncha inbox` then gets every reminder once, in order, and the
# 主要负责人 and the 巡察办 get the red ones.
#
# Also (the review of issue 5): 巡乡带村 — 城关镇's own feedback, after its villages',
# takes its own paper only and a village's paper already fed back is refused by number;
# a unit lists its own users and the 巡察办 sets and clears a 主要负责人; naming a
# 经办人 tells them; a refusal about someone else's account names no one; 申请验收 of
# the 整改方案 needs the plan itself as 佐证材料; an extension to a rest day names the
# working day to ask for; the 验收率 beside the 完成率; a list of more than 500 tasks
# says it is cut; `date` is no setting of xunchad, only remind's --date.
#
# Dates (2026): 反馈会 04-28 → 整改方案 due 05-21 (15 working days: 劳动节 05-01..05
# off, Saturday 05-09 worked), 整改情况报告 and 公开 due 06-29 (06-28 is a Sunday). The
# unit works on 06-10: 19 days, 12 working days (端午 06-19 off) before 06-29.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-04-28T10:00:00   # the server's and the notifier's date (restarted for 06-10)
NOTIFIER_PORT=$(free_port)
UNIT_ROLES="a_head a_leader a_handler b_head b_leader b_handler"
setup leader leader2 member discipline organisation unit readonly $UNIT_ROLES
start_notifier   # runs its own reminder pass on 04-28: nothing is due that early

expect_exit 0 "demo data loads" \
    env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh"
unit_id() { as office --json unit list | jq -er ".body.units[] | select(.name==\"$1\") | .id"; }
dongguan=$(unit_id 东关村)
xiguan=$(unit_id 西关村)
chengguan=$(unit_id 城关镇)   # the township of both, an inspected unit of the round too (巡乡带村)

# --- the calendar
expect_exit 0 "the 巡察办 imports the holiday calendar" \
    as office calendar import --file "$TOP/ops/calendar/holidays-cn.txt"
expect_exit 3 "a 被巡察单位 user may not import a calendar" \
    as unit calendar import --file "$TOP/ops/calendar/holidays-cn.txt"

# --- the command line: the task is named by its number, the file follows; --overdue is a flag
expect_exit 2 "tasks show takes one task number" as unit tasks show 1 2
check "  says what is extra" contains "$ERR" "多余的参数 2"
expect_exit 2 "an unknown status is refused with the choices" as unit tasks --status 完成
check "  listing them" contains "$ERR" "未开始/整改中/已完成/已验收"
expect_exit 1 "a file that cannot be read is a local problem" as unit tasks attach 1 "$WORK/没有这个文件.pdf"

# --- each village's users: 主要负责人, 责任领导, 经办人
unit_user() {   # name key unit [--unit-head]: prints the user id
    as office --json user add --name "$1" --role 被巡察单位 --public-key "$WORK/$2.key" --unit "$3" "${@:4}" \
        | jq -er .body.id
}
expect_exit 0 "a 主要负责人 is registered with --unit-head" as office user add --name 东关村党支部书记 \
    --role 被巡察单位 --public-key "$WORK/a_head.key" --unit "$dongguan" --unit-head
check "  and shown as such" contains "$OUT" "主要负责人：是"
a_leader=$(unit_user 东关村村委会主任 a_leader "$dongguan")
a_handler=$(unit_user 东关村党务工作者 a_handler "$dongguan")
b_head=$(unit_user 西关村党支部书记 b_head "$xiguan" --unit-head)
b_leader=$(unit_user 西关村村委会主任 b_leader "$xiguan")
b_handler=$(unit_user 西关村会计 b_handler "$xiguan")
check "six unit users, two of them 主要负责人" \
    test "$(sql "SELECT count(*) FILTER (WHERE unit_head) || '/' || count(*) FROM app_user WHERE org_unit_id IN ($dongguan, $xiguan)")" = 2/6
expect_exit 0 "a 被巡察单位 user lists its own unit's users: xuncha user list" as a_leader --json user list
check "  东关村's three, no one else" \
    test "$(echo "$OUT" | jq -r '[.body.users[].display_name] | join(",")')" = 东关村党支部书记,东关村村委会主任,东关村党务工作者
expect_exit 0 "the 巡察办 makes an existing user 主要负责人: xuncha user set-head" as office user set-head --user "$a_leader"
check "  shown as such" contains "$OUT" "主要负责人：是"
expect_exit 0 "  and takes it back with --off" as office user set-head --user "$a_leader" --off
check "  no longer" test "$(sql "SELECT unit_head FROM app_user WHERE id = $a_leader")" = f
expect_exit 3 "a unit cannot set its own 主要负责人" as a_head user set-head --user "$a_leader"
leader_user=$(sql "SELECT id FROM app_user WHERE role = 2 ORDER BY id LIMIT 1")
expect_exit 3 "a 组长 cannot be a 主要负责人" as office user set-head --user "$leader_user"
check "  says why" contains "$ERR" "只有被巡察单位的用户可以设为主要负责人"
"$BIN/xuncha" keygen "$WORK/member2.key" >/dev/null
expect_exit 3 "only a 被巡察单位 user can be a 主要负责人" as office user add --name 某组员 --role 组员 \
    --public-key "$WORK/member2.key" --unit "$dongguan" --unit-head
check "  says so" contains "$ERR" 主要负责人

# --- 底稿 signed by the 组长 and included in the report (as in test_papers.sh)
category=$(as member --json category list | jq -er '.body.categories[] | select(.name=="依法廉洁用权、侵害群众利益") | .id')
FACTS="2025年5月至12月，村“两委”班子在村集体账户报销餐费11笔共计2.3万元"
BASIS="《中国共产党纪律处分条例》第一百一十三条"
signed_paper() {   # unit title: drafted by the 组员, submitted, signed by the 组长; prints the id
    local id
    id=$(as member --json paper draft --group 1 --unit "$1" --title "$2" --facts "$FACTS" --category "$category" \
         --basis "$BASIS" | jq -er .body.id) || return 1
    quiet as member paper submit --paper "$id" && quiet as leader paper sign --paper "$id" && echo "$id"
}
a1=$(signed_paper "$dongguan" 东关村“两委”班子违规公款吃喝)
a2=$(signed_paper "$dongguan" 东关村集体资产出租未经民主决策)
a_left_out=$(signed_paper "$dongguan" 东关村会议记录不规范)
b1=$(signed_paper "$xiguan" 西关村惠民资金发放不及时)
b2=$(signed_paper "$xiguan" 西关村发展党员程序不规范)
c1=$(signed_paper "$chengguan" 城关镇财政所违规出借资金)
for p in "$a1" "$a2" "$b1" "$b2" "$c1"; do quiet as leader paper include --paper "$p"; done
quiet as leader paper exclude --paper "$a_left_out" --reason 已当场整改
check "five papers in the report, one left out" \
    test "$(sql "SELECT count(*) FILTER (WHERE state = 4) || '/' || count(*) FROM working_paper")" = 5/6

# --- 反馈
feedback() {   # unit [options...]: 反馈 on 04-27 (one-to-one) and 04-28 (the meeting)
    local unit=$1; shift
    as office feedback record --round 1 --unit "$unit" --talk-date 2026-04-27 --meeting-date 2026-04-28 "$@"
}
expect_exit 3 "no feedback while the round is in 进驻" feedback "$dongguan"
check "  the refusal names the phase" contains "$ERR" 反馈
for phase in 了解 报告 反馈; do quiet as office round advance --round 1 --to $phase; done
expect_exit 3 "another unit's paper cannot be fed back to 西关村" feedback "$xiguan" --paper "$a1"
check "  the refusal names the paper by number" contains "$ERR" "[2026]区巡-1组-01号"
expect_exit 3 "a paper left out of the report cannot be fed back" feedback "$dongguan" --paper "$a_left_out"
check "  naming it" contains "$ERR" "[2026]区巡-1组-03号"
check "nothing was created by the refusals" test "$(sql 'SELECT count(*) FROM feedback') $(sql 'SELECT count(*) FROM rectification_task')" = "0 0"
expect_exit 3 "a 组长 may not record feedback" as leader feedback record --round 1 --unit "$dongguan" \
    --talk-date 2026-04-27 --meeting-date 2026-04-28

expect_exit 0 "the 巡察办 records the feedback to 东关村" feedback "$dongguan"
check "整改方案 due 15 working days after the meeting, across 劳动节 and its 调休 Saturday" \
    contains "$OUT" "整改方案报送期限：2026-05-21"
check "整改情况报告 due two months after, moved off a Sunday" contains "$OUT" "整改情况报告期限：2026-06-29"
check "公开 due with the report" contains "$OUT" "整改情况公开期限：2026-06-29"
check "two problems fed back (the excluded paper is not)" contains "$OUT" "反馈问题数：2"
check "the tasks: the plan has 15 working days (23 days) left" contains "$OUT" "剩 15 个工作日（23 天）"
check "  each problem 41 working days (62 days)" \
    test "$(echo "$OUT" | grep -c "剩 41 个工作日（62 天）")" = 4
check "  five tasks: two problems, the plan, the report and the disclosure" contains "$OUT" "共 5 项，逾期 0 项"
check "  the excluded paper is not among them" test "$(echo "$OUT" | grep -c 会议记录不规范)" = 0
expect_exit 3 "feedback is recorded once per unit" feedback "$dongguan"
expect_exit 0 "the feedback to 西关村" feedback "$xiguan"
expect_exit 0 "feedback list" as readonly feedback list --round 1
check "  both units" contains "$OUT" "反馈：共 2 条"

# --- 巡乡带村: 城关镇 is inspected too, its villages each fed back on their own
a1_number=$(sql "SELECT number FROM working_paper WHERE id = $a1")
expect_exit 3 "a village's paper already fed back cannot go out again with its township" \
    feedback "$chengguan" --paper "$c1" --paper "$a1"
check "  refused by its number, naming the feedback it went out with" \
    contains "$ERR" "问题底稿 $a1_number 已在反馈 #$(sql "SELECT id FROM feedback WHERE unit_id = $dongguan")（"
expect_exit 0 "城关镇's feedback takes its own paper, not its villages'" feedback "$chengguan"
check "  one problem" contains "$OUT" "反馈问题数：1"
check "  every paper fed back once" \
    test "$(sql "SELECT count(*) || '/' || count(DISTINCT paper_id) FROM rectification_task WHERE kind = 1")" = 5/5
task_of() {   # unit jq-condition: the id of that unit's task
    as office --json tasks --unit "$1" | jq -er ".body.tasks[] | select($2) | .id"
}
a1_task=$(task_of "$dongguan" ".paper_id == $a1")
a2_task=$(task_of "$dongguan" ".paper_id == $a2")
b1_task=$(task_of "$xiguan" ".paper_id == $b1")
b2_task=$(task_of "$xiguan" ".paper_id == $b2")
b_plan=$(task_of "$xiguan" '.kind == "TASK_KIND_PLAN"')
b_report=$(task_of "$xiguan" '.kind == "TASK_KIND_REPORT"')
b_disclosure=$(task_of "$xiguan" '.kind == "TASK_KIND_DISCLOSURE"')
check "the tasks are known by id" test -n "$a1_task$a2_task$b1_task$b2_task$b_plan$b_report$b_disclosure"

# ---------------------------------------------------------------- 06-10: the unit at work
kill_server
export XUNCHA_NOW=2026-06-10T09:00:00
start_server
expect_exit 0 "东关村's 经办人 lists the unit's tasks: xuncha tasks" as a_handler tasks
check "the problems: 12 working days (19 days) left" \
    test "$(echo "$OUT" | grep -c "剩 12 个工作日（19 天）.*绿色提醒")" = 4
check "  a green reminder (20 days before)" contains "$OUT" 绿色提醒
check "the plan is 20 days overdue, red" contains "$(echo "$OUT" | grep 整改方案)" "逾期 20 天"
check "  red" contains "$(echo "$OUT" | grep 整改方案)" 红色逾期
check "the summary line" contains "$OUT" "共 5 项，逾期 1 项"
check "only 东关村's tasks" test "$(echo "$OUT" | grep -c 西关村)" = 0
check "no colour codes when stdout is not a terminal" test "$(printf '%s' "$OUT" | grep -c $'\033')" = 0
on_a_terminal() { script -qec "$*" /dev/null; }   # stdout a pseudo-terminal, as a person sees it
OUT=$(on_a_terminal "$BIN/xuncha" --config "$WORK/a_handler.conf" tasks)
check "on a terminal the levels are coloured: green" contains "$OUT" $'\033[32m绿色提醒\033[0m'
check "  and red" contains "$OUT" $'\033[31m红色逾期\033[0m'
OUT=$(NO_COLOR=1 on_a_terminal "$BIN/xuncha" --config "$WORK/a_handler.conf" tasks)
check "NO_COLOR turns the colours off" test "$(printf '%s' "$OUT" | grep -c $'\033')" = 0
check "  the words stay" contains "$OUT" 红色逾期
expect_exit 0 "--overdue lists only what is overdue" as a_handler --json tasks --overdue
check "  the plan" test "$(echo "$OUT" | jq -r '[.body.tasks[].kind] | join(",")')" = TASK_KIND_PLAN
check "  derived: 20 days past, red" test "$(echo "$OUT" | jq -r '.body.tasks[0] | "\(.days_left) \(.overdue) \(.level)"')" = \
    "-20 true REMINDER_LEVEL_RED"

# --- assignment, progress, evidence, completion
expect_exit 3 "a 经办人 from another unit is refused" as a_head tasks assign "$a1_task" --handler "$b_handler"
check "  by number" contains "$ERR" "用户 #$b_handler 不是本单位在用的被巡察单位用户，不能担任经办人"
check "  naming no one" test "$(echo "$ERR" | grep -c 西关村会计)" = 0
expect_exit 0 "the 主要负责人 names the 责任领导, the 经办人 and the measures" as a_head tasks assign "$a1_task" \
    --leader "$a_leader" --handler "$a_handler" --measures 清退违规报销款项，建立公务接待审批制度
check "  责任领导" contains "$OUT" "责任领导：东关村村委会主任"
check "  经办人" contains "$OUT" "经办人：东关村党务工作者"
check "  measures" contains "$OUT" "整改措施：清退违规报销款项，建立公务接待审批制度"
expect_exit 0 "the 经办人 named is told: xuncha inbox" as a_handler inbox
check "  that the task is theirs" contains "$OUT" "您已被明确为整改任务 #$a1_task 的经办人（整改期限 2026-06-29）"
expect_exit 0 "the 经办人 starts" as a_handler tasks start "$a1_task" --note 已召开村“两委”会议部署整改
check "  整改中" contains "$OUT" "状态：整改中"
expect_exit 0 "and reports progress" as a_handler tasks progress "$a1_task" --note 已清退违规报销款1.5万元
expect_exit 3 "completion without evidence is refused" as a_handler tasks complete "$a1_task" --note 整改完成
check "  asking for 佐证材料" contains "$ERR" "还没有佐证材料，申请验收须至少上传一份佐证材料"
check "  still 整改中" test "$(sql "SELECT status FROM rectification_task WHERE id = $a1_task")" = 2
printf '%%PDF-1.4 退款凭证' > "$WORK/退款凭证.pdf"
expect_exit 0 "evidence attached: xuncha tasks attach ID FILE" as a_handler tasks attach "$a1_task" "$WORK/退款凭证.pdf"
check "  the file" contains "$OUT" "文件名：退款凭证.pdf"
check "  of the task" contains "$OUT" "整改任务编号：$a1_task"
expect_exit 0 "completion claimed" as a_handler tasks complete "$a1_task" --note 已清退违规报销款2.3万元
check "  已完成" contains "$OUT" "状态：已完成"
expect_exit 3 "the unit cannot verify its own task" as a_head tasks verify "$a1_task"

# --- the 巡察办 sends it back, the unit sees why, completes again, the 巡察办 verifies
expect_exit 0 "the 巡察办 rejects with a reason" as office tasks reject "$a1_task" --reason 未附公务接待审批制度文件
check "  back to 整改中" contains "$OUT" "状态：整改中"
expect_exit 0 "the unit reads the task" as a_handler tasks show "$a1_task"
check "  整改中" contains "$OUT" "状态：整改中"
check "  with the reason, under the status" contains "$OUT" "状态：整改中
退回理由：未附公务接待审批制度文件（巡察办 2026-06-10 09:00）"
check "  and in the steps" contains "$OUT" "退回整改  巡察办：未附公务接待审批制度文件"
check "  the evidence" contains "$OUT" "退款凭证.pdf"
check "  and the steps so far" test "$(echo "$OUT" | grep -cE '  (明确责任人|开始整改|报告进展|申请验收|退回整改)  ')" = 5
expect_exit 0 "the unit lists what is 整改中" as a_handler tasks --status 整改中
check "  the task is there" contains "$OUT" 东关村“两委”班子违规公款吃喝
printf '%%PDF-1.4 公务接待审批制度' > "$WORK/公务接待审批制度.pdf"
quiet as a_handler tasks attach "$a1_task" "$WORK/公务接待审批制度.pdf"
expect_exit 0 "completed again" as a_handler tasks complete "$a1_task" --note 已补充公务接待审批制度
expect_exit 0 "the 巡察办 verifies" as office tasks verify "$a1_task"
check "  已验收" contains "$OUT" "状态：已验收"
check "  by the 巡察办" contains "$OUT" "验收人：巡察办"
expect_exit 3 "a verified task is not verified twice" as office tasks verify "$a1_task"
check "  the refusal names the status" contains "$ERR" 已验收

# --- 督促整改
expect_exit 0 "the 督促整改 view" as office rectification --round 1
check "the 完成率 and the 验收率 side by side" contains "$OUT" "完成率  验收率"
row=$(echo "$OUT" | grep 东关村 | head -n 1 | tr -s ' ')
check "东关村: the meeting, 2 problems: 1 未开始, 0 整改中, 0 已完成, 1 已验收, 完成率 50%, 验收率 50%" \
    contains "$row" "2026-04-28 2 1 0 0 1 50% 50%"
check "  the plan overdue and open" contains "$row" "未开始（2026-05-21）"
check "the overdue list: the three plans, 20 days" test "$(echo "$OUT" | grep -c "期限 2026-05-21  逾期 20 天")" = 3
expect_exit 0 "the view as JSON" as readonly --json rectification --round 1 --unit "$dongguan"
check "  one unit, verified 1, rates 0.5 and 0.5" \
    test "$(echo "$OUT" | jq -r '.body.units | "\(length) \(.[0].verified) \(.[0].completion_rate) \(.[0].verified_rate)"')" = "1 1 0.5 0.5"

# --- a unit sees its own tasks only, never the clues or the records
expect_exit 3 "西关村's user may not read 东关村's task" as b_handler tasks show "$a1_task"
check "  told only that it is not theirs" test "$ERR" = "xuncha: 无权操作：查看整改任务详情仅限本单位，整改任务 #$a1_task 不属于本单位"
events=$(sql "SELECT count(*) FROM task_event WHERE task_id = $a2_task")
expect_exit 3 "nor report progress on it" as b_handler tasks progress "$a2_task" --note 越权
check "  the same refusal" contains "$ERR" "整改任务 #$a2_task 不属于本单位"
check "  nothing recorded" test "$(sql "SELECT count(*) FROM task_event WHERE task_id = $a2_task")" = "$events"
expect_exit 0 "西关村's user lists tasks" as b_handler --json tasks
check "  only 西关村's five" test "$(echo "$OUT" | jq "[.body.tasks[] | select(.unit_id == $xiguan)] | length") $(echo "$OUT" | jq '.body.tasks | length')" = "5 5"
expect_exit 0 "西关村's user asking for 东关村's tasks" as b_handler tasks --unit "$dongguan"
check "  gets none of them" contains "$OUT" "共 0 项"
expect_exit 3 "a unit user may not list the clues" as a_handler clue list
expect_exit 3 "nor the field records" as a_handler record list --group 1

# --- extensions: approved (the original deadline stays on record), refused
expect_exit 3 "an extension to a date before the deadline is refused" \
    as b_head tasks extend "$b1_task" --to 2026-06-20 --reason 提前
expect_exit 3 "an extension to a Saturday is refused" as b_head tasks extend "$b1_task" --to 2026-07-04 --reason 周末
check "  naming the working day to ask for" contains "$ERR" "2026-07-04）是休息日，期限须为工作日：可申请延至 2026-07-06"
expect_exit 0 "西关村 asks to extend a problem's deadline" as b_head --json tasks extend "$b2_task" \
    --to 2026-07-08 --reason 待7月初党员大会补正发展党员材料
extension=$(echo "$OUT" | jq -er .body.id)
expect_exit 3 "one pending request per task" as b_head tasks extend "$b2_task" --to 2026-07-10 --reason 再延
expect_exit 3 "the unit cannot approve it" as b_head tasks approve-extension "$extension"
expect_exit 0 "the 巡察办 approves" as office tasks approve-extension "$extension" --comment 同意
check "  approved" contains "$OUT" "批准：是"
check "  from the original deadline" contains "$OUT" "原期限：2026-06-29"
check "  to the new one" contains "$OUT" "申请延至：2026-07-08"
expect_exit 3 "an extension is decided once" as office tasks refuse-extension "$extension" --comment 改变主意
check "  the refusal says when it was approved" contains "$ERR" "已于 2026-06-10 09:00 批准"
expect_exit 0 "the unit sees both in tasks show" as b_handler tasks show "$b2_task"
check "  the deadline" contains "$OUT" "整改期限：2026-07-08（原期限 2026-06-29）"
check "  the request and its decision" contains "$OUT" "申请 #$extension  2026-06-29 → 2026-07-08  已批准"
expect_exit 0 "东关村 asks too" as a_head --json tasks extend "$a2_task" --to 2026-08-31 --reason 资产清查需时
refused=$(echo "$OUT" | jq -er .body.id)
expect_exit 2 "refusing needs a comment" as office tasks refuse-extension "$refused"
expect_exit 0 "the 巡察办 refuses with a comment" as office tasks refuse-extension "$refused" --comment 期限内可以完成
check "  the deadline is unchanged" test "$(sql "SELECT deadline FROM rectification_task WHERE id = $a2_task")" = 2026-06-29
expect_exit 0 "tasks show" as a_head tasks show "$a2_task"
check "  records the refusal" contains "$OUT" "不批准"

# ---------------------------------------------------------------- 西关村 offline for a month
# Its two problems get a 责任领导 and a 经办人; the plan is done and verified; the report
# and the disclosure stay unassigned (their green and yellow go to the 主要负责人).
for t in "$b1_task" "$b2_task"; do
    quiet as b_head tasks assign "$t" --leader "$b_leader" --handler "$b_handler"
done
quiet as b_head tasks start "$b_plan"
expect_exit 3 "the plan is not completed without the plan itself" as b_head tasks complete "$b_plan" --note 整改方案已报送
check "  the refusal says what to upload" contains "$ERR" "请上传报送的整改方案"
printf '%%PDF-1.4 西关村整改方案' > "$WORK/西关村整改方案.pdf"
quiet as b_head tasks attach "$b_plan" "$WORK/西关村整改方案.pdf"
quiet as b_head tasks complete "$b_plan" --note 整改方案已报送
quiet as office tasks verify "$b_plan"
check "the plan is 已验收" test "$(sql "SELECT status FROM rectification_task WHERE id = $b_plan")" = 4
events_before=$(sql "SELECT count(*) FROM outbox_delivery WHERE user_id = $b_handler")

day=$(date -ud 2026-06-08 +%s)
last=$(date -ud 2026-07-10 +%s)
sent=0; repeated=0; days=0
while [ "$day" -le "$last" ]; do
    d=$(date -ud "@$day" +%F)
    first=$(XUNCHA_NOW=$d "$BIN/xunchad" --database "$CONNINFO" remind 2>>"$WORK/xunchad.log") || fail "remind on $d"
    again=$(XUNCHA_NOW=$d "$BIN/xunchad" --database "$CONNINFO" remind 2>>"$WORK/xunchad.log") || fail "remind again on $d"
    sent=$((sent + $(echo "$first" | jq .task_reminders)))
    repeated=$((repeated + $(echo "$again" | jq .task_reminders)))
    days=$((days + 1))
    day=$((day + 86400))
done
check "xunchad remind ran for each of $days days (06-08..07-10) and sent $sent reminders" test "$sent" -gt 0
check "  running it twice a day sent nothing more" test "$repeated" = 0
check "西关村's 经办人 never connected: everything is still pending" \
    test "$(sql "SELECT count(*) FROM outbox_delivery WHERE user_id = $b_handler AND acked_at IS NULL")" -gt "$events_before"

expect_exit 0 "西关村's 经办人 connects once: xuncha inbox" as b_handler inbox
check "  his reminders in order: green, green, yellow, yellow" \
    test "$(echo "$OUT" | grep 整改期限提醒 | grep -o '【[^】]*】' | tr -d '\n')" = "【绿色提醒】【绿色提醒】【黄色预警】【黄色预警】"
due() {   # role: the 整改期限提醒 it received (local inbox record) for 西关村's tasks, as "task level" lines
    cat "$WORK/inbox/$1/"*.jsonl | jq -r "select(.kind == \"NOTIFICATION_KIND_TASK_DUE\")
        | select([.task_id] | inside([$b1_task, $b2_task, $b_plan, $b_report, $b_disclosure]))
        | \"\(.task_id) \(.level | sub(\"REMINDER_LEVEL_\"; \"\"))\""
}
# in_days ACTUAL DAY...: ACTUAL ("task level" lines) is the reminders of each DAY in turn
# ("t L,t L": one day's, in any order among themselves), each exactly once
in_days() {
    local actual=$1 at=0 group got want; shift
    for group in "$@"; do
        local n; n=$(echo "$group" | tr ',' '\n' | wc -l)
        got=$(echo "$actual" | sed -n "$((at + 1)),$((at + n))p" | sort)
        want=$(echo "$group" | tr ',' '\n' | sort)
        [ "$got" = "$want" ] || { echo "    expected {$group} at $((at + 1)), got: $(echo "$got" | tr '\n' ',')" >&2; return 1; }
        at=$((at + n))
    done
    [ "$(echo "$actual" | grep -c .)" = "$at" ] || { echo "    $(echo "$actual" | grep -c .) reminders, expected $at" >&2; return 1; }
}
check "  each once: b1 green 06-09, b2 green 06-18, b1 yellow 06-19, b2 yellow 06-28" \
    in_days "$(due b_handler)" "$b1_task GREEN" "$b2_task GREEN" "$b1_task YELLOW" "$b2_task YELLOW"
check "  after the 整改任务下达 of the feedback" contains "$(echo "$OUT" | head -n 1)" 整改任务下达
check "  the reminders last, together" \
    test "$(cat "$WORK/inbox/b_handler/"*.jsonl | jq -r .kind | uniq | grep -n TASK_DUE)" = \
    "$(cat "$WORK/inbox/b_handler/"*.jsonl | jq -r .kind | uniq | wc -l):NOTIFICATION_KIND_TASK_DUE"
check "  all acknowledged" \
    test "$(sql "SELECT count(*) FROM outbox_delivery WHERE user_id = $b_handler AND acked_at IS NULL")" = 0
expect_exit 0 "a second xuncha inbox" as b_handler inbox
check "  receives nothing new" test "$OUT" = "没有新通知"

expect_exit 0 "西关村's 责任领导 connects" as b_leader inbox
check "  the two yellow ones" in_days "$(due b_leader)" "$b1_task YELLOW" "$b2_task YELLOW"
expect_exit 0 "西关村's 主要负责人 connects" as b_head inbox
check "  the report's and the disclosure's green and yellow (nobody assigned), then every red, weekly" \
    in_days "$(due b_head)" "$b_report GREEN,$b_disclosure GREEN" "$b_report YELLOW,$b_disclosure YELLOW" \
    "$b1_task RED,$b_report RED,$b_disclosure RED" "$b1_task RED,$b_report RED,$b_disclosure RED" "$b2_task RED"
check "  shown red" test "$(echo "$OUT" | grep -c '【红色逾期】')" -ge 7
expect_exit 0 "the 巡察办 connects" as office inbox
check "  the red ones of 西关村, each once, in order" \
    in_days "$(due office)" "$b1_task RED,$b_report RED,$b_disclosure RED" \
    "$b1_task RED,$b_report RED,$b_disclosure RED" "$b2_task RED"
expect_exit 0 "the 主要负责人's second xuncha inbox" as b_head inbox
check "  receives nothing new" test "$OUT" = "没有新通知"

# ---------------------------------------------------------------- a list longer than a reply carries
office_id=$(sql "SELECT id FROM app_user WHERE role = 1 ORDER BY id LIMIT 1")
psql "$CONNINFO" -q -v ON_ERROR_STOP=1 <<SQL || fail "seeding 600 tasks"
WITH f AS (SELECT id, round_id, group_id, unit_id FROM feedback WHERE unit_id = $chengguan),
papers AS (INSERT INTO working_paper (round_id, group_id, unit_id, state, created_by, number)
           SELECT f.round_id, f.group_id, f.unit_id, 4, $office_id, '批量-' || n FROM f, generate_series (1, 600) AS n
           RETURNING id)
INSERT INTO rectification_task (feedback_id, round_id, unit_id, kind, paper_id, title, deadline, original_deadline)
SELECT f.id, f.round_id, f.unit_id, 1, p.id, '批量问题 ' || p.id, '2026-06-29', '2026-06-29' FROM f, papers p;
SQL
all_tasks=$(sql "SELECT count(*) FROM rectification_task WHERE round_id = 1")
expect_exit 0 "the 巡察办 lists the round's $all_tasks tasks" as office tasks --round 1
check "  the first 500 are shown" test "$(echo "$OUT" | grep -c '^#')" = 500
check "  and it says so, with how to narrow it" \
    contains "$OUT" "仅显示前 500 项，共 $all_tasks 项；请用 --round、--unit、--status 缩小范围"
expect_exit 0 "a narrower list is whole" as office tasks --unit "$xiguan"
check "  without the note" test "$(echo "$OUT" | grep -c 仅显示前)" = 0

# ---------------------------------------------------------------- remind's --date, and only remind's
printf 'date = 2026-01-01\n' > "$WORK/stray.conf"
expect_exit 2 "a stray date line in xunchad's configuration is refused, not obeyed" \
    "$BIN/xunchad" --config "$WORK/stray.conf" --database "$CONNINFO" remind
check "  naming it" contains "$ERR" "未知设置 date"
expect_exit 0 "XUNCHA_DATE in the environment pins nothing" \
    env XUNCHA_NOW=2026-07-10T08:00:00 XUNCHA_DATE=2026-01-01 "$BIN/xunchad" --database "$CONNINFO" remind
check "  the run is today's" test "$(echo "$OUT" | jq -r .date)" = 2026-07-10
expect_exit 0 "remind --date runs for that day" "$BIN/xunchad" --database "$CONNINFO" remind --date 2026-07-10
check "  it does" test "$(echo "$OUT" | jq -r .date)" = 2026-07-10
expect_exit 2 "--date goes with remind only" "$BIN/xunchad" --database "$CONNINFO" --date 2026-07-10 migrate
check "  says so" contains "$ERR" "--date 只用于 remind 命令"
finish
