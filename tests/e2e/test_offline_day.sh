#!/usr/bin/env bash
# A day of field work recorded with the server down, through the real binaries: every
# command succeeds and says it was saved locally; an attachment and a 底稿 refer to a
# record made offline (L<n>); reading works from the encrypted cache, marked stale; the
# journal holds no readable petition text; `xuncha sync` then sends it all and the
# server holds exactly what was typed, record by record. Then a conflict: an edit of a
# 底稿 the 组长 signed meanwhile is kept with the server's reason while the later
# independent entries go through; it is edited and resent, another discarded; an entry
# that depends on a refused one is held. A passphrase journal; `xuncha wipe`.
. "$(dirname "$0")/lib.sh"
export XUNCHA_NOW=2026-03-20T10:00:00
setup leader member leader2 discipline organisation unit readonly
quiet env XUNCHA="$BIN/xuncha" XUNCHA_CLIENTS="$WORK" XUNCHA_KEYS="$WORK" "$TOP/ops/demo.sh" 2>/dev/null
# the demo: round 1 in 进驻; 第一巡察组 (group 1) inspects 城关镇 (unit 2) and 东关村 (3);
# 组长 张伟 is inspector 1, 组员 刘洋 inspector 3.
category=$(as member --json category list | jq -er '.body.categories[] | select(.name=="依法廉洁用权、侵害群众利益") | .id')
journal_files() { ls "$WORK"/journal/member/*.db* 2>/dev/null; }

# --- before going to the village: one sync fills the offline cache
as member record visit --group 1 --unit 3 --place 东关村文化广场 --unannounced 否 --findings 设施完好 --date 2026-03-09 >/dev/null
expect_exit 0 "a sync before leaving" as member sync
check "fills the offline cache" contains "$OUT" "离线缓存已更新"

# --- the day, with the server down
kill_server
started=$(date +%s)
expect_exit 0 "offline: a briefing is saved locally" as member record briefing --group 1 --unit 2 \
    --briefer 城关镇党委书记 --topic 落实主体责任情况 --notes 汇报了工作 --date 2026-03-10
check "saying so plainly, with the count waiting" contains "$OUT" "已保存到本地，待同步（本地第 2 条"
check "and that 1 entry waits" contains "$OUT" "共 1 条待同步"
check "at once, without waiting out the retries" test $(( $(date +%s) - started )) -lt 3
expect_exit 0 "offline: a petition with the petitioner's identity" as member record petition --group 1 --unit 2 \
    --channel 来信 --received 2026-03-08 --content 反映东关村集体土地租金去向不明甲乙丙 --petitioner-name 王某某 \
    --petitioner-contact 13800000000 --concerns 李某 --date 2026-03-10
expect_exit 0 "offline: a talk" as member record talk --group 1 --unit 2 --interviewee 李某 --time "2026-03-10 09:30" \
    --inspector 1 --inspector 3 --record 介绍了班子分工 --date 2026-03-10
check "numbered L4" contains "$OUT" "可写作 L4"
expect_exit 0 "offline: a document review" as member record review --group 1 --unit 3 --materials 村集体资金账目 \
    --copied 是 --findings 三笔支出无审批 --date 2026-03-10
expect_exit 0 "offline: a visit" as member record visit --group 1 --unit 3 --place 东关村村委会 --unannounced 是 \
    --findings 公开栏未更新 --date 2026-03-10
{ printf '%%PDF-1.4\n\000\377'; head -c 700000 /dev/urandom; } > "$WORK/谈话笔录.pdf"
expect_exit 0 "offline: the talk's notes attached to L4, made offline" \
    as member record attach --record L4 --file "$WORK/谈话笔录.pdf"
expect_exit 0 "offline: a 底稿 citing the offline petition L3" as member paper draft --group 1 --unit 3 \
    --title 东关村土地租金去向不明 --facts 租金未入账 --category "$category" --basis 条例 --evidence-record L3
check "seven entries wait" contains "$OUT" "共 7 条待同步"

expect_exit 0 "offline: the records are listed from the cache" as member record list --group 1
check "marked as the local cache, possibly stale" contains "$ERR" "【离线】无法连接服务器，以下是本地缓存"
check "with the time of the last sync" contains "$ERR" "最近一次完整同步：20"
check "showing what the server held at the last sync" contains "$OUT" "东关村文化广场"
expect_exit 4 "offline: a read never cached says so" as member clue list --group 1
expect_exit 0 "the pending entries are listed" as member sync list
check "the petition among them, as typed" contains "$OUT" "record petition"
check "all seven" test "$(grep -c '^L.*待同步' <<<"$OUT")" = 7

for secret in 甲乙丙 王某某 13800000000 介绍了班子分工 落实主体责任情况; do
    check "the journal files hold no readable \"$secret\"" \
        bash -c '! grep -a -q -F "$0" $1' "$secret" "$(journal_files | tr '\n' ' ')"
done
check "nor the attachment's bytes" bash -c '! grep -a -q -F "$(head -c 64 "$0" | tail -c 40)" $1' \
    "$WORK/谈话笔录.pdf" "$(journal_files | tr '\n' ' ')"

# --- the line is back
start_server
expect_exit 0 "xuncha sync sends the day" as member sync
check "seven delivered, none refused" contains "$OUT" "送达 7 条，本次被拒绝 0 条"
check "nothing waits any more" contains "$OUT" "仍待同步 0 条"
expect_exit 0 "nothing pending" as member sync list
check "said plainly" contains "$OUT" "没有待处理的本地记录"

records() { as office --json record list --group 1 | jq -c "[.body.records[] | select(.occurred_date==\"2026-03-10\") | $1]"; }
check "the server holds the five records of the day, once each" test "$(records .kind | jq length)" = 5
check "in the order typed" test "$(records .kind)" = \
    '["RECORD_KIND_BRIEFING","RECORD_KIND_PETITION","RECORD_KIND_TALK","RECORD_KIND_DOCUMENT_REVIEW","RECORD_KIND_VISIT"]'
check "the briefing as typed" test "$(records '.briefing | select(.) | [.briefer, .topic, .notes]')" = \
    '[["城关镇党委书记","落实主体责任情况","汇报了工作"]]'
check "the petition as typed" test "$(records '.petition | select(.) | [.channel, .received_date, .content, .concerned_persons]')" = \
    '[["PETITION_CHANNEL_LETTER","2026-03-08","反映东关村集体土地租金去向不明甲乙丙",["李某"]]]'
check "the talk as typed" test "$(records '.talk | select(.) | [.interviewee_name, .record, .inspector_names]')" = \
    '[["李某","介绍了班子分工",["张伟","刘洋"]]]'
check "the review as typed" test "$(records '.document_review | select(.) | [.materials, .copied, .findings]')" = \
    '[["村集体资金账目",true,"三笔支出无审批"]]'
check "the visit as typed" test "$(records '.visit | select(.) | [.place, .unannounced, .findings]')" = \
    '[["东关村村委会",true,"公开栏未更新"]]'
petition=$(as office --json record list --group 1 --kind 信访 | jq -er '.body.records[] | select(.petition.content=="反映东关村集体土地租金去向不明甲乙丙") | .id')
expect_exit 0 "巡察办 reads the identity typed offline" as office --json record show --record "$petition"
check "the petitioner as typed" test "$(jq -c '[.body.petition.petitioner.name, .body.petition.petitioner.contact]' <<<"$OUT")" = '["王某某","13800000000"]'
talk=$(as office --json record list --group 1 --kind 谈话 | jq -er '.body.records[0].id')
expect_exit 0 "the talk has the attachment made offline" as member --json record show --record "$talk"
check "one attachment, its SHA-256 that of the file" test "$(jq -r '.body.attachments | [length, .[0].sha256] | join(" ")' <<<"$OUT")" = \
    "1 $(sha256sum "$WORK/谈话笔录.pdf" | cut -d' ' -f1)"
attachment=$(jq -r '.body.attachments[0].id' <<<"$OUT")
expect_exit 0 "downloaded" as member record download --attachment "$attachment" --out "$WORK/下载.pdf"
check "byte for byte" cmp -s "$WORK/谈话笔录.pdf" "$WORK/下载.pdf"
expect_exit 0 "the 底稿 drafted offline" as member --json paper list --group 1
paper=$(jq -er '.body.papers[] | select(.content.title=="东关村土地租金去向不明") | .id' <<<"$OUT")
expect_exit 0 "shown" as member --json paper show --paper "$paper"
check "cites the petition recorded offline" test "$(jq -c '[.body.content.evidence[].record_id]' <<<"$OUT")" = "[$petition]"
check "no row twice in the database" test "$(sql "SELECT count(*) FROM field_record WHERE occurred_date = '2026-03-10'")" = 5
expect_exit 0 "a second sync sends nothing" as member sync
check "zero delivered" contains "$OUT" "送达 0 条"

# --- a conflict: the 组长 signs a 底稿 while the 组员, offline, edits it
sed "s|^server = .*|server = tcp://127.0.0.1:$(free_port)|" "$WORK/member.conf" > "$WORK/member-offline.conf"
offline() { "$BIN/xuncha" --config "$WORK/member-offline.conf" "$@"; }
as member paper submit --paper "$paper" >/dev/null   # to the group's review, before going offline
draft2=$(as member --json paper draft --group 1 --unit 3 --title 第二份底稿 --facts 事实 --category "$category" \
         --basis 条例 | jq -er .body.id)
expect_exit 0 "offline: the 组员 edits the 底稿" offline paper edit --paper "$paper" --title 改过的标题 --facts 租金未入账 \
    --category "$category" --basis 条例 --evidence-record "$petition"
edit=$(grep -o '本地第 [0-9]* 条' <<<"$OUT" | grep -o '[0-9]*')
expect_exit 0 "offline: a visit made after it" offline record visit --group 1 --unit 3 --place 东关村卫生室 \
    --unannounced 是 --findings 药品台账齐全 --date 2026-03-11
expect_exit 0 "offline: a record for a group the 组员 is not in" offline record visit --group 2 --unit 4 \
    --place 河西镇 --unannounced 否 --findings 无 --date 2026-03-11
stray=$(grep -o '本地第 [0-9]* 条' <<<"$OUT" | grep -o '[0-9]*')
expect_exit 0 "offline: an attachment to that record" offline record attach --record "L$stray" --file "$WORK/谈话笔录.pdf"
expect_exit 0 "offline: one more independent visit" offline record visit --group 1 --unit 3 --place 东关村小学 \
    --unannounced 否 --findings 校舍安全 --date 2026-03-11
expect_exit 2 "a pending entry (perhaps delivered, its reply lost) is not edited" \
    offline sync edit "$edit" --title 又改了
check "  saying to sync first" contains "$ERR" "尚待同步，可能已送达服务器；请先运行 xuncha sync"
expect_exit 2 "nor discarded" offline sync discard "$edit"
expect_exit 0 "meanwhile the 组长 signs the 底稿" as leader paper sign --paper "$paper"
expect_exit 0 "the 组员's sync" as member sync
check "two delivered" contains "$OUT" "送达 2 条"
check "two refused" contains "$OUT" "本次被拒绝 2 条"
check "one held behind a refused entry" contains "$OUT" "等待所依赖记录 1 条"
check "the independent visits went through" test "$(sql "SELECT count(*) FROM field_record WHERE occurred_date = '2026-03-11'")" = 2
check "the signed 底稿 kept its title" test "$(as member --json paper show --paper "$paper" | jq -r .body.content.title)" = 东关村土地租金去向不明
expect_exit 0 "the refused entries are listed" as member sync list
check "the edit, with the server's reason" contains "$OUT" "已签批，不能直接修改"
check "the stray record, with the server's reason" contains "$OUT" "您不是第二巡察组的成员"
check "the attachment, held behind it" contains "$OUT" "依赖本地第 $stray 条（已被服务器拒绝）"
expect_exit 0 "the edit is redirected to the other 底稿 and resent" as member sync edit "$edit" --paper "$draft2"
check "now accepted" contains "$OUT" "标题：改过的标题"
expect_exit 0 "the stray record is discarded" as member sync discard "$stray"
expect_exit 0 "the held attachment is discarded too" as member sync discard $((stray + 1))
expect_exit 0 "nothing left to handle" as member sync list
check "said plainly" contains "$OUT" "没有待处理的本地记录"
expect_exit 0 "every entry of the journal is accounted for" as member sync list --all
check "the discarded ones say so" test "$(grep -c 已丢弃 <<<"$OUT")" = 2

# --- a journal sealed with a passphrase
cat "$WORK/leader.conf" > "$WORK/leader-pass.conf"
echo "journal_key = passphrase" >> "$WORK/leader-pass.conf"
echo "journal_dir = $WORK/journal/leader-pass" >> "$WORK/leader-pass.conf"
expect_exit 1 "a passphrase journal without a passphrase (no terminal) refuses a change" \
    "$BIN/xuncha" --config "$WORK/leader-pass.conf" record visit --group 1 --unit 3 --place 甲 --unannounced 否 --findings 乙 </dev/null
check "saying how to give one" contains "$ERR" "XUNCHA_JOURNAL_PASSPHRASE"
expect_exit 0 "with the passphrase it works" env XUNCHA_JOURNAL_PASSPHRASE=村里的口令 \
    "$BIN/xuncha" --config "$WORK/leader-pass.conf" record visit --group 1 --unit 3 --place 东关村 --unannounced 否 \
    --findings 口令日志 --date 2026-03-12
expect_exit 1 "a wrong passphrase does not open it" env XUNCHA_JOURNAL_PASSPHRASE=错的 \
    "$BIN/xuncha" --config "$WORK/leader-pass.conf" sync list
check "and says so" contains "$ERR" "口令不正确"

# --- wipe
expect_exit 0 "offline once more" offline record visit --group 1 --unit 3 --place 东关村 --unannounced 否 \
    --findings 待同步 --date 2026-03-12
expect_exit 3 "wipe refuses while an entry waits" as member wipe
check "saying how many would be lost" contains "$ERR" "还有 1 条未同步或被拒绝的记录"
check "the journal is still there" test -n "$(journal_files)"
expect_exit 0 "wipe --force destroys it" as member wipe --force
check "no journal file is left" test -z "$(journal_files)"
expect_exit 0 "a new, empty journal afterwards" as member sync list
check "with nothing in it" contains "$OUT" "没有待处理的本地记录"
finish
