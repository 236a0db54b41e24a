/* h_working_papers — 问题底稿: one problem per paper, drafted by a group's members from
 * their field records, reviewed at a group meeting, signed and numbered by the 组长,
 * then cited in the report or explicitly left out with a reason (倒查):
 *
 *   起草 ──提交审议──► 组内审议 ──组长签批（编号）──► 组长签批 ──纳入报告──────────► 纳入报告
 *    ▲   ◄──退回起草───                                   └──不纳入报告（理由）──► 不纳入报告
 *    └──────────── 修订（理由：新版本，编号不变）◄── 组长签批 / 纳入报告 / 不纳入报告
 *
 * The content lives in numbered versions (working_paper_version): an edit or a revision
 * writes a new version and never touches an old one, so what was signed stays in the
 * history as it was signed. Every step appends working_paper_event and change_log. */
#include "handlers.h"
#include "access.h"
#include "numbering.h"
#include "paper_read.h"
#include "xc_names.h"
#include "xc_paper_number.h"
#include "xc_utf8.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define XC_STATE(name) (1u << XUNCHA__PAPER_STATE__PAPER_STATE_##name)
#define XC_SIGNED_STATES (XC_STATE (SIGNED) | XC_STATE (INCLUDED) | XC_STATE (EXCLUDED))

/* The paper a change is made to, locked for the rest of the transaction. */
typedef struct {
    int64_t id;
    int state;
    int version;
    const char *number;      /* "" until signed */
    const char *name;        /* its number, or "#id" before signing: for messages */
} paper_t;

static int
s_lock_paper (xc_call_t *call, int64_t paper_id, paper_t *paper)
{
    const char *params[] = { xc_call_int (call, paper_id) };
    PGresult *result = xc_call_query_one (call, "问题底稿",
        "SELECT state, version, number FROM working_paper WHERE id = $1 FOR UPDATE", 1, params);
    if (!result)
        return -1;
    paper->id = paper_id;
    paper->state = (int) xc_row_int (result, 0, 0);
    paper->version = (int) xc_row_int (result, 0, 1);
    paper->number = xc_row_text (call, result, 0, 2);
    paper->name = *paper->number ? paper->number : xc_arena_printf (call->arena, "#%lld", (long long) paper_id);
    PQclear (result);
    return 0;
}

/* ------------------------------------------------------------------ content */

static int
s_check_category (xc_call_t *call, int64_t category_id)
{
    const char *params[] = { xc_call_int (call, category_id) };
    PGresult *result = xc_call_query_one (call, "问题分类",
        "SELECT retired, category_path(id) FROM problem_category WHERE id = $1", 1, params);
    if (!result)
        return -1;
    int rc = 0;
    if (*PQgetvalue (result, 0, 0) == 't')
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题分类“%s”已停用，不能用于起草或修改底稿，请另选分类",
                           PQgetvalue (result, 0, 1));
    PQclear (result);
    return rc;
}

static int
s_check_content (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__WorkingPaperContent *content)
{
    if (s_check_category (call, content->category_id) != 0)
        return -1;
    for (size_t i = 0; i < content->n_evidence; i++)
        if (xc_require_evidence_of_group (call, scope, content->evidence[i], i + 1, "底稿") != 0)
            return -1;
    return 0;
}

static int
s_insert_evidence (xc_call_t *call, int64_t paper_id, int version, const Xuncha__WorkingPaperContent *content)
{
    for (size_t i = 0; i < content->n_evidence; i++) {
        const Xuncha__EvidenceItem *item = content->evidence[i];
        const char *params[] = { xc_call_int (call, paper_id), xc_call_int (call, version),
                                 xc_call_int (call, (int64_t) i + 1), xc_call_id_or_null (call, item->record_id),
                                 xc_call_id_or_null (call, item->attachment_id), item->note };
        if (xc_call_exec (call,
                "INSERT INTO working_paper_evidence (paper_id, version, position, record_id, attachment_id, note)"
                " VALUES ($1, $2, $3, $4, $5, $6)", 6, params) != 0)
            return -1;
    }
    return 0;
}

