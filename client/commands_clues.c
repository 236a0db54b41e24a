/* commands_clues — 问题线索 (draft, approve, transfer in batches; the receiver's 签收,
 * disposal, result and rating; list, show, quality per group) and the settings the
 * 巡察办 changes (see commands.h). Each builder reads its options and sets one body.
 * --person and --conduct are not required here: a clue without them reaches the
 * server, whose refusal names every missing part ("线索太笼统：缺少…"). */
#include "commands.h"

#define XC_DISPOSALS "谈话函询|初步核实|暂存待查|予以了结"

static int
s_read_content (xc_cli_t *cli, Xuncha__ClueContent *content, Xuncha__CluePerson *person)
{
    xuncha__clue_content__init (content);
    xuncha__clue_person__init (person);
    int suggested, cadre_selection;
    if (xc_cli_text (cli, "person", 0, &person->name) || xc_cli_text (cli, "position", 0, &person->position)
        || xc_cli_text (cli, "person-unit", 0, &person->unit) || xc_cli_text (cli, "conduct", 0, &content->conduct)
        || xc_cli_text (cli, "time-place", 0, &content->time_place) || xc_cli_text (cli, "amount", 0, &content->amount)
        || xc_cli_enum (cli, "suggest", 0, &xuncha__clue_disposal__descriptor, &suggested)
        || xc_cli_text (cli, "suggestion", 0, &content->suggestion) || xc_cli_bool (cli, "cadre-selection", &cadre_selection)
        || xc_read_evidence (cli, &content->evidence, &content->n_evidence)
        || xc_cli_int64_all (cli, "paper", &content->paper_ids, &content->n_paper_ids))
        return -1;
    content->person = person;
    content->suggested_disposal = (Xuncha__ClueDisposal) suggested;
    content->cadre_selection = cadre_selection;
    return 0;
}

static int
s_clue_draft (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueDraft body = XUNCHA__CLUE_DRAFT__INIT;
    static Xuncha__ClueContent content;
    static Xuncha__CluePerson person;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "unit", 1, &body.unit_id)
        || s_read_content (cli, &content, &person))
        return -1;
    body.content = &content;
    XC_SET_BODY (request, clue_draft, CLUE_DRAFT, &body);
    return 0;
}

static int
s_clue_approve (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueApprove body = XUNCHA__CLUE_APPROVE__INIT;
    if (xc_cli_int64 (cli, "clue", 1, &body.clue_id))
        return -1;
    XC_SET_BODY (request, clue_approve, CLUE_APPROVE, &body);
    return 0;
}

static int
s_clue_transfer (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueTransfer body = XUNCHA__CLUE_TRANSFER__INIT;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "to", 1, &body.receiver_unit_id)
        || xc_cli_int64_all (cli, "clue", &body.clue_ids, &body.n_clue_ids))
        return -1;
    XC_SET_BODY (request, clue_transfer, CLUE_TRANSFER, &body);
    return 0;
}

static int
s_clue_receive (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueReceive body = XUNCHA__CLUE_RECEIVE__INIT;
    if (xc_cli_int64 (cli, "batch", 1, &body.batch_id))
        return -1;
    XC_SET_BODY (request, clue_receive, CLUE_RECEIVE, &body);
    return 0;
}

static int
s_clue_dispose (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueDispose body = XUNCHA__CLUE_DISPOSE__INIT;
    int disposal;
    if (xc_cli_int64 (cli, "clue", 1, &body.clue_id)
        || xc_cli_enum (cli, "disposal", 1, &xuncha__clue_disposal__descriptor, &disposal)
        || xc_cli_text (cli, "note", 0, &body.note))
        return -1;
    body.disposal = (Xuncha__ClueDisposal) disposal;
    XC_SET_BODY (request, clue_dispose, CLUE_DISPOSE, &body);
    return 0;
}

static int
s_clue_result (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueReportResult body = XUNCHA__CLUE_REPORT_RESULT__INIT;
    if (xc_cli_int64 (cli, "clue", 1, &body.clue_id) || xc_cli_text (cli, "result", 1, &body.result))
        return -1;
    XC_SET_BODY (request, clue_report_result, CLUE_REPORT_RESULT, &body);
    return 0;
}

static int
s_clue_rate (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueRate body = XUNCHA__CLUE_RATE__INIT;
    if (xc_cli_int64 (cli, "clue", 1, &body.clue_id) || xc_cli_int32 (cli, "quality", 1, &body.quality)
        || xc_cli_text (cli, "comment", 0, &body.comment))
        return -1;
    XC_SET_BODY (request, clue_rate, CLUE_RATE, &body);
    return 0;
}

