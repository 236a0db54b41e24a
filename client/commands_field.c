/* commands_field — the commands of field work (see commands.h): recording briefings,
 * petitions, talks, document reviews and visits; listing and showing them; attaching a
 * file from disk and downloading it again, checked against its SHA-256. (Who read a
 * petitioner's identity is listed by `xuncha audit identity-reads`, commands_audit.c.) */
#include "commands.h"
#include "output.h"
#include "xc_validate.h"
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The options every record kind takes: group, unit, date. */
static Xuncha__FieldRecordCreate *
s_record_create (xc_cli_t *cli)
{
    static Xuncha__FieldRecordCreate body = XUNCHA__FIELD_RECORD_CREATE__INIT;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "unit", 1, &body.unit_id)
        || xc_cli_text (cli, "date", 0, &body.occurred_date))
        return NULL;
    return &body;
}

static int
s_record_briefing (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__Briefing briefing = XUNCHA__BRIEFING__INIT;
    Xuncha__FieldRecordCreate *body = s_record_create (cli);
    if (!body || xc_cli_text (cli, "briefer", 1, &briefing.briefer) || xc_cli_text (cli, "topic", 1, &briefing.topic)
        || xc_cli_text (cli, "notes", 0, &briefing.notes))
        return -1;
    body->detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_BRIEFING;
    body->briefing = &briefing;
    XC_SET_BODY (request, field_record_create, FIELD_RECORD_CREATE, body);
    return 0;
}

/* The petitioner's identity, when any part of it is given; none: anonymous. */
static int
s_petitioner (xc_cli_t *cli, Xuncha__Petition *petition)
{
    static Xuncha__PetitionerIdentity who = XUNCHA__PETITIONER_IDENTITY__INIT;
    if (xc_cli_text (cli, "petitioner-name", 0, &who.name) || xc_cli_text (cli, "petitioner-contact", 0, &who.contact)
        || xc_cli_text (cli, "petitioner-id-number", 0, &who.id_number)
        || xc_cli_text (cli, "petitioner-address", 0, &who.address))
        return -1;
    if (*who.name || *who.contact || *who.id_number || *who.address)
        petition->petitioner = &who;
    return 0;
}

static int
s_record_petition (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__Petition petition = XUNCHA__PETITION__INIT;
    Xuncha__FieldRecordCreate *body = s_record_create (cli);
    int channel;
    if (!body || xc_cli_enum (cli, "channel", 1, &xuncha__petition_channel__descriptor, &channel)
        || xc_cli_text (cli, "received", 1, &petition.received_date) || xc_cli_text (cli, "content", 1, &petition.content)
        || xc_cli_int64 (cli, "concerned-unit", 0, &petition.concerned_unit_id) || s_petitioner (cli, &petition))
        return -1;
    petition.channel = (Xuncha__PetitionChannel) channel;
    petition.concerned_persons = xc_cli_all (cli, "concerns", &petition.n_concerned_persons);
    body->detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_PETITION;
    body->petition = &petition;
    XC_SET_BODY (request, field_record_create, FIELD_RECORD_CREATE, body);
    return 0;
}

static int
s_record_talk (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__Talk talk = XUNCHA__TALK__INIT;
    Xuncha__FieldRecordCreate *body = s_record_create (cli);
    int confirmed;
    if (!body || xc_cli_text (cli, "interviewee", 1, &talk.interviewee_name)
        || xc_cli_text (cli, "interviewee-position", 0, &talk.interviewee_position)
        || xc_cli_text (cli, "interviewee-unit", 0, &talk.interviewee_unit) || xc_cli_text (cli, "time", 1, &talk.talk_time)
        || xc_cli_text (cli, "place", 0, &talk.place) || xc_cli_int64_all (cli, "inspector", &talk.inspector_ids, &talk.n_inspector_ids)
        || xc_cli_text (cli, "outline", 0, &talk.outline) || xc_cli_text (cli, "record", 1, &talk.record)
        || xc_cli_bool (cli, "confirmed", &confirmed))
        return -1;
    talk.confirmed = confirmed;
    body->detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_TALK;
    body->talk = &talk;
    XC_SET_BODY (request, field_record_create, FIELD_RECORD_CREATE, body);
    return 0;
}

static int
s_record_review (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__DocumentReview review = XUNCHA__DOCUMENT_REVIEW__INIT;
    Xuncha__FieldRecordCreate *body = s_record_create (cli);
    int copied;
    if (!body || xc_cli_text (cli, "materials", 1, &review.materials) || xc_cli_bool (cli, "copied", &copied)
        || xc_cli_text (cli, "findings", 0, &review.findings))
        return -1;
    review.copied = copied;
    body->detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_DOCUMENT_REVIEW;
    body->document_review = &review;
    XC_SET_BODY (request, field_record_create, FIELD_RECORD_CREATE, body);
    return 0;
}

