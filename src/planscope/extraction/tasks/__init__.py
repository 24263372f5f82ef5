"""Tasks from documents: who leads, who works with them, by when — with the exact spans.

``extract_tasks`` reads one analysed document (the same inputs as ``extract_targets``) in
three places:

* the running text (:mod:`.items`): the items of a 任务分工方案 / 责任分解 document, their
  units in a closing parenthesis (``（市政府办公室、市审改办牵头，…按职责分工负责）``,
  ``（牵头单位：市经贸委；配合单位：…）``) or on the line after them (``责任单位：财政局、发改局……
  （列第一位者为牵头或汇总单位，下同）``); or, in a plan that assigns no units, the measures
  under its task headings, with no lead unit (said so);
* task and project tables rebuilt by the table reader (:mod:`.tables`): 序号 / 重点任务 /
  牵头单位 / 责任单位 / 完成时限, 项目名称 / 建设内容 / 总投资 / 建设年限 / 建设地点;
* 专栏 boxes of major projects written as text (:mod:`.projects`).

Units are matched to the body catalogue (``data/bodies.toml``, a region's own additions
beside it: :mod:`.bodies`), deadlines read into a normalised form (:mod:`.deadlines`), and
the catalogue indicators of the targets stated in a task linked to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from planscope.extraction.facts import doc_type_flags
from planscope.extraction.quantities import find_years
from planscope.extraction.targets.context import SectionIndex
from planscope.extraction.targets.model import TargetRecord
from planscope.extraction.tasks.bodies import Bodies, Scope, load_bodies
from planscope.extraction.tasks.build import (
    Conventions,
    Ctx,
    deadline_written,
    links,
    project_written,
    text_record,
    units_written,
    written_deadline,
)
from planscope.extraction.tasks.deadlines import find_in_text
from planscope.extraction.tasks.items import inherit, is_plan_measure, task_sections, text_drafts
from planscope.extraction.tasks.model import Deadline, Project, TaskRecord, UnitRef
from planscope.extraction.tasks.paragraphs import Para, paragraphs
from planscope.extraction.tasks.projects import Box, find_boxes, items, project_of
from planscope.extraction.tasks.tables import (
    RowCells,
    is_project_table,
    is_task_table,
    row_clause,
    row_deadline,
    row_project,
)
from planscope.extraction.tasks.units import UnitReader
from planscope.model import DocumentFacts, Section, Table

__all__ = ["Bodies", "Deadline", "Project", "TaskRecord", "UnitRef", "extract_tasks", "load_bodies"]


def extract_tasks(text: str, original: str, sections: list[Section], tables: list[Table], facts: DocumentFacts,
                  targets: Sequence[TargetRecord] = (), body_end: int | None = None,
                  bodies: Bodies | Path | None = None) -> list[TaskRecord]:
    """Every task of one document, in the order it stands.

    ``text`` is the analysis text and ``original`` the text as read (same length); ``sections``
    and ``tables`` the outline and tables found in ``text``; ``facts`` give the region and level
    (where a unit named without a prefix belongs) and the date (the year of 年底前); the
    catalogue indicators of ``targets`` stated inside a task are linked to it.  ``bodies`` is
    the body catalogue, or a region's own file to add to it."""
    end = len(text) if body_end is None else body_end
    catalogue = bodies if isinstance(bodies, Bodies) else load_bodies(bodies)
    doc_year = _year(facts, text)
    reader = UnitReader(catalogue, _scope(facts), doc_year)
    boxes = find_boxes(text, end)
    skip = [(t.start, t.end) for t in tables] + [(b.start, b.end) for b in boxes]
    paras = paragraphs(text, end, skip, reader)
    base = facts.base_year.value if isinstance(facts.base_year.value, int) else None
    index = SectionIndex(_outside(sections, [(b.start, b.end) for b in boxes]), base)
    notes = [c for t in tables for row in t.rows if row.kind == "note" for c in row.cells if c]
    ctx = Ctx(text, original, index, reader, doc_year, list(targets), Conventions(paras, notes))
    reviews = doc_type_flags(str(facts.doc_type.value)).reports_past  # a bulletin reports; it sets no measures
    records = _text_tasks(paras, ctx, any(is_task_table(t) for t in tables), measures=not reviews)
    for table in tables:
        records.extend(_table_tasks(table, ctx))
    for box in boxes:
        if box.projects and not any(t.start <= box.body < t.end or box.start <= t.start < box.end for t in tables):
            records.extend(_box_projects(box, ctx))
    return sorted(records, key=lambda r: r.start)


def _outside(sections: list[Section], spans: list[tuple[int, int]]) -> list[Section]:
    """The outline without 专栏 boxes and what stands inside them (a box's numbered items are
    its projects, not items of the section around it)."""
    out: list[Section] = []
    for s in sections:
        if s.kind == "box" or any(a <= s.start < b for a, b in spans):
            continue
        out.append(replace(s, children=_outside(s.children, spans)))
    return out


