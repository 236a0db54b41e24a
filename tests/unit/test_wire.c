/* Unit tests of common/xc_wire (the second reading of a frame's wire format) through the
 * path the server takes, xc_request_decode, and the notifier channel's decoder: frames
 * built byte by byte (tests/support/xc_test_frame.h) with what protobuf-c lets through
 * or refuses without a word — a zero byte in a string, a field twice, two members of a
 * oneof, frames cut short, an eleven-byte varint, a length past the end, a wrong wire
 * type, a request kind from the future — each refused naming the problem and the field,
 * and the well-formed variants (packed or not, unknown fields, zero bytes in bytes)
 * accepted. */
#include "unit.h"
#include "xc_codec.h"
#include "xc_test_frame.h"
#include "xc_validate.h"
#include "xc_wire.h"
#include <stdio.h>
#include <stdlib.h>

#define VALID_ID "0f8fad5b-d9cb-469f-a165-70867728950e"

typedef struct {
    Xuncha__Status status;
    char request_id[37];
    char why[1024];
} s_outcome_t;

/* FRAME through the server's decoder; the request is freed, the outcome kept. */
static int
s_decode (const xc_test_frame_t *frame, s_outcome_t *outcome)
{
    memset (outcome, 0, sizeof *outcome);
    Xuncha__Request *request = xc_request_decode (frame->data, frame->size, XC_MAX_FRAME_DEFAULT,
                                                  &outcome->status, outcome->request_id, outcome->why,
                                                  sizeof outcome->why);
    if (request)
        xuncha__request__free_unpacked (request, NULL);
    return request != NULL;
}

static void
s_expect_refused (const xc_test_frame_t *frame, const char *needle)
{
    s_outcome_t outcome;
    assert_false (s_decode (frame, &outcome));
    assert_int_equal (outcome.status, XUNCHA__STATUS__STATUS_BAD_REQUEST);
    assert_contains (outcome.why, needle);
}

static void
s_expect_accepted (const xc_test_frame_t *frame)
{
    s_outcome_t outcome;
    if (!s_decode (frame, &outcome))
        fail_msg ("refused: %s", outcome.why);
}

static unsigned
s_request (const char *field)
{
    return xc_test_field (&xuncha__request__descriptor, field);
}

/* An org_unit_create request whose name is NAME_SIZE bytes at NAME. */
static void
s_org_unit_create (xc_test_frame_t *frame, const char *name, size_t name_size)
{
    xc_test_frame_t body = { 0 };
    xc_test_frame_bytes (&body, xc_test_field (&xuncha__org_unit_create__descriptor, "name"), name, name_size);
    xc_test_frame_uint (&body, xc_test_field (&xuncha__org_unit_create__descriptor, "kind"),
                        XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP);
    xc_test_frame_envelope (frame, VALID_ID);
    xc_test_frame_message (frame, s_request ("org_unit_create"), &body);
    xc_test_frame_free (&body);
}

/* ------------------------------------------------------------ zero bytes */

static void
test_zero_byte_in_a_string_is_refused_naming_the_field (void **state)
{
    (void) state;
    static const char name[] = "东关村\0西关村";   /* protobuf-c would keep "东关村" */
    xc_test_frame_t frame = { 0 };
    s_org_unit_create (&frame, name, sizeof name - 1);
    s_outcome_t outcome;
    assert_false (s_decode (&frame, &outcome));
    assert_int_equal (outcome.status, XUNCHA__STATUS__STATUS_BAD_REQUEST);
    assert_contains (outcome.why, "字段 org_unit_create.name 含有 NUL 字节（第 10 字节）");
    assert_string_equal (outcome.request_id, VALID_ID);   /* the reply can still carry it */
    xc_test_frame_free (&frame);

    s_org_unit_create (&frame, "东关村西关村", strlen ("东关村西关村"));
    s_expect_accepted (&frame);
    xc_test_frame_free (&frame);
}

