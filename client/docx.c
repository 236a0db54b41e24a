/* docx — see docx.h. Each part of the package is written by its own function into a
 * memory stream, then added to a zip archive that libzip builds in memory. */
#include "docx.h"
#include "xc_utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XC_XML_DECLARATION "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define XC_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define XC_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XC_NS_PACKAGE_RELS "http://schemas.openxmlformats.org/package/2006/relationships"

/* GB/T 9704 in twips (1/1440 inch; 1 mm = 56.69 twips) and half-points. */
#define XC_PAGE_WIDTH 11906       /* A4: 210 mm */
#define XC_PAGE_HEIGHT 16838      /* 297 mm */
#define XC_MARGIN_TOP 2098        /* 37 mm */
#define XC_MARGIN_BOTTOM 1984     /* 35 mm */
#define XC_MARGIN_LEFT 1587       /* 28 mm */
#define XC_MARGIN_RIGHT 1474      /* 26 mm */
#define XC_FOOTER_DISTANCE 1247   /* 22 mm: the page number one line below the text block */
#define XC_LINE_PITCH 579         /* 28.95 pt: 22 lines in the 225 mm text block */
#define XC_INDENT_TWO 640         /* two characters of 16 pt */
#define XC_SIZE_TITLE 44          /* 二号 22 pt */
#define XC_SIZE_BODY 32           /* 三号 16 pt */
#define XC_SIZE_SMALL 28          /* 四号 14 pt: the page number, the tables */
#define XC_TABLE_COLUMN 3000      /* a table column's width (2 columns: 106 mm of 156) */

/* ------------------------------------------------------------ XML text */

/* TEXT as XML character data: & < > " ' escaped, characters XML 1.0 forbids (C0
 * controls but tab and newline) dropped, bytes that are not UTF-8 replaced by U+FFFD.
 * A newline becomes a line break and a tab a tab when IN_RUN (inside <w:t>). */
static void
s_xml (FILE *out, const char *text, int in_run)
{
    static const unsigned char lengths[256] = {
        [0xC2 ... 0xDF] = 2, [0xE0 ... 0xEF] = 3, [0xF0 ... 0xF4] = 4,
    };
    for (const unsigned char *p = (const unsigned char *) text; *p;) {
        size_t n = *p < 0x80 ? 1 : lengths[*p];
        if (n == 0 || strnlen ((const char *) p, n) < n || !xc_utf8_valid ((const char *) p, n)) {
            fputs ("\xEF\xBF\xBD", out);
            p++;
            continue;
        }
        switch (*p) {
        case '&': fputs ("&amp;", out); break;
        case '<': fputs ("&lt;", out); break;
        case '>': fputs ("&gt;", out); break;
        case '"': fputs ("&quot;", out); break;
        case '\'': fputs ("&apos;", out); break;
        case '\n': fputs (in_run ? "</w:t><w:br/><w:t xml:space=\"preserve\">" : " ", out); break;
        case '\t': fputs (in_run ? "</w:t><w:tab/><w:t xml:space=\"preserve\">" : " ", out); break;
        default:
            if (*p >= 0x20 || n > 1)
                fwrite (p, 1, n, out);
        }
        p += n;
    }
}

/* A run of TEXT (nothing when empty), bold when BOLD. */
static void
s_run (FILE *out, const char *text, int bold)
{
    if (!*text)
        return;
    fputs (bold ? "<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">" : "<w:r><w:t xml:space=\"preserve\">",
           out);
    s_xml (out, text, 1);
    fputs ("</w:t></w:r>", out);
}

