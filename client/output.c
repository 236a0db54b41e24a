/* output — see output.h. The text form walks the message like xc_json does. */
#include "output.h"
#include "xc_json.h"
#include "xc_names.h"
#include "xc_proto.h"
#include <inttypes.h>
#include <string.h>

/* The users' word for each field of the reply records: "Message.field" first, then
 * the field name alone. */
static const struct {
    const char *field;
    const char *label;
} s_field_labels[] = {
    { "Inspector.name", "姓名" }, { "GroupMember.name", "姓名" }, { "Round.number", "第几轮" },
    { "Group.number", "组号" }, { "RoundBatch.number", "批次" },
    { "id", "编号" }, { "parent_id", "上级编号" }, { "name", "名称" }, { "kind", "类别" },
    { "path", "全称" }, { "public_key", "公钥" }, { "display_name", "姓名" }, { "role", "角色" },
    { "org_unit_id", "单位编号" }, { "org_unit_name", "所属单位" }, { "revoked", "已吊销" },
    { "home_unit_id", "所在单位编号" }, { "home_unit_name", "所在单位" }, { "specialties", "专长" },
    { "relations", "申报关系" }, { "unit_id", "单位编号" }, { "unit_name", "单位" },
    { "relation", "关系" }, { "user_id", "用户编号" }, { "committee", "党委" }, { "number", "序号" },
    { "type", "类型" }, { "title", "轮次" }, { "start_date", "开始日期" }, { "end_date", "结束日期" },
    { "midpoint_date", "中间节点" }, { "phase", "阶段" }, { "batches", "批次" },
    { "inspector_id", "人员编号" }, { "position", "职务" }, { "batch_number", "批次" },
    { "members", "成员" }, { "units", "被巡察单位" }, { "round_id", "轮次编号" }, { "round", "巡察轮次" },
    { "groups", "巡察组" }, { "server_time", "服务器时间" }, { "protocol_version", "协议版本" },
    { "users", "用户" }, { "inspectors", "巡察人才库" }, { "rounds", "巡察轮次" },
};

static const char *
s_label (const ProtobufCMessageDescriptor *type, const char *field)
{
    char qualified[128];
    snprintf (qualified, sizeof qualified, "%s.%s", type->short_name, field);
    for (size_t i = 0; i < sizeof s_field_labels / sizeof s_field_labels[0]; i++)
        if (strcmp (s_field_labels[i].field, qualified) == 0)
            return s_field_labels[i].label;
    for (size_t i = 0; i < sizeof s_field_labels / sizeof s_field_labels[0]; i++)
        if (strcmp (s_field_labels[i].field, field) == 0)
            return s_field_labels[i].label;
    return field;
}

static void s_print_message (FILE *out, const ProtobufCMessage *message, int indent, int bullet);

static int
s_scalar_is_empty (const ProtobufCFieldDescriptor *field, const void *value)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: return !*(char *const *) value || !**(char *const *) value;
        case PROTOBUF_C_TYPE_INT64: return *(const int64_t *) value == 0;
        case PROTOBUF_C_TYPE_BOOL: return !*(const protobuf_c_boolean *) value;
        case PROTOBUF_C_TYPE_MESSAGE: return *(void *const *) value == NULL;
        default: return *(const int32_t *) value == 0;
    }
}

static void
s_print_scalar (FILE *out, const ProtobufCFieldDescriptor *field, const void *value)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: fputs (*(char *const *) value, out); break;
        case PROTOBUF_C_TYPE_INT64: fprintf (out, "%" PRId64, *(const int64_t *) value); break;
        case PROTOBUF_C_TYPE_UINT32: fprintf (out, "%" PRIu32, *(const uint32_t *) value); break;
        case PROTOBUF_C_TYPE_BOOL: fputs (*(const protobuf_c_boolean *) value ? "是" : "否", out); break;
        case PROTOBUF_C_TYPE_ENUM: {
            const char *label = xc_label (field->descriptor, *(const int *) value);
            if (label)
                fputs (label, out);
            else
                fprintf (out, "%d", *(const int *) value);
            break;
        }
        default: fprintf (out, "%" PRId32, *(const int32_t *) value);
    }
}

