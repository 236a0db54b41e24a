/* Unit tests of common/xc_recusal, the 回避 rule, on a small district:
 *
 *   1 某区 ─┬─ 2 区委办
 *           ├─ 10 甲镇 ─┬─ 100 甲一村
 *           │           └─ 101 甲二村
 *           └─ 20 乙镇 ─┬─ 200 乙一村
 *                       └─ 201 乙二村
 */
#include "unit.h"
#include "xc_recusal.h"

static const int64_t DISTRICT[] = { 1 };
static const int64_t OFFICE[] = { 2, 1 };
static const int64_t TOWN_A[] = { 10, 1 };
static const int64_t VILLAGE_A1[] = { 100, 10, 1 };
static const int64_t VILLAGE_A2[] = { 101, 10, 1 };
static const int64_t TOWN_B[] = { 20, 1 };
static const int64_t VILLAGE_B1[] = { 200, 20, 1 };
static const int64_t VILLAGE_B2[] = { 201, 20, 1 };

#define CHAIN(units) { (units), sizeof (units) / sizeof (units)[0] }
#define NO_INDEX ((size_t) -1)

typedef struct {
    const char *what;
    xc_unit_chain_t home;
    xc_unit_chain_t relations[3];
    size_t relation_count;
    xc_unit_chain_t target;
    xc_recusal_t expected;
    size_t expected_index;   /* for XC_RECUSAL_RELATION */
} recusal_case_t;

static const recusal_case_t s_cases[] = {
    { "home unit is the target", CHAIN (TOWN_A), { { 0 } }, 0, CHAIN (TOWN_A), XC_RECUSAL_HOME_UNIT, NO_INDEX },
    { "village cadre inspecting his own township", CHAIN (VILLAGE_A1), { { 0 } }, 0, CHAIN (TOWN_A),
      XC_RECUSAL_HOME_UNIT, NO_INDEX },
    { "village cadre inspecting his own village", CHAIN (VILLAGE_A1), { { 0 } }, 0, CHAIN (VILLAGE_A1),
      XC_RECUSAL_HOME_UNIT, NO_INDEX },
    { "township cadre inspecting a village of his township", CHAIN (TOWN_A), { { 0 } }, 0, CHAIN (VILLAGE_A1),
      XC_RECUSAL_HOME_UNIT, NO_INDEX },
    { "district office inspecting a township", CHAIN (OFFICE), { { 0 } }, 0, CHAIN (TOWN_A), XC_RECUSAL_NONE,
      NO_INDEX },
    { "village cadre inspecting the neighbouring village", CHAIN (VILLAGE_A1), { { 0 } }, 0, CHAIN (VILLAGE_A2),
      XC_RECUSAL_NONE, NO_INDEX },
    { "township cadre inspecting another township", CHAIN (TOWN_A), { { 0 } }, 0, CHAIN (TOWN_B),
      XC_RECUSAL_NONE, NO_INDEX },
    { "relation unit is the target", CHAIN (OFFICE), { CHAIN (VILLAGE_B1) }, 1, CHAIN (VILLAGE_B1),
      XC_RECUSAL_RELATION, 0 },
    { "relation unit lies inside the target", CHAIN (OFFICE), { CHAIN (VILLAGE_B1) }, 1, CHAIN (TOWN_B),
      XC_RECUSAL_RELATION, 0 },
    { "target lies inside the relation unit", CHAIN (OFFICE), { CHAIN (TOWN_B) }, 1, CHAIN (VILLAGE_B1),
      XC_RECUSAL_RELATION, 0 },
    { "unrelated relation", CHAIN (OFFICE), { CHAIN (VILLAGE_B1) }, 1, CHAIN (TOWN_A), XC_RECUSAL_NONE, NO_INDEX },
    { "third relation conflicts", CHAIN (OFFICE),
      { CHAIN (VILLAGE_A2), CHAIN (TOWN_A), CHAIN (VILLAGE_B1) }, 3, CHAIN (VILLAGE_B1), XC_RECUSAL_RELATION, 2 },
    { "second relation conflicts", CHAIN (OFFICE),
      { CHAIN (VILLAGE_B1), CHAIN (VILLAGE_A2), CHAIN (TOWN_B) }, 3, CHAIN (VILLAGE_A2), XC_RECUSAL_RELATION, 1 },
    { "first of two conflicting relations is named", CHAIN (OFFICE),
      { CHAIN (TOWN_A), CHAIN (VILLAGE_B1), CHAIN (TOWN_B) }, 3, CHAIN (TOWN_B), XC_RECUSAL_RELATION, 1 },
    { "home unit wins over a relation", CHAIN (VILLAGE_A1), { CHAIN (TOWN_A) }, 1, CHAIN (TOWN_A),
      XC_RECUSAL_HOME_UNIT, NO_INDEX },
    { "relations that all miss", CHAIN (TOWN_A),
      { CHAIN (VILLAGE_A1), CHAIN (VILLAGE_A2), CHAIN (OFFICE) }, 3, CHAIN (VILLAGE_B1), XC_RECUSAL_NONE, NO_INDEX },
    { "district-level inspector and a township", CHAIN (DISTRICT), { { 0 } }, 0, CHAIN (TOWN_B),
      XC_RECUSAL_NONE, NO_INDEX },
    { "the district itself links nobody: office inspector", CHAIN (OFFICE), { { 0 } }, 0, CHAIN (DISTRICT),
      XC_RECUSAL_NONE, NO_INDEX },
    { "the district itself links nobody: village relation", CHAIN (OFFICE), { CHAIN (VILLAGE_A1) }, 1,
      CHAIN (TOWN_B), XC_RECUSAL_NONE, NO_INDEX },
};

