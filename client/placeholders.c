/* placeholders — see placeholders.h. */
#include "placeholders.h"
#include <string.h>

/* Is FIELD the active member of its oneof, or not in a oneof at all? */
static int
s_present (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field)
{
    if (!(field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
        return 1;
    uint32_t active;
    memcpy (&active, (const uint8_t *) message + field->quantifier_offset, sizeof active);
    return active == field->id;
}

static int
s_is_id (const ProtobufCFieldDescriptor *field)
{
    size_t n = strlen (field->name);
    return field->type == PROTOBUF_C_TYPE_INT64 && n >= 3 && strcmp (field->name + n - 3, "_id") == 0;
}

/* Calls VISIT on every placeholder of MESSAGE (recursively); stops at the first
 * non-zero answer and returns it. */
typedef int (*s_visit_fn) (int64_t *value, void *context);

static int
s_walk (ProtobufCMessage *message, s_visit_fn visit, void *context)
{
    if (!message)
        return 0;
    const ProtobufCMessageDescriptor *type = message->descriptor;
    for (unsigned i = 0; i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &type->fields[i];
        if (!s_present (message, field))
            continue;
        uint8_t *at = (uint8_t *) message + field->offset;
        size_t count = 1;
        if (field->label == PROTOBUF_C_LABEL_REPEATED)
            memcpy (&count, (uint8_t *) message + field->quantifier_offset, sizeof count);
        if (s_is_id (field)) {
            int64_t *values = field->label == PROTOBUF_C_LABEL_REPEATED ? *(int64_t **) at : (int64_t *) at;
            for (size_t k = 0; k < count; k++)
                if (values[k] < 0) {
                    int rc = visit (&values[k], context);
                    if (rc)
                        return rc;
                }
        }
        else if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
            ProtobufCMessage **items = field->label == PROTOBUF_C_LABEL_REPEATED ? *(ProtobufCMessage ***) at
                                                                                : (ProtobufCMessage **) at;
            for (size_t k = 0; k < count; k++) {
                int rc = s_walk (items[k], visit, context);
                if (rc)
                    return rc;
            }
        }
    }
    return 0;
}

typedef struct {
    int64_t *seqs;
    size_t max, count;
} s_collection_t;

static int
s_collect (int64_t *value, void *context)
{
    s_collection_t *found = context;
    for (size_t i = 0; i < found->count; i++)
        if (found->seqs[i] == -*value)
            return 0;
    if (found->count < found->max)
        found->seqs[found->count++] = -*value;
    return 0;
}

size_t
xc_placeholders_collect (const ProtobufCMessage *message, int64_t *seqs, size_t max)
{
    s_collection_t found = { seqs, max, 0 };
    s_walk ((ProtobufCMessage *) message, s_collect, &found);
    return found.count;
}

typedef struct {
    xc_placeholder_fn resolve;
    void *context;
    int64_t unresolved;
} s_resolution_t;

static int
s_replace (int64_t *value, void *context)
{
    s_resolution_t *resolution = context;
    int64_t id = resolution->resolve (resolution->context, -*value);
    if (id <= 0) {
        resolution->unresolved = -*value;
        return -1;
    }
    *value = id;
    return 0;
}

int
xc_placeholders_resolve (ProtobufCMessage *message, xc_placeholder_fn resolve, void *context, int64_t *unresolved)
{
    s_resolution_t resolution = { resolve, context, 0 };
    int rc = s_walk (message, s_replace, &resolution);
    if (unresolved)
        *unresolved = resolution.unresolved;
    return rc ? -1 : 0;
}

int64_t
xc_reply_created_id (const Xuncha__Reply *reply)
{
    const ProtobufCMessageDescriptor *type = reply->base.descriptor;
    for (unsigned i = 0; i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &type->fields[i];
        if (field->type != PROTOBUF_C_TYPE_MESSAGE || !(field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
            || !s_present (&reply->base, field))
            continue;
        const ProtobufCMessage *body = *(ProtobufCMessage *const *) ((const uint8_t *) reply + field->offset);
        const ProtobufCFieldDescriptor *id = body ? protobuf_c_message_descriptor_get_field_by_name (body->descriptor, "id")
                                                  : NULL;
        if (id && id->type == PROTOBUF_C_TYPE_INT64 && id->label != PROTOBUF_C_LABEL_REPEATED)
            return *(const int64_t *) ((const uint8_t *) body + id->offset);
    }
    return 0;
}