/* Writes CONTENT as VERSION of the paper, with its evidence. */
static int
s_insert_version (xc_call_t *call, int64_t paper_id, int version, const Xuncha__WorkingPaperContent *content,
                  const char *change_note)
{
    const char *params[] = { xc_call_int (call, paper_id), xc_call_int (call, version), content->title,
                             content->facts, xc_call_int (call, content->category_id), content->basis,
                             xc_call_text_list (call, content->responsible_persons, content->n_responsible_persons),
                             content->found_by, xc_call_text_or_null (content->found_date),
                             xc_call_int (call, call->who.user_id), change_note };
    if (xc_call_exec (call,
            "INSERT INTO working_paper_version (paper_id, version, title, facts, category_id, basis,"
            " responsible_persons, found_by, found_date, written_by, change_note)"
            " VALUES ($1, $2, $3, $4, $5, $6, string_to_array($7, chr(31)), $8, $9, $10, $11)", 11, params) != 0)
        return -1;
    return s_insert_evidence (call, paper_id, version, content);
}

/* ------------------------------------------------------------------ events and replies */

/* Appends the step to working_paper_event (action 0: drafted or edited) and change_log. */
static int
s_record_step (xc_call_t *call, const paper_t *paper, int action, const char *reason, const char *log_action)
{
    const char *params[] = { xc_call_int (call, paper->id), xc_call_int (call, action),
                             xc_call_int (call, paper->version), xc_call_int (call, call->who.user_id), reason };
    if (xc_call_exec (call,
            "INSERT INTO working_paper_event (paper_id, action, version, by_user, reason) VALUES ($1, $2, $3, $4, $5)",
            5, params) != 0)
        return -1;
    return xc_call_log_change (call, log_action, "working_paper", paper->id);
}

static int
s_reply_paper (xc_call_t *call, int64_t paper_id)
{
    Xuncha__WorkingPaper *paper = xc_paper_load (call, paper_id);
    if (!paper)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_WORKING_PAPER;
    call->reply->working_paper = paper;
    return 0;
}

/* ------------------------------------------------------------------ draft and edit */

int
xc_draft_working_paper (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__PaperDraft *draft = request->paper_draft;
    xc_group_scope_t scope;
    if (xc_require_group_writer (call, draft->group_id, &scope, "起草问题底稿") != 0
        || xc_require_unit_of_group (call, &scope, draft->unit_id) != 0
        || s_check_content (call, &scope, draft->content) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, scope.round_id), xc_call_int (call, draft->group_id),
                             xc_call_int (call, draft->unit_id), xc_call_int (call, call->who.user_id) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO working_paper (round_id, group_id, unit_id, created_by) VALUES ($1, $2, $3, $4) RETURNING id",
        4, params);
    if (!result)
        return -1;
    paper_t paper = { .id = xc_row_int (result, 0, 0), .version = 1 };
    PQclear (result);
    if (s_insert_version (call, paper.id, 1, draft->content, "") != 0
        || s_record_step (call, &paper, 0, "", "draft_working_paper") != 0)
        return -1;
    return s_reply_paper (call, paper.id);
}

/* Only a draft is edited; a paper under review goes back first, a signed one is revised. */
static int
s_refuse_edit (xc_call_t *call, const paper_t *paper)
{
    if (paper->state == XUNCHA__PAPER_STATE__PAPER_STATE_UNDER_REVIEW)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "底稿 %s 正在“组内审议”，不能修改；如需修改请先“退回起草”", paper->name);
    const char *decision = paper->state == XUNCHA__PAPER_STATE__PAPER_STATE_INCLUDED   ? "并纳入报告"
                           : paper->state == XUNCHA__PAPER_STATE__PAPER_STATE_EXCLUDED ? "并决定不纳入报告"
                                                                                       : "";
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                         "底稿 %s 已签批%s，不能直接修改；如需修改请先“修订”（生成新版本，重新审议签批）",
                         paper->name, decision);
}

