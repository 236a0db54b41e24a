/* Unit tests of common/xc_codec (frames <-> envelopes) and common/xc_validate (edge
 * validation): every class of refusal, each checked for its status and for a `why`
 * text that names the problem and the field, both by calling xc_validate_request on
 * the message and by sending it through the wire path (pack -> xc_request_decode). */
#include "unit.h"
#include "xc_codec.h"
#include "xc_validate.h"
#include <stdio.h>
#include <stdlib.h>

#define VALID_ID "0f8fad5b-d9cb-469f-a165-70867728950e"
/* The public key of the ZeroMQ CURVE documentation: 40 Z85 characters. */
#define VALID_KEY "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"

/* ------------------------------------------------------------------ helpers */

static void
s_request_init (Xuncha__Request *request)
{
    Xuncha__Request init = XUNCHA__REQUEST__INIT;
    *request = init;
    request->request_id = (char *) VALID_ID;
    request->protocol_version = 1;
}

/* A complete, valid round_create request; the caller spoils one thing. */
static void
s_round_create (Xuncha__Request *request, Xuncha__RoundCreate *body)
{
    Xuncha__RoundCreate init = XUNCHA__ROUND_CREATE__INIT;
    *body = init;
    body->committee = (char *) "十届区委";
    body->number = 3;
    body->type = XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR;
    body->start_date = (char *) "2026-03-01";
    body->end_date = (char *) "2026-05-31";
    body->midpoint_date = (char *) "2026-04-15";
    s_request_init (request);
    request->body_case = XUNCHA__REQUEST__BODY_ROUND_CREATE;
    request->round_create = body;
}

static char *
s_repeat (char c, size_t n)
{
    char *text = malloc (n + 1);
    assert_non_null (text);
    memset (text, c, n);
    text[n] = 0;
    return text;
}

/* Sends REQUEST through pack + xc_request_decode; returns the decoded request or NULL. */
static Xuncha__Request *
s_wire (const Xuncha__Request *request, size_t max_frame, Xuncha__Status *status,
        char request_id[37], char *why, size_t why_size)
{
    size_t size = 0;
    uint8_t *frame = xc_pack (&request->base, &size);
    assert_non_null (frame);
    assert_int_equal (size, xuncha__request__get_packed_size (request));
    *status = (Xuncha__Status) 12345;
    memset (request_id, 'x', 36);
    request_id[36] = 0;
    why[0] = 0;
    Xuncha__Request *decoded = xc_request_decode (frame, size, max_frame, status, request_id,
                                                  why, why_size);
    free (frame);
    return decoded;
}

/* Asserts that REQUEST is refused with STATUS, the why text containing every NEEDLE,
 * both directly and over the wire, and that EXPECTED_ID is what the decoder recovers. */
static void
s_expect_refused (const Xuncha__Request *request, Xuncha__Status status, const char *expected_id,
                  const char *const *needles)
{
    char why[512] = "";
    assert_int_equal (xc_validate_request (request, why, sizeof why), status);
    for (size_t i = 0; needles[i]; i++)
        assert_contains (why, needles[i]);

    char wire_why[512], id[37];
    Xuncha__Status wire_status;
    Xuncha__Request *decoded = s_wire (request, XC_MAX_FRAME_DEFAULT, &wire_status, id, wire_why,
                                       sizeof wire_why);
    if (decoded) {
        xuncha__request__free_unpacked (decoded, NULL);
        fail_msg ("request accepted over the wire, expected refusal: %s", why);
    }
    assert_int_equal (wire_status, status);
    assert_string_equal (wire_why, why);
    assert_string_equal (id, expected_id);
}

#define EXPECT_REFUSED(request, status, ...)                                               \
    s_expect_refused ((request), (status), VALID_ID, (const char *const[]) { __VA_ARGS__, NULL })
#define EXPECT_REFUSED_ID(request, status, id, ...)                                        \
    s_expect_refused ((request), (status), (id), (const char *const[]) { __VA_ARGS__, NULL })

static void
s_expect_accepted (const Xuncha__Request *request)
{
    char why[512] = "";
    Xuncha__Status status = xc_validate_request (request, why, sizeof why);
    if (status != XUNCHA__STATUS__STATUS_OK)
        fail_msg ("valid request refused with status %d: %s", (int) status, why);
    char id[37];
    Xuncha__Request *decoded = s_wire (request, XC_MAX_FRAME_DEFAULT, &status, id, why, sizeof why);
    if (!decoded)
        fail_msg ("valid request refused over the wire with status %d: %s", (int) status, why);
    assert_int_equal (status, XUNCHA__STATUS__STATUS_OK);
    assert_string_equal (id, request->request_id);
    xuncha__request__free_unpacked (decoded, NULL);
}

