/* xc_config — see xc_config.h. */
#include "xc_config.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XC_MAX_SETTINGS 64
#define XC_MAX_POSITIONAL 64

struct _xc_config_t {
    const xc_setting_t *settings;
    int count;
    char *values[XC_MAX_SETTINGS];
    int explicit[XC_MAX_SETTINGS];
    char *positional[XC_MAX_POSITIONAL];
    int positional_count;
};

static int
s_index (xc_config_t *self, const char *key, size_t key_len)
{
    for (int i = 0; i < self->count; i++)
        if (strlen (self->settings[i].key) == key_len
            && strncmp (self->settings[i].key, key, key_len) == 0)
            return i;
    return -1;
}

static void
s_set (xc_config_t *self, int index, const char *value)
{
    free (self->values[index]);
    self->values[index] = strdup (value);
    self->explicit[index] = 1;
}

static char *
s_trim (char *text)
{
    while (isspace ((unsigned char) *text))
        text++;
    char *end = text + strlen (text);
    while (end > text && isspace ((unsigned char) end[-1]))
        *--end = 0;
    return text;
}

static int
s_load_file (xc_config_t *self, const char *path, char *error, size_t error_size)
{
    FILE *file = fopen (path, "r");
    if (!file) {
        snprintf (error, error_size, "无法读取配置文件 %s", path);
        return -1;
    }
    char line[2048];
    int number = 0;
    while (fgets (line, sizeof line, file)) {
        number++;
        char *text = s_trim (line);
        if (*text == 0 || *text == '#')
            continue;
        char *equals = strchr (text, '=');
        if (!equals) {
            snprintf (error, error_size, "配置文件 %s 第 %d 行应为 key = value", path, number);
            fclose (file);
            return -1;
        }
        *equals = 0;
        char *key = s_trim (text);
        int index = s_index (self, key, strlen (key));
        if (index < 0) {
            snprintf (error, error_size, "配置文件 %s 第 %d 行：未知设置 %s", path, number, key);
            fclose (file);
            return -1;
        }
        s_set (self, index, s_trim (equals + 1));
    }
    fclose (file);
    return 0;
}

static void
s_load_env (xc_config_t *self, const char *prefix)
{
    for (int i = 0; i < self->count; i++) {
        char name[128];
        int n = snprintf (name, sizeof name, "%s_", prefix);
        for (const char *k = self->settings[i].key; *k && n < (int) sizeof name - 1; k++)
            name[n++] = *k == '-' ? '_' : (char) toupper ((unsigned char) *k);
        name[n] = 0;
        const char *value = getenv (name);
        if (value)
            s_set (self, i, value);
    }
}

/* The file first (--config FILE, or $PREFIX_CONFIG, or DEFAULT_FILE when it exists),
 * then the environment: flags are applied after both. */
static int
s_load_file_and_env (xc_config_t *self, const char *env_prefix, const char *default_file, int argc,
                     char **argv, char *error, size_t error_size)
{
    char env_name[128];
    snprintf (env_name, sizeof env_name, "%s_CONFIG", env_prefix);
    const char *file = getenv (env_name);
    for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++) {
        if (strcmp (argv[i], "--config") == 0 && i + 1 >= argc) {
            snprintf (error, error_size, "选项 --config 缺少取值");
            return -1;
        }
        if (strcmp (argv[i], "--config") == 0)
            file = argv[++i];
        else if (strncmp (argv[i], "--config=", 9) == 0)
            file = argv[i] + 9;
    }
    int rc = 0;
    if (file && *file)
        rc = s_load_file (self, file, error, error_size);
    else if (default_file && access (default_file, R_OK) == 0)
        rc = s_load_file (self, default_file, error, error_size);
    if (rc == 0)
        s_load_env (self, env_prefix);
    return rc;
}

