/* xc_proto — see xc_proto.h. */
#include "xc_proto.h"
#include <stdint.h>

size_t
xc_proto_value_size (const ProtobufCFieldDescriptor *field)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING:
        case PROTOBUF_C_TYPE_MESSAGE: return sizeof (void *);
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_FIXED64:
        case PROTOBUF_C_TYPE_DOUBLE: return 8;
        case PROTOBUF_C_TYPE_BYTES: return sizeof (ProtobufCBinaryData);
        case PROTOBUF_C_TYPE_BOOL: return sizeof (protobuf_c_boolean);
        default: return 4;
    }
}

int
xc_proto_field_present (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field)
{
    if (!(field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
        return 1;
    return *(const uint32_t *) ((const char *) message + field->quantifier_offset) == field->id;
}

size_t
xc_proto_repeated_count (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field)
{
    return *(const size_t *) ((const char *) message + field->quantifier_offset);
}

const void *
xc_proto_value (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field, size_t k)
{
    const char *member = (const char *) message + field->offset;
    if (field->label != PROTOBUF_C_LABEL_REPEATED)
        return member;
    const char *items = *(const char *const *) member;
    return items ? items + k * xc_proto_value_size (field) : NULL;
}
