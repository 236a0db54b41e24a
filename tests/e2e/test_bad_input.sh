#!/usr/bin/env bash
# Every malformed message gets an error reply naming the problem, over the real CURVE
# connection; nothing is written; the connection stays usable for the next request.
#
# The catalogue (xc_rawsend case → the reply's status and message):
#   garbage          bytes that are no protobuf   → BAD_REQUEST 消息无法解析：字段 #536870911 使用了不支持的编码类型…
#   empty            an empty frame               → BAD_REQUEST 缺少必填字段 request_id
#   oversize:65537   a frame over --max_frame     → BAD_REQUEST 消息过大：65537 字节，上限 65536 字节
#   multipart        two frames in one message    → BAD_REQUEST …每个请求须为恰好一帧
#   bad-utf8         a name that is not UTF-8     → BAD_REQUEST 字段 org_unit_create.name 不是合法的 UTF-8 文本
#   bad-enum         unit kind 42                 → BAD_REQUEST 字段 org_unit_create.kind 的取值 42 不在 UnitKind 的取值范围内
#   no-body          a request without a body     → BAD_REQUEST 请求没有正文
#   bad-version      protocol version 7           → UNSUPPORTED_VERSION 协议版本 7 不受支持
#   truncated        a valid request cut short    → BAD_REQUEST 消息无法解析：字段 org_unit_create 声明长度 … 字节，其后只有 … 字节（消息被截断或长度有误）
#   wrong-wire-type  request_id sent as a number  → BAD_REQUEST 消息无法解析：字段 request_id 的编码类型错误：收到 wire type 0（变长整数），应为 2（长度前缀）
#   long-varint      an 11-byte varint            → BAD_REQUEST 消息无法解析：字段 protocol_version 的变长整数超过 10 字节
#   long-length      a string longer than the frame → BAD_REQUEST 消息无法解析：字段 org_unit_create.name 声明长度 200 字节，其后只有 9 字节
#   huge-envelope    only a body tag declaring 4 GiB → BAD_REQUEST 消息无法解析：字段 org_unit_create 声明长度 4294967295 字节，其后只有 0 字节
#   group-wire-type  a proto2 group               → BAD_REQUEST 消息无法解析：字段 #9 使用了不支持的编码类型（wire type 3：group 开始）
#   negative-id      round -1                     → BAD_REQUEST 字段 round_show.round_id 不能为负数
#   round-show:999999  a round that does not exist → NOT_FOUND 巡察轮次不存在
#   nested-required  a petition without content   → BAD_REQUEST 缺少必填字段 field_record_create.petition.content
#   nested-enum      a petition from channel 99   → BAD_REQUEST 字段 field_record_create.petition.channel 的取值 99 不在 PetitionChannel 的取值范围内
#   too-long         a name of 201 bytes          → BAD_REQUEST 字段 org_unit_create.name 过长：201 字节，上限 200 字节
#   too-many         257 clues in one transfer    → BAD_REQUEST 字段 clue_transfer.clue_ids 的条目过多：257 条，上限 256 条
#   bad-date         a round starting 2026-02-30  → BAD_REQUEST 字段 round_create.start_date 不是合法日期（应为 YYYY-MM-DD）
#   bad-time         a talk at 25:00              → BAD_REQUEST 字段 field_record_create.talk.talk_time 不是合法时间（应为 YYYY-MM-DD HH:MM）
#   bad-request-id   request id "not-a-uuid"      → BAD_REQUEST 字段 request_id 不是合法的 UUID
#   two-bodies       two members of the body oneof → BAD_REQUEST 字段 ping 与 org_unit_create 不能同时出现：二者只能有一个
#   field-twice      a name sent twice            → BAD_REQUEST 字段 org_unit_create.name 重复出现：每个字段只能出现一次
#   control-char     byte 0x01 in a name          → BAD_REQUEST 字段 org_unit_create.name 含有控制字符（第 4 字节）
#   embedded-nul     "东关村\0西关村"              → BAD_REQUEST 字段 org_unit_create.name 含有 NUL 字节（第 10 字节），文本中不允许出现
#   unknown-kind     a body this server does not know → BAD_REQUEST 请求类型不受此服务器支持（未知的请求正文，字段编号 200）
#   org-unit (只读)  a request the role may not make → FORBIDDEN 角色“只读”无权新建组织单位（org_unit_create）
#   advance:R:8      准备 straight to 归档          → CONFLICT 阶段不能跳过：当前为“准备”，下一阶段应为“进驻”，不能直接进入“归档”
# After them all, every table of the database has the rows it had before, the round and
# the units are unchanged, and a ping on the same connection is answered.
. "$(dirname "$0")/lib.sh"
SERVER_ARGS="--max_frame 65536"
setup reader

