"""The values of a bulletin's tables, as a bulletin reads them.

The tables themselves are rebuilt by the one table reader (``planscope.structure.tables``: aligned
``-layout`` tables, flattened ones with labels and values interleaved or in separate
blocks, grids); what is a bulletin's own knowledge is which column holds which year,
unit and measure:

* a column's year is its header's (``2021 年``, ``2021年末``), else None (the bulletin's);
* its unit is the row's unit cell, else the column's (``(亿元)``), else the caption's
  (``(单位:%)``);
* a column of price indexes with the previous year = 100 (``指数``, a caption saying
  ``上年=100``) has no unit; a growth column (``比上年增长(%)``) and a share column
  (``比重(%)``) are in percent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from planscope.model import Table
from planscope.monitoring import figures
from planscope.structure.tables.vocab import load_raw
from planscope.structure.tables.vocab import vocab as table_vocab

__all__ = ["Cell", "Column", "table_cells", "unit_factor"]

NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
BRACKET_UNIT = re.compile(r"\(([^()]{1,8})\)\s*$")
LABEL_ROLES = ("name", "category", "seq")


@dataclass(frozen=True)
class Column:
    text: str
    role: str  # level | growth_rate | share | index
    unit: str | None
    year: int | None


@dataclass(frozen=True)
class Cell:
    """One value of a table with its row label, its column and its exact span."""

    label: str
    text: str
    start: int
    end: int
    column: Column
    unit: str | None
    row_start: int
    row_end: int


def table_cells(table: Table) -> list[Cell]:
    """Every number of ``table`` that stands in a value column, with its row's label."""
    v = table_vocab()
    roles = [v.header_role(c.split("·")[-1]) for c in table.columns]
    label_col = next((i for i, r in enumerate(roles) if r in ("name", "category")), 0)
    unit_col = next((i for i, r in enumerate(roles) if r == "unit"), None)
    caption_unit = _caption_unit(table.title or "")
    columns = {i: _column(c, table.title or "", caption_unit)
               for i, c in enumerate(table.columns) if i != label_col and roles[i] not in (*LABEL_ROLES, "unit")}
    out: list[Cell] = []
    for row in table.rows:
        label = row.cells[label_col] if label_col < len(row.cells) else None
        if row.kind not in ("data", "sub") or not label:
            continue
        row_unit = row.cells[unit_col] if unit_col is not None else None
        for i, column in columns.items():
            text, span = row.cells[i], row.spans[i] if i < len(row.spans) else None
            if column is None or text is None or span is None or not NUMBER.fullmatch(text.replace(" ", "")):
                continue
            out.append(Cell(label, text, span[0], span[1], column, _unit(column, row_unit), row.start, row.end))
    return out


@lru_cache(maxsize=1)
def _measures() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The header patterns of an index, a growth and a share column (table_vocab.toml [[column_measure]])."""
    found = {g["measure"]: re.compile(g["regex"]) for g in load_raw().get("column_measure", [])}
    return found["index"], found["growth_rate"], found["share"]


@lru_cache(maxsize=1)
def _caption_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(g["regex"]) for g in load_raw().get("caption_unit", []))


def _caption_unit(caption: str) -> str | None:
    """The unit a table's caption gives for all its cells ('(单位：亿元)')."""
    for pattern in _caption_patterns():
        m = pattern.search(caption)
        if m:
            return m.group("unit")
    return None


def _column(text: str, caption: str, caption_unit: str | None) -> Column | None:
    t = re.sub(r"\s+", "", text.split("·")[-1])
    if not t:
        return None
    year_m = YEAR.search(text)
    year = int(year_m.group(1)) if year_m else None
    unit_m = BRACKET_UNIT.search(t)
    unit = unit_m.group(1) if unit_m else caption_unit
    index, growth, share = _measures()
    if index.search(t) or (index.search(caption) and not growth.search(t) and unit is None):
        return Column(t, "index", None, year)
    if growth.search(t):
        return Column(t, "growth_rate", "%", None)
    if share.search(t):
        return Column(t, "share", unit or "%", None)
    return Column(t, "level", unit, year)


def _unit(column: Column, row_unit: str | None) -> str | None:
    if column.role in ("growth_rate", "share"):
        return "%"
    if column.role == "index":
        return None
    return row_unit or column.unit


def unit_factor(unit: str | None) -> float | None:
    """The factor to base units of a unit cell (亿元 → 1e8), or None when unknown."""
    return figures.unit_factor(unit) if unit else 1.0
