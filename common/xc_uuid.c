/* xc_uuid — see xc_uuid.h; randomness from libsodium. */
#include "xc_uuid.h"
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void
xc_uuid_new (char out[37])
{
    unsigned char b[16];
    randombytes_buf (b, sizeof b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    snprintf (out, 37,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
              b[12], b[13], b[14], b[15]);
}

bool
xc_uuid_valid (const char *text)
{
    if (!text || strlen (text) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !isxdigit ((unsigned char) text[i]))
            return false;
    }
    return true;
}
