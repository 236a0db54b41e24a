/* cli — see cli.h. */
#include "cli.h"
#include "xc_names.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC_CLI_MAX 64

struct _xc_cli_t {
    const char *usage;
    int count;
    const char *names[XC_CLI_MAX];
    char *values[XC_CLI_MAX];
    char *all[XC_CLI_MAX];
    int64_t *numbers[XC_CLI_MAX];   /* one array per xc_cli_int64_all call */
    int number_lists;
    uint8_t *file_data;
    int local_failure;
};

/* How NAME (LENGTH bytes) is declared in ALLOWED: 0 not at all, 1 an option that takes
 * a value, 2 a flag ("name?": the value is optional, 是 when none is given). */
static int
s_declared (const char *allowed, const char *name, size_t length)
{
    for (const char *p = allowed; p && *p;) {
        const char *comma = strchr (p, ',');
        size_t n = comma ? (size_t) (comma - p) : strlen (p);
        int flag = n > 0 && p[n - 1] == '?';
        if (*p != '<' && n - flag == length && strncmp (p, name, length) == 0)
            return flag ? 2 : 1;
        p = comma ? comma + 1 : p + n;
    }
    return 0;
}

/* The name of the INDEX-th positional argument ("<name>" in ALLOWED) into NAME; 0, or
 * -1 when there are not that many. */
static int
s_positional (const char *allowed, int index, char *name, size_t size)
{
    for (const char *p = allowed; p && *p;) {
        const char *comma = strchr (p, ',');
        size_t n = comma ? (size_t) (comma - p) : strlen (p);
        if (*p == '<' && n > 2 && index-- == 0) {
            snprintf (name, size, "%.*s", (int) (n - 2), p + 1);
            return 0;
        }
        p = comma ? comma + 1 : p + n;
    }
    return -1;
}

/* The words of yes and no (xc_cli_bool); "" is no: an option not given. */
static const char *const s_yes[] = { "是", "yes", "true", "1", "y", NULL };
static const char *const s_no[] = { "否", "no", "false", "0", "n", "", NULL };

static int
s_is_one_of (const char *text, const char *const *words)
{
    for (; *words; words++)
        if (strcmp (text, *words) == 0)
            return 1;
    return 0;
}

static int
s_is_bool_word (const char *text)
{
    return *text && (s_is_one_of (text, s_yes) || s_is_one_of (text, s_no));
}

static int
s_usage_error (const char *usage, const char *fmt, const char *what)
{
    fprintf (stderr, "xuncha: ");
    fprintf (stderr, fmt, what);
    fprintf (stderr, "\n用法: %s\n", usage);
    return -1;
}

xc_cli_t *
xc_cli_new (int argc, char **argv, const char *allowed, const char *usage)
{
    xc_cli_t *self = calloc (1, sizeof *self);
    self->usage = usage;
    int positionals = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (self->count == XC_CLI_MAX) {
            s_usage_error (usage, "参数过多：%s", arg);
            xc_cli_destroy (&self);
            return NULL;
        }
        if (strncmp (arg, "--", 2) != 0) {   /* a positional argument: "xuncha tasks show 12" */
            char name[64];
            if (s_positional (allowed, positionals++, name, sizeof name) != 0) {
                s_usage_error (usage, "多余的参数 %s", arg);
                xc_cli_destroy (&self);
                return NULL;
            }
            self->names[self->count] = strdup (name);
            self->values[self->count++] = strdup (arg);
            continue;
        }
        const char *name = arg + 2;
        const char *equals = strchr (name, '=');
        size_t length = equals ? (size_t) (equals - name) : strlen (name);
        int declared = s_declared (allowed, name, length);
        if (!declared) {
            char shown[128];
            snprintf (shown, sizeof shown, "%.*s", (int) length, name);
            s_usage_error (usage, "此命令不接受选项 --%s", shown);
            xc_cli_destroy (&self);
            return NULL;
        }
        const char *value;
        if (equals)
            value = equals + 1;
        else if (declared == 2)   /* a flag takes a following 是/否, or stands alone for 是 */
            value = i + 1 < argc && s_is_bool_word (argv[i + 1]) ? argv[++i] : "是";
        else if (i + 1 < argc)
            value = argv[++i];
        else {
            s_usage_error (usage, "选项 --%s 缺少取值", name);
            xc_cli_destroy (&self);
            return NULL;
        }
        self->names[self->count] = strndup (name, length);
        self->values[self->count++] = strdup (value);
    }
    return self;
}

void
xc_cli_destroy (xc_cli_t **self_p)
{
    if (self_p && *self_p) {
        for (int i = 0; i < (*self_p)->count; i++) {
            free ((char *) (*self_p)->names[i]);
            free ((*self_p)->values[i]);
        }
        free ((*self_p)->file_data);
        for (int i = 0; i < (*self_p)->number_lists; i++)
            free ((*self_p)->numbers[i]);
        free (*self_p);
        *self_p = NULL;
    }
}

/* The last value given for NAME, or NULL. */
static char *
s_find (xc_cli_t *self, const char *name)
{
    char *found = NULL;
    for (int i = 0; i < self->count; i++)
        if (strcmp (self->names[i], name) == 0)
            found = self->values[i];
    return found;
}

