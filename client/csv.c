/* csv — see csv.h. */
#include "csv.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void
xc_csv_begin (FILE *out)
{
    fputs ("\xEF\xBB\xBF", out);
}

/* A number as a spreadsheet reads one: -12, 3.5, 12.5% (so "-3" stays a number). */
static bool
s_is_number (const char *text)
{
    char *end;
    if (!*text)
        return false;
    strtod (text, &end);
    return end != text && (!*end || (end[0] == '%' && !end[1]));
}

static bool
s_needs_quotes (const char *text)
{
    size_t length = strlen (text);
    return strpbrk (text, ",\"\r\n") || (length && (text[0] == ' ' || text[length - 1] == ' '));
}

void
xc_csv_field (FILE *out, const char *text)
{
    if (!text)
        text = "";
    bool formula = strchr ("=+-@", text[0]) && text[0] && !s_is_number (text);
    bool quoted = formula || s_needs_quotes (text);
    if (quoted)
        fputc ('"', out);
    if (formula)
        fputc ('\'', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc ('"', out);
        fputc (*p, out);
    }
    if (quoted)
        fputc ('"', out);
}

void
xc_csv_record (FILE *out, const char *const *fields, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i)
            fputc (',', out);
        xc_csv_field (out, fields[i]);
    }
    fputs ("\r\n", out);
}
