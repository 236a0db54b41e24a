/* Unit tests of the report export (client/report_document, markdown, docx): a 巡察报告
 * built by hand (two categories, three problems, counts, narrative sections with
 * & < > " ' and Chinese text, the approval trail) rendered as Markdown and as .docx.
 * The .docx is read back twice: by libzip (every part there, every CRC right) and by
 * an independent reader, python-docx from Debian (/usr/bin/python3 with python3-docx,
 * tests/unit/read_docx.py), which must see the title, every cited 底稿 number, the
 * special characters, the GB/T 9704 margins and fonts, and the footer's PAGE field.
 * Last, the command `report export` itself: its request, and the file its after-hook
 * writes from a reply (no server needed for that part). */
#include "unit.h"
#include "commands.h"
#include "docx.h"
#include "markdown.h"
#include "report_document.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#ifndef XC_READ_DOCX
#error "XC_READ_DOCX (the path of tests/unit/read_docx.py) must be defined"
#endif
#define XC_PYTHON "/usr/bin/python3"   /* Debian's, with python3-docx (the PATH one may lack it) */

static const char *const s_numbers[] = { "[2026]区巡-1组-01号", "[2026]区巡-1组-02号", "[2026]区巡-1组-03号" };
#define XC_SPECIAL "A & B <C> \"引号\" 'single' 合计 5 < 6 && 7 > 3"

/* ------------------------------------------------------------ the report, by hand */

typedef struct {
    Xuncha__Report report;
    Xuncha__ReportSection sections[3], *section_list[3];
    Xuncha__ReportProblem problems[3], *first[2], *second[1];
    Xuncha__ReportCategory categories[2], *category_list[2];
    Xuncha__ReportCount counts[3], *count_list[3];
    Xuncha__ReportTalk talks[2], *talk_list[2];
    char *cited[3];
    char *summaries[2];
} s_fixture_t;

static void
s_section (s_fixture_t *f, size_t i, const char *key, const char *title, const char *text)
{
    xuncha__report_section__init (&f->sections[i]);
    f->sections[i].key = (char *) key;
    f->sections[i].title = (char *) title;
    f->sections[i].text = (char *) text;
    f->section_list[i] = &f->sections[i];
}

static void
s_problem (s_fixture_t *f, size_t i, const char *title, const char *facts, const char *basis, const char *unit)
{
    Xuncha__ReportProblem *p = &f->problems[i];
    xuncha__report_problem__init (p);
    p->paper_id = (int64_t) i + 11;
    p->number = (char *) s_numbers[i];
    p->title = (char *) title;
    p->facts = (char *) facts;
    p->basis = (char *) basis;
    p->unit_name = (char *) unit;
}

static void
s_count (s_fixture_t *f, size_t i, Xuncha__RecordKind kind, int count)
{
    xuncha__report_count__init (&f->counts[i]);
    f->counts[i].kind = kind;
    f->counts[i].count = count;
    f->count_list[i] = &f->counts[i];
}

/* A 巡察报告 on 某某镇党委: three narrative sections (主要成效 left blank), two categories
 * with three problems, three kinds of records, 组长审定 done. */
