/* xc_log — key=value log lines on stderr, for journald.
 * Never log petitioner identities, clue contents or secrets: those go to the audit log. */
#ifndef XC_LOG_H
#define XC_LOG_H

typedef enum { XC_LOG_DEBUG, XC_LOG_INFO, XC_LOG_WARN, XC_LOG_ERROR } xc_log_level_t;

void xc_log_init (const char *program, const char *level_name);
/* Prints "ts=… level=… prog=… event=EVENT" followed by the formatted key=value pairs. */
void xc_log (xc_log_level_t level, const char *event, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

#endif
