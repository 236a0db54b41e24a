/* request_kinds — see request_kinds.h. */
#include "request_kinds.h"

#define XC_PLANNERS XC_ROLE (OFFICE)
#define XC_INSPECTION_READERS (XC_ROLE (OFFICE) | XC_ROLE (GROUP_LEADER) | XC_ROLE (GROUP_MEMBER) | XC_ROLE (READONLY))
#define XC_INSPECTORS (XC_ROLE (GROUP_LEADER) | XC_ROLE (GROUP_MEMBER))
#define XC_FIELD_READERS (XC_ROLE (OFFICE) | XC_INSPECTORS)
#define XC_RECEIVERS (XC_ROLE (DISCIPLINE) | XC_ROLE (ORGANISATION))
#define XC_RECTIFICATION_READERS (XC_ROLE (OFFICE) | XC_ROLE (READONLY) | XC_ROLE (INSPECTED_UNIT))
#define XC_UNIT XC_ROLE (INSPECTED_UNIT)
#define XC_BODY(name) XUNCHA__REQUEST__BODY_##name

const xc_request_kind_t xc_request_kinds[] = {
    { XC_BODY (PING), "ping", "连通检查", false, XC_ALL_ROLES, xc_ping },
    { XC_BODY (WHO_AM_I), "who_am_i", "查看本人身份", false, XC_ALL_ROLES, xc_who_am_i },
    { XC_BODY (ORG_UNIT_CREATE), "org_unit_create", "新建组织单位", true, XC_PLANNERS, xc_create_org_unit },
    { XC_BODY (ORG_UNIT_LIST), "org_unit_list", "查看组织单位", false, XC_ALL_ROLES, xc_list_org_units },
    { XC_BODY (USER_CREATE), "user_create", "登记用户", true, XC_PLANNERS, xc_register_user },
    { XC_BODY (USER_LIST), "user_list", "查看用户", false, XC_PLANNERS, xc_list_users },
    { XC_BODY (INSPECTOR_CREATE), "inspector_create", "加入巡察人才库", true, XC_PLANNERS, xc_add_inspector },
    { XC_BODY (INSPECTOR_RELATION_ADD), "inspector_relation_add", "申报回避关系", true, XC_PLANNERS, xc_declare_inspector_relation },
    { XC_BODY (INSPECTOR_LIST), "inspector_list", "查看巡察人才库", false, XC_PLANNERS, xc_list_inspectors },
    { XC_BODY (ROUND_CREATE), "round_create", "创建巡察轮次", true, XC_PLANNERS, xc_plan_round },
    { XC_BODY (ROUND_BATCH_ADD), "round_batch_add", "划分批次", true, XC_PLANNERS, xc_add_round_batch },
    { XC_BODY (ROUND_LIST), "round_list", "查看巡察轮次", false, XC_INSPECTION_READERS, xc_list_rounds },
    { XC_BODY (ROUND_SHOW), "round_show", "查看轮次详情", false, XC_INSPECTION_READERS, xc_show_round },
    { XC_BODY (ROUND_ADVANCE), "round_advance", "推进巡察阶段", true, XC_PLANNERS, xc_advance_round_phase },
    { XC_BODY (GROUP_CREATE), "group_create", "组建巡察组", true, XC_PLANNERS, xc_form_group },
    { XC_BODY (GROUP_MEMBER_ADD), "group_member_add", "调整巡察组成员", true, XC_PLANNERS, xc_add_group_member },
    { XC_BODY (GROUP_MEMBER_REMOVE), "group_member_remove", "移出巡察组成员", true, XC_PLANNERS, xc_remove_group_member },
    { XC_BODY (GROUP_UNIT_ASSIGN), "group_unit_assign", "分配被巡察单位", true, XC_PLANNERS, xc_assign_unit_to_group },
    { XC_BODY (GROUP_LIST), "group_list", "查看巡察组", false, XC_INSPECTION_READERS, xc_list_groups },
    { XC_BODY (GROUP_SHOW), "group_show", "查看巡察组详情", false, XC_INSPECTION_READERS, xc_show_group },
    { XC_BODY (FIELD_RECORD_CREATE), "field_record_create", "录入现场记录", true, XC_INSPECTORS, xc_record_field_work },
    { XC_BODY (FIELD_RECORD_LIST), "field_record_list", "查看现场记录", false, XC_FIELD_READERS, xc_list_field_records },
    { XC_BODY (FIELD_RECORD_SHOW), "field_record_show", "查看现场记录详情", false, XC_FIELD_READERS, xc_show_field_record },
    { XC_BODY (PETITION_STATUS_SET), "petition_status_set", "更新信访办理状态", true, XC_INSPECTORS, xc_set_petition_status },
    { XC_BODY (ATTACHMENT_ADD), "attachment_add", "上传附件", true, XC_INSPECTORS | XC_UNIT, xc_attach_file },
    { XC_BODY (ATTACHMENT_GET), "attachment_get", "下载附件", false, XC_FIELD_READERS | XC_ROLE (READONLY) | XC_UNIT, xc_download_attachment },
    { XC_BODY (IDENTITY_READ_LIST), "identity_read_list", "查看信访人身份查阅记录", false, XC_PLANNERS, xc_list_identity_reads },
    { XC_BODY (PAPER_DRAFT), "paper_draft", "起草问题底稿", true, XC_INSPECTORS, xc_draft_working_paper },
    { XC_BODY (PAPER_EDIT), "paper_edit", "修改问题底稿", true, XC_INSPECTORS, xc_edit_working_paper },
    { XC_BODY (PAPER_TRANSITION), "paper_transition", "流转问题底稿", true, XC_INSPECTORS, xc_move_working_paper },
    { XC_BODY (PAPER_LIST), "paper_list", "查看问题底稿", false, XC_FIELD_READERS, xc_list_working_papers },
    { XC_BODY (PAPER_SHOW), "paper_show", "查看问题底稿详情", false, XC_FIELD_READERS, xc_show_working_paper },
    { XC_BODY (PAPER_HISTORY_SHOW), "paper_history_show", "查看底稿版本历史", false, XC_FIELD_READERS, xc_show_working_paper_history },
    { XC_BODY (CATEGORY_LIST), "category_list", "查看问题分类", false, XC_FIELD_READERS | XC_ROLE (READONLY), xc_list_categories },
    { XC_BODY (CATEGORY_ADD), "category_add", "新增问题分类", true, XC_PLANNERS, xc_add_category },
    { XC_BODY (CATEGORY_RENAME), "category_rename", "修改问题分类", true, XC_PLANNERS, xc_rename_category },
    { XC_BODY (CATEGORY_RETIRE), "category_retire", "停用问题分类", true, XC_PLANNERS, xc_retire_category },
    { XC_BODY (SPOT_CHECK_DRAW), "spot_check_draw", "抽取抽检底稿", true, XC_PLANNERS, xc_draw_spot_check },
    { XC_BODY (SPOT_CHECK_RECORD), "spot_check_record", "记录抽检结果", true, XC_PLANNERS, xc_record_spot_check },
    { XC_BODY (SPOT_CHECK_LIST), "spot_check_list", "查看抽检", false, XC_PLANNERS | XC_ROLE (READONLY), xc_list_spot_checks },
    { XC_BODY (CLUE_DRAFT), "clue_draft", "起草问题线索", true, XC_INSPECTORS, xc_draft_clue },
    { XC_BODY (CLUE_APPROVE), "clue_approve", "批准问题线索", true, XC_INSPECTORS, xc_approve_clue },
    { XC_BODY (CLUE_TRANSFER), "clue_transfer", "移交问题线索", true, XC_INSPECTORS, xc_transfer_clues },
    { XC_BODY (CLUE_RECEIVE), "clue_receive", "签收移交批次", true, XC_RECEIVERS, xc_receive_clue_batch },
    { XC_BODY (CLUE_DISPOSE), "clue_dispose", "确定线索处置方式", true, XC_RECEIVERS, xc_dispose_clue },
    { XC_BODY (CLUE_REPORT_RESULT), "clue_report_result", "反馈线索办理结果", true, XC_RECEIVERS, xc_report_clue_result },
    { XC_BODY (CLUE_RATE), "clue_rate", "评价线索质量", true, XC_RECEIVERS, xc_rate_clue },
    { XC_BODY (CLUE_LIST), "clue_list", "查看问题线索", false, XC_FIELD_READERS | XC_RECEIVERS, xc_list_clues },
    { XC_BODY (CLUE_SHOW), "clue_show", "查看问题线索详情", false, XC_FIELD_READERS | XC_RECEIVERS, xc_show_clue },
    { XC_BODY (CLUE_QUALITY_SHOW), "clue_quality_show", "查看线索质量统计", false, XC_PLANNERS | XC_ROLE (READONLY), xc_show_clue_quality },
    { XC_BODY (PROGRESS_SHOW), "progress_show", "查看巡察进度", false, XC_FIELD_READERS | XC_ROLE (READONLY), xc_show_progress },
    { XC_BODY (SETTING_LIST), "setting_list", "查看系统设置", false, XC_PLANNERS | XC_ROLE (READONLY), xc_list_settings },
    { XC_BODY (SETTING_SET), "setting_set", "修改系统设置", true, XC_PLANNERS, xc_change_setting },
    { XC_BODY (CALENDAR_IMPORT), "calendar_import", "导入工作日历", true, XC_PLANNERS, xc_import_calendar },
    { XC_BODY (CALENDAR_SHOW), "calendar_show", "查看工作日历", false, XC_ALL_ROLES, xc_show_calendar },
    { XC_BODY (CALENDAR_DEADLINE), "calendar_deadline", "计算期限", false, XC_ALL_ROLES, xc_compute_deadline },
    { XC_BODY (FEEDBACK_RECORD), "feedback_record", "登记巡察反馈", true, XC_PLANNERS, xc_record_feedback },
    { XC_BODY (FEEDBACK_LIST), "feedback_list", "查看巡察反馈", false, XC_RECTIFICATION_READERS, xc_list_feedback },
    { XC_BODY (TASK_LIST), "task_list", "查看整改任务", false, XC_RECTIFICATION_READERS, xc_list_tasks },
    { XC_BODY (TASK_SHOW), "task_show", "查看整改任务详情", false, XC_RECTIFICATION_READERS, xc_show_task },
    { XC_BODY (TASK_ASSIGN), "task_assign", "明确整改责任人和措施", true, XC_PLANNERS | XC_UNIT, xc_assign_task },
    { XC_BODY (TASK_REPORT), "task_report", "报告整改进展", true, XC_UNIT, xc_report_task },
    { XC_BODY (TASK_VERIFY), "task_verify", "验收整改任务", true, XC_PLANNERS, xc_verify_task },
    { XC_BODY (TASK_EXTENSION_REQUEST), "task_extension_request", "申请延长整改期限", true, XC_UNIT, xc_request_extension },
    { XC_BODY (TASK_EXTENSION_DECIDE), "task_extension_decide", "审批延期申请", true, XC_PLANNERS, xc_decide_extension },
    { XC_BODY (RECTIFICATION_SHOW), "rectification_show", "查看整改情况", false, XC_RECTIFICATION_READERS, xc_show_rectification },
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

bool
xc_request_kind_allows (const xc_request_kind_t *kind, Xuncha__Role role)
{
    return role > 0 && role < 32 && (kind->roles & (1u << role)) != 0;
}
