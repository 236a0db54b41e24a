/* xc_proto — reflection over protobuf-c messages: what the generic walkers
 * (validation, JSON, text output) need to know about a field's storage. */
#ifndef XC_PROTO_H
#define XC_PROTO_H
#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

/* Size of one value of FIELD as stored in a repeated array. */
size_t xc_proto_value_size (const ProtobufCFieldDescriptor *field);
/* False for a oneof member that is not the chosen one. */
int xc_proto_field_present (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field);
/* Number of values of a repeated FIELD. */
size_t xc_proto_repeated_count (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field);
/* Address of the K-th value of FIELD (K = 0 for a singular field). */
const void *xc_proto_value (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field, size_t k);

#endif