#define BAD XUNCHA__STATUS__STATUS_BAD_REQUEST

/* ------------------------------------------------------------------ accepted */

static void
test_valid_request_round_trips (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);

    Xuncha__Status status;
    char id[37], why[256];
    Xuncha__Request *decoded = s_wire (&request, XC_MAX_FRAME_DEFAULT, &status, id, why, sizeof why);
    if (!decoded)
        fail_msg ("valid request refused: %s", why);
    assert_int_equal (status, XUNCHA__STATUS__STATUS_OK);
    assert_string_equal (id, VALID_ID);
    assert_string_equal (decoded->request_id, VALID_ID);
    assert_int_equal (decoded->protocol_version, 1);
    assert_int_equal (decoded->body_case, XUNCHA__REQUEST__BODY_ROUND_CREATE);
    assert_non_null (decoded->round_create);
    assert_string_equal (decoded->round_create->committee, "十届区委");
    assert_int_equal (decoded->round_create->number, 3);
    assert_int_equal (decoded->round_create->type, XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR);
    assert_string_equal (decoded->round_create->start_date, "2026-03-01");
    assert_string_equal (decoded->round_create->end_date, "2026-05-31");
    assert_string_equal (decoded->round_create->midpoint_date, "2026-04-15");
    xuncha__request__free_unpacked (decoded, NULL);
}

static void
test_valid_requests_of_other_kinds (void **state)
{
    (void) state;
    Xuncha__Request request;

    Xuncha__Ping ping = XUNCHA__PING__INIT;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_PING;
    request.ping = &ping;
    s_expect_accepted (&request);

    Xuncha__UserCreate user = XUNCHA__USER_CREATE__INIT;
    user.public_key = (char *) VALID_KEY;
    user.display_name = (char *) "王某某";
    user.role = XUNCHA__ROLE__ROLE_OFFICE;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_USER_CREATE;
    request.user_create = &user;
    s_expect_accepted (&request);

    /* tab, newline and carriage return are text, not control characters */
    Xuncha__InspectorRelationAdd relation = XUNCHA__INSPECTOR_RELATION_ADD__INIT;
    relation.inspector_id = 4;
    relation.unit_id = 9;
    relation.relation = (char *) "配偶任职\t2019年起\r\n至今";
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_INSPECTOR_RELATION_ADD;
    request.inspector_relation_add = &relation;
    s_expect_accepted (&request);

    /* optional fields may be left out: a root unit has parent_id 0 */
    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = (char *) "某区";
    unit.kind = XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE;
    request.org_unit_create = &unit;
    s_expect_accepted (&request);
}

static void
test_limits_are_inclusive (void **state)
{
    (void) state;
    Xuncha__Request request;

    /* org_unit_create.name: exactly 200 bytes (here 66 CJK characters + 2 ASCII) */
    char name[201] = "";
    for (int i = 0; i < 66; i++)
        strcat (name, "镇");
    strcat (name, "ab");
    assert_int_equal (strlen (name), 200);
    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = name;
    unit.kind = XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP;
    unit.parent_id = 1;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE;
    request.org_unit_create = &unit;
    s_expect_accepted (&request);

    /* inspector_create.specialties: exactly 256 entries of 50 bytes each */
    char *specialty = s_repeat ('s', 50);
    char *items[256];
    for (int i = 0; i < 256; i++)
        items[i] = specialty;
    Xuncha__InspectorCreate inspector = XUNCHA__INSPECTOR_CREATE__INIT;
    inspector.name = (char *) "李某";
    inspector.home_unit_id = 3;
    inspector.n_specialties = 256;
    inspector.specialties = items;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_INSPECTOR_CREATE;
    request.inspector_create = &inspector;
    s_expect_accepted (&request);
    free (specialty);

    /* a field without its own cap: exactly XC_MAX_STRING bytes is fine for a Round title */
    char *title = s_repeat ('t', XC_MAX_STRING);
    Xuncha__Round round = XUNCHA__ROUND__INIT;
    round.title = title;
    char why[256] = "";
    assert_int_equal (xc_validate_message (&round.base, "round", why, sizeof why),
                      XUNCHA__STATUS__STATUS_OK);
    free (title);
}

