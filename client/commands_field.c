/* commands_field — 现场记录与附件. PLACEHOLDER: being written. */
#include "commands.h"

const xc_command_t xc_field_commands[] = {
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
