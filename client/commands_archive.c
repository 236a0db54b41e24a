/* commands_archive — the 巡察办's commands of 立卷归档 (see commands.h): sealing a round
 * (`archive seal`: the round enters 归档 and its archive bundle is written; nothing of
 * it changes any more) and showing its manifest (`archive show`). Both print the
 * manifest's SHA-256 and the audit chain's head at sealing, to be noted outside the
 * system. Downloading the bundle and checking it offline are archive_bundle.h's
 * (`archive export`, `archive verify`), run by main without this table. */
#include "commands.h"
#include "output.h"
#include <stdio.h>

static int
s_archive_seal (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__RoundArchive body = XUNCHA__ROUND_ARCHIVE__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id))
        return -1;
    XC_SET_BODY (request, round_archive, ROUND_ARCHIVE, &body);
    return 0;
}

static int
s_archive_show (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ArchiveShow body = XUNCHA__ARCHIVE_SHOW__INIT;
    if (xc_cli_int64 (cli, "round", 1, &body.round_id))
        return -1;
    XC_SET_BODY (request, archive_show, ARCHIVE_SHOW, &body);
    return 0;
}

static void
s_print_head (const Xuncha__ArchiveSeal *seal)
{
    printf ("轮次：%s（#%lld）\n阶段：归档\n封存时间：%s\n封存人：%s\n", seal->round_name, (long long) seal->round_id,
            seal->sealed_at, seal->sealed_by);
    printf ("封存时审计链头（第几环）：%lld\n封存时审计链头哈希：%s\n清单 manifest.json 的 SHA-256：%s\n归档文件：%zu 个（另有清单）\n",
            (long long) seal->audit_position, seal->audit_hash, seal->manifest_sha256, seal->n_files);
}

static int
s_print_sealed (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json () || !reply->archive_seal)
        return XC_EXIT_OK;
    const Xuncha__ArchiveSeal *seal = reply->archive_seal;
    printf ("已立卷归档：%s，此后本轮的任何记录都不能再更改\n", seal->round_name);
    s_print_head (seal);
    printf ("提示：请把清单哈希和审计链头哈希记在系统之外（归档登记表、签字的说明）；"
            "导出：xuncha archive export --round %lld --out 目录；核验：xuncha archive verify 目录 --manifest-sha256 %s\n",
            (long long) seal->round_id, seal->manifest_sha256);
    return XC_AFTER_PRINTED;
}

static int
s_print_manifest (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (xc_output_is_json () || !reply->archive_seal)
        return XC_EXIT_OK;
    const Xuncha__ArchiveSeal *seal = reply->archive_seal;
    s_print_head (seal);
    printf ("%-64s  %10s  %s\n", "SHA-256", "字节", "文件");
    for (size_t i = 0; i < seal->n_files; i++)
        printf ("%-64s  %10lld  %s\n", seal->files[i]->sha256, (long long) seal->files[i]->size, seal->files[i]->path);
    return XC_AFTER_PRINTED;
}

const xc_command_t xc_archive_commands[] = {
    { "archive", "seal", "round", "xuncha archive seal --round 轮次编号",
      "立卷归档（巡察办）：整改 → 归档，封存审计链并写出归档包；此后本轮不能再更改（整改任务须已验收、已移交的线索须已反馈结果）",
      s_archive_seal, s_print_sealed },
    { "archive", "show", "round", "xuncha archive show --round 轮次编号",
      "查看归档清单（巡察办）：封存时间与封存人、审计链头、清单哈希、每个文件的 SHA-256 与大小", s_archive_show,
      s_print_manifest },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