/* A paragraph in STYLE (NULL: the body's) opening; the caller writes its runs. */
static void
s_paragraph_open (FILE *out, const char *style)
{
    if (style)
        fprintf (out, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
    else
        fputs ("<w:p>", out);
}

/* ------------------------------------------------------------ word/document.xml */

static void
s_table (FILE *out, const xc_block_t *table)
{
    fputs ("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/>"
           "<w:jc w:val=\"center\"/><w:tblLook w:val=\"04A0\"/></w:tblPr><w:tblGrid>", out);
    for (size_t column = 0; column < table->columns; column++)
        fprintf (out, "<w:gridCol w:w=\"%d\"/>", XC_TABLE_COLUMN);
    fputs ("</w:tblGrid>", out);
    for (size_t row = 0; row < table->rows; row++) {
        fputs ("<w:tr>", out);
        for (size_t column = 0; column < table->columns; column++) {
            fprintf (out, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>",
                     XC_TABLE_COLUMN);
            s_paragraph_open (out, "TableText");
            s_run (out, table->cells[row * table->columns + column], row == 0);
            fputs ("</w:p></w:tc>", out);
        }
        fputs ("</w:tr>", out);
    }
    fputs ("</w:tbl>", out);
}

static void
s_block (FILE *out, const xc_block_t *block)
{
    static const char *const styles[] = { [XC_BLOCK_TITLE] = "Title", [XC_BLOCK_INFO] = "Subtitle",
                                          [XC_BLOCK_HEADING] = "Heading1", [XC_BLOCK_SUBHEADING] = "Heading2" };
    if (block->kind == XC_BLOCK_TABLE) {
        s_table (out, block);
        return;
    }
    s_paragraph_open (out, (size_t) block->kind < sizeof styles / sizeof styles[0] ? styles[block->kind] : NULL);
    /* a problem: "1．标题。" bold, then the facts, the basis and the 底稿 cited */
    int bold = block->kind == XC_BLOCK_PROBLEM;
    s_run (out, block->label, bold);
    s_run (out, block->lead, bold);
    s_run (out, block->text, 0);
    s_run (out, block->basis, 0);
    s_run (out, block->cite, 0);
    fputs ("</w:p>", out);
}

static void
s_document (FILE *out, const xc_report_document_t *document)
{
    fputs (XC_XML_DECLARATION "<w:document xmlns:w=\"" XC_NS_W "\" xmlns:r=\"" XC_NS_R "\"><w:body>", out);
    for (size_t i = 0; i < xc_report_document_size (document); i++)
        s_block (out, xc_report_document_block (document, i));
    fprintf (out,
             "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>"
             "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
             "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"851\" w:footer=\"%d\""
             " w:gutter=\"0\"/><w:pgNumType w:fmt=\"decimal\"/><w:cols w:space=\"425\"/>"
             "<w:docGrid w:type=\"lines\" w:linePitch=\"%d\"/></w:sectPr></w:body></w:document>",
             XC_PAGE_WIDTH, XC_PAGE_HEIGHT, XC_MARGIN_TOP, XC_MARGIN_RIGHT, XC_MARGIN_BOTTOM, XC_MARGIN_LEFT,
             XC_FOOTER_DISTANCE, XC_LINE_PITCH);
}

/* ------------------------------------------------------------ styles, fonts, settings, footer */

/* The run properties of a style: FONT for Chinese (Times New Roman for Latin and
 * digits, or FONT too when LATIN_TOO), SIZE in half-points. */
static void
s_font (FILE *out, const char *font, int latin_too, int size)
{
    const char *latin = latin_too ? font : "Times New Roman";
    fprintf (out,
             "<w:rPr><w:rFonts w:ascii=\"%s\" w:eastAsia=\"%s\" w:hAnsi=\"%s\" w:cs=\"%s\"/>"
             "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr>",
             latin, font, latin, latin, size, size);
}

/* A paragraph style: ID and NAME, its paragraph properties PPR, its font. */
static void
s_style (FILE *out, const char *id, const char *name, const char *ppr, const char *font, int latin_too, int size)
{
    int normal = strcmp (id, "Normal") == 0;
    fprintf (out, "<w:style w:type=\"paragraph\"%s w:styleId=\"%s\"><w:name w:val=\"%s\"/>",
             normal ? " w:default=\"1\"" : "", id, name);
    if (!normal)
        fputs ("<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>", out);
    fprintf (out, "<w:qFormat/><w:pPr>%s</w:pPr>", ppr);
    s_font (out, font, latin_too, size);
    fputs ("</w:style>", out);
}

#define XC_CENTRED "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/>"
#define XC_BORDER(side) "<w:" side " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"

static void
s_styles (FILE *out, const xc_report_document_t *document)
{
    (void) document;
    char body[256], spaced[256];
    snprintf (body, sizeof body,
              "<w:widowControl w:val=\"0\"/><w:spacing w:line=\"%d\" w:lineRule=\"exact\"/>"
              "<w:ind w:firstLineChars=\"200\" w:firstLine=\"%d\"/><w:jc w:val=\"both\"/>",
              XC_LINE_PITCH, XC_INDENT_TWO);
    snprintf (spaced, sizeof spaced, "<w:spacing w:after=\"%d\" w:line=\"%d\" w:lineRule=\"exact\"/>" XC_CENTRED,
              XC_LINE_PITCH, XC_LINE_PITCH);
    fputs (XC_XML_DECLARATION "<w:styles xmlns:w=\"" XC_NS_W "\"><w:docDefaults><w:rPrDefault>", out);
    s_font (out, "仿宋_GB2312", 0, XC_SIZE_BODY);
    fputs ("</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line=\"579\" w:lineRule=\"exact\"/></w:pPr>"
           "</w:pPrDefault></w:docDefaults>", out);
    s_style (out, "Normal", "Normal", body, "仿宋_GB2312", 0, XC_SIZE_BODY);
    s_style (out, "Title", "Title", spaced, "方正小标宋简体", 1, XC_SIZE_TITLE);
    s_style (out, "Subtitle", "Subtitle", spaced, "楷体_GB2312", 0, XC_SIZE_BODY);
    s_style (out, "Heading1", "heading 1", "<w:keepNext/><w:outlineLvl w:val=\"0\"/>", "黑体", 0, XC_SIZE_BODY);
    s_style (out, "Heading2", "heading 2", "<w:keepNext/><w:outlineLvl w:val=\"1\"/>", "楷体_GB2312", 0, XC_SIZE_BODY);
    s_style (out, "Footer", "footer", "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>" XC_CENTRED, "宋体", 1,
             XC_SIZE_SMALL);
    s_style (out, "TableText", "Table Text", "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>" XC_CENTRED,
             "仿宋_GB2312", 0, XC_SIZE_SMALL);
    fputs ("<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>"
           XC_BORDER ("top") XC_BORDER ("left") XC_BORDER ("bottom") XC_BORDER ("right") XC_BORDER ("insideH")
           XC_BORDER ("insideV") "</w:tblBorders><w:tblCellMar><w:left w:w=\"108\" w:type=\"dxa\"/>"
           "<w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style></w:styles>", out);
}

/* Each font the styles name, with the common font a reader without it should use. */
static void
s_font_table (FILE *out, const xc_report_document_t *document)
{
    (void) document;
    static const struct { const char *name, *fallback; } fonts[] = {
        { "仿宋_GB2312", "仿宋" }, { "方正小标宋简体", "宋体" }, { "黑体", "SimHei" },
        { "楷体_GB2312", "楷体" }, { "宋体", "SimSun" },
    };
    fputs (XC_XML_DECLARATION "<w:fonts xmlns:w=\"" XC_NS_W "\">", out);
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++)
        fprintf (out, "<w:font w:name=\"%s\"><w:altName w:val=\"%s\"/><w:charset w:val=\"86\"/>"
                      "<w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>",
                 fonts[i].name, fonts[i].fallback);
    fputs ("<w:font w:name=\"Times New Roman\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/>"
           "<w:pitch w:val=\"variable\"/></w:font></w:fonts>", out);
}

