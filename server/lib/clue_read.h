/* clue_read — 问题线索 from the database: the clue a change is made to (locked), who may
 * read a clue, and clues, batches and quality figures loaded into reply messages.
 *
 * Who reads what: the 巡察办 every clue; a group's members their group's clues; a
 * receiver (纪委监委, 组织部) only the clues transferred to its own org unit, from the
 * transfer on; the 被巡察单位 and 只读 readers none (the role table refuses them).
 *
 * Dates that decide deadlines come from xc_clock_today (XUNCHA_NOW in tests): a clue's
 * age is counted in days since its transfer, and its feedback is overdue when today is
 * past its feedback_due_date while no result has been reported. Every string is from
 * the call's arena. */
#ifndef XC_CLUE_READ_H
#define XC_CLUE_READ_H
#include "call.h"
#include <stdbool.h>

/* The clue a change is made to, locked FOR UPDATE for the rest of the transaction. */
typedef struct {
    int64_t id;
    int64_t group_id;
    int state;                  /* ClueState */
    bool cadre_selection;       /* 选人用人: the 组织部's */
    int64_t batch_id;           /* 0 until transferred */
    const char *batch_number;
    int64_t receiver_unit_id;   /* 0 until transferred */
} xc_clue_row_t;

/* Refuses a clue outside the caller's scope (as xc_require_clue_reader does), then loads
 * and locks it (NOT_FOUND "问题线索不存在" when there is none). */
int xc_clue_lock (xc_call_t *call, int64_t clue_id, xc_clue_row_t *clue);
/* The clue is in the caller's scope for the request (see above: 全委, 本组 or 本机关);
 * refuses FORBIDDEN naming why otherwise. */
int xc_require_clue_reader (xc_call_t *call, int64_t clue_id);
/* The caller's org unit is the one the clue (or batch) was transferred to. WHAT names
 * the record for the refusal ("问题线索 #12", "移交批次 [2026]区巡-1组-移01号"). */
int xc_require_clue_receiver (xc_call_t *call, int64_t receiver_unit_id, const char *what);

/* One clue with its evidence and the 底稿 it comes from; NULL after refusing. */
Xuncha__Clue *xc_clue_load (xc_call_t *call, int64_t clue_id);
/* The clues the caller may read that pass FILTER (round, group, state, overdue only),
 * without evidence, in order of group and id. */
Xuncha__Clue **xc_clue_list (xc_call_t *call, const Xuncha__ClueList *filter, size_t *count);
/* A transfer batch with its clues (without evidence). */
Xuncha__ClueBatch *xc_clue_batch_load (xc_call_t *call, int64_t batch_id);
/* The reply of a change: the clue (with evidence), or the batch. */
int xc_clue_reply (xc_call_t *call, int64_t clue_id);
int xc_clue_batch_reply (xc_call_t *call, int64_t batch_id);
/* Per group of the round: clues transferred, rated, the average rating, overdue. */
Xuncha__GroupClueQuality **xc_clue_quality (xc_call_t *call, int64_t round_id, size_t *count);

#endif
