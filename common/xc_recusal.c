/* xc_recusal — see xc_recusal.h. */
#include "xc_recusal.h"

/* Whether UNIT is in CHAIN below its root (the root itself does not count). */
static int
s_below_root (const xc_unit_chain_t *chain, int64_t unit)
{
    for (size_t i = 0; chain && i + 1 < chain->length; i++)
        if (chain->chain[i] == unit)
            return 1;
    return 0;
}

/* A and B are the same unit or one lies inside the other, the root aside. */
static int
s_overlap (const xc_unit_chain_t *a, const xc_unit_chain_t *b)
{
    return a->length && b->length
           && (s_below_root (a, b->chain[0]) || s_below_root (b, a->chain[0]));
}

xc_recusal_t
xc_recusal_check (const xc_unit_chain_t *home, const xc_unit_chain_t *relations,
                  size_t relation_count, const xc_unit_chain_t *target, size_t *relation_index)
{
    if (s_overlap (home, target))
        return XC_RECUSAL_HOME_UNIT;
    for (size_t i = 0; i < relation_count; i++)
        if (s_overlap (&relations[i], target)) {
            if (relation_index)
                *relation_index = i;
            return XC_RECUSAL_RELATION;
        }
    return XC_RECUSAL_NONE;
}
