/* commands_planning — the commands of planning: units, users, the inspector pool,
 * rounds and groups (see commands.h). Each builder reads its options and sets one body. */
#include "commands.h"
#include "xc_keys.h"
#include <string.h>

static int
s_ping (xc_cli_t *cli, Xuncha__Request *request)
{
    (void) cli;
    static Xuncha__Ping body = XUNCHA__PING__INIT;
    XC_SET_BODY (request, ping, PING, &body);
    return 0;
}

static int
s_who_am_i (xc_cli_t *cli, Xuncha__Request *request)
{
    (void) cli;
    static Xuncha__WhoAmI body = XUNCHA__WHO_AM_I__INIT;
    XC_SET_BODY (request, who_am_i, WHO_AM_I, &body);
    return 0;
}

static int
s_unit_add (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__OrgUnitCreate body = XUNCHA__ORG_UNIT_CREATE__INIT;
    int kind;
    if (xc_cli_text (cli, "name", 1, &body.name) || xc_cli_enum (cli, "kind", 1, &xuncha__unit_kind__descriptor, &kind)
        || xc_cli_int64 (cli, "parent", 0, &body.parent_id))
        return -1;
    body.kind = (Xuncha__UnitKind) kind;
    XC_SET_BODY (request, org_unit_create, ORG_UNIT_CREATE, &body);
    return 0;
}

static int
s_unit_list (xc_cli_t *cli, Xuncha__Request *request)
{
    (void) cli;
    static Xuncha__OrgUnitList body = XUNCHA__ORG_UNIT_LIST__INIT;
    XC_SET_BODY (request, org_unit_list, ORG_UNIT_LIST, &body);
    return 0;
}

static int
s_user_add (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__UserCreate body = XUNCHA__USER_CREATE__INIT;
    int role, unit_head;
    if (xc_cli_text (cli, "name", 1, &body.display_name) || xc_cli_enum (cli, "role", 1, &xuncha__role__descriptor, &role)
        || xc_cli_text (cli, "public-key", 1, &body.public_key) || xc_cli_int64 (cli, "unit", 0, &body.org_unit_id)
        || xc_cli_bool (cli, "unit-head", &unit_head))
        return -1;
    body.role = (Xuncha__Role) role;
    body.unit_head = unit_head;
    static char key[41];
    if (xc_keys_public (body.public_key, key) == 0)   /* a certificate file: its public key */
        body.public_key = key;
    XC_SET_BODY (request, user_create, USER_CREATE, &body);
    return 0;
}

static int
s_user_list (xc_cli_t *cli, Xuncha__Request *request)
{
    (void) cli;
    static Xuncha__UserList body = XUNCHA__USER_LIST__INIT;
    XC_SET_BODY (request, user_list, USER_LIST, &body);
    return 0;
}

/* 主要负责人 on (the default) or, with --off, off. */
static int
s_user_set_head (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__UserSetUnitHead body = XUNCHA__USER_SET_UNIT_HEAD__INIT;
    int off;
    if (xc_cli_int64 (cli, "user", 1, &body.user_id) || xc_cli_bool (cli, "off", &off))
        return -1;
    body.unit_head = !off;
    XC_SET_BODY (request, user_set_unit_head, USER_SET_UNIT_HEAD, &body);
    return 0;
}

static int
s_inspector_add (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__InspectorCreate body = XUNCHA__INSPECTOR_CREATE__INIT;
    if (xc_cli_text (cli, "name", 1, &body.name) || xc_cli_int64 (cli, "home-unit", 1, &body.home_unit_id)
        || xc_cli_int64 (cli, "user", 0, &body.user_id))
        return -1;
    body.specialties = xc_cli_all (cli, "specialty", &body.n_specialties);
    XC_SET_BODY (request, inspector_create, INSPECTOR_CREATE, &body);
    return 0;
}

static int
s_inspector_relate (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__InspectorRelationAdd body = XUNCHA__INSPECTOR_RELATION_ADD__INIT;
    if (xc_cli_int64 (cli, "inspector", 1, &body.inspector_id) || xc_cli_int64 (cli, "unit", 1, &body.unit_id)
        || xc_cli_text (cli, "relation", 1, &body.relation))
        return -1;
    XC_SET_BODY (request, inspector_relation_add, INSPECTOR_RELATION_ADD, &body);
    return 0;
}

