/* archive_bundle — a round's archive bundle (立卷归档) on the 巡察办's disk:
 *
 *   xuncha archive export --round R --out DIR
 *       downloads every file of the bundle into DIR (which must not exist, or be empty),
 *       a chunk at a time, checking each file's SHA-256 against the manifest as it is
 *       written, and manifest.json itself against the hash noted at sealing;
 *   xuncha archive verify DIR [--manifest-sha256 HEX]
 *       offline — no server, no key: recomputes the SHA-256 of every file the manifest
 *       lists and names each one altered, missing, or there without being listed.
 *
 * Exit codes as the client's (cli.h), and XC_ARCHIVE_BROKEN (3) when verify (or the
 * check during export) finds the bundle not intact. */
#ifndef XC_ARCHIVE_BUNDLE_H
#define XC_ARCHIVE_BUNDLE_H
#include "session.h"

#define XC_ARCHIVE_BROKEN 3

#define XC_ARCHIVE_EXPORT_USAGE "xuncha archive export --round 轮次编号 --out 目录"
#define XC_ARCHIVE_EXPORT_SUMMARY "下载本轮归档包到新目录，逐个文件核对 SHA-256（巡察办）"
#define XC_ARCHIVE_VERIFY_USAGE "xuncha archive verify 目录 [--manifest-sha256 清单哈希]"
#define XC_ARCHIVE_VERIFY_SUMMARY "离线核验归档包：指出被改动、缺失或多出的文件（无需服务器和密钥）"

/* ARGV: the options after "archive export". */
int xc_archive_export (xc_session_t *session, int argc, char **argv);
/* ARGV: the arguments after "archive verify". */
int xc_archive_verify (int argc, char **argv);

#endif
