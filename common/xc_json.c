/* xc_json — see xc_json.h. Walks the descriptors like xc_validate.c does. */
#include "xc_json.h"
#include "xc_proto.h"
#include <inttypes.h>

void
xc_json_write_string (FILE *out, const char *text)
{
    fputc ('"', out);
    for (const unsigned char *p = (const unsigned char *) (text ? text : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf (out, "\\%c", *p);
        else if (*p == '\n')
            fputs ("\\n", out);
        else if (*p == '\t')
            fputs ("\\t", out);
        else if (*p < 0x20)
            fprintf (out, "\\u%04x", *p);
        else
            fputc (*p, out);
    }
    fputc ('"', out);
}

static void
s_write_value (FILE *out, const ProtobufCFieldDescriptor *field, const void *member)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: xc_json_write_string (out, *(char *const *) member); break;
        case PROTOBUF_C_TYPE_INT64: fprintf (out, "%" PRId64, *(const int64_t *) member); break;
        case PROTOBUF_C_TYPE_UINT64: fprintf (out, "%" PRIu64, *(const uint64_t *) member); break;
        case PROTOBUF_C_TYPE_INT32: fprintf (out, "%" PRId32, *(const int32_t *) member); break;
        case PROTOBUF_C_TYPE_UINT32: fprintf (out, "%" PRIu32, *(const uint32_t *) member); break;
        case PROTOBUF_C_TYPE_BOOL: fputs (*(const protobuf_c_boolean *) member ? "true" : "false", out); break;
        case PROTOBUF_C_TYPE_ENUM: {
            const ProtobufCEnumValue *value =
                protobuf_c_enum_descriptor_get_value (field->descriptor, *(const int *) member);
            if (value)
                xc_json_write_string (out, value->name);
            else
                fprintf (out, "%d", *(const int *) member);
            break;
        }
        case PROTOBUF_C_TYPE_MESSAGE: {
            const ProtobufCMessage *sub = *(ProtobufCMessage *const *) member;
            if (sub)
                xc_json_write (out, sub);
            else
                fputs ("null", out);
            break;
        }
        case PROTOBUF_C_TYPE_BYTES: fprintf (out, "%zu", ((const ProtobufCBinaryData *) member)->len); break;
        case PROTOBUF_C_TYPE_DOUBLE: fprintf (out, "%.15g", *(const double *) member); break;
        default: fputs ("null", out);
    }
}

void
xc_json_write (FILE *out, const ProtobufCMessage *message)
{
    const ProtobufCMessageDescriptor *type = message->descriptor;
    int first = 1;
    fputc ('{', out);
    for (unsigned i = 0; i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &type->fields[i];
        if (!xc_proto_field_present (message, field))
            continue;
        fprintf (out, "%s\"%s\":", first ? "" : ",", field->name);
        first = 0;
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t count = xc_proto_repeated_count (message, field);
            fputc ('[', out);
            for (size_t k = 0; k < count; k++) {
                if (k)
                    fputc (',', out);
                s_write_value (out, field, xc_proto_value (message, field, k));
            }
            fputc (']', out);
        }
        else
            s_write_value (out, field, xc_proto_value (message, field, 0));
    }
    fputc ('}', out);
}
