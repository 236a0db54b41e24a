/* xc_test_world — see xc_test_world.h. */
#include "xc_test_world.h"
#include "xc_test_pg.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static xc_dispatcher_t *s_dispatcher;
static const char *s_office_key;

void
xc_world_init (xc_dispatcher_t *dispatcher, const char *office_key)
{
    s_dispatcher = dispatcher;
    s_office_key = office_key;
}

Xuncha__Reply *
xc_world_expect (const char *key, int status, Xuncha__Request__BodyCase which, void *body)
{
    Xuncha__Reply *reply = xc_test_do (s_dispatcher, key, which, body);
    if ((int) reply->status != status)
        fail_msg ("expected status %d, got %d: %s", status, reply->status, reply->message);
    return reply;
}

void
xc_world_refused (const char *key, int status, const char *needle, Xuncha__Request__BodyCase which, void *body)
{
    Xuncha__Reply *reply = xc_world_expect (key, status, which, body);
    if (!strstr (reply->message, needle))
        fail_msg ("expected \"%s\" in \"%s\"", needle, reply->message);
    xuncha__reply__free_unpacked (reply, NULL);
}

int64_t
xc_world_id (Xuncha__Reply *reply)
{
    int64_t id = 0;
    switch (reply->body_case) {
        case XUNCHA__REPLY__BODY_ORG_UNIT: id = reply->org_unit->id; break;
        case XUNCHA__REPLY__BODY_INSPECTOR: id = reply->inspector->id; break;
        case XUNCHA__REPLY__BODY_ROUND: id = reply->round->id; break;
        case XUNCHA__REPLY__BODY_GROUP: id = reply->group->id; break;
        case XUNCHA__REPLY__BODY_WORKING_PAPER: id = reply->working_paper->id; break;
        case XUNCHA__REPLY__BODY_CLUE: id = reply->clue->id; break;
        case XUNCHA__REPLY__BODY_CLUE_BATCH: id = reply->clue_batch->id; break;
        case XUNCHA__REPLY__BODY_CATEGORY: id = reply->category->id; break;
        case XUNCHA__REPLY__BODY_SPOT_CHECK: id = reply->spot_check->id; break;
        default: break;
    }
    xuncha__reply__free_unpacked (reply, NULL);
    return id;
}

int64_t
xc_world_office (Xuncha__Request__BodyCase which, void *body)
{
    return xc_world_id (xc_world_expect (s_office_key, XUNCHA__STATUS__STATUS_OK, which, body));
}

int64_t
xc_world_user (const char *key, int role, int64_t unit, const char *name)
{
    xc_test_add_user (key, role, (long) unit);
    return xc_test_pg_count ("UPDATE app_user SET display_name = '%s' WHERE public_key = '%s' RETURNING id", name, key);
}

int64_t
xc_world_unit (const char *name, Xuncha__UnitKind kind, int64_t parent)
{
    Xuncha__OrgUnitCreate body = XUNCHA__ORG_UNIT_CREATE__INIT;
    body.name = (char *) name;
    body.kind = kind;
    body.parent_id = parent;
    return xc_world_office (XUNCHA__REQUEST__BODY_ORG_UNIT_CREATE, &body);
}

int64_t
xc_world_round (int number)
{
    Xuncha__RoundCreate round = XUNCHA__ROUND_CREATE__INIT;
    round.committee = "十届区委";
    round.number = number;
    round.type = XUNCHA__ROUND_TYPE__ROUND_TYPE_REGULAR;
    round.start_date = "2026-03-02";
    round.end_date = "2026-04-30";
    return xc_world_office (XUNCHA__REQUEST__BODY_ROUND_CREATE, &round);
}

int64_t
xc_world_group (int64_t round, int number, int64_t unit)
{
    Xuncha__GroupCreate create = XUNCHA__GROUP_CREATE__INIT;
    create.round_id = round;
    create.number = number;
    Xuncha__GroupUnitAssign assign = XUNCHA__GROUP_UNIT_ASSIGN__INIT;
    assign.group_id = xc_world_office (XUNCHA__REQUEST__BODY_GROUP_CREATE, &create);
    assign.unit_id = unit;
    xc_world_office (XUNCHA__REQUEST__BODY_GROUP_UNIT_ASSIGN, &assign);
    return assign.group_id;
}

void
xc_world_join (int64_t group, const char *name, int64_t home, int64_t user, Xuncha__Position position)
{
    Xuncha__InspectorCreate inspector = XUNCHA__INSPECTOR_CREATE__INIT;
    inspector.name = (char *) name;
    inspector.home_unit_id = home;
    inspector.user_id = user;
    Xuncha__GroupMemberAdd add = XUNCHA__GROUP_MEMBER_ADD__INIT;
    add.group_id = group;
    add.inspector_id = xc_world_office (XUNCHA__REQUEST__BODY_INSPECTOR_CREATE, &inspector);
    add.position = position;
    xc_world_office (XUNCHA__REQUEST__BODY_GROUP_MEMBER_ADD, &add);
}

void
xc_world_advance (int64_t round, Xuncha__Phase phase)
{
    Xuncha__RoundAdvance advance = XUNCHA__ROUND_ADVANCE__INIT;
    advance.round_id = round;
    advance.to_phase = phase;
    xc_world_office (XUNCHA__REQUEST__BODY_ROUND_ADVANCE, &advance);
}

void
xc_world_petition (int64_t group, int64_t unit, const char *recorder_key, const char *filename, int64_t *record,
                   int64_t *attachment)
{
    *record = xc_test_pg_count (
        "INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by, body)"
        " SELECT 2, g.round_id, g.id, %lld, '2026-03-05', u.id, '反映村干部公款吃喝'"
        " FROM inspection_group g, app_user u WHERE g.id = %lld AND u.public_key = '%s' RETURNING id",
        (long long) unit, (long long) group, recorder_key);
    *attachment = xc_test_pg_count (
        "INSERT INTO attachment (record_id, filename, media_type, size, sha256, content, uploaded_by)"
        " SELECT %lld, '%s', 'application/pdf', 3, sha256('pdf'::bytea), 'pdf'::bytea, id"
        " FROM app_user WHERE public_key = '%s' RETURNING id", (long long) *record, filename, recorder_key);
}
