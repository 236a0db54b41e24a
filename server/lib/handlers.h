/* handlers — one function per request kind, named after what it does in the domain.
 * Each runs inside the request's transaction, fills call->reply's body on success and
 * returns 0, or returns xc_call_fail (...) having changed nothing that will commit. */
#ifndef XC_HANDLERS_H
#define XC_HANDLERS_H
#include "call.h"

typedef int (*xc_handler_fn) (xc_call_t *call, const Xuncha__Request *request);

/* h_system.c */
int xc_ping (xc_call_t *call, const Xuncha__Request *request);
/* h_org_units.c */
int xc_create_org_unit (xc_call_t *call, const Xuncha__Request *request);
int xc_list_org_units (xc_call_t *call, const Xuncha__Request *request);
/* h_users.c */
int xc_who_am_i (xc_call_t *call, const Xuncha__Request *request);
int xc_register_user (xc_call_t *call, const Xuncha__Request *request);
int xc_list_users (xc_call_t *call, const Xuncha__Request *request);
int xc_set_unit_head (xc_call_t *call, const Xuncha__Request *request);
/* h_keys.c — the users' keys: issue, list, revoke */
int xc_issue_key (xc_call_t *call, const Xuncha__Request *request);
int xc_list_keys (xc_call_t *call, const Xuncha__Request *request);
int xc_revoke_key (xc_call_t *call, const Xuncha__Request *request);
/* h_inspectors.c */
int xc_add_inspector (xc_call_t *call, const Xuncha__Request *request);
int xc_declare_inspector_relation (xc_call_t *call, const Xuncha__Request *request);
int xc_list_inspectors (xc_call_t *call, const Xuncha__Request *request);
/* h_rounds.c */
int xc_plan_round (xc_call_t *call, const Xuncha__Request *request);
int xc_add_round_batch (xc_call_t *call, const Xuncha__Request *request);
int xc_list_rounds (xc_call_t *call, const Xuncha__Request *request);
int xc_show_round (xc_call_t *call, const Xuncha__Request *request);
int xc_advance_round_phase (xc_call_t *call, const Xuncha__Request *request);
/* h_groups.c */
int xc_form_group (xc_call_t *call, const Xuncha__Request *request);
int xc_add_group_member (xc_call_t *call, const Xuncha__Request *request);
int xc_remove_group_member (xc_call_t *call, const Xuncha__Request *request);
int xc_assign_unit_to_group (xc_call_t *call, const Xuncha__Request *request);
int xc_list_groups (xc_call_t *call, const Xuncha__Request *request);
int xc_show_group (xc_call_t *call, const Xuncha__Request *request);

/* h_field_records.c — 听取汇报, 信访, 个别谈话, 调阅资料, 走访 */
int xc_record_field_work (xc_call_t *call, const Xuncha__Request *request);
int xc_list_field_records (xc_call_t *call, const Xuncha__Request *request);
int xc_show_field_record (xc_call_t *call, const Xuncha__Request *request);
int xc_set_petition_status (xc_call_t *call, const Xuncha__Request *request);
int xc_list_identity_reads (xc_call_t *call, const Xuncha__Request *request);
/* h_attachments.c */
int xc_attach_file (xc_call_t *call, const Xuncha__Request *request);
int xc_download_attachment (xc_call_t *call, const Xuncha__Request *request);
/* A file to attach, whichever way it came: whole (attachment_add) or in chunks
 * (attachment_upload_finish). One of RECORD_ID (a field record) and TASK_ID (a 整改任务). */
typedef struct {
    int64_t record_id;
    int64_t task_id;
    const char *filename;
    const char *media_type;   /* "": application/octet-stream */
    const uint8_t *content;
    size_t size;
} xc_attachment_file_t;
/* Whether the caller may attach a file to the record or task (one of the two, else
 * BAD_REQUEST): a member of the record's group while it works, or a user of the task's
 * unit while the task is open (its row then locked). 0, or -1 after refusing. */
int xc_require_attachment_uploader (xc_call_t *call, int64_t record_id, int64_t task_id);
/* The one way an attachment is made: the uploader check above, the file stored with
 * its SHA-256, the audit row (attach_file); *attachment is the new one's metadata.
 * 0, or -1 after refusing. */
int xc_attach (xc_call_t *call, const xc_attachment_file_t *file, Xuncha__Attachment **attachment);
/* One attachment's metadata (NOT_FOUND "附件不存在" when the caller cannot see it). */
Xuncha__Attachment *xc_load_attachment (xc_call_t *call, int64_t attachment_id);
/* h_attachment_uploads.c — chunked, resumable uploads (the offline journal's attachments) */
int xc_begin_upload (xc_call_t *call, const Xuncha__Request *request);
int xc_receive_upload_chunk (xc_call_t *call, const Xuncha__Request *request);
int xc_show_upload (xc_call_t *call, const Xuncha__Request *request);
int xc_finish_upload (xc_call_t *call, const Xuncha__Request *request);
/* dispatch.c — the journal's replay: each entry of the batch served exactly as if it
 * came alone, inside a savepoint of the batch's transaction */
