/* xc_validate — see xc_validate.h. */
#include "xc_validate.h"
#include "xc_clock.h"
#include "xc_proto.h"
#include "xc_utf8.h"
#include "xc_uuid.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC_REQUIRED 1u
#define XC_UUID 2u          /* a string: a UUID */
#define XC_SHA256_HEX 4u    /* a string: 64 hex digits */
#define XC_EACH_SET 8u      /* a repeated field: no empty item */
#define XC_UNCAPPED SIZE_MAX   /* bytes bounded by the frame alone */

/* Per-field rules; a field not listed is optional, capped at XC_MAX_STRING. */
typedef struct {
    const char *message;   /* short name, e.g. "RoundCreate" */
    const char *field;
    unsigned flags;
    size_t max_len;        /* 0: XC_MAX_STRING */
} xc_field_rule_t;

static const xc_field_rule_t s_rules[] = {
    { "Request", "request_id", XC_REQUIRED, 36 },
    { "Request", "protocol_version", XC_REQUIRED, 0 },
    { "OrgUnitCreate", "name", XC_REQUIRED, 200 },
    { "OrgUnitCreate", "kind", XC_REQUIRED, 0 },
    { "UserCreate", "public_key", XC_REQUIRED, 40 },
    { "UserCreate", "display_name", XC_REQUIRED, 100 },
    { "UserCreate", "role", XC_REQUIRED, 0 },
    { "KeyIssue", "user_id", XC_REQUIRED, 0 },
    { "KeyIssue", "public_key", XC_REQUIRED, 40 },
    { "KeyRevoke", "public_key", 0, 40 },
    { "KeyRevoke", "reason", XC_REQUIRED, 500 },
    { "InspectorCreate", "name", XC_REQUIRED, 100 },
    { "InspectorCreate", "home_unit_id", XC_REQUIRED, 0 },
    { "InspectorCreate", "specialties", 0, 50 },
    { "InspectorRelationAdd", "inspector_id", XC_REQUIRED, 0 },
    { "InspectorRelationAdd", "unit_id", XC_REQUIRED, 0 },
    { "InspectorRelationAdd", "relation", XC_REQUIRED, 100 },
    { "InspectorList", "specialty", 0, 50 },
    { "RoundCreate", "committee", XC_REQUIRED, 100 },
    { "RoundCreate", "number", XC_REQUIRED, 0 },
    { "RoundCreate", "type", XC_REQUIRED, 0 },
    { "RoundCreate", "start_date", XC_REQUIRED, 0 },
    { "RoundCreate", "end_date", XC_REQUIRED, 0 },
    { "RoundBatchAdd", "round_id", XC_REQUIRED, 0 },
    { "RoundBatchAdd", "number", XC_REQUIRED, 0 },
    { "RoundBatchAdd", "start_date", XC_REQUIRED, 0 },
    { "RoundBatchAdd", "end_date", XC_REQUIRED, 0 },
    { "RoundShow", "round_id", XC_REQUIRED, 0 },
    { "RoundAdvance", "round_id", XC_REQUIRED, 0 },
    { "RoundAdvance", "to_phase", XC_REQUIRED, 0 },
    { "GroupCreate", "round_id", XC_REQUIRED, 0 },
    { "GroupCreate", "number", XC_REQUIRED, 0 },
    { "GroupCreate", "name", 0, 100 },
    { "GroupMemberAdd", "group_id", XC_REQUIRED, 0 },
    { "GroupMemberAdd", "inspector_id", XC_REQUIRED, 0 },
    { "GroupMemberAdd", "position", XC_REQUIRED, 0 },
    { "GroupMemberRemove", "group_id", XC_REQUIRED, 0 },
    { "GroupMemberRemove", "inspector_id", XC_REQUIRED, 0 },
    { "GroupUnitAssign", "group_id", XC_REQUIRED, 0 },
    { "GroupUnitAssign", "unit_id", XC_REQUIRED, 0 },
    { "GroupList", "round_id", XC_REQUIRED, 0 },
    { "GroupShow", "group_id", XC_REQUIRED, 0 },
    { "FieldRecordCreate", "group_id", XC_REQUIRED, 0 },
    { "FieldRecordCreate", "unit_id", XC_REQUIRED, 0 },
    { "Briefing", "briefer", XC_REQUIRED, 100 },
    { "Briefing", "topic", XC_REQUIRED, 200 },
    { "Briefing", "notes", 0, XC_MAX_TEXT },
    { "PetitionerIdentity", "name", 0, 100 },
    { "PetitionerIdentity", "contact", 0, 200 },
    { "PetitionerIdentity", "id_number", 0, 40 },
    { "PetitionerIdentity", "address", 0, 300 },
    { "Petition", "channel", XC_REQUIRED, 0 },
    { "Petition", "received_date", XC_REQUIRED, 0 },
    { "Petition", "content", XC_REQUIRED, XC_MAX_TEXT },
    { "Petition", "concerned_persons", 0, 100 },
    { "Talk", "interviewee_name", XC_REQUIRED, 100 },
    { "Talk", "interviewee_position", 0, 100 },
    { "Talk", "interviewee_unit", 0, 200 },
    { "Talk", "talk_time", XC_REQUIRED, 0 },
    { "Talk", "place", 0, 200 },
    { "Talk", "inspector_ids", XC_REQUIRED, 0 },
    { "Talk", "outline", 0, XC_MAX_TEXT },
    { "Talk", "record", XC_REQUIRED, XC_MAX_TEXT },
    { "DocumentReview", "materials", XC_REQUIRED, 2000 },
    { "DocumentReview", "findings", 0, XC_MAX_TEXT },
    { "Visit", "place", XC_REQUIRED, 200 },
    { "Visit", "findings", 0, XC_MAX_TEXT },
    { "FieldRecordList", "group_id", XC_REQUIRED, 0 },
    { "FieldRecordShow", "record_id", XC_REQUIRED, 0 },
    { "PetitionStatusSet", "record_id", XC_REQUIRED, 0 },
    { "PetitionStatusSet", "status", XC_REQUIRED, 0 },
    { "AttachmentAdd", "filename", XC_REQUIRED, 255 },
    { "AttachmentAdd", "media_type", 0, 100 },
    { "AttachmentAdd", "content", XC_REQUIRED, XC_MAX_ATTACHMENT },
    { "AttachmentGet", "attachment_id", XC_REQUIRED, 0 },
    { "EvidenceItem", "note", 0, 500 },
    { "WorkingPaperContent", "title", XC_REQUIRED, 200 },
    { "WorkingPaperContent", "facts", XC_REQUIRED, XC_MAX_TEXT },
    { "WorkingPaperContent", "category_id", XC_REQUIRED, 0 },
    { "WorkingPaperContent", "basis", XC_REQUIRED, XC_MAX_TEXT },
    { "WorkingPaperContent", "responsible_persons", 0, 100 },
    { "WorkingPaperContent", "found_by", 0, 100 },
    { "PaperDraft", "group_id", XC_REQUIRED, 0 },
    { "PaperDraft", "unit_id", XC_REQUIRED, 0 },
    { "PaperDraft", "content", XC_REQUIRED, 0 },
    { "PaperEdit", "paper_id", XC_REQUIRED, 0 },
    { "PaperEdit", "content", XC_REQUIRED, 0 },
    { "PaperEdit", "change_note", 0, 500 },
    { "PaperTransition", "paper_id", XC_REQUIRED, 0 },
    { "PaperTransition", "action", XC_REQUIRED, 0 },
    { "PaperTransition", "reason", 0, 2000 },
    { "PaperShow", "paper_id", XC_REQUIRED, 0 },
    { "PaperHistoryShow", "paper_id", XC_REQUIRED, 0 },
    { "CategoryAdd", "name", XC_REQUIRED, 100 },
    { "CategoryRename", "category_id", XC_REQUIRED, 0 },
    { "CategoryRename", "name", XC_REQUIRED, 100 },
    { "CategoryRetire", "category_id", XC_REQUIRED, 0 },
    { "SpotCheckDraw", "round_id", XC_REQUIRED, 0 },
    { "SpotCheckDraw", "size", XC_REQUIRED, 0 },
    { "SpotCheckRecord", "spot_check_id", XC_REQUIRED, 0 },
    { "SpotCheckRecord", "paper_id", XC_REQUIRED, 0 },
    { "SpotCheckRecord", "result", XC_REQUIRED, 0 },
    { "SpotCheckRecord", "comment", 0, 2000 },
    { "SpotCheckList", "round_id", XC_REQUIRED, 0 },
    { "ProgressShow", "round_id", XC_REQUIRED, 0 },
    { "CluePerson", "name", 0, 100 },
    { "CluePerson", "position", 0, 100 },
    { "CluePerson", "unit", 0, 200 },
    { "ClueContent", "conduct", 0, XC_MAX_TEXT },
    { "ClueContent", "time_place", 0, 500 },
    { "ClueContent", "amount", 0, 100 },
    { "ClueContent", "suggestion", 0, 2000 },
    { "ClueDraft", "group_id", XC_REQUIRED, 0 },
    { "ClueDraft", "unit_id", XC_REQUIRED, 0 },
    { "ClueDraft", "content", XC_REQUIRED, 0 },
    { "ClueApprove", "clue_id", XC_REQUIRED, 0 },
    { "ClueTransfer", "group_id", XC_REQUIRED, 0 },
    { "ClueTransfer", "clue_ids", XC_REQUIRED, 0 },
    { "ClueTransfer", "receiver_unit_id", XC_REQUIRED, 0 },
    { "ClueReceive", "batch_id", XC_REQUIRED, 0 },
    { "ClueDispose", "clue_id", XC_REQUIRED, 0 },
    { "ClueDispose", "disposal", XC_REQUIRED, 0 },
    { "ClueDispose", "note", 0, 2000 },
    { "ClueReportResult", "clue_id", XC_REQUIRED, 0 },
    { "ClueReportResult", "result", XC_REQUIRED, XC_MAX_TEXT },
    { "ClueRate", "clue_id", XC_REQUIRED, 0 },
    { "ClueRate", "quality", XC_REQUIRED, 0 },
    { "ClueRate", "comment", 0, 2000 },
    { "ClueShow", "clue_id", XC_REQUIRED, 0 },
    { "ClueQualityShow", "round_id", XC_REQUIRED, 0 },
    { "SettingSet", "key", XC_REQUIRED, 100 },
    { "SettingSet", "value", XC_REQUIRED, 100 },
    { "CalendarImport", "text", XC_REQUIRED, XC_MAX_TEXT },
    { "CalendarImport", "source", 0, 200 },
    { "CalendarDeadline", "from_date", XC_REQUIRED, 0 },
    { "FeedbackRecord", "round_id", XC_REQUIRED, 0 },
    { "FeedbackRecord", "unit_id", XC_REQUIRED, 0 },
    { "FeedbackRecord", "talk_date", XC_REQUIRED, 0 },
    { "FeedbackRecord", "meeting_date", XC_REQUIRED, 0 },
    { "FeedbackList", "round_id", XC_REQUIRED, 0 },
    { "TaskShow", "task_id", XC_REQUIRED, 0 },
    { "TaskAssign", "task_id", XC_REQUIRED, 0 },
    { "TaskAssign", "measures", 0, XC_MAX_TEXT },
    { "TaskReport", "task_id", XC_REQUIRED, 0 },
    { "TaskReport", "action", XC_REQUIRED, 0 },
    { "TaskReport", "note", 0, XC_MAX_TEXT },
    { "TaskVerify", "task_id", XC_REQUIRED, 0 },
    { "TaskVerify", "action", XC_REQUIRED, 0 },
    { "TaskVerify", "reason", 0, 2000 },
    { "TaskExtensionRequest", "task_id", XC_REQUIRED, 0 },
    { "TaskExtensionRequest", "deadline_date", XC_REQUIRED, 0 },
    { "TaskExtensionRequest", "reason", XC_REQUIRED, 2000 },
    { "TaskExtensionDecide", "extension_id", XC_REQUIRED, 0 },
    { "TaskExtensionDecide", "comment", 0, 2000 },
    { "RectificationShow", "round_id", XC_REQUIRED, 0 },
    { "AuditVerify", "known_head", 0, 64 },
    { "SyncBatch", "entries", XC_REQUIRED | XC_EACH_SET, XC_UNCAPPED },
    { "AttachmentUploadBegin", "upload_id", XC_REQUIRED | XC_UUID, 36 },
    { "AttachmentUploadBegin", "filename", XC_REQUIRED, 255 },
    { "AttachmentUploadBegin", "media_type", 0, 100 },
    { "AttachmentUploadBegin", "size", XC_REQUIRED, 0 },
    { "AttachmentUploadBegin", "sha256", XC_REQUIRED | XC_SHA256_HEX, 64 },
    { "AttachmentUploadChunk", "upload_id", XC_REQUIRED | XC_UUID, 36 },
    { "AttachmentUploadChunk", "data", XC_REQUIRED, XC_MAX_UPLOAD_CHUNK },
    { "AttachmentUploadStatus", "upload_id", XC_REQUIRED | XC_UUID, 36 },
    { "AttachmentUploadFinish", "upload_id", XC_REQUIRED | XC_UUID, 36 },
    { "AuditList", "record_type", 0, 50 },
    { "AuditList", "action", 0, 50 },
    { "Notification", "title", 0, 500 },
    { "Notification", "event_id", XC_REQUIRED, 0 },
    { "NotifierAck", "event_id", XC_REQUIRED, 0 },
    { "ReportBuild", "group_id", XC_REQUIRED, 0 },
    { "ReportBuild", "unit_id", XC_REQUIRED, 0 },
    { "ReportBuild", "kind", XC_REQUIRED, 0 },
    { "ReportEdit", "report_id", XC_REQUIRED, 0 },
    { "ReportEdit", "section_key", XC_REQUIRED, 40 },
    { "ReportEdit", "text", 0, 200000 },
    { "ReportTransition", "report_id", XC_REQUIRED, 0 },
    { "ReportTransition", "action", XC_REQUIRED, 0 },
    { "ReportTransition", "reason", 0, 2000 },
    { "ReportShow", "report_id", XC_REQUIRED, 0 },
    { "ConductRate", "group_id", XC_REQUIRED, 0 },
    { "ConductRate", "score", XC_REQUIRED, 0 },
    { "ConductRate", "comment", 0, 2000 },
    { "ConductRatingList", "round_id", XC_REQUIRED, 0 },
    { "InspectorAppraise", "round_id", XC_REQUIRED, 0 },
    { "InspectorAppraise", "inspector_id", XC_REQUIRED, 0 },
    { "InspectorAppraise", "grade", XC_REQUIRED, 0 },
    { "InspectorAppraise", "comment", 0, 2000 },
    { "RoundArchive", "round_id", XC_REQUIRED, 0 },
    { "ArchiveShow", "round_id", XC_REQUIRED, 0 },
    { "ArchiveFileGet", "round_id", XC_REQUIRED, 0 },
    { "ArchiveFileGet", "path", XC_REQUIRED, 300 },
};

