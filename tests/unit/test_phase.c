/* Unit tests of common/xc_phase: 准备 → 进驻 → 了解 → 报告 → 反馈 → 移交 → 整改 → 归档,
 * one step at a time, never back, nothing after 归档, and 进驻 only with complete groups. */
#include "unit.h"
#include "xc_phase.h"
#include <stdio.h>

static const char *const s_labels[] = { NULL, "准备", "进驻", "了解", "报告", "反馈", "移交", "整改", "归档" };

/* Facts of a round ready for 进驻: two groups, each with a 组长 and units. */
static const xc_round_facts_t s_ready = { .groups = 2, .groups_without_leader = 0, .groups_without_units = 0 };

static void
test_every_pair_of_phases (void **state)
{
    (void) state;
    int allowed = 0;
    for (int from = 1; from <= 8; from++)
        for (int to = 1; to <= 8; to++) {
            char why[256] = "";
            int rc = xc_phase_check_transition (from, to, &s_ready, why, sizeof why);
            if (from != 8 && to == from + 1) {
                if (rc != 0)
                    fail_msg ("%s → %s refused: %s", s_labels[from], s_labels[to], why);
                allowed++;
                continue;
            }
            if (rc != -1)
                fail_msg ("%s → %s allowed (rc %d), expected refusal", s_labels[from], s_labels[to], rc);
            if (!*why)
                fail_msg ("%s → %s refused without a reason", s_labels[from], s_labels[to]);
            if (from == 8)
                assert_contains (why, "已归档");
            else if (to == from) {
                assert_contains (why, "已处于");
                assert_contains (why, s_labels[from]);
            }
            else if (to < from) {
                assert_contains (why, "不能回退");
                assert_contains (why, s_labels[from]);
                assert_contains (why, s_labels[to]);
            }
            else {
                assert_contains (why, "不能跳过");
                assert_contains (why, s_labels[from]);
                assert_contains (why, s_labels[from + 1]);   /* says what comes next */
                assert_contains (why, s_labels[to]);
            }
        }
    assert_int_equal (allowed, 7);
}

static void
test_unknown_current_phase (void **state)
{
    (void) state;
    const int unknown[] = { 0, 9 };
    for (size_t i = 0; i < 2; i++) {
        char why[256] = "";
        assert_int_equal (xc_phase_check_transition (unknown[i], unknown[i] + 1, &s_ready, why, sizeof why), -1);
        assert_contains (why, "当前阶段");
    }
}

static void
test_nothing_leaves_archived (void **state)
{
    (void) state;
    for (int to = 0; to <= 9; to++) {
        char why[256] = "";
        assert_int_equal (xc_phase_check_transition (8, to, &s_ready, why, sizeof why), -1);
        assert_true (*why);
    }
}

static void
test_unknown_target_phase (void **state)
{
    (void) state;
    static const int targets[] = { 0, 9, -1, 100 };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char why[256] = "", number[16];
        assert_int_equal (xc_phase_check_transition (1, targets[i], &s_ready, why, sizeof why), -1);
        assert_contains (why, "不存在");
        snprintf (number, sizeof number, "%d", targets[i]);
        assert_contains (why, number);
    }
    /* 整改 → 9 is not "the next phase" */
    char why[256] = "";
    assert_int_equal (xc_phase_check_transition (7, 9, &s_ready, why, sizeof why), -1);
    assert_contains (why, "不存在");
}

static void
test_entry_needs_complete_groups (void **state)
{
    (void) state;
    static const struct {
        xc_round_facts_t facts;
        const char *reason;
        const char *count;
    } cases[] = {
        { { 0, 0, 0 }, "尚未组建巡察组", NULL },
        { { 2, 1, 0 }, "尚未确定组长", "1 个巡察组" },
        { { 3, 3, 0 }, "尚未确定组长", "3 个巡察组" },
        { { 3, 0, 2 }, "尚未分配被巡察单位", "2 个巡察组" },
        { { 1, 0, 1 }, "尚未分配被巡察单位", "1 个巡察组" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char why[256] = "";
        int rc = xc_phase_check_transition (1, 2, &cases[i].facts, why, sizeof why);
        if (rc != -1)
            fail_msg ("case %zu: 准备 → 进驻 allowed, expected \"%s\"", i, cases[i].reason);
        assert_contains (why, "不能进驻");
        assert_contains (why, cases[i].reason);
        if (cases[i].count)
            assert_contains (why, cases[i].count);
    }

    /* a group missing both: the refusal names at least one of the problems */
    xc_round_facts_t both = { 1, 1, 1 };
    char why[256] = "";
    assert_int_equal (xc_phase_check_transition (1, 2, &both, why, sizeof why), -1);
    assert_contains (why, "不能进驻");

    /* a single complete group is enough */
    xc_round_facts_t one = { 1, 0, 0 };
    assert_int_equal (xc_phase_check_transition (1, 2, &one, why, sizeof why), 0);
}

static void
test_short_why_buffer (void **state)
{
    (void) state;
    char why[8];
    memset (why, 'z', sizeof why);
    assert_int_equal (xc_phase_check_transition (1, 5, &s_ready, why, sizeof why), -1);
    assert_true (strlen (why) < sizeof why);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_every_pair_of_phases),
        cmocka_unit_test (test_unknown_current_phase),
        cmocka_unit_test (test_nothing_leaves_archived),
        cmocka_unit_test (test_unknown_target_phase),
        cmocka_unit_test (test_entry_needs_complete_groups),
        cmocka_unit_test (test_short_why_buffer),
    };
    return cmocka_run_group_tests_name ("phase", tests, NULL, NULL);
}
