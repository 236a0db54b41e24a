/* h_field_records — 巡察了解的现场记录: 听取汇报, 信访, 个别谈话, 调阅资料, 走访/下沉.
 *
 * Each record belongs to a round, a 巡察组 and one of the group's inspected units. The
 * group's members record them while the round is in 进驻, 了解 or 报告; the group and
 * the 巡察办 read them; nobody else does (access.h).
 *
 * The petitioner's identity lives in its own table, petitioner_identity, sealed to the
 * 巡察办's identity key (identity_seal.h): what the database holds of it, a dump of the
 * database shows nobody. Recording one without the key is refused; a reader allowed to
 * see it gets the petition with the identity withheld, and why, when it cannot be opened
 * here. Lists and the replies to changes never carry it: the reply to a change is stored
 * for retries (request_reply), and an identity must not be copied there. Only
 * xc_show_field_record gives it, to the group's 组长 and the 巡察办, and it writes who
 * read it (identity_read and the audit log) in the same transaction as the read: a reply
 * that shows an identity is never sent unless those rows committed with it. */
#include "handlers.h"
#include "access.h"
#include "identity_seal.h"
#include "xc_clock.h"
#include "xc_log.h"
#include <stdlib.h>
#include <string.h>

#define XC_RECORD_SELECT \
    "f.id, f.kind, f.round_id, f.group_id, g.name, f.unit_id, unit_path(f.unit_id), f.occurred_date," \
    " u.display_name, " XC_LOCAL_TIME ("f.recorded_at") "," \
    " f.briefer, f.topic, f.channel, f.received_date, array_to_string(f.concerned_persons, chr(31))," \
    " f.concerned_unit_id, unit_path(f.concerned_unit_id), f.petition_status," \
    " EXISTS (SELECT 1 FROM petitioner_identity p WHERE p.record_id = f.id)," \
    " f.interviewee_name, f.interviewee_position, f.interviewee_unit, to_char(f.talk_time, 'YYYY-MM-DD HH24:MI')," \
    " f.place, f.outline, f.confirmed, f.materials, f.copied, f.unannounced, f.body"
#define XC_RECORD_JOINS " JOIN inspection_group g ON g.id = f.group_id JOIN app_user u ON u.id = f.recorded_by"
#define XC_RECORD_COLUMNS XC_RECORD_SELECT " FROM field_record f" XC_RECORD_JOINS

/* The columns of XC_RECORD_SELECT, in order. */
enum {
    C_ID, C_KIND, C_ROUND, C_GROUP, C_GROUP_NAME, C_UNIT, C_UNIT_NAME, C_OCCURRED, C_RECORDED_BY,
    C_RECORDED_AT, C_BRIEFER, C_TOPIC, C_CHANNEL, C_RECEIVED, C_CONCERNED_PERSONS, C_CONCERNED_UNIT,
    C_CONCERNED_UNIT_NAME, C_PETITION_STATUS, C_HAS_IDENTITY, C_INTERVIEWEE, C_INTERVIEWEE_POSITION,
    C_INTERVIEWEE_UNIT, C_TALK_TIME, C_PLACE, C_OUTLINE, C_CONFIRMED, C_MATERIALS, C_COPIED,
    C_UNANNOUNCED, C_BODY
};

static int
s_row_bool (const PGresult *result, int row, int column)
{
    return *PQgetvalue (result, row, column) == 't';
}

/* ---------------------------------------------------------------- reading */

static void
s_briefing_from_row (xc_call_t *call, Xuncha__FieldRecord *record, const PGresult *result, int row)
{
    Xuncha__Briefing *briefing = xc_arena_alloc (call->arena, sizeof *briefing);
    xuncha__briefing__init (briefing);
    briefing->briefer = xc_row_text (call, result, row, C_BRIEFER);
    briefing->topic = xc_row_text (call, result, row, C_TOPIC);
    briefing->notes = xc_row_text (call, result, row, C_BODY);
    record->detail_case = XUNCHA__FIELD_RECORD__DETAIL_BRIEFING;
    record->briefing = briefing;
}

