/* fiber — see fiber.h. */
#include "fiber.h"
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

static void s_trampoline (void);

/* ------------------------------------------------ switching stacks
 *
 * On x86-64, a switch saves the registers a call must preserve and the stack pointer,
 * and loads the other side's: a few instructions. Elsewhere, swapcontext, which also
 * saves and restores the signal mask, with a system call each time. */
#if defined(__x86_64__)

typedef struct {
    void *sp;
} s_context_t;

/* Pushes what the callee keeps (rbp, rbx, r12–r15, the SSE and x87 control words),
 * saves the stack pointer in *SAVE, loads LOAD and pops the same from there. */
void xc_fiber_jump (void **save, void *load);
__asm__ (".pushsection .text\n"
         ".p2align 4\n"
         ".type xc_fiber_jump, @function\n"
         "xc_fiber_jump:\n"
         "    pushq %rbp\n"
         "    pushq %rbx\n"
         "    pushq %r12\n"
         "    pushq %r13\n"
         "    pushq %r14\n"
         "    pushq %r15\n"
         "    subq $8, %rsp\n"
         "    stmxcsr (%rsp)\n"
         "    fnstcw 4(%rsp)\n"
         "    movq %rsp, (%rdi)\n"
         "    movq %rsi, %rsp\n"
         "    ldmxcsr (%rsp)\n"
         "    fldcw 4(%rsp)\n"
         "    addq $8, %rsp\n"
         "    popq %r15\n"
         "    popq %r14\n"
         "    popq %r13\n"
         "    popq %r12\n"
         "    popq %rbx\n"
         "    popq %rbp\n"
         "    ret\n"
         ".size xc_fiber_jump, .-xc_fiber_jump\n"
         ".popsection\n");

/* A stack whose first switch "returns" into s_trampoline, aligned as at a call. */
static int
s_context_make (s_context_t *context, char *stack, size_t size)
{
    void **sp = (void **) ((uintptr_t) (stack + size) & ~(uintptr_t) 15);
    *--sp = NULL;                      /* s_trampoline's return address: it never returns */
    *--sp = (void *) s_trampoline;
    for (int i = 0; i < 6; i++)
        *--sp = NULL;                  /* rbp, rbx, r12–r15 */
    --sp;
    uint32_t mxcsr = 0x1f80;           /* the defaults: all exceptions masked, round to nearest */
    uint16_t x87 = 0x037f;
    memcpy (sp, &mxcsr, sizeof mxcsr);
    memcpy ((char *) sp + 4, &x87, sizeof x87);
    context->sp = sp;
    return 0;
}

static void
s_context_switch (s_context_t *from, s_context_t *to)
{
    xc_fiber_jump (&from->sp, to->sp);
}

#else

#include <ucontext.h>

typedef ucontext_t s_context_t;

/* Its own function: getcontext returns twice, and nothing of the caller's must live
 * across it. */
static int
s_context_make (s_context_t *context, char *stack, size_t size)
{
    if (getcontext (context) != 0)
        return -1;
    context->uc_stack.ss_sp = stack;
    context->uc_stack.ss_size = size;
    context->uc_link = NULL;
    makecontext (context, s_trampoline, 0);
    return 0;
}

static void
s_context_switch (s_context_t *from, s_context_t *to)
{
    swapcontext (from, to);
}

#endif

/* ------------------------------------------------ fibers */

struct _xc_fiber_t {
    s_context_t context;
    s_context_t loop;         /* where the loop resumed it from */
    char *stack;              /* XC_FIBER_STACK bytes, after the guard page */
    char *mapping;            /* guard page, then the stack */
    size_t mapping_size;
    xc_fiber_fn *fn;
    void *arg;
    xc_fiber_wait_t waiting;
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
        || s_context_make (&self->context, self->mapping + page, XC_FIBER_STACK) != 0) {
        if (self->mapping != MAP_FAILED)
            munmap (self->mapping, self->mapping_size);
        free (self);
        return NULL;
    }
    self->fn = fn;
    self->arg = arg;
    self->waiting.fd = -1;
    self->stack = self->mapping + page;
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
    self->waiting = (xc_fiber_wait_t) { .fd = -1 };
    void *fake_stack = NULL;
    s_switch_started (&fake_stack, self->stack, XC_FIBER_STACK);
    s_context_switch (&self->loop, &self->context);
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
    s_context_switch (&self->context, &self->loop);
    s_switch_finished (self->fake_stack, &self->loop_bottom, &self->loop_size);
}

void
xc_fiber_wait (xc_fiber_wait_t wait)
{
    xc_fiber_t *self = s_current;
    if (!self)
        return;
    self->waiting = wait;
    xc_fiber_yield ();
}

void
xc_fiber_wait_fd (int fd)
{
    xc_fiber_wait ((xc_fiber_wait_t) { .fd = fd, .events = POLLIN });
}

xc_fiber_t *
xc_fiber_current (void)
{
    return s_current;
}

xc_fiber_wait_t
xc_fiber_waiting (const xc_fiber_t *self)
{
    return self->waiting;
}