int
xc_edit_working_paper (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__PaperEdit *edit = request->paper_edit;
    xc_group_scope_t scope;
    paper_t paper;
    int64_t group_id = xc_group_of_paper (call, edit->paper_id);
    if (!group_id || xc_require_group_writer (call, group_id, &scope, "修改问题底稿") != 0
        || s_lock_paper (call, edit->paper_id, &paper) != 0)
        return -1;
    if (paper.state != XUNCHA__PAPER_STATE__PAPER_STATE_DRAFT)
        return s_refuse_edit (call, &paper);
    if (s_check_content (call, &scope, edit->content) != 0)
        return -1;
    paper.version++;
    const char *params[] = { xc_call_int (call, paper.id), xc_call_int (call, paper.version) };
    if (xc_call_exec (call, "UPDATE working_paper SET version = $2, updated_at = now() WHERE id = $1", 2, params) != 0
        || s_insert_version (call, paper.id, paper.version, edit->content, edit->change_note) != 0
        || s_record_step (call, &paper, 0, edit->change_note, "edit_working_paper") != 0)
        return -1;
    return s_reply_paper (call, paper.id);
}

/* ------------------------------------------------------------------ the workflow */

static int
s_set_state (xc_call_t *call, paper_t *paper, int state)
{
    const char *params[] = { xc_call_int (call, paper->id), xc_call_int (call, state) };
    return xc_call_exec (call, "UPDATE working_paper SET state = $2, updated_at = now() WHERE id = $1", 2, params);
}

static int
s_submit (xc_call_t *call, paper_t *paper, const xc_group_scope_t *scope, const char *reason)
{
    (void) scope, (void) reason;
    return s_set_state (call, paper, XUNCHA__PAPER_STATE__PAPER_STATE_UNDER_REVIEW);
}

static int
s_return (xc_call_t *call, paper_t *paper, const xc_group_scope_t *scope, const char *reason)
{
    (void) scope, (void) reason;
    return s_set_state (call, paper, XUNCHA__PAPER_STATE__PAPER_STATE_DRAFT);
}

/* The next number of the group in the signing year (numbering.h: gap-free under
 * concurrent signers of one group). */
static int
s_assign_number (xc_call_t *call, paper_t *paper, const xc_group_scope_t *scope)
{
    int year;
    int sequence = xc_number_next (call, "底稿", scope, &year);
    if (sequence < 0)
        return -1;
    char number[128];
    if (xc_paper_number_format (scope->committee, year, scope->group_number, sequence, number, sizeof number) != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_INTERNAL, "无法生成底稿编号（%d 年第 %d 号）", year, sequence);
    const char *update[] = { xc_call_int (call, paper->id), number, xc_call_int (call, year),
                             xc_call_int (call, sequence) };
    if (xc_call_exec (call, "UPDATE working_paper SET number = $2, number_year = $3, number_sequence = $4 WHERE id = $1",
                4, update) != 0)
        return -1;
    paper->number = xc_arena_strdup (call->arena, number);
    return 0;
}

/* A paper signed before (and revised since) keeps its number. */
static int
s_sign (xc_call_t *call, paper_t *paper, const xc_group_scope_t *scope, const char *reason)
{
    (void) reason;
    if (!*paper->number && s_assign_number (call, paper, scope) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, paper->id), xc_call_int (call, call->who.user_id) };
    return xc_call_exec (call,
        "UPDATE working_paper SET state = 3, signed_by = $2, signed_at = now(), updated_at = now() WHERE id = $1",
        2, params);
}

/* 纳入报告 or 不纳入报告: who decided, when, and for an exclusion why (倒查). */
static int
s_decide (xc_call_t *call, const paper_t *paper, int state, const char *reason)
{
    const char *params[] = { xc_call_int (call, paper->id), xc_call_int (call, state),
                             xc_call_int (call, call->who.user_id), reason };
    return xc_call_exec (call,
        "UPDATE working_paper SET state = $2, decided_by = $3, decided_at = now(), exclusion_reason = $4,"
        " updated_at = now() WHERE id = $1", 4, params);
}

static int
s_include (xc_call_t *call, paper_t *paper, const xc_group_scope_t *scope, const char *reason)
{
    (void) scope, (void) reason;
    return s_decide (call, paper, XUNCHA__PAPER_STATE__PAPER_STATE_INCLUDED, NULL);
}

