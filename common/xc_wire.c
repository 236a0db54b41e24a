/* xc_wire — see xc_wire.h.
 *
 * A second reading of the frame, by the same rules protobuf-c unpacks it with: a tag
 * (a varint: field number << 3 | wire type), then the value its wire type says — a
 * varint, 8 bytes, a varint length and that many bytes, or 4 bytes. Each length-
 * delimited value of a known field is looked at: a string for a zero byte, a message
 * read the same way (with its path), a packed array for whole values. Positions in the
 * messages count from 1: a zero byte's within its string (as edge validation counts a
 * control character's), a broken varint's within the frame. */
#include "xc_wire.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC_WIRE_MAX_DEPTH 32     /* the wire contract nests a few levels; no type is recursive */
#define XC_WIRE_MAX_NUMBER 536870911u   /* 2^29 - 1, the largest field number */

enum { WIRE_VARINT = 0, WIRE_64BIT = 1, WIRE_LENGTH = 2, WIRE_32BIT = 5 };

/* One message being read: its type, its bytes [start, end) of FRAME, and its path. */
typedef struct {
    const ProtobufCMessageDescriptor *type;
    const uint8_t *frame;
    size_t start, end;
    const char *path;
    int depth;
} s_span_t;

static int
s_refuse (char *why, size_t why_size, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    vsnprintf (why, why_size, fmt, args);
    va_end (args);
    return -1;
}

/* Reads the varint at *POS, before END. 0; -1 when END comes first; -2 when it runs
 * over 10 bytes (no 64-bit value needs more). */
static int
s_varint (const uint8_t *frame, size_t end, size_t *pos, uint64_t *value)
{
    uint64_t result = 0;
    for (unsigned i = 0; i < 10; i++) {
        if (*pos >= end)
            return -1;
        uint8_t byte = frame[(*pos)++];
        result |= (uint64_t) (byte & 0x7f) << (7 * i);
        if (!(byte & 0x80)) {
            *value = result;
            return 0;
        }
    }
    return -2;
}

/* The wire type one value of FIELD is sent with. */
static unsigned
s_wire_type (const ProtobufCFieldDescriptor *field)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_FIXED64:
        case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_DOUBLE: return WIRE_64BIT;
        case PROTOBUF_C_TYPE_FIXED32:
        case PROTOBUF_C_TYPE_SFIXED32:
        case PROTOBUF_C_TYPE_FLOAT: return WIRE_32BIT;
        case PROTOBUF_C_TYPE_STRING:
        case PROTOBUF_C_TYPE_BYTES:
        case PROTOBUF_C_TYPE_MESSAGE: return WIRE_LENGTH;
        default: return WIRE_VARINT;
    }
}

/* A repeated number may also come packed: one length-delimited run of values. */
static bool
s_may_be_packed (const ProtobufCFieldDescriptor *field)
{
    return field->label == PROTOBUF_C_LABEL_REPEATED && s_wire_type (field) != WIRE_LENGTH;
}

static const char *
s_wire_name (unsigned wire)
{
    static const char *names[] = { "变长整数", "8 字节定长", "长度前缀", "group 开始", "group 结束", "4 字节定长" };
    return wire < sizeof names / sizeof names[0] ? names[wire] : "无效类型";
}

/* PATH of the COUNT-th value of FIELD (or of unknown field NUMBER) in SPAN. */
static void
s_field_path (const s_span_t *span, const ProtobufCFieldDescriptor *field, unsigned number, size_t count,
              char *path, size_t path_size)
{
    const char *dot = *span->path ? "." : "";
    if (!field)
        snprintf (path, path_size, "%s%s#%u", span->path, dot, number);
    else if (field->label == PROTOBUF_C_LABEL_REPEATED)
        snprintf (path, path_size, "%s%s%s[%zu]", span->path, dot, field->name, count);
    else
        snprintf (path, path_size, "%s%s%s", span->path, dot, field->name);
}

