"""The plan-implementation report (年度监测报告, 中期评估报告, 总结评估报告) from
``views.report.report_view``: a docx in the official style of the bulletin (GB/T 9704-2012,
``reports.officialdoc``) and an xlsx of the same tables.

The docx: a title page (title, kind and year, issuer, date); the addressee and the opening; 一、总体情况
(the generated summary and a chart of the counts); 二、主要指标完成情况 (a three-line table as a plan's
专栏 prints it, 小五, units in their own column, binding indicators first, with the note on how
时间进度 and 目标进度 are computed); 三、滞后指标分析 (each lagging indicator with the engine's
explanation and its path against the target's); 四、与上级规划衔接情况; 五、重点任务推进情况 (when the
region has tasks); the signature; 附件 with the source of every figure.  Every sentence is a
pattern of ``data/report.toml`` filled with the view's figures."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from planscope.export import write_output
from planscope.labels import zh
from planscope.reports.officialdoc import (
    HEI_FONT,
    KAI_FONT,
    TEXT_WIDTH_MM,
    TITLE_FONT,
    cn_date,
    cn_number,
    page_setup,
    para,
    table,
)
from planscope.views.report import VERDICTS, IndicatorRow, ReportView, words

MAX_PATHS = 12  # path charts in the docx (two figures of six); the xlsx sheet 滞后指标路径 has every path
INDICATOR_HEAD = ("序号", "指标", "单位", "属性", "基期值", "目标值", "最新值", "时间进度", "目标进度", "状态")
INDICATOR_WIDTHS = (7, 32, 12, 12, 15, 18, 16, 14, 14, 16)
COMPLETION_HEAD = ("序号", "指标", "属性", "规划目标", "完成情况", "状态")  # a completion table's own columns
COMPLETION_WIDTHS = (8, 56, 14, 26, 34, 18)  # mm, 156 in all


def verdict_words(kind: str) -> dict[str, str]:
    """The class names of the chart, in the groups' words of report.toml ("进展顺利的{n}项" → 进展顺利)."""
    kinds = {k["id"]: k for k in words()["kind"]}
    groups = {g["key"]: g["text"].replace("的{n}项", "") for g in kinds[kind]["groups"]}
    return {v: groups.get(v, zh("status", v)) for v in VERDICTS}


def sections() -> dict[str, str]:
    return words()["sections"]


class Numbering:
    """表n and 图n, counted through the document."""

    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0

    def table(self, pattern: str, **fill: Any) -> str:
        self.tables += 1
        return pattern.format(n=self.tables, **fill)

    def figure(self, pattern: str, **fill: Any) -> str:
        self.figures += 1
        return pattern.format(n=self.figures, **fill)


# ---------------------------------------------------------------- cells the docx and the xlsx share


def with_year(value: str, year: int | None, column_year: int | None) -> str:
    """A figure, its year beside it when it differs from the year in the column's header."""
    if value == "—" or year is None or year == column_year:
        return value
    return f"{value}\n（{year}）"


def column_years(rows: list[IndicatorRow]) -> tuple[int | None, int | None, int | None]:
    """The most common baseline, target and latest year: the years the headers name."""
    from collections import Counter

    def common(values: list[int | None]) -> int | None:
        found = Counter(v for v in values if v)
        return found.most_common(1)[0][0] if found else None

    return (common([r.baseline_year for r in rows]), common([r.target_year for r in rows]),
            common([r.latest_year for r in rows]))


def indicator_header(rows: list[IndicatorRow], basis: str = "progress") -> list[str]:
    b, t, latest = column_years(rows)
    if basis == "completion":
        suffix = f"\n（{t}年）" if t else ""
        return [*COMPLETION_HEAD[:3], COMPLETION_HEAD[3] + suffix, COMPLETION_HEAD[4] + suffix, COMPLETION_HEAD[5]]
    head = list(INDICATOR_HEAD)
    for i, year in ((4, b), (5, t), (6, latest)):
        if year:
            head[i] = f"{head[i]}\n（{year}年）"
    return head


def indicator_cells(r: IndicatorRow, years: tuple[int | None, int | None, int | None]) -> list[str]:
    b, t, latest = years
    if r.completion is not None:
        return [str(r.seq), r.indicator, r.attribute, r.target, r.latest, r.status_zh]
    status = r.status_zh + ("（预警）" if r.warning else "")
    return [str(r.seq), r.indicator, r.unit or "—", r.attribute, with_year(r.baseline, r.baseline_year, b),
            with_year(r.target, r.target_year, t), with_year(r.latest, r.latest_year, latest), r.time_progress,
            r.target_progress, status]


def annex_rows(view: ReportView) -> list[list[str]]:
    out = []
    for r in view.rows:
        for f in r.figures:
            out.append([str(r.seq), r.indicator, f.what, f.where, f.quote])
    return out


# ---------------------------------------------------------------- the docx


