/* output — see output.h. The text form walks the message like xc_json does. */
#include "output.h"
#include "xc_json.h"
#include "xc_names.h"
#include "xc_proto.h"
#include "xc_utf8.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The users' word for each field of the reply records: "Message.field" first, then
 * the field name alone. */
static const struct {
    const char *field;
    const char *label;
} s_field_labels[] = {
    { "Inspector.name", "姓名" }, { "GroupMember.name", "姓名" }, { "Round.number", "第几轮" },
    { "Group.number", "组号" }, { "RoundBatch.number", "批次" },
    /* 问题底稿, 问题分类, 抽检 */
    { "WorkingPaper.group_id", "巡察组编号" }, { "WorkingPaper.number", "底稿编号" },
    { "WorkingPaper.version", "当前版本" }, { "WorkingPaper.written_by", "起草人" }, { "state", "状态" },
    { "content", "内容" }, { "category_name", "问题分类" }, { "signed_by", "签批人" }, { "signed_at", "签批时间" },
    { "decided_by", "决定人" }, { "decided_at", "决定时间" }, { "exclusion_reason", "不纳入理由" },
    { "updated_at", "更新时间" }, { "WorkingPaperContent.title", "标题" }, { "facts", "事实" },
    { "category_id", "问题分类编号" }, { "basis", "定性依据" }, { "evidence", "证据" },
    { "responsible_persons", "责任人" }, { "found_by", "发现人" }, { "found_date", "发现日期" },
    { "EvidenceItem.record_id", "现场记录编号" }, { "attachment_id", "附件编号" }, { "EvidenceItem.note", "说明" },
    { "EvidenceItem.description", "指向" }, { "version", "版本" }, { "WorkingPaperVersion.written_by", "撰写人" },
    { "WorkingPaperVersion.created_at", "形成时间" }, { "change_note", "修改说明" }, { "PaperEvent.action", "动作" },
    { "PaperEvent.by", "操作人" }, { "PaperEvent.at", "时间" }, { "PaperEvent.reason", "理由" },
    { "PaperEvent.number", "底稿编号" }, { "WorkingPaperHistory.paper", "底稿" }, { "versions", "历次版本" },
    { "events", "流转记录" }, { "papers", "问题底稿" }, { "retired", "已停用" }, { "categories", "问题分类" },
    { "drawn_by", "抽取人" }, { "drawn_at", "抽取时间" }, { "SpotCheck.items", "抽检底稿" }, { "paper_id", "底稿" },
    { "paper_number", "底稿编号" }, { "paper_title", "底稿标题" }, { "SpotCheckItem.result", "抽检结果" },
    { "SpotCheckItem.comment", "抽检意见" }, { "checked_by", "检查人" }, { "checked_at", "检查时间" },
    { "spot_checks", "抽检" },
    /* 问题线索, 移交批次, 线索质量, 系统设置 */
    { "Clue.group_id", "巡察组编号" }, { "ClueBatch.group_id", "巡察组编号" },
    { "GroupClueQuality.group_id", "巡察组编号" }, { "person", "被反映人" }, { "CluePerson.name", "姓名" }, { "CluePerson.unit", "所在单位" },
    { "conduct", "具体问题" }, { "time_place", "时间地点" }, { "amount", "涉及金额" },
    { "paper_ids", "所依据底稿编号" }, { "suggested_disposal", "建议处置方式" }, { "suggestion", "处置建议" },
    { "cadre_selection", "选人用人问题" }, { "drafted_by", "起草人" }, { "approved_by", "批准人" },
    { "batch_id", "移交批次编号" }, { "Clue.batch_number", "移交批次" }, { "receiver_unit_id", "接收单位编号" },
    { "receiver_unit_name", "接收单位" }, { "transferred_by", "移交人" }, { "transferred_at", "移交时间" },
    { "received_by", "签收人" }, { "received_at", "签收时间" }, { "disposal", "处置方式" },
    { "disposal_note", "处置说明" }, { "disposed_at", "处置时间" }, { "Clue.result", "办理结果" },
    { "result_at", "结果反馈时间" }, { "quality", "线索质量评分" }, { "quality_comment", "质量评价" },
    { "feedback_due_date", "反馈期限" }, { "feedback_overdue", "反馈已逾期" }, { "age_days", "移交以来天数" },
    { "ClueBatch.number", "批次编号" }, { "GroupClueQuality.clues", "已移交线索" }, { "clues", "问题线索" },
    { "rated", "已评价" }, { "average", "平均评分" }, { "GroupClueQuality.overdue", "反馈逾期" },
    { "Setting.key", "设置项" }, { "Setting.value", "取值" }, { "Setting.description", "说明" },
    { "settings", "系统设置" },
    /* field records and attachments */
    { "FieldRecord.kind", "记录类型" }, { "FieldRecord.group_id", "巡察组编号" }, { "group_name", "巡察组" },
    { "occurred_date", "发生日期" }, { "recorded_by", "记录人" }, { "recorded_at", "录入时间" },
    { "briefing", "听取汇报" }, { "petition", "信访" }, { "talk", "个别谈话" }, { "document_review", "调阅资料" },
    { "visit", "走访" }, { "attachments", "附件" }, { "attachment", "附件" }, { "briefer", "汇报人" }, { "topic", "主题" },
    { "notes", "汇报内容" }, { "channel", "渠道" }, { "received_date", "收到日期" }, { "Petition.content", "信访内容" },
    { "petitioner", "信访人" }, { "anonymous", "匿名" }, { "identity_withheld", "信访人身份已隐去" },
    { "concerned_persons", "被反映人" }, { "concerned_unit_id", "所涉单位编号" },
    { "concerned_unit_name", "所涉单位" }, { "Petition.status", "办理状态" }, { "PetitionerIdentity.name", "姓名" },
    { "contact", "联系方式" }, { "id_number", "身份证号" }, { "address", "地址" }, { "interviewee_name", "谈话对象" },
    { "interviewee_position", "谈话对象职务" }, { "interviewee_unit", "谈话对象单位" }, { "talk_time", "谈话时间" },
    { "place", "地点" }, { "inspector_ids", "在场人员编号" }, { "inspector_names", "在场巡察人员" },
    { "outline", "谈话提纲" }, { "Talk.record", "谈话记录" }, { "confirmed", "谈话对象已确认记录" },
    { "materials", "调阅内容" }, { "copied", "已复制" }, { "findings", "发现的问题" },
    { "unannounced", "四不两直（未打招呼）" }, { "record_id", "记录编号" }, { "filename", "文件名" },
    { "media_type", "文件类型" }, { "size", "大小（字节）" }, { "sha256", "SHA-256" }, { "uploaded_by", "上传人" },
    { "uploaded_at", "上传时间" }, { "AttachmentContent.content", "内容" }, { "records", "现场记录" },
    { "reads", "信访人身份查阅记录" }, { "reader", "查阅人" }, { "reader_role", "查阅人角色" },
    { "read_at", "查阅时间" }, { "request_id", "请求编号" },
    { "id", "编号" }, { "parent_id", "上级编号" }, { "name", "名称" }, { "kind", "类别" },
    { "path", "全称" }, { "public_key", "公钥" }, { "display_name", "姓名" }, { "role", "角色" },
    { "org_unit_id", "单位编号" }, { "org_unit_name", "所属单位" }, { "revoked", "已吊销" },
    { "home_unit_id", "所在单位编号" }, { "home_unit_name", "所在单位" }, { "specialties", "专长" },
    { "relations", "申报关系" }, { "unit_id", "单位编号" }, { "unit_name", "单位" },
    { "relation", "关系" }, { "user_id", "用户编号" }, { "committee", "党委" }, { "number", "序号" },
    { "type", "类型" }, { "title", "轮次" }, { "start_date", "开始日期" }, { "end_date", "结束日期" },
    { "midpoint_date", "中间节点" }, { "phase", "阶段" }, { "batches", "批次" },
    { "inspector_id", "人员编号" }, { "position", "职务" }, { "batch_number", "批次" },
    { "members", "成员" }, { "units", "被巡察单位" }, { "round_id", "轮次编号" }, { "round", "巡察轮次" },
    { "groups", "巡察组" }, { "server_time", "服务器时间" }, { "protocol_version", "协议版本" },
    { "users", "用户" }, { "inspectors", "巡察人才库" }, { "rounds", "巡察轮次" },
    /* 整改: 反馈, 整改任务, 延期申请, 督促整改 */
    { "User.unit_head", "主要负责人" }, { "Attachment.task_id", "整改任务编号" }, { "today", "今天" },
    { "Feedback.group_id", "巡察组编号" }, { "talk_date", "一对一反馈日期" }, { "meeting_date", "反馈会日期" },
    { "plan_due_date", "整改方案报送期限" }, { "report_due_date", "整改情况报告期限" },
    { "disclosure_due_date", "整改情况公开期限" }, { "Feedback.problems", "反馈问题数" },
    { "Feedback.recorded_by", "录入人" }, { "Feedback.recorded_at", "录入时间" }, { "feedbacks", "反馈" },
    { "feedback", "反馈" }, { "feedback_id", "反馈编号" }, { "RectificationTask.kind", "任务类别" },
    { "RectificationTask.title", "标题" }, { "RectificationTask.status", "状态" },
    { "leader_user_id", "责任领导编号" }, { "leader_name", "责任领导" }, { "handler_user_id", "经办人编号" },
    { "handler_name", "经办人" }, { "measures", "整改措施" }, { "deadline", "整改期限" },
    { "original_deadline", "原定期限" }, { "days_left", "剩余天数" }, { "workdays_left", "剩余工作日" },
    { "workdays_known", "工作日可计算" }, { "RectificationTask.overdue", "逾期" }, { "level", "提醒等级" },
    { "completion_note", "整改情况" }, { "completed_at", "申请验收时间" }, { "verified_by", "验收人" },
    { "verified_at", "验收时间" }, { "RectificationTask.evidence", "佐证材料" }, { "extensions", "延期申请" },
    { "tasks", "整改任务" }, { "TaskEvent.action", "动作" }, { "TaskEvent.note", "说明" },
    { "TaskEvent.by", "操作人" }, { "TaskEvent.at", "时间" }, { "task_id", "整改任务编号" },
    { "previous_deadline", "原期限" }, { "requested_deadline", "申请延至" }, { "TaskExtension.reason", "理由" },
    { "requested_by", "申请人" }, { "requested_at", "申请时间" }, { "decided", "已审批" },
    { "approved", "批准" }, { "TaskExtension.comment", "审批意见" },
    { "TaskExtension.decided_by", "审批人" }, { "TaskExtension.decided_at", "审批时间" }, { "OverdueTask.title", "标题" },
    { "days_overdue", "逾期天数" }, { "UnitRectification.total", "问题数" },
    { "not_started", "未开始" }, { "in_progress", "整改中" }, { "UnitRectification.completed", "已完成" },
    { "UnitRectification.verified", "已验收" }, { "completion_rate", "完成率" }, { "plan_status", "整改方案" },
    { "report_status", "整改情况报告" }, { "disclosure_status", "整改情况公开" },
    { "UnitRectification.overdue", "逾期任务" },
    /* 巡察报告 (commands_reports.c prints a report as it reads; these serve the generic form) */
    { "Report.kind", "报告类型" }, { "Report.part", "范围" }, { "Report.state", "状态" }, { "Report.title", "标题" },
    { "round_name", "轮次" }, { "Report.category_name", "专题" }, { "sections", "文字部分" },
    { "ReportSection.key", "部分" }, { "ReportSection.title", "标题" }, { "ReportSection.text", "内容" },
    { "ReportCategory.name", "问题分类" }, { "ReportCategory.parent_name", "所属聚焦" },
    { "ReportCategory.problems", "问题" }, { "ReportProblem.number", "底稿编号" }, { "ReportProblem.title", "标题" },
    { "record_counts", "现场记录数" }, { "ReportCount.kind", "记录类型" }, { "ReportCount.count", "数量" },
    { "ReportTalk.interviewee", "谈话对象" }, { "ReportTalk.position", "职务" }, { "ReportTalk.unit", "单位" },
    { "ReportTalk.talks", "谈话次数" }, { "summaries", "谈话摘要" }, { "cited_numbers", "引用底稿编号" },
    { "generated_at", "生成时间" }, { "leader_approved_by", "组长审定人" }, { "leader_approved_at", "组长审定时间" },
    { "office_approved_by", "巡察办审定人" }, { "office_approved_at", "巡察办审定时间" },
    { "returned_reason", "退回理由" }, { "returned_by", "退回人" }, { "returned_at", "退回时间" },
    { "Report.talks", "个别谈话情况" }, { "reports", "报告" },
    /* 作风纪律后评估, 工作鉴定 */
    { "Inspector.pool_exclusion", "不再抽调" }, { "ConductRating.group_id", "巡察组编号" },
    { "ConductRating.unit_name", "评价单位" }, { "score", "评分" }, { "ConductRating.comment", "意见" },
    { "rated_at", "评价时间" }, { "ratings", "作风纪律后评估" }, { "inspector_name", "检查人员" },
    { "InspectorAppraisal.grade", "鉴定等次" }, { "InspectorAppraisal.comment", "评语" },
    { "exclude_from_pool", "不再抽调" }, { "appraised_by", "鉴定人" }, { "appraised_at", "鉴定时间" },
    { "appraisals", "工作鉴定" },
    /* 审计日志 */
    { "AuditReport.intact", "完好" }, { "AuditReport.verified", "已核验（环）" },
    { "AuditReport.head_position", "链头（第几环）" }, { "AuditReport.head_hash", "链头哈希" },
    { "AuditReport.unsealed", "尚未封存（条）" }, { "AuditReport.oldest_unsealed_at", "最早未封存记录的时间" },
    { "AuditReport.oldest_unsealed_seconds", "最早未封存记录已等待（秒）" },
    { "AuditReport.known_head_position", "记下的链头位于（第几环）" },
    { "AuditReport.broken_position", "断裂处（第几环）" }, { "AuditReport.broken_seq", "断裂处审计记录序号" },
    { "AuditReport.problem", "问题" }, { "AuditReport.detail", "说明" },
};

