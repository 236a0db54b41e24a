/* xc_phase — the phases of a round and which transition is allowed:
 * 准备 → 进驻 → 了解 → 报告 → 反馈 → 移交 → 整改 → 归档, one step at a time, never back.
 * Pure: the caller gathers the facts about the round from the database. */
#ifndef XC_PHASE_H
#define XC_PHASE_H
#include <stddef.h>

typedef struct {
    int groups;                  /* 巡察组 formed for the round */
    int groups_without_leader;   /* groups with no 组长 */
    int groups_without_units;    /* groups with no 被巡察单位 assigned */
} xc_round_facts_t;

/* Returns 0 when FROM → TO is allowed; otherwise -1 with the reason in `why`. */
int xc_phase_check_transition (int from, int to, const xc_round_facts_t *facts, char *why,
                               size_t why_size);

#endif
