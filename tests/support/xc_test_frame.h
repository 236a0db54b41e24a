/* xc_test_frame — builds protobuf frames byte by byte, for the tests that must send what
 * no protobuf library writes: a zero byte inside a string, a field twice, two members of
 * a oneof, a frame cut short, a varint of eleven bytes, a length past the end, a field
 * with the wrong wire type, a request kind from the future. A frame is a growing byte
 * buffer; every function appends to it. */
#ifndef XC_TEST_FRAME_H
#define XC_TEST_FRAME_H
#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
} xc_test_frame_t;

#define XC_WIRE_TYPE_VARINT 0
#define XC_WIRE_TYPE_LENGTH 2

void xc_test_frame_raw (xc_test_frame_t *frame, const void *bytes, size_t size);
void xc_test_frame_varint (xc_test_frame_t *frame, uint64_t value);
/* A tag: FIELD's number and the wire type of the value that follows. */
void xc_test_frame_tag (xc_test_frame_t *frame, unsigned field, unsigned wire_type);
/* FIELD as a varint (numbers, enums, bools; a negative int64 as its 10-byte form). */
void xc_test_frame_uint (xc_test_frame_t *frame, unsigned field, uint64_t value);
/* FIELD length-delimited: SIZE bytes (a string may hold a zero byte here). */
void xc_test_frame_bytes (xc_test_frame_t *frame, unsigned field, const void *bytes, size_t size);
void xc_test_frame_string (xc_test_frame_t *frame, unsigned field, const char *text);
/* FIELD holding the message INNER built before. */
void xc_test_frame_message (xc_test_frame_t *frame, unsigned field, const xc_test_frame_t *inner);
/* A request envelope's start: request_id (field 1) and protocol_version 1 (field 2). */
void xc_test_frame_envelope (xc_test_frame_t *frame, const char *request_id);
void xc_test_frame_free (xc_test_frame_t *frame);

/* The number of TYPE's field NAME (aborts when there is none: a test out of date). */
unsigned xc_test_field (const ProtobufCMessageDescriptor *type, const char *name);

#endif
