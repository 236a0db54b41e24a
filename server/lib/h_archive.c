/* h_archive — 立卷归档: the 巡察办 seals a round and its archive bundle is written, in
 * one transaction (server/sql/014_archive.sql says what the database keeps and how it
 * refuses every later change of the round).
 *
 * Sealing, in order: the round's row is locked and the step 整改 → 归档 checked as any
 * phase change is (common/xc_phase.c); a round whose 整改任务 are not all 已验收, or
 * whose transferred 问题线索 still await their result, is refused with their numbers —
 * archived, they could never be finished in xuncha. The audit chain is sealed, and its
 * head (position, hash) is the one the bundle records: every change and read of the
 * round before this request is in the chain up to that head. The sealing's own audit
 * row (archive_round) is written at COMMIT, after the head: it is in the chain's next
 * links. The phase change is recorded; every file of the bundle is written by one
 * statement per section (below) into archive_file, which hashes it; the manifest lists
 * every other file with its SHA-256 and size, and is written last; its own SHA-256 is
 * kept in round_archive and returned, for the 巡察办 to note outside the system. Then
 * the round enters 归档 (the database refuses that without the round_archive row).
 *
 * The bundle never holds a petitioner's identity: petitioner_identity is not read
 * here, it stays sealed in the database. Reading the bundle (the manifest, a file's
 * bytes) is recorded in the audit log, since it carries clues, 底稿 and attachments. */
#include "handlers.h"
#include "access.h"
#include "xc_json.h"
#include "xc_phase.h"
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define XC_ARCHIVE_CHUNK (1024 * 1024)   /* bytes of one file per reply, at most */

/* A record's JSON as the bundle keeps it: indented, UTF-8. */
#define XC_JSON_FILE(value) "convert_to (jsonb_pretty (" value "), 'UTF8')"

/* attachments/<id>-<name>: the uploaded name with '/', '\' and control characters
 * replaced, so that it stays one file inside attachments/. */
#define XC_ATTACHMENT_PATH \
    "'attachments/' || a.id || '-' || left (regexp_replace (a.filename, '[/\\\\[:cntrl:]]', '_', 'g'), 60)"

/* What the records, papers and tasks say of their attachments (the bytes are files). */
#define XC_ATTACHMENT_OUTLINE \
    "jsonb_build_object ('id', a.id, 'filename', a.filename, 'media_type', a.media_type, 'size', a.size," \
    " 'sha256', encode (a.sha256, 'hex'), 'file', " XC_ATTACHMENT_PATH ")"

