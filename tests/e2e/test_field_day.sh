#!/usr/bin/env bash
# A day of field work for 第一巡察组 through the real xuncha and xunchad: one record of
# each kind, the two-inspector rule, an attachment with binary content uploaded and
# downloaded byte-exact, the petitioner's identity shown to the 组长 and withheld from
# the 组员 (and every read listed for the 巡察办), a member of 第二巡察组 and the
# 被巡察单位 refused, and a tampered attachment refused.
. "$(dirname "$0")/lib.sh"
setup leader member leader2 discipline organisation unit readonly
quiet env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh" 2>/dev/null
# the demo: round 1 in 进驻; 第一巡察组 (group 1) inspects 城关镇 (unit 2) and its villages
# (东关村 3); its 组长 张伟 is inspector 1, its 组员 刘洋 inspector 3; 陈静 leads 第二巡察组.
id_of() { jq -r .body.id <<<"$OUT"; }

expect_exit 0 "组员 records a briefing" as member record briefing --group 1 --unit 2 --briefer 城关镇党委书记 \
    --topic 党委班子落实全面从严治党主体责任情况 --notes "汇报了2025年以来的工作" --date 2026-03-10
check "briefing shown in Chinese" contains "$OUT" "记录类型：听取汇报"
check "with who briefed" contains "$OUT" "汇报人：城关镇党委书记"
check "and who recorded it" contains "$OUT" "记录人：刘洋"

expect_exit 0 "组员 records a petition with the petitioner's identity" as member --json record petition --group 1 --unit 2 \
    --channel 来信 --received 2026-03-08 --content "反映东关村集体土地租金去向不明" --petitioner-name 王某某 \
    --petitioner-contact 13800000000 --concerns 李某 --concerns 赵某 --concerned-unit 3 --date 2026-03-10
petition=$(id_of)
check "petition status defaults to 受理" test "$(jq -r .body.petition.status <<<"$OUT")" = PETITION_STATUS_ACCEPTED
check "the reply withholds the identity" test "$(jq -c '[.body.petition.petitioner, .body.petition.identity_withheld]' <<<"$OUT")" = '[null,true]'
check "two persons concerned" test "$(jq -c .body.petition.concerned_persons <<<"$OUT")" = '["李某","赵某"]'
expect_exit 0 "an anonymous petition" as member --json record petition --group 1 --unit 3 --channel 二维码 \
    --received 2026-03-09 --content "反映村务不公开" --date 2026-03-10
check "recorded as anonymous" test "$(jq .body.petition.anonymous <<<"$OUT")" = true

expect_exit 3 "a talk with one inspector present is refused" as member record talk --group 1 --unit 2 \
    --interviewee 李某 --time "2026-03-10 09:30" --inspector 1 --record 谈话记录
check "the refusal states the rule" contains "$ERR" "个别谈话须至少两名巡察人员在场（本次 1 名）"
expect_exit 3 "a talk with an inspector of another group is refused" as member record talk --group 1 --unit 2 \
    --interviewee 李某 --time "2026-03-10 09:30" --inspector 1 --inspector 5 --record 谈话记录
check "the refusal names the inspector by number only" contains "$ERR" "编号 5 的人员不是第一巡察组的成员"
expect_exit 0 "a talk with two inspectors present" as member --json record talk --group 1 --unit 2 \
    --interviewee 李某 --interviewee-position 党委副书记 --interviewee-unit 城关镇党委 --time "2026-03-10 09:30" \
    --place 城关镇谈话室 --inspector 1 --inspector 3 --outline "一、班子运行" --record "介绍了班子分工" --confirmed 是 \
    --date 2026-03-10
talk=$(id_of)
check "both inspectors named" test "$(jq -c .body.talk.inspector_names <<<"$OUT")" = '["张伟","刘洋"]'
check "confirmed by the interviewee" test "$(jq .body.talk.confirmed <<<"$OUT")" = true

expect_exit 0 "组长 records a document review" as leader record review --group 1 --unit 3 \
    --materials "2025年村集体资金账目" --copied 是 --findings "三笔支出无审批" --date 2026-03-10
check "review shown" contains "$OUT" "调阅内容：2025年村集体资金账目"
expect_exit 0 "组员 records an unannounced visit" as member record visit --group 1 --unit 3 --place 东关村村委会 \
    --unannounced 是 --findings 公开栏未更新 --date 2026-03-10
check "visit shown" contains "$OUT" "四不两直（未打招呼）：是"

expect_exit 0 "the day's records listed" as member record list --group 1
check "six records" contains "$OUT" "现场记录：共 6 条"
check "the list never shows the petitioner" bash -c '! grep -q -e 王某某 -e 13800000000 <<<"$0"' "$OUT"
expect_exit 0 "listed as JSON" as leader --json record list --group 1 --kind 信访
check "two petitions, no identity in the list" test "$(jq -c '[(.body.records | length), ([.body.records[].petition.petitioner | select(. != null)] | length)]' <<<"$OUT")" = '[2,0]'

expect_exit 0 "组长 shows the petition" as leader record show --record "$petition"
check "组长 sees the petitioner" contains "$OUT" "姓名：王某某"
check "and the contact" contains "$OUT" "联系方式：13800000000"
expect_exit 0 "组员 shows the petition" as member record show --record "$petition"
check "组员 sees the content" contains "$OUT" "信访内容：反映东关村集体土地租金去向不明"
check "but not the petitioner" bash -c '! grep -q -e 王某某 -e 13800000000 <<<"$0"' "$OUT"
check "and is told it is withheld" contains "$OUT" "信访人身份已隐去：是"
expect_exit 0 "巡察办 shows the petition" as office --json record show --record "$petition"
check "巡察办 sees the petitioner" test "$(jq -r .body.petition.petitioner.name <<<"$OUT")" = 王某某

