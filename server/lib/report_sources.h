/* report_sources — the generated parts of a report, read from their sources, and their
 * frozen form.
 *
 * The sources are the report's group's own work on the report's units: for a 巡察报告 and
 * a 专题报告 the 问题底稿 that are signed and 纳入报告 (PaperState INCLUDED: a paper is
 * there only after its 组长 signed it and decided it goes into the report; a draft, one
 * under review, one signed but undecided, one left out, another group's are never read),
 * grouped by their current version's problem category under its 聚焦 (top-level
 * category), numbers in signing order; a 专题报告 only those of its category and the
 * categories under it. A 巡察报告 also counts the group's field records of each kind. A
 * 个别谈话情况报告 summarises the talk records per interviewee.
 *
 * The units: REPORT_PART_WHOLE the unit and every unit under it (org_unit.ancestors);
 * 巡乡带村's REPORT_PART_TOWNSHIP the township itself, REPORT_PART_VILLAGES the units
 * under it (its villages and communities), not the township.
 *
 * Frozen: the generated fields alone packed as a Report (xc_report_freeze), stored with
 * the report at 组长审定 and read back (xc_report_thaw) instead of the sources. */
#ifndef XC_REPORT_SOURCES_H
#define XC_REPORT_SOURCES_H
#include "call.h"

typedef struct {
    int64_t group_id;
    int64_t unit_id;
    int kind;                /* ReportKind */
    int part;                /* ReportPart */
    int64_t category_id;     /* 专题报告 */
} xc_report_sources_t;

/* Fills REPORT's categories, record_counts, talks and cited_numbers from the sources as
 * they are now; *PAPER_IDS (arena) are the cited papers in the order of cited_numbers.
 * 0, or -1 after refusing. */
int xc_report_generate (xc_call_t *call, const xc_report_sources_t *sources, Xuncha__Report *report,
                        int64_t **paper_ids);
/* The generated fields of REPORT packed as a Report of their own (malloc'd; *size). */
uint8_t *xc_report_freeze (const Xuncha__Report *report, size_t *size);
/* Sets REPORT's generated fields from DATA (xc_report_freeze's), in the call's arena. */
int xc_report_thaw (xc_call_t *call, const uint8_t *data, size_t size, Xuncha__Report *report);

#endif
