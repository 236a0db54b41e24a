/* numbering — the next number of a 巡察组 in the current year, from a counter table of
 * (group_id, year, last): paper_number_counter for 问题底稿, clue_batch_counter for the
 * transfer batches of 问题线索. The upsert takes the counter row's lock, which makes
 * concurrent numbering within one group wait for each other until their transactions
 * end; a transaction that rolls back gives its number back, so numbers are gap-free. */
#ifndef XC_NUMBERING_H
#define XC_NUMBERING_H
#include "call.h"

/* COUNTER names the table (a constant of the code, never user input). Sets *YEAR to
 * the committee's current year (xc_clock_today) and returns the next sequence in it,
 * or -1 after refusing. */
int xc_number_next (xc_call_t *call, const char *counter, int64_t group_id, int *year);

#endif