static void
test_frame_at_max_size_is_accepted (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    size_t size = xuncha__request__get_packed_size (&request);
    Xuncha__Status status;
    char id[37], why[256];
    Xuncha__Request *decoded = s_wire (&request, size, &status, id, why, sizeof why);
    if (!decoded)
        fail_msg ("frame of exactly max_frame bytes refused: %s", why);
    assert_int_equal (status, XUNCHA__STATUS__STATUS_OK);
    xuncha__request__free_unpacked (decoded, NULL);
}

/* ------------------------------------------------------------------ frame level */

static void
test_frame_over_max_size (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    size_t size = xuncha__request__get_packed_size (&request);

    Xuncha__Status status;
    char id[37], why[256];
    Xuncha__Request *decoded = s_wire (&request, size - 1, &status, id, why, sizeof why);
    assert_null (decoded);
    assert_int_equal (status, BAD);
    assert_contains (why, "消息过大");
    char numbers[64];
    snprintf (numbers, sizeof numbers, "%zu 字节", size);
    assert_contains (why, numbers);
    snprintf (numbers, sizeof numbers, "上限 %zu 字节", size - 1);
    assert_contains (why, numbers);
    /* the frame was not even unpacked: no id to report */
    assert_string_equal (id, "");

    /* the default limit: 4 MiB + 1 byte is refused before looking at the bytes */
    size_t big = XC_MAX_FRAME_DEFAULT + 1;
    uint8_t *huge = calloc (big, 1);
    assert_non_null (huge);
    status = (Xuncha__Status) 12345;
    decoded = xc_request_decode (huge, big, XC_MAX_FRAME_DEFAULT, &status, id, why, sizeof why);
    free (huge);
    assert_null (decoded);
    assert_int_equal (status, BAD);
    assert_contains (why, "消息过大");
    assert_contains (why, "4194305 字节");
}

static void
test_garbage_does_not_unpack (void **state)
{
    (void) state;
    static const struct {
        const char *bytes;
        size_t size;
    } garbage[] = {
        { "\xff\xff\xff\xff", 4 },                 /* an unterminated varint tag */
        { "\x0a\x10" "abc", 5 },                   /* request_id claims 16 bytes, has 3 */
        { "\x12\x01", 2 },                         /* protocol_version with wrong wire type */
        { "\x9a\x01\x05\x0a\x01", 5 },             /* round_create body cut short */
        { "GET / HTTP/1.1\r\n\r\n", 18 },          /* somebody's web browser */
    };
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        Xuncha__Status status = (Xuncha__Status) 12345;
        char id[37] = "leftover", why[256] = "";
        Xuncha__Request *decoded = xc_request_decode ((const uint8_t *) garbage[i].bytes,
                                                      garbage[i].size, XC_MAX_FRAME_DEFAULT,
                                                      &status, id, why, sizeof why);
        if (decoded) {
            xuncha__request__free_unpacked (decoded, NULL);
            fail_msg ("garbage #%zu was decoded as a request", i);
        }
        assert_int_equal (status, BAD);
        assert_contains (why, "无法解析");
        assert_string_equal (id, "");
    }
}

/* ------------------------------------------------------------------ envelope */

static void
test_unsupported_protocol_version (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);

    request.protocol_version = 2;
    EXPECT_REFUSED (&request, XUNCHA__STATUS__STATUS_UNSUPPORTED_VERSION, "协议版本 2", "版本 1");
    request.protocol_version = UINT32_MAX;
    EXPECT_REFUSED (&request, XUNCHA__STATUS__STATUS_UNSUPPORTED_VERSION, "协议版本 4294967295");
    /* a later version is refused even when its body would be fine for version 1 */
    Xuncha__Ping ping = XUNCHA__PING__INIT;
    s_request_init (&request);
    request.protocol_version = 2;
    request.body_case = XUNCHA__REQUEST__BODY_PING;
    request.ping = &ping;
    EXPECT_REFUSED (&request, XUNCHA__STATUS__STATUS_UNSUPPORTED_VERSION, "协议版本 2");
}

static void
test_missing_protocol_version (void **state)
{
    (void) state;
    /* proto3: 0 is "not set", i.e. a missing required field, not another version */
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    request.protocol_version = 0;
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 protocol_version");
}

