/* xc_clock — see xc_clock.h. Dates are handled as day numbers so that no time zone
 * database is needed: the committee's day starts at 00:00 UTC+8. */
#include "xc_clock.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC_UTC_OFFSET (8 * 3600)

/* Days from civil, after H. Hinnant's public-domain algorithm. */
static int64_t
s_days_from_civil (int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned) (y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t) doe - 719468;
}

static void
s_civil_from_days (int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned) (z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int) (yoe + era * 400 + (*m <= 2));
}

int
xc_date_parse (const char *text, int64_t *day)
{
    if (!text || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit ((unsigned char) text[i]))
            return -1;
    int y = atoi (text), m = atoi (text + 5), d = atoi (text + 8);
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
        return -1;
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap))
        return -1;
    *day = s_days_from_civil (y, (unsigned) m, (unsigned) d);
    return 0;
}

void
xc_date_format (int64_t day, char buf[11])
{
    int y;
    unsigned m, d;
    s_civil_from_days (day, &y, &m, &d);
    char text[32];
    snprintf (text, sizeof text, "%04d-%02u-%02u", y, m, d);
    memcpy (buf, text, 10);
    buf[10] = 0;
}

time_t
xc_clock_now (void)
{
    const char *fake = getenv ("XUNCHA_NOW");
    if (fake && *fake) {
        char date[11] = "";
        if (strlen (fake) >= 10)
            memcpy (date, fake, 10);
        int64_t day;
        if (xc_date_parse (date, &day) == 0) {
            int hh = 0, mm = 0, ss = 0;
            if (strlen (fake) > 10)
                sscanf (fake + 11, "%2d:%2d:%2d", &hh, &mm, &ss);
            return (time_t) (day * 86400 + hh * 3600 + mm * 60 + ss - XC_UTC_OFFSET);
        }
        return (time_t) strtoll (fake, NULL, 10);
    }
    return time (NULL);
}

void
xc_clock_today (char buf[11])
{
    int64_t local = (int64_t) xc_clock_now () + XC_UTC_OFFSET;
    xc_date_format (local >= 0 ? local / 86400 : (local - 86399) / 86400, buf);
}

int64_t
xc_clock_mono_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
