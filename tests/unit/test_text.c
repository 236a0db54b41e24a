/* Unit tests of the text helpers of common/: UTF-8 (xc_utf8), UUIDs (xc_uuid), dates and
 * the injectable clock (xc_clock), Chinese labels of enum values (xc_names) and JSON
 * output (xc_json). */
#include "unit.h"
#include "xc_clock.h"
#include "xc_json.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include "xc_uuid.h"
#include "xuncha.pb-c.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* ------------------------------------------------------------------ UTF-8 */

static void
test_utf8_valid (void **state)
{
    (void) state;
    static const char *const good[] = {
        "", "abc", "巡察", "十届区委第3轮巡察", "€", "é", "\xc2\x80",
        "\xed\x9f\xbf",           /* U+D7FF, just below the surrogates */
        "\xee\x80\x80",           /* U+E000, just above */
        "\xf0\xa0\x80\x80",       /* U+20000, a CJK extension B character */
        "\xf4\x8f\xbf\xbf",       /* U+10FFFF, the last code point */
        "tab\tnew\nline\r",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!xc_utf8_valid (good[i], strlen (good[i])))
            fail_msg ("valid UTF-8 #%zu refused", i);

    static const char *const bad[] = {
        "\xc0\x80",               /* overlong NUL */
        "\xc1\xbf",               /* overlong 2-byte */
        "\xe0\x9f\xbf",           /* overlong 3-byte */
        "\xf0\x8f\xbf\xbf",       /* overlong 4-byte */
        "\xed\xa0\x80",           /* surrogate U+D800 */
        "\xed\xbf\xbf",           /* surrogate U+DFFF */
        "\xf4\x90\x80\x80",       /* U+110000 */
        "\xf5\x80\x80\x80",       /* lead byte beyond U+10FFFF */
        "\xf8\x88\x80\x80\x80",   /* 5-byte form */
        "\xfe", "\xff",
        "\x80",                   /* lone continuation */
        "a\xbf",
        "巡\x80察",
        "\xe5",                   /* truncated */
        "\xe5\xb7",
        "\xf0\xa0\x80",
        "巡察\xe5\xb7",
        "\xe5\xb7" "a",           /* continuation replaced by ASCII */
        "\xc3\xc3\xa9",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (xc_utf8_valid (bad[i], strlen (bad[i])))
            fail_msg ("invalid UTF-8 #%zu accepted", i);

    /* the length bounds the check: a sequence cut by it is truncated */
    assert_true (xc_utf8_valid ("巡察", 3));
    assert_false (xc_utf8_valid ("巡察", 4));
    assert_false (xc_utf8_valid ("巡察", 5));
    assert_true (xc_utf8_valid ("巡察", 6));
    assert_true (xc_utf8_valid ("\xff", 0));
}

static void
test_utf8_blank (void **state)
{
    (void) state;
    static const char *const blank[] = { "", " ", "\t\r\n", "　", " 　 \n　" };
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++)
        if (!xc_utf8_blank (blank[i]))
            fail_msg ("case %zu: \"%s\" should be blank", i, blank[i]);
    static const char *const text[] = { "王", " 王 ", "　王", "x", "\xe3\x80" };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (xc_utf8_blank (text[i]))
            fail_msg ("case %zu: \"%s\" is not blank", i, text[i]);
    assert_true (xc_utf8_blank (NULL));
}

