"""The periodic bulletin (通报) from ``views.tasks.bulletin_view``: a docx in official
document style (GB/T 9704-2012) and an xlsx of every task.

The docx: A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (a 156 × 225 mm text
area); the issuer's mark (发文机关标志) in red 小标宋, the document number (发文字号) centred
under it, a red rule; the title in 方正小标宋简体 二号 (22 pt); the addressee and the body in
仿宋_GB2312 三号 (16 pt) at a fixed 28.95 pt line (22 lines a page), paragraphs indented two
characters; first-level headings (一、) in 黑体, second-level ((一)) in 楷体_GB2312; a table of
units with their tasks by status and a table of every task; the late tasks named with their
reasons; the signature and the date of issue; page numbers “— 1 —” in 宋体 四号 at the foot,
odd pages on the right and even pages on the left, one character in.  The fonts are named as
the standard names them; ``reports/fonts.conf`` maps them to Noto CJK for LibreOffice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from planscope import datafiles
from planscope.export import write_output
from planscope.supervision.rules import STATUSES, status_words
from planscope.views.supervision import BOARD_COLUMNS, BulletinView, TaskRow

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
RED = RGBColor(0xE6, 0x00, 0x12)
LINE = Pt(28.95)  # 22 lines in the 225 mm text area
NUMERALS = "一二三四五六七八九十"
ORDER = ("done", "in_progress", "not_started", "at_risk", "late")  # the order a bulletin names them in


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (for (一) and 一、 numbering up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else NUMERALS[ones - 1]) if n else "〇"


def zh_part(text: str) -> str:
    """The Chinese half of a "中文 / English" message, its dates written the Chinese way."""
    return re.sub(r"(\d{4})-(\d{2})-(\d{2})", lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日",
                  text.split(" / ")[0])


@dataclass(frozen=True)
class Heading:
    issuer: str
    number: str
    title: str
    signed: date


@cache
def words() -> dict[str, Any]:
    return datafiles.raw("supervision.toml")["bulletin"]


def heading(view: BulletinView, issuer: str | None, number: str | None, title: str | None,
            signed: date | None, seq: int = 1) -> Heading:
    w = words()
    short = view.region[:2]
    fill = {"region": view.region, "period": view.period.label, "year": view.period.start.year, "short": short,
            "seq": seq}
    return Heading(issuer or w["issuer"].format(**fill), number or w["number"].format(**fill),
                   title or w["title"].format(**fill), signed or date.today())


# ---------------------------------------------------------------- runs and paragraphs


def _font(run: Any, family: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = family
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), family)
    fonts.set(qn("w:hint"), "eastAsia")  # dashes and quotes in their full-width Chinese form
    if color is not None:
        run.font.color.rgb = color


def _para(doc: DocxDocument, text: str = "", family: str = BODY_FONT, size: float = 16, *, bold: bool = False,
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
        _font(p.add_run(text), family, size, bold, color)
    return p


def _rule(p: Paragraph, color: str = "E60012", size: int = 12) -> None:
    """A rule under the paragraph (the red separator of the header, the lines of the 版记)."""
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)


def _page_number(p: Paragraph, align: int) -> None:
    p.paragraph_format.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)
    else:
        p.paragraph_format.left_indent = Pt(14)
    _font(p.add_run("— "), SONG_FONT, 14)
    run = p.add_run()
    _font(run, SONG_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _font(p.add_run(" —"), SONG_FONT, 14)


def _page_setup(doc: DocxDocument) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    s.footer_distance = Mm(20)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(s.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(s.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    style = doc.styles["Normal"]
    _font(style, BODY_FONT, 16)


# ---------------------------------------------------------------- the document


def bulletin_docx(view: BulletinView, head: Heading) -> DocxDocument:
    doc = new_docx()
    _page_setup(doc)
    _masthead(doc, head)
    _para(doc, head.title, TITLE_FONT, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(36))
    _para(doc)
    _para(doc, words()["addressee"], indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, _opening(view))
    sections = [("总体情况", _overall), ("各单位推进情况", _units), ("滞后任务", _late), ("有风险任务", _risky),
                ("下一步工作要求", _next)]
    for i, (name, write) in enumerate(sections):
        _para(doc, f"{cn_number(i + 1)}、{name}", HEI_FONT, 16)
        write(doc, view)
    _signature(doc, head)
    _imprint(doc, head)
    return doc


def _masthead(doc: DocxDocument, head: Heading) -> None:
    size = 26 if len(head.issuer) > 12 else 36
    _para(doc, head.issuer, TITLE_FONT, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, color=RED,
          line=Pt(size * 1.5))
    _para(doc)
    number = _para(doc, head.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _rule(number)
    _para(doc)


def _opening(view: BulletinView) -> str:
    return (f"为推动规划实施，现将{view.period.label}（截至{_cn_date(view.as_of)}）{view.region}规划实施重点任务推进"
            "情况通报如下。")


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _overall(doc: DocxDocument, view: BulletinView) -> None:
    c = view.counts
    parts = "、".join(f"{status_words(s).zh}{c[s]}项" for s in ORDER)
    text = f"截至{_cn_date(view.as_of)}，{view.region}纳入督查的重点任务共{len(view.rows)}项，其中{parts}。"
    if view.done_in_period:
        text += f"本期完成{len(view.done_in_period)}项。"
    _para(doc, text)


def _units(doc: DocxDocument, view: BulletinView) -> None:
    _para(doc, "（一）各牵头单位任务状态", KAI_FONT, 16)
    head = ["序号", "牵头单位", "任务数", *(status_words(s).zh for s in ORDER)]
    rows = [[str(i), s.unit, str(len(s.rows)), *(str(s.counts[st]) for st in ORDER)]
            for i, s in enumerate(view.by_unit, 1)]
    rows.append(["", "合计", str(len(view.rows)), *(str(view.counts[st]) for st in ORDER)])
    _table(doc, head, rows, [12, 48, 16, *([16] * len(ORDER))])
    _para(doc, "（二）重点任务推进情况", KAI_FONT, 16)
    rows2 = []
    for i, r in enumerate((r for s in view.by_unit for r in s.rows), 1):
        progress = f"{r.percent}%" if r.percent is not None else "—"
        rows2.append([str(i), r.short, "、".join(r.lead), r.deadline or "—", progress, r.status_zh])
    _table(doc, ["序号", "重点任务", "牵头单位", "完成时限", "进度", "状态"], rows2, [12, 54, 34, 26, 14, 16])


def _late(doc: DocxDocument, view: BulletinView) -> None:
    if not view.late:
        _para(doc, "本期无滞后任务。")
        return
    _para(doc, f"截至{_cn_date(view.as_of)}，以下{len(view.late)}项任务滞后，予以通报：")
    for i, r in enumerate(view.late):
        reason = view.late_reasons.get(r.id)
        why = "；".join(zh_part(x) for x in r.reasons)
        text = (f"（{cn_number(i + 1)}）{'、'.join(r.lead)}牵头的“{r.short}”，完成时限为{r.deadline or '未定'}，{why}。"
                + (f"单位说明原因：{reason}。" if reason else "单位未说明原因。"))
        _para(doc, text)


def _risky(doc: DocxDocument, view: BulletinView) -> None:
    if not view.at_risk:
        _para(doc, "本期无有风险任务。")
        return
    for i, r in enumerate(view.at_risk):
        why = "；".join(zh_part(x) for x in r.reasons)
        _para(doc, f"（{cn_number(i + 1)}）{'、'.join(r.lead)}牵头的“{r.short}”：{why}。")


def _next(doc: DocxDocument, view: BulletinView) -> None:
    for text in words()["closing"]:
        _para(doc, text)


def _signature(doc: DocxDocument, head: Heading) -> None:
    for _ in range(2):
        _para(doc)
    for text in (head.issuer, _cn_date(head.signed)):
        p = _para(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(64)  # 右空四字


def _imprint(doc: DocxDocument, head: Heading) -> None:
    """版记: the issuing office and the date of printing between two rules."""
    _para(doc)
    top = _para(doc, line=Pt(4), indent=False)
    _rule(top, "000000", 8)
    p = _para(doc, f"{head.issuer}", size=14, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.left_indent = Pt(14)
    _font(p.add_run(f"\t{_cn_date(head.signed)}印发"), BODY_FONT, 14)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(150), alignment=2)  # right-aligned
    _rule(p, "000000", 8)


def _table(doc: DocxDocument, head: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float]) -> Table:
    t = doc.add_table(rows=1, cols=len(head))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    t._tbl.tblPr.append(layout)
    for column, w in zip(t.columns, widths_mm, strict=True):
        column.width = Mm(w)
    for cell, text in zip(t.rows[0].cells, head, strict=True):
        _cell(cell, text, HEI_FONT, bold=False)
    _repeat_header(t)
    for row in rows:
        cells = t.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell(cell, text, BODY_FONT, left=i == 1 and len(head) == 6)
    for row in t.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    return t


def _cell(cell: Any, text: str, family: str, bold: bool = False, left: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(16)
    _font(p.add_run(text), family, 10.5, bold)  # 五号 in tables


def _repeat_header(t: Table) -> None:
    trpr = t.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def write_bulletin_docx(view: BulletinView, head: Heading, path: Path) -> None:
    doc = bulletin_docx(view, head)
    write_output(path, lambda p: doc.save(str(p)))


# ---------------------------------------------------------------- xlsx


def write_bulletin_xlsx(view: BulletinView, path: Path) -> None:
    """Every task with its status at the period's end: frozen header, filters (``export.workbook_xlsx``)."""
    from planscope.export import workbook_xlsx

    rows = [{k: "、".join(map(str, v)) if isinstance(v, list) else v for k, v in r.as_dict().items()}
            for r in view.rows]
    summary = [{"unit": s.unit, "tasks": len(s.rows), **{status_words(k).zh: v for k, v in s.counts.items()}}
               for s in view.by_unit]
    columns = ("unit", "tasks", *(status_words(k).zh for k in STATUSES))
    workbook_xlsx([(f"任务 {view.period.text}", rows, BOARD_COLUMNS), ("各单位 units", summary, columns)], path)


__all__ = ["Heading", "TaskRow", "heading", "write_bulletin_docx", "write_bulletin_xlsx"]
