"""The public records a person looks at — a target (or a reported actual) and its progress —
as typed values.  The library and the monitoring engine build them; the views hand them to
the CLI (Rich tables), the web pages (templates) and the reports (docx/xlsx writers), which
read their attributes.  ``as_dict`` gives the public JSON shape (``planscope targets
--format jsonl``, ``planscope progress --format json``), keys in the order they always had."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

from planscope.labels import Status
from planscope.monitoring.progress import Step

Comparator = Literal[">=", "<=", "~", "=", "range", ">", "<"]
Kind = Literal["level", "share", "growth_rate", "change", "count", "ratio"]


@dataclass(frozen=True)
class Source:
    """One statement of a target: a table row or a sentence, with its span."""

    source: str | None
    start: int
    end: int
    quote: str


CompletionStatus = Literal["achieved", "not_achieved", "no_data"]


@dataclass(frozen=True)
class CompletionRow:
    """One row of a completion table (规划指标完成情况) judged: was the earlier plan's target met?"""

    table: str  # the table's number and title
    indicator: str
    target: str | None  # as written
    result: str | None  # as written
    attribute: str | None
    year: int | None
    status: CompletionStatus
    reason: str
    indicator_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class TargetItem:
    """A target, or a value a document reports for a past year (``actual``), with its span:
    ``original_text[start:end]`` is the quote, ``[value_start:value_end]`` the number."""

    doc: str
    doc_id: int | None
    region: str | None
    region_code: str | None
    indicator: str
    indicator_id: str | None
    value: str | None  # as written
    unit: str | None  # as written
    value_normalized: float | None  # in base units
    unit_normalized: str | None
    low: float | None
    high: float | None
    comparator: str
    kind: str
    year: int | None  # the target year, or the year an actual is for
    year_implied: bool
    baseline_value: float | None
    baseline_year: int | None
    attribute: str | None  # 约束性 / 预期性
    inherited: bool
    source: str | None  # "table …" or "text"
    path: str | None  # outline path
    start: int
    end: int
    value_start: int
    value_end: int
    quote: str
    match: str | None  # how the catalogue indicator was found
    notes: list[str]
    flags: list[str]  # plausibility checks failed
    actual: bool = False
    line: int | None = None  # 1-based line of the value, for a file analysed without storing

    @property
    def target_year(self) -> int | None:
        return self.year

    def as_dict(self) -> dict[str, Any]:
        """The public shape: the year under ``target_year`` (a target) or ``year`` (an actual)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "actual" or (f.name == "line" and self.line is None):
                continue
            key = "target_year" if f.name == "year" and not self.actual else f.name
            out[key] = getattr(self, f.name)
        return out


@dataclass(frozen=True)
class ProgressItem:
    """Where one target stands: the target, its baseline and latest observation in the plan's
    unit, the status the engine gives, the figures it computed and the steps that explain it."""

    doc: str
    region: str | None
    region_code: str | None
    indicator: str
    indicator_id: str
    kind: str
    target_year: int | None
    target_value: float | None  # base units
    unit: str | None  # base unit
    comparator: str
    attribute: str | None
    inherited: bool
    target: str  # as people read it: "≥ 750亿元", "8–9%"
    written: str | None
    unit_as_written: str | None
    period: str | None  # the plan's window, "2026–2030"
    baseline_year: int | None
    baseline_value: float | None
    baseline: str | None  # in the plan's unit
    latest_year: int | None
    latest_value: float | None
    latest: str | None
    status: Status
    warning: bool
    time_elapsed_share: float | None
    distance_covered_share: float | None
    required_cagr: float | None
    actual_cagr: float | None
    ratio: float | None
    projection: float | None
    projected: str | None
    projection_method: str | None
    explanation: str
    figures: dict[str, float | int | None]
    steps: tuple[Step, ...]
    latest_source: str | None
    latest_quote: str | None
    quote: str
    start: int
    end: int
    sources: list[Source] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    observed: list[tuple[int, float]] = field(default_factory=list)  # the series followed, base units

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("steps", "sources"):
                value = [{g.name: getattr(v, g.name) for g in fields(v)} for v in value]
            elif f.name == "observed":
                value = [list(pair) for pair in value]
            out[f.name] = value
        return out