/* Steps over the value of wire type WIRE at *POS; *PAYLOAD is where a length-delimited
 * value's bytes begin (they end at the new *POS). */
static int
s_skip_value (const s_span_t *span, unsigned wire, const char *path, size_t *pos, size_t *payload, char *why,
              size_t why_size)
{
    uint64_t value;
    size_t left = span->end - *pos;
    switch (wire) {
        case WIRE_VARINT: {
            int rc = s_varint (span->frame, span->end, pos, &value);
            if (rc == -2)
                return s_refuse (why, why_size, "字段 %s 的变长整数超过 10 字节（第 %zu 字节起）", path,
                                 *pos - 9);
            if (rc == -1)
                return s_refuse (why, why_size, "消息被截断：字段 %s 的值不完整（在第 %zu 字节后中断）", path,
                                 *pos);
            return 0;
        }
        case WIRE_64BIT:
        case WIRE_32BIT: {
            size_t width = wire == WIRE_64BIT ? 8 : 4;
            if (left < width)
                return s_refuse (why, why_size, "消息被截断：字段 %s 应有 %zu 字节，只剩 %zu 字节", path, width,
                                 left);
            *pos += width;
            return 0;
        }
        case WIRE_LENGTH: {
            size_t length_at = *pos;
            int rc = s_varint (span->frame, span->end, pos, &value);
            if (rc == -2)
                return s_refuse (why, why_size, "字段 %s 的长度是超过 10 字节的变长整数（第 %zu 字节起）", path,
                                 length_at + 1);
            if (rc == -1)
                return s_refuse (why, why_size, "消息被截断：字段 %s 的长度不完整（在第 %zu 字节后中断）", path,
                                 *pos);
            left = span->end - *pos;
            if (value > left)
                return s_refuse (why, why_size,
                                 "字段 %s 声明长度 %llu 字节，其后只有 %zu 字节（消息被截断或长度有误）", path,
                                 (unsigned long long) value, left);
            *payload = *pos;
            *pos += (size_t) value;
            return 0;
        }
        default:
            return s_refuse (why, why_size, "字段 %s 使用了不支持的编码类型（wire type %u：%s）", path, wire,
                             s_wire_name (wire));
    }
}

static int s_check_message (const s_span_t *span, char *why, size_t why_size);

/* A packed run of numbers: whole values from start to end. */
static int
s_check_packed (const s_span_t *span, const ProtobufCFieldDescriptor *field, const char *path, size_t start,
                size_t end, char *why, size_t why_size)
{
    unsigned wire = s_wire_type (field);
    size_t width = wire == WIRE_64BIT ? 8 : wire == WIRE_32BIT ? 4 : 0;
    if (width)
        return (end - start) % width == 0
                   ? 0
                   : s_refuse (why, why_size, "字段 %s 的打包数组长度 %zu 字节不是 %zu 的整数倍", path,
                               end - start, width);
    for (size_t pos = start; pos < end;) {
        uint64_t value;
        if (s_varint (span->frame, end, &pos, &value) != 0)
            return s_refuse (why, why_size, "字段 %s 的打包数组含有不完整的变长整数", path);
    }
    return 0;
}

/* The payload [START, END) of known FIELD, sent length-delimited. */
static int
s_check_payload (const s_span_t *span, const ProtobufCFieldDescriptor *field, const char *path, size_t start,
                 size_t end, char *why, size_t why_size)
{
    if (field->type == PROTOBUF_C_TYPE_STRING) {
        const uint8_t *zero = memchr (span->frame + start, 0, end - start);
        if (zero)
            return s_refuse (why, why_size, "字段 %s 含有 NUL 字节（第 %zu 字节），文本中不允许出现", path,
                             (size_t) (zero - (span->frame + start)) + 1);
        return 0;
    }
    if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
        s_span_t inner = { field->descriptor, span->frame, start, end, path, span->depth + 1 };
        return s_check_message (&inner, why, why_size);
    }
    if (s_may_be_packed (field))
        return s_check_packed (span, field, path, start, end, why, why_size);
    return 0;
}