static int s_json;

void
xc_output_set_json (int json)
{
    s_json = json;
}

int
xc_output_is_json (void)
{
    return s_json;
}

static const char *
s_label (const ProtobufCMessageDescriptor *type, const char *field)
{
    char qualified[128];
    snprintf (qualified, sizeof qualified, "%s.%s", type->short_name, field);
    for (size_t i = 0; i < sizeof s_field_labels / sizeof s_field_labels[0]; i++)
        if (strcmp (s_field_labels[i].field, qualified) == 0)
            return s_field_labels[i].label;
    for (size_t i = 0; i < sizeof s_field_labels / sizeof s_field_labels[0]; i++)
        if (strcmp (s_field_labels[i].field, field) == 0)
            return s_field_labels[i].label;
    return field;
}

static void s_print_message (FILE *out, const ProtobufCMessage *message, int indent, int bullet);

static int
s_scalar_is_empty (const ProtobufCFieldDescriptor *field, const void *value)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: return !*(char *const *) value || !**(char *const *) value;
        case PROTOBUF_C_TYPE_INT64: return *(const int64_t *) value == 0;
        case PROTOBUF_C_TYPE_BOOL: return !*(const protobuf_c_boolean *) value;
        case PROTOBUF_C_TYPE_MESSAGE: return *(void *const *) value == NULL;
        case PROTOBUF_C_TYPE_BYTES: return ((const ProtobufCBinaryData *) value)->len == 0;
        case PROTOBUF_C_TYPE_DOUBLE: return *(const double *) value == 0;
        default: return *(const int32_t *) value == 0;
    }
}

