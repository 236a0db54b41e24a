/* request_kinds — see request_kinds.h. */
#include "request_kinds.h"

#define XC_PLANNERS XC_ROLE (OFFICE)
#define XC_INSPECTION_READERS (XC_ROLE (OFFICE) | XC_ROLE (GROUP_LEADER) | XC_ROLE (GROUP_MEMBER) | XC_ROLE (READONLY))
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
    { XC_BODY (INSPECTOR_LIST), "inspector_list", "查看巡察人才库", false, XC_PLANNERS | XC_ROLE (READONLY), xc_list_inspectors },
    { XC_BODY (ROUND_CREATE), "round_create", "创建巡察轮次", true, XC_PLANNERS, xc_plan_round },
    { XC_BODY (ROUND_BATCH_ADD), "round_batch_add", "划分批次", true, XC_PLANNERS, xc_add_round_batch },
    { XC_BODY (ROUND_LIST), "round_list", "查看巡察轮次", false, XC_INSPECTION_READERS, xc_list_rounds },
    { XC_BODY (ROUND_SHOW), "round_show", "查看轮次详情", false, XC_INSPECTION_READERS, xc_show_round },
    { XC_BODY (ROUND_ADVANCE), "round_advance", "推进巡察阶段", true, XC_PLANNERS, xc_advance_round_phase },
    { XC_BODY (GROUP_CREATE), "group_create", "组建巡察组", true, XC_PLANNERS, xc_form_group },
    { XC_BODY (GROUP_MEMBER_ADD), "group_member_add", "调整巡察组成员", true, XC_PLANNERS, xc_add_group_member },
    { XC_BODY (GROUP_UNIT_ASSIGN), "group_unit_assign", "分配被巡察单位", true, XC_PLANNERS, xc_assign_unit_to_group },
    { XC_BODY (GROUP_LIST), "group_list", "查看巡察组", false, XC_INSPECTION_READERS, xc_list_groups },
    { XC_BODY (GROUP_SHOW), "group_show", "查看巡察组详情", false, XC_INSPECTION_READERS, xc_show_group },
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
