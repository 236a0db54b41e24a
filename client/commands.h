/* commands — every subcommand of `xuncha` that talks to the server: its words, its
 * options and how it fills the request. One table; `xuncha --help` prints it. */
#ifndef XC_COMMANDS_H
#define XC_COMMANDS_H
#include "cli.h"
#include "xuncha.pb-c.h"

typedef int (*xc_build_fn) (xc_cli_t *cli, Xuncha__Request *request);
/* Runs after a successful reply, before it is printed (e.g. writes a downloaded file);
 * returns 0, an exit code, or XC_AFTER_PRINTED when it printed the reply itself (in
 * text mode; with --json the reply is printed as JSON all the same). */
#define XC_AFTER_PRINTED (-1)
typedef int (*xc_after_fn) (xc_cli_t *cli, const Xuncha__Reply *reply);

typedef struct {
    const char *command;     /* "round" */
    const char *sub;         /* "create"; NULL for a one-word command */
    const char *options;     /* accepted options: "committee,number,type,start,end,midpoint" */
    const char *usage;       /* shown on a usage error and by --help */
    const char *summary;
    xc_build_fn build;
    xc_after_fn after;       /* optional */
} xc_command_t;

/* One table per area, each ended by an entry with command == NULL. */
extern const xc_command_t xc_planning_commands[];   /* commands_planning.c */
extern const xc_command_t xc_field_commands[];      /* commands_field.c */
extern const xc_command_t xc_paper_commands[];      /* commands_papers.c */
extern const xc_command_t xc_progress_commands[];   /* commands_progress.c */
extern const xc_command_t xc_clue_commands[];       /* commands_clues.c */
extern const xc_command_t xc_rectification_commands[];   /* commands_rectification.c */
extern const xc_command_t xc_calendar_commands[];    /* commands_calendar.c */
extern const xc_command_t xc_audit_commands[];       /* commands_audit.c */
extern const xc_command_t xc_key_commands[];         /* commands_keys.c */
extern const xc_command_t xc_report_commands[];      /* commands_reports.c */
extern const xc_command_t xc_report_export_commands[];   /* commands_report_export.c */
extern const xc_command_t xc_statistics_commands[];  /* commands_statistics.c */
extern const xc_command_t xc_archive_commands[];     /* commands_archive.c */
extern const xc_command_t *const xc_command_tables[];   /* all of them, NULL-terminated */

/* Sets the request body: every builder ends with it. */
#define XC_SET_BODY(request, field, CASE, value) \
    do { (request)->body_case = XUNCHA__REQUEST__BODY_##CASE; (request)->field = (value); } while (0)

const xc_command_t *xc_command_find (const char *command, const char *sub);
/* Evidence items from the repeatable --evidence-record and --evidence-attachment
 * (records first, each in the order given), for a 底稿 or a 问题线索 (commands_papers.c). */
int xc_read_evidence (xc_cli_t *cli, Xuncha__EvidenceItem ***evidence, size_t *n_evidence);
/* The file to upload from --file (or the positional <file>) and --media-type (guessed
 * from the extension when not given) into BODY; the caller sets the record or the task
 * (commands_field.c). */
int xc_read_attachment (xc_cli_t *cli, Xuncha__AttachmentAdd *body);

#endif