static int
s_record_visit (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__Visit visit = XUNCHA__VISIT__INIT;
    Xuncha__FieldRecordCreate *body = s_record_create (cli);
    int unannounced;
    if (!body || xc_cli_text (cli, "place", 1, &visit.place) || xc_cli_bool (cli, "unannounced", &unannounced)
        || xc_cli_text (cli, "findings", 0, &visit.findings))
        return -1;
    visit.unannounced = unannounced;
    body->detail_case = XUNCHA__FIELD_RECORD_CREATE__DETAIL_VISIT;
    body->visit = &visit;
    XC_SET_BODY (request, field_record_create, FIELD_RECORD_CREATE, body);
    return 0;
}

static int
s_record_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__FieldRecordList body = XUNCHA__FIELD_RECORD_LIST__INIT;
    int kind;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "unit", 0, &body.unit_id)
        || xc_cli_enum (cli, "kind", 0, &xuncha__record_kind__descriptor, &kind))
        return -1;
    body.kind = (Xuncha__RecordKind) kind;
    XC_SET_BODY (request, field_record_list, FIELD_RECORD_LIST, &body);
    return 0;
}

static int
s_record_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__FieldRecordShow body = XUNCHA__FIELD_RECORD_SHOW__INIT;
    if (xc_cli_int64 (cli, "record", 1, &body.record_id))
        return -1;
    XC_SET_BODY (request, field_record_show, FIELD_RECORD_SHOW, &body);
    return 0;
}

static int
s_petition_status (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__PetitionStatusSet body = XUNCHA__PETITION_STATUS_SET__INIT;
    int status;
    if (xc_cli_int64 (cli, "record", 1, &body.record_id)
        || xc_cli_enum (cli, "status", 1, &xuncha__petition_status__descriptor, &status))
        return -1;
    body.status = (Xuncha__PetitionStatus) status;
    XC_SET_BODY (request, petition_status_set, PETITION_STATUS_SET, &body);
    return 0;
}