int xc_serve_sync_batch (xc_call_t *call, const Xuncha__Request *request);
/* The attachments of a field record (metadata, no bytes); NULL after refusing. */
Xuncha__Attachment **xc_load_attachments (xc_call_t *call, int64_t record_id, size_t *count);
/* The same in two halves, for a caller that sends it together with other statements:
 * the statement, and the attachments from its result. */
xc_statement_t xc_attachments_statement (xc_call_t *call, int64_t record_id);
Xuncha__Attachment **xc_attachments_from_result (xc_call_t *call, const PGresult *result, size_t *count);
/* The evidence attachments of a 整改任务, the same way. */
Xuncha__Attachment **xc_load_task_evidence (xc_call_t *call, int64_t task_id, size_t *count);
/* h_working_papers.c — 问题底稿 */
int xc_draft_working_paper (xc_call_t *call, const Xuncha__Request *request);
int xc_edit_working_paper (xc_call_t *call, const Xuncha__Request *request);
int xc_move_working_paper (xc_call_t *call, const Xuncha__Request *request);
int xc_list_working_papers (xc_call_t *call, const Xuncha__Request *request);
int xc_show_working_paper (xc_call_t *call, const Xuncha__Request *request);
int xc_show_working_paper_history (xc_call_t *call, const Xuncha__Request *request);
/* h_categories.c — the problem taxonomy */
int xc_list_categories (xc_call_t *call, const Xuncha__Request *request);
int xc_add_category (xc_call_t *call, const Xuncha__Request *request);
int xc_rename_category (xc_call_t *call, const Xuncha__Request *request);
int xc_retire_category (xc_call_t *call, const Xuncha__Request *request);
/* h_spot_checks.c — 底稿抽检 */
int xc_draw_spot_check (xc_call_t *call, const Xuncha__Request *request);
int xc_record_spot_check (xc_call_t *call, const Xuncha__Request *request);
int xc_list_spot_checks (xc_call_t *call, const Xuncha__Request *request);
/* h_progress.c — 巡中调度 */
int xc_show_progress (xc_call_t *call, const Xuncha__Request *request);

/* h_clues.c — 问题线索, the group's side: drafting, approval, transfer in numbered
 * batches; and reading them (list, show, quality per group) */
int xc_draft_clue (xc_call_t *call, const Xuncha__Request *request);
int xc_approve_clue (xc_call_t *call, const Xuncha__Request *request);
int xc_transfer_clues (xc_call_t *call, const Xuncha__Request *request);
int xc_list_clues (xc_call_t *call, const Xuncha__Request *request);
int xc_show_clue (xc_call_t *call, const Xuncha__Request *request);
int xc_show_clue_quality (xc_call_t *call, const Xuncha__Request *request);
/* h_clue_receipt.c — the receiver's side (纪委监委, 组织部): 签收, disposal, result,
 * quality rating */
int xc_receive_clue_batch (xc_call_t *call, const Xuncha__Request *request);
int xc_dispose_clue (xc_call_t *call, const Xuncha__Request *request);
int xc_report_clue_result (xc_call_t *call, const Xuncha__Request *request);
int xc_rate_clue (xc_call_t *call, const Xuncha__Request *request);
/* h_settings.c — the settings the 巡察办 changes (the clue feedback period) */
int xc_list_settings (xc_call_t *call, const Xuncha__Request *request);
int xc_change_setting (xc_call_t *call, const Xuncha__Request *request);
/* h_calendar.c — the working-day calendar: import, show, compute a deadline */
int xc_import_calendar (xc_call_t *call, const Xuncha__Request *request);
int xc_show_calendar (xc_call_t *call, const Xuncha__Request *request);
int xc_compute_deadline (xc_call_t *call, const Xuncha__Request *request);
/* h_feedback.c — 反馈: recorded per unit, it creates the 整改任务 and starts the clocks */
int xc_record_feedback (xc_call_t *call, const Xuncha__Request *request);
int xc_list_feedback (xc_call_t *call, const Xuncha__Request *request);
/* h_tasks.c — 整改任务: read, assign, the unit's progress, the 巡察办's verification */
int xc_list_tasks (xc_call_t *call, const Xuncha__Request *request);
int xc_show_task (xc_call_t *call, const Xuncha__Request *request);
int xc_assign_task (xc_call_t *call, const Xuncha__Request *request);
int xc_report_task (xc_call_t *call, const Xuncha__Request *request);
int xc_verify_task (xc_call_t *call, const Xuncha__Request *request);
/* h_task_extensions.c — 延期: the unit asks, the 巡察办 decides */
int xc_request_extension (xc_call_t *call, const Xuncha__Request *request);
int xc_decide_extension (xc_call_t *call, const Xuncha__Request *request);
/* h_rectification.c — 督促整改: per round and unit, tasks by status, overdue, disclosure */
int xc_show_rectification (xc_call_t *call, const Xuncha__Request *request);
/* h_audit.c — 审计日志: the chain verified, the entries listed */
int xc_verify_audit_log (xc_call_t *call, const Xuncha__Request *request);
int xc_list_audit_log (xc_call_t *call, const Xuncha__Request *request);
/* Seals every committed audit row, in this request's transaction (holding the chain's
 * lock until it ends); 0, or -1 after refusing ("封存审计记录失败…，THEN"). */