static void
s_print_scalar (FILE *out, const ProtobufCFieldDescriptor *field, const void *value)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: fputs (*(char *const *) value, out); break;
        case PROTOBUF_C_TYPE_INT64: fprintf (out, "%" PRId64, *(const int64_t *) value); break;
        case PROTOBUF_C_TYPE_UINT32: fprintf (out, "%" PRIu32, *(const uint32_t *) value); break;
        case PROTOBUF_C_TYPE_BOOL: fputs (*(const protobuf_c_boolean *) value ? "是" : "否", out); break;
        case PROTOBUF_C_TYPE_BYTES: fprintf (out, "%zu 字节", ((const ProtobufCBinaryData *) value)->len); break;
        case PROTOBUF_C_TYPE_DOUBLE: fprintf (out, "%g", *(const double *) value); break;
        case PROTOBUF_C_TYPE_ENUM: {
            const char *label = xc_label (field->descriptor, *(const int *) value);
            if (label)
                fputs (label, out);
            else
                fprintf (out, "%d", *(const int *) value);
            break;
        }
        default: fprintf (out, "%" PRId32, *(const int32_t *) value);
    }
}

/* Prints FIELD at INDENT; with BULLET the line starts "- " two columns to the left
 * (the first line of an item in a list). Returns 1 when something was printed. */