static int
s_exclude (xc_call_t *call, paper_t *paper, const xc_group_scope_t *scope, const char *reason)
{
    (void) scope;
    return s_decide (call, paper, XUNCHA__PAPER_STATE__PAPER_STATE_EXCLUDED, reason);
}

/* A new version copied from the current one, back to 起草; the number stays, the
 * signature and decision of the old version stay in the events. */
static int
s_revise (xc_call_t *call, paper_t *paper, const xc_group_scope_t *scope, const char *reason)
{
    (void) scope;
    const char *copy[] = { xc_call_int (call, paper->id), xc_call_int (call, paper->version),
                           xc_call_int (call, call->who.user_id), xc_arena_printf (call->arena, "修订：%s", reason) };
    static const struct {
        const char *sql;
        int params;          /* how many of COPY it uses */
    } steps[] = {
        { "INSERT INTO working_paper_version (paper_id, version, title, facts, category_id, basis,"
          " responsible_persons, found_by, found_date, written_by, change_note)"
          " SELECT paper_id, version + 1, title, facts, category_id, basis, responsible_persons, found_by,"
          " found_date, $3, $4 FROM working_paper_version WHERE paper_id = $1 AND version = $2", 4 },
        { "INSERT INTO working_paper_evidence (paper_id, version, position, record_id, attachment_id, note)"
          " SELECT paper_id, version + 1, position, record_id, attachment_id, note"
          " FROM working_paper_evidence WHERE paper_id = $1 AND version = $2", 2 },
        { "UPDATE working_paper SET state = 1, version = $2 + 1, signed_by = NULL, signed_at = NULL,"
          " decided_by = NULL, decided_at = NULL, exclusion_reason = NULL, updated_at = now() WHERE id = $1", 2 },
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (xc_call_exec (call, steps[i].sql, steps[i].params, copy) != 0)
            return -1;
    paper->version++;
    return 0;
}

typedef int (*paper_step_fn) (xc_call_t *call, paper_t *paper, const xc_group_scope_t *scope, const char *reason);

/* Each action of PaperTransition: the states it starts from, who may take it (a
 * member of the group, or its 组长 only), what the user calls it, whether it needs a
 * reason. */
typedef struct {
    Xuncha__PaperAction action;
    unsigned from;
    bool leader_only;
    const char *what;
    const char *reason_missing;   /* the refusal when the reason is blank; NULL: optional */
    const char *log_action;
    paper_step_fn step;
} paper_transition_t;

static const paper_transition_t s_transitions[] = {
    { XUNCHA__PAPER_ACTION__PAPER_ACTION_SUBMIT, XC_STATE (DRAFT), false, "提交底稿审议", NULL,
      "submit_working_paper", s_submit },
    { XUNCHA__PAPER_ACTION__PAPER_ACTION_RETURN, XC_STATE (UNDER_REVIEW), false, "退回底稿", NULL,
      "return_working_paper", s_return },
    { XUNCHA__PAPER_ACTION__PAPER_ACTION_SIGN, XC_STATE (UNDER_REVIEW), true, "签批底稿", NULL,
      "sign_working_paper", s_sign },
    { XUNCHA__PAPER_ACTION__PAPER_ACTION_INCLUDE, XC_STATE (SIGNED), true, "决定底稿纳入报告", NULL,
      "include_working_paper", s_include },
    { XUNCHA__PAPER_ACTION__PAPER_ACTION_EXCLUDE, XC_STATE (SIGNED), true, "决定底稿不纳入报告",
      "不纳入报告须说明理由", "exclude_working_paper", s_exclude },
    { XUNCHA__PAPER_ACTION__PAPER_ACTION_REVISE, XC_SIGNED_STATES, false, "修订底稿",
      "修订已签批的底稿须说明理由", "revise_working_paper", s_revise },
};

static const paper_transition_t *
s_transition_for (int action)
{
    for (size_t i = 0; i < sizeof s_transitions / sizeof s_transitions[0]; i++)
        if ((int) s_transitions[i].action == action)
            return &s_transitions[i];
    return NULL;
}

/* "底稿 #5 当前为“起草”，不能“组长签批”（只有处于“组内审议”的底稿可以“组长签批”）" */
static int
s_refuse_from_state (xc_call_t *call, const paper_t *paper, const paper_transition_t *transition)
{
    const char *action = xc_label (&xuncha__paper_action__descriptor, transition->action);
    const char *states = "";
    for (int state = XUNCHA__PAPER_STATE__PAPER_STATE_DRAFT; state <= XUNCHA__PAPER_STATE__PAPER_STATE_EXCLUDED; state++)
        if (transition->from & (1u << state))
            states = xc_arena_printf (call->arena, "%s%s“%s”", states, *states ? "、" : "",
                                      xc_label (&xuncha__paper_state__descriptor, state));
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "底稿 %s 当前为“%s”，不能“%s”（只有处于%s的底稿可以“%s”）",
                         paper->name, xc_label (&xuncha__paper_state__descriptor, paper->state), action, states, action);
}