/* The rules by (message, field), hashed once: every field of every message is looked
 * up, and a sync batch validates hundreds of messages. */
#define XC_RULE_SLOTS 1024   /* a power of two, well over twice the rules */
static uint16_t s_rule_slots[XC_RULE_SLOTS];   /* rule index + 1; 0: free */
static pthread_once_t s_rules_hashed = PTHREAD_ONCE_INIT;

static size_t
s_rule_hash (const char *message, const char *field)
{
    uint64_t hash = 14695981039346656037ull;   /* FNV-1a over "message.field" */
    for (const char *p = message; *p; p++)
        hash = (hash ^ (uint8_t) *p) * 1099511628211ull;
    hash = (hash ^ '.') * 1099511628211ull;
    for (const char *p = field; *p; p++)
        hash = (hash ^ (uint8_t) *p) * 1099511628211ull;
    return (size_t) hash & (XC_RULE_SLOTS - 1);
}

static void
s_hash_rules (void)
{
    for (size_t i = 0; i < sizeof s_rules / sizeof s_rules[0]; i++) {
        size_t at = s_rule_hash (s_rules[i].message, s_rules[i].field);
        while (s_rule_slots[at])
            at = (at + 1) & (XC_RULE_SLOTS - 1);
        s_rule_slots[at] = (uint16_t) (i + 1);
    }
}

