/* xc_wire — reads a frame's protobuf wire format alongside the message's descriptors,
 * for what protobuf-c's unpack does not say or does not see:
 *
 *  - where a frame that does not unpack goes wrong — cut short, a varint longer than
 *    10 bytes, a length running past the end of the frame, a field sent with the wrong
 *    wire type — so that the refusal names the problem and the field;
 *  - a string with a zero byte in it: protobuf-c copies a string's bytes and ends them
 *    with a NUL, so every C function would read a shorter, different text than the
 *    sender sent ("张三\0李四" would be stored as "张三"). Only the encoded bytes show it;
 *  - a singular field sent twice, and two members of one oneof (protobuf-c keeps the
 *    last one silently; no client sends either, so it is refused, not guessed at).
 *
 * Unknown field numbers are skipped, as protobuf does (a newer client's new field). */
#ifndef XC_WIRE_H
#define XC_WIRE_H
#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

/* 0 when DATA is well-formed as TYPE with none of the problems above; -1 with `why`
 * naming the first problem found (the field's path, e.g. "org_unit_create.name"). */
int xc_wire_check (const ProtobufCMessageDescriptor *type, const uint8_t *data, size_t size, char *why,
                   size_t why_size);

#endif
