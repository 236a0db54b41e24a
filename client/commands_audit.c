/* commands_audit — the 巡察办's commands about the records of who did and read what
 * (see commands.h): verifying the audit log's hash chain (exit 3 when it is broken, the
 * broken link named), listing its entries newest first as a table, and listing who read
 * a petitioner's identity. */
#include "commands.h"
#include "output.h"
#include "xc_names.h"
#include "xc_utf8.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ verify */

static int
s_audit_verify (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__AuditVerify body = XUNCHA__AUDIT_VERIFY__INIT;
    if (xc_cli_text (cli, "head", 0, &body.known_head))
        return -1;
    XC_SET_BODY (request, audit_verify, AUDIT_VERIFY, &body);
    return 0;
}

/* The report is printed as every reply is; a broken chain makes the command fail. */
static int
s_verify_outcome (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    const Xuncha__AuditReport *report = reply->audit_report;
    if (!report || report->intact)
        return XC_EXIT_OK;
    if (!xc_output_is_json ())
        fprintf (stderr, "xuncha: 审计日志核验未通过：%s\n", report->detail);
    return XC_EXIT_REFUSED;
}

/* ------------------------------------------------------------ list */

/* --NAME as "YYYY-MM-DD HH:MM"; a date alone means its first minute, or with END_OF_DAY
 * its last. */
static int
s_time_option (xc_cli_t *cli, const char *name, int end_of_day, char *buf, size_t size, char **value)
{
    if (xc_cli_text (cli, name, 0, value))
        return -1;
    if (strlen (*value) == 10) {
        snprintf (buf, size, "%s %s", *value, end_of_day ? "23:59" : "00:00");
        *value = buf;
    }
    return 0;
}

static int
s_audit_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__AuditList body = XUNCHA__AUDIT_LIST__INIT;
    static char from[32], to[32];
    if (xc_cli_int64 (cli, "user", 0, &body.user_id) || xc_cli_text (cli, "record-type", 0, &body.record_type)
        || xc_cli_int64 (cli, "record", 0, &body.record_id) || xc_cli_text (cli, "action", 0, &body.action)
        || xc_cli_int32 (cli, "limit", 0, &body.limit)
        || s_time_option (cli, "from", 0, from, sizeof from, &body.from_time)
        || s_time_option (cli, "to", 1, to, sizeof to, &body.to_time))
        return -1;
    XC_SET_BODY (request, audit_list, AUDIT_LIST, &body);
    return 0;
}

/* "张伟（组长）" */
static const char *
s_who (const Xuncha__AuditEntry *entry, char *buf, size_t size)
{
    const char *role = xc_label (&xuncha__role__descriptor, entry->user_role);
    snprintf (buf, size, "%s（%s）", entry->user_name, role ? role : "—");
    return buf;
}

/* "field_record #12", or the type alone */
static const char *
s_record (const Xuncha__AuditEntry *entry, char *buf, size_t size)
{
    if (entry->record_id)
        snprintf (buf, size, "%s #%" PRId64, entry->record_type, entry->record_id);
    else
        snprintf (buf, size, "%s", entry->record_type);
    return buf;
}

/* One row per entry, newest first; the widths fit the longest name, action and record. */
static void
s_print_entries (const Xuncha__AuditEntries *entries)
{
    size_t who_width = 4, action_width = 4, record_width = 4;
    char buf[256];
    for (size_t i = 0; i < entries->n_entries; i++) {
        who_width = xc_output_widest (who_width, s_who (entries->entries[i], buf, sizeof buf));
        action_width = xc_output_widest (action_width, entries->entries[i]->action);
        record_width = xc_output_widest (record_width, s_record (entries->entries[i], buf, sizeof buf));
    }
    printf ("审计日志：共 %zu 条（最新在前）\n", entries->n_entries);
    if (entries->n_entries == 0)
        return;
    xc_output_cell ("序号", 8);
    xc_output_cell ("时间", 19);
    xc_output_cell ("用户", who_width);
    xc_output_cell ("动作", action_width);
    xc_output_cell ("记录", record_width);
    xc_output_cell ("请求编号", 36);
    fputs ("封存\n", stdout);
    for (size_t i = 0; i < entries->n_entries; i++) {
        const Xuncha__AuditEntry *entry = entries->entries[i];
        snprintf (buf, sizeof buf, "%" PRId64, entry->seq);
        xc_output_cell (buf, 8);
        xc_output_cell (entry->at, 19);
        xc_output_cell (s_who (entry, buf, sizeof buf), who_width);
        xc_output_cell (entry->action, action_width);
        xc_output_cell (s_record (entry, buf, sizeof buf), record_width);
        xc_output_cell (entry->request_id, 36);
        if (entry->sealed)
            printf ("第 %" PRId64 " 环\n", entry->position);
        else
            puts ("未封存");
    }
    if (entries->more)
        printf ("还有更早的记录：请缩小范围（--from/--to、--user、--record-type）或加大 --limit（上限 1000）\n");
}

static int
s_print_audit_list (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json () || !reply->audit_entries)
        return XC_EXIT_OK;
    s_print_entries (reply->audit_entries);
    return XC_AFTER_PRINTED;
}

/* ------------------------------------------------------------ identity reads */

static int
s_identity_reads (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__IdentityReadList body = XUNCHA__IDENTITY_READ_LIST__INIT;
    if (xc_cli_int64 (cli, "record", 0, &body.record_id))
        return -1;
    XC_SET_BODY (request, identity_read_list, IDENTITY_READ_LIST, &body);
    return 0;
}

const xc_command_t xc_audit_commands[] = {
    { "audit", "verify", "head", "xuncha audit verify [--head 此前记下的链头哈希]",
      "核验审计日志的哈希链（巡察办；完好退出码 0，被篡改退出码 3 并指出断裂处）", s_audit_verify, s_verify_outcome },
    { "audit", "list", "user,record-type,record,from,to,action,limit",
      "xuncha audit list [--user 用户编号] [--record-type 类型 [--record 编号]] [--from 时间] [--to 时间]"
      " [--action 动作] [--limit 条数]",
      "查看审计日志：谁、何时、以哪个请求改变或查阅了哪条记录，最新在前；时间为 YYYY-MM-DD 或"
      " \"YYYY-MM-DD HH:MM\"（巡察办）", s_audit_list, s_print_audit_list },
    { "audit", "identity-reads", "record", "xuncha audit identity-reads [--record 记录编号]",
      "查看信访人身份查阅记录（巡察办）", s_identity_reads, NULL },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