static const xc_field_rule_t *
s_rule_for (const ProtobufCMessageDescriptor *type, const char *field)
{
    pthread_once (&s_rules_hashed, s_hash_rules);
    for (size_t at = s_rule_hash (type->short_name, field); s_rule_slots[at]; at = (at + 1) & (XC_RULE_SLOTS - 1)) {
        const xc_field_rule_t *rule = &s_rules[s_rule_slots[at] - 1];
        if (strcmp (rule->message, type->short_name) == 0 && strcmp (rule->field, field) == 0)
            return rule;
    }
    return NULL;
}

static Xuncha__Status
s_refuse (char *why, size_t why_size, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    vsnprintf (why, why_size, fmt, args);
    va_end (args);
    return XUNCHA__STATUS__STATUS_BAD_REQUEST;
}

static int
s_ends_with (const char *text, const char *suffix)
{
    size_t a = strlen (text), b = strlen (suffix);
    return a >= b && strcmp (text + a - b, suffix) == 0;
}

static int
s_is_z85_key (const char *text)
{
    static const char *alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    return strlen (text) == 40 && strspn (text, alphabet) == 40;
}

/* "YYYY-MM-DD HH:MM": a real date and a real time of day. */
static int
s_is_date_time (const char *text)
{
    char date[11];
    int64_t day;
    if (strlen (text) != 16 || text[10] != ' ' || text[13] != ':')
        return 0;
    memcpy (date, text, 10);
    date[10] = 0;
    if (xc_date_parse (date, &day) != 0)
        return 0;
    for (int i = 11; i < 16; i++)
        if (i != 13 && (text[i] < '0' || text[i] > '9'))
            return 0;
    return atoi (text + 11) < 24 && atoi (text + 14) < 60;
}

