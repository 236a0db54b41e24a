/* Shared includes and helpers of the unit tests (tests/unit/test_*.c). */
#ifndef XC_UNIT_H
#define XC_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* Fails unless NEEDLE occurs in HAYSTACK, showing both. */
#define assert_contains(haystack, needle)                                                  \
    do {                                                                                   \
        const char *h_ = (haystack), *n_ = (needle);                                       \
        if (!h_ || !strstr (h_, n_))                                                       \
            fail_msg ("expected \"%s\" in \"%s\"", n_, h_ ? h_ : "(null)");                \
    } while (0)

#define assert_not_contains(haystack, needle)                                              \
    do {                                                                                   \
        const char *h_ = (haystack), *n_ = (needle);                                       \
        if (h_ && strstr (h_, n_))                                                         \
            fail_msg ("did not expect \"%s\" in \"%s\"", n_, h_);                          \
    } while (0)

#endif