/* The sections of the bundle: each statement gives (path, content) rows for round $1. */
static const struct {
    const char *name;
    const char *sql;
} s_sections[] = {
    { "round.json",   /* the round, batches, phase changes (归档 included) and 反馈 */
      "SELECT 'round.json', " XC_JSON_FILE (
      "to_jsonb (r) || jsonb_build_object ('phase', 8, 'name', r.committee || '第' || r.number || '轮巡察',"
      " 'batches', coalesce ((SELECT jsonb_agg (to_jsonb (b) ORDER BY b.number) FROM round_batch b"
      "   WHERE b.round_id = r.id), '[]'),"
      " 'phase_changes', coalesce ((SELECT jsonb_agg (to_jsonb (c) || jsonb_build_object ('changed_by_name', u.display_name)"
      "   ORDER BY c.id) FROM round_phase_change c JOIN app_user u ON u.id = c.changed_by WHERE c.round_id = r.id), '[]'),"
      " 'feedback', coalesce ((SELECT jsonb_agg (to_jsonb (f) || jsonb_build_object ('unit', unit_path (f.unit_id))"
      "   ORDER BY f.id) FROM feedback f WHERE f.round_id = r.id), '[]'))")
      " FROM round r WHERE r.id = $1" },
    { "groups.json",   /* 巡察组, members, units */
      "SELECT 'groups.json', " XC_JSON_FILE (
      "coalesce (jsonb_agg (to_jsonb (g) || jsonb_build_object ("
      " 'members', coalesce ((SELECT jsonb_agg (jsonb_build_object ('inspector_id', i.id, 'name', i.name,"
      "   'position', m.position, 'home_unit', unit_path (i.home_unit_id)) ORDER BY m.position, i.id)"
      "   FROM group_member m JOIN inspector i ON i.id = m.inspector_id WHERE m.group_id = g.id), '[]'),"
      " 'units', coalesce ((SELECT jsonb_agg (jsonb_build_object ('unit_id', u.unit_id, 'unit', unit_path (u.unit_id),"
      "   'batch_number', u.batch_number) ORDER BY u.unit_id) FROM group_unit u WHERE u.group_id = g.id), '[]'))"
      " ORDER BY g.number), '[]')")
      " FROM inspection_group g WHERE g.round_id = $1" },
    { "records/",   /* 现场记录, without the petitioner (petitioner_identity is never read) */
      "SELECT 'records/' || r.id || '.json', " XC_JSON_FILE (
      "to_jsonb (r) || jsonb_build_object ('group', g.name, 'unit', unit_path (r.unit_id),"
      " 'recorded_by_name', u.display_name,"
      " 'talk_inspectors', coalesce ((SELECT jsonb_agg (jsonb_build_object ('inspector_id', i.id, 'name', i.name)"
      "   ORDER BY i.id) FROM talk_inspector t JOIN inspector i ON i.id = t.inspector_id WHERE t.record_id = r.id), '[]'),"
      " 'attachments', coalesce ((SELECT jsonb_agg (" XC_ATTACHMENT_OUTLINE " ORDER BY a.id)"
      "   FROM attachment a WHERE a.record_id = r.id), '[]'))")
      " FROM field_record r JOIN inspection_group g ON g.id = r.group_id JOIN app_user u ON u.id = r.recorded_by"
      " WHERE r.round_id = $1" },
    { "papers/",   /* 问题底稿: every version with its evidence, every event */
      "SELECT 'papers/' || p.id || '.json', " XC_JSON_FILE (
      "to_jsonb (p) || jsonb_build_object ('group', g.name, 'unit', unit_path (p.unit_id),"
      " 'versions', coalesce ((SELECT jsonb_agg (to_jsonb (v) || jsonb_build_object ('category', category_path (v.category_id),"
      "   'written_by_name', w.display_name, 'evidence', coalesce ((SELECT jsonb_agg (to_jsonb (e) ORDER BY e.position)"
      "   FROM working_paper_evidence e WHERE e.paper_id = v.paper_id AND e.version = v.version), '[]'))"
      "   ORDER BY v.version) FROM working_paper_version v JOIN app_user w ON w.id = v.written_by"
      "   WHERE v.paper_id = p.id), '[]'),"
      " 'events', coalesce ((SELECT jsonb_agg (to_jsonb (e) || jsonb_build_object ('by_name', u.display_name)"
      "   ORDER BY e.id) FROM working_paper_event e JOIN app_user u ON u.id = e.by_user WHERE e.paper_id = p.id), '[]'))")
      " FROM working_paper p JOIN inspection_group g ON g.id = p.group_id WHERE p.round_id = $1" },
    { "clues/",   /* 问题线索: state, transfer batch, disposal, result, rating, evidence */
      "SELECT 'clues/' || c.id || '.json', " XC_JSON_FILE (
      "to_jsonb (c) || jsonb_build_object ('group', g.name, 'unit', unit_path (c.unit_id),"
      " 'batch', (SELECT to_jsonb (b) || jsonb_build_object ('receiver_unit', unit_path (b.receiver_unit_id))"
      "   FROM clue_batch b WHERE b.id = c.batch_id),"
      " 'evidence', coalesce ((SELECT jsonb_agg (to_jsonb (e) ORDER BY e.position) FROM clue_evidence e"
      "   WHERE e.clue_id = c.id), '[]'))")
      " FROM clue c JOIN inspection_group g ON g.id = c.group_id WHERE c.round_id = $1" },
    { "tasks/",   /* 整改任务: status, events, extensions, 佐证材料 */
      "SELECT 'tasks/' || t.id || '.json', " XC_JSON_FILE (
      "to_jsonb (t) || jsonb_build_object ('unit', unit_path (t.unit_id),"
      " 'paper_number', (SELECT p.number FROM working_paper p WHERE p.id = t.paper_id),"
      " 'events', coalesce ((SELECT jsonb_agg (to_jsonb (e) || jsonb_build_object ('user_name', u.display_name)"
      "   ORDER BY e.id) FROM task_event e JOIN app_user u ON u.id = e.user_id WHERE e.task_id = t.id), '[]'),"
      " 'extensions', coalesce ((SELECT jsonb_agg (to_jsonb (x) ORDER BY x.id) FROM task_extension x"
      "   WHERE x.task_id = t.id), '[]'),"
      " 'attachments', coalesce ((SELECT jsonb_agg (" XC_ATTACHMENT_OUTLINE " ORDER BY a.id)"
      "   FROM attachment a WHERE a.task_id = t.id), '[]'))")
      " FROM rectification_task t WHERE t.round_id = $1" },
    { "reports/",   /* 巡察报告 etc.: the sections written, the 底稿 cited, every step; the
                       generated parts as frozen at 组长审定 are the cited 底稿 (papers/) */
      "SELECT 'reports/' || r.id || '.json', " XC_JSON_FILE (
      "(to_jsonb (r) - 'snapshot') || jsonb_build_object ('group', g.name, 'unit', unit_path (r.unit_id),"
      " 'category', category_path (r.category_id),"
      " 'sections', coalesce ((SELECT jsonb_agg (to_jsonb (s) || jsonb_build_object ('written_by_name', u.display_name)"
      "   ORDER BY s.key) FROM report_section s JOIN app_user u ON u.id = s.written_by WHERE s.report_id = r.id), '[]'),"
      " 'events', coalesce ((SELECT jsonb_agg (to_jsonb (e) || jsonb_build_object ('by_name', u.display_name)"
      "   ORDER BY e.id) FROM report_event e JOIN app_user u ON u.id = e.by_user WHERE e.report_id = r.id), '[]'))")
      " FROM report r JOIN inspection_group g ON g.id = r.group_id WHERE r.round_id = $1" },
    { "evaluations.json",   /* 作风纪律后评估 by the units, 工作鉴定 of the inspectors */
      "SELECT 'evaluations.json', " XC_JSON_FILE (
      "jsonb_build_object ('conduct_ratings', coalesce ((SELECT jsonb_agg (to_jsonb (c) || jsonb_build_object ("
      "   'group', g.name, 'unit', unit_path (c.unit_id)) ORDER BY c.id)"
      "   FROM conduct_rating c JOIN inspection_group g ON g.id = c.group_id WHERE c.round_id = $1), '[]'),"
      " 'inspector_appraisals', coalesce ((SELECT jsonb_agg (to_jsonb (a) || jsonb_build_object ('inspector', i.name)"
      "   ORDER BY a.id) FROM inspector_appraisal a JOIN inspector i ON i.id = a.inspector_id"
      "   WHERE a.round_id = $1), '[]'))") },
    { "spot_checks.json",   /* 底稿抽检 and their results */
      "SELECT 'spot_checks.json', " XC_JSON_FILE (
      "coalesce (jsonb_agg (to_jsonb (s) || jsonb_build_object ('items', coalesce ((SELECT jsonb_agg ("
      "   to_jsonb (i) || jsonb_build_object ('paper_number', p.number) ORDER BY i.paper_id)"
      "   FROM spot_check_item i JOIN working_paper p ON p.id = i.paper_id WHERE i.spot_check_id = s.id), '[]'))"
      " ORDER BY s.id), '[]')")
      " FROM spot_check s WHERE s.round_id = $1" },
    { "attachments/",   /* the bytes of every attachment of the round's records and tasks */
      "SELECT " XC_ATTACHMENT_PATH ", a.content FROM attachment a"
      " WHERE a.record_id IN (SELECT r.id FROM field_record r WHERE r.round_id = $1)"
      "    OR a.task_id IN (SELECT t.id FROM rectification_task t WHERE t.round_id = $1)" },
};

