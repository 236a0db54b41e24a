/* exchange — see exchange.h. */
#include "exchange.h"
#include "offline.h"
#include "output.h"
#include "sync.h"
#include "upload.h"
#include "xc_codec.h"
#include "xc_names.h"
#include "xc_request_class.h"
#include "xc_uuid.h"
#include "xc_validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
xc_exchange_build (int argc, char **argv, const char *request_id, xc_built_t *built)
{
    memset (built, 0, sizeof *built);
    const char *command = argv[0];
    const char *sub = argc > 1 && strncmp (argv[1], "--", 2) != 0 ? argv[1] : NULL;
    built->entry = xc_command_find (command, sub);
    if (!built->entry) {
        fprintf (stderr, "xuncha: 未知命令 %s%s%s（xuncha --help 查看全部命令）\n", command, sub ? " " : "", sub ? sub : "");
        return XC_EXIT_USAGE;
    }
    int rest = built->entry->sub ? 2 : 1;
    for (int i = rest; i < argc; i++)
        if (strcmp (argv[i], "--help") == 0) {
            printf ("%s\n用法: %s\n", built->entry->summary, built->entry->usage);
            return XC_AFTER_PRINTED;
        }
    if (request_id && !xc_uuid_valid (request_id)) {
        fprintf (stderr, "xuncha: --request-id 应为 UUID\n");
        return XC_EXIT_USAGE;
    }
    built->cli = xc_cli_new (argc - rest, argv + rest, built->entry->options, built->entry->usage);
    if (!built->cli)
        return XC_EXIT_USAGE;
    xuncha__request__init (&built->request);
    if (request_id)
        snprintf (built->id, sizeof built->id, "%s", request_id);
    else
        xc_uuid_new (built->id);
    built->request.request_id = built->id;
    built->request.protocol_version = XC_PROTOCOL_VERSION;
    if (built->entry->build (built->cli, &built->request) != 0)
        return xc_cli_failed_locally (built->cli) ? XC_EXIT_LOCAL : XC_EXIT_USAGE;
    return XC_EXIT_OK;
}

char *
xc_exchange_command_line (int argc, char **argv)
{
    size_t length = 1;
    for (int i = 0; i < argc; i++)
        length += strlen (argv[i]) + 1;
    char *line = calloc (1, length);
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat (line, "\x1f");
        strcat (line, argv[i]);
    }
    return line;
}

void
xc_exchange_clear (xc_built_t *built)
{
    xc_cli_destroy (&built->cli);
}

void
xc_exchange_journal_form (xc_built_t *built, uint8_t **packed, size_t *size, ProtobufCBinaryData *content)
{
    content->data = NULL;
    content->len = 0;
    if (built->request.body_case == XUNCHA__REQUEST__BODY_ATTACHMENT_ADD)
        xc_upload_prepare (&built->request, &built->begin, content);
    *packed = xc_pack (&built->request.base, size);
}

int
xc_exchange_print (xc_session_t *session, const xc_command_t *entry, xc_cli_t *cli, const Xuncha__Reply *reply)
{
    int rc = reply->status == XUNCHA__STATUS__STATUS_OK ? XC_EXIT_OK : XC_EXIT_REFUSED;
    int printed = 0;
    if (rc == XC_EXIT_OK && entry->after) {
        rc = entry->after (cli, reply);
        printed = rc == XC_AFTER_PRINTED;
        rc = printed ? XC_EXIT_OK : rc;
    }
    if (session->json)
        xc_output_json (stdout, reply);
    else if (!printed && reply->status == XUNCHA__STATUS__STATUS_OK && xc_output_body (reply))
        xc_output_text (stdout, xc_output_body (reply));
    if (reply->status == XUNCHA__STATUS__STATUS_OK && *reply->message && !session->json)
        fprintf (stderr, "提示：%s\n", reply->message);
    if (reply->status != XUNCHA__STATUS__STATUS_OK && !session->json) {
        const char *status = xc_label (&xuncha__status__descriptor, reply->status);   /* a newer server's: none */
        fprintf (stderr, "xuncha: %s：%s\n", status ? status : "未知状态", reply->message);
    }
    return rc;
}

