/* xc_names — see xc_names.h. The first label of a value is the one printed. */
#include "xc_names.h"
#include "xuncha.pb-c.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const ProtobufCEnumDescriptor *type;
    int value;
    const char *label;
} xc_label_t;

static const xc_label_t s_labels[] = {
    { &xuncha__role__descriptor, XUNCHA__ROLE__ROLE_OFFICE, "巡察办" },
    { &xuncha__role__descriptor, XUNCHA__ROLE__ROLE_GROUP_LEADER, "组长" },
    { &xuncha__role__descriptor, XUNCHA__ROLE__ROLE_GROUP_MEMBER, "组员" },
    { &xuncha__role__descriptor, XUNCHA__ROLE__ROLE_DISCIPLINE, "纪委监委" },
    { &xuncha__role__descriptor, XUNCHA__ROLE__ROLE_DISCIPLINE, "纪委" },
    { &xuncha__role__descriptor, XUNCHA__ROLE__ROLE_ORGANISATION, "组织部" },
    { &xuncha__role__descriptor, XUNCHA__ROLE__ROLE_INSPECTED_UNIT, "被巡察单位" },
    { &xuncha__role__descriptor, XUNCHA__ROLE__ROLE_READONLY, "只读" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, "区县" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, "区" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_COUNTY, "县" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, "乡镇" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_TOWNSHIP, "街道" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_VILLAGE, "村" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_COMMUNITY, "社区" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_DEPARTMENT, "部门" },
    { &xuncha__unit_kind__descriptor, XUNCHA__UNIT_KIND__UNIT_KIND_ENTERPRISE, "企事业单位" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR, "常规巡察" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR, "常规" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_THEMATIC, "专项巡察" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_THEMATIC, "专项" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_AD_HOC, "机动巡察" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_AD_HOC, "机动" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_EXTENDED, "延伸巡察" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_EXTENDED, "延伸" },
    { &xuncha__round_type__descriptor, XUNCHA__ROUND_TYPE__ROUND_TYPE_TOWNSHIP_WITH_VILLAGES, "巡乡带村" },
    { &xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_PREPARATION, "准备" },
    { &xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_ENTRY, "进驻" },
    { &xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_FACT_FINDING, "了解" },
    { &xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_REPORTING, "报告" },
    { &xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_FEEDBACK, "反馈" },
    { &xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_TRANSFER, "移交" },
    { &xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_RECTIFICATION, "整改" },
    { &xuncha__phase__descriptor, XUNCHA__PHASE__PHASE_ARCHIVED, "归档" },
    { &xuncha__position__descriptor, XUNCHA__POSITION__POSITION_LEADER, "组长" },
    { &xuncha__position__descriptor, XUNCHA__POSITION__POSITION_DEPUTY_LEADER, "副组长" },
    { &xuncha__position__descriptor, XUNCHA__POSITION__POSITION_MEMBER, "组员" },
    { &xuncha__record_kind__descriptor, XUNCHA__RECORD_KIND__RECORD_KIND_BRIEFING, "听取汇报" },
    { &xuncha__record_kind__descriptor, XUNCHA__RECORD_KIND__RECORD_KIND_BRIEFING, "汇报" },
    { &xuncha__record_kind__descriptor, XUNCHA__RECORD_KIND__RECORD_KIND_PETITION, "信访" },
    { &xuncha__record_kind__descriptor, XUNCHA__RECORD_KIND__RECORD_KIND_TALK, "个别谈话" },
    { &xuncha__record_kind__descriptor, XUNCHA__RECORD_KIND__RECORD_KIND_TALK, "谈话" },
    { &xuncha__record_kind__descriptor, XUNCHA__RECORD_KIND__RECORD_KIND_DOCUMENT_REVIEW, "调阅资料" },
    { &xuncha__record_kind__descriptor, XUNCHA__RECORD_KIND__RECORD_KIND_VISIT, "走访" },
    { &xuncha__record_kind__descriptor, XUNCHA__RECORD_KIND__RECORD_KIND_VISIT, "下沉" },
    { &xuncha__petition_channel__descriptor, XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_LETTER, "来信" },
    { &xuncha__petition_channel__descriptor, XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_CALL, "来电" },
    { &xuncha__petition_channel__descriptor, XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_VISIT, "来访" },
    { &xuncha__petition_channel__descriptor, XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_ONLINE, "网络" },
    { &xuncha__petition_channel__descriptor, XUNCHA__PETITION_CHANNEL__PETITION_CHANNEL_QR_CODE, "二维码" },
    { &xuncha__petition_status__descriptor, XUNCHA__PETITION_STATUS__PETITION_STATUS_ACCEPTED, "受理" },
    { &xuncha__petition_status__descriptor, XUNCHA__PETITION_STATUS__PETITION_STATUS_REFERRED, "转办" },
    { &xuncha__petition_status__descriptor, XUNCHA__PETITION_STATUS__PETITION_STATUS_UNDERSTOOD, "已了解" },
    { &xuncha__petition_status__descriptor, XUNCHA__PETITION_STATUS__PETITION_STATUS_CLOSED, "办结" },
    { &xuncha__paper_state__descriptor, XUNCHA__PAPER_STATE__PAPER_STATE_DRAFT, "起草" },
    { &xuncha__paper_state__descriptor, XUNCHA__PAPER_STATE__PAPER_STATE_UNDER_REVIEW, "组内审议" },
    { &xuncha__paper_state__descriptor, XUNCHA__PAPER_STATE__PAPER_STATE_SIGNED, "组长签批" },
    { &xuncha__paper_state__descriptor, XUNCHA__PAPER_STATE__PAPER_STATE_SIGNED, "已签批" },
    { &xuncha__paper_state__descriptor, XUNCHA__PAPER_STATE__PAPER_STATE_INCLUDED, "纳入报告" },
    { &xuncha__paper_state__descriptor, XUNCHA__PAPER_STATE__PAPER_STATE_EXCLUDED, "不纳入报告" },
    { &xuncha__paper_action__descriptor, XUNCHA__PAPER_ACTION__PAPER_ACTION_SUBMIT, "提交审议" },
    { &xuncha__paper_action__descriptor, XUNCHA__PAPER_ACTION__PAPER_ACTION_RETURN, "退回起草" },
    { &xuncha__paper_action__descriptor, XUNCHA__PAPER_ACTION__PAPER_ACTION_SIGN, "组长签批" },
    { &xuncha__paper_action__descriptor, XUNCHA__PAPER_ACTION__PAPER_ACTION_INCLUDE, "纳入报告" },
    { &xuncha__paper_action__descriptor, XUNCHA__PAPER_ACTION__PAPER_ACTION_EXCLUDE, "不纳入报告" },
    { &xuncha__paper_action__descriptor, XUNCHA__PAPER_ACTION__PAPER_ACTION_REVISE, "修订" },
    { &xuncha__paper_action__descriptor, XUNCHA__PAPER_ACTION__PAPER_ACTION_DRAFT, "起草" },
    { &xuncha__paper_action__descriptor, XUNCHA__PAPER_ACTION__PAPER_ACTION_EDIT, "修改" },
    { &xuncha__spot_check_result__descriptor, XUNCHA__SPOT_CHECK_RESULT__SPOT_CHECK_RESULT_PASSED, "合格" },
    { &xuncha__spot_check_result__descriptor, XUNCHA__SPOT_CHECK_RESULT__SPOT_CHECK_RESULT_PASSED_WITH_REMARKS, "基本合格" },
    { &xuncha__spot_check_result__descriptor, XUNCHA__SPOT_CHECK_RESULT__SPOT_CHECK_RESULT_FAILED, "不合格" },
    { &xuncha__report_kind__descriptor, XUNCHA__REPORT_KIND__REPORT_KIND_INSPECTION, "巡察报告" },
    { &xuncha__report_kind__descriptor, XUNCHA__REPORT_KIND__REPORT_KIND_TALKS, "个别谈话情况报告" },
    { &xuncha__report_kind__descriptor, XUNCHA__REPORT_KIND__REPORT_KIND_TALKS, "谈话报告" },
    { &xuncha__report_kind__descriptor, XUNCHA__REPORT_KIND__REPORT_KIND_THEMATIC, "专题报告" },
    { &xuncha__report_part__descriptor, XUNCHA__REPORT_PART__REPORT_PART_WHOLE, "全部" },
    { &xuncha__report_part__descriptor, XUNCHA__REPORT_PART__REPORT_PART_TOWNSHIP, "乡镇" },
    { &xuncha__report_part__descriptor, XUNCHA__REPORT_PART__REPORT_PART_VILLAGES, "村社区" },
    { &xuncha__report_state__descriptor, XUNCHA__REPORT_STATE__REPORT_STATE_DRAFT, "起草" },
    { &xuncha__report_state__descriptor, XUNCHA__REPORT_STATE__REPORT_STATE_LEADER_APPROVED, "组长已审定" },
    { &xuncha__report_state__descriptor, XUNCHA__REPORT_STATE__REPORT_STATE_APPROVED, "巡察办已审定" },
    { &xuncha__report_action__descriptor, XUNCHA__REPORT_ACTION__REPORT_ACTION_LEADER_APPROVE, "组长审定" },
    { &xuncha__report_action__descriptor, XUNCHA__REPORT_ACTION__REPORT_ACTION_OFFICE_APPROVE, "巡察办审定" },
    { &xuncha__report_action__descriptor, XUNCHA__REPORT_ACTION__REPORT_ACTION_RETURN, "退回" },
    { &xuncha__appraisal_grade__descriptor, XUNCHA__APPRAISAL_GRADE__APPRAISAL_GRADE_EXCELLENT, "优秀" },
    { &xuncha__appraisal_grade__descriptor, XUNCHA__APPRAISAL_GRADE__APPRAISAL_GRADE_COMPETENT, "称职" },
    { &xuncha__appraisal_grade__descriptor, XUNCHA__APPRAISAL_GRADE__APPRAISAL_GRADE_BASICALLY_COMPETENT, "基本称职" },
    { &xuncha__appraisal_grade__descriptor, XUNCHA__APPRAISAL_GRADE__APPRAISAL_GRADE_INCOMPETENT, "不称职" },
    { &xuncha__clue_state__descriptor, XUNCHA__CLUE_STATE__CLUE_STATE_DRAFT, "起草" },
    { &xuncha__clue_state__descriptor, XUNCHA__CLUE_STATE__CLUE_STATE_APPROVED, "已批准" },
    { &xuncha__clue_state__descriptor, XUNCHA__CLUE_STATE__CLUE_STATE_TRANSFERRED, "已移交" },
    { &xuncha__clue_state__descriptor, XUNCHA__CLUE_STATE__CLUE_STATE_RECEIVED, "已签收" },
    { &xuncha__clue_state__descriptor, XUNCHA__CLUE_STATE__CLUE_STATE_DISPOSED, "已确定处置" },
    { &xuncha__clue_state__descriptor, XUNCHA__CLUE_STATE__CLUE_STATE_CONCLUDED, "已反馈结果" },
    { &xuncha__clue_disposal__descriptor, XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_TALK_OR_INQUIRY, "谈话函询" },
    { &xuncha__clue_disposal__descriptor, XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_PRELIMINARY_VERIFICATION, "初步核实" },
    { &xuncha__clue_disposal__descriptor, XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_HOLD, "暂存待查" },
    { &xuncha__clue_disposal__descriptor, XUNCHA__CLUE_DISPOSAL__CLUE_DISPOSAL_CLOSE, "予以了结" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_BATCH_TRANSFERRED, "问题线索移交" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_RECEIVED, "线索已签收" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_DISPOSED, "线索处置方式" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_RESULT, "线索办理结果" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_CLUE_FEEDBACK_DUE, "线索反馈期限提醒" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASKS_ASSIGNED, "整改任务下达" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASK_DUE, "整改期限提醒" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASK_COMPLETED, "整改任务申请验收" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASK_VERIFIED, "整改任务验收结果" },
    { &xuncha__notification_kind__descriptor, XUNCHA__NOTIFICATION_KIND__NOTIFICATION_KIND_TASK_EXTENSION, "整改延期" },
    { &xuncha__task_kind__descriptor, XUNCHA__TASK_KIND__TASK_KIND_PROBLEM, "问题整改" },
    { &xuncha__task_kind__descriptor, XUNCHA__TASK_KIND__TASK_KIND_PLAN, "整改方案" },
    { &xuncha__task_kind__descriptor, XUNCHA__TASK_KIND__TASK_KIND_REPORT, "整改情况报告" },
    { &xuncha__task_kind__descriptor, XUNCHA__TASK_KIND__TASK_KIND_DISCLOSURE, "整改情况公开" },
    { &xuncha__task_status__descriptor, XUNCHA__TASK_STATUS__TASK_STATUS_NOT_STARTED, "未开始" },
    { &xuncha__task_status__descriptor, XUNCHA__TASK_STATUS__TASK_STATUS_IN_PROGRESS, "整改中" },
    { &xuncha__task_status__descriptor, XUNCHA__TASK_STATUS__TASK_STATUS_COMPLETED, "已完成" },
    { &xuncha__task_status__descriptor, XUNCHA__TASK_STATUS__TASK_STATUS_VERIFIED, "已验收" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_START, "开始整改" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_PROGRESS, "报告进展" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_COMPLETE, "申请验收" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_VERIFY, "验收通过" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_REJECT, "退回整改" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_ASSIGN, "明确责任人" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_EXTENSION_REQUEST, "申请延期" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_EXTENSION_APPROVE, "批准延期" },
    { &xuncha__task_action__descriptor, XUNCHA__TASK_ACTION__TASK_ACTION_EXTENSION_REFUSE, "不批准延期" },
    { &xuncha__reminder_level__descriptor, XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_NONE, "—" },
    { &xuncha__reminder_level__descriptor, XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_GREEN, "绿色提醒" },
    { &xuncha__reminder_level__descriptor, XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_GREEN, "绿" },
    { &xuncha__reminder_level__descriptor, XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_YELLOW, "黄色预警" },
    { &xuncha__reminder_level__descriptor, XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_YELLOW, "黄" },
    { &xuncha__reminder_level__descriptor, XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_RED, "红色逾期" },
    { &xuncha__reminder_level__descriptor, XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_RED, "红" },
    { &xuncha__calendar_day_kind__descriptor, XUNCHA__CALENDAR_DAY_KIND__CALENDAR_DAY_KIND_HOLIDAY, "休" },
    { &xuncha__calendar_day_kind__descriptor, XUNCHA__CALENDAR_DAY_KIND__CALENDAR_DAY_KIND_HOLIDAY, "放假" },
    { &xuncha__calendar_day_kind__descriptor, XUNCHA__CALENDAR_DAY_KIND__CALENDAR_DAY_KIND_WORKDAY, "班" },
    { &xuncha__calendar_day_kind__descriptor, XUNCHA__CALENDAR_DAY_KIND__CALENDAR_DAY_KIND_WORKDAY, "上班" },
    { &xuncha__audit_break__descriptor, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_CONTENT_ALTERED, "内容被改动" },
    { &xuncha__audit_break__descriptor, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_LINK_MISSING, "缺少前一环（记录被删除）" },
    { &xuncha__audit_break__descriptor, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_OUT_OF_ORDER, "顺序被调换" },
    { &xuncha__audit_break__descriptor, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_ROW_MISSING, "已封存的记录被删除" },
    { &xuncha__audit_break__descriptor, XUNCHA__AUDIT_BREAK__AUDIT_BREAK_HEAD_MISSING, "记下的链头不在链中" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_OK, "成功" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_BAD_REQUEST, "请求无效" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_UNAUTHENTICATED, "身份未认证" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_FORBIDDEN, "无权操作" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_NOT_FOUND, "未找到" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_CONFLICT, "不允许" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_UNSUPPORTED_VERSION, "协议版本不支持" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_UNAVAILABLE, "暂不可用" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_INTERNAL, "服务器内部错误" },
    { &xuncha__status__descriptor, XUNCHA__STATUS__STATUS_IN_PROGRESS, "处理中" },
};
#define XC_LABEL_COUNT (sizeof s_labels / sizeof s_labels[0])