/* Writes the rows of SELECT_SQL ($1 the round, more parameters after it) as files. */
static int
s_write_files (xc_call_t *call, const char *select_sql, int count, const char *const *params)
{
    const char *sql = xc_arena_printf (call->arena,
        "INSERT INTO archive_file (round_id, path, sha256, size, content)"
        " SELECT $1, f.path, sha256 (f.content), octet_length (f.content), f.content FROM (%s) AS f (path, content)",
        select_sql);
    return xc_call_exec (call, sql, count, params);
}

/* reports/<id>-content.json: each report of round ROUND as `xuncha report show --json`
 * gives it — its generated parts as the 组长 and the 巡察办 approved them (frozen at
 * 组长审定), or as they read now for a draft: the problems with their 底稿 numbers and
 * facts, the counts, the talks. reports/<id>.json holds its row, sections and steps. */
static int
s_write_report_contents (xc_call_t *call, const char *round)
{
    const char *params[] = { round };
    PGresult *ids = xc_call_query (call, "SELECT id FROM report WHERE round_id = $1 ORDER BY id", 1, params);
    if (!ids)
        return -1;
    int rc = 0;
    for (int row = 0; row < PQntuples (ids) && rc == 0; row++) {
        int64_t id = xc_row_int (ids, row, 0);
        Xuncha__Report *report = xc_load_report (call, id);
        char *json = NULL;
        size_t size = 0;
        FILE *out = report ? open_memstream (&json, &size) : NULL;
        if (!out) {
            rc = report ? xc_call_fail (call, XUNCHA__STATUS__STATUS_UNAVAILABLE, "服务器内存不足，未能立卷归档") : -1;
            break;
        }
        xc_json_write (out, &report->base);
        fputc ('\n', out);
        fclose (out);
        const char *file[] = { round, xc_arena_printf (call->arena, "reports/%lld-content.json", (long long) id),
                               xc_arena_strdup (call->arena, json) };
        free (json);
        rc = s_write_files (call, "SELECT $2::text, convert_to ($3::text, 'UTF8')", 3, file);
    }
    PQclear (ids);
    return rc;
}