void
xc_exchange_explain (xc_session_t *session, int outcome, const char *message)
{
    size_t pending = session->journal ? xc_journal_count (session->journal, XC_ENTRY_PENDING) : 0;
    if (outcome == XC_SYNC_KEY_REFUSED)
        fprintf (stderr, "xuncha: 服务器拒绝了本人密钥（已被巡察办吊销或未登记），无法同步；"
                         "本地 %zu 条待同步记录仍保存在加密日志中，请联系巡察办\n", pending);
    else if (outcome == XC_SYNC_OFFLINE)
        fprintf (stderr, "xuncha: 无法连接服务器 %s，%zu 条待同步，连接恢复后运行 xuncha sync\n",
                 session->rpc.endpoint, pending);
    else if (outcome == XC_SYNC_INTERRUPTED)
        fprintf (stderr, "xuncha: 同步暂停：%s（%zu 条待同步）\n", message, pending);
    else if (outcome == XC_SYNC_LOCAL_ERROR)
        fprintf (stderr, "xuncha: %s\n", message);
}

/* Synchronises what is pending before a command; the outcome. */
static int
s_sync_pending (xc_session_t *session, int64_t watch_seq, Xuncha__Reply **watched, xc_sync_report_t *report)
{
    /* a read does not wait behind another process's sync: it is sending them already */
    xc_sync_options_t options = { .progress = isatty (STDERR_FILENO) && !session->json,
                                  .watch_seq = watch_seq, .watched = watched, .unless_busy = watched == NULL };
    return xc_sync_run (session, &options, report);
}

/* A request id the journal already holds (--request-id, a script retrying): sent as it
 * is, like before there was a journal; the server answers with what it stored for that
 * id, or refuses other content under it. */
static int
s_resend (xc_session_t *session, xc_built_t *built)
{
    Xuncha__Reply *reply = NULL;
    xc_rpc_result_t result = xc_rpc_call (&session->rpc, &built->request, &reply);
    if (result == XC_RPC_KEY_REFUSED) {
        xc_exchange_explain (session, XC_SYNC_KEY_REFUSED, "");
        return XC_EXIT_REFUSED;
    }
    if (result != XC_RPC_REPLIED) {
        fprintf (stderr, "xuncha: 无法连接服务器 %s（请求编号 %s 已在本地日志中，连接恢复后随同步发送）\n",
                 session->rpc.endpoint, built->id);
        return XC_EXIT_UNREACHABLE;
    }
    int rc = xc_exchange_print (session, built->entry, built->cli, reply);
    xuncha__reply__free_unpacked (reply, NULL);
    return rc;
}

/* Tells of entries made earlier that the server refused during this command's sync. */
static void
s_warn_refused (xc_session_t *session, size_t refused)
{
    if (refused && !session->json)
        fprintf (stderr, "注意：同步时有 %zu 条早先的本地记录被服务器拒绝，已保留待处理（xuncha sync list 查看理由）\n", refused);
}

/* Entry SEQ, answered by another process of this key (which held the sync lock while
 * this one waited): its stored reply into *REPLY when done; when refused, the reason is
 * said, the entry given up, and -1 returned. 0 otherwise. */
static int
s_answered_elsewhere (xc_session_t *session, int64_t seq, Xuncha__Reply **reply)
{
    xc_entry_t entry;
    if (xc_journal_get (session->journal, seq, &entry) != 0)
        return 0;
    int rc = 0;
    if (entry.state == XC_ENTRY_DONE)
        xc_sync_reply_of (session, seq, reply);
    else if (entry.state == XC_ENTRY_REFUSED) {
        fprintf (stderr, "xuncha: 服务器拒绝：%s\n", entry.reason ? entry.reason : "");
        xc_journal_discard (session->journal, seq);
        rc = -1;
    }
    xc_entry_clear (&entry);
    return rc;
}

/* Says that entry SEQ waits in the journal (and why, when it is held or the sync did
 * not complete). */
static void
s_say_saved (xc_session_t *session, int64_t seq, int outcome, const xc_sync_report_t *report)
{
    char held[256] = "";
    xc_entry_t entry;
    if (xc_journal_get (session->journal, seq, &entry) == 0) {
        xc_sync_held_reason (session, &entry, held, sizeof held);
        xc_entry_clear (&entry);
    }
    if (session->json) {
        printf ("{\"saved_locally\":true,\"local_seq\":%lld,\"pending\":%zu}\n", (long long) seq, report->pending);
        return;
    }
    printf ("已保存到本地，待同步（本地第 %lld 条；它新建的对象在同步前可写作 L%lld；共 %zu 条待同步）\n",
            (long long) seq, (long long) seq, report->pending);
    if (*held)
        fprintf (stderr, "注意：此记录%s，暂不发送\n", held);
    else if (outcome != XC_SYNC_COMPLETE)
        xc_exchange_explain (session, outcome, report->message);
}