static void
s_settings (FILE *out, const xc_report_document_t *document)
{
    (void) document;
    fputs (XC_XML_DECLARATION "<w:settings xmlns:w=\"" XC_NS_W "\"><w:zoom w:percent=\"100\"/>"
           "<w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/>"
           "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\""
           " w:val=\"15\"/></w:compat></w:settings>", out);
}

/* "— 1 —": the page number as a PAGE field between two em dashes. */
static void
s_footer (FILE *out, const xc_report_document_t *document)
{
    (void) document;
    fputs (XC_XML_DECLARATION "<w:ftr xmlns:w=\"" XC_NS_W "\" xmlns:r=\"" XC_NS_R "\">"
           "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
           "<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"
           "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
           "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
           "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
           "<w:r><w:t>1</w:t></w:r>"
           "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
           "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>", out);
}

/* ------------------------------------------------------------ package parts */

static void
s_content_types (FILE *out, const xc_report_document_t *document)
{
    (void) document;
#define XC_OVERRIDE(part, type) "<Override PartName=\"" part "\" ContentType=\"application/" type "\"/>"
#define XC_WORDML "vnd.openxmlformats-officedocument.wordprocessingml."
    fputs (XC_XML_DECLARATION
           "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
           "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
           XC_OVERRIDE ("/word/document.xml", XC_WORDML "document.main+xml")
           XC_OVERRIDE ("/word/styles.xml", XC_WORDML "styles+xml")
           XC_OVERRIDE ("/word/settings.xml", XC_WORDML "settings+xml")
           XC_OVERRIDE ("/word/fontTable.xml", XC_WORDML "fontTable+xml")
           XC_OVERRIDE ("/word/footer1.xml", XC_WORDML "footer+xml")
           XC_OVERRIDE ("/docProps/core.xml", "vnd.openxmlformats-package.core-properties+xml")
           XC_OVERRIDE ("/docProps/app.xml", "vnd.openxmlformats-officedocument.extended-properties+xml")
           "</Types>", out);
#undef XC_OVERRIDE
#undef XC_WORDML
}