/* Refuses while the round has work that could never be finished once archived. */
static int
s_require_finished (xc_call_t *call, const char *round_param)
{
    const char *params[] = { round_param };
    PGresult *result = xc_call_query (call,
        "SELECT (SELECT count(*) FROM rectification_task WHERE round_id = $1 AND status <> 4),"
        " (SELECT string_agg ('#' || id, '、' ORDER BY id) FROM (SELECT id FROM rectification_task"
        "   WHERE round_id = $1 AND status <> 4 ORDER BY id LIMIT 10) t),"
        " (SELECT count(*) FROM clue WHERE round_id = $1 AND state IN (3, 4, 5)),"
        " (SELECT string_agg ('#' || id, '、' ORDER BY id) FROM (SELECT id FROM clue"
        "   WHERE round_id = $1 AND state IN (3, 4, 5) ORDER BY id LIMIT 10) c),"
        " (SELECT string_agg ('#' || id, '、' ORDER BY id) FROM report WHERE round_id = $1 AND state = 2)", 1, params);
    if (!result)
        return -1;
    int64_t tasks = xc_row_int (result, 0, 0), clues = xc_row_int (result, 0, 2);
    const char *task_ids = xc_row_text (call, result, 0, 1), *clue_ids = xc_row_text (call, result, 0, 3);
    const char *reports = xc_row_text (call, result, 0, 4);   /* 组长已审定, awaiting the 巡察办 */
    PQclear (result);
    if (*reports)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "不能立卷归档：本轮报告 %s 已经组长审定，尚待巡察办审定或退回；归档后不能再更改", reports);
    if (!tasks && !clues)
        return 0;
    const char *why = "";
    if (tasks)
        why = xc_arena_printf (call->arena, "尚有 %lld 项整改任务未验收（%s%s）", (long long) tasks, task_ids,
                               tasks > 10 ? "等" : "");
    if (clues)
        why = xc_arena_printf (call->arena, "%s%s尚有 %lld 条已移交的问题线索未反馈结果（%s%s）", why, tasks ? "，" : "",
                               (long long) clues, clue_ids, clues > 10 ? "等" : "");
    return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "不能立卷归档：本轮%s；归档后不能再更改", why);
}

/* The audit chain's head after sealing: position (0: empty chain) and hash as hex. */
static int
s_audit_head (xc_call_t *call, const char **position, const char **hash)
{
    PGresult *result = xc_call_query (call,
        "SELECT coalesce (max (position), 0),"
        " coalesce ((SELECT encode (hash, 'hex') FROM audit_seal ORDER BY position DESC LIMIT 1), repeat ('0', 64))"
        " FROM audit_seal", 0, NULL);
    if (!result)
        return -1;
    *position = xc_row_text (call, result, 0, 0);
    *hash = xc_row_text (call, result, 0, 1);
    PQclear (result);
    return 0;
}

/* $1 round, $2 audit position, $3 audit hash (hex), $4 the time of sealing (epoch
 * seconds), $5 who sealed (user id). */
#define XC_SEALED_AT "to_char (" XC_CLOCK_TIME ("4") " AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS')"

static const char *s_audit_head_file =
    "SELECT 'audit_head.json', " XC_JSON_FILE (
    "jsonb_build_object ('position', $2::bigint, 'hash', $3::text, 'sealed_at', " XC_SEALED_AT ","
    " 'note', '封存本轮时审计哈希链的链头：xuncha audit verify --head 该哈希 可核对链中此前的记录未被删改')");

