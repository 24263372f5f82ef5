"""Completion tables (规划指标完成情况): was each target of the previous plan met?

A plan's review often tabulates the previous plan's targets beside what was achieved
("专栏1 “十四五”规划指标完成情况": 规划目标(2025年) | 2025年完成情况).  ``completion_rows``
reads such a table — a column of an earlier plan's targets and a column of results for
the same year — and judges each row as the progress engine would at the target year:
``achieved``, ``not_achieved``, or ``no_data`` (unpublished "*", published only at a higher
level "—").  An inherited target (完成省下达指标) reported as completed is achieved.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from planscope import datafiles
from planscope.catalogue.indicators import load_catalogue
from planscope.extraction.quantities import Quantity, find_quantities, in_base_units
from planscope.extraction.targets.model import phrases
from planscope.extraction.targets.prose import Plan
from planscope.extraction.targets.tables import column_roles
from planscope.model import Table, TableRow
from planscope.monitoring.progress import TargetSpec, is_met
from planscope.records import CompletionRow


@lru_cache(maxsize=1)
def not_published() -> dict[str, str]:
    """Placeholder marks of result cells and what they say (table_vocab.toml)."""
    raw = datafiles.raw("table_vocab.toml")
    out: dict[str, str] = {}
    for group in raw["placeholder_meaning"]:
        if len(group["words"]) != len(group["meanings"]):
            raise ValueError("table_vocab.toml [[placeholder_meaning]]: one meaning per word")
        out.update(zip(group["words"], group["meanings"], strict=True))
    return out


def completion_rows(table: Table, plan: Plan) -> list[CompletionRow]:
    """One judgement per data row, or [] when the table is no completion table."""
    name_col, _unit, attr_col, values = column_roles(table, plan)
    targets = [c for c in values if c.role == "skip" and not c.growth]
    growth = [c for c in values if c.role == "skip" and c.growth]
    results = [c for c in values if c.role == "actual"]
    if name_col is None or not targets or not results:
        return []
    out = []
    for row in table.rows:
        if row.kind != "data" or not _cell(row, name_col):
            continue
        target = _cell(row, targets[0].index) or (_cell(row, growth[0].index) if growth else None)
        out.append(_judge(str(_cell(row, name_col)), target, _cell(row, results[0].index),
                          _cell(row, attr_col) if attr_col is not None else None, targets[0].year))
    return [replace(r, table=f"{table.number or ''} {table.title}".strip()) for r in out]


def _cell(row: TableRow, col: int) -> str | None:
    value = row.cells[col] if col < len(row.cells) else None
    return value.strip() if value and value.strip() else None


def _judge(name: str, target: str | None, result: str | None, attribute: str | None,
           year: int | None) -> CompletionRow:
    record = CompletionRow("", name, target, result, attribute, year, "no_data", "")
    inherited = phrases().inherited
    if target and result and inherited.search(target) and inherited.search(result):
        return replace(record, status="achieved", reason="上级下达任务已完成 / the assigned task was completed")
    marks = not_published()
    if result is None or result in marks:
        return replace(record, reason=marks.get(result or "-", ""))
    t, r = _first(target), _first(result)
    if t is None or r is None or r.value_normalized is None:
        return replace(record, reason="目标或结果不是数值 / target or result is not a number")
    match = load_catalogue().match(name)
    spec = TargetSpec(kind=match.indicator.kind if match else "level", comparator=t.comparator,
                      target_value=t.value_normalized, target_low=in_base_units(t, t.low),
                      target_high=in_base_units(t, t.high), target_year=year, baseline_value=None,
                      baseline_year=None, direction=match.indicator.direction if match else "up", attribute=attribute)
    met = is_met(spec, r.value_normalized)
    if met is None:
        return replace(record, reason="目标不是数值 / the target is not a number")
    verdict = "达标 / met" if met else "未达标 / not met"
    return replace(record, status="achieved" if met else "not_achieved",
                   indicator_id=match.indicator.id if match else None,
                   reason=f"完成 {result}，目标 {target}：{verdict}")


def _first(cell: str | None) -> Quantity | None:
    """The first number of a cell, or its range (8%-9%)."""
    found = [q for q in find_quantities(cell or "")
             if not q.is_year and (q.value is not None or (q.low is not None and q.high is not None))]
    return found[0] if found else None


def document_completion(tables: list[Table], plan: Plan) -> list[CompletionRow]:
    """Every completion table of a document, row by row, each with its table's title."""
    return [row for table in tables for row in completion_rows(table, plan)]


def target_number(row: CompletionRow) -> float | None:
    """The number of a row's target cell as written (``20000以上`` → 20000, ``〔>15〕`` → 15): the
    figure the judgement compared the result with, in the unit the table's row names (a chart
    draws it beside the yearly values of that indicator)."""
    q = _first(row.target)
    return q.value if q is not None and q.value is not None else None
