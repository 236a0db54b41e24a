/* Unit tests of common/xc_config: defaults < file < $XUNCHA_KEY < --key flags, errors that
 * name the bad flag or file line, positional arguments kept in order. */
#include "unit.h"
#include "xc_config.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const xc_setting_t s_settings[] = {
    { "endpoint", "tcp://127.0.0.1:5555", "server endpoint" },
    { "log-level", "info", "debug/info/warn/error" },
    { "timeout-ms", "5000", "request timeout" },
    { "committee", "", "default committee" },
    { NULL, NULL, NULL },
};

static const char *const s_env[] = {
    "XUNCHA_ENDPOINT", "XUNCHA_LOG_LEVEL", "XUNCHA_TIMEOUT_MS", "XUNCHA_COMMITTEE", "XUNCHA_CONFIG",
};

typedef struct {
    char dir[PATH_MAX];
    char file[PATH_MAX + 32];       /* dir/xuncha.conf */
    char error[512];
} fixture_t;

static void
s_clear_env (void)
{
    for (size_t i = 0; i < sizeof s_env / sizeof s_env[0]; i++)
        unsetenv (s_env[i]);
}

static int
s_setup (void **state)
{
    fixture_t *self = calloc (1, sizeof *self);
    if (!self)
        return -1;
    const char *tmp = getenv ("TMPDIR");
    snprintf (self->dir, sizeof self->dir, "%s/xc_config_test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp (self->dir)) {
        free (self);
        return -1;
    }
    snprintf (self->file, sizeof self->file, "%s/xuncha.conf", self->dir);
    s_clear_env ();
    *state = self;
    return 0;
}

static int
s_teardown (void **state)
{
    fixture_t *self = *state;
    s_clear_env ();
    unlink (self->file);
    rmdir (self->dir);
    free (self);
    return 0;
}

static void
s_write (const char *path, const char *text)
{
    FILE *file = fopen (path, "w");
    assert_non_null (file);
    fputs (text, file);
    assert_int_equal (fclose (file), 0);
}

/* Runs xc_config_new on a NULL-terminated list of arguments (program name first). */
static xc_config_t *
s_config (fixture_t *self, const char *default_file, const char *const *args)
{
    static char *argv[32];
    int argc = 0;
    while (args[argc] && argc < 31) {
        argv[argc] = (char *) args[argc];
        argc++;
    }
    argv[argc] = NULL;
    self->error[0] = 0;
    return xc_config_new (s_settings, "XUNCHA", default_file, argc, argv, self->error,
                          sizeof self->error);
}

#define CONFIG(self, default_file, ...)                                                    \
    s_config ((self), (default_file), (const char *const[]) { "xuncha", __VA_ARGS__, NULL })

static xc_config_t *
s_must (fixture_t *self, xc_config_t *config)
{
    if (!config)
        fail_msg ("xc_config_new failed: %s", self->error);
    return config;
}

static void
test_defaults (void **state)
{
    fixture_t *self = *state;
    xc_config_t *config = s_must (self, s_config (self, NULL, (const char *const[]) { "xuncha", NULL }));
    assert_string_equal (xc_config_get (config, "endpoint"), "tcp://127.0.0.1:5555");
    assert_string_equal (xc_config_get (config, "log-level"), "info");
    assert_string_equal (xc_config_get (config, "committee"), "");
    assert_int_equal (xc_config_get_long (config, "timeout-ms"), 5000);
    assert_false (xc_config_is_set (config, "endpoint"));
    assert_false (xc_config_is_set (config, "log-level"));
    assert_int_equal (xc_config_positional_count (config), 0);
    assert_null (xc_config_positional (config, 0));
    assert_null (xc_config_get (config, "no-such-setting"));
    assert_false (xc_config_is_set (config, "no-such-setting"));
    xc_config_destroy (&config);
    assert_null (config);
    xc_config_destroy (&config);   /* harmless twice */
}

