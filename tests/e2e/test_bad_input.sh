#!/usr/bin/env bash
# Every malformed message gets an error reply naming the problem, over the real CURVE
# connection, and the connection stays usable for the next request.
. "$(dirname "$0")/lib.sh"
SERVER_ARGS="--max_frame 65536"
setup

expect_exit 0 "bad frames on one connection, each answered" "$TEST_BIN/xc_rawsend" "tcp://127.0.0.1:$PORT" \
    "$WORK/server.key" "$WORK/office.key" garbage empty oversize:65537 multipart bad-utf8 bad-enum no-body bad-version ping
line() { echo "$OUT" | grep "^$1 "; }
check "garbage: not a request" contains "$(line garbage)" "STATUS_BAD_REQUEST 消息无法解析"
check "empty: names the missing field" contains "$(line empty)" "STATUS_BAD_REQUEST 缺少必填字段 request_id"
check "oversize: names the size and the cap" contains "$(line oversize:65537)" "消息过大：65537 字节，上限 65536 字节"
check "multipart: one frame required" contains "$(line multipart)" "每个请求须为恰好一帧"
check "invalid UTF-8: names the field" contains "$(line bad-utf8)" "字段 org_unit_create.name 不是合法的 UTF-8 文本"
check "unknown enum value: names the field and the value" contains "$(line bad-enum)" "字段 org_unit_create.kind 的取值 42 不在 UnitKind 的取值范围内"
check "no body" contains "$(line no-body)" "请求没有正文"
check "wrong protocol version" contains "$(line bad-version)" "STATUS_UNSUPPORTED_VERSION 协议版本 7 不受支持"
check "the same connection still serves a good request" contains "$(line ping)" "ping STATUS_OK"
check "nothing was written" test "$(sql 'SELECT count(*) FROM org_unit')" = 0
check "the server is still running" kill -0 "$SERVER_PID"
finish
