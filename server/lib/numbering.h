/* numbering — the next number in a numbering series, for 问题底稿 and for the transfer
 * batches of 问题线索. A series is what the printed number cannot tell apart: the
 * committee's prefix, the year and the group's number ([2026]区巡-1组-…). Two rounds of
 * one year both have a 第1组, so their papers share one series and their numbers follow
 * on instead of colliding. The upsert takes the series row's lock, so concurrent
 * numbering in one series waits in turn; a transaction that rolls back gives its number
 * back, so numbers are gap-free. */
#ifndef XC_NUMBERING_H
#define XC_NUMBERING_H
#include "access.h"

/* KIND names the series ("底稿", "移交批次"). Sets *YEAR to the committee's current year
 * (xc_clock_today) and returns the next sequence of the group's series in it, or -1
 * after refusing. */
int xc_number_next (xc_call_t *call, const char *kind, const xc_group_scope_t *scope, int *year);

#endif
