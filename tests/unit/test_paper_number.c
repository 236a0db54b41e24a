/* Unit tests of common/xc_paper_number: the number a 组长 gives a signed 问题底稿,
 * [YEAR] + the committee's prefix + group + two-digit sequence, e.g. [2026]区巡-2组-07号,
 * and the number of a 问题线索 transfer batch, e.g. [2026]区巡-1组-移01号. */
#include "unit.h"
#include "xc_paper_number.h"

static void
test_prefix_from_the_committee (void **state)
{
    (void) state;
    static const struct {
        const char *committee;
        const char *prefix;
    } cases[] = {
        { "十届区委", "区巡" },
        { "县委", "县巡" },
        { "市委", "市巡" },
        { "中共某某市委", "市巡" },
        { "区委市委", "市巡" },        /* the last 委 decides */
        { "十四届县委", "县巡" },
        { "委", "巡" },                /* nothing before 委 */
        { "某某集团", "巡" },          /* no 委 at all */
        { "", "巡" },
        { "X委", "X巡" },              /* a one-byte character before 委 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char prefix[16];
        assert_int_equal (xc_paper_number_prefix (cases[i].committee, prefix, sizeof prefix), 0);
        if (strcmp (prefix, cases[i].prefix) != 0)
            fail_msg ("%s: prefix %s, expected %s", cases[i].committee, prefix, cases[i].prefix);
    }
    char prefix[16];
    assert_int_equal (xc_paper_number_prefix (NULL, prefix, sizeof prefix), 0);
    assert_string_equal (prefix, "巡");
}

static void
test_whole_numbers (void **state)
{
    (void) state;
    char number[64];
    assert_int_equal (xc_paper_number_format ("十届区委", 2026, 2, 7, number, sizeof number), 0);
    assert_string_equal (number, "[2026]区巡-2组-07号");
    assert_int_equal (xc_paper_number_format ("县委", 2025, 1, 1, number, sizeof number), 0);
    assert_string_equal (number, "[2025]县巡-1组-01号");
    assert_int_equal (xc_paper_number_format ("市委", 2026, 12, 10, number, sizeof number), 0);
    assert_string_equal (number, "[2026]市巡-12组-10号");
    /* past 99 the sequence simply grows */
    assert_int_equal (xc_paper_number_format ("十届区委", 2026, 3, 123, number, sizeof number), 0);
    assert_string_equal (number, "[2026]区巡-3组-123号");
    assert_int_equal (xc_paper_number_format ("集团", 2026, 1, 5, number, sizeof number), 0);
    assert_string_equal (number, "[2026]巡-1组-05号");
}

/* 移交批次: the same prefix, group and year, "移" before the batch's own sequence */
static void
test_transfer_batch_numbers (void **state)
{
    (void) state;
    char number[64];
    assert_int_equal (xc_batch_number_format ("十届区委", 2026, 1, 1, number, sizeof number), 0);
    assert_string_equal (number, "[2026]区巡-1组-移01号");
    assert_int_equal (xc_batch_number_format ("县委", 2027, 12, 15, number, sizeof number), 0);
    assert_string_equal (number, "[2027]县巡-12组-移15号");
    assert_int_equal (xc_batch_number_format ("集团", 2026, 2, 100, number, sizeof number), 0);
    assert_string_equal (number, "[2026]巡-2组-移100号");
    assert_int_equal (xc_batch_number_format ("区委", 2026, 1, 0, number, sizeof number), -1);
    assert_int_equal (xc_batch_number_format ("区委", 2026, 0, 1, number, sizeof number), -1);
    assert_int_equal (xc_batch_number_format ("区委", 1899, 1, 1, number, sizeof number), -1);
    /* exactly fits, then one byte short: refused, not cut */
    size_t exact = strlen ("[2026]区巡-1组-移01号") + 1;
    assert_int_equal (xc_batch_number_format ("十届区委", 2026, 1, 1, number, exact), 0);
    assert_int_equal (xc_batch_number_format ("十届区委", 2026, 1, 1, number, exact - 1), -1);
}

static void
test_refuses_what_cannot_be_a_number (void **state)
{
    (void) state;
    char number[64];
    assert_int_equal (xc_paper_number_format ("区委", 2026, 1, 0, number, sizeof number), -1);
    assert_int_equal (xc_paper_number_format ("区委", 2026, 0, 1, number, sizeof number), -1);
    assert_int_equal (xc_paper_number_format ("区委", 1899, 1, 1, number, sizeof number), -1);
    assert_int_equal (xc_paper_number_format ("区委", 3000, 1, 1, number, sizeof number), -1);
    /* a buffer too small is refused, not cut */
    char small[12];
    assert_int_equal (xc_paper_number_format ("十届区委", 2026, 2, 7, small, sizeof small), -1);
    char tiny[4];
    assert_int_equal (xc_paper_number_prefix ("十届区委", tiny, sizeof tiny), -1);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_prefix_from_the_committee),
        cmocka_unit_test (test_whole_numbers),
        cmocka_unit_test (test_transfer_batch_numbers),
        cmocka_unit_test (test_refuses_what_cannot_be_a_number),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
