/* request_kinds — see request_kinds.h. Each row: the kind, its label, then
 * { ROLE (SCOPE), ... } for the roles that may make it, then its handler. */
#include "request_kinds.h"

#define XC_BODY(name) XUNCHA__REQUEST__BODY_##name
#define OFFICE(scope) [XUNCHA__ROLE__ROLE_OFFICE] = XC_SCOPE_##scope
#define LEADER(scope) [XUNCHA__ROLE__ROLE_GROUP_LEADER] = XC_SCOPE_##scope
#define MEMBER(scope) [XUNCHA__ROLE__ROLE_GROUP_MEMBER] = XC_SCOPE_##scope
#define DISCIPLINE(scope) [XUNCHA__ROLE__ROLE_DISCIPLINE] = XC_SCOPE_##scope
#define ORGANISATION(scope) [XUNCHA__ROLE__ROLE_ORGANISATION] = XC_SCOPE_##scope
#define UNIT(scope) [XUNCHA__ROLE__ROLE_INSPECTED_UNIT] = XC_SCOPE_##scope
#define READONLY(scope) [XUNCHA__ROLE__ROLE_READONLY] = XC_SCOPE_##scope

/* 组长 and 组员 alike: the powers of a group's 组长 (signing, approving, transferring)
 * are the handlers' rule on the position in the group, not a role. */
#define INSPECTORS(scope) LEADER (scope), MEMBER (scope)
#define RECEIVERS(scope) DISCIPLINE (scope), ORGANISATION (scope)
#define EVERY_ROLE(scope) OFFICE (scope), INSPECTORS (scope), RECEIVERS (scope), UNIT (scope), READONLY (scope)
/* The 巡察办 alone, over the whole committee: planning, settings, the audit log. */
#define PLANNER OFFICE (COMMITTEE)
/* Rounds, groups and progress: the 巡察办 and the 只读 readers see all, an inspector his own. */
#define INSPECTION_READERS OFFICE (COMMITTEE), INSPECTORS (GROUP), READONLY (COMMITTEE)
/* A group's field records, 底稿 and clues: the 巡察办 and the group itself. */
#define FIELD_READERS OFFICE (COMMITTEE), INSPECTORS (GROUP)
/* Figures, samples and settings, not records: the 巡察办 and the 只读 readers. */
#define STATISTICS_READERS OFFICE (COMMITTEE), READONLY (COMMITTEE)
/* Feedback and 整改: the 巡察办 and the 只读 readers see all, a 被巡察单位 its own. */
#define RECTIFICATION_READERS OFFICE (COMMITTEE), UNIT (UNIT), READONLY (COMMITTEE)

