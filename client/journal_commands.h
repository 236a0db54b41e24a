/* journal_commands — the commands about the local journal itself, answered without a
 * request of their own:
 *
 *   xuncha sync                       send what is pending (progress bar), then refresh
 *                                     the offline cache
 *   xuncha sync list [--all]          the entries not yet done (--all: every one), with
 *                                     the server's reason for a refusal
 *   xuncha sync show <n>              one entry: what was typed, its state, its reason
 *   xuncha sync edit <n> [--选项 值…]  change a refused entry's options and send it again
 *   xuncha sync discard <n>           give an entry up (its sealed contents are erased)
 *   xuncha wipe [--force]             destroy the journal and the cache on this computer */
#ifndef XC_JOURNAL_COMMANDS_H
#define XC_JOURNAL_COMMANDS_H
#include "session.h"

#define XC_JOURNAL_USAGES                                                                      \
    { "xuncha sync", "同步本地待同步记录（显示进度），并更新离线缓存" },                           \
    { "xuncha sync list [--all]", "列出本地未完成的记录（--all 全部），被拒绝的附服务器理由" },    \
    { "xuncha sync show 序号", "查看一条本地记录" },                                              \
    { "xuncha sync edit 序号 [--选项 值 ...]", "修改被拒绝的本地记录的选项并重新发送" },          \
    { "xuncha sync discard 序号", "丢弃一条本地记录（清除其加密内容）" },                          \
    { "xuncha wipe [--force]", "销毁本机的本地日志与离线缓存（有待同步记录时需 --force）" }

/* True when COMMAND is one of these. */
int xc_journal_command_is (const char *command);
/* Runs it; ARGV[0] is "sync" or "wipe". Returns the exit code. */
int xc_journal_command_run (xc_session_t *session, int argc, char **argv);

#endif
