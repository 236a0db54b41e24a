/* commands — the registry of every command table (see commands.h). */
#include "commands.h"
#include <string.h>

const xc_command_t *const xc_command_tables[] = { xc_planning_commands, xc_field_commands, xc_paper_commands,
                                                   xc_progress_commands, xc_clue_commands, xc_rectification_commands,
                                                   xc_calendar_commands, xc_audit_commands, xc_key_commands,
                                                   xc_report_commands,
                                                   xc_report_export_commands,
                                                   xc_statistics_commands,
                                                   xc_archive_commands, NULL };

const xc_command_t *
xc_command_find (const char *command, const char *sub)
{
    for (const xc_command_t *const *table = xc_command_tables; *table; table++)
        for (const xc_command_t *c = *table; c->command; c++)
            if (strcmp (c->command, command) == 0 && (!c->sub || (sub && strcmp (c->sub, sub) == 0)))
                return c;
    return NULL;
}
