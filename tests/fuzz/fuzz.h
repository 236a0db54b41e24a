/* fuzz.h — shared by the fuzz targets (tests/fuzz/fuzz_*.c): the libFuzzer entry point,
 * a check that stops the run loudly when a property of the code does not hold (asserts
 * are compiled out in RelWithDebInfo), and a stream to print into that goes nowhere. */
#ifndef XC_FUZZ_H
#define XC_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define XC_FUZZ_CHECK(condition, what)                                                     \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            fprintf (stderr, "fuzz check failed at %s:%d: %s\n", __FILE__, __LINE__, what); \
            abort ();                                                                      \
        }                                                                                  \
    } while (0)

/* /dev/null, opened on first use and kept for the whole run. */
static inline FILE *
xc_fuzz_sink (void)
{
    static FILE *sink;
    if (!sink)
        sink = fopen ("/dev/null", "w");
    XC_FUZZ_CHECK (sink, "cannot open /dev/null");
    return sink;
}

#endif