def report_docx(view: ReportView, signed: date) -> DocxDocument:
    doc = new_docx()
    page_setup(doc, title_page=True)
    _title_page(doc, view, signed)
    n = Numbering()
    para(doc, view.addressee, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(doc, view.opening)
    parts: list[tuple[str, Callable[[DocxDocument, ReportView, Numbering], None]]] = [
        ("overview", _overview), ("indicators", _indicators), ("lagging", _lagging), ("alignment", _alignment)]
    if view.tasks is not None:
        parts.append(("tasks", _tasks))
    for i, (key, write) in enumerate(parts, 1):
        heading = para(doc, f"{cn_number(i)}、{sections()[key]}", HEI_FONT, 16)
        heading.paragraph_format.keep_with_next = True
        write(doc, view, n)
    _signature(doc, view, signed)
    _annex(doc, view, n)
    return doc


def _title_page(doc: DocxDocument, view: ReportView, signed: date) -> None:
    for _ in range(3):
        para(doc)
    para(doc, view.title, TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(36))
    para(doc, view.subtitle, KAI_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for _ in range(9):
        para(doc)
    para(doc, view.issuer, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    p = para(doc, cn_date(signed), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    p.add_run().add_break(WD_BREAK.PAGE)


def _caption(doc: DocxDocument, text: str, above: bool = True) -> None:
    """表n above its table (kept on the table's page), 图n under its picture."""
    p = para(doc, text, HEI_FONT, 12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(24))
    p.paragraph_format.keep_with_next = above


def _picture(doc: DocxDocument, png: bytes, width_mm: float = 150) -> None:
    p = para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=None)
    p.paragraph_format.line_spacing_rule = None
    p.paragraph_format.line_spacing = None
    p.paragraph_format.keep_with_next = True  # with the caption under it
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))


def _overview(doc: DocxDocument, view: ReportView, n: Numbering) -> None:
    from planscope.reports.charts import COLOURS, status_chart

    para(doc, view.summary)
    shown = [v for v in VERDICTS if view.counts.get(v)]
    if shown:
        names = verdict_words(view.kind)
        labels = [f"{names[v]}\n{breakdown(view, v)}" if breakdown(view, v) else names[v] for v in shown]
        _picture(doc, status_chart(labels, [view.counts[v] for v in shown], [COLOURS[v] for v in shown]), 130)
        _caption(doc, n.figure(sections()["status_chart"]), above=False)


def breakdown(view: ReportView, verdict: str) -> str:
    """The engine's statuses behind one class of the chart (进展顺利 ← 已实现1 进展显著4), when
    there is more than one."""
    from collections import Counter

    found = Counter(r.status_zh for r in view.rows if r.verdict == verdict)
    return " ".join(f"{s}{n}" for s, n in found.items()) if len(found) > 1 else ""


def _indicators(doc: DocxDocument, view: ReportView, n: Numbering) -> None:
    _caption(doc, n.table(sections()["indicator_table"]))
    years = column_years(view.rows)
    rows = [indicator_cells(r, years) for r in view.rows]
    widths = COMPLETION_WIDTHS if view.basis == "completion" else INDICATOR_WIDTHS
    table(doc, indicator_header(view.rows, view.basis), rows, widths, left={1}, size=9, three_line=True)
    if view.basis == "progress":
        para(doc, sections()["table_note"], size=10.5, indent=False, line=Pt(16))


def _lagging(doc: DocxDocument, view: ReportView, n: Numbering) -> None:
    """Each lagging indicator in a sentence; its path under it when there are few, else the
    paths six to a figure after the sentences (GRID_ROWS × GRID_COLUMNS small charts)."""
    from planscope.reports.charts import GRID_COLUMNS, GRID_ROWS, path_chart, path_grid

    if not view.lagging:
        para(doc, sections()["lagging_none"])
        return
    drawable = [r for r in view.lagging if r.observed or r.target_path]
    charted = drawable[:MAX_PATHS]  # binding ones first, as the rows are ordered
    few = len(charted) <= 3
    for i, r in enumerate(view.lagging, 1):
        para(doc, f"（{cn_number(i)}）{lagging_text(r)}")
        if few and r in charted:
            _picture(doc, path_chart(r), 140)
            _caption(doc, n.figure(sections()["path_chart"], indicator=r.indicator), above=False)
    per = GRID_COLUMNS * GRID_ROWS
    for start in range(0, 0 if few else len(charted), per):
        group = charted[start:start + per]
        _picture(doc, path_grid(group), 156)
        _caption(doc, n.figure(sections()["path_grid"], part=cn_number(start // per + 1)), above=False)
    if len(drawable) > len(charted):
        para(doc, sections()["lagging_more"].format(n=len(drawable) - len(charted)))


def lagging_text(r: IndicatorRow) -> str:
    """One lagging indicator in a sentence of report.toml, filled with the row's figures."""
    w = sections()
    attribute = f"（{r.attribute}）" if r.attribute != "—" else ""  # 约束性 / 预期性, when the plan says
    with_unit = lambda v: v if v == "—" or not r.unit or r.unit == "—" else f"{v}{r.unit}"  # noqa: E731
    if r.item is None:
        return w["lagging_completion"].format(indicator=r.indicator, attribute=attribute, target=r.target,
                                              year=r.target_year or "", latest=r.latest, status=r.status_zh)
    projection = (w["lagging_projection"].format(target_year=r.target_year, projected=r.item.projected)
                  if r.item.projected and r.target_year else "")
    return w["lagging_row"].format(
        indicator=r.indicator, attribute=attribute, baseline_year=r.baseline_year or "—",
        baseline=with_unit(r.baseline), target_year=r.target_year or "每", target=with_unit(r.target),
        latest_year=r.latest_year, latest=with_unit(r.latest), time_progress=r.time_progress,
        target_progress=r.target_progress, status=r.status_zh, projection=projection)


def _alignment(doc: DocxDocument, view: ReportView, n: Numbering) -> None:
    total = sum(view.alignment_counts.values())
    if not total:
        para(doc, sections()["alignment_none"])
        return
    parts = "、".join(f"{zh('relation', rel)}{c}项" for rel, c in sorted(view.alignment_counts.items(),
                                                                     key=lambda kv: -kv[1]))
    uppers = "、".join(dict.fromkeys(r.upper_region for r in view.alignment)) or "上级"
    para(doc, sections()["alignment_counts"].format(uppers=uppers, total=total, parts=parts))
    if view.alignment:
        _caption(doc, n.table(sections()["alignment_table"]))
        rows = [[str(i), r.indicator, r.upper_region, r.relation_zh, r.lower_text, r.upper_text]
                for i, r in enumerate(view.alignment, 1)]
        table(doc, ["序号", "指标", "上级", "关系", "本级目标", "上级目标"], rows, [8, 40, 20, 14, 37, 37],
              left={1, 4, 5}, size=9, three_line=True)


def _tasks(doc: DocxDocument, view: ReportView, n: Numbering) -> None:
    from planscope.supervision.rules import STATUSES, status_words

    t = view.tasks
    assert t is not None
    parts = "、".join(f"{status_words(s).zh}{t.counts[s]}项" for s in STATUSES if t.counts.get(s))
    para(doc, sections()["tasks_counts"].format(as_of=cn_date(t.as_of), total=t.total, parts=parts))
    _caption(doc, n.table(sections()["tasks_table"], as_of=cn_date(t.as_of)))
    head = ["序号", "牵头单位", "任务数", *(status_words(s).zh for s in STATUSES)]
    rows = [[str(i), u.unit, str(sum(u.counts.values())), *(str(u.counts.get(s, 0)) for s in STATUSES)]
            for i, u in enumerate(t.units, 1)]
    rest = (TEXT_WIDTH_MM - 8 - 48 - 16) / len(STATUSES)
    table(doc, head, rows, [8, 48, 16, *([rest] * len(STATUSES))], left={1}, size=9, three_line=True)


def _signature(doc: DocxDocument, view: ReportView, signed: date) -> None:
    """特此报告。, two blank lines, the issuer and the date, kept on one page together (a
    signature never stands alone on a page)."""
    block = [para(doc, words()["report"]["closing"]), para(doc), para(doc)]
    for text in (view.issuer, cn_date(signed)):
        p = para(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(64)  # 右空四字
        block.append(p)
    for p in block[:-1]:
        p.paragraph_format.keep_with_next = True


def _annex(doc: DocxDocument, view: ReportView, n: Numbering) -> None:
    p = para(doc, indent=False)
    p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, sections()["annex"], HEI_FONT, 16, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    _caption(doc, n.table(sections()["annex_table"]))
    table(doc, ["序号", "指标", "数值", "来源", "原文"], annex_rows(view), [8, 30, 22, 38, 58], left={1, 3, 4},
          size=9, three_line=True)


def write_report_docx(view: ReportView, path: Path, signed: date | None = None) -> None:
    doc = report_docx(view, signed or date.today())
    write_output(path, lambda p: doc.save(str(p)))


def write_report(view: ReportView, fmt: str, output: Path, signed: date | None = None) -> None:
    """The view as ``fmt`` (docx, xlsx, pdf) at ``output``: the command line and the workbench."""
    if fmt == "xlsx":
        from planscope.reports.monitoring_xlsx import write_report_xlsx

        write_report_xlsx(view, output)
    elif fmt == "docx":
        write_report_docx(view, output, signed)
    else:
        import tempfile

        from planscope.reports.convert import docx_to_pdf, soffice

        if soffice() is None:  # the one-line error before any work
            docx_to_pdf(output, output)
        with tempfile.TemporaryDirectory() as tmp:
            docx = Path(tmp) / (output.stem + ".docx")
            write_report_docx(view, docx, signed)
            docx_to_pdf(docx, output)
