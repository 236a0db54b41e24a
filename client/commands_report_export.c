/* commands_report_export — `xuncha report export`: fetches a 巡察报告 (ReportShow) and
 * writes it as a .docx (official-document layout, docx.h) or Markdown (markdown.h), the
 * format chosen by the output file's extension. The file is written whole, mode 0600,
 * never over an existing file unless --force (private_file.h). Both formats come from
 * one document model (report_document.h), so they say the same thing. */
#include "commands.h"
#include "docx.h"
#include "markdown.h"
#include "output.h"
#include "private_file.h"
#include "report_document.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XC_EXPORT_USAGE "xuncha report export --report 报告编号 --out 文件.docx|文件.md [--force]"

typedef int (*xc_render_fn) (const xc_report_document_t *document, uint8_t **data, size_t *size);

static const struct {
    const char *extension;
    const char *format;
    xc_render_fn render;
} s_formats[] = {
    { ".docx", "Word 文档", xc_docx_render },
    { ".md", "Markdown", xc_markdown_render },
};

/* What the builder read, for the after-hook. */
static struct {
    char *out;
    int force;
    size_t format;
} s_export;

/* The format of PATH by its extension (any case); -1 when neither. */
static int
s_format_of (const char *path)
{
    size_t length = strlen (path);
    for (size_t i = 0; i < sizeof s_formats / sizeof s_formats[0]; i++) {
        size_t n = strlen (s_formats[i].extension);
        if (length > n && strcasecmp (path + length - n, s_formats[i].extension) == 0)
            return (int) i;
    }
    return -1;
}

static int
s_report_export (xc_cli_t *cli, Xuncha__Request *request)
{
    static Xuncha__ReportShow body = XUNCHA__REPORT_SHOW__INIT;
    if (xc_cli_int64 (cli, "report", 1, &body.report_id) || xc_cli_text (cli, "out", 1, &s_export.out)
        || xc_cli_bool (cli, "force", &s_export.force))
        return -1;
    int format = s_format_of (s_export.out);
    if (format < 0) {
        fprintf (stderr, "xuncha: 无法按文件名 %s 确定导出格式：扩展名应为 .docx（Word 文档）或 .md（Markdown）\n用法: %s\n",
                 s_export.out, XC_EXPORT_USAGE);
        return -1;
    }
    s_export.format = (size_t) format;
    /* said before asking the server, so a refusal costs nothing */
    if (xc_private_file_check (s_export.out, s_export.force) != 0) {
        xc_cli_fail_locally (cli);
        return -1;
    }
    XC_SET_BODY (request, report_show, REPORT_SHOW, &body);
    return 0;
}

/* Renders the report in the chosen format and writes the file. */
static int
s_write_export (xc_cli_t *cli, const Xuncha__Reply *reply)
{
    (void) cli;
    if (reply->body_case != XUNCHA__REPLY__BODY_REPORT || !reply->report) {
        fprintf (stderr, "xuncha: 服务器的回答中没有报告，未写入 %s\n", s_export.out);
        return XC_EXIT_LOCAL;
    }
    xc_report_document_t *document = xc_report_document_new (reply->report);
    uint8_t *data = NULL;
    size_t size = 0;
    int rc = s_formats[s_export.format].render (document, &data, &size);
    if (rc != 0)
        fprintf (stderr, "xuncha: 无法生成%s，未写入 %s\n", s_formats[s_export.format].format, s_export.out);
    else
        rc = xc_private_file_write (s_export.out, data, size, s_export.force);
    if (rc == 0)
        /* with --json, stdout carries only the reply */
        fprintf (xc_output_is_json () ? stderr : stdout, "已导出报告 #%lld 到 %s（%s，%zu 字节，引用底稿 %zu 份）\n",
                 (long long) reply->report->id, s_export.out, s_formats[s_export.format].format, size,
                 xc_report_document_cited (document));
    free (data);
    xc_report_document_destroy (&document);
    return rc == 0 ? XC_AFTER_PRINTED : XC_EXIT_LOCAL;
}

const xc_command_t xc_report_export_commands[] = {
    { "report", "export", "report,out,force?", XC_EXPORT_USAGE,
      "导出巡察报告为 Word 文档（.docx，公文格式）或 Markdown（.md）；文件权限 0600，已存在时不覆盖，除非加 --force",
      s_report_export, s_write_export },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};
