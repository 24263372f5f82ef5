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
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from planscope import datafiles
from planscope.export import write_output
from planscope.reports.officialdoc import (
    BODY_FONT,
    HEI_FONT,
    KAI_FONT,
    RED,
    TITLE_FONT,
    cn_date,
    cn_number,
    font,
    page_setup,
    para,
    rule,
    table,
)
from planscope.supervision.rules import STATUSES, status_words
from planscope.views.supervision import BOARD_COLUMNS, BulletinView, TaskRow

ORDER = ("done", "in_progress", "not_started", "at_risk", "late")  # the order a bulletin names them in


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


# ---------------------------------------------------------------- the document


def bulletin_docx(view: BulletinView, head: Heading) -> DocxDocument:
    doc = new_docx()
    page_setup(doc)
    _masthead(doc, head)
    para(doc, head.title, TITLE_FONT, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(36))
    para(doc)
    para(doc, words()["addressee"], indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(doc, _opening(view))
    sections = [("总体情况", _overall), ("各单位推进情况", _units), ("滞后任务", _late), ("有风险任务", _risky),
                ("下一步工作要求", _next)]
    for i, (name, write) in enumerate(sections):
        para(doc, f"{cn_number(i + 1)}、{name}", HEI_FONT, 16)
        write(doc, view)
    _signature(doc, head)
    _imprint(doc, head)
    return doc


def _masthead(doc: DocxDocument, head: Heading) -> None:
    size = 26 if len(head.issuer) > 12 else 36
    para(doc, head.issuer, TITLE_FONT, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, color=RED,
          line=Pt(size * 1.5))
    para(doc)
    number = para(doc, head.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    rule(number)
    para(doc)


def _opening(view: BulletinView) -> str:
    return (f"为推动规划实施，现将{view.period.label}（截至{cn_date(view.as_of)}）{view.region}规划实施重点任务推进"
            "情况通报如下。")


def _overall(doc: DocxDocument, view: BulletinView) -> None:
    c = view.counts
    parts = "、".join(f"{status_words(s).zh}{c[s]}项" for s in ORDER)
    text = f"截至{cn_date(view.as_of)}，{view.region}纳入督查的重点任务共{len(view.rows)}项，其中{parts}。"
    if view.done_in_period:
        text += f"本期完成{len(view.done_in_period)}项。"
    para(doc, text)


def _units(doc: DocxDocument, view: BulletinView) -> None:
    para(doc, "（一）各牵头单位任务状态", KAI_FONT, 16)
    head = ["序号", "牵头单位", "任务数", *(status_words(s).zh for s in ORDER)]
    rows = [[str(i), s.unit, str(len(s.rows)), *(str(s.counts[st]) for st in ORDER)]
            for i, s in enumerate(view.by_unit, 1)]
    rows.append(["", "合计", str(len(view.rows)), *(str(view.counts[st]) for st in ORDER)])
    table(doc, head, rows, [12, 48, 16, *([16] * len(ORDER))])
    para(doc, "（二）重点任务推进情况", KAI_FONT, 16)
    rows2 = []
    for i, r in enumerate((r for s in view.by_unit for r in s.rows), 1):
        progress = f"{r.percent}%" if r.percent is not None else "—"
        rows2.append([str(i), r.short, "、".join(r.lead), r.deadline or "—", progress, r.status_zh])
    table(doc, ["序号", "重点任务", "牵头单位", "完成时限", "进度", "状态"], rows2, [12, 54, 34, 26, 14, 16], left={1})


def _late(doc: DocxDocument, view: BulletinView) -> None:
    if not view.late:
        para(doc, "本期无滞后任务。")
        return
    para(doc, f"截至{cn_date(view.as_of)}，以下{len(view.late)}项任务滞后，予以通报：")
    for i, r in enumerate(view.late):
        reason = view.late_reasons.get(r.id)
        why = "；".join(zh_part(x) for x in r.reasons)
        text = (f"（{cn_number(i + 1)}）{'、'.join(r.lead)}牵头的“{r.short}”，完成时限为{r.deadline or '未定'}，{why}。"
                + (f"单位说明原因：{reason}。" if reason else "单位未说明原因。"))
        para(doc, text)


def _risky(doc: DocxDocument, view: BulletinView) -> None:
    if not view.at_risk:
        para(doc, "本期无有风险任务。")
        return
    for i, r in enumerate(view.at_risk):
        why = "；".join(zh_part(x) for x in r.reasons)
        para(doc, f"（{cn_number(i + 1)}）{'、'.join(r.lead)}牵头的“{r.short}”：{why}。")


def _next(doc: DocxDocument, view: BulletinView) -> None:
    for text in words()["closing"]:
        para(doc, text)


def _signature(doc: DocxDocument, head: Heading) -> None:
    for _ in range(2):
        para(doc)
    for text in (head.issuer, cn_date(head.signed)):
        p = para(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(64)  # 右空四字


def _imprint(doc: DocxDocument, head: Heading) -> None:
    """版记: the issuing office and the date of printing between two rules."""
    para(doc)
    top = para(doc, line=Pt(4), indent=False)
    rule(top, "000000", 8)
    p = para(doc, f"{head.issuer}", size=14, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.left_indent = Pt(14)
    font(p.add_run(f"\t{cn_date(head.signed)}印发"), BODY_FONT, 14)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(150), alignment=2)  # right-aligned
    rule(p, "000000", 8)


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


__all__ = ["Heading", "TaskRow", "cn_number", "heading", "write_bulletin_docx", "write_bulletin_xlsx"]
