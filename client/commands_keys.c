/* commands_keys — the 巡察办's commands about the users' keys (see commands.h).
 *
 * `key issue` makes the key pair here, on the 巡察办's machine, registers its public
 * key for the user, and only once the server accepted it writes the pair to FILE and
 * FILE_secret (mode 0600) to be handed to the user in person: the secret key never
 * crosses the network. It never writes over an existing file. `key list` shows the keys
 * as a table with their status and who issued and revoked them; `key revoke` revokes a
 * key by its number or its public key, with the reason. */
#include "commands.h"
#include "output.h"
#include "xc_keys.h"
#include "xc_utf8.h"
#include <inttypes.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------ issue */

/* The key pair being issued, made by the builder and written once the server accepted it. */
static struct {
    zcert_t *pair;
    char *path;
} s_issued;

static void
s_forget_pair (void)
{
    zcert_destroy (&s_issued.pair);
}

/* Neither PATH nor PATH_secret exists, and PATH's directory can be written: 0, or -1
 * after saying what is in the way. */
static int
s_check_key_files (const char *path)
{
    char secret[1024], directory[1024];
    snprintf (secret, sizeof secret, "%s_secret", path);
    snprintf (directory, sizeof directory, "%s", path);
    const char *existing = access (path, F_OK) == 0 ? path : access (secret, F_OK) == 0 ? secret : NULL;
    const char *folder = dirname (directory);
    bool writable = access (folder, W_OK) == 0;
    if (existing)
        fprintf (stderr, "xuncha: 文件 %s 已存在：不会覆盖已有的密钥文件，请换一个文件名\n", existing);
    else if (!writable)
        fprintf (stderr, "xuncha: 无法在目录 %s 中写入密钥文件\n", folder);
    return existing || !writable ? -1 : 0;
}

static int
s_key_issue (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__KeyIssue body = XUNCHA__KEY_ISSUE__INIT;
    if (xc_cli_int64 (cli, "user", 1, &body.user_id) || xc_cli_text (cli, "out", 1, &s_issued.path))
        return -1;
    if (s_check_key_files (s_issued.path) != 0) {
        xc_cli_fail_locally (cli);
        return -1;
    }
    s_issued.pair = zcert_new ();
    atexit (s_forget_pair);
    body.public_key = (char *) zcert_public_txt (s_issued.pair);
    XC_SET_BODY (request, key_issue, KEY_ISSUE, &body);
    return 0;
}

/* Writes the key pair the server accepted; the files are for handing over. */
static int
s_write_issued_key (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    const Xuncha__UserKey *key = reply->user_key;
    zcert_set_meta (s_issued.pair, "name", "%s", key->user_name);
    if (xc_keys_save (s_issued.pair, s_issued.path) != 0) {
        fprintf (stderr, "xuncha: 密钥 #%" PRId64 " 已登记，但无法写入文件 %s：请吊销它（xuncha key revoke --id %" PRId64
                 " --reason 密钥文件未能写入）后重新签发\n", key->id, s_issued.path, key->id);
        return XC_EXIT_LOCAL;
    }
    if (!xc_output_is_json ())
        printf ("已为 %s（用户 #%" PRId64 "）签发密钥 #%" PRId64 "\n公钥：%s\n"
                "密钥文件：%s（公钥）与 %s_secret（私钥），权限 0600；请当面交给本人，私钥不要经网络传送\n",
                key->user_name, key->user_id, key->id, key->public_key, s_issued.path, s_issued.path);
    return XC_AFTER_PRINTED;
}

/* ------------------------------------------------------------ list */

static int
s_key_list (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__KeyList body = XUNCHA__KEY_LIST__INIT;
    if (xc_cli_int64 (cli, "user", 0, &body.user_id))
        return -1;
    XC_SET_BODY (request, key_list, KEY_LIST, &body);
    return 0;
}

/* "张伟 #2" */
static const char *
s_holder (const Xuncha__UserKey *key, char *buf, size_t size)
{
    snprintf (buf, size, "%s #%" PRId64, key->user_name, key->user_id);
    return buf;
}

