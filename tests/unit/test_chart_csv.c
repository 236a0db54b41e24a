/* Unit tests of the client's CSV writer (client/csv.c), its SVG bar chart
 * (client/chart_svg.c) and the figures of 统计分析 written with them
 * (client/statistics_export.c): CSV quoting as RFC 4180 and spreadsheets want it, the
 * byte-order mark, a formula kept as text; an SVG that Debian's XML parser reads
 * (/usr/bin/python3, xml.dom.minidom), with its labels escaped, long labels shortened,
 * and the same figures giving the same bytes. */
#include "unit.h"
#include "chart_svg.h"
#include "csv.h"
#include "statistics_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* What WRITE(ARG) writes, as a string to free. */
#define CAPTURE(text, call)                                 \
    do {                                                    \
        size_t size_;                                       \
        FILE *out = open_memstream (&(text), &size_);      \
        call;                                               \
        fclose (out);                                       \
    } while (0)

static char *
s_field (const char *value)
{
    char *text;
    CAPTURE (text, xc_csv_field (out, value));
    return text;
}

static void
test_csv_quoting (void **state)
{
    (void) state;
    static const struct { const char *in, *out; } cases[] = {
        { "第一巡察组", "第一巡察组" },
        { "", "" },
        { "形式主义、官僚主义", "形式主义、官僚主义" },
        { "a,b", "\"a,b\"" },
        { "他说\"不知道\"", "\"他说\"\"不知道\"\"\"" },
        { "第一行\n第二行", "\"第一行\n第二行\"" },
        { "回车\r", "\"回车\r\"" },
        { " 前导空格", "\" 前导空格\"" },
        { "=SUM(A1:A9)", "\"'=SUM(A1:A9)\"" },
        { "+1-2", "\"'+1-2\"" },
        { "@cmd", "\"'@cmd\"" },
        { "-3", "-3" },          /* a number stays a number */
        { "12.5", "12.5" },
        { "-12.5%", "-12.5%" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = s_field (cases[i].in);
        if (strcmp (text, cases[i].out) != 0)
            fail_msg ("field \"%s\": expected [%s], got [%s]", cases[i].in, cases[i].out, text);
        free (text);
    }
    char *text = s_field (NULL);
    assert_string_equal (text, "");
    free (text);
}

static void
test_csv_records (void **state)
{
    (void) state;
    const char *fields[] = { "部分", "a,b", NULL, "4" };
    char *text;
    CAPTURE (text, (xc_csv_begin (out), xc_csv_record (out, fields, 4), xc_csv_record (out, fields, 1)));
    assert_string_equal (text, "\xEF\xBB\xBF部分,\"a,b\",,4\r\n部分\r\n");
    free (text);
}

/* Writes TEXT to a temporary file and parses it with Debian's Python: 0 when well-formed. */
static int
s_xml_parses (const char *text)
{
    char path[] = "/tmp/xc-chart-XXXXXX";
    int fd = mkstemp (path);
    assert_true (fd >= 0);
    assert_int_equal (write (fd, text, strlen (text)), (ssize_t) strlen (text));
    close (fd);
    char command[256];
    snprintf (command, sizeof command,
              "/usr/bin/python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' %s 2>/dev/null", path);
    int rc = system (command);
    unlink (path);
    return rc;
}

static void
test_svg_is_well_formed_and_escaped (void **state)
{
    (void) state;
    static const double one[] = { 3 }, two[] = { 1 }, zero[] = { 0 };
    static const char *const series[] = { "问题数" };
    xc_chart_row_t rows[] = {
        { "群众身边腐败问题和不正之风", one },
        { "A&B <组> \"引号\" '单引号'", two },
        { "资金管理、资产处置、资源配置、资本运作和工程项目、另外还有一些很长的文字", zero },
    };
    static const double rates[] = { 12.5 };
    static const char *const rate_series[] = { "比率" };
    xc_chart_row_t rate_rows[] = { { "整改完成率", rates } };
    xc_chart_panel_t panels[] = {
        { "问题分类统计", series, 1, rows, 3, 0 },
        { "整改完成率与逾期率", rate_series, 1, rate_rows, 1, 1 },
        { "空的面板", series, 1, NULL, 0, 0 },
    };
    xc_chart_t chart = { "巡察工作统计分析", "统计范围：全部轮次 & 其他", panels, 3 };
    char *svg;
    CAPTURE (svg, xc_chart_svg (out, &chart));
    assert_true (strlen (svg) > 500);
    assert_int_equal (s_xml_parses (svg), 0);
    assert_contains (svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    assert_contains (svg, "'Noto Sans CJK SC'");
    assert_contains (svg, "群众身边腐败问题和不正之风");
    assert_contains (svg, "A&amp;B &lt;组&gt; &quot;引号&quot; &apos;单引号&apos;");
    assert_contains (svg, "全部轮次 &amp; 其他");
    assert_contains (svg, "12.5%");
    assert_contains (svg, "（无数据）");
    /* the long label is shortened, and whole in its tooltip */
    assert_contains (svg, "…<title>资金管理、资产处置、资源配置、资本运作和工程项目、另外还有一些很长的文字</title>");
    char *again;
    CAPTURE (again, xc_chart_svg (out, &chart));
    assert_string_equal (svg, again);
    free (again);
    free (svg);
}

/* A small set of figures, as the server would send them. */
static void
s_statistics (Xuncha__Statistics *s, Xuncha__CategoryFigure *categories, Xuncha__GroupFigure *group)
{
    static Xuncha__CategoryFigure *category_list[3];
    static Xuncha__GroupFigure *group_list[1];
    static char *round_names[] = { "十届区委第2轮巡察" };
    static int64_t round_ids[] = { 2 };
    xuncha__statistics__init (s);
    for (int i = 0; i < 3; i++) {
        xuncha__category_figure__init (&categories[i]);
        category_list[i] = &categories[i];
    }
    categories[0].name = "中央八项规定精神";
    categories[0].parent_name = "群众身边腐败问题和不正之风";
    categories[0].problems = 3;
    categories[0].units = 2;
    categories[0].common = 1;
    categories[1].name = "形式主义、官僚主义";
    categories[1].parent_name = "群众身边腐败问题和不正之风";
    categories[1].problems = 1;
    categories[1].units = 1;
    categories[2].name = "选人用人";
    categories[2].parent_name = "基层党组织领导班子和干部队伍建设";
    categories[2].problems = 2;
    categories[2].units = 1;
    s->categories = category_list;
    s->n_categories = 3;
    xuncha__group_figure__init (group);
    group->group_name = "第一巡察组";
    group->round_name = "十届区委第2轮巡察";
    group->talks = 12;
    group->petitions = 5;
    group->papers = 4;
    group->clues = 2;
    group->conduct_ratings = 2;
    group->conduct_score = 4.5;
    group_list[0] = group;
    s->groups = group_list;
    s->n_groups = 1;
    s->tasks = 8;
    s->tasks_done = 1;
    s->tasks_overdue = 2;
    s->completion_rate = 0.125;
    s->overdue_rate = 0.25;
    s->computed_at = "2026-05-20 09:00";
    s->round_ids = round_ids;
    s->n_round_ids = 1;
    s->round_names = round_names;
    s->n_round_names = 1;
}

static void
test_statistics_as_csv_and_chart (void **state)
{
    (void) state;
    Xuncha__Statistics s;
    Xuncha__CategoryFigure categories[3];
    Xuncha__GroupFigure group;
    s_statistics (&s, categories, &group);
    xc_focus_t focus[4];
    assert_int_equal (xc_statistics_focus (&s, focus, 4), 2);
    assert_string_equal (focus[0].name, "群众身边腐败问题和不正之风");
    assert_int_equal (focus[0].problems, 4);
    assert_int_equal (focus[1].problems, 2);
    char *csv;
    CAPTURE (csv, xc_statistics_csv (out, &s));
    assert_true (strncmp (csv, "\xEF\xBB\xBF部分,项目,指标,数值\r\n", strlen ("\xEF\xBB\xBF部分,项目,指标,数值\r\n")) == 0);
    assert_contains (csv, "统计说明,统计范围,巡察轮次,十届区委第2轮巡察\r\n");
    assert_contains (csv, "问题分类统计,群众身边腐败问题和不正之风/中央八项规定精神,性质,共性问题\r\n");
    assert_contains (csv, "问题分类统计,基层党组织领导班子和干部队伍建设/选人用人,性质,个性问题\r\n");
    assert_contains (csv, "问题分类统计（按聚焦）,群众身边腐败问题和不正之风,问题数,4\r\n");
    assert_contains (csv, "整改,整改任务,完成率(%),12.5\r\n");
    assert_contains (csv, "整改,整改任务,逾期率(%),25.0\r\n");
    assert_contains (csv, "各巡察组工作量,十届区委第2轮巡察 第一巡察组,个别谈话,12\r\n");
    assert_contains (csv, "作风纪律后评估,十届区委第2轮巡察 第一巡察组,平均分,4.50\r\n");
    free (csv);
    char *svg;
    CAPTURE (svg, xc_statistics_chart (out, &s));
    assert_int_equal (s_xml_parses (svg), 0);
    assert_contains (svg, "问题分类统计（按聚焦，已签批底稿）");
    assert_contains (svg, "群众身边腐败问题和不正之风");
    assert_contains (svg, "各巡察组工作量");
    assert_contains (svg, "十届区委第2轮巡察 第一巡察组");
    assert_contains (svg, "个别谈话");
    assert_contains (svg, ">12<");
    assert_contains (svg, "25.0%");
    assert_contains (svg, "统计范围：十届区委第2轮巡察；统计时间：2026-05-20 09:00");
    free (svg);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_csv_quoting),
        cmocka_unit_test (test_csv_records),
        cmocka_unit_test (test_svg_is_well_formed_and_escaped),
        cmocka_unit_test (test_statistics_as_csv_and_chart),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