static void
test_request_without_body (void **state)
{
    (void) state;
    Xuncha__Request request;
    s_request_init (&request);
    EXPECT_REFUSED (&request, BAD, "没有正文");
}

static void
test_missing_request_id (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    request.request_id = (char *) "";
    EXPECT_REFUSED_ID (&request, BAD, "", "缺少必填字段 request_id");
}

static void
test_request_id_not_a_uuid (void **state)
{
    (void) state;
    static const char *const bad_ids[] = {
        "not-a-uuid",
        "0f8fad5b-d9cb-469f-a165-70867728950",     /* 35 characters */
        "0f8fad5bd9cb-469f-a165-70867728950e0",    /* 36, dash misplaced */
        "0f8fad5b-d9cb-469f-a165-70867728950g",    /* not hex */
        "0f8fad5b-d9cb-469f-a165 70867728950e",    /* space instead of dash */
        "巡察巡察巡察巡察巡察巡察",                  /* 36 bytes of CJK */
    };
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        s_round_create (&request, &body);
        request.request_id = (char *) bad_ids[i];
        EXPECT_REFUSED_ID (&request, BAD, "", "request_id", "UUID");
    }
    /* longer than a UUID: refused by the length cap, still naming the field */
    s_round_create (&request, &body);
    request.request_id = (char *) VALID_ID "0";
    EXPECT_REFUSED_ID (&request, BAD, "", "request_id", "过长", "37 字节");
}

/* ------------------------------------------------------------------ fields */

static void
test_missing_required_fields (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;

    s_round_create (&request, &body);
    body.committee = (char *) "";
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 round_create.committee");

    s_round_create (&request, &body);
    body.number = 0;
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 round_create.number");

    s_round_create (&request, &body);
    body.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_UNSPECIFIED;
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 round_create.type");

    s_round_create (&request, &body);
    body.start_date = (char *) "";
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 round_create.start_date");

    s_round_create (&request, &body);
    body.end_date = (char *) "";
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 round_create.end_date");

    /* midpoint_date is optional */
    s_round_create (&request, &body);
    body.midpoint_date = (char *) "";
    s_expect_accepted (&request);

    Xuncha__InspectorCreate inspector = XUNCHA__INSPECTOR_CREATE__INIT;
    inspector.name = (char *) "李某";
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_INSPECTOR_CREATE;
    request.inspector_create = &inspector;
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 inspector_create.home_unit_id");

    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = (char *) "某镇";
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE;
    request.org_unit_create = &unit;
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 org_unit_create.kind");

    Xuncha__UserCreate user = XUNCHA__USER_CREATE__INIT;
    user.display_name = (char *) "王某";
    user.role = XUNCHA__ROLE__ROLE_READONLY;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_USER_CREATE;
    request.user_create = &user;
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 user_create.public_key");

    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    advance.round_id = 5;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ROUND_ADVANCE;
    request.round_advance = &advance;
    EXPECT_REFUSED (&request, BAD, "缺少必填字段 round_advance.to_phase");
}

static void
test_invalid_utf8 (void **state)
{
    (void) state;
    static const char *const bad[] = {
        "\xc0\xaf",              /* overlong '/' (2 bytes) */
        "\xe0\x80\xaf",          /* overlong '/' (3 bytes) */
        "\xf0\x80\x80\xaf",      /* overlong '/' (4 bytes) */
        "区委\x80",              /* lone continuation byte */
        "\xbf区委",              /* lone continuation byte first */
        "\xed\xa0\x80",          /* UTF-16 surrogate U+D800 */
        "\xed\xbf\xbf",          /* UTF-16 surrogate U+DFFF */
        "区委\xe5\xb7",          /* truncated 3-byte sequence at the end */
        "\xe5\xb7区委",          /* truncated sequence followed by text */
        "\xf4\x90\x80\x80",      /* above U+10FFFF */
        "\xfe\xff",              /* bytes that never occur in UTF-8 */
    };
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s_round_create (&request, &body);
        body.committee = (char *) bad[i];
        EXPECT_REFUSED (&request, BAD, "round_create.committee", "UTF-8");
    }
}

