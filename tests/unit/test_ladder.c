/* Unit tests of common/xc_ladder: the 整改期限提醒 ladder (绿 20 days before the deadline,
 * 黄 10 days before, 红 from the day after and every 7 days while overdue) at every
 * boundary, the next day a reminder can be due, a missed level never sent late, and the
 * walk a daily scheduler makes: from any day, nothing changes before the next day and
 * something does on it. Day numbers as xc_date_parse gives them. */
#include "unit.h"
#include "xc_clock.h"
#include "xc_ladder.h"
#include <stdio.h>

static const xc_ladder_t s_ladder = { .green_days = 20, .yellow_days = 10, .repeat_days = 7 };

typedef struct {
    int offset;       /* today - deadline */
    int level;
    int occurrence;
    int next_offset;  /* next_day - deadline */
} boundary_t;

static const boundary_t s_boundaries[] = {
    { -40, XC_LEVEL_NONE, 0, -20 },
    { -21, XC_LEVEL_NONE, 0, -20 },
    { -20, XC_LEVEL_GREEN, 0, -10 },
    { -11, XC_LEVEL_GREEN, 0, -10 },
    { -10, XC_LEVEL_YELLOW, 0, 1 },
    { -1, XC_LEVEL_YELLOW, 0, 1 },
    { 0, XC_LEVEL_YELLOW, 0, 1 },      /* the deadline itself: not yet overdue */
    { 1, XC_LEVEL_RED, 0, 8 },
    { 7, XC_LEVEL_RED, 0, 8 },
    { 8, XC_LEVEL_RED, 1, 15 },
    { 14, XC_LEVEL_RED, 1, 15 },
    { 15, XC_LEVEL_RED, 2, 22 },
    { 365, XC_LEVEL_RED, 52, 372 },
};

static void
test_every_boundary (void **state)
{
    (void) state;
    int64_t deadline;
    assert_int_equal (xc_date_parse ("2026-12-31", &deadline), 0);
    for (size_t i = 0; i < sizeof s_boundaries / sizeof s_boundaries[0]; i++) {
        const boundary_t *b = &s_boundaries[i];
        xc_ladder_step_t step = xc_ladder_on (&s_ladder, deadline + b->offset, deadline);
        if (step.level != b->level || step.occurrence != b->occurrence || step.next_day != deadline + b->next_offset)
            fail_msg ("%+d days: level %d occurrence %d next %+lld, expected level %d occurrence %d next %+d", b->offset,
                      step.level, step.occurrence, (long long) (step.next_day - deadline), b->level, b->occurrence,
                      b->next_offset);
    }
}

static void
test_dates_of_a_real_deadline (void **state)
{
    (void) state;
    int64_t deadline, today;
    char next[11];
    assert_int_equal (xc_date_parse ("2026-12-31", &deadline), 0);
    assert_int_equal (xc_date_parse ("2026-12-11", &today), 0);   /* 20 days before: green */
    xc_ladder_step_t step = xc_ladder_on (&s_ladder, today, deadline);
    assert_int_equal (step.level, XC_LEVEL_GREEN);
    xc_date_format (step.next_day, next);
    assert_string_equal (next, "2026-12-21");   /* yellow */
    step = xc_ladder_on (&s_ladder, step.next_day, deadline);
    xc_date_format (step.next_day, next);
    assert_string_equal (next, "2027-01-01");   /* red, across the year */
    step = xc_ladder_on (&s_ladder, step.next_day, deadline);
    assert_int_equal (step.level, XC_LEVEL_RED);
    xc_date_format (step.next_day, next);
    assert_string_equal (next, "2027-01-08");
}

/* A scheduler that did not run for a while sends the level due now, not the missed one. */
static void
test_missed_levels_are_not_sent_late (void **state)
{
    (void) state;
    assert_int_equal (xc_ladder_on (&s_ladder, 95, 100).level, XC_LEVEL_YELLOW);   /* green missed */
    xc_ladder_step_t step = xc_ladder_on (&s_ladder, 120, 100);                    /* weeks overdue */
    assert_int_equal (step.level, XC_LEVEL_RED);
    assert_int_equal (step.occurrence, 2);   /* the current week only, once */
    assert_int_equal (step.next_day, 122);
}

/* From any day: the next day is later, nothing changes before it, something does on it
 * (for other ladders too), so a scheduler moving next_reminder_on to it misses nothing. */
static void
test_walking_the_ladder_misses_nothing (void **state)
{
    (void) state;
    const xc_ladder_t ladders[] = { s_ladder, { 30, 5, 3 }, { 2, 1, 1 }, { 120, 119, 31 } };
    for (size_t l = 0; l < sizeof ladders / sizeof ladders[0]; l++) {
        const xc_ladder_t *ladder = &ladders[l];
        for (int64_t today = 0; today <= 300; today++) {
            xc_ladder_step_t step = xc_ladder_on (ladder, today, 150);
            if (step.next_day <= today)
                fail_msg ("ladder %zu, day %lld: next day %lld not later", l, (long long) today, (long long) step.next_day);
            xc_ladder_step_t before = xc_ladder_on (ladder, step.next_day - 1, 150);
            xc_ladder_step_t on = xc_ladder_on (ladder, step.next_day, 150);
            if (before.level != step.level || before.occurrence != step.occurrence)
                fail_msg ("ladder %zu, day %lld: changed before the next day", l, (long long) today);
            if (on.level == step.level && on.occurrence == step.occurrence)
                fail_msg ("ladder %zu, day %lld: nothing changes on the next day", l, (long long) today);
            if (on.level < step.level)
                fail_msg ("ladder %zu, day %lld: the level went down", l, (long long) today);
        }
    }
}

/* A repeat of 0 (a broken setting) still moves on, one day at a time. */
static void
test_zero_repeat_still_moves_on (void **state)
{
    (void) state;
    const xc_ladder_t ladder = { 20, 10, 0 };
    xc_ladder_step_t step = xc_ladder_on (&ladder, 103, 100);
    assert_int_equal (step.level, XC_LEVEL_RED);
    assert_int_equal (step.occurrence, 2);
    assert_int_equal (step.next_day, 104);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_every_boundary),
        cmocka_unit_test (test_dates_of_a_real_deadline),
        cmocka_unit_test (test_missed_levels_are_not_sent_late),
        cmocka_unit_test (test_walking_the_ladder_misses_nothing),
        cmocka_unit_test (test_zero_repeat_still_moves_on),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
