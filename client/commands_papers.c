/* commands_papers — 问题底稿 (draft, edit, the workflow, list, show, history), 问题分类
 * and 抽检 (see commands.h). Each builder reads its options and sets one body. */
#include "commands.h"
#include <string.h>

#define XC_PAPER_CONTENT_OPTIONS \
    "title,facts,category,basis,evidence-record,evidence-attachment,responsible,found-by,found-date"
#define XC_PAPER_CONTENT_USAGE \
    "--title 标题 --facts 事实 --category 分类编号 --basis 定性依据 [--evidence-record 记录编号 ...]" \
    " [--evidence-attachment 附件编号 ...] [--responsible 责任人 ...] [--found-by 发现人] [--found-date YYYY-MM-DD]"
#define XC_EVIDENCE_MAX 64   /* as many options as one command line holds */

int
xc_read_evidence (xc_cli_t *cli, Xuncha__EvidenceItem ***evidence, size_t *n_evidence)
{
    static Xuncha__EvidenceItem items[XC_EVIDENCE_MAX];
    static Xuncha__EvidenceItem *pointers[XC_EVIDENCE_MAX];
    static const char *const options[] = { "evidence-record", "evidence-attachment" };
    size_t n = 0;
    for (size_t k = 0; k < 2; k++) {
        int64_t *ids;
        size_t count;
        if (xc_cli_int64_all (cli, options[k], &ids, &count) != 0)
            return -1;
        for (size_t i = 0; i < count && n < XC_EVIDENCE_MAX; i++, n++) {
            xuncha__evidence_item__init (&items[n]);
            if (k == 0)
                items[n].record_id = ids[i];
            else
                items[n].attachment_id = ids[i];
            pointers[n] = &items[n];
        }
    }
    *evidence = pointers;
    *n_evidence = n;
    return 0;
}

static int
s_read_content (xc_cli_t *cli, Xuncha__WorkingPaperContent *content)
{
    xuncha__working_paper_content__init (content);
    if (xc_cli_text (cli, "title", 1, &content->title) || xc_cli_text (cli, "facts", 1, &content->facts)
        || xc_cli_int64 (cli, "category", 1, &content->category_id) || xc_cli_text (cli, "basis", 1, &content->basis)
        || xc_cli_text (cli, "found-by", 0, &content->found_by)
        || xc_cli_text (cli, "found-date", 0, &content->found_date)
        || xc_read_evidence (cli, &content->evidence, &content->n_evidence))
        return -1;
    content->responsible_persons = xc_cli_all (cli, "responsible", &content->n_responsible_persons);
    return 0;
}

static int
s_paper_draft (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__PaperDraft body = XUNCHA__PAPER_DRAFT__INIT;
    static Xuncha__WorkingPaperContent content;
    if (xc_cli_int64 (cli, "group", 1, &body.group_id) || xc_cli_int64 (cli, "unit", 1, &body.unit_id)
        || s_read_content (cli, &content))
        return -1;
    body.content = &content;
    XC_SET_BODY (request, paper_draft, PAPER_DRAFT, &body);
    return 0;
}

static int
s_paper_edit (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__PaperEdit body = XUNCHA__PAPER_EDIT__INIT;
    static Xuncha__WorkingPaperContent content;
    if (xc_cli_int64 (cli, "paper", 1, &body.paper_id) || xc_cli_text (cli, "note", 0, &body.change_note)
        || s_read_content (cli, &content))
        return -1;
    body.content = &content;
    XC_SET_BODY (request, paper_edit, PAPER_EDIT, &body);
    return 0;
}

static int
s_paper_move (xc_cli_t *cli, Xuncha__Request *request, Xuncha__PaperAction action)
{
    static Xuncha__PaperTransition body = XUNCHA__PAPER_TRANSITION__INIT;
    if (xc_cli_int64 (cli, "paper", 1, &body.paper_id) || xc_cli_text (cli, "reason", 0, &body.reason))
        return -1;
    body.action = action;
    XC_SET_BODY (request, paper_transition, PAPER_TRANSITION, &body);
    return 0;
}