static void
s_inspection_report (s_fixture_t *f)
{
    memset (f, 0, sizeof *f);
    Xuncha__Report *r = &f->report;
    xuncha__report__init (r);
    r->id = 7;
    r->kind = XUNCHA__REPORT_KIND__REPORT_KIND_INSPECTION;
    r->part = XUNCHA__REPORT_PART__REPORT_PART_WHOLE;
    r->state = XUNCHA__REPORT_STATE__REPORT_STATE_LEADER_APPROVED;
    r->committee = "十届区委";
    r->round_name = "第3轮巡察";
    r->group_name = "第一巡察组";
    r->unit_name = "某某镇党委";
    r->title = "关于对某某镇党委开展巡察情况的报告";
    s_section (f, 0, "overview", "基本情况", "  根据区委统一部署，巡察组进驻某某镇党委。\n\n" XC_SPECIAL "\n1. 这一行以编号开头\n- 这一行以短横开头");
    s_section (f, 1, "strengths", "主要成效", "　 \n");   /* not written: left out */
    s_section (f, 2, "recommendations", "意见建议", "建议*加强*学习，落实_整改_，`代码` [链接](http://x) | 竖线 # 井号 ~删除~");
    r->sections = f->section_list;
    r->n_sections = 3;

    s_problem (f, 0, "违规选拔任用干部", "2025年某月，镇党委未经民主推荐任用干部 2 名", "《党政领导干部选拔任用工作条例》第二十条",
               "某某镇党委");
    s_problem (f, 1, "干部档案管理不规范", "档案中缺少考察材料 <3 份> & 任免审批表。", "", "某某村");
    s_problem (f, 2, "违规发放津补贴", "2025年违规发放加班补贴 12 万元", "中央八项规定精神", "");
    f->first[0] = &f->problems[0];
    f->first[1] = &f->problems[1];
    f->second[0] = &f->problems[2];
    xuncha__report_category__init (&f->categories[0]);
    f->categories[0].name = "选人用人";
    f->categories[0].parent_name = "基层党组织领导班子和干部队伍建设";
    f->categories[0].problems = f->first;
    f->categories[0].n_problems = 2;
    xuncha__report_category__init (&f->categories[1]);
    f->categories[1].name = "中央八项规定精神";
    f->categories[1].parent_name = "群众身边腐败问题和不正之风";
    f->categories[1].problems = f->second;
    f->categories[1].n_problems = 1;
    f->category_list[0] = &f->categories[0];
    f->category_list[1] = &f->categories[1];
    r->categories = f->category_list;
    r->n_categories = 2;

    s_count (f, 0, XUNCHA__RECORD_KIND__RECORD_KIND_BRIEFING, 3);
    s_count (f, 1, XUNCHA__RECORD_KIND__RECORD_KIND_PETITION, 5);
    s_count (f, 2, XUNCHA__RECORD_KIND__RECORD_KIND_TALK, 12);
    r->record_counts = f->count_list;
    r->n_record_counts = 3;

    for (size_t i = 0; i < 3; i++)
        f->cited[i] = (char *) s_numbers[i];
    r->cited_numbers = f->cited;
    r->n_cited_numbers = 3;
    r->generated_at = "2026-05-08 14:20";
    r->updated_at = "2026-05-10 09:30";
    r->leader_approved_by = "张组长";
    r->leader_approved_at = "2026-05-10 09:30";
}

/* ------------------------------------------------------------ helpers */

static char *
s_markdown (const Xuncha__Report *report)
{
    xc_report_document_t *document = xc_report_document_new (report);
    uint8_t *data;
    size_t size;
    assert_int_equal (xc_markdown_render (document, &data, &size), 0);
    xc_report_document_destroy (&document);
    assert_null (document);
    assert_int_equal (strlen ((char *) data), size);
    return (char *) data;
}

/* TEXT with Markdown's backslash escapes removed: what a reader sees. */
static char *
s_unescaped (const char *text)
{
    char *plain = strdup (text), *to = plain;
    for (const char *p = text; *p; p++) {
        if (*p == '\\' && ispunct ((unsigned char) p[1]))
            p++;
        *to++ = *p;
    }
    *to = '\0';
    return plain;
}

static void
s_assert_starts (const char *text, const char *prefix)
{
    if (strncmp (text, prefix, strlen (prefix)) != 0)
        fail_msg ("expected \"%s\" to start with \"%s\"", text, prefix);
}

/* The line of TEXT that holds NEEDLE (malloc'd), failing when none does. */
static char *
s_line_with (const char *text, const char *needle)
{
    const char *hit = strstr (text, needle);
    if (!hit)
        fail_msg ("expected \"%s\" in \"%s\"", needle, text);
    const char *start = hit;
    while (start > text && start[-1] != '\n')
        start--;
    const char *end = strchr (hit, '\n');
    return strndup (start, end ? (size_t) (end - start) : strlen (start));
}

/* ------------------------------------------------------------ the document model */

