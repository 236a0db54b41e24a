/* xc_ladder — see xc_ladder.h. */
#include "xc_ladder.h"

xc_ladder_step_t
xc_ladder_on (const xc_ladder_t *ladder, int64_t today, int64_t deadline)
{
    xc_ladder_step_t step = { XC_LEVEL_NONE, 0, deadline - ladder->green_days };
    if (today > deadline) {
        int repeat = ladder->repeat_days > 0 ? ladder->repeat_days : 1;
        step.level = XC_LEVEL_RED;
        step.occurrence = (int) ((today - deadline - 1) / repeat);
        step.next_day = deadline + 1 + (int64_t) repeat * (step.occurrence + 1);
    } else if (today >= deadline - ladder->yellow_days) {
        step.level = XC_LEVEL_YELLOW;
        step.next_day = deadline + 1;
    } else if (today >= deadline - ladder->green_days) {
        step.level = XC_LEVEL_GREEN;
        step.next_day = deadline - ladder->yellow_days;
    }
    return step;
}
