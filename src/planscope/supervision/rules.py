"""The data of supervision: the status rule's parameters and words (``data/supervision.toml``)
and the published assessment formula (``data/scoring.toml``), read once and checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, get_args

from planscope import datafiles

TaskStatus = Literal["not_started", "in_progress", "done", "late", "at_risk"]
STATUSES: tuple[str, ...] = get_args(TaskStatus)
Frequency = Literal["monthly", "quarterly"]
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
Component = Literal["target_progress", "task_timeliness", "data_reporting", "update_quality"]
COMPONENTS: tuple[str, ...] = get_args(Component)


@dataclass(frozen=True)
class StatusWords:
    zh: str
    en: str
    style: str

    def both(self) -> str:
        return f"{self.zh} {self.en}"


@dataclass(frozen=True)
class FrequencyRule:
    id: str
    zh: str
    en: str
    days: int
    grace: int


@dataclass(frozen=True)
class StatusRule:
    lag_margin: float
    near_days: int
    near_percent: int
    frequencies: dict[str, FrequencyRule]
    words: dict[str, StatusWords]


@cache
def status_rule() -> StatusRule:
    raw = datafiles.raw("supervision.toml")
    s = raw["status"]
    return StatusRule(
        lag_margin=float(s["lag_margin"]), near_days=int(s["near_days"]), near_percent=int(s["near_percent"]),
        frequencies={f["id"]: FrequencyRule(f["id"], f["zh"], f["en"], f["days"], f["grace"])
                     for f in raw["frequency"]},
        words={w["id"]: StatusWords(w["zh"], w["en"], w["style"]) for w in raw["label"]})


def status_words(status: str) -> StatusWords:
    return status_rule().words[status]


@dataclass(frozen=True)
class ComponentRule:
    id: str
    zh: str
    en: str
    weight: float
    source: str
    points: dict[str, float]
    report_by: str | None = None
    late_share: float = 0.5
    min_chars: int = 0


@dataclass(frozen=True)
class Formula:
    source: str
    components: dict[str, ComponentRule]


@cache
def formula() -> Formula:
    raw = datafiles.raw("scoring.toml")
    comps = {c["id"]: ComponentRule(c["id"], c["zh"], c["en"], float(c["weight"]), c["source"],
                                    {k: float(v) for k, v in c.get("points", {}).items()}, c.get("report_by"),
                                    float(c.get("late_share", 0.5)), int(c.get("min_chars", 0)))
             for c in raw["component"]}
    return Formula(raw["source"], comps)


def check_supervision(data: Mapping[str, Any]) -> list[str]:
    """supervision.toml against the code: every status and frequency the code knows, no other."""
    found = []
    for kind, listed, known in (("label", data.get("label", []), STATUSES),
                                ("frequency", data.get("frequency", []), FREQUENCIES)):
        ids = {e.get("id") for e in listed}
        found += [f"[[{kind}]]: '{k}' is missing (the code uses it)" for k in known if k not in ids]
        found += [f"[[{kind}]]: '{k}' is unknown to the code (one of {', '.join(known)})"
                  for k in sorted(str(i) for i in ids) if k not in known]
    margin = data.get("status", {}).get("lag_margin", 0)
    if not 0 <= margin <= 1:
        found.append(f"[status]: lag_margin {margin} must be between 0 and 1")
    return found


def check_assessment(data: Mapping[str, Any]) -> list[str]:
    """scoring.toml: the four components, weights adding up to 1, points for known statuses."""
    found = []
    comps = data.get("component", [])
    ids = {c.get("id") for c in comps}
    found += [f"[[component]]: '{k}' is missing (the code computes it)" for k in COMPONENTS if k not in ids]
    found += [f"[[component]]: '{k}' is unknown to the code (one of {', '.join(COMPONENTS)})"
              for k in sorted(str(i) for i in ids) if k not in COMPONENTS]
    total = sum(float(c.get("weight", 0)) for c in comps)
    if abs(total - 1) > 1e-9:
        found.append(f"[[component]]: the weights add up to {total:g}, not 1")
    for c in comps:
        if c.get("id") == "task_timeliness":
            found += [f"[[component]] task_timeliness: points for unknown status '{k}'"
                      for k in c.get("points", {}) if k not in STATUSES]
            found += [f"[[component]] task_timeliness: no points for status '{k}'"
                      for k in STATUSES if k not in c.get("points", {})]
        report_by = c.get("report_by")
        if report_by is not None and not _month_day(report_by):
            found.append(f"[[component]] {c.get('id')}: report_by {report_by!r} is not MM-DD")
    return found


def _month_day(text: str) -> bool:
    parts = text.split("-")
    return len(parts) == 2 and all(p.isdigit() for p in parts) and 1 <= int(parts[0]) <= 12 \
        and 1 <= int(parts[1]) <= 31
