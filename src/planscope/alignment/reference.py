"""The national Five-Year Plans' main indicators as reference data: the top of the plan hierarchy.

The data file (``planscope/data/national_plans.toml``) holds the national plans
(``[[plan]]``: 十四五 ``cn-14``, 十五五 ``cn-15``) and their main indicators (``[[target]]``:
the 20 rows of the 14th plan's 专栏1, the quantitative targets of the 15th plan's 第三章
主要目标), each tied to a catalogue id and quoting its source. A library without a national
plan of its own aligns its local plans to these.

``check_data(load_raw())`` lists every problem in the file, one line per problem naming the
entry; ``reference_plans()`` reads and checks the file once and raises ``ValueError`` with
all problems when it is not valid. ``reference_targets(key)`` gives one plan's targets in
file order, ``plan_for_year(year)`` the plan whose period covers a year.

Values are in base units (``planscope.extraction.quantities``: 6.5亿吨 → 650000000 tonnes, 1.45万亿斤 →
725000000 tonnes, 46亿吨标准煤 → 4600000000 tce); a qualitative target (保持在合理区间、
各年度视情提出) has no value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeGuard

from planscope import datafiles
from planscope.catalogue.indicators import KINDS, UNIT_BASES, Catalogue, load_catalogue
from planscope.extraction.quantities import Quantity, find_quantities
from planscope.monitoring.figures import unit_factor
from planscope.monitoring.progress import is_binding

__all__ = [
    "ATTRIBUTES",
    "COMPARATORS",
    "ReferencePlan",
    "ReferenceTarget",
    "check_data",
    "load_raw",
    "plan_for_year",
    "reference_plans",
    "reference_targets",
]

REFERENCE_FILE = "national_plans.toml"

COMPARATORS = frozenset({"=", ">=", "<=", "~"})
ATTRIBUTES = frozenset({"约束性", "预期性"})
# The catalogue's base names and those of planscope/data/units.toml (tce, permille …).
BASES = UNIT_BASES | {"tce", "permille", "km", "sqm", "days"}

# Field: (types, required). bool is excluded from int by the checks below.
PLAN_FIELDS: Mapping[str, tuple[tuple[type, ...], bool]] = {
    "key": ((str,), True),
    "title": ((str,), True),
    "region_code": ((str,), True),
    "start": ((int,), True),
    "end": ((int,), True),
    "baseline_year": ((int,), True),
    "adopted": ((str,), False),
    "source": ((str,), True),
}
TARGET_FIELDS: Mapping[str, tuple[tuple[type, ...], bool]] = {
    "plan": ((str,), True),
    "indicator_id": ((str,), True),
    "name": ((str,), True),
    "text": ((str,), True),
    "value": ((int, float), False),
    "unit": ((str,), True),
    "unit_base": ((str,), True),
    "comparator": ((str,), True),
    "kind": ((str,), True),
    "target_year": ((int,), True),
    "baseline_value": ((int, float), False),
    "baseline_year": ((int,), False),
    "attribute": ((str,), False),
    "category": ((str,), True),
    "quote": ((str,), True),
    "source": ((str,), True),
}

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CUMULATIVE = "〔"  # 〔13.5〕: a five-year cumulative figure
_REL_TOLERANCE = 1e-9


# ---------------------------------------------------------------------------------------
# Data classes
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferencePlan:
    key: str
    title: str
    region_code: str
    start: int
    end: int
    baseline_year: int
    adopted: str | None  # ISO date of approval; None when not known for certain
    source: str

    def covers(self, year: int) -> bool:
        """Whether ``year`` is inside the plan period."""
        return self.start <= year <= self.end


@dataclass(frozen=True)
class ReferenceTarget:
    plan: str
    indicator_id: str
    name: str
    text: str
    value: float | None  # in unit_base; None for a qualitative target
    unit: str
    unit_base: str
    comparator: str
    kind: str
    target_year: int
    baseline_value: float | None
    baseline_year: int | None
    attribute: str | None  # 约束性 | 预期性; None when the plan does not say
    category: str
    quote: str
    source: str

    @property
    def binding(self) -> bool:
        """A 约束性 (binding) target."""
        return is_binding(self.attribute)


# ---------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------


def load_raw() -> dict[str, Any]:
    """The parsed data file, for validation."""
    return datafiles.raw(REFERENCE_FILE)


def check_data(raw: Mapping[str, Any], catalogue: Catalogue | None = None) -> list[str]:
    """Every problem in a parsed reference file, each naming its entry; [] when valid."""
    cat = catalogue if catalogue is not None else load_catalogue()
    plans, targets = raw.get("plan"), raw.get("target")
    if not isinstance(plans, list) or not plans:
        return ["no [[plan]] entries"]
    if not isinstance(targets, list) or not targets:
        return ["no [[target]] entries"]
    problems: list[str] = []
    periods: dict[str, tuple[Any, Any]] = {}
    for pos, entry in enumerate(plans, 1):
        label = f"plan #{pos} ({entry.get('key', '?')})" if isinstance(entry, dict) else f"plan #{pos}"
        found = _check_plan(entry) if isinstance(entry, dict) else ["not a table"]
        problems += [f"{label}: {p}" for p in found]
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            if entry["key"] in periods:
                problems.append(f"{label}: key repeats an earlier plan")
            periods.setdefault(entry["key"], (entry.get("start"), entry.get("end")))
    seen: dict[tuple[str, str], int] = {}
    for pos, entry in enumerate(targets, 1):
        if not isinstance(entry, dict):
            problems.append(f"target #{pos}: not a table")
            continue
        label = f"target #{pos} ({entry.get('plan', '?')} {entry.get('indicator_id', '?')})"
        problems += [f"{label}: {p}" for p in _check_target(entry, periods, cat)]
        pair = (str(entry.get("plan")), str(entry.get("indicator_id")))
        if pair in seen:
            problems.append(f"{label}: repeats target #{seen[pair]} (same plan and indicator)")
        seen.setdefault(pair, pos)
    return problems


def _check_fields(entry: Mapping[str, Any], fields: Mapping[str, tuple[tuple[type, ...], bool]]) -> list[str]:
    problems = [f"missing {key}" for key, (_, required) in fields.items() if required and key not in entry]
    problems += [f"unknown key {key}" for key in entry if key not in fields]
    for key, (types, _) in fields.items():
        value = entry.get(key)
        if key not in entry:
            continue
        if isinstance(value, bool) or not isinstance(value, types):
            problems.append(f"{key} must be {' or '.join(t.__name__ for t in types)}")
        elif isinstance(value, str) and not value.strip():
            problems.append(f"{key} is empty")
    return problems


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_plan(entry: Mapping[str, Any]) -> list[str]:
    problems = _check_fields(entry, PLAN_FIELDS)
    start, end, base = entry.get("start"), entry.get("end"), entry.get("baseline_year")
    if _is_int(start) and _is_int(end) and start > end:
        problems.append(f"start {start} is after end {end}")
    if _is_int(start) and _is_int(base) and base >= start:
        problems.append(f"baseline_year {base} is not before start {start}")
    adopted = entry.get("adopted")
    if isinstance(adopted, str) and not _DATE.fullmatch(adopted):
        problems.append(f"adopted {adopted!r} is not an ISO date (YYYY-MM-DD)")
    return problems


def _check_target(entry: Mapping[str, Any], periods: Mapping[str, tuple[Any, Any]], cat: Catalogue) -> list[str]:
    problems = _check_fields(entry, TARGET_FIELDS)
    plan = entry.get("plan")
    if isinstance(plan, str) and plan not in periods:
        problems.append(f"unknown plan key {plan!r}")
    year = entry.get("target_year")
    if isinstance(plan, str) and plan in periods and _is_int(year):
        start, end = periods[plan]
        if _is_int(start) and _is_int(end) and not start <= year <= end:
            problems.append(f"target_year {year} is outside the plan period {start}–{end}")
    for key, allowed in (("comparator", COMPARATORS), ("kind", KINDS), ("attribute", ATTRIBUTES),
                         ("unit_base", BASES)):  # fmt: skip
        value = entry.get(key)
        if isinstance(value, str) and value not in allowed:
            problems.append(f"{key} {value!r} is not one of {', '.join(sorted(allowed))}")
    if ("baseline_value" in entry) != ("baseline_year" in entry):
        problems.append("baseline_value and baseline_year go together")
    problems += _check_against_catalogue(entry, cat)
    problems += _check_value(entry)
    return problems


def _check_against_catalogue(entry: Mapping[str, Any], cat: Catalogue) -> list[str]:
    ident = entry.get("indicator_id")
    if not isinstance(ident, str):
        return []
    if ident not in cat:
        return [f"unknown indicator id {ident!r} (not in indicators.toml)"]
    indicator = cat.get(ident)
    problems: list[str] = []
    kind, text = entry.get("kind"), entry.get("text")
    cumulative_change = kind == "change" and isinstance(text, str) and text.startswith(_CUMULATIVE)
    if isinstance(kind, str) and kind != indicator.kind and not cumulative_change:
        problems.append(f"kind {kind!r} differs from the catalogue's {indicator.kind!r} for {ident}")
    category = entry.get("category")
    if isinstance(category, str) and category != indicator.category:
        problems.append(f"category {category!r} differs from the catalogue's {indicator.category!r} for {ident}")
    base, unit = entry.get("unit_base"), entry.get("unit")
    if isinstance(base, str) and isinstance(unit, str) and base not in (indicator.unit_base, _unit_base(unit)):
        problems.append(f"unit_base {base!r} is neither the catalogue's {indicator.unit_base!r} "
                        f"nor that of the unit {unit!r}")  # fmt: skip
    return problems


def _check_value(entry: Mapping[str, Any]) -> list[str]:
    """The value agrees with the text: present when it has a number, and the number × unit."""
    text, value, unit = entry.get("text"), entry.get("value"), entry.get("unit")
    if not isinstance(text, str):
        return []
    plain = unicodedata.normalize("NFKC", text)
    if not _DIGIT.search(plain):
        return ["value given for a text without a number"] if "value" in entry else []
    if "value" not in entry:
        return [f"value missing while text {text!r} is numeric"]
    factor = unit_factor(unit) if isinstance(unit, str) else None
    number = _NUMBER.search(plain)
    if factor is None or number is None or isinstance(value, bool) or not isinstance(value, int | float):
        return []
    expected = float(number.group()) * factor
    if abs(float(value) - expected) > _REL_TOLERANCE * max(abs(expected), 1.0):
        return [f"value {value} does not match text {text!r} in {unit!r} (expected {expected:g})"]
    return []


def _unit_quantity(unit: str) -> Quantity | None:
    found = find_quantities(f"1{unit}")
    return found[0] if len(found) == 1 and not found[0].is_year and found[0].raw == f"1{unit}" else None


def _unit_base(unit: str) -> str | None:
    q = _unit_quantity(unit)
    return q.unit_base if q is not None else None


# ---------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _target(entry: Mapping[str, Any]) -> ReferenceTarget:
    return ReferenceTarget(
        plan=entry["plan"],
        indicator_id=entry["indicator_id"],
        name=entry["name"],
        text=entry["text"],
        value=_float(entry.get("value")),
        unit=entry["unit"],
        unit_base=entry["unit_base"],
        comparator=entry["comparator"],
        kind=entry["kind"],
        target_year=entry["target_year"],
        baseline_value=_float(entry.get("baseline_value")),
        baseline_year=entry.get("baseline_year"),
        attribute=entry.get("attribute"),
        category=entry["category"],
        quote=entry["quote"],
        source=entry["source"],
    )


@lru_cache(maxsize=1)
def _checked_raw() -> dict[str, Any]:
    raw = load_raw()
    problems = check_data(raw)
    if problems:
        raise ValueError(f"{REFERENCE_FILE} has {len(problems)} problem(s):\n" + "\n".join(problems))
    return raw


@lru_cache(maxsize=1)
def reference_plans() -> tuple[ReferencePlan, ...]:
    """The national plans, in file order; the file is read and checked once per process."""
    return tuple(
        ReferencePlan(
            key=p["key"], title=p["title"], region_code=p["region_code"], start=p["start"], end=p["end"],
            baseline_year=p["baseline_year"], adopted=p.get("adopted"), source=p["source"],
        )
        for p in _checked_raw()["plan"]
    )  # fmt: skip


@lru_cache(maxsize=1)
def _all_targets() -> tuple[ReferenceTarget, ...]:
    return tuple(_target(t) for t in _checked_raw()["target"])


def reference_targets(plan_key: str) -> tuple[ReferenceTarget, ...]:
    """The main indicators of one plan, in file order; KeyError names an unknown key."""
    if all(plan.key != plan_key for plan in reference_plans()):
        known = ", ".join(plan.key for plan in reference_plans())
        raise KeyError(f"no reference plan {plan_key!r} (known: {known})")
    return tuple(t for t in _all_targets() if t.plan == plan_key)


def plan_for_year(year: int) -> ReferencePlan | None:
    """The reference plan whose period (start..end) covers ``year``, or None."""
    return next((plan for plan in reference_plans() if plan.covers(year)), None)