#define XC_RELATIONSHIP(id, type, target) "<Relationship Id=\"" id "\" Type=\"" type "\" Target=\"" target "\"/>"
#define XC_OFFICE_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void
s_package_rels (FILE *out, const xc_report_document_t *document)
{
    (void) document;
    fputs (XC_XML_DECLARATION "<Relationships xmlns=\"" XC_NS_PACKAGE_RELS "\">"
           XC_RELATIONSHIP ("rId1", XC_OFFICE_REL "officeDocument", "word/document.xml")
           XC_RELATIONSHIP ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                                    "core-properties", "docProps/core.xml")
           XC_RELATIONSHIP ("rId3", XC_OFFICE_REL "extended-properties", "docProps/app.xml")
           "</Relationships>", out);
}

static void
s_document_rels (FILE *out, const xc_report_document_t *document)
{
    (void) document;
    fputs (XC_XML_DECLARATION "<Relationships xmlns=\"" XC_NS_PACKAGE_RELS "\">"
           XC_RELATIONSHIP ("rId1", XC_OFFICE_REL "styles", "styles.xml")
           XC_RELATIONSHIP ("rId2", XC_OFFICE_REL "settings", "settings.xml")
           XC_RELATIONSHIP ("rId3", XC_OFFICE_REL "fontTable", "fontTable.xml")
           XC_RELATIONSHIP ("rId4", XC_OFFICE_REL "footer", "footer1.xml")
           "</Relationships>", out);
}

/* A report's "YYYY-MM-DD HH:MM[:SS]" (the committee's local time, +08:00) read into
 * FIELDS (year, month, day, hour, minute, second); 0, or -1 when it is not one. */
static int
s_read_time (const char *text, int fields[6])
{
    memset (fields, 0, 6 * sizeof fields[0]);
    int n = sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d", &fields[0], &fields[1], &fields[2], &fields[3], &fields[4],
                    &fields[5]);
    int valid = n >= 3 && fields[0] >= 1980 && fields[0] <= 2107 && fields[1] >= 1 && fields[1] <= 12 && fields[2] >= 1
                && fields[2] <= 31 && fields[3] <= 23 && fields[4] <= 59 && fields[5] <= 59;
    return valid ? 0 : -1;
}

/* <dcterms:ELEMENT> with TEXT as W3CDTF, nothing when TEXT is no time. */
static void
s_core_time (FILE *out, const char *element, const char *text)
{
    int t[6];
    if (s_read_time (text, t) == 0)
        fprintf (out, "<dcterms:%s xsi:type=\"dcterms:W3CDTF\">%04d-%02d-%02dT%02d:%02d:%02d+08:00</dcterms:%s>",
                 element, t[0], t[1], t[2], t[3], t[4], t[5], element);
}

static void
s_core (FILE *out, const xc_report_document_t *document)
{
    const xc_document_meta_t *meta = xc_report_document_meta (document);
    fputs (XC_XML_DECLARATION
           "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
           " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
           " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
           "<dc:title>", out);
    s_xml (out, meta->title, 0);
    fputs ("</dc:title><dc:subject>", out);
    s_xml (out, meta->subject, 0);
    fputs ("</dc:subject><dc:creator>", out);
    s_xml (out, meta->author, 0);
    fputs ("</dc:creator>", out);
    s_core_time (out, "created", meta->created);
    s_core_time (out, "modified", *meta->modified ? meta->modified : meta->created);
    fputs ("</cp:coreProperties>", out);
}

static void
s_app (FILE *out, const xc_report_document_t *document)
{
    (void) document;
    fputs (XC_XML_DECLARATION
           "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
           " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
           "<Application>xuncha</Application><DocSecurity>0</DocSecurity></Properties>", out);
}

/* ------------------------------------------------------------ the archive */

typedef void (*xc_part_fn) (FILE *out, const xc_report_document_t *document);