const char *
xc_label (const ProtobufCEnumDescriptor *type, int value)
{
    for (size_t i = 0; i < XC_LABEL_COUNT; i++)
        if (s_labels[i].type == type && s_labels[i].value == value)
            return s_labels[i].label;
    return NULL;
}

/* "office" matches ROLE_OFFICE, "township" matches UNIT_KIND_TOWNSHIP. */
static int
s_short_name_matches (const ProtobufCEnumDescriptor *type, const char *value_name, const char *text)
{
    size_t prefix = strlen (type->short_name);
    /* the value's name is PREFIX_SHORT with PREFIX the type name in upper snake case */
    const char *underscore = value_name;
    for (size_t skipped = 0; *underscore && skipped < prefix; underscore++)
        if (*underscore != '_')
            skipped++;
    while (*underscore == '_')
        underscore++;
    return strcasecmp (underscore, text) == 0;
}

int
xc_label_parse (const ProtobufCEnumDescriptor *type, const char *text, int *value)
{
    if (!text || !*text)
        return -1;
    for (size_t i = 0; i < XC_LABEL_COUNT; i++)
        if (s_labels[i].type == type && strcmp (s_labels[i].label, text) == 0) {
            *value = s_labels[i].value;
            return 0;
        }
    for (unsigned i = 0; i < type->n_values; i++)
        if (type->values[i].value != 0 && s_short_name_matches (type, type->values[i].name, text)) {
            *value = type->values[i].value;
            return 0;
        }
    return -1;
}

void
xc_label_choices (const ProtobufCEnumDescriptor *type, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t i = 0; i < XC_LABEL_COUNT && used < size; i++)
        if (s_labels[i].type == type)
            used += (size_t) snprintf (buf + used, size - used, "%s%s", used ? "/" : "", s_labels[i].label);
}
