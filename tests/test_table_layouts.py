"""The same indicator table, written in every layout real documents use, reads back the same.

tests/tablegen.py renders each table of its ``SPECS`` as a web page's text (a cell per
line), PDF text (a cell per line with blank lines; single spaces between cells with
cells wrapped over lines), converted documents (four spaces or a tab per separator) and
``pdftotext -layout`` text (columns aligned by position). Whatever the layout, the
reader must give back every row: its 序号, name, unit, every value, 属性 and category,
and each sub-indicator under its group label.
"""

from __future__ import annotations

import re

import pytest

from planscope.model import Table, TableRow
from planscope.reading.text import normalize
from planscope.structure.tables import find_tables

from tablegen import LAYOUTS, SPECS, Expected, expected

CASES = [(spec, layout) for spec in SPECS for layout in LAYOUTS]


def _fold(text: str | None) -> str | None:
    return None if text is None else normalize(text).text.replace(" ", "")


def _read(spec_name: str, layout: str) -> Table:
    text = normalize(LAYOUTS[layout](SPECS[spec_name]())).text
    tables = find_tables(text)
    assert len(tables) == 1, f"{layout}: {len(tables)} tables found"
    return tables[0]


def _rows(table: Table) -> list[TableRow]:
    return [r for r in table.rows if r.kind in ("data", "sub")]


def _col(table: Table, *words: str) -> int | None:
    return next((i for i, c in enumerate(table.columns) if any(w in c for w in words)), None)


def _check(table: Table, row: TableRow, want: Expected, where: str) -> list[str]:
    problems: list[str] = []

    def same(label: str, got: str | None, wanted: str | None) -> None:
        if _fold(got) != _fold(wanted):
            problems.append(f"{where} {label}: got {got!r}, want {wanted!r}")

    name_col = _col(table, "指标")
    assert name_col is not None
    same("kind", row.kind, want.kind)
    same("序号", row.number, want.number)
    name = row.cells[name_col]
    if table.columns.count(table.columns[name_col]) == 1 and _col(table, "单位") is None and want.unit is None:
        same("name", name, want.name)
    else:
        same("name", re.sub(r"\([^()]*\)$", "", _fold(name) or ""), re.sub(r"\([^()]*\)$", "", _fold(want.name) or ""))
    unit_col = _col(table, "单位")
    if unit_col is not None:
        same("unit", row.cells[unit_col], want.unit)
    values = [i for i, c in enumerate(table.columns) if re.search(r"20\d\d|年均|累计", c)]
    got_values = tuple(row.cells[i] for i in values)
    if len(got_values) != len(want.values) or any(_fold(a) != _fold(b) for a, b in zip(got_values, want.values,
                                                                                        strict=False)):
        problems.append(f"{where} values: got {got_values!r}, want {want.values!r}")
    attr_col = _col(table, "属性")
    if attr_col is not None:
        same("属性", row.cells[attr_col], want.attr)
    same("category", row.category, want.category)
    if want.parent_name is not None:
        parent = table.rows[row.parent] if row.parent is not None else None
        same("parent", parent.cells[name_col] if parent else None, want.parent_name)
    return problems


@pytest.mark.parametrize(("spec_name", "layout"), CASES)
def test_every_layout_reads_back_the_same_rows(spec_name: str, layout: str) -> None:
    table = _read(spec_name, layout)
    wanted = expected(SPECS[spec_name]())
    rows = _rows(table)
    problems = [] if len(rows) == len(wanted) else [f"{len(rows)} rows, want {len(wanted)}"]
    for i, (row, want) in enumerate(zip(rows, wanted, strict=False)):
        problems.extend(_check(table, row, want, f"row {i}"))
    shown = "\n".join(f"  {r.kind} {r.number} {r.cells}" for r in table.rows)
    assert not problems, f"{spec_name} as {layout}:\n" + "\n".join(problems) + f"\nread:\n{shown}"


@pytest.mark.parametrize(("spec_name", "layout"), CASES)
def test_every_layout_gives_the_same_columns(spec_name: str, layout: str) -> None:
    columns = [_fold(c) for c in _read(spec_name, layout).columns]
    assert columns == [_fold(c) for c in SPECS[spec_name]().columns]


@pytest.mark.parametrize(("spec_name", "layout"), CASES)
def test_cell_spans_hold_the_cells(spec_name: str, layout: str) -> None:
    """Each cell's span starts at its text: a wrapped cell's span runs over its lines."""
    text = normalize(LAYOUTS[layout](SPECS[spec_name]())).text
    (table,) = find_tables(text)
    for row in _rows(table):
        for cell, span in zip(row.cells, row.spans, strict=False):
            if cell and span:
                body = re.sub(r"\s+", "", text[span[0] : span[1]])
                assert body == re.sub(r"\s+", "", cell) or cell.startswith(body[:2]), (cell, body)