expect_exit 0 "巡察办 lists who read the identity" as office --json audit identity-reads --record "$petition"
check "two reads: 组长 then 巡察办" test "$(jq -c '[.body.reads[] | [.reader, .reader_role]]' <<<"$OUT")" = '[["张伟","ROLE_GROUP_LEADER"],["巡察办","ROLE_OFFICE"]]'
check "each with its request id" test "$(jq -c '[.body.reads[].request_id | length] | unique' <<<"$OUT")" = '[36]'
expect_exit 0 "the reads in text" as office audit identity-reads
check "reader and role in Chinese" contains "$OUT" "查阅人角色：组长"
expect_exit 3 "组长 may not list the reads" as leader audit identity-reads
expect_exit 0 "组员 moves the petition on" as member record petition-status --record "$petition" --status 转办
check "status shown" contains "$OUT" "办理状态：转办"

# an attachment with zero bytes and bytes that are not UTF-8
{ printf '%%PDF-1.4\n\000\377\376\303\050\000'; head -c 200000 /dev/urandom; printf '\000'; } > "$WORK/谈话笔录.pdf"
expect_exit 0 "组员 attaches a file to the talk" as member --json record attach --record "$talk" --file "$WORK/谈话笔录.pdf"
attachment=$(id_of)
check "SHA-256 registered" test "$(jq -r .body.sha256 <<<"$OUT")" = "$(sha256sum "$WORK/谈话笔录.pdf" | cut -d' ' -f1)"
check "size registered" test "$(jq .body.size <<<"$OUT")" = "$(stat -c %s "$WORK/谈话笔录.pdf")"
check "media type guessed from the name" test "$(jq -r .body.media_type <<<"$OUT")" = application/pdf
check "file name kept" test "$(jq -r .body.filename <<<"$OUT")" = 谈话笔录.pdf
expect_exit 0 "组长 downloads it" as leader record download --attachment "$attachment" --out "$WORK/下载.pdf"
check "byte-exact" cmp "$WORK/谈话笔录.pdf" "$WORK/下载.pdf"
check "readable by its owner only" test "$(stat -c %a "$WORK/下载.pdf")" = 600
check "says where it was saved" contains "$OUT" "已保存到 $WORK/下载.pdf（$(stat -c %s "$WORK/谈话笔录.pdf") 字节，SHA-256 校验一致）"
expect_exit 0 "the talk lists its attachment" as office record show --record "$talk"
check "with its hash" contains "$OUT" "SHA-256：$(sha256sum "$WORK/谈话笔录.pdf" | cut -d' ' -f1)"
head -c $((3 * 1024 * 1024)) /dev/urandom > "$WORK/录音.mp3"
expect_exit 0 "a file of exactly 3 MiB is accepted" as member --json record attach --record "$talk" --file "$WORK/录音.mp3"
large=$(id_of)
check "as audio" test "$(jq -r .body.media_type <<<"$OUT")" = audio/mpeg
expect_exit 0 "and comes back whole" as office --json record download --attachment "$large" --out "$WORK/录音-下载.mp3"
check "--json output stays JSON" test "$(jq .body.content <<<"$OUT")" = $((3 * 1024 * 1024))
check "byte-exact at the cap" cmp "$WORK/录音.mp3" "$WORK/录音-下载.mp3"
head -c $((3 * 1024 * 1024 + 1)) /dev/zero > "$WORK/过大.bin"
expect_exit 1 "a file over the 3 MiB cap is refused before sending (a local problem)" as member record attach --record "$talk" --file "$WORK/过大.bin"
check "naming the cap" contains "$ERR" "超过上限 3145728 字节"
expect_exit 1 "a file that cannot be read is a local problem" as member record attach --record "$talk" --file "$WORK/不存在.pdf"
check "naming the file" contains "$ERR" "无法读取文件"

expect_exit 3 "a member of 第二巡察组 may not read 第一巡察组's records" as leader2 record list --group 1
check "the refusal names the group" contains "$ERR" "您不是第一巡察组的成员"
expect_exit 3 "nor show one" as leader2 record show --record "$petition"
expect_exit 3 "nor download its attachment" as leader2 record download --attachment "$attachment" --out "$WORK/x.pdf"
check "and nothing was written" test ! -e "$WORK/x.pdf"
expect_exit 3 "nor record for it" as leader2 record briefing --group 1 --unit 2 --briefer 某 --topic 某
expect_exit 3 "被巡察单位 reads no field records" as unit record list --group 1
check "refused by role" contains "$ERR" "角色“被巡察单位”无权查看现场记录"
expect_exit 3 "只读 reads no field records" as readonly record show --record "$petition"

sql "UPDATE attachment SET content = set_byte(content, 10, 255 - get_byte(content, 10)) WHERE id = $attachment" >/dev/null
expect_exit 3 "a tampered attachment is refused" as leader record download --attachment "$attachment" --out "$WORK/篡改.pdf"
check "with the reason" contains "$ERR" "附件 $attachment 校验失败：内容与登记的 SHA-256 不符，可能已被篡改"
check "and nothing was written" test ! -e "$WORK/篡改.pdf"
check "no identity or content in the server log" bash -c '! grep -q -e 王某某 -e 13800000000 -e 租金 "$0"' "$WORK/xunchad.log"
finish
