/* h_evaluations — the evaluations after a round (server/sql/013_evaluations.sql).
 *
 * 作风纪律后评估 ("谁来监督巡察组"): a 被巡察单位 user whose unit is one of a group's
 * units, or lies inside one, rates the group's conduct 1–5 with a comment, once, after
 * the feedback (the round in 反馈, 移交 or 整改). A rating is a record: a second one by
 * the same user is refused, naming the first.
 *
 * 工作鉴定: in 整改 the 巡察办 appraises each inspector who served in one of the round's
 * groups — 优秀, 称职, 基本称职 or 不称职, a comment — once per round; an appraisal may
 * take the inspector out of the 人才库 (不再抽调). From then on adding him to a group
 * is refused naming that appraisal (xc_require_in_pool), and the pool list says so. */
#include "handlers.h"
#include "access.h"
#include "xc_names.h"

static const char *
s_phase (int phase)
{
    return xc_label (&xuncha__phase__descriptor, phase);
}

/* ------------------------------------------------------------------ 作风纪律后评估 */

#define XC_RATING_COLUMNS \
    "c.id, c.group_id, g.name, unit_path(c.unit_id), c.score, c.comment, " XC_LOCAL_TIME ("c.rated_at")
#define XC_RATING_FROM " FROM conduct_rating c JOIN inspection_group g ON g.id = c.group_id"

static void *
s_rating_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__ConductRating *rating = xc_arena_alloc (call->arena, sizeof *rating);
    xuncha__conduct_rating__init (rating);
    rating->id = xc_row_int (result, row, 0);
    rating->group_id = xc_row_int (result, row, 1);
    rating->group_name = xc_row_text (call, result, row, 2);
    rating->unit_name = xc_row_text (call, result, row, 3);
    rating->score = (int32_t) xc_row_int (result, row, 4);
    rating->comment = xc_row_text (call, result, row, 5);
    rating->rated_at = xc_row_text (call, result, row, 6);
    return rating;
}

/* Whether the caller may rate the group now: it exists, inspected his unit, the round
 * (share-locked) is past the feedback and not archived, and he has not rated it yet. */
static int
s_check_rating (xc_call_t *call, const Xuncha__ConductRate *rate, int64_t *round_id)
{
    const char *params[] = { xc_call_int (call, rate->group_id), xc_call_int (call, call->who.user_id),
                             xc_call_id_or_null (call, call->who.org_unit_id) };
    PGresult *result = xc_call_query_one (call, "巡察组",
        "SELECT g.name, r.id, r.phase, " XC_ROUND_TITLE ("r") ", " XC_UNIT_OF_GROUP_SQL ("$1", "$3::bigint") ","
        " (SELECT " XC_LOCAL_TIME ("c.rated_at") " || '（' || c.score || ' 分）'"
        "   FROM conduct_rating c WHERE c.group_id = g.id AND c.rated_by = $2)"
        " FROM inspection_group g JOIN round r ON r.id = g.round_id WHERE g.id = $1 FOR SHARE OF r", 3, params);
    if (!result)
        return -1;
    const char *group = xc_row_text (call, result, 0, 0);
    *round_id = xc_row_int (result, 0, 1);
    int phase = (int) xc_row_int (result, 0, 2);
    const char *round = xc_row_text (call, result, 0, 3);
    int own_unit = *PQgetvalue (result, 0, 4) == 't';
    const char *earlier = PQgetisnull (result, 0, 5) ? NULL : xc_row_text (call, result, 0, 5);
    PQclear (result);
    if (!own_unit)
        return xc_refuse_out_of_scope (call, "%s没有巡察您的单位，只能评价巡察本单位的巡察组", group);
    if (phase == XUNCHA__PHASE__PHASE_ARCHIVED)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s已归档，不能再评价%s的作风纪律", round, group);
    if (phase < XUNCHA__PHASE__PHASE_FEEDBACK)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "巡察反馈之后才能评价巡察组的作风纪律，%s当前处于“%s”阶段", round, s_phase (phase));
    if (earlier)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "您已于 %s评价过%s的作风纪律；评价是记录，不能重复或修改", earlier, group);
    return 0;
}

