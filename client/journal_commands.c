/* journal_commands — see journal_commands.h. */
#include "journal_commands.h"
#include "cli.h"
#include "exchange.h"
#include "offline.h"
#include "output.h"
#include "sync.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XC_WORD_SEPARATOR '\x1f'

int
xc_journal_command_is (const char *command)
{
    return strcmp (command, "sync") == 0 || strcmp (command, "wipe") == 0;
}

static const char *
s_state_label (xc_entry_state_t state)
{
    switch (state) {
    case XC_ENTRY_PENDING:
        return "待同步";
    case XC_ENTRY_DONE:
        return "已同步";
    case XC_ENTRY_REFUSED:
        return "被拒绝";
    case XC_ENTRY_DISCARDED:
        return "已丢弃";
    }
    return "?";
}

/* The command line as typed: the words with spaces between (into TEXT of SIZE). */
static const char *
s_typed (const char *command_line, char *text, size_t size)
{
    snprintf (text, size, "xuncha %s", command_line ? command_line : "");
    for (char *p = text; *p; p++)
        if (*p == XC_WORD_SEPARATOR)
            *p = ' ';
    return text;
}

/* xuncha sync: pending entries, then (all sent) a fresh cache. */
static int
s_sync (xc_session_t *session)
{
    xc_sync_report_t report;
    xc_sync_options_t options = { .progress = isatty (STDERR_FILENO) && !session->json };
    int outcome = xc_sync_run (session, &options, &report);
    int cached = -1;
    if (outcome == XC_SYNC_COMPLETE) {
        cached = xc_offline_prefetch (session);
        if (cached >= 0)
            xc_journal_set_last_sync (session->journal);
    }
    size_t refused = xc_journal_count (session->journal, XC_ENTRY_REFUSED);
    if (session->json)
        printf ("{\"outcome\":%d,\"sent\":%zu,\"refused\":%zu,\"held\":%zu,\"pending\":%zu,\"refused_kept\":%zu,"
                "\"cached\":%d}\n", outcome, report.sent, report.refused, report.held, report.pending, refused, cached);
    else {
        printf ("同步：送达 %zu 条，本次被拒绝 %zu 条，等待所依赖记录 %zu 条，仍待同步 %zu 条\n", report.sent,
                report.refused, report.held, report.pending);
        if (refused)
            printf ("有 %zu 条被拒绝的本地记录保留待处理：xuncha sync list 查看理由，sync edit 修改后重发或 sync discard 丢弃\n",
                    refused);
        if (cached >= 0)
            printf ("离线缓存已更新（%d 项）\n", cached);
    }
    xc_exchange_explain (session, outcome, report.message);
    switch (outcome) {
    case XC_SYNC_COMPLETE:
        return XC_EXIT_OK;
    case XC_SYNC_KEY_REFUSED:
        return XC_EXIT_REFUSED;
    case XC_SYNC_LOCAL_ERROR:
        return XC_EXIT_LOCAL;
    default:
        return XC_EXIT_UNREACHABLE;
    }
}

