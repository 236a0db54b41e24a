/* xc_clock — the one clock of every program. Tests set XUNCHA_NOW (epoch seconds or
 * "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS", read as Asia/Shanghai local time) to inject time. */
#ifndef XC_CLOCK_H
#define XC_CLOCK_H
#include <stdint.h>
#include <time.h>

time_t xc_clock_now (void);
/* Writes today's date (committee local time, UTC+8) as YYYY-MM-DD into buf[11]. */
void xc_clock_today (char buf[11]);
/* Monotonic milliseconds, for timeouts; never injected. */
int64_t xc_clock_mono_ms (void);
/* Parses "YYYY-MM-DD" (digits only, years 1900–2999) into *day, days since 1970-01-01
 * (negative before it). Returns 0, or -1 when TEXT is not a real date. */
int xc_date_parse (const char *text, int64_t *day);
void xc_date_format (int64_t day, char buf[11]);

#endif