/* The media type of FILENAME by its extension; application/octet-stream when unknown. */
static const char *
s_guess_media_type (const char *filename)
{
    static const struct {
        const char *extension;
        const char *media_type;
    } types[] = {
        { "pdf", "application/pdf" }, { "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "png", "image/png" },
        { "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "doc", "application/msword" },
        { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "txt", "text/plain" }, { "mp3", "audio/mpeg" }, { "wav", "audio/wav" },
    };
    const char *dot = strrchr (filename, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp (dot + 1, types[i].extension) == 0)
            return types[i].media_type;
    return "application/octet-stream";
}

int
xc_read_attachment (xc_cli_t *cli, Xuncha__AttachmentAdd *body)
{
    const char *filename;
    if (xc_cli_text (cli, "media-type", 0, &body->media_type)
        || xc_cli_file (cli, "file", XC_MAX_ATTACHMENT, &body->content, &filename))
        return -1;
    body->filename = (char *) filename;
    if (!*body->media_type)
        body->media_type = (char *) s_guess_media_type (filename);
    return 0;
}

static int
s_record_attach (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__AttachmentAdd body = XUNCHA__ATTACHMENT_ADD__INIT;
    if (xc_cli_int64 (cli, "record", 1, &body.record_id) || xc_read_attachment (cli, &body))
        return -1;
    XC_SET_BODY (request, attachment_add, ATTACHMENT_ADD, &body);
    return 0;
}

static int
s_record_download (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__AttachmentGet body = XUNCHA__ATTACHMENT_GET__INIT;
    char *out;
    if (xc_cli_int64 (cli, "attachment", 1, &body.attachment_id) || xc_cli_text (cli, "out", 1, &out))
        return -1;
    XC_SET_BODY (request, attachment_get, ATTACHMENT_GET, &body);
    return 0;
}

/* 0 when the SHA-256 of DATA is HEX (lowercase, as the server sends it). */
static int
s_check_sha256 (const ProtobufCBinaryData *data, const char *hex)
{
    uint8_t hash[crypto_hash_sha256_BYTES];
    char computed[crypto_hash_sha256_BYTES * 2 + 1];
    crypto_hash_sha256 (hash, data->data, data->len);
    sodium_bin2hex (computed, sizeof computed, hash, sizeof hash);
    return strcmp (computed, hex) == 0 ? 0 : -1;
}

/* Writes DATA to PATH, readable by its owner only. */
static int
s_write_private_file (const char *path, const ProtobufCBinaryData *data)
{
    int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    int rc = fchmod (fd, 0600);
    for (size_t done = 0; rc == 0 && done < data->len;) {
        ssize_t written = write (fd, data->data + done, data->len - done);
        if (written <= 0)
            rc = -1;
        else
            done += (size_t) written;
    }
    return close (fd) == 0 ? rc : -1;
}

/* After a download: the bytes must match the SHA-256 the server registered at upload,
 * or nothing is written. */
static int
s_save_download (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    const Xuncha__AttachmentContent *download = reply->attachment_content;
    char *out;
    xc_cli_text (cli, "out", 1, &out);
    if (!download || !download->attachment || s_check_sha256 (&download->content, download->attachment->sha256) != 0) {
        fprintf (stderr, "xuncha: 收到的附件内容与其 SHA-256 不符，未写入 %s\n", out);
        return XC_EXIT_LOCAL;
    }
    if (s_write_private_file (out, &download->content) != 0) {
        fprintf (stderr, "xuncha: 无法写入文件 %s\n", out);
        return XC_EXIT_LOCAL;
    }
    /* with --json, stdout carries only the reply */
    fprintf (xc_output_is_json () ? stderr : stdout, "已保存到 %s（%zu 字节，SHA-256 校验一致）\n", out,
             download->content.len);
    return XC_EXIT_OK;
}

#define XC_RECORD_OPTIONS "group,unit,date,"
const xc_command_t xc_field_commands[] = {
    { "record", "briefing", XC_RECORD_OPTIONS "briefer,topic,notes",
      "xuncha record briefing --group 组编号 --unit 单位编号 --briefer 汇报人 --topic 主题 [--notes 内容] [--date YYYY-MM-DD]",
      "录入听取汇报", s_record_briefing, NULL },
    { "record", "petition",
      XC_RECORD_OPTIONS "channel,received,content,petitioner-name,petitioner-contact,petitioner-id-number,"
      "petitioner-address,concerns,concerned-unit",
      "xuncha record petition --group 组编号 --unit 单位编号 --channel 来信|来电|来访|网络|二维码 --received YYYY-MM-DD"
      " --content 信访内容 [--petitioner-name 姓名] [--petitioner-contact 联系方式] [--petitioner-id-number 身份证号]"
      " [--petitioner-address 地址] [--concerns 被反映人 ...] [--concerned-unit 单位编号] [--date YYYY-MM-DD]",
      "录入信访（可匿名；信访人身份仅本组组长与巡察办可查阅）", s_record_petition, NULL },
    { "record", "talk",
      XC_RECORD_OPTIONS "interviewee,interviewee-position,interviewee-unit,time,place,inspector,outline,record,confirmed",
      "xuncha record talk --group 组编号 --unit 单位编号 --interviewee 姓名 [--interviewee-position 职务]"
      " [--interviewee-unit 单位] --time \"YYYY-MM-DD HH:MM\" [--place 地点] --inspector 人员编号 --inspector 人员编号 ..."
      " [--outline 谈话提纲] --record 谈话记录 [--confirmed 是|否] [--date YYYY-MM-DD]",
      "录入个别谈话（至少两名巡察人员在场）", s_record_talk, NULL },
    { "record", "review", XC_RECORD_OPTIONS "materials,copied,findings",
      "xuncha record review --group 组编号 --unit 单位编号 --materials 调阅资料 [--copied 是|否] [--findings 发现]"
      " [--date YYYY-MM-DD]",
      "录入调阅资料", s_record_review, NULL },
    { "record", "visit", XC_RECORD_OPTIONS "place,unannounced,findings",
      "xuncha record visit --group 组编号 --unit 单位编号 --place 地点 [--unannounced 是|否] [--findings 发现]"
      " [--date YYYY-MM-DD]",
      "录入走访/下沉", s_record_visit, NULL },
    { "record", "list", "group,unit,kind",
      "xuncha record list --group 组编号 [--unit 单位编号] [--kind 听取汇报|信访|个别谈话|调阅资料|走访]",
      "列出本组现场记录（不含信访人身份）", s_record_list, NULL },
    { "record", "show", "record", "xuncha record show --record 记录编号",
      "查看现场记录及附件（组长、巡察办可见信访人身份，查阅留痕）", s_record_show, NULL },
    { "record", "petition-status", "record,status",
      "xuncha record petition-status --record 记录编号 --status 受理|转办|已了解|办结", "更新信访办理状态",
      s_petition_status, NULL },
    { "record", "attach", "record,file,media-type",
      "xuncha record attach --record 记录编号 --file 文件 [--media-type 类型]", "上传附件（上限 3 MiB，记录 SHA-256）",
      s_record_attach, NULL },
    { "record", "download", "attachment,out", "xuncha record download --attachment 附件编号 --out 文件",
      "下载附件并校验 SHA-256", s_record_download, s_save_download },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