static void
test_zero_byte_in_a_repeated_string_names_the_item (void **state)
{
    (void) state;
    const ProtobufCMessageDescriptor *type = &xuncha__inspector_create__descriptor;
    xc_test_frame_t body = { 0 }, frame = { 0 };
    xc_test_frame_string (&body, xc_test_field (type, "name"), "王五");
    xc_test_frame_uint (&body, xc_test_field (type, "home_unit_id"), 2);
    xc_test_frame_string (&body, xc_test_field (type, "specialties"), "财务");
    xc_test_frame_bytes (&body, xc_test_field (type, "specialties"), "审计\0", 7);
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_message (&frame, s_request ("inspector_create"), &body);
    s_expect_refused (&frame, "字段 inspector_create.specialties[1] 含有 NUL 字节（第 7 字节）");
    xc_test_frame_free (&body);
    xc_test_frame_free (&frame);
}

static void
test_zero_bytes_in_bytes_are_data (void **state)
{
    (void) state;
    const ProtobufCMessageDescriptor *type = &xuncha__attachment_add__descriptor;
    xc_test_frame_t body = { 0 }, frame = { 0 };
    xc_test_frame_uint (&body, xc_test_field (type, "record_id"), 4);
    xc_test_frame_string (&body, xc_test_field (type, "filename"), "谈话录音.bin");
    xc_test_frame_bytes (&body, xc_test_field (type, "content"), "\0\0\x01\0", 4);
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_message (&frame, s_request ("attachment_add"), &body);
    s_expect_accepted (&frame);
    xc_test_frame_free (&body);
    xc_test_frame_free (&frame);
}

/* ------------------------------------------------------------ fields twice, oneofs */

