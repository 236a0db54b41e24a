/* commands_clues — 问题线索 and the inbox. PLACEHOLDER: being written. */
#include "commands.h"

const xc_command_t xc_clue_commands[] = {
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