static const char *
s_name (xc_recusal_t result)
{
    switch (result) {
        case XC_RECUSAL_NONE: return "NONE";
        case XC_RECUSAL_HOME_UNIT: return "HOME_UNIT";
        case XC_RECUSAL_RELATION: return "RELATION";
    }
    return "?";
}

static void
test_table (void **state)
{
    (void) state;
    for (size_t i = 0; i < sizeof s_cases / sizeof s_cases[0]; i++) {
        const recusal_case_t *c = &s_cases[i];
        size_t index = NO_INDEX;
        xc_recusal_t result = xc_recusal_check (&c->home, c->relation_count ? c->relations : NULL,
                                                c->relation_count, &c->target, &index);
        if (result != c->expected)
            fail_msg ("%s: got %s, expected %s", c->what, s_name (result), s_name (c->expected));
        if (c->expected == XC_RECUSAL_RELATION && index != c->expected_index)
            fail_msg ("%s: relation_index %zu, expected %zu", c->what, index, c->expected_index);
    }
}

static void
test_no_relations_at_all (void **state)
{
    (void) state;
    xc_unit_chain_t home = CHAIN (VILLAGE_B1);
    xc_unit_chain_t town_a = CHAIN (TOWN_A), town_b = CHAIN (TOWN_B), village_b1 = CHAIN (VILLAGE_B1),
                    village_b2 = CHAIN (VILLAGE_B2);
    size_t index = NO_INDEX;
    assert_int_equal (xc_recusal_check (&home, NULL, 0, &town_a, &index), XC_RECUSAL_NONE);
    assert_int_equal (xc_recusal_check (&home, NULL, 0, &town_b, &index), XC_RECUSAL_HOME_UNIT);
    assert_int_equal (xc_recusal_check (&home, NULL, 0, &village_b1, &index), XC_RECUSAL_HOME_UNIT);
    assert_int_equal (xc_recusal_check (&home, NULL, 0, &village_b2, &index), XC_RECUSAL_NONE);
}

static void
test_relation_index_may_be_null (void **state)
{
    (void) state;
    xc_unit_chain_t home = CHAIN (OFFICE);
    xc_unit_chain_t relations[] = { CHAIN (VILLAGE_A1) };
    xc_unit_chain_t village_a1 = CHAIN (VILLAGE_A1), town_a = CHAIN (TOWN_A), town_b = CHAIN (TOWN_B);
    assert_int_equal (xc_recusal_check (&home, relations, 1, &village_a1, NULL), XC_RECUSAL_RELATION);
    assert_int_equal (xc_recusal_check (&home, relations, 1, &town_a, NULL), XC_RECUSAL_RELATION);
    assert_int_equal (xc_recusal_check (&home, relations, 1, &town_b, NULL), XC_RECUSAL_NONE);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_table),
        cmocka_unit_test (test_no_relations_at_all),
        cmocka_unit_test (test_relation_index_may_be_null),
    };
    return cmocka_run_group_tests_name ("recusal", tests, NULL, NULL);
}