const xc_request_kind_t xc_request_kinds[] = {
    { XC_BODY (PING), "ping", "连通检查",
      { EVERY_ROLE (SELF) }, xc_ping },
    { XC_BODY (WHO_AM_I), "who_am_i", "查看本人身份",
      { EVERY_ROLE (SELF) }, xc_who_am_i },
    { XC_BODY (ORG_UNIT_CREATE), "org_unit_create", "新建组织单位",
      { PLANNER }, xc_create_org_unit },
    { XC_BODY (ORG_UNIT_LIST), "org_unit_list", "查看组织单位",
      { EVERY_ROLE (COMMITTEE) }, xc_list_org_units },
    { XC_BODY (USER_CREATE), "user_create", "登记用户",
      { PLANNER }, xc_register_user },
    { XC_BODY (USER_LIST), "user_list", "查看用户",
      { OFFICE (COMMITTEE), UNIT (UNIT) }, xc_list_users },
    { XC_BODY (USER_SET_UNIT_HEAD), "user_set_unit_head", "设定主要负责人",
      { PLANNER }, xc_set_unit_head },
    { XC_BODY (KEY_ISSUE), "key_issue", "签发用户密钥",
      { PLANNER }, xc_issue_key },
    { XC_BODY (KEY_LIST), "key_list", "查看用户密钥",
      { PLANNER }, xc_list_keys },
    { XC_BODY (KEY_REVOKE), "key_revoke", "吊销用户密钥",
      { PLANNER }, xc_revoke_key },
    { XC_BODY (INSPECTOR_CREATE), "inspector_create", "加入巡察人才库",
      { PLANNER }, xc_add_inspector },
    { XC_BODY (INSPECTOR_RELATION_ADD), "inspector_relation_add", "申报回避关系",
      { PLANNER }, xc_declare_inspector_relation },
    { XC_BODY (INSPECTOR_LIST), "inspector_list", "查看巡察人才库",
      { PLANNER }, xc_list_inspectors },
    { XC_BODY (ROUND_CREATE), "round_create", "创建巡察轮次",
      { PLANNER }, xc_plan_round },
    { XC_BODY (ROUND_BATCH_ADD), "round_batch_add", "划分批次",
      { PLANNER }, xc_add_round_batch },
    { XC_BODY (ROUND_LIST), "round_list", "查看巡察轮次",
      { INSPECTION_READERS }, xc_list_rounds },
    { XC_BODY (ROUND_SHOW), "round_show", "查看轮次详情",
      { INSPECTION_READERS }, xc_show_round },
    { XC_BODY (ROUND_ADVANCE), "round_advance", "推进巡察阶段",
      { PLANNER }, xc_advance_round_phase },
    { XC_BODY (GROUP_CREATE), "group_create", "组建巡察组",
      { PLANNER }, xc_form_group },
    { XC_BODY (GROUP_MEMBER_ADD), "group_member_add", "调整巡察组成员",
      { PLANNER }, xc_add_group_member },
    { XC_BODY (GROUP_MEMBER_REMOVE), "group_member_remove", "移出巡察组成员",
      { PLANNER }, xc_remove_group_member },
    { XC_BODY (GROUP_UNIT_ASSIGN), "group_unit_assign", "分配被巡察单位",
      { PLANNER }, xc_assign_unit_to_group },
    { XC_BODY (GROUP_LIST), "group_list", "查看巡察组",
      { INSPECTION_READERS }, xc_list_groups },
    { XC_BODY (GROUP_SHOW), "group_show", "查看巡察组详情",
      { INSPECTION_READERS }, xc_show_group },
    { XC_BODY (FIELD_RECORD_CREATE), "field_record_create", "录入现场记录",
      { INSPECTORS (GROUP) }, xc_record_field_work },
    { XC_BODY (FIELD_RECORD_LIST), "field_record_list", "查看现场记录",
      { FIELD_READERS }, xc_list_field_records },
    { XC_BODY (FIELD_RECORD_SHOW), "field_record_show", "查看现场记录详情",
      { FIELD_READERS }, xc_show_field_record },
    { XC_BODY (PETITION_STATUS_SET), "petition_status_set", "更新信访办理状态",
      { INSPECTORS (GROUP) }, xc_set_petition_status },
    { XC_BODY (ATTACHMENT_ADD), "attachment_add", "上传附件",
      { INSPECTORS (GROUP), UNIT (UNIT) }, xc_attach_file },
    { XC_BODY (ATTACHMENT_GET), "attachment_get", "下载附件",
      { FIELD_READERS, UNIT (UNIT), READONLY (COMMITTEE) }, xc_download_attachment },
    { XC_BODY (IDENTITY_READ_LIST), "identity_read_list", "查看信访人身份查阅记录",
      { PLANNER }, xc_list_identity_reads },
    { XC_BODY (PAPER_DRAFT), "paper_draft", "起草问题底稿",
      { INSPECTORS (GROUP) }, xc_draft_working_paper },
    { XC_BODY (PAPER_EDIT), "paper_edit", "修改问题底稿",
      { INSPECTORS (GROUP) }, xc_edit_working_paper },
    { XC_BODY (PAPER_TRANSITION), "paper_transition", "流转问题底稿",
      { INSPECTORS (GROUP) }, xc_move_working_paper },
    { XC_BODY (PAPER_LIST), "paper_list", "查看问题底稿",
      { FIELD_READERS }, xc_list_working_papers },
    { XC_BODY (PAPER_SHOW), "paper_show", "查看问题底稿详情",
      { FIELD_READERS }, xc_show_working_paper },
    { XC_BODY (PAPER_HISTORY_SHOW), "paper_history_show", "查看底稿版本历史",
      { FIELD_READERS }, xc_show_working_paper_history },
    { XC_BODY (CATEGORY_LIST), "category_list", "查看问题分类",
      { OFFICE (COMMITTEE), INSPECTORS (COMMITTEE), READONLY (COMMITTEE) }, xc_list_categories },
    { XC_BODY (CATEGORY_ADD), "category_add", "新增问题分类",
      { PLANNER }, xc_add_category },
    { XC_BODY (CATEGORY_RENAME), "category_rename", "修改问题分类",
      { PLANNER }, xc_rename_category },
    { XC_BODY (CATEGORY_RETIRE), "category_retire", "停用问题分类",
      { PLANNER }, xc_retire_category },
    { XC_BODY (SPOT_CHECK_DRAW), "spot_check_draw", "抽取抽检底稿",
      { PLANNER }, xc_draw_spot_check },
    { XC_BODY (SPOT_CHECK_RECORD), "spot_check_record", "记录抽检结果",
      { PLANNER }, xc_record_spot_check },
    { XC_BODY (SPOT_CHECK_LIST), "spot_check_list", "查看抽检",
      { STATISTICS_READERS }, xc_list_spot_checks },
    { XC_BODY (CLUE_DRAFT), "clue_draft", "起草问题线索",
      { INSPECTORS (GROUP) }, xc_draft_clue },
    { XC_BODY (CLUE_APPROVE), "clue_approve", "批准问题线索",
      { INSPECTORS (GROUP) }, xc_approve_clue },
    { XC_BODY (CLUE_TRANSFER), "clue_transfer", "移交问题线索",
      { INSPECTORS (GROUP) }, xc_transfer_clues },
    { XC_BODY (CLUE_RECEIVE), "clue_receive", "签收移交批次",
      { RECEIVERS (RECEIVER) }, xc_receive_clue_batch },
    { XC_BODY (CLUE_DISPOSE), "clue_dispose", "确定线索处置方式",
      { RECEIVERS (RECEIVER) }, xc_dispose_clue },
    { XC_BODY (CLUE_REPORT_RESULT), "clue_report_result", "反馈线索办理结果",
      { RECEIVERS (RECEIVER) }, xc_report_clue_result },
    { XC_BODY (CLUE_RATE), "clue_rate", "评价线索质量",
      { RECEIVERS (RECEIVER) }, xc_rate_clue },
    { XC_BODY (CLUE_LIST), "clue_list", "查看问题线索",
      { FIELD_READERS, RECEIVERS (RECEIVER) }, xc_list_clues },
    { XC_BODY (CLUE_SHOW), "clue_show", "查看问题线索详情",
      { FIELD_READERS, RECEIVERS (RECEIVER) }, xc_show_clue },
    { XC_BODY (CLUE_QUALITY_SHOW), "clue_quality_show", "查看线索质量统计",
      { STATISTICS_READERS }, xc_show_clue_quality },
    { XC_BODY (PROGRESS_SHOW), "progress_show", "查看巡察进度",
      { INSPECTION_READERS }, xc_show_progress },
    { XC_BODY (SETTING_LIST), "setting_list", "查看系统设置",
      { STATISTICS_READERS }, xc_list_settings },
    { XC_BODY (SETTING_SET), "setting_set", "修改系统设置",
      { PLANNER }, xc_change_setting },
    { XC_BODY (CALENDAR_IMPORT), "calendar_import", "导入工作日历",
      { PLANNER }, xc_import_calendar },
    { XC_BODY (CALENDAR_SHOW), "calendar_show", "查看工作日历",
      { EVERY_ROLE (COMMITTEE) }, xc_show_calendar },
    { XC_BODY (CALENDAR_DEADLINE), "calendar_deadline", "计算期限",
      { EVERY_ROLE (COMMITTEE) }, xc_compute_deadline },
    { XC_BODY (FEEDBACK_RECORD), "feedback_record", "登记巡察反馈",
      { PLANNER }, xc_record_feedback },
    { XC_BODY (FEEDBACK_LIST), "feedback_list", "查看巡察反馈",
      { RECTIFICATION_READERS }, xc_list_feedback },
    { XC_BODY (TASK_LIST), "task_list", "查看整改任务",
      { RECTIFICATION_READERS }, xc_list_tasks },
    { XC_BODY (TASK_SHOW), "task_show", "查看整改任务详情",
      { RECTIFICATION_READERS }, xc_show_task },
    { XC_BODY (TASK_ASSIGN), "task_assign", "明确整改责任人和措施",
      { OFFICE (COMMITTEE), UNIT (UNIT) }, xc_assign_task },
    { XC_BODY (TASK_REPORT), "task_report", "报告整改进展",
      { UNIT (UNIT) }, xc_report_task },
    { XC_BODY (TASK_VERIFY), "task_verify", "验收整改任务",
      { PLANNER }, xc_verify_task },
    { XC_BODY (TASK_EXTENSION_REQUEST), "task_extension_request", "申请延长整改期限",
      { UNIT (UNIT) }, xc_request_extension },
    { XC_BODY (TASK_EXTENSION_DECIDE), "task_extension_decide", "审批延期申请",
      { PLANNER }, xc_decide_extension },
    { XC_BODY (RECTIFICATION_SHOW), "rectification_show", "查看整改情况",
      { RECTIFICATION_READERS }, xc_show_rectification },
    { XC_BODY (AUDIT_VERIFY), "audit_verify", "核验审计日志",
      { PLANNER }, xc_verify_audit_log },
    { XC_BODY (AUDIT_LIST), "audit_list", "查看审计日志",
      { PLANNER }, xc_list_audit_log },
    /* the journal's replay: every role may send it, each entry inside is checked on its own */
    { XC_BODY (SYNC_BATCH), "sync_batch", "同步离线记录",
      { EVERY_ROLE (SELF) }, xc_serve_sync_batch },
    /* chunked, resumable uploads: who may attach what, as attachment_add */
    { XC_BODY (ATTACHMENT_UPLOAD_BEGIN), "attachment_upload_begin", "开始上传附件",
      { INSPECTORS (GROUP), UNIT (UNIT) }, xc_begin_upload },
    { XC_BODY (ATTACHMENT_UPLOAD_CHUNK), "attachment_upload_chunk", "上传附件分块",
      { INSPECTORS (GROUP), UNIT (UNIT) }, xc_receive_upload_chunk },
    { XC_BODY (ATTACHMENT_UPLOAD_STATUS), "attachment_upload_status", "查看附件上传进度",
      { INSPECTORS (GROUP), UNIT (UNIT) }, xc_show_upload },
    { XC_BODY (ATTACHMENT_UPLOAD_FINISH), "attachment_upload_finish", "完成附件上传",
      { INSPECTORS (GROUP), UNIT (UNIT) }, xc_finish_upload },
    /* reports: the group builds and writes them, its 组长 and then the 巡察办 approve */
    { XC_BODY (REPORT_BUILD), "report_build", "生成巡察报告",
      { INSPECTORS (GROUP) }, xc_build_report },
    { XC_BODY (REPORT_EDIT), "report_edit", "修改报告文字部分",
      { INSPECTORS (GROUP) }, xc_edit_report },
    { XC_BODY (REPORT_TRANSITION), "report_transition", "审定报告",
      { OFFICE (COMMITTEE), INSPECTORS (GROUP) }, xc_move_report },
    { XC_BODY (REPORT_SHOW), "report_show", "查看报告",
      { INSPECTION_READERS }, xc_show_report },
    { XC_BODY (REPORT_LIST), "report_list", "查看报告列表",
      { INSPECTION_READERS }, xc_list_reports },
    /* 统计分析 and the evaluations after a round */
    { XC_BODY (STATISTICS_QUERY), "statistics_query", "查看统计分析",
      { STATISTICS_READERS }, xc_compute_statistics },
    { XC_BODY (CONDUCT_RATE), "conduct_rate", "评价巡察组作风纪律",
      { UNIT (UNIT) }, xc_rate_conduct },
    { XC_BODY (CONDUCT_RATING_LIST), "conduct_rating_list", "查看作风纪律后评估",
      { STATISTICS_READERS }, xc_list_conduct_ratings },
    { XC_BODY (INSPECTOR_APPRAISE), "inspector_appraise", "工作鉴定",
      { PLANNER }, xc_appraise_inspector },
    { XC_BODY (INSPECTOR_APPRAISAL_LIST), "inspector_appraisal_list", "查看工作鉴定",
      { STATISTICS_READERS }, xc_list_inspector_appraisals },
    /* 立卷归档: the 巡察办 seals a round; its bundle holds everything, for the 巡察办 alone */
    { XC_BODY (ROUND_ARCHIVE), "round_archive", "立卷归档",
      { PLANNER }, xc_archive_round },
    { XC_BODY (ARCHIVE_SHOW), "archive_show", "查看归档清单",
      { PLANNER }, xc_show_archive },
    { XC_BODY (ARCHIVE_FILE_GET), "archive_file_get", "下载归档文件",
      { PLANNER }, xc_get_archive_file },
};
const size_t xc_request_kind_count = sizeof xc_request_kinds / sizeof xc_request_kinds[0];

const xc_request_kind_t *
xc_request_kind_find (Xuncha__Request__BodyCase body)
{
    for (size_t i = 0; i < xc_request_kind_count; i++)
        if (xc_request_kinds[i].body == body)
            return &xc_request_kinds[i];
    return NULL;
}

xc_scope_t
xc_request_kind_scope (const xc_request_kind_t *kind, Xuncha__Role role)
{
    return role > 0 && role < XC_ROLE_COUNT ? kind->scopes[role] : XC_SCOPE_NONE;
}

bool
xc_request_kind_allows (const xc_request_kind_t *kind, Xuncha__Role role)
{
    return xc_request_kind_scope (kind, role) != XC_SCOPE_NONE;
}
