"""Tasks and projects in tables: 任务分工表 and 重大项目表, rebuilt by the one table reader.

The columns' roles come from the table vocabulary (``table_vocab.toml``): the row's name is
the task (重点任务, 工作任务 …) or the project (项目名称); 牵头单位 leads, 配合单位 works with
the lead, 责任单位 is responsible (with a 牵头单位 beside it: works with the lead; alone: the
first leads where the document says so, else all are); 完成时限 is the deadline; 建设内容,
总投资 (its unit in the header: ``总投资(亿元)``), 建设年限 and 建设地点 are a project's fields.
"""

from __future__ import annotations

import re

from planscope.extraction.quantities import find_quantities, in_base_units
from planscope.extraction.tasks.deadlines import read_cell
from planscope.extraction.tasks.model import Amount, Deadline, Field, Project, phrases
from planscope.extraction.tasks.units import Clause, UnitReader
from planscope.model import Table, TableRow
from planscope.structure.tables.base import make_roles
from planscope.structure.tables.vocab import vocab as table_vocab

UNIT_ROLES = ("lead", "owner", "co")
PROJECT_ROLES = ("content", "investment", "period", "place")
_HEADER_UNIT = re.compile(r"[(（]\s*([^()（）]{1,6})\s*[)）]\s*$")


def roles(table: Table) -> list[str]:
    """Each column's role, as the table reader gave it (a task column headed by a word the
    vocabulary does not know is the row's name all the same)."""
    return make_roles(table.columns, table_vocab())


def is_task_table(table: Table) -> bool:
    r = roles(table)
    return "name" in r and any(x in r for x in (*UNIT_ROLES, "deadline"))


def is_project_table(table: Table) -> bool:
    r = roles(table)
    return "name" in r and any(x in r for x in PROJECT_ROLES)


class RowCells:
    """One row's cells by role, with their spans."""

    def __init__(self, table: Table, row: TableRow, text: str) -> None:
        self.table, self.row, self.text = table, row, text
        self.roles = roles(table)

    def cell(self, role: str) -> tuple[str, int] | None:
        """The text of the first column of ``role`` and its start, from the analysis text."""
        for i, r in enumerate(self.roles):
            if r != role or i >= len(self.row.cells) or not self.row.cells[i]:
                continue
            span = self.row.spans[i] if i < len(self.row.spans) else None
            if span is None:
                return None
            return self.text[span[0]:span[1]], span[0]
        return None


def row_clause(row: RowCells, reader: UnitReader) -> Clause:
    out = Clause()
    for role, into in (("lead", out.lead), ("owner", out.owners), ("co", out.co)):
        cell = row.cell(role)
        if cell is not None:
            into.extend(reader.units(*cell))
    return out


def row_deadline(row: RowCells, doc_year: int | None) -> Deadline | None:
    cell = row.cell("deadline")
    return read_cell(cell[0], cell[1], doc_year) if cell is not None else None


def row_project(row: RowCells, doc_year: int | None) -> Project:
    name = _field(row.cell("name"))
    content = _field(row.cell("content"))
    place = _field(row.cell("place"))
    period_cell = row.cell("period")
    period = read_cell(period_cell[0], period_cell[1], doc_year) if period_cell else None
    return Project(name, content, _table_amount(row), period, place)


def _field(cell: tuple[str, int] | None) -> Field | None:
    if cell is None or not cell[0].strip():
        return None
    text, start = cell
    lead = start + len(text) - len(text.lstrip())
    body = text.strip()
    return Field(body, lead, lead + len(body))


def _table_amount(row: RowCells) -> Amount | None:
    """The investment cell, its unit from the cell or else from the header (总投资(亿元))."""
    col = next((i for i, r in enumerate(row.roles) if r == "investment"), None)
    cell = row.cell("investment")
    if col is None or cell is None:
        return None
    header_unit = _HEADER_UNIT.search(row.table.columns[col])
    text, start = cell
    written = text.strip()
    unit = header_unit.group(1) if header_unit else None
    probe = written if unit is None or not written[-1:].isdigit() else written + unit
    found = [q for q in find_quantities(probe) if not q.is_year]
    if not found:
        return None
    q = found[0]
    base = phrases().investment_base
    yuan = in_base_units(q, q.value) if q.unit_base == base else None
    lead = start + len(text) - len(text.lstrip())
    return Amount(written, lead, lead + len(written), q.value, q.unit, yuan, q.comparator)

