"""Who leads a task and who works with them, from the words that assign it.

A clause that assigns units comes in three shapes, all read here:

* verbs after lists: ``市政府办公室、市审改办牵头，市级各有关部门及各县市区政府按职责分工负责``
  (牵头 → lead; 按职责分工负责, 配合 → co; 负责 alone → lead);
* labels before lists: ``牵头单位：市经贸委；配合单位：市发改委、国土房管局、规划局``;
* responsible units without a lead: ``责任单位：财政局、发改局、经信局`` — the first leads
  where the document says so (``列第一位者为牵头单位``; with ``下同`` for the rest of the
  document), else every listed unit is responsible and none is said to lead.

A clause may also give a deadline (``完成时限：2023年底前``, or a clause that is one).  Each
unit keeps its span; lists are cut at 、，； and at 和/及/与 only where the whole is no
body's name (发展和改革委员会 stays whole, 市级各有关部门及各县市区政府 is two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from planscope.extraction.tasks.bodies import Bodies, Scope
from planscope.extraction.tasks.deadlines import read_cell
from planscope.extraction.tasks.model import Deadline, UnitRef, phrases

NO_LEAD_SAID = ("未说明牵头单位，所列单位均为责任单位 / the document does not say which unit leads: "
                "every listed unit is responsible")
FIRST_LEADS = "列第一位者为牵头单位（文件约定）/ the first listed unit leads (the document's convention)"
_ELLIPSIS = re.compile(r"(?:…+|\.{3,}|⋯+)$")
_HARD = re.compile(r"[、,;，；]")
_TRAILING_SPACE = re.compile(r"[\s。;,.]*$")


@dataclass
class Clause:
    """What one clause (a parenthesis, a unit line, a table row) says about units."""

    lead: list[UnitRef] = field(default_factory=list)
    owners: list[UnitRef] = field(default_factory=list)
    co: list[UnitRef] = field(default_factory=list)
    deadline: Deadline | None = None
    convention: bool = False  # the clause states that the first listed unit leads
    carries_on: bool = False  # … for the rest of the document (下同)
    labelled: bool = False

    @property
    def names_units(self) -> bool:
        return bool(self.lead or self.owners or self.co)


@dataclass(frozen=True)
class Assignment:
    lead: tuple[UnitRef, ...]
    co: tuple[UnitRef, ...]
    assigned: str  # stated | first_leads | owners
    note: str | None


class UnitReader:
    """Reads unit clauses of one document: the bodies of its region, its conventions."""

    def __init__(self, bodies: Bodies, scope: Scope, doc_year: int | None) -> None:
        self.bodies, self.scope, self.doc_year = bodies, scope, doc_year
        self.words = phrases().units

    # -- clauses ------------------------------------------------------------------------
    def clause(self, text: str, start: int, strict: bool = True) -> Clause | None:
        """The units (and deadline) ``text`` assigns, or None when it assigns none.  With
        ``strict`` a list without label or verb counts only when every name in it is a known
        body (a parenthesis such as （含县级市） names none)."""
        out = Clause()
        p = phrases()
        out.convention = bool(p.first_leads.search(text))
        out.carries_on = out.convention and bool(p.carries_on.search(text))
        found = trailing_parenthesis(text)
        if found is not None and p.first_leads.search(text[found[0]:found[1]]):
            text = text[:found[0]]  # 责任单位：A、B、C（列第一位者为牵头单位，下同）: the list before it
        for piece, piece_start in _split(text, start, self.words.clause_breaks):
            for seg, seg_start in _at_labels(piece, piece_start, self.words.label_inside):
                self._segment(seg, seg_start, out, strict)
        if not out.names_units:
            return out if out.convention or out.deadline is not None else None
        return out

    def _segment(self, seg: str, start: int, out: Clause, strict: bool) -> None:
        m = self.words.label_re.match(seg.lstrip())
        if m is not None:
            lead_space = len(seg) - len(seg.lstrip())
            role = self.words.labels[m.group("label")]
            rest_start = start + lead_space + m.end()
            self._add(role, self.units(seg[lead_space + m.end():], rest_start), out)
            out.labelled = True
            return
        deadline = phrases().deadlines.label_re.match(seg.lstrip())
        if deadline is not None:
            lead_space = len(seg) - len(seg.lstrip())
            out.deadline = read_cell(seg[lead_space + deadline.end():], start + lead_space + deadline.end(),
                                     self.doc_year)
            return
        for sub, sub_start in _split(seg, start, (",", "，")):
            self._sub(sub, sub_start, out, strict)

    def _sub(self, sub: str, start: int, out: Clause, strict: bool) -> None:
        body = sub.rstrip()
        if not body.strip():
            return
        verb = self.words.verb_re.search(body)
        if verb is not None:
            units = self.units(body[:verb.start()], start)
            self._add(self.words.verbs[verb.group("verb")], units, out)
            return
        if phrases().first_leads.search(body):
            return
        units = self.units(body, start)
        if units and (not strict or all(u.body or u.collective for u in units)):
            out.owners.extend(units)
            return
        d = read_cell(body, start, self.doc_year)
        if d is not None and d.kind != "unknown" and out.deadline is None:
            out.deadline = d

    def _add(self, role: str, units: list[UnitRef], out: Clause) -> None:
        for unit in units:
            marked = self.words.lead_marks.search(unit.name)
            if marked is not None:  # 县发改局（牵头）: this one leads
                name = unit.name[: marked.start()].rstrip()
                out.lead.append(self.bodies.resolve(name, unit.start, self.scope))
            else:
                {"lead": out.lead, "owner": out.owners, "co": out.co}[role].append(unit)

    # -- unit lists ---------------------------------------------------------------------
    def units(self, text: str, start: int) -> list[UnitRef]:
        """The units of a list as written at ``start`` (tails such as 等单位 and …… left out)."""
        out: list[UnitRef] = []
        for piece, at in _split(text, start, None):
            name, at = _trim(piece, at, self.words.list_tails)
            if name:
                out.extend(self._one_or_more(name, at))
        return out

    def _one_or_more(self, name: str, start: int) -> list[UnitRef]:
        whole = self.bodies.resolve(name, start, self.scope)
        if whole.body or whole.collective:
            return [whole]
        for sep in self.words.separators:
            if sep in "、,;" or sep not in name:
                continue
            parts = [(p, a) for p, a in _split(name, start, None, sep)]
            refs = [self.bodies.resolve(*_trim(p, a, self.words.list_tails), self.scope) for p, a in parts]
            if len(refs) > 1 and all(r.name and (r.body or r.collective) for r in refs):
                return refs
        return [whole]

    # -- who leads ----------------------------------------------------------------------
    @staticmethod
    def assign(clause: Clause, first_leads: bool) -> Assignment:
        """Lead and co-units of a clause: owners work with a stated lead; without one, the
        first owner leads where the document says so, else all are responsible."""
        lead = _unique(clause.lead)
        keys = {u.key for u in lead}
        if lead:
            co = _unique([u for u in clause.owners + clause.co if u.key not in keys])
            return Assignment(tuple(lead), tuple(co), "stated", None)
        owners = _unique(clause.owners) or _unique(clause.co)  # A、B按职责分工负责: they share it
        if not clause.owners:
            clause = Clause(owners=owners, convention=clause.convention)
        if len(owners) == 1:
            return Assignment(tuple(owners), tuple(_unique(clause.co)), "stated", None)
        if first_leads or clause.convention:
            co = _unique(owners[1:] + clause.co)
            return Assignment((owners[0],), tuple(co), "first_leads", FIRST_LEADS)
        return Assignment(tuple(owners), tuple(_unique(clause.co)), "owners", NO_LEAD_SAID)


def _unique(units: list[UnitRef]) -> list[UnitRef]:
    seen: set[str] = set()
    out: list[UnitRef] = []
    for u in units:
        if u.key not in seen:
            seen.add(u.key)
            out.append(u)
    return out


def _split(text: str, start: int, breaks: tuple[str, ...] | None, sep: str | None = None) -> list[tuple[str, int]]:
    """Pieces of ``text`` between separators, each with its offset (``breaks``: those
    characters; None: 、,;，；; ``sep``: that word)."""
    if sep is not None:
        pattern = re.compile(re.escape(sep))
    elif breaks is None:
        pattern = _HARD
    else:
        pattern = re.compile("|".join(map(re.escape, breaks)))
    out: list[tuple[str, int]] = []
    pos = 0
    for m in pattern.finditer(text):
        if _depth(text, m.start()):
            continue  # 各县（市、区）政府: a separator inside a name's parenthesis
        out.append((text[pos:m.start()], start + pos))
        pos = m.end()
    out.append((text[pos:], start + pos))
    return out


def _at_labels(text: str, start: int, label: re.Pattern[str]) -> list[tuple[str, int]]:
    """A clause cut where a label starts after other words ("牵头单位：县发改局    责任单位：…")."""
    cuts = [m.start() for m in label.finditer(text) if not _depth(text, m.start())]
    bounds = [0, *cuts, len(text)]
    return [(text[a:b], start + a) for a, b in pairwise(bounds) if b > a]


def _depth(text: str, pos: int) -> int:
    return max(0, sum(text.count(o, 0, pos) for o in "(（") - sum(text.count(c, 0, pos) for c in ")）"))


def _trim(piece: str, start: int, tails: tuple[str, ...]) -> tuple[str, int]:
    """A unit's name without surrounding space, a list's trailing ……/等单位."""
    stripped = piece.strip()
    at = start + (piece.index(stripped) if stripped else 0)
    stripped = _ELLIPSIS.sub("", stripped).rstrip()
    for tail in tails:
        if stripped.endswith(tail) and len(stripped) > len(tail):
            stripped = stripped[: -len(tail)]
            break
    return stripped, at


def trailing_parenthesis(text: str) -> tuple[int, int] | None:
    """The span (of "(" and ")") of the parenthesis that ends ``text``, nested ones allowed."""
    tail = _TRAILING_SPACE.search(text)
    close = (tail.start() if tail else len(text)) - 1
    if close < 0 or text[close] != ")":
        return None
    depth = 0
    for i in range(close, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i, close
    return None