/* Never the identity: only whether one was recorded (see the top of this file). */
static void
s_petition_from_row (xc_call_t *call, Xuncha__FieldRecord *record, const PGresult *result, int row)
{
    Xuncha__Petition *petition = xc_arena_alloc (call->arena, sizeof *petition);
    xuncha__petition__init (petition);
    petition->channel = (Xuncha__PetitionChannel) xc_row_int (result, row, C_CHANNEL);
    petition->received_date = xc_row_text (call, result, row, C_RECEIVED);
    petition->content = xc_row_text (call, result, row, C_BODY);
    petition->identity_withheld = s_row_bool (result, row, C_HAS_IDENTITY);
    petition->anonymous = !petition->identity_withheld;
    petition->concerned_persons = xc_row_text_list (call, result, row, C_CONCERNED_PERSONS,
                                                    &petition->n_concerned_persons);
    petition->concerned_unit_id = xc_row_int (result, row, C_CONCERNED_UNIT);
    petition->concerned_unit_name = xc_row_text (call, result, row, C_CONCERNED_UNIT_NAME);
    petition->status = (Xuncha__PetitionStatus) xc_row_int (result, row, C_PETITION_STATUS);
    record->detail_case = XUNCHA__FIELD_RECORD__DETAIL_PETITION;
    record->petition = petition;
}

/* The inspectors present come with s_attach_talk_inspectors. */
static void
s_talk_from_row (xc_call_t *call, Xuncha__FieldRecord *record, const PGresult *result, int row)
{
    Xuncha__Talk *talk = xc_arena_alloc (call->arena, sizeof *talk);
    xuncha__talk__init (talk);
    talk->interviewee_name = xc_row_text (call, result, row, C_INTERVIEWEE);
    talk->interviewee_position = xc_row_text (call, result, row, C_INTERVIEWEE_POSITION);
    talk->interviewee_unit = xc_row_text (call, result, row, C_INTERVIEWEE_UNIT);
    talk->talk_time = xc_row_text (call, result, row, C_TALK_TIME);
    talk->place = xc_row_text (call, result, row, C_PLACE);
    talk->outline = xc_row_text (call, result, row, C_OUTLINE);
    talk->record = xc_row_text (call, result, row, C_BODY);
    talk->confirmed = s_row_bool (result, row, C_CONFIRMED);
    record->detail_case = XUNCHA__FIELD_RECORD__DETAIL_TALK;
    record->talk = talk;
}

static void
s_review_from_row (xc_call_t *call, Xuncha__FieldRecord *record, const PGresult *result, int row)
{
    Xuncha__DocumentReview *review = xc_arena_alloc (call->arena, sizeof *review);
    xuncha__document_review__init (review);
    review->materials = xc_row_text (call, result, row, C_MATERIALS);
    review->copied = s_row_bool (result, row, C_COPIED);
    review->findings = xc_row_text (call, result, row, C_BODY);
    record->detail_case = XUNCHA__FIELD_RECORD__DETAIL_DOCUMENT_REVIEW;
    record->document_review = review;
}

static void
s_visit_from_row (xc_call_t *call, Xuncha__FieldRecord *record, const PGresult *result, int row)
{
    Xuncha__Visit *visit = xc_arena_alloc (call->arena, sizeof *visit);
    xuncha__visit__init (visit);
    visit->place = xc_row_text (call, result, row, C_PLACE);
    visit->unannounced = s_row_bool (result, row, C_UNANNOUNCED);
    visit->findings = xc_row_text (call, result, row, C_BODY);
    record->detail_case = XUNCHA__FIELD_RECORD__DETAIL_VISIT;
    record->visit = visit;
}

typedef void (*s_detail_reader_fn) (xc_call_t *call, Xuncha__FieldRecord *record, const PGresult *result, int row);

