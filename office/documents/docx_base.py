"""A4 official-document page with East-Asian fonts set on every run.

Word picks the East-Asian font from `w:eastAsia`, not from `font.name`, so both are set. Body
text is 仿宋 and headings 宋体 (bold), as offices use; where those fonts are missing LibreOffice
falls back through fontconfig to Noto CJK (fonts-noto-cjk), so Chinese never prints as boxes.
"""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = getattr(settings, "OFFICE_BODY_FONT", "仿宋")
TITLE_FONT = getattr(settings, "OFFICE_TITLE_FONT", "宋体")
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号, the size of official documents
TABLE_SIZE = Pt(14)  # 四号
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def set_font(run_or_style, east_asian: str, size=None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    set_font(doc.styles["Normal"], BODY_FONT, BODY_SIZE)
    doc.styles["Normal"].paragraph_format.line_spacing = Pt(28)
    return doc


def para(
    doc,
    text: str = "",
    *,
    align: str = "justify",
    size=None,
    bold: bool = False,
    title: bool = False,
    indent: bool = False,
):
    """One paragraph; `indent` gives the two-character first-line indent of body text."""
    p = doc.add_paragraph()
    p.alignment = ALIGN[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    run = p.add_run(text)
    set_font(run, TITLE_FONT if title else BODY_FONT, size, bold)
    return p


def cell_text(cell, text: str, *, bold: bool = False, size=TABLE_SIZE) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    set_font(run, BODY_FONT, size, bold)


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
