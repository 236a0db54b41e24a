/* xc_rawsend — sends hand-made, mostly broken, frames to xunchad over one CURVE
 * connection, and prints for each "CASE STATUS message". The end-to-end tests use it
 * to show that every bad message gets a clear error and the connection stays usable.
 *
 *   xc_rawsend ENDPOINT SERVER_KEY_FILE KEY_FILE CASE...
 *   xc_rawsend --list                     the cases, one a line, with what each sends
 *
 * A CASE is a name, or NAME:ARGUMENTS for the few that take them (oversize:BYTES,
 * org-unit:NAME, round-show:ID, advance:ROUND:PHASE). Frames no protobuf library would
 * write are built byte by byte (tests/support/xc_test_frame.h). */
#include "xc_codec.h"
#include "xc_keys.h"
#include "xc_test_frame.h"
#include "xc_uuid.h"
#include "xc_validate.h"
#include <czmq.h>

#define S_GOOD_NAME "东关村"

/* ------------------------------------------------------------ well-formed requests */

/* Packs REQUEST (a fresh request id and protocol 1 unless set) onto FRAME. */
static void
s_pack (xc_test_frame_t *frame, Xuncha__Request *request)
{
    char id[37];
    xc_uuid_new (id);
    if (!request->request_id || !*request->request_id)
        request->request_id = id;
    if (!request->protocol_version)
        request->protocol_version = XC_PROTOCOL_VERSION;
    size_t size;
    uint8_t *packed = xc_pack (&request->base, &size);
    xc_test_frame_raw (frame, packed, size);
    free (packed);
}

static void
s_ping (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__Ping ping = XUNCHA__PING__INIT;
    request.body_case = XUNCHA__REQUEST__BODY_PING;
    request.ping = &ping;
    s_pack (frame, &request);
}

static void
s_org_unit (xc_test_frame_t *frame, const char *name, int kind)
{
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = (char *) name;
    unit.kind = (Xuncha__UnitKind) kind;
    request.body_case = XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE;
    request.org_unit_create = &unit;
    s_pack (frame, &request);
}

static void
s_round_show (xc_test_frame_t *frame, int64_t round_id)
{
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__RoundShow show = XUNCHA__ROUND_SHOW__INIT;
    show.round_id = round_id;
    request.body_case = XUNCHA__REQUEST__BODY_ROUND_SHOW;
    request.round_show = &show;
    s_pack (frame, &request);
}

/* A field record of group 1 and unit 1 with PETITION or TALK as its detail. */
static void
s_field_record (xc_test_frame_t *frame, Xuncha__Petition *petition, Xuncha__Talk *talk)
{
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__FieldRecordCreate record = XUNCHA__FIELD_RECORD_CREATE__INIT;
    record.group_id = 1;
    record.unit_id = 1;
    record.detail_case = petition ? XUNCHA__FIELD_RECORD_CREATE__DETAIL_PETITION
                                  : XUNCHA__FIELD_RECORD_CREATE__DETAIL_TALK;
    if (petition)
        record.petition = petition;
    else
        record.talk = talk;
    request.body_case = XUNCHA__REQUEST__BODY_FIELD_RECORD_CREATE;
    request.field_record_create = &record;
    s_pack (frame, &request);
}

static void
s_bad_utf8 (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    s_org_unit (frame, "坏\xed\xa0\x80名", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY);   /* an encoded surrogate */
}

static void
s_bad_enum (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    s_org_unit (frame, "某区", 42);
}

static void
s_no_body (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    s_pack (frame, &request);
}

static void
s_bad_version (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__Ping ping = XUNCHA__PING__INIT;
    request.protocol_version = 7;
    request.body_case = XUNCHA__REQUEST__BODY_PING;
    request.ping = &ping;
    s_pack (frame, &request);
}

static void
s_negative_id (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    s_round_show (frame, -1);
}

static void
s_round_show_case (xc_test_frame_t *frame, const char *arg)
{
    s_round_show (frame, atoll (arg));
}

static void
s_org_unit_case (xc_test_frame_t *frame, const char *arg)
{
    s_org_unit (frame, arg, XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY);   /* a root: valid for the 巡察办 */
}

static void
s_nested_required (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    Xuncha__Petition petition = XUNCHA__PETITION__INIT;   /* no content */
    petition.channel = XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_LETTER;
    petition.received_date = "2026-03-02";
    s_field_record (frame, &petition, NULL);
}

