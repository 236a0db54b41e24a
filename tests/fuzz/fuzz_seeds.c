/* fuzz_seeds — writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/):
 * real, valid messages of every kind the wire contract has, made by walking the proto
 * descriptors and filling every field with a plausible value (dates as dates, times as
 * times, the request id a UUID, keys Z85), one file per kind and per member of a nested
 * oneof; and a few lines of every text the parser target reads.
 *
 *   fuzz_seeds DIR      writes DIR/request, DIR/notifier, DIR/reply, DIR/parsers
 *
 * Each request seed is checked through xc_request_decode (and each notifier seed
 * through xc_notifier_message_decode): a seed the edge refuses is reported and left out. */
#include "xc_codec.h"
#include "xc_validate.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SEED_UUID "0f8fad5b-d9cb-469f-a165-70867728950e"
#define SEED_KEY "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"   /* the CURVE documentation's */
#define SEED_VARIANTS 5   /* the largest nested oneof (a field record's detail) has five members */

static const char *
s_string_for (const char *name)
{
    size_t n = strlen (name);
    if (strcmp (name, "request_id") == 0 || strcmp (name, "upload_id") == 0)
        return SEED_UUID;
    if (strcmp (name, "sha256") == 0)
        return "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    if (strcmp (name, "public_key") == 0)
        return SEED_KEY;
    if (n > 5 && strcmp (name + n - 5, "_date") == 0)
        return "2026-03-02";
    if (n > 5 && strcmp (name + n - 5, "_time") == 0)
        return "2026-03-02 09:30";
    if (strcmp (name, "text") == 0)
        return "2026-02-14 班 春节调休上班\n2026-02-16 休 春节\n";
    return "东关村“两委”班子";
}

static void *s_fill (const ProtobufCMessageDescriptor *type, const ProtobufCFieldDescriptor *body, int variant,
                     int depth);

/* One value of FIELD at SLOT. */
static void
s_fill_value (const ProtobufCFieldDescriptor *field, void *slot, int variant, int depth)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: *(char **) slot = strdup (s_string_for (field->name)); break;
        case PROTOBUF_C_TYPE_BYTES: {
            ProtobufCBinaryData *bytes = slot;
            bytes->data = (uint8_t *) strdup ("%PDF-1.4 \x01\x02");
            bytes->len = 11;
            break;
        }
        case PROTOBUF_C_TYPE_MESSAGE: *(void **) slot = s_fill (field->descriptor, NULL, variant, depth + 1); break;
        case PROTOBUF_C_TYPE_ENUM: {
            const ProtobufCEnumDescriptor *type = field->descriptor;
            *(int *) slot = type->values[type->n_values > 1 ? 1 : 0].value;
            break;
        }
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_UINT64: *(int64_t *) slot = 3; break;
        case PROTOBUF_C_TYPE_DOUBLE: *(double *) slot = 4.5; break;
        case PROTOBUF_C_TYPE_BOOL: *(protobuf_c_boolean *) slot = 1; break;
        default: *(int32_t *) slot = 1; break;
    }
}

static size_t
s_value_size (const ProtobufCFieldDescriptor *field)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING:
        case PROTOBUF_C_TYPE_MESSAGE: return sizeof (void *);
        case PROTOBUF_C_TYPE_BYTES: return sizeof (ProtobufCBinaryData);
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_DOUBLE: return 8;
        case PROTOBUF_C_TYPE_BOOL: return sizeof (protobuf_c_boolean);
        default: return 4;
    }
}

/* Whether FIELD is the member of its oneof that VARIANT chooses. */
static int
s_chosen (const ProtobufCMessageDescriptor *type, const ProtobufCFieldDescriptor *field, int variant)
{
    unsigned members = 0, position = 0;
    for (unsigned i = 0; i < type->n_fields; i++)
        if ((type->fields[i].flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
            && type->fields[i].quantifier_offset == field->quantifier_offset) {
            if (&type->fields[i] == field)
                position = members;
            members++;
        }
    return position == (unsigned) variant % members;
}

/* A message of TYPE with every field set; of a oneof, only BODY when given, else the
 * member VARIANT chooses. */
static void *
s_fill (const ProtobufCMessageDescriptor *type, const ProtobufCFieldDescriptor *body, int variant, int depth)
{
    ProtobufCMessage *message = calloc (1, type->sizeof_message);
    type->message_init (message);
    for (unsigned i = 0; depth < 8 && i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &type->fields[i];
        char *member = (char *) message + field->offset;
        if (field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            if (body ? field != body : !s_chosen (type, field, variant))
                continue;
            *(uint32_t *) ((char *) message + field->quantifier_offset) = field->id;
        }
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t count = 2;
            void *items = calloc (count, s_value_size (field));
            for (size_t k = 0; k < count; k++)
                s_fill_value (field, (char *) items + k * s_value_size (field), variant, depth);
            *(void **) member = items;
            *(size_t *) ((char *) message + field->quantifier_offset) = count;
        }
        else
            s_fill_value (field, member, variant, depth);
    }
    return message;
}

static int
s_write (const char *dir, const char *name, const uint8_t *data, size_t size)
{
    char path[1024];
    int length = snprintf (path, sizeof path, "%s/%s", dir, name);
    if (length < 0 || (size_t) length >= sizeof path) {
        fprintf (stderr, "fuzz_seeds: path too long: %s/%s\n", dir, name);
        return -1;
    }
    FILE *file = fopen (path, "wb");
    if (!file || fwrite (data, 1, size, file) != size) {
        fprintf (stderr, "fuzz_seeds: cannot write %s\n", path);
        if (file)
            fclose (file);
        return -1;
    }
    return fclose (file);
}