static int
s_list (xc_session_t *session, int all)
{
    xc_entry_t *entries;
    size_t count;
    if (xc_journal_list (session->journal, true, &entries, &count) != 0) {
        fprintf (stderr, "xuncha: 无法读取本地日志 %s\n", xc_journal_path (session->journal));
        return XC_EXIT_LOCAL;
    }
    char last_sync[32];
    xc_journal_last_sync (session->journal, last_sync);
    if (!session->json)
        printf ("本地日志 %s；最近一次完整同步：%s\n", xc_journal_path (session->journal), *last_sync ? last_sync : "从未");
    size_t shown = 0;
    for (size_t i = 0; i < count; i++) {
        xc_entry_t *entry = &entries[i];
        if (!all && (entry->state == XC_ENTRY_DONE || entry->state == XC_ENTRY_DISCARDED))
            continue;
        char typed[1024], held[256] = "";
        if (entry->state == XC_ENTRY_PENDING)
            xc_sync_held_reason (session, entry, held, sizeof held);
        const char *why = entry->reason ? entry->reason : held;
        s_typed (entry->command_line, typed, sizeof typed);
        if (session->json) {
            printf ("%s{\"seq\":%lld,\"state\":\"%s\",\"created_at\":\"%s\",\"request_id\":\"%s\",\"result_id\":%lld}",
                    shown ? "," : "[", (long long) entry->seq, s_state_label (entry->state), entry->created_at,
                    entry->request_id, (long long) entry->result_id);
        }
        else {
            printf ("L%-5lld %-6s %s  %s", (long long) entry->seq, s_state_label (entry->state), entry->created_at,
                    entry->state == XC_ENTRY_DISCARDED ? "（内容已清除）" : typed);
            if (entry->state == XC_ENTRY_DONE && entry->result_id)
                printf ("  → 服务器编号 %lld", (long long) entry->result_id);
            if (*why)
                printf ("\n       理由：%s", why);
            printf ("\n");
        }
        shown++;
    }
    if (session->json)
        printf ("%s\n", shown ? "]" : "[]");
    else if (!shown)
        printf ("没有待处理的本地记录\n");
    xc_journal_entries_free (entries, count);
    return XC_EXIT_OK;
}

/* The entry number of ARG ("5" or "L5"); 0 when it is not one. */
static int64_t
s_seq (const char *arg)
{
    if (!arg)
        return 0;
    if (*arg == 'L' || *arg == 'l')
        arg++;
    char *end;
    long long seq = strtoll (arg, &end, 10);
    return *arg && !*end && seq > 0 ? seq : 0;
}

/* Entry SEQ into ENTRY; 0, or -1 after saying there is no such entry. */
static int
s_load (xc_session_t *session, int64_t seq, xc_entry_t *entry)
{
    if (xc_journal_get (session->journal, seq, entry) == 0)
        return 0;
    fprintf (stderr, "xuncha: 本地日志中没有第 %lld 条\n", (long long) seq);
    return -1;
}

static int
s_show (xc_session_t *session, int64_t seq)
{
    xc_entry_t entry;
    if (s_load (session, seq, &entry) != 0)
        return XC_EXIT_USAGE;
    char typed[4096], held[256] = "";
    if (entry.state == XC_ENTRY_PENDING)
        xc_sync_held_reason (session, &entry, held, sizeof held);
    printf ("本地序号：L%lld\n状态：%s\n记录时间：%s\n状态变更：%s\n请求编号：%s\n命令：%s\n", (long long) entry.seq,
            s_state_label (entry.state), entry.created_at, entry.updated_at, entry.request_id,
            entry.state == XC_ENTRY_DISCARDED ? "（内容已清除）" : s_typed (entry.command_line, typed, sizeof typed));
    if (entry.content_size)
        printf ("附件内容：%lld 字节（加密保存在本地日志中）\n", (long long) entry.content_size);
    if (entry.result_id)
        printf ("服务器编号：%lld\n", (long long) entry.result_id);
    if (entry.reason || *held)
        printf ("理由：%s\n", entry.reason ? entry.reason : held);
    xc_entry_clear (&entry);
    return XC_EXIT_OK;
}

/* Whether ENTRY may be edited or discarded: refused (the server changed nothing), or
 * pending but held behind a refused or discarded entry (so never sent). A pending entry
 * that was sent may have been committed with its reply lost: changing it now would
 * make the change twice. 0, or -1 after saying so. */
static int
s_settled (xc_session_t *session, const xc_entry_t *entry, const char *what)
{
    char held[256] = "";
    if (entry->state == XC_ENTRY_PENDING)
        xc_sync_held_reason (session, entry, held, sizeof held);
    if (entry->state == XC_ENTRY_REFUSED || *held)
        return 0;
    if (entry->state == XC_ENTRY_PENDING)
        fprintf (stderr, "xuncha: 本地第 %lld 条尚待同步，可能已送达服务器；请先运行 xuncha sync，被拒绝后再%s\n",
                 (long long) entry->seq, what);
    else
        fprintf (stderr, "xuncha: 本地第 %lld 条%s，不能%s\n", (long long) entry->seq, s_state_label (entry->state),
                 what);
    return -1;
}