static void
test_control_characters (void **state)
{
    (void) state;
    static const char *const bad[] = { "十届\x01区委", "\x1b[31m区委", "区委\x7f\x08" };
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    body.committee = (char *) bad[0];
    EXPECT_REFUSED (&request, BAD, "round_create.committee", "控制字符", "第 7 字节");
    s_round_create (&request, &body);
    body.committee = (char *) bad[1];
    EXPECT_REFUSED (&request, BAD, "round_create.committee", "控制字符", "第 1 字节");
    s_round_create (&request, &body);
    body.committee = (char *) bad[2];
    EXPECT_REFUSED (&request, BAD, "round_create.committee", "控制字符");
}

static void
test_unknown_enum_value (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    body.type = (Xuncha__RoundType) 99;
    EXPECT_REFUSED (&request, BAD, "round_create.type", "99", "RoundType");

    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    advance.round_id = 5;
    advance.to_phase = (Xuncha__Phase) 9;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ROUND_ADVANCE;
    request.round_advance = &advance;
    EXPECT_REFUSED (&request, BAD, "round_advance.to_phase", "9", "Phase");

    Xuncha__UserCreate user = XUNCHA__USER_CREATE__INIT;
    user.public_key = (char *) VALID_KEY;
    user.display_name = (char *) "王某";
    user.role = (Xuncha__Role) -1;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_USER_CREATE;
    request.user_create = &user;
    EXPECT_REFUSED (&request, BAD, "user_create.role", "-1", "Role");
}

static void
test_negative_ids (void **state)
{
    (void) state;
    Xuncha__Request request;

    Xuncha__RoundShow show = XUNCHA__ROUND_SHOW__INIT;
    show.round_id = -1;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ROUND_SHOW;
    request.round_show = &show;
    EXPECT_REFUSED (&request, BAD, "round_show.round_id", "负数");

    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = (char *) "某镇";
    unit.kind = XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP;
    unit.parent_id = INT64_MIN;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE;
    request.org_unit_create = &unit;
    EXPECT_REFUSED (&request, BAD, "org_unit_create.parent_id", "负数");

    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    body.number = -3;
    EXPECT_REFUSED (&request, BAD, "round_create.number", "负数");
}

static void
test_strings_over_their_cap (void **state)
{
    (void) state;
    Xuncha__Request request;

    char *name = s_repeat ('n', 201);
    Xuncha__OrgUnitCreate unit = XUNCHA__ORG_UNIT_CREATE__INIT;
    unit.name = name;
    unit.kind = XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE;
    request.org_unit_create = &unit;
    EXPECT_REFUSED (&request, BAD, "org_unit_create.name", "过长", "201 字节", "上限 200 字节");
    free (name);

    /* a field with no cap of its own gets XC_MAX_STRING */
    char *midpoint = s_repeat ('9', XC_MAX_STRING + 1);
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    body.midpoint_date = midpoint;
    EXPECT_REFUSED (&request, BAD, "round_create.midpoint_date", "过长", "1025 字节", "上限 1024 字节");
    free (midpoint);

    /* the same for any message, e.g. a Round in a reply */
    char *title = s_repeat ('t', XC_MAX_STRING + 1);
    Xuncha__Round round = XUNCHA__ROUND__INIT;
    round.title = title;
    char why[256] = "";
    assert_int_equal (xc_validate_message (&round.base, "round", why, sizeof why), BAD);
    assert_contains (why, "round.title");
    assert_contains (why, "上限 1024 字节");
    free (title);

    /* each entry of a repeated field has the field's cap */
    char *specialty = s_repeat ('s', 51);
    char *items[] = { (char *) "党建", specialty };
    Xuncha__InspectorCreate inspector = XUNCHA__INSPECTOR_CREATE__INIT;
    inspector.name = (char *) "李某";
    inspector.home_unit_id = 3;
    inspector.n_specialties = 2;
    inspector.specialties = items;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_INSPECTOR_CREATE;
    request.inspector_create = &inspector;
    EXPECT_REFUSED (&request, BAD, "inspector_create.specialties[1]", "过长", "上限 50 字节");
    free (specialty);
}

static void
test_repeated_over_cap (void **state)
{
    (void) state;
    char *items[XC_MAX_REPEATED + 1];
    for (int i = 0; i <= XC_MAX_REPEATED; i++)
        items[i] = (char *) "财务";
    Xuncha__InspectorCreate inspector = XUNCHA__INSPECTOR_CREATE__INIT;
    inspector.name = (char *) "李某";
    inspector.home_unit_id = 3;
    inspector.n_specialties = XC_MAX_REPEATED + 1;
    inspector.specialties = items;
    Xuncha__Request request;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_INSPECTOR_CREATE;
    request.inspector_create = &inspector;
    EXPECT_REFUSED (&request, BAD, "inspector_create.specialties", "条目过多", "257 条", "上限 256 条");

    /* a bad entry is named by its index */
    inspector.n_specialties = 5;
    items[3] = (char *) "\xc0\xaf";
    EXPECT_REFUSED (&request, BAD, "inspector_create.specialties[3]", "UTF-8");
}