def _year(facts: DocumentFacts, text: str) -> int | None:
    """The document's year, for deadlines written without one (年底前): its date's; else the
    one year of its period; else the one year its first line names (2024年工作任务分工)."""
    value = facts.date.value
    if isinstance(value, str) and value[:4].isdigit():
        return int(value[:4])
    if isinstance(facts.period_start.value, int) and facts.period_start.value == facts.period_end.value:
        return facts.period_start.value
    first = next((line for line in text[:2000].splitlines() if line.strip()), "")
    years = {y for y, _, _ in find_years(first)}
    return years.pop() if len(years) == 1 else None


def _scope(facts: DocumentFacts) -> Scope:
    def text(v: object) -> str | None:
        return v if isinstance(v, str) else None

    return Scope(text(facts.region.value), text(facts.region_code.value), text(facts.level.value))


def _text_tasks(paras: list[Para], ctx: Ctx, has_task_table: bool, measures: bool = True) -> list[TaskRecord]:
    drafts = text_drafts(paras, ctx.index)
    inherit(drafts, ctx.index)
    assigning = has_task_table or any(d.own_clause for d in drafts)
    within = task_sections(ctx.index)
    out: list[TaskRecord] = []
    for d in drafts:
        assigned = d.own_clause or d.inherited is not None
        if not assigned and not (measures and is_plan_measure(d, ctx.index, within)):
            continue
        if d.heading and d.node is not None and d.node.children and len(d.paras) == 1 and not d.run_in:
            continue  # a heading over its items: its units (if any) pass to them
        record = text_record(d, ctx, plan=not assigning)
        if record is not None:
            out.append(record)
    return out


def _table_tasks(table: Table, ctx: Ctx) -> list[TaskRecord]:
    task, project = is_task_table(table), is_project_table(table)
    if not (task or project):
        return []
    source = f"table:{table.number}" if table.number else "table"
    path = ctx.index.path(table.start)
    out: list[TaskRecord] = []
    for row in table.rows:
        if row.kind not in ("data", "sub"):
            continue
        cells = RowCells(table, row, ctx.text)
        name = cells.cell("name")
        if name is None or not name[0].strip():
            continue
        record = _row_record(cells, name, ctx, source, path, project)
        if record is not None and (row.kind == "data" or record.lead or record.co or record.deadline):
            out.append(record)  # a row without 序号 is a task where it names units or a deadline
    return out


def _row_record(cells: RowCells, name: tuple[str, int], ctx: Ctx, source: str, path: str,
                project: bool) -> TaskRecord | None:
    text, at = name
    start = at + len(text) - len(text.lstrip())
    end = start + len(text.strip())
    clause = row_clause(cells, ctx.reader)
    notes: list[str] = []
    assignment = ctx.reader.assign(clause, ctx.conventions.first_leads(start, clause))
    if not clause.names_units:
        notes.append("表中未列责任单位 / the row names no units")
    elif assignment.note:
        notes.append(assignment.note)
    deadline = row_deadline(cells, ctx.doc_year)
    found = find_in_text(ctx.text[start:end], start, ctx.doc_year)
    milestones = found
    proj: Project | None = row_project(cells, ctx.doc_year) if project else None
    if deadline is None and proj is not None and proj.period is not None:
        deadline = proj.period
    if deadline is None and found:
        deadline = max(found, key=lambda x: (x.due or "", x.end))
        milestones = [x for x in found if x is not deadline]
    row = cells.row
    category = f" > {row.category}" if row.category else ""
    return TaskRecord(
        text=ctx.original[start:end], start=start, end=end, path=path + category, source=source,
        layout="project" if project else "table", number=row.number, title=None,
        lead=units_written(assignment.lead, ctx), co=units_written(assignment.co, ctx),
        assigned=assignment.assigned if clause.names_units else "none",
        units_span=(row.start, row.end) if clause.names_units else None,
        deadline=deadline_written(deadline, ctx), milestones=tuple(written_deadline(m, ctx) for m in milestones),
        indicators=links(ctx, start, end), project=project_written(proj, ctx) if proj else None,
        notes=tuple(notes + ([deadline.note] if deadline is not None and deadline.note else [])))


def _box_projects(box: Box, ctx: Ctx) -> list[TaskRecord]:
    out: list[TaskRecord] = []
    for item in items(ctx.text, box):
        proj = project_of(item, ctx.doc_year)
        start, end = item.start, item.end
        while end > start and ctx.text[end - 1] in " \t。;":
            end -= 1
        title = proj.name.text if proj.name is not None else None
        out.append(TaskRecord(
            text=ctx.original[start:end], start=start, end=end, path=ctx.index.path(box.start) or box.number,
            source=box.number, layout="project", number=item.number, title=title,
            deadline=deadline_written(proj.period, ctx), indicators=links(ctx, start, end),
            project=project_written(proj, ctx),
            notes=("规划未逐项分工，无牵头单位 / a plan's project: the plan names no unit for it",)))
    return out
