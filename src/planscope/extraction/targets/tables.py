"""Targets and reported actuals in rebuilt indicator tables (专栏 主要指标).

Columns are given roles from their headers: the indicator's name (指标), its unit
(单位), its attribute (属性), and value columns tied to a year.  A value column is a
target column when its year is after the plan's base year (or its header says 目标
and the year is not past); it reports actuals when its header says 完成/实际 or its
year is the base year or earlier.  Targets of an earlier plan (a "“十三五”规划目标"
column in a 十四五 plan) are neither: they are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

from planscope.extraction import footnotes
from planscope.extraction.quantities import Quantity, find_quantities
from planscope.extraction.quantities import vocab as quantity_vocab
from planscope.extraction.targets.context import SectionIndex
from planscope.extraction.targets.model import TargetRecord, phrases
from planscope.extraction.targets.naming import kind_of
from planscope.extraction.targets.prose import Plan
from planscope.model import Table, TableRow
from planscope.structure.tables.vocab import vocab as table_vocab

_YEAR = re.compile(r"(20\d\d)")
GROWTH_UNIT = "%"
_UNIT_IN_NAME = re.compile(r"[(（]([^()（）]{1,12})[)）]?\s*$")
_EMPTY = {"", "-", "—", "–", "/", "*", "——", "…"}
_CUMULATIVE = ("〔", "[", "［", "【")  # the brackets plans put around five-year cumulative values
_PAIR = re.compile(r"^\s*([<>≤≥]?\s*\d+(?:\.\d+)?)\s*/\s*([<>≤≥]?\s*\d+(?:\.\d+)?)\s*$")
_BRACKETED = re.compile(r"^\s*[〔\[［【]\s*([^〔\[［【〕\]］】]+?)\s*[〕\]］】]\s*$")
PAIR_HEAD = 2  # characters of each alternative before the shared rest: 旅客/货邮吞吐量


@dataclass(frozen=True)
class Column:
    index: int
    year: int | None
    role: str  # target | actual | skip
    growth: bool


def column_roles(table: Table, plan: Plan) -> tuple[int | None, int | None, int | None, list[Column]]:
    """(name column, unit column, attribute column, value columns)."""
    name_col = unit_col = attr_col = None
    values: list[Column] = []
    for i, header in enumerate(table.columns):
        h = header.replace(" ", "")
        if "属性" in h:
            attr_col = i
        elif h == "单位" or h.endswith("单位"):
            unit_col = i
        elif "指标" in h and not _YEAR.search(h) and name_col is None:
            name_col = i
        elif _YEAR.search(h) or phrases().header_growth.search(h) or "目标" in h:
            header = _with_group_year(h, table.columns)
            column = _value_column(i, header, plan, _era_end(table.title, plan))
            if column.growth and not _YEAR.search(header) and values and values[-1].index == i - 1:
                # "2025年完成 | 年均增长(%)": the growth over the period its left neighbour ends
                left = values[-1]
                column = Column(i, left.year, left.role, True)
            values.append(column)
    if name_col is None and table.columns:
        name_col = 1 if len(table.columns) > 2 and "序号" in table.columns[0] else 0
    return name_col, unit_col, attr_col, values


def _with_group_year(header: str, columns: list[str]) -> str:
    """A header without a year under a two-level heading ("规划目标·年均增速") takes the
    year of its sibling ("规划目标·规划目标(2025年)")."""
    if _YEAR.search(header) or "·" not in header:
        return header
    group = header.split("·")[0]
    for other in columns:
        o = other.replace(" ", "")
        if o.startswith(group + "·") and (year := _YEAR.search(o)):
            return f"{header}({year.group(1)})"
    return header


def _era_end(title: str, plan: Plan) -> int | None:
    """The last year of the five-year plan a table's title names (“十四五”规划主要指标完成情况):
    the year of its columns that name none."""
    from planscope.extraction.facts import fyp_years
    from planscope.extraction.targets.model import plan_number

    m = phrases().fyp_name.search(title) or phrases().plan_name.search(title)
    return fyp_years(plan_number(m.group(1)))[1] if m else None


def _value_column(i: int, header: str, plan: Plan, era_end: int | None = None) -> Column:
    years = [int(y) for y in _YEAR.findall(header)]
    year = max(years) if years else (era_end or plan.period_end)
    growth = bool(phrases().header_growth.search(header))
    past_year = plan.base_year is not None and year is not None and year <= plan.base_year
    if phrases().header_past.search(header):
        role = "actual"
    elif phrases().header_target.search(header) and past_year:
        role = "skip"  # an earlier plan's target
    elif past_year:
        role = "actual"
    else:
        role = "target"
    return Column(i, year, role, growth)


def extract_table(table: Table, text: str, original: str, index: SectionIndex, plan: Plan) -> list[TargetRecord]:
    name_col, unit_col, attr_col, values = column_roles(table, plan)
    if name_col is None or (not any(c.role == "target" for c in values) and not values):
        return []
    out: list[TargetRecord] = []
    source = f"table:{table.number}" if table.number else "table"
    path = index.path(table.start)
    for r, row in enumerate(table.rows):
        if row.kind not in ("data", "sub"):
            continue
        name = _row_name(table, row, r, name_col)
        if not name:
            continue
        unit = _cell(row, unit_col) or _unit_from_name(name)
        attribute = _attribute(_cell(row, attr_col), table, row, attr_col)
        baseline = _baseline(row, values, unit)
        for column in values:
            if column.role == "skip":
                continue
            for record in _records(row, column, name, unit, attribute, text, original, source, path):
                if column.role == "target" and baseline is not None and "/" not in name:
                    record.baseline_value, record.baseline_year = baseline
                out.append(record)
    return out


def _records(row: TableRow, column: Column, name: str, unit: str | None, attribute: str | None,
             text: str, original: str, source: str, path: str) -> list[TargetRecord]:
    """The record of one cell, or two where one row holds two indicators (旅客/货邮) or a
    cell states a level and its growth (19428.78，年均增速4.8%)."""
    cell = _cell(row, column.index)
    split = _level_and_growth(cell)
    if split is not None:
        out = []
        for part, growth in ((split[0], column.growth), (split[1], True)):
            cells = list(row.cells)
            cells[column.index] = part
            piece = TableRow(cells=cells, kind=row.kind, start=row.start, end=row.end, spans=row.spans)
            part_column = Column(column.index, column.year, column.role, growth)
            record = _cell_record(piece, part_column, name, unit, attribute, text, original, source, path)
            if record is not None:
                out.append(record)
        return out
    pair = split_pair(name, cell, unit)
    if pair is None:
        record = _cell_record(row, column, name, unit, attribute, text, original, source, path)
        return [record] if record is not None else []
    out = []
    for part_name, value, part_unit in pair:
        cells = list(row.cells)
        cells[column.index] = value
        half = TableRow(cells=cells, kind=row.kind, start=row.start, end=row.end)
        record = _cell_record(half, column, part_name, part_unit, attribute, text, original, source, path)
        if record is not None:
            record.notes.append("一行两项指标，按“/”拆分 / two indicators in one row, split at '/'")
            out.append(record)
    return out


def _cell(row: TableRow, col: int | None) -> str | None:
    if col is None or col >= len(row.cells):
        return None
    value = row.cells[col]
    return value.strip() if value and value.strip() not in _EMPTY else None


_FOOTNOTE = footnotes.IN_TEXT_RX


def _row_name(table: Table, row: TableRow, r: int, name_col: int) -> str | None:
    name = _cell(row, name_col)
    if not name:
        return None
    name = _FOOTNOTE.sub("", name)
    if row.kind == "sub" and row.parent is not None:
        parent = _cell(table.rows[row.parent], name_col) or ""
        label = _UNIT_IN_NAME.sub("", name).strip()
        if label in ("城镇", "农村", "城市", "乡村") and parent.startswith("居民"):
            return label + parent
        if _is_group(table, row.parent, name_col) and len(label) > 2:
            return f"{_UNIT_IN_NAME.sub('', parent).strip()}：{label}"  # a group label and its own indicator
        return parent + label  # a breakdown of the row above: 地区生产总值 + 增速
    return name


def _is_group(table: Table, r: int, name_col: int) -> bool:
    """A row that holds a group label only (每千人口拥有医护人员数), its indicators below."""
    row = table.rows[r]
    return all(c is None for i, c in enumerate(row.cells) if i not in (name_col,) and i > name_col)


def _unit_from_name(name: str) -> str | None:
    m = _UNIT_IN_NAME.search(name)
    return m.group(1) if m else None


def _attribute(cell: str | None, table: Table, row: TableRow, attr_col: int | None) -> str | None:
    """约束性 or 预期性, however the table writes it (约束性指标, 指导性: see table_vocab.toml)."""
    found = table_vocab().attribute(cell)
    if found is not None:
        return found
    if row.kind == "sub" and row.parent is not None and attr_col is not None:
        return table_vocab().attribute(_cell(table.rows[row.parent], attr_col))
    return None


def _quantity(cell: str, unit: str | None) -> Quantity | None:
    found = [q for q in find_quantities(cell) if not q.is_year]
    if not found:
        return None
    q = found[-1] if len(found) > 1 and found[0].unit is None and found[-1].unit else found[0]
    if q.unit is None and unit:
        with_unit = [x for x in find_quantities(cell[q.num_start:q.num_end] + unit) if not x.is_year]
        if with_unit and with_unit[0].unit:
            u = with_unit[0]
            return Quantity(q.start, q.end, q.num_start, q.num_end, q.raw, u.value, u.low, u.high, u.unit,
                            u.unit_base, u.factor, u.value_normalized, q.comparator, q.qualifier, False)
    return q


def _baseline(row: TableRow, values: list[Column], unit: str | None) -> tuple[float | None, int | None] | None:
    for column in values:
        if column.role == "actual" and not column.growth:
            cell = _cell(row, column.index)
            q = _quantity(cell, unit) if cell else None
            if q is not None and q.value_normalized is not None:
                return q.value_normalized, column.year
    return None


class _CellFields(TypedDict):
    """The fields every record read from one cell shares, whatever the cell holds."""

    start: int
    end: int
    quote: str
    value_start: int
    value_end: int
    source: str
    path: str
    attribute: str | None
    year: int | None
    year_implied: bool
    is_actual: bool
    notes: list[str]


def _cell_record(row: TableRow, column: Column, name: str, unit: str | None, attribute: str | None,
                 text: str, original: str, source: str, path: str) -> TargetRecord | None:
    cell = _cell(row, column.index)
    if cell is None:
        return None
    span = _cell_span(text, row, column.index, cell)
    notes: list[str] = []
    marked = cell.rstrip("".join(table_vocab().estimate_marks))
    if marked != cell and marked:
        notes.append("带∗为预计数 / marked as an estimate")
        cell = marked
    common: _CellFields = {"start": row.start, "end": row.end, "quote": original[row.start:row.end],
                           "value_start": span[0], "value_end": span[1], "source": source, "path": path,
                           "attribute": attribute, "year": column.year, "year_implied": False,
                           "is_actual": column.role == "actual", "notes": notes}
    if phrases().inherited.search(cell):
        base = quantity_vocab().units[unit].base if unit in quantity_vocab().units else None
        return TargetRecord(indicator=name, value=cell, unit=unit, value_normalized=None, unit_normalized=None,
                            comparator="=", kind=kind_of(name, unit, base, None), inherited=True, **common)
    cumulative = cell.lstrip().startswith(_CUMULATIVE)  # 〔13.5〕: a change over the whole period
    growth = column.growth and not cumulative
    # a growth column is in percent whatever the row's unit (地区生产总值 | 亿元 | … | 年均增长 8.8);
    # a cell that is one bracketed number is that number, not a footnote mark ([5])
    bracketed = _BRACKETED.match(cell)
    if bracketed:
        cell = bracketed.group(1)
    q = _quantity(cell, GROWTH_UNIT if growth else unit)
    if q is None:
        return None
    number = text.find(cell[q.num_start:q.num_end], span[0], span[1]) if span[1] > span[0] else -1
    if number >= 0:
        common["value_start"], common["value_end"] = number, number + q.num_end - q.num_start
    label = name + ("年均增速" if growth and "增" not in name else "") + ("累计" if cumulative else "")
    shown_unit = q.unit or (GROWTH_UNIT if growth else unit)
    kind = "growth_rate" if growth else "change" if cumulative else kind_of(label, shown_unit, q.unit_base, None)
    return TargetRecord(
        indicator=label, value=cell[q.num_start:q.num_end].rstrip(q.unit or "") or cell, unit=shown_unit,
        value_normalized=q.value_normalized, unit_normalized=q.unit_base, comparator=q.comparator,
        kind=kind,
        low=None if q.low is None else q.low * q.factor, high=None if q.high is None else q.high * q.factor,
        **common)


def _cell_span(text: str, row: TableRow, col: int, cell: str) -> tuple[int, int]:
    """The cell's span: as the table reader recorded it, else its first occurrence in the row."""
    recorded = row.spans[col] if col < len(row.spans) else None
    if recorded:
        start, end = recorded
        return start, end
    i = text.find(cell, row.start, max(row.end, row.start + len(cell)) + 200)
    return (i, i + len(cell)) if i >= 0 else (row.start, row.end)