static void
test_model_orders_the_report (void **state)
{
    (void) state;
    s_fixture_t f;
    s_inspection_report (&f);
    xc_report_document_t *document = xc_report_document_new (&f.report);
    assert_int_equal (xc_report_document_cited (document), 3);
    const xc_block_t *title = xc_report_document_block (document, 0);
    assert_int_equal (title->kind, XC_BLOCK_TITLE);
    assert_string_equal (title->text, "关于对某某镇党委开展巡察情况的报告");
    const xc_block_t *info = xc_report_document_block (document, 1);
    assert_int_equal (info->kind, XC_BLOCK_INFO);
    assert_string_equal (info->text, "十届区委 第3轮巡察 · 第一巡察组 · 某某镇党委 · 组长已审定");

    /* the headings in order: the sections written, the problems before 意见建议, the appendices */
    static const char *const expected[][2] = {
        { "一、", "基本情况" }, { "二、", "发现的主要问题" }, { "（一）", "选人用人（基层党组织领导班子和干部队伍建设）" },
        { "（二）", "中央八项规定精神（群众身边腐败问题和不正之风）" }, { "三、", "意见建议" }, { "", "引用底稿" }, { "", "审定记录" },
    };
    size_t heading = 0, problems = 0;
    for (size_t i = 0; i < xc_report_document_size (document); i++) {
        const xc_block_t *block = xc_report_document_block (document, i);
        if (block->kind == XC_BLOCK_HEADING || block->kind == XC_BLOCK_SUBHEADING) {
            assert_true (heading < sizeof expected / sizeof expected[0]);
            assert_string_equal (block->label, expected[heading][0]);
            assert_string_equal (block->text, expected[heading][1]);
            heading++;
        }
        if (block->kind == XC_BLOCK_PROBLEM) {
            char cite[96];
            snprintf (cite, sizeof cite, "（底稿 %s）", s_numbers[problems++]);
            assert_string_equal (block->cite, cite);
        }
    }
    assert_int_equal (heading, sizeof expected / sizeof expected[0]);
    assert_int_equal (problems, 3);
    const xc_document_meta_t *meta = xc_report_document_meta (document);
    assert_string_equal (meta->title, title->text);
    assert_string_equal (meta->author, "第一巡察组");
    assert_string_equal (meta->subject, "巡察报告");
    xc_report_document_destroy (&document);
    xc_report_document_destroy (&document);   /* twice is harmless */
}

/* ------------------------------------------------------------ Markdown */

static void
test_markdown_says_everything (void **state)
{
    (void) state;
    s_fixture_t f;
    s_inspection_report (&f);
    char *md = s_markdown (&f.report);
    s_assert_starts (md, "# 关于对某某镇党委开展巡察情况的报告\n\n");
    assert_contains (md, "\n十届区委 第3轮巡察 · 第一巡察组 · 某某镇党委 · 组长已审定\n");
    assert_contains (md, "\n## 一、基本情况\n\n根据区委统一部署，巡察组进驻某某镇党委。\n\n");
    assert_contains (md, "\n## 二、发现的主要问题\n\n巡察期间各类工作记录数量如下：\n\n| 工作类别 | 数量 |");
    assert_not_contains (md, "主要成效");
    assert_contains (md, "\n### （一）选人用人（基层党组织领导班子和干部队伍建设）\n");
    assert_contains (md, "\n### （二）中央八项规定精神（群众身边腐败问题和不正之风）\n");
    assert_contains (md, "\n## 三、意见建议\n");
    assert_contains (md, "\n## 引用底稿\n");
    assert_contains (md, "\n## 审定记录\n");
    /* every problem a list item with its title bold and its 底稿 cited, readable as it is */
    assert_contains (md, "\n1. **违规选拔任用干部**。2025年某月，镇党委未经民主推荐任用干部 2 名。"
                         "定性依据：《党政领导干部选拔任用工作条例》第二十条。（底稿 [2026]区巡-1组-01号）\n"
                         "2. **干部档案管理不规范（某某村）**。");
    for (size_t i = 0; i < 3; i++) {
        char cite[96];
        snprintf (cite, sizeof cite, "（底稿 %s）", s_numbers[i]);
        assert_contains (md, cite);
        char *line = s_line_with (md + (strstr (md, "## 引用底稿") - md), s_numbers[i]);   /* and in the list at the end */
        assert_true (line[0] == '1' + (char) i);
        free (line);
    }
    /* the counts as a table, with the total */
    assert_contains (md, "| 工作类别 | 数量 |\n| --- | ---: |\n| 听取汇报 | 3 |\n| 信访 | 5 |\n| 个别谈话 | 12 |\n| 合计 | 20 |\n");
    assert_contains (md, "组长审定：张组长，2026-05-10 09:30");
    assert_contains (md, "巡察办审定：尚未审定");

    /* markup escaped, nothing lost */
    assert_contains (md, "A \\& B \\<C\\> \"引号\" 'single'");
    assert_contains (md, "\n1\\. 这一行以编号开头\n");
    assert_contains (md, "\n\\- 这一行以短横开头\n");
    assert_contains (md, "建议\\*加强\\*学习，落实\\_整改\\_，\\`代码\\` [链接\\](http://x) \\| 竖线 \\# 井号 \\~删除\\~");
    char *plain = s_unescaped (md);
    assert_contains (plain, XC_SPECIAL);
    assert_contains (plain, "建议*加强*学习，落实_整改_，`代码` [链接](http://x) | 竖线 # 井号 ~删除~");
    assert_contains (plain, "档案中缺少考察材料 <3 份> & 任免审批表。");
    free (plain);
    free (md);
}