static int
s_clue_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueList body = XUNCHA__CLUE_LIST__INIT;
    int state, overdue;
    if (xc_cli_int64 (cli, "round", 0, &body.round_id) || xc_cli_int64 (cli, "group", 0, &body.group_id)
        || xc_cli_enum (cli, "state", 0, &xuncha__clue_state__descriptor, &state) || xc_cli_bool (cli, "overdue", &overdue))
        return -1;
    body.state = (Xuncha__ClueState) state;
    body.overdue_only = overdue;
    XC_SET_BODY (request, clue_list, CLUE_LIST, &body);
    return 0;
}

static int
s_clue_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueShow body = XUNCHA__CLUE_SHOW__INIT;
    if (xc_cli_int64 (cli, "clue", 1, &body.clue_id))
        return -1;
    XC_SET_BODY (request, clue_show, CLUE_SHOW, &body);
    return 0;
}

static int
s_clue_quality (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ClueQualityShow body = XUNCHA__CLUE_QUALITY_SHOW__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id))
        return -1;
    XC_SET_BODY (request, clue_quality_show, CLUE_QUALITY_SHOW, &body);
    return 0;
}

static int
s_setting_list (xc_cli_t *cli, Xuncha__Request *request)
{
    (void) cli;
    static Xuncha__SettingList body = XUNCHA__SETTING_LIST__INIT;
    XC_SET_BODY (request, setting_list, SETTING_LIST, &body);
    return 0;
}

static int
s_setting_set (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__SettingSet body = XUNCHA__SETTING_SET__INIT;
    if (xc_cli_text (cli, "key", 1, &body.key) || xc_cli_text (cli, "value", 1, &body.value))
        return -1;
    XC_SET_BODY (request, setting_set, SETTING_SET, &body);
    return 0;
}

const xc_command_t xc_clue_commands[] = {
    { "clue", "draft",
      "group,unit,person,position,person-unit,conduct,time-place,amount,evidence-record,evidence-attachment,paper,"
      "suggest,suggestion,cadre-selection",
      "xuncha clue draft --group 组编号 --unit 单位编号 --person 被反映人姓名 [--position 职务] [--person-unit 所在单位]"
      " --conduct 具体问题 [--time-place 时间地点] [--amount 涉及金额] [--evidence-record 记录编号 ...]"
      " [--evidence-attachment 附件编号 ...] [--paper 底稿编号 ...] [--suggest " XC_DISPOSALS "]"
      " [--suggestion 处置建议] [--cadre-selection 是|否]",
      "起草问题线索：须写明被反映人和具体问题", s_clue_draft, NULL },
    { "clue", "approve", "clue", "xuncha clue approve --clue 线索编号", "批准问题线索（仅组长）", s_clue_approve, NULL },
    { "clue", "transfer", "group,clue,to", "xuncha clue transfer --group 组编号 --clue 线索编号 [--clue 线索编号 ...] --to 单位编号",
      "将已批准的线索编成批次移交纪委监委（选人用人问题移交组织部；仅组长）", s_clue_transfer, NULL },
    { "clue", "receive", "batch", "xuncha clue receive --batch 批次编号", "签收移交批次（接收单位）", s_clue_receive, NULL },
    { "clue", "dispose", "clue,disposal,note", "xuncha clue dispose --clue 线索编号 --disposal " XC_DISPOSALS " [--note 说明]",
      "确定线索处置方式（接收单位；反馈结果前可改）", s_clue_dispose, NULL },
    { "clue", "result", "clue,result", "xuncha clue result --clue 线索编号 --result 办理结果", "反馈线索办理结果（接收单位）",
      s_clue_result, NULL },
    { "clue", "rate", "clue,quality,comment", "xuncha clue rate --clue 线索编号 --quality 1-5 [--comment 评价]",
      "评价线索质量（接收单位）", s_clue_rate, NULL },
    { "clue", "list", "round,group,state,overdue",
      "xuncha clue list [--round 轮次编号] [--group 组编号] [--state 起草|已批准|已移交|已签收|已确定处置|已反馈结果] [--overdue 是]",
      "列出可见的问题线索（含移交天数与反馈逾期）", s_clue_list, NULL },
    { "clue", "show", "clue", "xuncha clue show --clue 线索编号", "查看问题线索（含证据与办理情况）", s_clue_show, NULL },
    { "clue", "quality", "round", "xuncha clue quality --round 轮次编号", "各巡察组线索质量统计（巡察办）", s_clue_quality, NULL },
    { "setting", "list", "", "xuncha setting list", "查看系统设置", s_setting_list, NULL },
    { "setting", "set", "key,value", "xuncha setting set --key 设置项 --value 取值",
      "修改系统设置（巡察办），如 --key clue_feedback_months --value 3", s_setting_set, NULL },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
