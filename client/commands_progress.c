/* commands_progress — `xuncha progress`: the 巡中调度 view. As text it is a table, one
 * row per 巡察组 side by side, then each group's units; --json gives every figure. */
#include "commands.h"
#include "output.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include <stdio.h>
#include <string.h>

static int
s_progress (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ProgressShow body = XUNCHA__PROGRESS_SHOW__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id) || xc_cli_int64 (cli, "group", 0, &body.group_id))
        return -1;
    XC_SET_BODY (request, progress_show, PROGRESS_SHOW, &body);
    return 0;
}

static void
s_row (const char *name, size_t name_width, const Xuncha__RecordCounts *r, const Xuncha__PaperCounts *p,
       const char *coverage)
{
    char cells[8][32];
    snprintf (cells[0], 32, "%d", r->briefings);
    snprintf (cells[1], 32, "%d", r->petitions);
    snprintf (cells[2], 32, "%d", r->talks);
    snprintf (cells[3], 32, "%d", r->document_reviews);
    snprintf (cells[4], 32, "%d", r->visits);
    snprintf (cells[5], 32, "%d/%d", p->drafts, p->under_review);
    snprintf (cells[6], 32, "%d/%d/%d", p->signed_, p->included, p->excluded);
    snprintf (cells[7], 32, "%s", coverage);
    xc_output_cell (name, name_width);
    static const size_t widths[] = { 8, 4, 8, 8, 4, 15, 21, 14 };
    for (int i = 0; i < 8; i++)
        xc_output_cell (cells[i], widths[i]);
    fputc ('\n', stdout);
}

static int
s_print_progress (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json ())
        return XC_EXIT_OK;
    const Xuncha__Progress *progress = reply->progress;
    printf ("%s 巡察进度（%s，阶段：%s）\n\n", progress->round->title, progress->today,
            xc_label (&xuncha__phase__descriptor, progress->round->phase));
    size_t name_width = 14;
    for (size_t i = 0; i < progress->n_groups; i++)
        for (size_t k = 0; k < progress->groups[i]->n_units; k++)
            if (xc_utf8_width (progress->groups[i]->units[k]->unit_name) + 2 > name_width)
                name_width = xc_utf8_width (progress->groups[i]->units[k]->unit_name) + 2;
    const char *headers[] = { "巡察组/单位", "听取汇报", "信访", "个别谈话", "调阅资料", "走访",
                              "底稿 起草/审议", "签批/纳入/不纳入", "村(社区)覆盖" };
    static const size_t widths[] = { 0, 8, 4, 8, 8, 4, 15, 21, 14 };
    for (int i = 0; i < 9; i++)
        xc_output_cell (headers[i], i ? widths[i] : name_width);
    fputc ('\n', stdout);
    for (size_t i = 0; i < progress->n_groups; i++) {
        const Xuncha__GroupProgress *group = progress->groups[i];
        char coverage[32] = "—";
        if (group->villages_assigned)
            snprintf (coverage, sizeof coverage, "%d/%d", group->villages_covered, group->villages_assigned);
        s_row (group->group_name, name_width, group->records, group->papers, coverage);
    }
    for (size_t i = 0; i < progress->n_groups; i++) {
        const Xuncha__GroupProgress *group = progress->groups[i];
        printf ("\n%s\n", group->group_name);
        for (size_t k = 0; k < group->n_units; k++) {
            char indented[256];
            snprintf (indented, sizeof indented, "  %s", group->units[k]->unit_name);
            s_row (indented, name_width, group->units[k]->records, group->units[k]->papers, "");
        }
        for (size_t w = 0; w < group->n_warnings; w++)
            printf ("  ⚠ 提醒：%s\n", group->warnings[w]);
    }
    return XC_AFTER_PRINTED;
}

const xc_command_t xc_progress_commands[] = {
    { "progress", NULL, "round,group", "xuncha progress --round 轮次编号 [--group 组编号]",
      "巡中调度：各巡察组的记录、底稿与村（社区）覆盖进度", s_progress, s_print_progress },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
