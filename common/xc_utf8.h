/* xc_utf8 — strict UTF-8 check (no overlong forms, no surrogates, nothing above U+10FFFF). */
#ifndef XC_UTF8_H
#define XC_UTF8_H
#include <stdbool.h>
#include <stddef.h>

bool xc_utf8_valid (const char *s, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t xc_utf8_length (const char *s);
/* Display width in a terminal: CJK and other wide characters count 2. */
size_t xc_utf8_width (const char *s);
/* True when TEXT (NULL allowed) is empty or only spaces: ASCII blanks and the
 * ideographic space "　" that Chinese input methods type. */
bool xc_utf8_blank (const char *text);

#endif