static int
s_inspector_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__InspectorList body = XUNCHA__INSPECTOR_LIST__INIT;
    if (xc_cli_text (cli, "specialty", 0, &body.specialty))
        return -1;
    XC_SET_BODY (request, inspector_list, INSPECTOR_LIST, &body);
    return 0;
}

static int
s_round_create (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__RoundCreate body = XUNCHA__ROUND_CREATE__INIT;
    int type;
    if (xc_cli_text (cli, "committee", 1, &body.committee) || xc_cli_int32 (cli, "number", 1, &body.number)
        || xc_cli_enum (cli, "type", 1, &xuncha__round_type__descriptor, &type)
        || xc_cli_text (cli, "start", 1, &body.start_date) || xc_cli_text (cli, "end", 1, &body.end_date)
        || xc_cli_text (cli, "midpoint", 0, &body.midpoint_date))
        return -1;
    body.type = (Xuncha__RoundType) type;
    XC_SET_BODY (request, round_create, ROUND_CREATE, &body);
    return 0;
}

static int
s_round_batch (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__RoundBatchAdd body = XUNCHA__ROUND_BATCH_ADD__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id) || xc_cli_int32 (cli, "number", 1, &body.number)
        || xc_cli_text (cli, "start", 1, &body.start_date) || xc_cli_text (cli, "end", 1, &body.end_date))
        return -1;
    XC_SET_BODY (request, round_batch_add, ROUND_BATCH_ADD, &body);
    return 0;
}

static int
s_round_list (xc_cli_t *cli, Xuncha__Request *request)
{
    (void) cli;
    static Xuncha__RoundList body = XUNCHA__ROUND_LIST__INIT;
    XC_SET_BODY (request, round_list, ROUND_LIST, &body);
    return 0;
}

static int
s_round_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__RoundShow body = XUNCHA__ROUND_SHOW__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id))
        return -1;
    XC_SET_BODY (request, round_show, ROUND_SHOW, &body);
    return 0;
}

static int
s_round_advance (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__RoundAdvance body = XUNCHA__ROUND_ADVANCE__INIT;
    int phase;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id) || xc_cli_enum (cli, "to", 1, &xuncha__phase__descriptor, &phase))
        return -1;
    body.to_phase = (Xuncha__Phase) phase;
    XC_SET_BODY (request, round_advance, ROUND_ADVANCE, &body);
    return 0;
}

static int
s_group_create (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__GroupCreate body = XUNCHA__GROUP_CREATE__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id) || xc_cli_int32 (cli, "number", 1, &body.number)
        || xc_cli_text (cli, "name", 0, &body.name))
        return -1;
    XC_SET_BODY (request, group_create, GROUP_CREATE, &body);
    return 0;
}

static int
s_group_add_member (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__GroupMemberAdd body = XUNCHA__GROUP_MEMBER_ADD__INIT;
    int position;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "inspector", 1, &body.inspector_id)
        || xc_cli_enum (cli, "position", 1, &xuncha__position__descriptor, &position))
        return -1;
    body.position = (Xuncha__Position) position;
    XC_SET_BODY (request, group_member_add, GROUP_MEMBER_ADD, &body);
    return 0;
}

static int
s_group_remove_member (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__GroupMemberRemove body = XUNCHA__GROUP_MEMBER_REMOVE__INIT;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "inspector", 1, &body.inspector_id))
        return -1;
    XC_SET_BODY (request, group_member_remove, GROUP_MEMBER_REMOVE, &body);
    return 0;
}

static int
s_group_assign (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__GroupUnitAssign body = XUNCHA__GROUP_UNIT_ASSIGN__INIT;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "unit", 1, &body.unit_id)
        || xc_cli_int32 (cli, "batch", 0, &body.batch_number))
        return -1;
    XC_SET_BODY (request, group_unit_assign, GROUP_UNIT_ASSIGN, &body);
    return 0;
}

static int
s_group_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__GroupList body = XUNCHA__GROUP_LIST__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id))
        return -1;
    XC_SET_BODY (request, group_list, GROUP_LIST, &body);
    return 0;
}