int
xc_move_working_paper (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__PaperTransition *move = request->paper_transition;
    const paper_transition_t *transition = s_transition_for (move->action);
    if (!transition)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "“%s”不是底稿的流转动作；修改内容请用“修改问题底稿”",
                             xc_label (&xuncha__paper_action__descriptor, move->action));
    if (transition->reason_missing && xc_utf8_blank (move->reason))
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "%s", transition->reason_missing);
    xc_group_scope_t scope;
    paper_t paper;
    int64_t group_id = xc_group_of_paper (call, move->paper_id);
    if (!group_id)
        return -1;
    int allowed = transition->leader_only ? xc_require_group_leader (call, group_id, &scope, transition->what)
                                          : xc_require_group_writer (call, group_id, &scope, transition->what);
    if (allowed != 0 || s_lock_paper (call, move->paper_id, &paper) != 0)
        return -1;
    if (!(transition->from & (1u << paper.state)))
        return s_refuse_from_state (call, &paper, transition);
    if (transition->step (call, &paper, &scope, move->reason) != 0
        || s_record_step (call, &paper, transition->action, move->reason, transition->log_action) != 0)
        return -1;
    return s_reply_paper (call, paper.id);
}

/* ------------------------------------------------------------------ reading */

int
xc_list_working_papers (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__PaperList *list = request->paper_list;
    bool every_group = call->scope == XC_SCOPE_COMMITTEE;
    if (list->group_id) {
        xc_group_scope_t scope;
        if (xc_require_group_reader (call, list->group_id, &scope) != 0)
            return -1;
        every_group = true;
    }
    else if (!list->round_id)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "请指定巡察组（group_id）或轮次（round_id）");
    else {
        const char *params[] = { xc_call_int (call, list->round_id) };
        PGresult *round = xc_call_query_one (call, "巡察轮次", "SELECT 1 FROM round WHERE id = $1", 1, params);
        if (!round)
            return -1;
        PQclear (round);
        if (xc_require_round_reader (call, list->round_id) != 0)
            return -1;
    }
    Xuncha__WorkingPapers *papers = xc_arena_alloc (call->arena, sizeof *papers);
    xuncha__working_papers__init (papers);
    papers->papers = xc_paper_list (call, list->group_id, list->round_id, list->state, every_group, &papers->n_papers);
    if (!papers->papers)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_WORKING_PAPERS;
    call->reply->working_papers = papers;
    return 0;
}

/* The group's members and the 巡察办 read a paper; nobody else learns it exists. */
static int
s_require_paper_reader (xc_call_t *call, int64_t paper_id)
{
    xc_group_scope_t scope;
    int64_t group_id = xc_group_of_paper (call, paper_id);
    return group_id && xc_require_group_reader (call, group_id, &scope) == 0 ? 0 : -1;
}

int
xc_show_working_paper (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t paper_id = request->paper_show->paper_id;
    if (s_require_paper_reader (call, paper_id) != 0)
        return -1;
    return s_reply_paper (call, paper_id);
}

int
xc_show_working_paper_history (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t paper_id = request->paper_history_show->paper_id;
    if (s_require_paper_reader (call, paper_id) != 0)
        return -1;
    Xuncha__WorkingPaperHistory *history = xc_paper_history (call, paper_id);
    if (!history)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_WORKING_PAPER_HISTORY;
    call->reply->working_paper_history = history;
    return 0;
}
