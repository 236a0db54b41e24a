/* xc_log — see xc_log.h. One line per call, written with a single fprintf so lines
 * from several threads do not interleave. */
#include "xc_log.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *s_program = "xuncha";
static xc_log_level_t s_level = XC_LOG_INFO;
static const char *s_level_names[] = { "debug", "info", "warn", "error" };

void
xc_log_init (const char *program, const char *level_name)
{
    s_program = program;
    for (int i = 0; level_name && i < 4; i++)
        if (strcmp (level_name, s_level_names[i]) == 0)
            s_level = (xc_log_level_t) i;
}

void
xc_log (xc_log_level_t level, const char *event, const char *fmt, ...)
{
    if (level < s_level)
        return;
    char pairs[1024] = "";
    if (fmt && *fmt) {
        va_list args;
        va_start (args, fmt);
        vsnprintf (pairs, sizeof pairs, fmt, args);
        va_end (args);
    }
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r (&ts.tv_sec, &tm);
    char stamp[32];
    strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf (stderr, "ts=%s.%03ldZ level=%s prog=%s event=%s%s%s\n", stamp,
             ts.tv_nsec / 1000000, s_level_names[level], s_program, event,
             *pairs ? " " : "", pairs);
}
