/* xc_phase — see xc_phase.h. */
#include "xc_phase.h"
#include "xc_names.h"
#include "xuncha.pb-c.h"
#include <stdio.h>

static const char *
s_name (int phase)
{
    const char *label = xc_label (&xuncha__phase__descriptor, phase);
    return label ? label : "未知阶段";
}

int
xc_phase_check_transition (int from, int to, const xc_round_facts_t *facts, char *why,
                           size_t why_size)
{
    if (from < XUNCHA__PHASE__PHASE_PREPARATION || from > XUNCHA__PHASE__PHASE_ARCHIVED) {
        snprintf (why, why_size, "当前阶段 %d 不存在", from);
        return -1;
    }
    if (to < XUNCHA__PHASE__PHASE_PREPARATION || to > XUNCHA__PHASE__PHASE_ARCHIVED) {
        snprintf (why, why_size, "目标阶段 %d 不存在", to);
        return -1;
    }
    if (from == XUNCHA__PHASE__PHASE_ARCHIVED) {
        snprintf (why, why_size, "本轮巡察已归档，阶段不能再变更");
        return -1;
    }
    if (to == from) {
        snprintf (why, why_size, "本轮巡察已处于“%s”阶段", s_name (from));
        return -1;
    }
    if (to < from) {
        snprintf (why, why_size, "阶段不能回退：当前为“%s”，不能退回“%s”", s_name (from), s_name (to));
        return -1;
    }
    if (to != from + 1) {
        snprintf (why, why_size, "阶段不能跳过：当前为“%s”，下一阶段应为“%s”，不能直接进入“%s”",
                  s_name (from), s_name (from + 1), s_name (to));
        return -1;
    }
    if (to == XUNCHA__PHASE__PHASE_ENTRY) {
        if (facts->groups == 0) {
            snprintf (why, why_size, "不能进驻：本轮尚未组建巡察组");
            return -1;
        }
        if (facts->groups_without_leader > 0) {
            snprintf (why, why_size, "不能进驻：有 %d 个巡察组尚未确定组长", facts->groups_without_leader);
            return -1;
        }
        if (facts->groups_without_units > 0) {
            snprintf (why, why_size, "不能进驻：有 %d 个巡察组尚未分配被巡察单位", facts->groups_without_units);
            return -1;
        }
    }
    return 0;
}
