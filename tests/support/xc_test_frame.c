/* xc_test_frame — see xc_test_frame.h. */
#include "xc_test_frame.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
xc_test_frame_raw (xc_test_frame_t *frame, const void *bytes, size_t size)
{
    if (frame->size + size > frame->capacity) {
        frame->capacity = (frame->size + size) * 2 + 64;
        frame->data = realloc (frame->data, frame->capacity);
        if (!frame->data)
            abort ();
    }
    if (size)
        memcpy (frame->data + frame->size, bytes, size);
    frame->size += size;
}

void
xc_test_frame_varint (xc_test_frame_t *frame, uint64_t value)
{
    uint8_t bytes[10];
    size_t n = 0;
    do {
        bytes[n++] = (uint8_t) ((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
        value >>= 7;
    } while (value);
    xc_test_frame_raw (frame, bytes, n);
}

void
xc_test_frame_tag (xc_test_frame_t *frame, unsigned field, unsigned wire_type)
{
    xc_test_frame_varint (frame, (uint64_t) field << 3 | wire_type);
}

void
xc_test_frame_uint (xc_test_frame_t *frame, unsigned field, uint64_t value)
{
    xc_test_frame_tag (frame, field, XC_WIRE_TYPE_VARINT);
    xc_test_frame_varint (frame, value);
}

void
xc_test_frame_bytes (xc_test_frame_t *frame, unsigned field, const void *bytes, size_t size)
{
    xc_test_frame_tag (frame, field, XC_WIRE_TYPE_LENGTH);
    xc_test_frame_varint (frame, size);
    xc_test_frame_raw (frame, bytes, size);
}

void
xc_test_frame_string (xc_test_frame_t *frame, unsigned field, const char *text)
{
    xc_test_frame_bytes (frame, field, text, strlen (text));
}

void
xc_test_frame_message (xc_test_frame_t *frame, unsigned field, const xc_test_frame_t *inner)
{
    xc_test_frame_bytes (frame, field, inner->data, inner->size);
}

void
xc_test_frame_envelope (xc_test_frame_t *frame, const char *request_id)
{
    xc_test_frame_string (frame, 1, request_id);
    xc_test_frame_uint (frame, 2, 1);
}

void
xc_test_frame_free (xc_test_frame_t *frame)
{
    free (frame->data);
    memset (frame, 0, sizeof *frame);
}

unsigned
xc_test_field (const ProtobufCMessageDescriptor *type, const char *name)
{
    const ProtobufCFieldDescriptor *field = protobuf_c_message_descriptor_get_field_by_name (type, name);
    if (!field) {
        fprintf (stderr, "xc_test_field: %s has no field %s\n", type->short_name, name);
        abort ();
    }
    return field->id;
}