static int
s_print_field (FILE *out, const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field, int indent,
               int bullet)
{
    size_t count = field->label == PROTOBUF_C_LABEL_REPEATED ? xc_proto_repeated_count (message, field) : 1;
    if (count == 0 || (field->label != PROTOBUF_C_LABEL_REPEATED
                       && s_scalar_is_empty (field, xc_proto_value (message, field, 0))))
        return 0;
    if (bullet)
        fprintf (out, "%*s- %s：", indent - 2, "", s_label (message->descriptor, field->name));
    else
        fprintf (out, "%*s%s：", indent, "", s_label (message->descriptor, field->name));
    if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
        fputc ('\n', out);
        int repeated = field->label == PROTOBUF_C_LABEL_REPEATED;
        for (size_t k = 0; k < count; k++)
            s_print_message (out, *(ProtobufCMessage *const *) xc_proto_value (message, field, k),
                             indent + 4, repeated);
        return 1;
    }
    for (size_t k = 0; k < count; k++) {
        if (k)
            fputs ("、", out);
        s_print_scalar (out, field, xc_proto_value (message, field, k));
    }
    fputc ('\n', out);
    return 1;
}

static void
s_print_message (FILE *out, const ProtobufCMessage *message, int indent, int bullet)
{
    for (unsigned i = 0; i < message->descriptor->n_fields; i++)
        if (xc_proto_field_present (message, &message->descriptor->fields[i])
            && s_print_field (out, message, &message->descriptor->fields[i], indent, bullet))
            bullet = 0;
}

