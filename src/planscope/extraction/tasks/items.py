"""Tasks in running text: the items of a 分工方案 and the measures of a plan.

The paragraphs (:mod:`planscope.extraction.tasks.paragraphs`) are grouped by the outline
section they stand in.  In a section whose heading carries text of its own (``1.全面实施
行政许可事项清单管理。……``) the heading and its paragraphs are one task; under a heading that
is only a title (``（一）加快发展先进制造业``) each paragraph is a measure — unless one
paragraph (or none, the heading alone) is all there is, or units close a run of them.
Unit lines and deadline lines belong to the paragraph before them.

A document that assigns units anywhere is read as a 分工方案: a section that names units in
its heading passes them to the items under it that name none (``inherited``).  A document
that assigns none is a plan: its measures are the paragraphs of the sections after its
goals (and inside its 重点任务 headings where it has such), not its guiding thought, goals or
closing 保障措施 — with no lead unit, said so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planscope.extraction.targets.context import SectionIndex
from planscope.extraction.tasks.model import Deadline, phrases
from planscope.extraction.tasks.paragraphs import Para
from planscope.extraction.tasks.units import Clause
from planscope.model import Section

ITEM_KINDS = ("cn_item", "paren_item", "num_item", "paren_num")  # numbered items: each is a task


@dataclass
class Draft:
    """A task being read: its paragraphs, the section it stands in, what names its units."""

    node: Section | None
    paras: list[Para]
    heading: bool  # the first paragraph is the section's heading line
    clauses: list[Para] = field(default_factory=list)  # paragraphs whose clause names units
    deadline_lines: list[Para] = field(default_factory=list)
    inherited: Clause | None = None

    @property
    def start(self) -> int:
        return self.paras[0].start

    @property
    def end(self) -> int:
        return self.paras[-1].end

    @property
    def own_clause(self) -> bool:
        return any(p.clause is not None and p.clause.names_units for p in self.clauses)

    @property
    def run_in(self) -> bool:
        """The task starts at a heading whose line carries the task's words (not a title only)."""
        return self.heading and self.node is not None and run_in(self.node, self.paras[0])

    def deadline(self) -> Deadline | None:
        for p in [*self.clauses, *self.deadline_lines]:
            if p.clause is not None and p.clause.deadline is not None:
                return p.clause.deadline
        return None


def text_drafts(paras: list[Para], index: SectionIndex) -> list[Draft]:
    """Every candidate task of the running text, in document order."""
    starts = {n.start: n for n in index.nodes}
    groups: list[tuple[Section | None, list[Para]]] = []
    for para in paras:
        chain = index.chain(para.start)
        node = chain[-1] if chain else None
        if groups and groups[-1][0] is node:
            groups[-1][1].append(para)
        else:
            groups.append((node, [para]))
    drafts: list[Draft] = []
    for node, group in groups:
        if node is None or node.kind in ("lead", "preamble"):
            continue
        heading = starts.get(group[0].start) is node
        drafts.extend(_block(node, group, heading))
    return drafts


def _block(node: Section, group: list[Para], heading: bool) -> list[Draft]:
    """The tasks of one section's own paragraphs (its heading and the text before its first child)."""
    head = group[0] if heading else None
    rest = group[1:] if heading else group
    runs_on = head is not None and run_in(node, head)
    units: list[list[Para]] = []  # text paragraphs, each with the unit and deadline lines after it
    if head is not None:
        units.append([head])
    for p in rest:
        if p.kind == "text":
            units.append([p])
        elif units:
            units[-1].append(p)
    if not units:
        return []
    if head is not None and not runs_on:
        title_only, bodies = units[0], units[1:]
        if not bodies:
            return [_draft(node, title_only, heading=True)]
        if len(bodies) == 1 and node.kind in ITEM_KINDS and not node.children:
            return [_draft(node, title_only + bodies[0], heading=True)]
        return _split(node, bodies, heading_units=title_only)
    if runs_on:
        return _split(node, units, heading_units=None, together=True)
    return _split(node, units, heading_units=None)