static int
s_is_sha256_hex (const char *text)
{
    return strlen (text) == 64 && strspn (text, "0123456789abcdefABCDEF") == 64;
}

static Xuncha__Status
s_check_string (const char *text, const char *path, const char *field, size_t max_len, unsigned flags,
                char *why, size_t why_size)
{
    size_t len = strlen (text);
    if (len > max_len)
        return s_refuse (why, why_size, "字段 %s 过长：%zu 字节，上限 %zu 字节", path, len, max_len);
    if (!xc_utf8_valid (text, len))
        return s_refuse (why, why_size, "字段 %s 不是合法的 UTF-8 文本", path);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char) text[i] < 0x20 && text[i] != '\n' && text[i] != '\r' && text[i] != '\t')
            return s_refuse (why, why_size, "字段 %s 含有控制字符（第 %zu 字节）", path, i + 1);
    if (len && (strcmp (field, "request_id") == 0 || (flags & XC_UUID)) && !xc_uuid_valid (text))
        return s_refuse (why, why_size, "字段 %s 不是合法的 UUID", path);
    if (len && (flags & XC_SHA256_HEX) && !s_is_sha256_hex (text))
        return s_refuse (why, why_size, "字段 %s 不是合法的 SHA-256（应为 64 位十六进制数）", path);
    int64_t day;
    if (len && s_ends_with (field, "_date") && xc_date_parse (text, &day) != 0)
        return s_refuse (why, why_size, "字段 %s 不是合法日期（应为 YYYY-MM-DD）", path);
    if (len && s_ends_with (field, "_time") && !s_is_date_time (text))
        return s_refuse (why, why_size, "字段 %s 不是合法时间（应为 YYYY-MM-DD HH:MM）", path);
    if (len && strcmp (field, "public_key") == 0 && !s_is_z85_key (text))
        return s_refuse (why, why_size, "字段 %s 不是合法的公钥（应为 40 个字符的 Z85 编码）", path);
    return XUNCHA__STATUS__STATUS_OK;
}

