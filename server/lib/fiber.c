/* fiber — see fiber.h. */
#include "fiber.h"
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define XC_FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XC_FIBER_ASAN 1
#endif
#endif
#ifdef XC_FIBER_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

/* A request's deepest path uses a few tens of KB; pages never touched cost nothing. */
#define XC_FIBER_STACK (1024 * 1024)

struct _xc_fiber_t {
    ucontext_t context;
    ucontext_t loop;          /* where the loop resumed it from */
    char *mapping;            /* guard page, then the stack */
    size_t mapping_size;
    xc_fiber_fn *fn;
    void *arg;
    int wait_fd;
    void *fake_stack;         /* ASan's, while switched out */
    const void *loop_bottom;  /* the loop's stack, for ASan */
    size_t loop_size;
};

static __thread xc_fiber_t *s_current;

static void
s_switch_started (void **fake_stack, const void *bottom, size_t size)
{
#ifdef XC_FIBER_ASAN
    __sanitizer_start_switch_fiber (fake_stack, bottom, size);
#else
    (void) fake_stack, (void) bottom, (void) size;
#endif
}

static void
s_switch_finished (void *fake_stack, const void **bottom, size_t *size)
{
#ifdef XC_FIBER_ASAN
    __sanitizer_finish_switch_fiber (fake_stack, bottom, size);
#else
    (void) fake_stack, (void) bottom, (void) size;
#endif
}

static void
s_trampoline (void)
{
    xc_fiber_t *self = s_current;
    s_switch_finished (NULL, &self->loop_bottom, &self->loop_size);
    self->fn (self->arg);
    abort ();   /* fiber.h: FN never returns */
}

/* CONTEXT made to start s_trampoline on STACK (its own function: getcontext returns
 * twice, and nothing of the caller's must live across it). */
static int
s_make_context (ucontext_t *context, void *stack, size_t size)
{
    if (getcontext (context) != 0)
        return -1;
    context->uc_stack.ss_sp = stack;
    context->uc_stack.ss_size = size;
    context->uc_link = NULL;
    makecontext (context, s_trampoline, 0);
    return 0;
}

xc_fiber_t *
xc_fiber_new (xc_fiber_fn *fn, void *arg)
{
    xc_fiber_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    size_t page = (size_t) sysconf (_SC_PAGESIZE);
    self->mapping_size = XC_FIBER_STACK + page;
    self->mapping = mmap (NULL, self->mapping_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                          -1, 0);
    if (self->mapping == MAP_FAILED || mprotect (self->mapping, page, PROT_NONE) != 0
        || s_make_context (&self->context, self->mapping + page, XC_FIBER_STACK) != 0) {
        if (self->mapping != MAP_FAILED)
            munmap (self->mapping, self->mapping_size);
        free (self);
        return NULL;
    }
    self->fn = fn;
    self->arg = arg;
    self->wait_fd = -1;
    return self;
}

void
xc_fiber_destroy (xc_fiber_t **self_p)
{
    if (self_p && *self_p) {
        munmap ((*self_p)->mapping, (*self_p)->mapping_size);
        free (*self_p);
        *self_p = NULL;
    }
}

void
xc_fiber_resume (xc_fiber_t *self)
{
    xc_fiber_t *outer = s_current;
    s_current = self;
    self->wait_fd = -1;
    void *fake_stack = NULL;
    s_switch_started (&fake_stack, self->context.uc_stack.ss_sp, self->context.uc_stack.ss_size);
    swapcontext (&self->loop, &self->context);
    s_switch_finished (fake_stack, NULL, NULL);
    s_current = outer;
}

void
xc_fiber_yield (void)
{
    xc_fiber_t *self = s_current;
    if (!self)
        return;
    s_switch_started (&self->fake_stack, self->loop_bottom, self->loop_size);
    swapcontext (&self->context, &self->loop);
    s_switch_finished (self->fake_stack, &self->loop_bottom, &self->loop_size);
}

void
xc_fiber_wait_fd (int fd)
{
    xc_fiber_t *self = s_current;
    if (!self)
        return;
    self->wait_fd = fd;
    xc_fiber_yield ();
}

xc_fiber_t *
xc_fiber_current (void)
{
    return s_current;
}

int
xc_fiber_waiting_fd (const xc_fiber_t *self)
{
    return self->wait_fd;
}
