"""Task records from what the readers found: a text item, a table row, a box's project.

Every record quotes the original text: its ``text`` is ``original[start:end]`` (the task's
statement, without its number and without the parenthesis or lines that name its units),
and each unit, deadline and project field keeps its own span, its name as written there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from planscope.extraction.targets.context import SectionIndex
from planscope.extraction.targets.model import TargetRecord
from planscope.extraction.tasks.deadlines import find_in_text
from planscope.extraction.tasks.items import Draft
from planscope.extraction.tasks.model import (
    Amount,
    Deadline,
    Field,
    IndicatorLink,
    Project,
    TaskRecord,
    UnitRef,
    phrases,
)
from planscope.extraction.tasks.paragraphs import Para
from planscope.extraction.tasks.units import Assignment, Clause, UnitReader

NO_UNITS_PLAN = "规划未逐项分工，无牵头单位 / a plan's measure: the plan names no unit for it"
NO_UNITS_ITEM = "本条未列责任单位 / no units are named for this item"
INHERITED = "单位取自所属标题或同组末尾所列 / the units named for the group: in its heading, or after its last item"
_PUNCT_END = " \t。;,.:"


class Conventions:
    """Where the document says that the first listed unit leads: everywhere (a note of its
    own, in the text or under a table), from a clause on (下同), or in one clause."""

    def __init__(self, paras: list[Para], notes: Sequence[str] = ()) -> None:
        self.everywhere = any(p.kind == "convention" for p in paras) or any(
            phrases().first_leads.search(n) for n in notes)
        self.from_ = sorted(p.start for p in paras if p.clause is not None and p.clause.carries_on)

    def first_leads(self, pos: int, clause: Clause) -> bool:
        return self.everywhere or clause.convention or bisect_right(self.from_, pos) > 0


@dataclass
class Ctx:
    text: str
    original: str
    index: SectionIndex
    reader: UnitReader
    doc_year: int | None
    targets: list[TargetRecord]
    conventions: Conventions


def text_record(d: Draft, ctx: Ctx, plan: bool) -> TaskRecord | None:
    """The record of a task in running text (``plan``: a plan's measure, no units)."""
    start, end, number, title = _statement(d, ctx)
    if end <= start:
        return None
    clause = _merged([p.clause for p in d.clauses if p.clause is not None])
    notes: list[str] = []
    layout = "plan_measure" if plan else _layout(d)
    if clause.names_units:
        assignment = ctx.reader.assign(clause, ctx.conventions.first_leads(d.clauses[0].start, clause))
        assigned, units_span = assignment.assigned, (d.clauses[0].clause_start or 0, d.clauses[-1].clause_end or 0)
    elif d.inherited is not None:
        assignment = ctx.reader.assign(d.inherited, ctx.conventions.first_leads(start, d.inherited))
        assigned, units_span = "inherited", None
        notes.append(INHERITED)
    else:
        assignment, assigned, units_span = Assignment((), (), "none", None), "none", None
        notes.append(NO_UNITS_PLAN if plan else NO_UNITS_ITEM)
    if assignment.note:
        notes.append(assignment.note)
    labelled = d.deadline() or (clause.deadline if clause.names_units else None)
    deadline, milestones = _deadlines(ctx, start, end, labelled)
    return TaskRecord(
        text=ctx.original[start:end], start=start, end=end, path=_path(d, ctx.index), source="text",
        layout=layout, number=number, title=title, lead=_as_written(assignment.lead, ctx),
        co=_as_written(assignment.co, ctx), assigned=assigned, units_span=units_span,
        deadline=_dl_written(deadline, ctx), milestones=tuple(written_deadline(m, ctx) for m in milestones),
        indicators=links(ctx, start, end), notes=tuple(notes + _deadline_notes(deadline)))


def _path(d: Draft, index: SectionIndex) -> str:
    """The outline path of the sections the task stands in (not the task's own heading)."""
    chain = [s for s in index.chain(d.start) if s.kind != "lead" and not (d.heading and s is d.node)]
    return " > ".join(f"{s.number or ''}{s.title}"[:30] for s in chain)


def _statement(d: Draft, ctx: Ctx) -> tuple[int, int, str | None, str | None]:
    """The span of the task's own words, its number and its title."""
    start = d.start
    number = title = None
    if d.heading and d.node is not None:
        number = d.node.number
        if number:
            start = d.start + len(number)
            while start < d.end and ctx.text[start] in " \t:、.":
                start += 1
        if not d.run_in:
            title = _clean_title(d.node.title)
    last = d.paras[-1]
    trailing = last.clause_start is not None and last.kind == "text" and not last.clause_inside
    end = last.clause_start if trailing and last.clause_start is not None else last.end
    while end > start and ctx.text[end - 1] in _PUNCT_END:
        end -= 1
    if title is None:
        title = _run_in_title(ctx.text[start:end])
        title = _clean_title(title) if title is not None else None
    if title is not None and title == ctx.text[start:end].rstrip(_PUNCT_END):
        title = None  # the task is its heading: no title apart from its words
    if title is not None:
        title = ctx.original[start:start + len(title)] if ctx.text.startswith(title, start) else title
    return start, end, number, title


def _clean_title(title: str) -> str:
    from planscope.extraction.tasks.units import trailing_parenthesis

    found = trailing_parenthesis(title)
    return title[: found[0]].rstrip(_PUNCT_END) if found else title.rstrip(_PUNCT_END)


def _run_in_title(text: str) -> str | None:
    p = phrases()
    cut = min((i for i in (text.find(e) for e in p.title_ends) if i > 0), default=-1)
    return text[:cut] if 0 < cut <= p.title_max else None


def _layout(d: Draft) -> str:
    if d.inherited is not None and not d.clauses:
        return "inherited"
    if any(p.kind == "units" for p in d.clauses):
        return "unit_line"
    if any(p.clause is not None and p.clause.labelled for p in d.clauses):
        return "paren_labels"
    return "paren_units"


def _merged(clauses: list[Clause]) -> Clause:
    out = Clause()
    for c in clauses:
        out.lead += c.lead
        out.owners += c.owners
        out.co += c.co
        out.deadline = out.deadline or c.deadline
        out.convention = out.convention or c.convention
        out.labelled = out.labelled or c.labelled
    return out


def _deadlines(ctx: Ctx, start: int, end: int, given: Deadline | None) -> tuple[Deadline | None, list[Deadline]]:
    """The task's deadline — the one its units clause or column gives, else the latest its
    text names — and the other dates of its text (milestones)."""
    found = find_in_text(ctx.text[start:end], start, ctx.doc_year)
    if given is not None:
        return given, found
    if not found:
        return None, []
    last = max(found, key=lambda x: (x.due or "", x.end))
    return last, [x for x in found if x is not last]


def _deadline_notes(d: Deadline | None) -> list[str]:
    return [d.note] if d is not None and d.note else []


def links(ctx: Ctx, start: int, end: int) -> tuple[IndicatorLink, ...]:
    """Catalogue indicators the task names: those of the targets stated inside its span
    (``target``: the span of the value), then those whose name it writes (``name``)."""
    out: list[IndicatorLink] = []
    seen: set[str] = set()
    for t in ctx.targets:
        if t.indicator_id and start <= t.value_start < end and t.indicator_id not in seen:
            seen.add(t.indicator_id)
            out.append(IndicatorLink(t.indicator_id, t.indicator, t.value_start, t.value_end, "target"))
    pattern, ids = _indicator_names()
    for m in pattern.finditer(ctx.text, start, end):
        id_ = ids[m.group(0)]
        if id_ not in seen:
            seen.add(id_)
            out.append(IndicatorLink(id_, ctx.original[m.start():m.end()], m.start(), m.end(), "name"))
    return tuple(out)


NAME_MIN = 4  # shorter catalogue names (人口, 粮食) are words of ordinary text


@lru_cache(maxsize=1)
def _indicator_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern of every catalogue name of at least ``NAME_MIN`` characters, longest first."""
    from planscope.catalogue.indicators import load_catalogue

    ids: dict[str, str] = {}
    for indicator in load_catalogue():
        for name in indicator.names:
            if len(name) >= NAME_MIN and not name.isascii():
                ids.setdefault(name, indicator.id)
    return re.compile("|".join(map(re.escape, sorted(ids, key=len, reverse=True)))), ids


# ---------------------------------------------------------------------------------------
# Spans back to the original text
# ---------------------------------------------------------------------------------------


def _as_written(units: tuple[UnitRef, ...], ctx: Ctx) -> tuple[UnitRef, ...]:
    return tuple(replace(u, name=ctx.original[u.start:u.end]) for u in units)


def _dl_written(d: Deadline | None, ctx: Ctx) -> Deadline | None:
    return None if d is None else written_deadline(d, ctx)


def written_deadline(d: Deadline, ctx: Ctx) -> Deadline:
    """The deadline with its text as the original writes it."""
    written = ctx.original[d.start:d.end]
    normalized = written if d.normalized == d.text else d.normalized
    return replace(d, text=written, normalized=normalized)


def field_written(f: Field | None, ctx: Ctx) -> Field | None:
    return None if f is None else replace(f, text=ctx.original[f.start:f.end])


def project_written(p: Project, ctx: Ctx) -> Project:
    amount: Amount | None = None
    if p.investment is not None:
        amount = replace(p.investment, text=ctx.original[p.investment.start:p.investment.end])
    return Project(field_written(p.name, ctx), field_written(p.content, ctx), amount, _dl_written(p.period, ctx),
                   field_written(p.place, ctx))


def units_written(units: tuple[UnitRef, ...], ctx: Ctx) -> tuple[UnitRef, ...]:
    return _as_written(units, ctx)


def deadline_written(d: Deadline | None, ctx: Ctx) -> Deadline | None:
    return _dl_written(d, ctx)
