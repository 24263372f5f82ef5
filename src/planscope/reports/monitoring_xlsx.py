"""The report's tables as an xlsx, one sheet each, for a statistician to check: the report's
words (报告), the 主要指标 with each figure in its own column and in the plan's unit, 时间进度
and 目标进度 as the engine gives them and, beside them, a formula over the cells when the
engine's figure is that simple ratio (a level target's straight-line distance); the counts
(评估结果), the lagging indicators' paths (滞后指标路径), the alignment (上级衔接), the tasks by
unit (任务), and the sources (数据来源).  Every sheet has a frozen header and filters."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planscope.export import HEADER_COLOUR, _fill, empty_workbook, save_workbook
from planscope.labels import zh
from planscope.monitoring.figures import unit_factor
from planscope.reports.monitoring import annex_rows, verdict_words
from planscope.views.report import VERDICTS, IndicatorRow, ReportView

INDICATOR_COLUMNS = ("序号", "指标", "指标代码", "单位", "属性", "基期年份", "基期值", "目标年份", "目标值",
                     "最新年份", "最新值", "基期值（数值）", "目标值（数值）", "最新值（数值）", "时间进度",
                     "目标进度", "时间进度（公式）", "目标进度（公式）", "状态", "预警", "评价")
LINEAR_KINDS = ("level", "share", "count", "ratio")  # the engine's 目标进度 is (latest − base)/(target − base)


def _number(value: float | None, unit: str) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    factor = unit_factor(unit) if unit and unit != "—" else None
    return round(value / factor, 10) if factor else value


def _linear(r: IndicatorRow) -> bool:
    """Whether the engine's 目标进度 of this row is the plain ratio a formula can show."""
    item = r.item
    if item is None or item.kind not in LINEAR_KINDS or item.distance_covered_share is None:
        return False
    b, t, x = item.baseline_value, item.target_value, item.latest_value
    if b is None or t is None or x is None or t == b:
        return False
    return math.isclose((x - b) / (t - b), item.distance_covered_share, rel_tol=1e-9, abs_tol=1e-12)


COMPLETION_COLUMNS = ("序号", "指标", "指标代码", "属性", "目标年份", "规划目标", "完成情况", "状态", "评价",
                      "判定依据")


def _completion_sheet(ws: Worksheet, view: ReportView) -> None:
    """A final report read from a completion table: that table's columns and each row's reason."""
    words = verdict_words(view.kind)
    ws.append(list(COMPLETION_COLUMNS))
    for r in view.rows:
        reason = r.completion.reason if r.completion else ""
        ws.append([r.seq, r.indicator, r.indicator_id, r.attribute, r.target_year, r.target, r.latest, r.status_zh,
                   words[r.verdict], reason])


def _elapsed(r: IndicatorRow) -> bool:
    """Whether the engine's 时间进度 of this row is (latest year − base year)/(target year − base year)."""
    share = r.item.time_elapsed_share if r.item else None
    b, t, x = r.baseline_year, r.target_year, r.latest_year
    if share is None or b is None or t is None or x is None or t == b:
        return False
    return math.isclose((x - b) / (t - b), share, rel_tol=1e-9)


def _indicator_sheet(ws: Worksheet, view: ReportView) -> None:
    if view.basis == "completion":
        _completion_sheet(ws, view)
        return
    words = verdict_words(view.kind)
    ws.append(list(INDICATOR_COLUMNS))
    for i, r in enumerate(view.rows, 2):
        item = r.item
        unit = r.unit
        nums = [(_number(item.baseline_value, unit), _number(item.target_value, unit),
                 _number(item.latest_value, unit) if r.latest_year else None) if item else (None, None, None)][0]
        time_share = item.time_elapsed_share if item else None
        target_share = item.distance_covered_share if item else None
        time_formula = f"=(J{i}-F{i})/(H{i}-F{i})" if _elapsed(r) else None
        target_formula = f"=(N{i}-L{i})/(M{i}-L{i})" if _linear(r) else None
        ws.append([r.seq, r.indicator, r.indicator_id, r.unit, r.attribute, r.baseline_year, r.baseline,
                   r.target_year, r.target, r.latest_year, r.latest, *nums, time_share, target_share, time_formula,
                   target_formula, r.status_zh, "预警" if r.warning else "", words[r.verdict]])
        for col in ("O", "P", "Q", "R"):
            ws[f"{col}{i}"].number_format = "0.0%"


def _counts_sheet(ws: Worksheet, view: ReportView) -> None:
    ws.append(["分类", "类别", "指标数"])
    words = verdict_words(view.kind)
    for v in VERDICTS:
        ws.append(["评价 verdict", words[v], view.counts.get(v, 0)])
    for status, n in view.status_counts.items():
        ws.append(["状态 status", zh("status", status), n])
    for relation, n in view.alignment_counts.items():
        ws.append(["与上级衔接 alignment", zh("relation", relation), n])


def _paths_sheet(ws: Worksheet, view: ReportView) -> None:
    ws.append(["序号", "指标", "单位", "年份", "实际值", "目标路径", "目标路径算法"])
    for r in view.lagging:
        observed, path = dict(r.observed), dict(r.target_path)
        for year in sorted({*observed, *path}):
            ws.append([r.seq, r.indicator, r.unit, year, observed.get(year), path.get(year), r.path_rule])


def _report_sheet(ws: Worksheet, view: ReportView) -> None:
    ws.append(["项目", "内容"])
    for key, value in (("标题", view.title), ("期间", view.subtitle), ("报告类型", view.kind_zh),
                       ("地区", f"{view.region} {view.region_code}"), ("规划", view.plan_name),
                       ("依据", "、".join(d.file for d in view.plans)), ("发文机关", view.issuer),
                       ("总体情况", view.summary)):
        ws.append([key, value])
    ws.column_dimensions["B"].width = 100
    for row in ws.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


def write_report_xlsx(view: ReportView, path: Path) -> None:
    wb = empty_workbook()
    sheets: list[tuple[str, Any]] = [("报告", _report_sheet), ("主要指标", _indicator_sheet),
                                     ("评估结果", _counts_sheet), ("滞后指标路径", _paths_sheet)]
    for name, fill in sheets:
        fill(wb.create_sheet(name), view)
    ws = wb.create_sheet("上级衔接")
    ws.append(["序号", "指标", "上级", "关系", "本级目标", "上级目标", "差值", "上级约束性", "说明"])
    for i, a in enumerate(view.alignment, 1):
        ws.append([i, a.indicator, a.upper_region, a.relation_zh, a.lower_text, a.upper_text, a.difference,
                   "是" if a.binding else "", a.reason])
    if view.tasks is not None:
        from planscope.supervision.rules import STATUSES, status_words

        ws = wb.create_sheet("任务")
        ws.append(["牵头单位", "任务数", *(status_words(s).zh for s in STATUSES)])
        for u in view.tasks.units:
            ws.append([u.unit, sum(u.counts.values()), *(u.counts.get(s, 0) for s in STATUSES)])
    ws = wb.create_sheet("数据来源")
    ws.append(["序号", "指标", "数值", "来源", "原文"])
    for row in annex_rows(view):
        ws.append([int(row[0]), *row[1:]])
    for ws in wb.worksheets:
        for cell in ws[1]:
            cell.fill, cell.font = _fill(HEADER_COLOUR), Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for i in range(1, ws.max_column + 1):
            letter = get_column_letter(i)
            if ws.column_dimensions[letter].width in (None, 13):
                ws.column_dimensions[letter].width = 14
    save_workbook(wb, path)