_CELL_CLAUSES = re.compile(r"[,，;；]")


def _level_and_growth(cell: str | None) -> tuple[str, str] | None:
    """'19428.78，年均增速4.8%' → ('19428.78', '4.8%'): a level and, after a comma, its growth."""
    if not cell:
        return None
    parts = _CELL_CLAUSES.split(cell)
    if len(parts) != 2 or not any(ch.isdigit() for ch in parts[0]):
        return None
    m = phrases().growth_words.search(parts[1])
    rest = parts[1][m.end():] if m else ""
    if m is None or not any(ch.isdigit() for ch in rest):
        return None
    return parts[0].strip(), rest.strip()


def split_pair(name: str, cell: str | None, unit: str | None) -> list[tuple[str, str, str | None]] | None:
    """Two indicators written in one row, '/' between them in name, value and unit:
    机场旅客/货邮吞吐量 | 万人次/万吨 | 11000/350 → (机场旅客吞吐量, 11000, 万人次) and
    (机场货邮吞吐量, 350, 万吨). The alternatives are taken to be ``PAIR_HEAD`` characters long
    (进/出口 has one), what stands before the first and after the second is shared."""
    m = _PAIR.match(cell or "")
    if m is None or name.count("/") != 1:
        return None
    left, right = name.split("/")
    if not left or not right:
        return None
    k = min(len(left), len(right), PAIR_HEAD)
    prefix, alt1, alt2, tail = left[:-k], left[-k:], right[:k], right[k:]
    units = unit.split("/") if unit and unit.count("/") == 1 else []  # a pair of values: a pair of units
    u1, u2 = (units[0], units[1]) if len(units) == 2 and all(units) else (unit, unit)
    return [(prefix + alt1 + tail, m.group(1), u1), (prefix + alt2 + tail, m.group(2), u2)]
