/* paper_read — loads 问题底稿 from the database into reply messages: a paper with its
 * current version, every version of it with its evidence, and its events. Shared by
 * the handlers of h_working_papers.c; every string comes from the call's arena. */
#ifndef XC_PAPER_READ_H
#define XC_PAPER_READ_H
#include "call.h"
#include <stdbool.h>

/* SQL condition: paper P (an alias) is signed — 组长签批, 纳入报告 or 不纳入报告. */
#define XC_PAPER_SIGNED(p) p ".state IN (3, 4, 5)"

/* One paper with its current version's content and evidence; NULL after refusing. */
Xuncha__WorkingPaper *xc_paper_load (xc_call_t *call, int64_t paper_id);
/* Papers of GROUP_ID or ROUND_ID (0: either), in STATE (0: any), without evidence;
 * unless EVERY_GROUP, only papers of groups the caller is a member of. */
Xuncha__WorkingPaper **xc_paper_list (xc_call_t *call, int64_t group_id, int64_t round_id, int state,
                                      bool every_group, size_t *count);
/* The paper (without content: the last version is the current one), every version with
 * its content and evidence, and every event. */
Xuncha__WorkingPaperHistory *xc_paper_history (xc_call_t *call, int64_t paper_id);

/* Evidence items (of a 底稿 or a 问题线索) from rows of XC_EVIDENCE_COLUMNS, read from
 * an evidence table aliased "e" (record_id, attachment_id, note) with XC_EVIDENCE_JOINS;
 * each with its description: 信访 #12（2026-03-05）, 附件 #3 合同扫描.pdf. */
#define XC_EVIDENCE_COLUMNS "e.record_id, e.attachment_id, e.note, r.kind, r.occurred_date, a.filename"
#define XC_EVIDENCE_JOINS \
    " LEFT JOIN field_record r ON r.id = e.record_id LEFT JOIN attachment a ON a.id = e.attachment_id"
void *xc_evidence_item_from_row (xc_call_t *call, const PGresult *result, int row);

#endif
