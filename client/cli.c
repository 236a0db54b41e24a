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

static int
s_allowed (const char *allowed, const char *name, size_t length)
{
    for (const char *p = allowed; p && *p;) {
        const char *comma = strchr (p, ',');
        size_t n = comma ? (size_t) (comma - p) : strlen (p);
        if (n == length && strncmp (p, name, n) == 0)
            return 1;
        p = comma ? comma + 1 : p + n;
    }
    return 0;
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
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp (arg, "--", 2) != 0) {
            s_usage_error (usage, "多余的参数 %s", arg);
            xc_cli_destroy (&self);
            return NULL;
        }
        const char *name = arg + 2;
        const char *equals = strchr (name, '=');
        size_t length = equals ? (size_t) (equals - name) : strlen (name);
        if (!s_allowed (allowed, name, length) || self->count == XC_CLI_MAX) {
            char shown[128];
            snprintf (shown, sizeof shown, "%.*s", (int) length, name);
            s_usage_error (usage, "此命令不接受选项 --%s", shown);
            xc_cli_destroy (&self);
            return NULL;
        }
        if (!equals && i + 1 >= argc) {
            s_usage_error (usage, "选项 --%s 缺少取值", name);
            xc_cli_destroy (&self);
            return NULL;
        }
        self->names[self->count] = strndup (name, length);
        self->values[self->count] = strdup (equals ? equals + 1 : argv[++i]);
        self->count++;
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

int
xc_cli_int64 (xc_cli_t *self, const char *name, int required, int64_t *value)
{
    char *text;
    if (xc_cli_text (self, name, required, &text) != 0)
        return -1;
    *value = 0;
    if (!*text)
        return 0;
    char *end;
    errno = 0;
    long long number = strtoll (text, &end, 10);
    if (*end || errno || number < 0)
        return s_usage_error (self->usage, "选项 --%s 应为非负整数", name);
    *value = number;
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
    for (size_t i = 0; i < n; i++) {
        char *end;
        errno = 0;
        long long number = strtoll (texts[i], &end, 10);
        if (*end || errno || number < 0 || !*texts[i])
            return s_usage_error (self->usage, "选项 --%s 应为非负整数", name);
        numbers[i] = number;
    }
    *values = numbers;
    *count = n;
    return 0;
}

int
xc_cli_bool (xc_cli_t *self, const char *name, int *value)
{
    char *text;
    xc_cli_text (self, name, 0, &text);
    static const char *yes[] = { "是", "yes", "true", "1", "y" };
    static const char *no[] = { "否", "no", "false", "0", "n", "" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp (text, yes[i]) == 0)
            return *value = 1, 0;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp (text, no[i]) == 0)
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