static void
test_file_overrides_defaults (void **state)
{
    fixture_t *self = *state;
    s_write (self->file, "# xuncha client settings\n"
                         "\n"
                         "  log-level =  debug  \n"
                         "timeout-ms=250\n"
                         "# endpoint = tcp://commented.out:1\n"
                         "committee = 十届区委\n");
    xc_config_t *config = s_must (self, CONFIG (self, NULL, "--config", self->file));
    assert_string_equal (xc_config_get (config, "log-level"), "debug");
    assert_int_equal (xc_config_get_long (config, "timeout-ms"), 250);
    assert_string_equal (xc_config_get (config, "committee"), "十届区委");
    assert_string_equal (xc_config_get (config, "endpoint"), "tcp://127.0.0.1:5555");
    assert_true (xc_config_is_set (config, "log-level"));
    assert_false (xc_config_is_set (config, "endpoint"));
    /* --config and its value are not positional arguments */
    assert_int_equal (xc_config_positional_count (config), 0);
    xc_config_destroy (&config);

    /* --config=FILE */
    char flag[PATH_MAX + 64];
    snprintf (flag, sizeof flag, "--config=%s", self->file);
    config = s_must (self, CONFIG (self, NULL, flag));
    assert_string_equal (xc_config_get (config, "log-level"), "debug");
    assert_int_equal (xc_config_positional_count (config), 0);
    xc_config_destroy (&config);

    /* $XUNCHA_CONFIG */
    setenv ("XUNCHA_CONFIG", self->file, 1);
    config = s_must (self, s_config (self, NULL, (const char *const[]) { "xuncha", NULL }));
    assert_string_equal (xc_config_get (config, "log-level"), "debug");
    xc_config_destroy (&config);
    unsetenv ("XUNCHA_CONFIG");

    /* the default file, when it exists */
    config = s_must (self, s_config (self, self->file, (const char *const[]) { "xuncha", NULL }));
    assert_string_equal (xc_config_get (config, "log-level"), "debug");
    xc_config_destroy (&config);
}

static void
test_default_file_is_optional (void **state)
{
    fixture_t *self = *state;
    char missing[PATH_MAX + 32];
    snprintf (missing, sizeof missing, "%s/absent.conf", self->dir);
    xc_config_t *config = s_must (self, s_config (self, missing, (const char *const[]) { "xuncha", NULL }));
    assert_string_equal (xc_config_get (config, "log-level"), "info");
    xc_config_destroy (&config);
}

static void
test_config_flag_replaces_default_file (void **state)
{
    fixture_t *self = *state;
    char other[PATH_MAX + 32];
    snprintf (other, sizeof other, "%s/other.conf", self->dir);
    s_write (self->file, "log-level = debug\nendpoint = tcp://default-file:1\n");
    s_write (other, "log-level = warn\n");
    xc_config_t *config = s_must (self, CONFIG (self, self->file, "--config", other));
    assert_string_equal (xc_config_get (config, "log-level"), "warn");
    assert_string_equal (xc_config_get (config, "endpoint"), "tcp://127.0.0.1:5555");
    xc_config_destroy (&config);
    unlink (other);
}

static void
test_env_overrides_file (void **state)
{
    fixture_t *self = *state;
    s_write (self->file, "log-level = debug\ntimeout-ms = 250\n");
    setenv ("XUNCHA_LOG_LEVEL", "warn", 1);
    xc_config_t *config = s_must (self, CONFIG (self, NULL, "--config", self->file));
    assert_string_equal (xc_config_get (config, "log-level"), "warn");
    assert_int_equal (xc_config_get_long (config, "timeout-ms"), 250);   /* file, no env */
    xc_config_destroy (&config);

    /* environment alone, over the default */
    setenv ("XUNCHA_TIMEOUT_MS", "900", 1);
    config = s_must (self, s_config (self, NULL, (const char *const[]) { "xuncha", NULL }));
    assert_int_equal (xc_config_get_long (config, "timeout-ms"), 900);
    assert_true (xc_config_is_set (config, "timeout-ms"));
    assert_false (xc_config_is_set (config, "endpoint"));
    xc_config_destroy (&config);
}

static void
test_flags_override_env (void **state)
{
    fixture_t *self = *state;
    s_write (self->file, "log-level = debug\nendpoint = tcp://file:1\n");
    setenv ("XUNCHA_LOG_LEVEL", "warn", 1);
    setenv ("XUNCHA_TIMEOUT_MS", "900", 1);
    xc_config_t *config = s_must (self, CONFIG (self, NULL, "--config", self->file, "--log-level",
                                                "error", "--timeout-ms=42"));
    assert_string_equal (xc_config_get (config, "log-level"), "error");
    assert_int_equal (xc_config_get_long (config, "timeout-ms"), 42);
    assert_string_equal (xc_config_get (config, "endpoint"), "tcp://file:1");
    assert_true (xc_config_is_set (config, "log-level"));
    xc_config_destroy (&config);

    /* --key=value keeps everything after the first '='; the last flag wins */
    config = s_must (self, CONFIG (self, NULL, "--committee=a=b", "--endpoint", "tcp://x:1",
                                   "--endpoint=tcp://y:2"));
    assert_string_equal (xc_config_get (config, "committee"), "a=b");
    assert_string_equal (xc_config_get (config, "endpoint"), "tcp://y:2");
    xc_config_destroy (&config);

    /* an explicitly empty value is a value */
    config = s_must (self, CONFIG (self, NULL, "--log-level="));
    assert_string_equal (xc_config_get (config, "log-level"), "");
    assert_true (xc_config_is_set (config, "log-level"));
    xc_config_destroy (&config);
}