int
xc_rate_conduct (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__ConductRate *rate = request->conduct_rate;
    if (rate->score < 1 || rate->score > 5)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_BAD_REQUEST,
                             "评分须为 1 至 5 分（5 分最好），收到的是 %d 分", (int) rate->score);
    int64_t round_id;
    if (s_check_rating (call, rate, &round_id) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, round_id), xc_call_int (call, rate->group_id),
                             xc_call_int (call, call->who.org_unit_id), xc_call_int (call, call->who.user_id),
                             xc_call_int (call, rate->score), rate->comment, xc_call_now (call) };
    PGresult *result = xc_call_query (call,
        "WITH rated AS (INSERT INTO conduct_rating (round_id, group_id, unit_id, rated_by, score, comment, rated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, " XC_CLOCK_TIME ("7") ") RETURNING *)"
        " SELECT " XC_RATING_COLUMNS " FROM rated c JOIN inspection_group g ON g.id = c.group_id", 7, params);
    if (!result)
        return -1;
    Xuncha__ConductRating *rating = s_rating_from_row (call, result, 0);
    PQclear (result);
    if (xc_call_log_change (call, "rate_conduct", "conduct_rating", rating->id) != 0)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_CONDUCT_RATING;
    call->reply->conduct_rating = rating;
    return 0;
}

int
xc_list_conduct_ratings (xc_call_t *call, const Xuncha__Request *request)
{
    const char *params[] = { xc_call_int (call, request->conduct_rating_list->round_id) };
    PGresult *round = xc_call_query_one (call, "巡察轮次", "SELECT id FROM round WHERE id = $1", 1, params);
    if (!round)
        return -1;
    PQclear (round);
    PGresult *result = xc_call_query (call,
        "SELECT " XC_RATING_COLUMNS XC_RATING_FROM " WHERE c.round_id = $1 ORDER BY g.number, c.rated_at, c.id",
        1, params);
    if (!result)
        return -1;
    Xuncha__ConductRatings *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__conduct_ratings__init (list);
    list->ratings = (Xuncha__ConductRating **) xc_call_read_rows (call, result, s_rating_from_row, &list->n_ratings);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_CONDUCT_RATINGS;
    call->reply->conduct_ratings = list;
    return 0;
}

/* ------------------------------------------------------------------ 工作鉴定 */

#define XC_APPRAISAL_COLUMNS \
    "a.id, a.round_id, a.inspector_id, i.name, a.grade, a.comment, a.exclude_from_pool, u.display_name, " \
    XC_LOCAL_TIME ("a.appraised_at")
#define XC_APPRAISAL_JOINS \
    " JOIN inspector i ON i.id = a.inspector_id JOIN app_user u ON u.id = a.appraised_by"

static void *
s_appraisal_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__InspectorAppraisal *appraisal = xc_arena_alloc (call->arena, sizeof *appraisal);
    xuncha__inspector_appraisal__init (appraisal);
    appraisal->id = xc_row_int (result, row, 0);
    appraisal->round_id = xc_row_int (result, row, 1);
    appraisal->inspector_id = xc_row_int (result, row, 2);
    appraisal->inspector_name = xc_row_text (call, result, row, 3);
    appraisal->grade = (Xuncha__AppraisalGrade) xc_row_int (result, row, 4);
    appraisal->comment = xc_row_text (call, result, row, 5);
    appraisal->exclude_from_pool = *PQgetvalue (result, row, 6) == 't';
    appraisal->appraised_by = xc_row_text (call, result, row, 7);
    appraisal->appraised_at = xc_row_text (call, result, row, 8);
    return appraisal;
}

/* Whether the 巡察办 may appraise the inspector for the round now: both exist, he
 * served in one of its groups, the round (share-locked) is in 整改, and he has no
 * appraisal for it yet. */
static int
s_check_appraisal (xc_call_t *call, const Xuncha__InspectorAppraise *appraise)
{
    const char *params[] = { xc_call_int (call, appraise->round_id), xc_call_int (call, appraise->inspector_id) };
    PGresult *result = xc_call_query_one (call, "巡察轮次",
        "SELECT r.phase, " XC_ROUND_TITLE ("r") ", i.name,"
        " EXISTS (SELECT 1 FROM group_member m WHERE m.round_id = r.id AND m.inspector_id = $2),"
        " (SELECT " XC_LOCAL_TIME ("a.appraised_at") " FROM inspector_appraisal a"
        "   WHERE a.round_id = r.id AND a.inspector_id = $2)"
        " FROM round r LEFT JOIN inspector i ON i.id = $2 WHERE r.id = $1 FOR SHARE OF r", 2, params);
    if (!result)
        return -1;
    int phase = (int) xc_row_int (result, 0, 0);
    const char *round = xc_row_text (call, result, 0, 1);
    int found = !PQgetisnull (result, 0, 2);
    const char *name = xc_row_text (call, result, 0, 2);
    int served = *PQgetvalue (result, 0, 3) == 't';
    const char *earlier = PQgetisnull (result, 0, 4) ? NULL : xc_row_text (call, result, 0, 4);
    PQclear (result);
    if (!found)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_NOT_FOUND, "检查人员不存在");
    if (!served)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "检查人员 %s 不是%s任何巡察组的成员，不能对其作本轮工作鉴定", name, round);
    if (phase == XUNCHA__PHASE__PHASE_ARCHIVED)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "%s已归档，不能再作工作鉴定", round);
    if (phase != XUNCHA__PHASE__PHASE_RECTIFICATION)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "工作鉴定在“整改”阶段进行，%s当前处于“%s”阶段", round, s_phase (phase));
    if (earlier)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT,
                             "已于 %s 对检查人员 %s 作出%s的工作鉴定；鉴定是记录，不能重复或修改", earlier, name,
                             round);
    return 0;
}

