/* clue_reminders — the clue feedback deadline, reminded: for every transferred clue
 * whose result has not been reported, one reminder when the deadline is 7 days away
 * or less, and one when it has passed, each sent exactly once per (clue, level) however
 * often or concurrently this runs. xuncha-notifier runs it periodically. */
#ifndef XC_CLUE_REMINDERS_H
#define XC_CLUE_REMINDERS_H
#include <libpq-fe.h>

/* Publishes the reminders due on TODAY ("YYYY-MM-DD", the committee's date) through
 * the outbox, in one transaction on DB. Returns how many were published, or -1. */
int xc_remind_clue_feedback (PGconn *db, const char *today);

#endif