static void
s_nested_enum (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    Xuncha__Petition petition = XUNCHA__PETITION__INIT;
    petition.channel = (Xuncha__PetitionChannel) 99;
    petition.received_date = "2026-03-02";
    petition.content = "反映村集体资产出租问题";
    s_field_record (frame, &petition, NULL);
}

static void
s_bad_time (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    int64_t inspectors[] = { 1, 2 };
    Xuncha__Talk talk = XUNCHA__TALK__INIT;
    talk.interviewee_name = "李四";
    talk.talk_time = "2026-03-02 25:00";
    talk.n_inspector_ids = 2;
    talk.inspector_ids = inspectors;
    talk.record = "谈话记录";
    s_field_record (frame, NULL, &talk);
}

static void
s_too_long (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    char name[202] = "";
    for (int i = 0; i < 67; i++)
        strcat (name, "区");   /* 3 bytes each: 201 */
    s_org_unit (frame, name, XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP);
}

static void
s_too_many (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    int64_t clues[XC_MAX_REPEATED + 1];
    for (size_t i = 0; i < XC_MAX_REPEATED + 1; i++)
        clues[i] = (int64_t) i + 1;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__ClueTransfer transfer = XUNCHA__CLUE_TRANSFER__INIT;
    transfer.group_id = 1;
    transfer.receiver_unit_id = 1;
    transfer.n_clue_ids = XC_MAX_REPEATED + 1;
    transfer.clue_ids = clues;
    request.body_case = XUNCHA__REQUEST__BODY_CLUE_TRANSFER;
    request.clue_transfer = &transfer;
    s_pack (frame, &request);
}

static void
s_bad_date (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__RoundCreate round = XUNCHA__ROUND_CREATE__INIT;
    round.committee = "十届区委";
    round.number = 3;
    round.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR;
    round.start_date = "2026-02-30";
    round.end_date = "2026-05-31";
    request.body_case = XUNCHA__REQUEST__BODY_ROUND_CREATE;
    request.round_create = &round;
    s_pack (frame, &request);
}

static void
s_bad_request_id (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__Ping ping = XUNCHA__PING__INIT;
    request.request_id = "not-a-uuid";
    request.body_case = XUNCHA__REQUEST__BODY_PING;
    request.ping = &ping;
    s_pack (frame, &request);
}

static void
s_control_char (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    s_org_unit (frame, "某\x01区", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP);
}

/* ROUND:PHASE — round_advance (PHASE a number of enum Phase). */
static void
s_advance (xc_test_frame_t *frame, const char *arg)
{
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    const char *colon = strchr (arg, ':');
    advance.round_id = atoll (arg);
    advance.to_phase = colon ? (Xuncha__Phase) atoi (colon + 1) : XUNCHA__PHASE__PHASE_ARCHIVED;
    request.body_case = XUNCHA__REQUEST__BODY_ROUND_ADVANCE;
    request.round_advance = &advance;
    s_pack (frame, &request);
}

/* ------------------------------------------------------------ frames built byte by byte */

static unsigned
s_field (const char *name)
{
    return xc_test_field (&xuncha__request__descriptor, name);
}

static void
s_envelope (xc_test_frame_t *frame)
{
    char id[37];
    xc_uuid_new (id);
    xc_test_frame_envelope (frame, id);
}

/* An org_unit_create body whose name is SIZE bytes at NAME, repeated TIMES. */
static void
s_raw_org_unit (xc_test_frame_t *frame, const char *name, size_t size, int times)
{
    const ProtobufCMessageDescriptor *type = &xuncha__org_unit_create__descriptor;
    xc_test_frame_t body = { 0 };
    for (int i = 0; i < times; i++)
        xc_test_frame_bytes (&body, xc_test_field (type, "name"), name, size);
    xc_test_frame_uint (&body, xc_test_field (type, "kind"), XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP);
    s_envelope (frame);
    xc_test_frame_message (frame, s_field ("org_unit_create"), &body);
    xc_test_frame_free (&body);
}

static void
s_garbage (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    xc_test_frame_raw (frame, "\xff\xff\xff\xff\x0f\x01\x02", 7);
}

static void
s_empty (xc_test_frame_t *frame, const char *arg)
{
    (void) frame;
    (void) arg;
}

static void
s_oversize (xc_test_frame_t *frame, const char *arg)
{
    size_t size = (size_t) atol (arg);
    uint8_t *zeros = calloc (1, size ? size : 1);
    xc_test_frame_raw (frame, zeros, size);
    free (zeros);
}