static void *
s_record_from_row (xc_call_t *call, const PGresult *result, int row)
{
    /* indexed by RecordKind */
    static const s_detail_reader_fn readers[] = { NULL, s_briefing_from_row, s_petition_from_row,
                                                  s_talk_from_row, s_review_from_row, s_visit_from_row };
    Xuncha__FieldRecord *record = xc_arena_alloc (call->arena, sizeof *record);
    xuncha__field_record__init (record);
    record->id = xc_row_int (result, row, C_ID);
    record->kind = (Xuncha__RecordKind) xc_row_int (result, row, C_KIND);
    record->round_id = xc_row_int (result, row, C_ROUND);
    record->group_id = xc_row_int (result, row, C_GROUP);
    record->group_name = xc_row_text (call, result, row, C_GROUP_NAME);
    record->unit_id = xc_row_int (result, row, C_UNIT);
    record->unit_name = xc_row_text (call, result, row, C_UNIT_NAME);
    record->occurred_date = xc_row_text (call, result, row, C_OCCURRED);
    record->recorded_by = xc_row_text (call, result, row, C_RECORDED_BY);
    record->recorded_at = xc_row_text (call, result, row, C_RECORDED_AT);
    if (record->kind > 0 && (size_t) record->kind < sizeof readers / sizeof readers[0])
        readers[record->kind] (call, record, result, row);
    return record;
}

/* Fills in the inspectors present at each talk among RECORDS (one query). */
static int
s_attach_talk_inspectors (xc_call_t *call, Xuncha__FieldRecord **records, size_t count)
{
    size_t talks = 0;
    for (size_t i = 0; i < count; i++)
        talks += records[i]->detail_case == XUNCHA__FIELD_RECORD__DETAIL_TALK;
    if (talks == 0)
        return 0;
    int64_t *ids = xc_arena_alloc (call->arena, (count + 1) * sizeof *ids);
    for (size_t i = 0; i < count; i++)
        ids[i] = records[i]->id;
    const char *params[] = { xc_call_int_list (call, ids, count) };
    PGresult *result = xc_call_query (call,
        "SELECT t.record_id, t.inspector_id, i.name FROM talk_inspector t JOIN inspector i ON i.id = t.inspector_id"
        " WHERE t.record_id = ANY ($1::bigint[]) ORDER BY t.record_id, t.inspector_id", 1, params);
    if (!result)
        return -1;
    int rows = PQntuples (result);
    for (size_t i = 0; i < count; i++) {
        if (records[i]->detail_case != XUNCHA__FIELD_RECORD__DETAIL_TALK)
            continue;
        Xuncha__Talk *talk = records[i]->talk;
        size_t present = 0;
        for (int row = 0; row < rows; row++)
            present += xc_row_int (result, row, 0) == records[i]->id;
        talk->inspector_ids = xc_arena_alloc (call->arena, (present + 1) * sizeof (int64_t));
        talk->inspector_names = (char **) xc_call_array (call, present);
        for (int row = 0; row < rows; row++)
            if (xc_row_int (result, row, 0) == records[i]->id) {
                talk->inspector_ids[talk->n_inspector_ids++] = xc_row_int (result, row, 1);
                talk->inspector_names[talk->n_inspector_names++] = xc_row_text (call, result, row, 2);
            }
    }
    PQclear (result);
    return 0;
}

/* The records matching WHERE (after XC_RECORD_COLUMNS), without any identity. */
/* The records of RESULT (a SELECT of XC_RECORD_COLUMNS), with their talks' inspectors. */
static Xuncha__FieldRecord **
s_records_from_result (xc_call_t *call, const PGresult *result, size_t *loaded)
{
    Xuncha__FieldRecord **records = (Xuncha__FieldRecord **) xc_call_read_rows (call, result, s_record_from_row, loaded);
    return s_attach_talk_inspectors (call, records, *loaded) == 0 ? records : NULL;
}

static Xuncha__FieldRecord **
s_load_records (xc_call_t *call, const char *where, int count, const char *const *params, size_t *loaded)
{
    const char *sql = xc_arena_printf (call->arena, "SELECT " XC_RECORD_COLUMNS " %s", where);
    PGresult *result = xc_call_query (call, sql, count, params);
    if (!result)
        return NULL;
    Xuncha__FieldRecord **records = s_records_from_result (call, result, loaded);
    PQclear (result);
    return records;
}