/* A list (one repeated message field) prints as numbered blocks, one per record. */
void
xc_output_text (FILE *out, const ProtobufCMessage *body)
{
    const ProtobufCMessageDescriptor *type = body->descriptor;
    if (type->n_fields == 1 && type->fields[0].label == PROTOBUF_C_LABEL_REPEATED
        && type->fields[0].type == PROTOBUF_C_TYPE_MESSAGE) {
        size_t count = xc_proto_repeated_count (body, &type->fields[0]);
        fprintf (out, "%s：共 %zu 条\n", s_label (type, type->fields[0].name), count);
        for (size_t k = 0; k < count; k++) {
            fprintf (out, "\n[%zu]\n", k + 1);
            s_print_message (out, *(ProtobufCMessage *const *) xc_proto_value (body, &type->fields[0], k), 2, 0);
        }
        return;
    }
    s_print_message (out, body, 0, 0);
}

int
xc_output_colour (void)
{
    const char *no_color = getenv ("NO_COLOR");
    return !s_json && isatty (STDOUT_FILENO) && !(no_color && *no_color);
}

const char *
xc_output_level (int level, char *buf, size_t size)
{
    static const char *const colours[] = { "", "\033[32m", "\033[33m", "\033[31m" };   /* 绿 黄 红 */
    const char *label = xc_label (&xuncha__reminder_level__descriptor, level);
    if (!label)
        label = "—";
    if (xc_output_colour () && level > 0 && level < 4)
        snprintf (buf, size, "%s%s\033[0m", colours[level], label);
    else
        snprintf (buf, size, "%s", label);
    return buf;
}

void
xc_output_cell (const char *text, size_t width)
{
    size_t used = xc_utf8_width (text);
    fputs (text, stdout);
    for (; used < width; used++)
        fputc (' ', stdout);
    fputs ("  ", stdout);
}

size_t
xc_output_widest (size_t width, const char *text)
{
    size_t used = xc_utf8_width (text);
    return used > width ? used : width;
}

const ProtobufCMessage *
xc_output_body (const Xuncha__Reply *reply)
{
    const ProtobufCMessageDescriptor *type = reply->base.descriptor;
    for (unsigned i = 0; i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &type->fields[i];
        if ((field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && xc_proto_field_present (&reply->base, field))
            return *(ProtobufCMessage *const *) xc_proto_value (&reply->base, field, 0);
    }
    return NULL;
}

void
xc_output_json (FILE *out, const Xuncha__Reply *reply)
{
    const ProtobufCEnumValue *status = protobuf_c_enum_descriptor_get_value (&xuncha__status__descriptor, reply->status);
    fputs ("{\"status\":", out);
    xc_json_write_string (out, status ? status->name : "STATUS_UNKNOWN");
    fputs (",\"message\":", out);
    xc_json_write_string (out, reply->message);
    fputs (",\"request_id\":", out);
    xc_json_write_string (out, reply->request_id);
    const ProtobufCMessage *body = xc_output_body (reply);
    fputs (",\"body\":", out);
    if (body)
        xc_json_write (out, body);
    else
        fputs ("null", out);
    fputs ("}\n", out);
}