static void
s_truncated (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    s_org_unit (frame, "城关镇人民政府", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP);
    frame->size -= 5;   /* cut inside the body */
}

static void
s_wrong_wire_type (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    xc_test_frame_t empty = { 0 };
    xc_test_frame_uint (frame, s_field ("request_id"), 12345);   /* a string sent as a number */
    xc_test_frame_uint (frame, s_field ("protocol_version"), 1);
    xc_test_frame_message (frame, s_field ("ping"), &empty);
}

static void
s_long_varint (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    char id[37];
    xc_uuid_new (id);
    xc_test_frame_string (frame, s_field ("request_id"), id);
    xc_test_frame_tag (frame, s_field ("protocol_version"), XC_WIRE_TYPE_VARINT);
    xc_test_frame_raw (frame, "\x81\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 11);
}

static void
s_long_length (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    xc_test_frame_t body = { 0 };
    xc_test_frame_tag (&body, xc_test_field (&xuncha__org_unit_create__descriptor, "name"), XC_WIRE_TYPE_LENGTH);
    xc_test_frame_varint (&body, 200);   /* and 9 bytes follow */
    xc_test_frame_raw (&body, S_GOOD_NAME, strlen (S_GOOD_NAME));
    s_envelope (frame);
    xc_test_frame_message (frame, s_field ("org_unit_create"), &body);
    xc_test_frame_free (&body);
}

static void
s_huge_envelope (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    xc_test_frame_tag (frame, s_field ("org_unit_create"), XC_WIRE_TYPE_LENGTH);
    xc_test_frame_varint (frame, 0xffffffffu);   /* 4 GiB declared, nothing follows */
}

static void
s_two_bodies (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    xc_test_frame_t empty = { 0 };
    s_raw_org_unit (frame, S_GOOD_NAME, strlen (S_GOOD_NAME), 1);
    xc_test_frame_message (frame, s_field ("ping"), &empty);
}

static void
s_field_twice (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    s_raw_org_unit (frame, S_GOOD_NAME, strlen (S_GOOD_NAME), 2);
}

static void
s_embedded_nul (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    static const char name[] = "东关村\0西关村";
    s_raw_org_unit (frame, name, sizeof name - 1, 1);
}

static void
s_unknown_kind (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    xc_test_frame_t body = { 0 };
    xc_test_frame_string (&body, 1, "a request kind of a newer client");
    s_envelope (frame);
    xc_test_frame_message (frame, 200, &body);
    xc_test_frame_free (&body);
}

static void
s_group_wire_type (xc_test_frame_t *frame, const char *arg)
{
    (void) arg;
    s_envelope (frame);
    xc_test_frame_tag (frame, 9, 3);   /* start of a group: not in proto3 */
    xc_test_frame_tag (frame, 9, 4);
}

/* ------------------------------------------------------------ the cases */

typedef void (*s_build_fn) (xc_test_frame_t *frame, const char *arg);

static const struct {
    const char *name;
    s_build_fn build;
    const char *what;
} s_cases[] = {
    { "ping", s_ping, "a good ping" },
    { "garbage", s_garbage, "bytes that are no protobuf" },
    { "empty", s_empty, "an empty frame" },
    { "oversize", s_oversize, "oversize:BYTES zero bytes" },
    { "multipart", s_ping, "a good ping sent twice in one two-frame message" },
    { "bad-utf8", s_bad_utf8, "a name with an encoded surrogate" },
    { "bad-enum", s_bad_enum, "a unit kind 42" },
    { "no-body", s_no_body, "a request without a body" },
    { "bad-version", s_bad_version, "protocol version 7" },
    { "truncated", s_truncated, "a valid org_unit_create cut 5 bytes before its end" },
    { "wrong-wire-type", s_wrong_wire_type, "request_id sent as a varint" },
    { "long-varint", s_long_varint, "protocol_version as an 11-byte varint" },
    { "long-length", s_long_length, "a name declaring 200 bytes, 9 following" },
    { "huge-envelope", s_huge_envelope, "only a body tag declaring 4 GiB" },
    { "negative-id", s_negative_id, "round_show of round -1" },
    { "round-show", s_round_show_case, "round-show:ID" },
    { "nested-required", s_nested_required, "a petition without its content" },
    { "nested-enum", s_nested_enum, "a petition from channel 99" },
    { "too-long", s_too_long, "a unit name of 201 bytes (cap 200)" },
    { "too-many", s_too_many, "a clue transfer of 257 clues (cap 256)" },
    { "bad-date", s_bad_date, "a round starting 2026-02-30" },
    { "bad-time", s_bad_time, "a talk at 2026-03-02 25:00" },
    { "bad-request-id", s_bad_request_id, "request id \"not-a-uuid\"" },
    { "two-bodies", s_two_bodies, "org_unit_create and ping in one request" },
    { "field-twice", s_field_twice, "org_unit_create.name twice" },
    { "control-char", s_control_char, "a unit name with byte 0x01" },
    { "embedded-nul", s_embedded_nul, "a unit name with a zero byte inside" },
    { "unknown-kind", s_unknown_kind, "a body in field 200, unknown to this server" },
    { "group-wire-type", s_group_wire_type, "a field sent as a protobuf group" },
    { "org-unit", s_org_unit_case, "org-unit:NAME a good org_unit_create (a 区县)" },
    { "advance", s_advance, "advance:ROUND:PHASE round_advance" },
};

/* The frame(s) of the case CASE ("name" or "name:arguments"); NULL when unknown. */
static zmsg_t *
s_message (const char *which)
{
    const char *colon = strchr (which, ':');
    size_t length = colon ? (size_t) (colon - which) : strlen (which);
    for (size_t i = 0; i < sizeof s_cases / sizeof s_cases[0]; i++) {
        if (strlen (s_cases[i].name) != length || strncmp (s_cases[i].name, which, length) != 0)
            continue;
        xc_test_frame_t frame = { 0 };
        s_cases[i].build (&frame, colon ? colon + 1 : "");
        zmsg_t *msg = zmsg_new ();
        zmsg_addmem (msg, frame.data, frame.size);
        if (strcmp (s_cases[i].name, "multipart") == 0)
            zmsg_addmem (msg, frame.data, frame.size);
        xc_test_frame_free (&frame);
        return msg;
    }
    return NULL;
}

/* Prints "CASE STATUS message"; -1 when FRAME is no reply. */
static int
s_print_reply (const char *which, zframe_t *frame)
{
    Xuncha__Reply *reply = frame ? xc_reply_decode (zframe_data (frame), zframe_size (frame), 1 << 24) : NULL;
    if (!reply) {
        printf ("%s NO_REPLY\n", which);
        return -1;
    }
    const ProtobufCEnumValue *status = protobuf_c_enum_descriptor_get_value (&xuncha__status__descriptor, reply->status);
    printf ("%s %s %s\n", which, status ? status->name : "?", reply->message);
    xuncha__reply__free_unpacked (reply, NULL);
    return 0;
}

int
main (int argc, char **argv)
{
    if (argc == 2 && strcmp (argv[1], "--list") == 0) {
        for (size_t i = 0; i < sizeof s_cases / sizeof s_cases[0]; i++)
            printf ("%-16s %s\n", s_cases[i].name, s_cases[i].what);
        return 0;
    }
    if (argc < 5) {
        fprintf (stderr, "usage: xc_rawsend ENDPOINT SERVER_KEY_FILE KEY_FILE CASE...  (xc_rawsend --list)\n");
        return 2;
    }
    zsys_handler_set (NULL);
    char server_key[41], error[256];
    zcert_t *mine = xc_keys_load (argv[3], error, sizeof error);
    if (xc_keys_public (argv[2], server_key) != 0 || !mine) {
        fprintf (stderr, "xc_rawsend: keys unusable\n");
        return 2;
    }
    zsock_t *socket = zsock_new (ZMQ_DEALER);
    xc_keys_curve_client (socket, mine, server_key);
    zsock_connect (socket, "%s", argv[1]);
    zsock_set_rcvtimeo (socket, 5000);
    int rc = 0;
    for (int i = 4; i < argc; i++) {
        zmsg_t *msg = s_message (argv[i]);
        if (!msg) {
            fprintf (stderr, "xc_rawsend: unknown case %s\n", argv[i]);
            rc = 2;
            continue;
        }
        zmsg_send (&msg, socket);
        zframe_t *frame = zframe_recv (socket);
        if (s_print_reply (argv[i], frame) != 0)
            rc = 1;
        zframe_destroy (&frame);
    }
    zsock_destroy (&socket);
    zcert_destroy (&mine);
    return rc;
}