/* Splits COMMAND_LINE into WORDS (malloc'd copy in *STORAGE); the count. */
static int
s_split (const char *command_line, char **storage, char **words, int max)
{
    *storage = strdup (command_line);
    int count = 0;
    for (char *p = *storage; p && count < max;) {
        words[count++] = p;
        p = strchr (p, XC_WORD_SEPARATOR);
        if (p)
            *p++ = 0;
    }
    return count;
}

/* Whether WORD is "--NAME" or "--NAME=…" for the option NAME (of LENGTH bytes). */
static int
s_is_option (const char *word, const char *name, size_t length)
{
    return strncmp (word, "--", 2) == 0 && strncmp (word + 2, name, length) == 0
           && (word[2 + length] == 0 || word[2 + length] == '=');
}

/* WORDS with every option CHANGES names replaced by CHANGES' values (each option given
 * there replaces all of its occurrences), into MERGED; the count. */
static int
s_merge (char **words, int count, char **changes, int changed, char **merged, int max)
{
    int n = 0;
    for (int i = 0; i < count && n < max; i++) {
        int replaced = 0;
        for (int k = 0; k < changed && !replaced; k++) {
            if (strncmp (changes[k], "--", 2) != 0)
                continue;
            size_t length = strcspn (changes[k] + 2, "=");
            replaced = s_is_option (words[i], changes[k] + 2, length);
        }
        if (!replaced) {
            merged[n++] = words[i];
            continue;
        }
        /* drop its value too, unless written --name=value or a flag */
        if (!strchr (words[i], '=') && i + 1 < count && strncmp (words[i + 1], "--", 2) != 0)
            i++;
    }
    for (int k = 0; k < changed && n < max; k++)
        merged[n++] = changes[k];
    return n;
}

/* Sends the journal and shows what became of entry SEQ. */
static int
s_resend (xc_session_t *session, const xc_command_t *command, xc_cli_t *cli, int64_t seq)
{
    Xuncha__Reply *reply = NULL;
    xc_sync_report_t report;
    xc_sync_options_t options = { .progress = isatty (STDERR_FILENO) && !session->json, .watch_seq = seq,
                                  .watched = &reply };
    int outcome = xc_sync_run (session, &options, &report);
    if (reply) {
        int rc = xc_exchange_print (session, command, cli, reply);
        if (reply->status != XUNCHA__STATUS__STATUS_OK)
            fprintf (stderr, "本地第 %lld 条仍被拒绝，保留待处理\n", (long long) seq);
        xuncha__reply__free_unpacked (reply, NULL);
        return rc;
    }
    printf ("已修改本地第 %lld 条，待同步\n", (long long) seq);
    xc_exchange_explain (session, outcome, report.message);
    return outcome == XC_SYNC_KEY_REFUSED ? XC_EXIT_REFUSED : XC_EXIT_OK;
}

static int
s_edit (xc_session_t *session, int64_t seq, int argc, char **argv)
{
    xc_entry_t entry;
    if (s_load (session, seq, &entry) != 0)
        return XC_EXIT_USAGE;
    int rc = XC_EXIT_USAGE;
    if (s_settled (session, &entry, "修改") != 0)
        ;
    else if (entry.content_size)
        fprintf (stderr, "xuncha: 附件记录不能修改；请 xuncha sync discard %lld 后重新添加\n", (long long) seq);
    else {
        char *storage, *words[128], *merged[160];
        int count = s_split (entry.command_line, &storage, words, 128);
        int n = s_merge (words, count, argv, argc, merged, 160);
        xc_built_t built;
        rc = xc_exchange_build (n, merged, NULL, &built);
        if (rc == XC_EXIT_OK) {
            uint8_t *packed;
            size_t size;
            ProtobufCBinaryData content;
            xc_exchange_journal_form (&built, &packed, &size, &content);
            char *line = xc_exchange_command_line (n, merged);
            rc = xc_journal_replace (session->journal, seq, built.id, packed, size, line) == 0
                     ? s_resend (session, built.entry, built.cli, seq)
                     : XC_EXIT_LOCAL;
            free (line);
            free (packed);
        }
        xc_exchange_clear (&built);
        free (storage);
    }
    xc_entry_clear (&entry);
    return rc == XC_AFTER_PRINTED ? XC_EXIT_OK : rc;
}