/* A 个别谈话情况报告 (its one section 基本情况, no 意见建议), a returned draft of the
 * villages' part: the talks under their own heading after the section, one subheading
 * per interviewee, the summaries listed, the reason for returning it shown. */
static void
test_markdown_of_a_talks_report (void **state)
{
    (void) state;
    s_fixture_t f;
    s_inspection_report (&f);
    Xuncha__Report *r = &f.report;
    r->kind = XUNCHA__REPORT_KIND__REPORT_KIND_TALKS;
    r->title = "";
    r->state = XUNCHA__REPORT_STATE__REPORT_STATE_DRAFT;
    r->returned_reason = "谈话对象的职务写错";
    r->part = XUNCHA__REPORT_PART__REPORT_PART_VILLAGES;
    r->n_categories = 0;
    r->n_cited_numbers = 0;
    r->n_sections = 1;
    for (size_t i = 0; i < 2; i++) {
        xuncha__report_talk__init (&f.talks[i]);
        f.talk_list[i] = &f.talks[i];
    }
    f.talks[0].interviewee = "李某";
    f.talks[0].position = "党委书记";
    f.talks[0].unit = "某某镇";
    f.talks[0].talks = 2;
    f.summaries[0] = "2026-04-02 09:00 了解班子运行情况";
    f.summaries[1] = "2026-04-09 15:00 核实干部选任问题";
    f.talks[0].summaries = f.summaries;
    f.talks[0].n_summaries = 2;
    f.talks[1].interviewee = "王某";
    f.talks[1].talks = 1;
    r->talks = f.talk_list;
    r->n_talks = 2;
    r->leader_approved_by = "";
    r->leader_approved_at = "";

    char *md = s_markdown (r);
    assert_contains (md, "# 某某镇党委个别谈话情况报告\n");
    assert_contains (md, "十届区委 第3轮巡察 · 第一巡察组 · 某某镇党委（村社区） · 起草\n\n退回修改意见：谈话对象的职务写错\n");
    assert_contains (md, "\n## 一、基本情况\n");
    assert_contains (md, "\n## 二、个别谈话情况\n");
    assert_contains (md, "\n### （一）李某（某某镇，党委书记）\n\n个别谈话 2 次。\n\n"
                         "1. 2026-04-02 09:00 了解班子运行情况\n2. 2026-04-09 15:00 核实干部选任问题\n");
    assert_contains (md, "\n### （二）王某\n\n个别谈话 1 次。\n");
    assert_contains (md, "\n## 引用底稿\n\n本报告未引用问题底稿。\n");
    assert_contains (md, "组长审定：尚未审定");
    assert_not_contains (md, "意见建议");
    free (md);
}