/* Checks one value of FIELD at MEMBER; PATH names it for the message. */
static Xuncha__Status
s_check_value (const ProtobufCFieldDescriptor *field, const void *member, const char *path,
               size_t max_len, unsigned flags, char *why, size_t why_size)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: {
            const char *text = *(char *const *) member;
            return s_check_string (text ? text : "", path, field->name, max_len, flags, why, why_size);
        }
        case PROTOBUF_C_TYPE_ENUM: {
            int value = *(const int *) member;
            if (!protobuf_c_enum_descriptor_get_value (field->descriptor, value))
                return s_refuse (why, why_size, "字段 %s 的取值 %d 不在 %s 的取值范围内", path,
                                 value, ((const ProtobufCEnumDescriptor *) field->descriptor)->short_name);
            return XUNCHA__STATUS__STATUS_OK;
        }
        case PROTOBUF_C_TYPE_INT64:
            if (*(const int64_t *) member < 0)
                return s_refuse (why, why_size, "字段 %s 不能为负数", path);
            return XUNCHA__STATUS__STATUS_OK;
        case PROTOBUF_C_TYPE_INT32:
            if (*(const int32_t *) member < 0)
                return s_refuse (why, why_size, "字段 %s 不能为负数", path);
            return XUNCHA__STATUS__STATUS_OK;
        case PROTOBUF_C_TYPE_MESSAGE: {
            const ProtobufCMessage *sub = *(ProtobufCMessage *const *) member;
            return sub ? xc_validate_message (sub, path, why, why_size) : XUNCHA__STATUS__STATUS_OK;
        }
        case PROTOBUF_C_TYPE_BYTES: {
            size_t len = ((const ProtobufCBinaryData *) member)->len;
            if (len > max_len)
                return s_refuse (why, why_size, "字段 %s 过大：%zu 字节，上限 %zu 字节", path, len, max_len);
            return XUNCHA__STATUS__STATUS_OK;
        }
        default:
            return XUNCHA__STATUS__STATUS_OK;
    }
}