/* The one record of RESULT, or NULL after refusing NOT_FOUND. */
static Xuncha__FieldRecord *
s_record_from_result (xc_call_t *call, const PGresult *result, int64_t record_id)
{
    size_t loaded = 0;
    Xuncha__FieldRecord **records = s_records_from_result (call, result, &loaded);
    if (records && loaded == 0)
        xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "现场记录 %lld 不存在", (long long) record_id);
    return records && loaded ? records[0] : NULL;
}

#define XC_RECORD_BY_ID "SELECT " XC_RECORD_COLUMNS " WHERE f.id = $1"

static Xuncha__FieldRecord *
s_load_record (xc_call_t *call, int64_t record_id)
{
    const char *params[] = { xc_call_int (call, record_id) };
    PGresult *result = xc_call_query (call, XC_RECORD_BY_ID, 1, params);
    if (!result)
        return NULL;
    Xuncha__FieldRecord *record = s_record_from_result (call, result, record_id);
    PQclear (result);
    return record;
}

/* Replies with the record as a list shows it: a recorded identity is withheld. */
static int
s_reply_record (xc_call_t *call, int64_t record_id)
{
    Xuncha__FieldRecord *record = s_load_record (call, record_id);
    if (!record)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_FIELD_RECORD;
    call->reply->field_record = record;
    return 0;
}

/* ---------------------------------------------------------------- recording */

/* Inserts a new record of KIND: the common columns and the kind's own COLUMNS
 * (", briefer, topic, body") with the VALUES expressions over $7… of EXTRA, when its
 * unit is one of the group's (access.h), and reads it back as a reply shows it. One
 * statement (a sync batch runs it for each of thousands of entries), whose text is
 * constant per kind (prepared once, statements.h). The record, or NULL after refusing. */
static Xuncha__FieldRecord *
s_insert_record (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__FieldRecordCreate *create,
                 Xuncha__RecordKind kind, const char *columns, const char *values, int extras,
                 const char *const *extra)
{
    char today[11];
    xc_clock_today (today);
    const char *params[16] = { xc_call_int (call, kind), xc_call_int (call, scope->round_id),
                               xc_call_int (call, scope->group_id), xc_call_int (call, create->unit_id),
                               *create->occurred_date ? create->occurred_date : today,
                               xc_call_int (call, call->who.user_id) };
    for (int i = 0; i < extras && 6 + i < 16; i++)
        params[6 + i] = extra[i];
    const char *sql = xc_arena_printf (call->arena,
        "WITH f AS (INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by, %s)"
        " SELECT $1, $2, $3, $4, $5, $6, %s WHERE " XC_UNIT_OF_GROUP_SQL ("$3", "$4") " RETURNING *)"
        " SELECT " XC_RECORD_SELECT " FROM f" XC_RECORD_JOINS, columns, values);
    PGresult *result = xc_call_query (call, sql, 6 + extras, params);
    if (!result)
        return NULL;
    Xuncha__FieldRecord *record = PQntuples (result) == 1 ? s_record_from_row (call, result, 0) : NULL;
    PQclear (result);
    if (!record)
        xc_refuse_unit_not_of_group (call, scope, create->unit_id);
    return record;
}

static Xuncha__FieldRecord *
s_record_briefing (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__FieldRecordCreate *create)
{
    const Xuncha__Briefing *briefing = create->briefing;
    const char *extra[] = { briefing->briefer, briefing->topic, briefing->notes };
    return s_insert_record (call, scope, create, XUNCHA__RECORD_KIND__RECORD_KIND_BRIEFING, "briefer, topic, body",
                            "$7, $8, $9", 3, extra);
}

/* Anonymous when nothing is given; otherwise a name or a contact is needed, so that an
 * identity is never half recorded without anyone noticing. 1 when an identity was
 * stored, 0 for an anonymous petition, -1 after refusing. */
