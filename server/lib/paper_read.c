/* paper_read — see paper_read.h. A paper's row is read together with its current
 * version's (one query), evidence per version (one query each), events in order. */
#include "paper_read.h"
#include "xc_names.h"

/* The columns of a paper, then those of a version from XC_VERSION_AT on. */
#define XC_PAPER_COLUMNS \
    "p.id, p.round_id, p.group_id, g.name, p.unit_id, unit_path(p.unit_id), p.state, p.number, p.version," \
    " w.display_name, s.display_name, " XC_LOCAL_TIME ("p.signed_at") ", d.display_name, " \
    XC_LOCAL_TIME ("p.decided_at") ", p.exclusion_reason, " XC_LOCAL_TIME ("p.updated_at") ", "
#define XC_VERSION_AT 16
#define XC_VERSION_COLUMNS \
    "v.version, v.title, v.facts, v.category_id, v.basis, array_to_string(v.responsible_persons, chr(31))," \
    " v.found_by, v.found_date, category_path(v.category_id), vw.display_name, " \
    XC_LOCAL_TIME ("v.created_at") ", v.change_note"
#define XC_PAPER_FROM \
    " FROM working_paper p JOIN inspection_group g ON g.id = p.group_id" \
    " JOIN app_user w ON w.id = p.created_by" \
    " LEFT JOIN app_user s ON s.id = p.signed_by LEFT JOIN app_user d ON d.id = p.decided_by" \
    " JOIN working_paper_version v ON v.paper_id = p.id AND v.version = p.version" \
    " JOIN app_user vw ON vw.id = v.written_by"

/* A version whose columns start at AT (XC_VERSION_COLUMNS), without its evidence. */
static Xuncha__WorkingPaperVersion *
s_version_at (xc_call_t *call, const PGresult *result, int row, int at)
{
    Xuncha__WorkingPaperContent *content = xc_arena_alloc (call->arena, sizeof *content);
    xuncha__working_paper_content__init (content);
    content->title = xc_row_text (call, result, row, at + 1);
    content->facts = xc_row_text (call, result, row, at + 2);
    content->category_id = xc_row_int (result, row, at + 3);
    content->basis = xc_row_text (call, result, row, at + 4);
    content->responsible_persons = xc_row_text_list (call, result, row, at + 5, &content->n_responsible_persons);
    content->found_by = xc_row_text (call, result, row, at + 6);
    content->found_date = xc_row_text (call, result, row, at + 7);
    Xuncha__WorkingPaperVersion *version = xc_arena_alloc (call->arena, sizeof *version);
    xuncha__working_paper_version__init (version);
    version->version = (int32_t) xc_row_int (result, row, at);
    version->content = content;
    version->category_name = xc_row_text (call, result, row, at + 8);
    version->written_by = xc_row_text (call, result, row, at + 9);
    version->created_at = xc_row_text (call, result, row, at + 10);
    version->change_note = xc_row_text (call, result, row, at + 11);
    return version;
}

static void *
s_version_from_row (xc_call_t *call, const PGresult *result, int row)
{
    return s_version_at (call, result, row, 0);
}

static void *
s_paper_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__WorkingPaper *paper = xc_arena_alloc (call->arena, sizeof *paper);
    xuncha__working_paper__init (paper);
    paper->id = xc_row_int (result, row, 0);
    paper->round_id = xc_row_int (result, row, 1);
    paper->group_id = xc_row_int (result, row, 2);
    paper->group_name = xc_row_text (call, result, row, 3);
    paper->unit_id = xc_row_int (result, row, 4);
    paper->unit_name = xc_row_text (call, result, row, 5);
    paper->state = (Xuncha__PaperState) xc_row_int (result, row, 6);
    paper->number = xc_row_text (call, result, row, 7);
    paper->version = (int32_t) xc_row_int (result, row, 8);
    paper->written_by = xc_row_text (call, result, row, 9);
    paper->signed_by = xc_row_text (call, result, row, 10);
    paper->signed_at = xc_row_text (call, result, row, 11);
    paper->decided_by = xc_row_text (call, result, row, 12);
    paper->decided_at = xc_row_text (call, result, row, 13);
    paper->exclusion_reason = xc_row_text (call, result, row, 14);
    paper->updated_at = xc_row_text (call, result, row, 15);
    Xuncha__WorkingPaperVersion *version = s_version_at (call, result, row, XC_VERSION_AT);
    paper->content = version->content;
    paper->category_name = version->category_name;
    return paper;
}

/* 信访 #12（2026-03-05） or 附件 #3 合同扫描.pdf */
void *
xc_evidence_item_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__EvidenceItem *item = xc_arena_alloc (call->arena, sizeof *item);
    xuncha__evidence_item__init (item);
    item->record_id = xc_row_int (result, row, 0);
    item->attachment_id = xc_row_int (result, row, 1);
    item->note = xc_row_text (call, result, row, 2);
    if (item->attachment_id)
        item->description = xc_arena_printf (call->arena, "附件 #%lld %s", (long long) item->attachment_id,
                                             PQgetvalue (result, row, 5));
    else {
        const char *kind = xc_label (&xuncha__record_kind__descriptor, (int) xc_row_int (result, row, 3));
        item->description = xc_arena_printf (call->arena, "%s #%lld（%s）", kind ? kind : "现场记录",
                                             (long long) item->record_id, PQgetvalue (result, row, 4));
    }
    return item;
}