/* The headings count in Chinese numerals past ninety-nine: 121 interviewees. */
static void
test_numbering_past_ninety_nine (void **state)
{
    (void) state;
    s_fixture_t f;
    s_inspection_report (&f);
    Xuncha__Report *r = &f.report;
    r->kind = XUNCHA__REPORT_KIND__REPORT_KIND_TALKS;
    enum { N = 121 };
    Xuncha__ReportTalk talks[N], *list[N];
    char names[N][16];
    for (size_t i = 0; i < N; i++) {
        xuncha__report_talk__init (&talks[i]);
        snprintf (names[i], sizeof names[i], "对象%zu", i + 1);
        talks[i].interviewee = names[i];
        talks[i].talks = 1;
        list[i] = &talks[i];
    }
    r->talks = list;
    r->n_talks = N;
    char *md = s_markdown (r);
    static const char *const expected[] = {
        "### （一）对象1\n", "### （十）对象10\n", "### （十一）对象11\n", "### （二十）对象20\n",
        "### （九十九）对象99\n", "### （一百）对象100\n", "### （一百零一）对象101\n",
        "### （一百一十）对象110\n", "### （一百二十一）对象121\n",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_contains (md, expected[i]);
    free (md);
}

/* A 专题报告 on a township (巡乡带村), approved by the 巡察办, nothing written yet and no
 * records counted: the generated part alone, the title made from the unit and kind. */
static void
test_markdown_of_a_thematic_report (void **state)
{
    (void) state;
    s_fixture_t f;
    s_inspection_report (&f);
    Xuncha__Report *r = &f.report;
    r->kind = XUNCHA__REPORT_KIND__REPORT_KIND_THEMATIC;
    r->part = XUNCHA__REPORT_PART__REPORT_PART_TOWNSHIP;
    r->state = XUNCHA__REPORT_STATE__REPORT_STATE_APPROVED;
    r->category_name = "选人用人";
    r->title = "";
    r->returned_reason = "早先的退回理由";   /* approved since: not shown */
    r->n_sections = 0;
    r->n_record_counts = 0;
    r->n_categories = 1;
    r->n_cited_numbers = 2;
    r->office_approved_by = "王主任";
    r->office_approved_at = "2026-05-12 10:00";
    char *md = s_markdown (r);
    s_assert_starts (md, "# 某某镇党委专题报告\n\n十届区委 第3轮巡察 · 第一巡察组 · 某某镇党委（乡镇） · 专题：选人用人 · 巡察办已审定\n\n"
                         "## 一、发现的主要问题\n\n### （一）选人用人（基层党组织领导班子和干部队伍建设）\n\n1. ");
    assert_not_contains (md, "工作类别");
    assert_not_contains (md, "退回");
    assert_contains (md, "\n## 引用底稿\n\n1. [2026]区巡-1组-01号　违规选拔任用干部\n2. [2026]区巡-1组-02号　干部档案管理不规范\n\n");
    assert_contains (md, "\n巡察办审定：王主任，2026-05-12 10:00\n");
    free (md);
}

/* ------------------------------------------------------------ .docx */

static const char *const s_parts[] = {
    "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
    "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "docProps/core.xml", "docProps/app.xml",
};

/* Opens DATA as a zip with consistency checks, reads every entry whole (libzip checks
 * each CRC) and checks the parts are exactly s_parts, in order. */
static void
s_check_zip (const uint8_t *data, size_t size)
{
    zip_error_t error;
    zip_error_init (&error);
    zip_source_t *source = zip_source_buffer_create (data, size, 0, &error);
    assert_non_null (source);
    zip_t *archive = zip_open_from_source (source, ZIP_CHECKCONS | ZIP_RDONLY, &error);
    if (!archive)
        fail_msg ("libzip cannot open the .docx: %s", zip_error_strerror (&error));
    assert_int_equal (zip_get_num_entries (archive, 0), sizeof s_parts / sizeof s_parts[0]);
    for (zip_uint64_t i = 0; i < sizeof s_parts / sizeof s_parts[0]; i++) {
        assert_string_equal (zip_get_name (archive, i, 0), s_parts[i]);
        zip_stat_t stat;
        assert_int_equal (zip_stat_index (archive, i, 0, &stat), 0);
        assert_int_equal (stat.comp_method, ZIP_CM_DEFLATE);
        zip_file_t *file = zip_fopen_index (archive, i, 0);
        assert_non_null (file);
        char *content = malloc (stat.size + 1);
        assert_int_equal (zip_fread (file, content, stat.size), (zip_int64_t) stat.size);
        assert_int_equal (zip_fread (file, content, 1), 0);   /* the end, the CRC checked */
        assert_int_equal (zip_fclose (file), 0);
        content[stat.size] = '\0';
        assert_true (strncmp (content, "<?xml", 5) == 0);
        free (content);
    }
    zip_close (archive);
}

static char *
s_run_reader (const char *path)
{
    char command[1024];
    snprintf (command, sizeof command, "%s %s %s 2>&1", XC_PYTHON, XC_READ_DOCX, path);
    FILE *pipe = popen (command, "r");
    assert_non_null (pipe);
    char *output = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&output, &size);
    char buf[4096];
    size_t n;
    while ((n = fread (buf, 1, sizeof buf, pipe)) > 0)
        fwrite (buf, 1, n, out);
    fclose (out);
    int status = pclose (pipe);
    if (status != 0)
        fail_msg ("%s failed (%d): %s", command, status, output);
    return output;
}