static int
s_store_petitioner (xc_call_t *call, int64_t id, const Xuncha__PetitionerIdentity *who)
{
    if (!who || (!*who->name && !*who->contact && !*who->id_number && !*who->address))
        return 0;
    if (!*who->name && !*who->contact)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "信访人身份须至少有姓名或联系方式；两者都没有的，请按匿名信访录入");
    size_t size;
    uint8_t *sealed = xc_identity_seal (who, &size);
    if (!sealed)   /* the server's set-up, not a passing state: refused, so a sync batch goes on past it */
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "本服务器未配置身份密钥（xunchad 的 identity_key），不能保存信访人身份，未做任何更改；"
                             "可按匿名信访录入，或请管理员配置身份密钥后再录入");
    const char *params[] = { xc_call_int (call, id), (const char *) sealed, xc_identity_key_public () };
    const int lengths[] = { 0, (int) size, 0 };
    const int formats[] = { 0, 1, 0 };
    PGresult *result = xc_call_query_params (call,
        "INSERT INTO petitioner_identity (record_id, sealed, sealed_to) VALUES ($1, $2, $3)", 3, params, lengths,
        formats, 0);
    free (sealed);
    PQclear (result);
    return result ? 1 : -1;
}

static Xuncha__FieldRecord *
s_record_petition (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__FieldRecordCreate *create)
{
    const Xuncha__Petition *petition = create->petition;
    if (petition->concerned_unit_id) {
        const char *unit[] = { xc_call_int (call, petition->concerned_unit_id) };
        PGresult *found = xc_call_query_one (call, "信访所涉单位", "SELECT 1 FROM org_unit WHERE id = $1", 1, unit);
        if (!found)
            return 0;
        PQclear (found);
    }
    int status = petition->status ? (int) petition->status : XUNCHA__PETITION_STATUS__PETITION_STATUS_ACCEPTED;
    const char *extra[] = { xc_call_int (call, petition->channel), petition->received_date, petition->content,
                            xc_call_text_list (call, petition->concerned_persons, petition->n_concerned_persons),
                            xc_call_id_or_null (call, petition->concerned_unit_id), xc_call_int (call, status) };
    Xuncha__FieldRecord *record = s_insert_record (call, scope, create, XUNCHA__RECORD_KIND__RECORD_KIND_PETITION,
                                  "channel, received_date, body, concerned_persons, concerned_unit_id, petition_status",
                                  "$7, $8, $9, string_to_array($10, chr(31)), $11, $12", 6, extra);
    int stored = record ? s_store_petitioner (call, record->id, petition->petitioner) : -1;
    if (stored < 0)
        return NULL;
    record->petition->identity_withheld = stored == 1;   /* as a read of it would show */
    record->petition->anonymous = stored == 0;
    return record;
}

/* At least two inspectors present, each a member of the group (DOMAIN.md: 个别谈话). */
static int
s_check_talk_inspectors (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__Talk *talk)
{
    const char *params[] = { xc_call_int (call, scope->group_id),
                             xc_call_int_list (call, talk->inspector_ids, talk->n_inspector_ids) };
    PGresult *result = xc_call_query (call,
        "SELECT t.id, NULL, EXISTS (SELECT 1 FROM group_member m WHERE m.group_id = $1 AND m.inspector_id = t.id)"
        " FROM (SELECT DISTINCT unnest($2::bigint[]) AS id) t ORDER BY t.id",
        2, params);
    if (!result)
        return -1;
    int rc = 0, present = PQntuples (result);
    if (present < 2)
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "个别谈话须至少两名巡察人员在场（本次 %d 名）", present);
    /* the pool is the 巡察办's: someone outside the group is named by number only,
     * whether or not such an inspector exists */
    for (int row = 0; rc == 0 && row < present; row++)
        if (!s_row_bool (result, row, 2))
            rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                               "编号 %s 的人员不是%s的成员，不能作为个别谈话的在场人员",
                               PQgetvalue (result, row, 0), scope->group_name);
    PQclear (result);
    return rc;
}