static int
s_discard (xc_session_t *session, int64_t seq)
{
    xc_entry_t entry;
    if (s_load (session, seq, &entry) != 0)
        return XC_EXIT_USAGE;
    xc_entry_state_t state = entry.state;
    int settled = s_settled (session, &entry, "丢弃");
    xc_entry_clear (&entry);
    if (settled != 0)
        return XC_EXIT_USAGE;
    if (xc_journal_discard (session->journal, seq) != 0)
        return XC_EXIT_LOCAL;
    printf ("已丢弃本地第 %lld 条（%s），其加密内容已清除\n", (long long) seq, s_state_label (state));
    return XC_EXIT_OK;
}

static int
s_wipe (xc_session_t *session, int force)
{
    xc_journal_options_t options;
    const char *needed;
    xc_session_journal_options (session, &options, &needed);
    char path[1024], error[512];
    xc_journal_file (&options, path, sizeof path);
    if (!force) {
        if (access (path, F_OK) != 0) {
            printf ("本机没有本地日志（%s），无需销毁\n", path);
            return XC_EXIT_OK;
        }
        if (xc_session_open_journal (session) != 0) {
            fprintf (stderr, "xuncha: 无法打开本地日志以确认其中没有待同步记录；确需销毁请加 --force\n");
            return XC_EXIT_LOCAL;
        }
        size_t waiting = xc_journal_count (session->journal, XC_ENTRY_PENDING)
                         + xc_journal_count (session->journal, XC_ENTRY_REFUSED);
        xc_journal_close (&session->journal);
        if (waiting) {
            fprintf (stderr, "xuncha: 本地日志中还有 %zu 条未同步或被拒绝的记录，销毁后将无法恢复；"
                             "先运行 xuncha sync，或确需销毁时加 --force\n", waiting);
            return XC_EXIT_REFUSED;
        }
    }
    xc_journal_close (&session->journal);
    if (xc_journal_wipe (&options, error, sizeof error) != 0) {
        fprintf (stderr, "xuncha: %s\n", error);
        return XC_EXIT_LOCAL;
    }
    printf ("已销毁本地日志与离线缓存：%s\n", path);
    return XC_EXIT_OK;
}

int
xc_journal_command_run (xc_session_t *session, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : NULL;
    if (strcmp (argv[0], "wipe") == 0) {
        int force = sub && strcmp (sub, "--force") == 0;
        if (argc > 2 || (sub && !force)) {
            fprintf (stderr, "xuncha: 用法 xuncha wipe [--force]\n");
            return XC_EXIT_USAGE;
        }
        return s_wipe (session, force);
    }
    if (xc_session_open_journal (session) != 0)
        return XC_EXIT_LOCAL;
    if (!sub)
        return s_sync (session);
    if (strcmp (sub, "list") == 0 && (argc == 2 || (argc == 3 && strcmp (argv[2], "--all") == 0)))
        return s_list (session, argc == 3);
    int64_t seq = s_seq (argc > 2 ? argv[2] : NULL);
    if (seq && strcmp (sub, "show") == 0 && argc == 3)
        return s_show (session, seq);
    if (seq && strcmp (sub, "edit") == 0)
        return s_edit (session, seq, argc - 3, argv + 3);
    if (seq && strcmp (sub, "discard") == 0 && argc == 3)
        return s_discard (session, seq);
    fprintf (stderr, "xuncha: 用法 xuncha sync [list [--all] | show 序号 | edit 序号 [--选项 值 ...] | discard 序号]\n");
    return XC_EXIT_USAGE;
}
