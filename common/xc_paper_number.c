/* xc_paper_number — see xc_paper_number.h. */
#include "xc_paper_number.h"
#include <stdio.h>
#include <string.h>

#define XC_COMMITTEE_MARK "委"
#define XC_TRANSFER_MARK "移"

/* The last occurrence of NEEDLE in HAYSTACK, or NULL. */
static const char *
s_last (const char *haystack, const char *needle)
{
    const char *last = NULL;
    for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
        last = p;
    return last;
}

/* The start of the UTF-8 character that ends just before AT (AT > TEXT). */
static const char *
s_previous_character (const char *text, const char *at)
{
    const char *p = at - 1;
    while (p > text && ((unsigned char) *p & 0xC0) == 0x80)
        p--;
    return p;
}

int
xc_paper_number_prefix (const char *committee, char *buf, size_t size)
{
    const char *mark = committee ? s_last (committee, XC_COMMITTEE_MARK) : NULL;
    int written;
    if (mark && mark > committee) {
        const char *start = s_previous_character (committee, mark);
        written = snprintf (buf, size, "%.*s巡", (int) (mark - start), start);
    }
    else
        written = snprintf (buf, size, "巡");
    return written >= 0 && (size_t) written < size ? 0 : -1;
}

/* [YEAR]PREFIX-G组-MARKNN号: MARK is "" for a paper, "移" for a transfer batch. */
static int
s_format (const char *committee, int year, int group_number, const char *mark, int sequence, char *buf,
          size_t size)
{
    char prefix[16];
    if (year < 1900 || year > 2999 || group_number < 1 || sequence < 1
        || xc_paper_number_prefix (committee, prefix, sizeof prefix) != 0)
        return -1;
    int written = snprintf (buf, size, "[%d]%s-%d组-%s%02d号", year, prefix, group_number, mark, sequence);
    return written >= 0 && (size_t) written < size ? 0 : -1;
}

int
xc_paper_number_format (const char *committee, int year, int group_number, int sequence, char *buf,
                        size_t size)
{
    return s_format (committee, year, group_number, "", sequence, buf, size);
}

int
xc_batch_number_format (const char *committee, int year, int group_number, int sequence, char *buf,
                        size_t size)
{
    return s_format (committee, year, group_number, XC_TRANSFER_MARK, sequence, buf, size);
}