quiet as office user add --name 只读人员 --role 只读 --public-key "$WORK/reader.key"
ROUND=$(as office --json round create --committee 十届区委 --number 3 --type 常规 --start 2026-03-01 \
    --end 2026-05-31 | jq -r .body.id)
check "a round to refuse things about" test -n "$ROUND"

# the rows of every table, and the contents of those the cases aim at
rows_everywhere() {
    sql "SELECT string_agg(format('%s.%s=%s', table_schema, table_name,
             (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                                                 false, true, '')))[1]::text), ' ' ORDER BY table_schema, table_name)
         FROM information_schema.tables
         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
}
aimed_at() { sql "SELECT md5(string_agg(r::text, '|' ORDER BY r.id)) FROM round r"; sql "SELECT md5(string_agg(u::text, '|' ORDER BY u.id)) FROM org_unit u"; }
BEFORE=$(rows_everywhere)
AIMED_BEFORE=$(aimed_at)
check "the count covers the tables a change writes" contains "$BEFORE" "public.round=1 "
check "the count covers the stored replies" contains "$BEFORE" "public.request_reply="

RAW=("$TEST_BIN/xc_rawsend" "tcp://127.0.0.1:$PORT" "$WORK/server.key")
expect_exit 0 "bad frames on one connection, each answered" "${RAW[@]}" "$WORK/office.key" \
    garbage empty oversize:65537 multipart bad-utf8 bad-enum no-body bad-version \
    truncated wrong-wire-type long-varint long-length huge-envelope group-wire-type \
    negative-id round-show:999999 nested-required nested-enum too-long too-many bad-date bad-time \
    bad-request-id two-bodies field-twice control-char embedded-nul unknown-kind "advance:$ROUND:8" ping
OFFICE_OUT=$OUT
line() { echo "$OFFICE_OUT" | grep "^$1 "; }
answer() { local case=$1 expected=$2; check "$case: $expected" contains "$(line "$case")" "$expected"; }

