/* fiber — cooperative fibers on one thread, for xunchad's request loop.
 *
 * A fiber runs its function on a stack of its own until it calls xc_fiber_wait_fd:
 * then the thread that resumed it goes on with its loop, and resumes the fiber when the
 * descriptor is ready. So one thread serves many requests at once, each written as
 * plain sequential code that waits on PostgreSQL (pg_await.h), with no thread hand-over
 * per request and no wake-up per statement while others keep the thread busy.
 *
 * Under AddressSanitizer each switch is announced to it (sanitizer fiber API). */
#ifndef XC_FIBER_H
#define XC_FIBER_H
#include <stdbool.h>
#include <stdint.h>

typedef struct _xc_fiber_t xc_fiber_t;
typedef void (xc_fiber_fn) (void *arg);

/* A fiber that will run FN (ARG) on its first resume. FN must never return while
 * the fiber is in use (it loops, waiting for work). NULL without memory. */
xc_fiber_t *xc_fiber_new (xc_fiber_fn *fn, void *arg);
/* Frees a fiber that is suspended (its stack is dropped as it is). */
void xc_fiber_destroy (xc_fiber_t **self_p);

/* Runs SELF from where it stopped until it waits or yields. Only from the thread's
 * loop, never from inside a fiber. */
void xc_fiber_resume (xc_fiber_t *self);

/* Inside a fiber: back to the loop; resumed by the loop's next xc_fiber_resume. */
void xc_fiber_yield (void);

/* What a fiber waits for: FD ready for EVENTS (POLLIN, POLLOUT), or the monotonic
 * clock (xc_clock_mono_ms) at DEADLINE, whichever comes first (0: no deadline). */
typedef struct {
    int fd;
    short events;
    int64_t deadline;
} xc_fiber_wait_t;

/* Inside a fiber: gives the loop WAIT and yields, until the loop resumes it; outside
 * any fiber, returns at once (the caller then blocks in its own call, as a plain
 * thread does). */
void xc_fiber_wait (xc_fiber_wait_t wait);
/* The same for FD readable, with no deadline. */
void xc_fiber_wait_fd (int fd);

/* The fiber running on this thread, or NULL in the loop or a plain thread. */
xc_fiber_t *xc_fiber_current (void);

/* What SELF waits for (fd -1: nothing; it yielded for another reason). */
xc_fiber_wait_t xc_fiber_waiting (const xc_fiber_t *self);

#endif
