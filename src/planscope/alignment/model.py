"""What alignment works on and what it concludes: targets as sides of a comparison,
the comparable measures they yield, and the comparisons themselves."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from planscope import datafiles, labels

Baselines = dict[tuple[str, str, int], tuple[float, str]]  # (region, indicator, year) → (value, its source)

RELATIONS = ("escalated", "consistent", "looser", "missing", "inherited", "not_comparable")

RELATION_ZH = {
    "escalated": "加码", "consistent": "一致", "looser": "偏低", "missing": "缺失",
    "inherited": "承接", "not_comparable": "不可比",
}

LEVEL_ZH = {code: labels.short("level", code) for code in labels.codes("level")}  # 县→市 in level pairs


@dataclass(frozen=True, slots=True)
class Source:
    """Where a side's number was written: a document span, or reference data."""

    label: str  # file name, or the reference plan's title
    doc_id: int | None
    start: int | None
    end: int | None
    quote: str

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "doc_id": self.doc_id, "start": self.start, "end": self.end,
                "quote": self.quote}


@dataclass(frozen=True, slots=True)
class Side:
    """One target of one plan, as alignment sees it."""

    region_code: str
    indicator_id: str
    indicator: str  # the name as written
    kind: str
    comparator: str
    value: float | None  # base units; None for qualitative or inherited targets
    low: float | None
    high: float | None
    text: str  # the value as written
    unit_normalized: str | None
    target_year: int
    baseline_value: float | None
    baseline_year: int | None
    attribute: str | None
    inherited: bool
    source: Source
    doc_type: str | None = None  # None for reference data
    annual: bool = False  # a change stated per year (年均提高1个百分点)
    baseline_source: str | None = None  # where a baseline not in the target's own row came from


@dataclass(frozen=True, slots=True)
class Measure:
    """A comparable form of a target: growth a year, total reduction, pp a year, a level."""

    name: str  # growth | reduction | pp_per_year | change | share | intensity | level
    value: float
    low: float
    high: float
    implied: bool  # computed from a level and its baseline, not written as such
    how: str  # the computation, for the reader
    text: str = ""  # the value with its unit as a reason shows it ("12.5%/年"); see ``measure``


def measure(name: str, value: float, low: float, high: float, implied: bool, how: str) -> Measure:
    """A Measure with its display text, formatted once (a target's measure is quoted in the
    reason of every comparison it takes part in)."""
    unit = MEASURE_UNITS[name]
    text = f"{low:g}–{high:g}{unit}" if low != high else f"{round(value, 2):g}{unit}"
    return Measure(name, value, low, high, implied, how, text)


MEASURE_UNITS = {
    "growth": "%/年", "reduction": "%", "pp_per_year": "百分点/年", "years_per_year": "年/年", "change": "",
    "share": "%", "intensity": "", "level": "",
}

MEASURE_ZH = {
    "growth": "年均增速", "reduction": "降幅", "pp_per_year": "年均提高百分点", "years_per_year": "年均提高年数",
    "change": "变化量", "share": "比重水平", "intensity": "人均/强度水平", "level": "总量水平",
}


@dataclass(slots=True)
class Comparison:
    """One indicator of one plan against the same indicator of a plan above it."""

    lower_code: str
    lower_region: str
    lower_level: str
    upper_code: str
    upper_region: str
    upper_level: str
    window: str  # "2021-2025"
    indicator_id: str
    indicator: str
    category: str
    relation: str
    measure: str | None = None
    lower_value: float | None = None
    upper_value: float | None = None
    difference: float | None = None  # lower − upper, in the measure's unit
    escalation: float | None = None  # signed so that positive is more ambitious below
    binding: bool = False  # the upper target is 约束性
    reason: str = ""
    lower_text: str | None = None
    upper_text: str | None = None
    lower_source: Source | None = None
    upper_source: Source | None = None
    upper_from_reference: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "lower_region": self.lower_region, "lower_code": self.lower_code, "lower_level": self.lower_level,
            "upper_region": self.upper_region, "upper_code": self.upper_code, "upper_level": self.upper_level,
            "window": self.window, "indicator_id": self.indicator_id, "indicator": self.indicator,
            "category": self.category, "relation": self.relation, "measure": self.measure,
            "lower_value": self.lower_value, "upper_value": self.upper_value, "difference": self.difference,
            "escalation": self.escalation, "binding": self.binding, "reason": self.reason,
            "lower_text": self.lower_text, "upper_text": self.upper_text,
            "lower_source": self.lower_source.as_dict() if self.lower_source else None,
            "upper_source": self.upper_source.as_dict() if self.upper_source else None,
            "upper_from_reference": self.upper_from_reference,
        }


@dataclass(frozen=True)
class Rules:
    plan_types: tuple[str, ...]
    comprehensive_types: frozenset[str]
    window_first: int
    window_years: int
    tolerance: dict[str, float]  # per measure; "default" for the others
    change_only: dict[str, str]  # indicator id → reason
    implied: tuple[dict[str, Any], ...]
    extra: dict[str, Any] = field(default_factory=dict)

    def tolerance_for(self, measure: str) -> float:
        return self.tolerance.get(measure, self.tolerance["default"])

    def window(self, year: int) -> tuple[int, int]:
        """The five-year window a target year falls in."""
        k = (year - self.window_first) // self.window_years
        start = self.window_first + k * self.window_years
        return start, start + self.window_years - 1


def load_raw() -> dict[str, Any]:
    return datafiles.raw("alignment.toml")


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    raw = load_raw()
    return Rules(
        plan_types=tuple(raw["plan_types"]),
        comprehensive_types=frozenset(raw["comprehensive_types"]),
        window_first=int(raw["window_first"]),
        window_years=int(raw["window_years"]),
        tolerance={name: float(v) for name, v in raw["tolerance"].items()},
        change_only={e["id"]: e["reason"] for e in raw.get("change_only", [])},
        implied=tuple(raw.get("implied", [])),
    )


def window_label(window: tuple[int, int]) -> str:
    return f"{window[0]}-{window[1]}"


_SCALES = {"yuan": ("元", "万元", "亿元", "万亿元"), "persons": ("人", "万人", "亿人", "万亿人"),
           "tonnes": ("吨", "万吨", "亿吨", "万亿吨"), "tce": ("吨标准煤", "万吨标准煤", "亿吨标准煤", "万亿吨标准煤"),
           "count": ("", "万", "亿", "万亿")}


def amount(value: float, unit: str | None) -> str:
    """A value in base units as people write it: 7.5e10 yuan → 750亿元."""
    names = _SCALES.get(unit or "")
    if names is None or abs(value) < 1e4:
        return f"{value:.4g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.3g}"
    step = min(3, int(math.log10(abs(value)) // 4))
    return f"{value / 10 ** (4 * step):.4g}{names[step]}"