/* A singular field once; one member of a oneof at most. COUNTS: values seen per field. */
static int
s_check_occurrence (const s_span_t *span, const ProtobufCFieldDescriptor *field, const size_t *counts,
                    const char *path, char *why, size_t why_size)
{
    const ProtobufCMessageDescriptor *type = span->type;
    size_t index = (size_t) (field - type->fields);
    if (field->label != PROTOBUF_C_LABEL_REPEATED && counts[index] > 0)
        return s_refuse (why, why_size, "字段 %s 重复出现：每个字段只能出现一次", path);
    if (!(field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
        return 0;
    for (unsigned i = 0; i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *other = &type->fields[i];
        if (i != index && counts[i] > 0 && (other->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
            && other->quantifier_offset == field->quantifier_offset)
            return s_refuse (why, why_size, "字段 %s 与 %s%s%s 不能同时出现：二者只能有一个", path, span->path,
                             *span->path ? "." : "", other->name);
    }
    return 0;
}

/* The fields of SPAN, one after the other; COUNTS: values seen so far per field. */
static int
s_check_fields (const s_span_t *span, size_t *counts, char *why, size_t why_size)
{
    const ProtobufCMessageDescriptor *type = span->type;
    size_t pos = span->start;
    while (pos < span->end) {
        size_t tag_at = pos;
        uint64_t tag;
        int rc = s_varint (span->frame, span->end, &pos, &tag);
        if (rc == -1)
            return s_refuse (why, why_size, "消息被截断：第 %zu 字节起的字段标签不完整", tag_at + 1);
        if (rc == -2 || tag >> 3 > XC_WIRE_MAX_NUMBER || tag >> 3 == 0)
            return s_refuse (why, why_size, "第 %zu 字节处的字段编号无效（应为 1 到 %u）", tag_at + 1,
                             XC_WIRE_MAX_NUMBER);
        unsigned number = (unsigned) (tag >> 3), wire = (unsigned) (tag & 7);
        const ProtobufCFieldDescriptor *field = protobuf_c_message_descriptor_get_field (type, number);
        char path[300];
        s_field_path (span, field, number, field ? counts[field - type->fields] : 0, path, sizeof path);
        if (field && wire != s_wire_type (field) && wire < 6 && !(wire == WIRE_LENGTH && s_may_be_packed (field)))
            return s_refuse (why, why_size, "字段 %s 的编码类型错误：收到 wire type %u（%s），应为 %u（%s）", path,
                             wire, s_wire_name (wire), s_wire_type (field), s_wire_name (s_wire_type (field)));
        size_t payload = 0;
        if (s_skip_value (span, wire, path, &pos, &payload, why, why_size) != 0)
            return -1;
        if (!field)
            continue;
        if (s_check_occurrence (span, field, counts, path, why, why_size) != 0)
            return -1;
        counts[field - type->fields]++;
        if (wire == WIRE_LENGTH && s_check_payload (span, field, path, payload, pos, why, why_size) != 0)
            return -1;
    }
    return 0;
}

static int
s_check_message (const s_span_t *span, char *why, size_t why_size)
{
    if (span->depth > XC_WIRE_MAX_DEPTH)
        return s_refuse (why, why_size, "消息嵌套超过 %d 层（字段 %s）", XC_WIRE_MAX_DEPTH, span->path);
    size_t *counts = calloc (span->type->n_fields + 1, sizeof *counts);
    if (!counts)
        return s_refuse (why, why_size, "内存不足，无法检查消息");
    int rc = s_check_fields (span, counts, why, why_size);
    free (counts);
    return rc;
}

int
xc_wire_check (const ProtobufCMessageDescriptor *type, const uint8_t *data, size_t size, char *why,
               size_t why_size)
{
    s_span_t span = { type, data, 0, size, "", 0 };
    return s_check_message (&span, why, why_size);
}
