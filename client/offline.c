/* offline — see offline.h. */
#include "offline.h"
#include "xc_codec.h"
#include "xc_validate.h"
#include <stdlib.h>
#include <string.h>

#define XC_CACHED(name) XUNCHA__REQUEST__BODY_##name

static const Xuncha__Request__BodyCase s_cached[] = {
    XC_CACHED (WHO_AM_I), XC_CACHED (ROUND_LIST), XC_CACHED (ROUND_SHOW), XC_CACHED (GROUP_LIST),
    XC_CACHED (GROUP_SHOW), XC_CACHED (FIELD_RECORD_LIST), XC_CACHED (FIELD_RECORD_SHOW), XC_CACHED (PAPER_LIST),
    XC_CACHED (PAPER_SHOW), XC_CACHED (PAPER_HISTORY_SHOW), XC_CACHED (CATEGORY_LIST), XC_CACHED (PROGRESS_SHOW),
    XC_CACHED (TASK_LIST), XC_CACHED (TASK_SHOW), XC_CACHED (RECTIFICATION_SHOW), XC_CACHED (FEEDBACK_LIST),
    XC_CACHED (CALENDAR_SHOW),
};

bool
xc_offline_cacheable (Xuncha__Request__BodyCase body)
{
    for (size_t i = 0; i < sizeof s_cached / sizeof s_cached[0]; i++)
        if (s_cached[i] == body)
            return true;
    return false;
}

/* REQUEST packed without its id: the same read gives the same bytes. */
static uint8_t *
s_query (const Xuncha__Request *request, size_t *size)
{
    Xuncha__Request query = *request;
    query.request_id = "";
    return xc_pack (&query.base, size);
}

/* Removes every PetitionerIdentity from MESSAGE (recursively); the petition then reads
 * as withheld. */
static void
s_strip_identities (ProtobufCMessage *message)
{
    if (!message)
        return;
    if (message->descriptor == &xuncha__petition__descriptor) {
        Xuncha__Petition *petition = (Xuncha__Petition *) message;
        if (petition->petitioner) {
            protobuf_c_message_free_unpacked (&petition->petitioner->base, NULL);
            petition->petitioner = NULL;
            petition->identity_withheld = true;
        }
        return;
    }
    const ProtobufCMessageDescriptor *type = message->descriptor;
    for (unsigned i = 0; i < type->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &type->fields[i];
        if (field->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        uint8_t *at = (uint8_t *) message + field->offset;
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t count;
            memcpy (&count, (uint8_t *) message + field->quantifier_offset, sizeof count);
            for (size_t k = 0; k < count; k++)
                s_strip_identities ((*(ProtobufCMessage ***) at)[k]);
        }
        else {
            if (field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
                uint32_t active;
                memcpy (&active, (uint8_t *) message + field->quantifier_offset, sizeof active);
                if (active != field->id)
                    continue;
            }
            s_strip_identities (*(ProtobufCMessage **) at);
        }
    }
}

void
xc_offline_remember (xc_session_t *session, const Xuncha__Request *request, const Xuncha__Reply *reply)
{
    if (!session->journal || !xc_offline_cacheable (request->body_case) || reply->status != XUNCHA__STATUS__STATUS_OK)
        return;
    size_t reply_size, query_size;
    uint8_t *packed = xc_pack (&reply->base, &reply_size);
    Xuncha__Reply *copy = xuncha__reply__unpack (NULL, reply_size, packed);
    free (packed);
    if (!copy)
        return;
    s_strip_identities (&copy->base);
    packed = xc_pack (&copy->base, &reply_size);
    uint8_t *query = s_query (request, &query_size);
    xc_journal_cache_put (session->journal, query, query_size, packed, reply_size);
    free (query);
    free (packed);
    xuncha__reply__free_unpacked (copy, NULL);
}

Xuncha__Reply *
xc_offline_recall (xc_session_t *session, const Xuncha__Request *request, char fetched_at[32])
{
    if (!session->journal || !xc_offline_cacheable (request->body_case))
        return NULL;
    size_t query_size, reply_size;
    uint8_t *query = s_query (request, &query_size), *reply = NULL;
    Xuncha__Reply *cached = NULL;
    if (xc_journal_cache_get (session->journal, query, query_size, &reply, &reply_size, fetched_at) == 0)
        cached = xuncha__reply__unpack (NULL, reply_size, reply);
    free (query);
    free (reply);
    return cached;
}

/* Asks one read and caches the answer; the reply (OK) or NULL. */
static Xuncha__Reply *
s_fetch (xc_session_t *session, Xuncha__Request *request, int *cached)
{
    char id[37];
    xc_request_stamp (request, id);
    Xuncha__Reply *reply = NULL;
    if (xc_rpc_call (&session->rpc, request, &reply) != XC_RPC_REPLIED)
        return NULL;
    if (reply->status != XUNCHA__STATUS__STATUS_OK) {
        xuncha__reply__free_unpacked (reply, NULL);
        return NULL;
    }
    xc_offline_remember (session, request, reply);
    (*cached)++;
    return reply;
}

#define XC_FETCH(session, CASE, field, body, cached)                                  \
    ({                                                                               \
        Xuncha__Request request_ = XUNCHA__REQUEST__INIT;                            \
        request_.body_case = XUNCHA__REQUEST__BODY_##CASE;                           \
        request_.field = (body);                                                     \
        s_fetch ((session), &request_, (cached));                                    \
    })

