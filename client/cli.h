/* cli — the command line of one subcommand: its --option VALUE pairs, checked against
 * the options the subcommand accepts, and typed getters that report usage errors in
 * the users' words. */
#ifndef XC_CLI_H
#define XC_CLI_H
#include <protobuf-c/protobuf-c.h>
#include <stdint.h>

#define XC_EXIT_OK 0
#define XC_EXIT_LOCAL 1        /* configuration, key file, local I/O */
#define XC_EXIT_USAGE 2        /* the command line is wrong */
#define XC_EXIT_REFUSED 3      /* the server answered with a refusal */
#define XC_EXIT_UNREACHABLE 4  /* the server could not be reached */

typedef struct _xc_cli_t xc_cli_t;

/* Parses ARGV (after the subcommand) against ALLOWED ("name,kind,parent"). NULL after
 * printing a usage error. In ALLOWED, "<task>" names the first argument that is not an
 * option ("xuncha tasks show 12": task = 12; a second "<file>" the second one), and
 * "overdue?" declares a flag: "--overdue" alone means 是, "--overdue 否" is read too. */
xc_cli_t *xc_cli_new (int argc, char **argv, const char *allowed, const char *usage);
void xc_cli_destroy (xc_cli_t **self_p);

/* Each getter returns 0, or -1 after printing what is wrong (a usage error). */
int xc_cli_text (xc_cli_t *self, const char *name, int required, char **value);
int xc_cli_int64 (xc_cli_t *self, const char *name, int required, int64_t *value);
int xc_cli_int32 (xc_cli_t *self, const char *name, int required, int32_t *value);
int xc_cli_enum (xc_cli_t *self, const char *name, int required, const ProtobufCEnumDescriptor *type, int *value);
/* Every value of a repeatable option, in order; *count = how many. */
char **xc_cli_all (xc_cli_t *self, const char *name, size_t *count);
/* Every value of a repeatable numeric option (--inspector 3 --inspector 5). */
int xc_cli_int64_all (xc_cli_t *self, const char *name, int64_t **values, size_t *count);
/* 是/否, yes/no, true/false, 1/0; absent: 0. */
int xc_cli_bool (xc_cli_t *self, const char *name, int *value);
/* Reads the file named by the option into *data (owned by the cli) and gives its
 * base name; -1 with a message when it cannot be read or is larger than MAX. */
int xc_cli_file (xc_cli_t *self, const char *name, size_t max, ProtobufCBinaryData *data, const char **basename);
/* True after a getter failed for a local reason (a file that cannot be read), not
 * because the command line was wrong: the command then exits 1, not 2. */
int xc_cli_failed_locally (xc_cli_t *self);
/* Marks the command as failed for a local reason (a builder that found a file in the
 * way, having said so). */
void xc_cli_fail_locally (xc_cli_t *self);

#endif