static int
s_is_set (const ProtobufCFieldDescriptor *field, const void *member)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: {
            const char *text = *(char *const *) member;
            return text && *text;
        }
        case PROTOBUF_C_TYPE_ENUM:
        case PROTOBUF_C_TYPE_INT32:
        case PROTOBUF_C_TYPE_UINT32: return *(const uint32_t *) member != 0;
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_UINT64: return *(const uint64_t *) member != 0;
        case PROTOBUF_C_TYPE_MESSAGE: return *(void *const *) member != NULL;
        case PROTOBUF_C_TYPE_BYTES: return ((const ProtobufCBinaryData *) member)->len != 0;
        default: return 1;
    }
}

Xuncha__Status
xc_validate_message (const ProtobufCMessage *message, const char *path, char *why, size_t why_size)
{
    const ProtobufCMessageDescriptor *type = message->descriptor;
    for (unsigned i = 0; i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &type->fields[i];
        const void *member = xc_proto_value (message, field, 0);
        char field_path[256];
        snprintf (field_path, sizeof field_path, "%s%s%s", path, *path ? "." : "", field->name);
        const xc_field_rule_t *rule = s_rule_for (type, field->name);
        size_t max_len = rule && rule->max_len ? rule->max_len : XC_MAX_STRING;
        unsigned flags = rule ? rule->flags : 0;

        if (!xc_proto_field_present (message, field))
            continue;
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t count = xc_proto_repeated_count (message, field);
            if (count > XC_MAX_REPEATED)
                return s_refuse (why, why_size, "字段 %s 的条目过多：%zu 条，上限 %d 条",
                                 field_path, count, XC_MAX_REPEATED);
            if (rule && (rule->flags & XC_REQUIRED) && count == 0)
                return s_refuse (why, why_size, "缺少必填字段 %s", field_path);
            for (size_t k = 0; k < count; k++) {
                char item_path[300];
                snprintf (item_path, sizeof item_path, "%s[%zu]", field_path, k);
                if ((flags & XC_EACH_SET) && !s_is_set (field, xc_proto_value (message, field, k)))
                    return s_refuse (why, why_size, "字段 %s 为空", item_path);
                Xuncha__Status status = s_check_value (field, xc_proto_value (message, field, k),
                                                       item_path, max_len, flags, why, why_size);
                if (status != XUNCHA__STATUS__STATUS_OK)
                    return status;
            }
            continue;
        }
        if (rule && (rule->flags & XC_REQUIRED) && !s_is_set (field, member))
            return s_refuse (why, why_size, "缺少必填字段 %s", field_path);
        Xuncha__Status status = s_check_value (field, member, field_path, max_len, flags, why, why_size);
        if (status != XUNCHA__STATUS__STATUS_OK)
            return status;
    }
    return XUNCHA__STATUS__STATUS_OK;
}

Xuncha__Status
xc_validate_request (const Xuncha__Request *request, char *why, size_t why_size)
{
    if (request->protocol_version != 0 && request->protocol_version != XC_PROTOCOL_VERSION) {
        snprintf (why, why_size, "协议版本 %u 不受支持，服务器使用版本 %d",
                  request->protocol_version, XC_PROTOCOL_VERSION);
        return XUNCHA__STATUS__STATUS_UNSUPPORTED_VERSION;
    }
    Xuncha__Status status = xc_validate_message (&request->base, "", why, why_size);
    if (status != XUNCHA__STATUS__STATUS_OK || request->body_case != XUNCHA__REQUEST__BODY__NOT_SET)
        return status;
    /* a body this server does not know (a newer client's request kind) is an unknown field */
    if (request->base.n_unknown_fields > 0)
        return s_refuse (why, why_size, "请求类型不受此服务器支持（未知的请求正文，字段编号 %u）：客户端可能比服务器新",
                         request->base.unknown_fields[0].tag);
    return s_refuse (why, why_size, "请求没有正文");
}