static int
s_load_evidence (xc_call_t *call, int64_t paper_id, Xuncha__WorkingPaperContent *content, int32_t version)
{
    const char *params[] = { xc_call_int (call, paper_id), xc_call_int (call, version) };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_EVIDENCE_COLUMNS " FROM working_paper_evidence e" XC_EVIDENCE_JOINS
        " WHERE e.paper_id = $1 AND e.version = $2 ORDER BY e.position", 2, params);
    if (!result)
        return -1;
    content->evidence = (Xuncha__EvidenceItem **) xc_call_read_rows (call, result, xc_evidence_item_from_row,
                                                                     &content->n_evidence);
    PQclear (result);
    return 0;
}

/* The paper and its current version, without evidence. */
static Xuncha__WorkingPaper *
s_load_paper_row (xc_call_t *call, int64_t paper_id)
{
    const char *params[] = { xc_call_int (call, paper_id) };
    PGresult *result = xc_call_query_one (call, "问题底稿",
        "SELECT " XC_PAPER_COLUMNS XC_VERSION_COLUMNS XC_PAPER_FROM " WHERE p.id = $1", 1, params);
    if (!result)
        return NULL;
    Xuncha__WorkingPaper *paper = s_paper_from_row (call, result, 0);
    PQclear (result);
    return paper;
}

Xuncha__WorkingPaper *
xc_paper_load (xc_call_t *call, int64_t paper_id)
{
    Xuncha__WorkingPaper *paper = s_load_paper_row (call, paper_id);
    if (!paper || s_load_evidence (call, paper_id, paper->content, paper->version) != 0)
        return NULL;
    return paper;
}

Xuncha__WorkingPaper **
xc_paper_list (xc_call_t *call, int64_t group_id, int64_t round_id, int state, bool every_group, size_t *count)
{
    const char *params[] = { xc_call_id_or_null (call, group_id), xc_call_id_or_null (call, round_id),
                             xc_call_id_or_null (call, state), every_group ? "true" : "false",
                             xc_call_int (call, call->who.user_id) };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_PAPER_COLUMNS XC_VERSION_COLUMNS XC_PAPER_FROM
        " WHERE ($1::bigint IS NULL OR p.group_id = $1) AND ($2::bigint IS NULL OR p.round_id = $2)"
        " AND ($3::smallint IS NULL OR p.state = $3)"
        " AND ($4::boolean OR EXISTS (SELECT 1 FROM group_member m JOIN inspector i ON i.id = m.inspector_id"
        "   WHERE m.group_id = p.group_id AND i.user_id = $5))"
        " ORDER BY g.number, p.id", 5, params);
    if (!result)
        return NULL;
    Xuncha__WorkingPaper **papers = (Xuncha__WorkingPaper **) xc_call_read_rows (call, result, s_paper_from_row,
                                                                                count);
    PQclear (result);
    return papers;
}

/* Drafts and edits are stored as action 0 (working_paper_event); the reply tells them
 * apart: version 1 was drafted, a later one edited. */
static void *
s_event_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__PaperEvent *event = xc_arena_alloc (call->arena, sizeof *event);
    xuncha__paper_event__init (event);
    event->action = (Xuncha__PaperAction) xc_row_int (result, row, 0);
    event->version = (int32_t) xc_row_int (result, row, 4);
    if (event->action == XUNCHA__PAPER_ACTION__PAPER_ACTION_UNSPECIFIED)
        event->action = event->version == 1 ? XUNCHA__PAPER_ACTION__PAPER_ACTION_DRAFT
                                            : XUNCHA__PAPER_ACTION__PAPER_ACTION_EDIT;
    event->by = xc_row_text (call, result, row, 1);
    event->at = xc_row_text (call, result, row, 2);
    event->reason = xc_row_text (call, result, row, 3);
    if (event->action == XUNCHA__PAPER_ACTION__PAPER_ACTION_SIGN)
        event->number = xc_row_text (call, result, row, 5);
    return event;
}

static int
s_load_history (xc_call_t *call, Xuncha__WorkingPaperHistory *history, const char *const *params)
{
    PGresult *result = xc_call_query (call,
        "SELECT " XC_VERSION_COLUMNS " FROM working_paper_version v JOIN app_user vw ON vw.id = v.written_by"
        " WHERE v.paper_id = $1 ORDER BY v.version", 1, params);
    if (!result)
        return -1;
    history->versions = (Xuncha__WorkingPaperVersion **) xc_call_read_rows (call, result, s_version_from_row,
                                                                           &history->n_versions);
    PQclear (result);
    for (size_t i = 0; i < history->n_versions; i++)
        if (s_load_evidence (call, history->paper->id, history->versions[i]->content,
                             history->versions[i]->version) != 0)
            return -1;
    result = xc_call_query (call,
        "SELECT e.action, u.display_name, " XC_LOCAL_TIME ("e.at") ", e.reason, e.version, p.number"
        " FROM working_paper_event e JOIN app_user u ON u.id = e.by_user"
        " JOIN working_paper p ON p.id = e.paper_id WHERE e.paper_id = $1 ORDER BY e.id", 1, params);
    if (!result)
        return -1;
    history->events = (Xuncha__PaperEvent **) xc_call_read_rows (call, result, s_event_from_row,
                                                                &history->n_events);
    PQclear (result);
    return 0;
}

Xuncha__WorkingPaperHistory *
xc_paper_history (xc_call_t *call, int64_t paper_id)
{
    Xuncha__WorkingPaperHistory *history = xc_arena_alloc (call->arena, sizeof *history);
    xuncha__working_paper_history__init (history);
    history->paper = s_load_paper_row (call, paper_id);
    if (!history->paper)
        return NULL;
    history->paper->content = NULL;   /* it is the last of the versions */
    const char *params[] = { xc_call_int (call, paper_id) };
    return s_load_history (call, history, params) == 0 ? history : NULL;
}