xc_config_t *
xc_config_new (const xc_setting_t *settings, const char *env_prefix, const char *default_file,
               int argc, char **argv, char *error, size_t error_size)
{
    xc_config_t *self = calloc (1, sizeof *self);
    self->settings = settings;
    while (settings[self->count].key && self->count < XC_MAX_SETTINGS)
        self->count++;
    for (int i = 0; i < self->count; i++)
        self->values[i] = strdup (settings[i].fallback);

    int rc = s_load_file_and_env (self, env_prefix, default_file, argc, argv, error, error_size);
    int options_end = 0;   /* after "--" every argument is positional */
    for (int i = 1; rc == 0 && i < argc; i++) {
        const char *arg = argv[i];
        if (!options_end && strcmp (arg, "--") == 0) {
            options_end = 1;
            continue;
        }
        if (options_end || strncmp (arg, "--", 2) != 0 || arg[2] == 0) {
            if (self->positional_count < XC_MAX_POSITIONAL)
                self->positional[self->positional_count++] = argv[i];
            continue;
        }
        const char *key = arg + 2;
        const char *equals = strchr (key, '=');
        size_t key_len = equals ? (size_t) (equals - key) : strlen (key);
        if (key_len == 6 && strncmp (key, "config", 6) == 0) {
            i += equals ? 0 : 1;
            continue;
        }
        int index = s_index (self, key, key_len);
        if (index < 0) {
            snprintf (error, error_size, "未知选项 --%.*s", (int) key_len, key);
            rc = -1;
        }
        else if (equals)
            s_set (self, index, equals + 1);
        else if (i + 1 < argc)
            s_set (self, index, argv[++i]);
        else {
            snprintf (error, error_size, "选项 --%s 缺少取值", key);
            rc = -1;
        }
    }
    if (rc != 0)
        xc_config_destroy (&self);
    return self;
}

void
xc_config_destroy (xc_config_t **self_p)
{
    if (self_p && *self_p) {
        for (int i = 0; i < (*self_p)->count; i++)
            free ((*self_p)->values[i]);
        free (*self_p);
        *self_p = NULL;
    }
}

const char *
xc_config_get (xc_config_t *self, const char *key)
{
    int index = s_index (self, key, strlen (key));
    return index < 0 ? NULL : self->values[index];
}

long
xc_config_get_long (xc_config_t *self, const char *key)
{
    const char *value = xc_config_get (self, key);
    return value ? strtol (value, NULL, 10) : 0;
}

int
xc_config_is_set (xc_config_t *self, const char *key)
{
    int index = s_index (self, key, strlen (key));
    return index >= 0 && self->explicit[index];
}

int
xc_config_positional_count (xc_config_t *self)
{
    return self->positional_count;
}

const char *
xc_config_positional (xc_config_t *self, int index)
{
    return index >= 0 && index < self->positional_count ? self->positional[index] : NULL;
}

void
xc_config_print_help (const xc_setting_t *settings, const char *env_prefix, FILE *out)
{
    fprintf (out, "设置（优先级：命令行 --key > 环境变量 %s_KEY > 配置文件 > 默认值）:\n", env_prefix);
    for (int i = 0; settings[i].key; i++)
        if (settings[i].help)   /* a setting without help is for tests only */
            fprintf (out, "  --%-22s %s%s%s%s\n", settings[i].key, settings[i].help,
                     *settings[i].fallback ? " [默认: " : "", settings[i].fallback,
                     *settings[i].fallback ? "]" : "");
}

xc_config_t *
xc_config_from_command_line (const xc_setting_t *settings, const char *env_prefix, const char *name,
                             const char *summary, int argc, char **argv, int *exit_code)
{
    for (int i = 1; i < argc; i++)
        if (strcmp (argv[i], "--help") == 0) {
            printf ("%s\n\n", summary);
            xc_config_print_help (settings, env_prefix, stdout);
            *exit_code = 0;
            return NULL;
        }
    char error[512];
    xc_config_t *config = xc_config_new (settings, env_prefix, NULL, argc, argv, error, sizeof error);
    if (!config) {
        fprintf (stderr, "%s: %s\n", name, error);
        *exit_code = 2;
    }
    return config;
}
