/* access — whose work a request touches, and whether the caller may touch it.
 *
 * The table of request kinds gives the caller a scope for the request (call->scope,
 * scope.h); the checks here hold every record to it. 全委: anything. 本组: the records of
 * a 巡察组 the caller belongs to (a user linked to an inspector in the group), and the
 * rounds of those groups. 本单位: the caller's own org unit. 本机关: what was transferred
 * to the caller's unit. A record outside the scope is refused with FORBIDDEN by
 * xc_refuse_out_of_scope: "查看问题线索详情仅限本组，您不是第二巡察组的成员" — the
 * permission, its scope and why this record is not in it — and nothing is changed.
 *
 * Field records and 问题底稿 belong to a 巡察组. Its members read and write them while
 * the round is in 进驻, 了解 or 报告 (问题线索 until the round's 移交: the *_until
 * checks); its 组长 signs and decides; the 巡察办 reads everything. */
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

/* Refuses with FORBIDDEN: "PERMISSION仅限SCOPE，WHY" (WHY formatted from FMT). Returns -1. */
int xc_refuse_out_of_scope (xc_call_t *call, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Refuses any change to a round sealed by 立卷归档 with CONFLICT, naming the round:
 * "某某区委第3轮巡察已立卷归档，不能再更改" — the sentence of the database's guard
 * (server/sql/014_archive.sql), which refuses what a handler lets through. Returns -1. */
#define XC_ARCHIVED_REFUSAL "%s已立卷归档，不能再更改"
int xc_refuse_archived_round (xc_call_t *call, int64_t round_id);

/* A committee-wide caller, or a member of the group; refuses (naming the group) otherwise. */
int xc_require_group_reader (xc_call_t *call, int64_t group_id, xc_group_scope_t *scope);
/* The same for the group of a field record, found in the same statement (NOT_FOUND
 * when the record is not there, or not visible to the caller). */
int xc_require_record_reader (xc_call_t *call, int64_t record_id, xc_group_scope_t *scope);
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
/* A committee-wide caller, or a member of one of the round's groups. */
int xc_require_round_reader (xc_call_t *call, int64_t round_id);
/* Lists bounded by the caller's groups: NULL (every group) for a committee-wide caller,
 * else his user id as a parameter $N, for the condition XC_MEMBER_OF ("g.id", "N"). */
const char *xc_group_filter (xc_call_t *call);
#define XC_MEMBER_OF(group, n) \
    "EXISTS (SELECT 1 FROM group_member m JOIN inspector i ON i.id = m.inspector_id" \
    " WHERE m.group_id = " group " AND i.user_id = $" n ")"
/* THING ("整改任务 #5") belongs to org unit UNIT_ID: a committee-wide caller, or a caller
 * of that unit (本单位); refused "…，整改任务 #5 不属于本单位" otherwise. */
int xc_require_own_unit (xc_call_t *call, int64_t unit_id, const char *thing);
/* THING was transferred to org unit RECEIVER_UNIT_ID (0: not transferred): a
 * committee-wide caller, or a user of that unit (本机关). */
int xc_require_receiving_unit (xc_call_t *call, int64_t receiver_unit_id, const char *thing);

/* UNIT_ID is one of the group's units in the round, or lies inside one. */
int xc_require_unit_of_group (xc_call_t *call, const xc_group_scope_t *scope, int64_t unit_id);
/* The same as an SQL condition over a group id GROUP and a unit id UNIT (parameters or
 * columns), for a statement that checks it as it writes; and the refusal when it fails. */
#define XC_UNIT_OF_GROUP_SQL(group, unit) \
    "EXISTS (SELECT 1 FROM group_unit g WHERE g.group_id = " group " AND g.unit_id = ANY (unit_ancestors(" unit ")))"
int xc_refuse_unit_not_of_group (xc_call_t *call, const xc_group_scope_t *scope, int64_t unit_id);
/* Evidence cited by the group's work must be the group's own: one of its field records,
 * or an attachment of one. Refuses naming the item (POSITION counts from 1); CITED_BY
 * names what cites it ("底稿", "线索"). */
int xc_require_evidence_of_group (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__EvidenceItem *item,
                                  size_t position, const char *cited_by);
/* The group a record or a paper belongs to (0 after refusing NOT_FOUND). */
int64_t xc_group_of_record (xc_call_t *call, int64_t record_id);
int64_t xc_group_of_paper (xc_call_t *call, int64_t paper_id);

#endif