static void
test_invalid_dates (void **state)
{
    (void) state;
    static const char *const bad[] = {
        "2026-02-30", "2026-13-01", "2025-02-29", "2026-00-10", "2026-04-31", "2026-01-00",
        "2026-1-01",  "20260301",   "2026/03/01", "2026-03-01T00:00", "明天",
    };
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s_round_create (&request, &body);
        body.start_date = (char *) bad[i];
        EXPECT_REFUSED (&request, BAD, "round_create.start_date", "不是合法日期");

        s_round_create (&request, &body);
        body.end_date = (char *) bad[i];
        EXPECT_REFUSED (&request, BAD, "round_create.end_date", "不是合法日期");

        s_round_create (&request, &body);
        body.midpoint_date = (char *) bad[i];
        EXPECT_REFUSED (&request, BAD, "round_create.midpoint_date", "不是合法日期");
    }

    Xuncha__RoundBatchAdd batch = XUNCHA__ROUND_BATCH_ADD__INIT;
    batch.round_id = 1;
    batch.number = 1;
    batch.start_date = (char *) "2026-02-30";
    batch.end_date = (char *) "2026-03-31";
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_ROUND_BATCH_ADD;
    request.round_batch_add = &batch;
    EXPECT_REFUSED (&request, BAD, "round_batch_add.start_date", "不是合法日期");

    /* a leap day is a real date */
    s_round_create (&request, &body);
    body.start_date = (char *) "2028-02-29";
    s_expect_accepted (&request);
}

static void
test_invalid_public_key (void **state)
{
    (void) state;
    Xuncha__UserCreate user = XUNCHA__USER_CREATE__INIT;
    user.display_name = (char *) "王某";
    user.role = XUNCHA__ROLE__ROLE_OFFICE;
    Xuncha__Request request;
    s_request_init (&request);
    request.body_case = XUNCHA__REQUEST__BODY_USER_CREATE;
    request.user_create = &user;

    static const char *const bad[] = {
        "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf",    /* 39 characters */
        "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]y~7",   /* '~' is not Z85 */
        "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]y 7",   /* nor is a space */
        "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]y\"7",  /* nor a quote */
        "x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        user.public_key = (char *) bad[i];
        EXPECT_REFUSED (&request, BAD, "user_create.public_key", "公钥", "Z85");
    }
    user.public_key = (char *) VALID_KEY "7";   /* 41 characters */
    EXPECT_REFUSED (&request, BAD, "user_create.public_key", "过长", "上限 40 字节");
}

static void
test_request_id_recovered_when_validation_fails (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    body.start_date = (char *) "2026-02-30";
    Xuncha__Status status;
    char id[37], why[256];
    Xuncha__Request *decoded = s_wire (&request, XC_MAX_FRAME_DEFAULT, &status, id, why, sizeof why);
    assert_null (decoded);
    assert_int_equal (status, BAD);
    assert_string_equal (id, VALID_ID);

    /* also with an unsupported version, so that the refusal reaches the right caller */
    s_round_create (&request, &body);
    request.protocol_version = 7;
    decoded = s_wire (&request, XC_MAX_FRAME_DEFAULT, &status, id, why, sizeof why);
    assert_null (decoded);
    assert_int_equal (status, XUNCHA__STATUS__STATUS_UNSUPPORTED_VERSION);
    assert_string_equal (id, VALID_ID);
}

static void
test_short_why_buffer_is_truncated_safely (void **state)
{
    (void) state;
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    body.start_date = (char *) "2026-02-30";
    char why[12];
    memset (why, 'z', sizeof why);
    assert_int_equal (xc_validate_request (&request, why, sizeof why), BAD);
    assert_true (strlen (why) < sizeof why);
}

/* ------------------------------------------------------------------ replies */