#define XC_PAPER_MOVE(name, ACTION)                                                    \
    static int name (xc_cli_t *cli, Xuncha__Request *request)                          \
    {                                                                                  \
        return s_paper_move (cli, request, XUNCHA__PAPER_ACTION__PAPER_ACTION_##ACTION); \
    }
XC_PAPER_MOVE (s_paper_submit, SUBMIT)
XC_PAPER_MOVE (s_paper_return, RETURN)
XC_PAPER_MOVE (s_paper_sign, SIGN)
XC_PAPER_MOVE (s_paper_include, INCLUDE)
XC_PAPER_MOVE (s_paper_exclude, EXCLUDE)
XC_PAPER_MOVE (s_paper_revise, REVISE)

static int
s_paper_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__PaperList body = XUNCHA__PAPER_LIST__INIT;
    int state;
    if (xc_cli_int64 (cli, "group", 0, &body.group_id) || xc_cli_int64 (cli, "round", 0, &body.round_id)
        || xc_cli_enum (cli, "state", 0, &xuncha__paper_state__descriptor, &state))
        return -1;
    body.state = (Xuncha__PaperState) state;
    XC_SET_BODY (request, paper_list, PAPER_LIST, &body);
    return 0;
}

static int
s_paper_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__PaperShow body = XUNCHA__PAPER_SHOW__INIT;
    if (xc_cli_int64 (cli, "paper", 1, &body.paper_id))
        return -1;
    XC_SET_BODY (request, paper_show, PAPER_SHOW, &body);
    return 0;
}

static int
s_paper_history (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__PaperHistoryShow body = XUNCHA__PAPER_HISTORY_SHOW__INIT;
    if (xc_cli_int64 (cli, "paper", 1, &body.paper_id))
        return -1;
    XC_SET_BODY (request, paper_history_show, PAPER_HISTORY_SHOW, &body);
    return 0;
}

static int
s_category_list (xc_cli_t *cli, Xuncha__Request *request)
{
    (void) cli;
    static Xuncha__CategoryList body = XUNCHA__CATEGORY_LIST__INIT;
    XC_SET_BODY (request, category_list, CATEGORY_LIST, &body);
    return 0;
}

static int
s_category_add (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__CategoryAdd body = XUNCHA__CATEGORY_ADD__INIT;
    if (xc_cli_text (cli, "name", 1, &body.name) || xc_cli_int64 (cli, "parent", 0, &body.parent_id))
        return -1;
    XC_SET_BODY (request, category_add, CATEGORY_ADD, &body);
    return 0;
}

static int
s_category_rename (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__CategoryRename body = XUNCHA__CATEGORY_RENAME__INIT;
    if (xc_cli_int64 (cli, "category", 1, &body.category_id) || xc_cli_text (cli, "name", 1, &body.name))
        return -1;
    XC_SET_BODY (request, category_rename, CATEGORY_RENAME, &body);
    return 0;
}

static int
s_category_retire (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__CategoryRetire body = XUNCHA__CATEGORY_RETIRE__INIT;
    if (xc_cli_int64 (cli, "category", 1, &body.category_id))
        return -1;
    XC_SET_BODY (request, category_retire, CATEGORY_RETIRE, &body);
    return 0;
}

static int
s_spotcheck_draw (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__SpotCheckDraw body = XUNCHA__SPOT_CHECK_DRAW__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id) || xc_cli_int32 (cli, "size", 1, &body.size))
        return -1;
    XC_SET_BODY (request, spot_check_draw, SPOT_CHECK_DRAW, &body);
    return 0;
}

static int
s_spotcheck_record (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__SpotCheckRecord body = XUNCHA__SPOT_CHECK_RECORD__INIT;
    int result;
    if (xc_cli_int64 (cli, "check", 1, &body.spot_check_id) || xc_cli_int64 (cli, "paper", 1, &body.paper_id)
        || xc_cli_enum (cli, "result", 1, &xuncha__spot_check_result__descriptor, &result)
        || xc_cli_text (cli, "comment", 0, &body.comment))
        return -1;
    body.result = (Xuncha__SpotCheckResult) result;
    XC_SET_BODY (request, spot_check_record, SPOT_CHECK_RECORD, &body);
    return 0;
}

