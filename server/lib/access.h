/* access — whose work a request touches, and whether the caller may touch it.
 *
 * Field records and 问题底稿 belong to a 巡察组. Its members (users linked to an
 * inspector in the group) read and write them while the round is in 进驻, 了解 or
 * 报告 (问题线索 until the round's 移交: the *_until checks); its 组长 signs and decides;
 * the 巡察办 reads everything. Nobody else, whatever the role table allows, sees a
 * group's records: a member of another group is refused. */
#ifndef XC_ACCESS_H
#define XC_ACCESS_H
#include "call.h"
#include <stdbool.h>

typedef struct {
    int64_t group_id;
    int64_t round_id;
    int phase;               /* the round's phase */
    int round_type;
    const char *group_name;
    const char *committee;
    int group_number;
    bool member;             /* the caller is in the group */
    bool leader;             /* the caller is the group's 组长 */
} xc_group_scope_t;

/* The 巡察办 or a member of the group; refuses (FORBIDDEN, naming the group) otherwise. */
int xc_require_group_reader (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope);
/* A member of the group, while the round is in 进驻, 了解 or 报告. WHAT names the act.
 * The round's row is share-locked so its phase cannot move under the change. */
int xc_require_group_writer (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what);
/* The group's 组长 (same phase rule as a writer). */
int xc_require_group_leader (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what);
/* The same two for work that goes on after the report, from 进驻 up to LAST_PHASE (a
 * Phase): 问题线索 are drafted, approved and transferred until the round's 移交 ends. */
int xc_require_group_writer_until (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what,
                                   int last_phase);
int xc_require_group_leader_until (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope, const char *what,
                                   int last_phase);
/* UNIT_ID is one of the group's units in the round, or lies inside one. */
int xc_require_unit_of_group (xc_call_t *call, const xc_group_scope_t *scope, int64_t unit_id);
/* Evidence cited by the group's work must be the group's own: one of its field records,
 * or an attachment of one. Refuses naming the item (POSITION counts from 1); CITED_BY
 * names what cites it ("底稿", "线索"). */
int xc_require_evidence_of_group (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__EvidenceItem *item,
                                  size_t position, const char *cited_by);
/* The group a record or a paper belongs to (0 after refusing NOT_FOUND). */
int64_t xc_group_of_record (xc_call_t *call, int64_t record_id);
int64_t xc_group_of_paper (xc_call_t *call, int64_t paper_id);

#endif