static int
s_group_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__GroupShow body = XUNCHA__GROUP_SHOW__INIT;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id))
        return -1;
    XC_SET_BODY (request, group_show, GROUP_SHOW, &body);
    return 0;
}

const xc_command_t xc_planning_commands[] = {
    { "ping", NULL, "", "xuncha ping", "检查与服务器的连接", s_ping, NULL },
    { "whoami", NULL, "", "xuncha whoami", "查看本人身份与角色", s_who_am_i, NULL },
    { "unit", "add", "name,kind,parent", "xuncha unit add --name 名称 --kind 区县|乡镇|村|社区|部门|企事业单位 [--parent 上级编号]", "新建组织单位", s_unit_add, NULL },
    { "unit", "list", "", "xuncha unit list", "列出组织单位", s_unit_list, NULL },
    { "user", "add", "name,role,public-key,unit,unit-head?", "xuncha user add --name 姓名 --role 巡察办|组长|组员|纪委监委|组织部|被巡察单位|只读 --public-key 公钥或公钥文件 [--unit 单位编号] [--unit-head]", "登记用户（巡察办；--unit-head：被巡察单位的主要负责人）", s_user_add, NULL },
    { "user", "list", "", "xuncha user list", "列出用户（巡察办；被巡察单位只见本单位在用的用户）", s_user_list, NULL },
    { "user", "set-head", "user,off?", "xuncha user set-head --user 用户编号 [--off]",
      "设为被巡察单位的主要负责人，--off 取消（巡察办）", s_user_set_head, NULL },
    { "inspector", "add", "name,home-unit,specialty,user", "xuncha inspector add --name 姓名 --home-unit 所在单位编号 [--specialty 专长 ...] [--user 用户编号]", "加入巡察人才库", s_inspector_add, NULL },
    { "inspector", "relate", "inspector,unit,relation", "xuncha inspector relate --inspector 人员编号 --unit 单位编号 --relation 关系", "申报回避关系", s_inspector_relate, NULL },
    { "inspector", "list", "specialty", "xuncha inspector list [--specialty 专长]", "查看巡察人才库", s_inspector_list, NULL },
    { "round", "create", "committee,number,type,start,end,midpoint", "xuncha round create --committee 十届区委 --number 轮次 --type 常规|专项|机动|延伸|巡乡带村 --start YYYY-MM-DD --end YYYY-MM-DD [--midpoint YYYY-MM-DD]", "创建巡察轮次", s_round_create, NULL },
    { "round", "batch", "round,number,start,end", "xuncha round batch --round 轮次编号 --number 批次 --start YYYY-MM-DD --end YYYY-MM-DD", "划分批次", s_round_batch, NULL },
    { "round", "list", "", "xuncha round list", "列出巡察轮次", s_round_list, NULL },
    { "round", "show", "round", "xuncha round show --round 轮次编号", "查看轮次及其巡察组", s_round_show, NULL },
    { "round", "advance", "round,to", "xuncha round advance --round 轮次编号 --to 进驻|了解|报告|反馈|移交|整改|归档", "推进巡察阶段", s_round_advance, NULL },
    { "group", "create", "round,number,name", "xuncha group create --round 轮次编号 --number 组号 [--name 名称]", "组建巡察组", s_group_create, NULL },
    { "group", "add-member", "group,inspector,position", "xuncha group add-member --group 组编号 --inspector 人员编号 --position 组长|副组长|组员", "调整巡察组成员（回避检查）", s_group_add_member, NULL },
    { "group", "remove-member", "group,inspector", "xuncha group remove-member --group 组编号 --inspector 人员编号", "移出巡察组成员（准备阶段）", s_group_remove_member, NULL },
    { "group", "assign", "group,unit,batch", "xuncha group assign --group 组编号 --unit 单位编号 [--batch 批次]", "分配被巡察单位（回避检查）", s_group_assign, NULL },
    { "group", "list", "round", "xuncha group list --round 轮次编号", "列出本轮巡察组", s_group_list, NULL },
    { "group", "show", "group", "xuncha group show --group 组编号", "查看巡察组", s_group_show, NULL },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
