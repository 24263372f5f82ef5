"""Task records, and the wording of tasks loaded from ``data/task_phrases.toml``.

Every record that quotes the document carries ``start``/``end``: offsets into the original
text, so ``original[start:end]`` gives the quote back (the same offsets point into the
analysis text, which has the same length).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, Literal

from planscope import datafiles

PHRASES_FILE = "task_phrases.toml"

Role = Literal["lead", "co"]
DeadlineKind = Literal["date", "year", "period", "standing", "recurring", "unknown"]


def _plain(value: Any) -> Any:
    """A record as plain JSON values (nested records as dicts, tuples as lists)."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


@dataclass(frozen=True)
class UnitRef:
    """A unit named as responsible for a task, with its span and the body it is.

    ``body`` is the id of the body in ``data/bodies.toml`` (None when the name is not
    known), ``canonical`` its standard name at its level (``示例市发展和改革委员会``),
    ``level`` the level its prefix or the document gives; a ``collective`` name
    (各县市区政府, 市级各有关部门) stands for many bodies and is kept as written."""

    name: str  # as written
    start: int
    end: int
    body: str | None = None
    canonical: str | None = None
    level: str | None = None
    collective: bool = False

    @property
    def key(self) -> str:
        """What identifies the unit across spellings: its body and level, else its name."""
        if self.body is not None:
            return f"{self.body}@{self.level or ''}"
        return self.name


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, with its span, and as a normalised form.

    ``normalized`` is a date (``2022-10-31``), a year (``2025``), a period (``2021–2025``)
    or a kind as the document words it (``长期坚持``, ``持续推进``, ``每季度``); ``due`` the
    last day by which it falls due, where one follows.  ``uncertain`` marks a reading that
    needed more than the words (a year taken from the document's date) or could not be
    completed (``年底前`` in a document without a date): ``note`` says which."""

    text: str
    start: int
    end: int
    kind: DeadlineKind
    normalized: str
    due: str | None = None
    uncertain: bool = False
    note: str | None = None


@dataclass(frozen=True)
class IndicatorLink:
    """A catalogue indicator the task names: by a target stated in it, or by name."""

    id: str
    name: str  # as written
    start: int
    end: int
    via: Literal["target", "name"]


@dataclass(frozen=True)
class Amount:
    """An investment as written, its unit and its value in yuan."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    yuan: float | None
    comparator: str = "="


@dataclass(frozen=True)
class Field:
    """A piece of text with its span (a project's name, content or place)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Project:
    """A major project of a 专栏 or a project table: name, content, investment, period, place."""

    name: Field | None
    content: Field | None
    investment: Amount | None
    period: Deadline | None
    place: Field | None


@dataclass(frozen=True)
class TaskRecord:
    """One task: its text and span, where it stands, who leads and who works with them,
    its deadline, the indicators it names and, for a project, the project's fields.

    ``lead`` empty means no unit leads: ``assigned`` says why (``none``: the document gives
    no units for it, as a plan's measures; ``owners``: every listed unit is responsible and
    the document does not say which leads)."""

    text: str
    start: int
    end: int
    path: str
    source: str  # "text", "table:表1", "专栏3"
    layout: str  # paren_units | unit_line | table | plan_measure | project
    number: str | None = None  # the item's number as written ("1", "(三)")
    title: str | None = None  # the run-in title ("全面实施行政许可事项清单管理")
    lead: tuple[UnitRef, ...] = ()
    co: tuple[UnitRef, ...] = ()
    assigned: str = "none"  # stated | first_leads | owners | inherited | none
    units_span: tuple[int, int] | None = None  # where the units are named
    deadline: Deadline | None = None
    milestones: tuple[Deadline, ...] = ()
    indicators: tuple[IndicatorLink, ...] = ()
    project: Project | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """The public JSON shape (``planscope tasks extract --format json``)."""
        out: dict[str, Any] = _plain(self)
        return out


# ---------------------------------------------------------------------------------------
# The wording of tasks
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitWords:
    labels: dict[str, str]  # label -> lead | owner | co
    verbs: dict[str, str]  # verb -> lead | owner | co
    separators: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    list_tails: tuple[str, ...]
    lead_marks: re.Pattern[str]  # "(牵头)" after a unit's name
    label_re: re.Pattern[str]  # a label and its colon, at a clause start
    label_inside: re.Pattern[str]  # a label and its colon after other words: where a new clause starts
    verb_re: re.Pattern[str]  # a verb ending a unit list


@dataclass(frozen=True)
class DeadlineWords:
    labels: tuple[str, ...]
    label_re: re.Pattern[str]
    by_words: tuple[str, ...]
    to_words: tuple[str, ...]
    end_words: tuple[str, ...]
    from_words: tuple[str, ...]
    standing: dict[str, str]  # word -> normal form
    recurring: dict[str, str]
    this_year: tuple[str, ...]
    next_year: tuple[str, ...]
    halves: dict[str, int]
    quarters: dict[str, int]
    fyp: re.Pattern[str]


@dataclass(frozen=True)
class TaskPhrases:
    units: UnitWords
    first_leads: re.Pattern[str]
    carries_on: re.Pattern[str]
    deadlines: DeadlineWords
    not_tasks: re.Pattern[str]
    task_headings: re.Pattern[str]
    title_ends: tuple[str, ...]
    title_max: int
    min_chars: int
    box_words: re.Pattern[str]
    project_labels: dict[str, tuple[str, ...]]  # content | investment | period | place -> labels
    investment_base: str


def by_length(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(map(re.escape, by_length(words)))


def _groups(entries: list[dict[str, Any]]) -> dict[str, str]:
    return {w: g["words"][0] for g in entries for w in g["words"]}


@lru_cache(maxsize=1)
def phrases() -> TaskPhrases:
    raw = datafiles.raw(PHRASES_FILE)
    u, d, items, p = raw["units"], raw["deadlines"], raw["items"], raw["projects"]
    labels = {w: role for role in ("lead", "owner", "co") for w in u[f"{role}_labels"]}
    verbs = {w: role for role in ("lead", "owner", "co") for w in u[f"{role}_verbs"]}
    return TaskPhrases(
        units=UnitWords(
            labels=labels, verbs=verbs, separators=by_length(u["separators"]),
            clause_breaks=tuple(u["clause_breaks"]), list_tails=by_length(u["list_tails"]),
            lead_marks=re.compile(r"\(\s*(?:" + alternation(u["lead_marks"]) + r")\s*\)\s*$"),
            label_re=re.compile(r"(?P<label>" + alternation(list(labels)) + r")\s*:\s*"),
            label_inside=re.compile(r"(?<=\s)(?:" + alternation(list(labels) + d["labels"]) + r")\s*:"),
            verb_re=re.compile(r"(?P<verb>" + alternation(list(verbs)) + r")\s*$"),
        ),
        first_leads=re.compile(raw["convention"]["first_leads"]),
        carries_on=re.compile(raw["convention"]["carries_on"]),
        deadlines=DeadlineWords(
            labels=by_length(d["labels"]),
            label_re=re.compile(r"(?P<label>" + alternation(d["labels"]) + r")\s*:\s*"),
            by_words=by_length(d["by_words"]), to_words=by_length(d["to_words"]),
            end_words=by_length(d["end_words"]), from_words=by_length(d["from_words"]),
            standing=_groups(raw.get("standing", [])),
            recurring=_groups(raw.get("recurring", [])), this_year=by_length(d["this_year"]),
            next_year=by_length(d["next_year"]), halves=dict(d["halves"]), quarters=dict(d["quarters"]),
            fyp=re.compile(d["fyp"]),
        ),
        not_tasks=re.compile(items["not_tasks"]),
        task_headings=re.compile(items["task_headings"]),
        title_ends=tuple(items["title_ends"]),
        title_max=int(items["title_max"]),
        min_chars=int(items["min_chars"]),
        box_words=re.compile(p["box_words"]),
        project_labels={k: by_length(p[f"{k}_labels"]) for k in ("content", "investment", "period", "place")},
        investment_base=p["investment_base"],
    )