/* Caches ITEM as the reply to a `show` of it (QUERY), unless a show of it is cached
 * already: a list holds each item as `show` gives it, or nearly (a fuller reply that was
 * fetched by a show is not replaced by a list's copy). */
static void
s_remember_shown (xc_session_t *session, Xuncha__Request *query, Xuncha__Reply *reply, int *cached)
{
    size_t size;
    uint8_t *packed = s_query (query, &size);
    bool shown_before = xc_journal_cache_has (session->journal, packed, size);
    free (packed);
    if (shown_before)
        return;
    xc_offline_remember (session, query, reply);
    (*cached)++;
}

/* One group's records and 底稿: each list, and each item as its `show` (from the list:
 * no request per item). */
static void
s_prefetch_group (xc_session_t *session, int64_t group_id, int *cached)
{
    Xuncha__FieldRecordList records = XUNCHA__FIELD_RECORD_LIST__INIT;
    records.group_id = group_id;
    Xuncha__Reply *list = XC_FETCH (session, FIELD_RECORD_LIST, field_record_list, &records, cached);
    xc_journal_cache_begin (session->journal);
    for (size_t i = 0; list && list->field_records && i < list->field_records->n_records; i++) {
        Xuncha__FieldRecordShow show = XUNCHA__FIELD_RECORD_SHOW__INIT;
        show.record_id = list->field_records->records[i]->id;
        Xuncha__Request query = XUNCHA__REQUEST__INIT;
        query.protocol_version = XC_PROTOCOL_VERSION;
        query.body_case = XUNCHA__REQUEST__BODY_FIELD_RECORD_SHOW;
        query.field_record_show = &show;
        Xuncha__Reply one = XUNCHA__REPLY__INIT;
        one.body_case = XUNCHA__REPLY__BODY_FIELD_RECORD;
        one.field_record = list->field_records->records[i];
        s_remember_shown (session, &query, &one, cached);
    }
    if (list)
        xuncha__reply__free_unpacked (list, NULL);
    Xuncha__PaperList papers = XUNCHA__PAPER_LIST__INIT;
    papers.group_id = group_id;
    list = XC_FETCH (session, PAPER_LIST, paper_list, &papers, cached);
    for (size_t i = 0; list && list->working_papers && i < list->working_papers->n_papers; i++) {
        Xuncha__PaperShow show = XUNCHA__PAPER_SHOW__INIT;
        show.paper_id = list->working_papers->papers[i]->id;
        Xuncha__Request query = XUNCHA__REQUEST__INIT;
        query.protocol_version = XC_PROTOCOL_VERSION;
        query.body_case = XUNCHA__REQUEST__BODY_PAPER_SHOW;
        query.paper_show = &show;
        Xuncha__Reply one = XUNCHA__REPLY__INIT;
        one.body_case = XUNCHA__REPLY__BODY_WORKING_PAPER;
        one.working_paper = list->working_papers->papers[i];
        s_remember_shown (session, &query, &one, cached);
    }
    if (list)
        xuncha__reply__free_unpacked (list, NULL);
    xc_journal_cache_commit (session->journal);
}

int
xc_offline_prefetch (xc_session_t *session)
{
    int cached = 0;
    Xuncha__WhoAmI who = XUNCHA__WHO_AM_I__INIT;
    Xuncha__Reply *me = XC_FETCH (session, WHO_AM_I, who_am_i, &who, &cached);
    if (!me)
        return -1;
    Xuncha__Role role = me->user ? me->user->role : XUNCHA__ROLE__ROLE_UNSPECIFIED;
    xuncha__reply__free_unpacked (me, NULL);
    /* an inspector's own groups; the others see too much to copy it all to a laptop */
    if (role != XUNCHA__ROLE__ROLE_GROUP_LEADER && role != XUNCHA__ROLE__ROLE_GROUP_MEMBER)
        return cached;
    Xuncha__RoundList rounds_body = XUNCHA__ROUND_LIST__INIT;
    Xuncha__Reply *rounds = XC_FETCH (session, ROUND_LIST, round_list, &rounds_body, &cached);
    for (size_t r = 0; rounds && rounds->rounds && r < rounds->rounds->n_rounds; r++) {
        Xuncha__GroupList groups_body = XUNCHA__GROUP_LIST__INIT;
        groups_body.round_id = rounds->rounds->rounds[r]->id;
        Xuncha__Reply *groups = XC_FETCH (session, GROUP_LIST, group_list, &groups_body, &cached);
        for (size_t g = 0; groups && groups->groups && g < groups->groups->n_groups; g++) {
            Xuncha__GroupShow show = XUNCHA__GROUP_SHOW__INIT;
            show.group_id = groups->groups->groups[g]->id;
            Xuncha__Reply *one = XC_FETCH (session, GROUP_SHOW, group_show, &show, &cached);
            if (one)
                xuncha__reply__free_unpacked (one, NULL);
            s_prefetch_group (session, show.group_id, &cached);
        }
        if (groups)
            xuncha__reply__free_unpacked (groups, NULL);
    }
    if (rounds)
        xuncha__reply__free_unpacked (rounds, NULL);
    return cached;
}
