/* xc_arena — a bump allocator for building one reply: every string and array of a
 * reply body comes from the arena and is freed at once after packing. */
#ifndef XC_ARENA_H
#define XC_ARENA_H
#include <stddef.h>

typedef struct _xc_arena_t xc_arena_t;

xc_arena_t *xc_arena_new (void);
void xc_arena_destroy (xc_arena_t **self_p);
/* Zeroed memory; aborts on out-of-memory like the rest of czmq-style code. */
void *xc_arena_alloc (xc_arena_t *self, size_t size);
char *xc_arena_strdup (xc_arena_t *self, const char *text);
char *xc_arena_printf (xc_arena_t *self, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
/* Frees everything allocated so far; the arena stays usable. */
void xc_arena_reset (xc_arena_t *self);

#endif
