/* Unit tests of common/xc_audit_hash: the canonical content of an audit row and its link
 * in the chain, against vectors computed independently (sha256sum over 32 zero bytes, or
 * the previous link, followed by the canonical text), and the properties the verifier
 * relies on: every field counts, fields cannot be shifted into each other, and a link
 * depends on the one before it. */
#include "unit.h"
#include "xc_audit_hash.h"
#include <sodium.h>

#define REQUEST "0b7c3f1e-2a4d-4c5e-9f60-1a2b3c4d5e6f"
#define FIRST_CANONICAL                                                                            \
    "xuncha-audit-v11:1,27:2026-05-12T01:02:03.123456Z,1:7,36:" REQUEST ",17:record_field_work,"  \
    "12:field_record,2:42,"
#define FIRST_LINK "5479ddd01c53ebf0dcc7c2e9faa6c2718e8de3cf3c4113d01cfe1683e3bd2811"
#define SECOND_CANONICAL                                                                           \
    "xuncha-audit-v11:2,27:2026-05-12T01:02:04.000000Z,2:12,36:" REQUEST ",13:read_identity,"     \
    "12:field_record,0:,"
#define SECOND_LINK "a49d48b286b8a495541dc6a563c2a134da613c4e7ae1dc79cdccd0ef6f3dee02"

static const xc_audit_row_t s_first = { 1, "2026-05-12T01:02:03.123456Z", 7, REQUEST, "record_field_work",
                                        "field_record", 42 };
static const xc_audit_row_t s_second = { 2, "2026-05-12T01:02:04.000000Z", 12, REQUEST, "read_identity",
                                         "field_record", 0 };

static void
s_link_hex (const uint8_t *previous, const xc_audit_row_t *row, char hex[XC_AUDIT_HASH_HEX])
{
    uint8_t link[XC_AUDIT_HASH_BYTES];
    xc_audit_link (previous, row, link);
    xc_audit_hex (link, hex);
}

static void
test_canonical_content (void **state)
{
    (void) state;
    char buf[512];
    assert_int_equal (xc_audit_canonical (&s_first, buf, sizeof buf), strlen (FIRST_CANONICAL));
    assert_string_equal (buf, FIRST_CANONICAL);
    assert_int_equal (xc_audit_canonical (&s_second, buf, sizeof buf), strlen (SECOND_CANONICAL));
    assert_string_equal (buf, SECOND_CANONICAL);   /* no record id: the empty field */
    char small[8];
    assert_int_equal (xc_audit_canonical (&s_first, small, sizeof small), strlen (FIRST_CANONICAL));
}

static void
test_known_links (void **state)
{
    (void) state;
    char hex[XC_AUDIT_HASH_HEX];
    s_link_hex (NULL, &s_first, hex);
    assert_string_equal (hex, FIRST_LINK);
    uint8_t first[XC_AUDIT_HASH_BYTES];
    assert_int_equal (xc_audit_unhex (FIRST_LINK, first), 0);
    s_link_hex (first, &s_second, hex);
    assert_string_equal (hex, SECOND_LINK);
    uint8_t zero[XC_AUDIT_HASH_BYTES] = { 0 };
    s_link_hex (zero, &s_first, hex);   /* NULL means 32 zero bytes */
    assert_string_equal (hex, FIRST_LINK);
}

/* Changing any one field, or the previous link, changes the link. */
static void
test_every_field_counts (void **state)
{
    (void) state;
    char base[XC_AUDIT_HASH_HEX], other[XC_AUDIT_HASH_HEX];
    s_link_hex (NULL, &s_first, base);
    xc_audit_row_t rows[7];
    for (int i = 0; i < 7; i++)
        rows[i] = s_first;
    rows[0].seq = 2;
    rows[1].at = "2026-05-12T01:02:03.123457Z";
    rows[2].user_id = 8;
    rows[3].request_id = "0b7c3f1e-2a4d-4c5e-9f60-1a2b3c4d5e60";
    rows[4].action = "read_identity";
    rows[5].record_type = "clue";
    rows[6].record_id = 43;
    for (int i = 0; i < 7; i++) {
        s_link_hex (NULL, &rows[i], other);
        if (strcmp (base, other) == 0)
            fail_msg ("changing field %d left the link unchanged", i);
    }
    uint8_t previous[XC_AUDIT_HASH_BYTES] = { 1 };
    s_link_hex (previous, &s_first, other);
    assert_string_not_equal (base, other);
}

/* Bytes moved from one field into the next make another row, and another link. */
static void
test_fields_cannot_shift (void **state)
{
    (void) state;
    xc_audit_row_t a = s_first, b = s_first;
    a.action = "read_";
    a.record_type = "clue";
    b.action = "read";
    b.record_type = "_clue";
    char one[512], two[512];
    xc_audit_canonical (&a, one, sizeof one);
    xc_audit_canonical (&b, two, sizeof two);
    assert_string_not_equal (one, two);
    b.action = "read_4:clue,";   /* a field that looks like the encoding itself */
    b.record_type = "";
    xc_audit_canonical (&b, two, sizeof two);
    assert_string_not_equal (one, two);
    char hex_a[XC_AUDIT_HASH_HEX], hex_b[XC_AUDIT_HASH_HEX];
    s_link_hex (NULL, &a, hex_a);
    s_link_hex (NULL, &b, hex_b);
    assert_string_not_equal (hex_a, hex_b);
}

static void
test_hex_round_trip (void **state)
{
    (void) state;
    uint8_t link[XC_AUDIT_HASH_BYTES];
    char hex[XC_AUDIT_HASH_HEX];
    assert_int_equal (xc_audit_unhex (SECOND_LINK, link), 0);
    xc_audit_hex (link, hex);
    assert_string_equal (hex, SECOND_LINK);
    assert_int_equal (xc_audit_unhex ("5479", link), -1);
    assert_int_equal (xc_audit_unhex (NULL, link), -1);
    assert_int_equal (xc_audit_unhex ("zz79ddd01c53ebf0dcc7c2e9faa6c2718e8de3cf3c4113d01cfe1683e3bd2811", link), -1);
}

int
main (void)
{
    if (sodium_init () < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_canonical_content),
        cmocka_unit_test (test_known_links),
        cmocka_unit_test (test_every_field_counts),
        cmocka_unit_test (test_fields_cannot_shift),
        cmocka_unit_test (test_hex_round_trip),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