answer garbage "STATUS_BAD_REQUEST 消息无法解析：字段 #536870911 使用了不支持的编码类型"
answer empty "STATUS_BAD_REQUEST 缺少必填字段 request_id"
answer oversize:65537 "STATUS_BAD_REQUEST 消息过大：65537 字节，上限 65536 字节"
answer multipart "STATUS_BAD_REQUEST 消息格式错误：每个请求须为恰好一帧"
answer bad-utf8 "STATUS_BAD_REQUEST 字段 org_unit_create.name 不是合法的 UTF-8 文本"
answer bad-enum "STATUS_BAD_REQUEST 字段 org_unit_create.kind 的取值 42 不在 UnitKind 的取值范围内"
answer no-body "STATUS_BAD_REQUEST 请求没有正文"
answer bad-version "STATUS_UNSUPPORTED_VERSION 协议版本 7 不受支持"
answer truncated "STATUS_BAD_REQUEST 消息无法解析：字段 org_unit_create 声明长度 "
answer truncated "（消息被截断或长度有误）"
answer wrong-wire-type "STATUS_BAD_REQUEST 消息无法解析：字段 request_id 的编码类型错误：收到 wire type 0（变长整数），应为 2（长度前缀）"
answer long-varint "STATUS_BAD_REQUEST 消息无法解析：字段 protocol_version 的变长整数超过 10 字节"
answer long-length "STATUS_BAD_REQUEST 消息无法解析：字段 org_unit_create.name 声明长度 200 字节，其后只有 9 字节"
answer huge-envelope "STATUS_BAD_REQUEST 消息无法解析：字段 org_unit_create 声明长度 4294967295 字节，其后只有 0 字节"
answer group-wire-type "STATUS_BAD_REQUEST 消息无法解析：字段 #9 使用了不支持的编码类型（wire type 3：group 开始）"
answer negative-id "STATUS_BAD_REQUEST 字段 round_show.round_id 不能为负数"
answer round-show:999999 "STATUS_NOT_FOUND 巡察轮次不存在"
answer nested-required "STATUS_BAD_REQUEST 缺少必填字段 field_record_create.petition.content"
answer nested-enum "STATUS_BAD_REQUEST 字段 field_record_create.petition.channel 的取值 99 不在 PetitionChannel 的取值范围内"
answer too-long "STATUS_BAD_REQUEST 字段 org_unit_create.name 过长：201 字节，上限 200 字节"
answer too-many "STATUS_BAD_REQUEST 字段 clue_transfer.clue_ids 的条目过多：257 条，上限 256 条"
answer bad-date "STATUS_BAD_REQUEST 字段 round_create.start_date 不是合法日期（应为 YYYY-MM-DD）"
answer bad-time "STATUS_BAD_REQUEST 字段 field_record_create.talk.talk_time 不是合法时间（应为 YYYY-MM-DD HH:MM）"
answer bad-request-id "STATUS_BAD_REQUEST 字段 request_id 不是合法的 UUID"
answer two-bodies "STATUS_BAD_REQUEST 字段 ping 与 org_unit_create 不能同时出现：二者只能有一个"
answer field-twice "STATUS_BAD_REQUEST 字段 org_unit_create.name 重复出现：每个字段只能出现一次"
answer control-char "STATUS_BAD_REQUEST 字段 org_unit_create.name 含有控制字符（第 4 字节）"
answer embedded-nul "STATUS_BAD_REQUEST 字段 org_unit_create.name 含有 NUL 字节（第 10 字节），文本中不允许出现"
answer unknown-kind "STATUS_BAD_REQUEST 请求类型不受此服务器支持（未知的请求正文，字段编号 200）"
answer "advance:$ROUND:8" "STATUS_CONFLICT 阶段不能跳过：当前为“准备”，下一阶段应为“进驻”，不能直接进入“归档”"
answer ping "STATUS_OK"

expect_exit 0 "a request the role may not make, then a good one" "${RAW[@]}" "$WORK/reader.key" org-unit:某区 ping
check "forbidden: names the role and the permission" contains "$(echo "$OUT" | grep '^org-unit:')" \
    "STATUS_FORBIDDEN 角色“只读”无权新建组织单位（org_unit_create）"
check "the reader's connection still serves a good request" contains "$(echo "$OUT" | grep '^ping ')" "ping STATUS_OK"

AFTER=$(rows_everywhere)
check "nothing was written: every table has the rows it had" test "$AFTER" = "$BEFORE"
[ "$AFTER" = "$BEFORE" ] || { echo "    before: $BEFORE"; echo "    after:  $AFTER"; }
check "the round and the units are unchanged" test "$(aimed_at)" = "$AIMED_BEFORE"
check "the round is still in 准备" test "$(sql "SELECT phase FROM round WHERE id = $ROUND")" = 1
check "the server is still running" kill -0 "$SERVER_PID"
check "the server logged no crash" bash -c "! grep -Eq 'AddressSanitizer|runtime error|Segmentation' '$WORK/xunchad.log'"
finish