static void
test_docx_read_by_python_docx (void **state)
{
    (void) state;
    s_fixture_t f;
    s_inspection_report (&f);
    xc_report_document_t *document = xc_report_document_new (&f.report);
    uint8_t *data, *again;
    size_t size, size_again;
    assert_int_equal (xc_docx_render (document, &data, &size), 0);
    assert_int_equal (xc_docx_render (document, &again, &size_again), 0);
    /* deterministic: the same report, the same bytes */
    assert_int_equal (size, size_again);
    assert_memory_equal (data, again, size);
    free (again);
    xc_report_document_destroy (&document);
    s_check_zip (data, size);

    char directory[] = "/tmp/xuncha-docx-XXXXXX", path[128];
    assert_non_null (mkdtemp (directory));
    snprintf (path, sizeof path, "%s/report.docx", directory);
    FILE *file = fopen (path, "wb");
    assert_non_null (file);
    assert_int_equal (fwrite (data, 1, size, file), size);
    assert_int_equal (fclose (file), 0);
    free (data);
    char *seen = s_run_reader (path);
    unlink (path);
    rmdir (directory);

    assert_contains (seen, "para Title|关于对某某镇党委开展巡察情况的报告\n");
    assert_contains (seen, "para Subtitle|十届区委 第3轮巡察 · 第一巡察组 · 某某镇党委 · 组长已审定\n");
    assert_contains (seen, "para Heading 1|一、基本情况\n");
    assert_contains (seen, "para Heading 2|（一）选人用人（基层党组织领导班子和干部队伍建设）\n");
    assert_contains (seen, "para Normal|" XC_SPECIAL "\n");
    assert_contains (seen, "para Normal|建议*加强*学习，落实_整改_，`代码` [链接](http://x) | 竖线 # 井号 ~删除~\n");
    assert_contains (seen, "para Normal|2．干部档案管理不规范（某某村）。档案中缺少考察材料 <3 份> & 任免审批表。（底稿 [2026]区巡-1组-02号）\n");
    for (size_t i = 0; i < 3; i++) {
        char cite[96], listed[96];
        snprintf (cite, sizeof cite, "（底稿 %s）\n", s_numbers[i]);
        snprintf (listed, sizeof listed, "para Normal|%zu．%s", i + 1, s_numbers[i]);
        assert_contains (seen, cite);
        assert_contains (seen, listed);
    }
    assert_contains (seen, "cell 听取汇报\ncell 3\n");
    assert_contains (seen, "cell 合计\ncell 20\n");
    assert_contains (seen, "para Normal|组长审定：张组长，2026-05-10 09:30\n");
    /* GB/T 9704: A4, margins 37/35/28/26 mm, the fonts and sizes, "— 1 —" from a PAGE field */
    assert_contains (seen, "margins top=37 bottom=35 left=28 right=26\n");
    assert_contains (seen, "page width=210 height=297\n");
    assert_contains (seen, "style Normal eastAsia=仿宋_GB2312 size=16.0\n");
    assert_contains (seen, "style Title eastAsia=方正小标宋简体 size=22.0\n");
    assert_contains (seen, "style heading 1 eastAsia=黑体 size=16.0\n");
    assert_contains (seen, "style heading 2 eastAsia=楷体_GB2312 size=16.0\n");
    assert_contains (seen, "style footer eastAsia=宋体 size=14.0\n");
    assert_contains (seen, "footer — 1 —\n");
    assert_contains (seen, "footer-field PAGE\n");
    /* the document's times are the report's (+08:00), not the clock's */
    assert_contains (seen, "core title=关于对某某镇党委开展巡察情况的报告 created=2026-05-08T06:20:00");
    free (seen);
}

/* ------------------------------------------------------------ the command */

/* Builds `report export ARGS…` into REQUEST; the builder's result, *CLI kept for the after-hook. */
static int
s_build_export (const xc_command_t *entry, int argc, char **argv, xc_cli_t **cli, Xuncha__Request *request)
{
    *cli = xc_cli_new (argc, argv, entry->options, entry->usage);
    assert_non_null (*cli);
    xuncha__request__init (request);
    return entry->build (*cli, request);
}