def _split(node: Section, units: list[list[Para]], heading_units: list[Para] | None,
           together: bool = False) -> list[Draft]:
    """Paragraph groups cut where units close a run (``together``: one task unless units say
    otherwise); the heading's own clause, if any, passes to each of them."""
    closes = [k for k, u in enumerate(units) if any(p.clause is not None and p.clause.names_units for p in u)]
    cuts: list[list[list[Para]]] = []
    if together and len(closes) <= 1:
        cuts = [units]
    elif closes:
        lo = 0
        for k in closes:
            cuts.append(units[lo:k + 1])
            lo = k + 1
        cuts.extend([u] for u in units[lo:])
    else:
        cuts = [[u] for u in units]
    drafts = [_draft(node, [p for u in cut for p in u], heading=together and i == 0) for i, cut in enumerate(cuts)]
    if heading_units is not None:
        clause = next((p.clause for p in heading_units if p.clause is not None and p.clause.names_units), None)
        for d in drafts:
            d.inherited = d.inherited or clause
    return drafts


def _draft(node: Section, paras: list[Para], heading: bool) -> Draft:
    text = [p for p in paras if p.kind == "text"]
    d = Draft(node, text or paras[:1], heading)
    d.clauses = [p for p in paras if p.clause is not None and p.clause.names_units]
    d.deadline_lines = [p for p in paras if p.kind == "deadline"]
    return d


def run_in(node: Section, head: Para) -> bool:
    """The heading line carries text of its own after its title (``（一）加快建设……。（牵头…）``
    or ``13.提升企业技术创新能力。强化……``), or is one long sentence."""
    end = head.clause_start if head.clause_start is not None else head.end
    return node.heading_end < end - 1 or len(node.title) > phrases().title_max


def inherit(drafts: list[Draft], index: SectionIndex) -> None:
    """Units named in a section's heading pass to the tasks under it that name none; a unit
    line after the last of an item's sub-items, where none of the others names units, is
    the units of them all (``（1）…（2）…`` then ``责任单位：…``)."""
    _shared_by_siblings(drafts, index)
    own: dict[int, Clause] = {}
    for d in drafts:
        if d.heading and d.node is not None and d.own_clause:
            own[d.node.start] = next(p.clause for p in d.clauses if p.clause is not None)
    for d in drafts:
        if d.own_clause or d.inherited is not None:
            continue
        for section in reversed(index.chain(d.start)[:-1] if d.heading else index.chain(d.start)):
            if section.start in own and section.start != d.start:
                d.inherited = own[section.start]
                break


def is_plan_measure(d: Draft, index: SectionIndex, within: list[Section]) -> bool:
    """A paragraph of a plan that is one of its measures: after the goals, not in a section of
    guiding thought, goals or implementation, inside the 重点任务 sections where there are such."""
    p = phrases()
    if index.is_review(d.start) or (index.goals_start is not None and d.start < index.goals_start):
        return False
    chain = index.chain(d.start)
    if any(p.not_tasks.search(s.title) for s in chain):
        return False
    if within and not any(s.start <= d.start < s.end for s in within):
        return False
    if d.node is not None and d.node.children and not d.heading:
        return False  # a chapter's opening words, before its sections: no measure
    return sum(len(x.text) for x in d.paras) >= p.min_chars or (d.node is not None and d.node.kind in ITEM_KINDS)


def task_sections(index: SectionIndex) -> list[Section]:
    """Sections whose title names a plan's tasks (重点任务, 主要任务 …)."""
    p = phrases()
    return [n for n in index.nodes if n.kind not in ("lead", "box") and p.task_headings.search(n.title)
            and not p.not_tasks.search(n.title)]


def _shared_by_siblings(drafts: list[Draft], index: SectionIndex) -> None:
    groups: dict[int, list[Draft]] = {}
    for d in drafts:
        if d.heading and d.node is not None and d.node.kind in ITEM_KINDS:
            chain = index.chain(d.node.start)
            if len(chain) >= 2:
                groups.setdefault(chain[-2].start, []).append(d)
    for group in groups.values():
        last = group[-1]
        line = next((p for p in last.clauses if p.kind == "units"), None)
        if len(group) < 2 or line is None or any(d.own_clause or d.inherited for d in group[:-1]):
            continue
        for d in group[:-1]:
            d.inherited = line.clause