/* The manifest lists every file written so far; then round_archive notes its hash. */
static const char *s_manifest_file =
    "SELECT 'manifest.json', " XC_JSON_FILE (
    "jsonb_build_object ('format', 'xuncha-archive/1', 'round_id', r.id,"
    " 'round_name', r.committee || '第' || r.number || '轮巡察', 'sealed_at', " XC_SEALED_AT ","
    " 'sealed_by', (SELECT u.display_name FROM app_user u WHERE u.id = $5::bigint),"
    " 'audit_position', $2::bigint, 'audit_hash', $3::text,"
    " 'files', (SELECT coalesce (jsonb_agg (jsonb_build_object ('path', f.path, 'sha256', encode (f.sha256, 'hex'),"
    "   'size', f.size) ORDER BY f.path), '[]') FROM archive_file f WHERE f.round_id = r.id))")
    " FROM round r WHERE r.id = $1";

static const char *s_note_archive =
    "INSERT INTO round_archive (round_id, sealed_at, sealed_by, audit_position, audit_hash, manifest_sha256, file_count)"
    " SELECT $1, " XC_CLOCK_TIME ("4") ", $5, $2, decode ($3, 'hex'), m.sha256,"
    "  (SELECT count(*) FROM archive_file f WHERE f.round_id = $1 AND f.path <> 'manifest.json')"
    " FROM archive_file m WHERE m.round_id = $1 AND m.path = 'manifest.json'";

int
xc_seal_round (xc_call_t *call, int64_t round_id, int from)
{
    xc_round_facts_t facts = { 0 };
    char why[512];
    if (from == XUNCHA__PHASE__PHASE_ARCHIVED)
        return xc_refuse_archived_round (call, round_id);
    if (xc_phase_check_transition (from, XUNCHA__PHASE__PHASE_ARCHIVED, &facts, why, sizeof why) != 0)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s", why);
    const char *round = xc_call_int (call, round_id);
    if (s_require_finished (call, round) != 0 || xc_seal_audit_committed (call, "未能立卷归档") != 0)
        return -1;
    const char *position, *hash;
    if (s_audit_head (call, &position, &hash) != 0)
        return -1;
    const char *params[] = { round, position, hash, xc_call_now (call), xc_call_int (call, call->who.user_id) };
    const char *change[] = { round, xc_call_int (call, from), xc_call_int (call, XUNCHA__PHASE__PHASE_ARCHIVED),
                             params[4] };
    if (xc_call_exec (call, "INSERT INTO round_phase_change (round_id, from_phase, to_phase, changed_by)"
                            " VALUES ($1, $2, $3, $4)", 4, change) != 0)
        return -1;
    for (size_t i = 0; i < sizeof s_sections / sizeof s_sections[0]; i++)
        if (s_write_files (call, s_sections[i].sql, 1, params) != 0)
            return -1;
    if (s_write_report_contents (call, round) != 0)
        return -1;
    if (s_write_files (call, s_audit_head_file, 4, params) != 0 || s_write_files (call, s_manifest_file, 5, params) != 0
        || xc_call_exec (call, s_note_archive, 5, params) != 0
        || xc_call_exec (call, "UPDATE round SET phase = 8 WHERE id = $1", 1, params) != 0)
        return -1;
    return xc_call_log_change (call, "archive_round", "round", round_id);
}

/* ------------------------------------------------------------------ the manifest */

static void *
s_file_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__ArchiveFile *file = xc_arena_alloc (call->arena, sizeof *file);
    xuncha__archive_file__init (file);
    file->path = xc_row_text (call, result, row, 0);
    file->sha256 = xc_row_text (call, result, row, 1);
    file->size = xc_row_int (result, row, 2);
    return file;
}

/* The archive of ROUND_ID as ArchiveSeal, its files listed WITH_FILES; NOT_FOUND when
 * it was not archived. */