static Xuncha__FieldRecord *
s_record_talk (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__FieldRecordCreate *create)
{
    const Xuncha__Talk *talk = create->talk;
    if (s_check_talk_inspectors (call, scope, talk) != 0)
        return NULL;
    const char *extra[] = { talk->interviewee_name, talk->interviewee_position, talk->interviewee_unit,
                            talk->talk_time, talk->place, talk->outline, talk->record,
                            talk->confirmed ? "true" : "false" };
    Xuncha__FieldRecord *record = s_insert_record (call, scope, create, XUNCHA__RECORD_KIND__RECORD_KIND_TALK,
        "interviewee_name, interviewee_position, interviewee_unit, talk_time, place, outline, body, confirmed",
        "$7, $8, $9, $10, $11, $12, $13, $14", 8, extra);
    if (!record)
        return NULL;
    const char *present[] = { xc_call_int (call, record->id),
                              xc_call_int_list (call, talk->inspector_ids, talk->n_inspector_ids) };
    return xc_call_exec (call,
                         "INSERT INTO talk_inspector (record_id, inspector_id) SELECT DISTINCT $1::bigint, unnest($2::bigint[])",
                         2, present) == 0
                   && s_attach_talk_inspectors (call, &record, 1) == 0
               ? record
               : NULL;
}

static Xuncha__FieldRecord *
s_record_review (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__FieldRecordCreate *create)
{
    const Xuncha__DocumentReview *review = create->document_review;
    const char *extra[] = { review->materials, review->copied ? "true" : "false", review->findings };
    return s_insert_record (call, scope, create, XUNCHA__RECORD_KIND__RECORD_KIND_DOCUMENT_REVIEW,
                            "materials, copied, body", "$7, $8, $9", 3, extra);
}

static Xuncha__FieldRecord *
s_record_visit (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__FieldRecordCreate *create)
{
    const Xuncha__Visit *visit = create->visit;
    const char *extra[] = { visit->place, visit->unannounced ? "true" : "false", visit->findings };
    return s_insert_record (call, scope, create, XUNCHA__RECORD_KIND__RECORD_KIND_VISIT, "place, unannounced, body",
                            "$7, $8, $9", 3, extra);
}

/* Each kind of record: the request's detail, and how it is recorded (its checks, its
 * row, what else goes with it); the new record as a reply shows it, or NULL after
 * refusing. */
typedef Xuncha__FieldRecord *(*s_record_fn) (xc_call_t *call, const xc_group_scope_t *scope, const Xuncha__FieldRecordCreate *create);
static const struct {
    Xuncha__FieldRecordCreate__DetailCase detail;
    s_record_fn record;
} s_kinds[] = {
    { XUNCHA__FIELD_RECORD_CREATE__DETAIL_BRIEFING, s_record_briefing },
    { XUNCHA__FIELD_RECORD_CREATE__DETAIL_PETITION, s_record_petition },
    { XUNCHA__FIELD_RECORD_CREATE__DETAIL_TALK, s_record_talk },
    { XUNCHA__FIELD_RECORD_CREATE__DETAIL_DOCUMENT_REVIEW, s_record_review },
    { XUNCHA__FIELD_RECORD_CREATE__DETAIL_VISIT, s_record_visit },
};

int
xc_record_field_work (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__FieldRecordCreate *create = request->field_record_create;
    size_t which = 0;
    while (which < sizeof s_kinds / sizeof s_kinds[0] && s_kinds[which].detail != create->detail_case)
        which++;
    if (which == sizeof s_kinds / sizeof s_kinds[0])
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "现场记录须有且只有一种内容：听取汇报、信访、个别谈话、调阅资料或走访");
    xc_group_scope_t scope;   /* the unit is checked as the record is inserted */
    if (xc_require_group_writer (call, create->group_id, &scope, "录入现场记录") != 0)
        return -1;
    Xuncha__FieldRecord *record = s_kinds[which].record (call, &scope, create);
    if (!record || xc_call_log_change (call, "record_field_work", "field_record", record->id) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_FIELD_RECORD;
    call->reply->field_record = record;
    return 0;
}