/* "2026-03-02 10:15 巡察办管理员", or the time alone when nobody is named */
static const char *
s_when_by (const char *when, const char *by, char *buf, size_t size)
{
    snprintf (buf, size, "%s%s%s", when, *by ? " " : "", by);
    return buf;
}

/* One row per key: number, holder, status, public key, issued, revoked and why. */
static void
s_print_keys (const Xuncha__UserKeys *keys)
{
    size_t holder_width = 4, issued_width = 4;
    char buf[512];
    for (size_t i = 0; i < keys->n_keys; i++) {
        const Xuncha__UserKey *key = keys->keys[i];
        holder_width = xc_output_widest (holder_width, s_holder (key, buf, sizeof buf));
        issued_width = xc_output_widest (issued_width, s_when_by (key->issued_at, key->issued_by, buf, sizeof buf));
    }
    printf ("用户密钥：共 %zu 把\n", keys->n_keys);
    if (keys->n_keys == 0)
        return;
    xc_output_cell ("编号", 6);
    xc_output_cell ("用户", holder_width);
    xc_output_cell ("状态", 6);
    xc_output_cell ("公钥", 40);
    xc_output_cell ("签发", issued_width);
    fputs ("吊销\n", stdout);
    for (size_t i = 0; i < keys->n_keys; i++) {
        const Xuncha__UserKey *key = keys->keys[i];
        snprintf (buf, sizeof buf, "#%" PRId64, key->id);
        xc_output_cell (buf, 6);
        xc_output_cell (s_holder (key, buf, sizeof buf), holder_width);
        xc_output_cell (key->revoked ? "已吊销" : "有效", 6);
        xc_output_cell (key->public_key, 40);
        xc_output_cell (s_when_by (key->issued_at, key->issued_by, buf, sizeof buf), issued_width);
        if (key->revoked)
            printf ("%s：%s", s_when_by (key->revoked_at, key->revoked_by, buf, sizeof buf), key->revoke_reason);
        putchar ('\n');
    }
}

static int
s_print_key_list (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (!xc_output_is_json () && reply->user_keys)
        s_print_keys (reply->user_keys);
    return XC_AFTER_PRINTED;
}

/* ------------------------------------------------------------ revoke */

static int
s_key_revoke (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__KeyRevoke body = XUNCHA__KEY_REVOKE__INIT;
    if (xc_cli_int64 (cli, "id", 0, &body.key_id) || xc_cli_text (cli, "key", 0, &body.public_key)
        || xc_cli_text (cli, "reason", 1, &body.reason))
        return -1;
    if (!body.key_id == !*body.public_key) {
        fprintf (stderr, "xuncha: 须指明要吊销的密钥：--id 密钥编号 或 --key 公钥，二者只选其一\n"
                         "用法: xuncha key revoke (--id 密钥编号 | --key 公钥) --reason 理由\n");
        return -1;
    }
    XC_SET_BODY (request, key_revoke, KEY_REVOKE, &body);
    return 0;
}

static int
s_print_revoked (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    const Xuncha__UserKey *key = reply->user_key;
    if (!xc_output_is_json () && key)
        printf ("已吊销 %s（用户 #%" PRId64 "）的密钥 #%" PRId64 "：%s\n公钥：%s\n"
                "以该密钥打开的连接将在数秒内断开，此后以它连接即被拒绝。\n",
                key->user_name, key->user_id, key->id, key->revoke_reason, key->public_key);
    return XC_AFTER_PRINTED;
}

const xc_command_t xc_key_commands[] = {
    { "key", "issue", "user,out", "xuncha key issue --user 用户编号 --out 文件",
      "为用户签发新密钥（巡察办）：在本机生成密钥对并登记公钥，写出 文件 与 文件_secret（0600）交本人", s_key_issue,
      s_write_issued_key },
    { "key", "list", "user", "xuncha key list [--user 用户编号]", "查看用户密钥：有效或已吊销，签发与吊销的时间、经办人、理由",
      s_key_list, s_print_key_list },
    { "key", "revoke", "id,key,reason", "xuncha key revoke (--id 密钥编号 | --key 公钥) --reason 理由",
      "吊销密钥（巡察办）：已打开的连接数秒内断开，此后以它连接即被拒绝；不能吊销本人最后一把有效密钥",
      s_key_revoke, s_print_revoked },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