static int
s_reply_appraisal (xc_call_t *call, int64_t appraisal_id)
{
    const char *params[] = { xc_call_int (call, appraisal_id) };
    PGresult *result = xc_call_query_one (call, "工作鉴定",
        "SELECT " XC_APPRAISAL_COLUMNS " FROM inspector_appraisal a" XC_APPRAISAL_JOINS " WHERE a.id = $1", 1, params);
    if (!result)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_INSPECTOR_APPRAISAL;
    call->reply->inspector_appraisal = s_appraisal_from_row (call, result, 0);
    PQclear (result);
    return 0;
}

int
xc_appraise_inspector (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__InspectorAppraise *appraise = request->inspector_appraise;
    if (s_check_appraisal (call, appraise) != 0)
        return -1;
    const char *params[] = { xc_call_int (call, appraise->round_id), xc_call_int (call, appraise->inspector_id),
                             xc_call_int (call, appraise->grade), appraise->comment,
                             appraise->exclude_from_pool ? "true" : "false", xc_call_int (call, call->who.user_id),
                             xc_call_now (call) };
    PGresult *result = xc_call_query (call,
        "INSERT INTO inspector_appraisal (round_id, inspector_id, grade, comment, exclude_from_pool, appraised_by,"
        " appraised_at) VALUES ($1, $2, $3, $4, $5, $6, " XC_CLOCK_TIME ("7") ") RETURNING id", 7, params);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "appraise_inspector", "inspector_appraisal", id) != 0)
        return -1;
    if (appraise->exclude_from_pool) {
        /* the first exclusion stays (an inspector excluded before keeps that appraisal) */
        const char *exclude[] = { params[1], xc_call_int (call, id) };
        PGresult *excluded = xc_call_query (call,
            "UPDATE inspector SET excluded_from_pool = $2 WHERE id = $1 AND excluded_from_pool IS NULL", 2, exclude);
        if (!excluded)
            return -1;
        int changed = *PQcmdTuples (excluded) == '1';
        PQclear (excluded);
        if (changed && xc_call_log_change (call, "exclude_from_pool", "inspector", appraise->inspector_id) != 0)
            return -1;
    }
    return s_reply_appraisal (call, id);
}

int
xc_list_inspector_appraisals (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__InspectorAppraisalList *filter = request->inspector_appraisal_list;
    const char *params[] = { xc_call_id_or_null (call, filter->round_id), xc_call_id_or_null (call, filter->inspector_id) };
    PGresult *result = xc_call_query (call,
        "SELECT " XC_APPRAISAL_COLUMNS " FROM inspector_appraisal a" XC_APPRAISAL_JOINS
        " JOIN round r ON r.id = a.round_id"
        " WHERE ($1::bigint IS NULL OR a.round_id = $1) AND ($2::bigint IS NULL OR a.inspector_id = $2)"
        " ORDER BY r.committee, r.number, i.name, a.id", 2, params);
    if (!result)
        return -1;
    Xuncha__InspectorAppraisals *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__inspector_appraisals__init (list);
    list->appraisals = (Xuncha__InspectorAppraisal **) xc_call_read_rows (call, result, s_appraisal_from_row,
                                                                           &list->n_appraisals);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_INSPECTOR_APPRAISALS;
    call->reply->inspector_appraisals = list;
    return 0;
}

/* ------------------------------------------------------------------ the pool */

int
xc_require_in_pool (xc_call_t *call, int64_t inspector_id)
{
    const char *params[] = { xc_call_int (call, inspector_id) };
    PGresult *result = xc_call_query_one (call, "检查人员",
        "SELECT i.name, " XC_POOL_EXCLUSION ("i") " FROM inspector i WHERE i.id = $1", 1, params);
    if (!result)
        return -1;
    int rc = 0;
    if (!PQgetisnull (result, 0, 1))
        rc = xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "该人员（%s）%s，不能加入巡察组",
                           PQgetvalue (result, 0, 0), PQgetvalue (result, 0, 1));
    PQclear (result);
    return rc;
}