/* ---------------------------------------------------------------- lists and reads */

int
xc_list_field_records (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__FieldRecordList *list = request->field_record_list;
    xc_group_scope_t scope;
    if (xc_require_group_reader (call, list->group_id, &scope) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, list->group_id), xc_call_id_or_null (call, list->unit_id),
                             xc_call_id_or_null (call, list->kind) };
    Xuncha__FieldRecords *records = xc_arena_alloc (call->arena, sizeof *records);
    xuncha__field_records__init (records);
    records->records = s_load_records (call,
        "WHERE f.group_id = $1 AND ($2::bigint IS NULL OR f.unit_id = $2) AND ($3::smallint IS NULL OR f.kind = $3)"
        " ORDER BY f.occurred_date, f.id", 3, params, &records->n_records);
    if (!records->records)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_FIELD_RECORDS;
    call->reply->field_records = records;
    return 0;
}

/* The identity goes to the group's 组长 and the 巡察办, and to nobody else. */
static int
s_may_read_identity (const xc_call_t *call, const xc_group_scope_t *scope)
{
    return scope->leader || call->who.role == XUNCHA__ROLE__ROLE_OFFICE;
}

/* The petitioner's identity of RECORD_ID opened (identity_seal.h) into *WHO, in the
 * arena; *WHO stays NULL when it cannot be opened here, the reason in the reply's note
 * (call->message). 0, or -1 after refusing. */
static int
s_open_petitioner (xc_call_t *call, int64_t record_id, Xuncha__PetitionerIdentity **who)
{
    *who = NULL;
    const char *params[] = { xc_call_int (call, record_id) };
    PGresult *result = xc_call_query_params (call,
        "SELECT coalesce(sealed, ''::bytea), coalesce(sealed_to, '') FROM petitioner_identity WHERE record_id = $1",
        1, params, NULL, NULL, 1);
    if (result && PQntuples (result) != 1)
        xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "信访人身份不存在");
    if (!result || PQntuples (result) != 1) {
        PQclear (result);
        return -1;
    }
    Xuncha__PetitionerIdentity *opened;
    xc_identity_outcome_t outcome = xc_identity_open ((const uint8_t *) PQgetvalue (result, 0, 0),
                                                      (size_t) PQgetlength (result, 0, 0), PQgetvalue (result, 0, 1),
                                                      &opened);
    PQclear (result);
    if (outcome != XC_IDENTITY_OPENED) {
        snprintf (call->message, sizeof call->message, "%s", xc_identity_outcome_text (outcome));
        xc_log (XC_LOG_WARN, "identity_not_opened", "record=%lld outcome=%d", (long long) record_id, (int) outcome);
        return 0;
    }
    *who = xc_arena_alloc (call->arena, sizeof **who);
    xuncha__petitioner_identity__init (*who);
    (*who)->name = xc_arena_strdup (call->arena, opened->name);
    (*who)->contact = xc_arena_strdup (call->arena, opened->contact);
    (*who)->id_number = xc_arena_strdup (call->arena, opened->id_number);
    (*who)->address = xc_arena_strdup (call->arena, opened->address);
    xuncha__petitioner_identity__free_unpacked (opened, NULL);
    return 0;
}

/* Puts the petitioner's identity into PETITION and records the read (who, when, which
 * petition, under which request) in this request's transaction: in identity_read, which
 * `xuncha audit identity-reads` lists, and in the audit log. */
static int
s_reveal_petitioner (xc_call_t *call, int64_t record_id, Xuncha__Petition *petition)
{
    const char *params[] = { xc_call_int (call, record_id), xc_call_int (call, call->who.user_id), call->request_id };
    Xuncha__PetitionerIdentity *who;
    if (s_open_petitioner (call, record_id, &who) != 0)
        return -1;
    if (!who)
        return 0;   /* cannot be opened here: shown withheld, the reply says why */
    if (xc_call_exec (call, "INSERT INTO identity_read (record_id, reader_id, request_id) VALUES ($1, $2, $3)",
                      3, params) != 0
        || xc_call_log_read (call, XC_READ_IDENTITY, "field_record", record_id) != 0)
        return -1;
    petition->petitioner = who;
    petition->identity_withheld = 0;
    return 0;
}