int xc_seal_audit_committed (xc_call_t *call, const char *then);

/* The value of a numeric setting (KEY known to h_settings.c); -1 after refusing. */
int xc_setting_int (xc_call_t *call, const char *key, int *value);

/* h_reports.c: 巡察报告, 个别谈话情况报告, 专题报告 */
int xc_build_report (xc_call_t *call, const Xuncha__Request *request);
int xc_edit_report (xc_call_t *call, const Xuncha__Request *request);
int xc_move_report (xc_call_t *call, const Xuncha__Request *request);
int xc_show_report (xc_call_t *call, const Xuncha__Request *request);
int xc_list_reports (xc_call_t *call, const Xuncha__Request *request);
/* The whole report as `report show` gives it (its generated parts as frozen, or live
 * while 起草), for the archive bundle; NULL after refusing. */
Xuncha__Report *xc_load_report (xc_call_t *call, int64_t report_id);
/* h_statistics.c: 统计分析 */
int xc_compute_statistics (xc_call_t *call, const Xuncha__Request *request);
/* h_evaluations.c: 作风纪律后评估 and 工作鉴定 */
int xc_rate_conduct (xc_call_t *call, const Xuncha__Request *request);
int xc_list_conduct_ratings (xc_call_t *call, const Xuncha__Request *request);
int xc_appraise_inspector (xc_call_t *call, const Xuncha__Request *request);
int xc_list_inspector_appraisals (xc_call_t *call, const Xuncha__Request *request);
/* h_archive.c: 立卷归档 */
int xc_archive_round (xc_call_t *call, const Xuncha__Request *request);
int xc_show_archive (xc_call_t *call, const Xuncha__Request *request);
int xc_get_archive_file (xc_call_t *call, const Xuncha__Request *request);
/* Seals round ROUND_ID, found in phase FROM (its row locked FOR UPDATE by the caller):
 * the phase check 整改 → 归档, the audit chain sealed, the bundle written, the round
 * moved to 归档, the change logged; 0, or -1 after refusing. */
int xc_seal_round (xc_call_t *call, int64_t round_id, int from);

/* Shared readers (h_rounds.c, h_groups.c): load one record into the arena. */
Xuncha__Round *xc_load_round (xc_call_t *call, int64_t round_id);
/* The round's groups the caller may see: all (全委), or those he belongs to (本组). */
Xuncha__Group **xc_load_round_groups (xc_call_t *call, int64_t round_id, size_t *count);
/* Refuses (CONFLICT, with the reason) when the inspector may not inspect the unit
 * under the 回避 rule (h_groups.c). */
int xc_check_recusal (xc_call_t *call, int64_t inspector_id, int64_t unit_id);
/* Checks every member × unit pairing of a round's groups; -1 at the first conflict. */
int xc_check_round_recusal (xc_call_t *call, int64_t round_id, int64_t only_inspector);
/* Locks the round's row and refuses unless it is in phase 准备 (planning changes). */
int xc_require_round_in_preparation (xc_call_t *call, int64_t round_id, const char *what);
/* SQL expression: the title of round R (an alias), "十届区委第2轮巡察". */
#define XC_ROUND_TITLE(r) r ".committee || '第' || " r ".number || '轮巡察'"

/* The 人才库 after the 工作鉴定 (h_evaluations.c). SQL expression over inspector I (an
 * alias): NULL while he is in the pool, else why not, "经十届区委第2轮巡察工作鉴定不再抽调". */
#define XC_POOL_EXCLUSION(i) \
    "(SELECT '经' || " XC_ROUND_TITLE ("xr") " || '工作鉴定不再抽调' FROM inspector_appraisal xa" \
    " JOIN round xr ON xr.id = xa.round_id WHERE xa.id = " i ".excluded_from_pool)"
/* Refuses (CONFLICT, naming the appraisal) an inspector taken out of the pool. */
int xc_require_in_pool (xc_call_t *call, int64_t inspector_id);
/* Locks the round's row (concurrent phase changes and planning take turns) and
 * returns its phase, or -1 after refusing (NOT_FOUND when there is no such round). */
int xc_lock_round (xc_call_t *call, int64_t round_id);

#endif
