/* Unit tests of server/lib/fiber: xunchad's requests run as fibers of one thread
 * (worker.h), so a switch must give each fiber back exactly its own state — its locals,
 * the registers a call keeps, floating point — whatever the others did meanwhile; a
 * fiber waiting for a descriptor names it and goes on only when resumed; a deep stack
 * is there; and outside any fiber the calls are harmless. */
#include "unit.h"
#include "fiber.h"
#include <math.h>
#include <stdio.h>
#include <poll.h>
#include <unistd.h>

typedef struct {
    int id;
    int steps;
    char trace[256];
    size_t *traced;
    char *shared;   /* every fiber writes its id here at each step: the order they ran */
} s_stepper_t;

static void
s_stepper (void *arg)
{
    s_stepper_t *self = arg;
    /* many values live across every switch: they sit in registers the switch must keep */
    long a = self->id, b = a * 3, c = a * 5, d = a * 7, e = a * 11, f = a * 13;
    double x = self->id / 3.0, y = 1.0;
    for (;;) {
        for (int step = 0; step < self->steps; step++) {
            self->shared[(*self->traced)++] = (char) ('0' + self->id);
            xc_fiber_yield ();
            a += 1, b += 3, c += 5, d += 7, e += 11, f += 13;
            x *= 1.5, y = sqrt (y + x);
        }
        long expect = self->steps;
        snprintf (self->trace, sizeof self->trace, "%ld %ld %ld %ld %ld %ld %.6f", a - self->id,
                  (b - self->id * 3) / 3, (c - self->id * 5) / 5, (d - self->id * 7) / 7, (e - self->id * 11) / 11,
                  (f - self->id * 13) / 13, x / (self->id / 3.0) / pow (1.5, (double) expect));
        (void) y;
        xc_fiber_yield ();
    }
}

/* Three fibers take turns, each resumed in its own order: each finds its values as it
 * left them, and they ran in the order resumed. */
static void
test_fibers_keep_their_own_state (void **state)
{
    (void) state;
    char shared[64] = "";
    size_t traced = 0;
    s_stepper_t steppers[3];
    xc_fiber_t *fibers[3];
    for (int i = 0; i < 3; i++) {
        steppers[i] = (s_stepper_t) { .id = i + 1, .steps = 4, .traced = &traced, .shared = shared };
        fibers[i] = xc_fiber_new (s_stepper, &steppers[i]);
        assert_non_null (fibers[i]);
    }
    assert_null (xc_fiber_current ());
    for (int round = 0; round < 5; round++)
        for (int i = 2; i >= 0; i--)
            xc_fiber_resume (fibers[i]);
    assert_null (xc_fiber_current ());
    assert_string_equal (shared, "321321321321");
    for (int i = 0; i < 3; i++) {
        assert_string_equal (steppers[i].trace, "4 4 4 4 4 4 1.000000");
        xc_fiber_destroy (&fibers[i]);
        assert_null (fibers[i]);
    }
}

typedef struct {
    int fd;
    char got[16];
    int waits;
} s_reader_t;

static void
s_reader (void *arg)
{
    s_reader_t *self = arg;
    for (;;) {
        assert_non_null (xc_fiber_current ());
        self->waits++;
        xc_fiber_wait_fd (self->fd);
        ssize_t got = read (self->fd, self->got, sizeof self->got - 1);
        self->got[got > 0 ? got : 0] = 0;
        xc_fiber_yield ();
    }
}

/* A fiber waiting names its descriptor to the loop, and goes on when resumed. */
static void
test_a_waiting_fiber_names_its_descriptor (void **state)
{
    (void) state;
    int pipe_fds[2];
    assert_int_equal (pipe (pipe_fds), 0);
    s_reader_t reader = { .fd = pipe_fds[0] };
    xc_fiber_t *fiber = xc_fiber_new (s_reader, &reader);
    xc_fiber_resume (fiber);
    xc_fiber_wait_t wait = xc_fiber_waiting (fiber);
    assert_int_equal (wait.fd, pipe_fds[0]);
    assert_true (wait.events & POLLIN);
    assert_int_equal (wait.deadline, 0);
    assert_int_equal (reader.waits, 1);
    assert_int_equal (write (pipe_fds[1], "巡察", strlen ("巡察")), (ssize_t) strlen ("巡察"));
    xc_fiber_resume (fiber);   /* reads, then yields without a descriptor */
    assert_string_equal (reader.got, "巡察");
    assert_int_equal (xc_fiber_waiting (fiber).fd, -1);
    xc_fiber_destroy (&fiber);
    close (pipe_fds[0]);
    close (pipe_fds[1]);
}

static void
s_deep (void *arg)
{
    volatile char big[256 * 1024];   /* a quarter of the stack */
    for (size_t i = 0; i < sizeof big; i += 4096)
        big[i] = (char) i;
    *(int *) arg = big[4096] == (char) 4096 ? 1 : -1;
    for (;;)
        xc_fiber_yield ();
}

/* A fiber has a deep stack of its own. */
static void
test_a_fiber_has_a_deep_stack (void **state)
{
    (void) state;
    int done = 0;
    xc_fiber_t *fiber = xc_fiber_new (s_deep, &done);
    xc_fiber_resume (fiber);
    assert_int_equal (done, 1);
    xc_fiber_destroy (&fiber);
}

/* Outside any fiber, waiting and yielding return at once (a plain thread's libpq call
 * then blocks as usual). */
static void
test_outside_a_fiber_nothing_switches (void **state)
{
    (void) state;
    assert_null (xc_fiber_current ());
    xc_fiber_yield ();
    xc_fiber_wait_fd (0);
    assert_null (xc_fiber_current ());
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_fibers_keep_their_own_state),
        cmocka_unit_test (test_a_waiting_fiber_names_its_descriptor),
        cmocka_unit_test (test_a_fiber_has_a_deep_stack),
        cmocka_unit_test (test_outside_a_fiber_nothing_switches),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
