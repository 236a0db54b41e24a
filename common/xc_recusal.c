/* xc_recusal — see xc_recusal.h. */
#include "xc_recusal.h"

static int
s_chain_contains (const xc_unit_chain_t *chain, int64_t unit)
{
    for (size_t i = 0; chain && i < chain->length; i++)
        if (chain->chain[i] == unit)
            return 1;
    return 0;
}

xc_recusal_t
xc_recusal_check (const xc_unit_chain_t *home, const xc_unit_chain_t *relations,
                  size_t relation_count, int64_t target_unit, size_t *relation_index)
{
    if (s_chain_contains (home, target_unit))
        return XC_RECUSAL_HOME_UNIT;
    for (size_t i = 0; i < relation_count; i++)
        if (s_chain_contains (&relations[i], target_unit)) {
            if (relation_index)
                *relation_index = i;
            return XC_RECUSAL_RELATION;
        }
    return XC_RECUSAL_NONE;
}
