/* xc_paper_number — the number a 组长 gives a 问题底稿 when signing it:
 *
 *   [2026]区巡-2组-07号    year of signing, the committee's prefix, the group's number,
 *                          the paper's sequence within the group and year (two digits
 *                          at least).
 *
 * The prefix is the character before the last "委" of the committee's name followed by
 * "巡": 十届区委 → 区巡, 县委 → 县巡, 市委 → 市巡; just "巡" when the name has no such
 * character. Pure: the sequence comes from the database (paper_number_counter). */
#ifndef XC_PAPER_NUMBER_H
#define XC_PAPER_NUMBER_H
#include <stddef.h>

/* Writes the prefix of COMMITTEE ("区巡") into buf. Returns 0, or -1 when it does not fit. */
int xc_paper_number_prefix (const char *committee, char *buf, size_t size);
/* Writes the whole number into buf. Returns 0, or -1 when it does not fit or an input is
 * out of range (year not 1900–2999, group or sequence below 1). */
int xc_paper_number_format (const char *committee, int year, int group_number, int sequence, char *buf,
                            size_t size);

#endif
