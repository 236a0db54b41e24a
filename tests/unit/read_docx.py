#!/usr/bin/python3
# read_docx.py FILE — reads a .docx with python-docx (Debian's python3-docx: an
# independent reader, not xuncha's code) and prints what test_report_document checks:
#   para STYLE|TEXT           every body paragraph, with its style's name
#   cell TEXT                 every table cell
#   margins top=.. bottom=.. left=.. right=.. (mm, rounded)
#   page width=.. height=..   (mm, rounded)
#   style NAME eastAsia=FONT size=PT   the fonts of the styles the document uses
#   footer TEXT               the footer's text; footer-field PAGE when it holds a PAGE field
#   core title=.. created=..  the document properties
import sys

import docx
from docx.oxml.ns import qn

document = docx.Document(sys.argv[1])
for paragraph in document.paragraphs:
    print("para %s|%s" % (paragraph.style.name, paragraph.text))
for table in document.tables:
    for row in table.rows:
        for cell in row.cells:
            print("cell %s" % cell.text)
for section in document.sections:
    print("margins top=%d bottom=%d left=%d right=%d" % (
        round(section.top_margin.mm), round(section.bottom_margin.mm),
        round(section.left_margin.mm), round(section.right_margin.mm)))
    print("page width=%d height=%d" % (round(section.page_width.mm), round(section.page_height.mm)))
    footer = section.footer
    for paragraph in footer.paragraphs:
        print("footer %s" % paragraph.text)
    for instruction in footer._element.iter(qn("w:instrText")):
        print("footer-field %s" % instruction.text.strip())
for name in ("Normal", "Title", "Subtitle", "heading 1", "heading 2", "footer"):
    style = document.styles[name]
    fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    east_asia = fonts.get(qn("w:eastAsia")) if fonts is not None else None
    size = style.font.size.pt if style.font.size is not None else None
    print("style %s eastAsia=%s size=%s" % (name, east_asia, size))
core = document.core_properties
print("core title=%s created=%s" % (core.title, core.created.isoformat() if core.created else None))
