/* fuzz_parsers — the text parsers of common/ that read what people type or import.
 * The first byte chooses one, the rest is its text:
 *   0  a line of a calendar file (xc_workcal_parse_line; `xuncha calendar import`)
 *   1  a date (xc_date_parse; every *_date field)
 *   2  a configuration file (xc_config_new --config FILE; every program's settings)
 *   3  a string field through edge validation: *_time, *_date, request_id, public_key,
 *      a name (xc_validate_message), and the UTF-8 helpers (xc_utf8.h)
 *   4  a committee's name to the prefix of a 底稿 number (xc_paper_number_prefix)
 * Properties checked: a refusal names its problem; a date read back is the text that
 * was read; a calendar day's kind is 休 or 班, and its name is UTF-8 when the line is. */
#include "fuzz.h"
#include "xc_clock.h"
#include "xc_config.h"
#include "xc_paper_number.h"
#include "xc_utf8.h"
#include "xc_uuid.h"
#include "xc_validate.h"
#include "xc_workdays.h"
#include <string.h>
#include <unistd.h>

static void
s_calendar_line (const char *text)
{
    int64_t day;
    int kind;
    char name[64], error[256] = "";
    int rc = xc_workcal_parse_line (text, &day, &kind, name, sizeof name, error, sizeof error);
    XC_FUZZ_CHECK (rc >= -1 && rc <= 1, "xc_workcal_parse_line's result");
    XC_FUZZ_CHECK (rc != -1 || *error, "a refused calendar line without a reason");
    if (rc == 1) {
        XC_FUZZ_CHECK (kind == XC_DAY_HOLIDAY || kind == XC_DAY_WORKDAY, "a calendar day's kind");
        /* the text was checked as UTF-8 at the edge: a name cut to fit stays UTF-8 */
        XC_FUZZ_CHECK (xc_utf8_valid (name, strlen (name)) || !xc_utf8_valid (text, strlen (text)),
                       "the name of a UTF-8 calendar line is not UTF-8");
        XC_FUZZ_CHECK (xc_day_year (day) >= 1900 && xc_day_year (day) <= 2999, "a calendar day's year");
    }
}

static void
s_date (const char *text)
{
    int64_t day;
    if (xc_date_parse (text, &day) != 0)
        return;
    char again[11];
    xc_date_format (day, again);
    XC_FUZZ_CHECK (strcmp (again, text) == 0, "a parsed date does not format back to its text");
}

static const xc_setting_t s_settings[] = {
    { "server", "tcp://127.0.0.1:7400", "server" },
    { "timeout_ms", "3000", "timeout" },
    { "key_file", "", "key" },
    { "ack_delay_ms", "0", NULL },
    { NULL, NULL, NULL },
};

/* The text as a configuration file (a temporary file, rewritten for each input). */
static void
s_config_file (const char *text, size_t size)
{
    static char path[64];
    if (!*path) {
        snprintf (path, sizeof path, "/tmp/xuncha-fuzz-config-%ld", (long) getpid ());
    }
    FILE *file = fopen (path, "w");
    XC_FUZZ_CHECK (file, "cannot write the temporary configuration file");
    fwrite (text, 1, size, file);
    fclose (file);
    char *argv[] = { "fuzz", "--config", path, "--timeout_ms", "5", NULL };
    char error[512] = "";
    xc_config_t *config = xc_config_new (s_settings, "XUNCHA_FUZZ", NULL, 5, argv, error, sizeof error);
    XC_FUZZ_CHECK (config || *error, "a refused configuration without a reason");
    if (config) {
        XC_FUZZ_CHECK (strcmp (xc_config_get (config, "timeout_ms"), "5") == 0, "a flag did not win over the file");
        (void) xc_config_get_long (config, "ack_delay_ms");
        (void) xc_config_get (config, "server");
        xc_config_destroy (&config);
    }
    unlink (path);
}

/* TEXT in the string fields whose names carry a rule (xc_validate.h). */
static void
s_string_fields (char *text)
{
    char why[512];
    Xuncha__Talk talk = XUNCHA__TALK__INIT;
    talk.talk_time = text;
    talk.interviewee_name = text;
    talk.record = text;
    int64_t id = 1;
    talk.n_inspector_ids = 1;
    talk.inspector_ids = &id;
    (void) xc_validate_message (&talk.base, "talk", why, sizeof why);
    Xuncha__RoundBatchAdd batch = XUNCHA__ROUND_BATCH_ADD__INIT;
    batch.round_id = 1;
    batch.number = 1;
    batch.start_date = text;
    batch.end_date = text;
    (void) xc_validate_message (&batch.base, "round_batch_add", why, sizeof why);
    Xuncha__UserCreate user = XUNCHA__USER_CREATE__INIT;
    user.public_key = text;
    user.display_name = text;
    user.role = XUNCHA__ROLE__ROLE_OFFICE;
    (void) xc_validate_message (&user.base, "user_create", why, sizeof why);
    Xuncha__Request request = XUNCHA__REQUEST__INIT;
    request.request_id = text;
    request.protocol_version = 1;
    Xuncha__Ping ping = XUNCHA__PING__INIT;
    request.body_case = XUNCHA__REQUEST__BODY_PING;
    request.ping = &ping;
    if (xc_validate_request (&request, why, sizeof why) == XUNCHA__STATUS__STATUS_OK)
        XC_FUZZ_CHECK (xc_uuid_valid (text), "a request id accepted that is not a UUID");
    if (xc_utf8_valid (text, strlen (text))) {
        XC_FUZZ_CHECK (xc_utf8_length (text) <= strlen (text), "more code points than bytes");
        (void) xc_utf8_width (text);
        (void) xc_utf8_blank (text);
    }
}

static void
s_committee (const char *text)
{
    char prefix[64], number[128];
    if (xc_paper_number_prefix (text, prefix, sizeof prefix) == 0)
        XC_FUZZ_CHECK (xc_utf8_valid (prefix, strlen (prefix)) || !xc_utf8_valid (text, strlen (text)),
                       "the prefix of a UTF-8 committee name is not UTF-8");
    (void) xc_paper_number_format (text, 2026, 2, 7, number, sizeof number);
    (void) xc_batch_number_format (text, 2026, 1, 1, number, sizeof number);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t length = size - 1;
    char *text = malloc (length + 1);   /* a C string, as every caller has one */
    XC_FUZZ_CHECK (text, "out of memory");
    memcpy (text, data + 1, length);
    text[length] = 0;
    switch (data[0] % 5) {
        case 0: s_calendar_line (text); break;
        case 1: s_date (text); break;
        case 2: s_config_file (text, length); break;
        case 3: s_string_fields (text); break;
        default: s_committee (text); break;
    }
    free (text);
    return 0;
}
