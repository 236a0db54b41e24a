/* fault — see fault.h. Test-only. */
#include "fault.h"
#include "xc_log.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>

static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static long s_kill_after;          /* 0: never */
static atomic_long s_commits;

static void
s_read_environment (void)
{
    const char *value = getenv ("XUNCHA_TEST_KILL_AFTER_COMMIT");
    s_kill_after = value ? strtol (value, NULL, 10) : 0;
    if (s_kill_after > 0)
        xc_log (XC_LOG_WARN, "test_fault_armed", "kill_after_commit=%ld", s_kill_after);
}

void
xc_fault_after_commit (void)
{
    pthread_once (&s_once, s_read_environment);
    if (s_kill_after > 0 && atomic_fetch_add (&s_commits, 1) + 1 == s_kill_after) {
        xc_log (XC_LOG_WARN, "test_fault_kill", "commit=%ld", s_kill_after);
        raise (SIGKILL);
    }
}