static int
s_spotcheck_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__SpotCheckList body = XUNCHA__SPOT_CHECK_LIST__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id))
        return -1;
    XC_SET_BODY (request, spot_check_list, SPOT_CHECK_LIST, &body);
    return 0;
}

const xc_command_t xc_paper_commands[] = {
    { "paper", "draft", "group,unit," XC_PAPER_CONTENT_OPTIONS,
      "xuncha paper draft --group 组编号 --unit 单位编号 " XC_PAPER_CONTENT_USAGE, "起草问题底稿（第1版）",
      s_paper_draft, NULL },
    { "paper", "edit", "paper,note," XC_PAPER_CONTENT_OPTIONS,
      "xuncha paper edit --paper 编号 " XC_PAPER_CONTENT_USAGE " [--note 修改说明]",
      "修改起草中的底稿：给出完整内容，生成新版本", s_paper_edit, NULL },
    { "paper", "submit", "paper", "xuncha paper submit --paper 编号", "提交组内审议", s_paper_submit, NULL },
    { "paper", "return", "paper,reason", "xuncha paper return --paper 编号 [--reason 退回理由]", "退回起草",
      s_paper_return, NULL },
    { "paper", "sign", "paper", "xuncha paper sign --paper 编号", "组长签批并编号（仅组长）", s_paper_sign, NULL },
    { "paper", "include", "paper", "xuncha paper include --paper 编号", "纳入巡察报告（仅组长）",
      s_paper_include, NULL },
    { "paper", "exclude", "paper,reason", "xuncha paper exclude --paper 编号 --reason 理由",
      "不纳入巡察报告，须说明理由（仅组长）", s_paper_exclude, NULL },
    { "paper", "revise", "paper,reason", "xuncha paper revise --paper 编号 --reason 理由",
      "修订已签批的底稿：生成新版本回到起草，编号不变", s_paper_revise, NULL },
    { "paper", "list", "group,round,state",
      "xuncha paper list (--group 组编号 | --round 轮次编号) [--state 起草|组内审议|组长签批|纳入报告|不纳入报告]",
      "列出问题底稿", s_paper_list, NULL },
    { "paper", "show", "paper", "xuncha paper show --paper 编号", "查看底稿（当前版本及证据）", s_paper_show, NULL },
    { "paper", "history", "paper", "xuncha paper history --paper 编号", "查看底稿的全部版本与流转记录",
      s_paper_history, NULL },
    { "category", "list", "", "xuncha category list", "列出问题分类", s_category_list, NULL },
    { "category", "add", "name,parent", "xuncha category add --name 名称 [--parent 上级分类编号]", "新增问题分类（巡察办）",
      s_category_add, NULL },
    { "category", "rename", "category,name", "xuncha category rename --category 分类编号 --name 新名称",
      "修改问题分类名称（巡察办）", s_category_rename, NULL },
    { "category", "retire", "category", "xuncha category retire --category 分类编号",
      "停用问题分类及其下级（巡察办；已有底稿不受影响）", s_category_retire, NULL },
    { "spotcheck", "draw", "round,size", "xuncha spotcheck draw --round 轮次编号 --size 抽样份数",
      "随机抽取本轮已签批的底稿（巡察办）", s_spotcheck_draw, NULL },
    { "spotcheck", "record", "check,paper,result,comment",
      "xuncha spotcheck record --check 抽检编号 --paper 编号 --result 合格|基本合格|不合格 [--comment 意见]",
      "记录一份底稿的抽检结果（巡察办）", s_spotcheck_record, NULL },
    { "spotcheck", "list", "round", "xuncha spotcheck list --round 轮次编号", "查看本轮抽检", s_spotcheck_list, NULL },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
