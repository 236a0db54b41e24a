/* xc_recusal — the 回避 rule: an inspector may not inspect his own unit, nor a unit
 * with which he has declared a relation. "His own unit" covers both directions: his
 * home unit lies inside the inspected unit (a village cadre cannot inspect his
 * township) or the inspected unit lies inside his home unit (a township cadre cannot
 * inspect the township's villages). The root of the tree (the committee's own 区/县)
 * links every unit and is left out of both directions: it is the inspecting side,
 * never an inspected unit, and an inspector from the 区 level may inspect anywhere.
 *
 * Pure: each unit is given as its chain of ancestors, itself first, root last. */
#ifndef XC_RECUSAL_H
#define XC_RECUSAL_H
#include <stddef.h>
#include <stdint.h>

typedef enum {
    XC_RECUSAL_NONE = 0,
    XC_RECUSAL_HOME_UNIT,   /* the inspected unit is, contains or lies inside his home unit */
    XC_RECUSAL_RELATION     /* ... a unit he declared a relation with */
} xc_recusal_t;

typedef struct {
    const int64_t *chain;   /* the unit, then its parent, ..., the root */
    size_t length;
} xc_unit_chain_t;

/* Checks whether an inspector with HOME and RELATIONS may inspect TARGET.
 * On a relation conflict *relation_index names the relation. */
xc_recusal_t xc_recusal_check (const xc_unit_chain_t *home, const xc_unit_chain_t *relations,
                               size_t relation_count, const xc_unit_chain_t *target, size_t *relation_index);

#endif