/* Prints FIELD at INDENT; with BULLET the line starts "- " two columns to the left
 * (the first line of an item in a list). Returns 1 when something was printed. */
static int
s_print_field (FILE *out, const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field, int indent,
               int bullet)
{
    size_t count = field->label == PROTOBUF_C_LABEL_REPEATED ? xc_proto_repeated_count (message, field) : 1;
    if (count == 0 || (field->label != PROTOBUF_C_LABEL_REPEATED
                       && s_scalar_is_empty (field, xc_proto_value (message, field, 0))))
        return 0;
    if (bullet)
        fprintf (out, "%*s- %s：", indent - 2, "", s_label (message->descriptor, field->name));
    else
        fprintf (out, "%*s%s：", indent, "", s_label (message->descriptor, field->name));
    if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
        fputc ('\n', out);
        int repeated = field->label == PROTOBUF_C_LABEL_REPEATED;
        for (size_t k = 0; k < count; k++)
            s_print_message (out, *(ProtobufCMessage *const *) xc_proto_value (message, field, k),
                             indent + 4, repeated);
        return 1;
    }
    for (size_t k = 0; k < count; k++) {
        if (k)
            fputs ("、", out);
        s_print_scalar (out, field, xc_proto_value (message, field, k));
    }
    fputc ('\n', out);
    return 1;
}

static void
s_print_message (FILE *out, const ProtobufCMessage *message, int indent, int bullet)
{
    for (unsigned i = 0; i < message->descriptor->n_fields; i++)
        if (xc_proto_field_present (message, &message->descriptor->fields[i])
            && s_print_field (out, message, &message->descriptor->fields[i], indent, bullet))
            bullet = 0;
}

/* A list (one repeated message field) prints as numbered blocks, one per record. */
void
xc_output_text (FILE *out, const ProtobufCMessage *body)
{
    const ProtobufCMessageDescriptor *type = body->descriptor;
    if (type->n_fields == 1 && type->fields[0].label == PROTOBUF_C_LABEL_REPEATED
        && type->fields[0].type == PROTOBUF_C_TYPE_MESSAGE) {
        size_t count = xc_proto_repeated_count (body, &type->fields[0]);
        fprintf (out, "%s：共 %zu 条\n", s_label (type, type->fields[0].name), count);
        for (size_t k = 0; k < count; k++) {
            fprintf (out, "\n[%zu]\n", k + 1);
            s_print_message (out, *(ProtobufCMessage *const *) xc_proto_value (body, &type->fields[0], k), 2, 0);
        }
        return;
    }
    s_print_message (out, body, 0, 0);
}

const ProtobufCMessage *
xc_output_body (const Xuncha__Reply *reply)
{
    const ProtobufCMessageDescriptor *type = reply->base.descriptor;
    for (unsigned i = 0; i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &type->fields[i];
        if ((field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && xc_proto_field_present (&reply->base, field))
            return *(ProtobufCMessage *const *) xc_proto_value (&reply->base, field, 0);
    }
    return NULL;
}

void
xc_output_json (FILE *out, const Xuncha__Reply *reply)
{
    const ProtobufCEnumValue *status = protobuf_c_enum_descriptor_get_value (&xuncha__status__descriptor, reply->status);
    fputs ("{\"status\":", out);
    xc_json_write_string (out, status ? status->name : "STATUS_UNKNOWN");
    fputs (",\"message\":", out);
    xc_json_write_string (out, reply->message);
    fputs (",\"request_id\":", out);
    xc_json_write_string (out, reply->request_id);
    const ProtobufCMessage *body = xc_output_body (reply);
    fputs (",\"body\":", out);
    if (body)
        xc_json_write (out, body);
    else
        fputs ("null", out);
    fputs ("}\n", out);
}
