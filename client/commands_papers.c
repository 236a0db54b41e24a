/* commands_papers — 问题底稿、问题分类、抽检、巡察进度. PLACEHOLDER: being written. */
#include "commands.h"

const xc_command_t xc_paper_commands[] = {
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