static Xuncha__ArchiveSeal *
s_load_seal (xc_call_t *call, int64_t round_id, bool with_files)
{
    const char *params[] = { xc_call_int (call, round_id) };
    PGresult *result = xc_call_query (call,
        "SELECT r.committee || '第' || r.number || '轮巡察',"
        " to_char (a.sealed_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS'), u.display_name,"
        " a.audit_position, encode (a.audit_hash, 'hex'), encode (a.manifest_sha256, 'hex'), a.round_id IS NOT NULL"
        " FROM round r LEFT JOIN round_archive a ON a.round_id = r.id LEFT JOIN app_user u ON u.id = a.sealed_by"
        " WHERE r.id = $1", 1, params);
    if (!result)
        return NULL;
    int found = PQntuples (result) == 1, archived = found && *PQgetvalue (result, 0, 6) == 't';
    Xuncha__ArchiveSeal *seal = xc_arena_alloc (call->arena, sizeof *seal);
    xuncha__archive_seal__init (seal);
    seal->round_id = round_id;
    if (archived) {
        seal->round_name = xc_row_text (call, result, 0, 0);
        seal->sealed_at = xc_row_text (call, result, 0, 1);
        seal->sealed_by = xc_row_text (call, result, 0, 2);
        seal->audit_position = xc_row_int (result, 0, 3);
        seal->audit_hash = xc_row_text (call, result, 0, 4);
        seal->manifest_sha256 = xc_row_text (call, result, 0, 5);
    }
    else if (found)
        xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "%s尚未立卷归档", PQgetvalue (result, 0, 0));
    else
        xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "巡察轮次不存在");
    PQclear (result);
    if (!archived || !with_files)
        return archived ? seal : NULL;
    result = xc_call_query (call,
        "SELECT path, encode (sha256, 'hex'), size FROM archive_file WHERE round_id = $1 AND path <> 'manifest.json'"
        " ORDER BY path", 1, params);
    if (!result)
        return NULL;
    seal->files = (Xuncha__ArchiveFile **) xc_call_read_rows (call, result, s_file_from_row, &seal->n_files);
    PQclear (result);
    return seal;
}

static int
s_reply_seal (xc_call_t *call, int64_t round_id)
{
    Xuncha__ArchiveSeal *seal = s_load_seal (call, round_id, true);
    if (!seal)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_ARCHIVE_SEAL;
    call->reply->archive_seal = seal;
    return 0;
}

int
xc_archive_round (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t round_id = request->round_archive->round_id;
    int from = xc_lock_round (call, round_id);
    if (from < 0 || xc_seal_round (call, round_id, from) != 0)
        return -1;
    return s_reply_seal (call, round_id);
}

int
xc_show_archive (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t round_id = request->archive_show->round_id;
    if (s_reply_seal (call, round_id) != 0)
        return -1;
    return xc_call_log_read (call, "read_archive", "round", round_id);
}

/* ------------------------------------------------------------------ a file */

int
xc_get_archive_file (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ArchiveFileGet *get = request->archive_file_get;
    if (get->offset < 0 || get->offset > INT32_MAX)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "偏移量 %lld 不在文件之内", (long long) get->offset);
    if (!s_load_seal (call, get->round_id, false))
        return -1;
    const char *params[] = { xc_call_int (call, get->round_id), get->path, xc_call_int (call, get->offset),
                             xc_call_int (call, XC_ARCHIVE_CHUNK) };
    /* binary results: the numbers as text, the bytes raw */
    PGresult *result = xc_call_query_params (call,
        "SELECT id::text, size::text, substring (content FROM $3::int + 1 FOR $4::int) FROM archive_file"
        " WHERE round_id = $1 AND path = $2", 4, params, NULL, NULL, 1);
    if (!result)
        return -1;
    if (PQntuples (result) != 1) {
        PQclear (result);
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "归档包中没有文件 %s", get->path);
    }
    int64_t file_id = xc_row_int (result, 0, 0);
    Xuncha__ArchiveChunk *chunk = xc_arena_alloc (call->arena, sizeof *chunk);
    xuncha__archive_chunk__init (chunk);
    chunk->path = xc_arena_strdup (call->arena, get->path);
    chunk->offset = get->offset;
    chunk->size = xc_row_int (result, 0, 1);
    chunk->data.len = (size_t) PQgetlength (result, 0, 2);
    chunk->data.data = xc_arena_alloc (call->arena, chunk->data.len + 1);
    memcpy (chunk->data.data, PQgetvalue (result, 0, 2), chunk->data.len);
    PQclear (result);
    if (get->offset > chunk->size)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST, "偏移量 %lld 超出文件 %s 的大小（%lld 字节）",
                             (long long) get->offset, get->path, (long long) chunk->size);
    call->reply->body_case = XUNCHA__REPLY__BODY_ARCHIVE_CHUNK;
    call->reply->archive_chunk = chunk;
    return xc_call_log_read (call, "read_archive_file", "archive_file", file_id);
}