/* The parts in the order they are stored: [Content_Types].xml first, as readers expect. */
static const struct {
    const char *name;
    xc_part_fn write;
} s_parts[] = {
    { "[Content_Types].xml", s_content_types },
    { "_rels/.rels", s_package_rels },
    { "word/document.xml", s_document },
    { "word/_rels/document.xml.rels", s_document_rels },
    { "word/styles.xml", s_styles },
    { "word/settings.xml", s_settings },
    { "word/fontTable.xml", s_font_table },
    { "word/footer1.xml", s_footer },
    { "docProps/core.xml", s_core },
    { "docProps/app.xml", s_app },
};

/* The entries' time in MS-DOS form: the report's last change, else 1980-01-01. */
static void
s_dos_time (const xc_report_document_t *document, zip_uint16_t *time, zip_uint16_t *date)
{
    const xc_document_meta_t *meta = xc_report_document_meta (document);
    int t[6];
    if (s_read_time (meta->modified, t) != 0 && s_read_time (meta->created, t) != 0)
        memcpy (t, (int[6]) { 1980, 1, 1, 0, 0, 0 }, sizeof t);
    *time = (zip_uint16_t) (t[3] << 11 | t[4] << 5 | t[5] / 2);
    *date = (zip_uint16_t) ((t[0] - 1980) << 9 | t[1] << 5 | t[2]);
}

/* Adds every part to ARCHIVE; 0, or -1. */
static int
s_add_parts (zip_t *archive, const xc_report_document_t *document)
{
    zip_uint16_t dos_time, dos_date;
    s_dos_time (document, &dos_time, &dos_date);
    for (size_t i = 0; i < sizeof s_parts / sizeof s_parts[0]; i++) {
        char *xml = NULL;
        size_t length = 0;
        FILE *out = open_memstream (&xml, &length);
        if (!out)
            return -1;
        s_parts[i].write (out, document);
        if (fclose (out) != 0) {
            free (xml);
            return -1;
        }
        zip_source_t *source = zip_source_buffer (archive, xml, length, 1);   /* libzip frees xml */
        if (!source) {
            free (xml);
            return -1;
        }
        zip_int64_t index = zip_file_add (archive, s_parts[i].name, source, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free (source);
            return -1;
        }
        if (zip_set_file_compression (archive, (zip_uint64_t) index, ZIP_CM_DEFLATE, 9) != 0
            || zip_file_set_dostime (archive, (zip_uint64_t) index, dos_time, dos_date, 0) != 0)
            return -1;
    }
    return 0;
}

/* The bytes SOURCE holds into *DATA, *SIZE; 0, or -1. */
static int
s_take_bytes (zip_source_t *source, uint8_t **data, size_t *size)
{
    zip_stat_t stat;
    if (zip_source_stat (source, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE) || zip_source_open (source) != 0)
        return -1;
    *size = stat.size;
    *data = malloc (stat.size ? stat.size : 1);
    zip_int64_t read = *data ? zip_source_read (source, *data, stat.size) : -1;
    zip_source_close (source);
    if (read < 0 || (zip_uint64_t) read != stat.size) {
        free (*data);
        *data = NULL;
        return -1;
    }
    return 0;
}

int
xc_docx_render (const xc_report_document_t *document, uint8_t **data, size_t *size)
{
    zip_error_t error;
    zip_error_init (&error);
    zip_source_t *source = zip_source_buffer_create (NULL, 0, 0, &error);
    zip_t *archive = source ? zip_open_from_source (source, ZIP_TRUNCATE, &error) : NULL;
    int rc = -1;
    if (archive) {
        zip_source_keep (source);   /* the archive is written into it and read from it after */
        if (s_add_parts (archive, document) != 0) {
            zip_error_set (&error, zip_error_code_zip (zip_get_error (archive)), zip_error_code_system (zip_get_error (archive)));
            zip_discard (archive);
        }
        else if (zip_close (archive) != 0) {
            zip_error_set (&error, zip_error_code_zip (zip_get_error (archive)), zip_error_code_system (zip_get_error (archive)));
            zip_discard (archive);
        }
        else
            rc = s_take_bytes (source, data, size);
    }
    if (rc != 0)
        fprintf (stderr, "xuncha: 无法生成 .docx 文件：%s\n", zip_error_strerror (&error));
    zip_source_free (source);
    zip_error_fini (&error);
    return rc;
}
