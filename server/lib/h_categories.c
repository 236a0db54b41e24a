/* h_categories — 问题分类: the taxonomy a 问题底稿 is filed under. The shipped default
 * is the 三个聚焦 and their items (migration 002); the 巡察办 adds, renames and retires
 * categories. A retired category stays on the papers filed under it, but no new draft
 * or edit may choose it; retiring a category retires everything under it. */
#include "handlers.h"

#define XC_CATEGORY_COLUMNS "c.id, c.parent_id, c.name, category_path(c.id), c.retired"

static void *
s_category_from_row (xc_call_t *call, const PGresult *result, int row)
{
    Xuncha__Category *category = xc_arena_alloc (call->arena, sizeof *category);
    xuncha__category__init (category);
    category->id = xc_row_int (result, row, 0);
    category->parent_id = xc_row_int (result, row, 1);
    category->name = xc_row_text (call, result, row, 2);
    category->path = xc_row_text (call, result, row, 3);
    category->retired = *PQgetvalue (result, row, 4) == 't';
    return category;
}

static int
s_reply_category (xc_call_t *call, int64_t category_id)
{
    const char *params[] = { xc_call_int (call, category_id) };
    PGresult *result = xc_call_query_one (call, "问题分类",
        "SELECT " XC_CATEGORY_COLUMNS " FROM problem_category c WHERE c.id = $1", 1, params);
    if (!result)
        return -1;
    call->reply->body_case = XUNCHA__REPLY__BODY_CATEGORY;
    call->reply->category = s_category_from_row (call, result, 0);
    PQclear (result);
    return 0;
}

/* Locks the category's row and tells whether it is retired (-1 after refusing). */
static int
s_lock_category (xc_call_t *call, int64_t category_id, const char *what, const char **path)
{
    const char *params[] = { xc_call_int (call, category_id) };
    PGresult *result = xc_call_query_one (call, what,
        "SELECT retired, category_path(id) FROM problem_category WHERE id = $1 FOR UPDATE", 1, params);
    if (!result)
        return -1;
    int retired = *PQgetvalue (result, 0, 0) == 't';
    *path = xc_row_text (call, result, 0, 1);
    PQclear (result);
    return retired;
}

int
xc_list_categories (xc_call_t *call, const Xuncha__Request *request)
{
    (void) request;
    /* depth first, siblings in the order they were created: the shipped order */
    PGresult *result = xc_call_query (call,
        "WITH RECURSIVE tree (id, sort) AS ("
        "   SELECT id, ARRAY[id] FROM problem_category WHERE parent_id IS NULL"
        "   UNION ALL SELECT c.id, t.sort || c.id FROM problem_category c JOIN tree t ON c.parent_id = t.id)"
        " SELECT " XC_CATEGORY_COLUMNS " FROM tree t JOIN problem_category c ON c.id = t.id ORDER BY t.sort",
        0, NULL);
    if (!result)
        return -1;
    Xuncha__Categories *list = xc_arena_alloc (call->arena, sizeof *list);
    xuncha__categories__init (list);
    list->categories = (Xuncha__Category **) xc_call_read_rows (call, result, s_category_from_row, &list->n_categories);
    PQclear (result);
    call->reply->body_case = XUNCHA__REPLY__BODY_CATEGORIES;
    call->reply->categories = list;
    return 0;
}

int
xc_add_category (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__CategoryAdd *add = request->category_add;
    const char *parent_path;
    if (add->parent_id) {
        int retired = s_lock_category (call, add->parent_id, "上级问题分类", &parent_path);
        if (retired < 0)
            return -1;
        if (retired)
            return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "上级问题分类“%s”已停用，不能在其下新增分类",
                                 parent_path);
    }
    const char *params[] = { xc_call_id_or_null (call, add->parent_id), add->name };
    PGresult *result = xc_call_query (call,
        "INSERT INTO problem_category (parent_id, name) VALUES ($1, $2) RETURNING id", 2, params);
    if (!result)
        return -1;
    int64_t id = xc_row_int (result, 0, 0);
    PQclear (result);
    if (xc_call_log_change (call, "add_category", "problem_category", id) != 0)
        return -1;
    return s_reply_category (call, id);
}

int
xc_rename_category (xc_call_t *call, const Xuncha__Request *request)
{
    const Xuncha__CategoryRename *rename = request->category_rename;
    const char *path;
    if (s_lock_category (call, rename->category_id, "问题分类", &path) < 0)
        return -1;
    const char *params[] = { xc_call_int (call, rename->category_id), rename->name };
    PGresult *result = xc_call_query (call, "UPDATE problem_category SET name = $2 WHERE id = $1", 2, params);
    if (!result)
        return -1;
    PQclear (result);
    if (xc_call_log_change (call, "rename_category", "problem_category", rename->category_id) != 0)
        return -1;
    return s_reply_category (call, rename->category_id);
}

int
xc_retire_category (xc_call_t *call, const Xuncha__Request *request)
{
    int64_t category_id = request->category_retire->category_id;
    const char *path;
    int retired = s_lock_category (call, category_id, "问题分类", &path);
    if (retired < 0)
        return -1;
    if (retired)
        return xc_call_fail (call, XUNCHA__STATUS__STATUS_CONFLICT, "问题分类“%s”已停用", path);
    const char *params[] = { xc_call_int (call, category_id) };
    PGresult *result = xc_call_query (call,
        "WITH RECURSIVE below (id) AS ("
        "   SELECT $1::bigint UNION ALL SELECT c.id FROM problem_category c JOIN below b ON c.parent_id = b.id)"
        " UPDATE problem_category SET retired = true WHERE id IN (SELECT id FROM below)", 1, params);
    if (!result)
        return -1;
    PQclear (result);
    if (xc_call_log_change (call, "retire_category", "problem_category", category_id) != 0)
        return -1;
    return s_reply_category (call, category_id);
}
