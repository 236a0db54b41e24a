/* xc_utf8 — see xc_utf8.h. */
#include "xc_utf8.h"
#include <stdint.h>
#include <string.h>

bool
xc_utf8_valid (const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *) str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t n;
        uint32_t cp, min;
        if ((c & 0xe0) == 0xc0)      { n = 1; cp = c & 0x1f; min = 0x80; }
        else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; min = 0x800; }
        else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; min = 0x10000; }
        else return false;
        if (i + n >= len)
            return false;   /* truncated sequence */
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

static uint32_t
s_decode (const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t cp;
    int n;
    if (s[0] < 0x80)              { cp = s[0]; n = 0; }
    else if ((s[0] & 0xe0) == 0xc0) { cp = s[0] & 0x1f; n = 1; }
    else if ((s[0] & 0xf0) == 0xe0) { cp = s[0] & 0x0f; n = 2; }
    else                          { cp = s[0] & 0x07; n = 3; }
    int k = 1;
    for (; k <= n && s[k]; k++)   /* a string cut mid-character ends at its NUL */
        cp = (cp << 6) | (s[k] & 0x3f);
    *p = s + k;
    return cp;
}

size_t
xc_utf8_length (const char *str)
{
    size_t count = 0;
    for (const unsigned char *p = (const unsigned char *) str; *p; count++)
        s_decode (&p);
    return count;
}

size_t
xc_utf8_width (const char *str)
{
    size_t width = 0;
    for (const unsigned char *p = (const unsigned char *) str; *p;) {
        uint32_t cp = s_decode (&p);
        bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf)
                    || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff)
                    || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
                    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
        width += wide ? 2 : 1;
    }
    return width;
}

bool
xc_utf8_blank (const char *text)
{
    static const char ideographic_space[] = "　";
    while (text && *text)
        if (strchr (" \t\r\n", *text))
            text++;
        else if (strncmp (text, ideographic_space, sizeof ideographic_space - 1) == 0)
            text += sizeof ideographic_space - 1;
        else
            return false;
    return true;
}
