/* commands — every subcommand of `xuncha` that talks to the server: its words, its
 * options and how it fills the request. One table; `xuncha --help` prints it. */
#ifndef XC_COMMANDS_H
#define XC_COMMANDS_H
#include "cli.h"
#include "xuncha.pb-c.h"

typedef int (*xc_build_fn) (xc_cli_t *cli, Xuncha__Request *request);

typedef struct {
    const char *command;     /* "round" */
    const char *sub;         /* "create"; NULL for a one-word command */
    const char *options;     /* accepted options: "committee,number,type,start,end,midpoint" */
    const char *usage;       /* shown on a usage error and by --help */
    const char *summary;
    xc_build_fn build;
} xc_command_t;

extern const xc_command_t xc_commands[];

const xc_command_t *xc_command_find (const char *command, const char *sub);

#endif