static void
test_export_command (void **state)
{
    (void) state;
    s_fixture_t f;
    s_inspection_report (&f);
    Xuncha__Reply reply = XUNCHA__REPLY__INIT;
    reply.body_case = XUNCHA__REPLY__BODY_REPORT;
    reply.report = &f.report;
    const xc_command_t *entry = xc_command_find ("report", "export");
    assert_non_null (entry);
    char directory[] = "/tmp/xuncha-export-XXXXXX", md[128], docx[128], pdf[128];
    assert_non_null (mkdtemp (directory));
    snprintf (md, sizeof md, "%s/报告.md", directory);
    snprintf (docx, sizeof docx, "%s/报告.DOCX", directory);
    snprintf (pdf, sizeof pdf, "%s/报告.pdf", directory);
    xc_cli_t *cli;
    Xuncha__Request request;

    /* asks for the report, writes it as Markdown, 0600 */
    char *args_md[] = { "--report", "7", "--out", md };
    assert_int_equal (s_build_export (entry, 4, args_md, &cli, &request), 0);
    assert_int_equal (request.body_case, XUNCHA__REQUEST__BODY_REPORT_SHOW);
    assert_int_equal (request.report_show->report_id, 7);
    assert_int_equal (entry->after (cli, &reply), XC_AFTER_PRINTED);
    xc_cli_destroy (&cli);
    struct stat st;
    assert_int_equal (stat (md, &st), 0);
    assert_int_equal (st.st_mode & 0777, 0600);
    FILE *file = fopen (md, "r");
    char first[128] = "";
    assert_non_null (fgets (first, sizeof first, file));
    fclose (file);
    assert_string_equal (first, "# 关于对某某镇党委开展巡察情况的报告\n");

    /* an existing file: refused before asking the server, a local failure (exit 1) */
    assert_int_equal (s_build_export (entry, 4, args_md, &cli, &request), -1);
    assert_true (xc_cli_failed_locally (cli));
    xc_cli_destroy (&cli);
    /* with --force it is replaced */
    char *args_force[] = { "--report", "7", "--out", md, "--force" };
    assert_int_equal (s_build_export (entry, 5, args_force, &cli, &request), 0);
    assert_int_equal (entry->after (cli, &reply), XC_AFTER_PRINTED);
    xc_cli_destroy (&cli);

    /* the extension chooses the format, in any case */
    char *args_docx[] = { "--report", "7", "--out", docx };
    assert_int_equal (s_build_export (entry, 4, args_docx, &cli, &request), 0);
    assert_int_equal (entry->after (cli, &reply), XC_AFTER_PRINTED);
    xc_cli_destroy (&cli);
    file = fopen (docx, "rb");
    char magic[4] = "";
    assert_int_equal (fread (magic, 1, 4, file), 4);
    fclose (file);
    assert_memory_equal (magic, "PK\x03\x04", 4);

    /* any other extension is a usage error, nothing written */
    char *args_pdf[] = { "--report", "7", "--out", pdf };
    assert_int_equal (s_build_export (entry, 4, args_pdf, &cli, &request), -1);
    assert_false (xc_cli_failed_locally (cli));
    xc_cli_destroy (&cli);
    assert_int_equal (stat (pdf, &st), -1);

    /* a reply without a report writes nothing */
    unlink (md);
    Xuncha__Reply empty = XUNCHA__REPLY__INIT;
    assert_int_equal (s_build_export (entry, 4, args_md, &cli, &request), 0);
    assert_int_equal (entry->after (cli, &empty), 1);
    xc_cli_destroy (&cli);
    assert_int_equal (stat (md, &st), -1);
    unlink (docx);
    assert_int_equal (rmdir (directory), 0);   /* nothing else left behind */
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_model_orders_the_report),
        cmocka_unit_test (test_markdown_says_everything),
        cmocka_unit_test (test_markdown_of_a_talks_report),
        cmocka_unit_test (test_markdown_of_a_thematic_report),
        cmocka_unit_test (test_numbering_past_ninety_nine),
        cmocka_unit_test (test_docx_read_by_python_docx),
        cmocka_unit_test (test_export_command),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