static void
test_utf8_length_and_width (void **state)
{
    (void) state;
    static const struct {
        const char *text;
        size_t length, width;
    } cases[] = {
        { "", 0, 0 },
        { "abc", 3, 3 },
        { "巡察组", 3, 6 },
        { "第3轮", 3, 5 },
        { "é", 1, 1 },
        { "€5", 2, 2 },
        { "한국", 2, 4 },                   /* Hangul syllables are wide */
        { "ＡＢ", 2, 4 },                   /* fullwidth Latin */
        { "ｱ", 1, 1 },                      /* halfwidth katakana */
        { "，。", 2, 4 },                   /* CJK punctuation */
        { "\xf0\xa0\x80\x80x", 2, 3 },      /* U+20000 then ASCII */
        { "十届区委 (2026)", 11, 15 },
        { "a\xe5", 2, 2 },                 /* cut mid-character: stops at the NUL */
        { "\xe5\xb7", 1, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (xc_utf8_length (cases[i].text) != cases[i].length)
            fail_msg ("length of \"%s\": %zu, expected %zu", cases[i].text,
                      xc_utf8_length (cases[i].text), cases[i].length);
        if (xc_utf8_width (cases[i].text) != cases[i].width)
            fail_msg ("width of \"%s\": %zu, expected %zu", cases[i].text,
                      xc_utf8_width (cases[i].text), cases[i].width);
    }
}

/* ------------------------------------------------------------------ UUID */

static int
s_compare (const void *a, const void *b)
{
    return strcmp ((const char *) a, (const char *) b);
}

static void
test_uuid_new (void **state)
{
    (void) state;
    enum { COUNT = 1000 };
    char (*ids)[37] = calloc (COUNT, sizeof *ids);
    assert_non_null (ids);
    for (int i = 0; i < COUNT; i++) {
        xc_uuid_new (ids[i]);
        if (!xc_uuid_valid (ids[i]))
            fail_msg ("generated id %s is not valid", ids[i]);
        assert_int_equal (strlen (ids[i]), 36);
        assert_int_equal (ids[i][14], '4');                  /* version 4 */
        assert_non_null (strchr ("89ab", ids[i][19]));       /* RFC 4122 variant */
        for (int k = 0; k < 36; k++)
            if (ids[i][k] >= 'A' && ids[i][k] <= 'Z')
                fail_msg ("generated id %s is not lower case", ids[i]);
    }
    qsort (ids, COUNT, sizeof *ids, s_compare);
    for (int i = 1; i < COUNT; i++)
        if (strcmp (ids[i - 1], ids[i]) == 0)
            fail_msg ("id %s generated twice", ids[i]);
    free (ids);
}

static void
test_uuid_valid (void **state)
{
    (void) state;
    assert_true (xc_uuid_valid ("0f8fad5b-d9cb-469f-a165-70867728950e"));
    assert_true (xc_uuid_valid ("00000000-0000-0000-0000-000000000000"));
    static const char *const bad[] = {
        "",
        "0f8fad5b-d9cb-469f-a165-70867728950",      /* too short */
        "0f8fad5b-d9cb-469f-a165-70867728950e0",    /* too long */
        "0f8fad5bd9cb-469f-a165-70867728950e0",     /* dash misplaced */
        "0f8fad5b-d9cb-469f-a165-70867728950g",     /* not hex */
        "0f8fad5b-d9cb-469f-a165_70867728950e",
        "0f8fad5b d9cb 469f a165 70867728950e",
        "{0f8fad5b-d9cb-469f-a165-70867728950}",
        "0f8fad5b-d9cb-469f-a165-7086772895\xe5\xb7",
        "0f8fad5bd9cb469fa16570867728950e",         /* no dashes */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (xc_uuid_valid (bad[i]))
            fail_msg ("malformed id \"%s\" accepted", bad[i]);
    assert_false (xc_uuid_valid (NULL));
}

/* ------------------------------------------------------------------ dates */

/* The day number of TEXT, or INT64_MIN when xc_date_parse refuses it. */
static int64_t
s_day (const char *text)
{
    int64_t day;
    return xc_date_parse (text, &day) == 0 ? day : INT64_MIN;
}


static void
test_date_parse (void **state)
{
    (void) state;
    assert_int_equal (s_day ("1970-01-01"), 0);
    assert_int_equal (s_day ("1970-01-02"), 1);
    assert_int_equal (s_day ("2000-03-01"), 11017);
    assert_int_equal (s_day ("2024-02-29"), 19782);
    assert_int_equal (s_day ("2024-03-01"), s_day ("2024-02-29") + 1);
    assert_int_equal (s_day ("2025-03-01"), s_day ("2025-02-28") + 1);
    assert_true (s_day ("2000-02-29") > 0);          /* 400-year rule */
    assert_true (s_day ("2026-12-31") > 0);

    static const char *const bad[] = {
        "2025-02-29", "2100-02-29", "1900-02-29", "2026-02-30", "2026-13-01", "2026-00-10",
        "2026-01-00", "2026-04-31", "2026-01-32", "2026-1-01",  "2026-01-1",  "20260101",
        "2026/01/01", "2026-01-01x", " 2026-01-01", "2026-01-01 ", "abcd-ef-gh", "",
        "二〇二六-01-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (s_day (bad[i]) != INT64_MIN)
            fail_msg ("\"%s\" parsed as day %lld", bad[i], (long long) s_day (bad[i]));
    assert_int_equal (s_day (NULL), INT64_MIN);
    /* signs and spaces inside a part are not digits */
    assert_int_equal (s_day ("2026-+3-01"), INT64_MIN);
    assert_int_equal (s_day ("2026- 3-01"), INT64_MIN);
    assert_int_equal (s_day ("2024-01-+1"), INT64_MIN);
    /* days before 1970 are real dates, not errors */
    assert_int_equal (s_day ("1969-12-31"), -1);
    assert_int_equal (s_day ("1900-01-01"), -25567);
}

static void
test_date_format_round_trip (void **state)
{
    (void) state;
    char buf[11];
    xc_date_format (0, buf);
    assert_string_equal (buf, "1970-01-01");
    xc_date_format (19782, buf);
    assert_string_equal (buf, "2024-02-29");
    xc_date_format (-1, buf);
    assert_string_equal (buf, "1969-12-31");

    int64_t first = s_day ("1999-12-01"), last = s_day ("2031-03-01");
    assert_true (first > 0 && last > first);
    char previous[11] = "";
    for (int64_t day = first; day <= last; day++) {
        memset (buf, 'z', sizeof buf);
        xc_date_format (day, buf);
        assert_int_equal (buf[10], 0);
        if (s_day (buf) != day)
            fail_msg ("day %lld formatted as %s which parses back as %lld", (long long) day, buf,
                      (long long) s_day (buf));
        if (*previous && strcmp (previous, buf) >= 0)
            fail_msg ("%s does not come after %s", buf, previous);
        memcpy (previous, buf, sizeof buf);
    }
    assert_string_equal (previous, "2031-03-01");
}

/* ------------------------------------------------------------------ clock */

static void
test_clock_honours_xuncha_now (void **state)
{
    (void) state;
    char today[11];

    setenv ("XUNCHA_NOW", "2026-03-15", 1);
    assert_int_equal (xc_clock_now (), 1773504000);   /* 2026-03-15 00:00 UTC+8 */
    xc_clock_today (today);
    assert_string_equal (today, "2026-03-15");

    setenv ("XUNCHA_NOW", "2026-03-15T23:59:59", 1);
    assert_int_equal (xc_clock_now (), 1773590399);
    xc_clock_today (today);
    assert_string_equal (today, "2026-03-15");

    /* epoch seconds: the committee's day changes at 16:00 UTC */
    setenv ("XUNCHA_NOW", "1773503999", 1);
    xc_clock_today (today);
    assert_string_equal (today, "2026-03-14");
    setenv ("XUNCHA_NOW", "1773504000", 1);
    assert_int_equal (xc_clock_now (), 1773504000);
    xc_clock_today (today);
    assert_string_equal (today, "2026-03-15");

    setenv ("XUNCHA_NOW", "2024-02-29T08:30:00", 1);
    xc_clock_today (today);
    assert_string_equal (today, "2024-02-29");

    /* unset (or empty): the real clock */
    setenv ("XUNCHA_NOW", "", 1);
    time_t before = time (NULL);
    time_t now = xc_clock_now ();
    assert_true (now >= before && now <= time (NULL));
    unsetenv ("XUNCHA_NOW");
    before = time (NULL);
    now = xc_clock_now ();
    assert_true (now >= before && now <= time (NULL));
}

static void
test_clock_mono_advances (void **state)
{
    (void) state;
    int64_t a = xc_clock_mono_ms ();
    struct timespec pause = { 0, 20 * 1000 * 1000 };
    nanosleep (&pause, NULL);
    int64_t b = xc_clock_mono_ms ();
    assert_true (b - a >= 19);
}

/* ------------------------------------------------------------------ labels */

static const ProtobufCEnumDescriptor *const s_enums[] = {
    &xuncha__role__descriptor,       &xuncha__unit_kind__descriptor, &xuncha__round_type__descriptor,
    &xuncha__phase__descriptor,      &xuncha__position__descriptor,  &xuncha__status__descriptor,
    &xuncha__audit_break__descriptor,
};

static void
test_labels (void **state)
{
    (void) state;
    assert_string_equal (xc_label (&xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_PREPARATION), "准备");
    assert_string_equal (xc_label (&xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_ARCHIVED), "归档");
    assert_string_equal (xc_label (&xuncha__round_type__descriptor,
                                   XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES), "巡乡带村");
    assert_string_equal (xc_label (&xuncha__role__descriptor, XUNCHA__ROLE__ROLE_OFFICE), "巡察办");
    assert_string_equal (xc_label (&xuncha__position__descriptor, XUNCHA__POSITION__POSITION_DEPUTY_LEADER), "副组长");
    assert_string_equal (xc_label (&xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP), "乡镇");
    assert_null (xc_label (&xuncha__role__descriptor, 99));
    assert_null (xc_label (&xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_UNSPECIFIED));

    /* every named value has a label that parses back, and its English short name too */
    for (size_t t = 0; t < sizeof s_enums / sizeof s_enums[0]; t++) {
        const ProtobufCEnumDescriptor *type = s_enums[t];
        for (unsigned i = 0; i < type->n_values; i++) {
            int value = type->values[i].value, parsed = -12345;
            const char *label = xc_label (type, value);
            if (value == 0 && type != &xuncha__status__descriptor) {
                if (label)
                    fail_msg ("%s: the unset value has a label %s", type->values[i].name, label);
                continue;
            }
            if (!label)
                fail_msg ("%s has no Chinese label", type->values[i].name);
            if (xc_label_parse (type, label, &parsed) != 0 || parsed != value)
                fail_msg ("label %s of %s does not parse back", label, type->values[i].name);
        }
    }
}

static void
test_label_parse (void **state)
{
    (void) state;
    static const struct {
        const ProtobufCEnumDescriptor *type;
        const char *text;
        int value;
    } good[] = {
        { &xuncha__round_type__descriptor, "巡乡带村", XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES },
        { &xuncha__round_type__descriptor, "township_with_villages", XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES },
        { &xuncha__round_type__descriptor, "TOWNSHIP_WITH_VILLAGES", XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES },
        { &xuncha__round_type__descriptor, "专项", XUNCHA__ROUND_TYPE__ROUND_TYPE_THEMATIC },
        { &xuncha__round_type__descriptor, "专项巡察", XUNCHA__ROUND_TYPE__ROUND_TYPE_THEMATIC },
        { &xuncha__round_type__descriptor, "ad_hoc", XUNCHA__ROUND_TYPE__ROUND_TYPE_AD_HOC },
        { &xuncha__role__descriptor, "office", XUNCHA__ROLE__ROLE_OFFICE },
        { &xuncha__role__descriptor, "巡察办", XUNCHA__ROLE__ROLE_OFFICE },
        { &xuncha__role__descriptor, "纪委", XUNCHA__ROLE__ROLE_DISCIPLINE },
        { &xuncha__role__descriptor, "组长", XUNCHA__ROLE__ROLE_GROUP_LEADER },
        { &xuncha__role__descriptor, "group_leader", XUNCHA__ROLE__ROLE_GROUP_LEADER },
        { &xuncha__position__descriptor, "组长", XUNCHA__POSITION__POSITION_LEADER },
        { &xuncha__position__descriptor, "deputy_leader", XUNCHA__POSITION__POSITION_DEPUTY_LEADER },
        { &xuncha__unit_kind__descriptor, "乡镇", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP },
        { &xuncha__unit_kind__descriptor, "街道", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP },
        { &xuncha__unit_kind__descriptor, "township", XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP },
        { &xuncha__unit_kind__descriptor, "县", XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY },
        { &xuncha__phase__descriptor, "进驻", XUNCHA__PHASE__PHASE_ENTRY },
        { &xuncha__phase__descriptor, "fact_finding", XUNCHA__PHASE__PHASE_FACT_FINDING },
        { &xuncha__phase__descriptor, "archived", XUNCHA__PHASE__PHASE_ARCHIVED },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int value = -1;
        if (xc_label_parse (good[i].type, good[i].text, &value) != 0)
            fail_msg ("\"%s\" not accepted as %s", good[i].text, good[i].type->short_name);
        if (value != good[i].value)
            fail_msg ("\"%s\" parsed as %d, expected %d", good[i].text, value, good[i].value);
    }

    static const struct {
        const ProtobufCEnumDescriptor *type;
        const char *text;
    } bad[] = {
        { &xuncha__round_type__descriptor, "不存在" },
        { &xuncha__round_type__descriptor, "" },
        { &xuncha__round_type__descriptor, "township" },         /* a UnitKind, not a RoundType */
        { &xuncha__round_type__descriptor, "unspecified" },      /* the unset value is no choice */
        { &xuncha__round_type__descriptor, "巡乡" },
        { &xuncha__round_type__descriptor, "巡乡带村 " },
        { &xuncha__unit_kind__descriptor, "巡乡带村" },          /* a RoundType, not a UnitKind */
        { &xuncha__role__descriptor, "副组长" },                 /* a Position, not a Role */
        { &xuncha__phase__descriptor, "9" },
        { &xuncha__phase__descriptor, "entry_" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int value = -1;
        if (xc_label_parse (bad[i].type, bad[i].text, &value) == 0)
            fail_msg ("\"%s\" accepted as %s %d", bad[i].text, bad[i].type->short_name, value);
    }
    int value = -1;
    assert_int_equal (xc_label_parse (&xuncha__phase__descriptor, NULL, &value), -1);
}

static void
test_label_choices (void **state)
{
    (void) state;
    char buf[256];
    xc_label_choices (&xuncha__unit_kind__descriptor, buf, sizeof buf);
    assert_contains (buf, "乡镇/街道");
    assert_contains (buf, "村");
    assert_contains (buf, "企事业单位");
    xc_label_choices (&xuncha__phase__descriptor, buf, sizeof buf);
    assert_string_equal (buf, "准备/进驻/了解/报告/反馈/移交/整改/归档");
    /* a short buffer is cut, not overrun */
    char small[8];
    xc_label_choices (&xuncha__phase__descriptor, small, sizeof small);
    assert_true (strlen (small) < sizeof small);
}

/* ------------------------------------------------------------------ JSON */

static char *
s_json (const ProtobufCMessage *message)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert_non_null (out);
    xc_json_write (out, message);
    assert_int_equal (fclose (out), 0);
    return text;
}

static void
test_json_round (void **state)
{
    (void) state;
    Xuncha__RoundBatch batch1 = XUNCHA__ROUND_BATCH__INIT, batch2 = XUNCHA__ROUND_BATCH__INIT;
    batch1.number = 1;
    batch1.start_date = (char *) "2026-03-01";
    batch1.end_date = (char *) "2026-04-15";
    batch2.number = 2;
    batch2.start_date = (char *) "2026-04-16";
    batch2.end_date = (char *) "2026-05-31";
    Xuncha__RoundBatch *batches[] = { &batch1, &batch2 };

    Xuncha__Round round = XUNCHA__ROUND__INIT;
    round.id = 7;
    round.committee = (char *) "十届区委";
    round.number = 3;
    round.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES;
    round.title = (char *) "十届\"区委\"\n第3轮\\巡察\t\x01";
    round.start_date = (char *) "2026-03-01";
    round.end_date = (char *) "2026-05-31";
    round.phase = XUNCHA__PHASE__PHASE_ENTRY;
    round.n_batches = 2;
    round.batches = batches;

    char *json = s_json (&round.base);
    assert_contains (json, "\"id\":7");
    assert_contains (json, "\"committee\":\"十届区委\"");
    assert_contains (json, "\"number\":3");
    assert_contains (json, "\"type\":\"ROUND_TYPE_TOWNSHIP_WITH_VILLAGES\"");
    assert_contains (json, "\"title\":\"十届\\\"区委\\\"\\n第3轮\\\\巡察\\t\\u0001\"");
    assert_contains (json, "\"phase\":\"PHASE_ENTRY\"");
    assert_contains (json, "\"midpoint_date\":\"\"");
    assert_contains (json, "\"batches\":[{\"number\":1,\"start_date\":\"2026-03-01\",\"end_date\":\"2026-04-15\"},"
                           "{\"number\":2,\"start_date\":\"2026-04-16\",\"end_date\":\"2026-05-31\"}]");
    /* no raw newline or control byte escapes into the output */
    assert_null (strchr (json, '\n'));
    assert_null (strchr (json, '\x01'));
    assert_string_equal (json,
                         "{\"id\":7,\"committee\":\"十届区委\",\"number\":3,"
                         "\"type\":\"ROUND_TYPE_TOWNSHIP_WITH_VILLAGES\","
                         "\"title\":\"十届\\\"区委\\\"\\n第3轮\\\\巡察\\t\\u0001\","
                         "\"start_date\":\"2026-03-01\",\"end_date\":\"2026-05-31\",\"midpoint_date\":\"\","
                         "\"phase\":\"PHASE_ENTRY\",\"batches\":["
                         "{\"number\":1,\"start_date\":\"2026-03-01\",\"end_date\":\"2026-04-15\"},"
                         "{\"number\":2,\"start_date\":\"2026-04-16\",\"end_date\":\"2026-05-31\"}]}");
    free (json);

    /* an empty list is [], an enum value outside the proto is printed as its number */
    Xuncha__Round bare = XUNCHA__ROUND__INIT;
    bare.id = -5;
    bare.phase = (Xuncha__Phase) 42;
    json = s_json (&bare.base);
    assert_contains (json, "\"id\":-5");
    assert_contains (json, "\"type\":\"ROUND_TYPE_UNSPECIFIED\"");
    assert_contains (json, "\"phase\":42");
    assert_contains (json, "\"batches\":[]");
    free (json);
}

/* a double (a clue-quality average) is a JSON number, as short as it is exact */
static void
test_json_double (void **state)
{
    (void) state;
    Xuncha__GroupClueQuality quality = XUNCHA__GROUP_CLUE_QUALITY__INIT;
    quality.group_id = 1;
    quality.clues = 3;
    quality.rated = 3;
    quality.average = 4.33;
    char *json = s_json (&quality.base);
    assert_contains (json, "\"average\":4.33,");
    free (json);
    quality.average = 0;
    json = s_json (&quality.base);
    assert_contains (json, "\"average\":0,");
    free (json);
}

static void
test_json_reply_with_oneof (void **state)
{
    (void) state;
    Xuncha__Inspector inspector = XUNCHA__INSPECTOR__INIT;
    inspector.id = 12;
    inspector.name = (char *) "李某";
    char *specialties[] = { (char *) "财务", (char *) "工程" };
    inspector.n_specialties = 2;
    inspector.specialties = specialties;

    Xuncha__Reply reply = XUNCHA__REPLY__INIT;
    reply.request_id = (char *) "0f8fad5b-d9cb-469f-a165-70867728950e";
    reply.status = XUNCHA__STATUS__STATUS_OK;
    reply.body_case = XUNCHA__REPLY__BODY_INSPECTOR;
    reply.inspector = &inspector;

    char *json = s_json (&reply.base);
    assert_contains (json, "{\"request_id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"STATUS_OK\"");
    assert_contains (json, "\"inspector\":{\"id\":12,\"name\":\"李某\"");
    assert_contains (json, "\"specialties\":[\"财务\",\"工程\"]");
    assert_contains (json, "\"relations\":[]");
    /* only the chosen member of the oneof is written */
    assert_not_contains (json, "\"round\"");
    assert_not_contains (json, "\"pong\"");
    assert_not_contains (json, "\"user\"");
    free (json);
}

static void
test_json_write_string (void **state)
{
    (void) state;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert_non_null (out);
    xc_json_write_string (out, "a\"b\\c\nd\re\x1f巡察");
    fputc (' ', out);
    xc_json_write_string (out, NULL);
    assert_int_equal (fclose (out), 0);
    assert_string_equal (text, "\"a\\\"b\\\\c\\nd\\u000de\\u001f巡察\" \"\"");
    free (text);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_utf8_valid),
        cmocka_unit_test (test_utf8_blank),
        cmocka_unit_test (test_utf8_length_and_width),
        cmocka_unit_test (test_uuid_new),
        cmocka_unit_test (test_uuid_valid),
        cmocka_unit_test (test_date_parse),
        cmocka_unit_test (test_date_format_round_trip),
        cmocka_unit_test (test_clock_honours_xuncha_now),
        cmocka_unit_test (test_clock_mono_advances),
        cmocka_unit_test (test_labels),
        cmocka_unit_test (test_label_parse),
        cmocka_unit_test (test_label_choices),
        cmocka_unit_test (test_json_round),
        cmocka_unit_test (test_json_double),
        cmocka_unit_test (test_json_reply_with_oneof),
        cmocka_unit_test (test_json_write_string),
    };
    return cmocka_run_group_tests_name ("text", tests, NULL, NULL);
}