int
xc_show_field_record (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t record_id = request->field_record_show->record_id;
    xc_group_scope_t scope;
    if (xc_require_record_reader (call, record_id, &scope) != 0)
        return -1;
    /* the record and its attachments: two statements, one round trip */
    const char *params[] = { xc_call_int (call, record_id) };
    const xc_statement_t statements[] = { { .sql = XC_RECORD_BY_ID, .count = 1, .values = params },
                                          xc_attachments_statement (call, record_id) };
    PGresult *results[2];
    if (xc_call_query_together (call, 2, statements, results) != 0)
        return -1;
    Xuncha__FieldRecord *record = s_record_from_result (call, results[0], record_id);
    if (record)
        record->attachments = xc_attachments_from_result (call, results[1], &record->n_attachments);
    PQclear (results[0]);
    PQclear (results[1]);
    if (!record)
        return -1;
    if (record->detail_case == XUNCHA__FIELD_RECORD__DETAIL_PETITION && record->petition->identity_withheld
        && s_may_read_identity (call, &scope) && s_reveal_petitioner (call, record_id, record->petition) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_FIELD_RECORD;
    call->reply->field_record = record;
    return 0;
}

int
xc_set_petition_status (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__PetitionStatusSet *set = request->petition_status_set;
    int64_t group_id = xc_group_of_record (call, set->record_id);
    xc_group_scope_t scope;
    if (!group_id || xc_require_group_writer (call, group_id, &scope, "更新信访办理状态") != 0)
        return -1;
    const char *params[] = { xc_call_int (call, set->record_id), xc_call_int (call, set->status),
                             xc_call_int (call, XUNCHA__RECORD_KIND__RECORD_KIND_PETITION) };
    PGresult *result = xc_call_query (call,
        "UPDATE field_record SET petition_status = $2 WHERE id = $1 AND kind = $3", 3, params);
    if (!result)
        return -1;
    int updated = strcmp (PQcmdTuples (result), "1") == 0;
    PQclear (result);
    if (!updated)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "现场记录 %lld 不是信访，没有办理状态",
                             (long long) set->record_id);
    if (xc_call_log_change (call, "set_petition_status", "field_record", set->record_id) != 0)
        return -1;
    return s_reply_record (call, set->record_id);
}

static void *
s_identity_read_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__IdentityRead *read = xc_arena_alloc (call->arena, sizeof *read);
    xuncha__identity_read__init (read);
    read->record_id = xc_row_int (result, row, 0);
    read->reader = xc_row_text (call, result, row, 1);
    read->reader_role = (Xuncha__Role) xc_row_int (result, row, 2);
    read->read_at = xc_row_text (call, result, row, 3);
    read->request_id = xc_row_text (call, result, row, 4);
    return read;
}

int
xc_list_identity_reads (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t record_id = request->identity_read_list->record_id;
    if (record_id && !xc_group_of_record (call, record_id))
        return -1;
    const char *params[] = { xc_call_id_or_null (call, record_id) };
    PGresult *result = xc_call_query (call,
        "SELECT r.record_id, u.display_name, u.role,"
        " " XC_LOCAL_TIME ("r.read_at") ", r.request_id"
        " FROM identity_read r JOIN app_user u ON u.id = r.reader_id"
        " WHERE $1::bigint IS NULL OR r.record_id = $1 ORDER BY r.id", 1, params);
    if (!result)
        return -1;
    Xuncha__IdentityReads *reads = xc_arena_alloc (call->arena, sizeof *reads);
    xuncha__identity_reads__init (reads);
    reads->reads = (Xuncha__IdentityRead **) xc_call_read_rows (call, result, s_identity_read_from_row, &reads->n_reads);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_IDENTITY_READS;
    call->reply->identity_reads = reads;
    return 0;
}
