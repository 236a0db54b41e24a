/* xc_config — settings from defaults, a file, the environment and flags, in that order
 * of precedence (a flag wins). Each program declares its settings in a table with a
 * documented default; the file is "key = value" lines with # comments. */
#ifndef XC_CONFIG_H
#define XC_CONFIG_H
#include <stdio.h>

typedef struct {
    const char *key;        /* file key and flag: --key VALUE */
    const char *fallback;   /* documented default ("" for none) */
    const char *help;       /* NULL: not shown by --help (a setting for tests only) */
} xc_setting_t;

typedef struct _xc_config_t xc_config_t;

/* Reads argv: --config FILE (or $ENV_PREFIX_CONFIG, or DEFAULT_FILE when it exists),
 * then $ENV_PREFIX_KEY variables (key upper-cased), then --key VALUE / --key=VALUE flags.
 * Arguments that are not flags are kept in order as positional arguments.
 * Returns NULL with `error` filled when a flag or file line is wrong. */
xc_config_t *xc_config_new (const xc_setting_t *settings, const char *env_prefix,
                            const char *default_file, int argc, char **argv,
                            char *error, size_t error_size);
void xc_config_destroy (xc_config_t **self_p);

const char *xc_config_get (xc_config_t *self, const char *key);
long xc_config_get_long (xc_config_t *self, const char *key);
int xc_config_positional_count (xc_config_t *self);
const char *xc_config_positional (xc_config_t *self, int index);
/* True when --key was given on the command line or in the file/env (not the default). */
int xc_config_is_set (xc_config_t *self, const char *key);

/* Prints every setting with its default and help. */
void xc_config_print_help (const xc_setting_t *settings, const char *env_prefix, FILE *out);
/* The settings of a program read from its command line and environment only (the
 * benchmark drivers): with --help, SUMMARY and the settings are printed and NULL is
 * returned with *EXIT_CODE 0; a wrong option is said (NAME: …) and gives NULL, 2. */
xc_config_t *xc_config_from_command_line (const xc_setting_t *settings, const char *env_prefix, const char *name,
                                          const char *summary, int argc, char **argv, int *exit_code);

#endif
