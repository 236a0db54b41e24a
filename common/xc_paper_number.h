/* xc_paper_number — the number a 组长 gives a 问题底稿 when signing it, and the number of
 * a batch of 问题线索 transferred (移交批次):
 *
 *   [2026]区巡-2组-07号    year of signing, the committee's prefix, the group's number,
 *                          the paper's sequence within the group and year (two digits
 *                          at least).
 *   [2026]区巡-1组-移01号  the same for a transfer batch: year of transfer, "移", the
 *                          batch's own sequence within the group and year.
 *
 * The prefix is the character before the last "委" of the committee's name followed by
 * "巡": 十届区委 → 区巡, 县委 → 县巡, 市委 → 市巡; just "巡" when the name has no such
 * character. Pure: the sequence comes from the database (number_series, see
 * server/lib/numbering.h). */
#ifndef XC_PAPER_NUMBER_H
#define XC_PAPER_NUMBER_H
#include <stddef.h>

/* Writes the prefix of COMMITTEE ("区巡") into buf. Returns 0, or -1 when it does not fit. */
int xc_paper_number_prefix (const char *committee, char *buf, size_t size);
/* Writes the whole number into buf. Returns 0, or -1 when it does not fit or an input is
 * out of range (year not 1900–2999, group or sequence below 1). */
int xc_paper_number_format (const char *committee, int year, int group_number, int sequence, char *buf,
                            size_t size);
/* The same for a transfer batch of 问题线索: [2026]区巡-1组-移01号. */
int xc_batch_number_format (const char *committee, int year, int group_number, int sequence, char *buf,
                            size_t size);

#endif
