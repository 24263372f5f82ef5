"""The pieces of an official document (GB/T 9704-2012) every report writer shares: the page
(A4, margins 37/35/28/26 mm, page numbers “— 1 —” in 宋体 四号, odd pages right and even pages
left), runs and paragraphs in the standard's fonts and sizes (body 仿宋_GB2312 三号 at a fixed
28.95 pt line, 22 lines a page, first lines indented two characters), rules, tables (grid, as a
bulletin prints them, or three-line, as a plan's 专栏 prints them) and Chinese numbering.

The fonts are named as the standard names them; ``reports/fonts.conf`` maps them to Noto CJK
for LibreOffice (``reports.convert``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
RED = RGBColor(0xE6, 0x00, 0x12)
LINE = Pt(28.95)  # 22 lines in the 225 mm text area
NUMERALS = "一二三四五六七八九十"
TEXT_WIDTH_MM = 156  # 210 − 28 − 26


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (for (一) and 一、 numbering up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else NUMERALS[ones - 1]) if n else "〇"


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------- runs and paragraphs


def font(run: Any, family: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = family
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), family)
    fonts.set(qn("w:hint"), "eastAsia")  # dashes and quotes in their full-width Chinese form
    if color is not None:
        run.font.color.rgb = color


def para(doc: DocxDocument, text: str = "", family: str = BODY_FONT, size: float = 16, *, bold: bool = False,
         align: int = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, color: RGBColor | None = None,
         line: Any = LINE) -> Paragraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if text:
        font(p.add_run(text), family, size, bold, color)
    return p


def rule(p: Paragraph, color: str = "E60012", size: int = 12) -> None:
    """A rule under the paragraph (the red separator of the header, the lines of the 版记)."""
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)


def page_number(p: Paragraph, align: int) -> None:
    p.paragraph_format.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)
    else:
        p.paragraph_format.left_indent = Pt(14)
    font(p.add_run("— "), SONG_FONT, 14)
    run = p.add_run()
    font(run, SONG_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    font(p.add_run(" —"), SONG_FONT, 14)


def page_setup(doc: DocxDocument, title_page: bool = False) -> None:
    """A4 with the standard's margins and page numbers; ``title_page``: the first page has none."""
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    s.footer_distance = Mm(20)
    doc.settings.odd_and_even_pages_header_footer = True
    page_number(s.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(s.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    s.different_first_page_header_footer = title_page
    style = doc.styles["Normal"]
    font(style, BODY_FONT, 16)


# ---------------------------------------------------------------- tables


def table(doc: DocxDocument, head: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float], *,
          left: Collection[int] = (), size: float = 10.5, three_line: bool = False) -> Table:
    """A table of ``head`` and ``rows`` (text), columns ``widths_mm`` wide, centred except the
    columns ``left``; the header repeats on every page.  ``three_line``: the 三线表 of a plan's
    专栏 (a heavy rule above and below, a light one under the header, no vertical lines);
    otherwise a full grid.  ``size``: 五号 10.5 pt, 小五 9 pt."""
    t = doc.add_table(rows=1, cols=len(head))
    if not three_line:
        t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    t._tbl.tblPr.append(layout)
    for column, w in zip(t.columns, widths_mm, strict=True):
        column.width = Mm(w)
    widths = [Mm(w) for w in widths_mm]
    for cell_, text, w in zip(t.rows[0].cells, head, widths, strict=True):
        cell(cell_, text, HEI_FONT, size=size)
        cell_.width = w
    repeat_header(t)
    for row in rows:  # a new row's cells from its own XML: python-docx's row.cells walks the whole table
        new = t.add_row()
        cells = [_Cell(tc, t) for tc in new._tr.tc_lst]
        for i, (cell_, text, w) in enumerate(zip(cells, row, widths, strict=True)):
            cell(cell_, text, BODY_FONT, left=i in left, size=size)
            cell_.width = w
    if three_line:
        _three_lines(t)
        _margins(t, 0.8)
    for row in t.rows:  # a row stays on one page
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _schema_order(t._tbl.tblPr)
    return t


TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
               "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _schema_order(tblpr: Any) -> None:
    """The table properties in the order of the OOXML schema (Word refuses another order)."""
    rank = {f"{{{tblpr.nsmap.get('w', '')}}}{name}": i for i, name in enumerate(TBLPR_ORDER)}
    children = sorted(tblpr, key=lambda el: rank.get(el.tag, len(rank)))
    for el in children:
        tblpr.remove(el)
        tblpr.append(el)


def cell(cell_: Any, text: str, family: str, bold: bool = False, left: bool = False, size: float = 10.5) -> None:
    p = cell_.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(16 if size >= 10.5 else size * 1.5)  # 五号 on 16 pt, as the bulletin
    font(p.add_run(text), family, size, bold)


def repeat_header(t: Table) -> None:
    trpr = t.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _borders(parent: Any, tag: str, edges: dict[str, int]) -> None:
    """``edges``: edge name → width in eighths of a point (0: none)."""
    box = OxmlElement(tag)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if edge not in edges:
            continue
        el = OxmlElement(f"w:{edge}")
        size = edges[edge]
        for k, v in (("w:val", "single" if size else "nil"), ("w:sz", str(size)), ("w:space", "0"),
                     ("w:color", "000000")):
            el.set(qn(k), v)
        box.append(el)
    parent.append(box)


def _margins(t: Table, mm: float) -> None:
    """Left and right cell margins (Word's default is 1.9 mm): narrow columns of figures fit."""
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(mm / 25.4 * 1440)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    t._tbl.tblPr.append(mar)


def _three_lines(t: Table) -> None:
    """The 三线表: 1.5 pt rules at the top and the bottom of the table, 0.75 pt under the header."""
    _borders(t._tbl.tblPr, "w:tblBorders", {"top": 12, "bottom": 12, "left": 0, "right": 0, "insideH": 0,
                                            "insideV": 0})
    for c in t.rows[0].cells:
        _borders(c._tc.get_or_add_tcPr(), "w:tcBorders", {"bottom": 6})
