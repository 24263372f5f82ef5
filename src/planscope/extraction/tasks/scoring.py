"""Tasks scored against the tasks a document must yield (the sidecars of the task fixtures).

An expected task is ``{"text": the start of its words, "lead": [units as written], "co": [...],
"deadline": normalised or null}``.  Each expected task is paired with the first record,
in order, whose words start with (or, failing that, hold) its ``text``; then

* tasks: a pair is a hit, an expected task without a record a miss, a record without an
  expected task a false hit;
* lead and co: each unit (compared as written, width and spaces folded) of a paired task
  is a hit, a unit only expected a miss, a unit only found a false hit — units of unpaired
  records and tasks count as false hits and misses;
* deadline: a paired task whose normalised deadline is the expected one is a hit; a wrong
  one is a false hit and a miss; one found where none is expected a false hit.

Precision = hits / (hits + false hits), recall = hits / (hits + misses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from planscope.extraction.tasks.model import TaskRecord
from planscope.reading.text import fold_width

_SPACE = re.compile(r"\s+")
FIELDS = ("tasks", "lead", "co", "deadline")
PROJECT_FIELDS = ("name", "yuan", "period", "place")


def fold(text: str) -> str:
    return _SPACE.sub("", fold_width(text))


@dataclass
class Count:
    hits: int = 0
    false_hits: int = 0
    misses: int = 0

    def add(self, other: Count) -> None:
        self.hits += other.hits
        self.false_hits += other.false_hits
        self.misses += other.misses

    @property
    def precision(self) -> float | None:
        found = self.hits + self.false_hits
        return self.hits / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.hits + self.misses
        return self.hits / expected if expected else None


@dataclass
class Scores:
    counts: dict[str, Count] = field(default_factory=lambda: {f: Count() for f in (*FIELDS, *PROJECT_FIELDS)})
    problems: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for f in self.counts:
            self.counts[f].add(other.counts[f])
        self.problems.extend(other.problems)


def score(expected: Iterable[Mapping[str, Any]], records: list[TaskRecord], label: str = "") -> Scores:
    """Records against the expected tasks of one document."""
    out = Scores()
    c = out.counts
    free = list(range(len(records)))
    for want in expected:
        k = _pair(want, records, free)
        if k is None:
            c["tasks"].misses += 1
            c["lead"].misses += len(want["lead"])
            c["co"].misses += len(want["co"])
            c["deadline"].misses += want.get("deadline") is not None
            out.problems.append(f"{label} missed: {want['text']}")
            continue
        free.remove(k)
        c["tasks"].hits += 1
        record = records[k]
        for role in ("lead", "co"):
            _units(role, [u.name for u in getattr(record, role)], want[role], c[role], out.problems, label, want)
        _deadline(record, want.get("deadline"), c["deadline"], out.problems, label, want)
    for k in free:
        r = records[k]
        c["tasks"].false_hits += 1
        c["lead"].false_hits += len(r.lead)
        c["co"].false_hits += len(r.co)
        c["deadline"].false_hits += r.deadline is not None
        out.problems.append(f"{label} not expected: {r.text[:20]!r}")
    return out


def _pair(want: Mapping[str, Any], records: list[TaskRecord], free: list[int]) -> int | None:
    text = fold(want["text"])
    starts = next((k for k in free if fold(records[k].text).startswith(text)), None)
    return starts if starts is not None else next((k for k in free if text in fold(records[k].text)), None)


def _units(role: str, found: list[str], wanted: list[str], count: Count, problems: list[str], label: str,
           want: Mapping[str, Any]) -> None:
    got, exp = {fold(u) for u in found}, {fold(u) for u in wanted}
    count.hits += len(got & exp)
    count.false_hits += len(got - exp)
    count.misses += len(exp - got)
    if got != exp:
        problems.append(f"{label} {want['text']}: {role} {sorted(got)} ≠ expected {sorted(exp)}")


def _deadline(record: TaskRecord, wanted: str | None, count: Count, problems: list[str], label: str,
              want: Mapping[str, Any]) -> None:
    got = record.deadline.normalized if record.deadline is not None else None
    if got == wanted:
        count.hits += wanted is not None
        return
    count.false_hits += got is not None
    count.misses += wanted is not None
    problems.append(f"{label} {want['text']}: deadline {got!r} ≠ expected {wanted!r}")


def score_projects(expected: Iterable[Mapping[str, Any]], records: list[TaskRecord], label: str = "") -> Scores:
    """Projects' fields against the expected ones (``name``, ``yuan``, ``period``, ``place``):
    a field found and right is a hit, found and wrong a false hit and a miss, not found a miss."""
    out = Scores()
    projects = [r for r in records if r.project is not None]
    free = list(range(len(projects)))
    for want in expected:
        k = _pair(want, projects, free)
        project = projects[k].project if k is not None else None
        if k is not None:
            free.remove(k)
        got: dict[str, Any] = {f: None for f in PROJECT_FIELDS}
        if project is not None:
            got["name"] = project.name.text if project.name else None
            got["yuan"] = project.investment.yuan if project.investment else None
            got["period"] = project.period.normalized if project.period else None
            got["place"] = project.place.text if project.place else None
        for f in PROJECT_FIELDS:
            _field(f, got[f], want.get(f), out, label, want)
    return out


def _field(name: str, got: Any, wanted: Any, out: Scores, label: str, want: Mapping[str, Any]) -> None:
    count = out.counts[name]
    same = got == wanted if not isinstance(wanted, float) or got is None else abs(got - wanted) < 1e-6 * wanted
    if same:
        count.hits += wanted is not None
        return
    count.false_hits += got is not None
    count.misses += wanted is not None
    out.problems.append(f"{label} {want['text']}: project {name} {got!r} ≠ expected {wanted!r}")