static void
test_unknown_flag (void **state)
{
    fixture_t *self = *state;
    assert_null (CONFIG (self, NULL, "--bogus", "1"));
    assert_contains (self->error, "未知选项");
    assert_contains (self->error, "--bogus");

    assert_null (CONFIG (self, NULL, "round", "--log-levle=debug"));
    assert_contains (self->error, "--log-levle");
    assert_not_contains (self->error, "=debug");

    /* a prefix of a setting is not that setting */
    assert_null (CONFIG (self, NULL, "--log", "debug"));
    assert_contains (self->error, "--log");
}

static void
test_flag_without_value (void **state)
{
    fixture_t *self = *state;
    assert_null (CONFIG (self, NULL, "round", "list", "--endpoint"));
    assert_contains (self->error, "--endpoint");
    assert_contains (self->error, "缺少取值");
}

static void
test_unknown_file_key (void **state)
{
    fixture_t *self = *state;
    s_write (self->file, "# settings\nlog-level = debug\ncolour = red\n");
    assert_null (CONFIG (self, NULL, "--config", self->file));
    assert_contains (self->error, "未知设置");
    assert_contains (self->error, "colour");
    assert_contains (self->error, "第 3 行");
    assert_contains (self->error, self->file);

    /* also when it is the default file */
    assert_null (s_config (self, self->file, (const char *const[]) { "xuncha", NULL }));
    assert_contains (self->error, "colour");
}

static void
test_malformed_file_line (void **state)
{
    fixture_t *self = *state;
    s_write (self->file, "log-level = debug\n\nendpoint tcp://x:1\n");
    assert_null (CONFIG (self, NULL, "--config", self->file));
    assert_contains (self->error, "第 3 行");
    assert_contains (self->error, "key = value");
}

static void
test_missing_config_file (void **state)
{
    fixture_t *self = *state;
    char missing[PATH_MAX + 32];
    snprintf (missing, sizeof missing, "%s/absent.conf", self->dir);
    assert_null (CONFIG (self, NULL, "--config", missing));
    assert_contains (self->error, "无法读取配置文件");
    assert_contains (self->error, missing);

    setenv ("XUNCHA_CONFIG", missing, 1);
    assert_null (s_config (self, NULL, (const char *const[]) { "xuncha", NULL }));
    assert_contains (self->error, missing);
}

static void
test_positional_arguments_in_order (void **state)
{
    fixture_t *self = *state;
    xc_config_t *config = s_must (self, CONFIG (self, NULL, "round", "create", "--log-level", "debug",
                                                "十届区委", "--timeout-ms=10", "-v", "3"));
    assert_string_equal (xc_config_get (config, "log-level"), "debug");
    assert_int_equal (xc_config_get_long (config, "timeout-ms"), 10);
    assert_int_equal (xc_config_positional_count (config), 5);
    assert_string_equal (xc_config_positional (config, 0), "round");
    assert_string_equal (xc_config_positional (config, 1), "create");
    assert_string_equal (xc_config_positional (config, 2), "十届区委");
    assert_string_equal (xc_config_positional (config, 3), "-v");
    assert_string_equal (xc_config_positional (config, 4), "3");
    assert_null (xc_config_positional (config, 5));
    assert_null (xc_config_positional (config, -1));
    xc_config_destroy (&config);
}

static void
test_double_dash_ends_options (void **state)
{
    fixture_t *self = *state;
    const char *args[] = { "prog", "--endpoint", "tcp://x:1", "--", "--foo", "bar", NULL };
    xc_config_t *config = s_config (self, NULL, args);
    assert_non_null (config);
    assert_string_equal (xc_config_get (config, "endpoint"), "tcp://x:1");
    assert_int_equal (xc_config_positional_count (config), 2);
    assert_string_equal (xc_config_positional (config, 0), "--foo");
    assert_string_equal (xc_config_positional (config, 1), "bar");
    xc_config_destroy (&config);
}

static void
test_config_flag_without_value (void **state)
{
    fixture_t *self = *state;
    const char *args[] = { "prog", "--config", NULL };
    assert_null (s_config (self, NULL, args));
    assert_contains (self->error, "--config 缺少取值");
}

static void
test_print_help (void **state)
{
    (void) state;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert_non_null (out);
    xc_config_print_help (s_settings, "XUNCHA", out);
    assert_int_equal (fclose (out), 0);
    assert_contains (text, "--endpoint");
    assert_contains (text, "tcp://127.0.0.1:5555");
    assert_contains (text, "--timeout-ms");
    assert_contains (text, "request timeout");
    assert_contains (text, "XUNCHA_KEY");
    free (text);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown (test_defaults, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_file_overrides_defaults, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_default_file_is_optional, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_config_flag_replaces_default_file, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_env_overrides_file, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_flags_override_env, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_unknown_flag, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_flag_without_value, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_unknown_file_key, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_malformed_file_line, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_missing_config_file, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_positional_arguments_in_order, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_double_dash_ends_options, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_config_flag_without_value, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_print_help, s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name ("config", tests, NULL, NULL);
}