int
xc_cli_text (xc_cli_t *self, const char *name, int required, char **value)
{
    char *found = s_find (self, name);
    if (!found && required)
        return s_usage_error (self->usage, "缺少必填选项 --%s", name);
    *value = found ? found : "";
    return 0;
}

/* A number the user typed: a non-negative integer, or L<n>, the object the pending
 * local change n will create (sync.h), read as -n. 0, or -1 when it is neither. */
static int
s_parse_number (const char *text, int64_t *value)
{
    int local = text[0] == 'L' || text[0] == 'l';
    const char *digits = text + local;
    char *end;
    errno = 0;
    long long number = strtoll (digits, &end, 10);
    if (!*digits || *end || errno || number < 0 || (local && number == 0) || *digits == '-' || *digits == '+')
        return -1;
    *value = local ? -number : number;
    return 0;
}

#define XC_NUMBER_WORDS "应为非负整数（离线新建、尚未同步的对象可写作 L<本地序号>）"

int
xc_cli_int64 (xc_cli_t *self, const char *name, int required, int64_t *value)
{
    char *text;
    if (xc_cli_text (self, name, required, &text) != 0)
        return -1;
    *value = 0;
    if (!*text)
        return 0;
    if (s_parse_number (text, value) != 0)
        return s_usage_error (self->usage, "选项 --%s " XC_NUMBER_WORDS, name);
    return 0;
}

int
xc_cli_int32 (xc_cli_t *self, const char *name, int required, int32_t *value)
{
    int64_t wide;
    if (xc_cli_int64 (self, name, required, &wide) != 0)
        return -1;
    if (wide > INT32_MAX)
        return s_usage_error (self->usage, "选项 --%s 数值过大", name);
    if (wide < 0)
        return s_usage_error (self->usage, "选项 --%s 应为非负整数", name);
    *value = (int32_t) wide;
    return 0;
}

int
xc_cli_enum (xc_cli_t *self, const char *name, int required, const ProtobufCEnumDescriptor *type, int *value)
{
    char *text;
    if (xc_cli_text (self, name, required, &text) != 0)
        return -1;
    *value = 0;
    if (!*text)
        return 0;
    if (xc_label_parse (type, text, value) != 0) {
        char choices[512], message[700];
        xc_label_choices (type, choices, sizeof choices);
        snprintf (message, sizeof message, "选项 --%s 的取值“%s”无效，可选：%s", name, text, choices);
        return s_usage_error (self->usage, "%s", message);
    }
    return 0;
}

char **
xc_cli_all (xc_cli_t *self, const char *name, size_t *count)
{
    *count = 0;
    for (int i = 0; i < self->count; i++)
        if (strcmp (self->names[i], name) == 0)
            self->all[(*count)++] = self->values[i];
    return self->all;
}

int
xc_cli_int64_all (xc_cli_t *self, const char *name, int64_t **values, size_t *count)
{
    size_t n;
    char **texts = xc_cli_all (self, name, &n);
    if (self->number_lists == XC_CLI_MAX)
        return s_usage_error (self->usage, "选项过多：%s", name);
    int64_t *numbers = calloc (n + 1, sizeof *numbers);
    self->numbers[self->number_lists++] = numbers;
    for (size_t i = 0; i < n; i++)
        if (s_parse_number (texts[i], &numbers[i]) != 0)
            return s_usage_error (self->usage, "选项 --%s " XC_NUMBER_WORDS, name);
    *values = numbers;
    *count = n;
    return 0;
}

int
xc_cli_bool (xc_cli_t *self, const char *name, int *value)
{
    char *text;
    xc_cli_text (self, name, 0, &text);
    if (s_is_one_of (text, s_yes))
        return *value = 1, 0;
    if (s_is_one_of (text, s_no))
        return *value = 0, 0;
    return s_usage_error (self->usage, "选项 --%s 应为 是/否", name);
}

int
xc_cli_file (xc_cli_t *self, const char *name, size_t max, ProtobufCBinaryData *data, const char **basename)
{
    char *path;
    if (xc_cli_text (self, name, 1, &path) != 0)
        return -1;
    self->local_failure = 1;   /* until the file is read */
    FILE *file = fopen (path, "rb");
    if (!file) {
        fprintf (stderr, "xuncha: 无法读取文件 %s\n", path);
        return -1;
    }
    free (self->file_data);
    self->file_data = malloc (max + 1);
    size_t size = self->file_data ? fread (self->file_data, 1, max + 1, file) : 0;
    int failed = ferror (file);
    fclose (file);
    if (failed || !self->file_data) {
        fprintf (stderr, "xuncha: 无法读取文件 %s\n", path);
        return -1;
    }
    if (size > max) {
        fprintf (stderr, "xuncha: 文件 %s 超过上限 %zu 字节\n", path, max);
        return -1;
    }
    self->local_failure = 0;
    data->data = self->file_data;
    data->len = size;
    const char *slash = strrchr (path, '/');
    *basename = slash ? slash + 1 : path;
    return 0;
}

int
xc_cli_failed_locally (xc_cli_t *self)
{
    return self->local_failure;
}

void
xc_cli_fail_locally (xc_cli_t *self)
{
    self->local_failure = 1;
}
