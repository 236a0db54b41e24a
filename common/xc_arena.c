/* xc_arena — see xc_arena.h. A list of blocks; large requests get a block of their own. */
#include "xc_arena.h"
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC_ARENA_BLOCK 16384

typedef struct s_block_t {
    struct s_block_t *next;
    size_t used, size;
    max_align_t data[];
} s_block_t;

struct _xc_arena_t {
    s_block_t *head;
};

xc_arena_t *
xc_arena_new (void)
{
    xc_arena_t *self = calloc (1, sizeof *self);
    assert (self);
    return self;
}

void
xc_arena_reset (xc_arena_t *self)
{
    while (self->head) {
        s_block_t *next = self->head->next;
        free (self->head);
        self->head = next;
    }
}

void
xc_arena_destroy (xc_arena_t **self_p)
{
    if (self_p && *self_p) {
        xc_arena_reset (*self_p);
        free (*self_p);
        *self_p = NULL;
    }
}

void *
xc_arena_alloc (xc_arena_t *self, size_t size)
{
    size = (size + sizeof (max_align_t) - 1) / sizeof (max_align_t) * sizeof (max_align_t);
    if (size == 0)
        size = sizeof (max_align_t);
    s_block_t *block = self->head;
    if (!block || block->size - block->used < size) {
        size_t capacity = size > XC_ARENA_BLOCK ? size : XC_ARENA_BLOCK;
        block = malloc (sizeof *block + capacity);
        assert (block);
        block->used = 0;
        block->size = capacity;
        if (self->head && size > XC_ARENA_BLOCK) {
            /* keep filling the current small block after a large one */
            block->next = self->head->next;
            self->head->next = block;
        }
        else {
            block->next = self->head;
            self->head = block;
        }
    }
    void *result = (char *) block->data + block->used;
    block->used += size;
    memset (result, 0, size);
    return result;
}

char *
xc_arena_strdup (xc_arena_t *self, const char *text)
{
    size_t len = strlen (text ? text : "");
    char *copy = xc_arena_alloc (self, len + 1);
    memcpy (copy, text ? text : "", len);
    return copy;
}

char *
xc_arena_printf (xc_arena_t *self, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    int len = vsnprintf (NULL, 0, fmt, args);
    va_end (args);
    char *text = xc_arena_alloc (self, (size_t) len + 1);
    va_start (args, fmt);
    vsnprintf (text, (size_t) len + 1, fmt, args);
    va_end (args);
    return text;
}