static int
s_accepted (const ProtobufCMessageDescriptor *envelope, const uint8_t *data, size_t size, char *why,
            size_t why_size)
{
    if (envelope == &xuncha__request__descriptor) {
        Xuncha__Status status;
        char id[37];
        Xuncha__Request *request = xc_request_decode (data, size, XC_MAX_FRAME_DEFAULT, &status, id, why, why_size);
        if (request)
            xuncha__request__free_unpacked (request, NULL);
        return request != NULL;
    }
    if (envelope == &xuncha__notifier_message__descriptor) {
        Xuncha__NotifierMessage *message = xc_notifier_message_decode (data, size, why, why_size);
        if (message)
            xuncha__notifier_message__free_unpacked (message, NULL);
        return message != NULL;
    }
    return 1;
}

/* One seed per member of ENVELOPE's body oneof and per variant of its nested oneofs;
 * identical variants are written once. Returns the number written, -1 on failure. */
static int
s_envelopes (const ProtobufCMessageDescriptor *envelope, const char *dir)
{
    int written = 0;
    for (unsigned i = 0; i < envelope->n_fields; i++) {
        const ProtobufCFieldDescriptor *body = &envelope->fields[i];
        if (!(body->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            continue;
        uint8_t *made[SEED_VARIANTS] = { NULL };
        size_t sizes[SEED_VARIANTS] = { 0 };
        for (int variant = 0; variant < SEED_VARIANTS; variant++) {
            ProtobufCMessage *message = s_fill (envelope, body, variant, 0);
            made[variant] = xc_pack (message, &sizes[variant]);
            protobuf_c_message_free_unpacked (message, NULL);
            int fresh = 1;
            for (int k = 0; k < variant; k++)
                fresh &= sizes[k] != sizes[variant] || memcmp (made[k], made[variant], sizes[k]) != 0;
            char why[1024], name[256];
            if (fresh && !s_accepted (envelope, made[variant], sizes[variant], why, sizeof why))
                fprintf (stderr, "fuzz_seeds: %s %s (variant %d) left out: %s\n", envelope->short_name, body->name,
                         variant, why);
            else if (fresh) {
                snprintf (name, sizeof name, "%s-%d", body->name, variant);
                if (s_write (dir, name, made[variant], sizes[variant]) != 0)
                    return -1;
                written++;
            }
        }
        for (int variant = 0; variant < SEED_VARIANTS; variant++)
            free (made[variant]);
    }
    return written;
}

/* The parser target's seeds: its selector byte, then the text. */
static const struct {
    const char *name;
    char selector;
    const char *text;
} s_texts[] = {
    { "calendar-workday", 0, "2026-02-14 班 春节调休上班" },
    { "calendar-holiday", 0, "2026-10-01\t休\t国庆节  # 法定节假日" },
    { "calendar-english", 0, "2026-05-01 holiday Labour Day" },
    { "calendar-long-kind", 0, "2026-09-27 上班 国庆调休" },
    { "calendar-comment", 0, "# 2026 年：国办发明电〔2025〕7号" },
    { "calendar-bad-date", 0, "2026-02-30 休 不存在的日子" },
    { "calendar-weekday-workday", 0, "2026-02-17 班 周二" },
    { "date", 1, "2024-02-29" },
    { "date-bad", 1, "2026-02-30" },
    { "config", 2, "server = tcp://127.0.0.1:7400\ntimeout_ms = 3000\n# 注释\n\nkey_file = /tmp/k.key\n" },
    { "config-bad-line", 2, "server tcp://127.0.0.1:7400\n" },
    { "config-unknown", 2, "colour = red\n" },
    { "text-time", 3, "2026-03-02 09:30" },
    { "text-uuid", 3, SEED_UUID },
    { "text-key", 3, SEED_KEY },
    { "text-name", 3, "城关镇　东关村" },
    { "committee", 4, "十届区委" },
    { "committee-county", 4, "中共某县委员会县委" },
};

static int
s_parser_texts (const char *dir)
{
    for (size_t i = 0; i < sizeof s_texts / sizeof s_texts[0]; i++) {
        size_t length = strlen (s_texts[i].text);
        uint8_t *data = malloc (length + 1);
        data[0] = (uint8_t) s_texts[i].selector;
        memcpy (data + 1, s_texts[i].text, length);
        int rc = s_write (dir, s_texts[i].name, data, length + 1);
        free (data);
        if (rc != 0)
            return -1;
    }
    return (int) (sizeof s_texts / sizeof s_texts[0]);
}

static int
s_make_dir (const char *top, const char *name, char *path, size_t size)
{
    snprintf (path, size, "%s/%s", top, name);
    if (mkdir (path, 0755) != 0 && errno != EEXIST) {
        fprintf (stderr, "fuzz_seeds: cannot create %s\n", path);
        return -1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    if (argc != 2) {
        fprintf (stderr, "usage: fuzz_seeds DIR\n");
        return 2;
    }
    static const struct {
        const char *target;
        const ProtobufCMessageDescriptor *envelope;
    } targets[] = {
        { "request", &xuncha__request__descriptor },
        { "notifier", &xuncha__notifier_message__descriptor },
        { "reply", &xuncha__reply__descriptor },
        { "parsers", NULL },
    };
    mkdir (argv[1], 0755);
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char dir[1024];
        if (s_make_dir (argv[1], targets[i].target, dir, sizeof dir) != 0)
            return 1;
        int written = targets[i].envelope ? s_envelopes (targets[i].envelope, dir) : s_parser_texts (dir);
        if (written < 0)
            return 1;
        printf ("%s: %d seeds\n", dir, written);
    }
    return 0;
}