static void
test_a_singular_field_twice_is_refused (void **state)
{
    (void) state;
    xc_test_frame_t frame = { 0 }, empty = { 0 };
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_string (&frame, s_request ("request_id"), "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
    xc_test_frame_message (&frame, s_request ("ping"), &empty);
    s_expect_refused (&frame, "字段 request_id 重复出现");
    xc_test_frame_free (&frame);

    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_message (&frame, s_request ("ping"), &empty);
    xc_test_frame_message (&frame, s_request ("ping"), &empty);
    s_expect_refused (&frame, "字段 ping 重复出现");
    xc_test_frame_free (&frame);
}

static void
test_two_members_of_a_oneof_are_refused (void **state)
{
    (void) state;
    xc_test_frame_t frame = { 0 }, empty = { 0 };
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_message (&frame, s_request ("ping"), &empty);
    xc_test_frame_message (&frame, s_request ("who_am_i"), &empty);
    s_expect_refused (&frame, "字段 who_am_i 与 ping 不能同时出现");
    xc_test_frame_free (&frame);

    /* and inside a request: a field record is one kind of record */
    const ProtobufCMessageDescriptor *type = &xuncha__field_record_create__descriptor;
    xc_test_frame_t body = { 0 };
    xc_test_frame_uint (&body, xc_test_field (type, "group_id"), 1);
    xc_test_frame_uint (&body, xc_test_field (type, "unit_id"), 2);
    xc_test_frame_message (&body, xc_test_field (type, "briefing"), &empty);
    xc_test_frame_message (&body, xc_test_field (type, "petition"), &empty);
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_message (&frame, s_request ("field_record_create"), &body);
    s_expect_refused (&frame, "字段 field_record_create.petition 与 field_record_create.briefing 不能同时出现");
    xc_test_frame_free (&body);
    xc_test_frame_free (&frame);
}

/* ------------------------------------------------------------ broken frames */

static void
test_every_cut_of_a_valid_frame_is_refused (void **state)
{
    (void) state;
    xc_test_frame_t frame = { 0 };
    s_org_unit_create (&frame, "城关镇", strlen ("城关镇"));
    s_expect_accepted (&frame);
    size_t whole = frame.size;
    for (frame.size = 0; frame.size < whole; frame.size++) {
        s_outcome_t outcome;
        assert_false (s_decode (&frame, &outcome));
        assert_int_equal (outcome.status, XUNCHA__STATUS__STATUS_BAD_REQUEST);
        assert_true (outcome.why[0]);
    }
    frame.size = whole - 3;   /* inside the body: its declared length runs past the end */
    s_expect_refused (&frame, "消息无法解析：字段 org_unit_create 声明长度 ");
    s_expect_refused (&frame, "（消息被截断或长度有误）");
    frame.size = whole;
    xc_test_frame_free (&frame);
}

static void
test_a_varint_over_ten_bytes_is_refused (void **state)
{
    (void) state;
    xc_test_frame_t frame = { 0 };
    xc_test_frame_string (&frame, s_request ("request_id"), VALID_ID);
    xc_test_frame_tag (&frame, s_request ("protocol_version"), XC_WIRE_TYPE_VARINT);
    xc_test_frame_raw (&frame, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
    s_expect_refused (&frame, "消息无法解析：字段 protocol_version 的变长整数超过 10 字节");
    xc_test_frame_free (&frame);
}

static void
test_a_length_past_the_end_is_refused (void **state)
{
    (void) state;
    xc_test_frame_t frame = { 0 };
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_tag (&frame, s_request ("org_unit_create"), XC_WIRE_TYPE_LENGTH);
    xc_test_frame_varint (&frame, 0xffffffffu);
    s_expect_refused (&frame, "字段 org_unit_create 声明长度 4294967295 字节，其后只有 0 字节");
    xc_test_frame_free (&frame);

    /* a string inside a body that is itself the right length */
    xc_test_frame_t body = { 0 };
    xc_test_frame_tag (&body, xc_test_field (&xuncha__org_unit_create__descriptor, "name"), XC_WIRE_TYPE_LENGTH);
    xc_test_frame_varint (&body, 200);
    xc_test_frame_raw (&body, "城关镇", strlen ("城关镇"));
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_message (&frame, s_request ("org_unit_create"), &body);
    s_expect_refused (&frame, "字段 org_unit_create.name 声明长度 200 字节，其后只有 9 字节");
    xc_test_frame_free (&body);
    xc_test_frame_free (&frame);
}

static void
test_a_wrong_wire_type_is_refused (void **state)
{
    (void) state;
    xc_test_frame_t frame = { 0 };
    xc_test_frame_uint (&frame, s_request ("request_id"), 7);
    s_expect_refused (&frame, "字段 request_id 的编码类型错误：收到 wire type 0（变长整数），应为 2（长度前缀）");
    xc_test_frame_free (&frame);

    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_tag (&frame, 5, 3);   /* a group, which proto3 does not have */
    s_expect_refused (&frame, "不支持的编码类型（wire type 3");
    xc_test_frame_free (&frame);

    xc_test_frame_raw (&frame, "\x00\x01", 2);
    s_expect_refused (&frame, "第 1 字节处的字段编号无效");
    xc_test_frame_free (&frame);
}

/* ------------------------------------------------------------ unknown and repeated fields */

static void
test_a_request_kind_from_a_newer_client_is_named (void **state)
{
    (void) state;
    xc_test_frame_t frame = { 0 }, empty = { 0 };
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_message (&frame, 500, &empty);
    s_expect_refused (&frame, "请求类型不受此服务器支持（未知的请求正文，字段编号 500）");
    xc_test_frame_free (&frame);

    /* an unknown field beside a known body is a newer client's optional field */
    xc_test_frame_envelope (&frame, VALID_ID);
    xc_test_frame_message (&frame, s_request ("ping"), &empty);
    xc_test_frame_uint (&frame, 501, 1);
    s_expect_accepted (&frame);
    xc_test_frame_free (&frame);

    xc_test_frame_envelope (&frame, VALID_ID);
    s_expect_refused (&frame, "请求没有正文");
    xc_test_frame_free (&frame);
}

/* A talk record with INSPECTORS (a field of ids) as the request's body. */
static void
s_talk (xc_test_frame_t *frame, const xc_test_frame_t *inspectors)
{
    const ProtobufCMessageDescriptor *talk_type = &xuncha__talk__descriptor;
    const ProtobufCMessageDescriptor *type = &xuncha__field_record_create__descriptor;
    xc_test_frame_t talk = { 0 }, body = { 0 };
    xc_test_frame_string (&talk, xc_test_field (talk_type, "interviewee_name"), "李四");
    xc_test_frame_string (&talk, xc_test_field (talk_type, "talk_time"), "2026-03-02 09:30");
    xc_test_frame_string (&talk, xc_test_field (talk_type, "record"), "谈话记录");
    xc_test_frame_raw (&talk, inspectors->data, inspectors->size);
    xc_test_frame_uint (&body, xc_test_field (type, "group_id"), 1);
    xc_test_frame_uint (&body, xc_test_field (type, "unit_id"), 2);
    xc_test_frame_message (&body, xc_test_field (type, "talk"), &talk);
    xc_test_frame_envelope (frame, VALID_ID);
    xc_test_frame_message (frame, s_request ("field_record_create"), &body);
    xc_test_frame_free (&talk);
    xc_test_frame_free (&body);
}

static void
test_repeated_numbers_packed_or_not (void **state)
{
    (void) state;
    unsigned ids = xc_test_field (&xuncha__talk__descriptor, "inspector_ids");
    xc_test_frame_t inspectors = { 0 }, frame = { 0 };
    xc_test_frame_uint (&inspectors, ids, 7);   /* one tag per value */
    xc_test_frame_uint (&inspectors, ids, 300);
    s_talk (&frame, &inspectors);
    s_expect_accepted (&frame);
    xc_test_frame_free (&frame);
    xc_test_frame_free (&inspectors);

    xc_test_frame_bytes (&inspectors, ids, "\x07\xac\x02", 3);   /* packed: 7, 300 */
    s_talk (&frame, &inspectors);
    s_expect_accepted (&frame);
    xc_test_frame_free (&frame);
    xc_test_frame_free (&inspectors);

    xc_test_frame_bytes (&inspectors, ids, "\x07\xac", 2);   /* 300 cut in half */
    s_talk (&frame, &inspectors);
    s_expect_refused (&frame, "字段 field_record_create.talk.inspector_ids[0] 的打包数组含有不完整的变长整数");
    xc_test_frame_free (&frame);
    xc_test_frame_free (&inspectors);
}

/* ------------------------------------------------------------ the notifier channel */

static void
test_the_notifier_channel_reads_the_same_way (void **state)
{
    (void) state;
    const ProtobufCMessageDescriptor *type = &xuncha__notification__descriptor;
    xc_test_frame_t event = { 0 }, frame = { 0 };
    xc_test_frame_uint (&event, xc_test_field (type, "event_id"), 9);
    xc_test_frame_bytes (&event, xc_test_field (type, "title"), "移交\0线索", 13);
    xc_test_frame_uint (&frame, xc_test_field (&xuncha__notifier_message__descriptor, "protocol_version"), 1);
    xc_test_frame_message (&frame, xc_test_field (&xuncha__notifier_message__descriptor, "event"), &event);
    char why[512] = "";
    assert_null (xc_notifier_message_decode (frame.data, frame.size, why, sizeof why));
    assert_contains (why, "字段 event.title 含有 NUL 字节");
    frame.size -= 2;
    assert_null (xc_notifier_message_decode (frame.data, frame.size, why, sizeof why));
    assert_contains (why, "消息无法解析：字段 event 声明长度");
    xc_test_frame_free (&event);
    xc_test_frame_free (&frame);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_zero_byte_in_a_string_is_refused_naming_the_field),
        cmocka_unit_test (test_zero_byte_in_a_repeated_string_names_the_item),
        cmocka_unit_test (test_zero_bytes_in_bytes_are_data),
        cmocka_unit_test (test_a_singular_field_twice_is_refused),
        cmocka_unit_test (test_two_members_of_a_oneof_are_refused),
        cmocka_unit_test (test_every_cut_of_a_valid_frame_is_refused),
        cmocka_unit_test (test_a_varint_over_ten_bytes_is_refused),
        cmocka_unit_test (test_a_length_past_the_end_is_refused),
        cmocka_unit_test (test_a_wrong_wire_type_is_refused),
        cmocka_unit_test (test_a_request_kind_from_a_newer_client_is_named),
        cmocka_unit_test (test_repeated_numbers_packed_or_not),
        cmocka_unit_test (test_the_notifier_channel_reads_the_same_way),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