static void
test_error_reply_round_trips (void **state)
{
    (void) state;
    size_t size = 0;
    uint8_t *frame = xc_error_reply_pack (VALID_ID, XUNCHA__STATUS__STATUS_CONFLICT,
                                          "回避：该巡察干部的本单位是被巡察单位", &size);
    assert_non_null (frame);
    assert_true (size > 0);
    Xuncha__Reply *reply = xc_reply_decode (frame, size, XC_MAX_FRAME_DEFAULT);
    assert_non_null (reply);
    assert_string_equal (reply->request_id, VALID_ID);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_CONFLICT);
    assert_string_equal (reply->message, "回避：该巡察干部的本单位是被巡察单位");
    assert_int_equal (reply->body_case, XUNCHA__REPLY__BODY__NOT_SET);
    xuncha__reply__free_unpacked (reply, NULL);

    /* the decoder's limit applies to replies too */
    assert_null (xc_reply_decode (frame, size, size - 1));
    free (frame);

    /* no id (the request could not be read) and no text still make a reply */
    frame = xc_error_reply_pack (NULL, XUNCHA__STATUS__STATUS_BAD_REQUEST, NULL, &size);
    assert_non_null (frame);
    reply = xc_reply_decode (frame, size, XC_MAX_FRAME_DEFAULT);
    assert_non_null (reply);
    assert_string_equal (reply->request_id, "");
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_BAD_REQUEST);
    assert_string_equal (reply->message, "");
    xuncha__reply__free_unpacked (reply, NULL);
    free (frame);

    assert_null (xc_reply_decode ((const uint8_t *) "\xff\xff\xff", 3, XC_MAX_FRAME_DEFAULT));
}

static void
test_decode_refusal_makes_error_reply (void **state)
{
    (void) state;
    /* what the server does: refusal -> error reply carrying the id and the why text */
    Xuncha__Request request;
    Xuncha__RoundCreate body;
    s_round_create (&request, &body);
    body.type = (Xuncha__RoundType) 99;
    Xuncha__Status status;
    char id[37], why[256];
    assert_null (s_wire (&request, XC_MAX_FRAME_DEFAULT, &status, id, why, sizeof why));

    size_t size;
    uint8_t *frame = xc_error_reply_pack (id, status, why, &size);
    Xuncha__Reply *reply = xc_reply_decode (frame, size, XC_MAX_FRAME_DEFAULT);
    assert_non_null (reply);
    assert_string_equal (reply->request_id, VALID_ID);
    assert_int_equal (reply->status, XUNCHA__STATUS__STATUS_BAD_REQUEST);
    assert_contains (reply->message, "round_create.type");
    xuncha__reply__free_unpacked (reply, NULL);
    free (frame);
}

static void
test_pack_empty_message (void **state)
{
    (void) state;
    Xuncha__Ping ping = XUNCHA__PING__INIT;
    size_t size = 99;
    uint8_t *frame = xc_pack (&ping.base, &size);
    assert_non_null (frame);
    assert_int_equal (size, 0);
    free (frame);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_valid_request_round_trips),
        cmocka_unit_test (test_valid_requests_of_other_kinds),
        cmocka_unit_test (test_limits_are_inclusive),
        cmocka_unit_test (test_frame_at_max_size_is_accepted),
        cmocka_unit_test (test_frame_over_max_size),
        cmocka_unit_test (test_garbage_does_not_unpack),
        cmocka_unit_test (test_unsupported_protocol_version),
        cmocka_unit_test (test_missing_protocol_version),
        cmocka_unit_test (test_request_without_body),
        cmocka_unit_test (test_missing_request_id),
        cmocka_unit_test (test_request_id_not_a_uuid),
        cmocka_unit_test (test_missing_required_fields),
        cmocka_unit_test (test_invalid_utf8),
        cmocka_unit_test (test_control_characters),
        cmocka_unit_test (test_unknown_enum_value),
        cmocka_unit_test (test_negative_ids),
        cmocka_unit_test (test_strings_over_their_cap),
        cmocka_unit_test (test_repeated_over_cap),
        cmocka_unit_test (test_invalid_dates),
        cmocka_unit_test (test_invalid_public_key),
        cmocka_unit_test (test_request_id_recovered_when_validation_fails),
        cmocka_unit_test (test_short_why_buffer_is_truncated_safely),
        cmocka_unit_test (test_error_reply_round_trips),
        cmocka_unit_test (test_decode_refusal_makes_error_reply),
        cmocka_unit_test (test_pack_empty_message),
    };
    return cmocka_run_group_tests_name ("codec", tests, NULL, NULL);
}