static int
s_change (xc_session_t *session, xc_built_t *built, const char *command_line)
{
    if (!session->journal)
        return XC_EXIT_LOCAL;
    if (xc_journal_find (session->journal, built->id) > 0)
        return s_resend (session, built);
    uint8_t *packed;
    size_t size;
    ProtobufCBinaryData content;
    xc_exchange_journal_form (built, &packed, &size, &content);
    int64_t seq = xc_journal_append (session->journal, built->id, packed, size, command_line, content.data, content.len);
    free (packed);
    if (seq < 0) {
        fprintf (stderr, "xuncha: 无法写入本地日志 %s，未做任何更改\n", xc_journal_path (session->journal));
        return XC_EXIT_LOCAL;
    }
    Xuncha__Reply *reply = NULL;
    xc_sync_report_t report;
    int outcome = s_sync_pending (session, seq, &reply, &report);
    if (!reply && s_answered_elsewhere (session, seq, &reply) != 0)
        return XC_EXIT_REFUSED;
    if (reply) {
        int rc = xc_exchange_print (session, built->entry, built->cli, reply);
        int refused = reply->status != XUNCHA__STATUS__STATUS_OK;
        if (refused)
            xc_journal_discard (session->journal, seq);   /* refused there and then: the user has read why */
        xuncha__reply__free_unpacked (reply, NULL);
        s_warn_refused (session, report.refused - (size_t) refused);
        return rc;
    }
    if (outcome == XC_SYNC_KEY_REFUSED || outcome == XC_SYNC_LOCAL_ERROR) {
        xc_exchange_explain (session, outcome, report.message);
        return outcome == XC_SYNC_KEY_REFUSED ? XC_EXIT_REFUSED : XC_EXIT_LOCAL;
    }
    s_say_saved (session, seq, outcome, &report);
    return XC_EXIT_OK;
}

static int
s_read (xc_session_t *session, xc_built_t *built)
{
    xc_sync_report_t report;
    if (session->journal && xc_journal_count (session->journal, XC_ENTRY_PENDING) > 0) {
        int outcome = s_sync_pending (session, 0, NULL, &report);
        if (outcome == XC_SYNC_KEY_REFUSED) {
            xc_exchange_explain (session, outcome, report.message);
            return XC_EXIT_REFUSED;
        }
        s_warn_refused (session, report.refused);
    }
    Xuncha__Reply *reply = NULL;
    xc_rpc_result_t result = xc_rpc_call (&session->rpc, &built->request, &reply);
    if (result == XC_RPC_KEY_REFUSED) {
        fprintf (stderr, "xuncha: 服务器拒绝了本人密钥（未登记或已被吊销），请联系巡察办\n");
        return XC_EXIT_REFUSED;
    }
    if (result == XC_RPC_REPLIED) {
        xc_offline_remember (session, &built->request, reply);
        int rc = xc_exchange_print (session, built->entry, built->cli, reply);
        xuncha__reply__free_unpacked (reply, NULL);
        return rc;
    }
    char fetched_at[32], last_sync[32] = "";
    reply = xc_offline_recall (session, &built->request, fetched_at);
    if (!reply) {
        fprintf (stderr, "xuncha: 无法连接服务器 %s（请求编号 %s）%s\n", session->rpc.endpoint, built->id,
                 xc_offline_cacheable (built->request.body_case) ? "，本地缓存中也没有此查询的结果" : "");
        return XC_EXIT_UNREACHABLE;
    }
    xc_journal_last_sync (session->journal, last_sync);
    fprintf (stderr, "【离线】无法连接服务器，以下是本地缓存（获取于 %s，最近一次完整同步：%s），可能已过时\n",
             fetched_at, *last_sync ? last_sync : "从未");
    int rc = xc_exchange_print (session, built->entry, built->cli, reply);
    xuncha__reply__free_unpacked (reply, NULL);
    return rc;
}

int
xc_exchange_run (xc_session_t *session, xc_built_t *built, const char *command_line)
{
    if (xc_request_changes (built->request.body_case))
        return s_change (session, built, command_line);
    return s_read (session, built);
}
