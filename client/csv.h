/* csv — writes CSV the way Excel and WPS read it (RFC 4180): UTF-8 with a byte-order
 * mark first (without it Excel on Windows reads the file as the local code page and
 * garbles every Chinese character), fields separated by commas, records ended by CRLF.
 * A field is quoted when it holds a comma, a double quote, CR or LF, or begins or ends
 * with a space; a double quote inside is doubled. A text field that begins with = + -
 * or @ (and is not a number) gets a leading apostrophe, so that a spreadsheet shows it
 * as text instead of running it as a formula ("CSV injection": category and group
 * names are typed by users). Pure: no state but the stream written to. */
#ifndef XC_CSV_H
#define XC_CSV_H
#include <stddef.h>
#include <stdio.h>

/* The UTF-8 byte-order mark, to write once at the start of the file. */
void xc_csv_begin (FILE *out);
/* One field as it must appear in the file (quoted and escaped as above). */
void xc_csv_field (FILE *out, const char *text);
/* One record: COUNT fields (NULL: empty), comma-separated, ended by CRLF. */
void xc_csv_record (FILE *out, const char *const *fields, size_t count);

#endif
