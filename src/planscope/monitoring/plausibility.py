"""Is a value plausible for its indicator? One rule, its bounds kept as data.

``check`` answers for a value in base units: ``None`` when plausible, otherwise the reason
in one line (``中文 / English``).  Bounds come from ``data/plausibility.toml``: per kind of
value (a share lies in 0–100 %, a count is never negative …), and per indicator, overall or
per level of government (a county's GDP is not 1e29 元).  A spreadsheet row that fails is
rejected; an extracted value that fails is kept, flagged and shown with its flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from planscope import datafiles
from planscope.monitoring.figures import format_figure

KIND_WORDS = {"share": "比重", "growth_rate": "增速", "count": "数量", "level": "总量", "change": "变化"}
BASE_UNITS = {"percent": "%", "persons": "人", "years": "年", "tonnes": "吨", "count": "个"}
LEVEL_WORDS = {"national": "全国", "province": "省级", "city": "市级", "county": "县级"}


@dataclass(frozen=True)
class Bounds:
    low: float | None
    high: float | None
    source: str


@dataclass(frozen=True)
class Rules:
    kinds: dict[str, tuple[Bounds, frozenset[str] | None]]  # kind → bounds, unit bases they apply to
    overall: dict[str, Bounds]  # indicator id → bounds
    by_level: dict[tuple[str, str], Bounds]  # (indicator id, level) → bounds


def load_raw() -> dict[str, Any]:
    return datafiles.raw("plausibility.toml")


@lru_cache(maxsize=1)
def rules() -> Rules:
    raw = load_raw()
    kinds = {}
    for kind, entry in raw.get("kind", {}).items():
        bases = frozenset(entry["unit_bases"]) if "unit_bases" in entry else None
        kinds[kind] = (Bounds(entry.get("min"), entry.get("max"), entry["source"]), bases)
    overall, by_level = {}, {}
    for entry in raw.get("indicator", []):
        if "min" in entry or "max" in entry:
            overall[entry["id"]] = Bounds(entry.get("min"), entry.get("max"), entry["source"])
        for level, (low, high) in entry.get("levels", {}).items():
            by_level[(entry["id"], level)] = Bounds(low, high, entry["source"])
    return Rules(kinds, overall, by_level)


def check(indicator_id: str | None, kind: str, unit_base: str | None, value: float | None,
          level: str | None = None, written: str | None = None) -> str | None:
    """``None`` if ``value`` (in base units) is plausible, else the reason in one line
    (showing the value as ``written`` when given, else in base units)."""
    if value is None:
        return None
    r = rules()
    if indicator_id and unit_base != _unit_base(indicator_id):
        indicator_id = None  # a growth rate named after its level (地区生产总值 4.8%): the kind decides
    if indicator_id and level and (indicator_id, level) in r.by_level:
        bounds = r.by_level[(indicator_id, level)]
        where = f"（{LEVEL_WORDS.get(level, level)}）"
    elif indicator_id and indicator_id in r.overall:
        bounds, where = r.overall[indicator_id], ""
    elif (by_kind := r.kinds.get(kind)) is not None and (by_kind[1] is None or unit_base in by_kind[1]):
        bounds, where = by_kind[0], ""
    else:
        return None
    if (bounds.low is None or value >= bounds.low) and (bounds.high is None or value <= bounds.high):
        return None
    shown = written or _figure(value, unit_base)
    return _reason(_name(indicator_id) or KIND_WORDS.get(kind, kind), shown, unit_base, bounds, where)


def _unit_base(indicator_id: str) -> str | None:
    from planscope.catalogue.indicators import load_catalogue

    catalogue = load_catalogue()
    return catalogue.get(indicator_id).unit_base if indicator_id in catalogue else None


def _name(indicator_id: str | None) -> str | None:
    from planscope.catalogue.indicators import load_catalogue

    catalogue = load_catalogue()
    return catalogue.get(indicator_id).zh if indicator_id and indicator_id in catalogue else indicator_id


def _figure(value: float, unit_base: str | None) -> str:
    if abs(value) >= 1e17:  # a misread number: digits would only hide its size
        return f"{value:.3g}" + ("元" if unit_base == "yuan" else BASE_UNITS.get(unit_base or "", ""))
    if unit_base == "yuan":  # 亿元, 万亿元 as statistics write money
        return format_figure(value) + "元"
    unit = BASE_UNITS.get(unit_base or "")
    return format_figure(value, unit)


def _reason(name: str, shown: str, unit_base: str | None, b: Bounds, where: str) -> str:
    low = "−∞" if b.low is None else _figure(b.low, unit_base)
    high = "∞" if b.high is None else _figure(b.high, unit_base)
    return (f"不合理的值 {shown}：{name}{where}应在 {low} 至 {high} 之间 / "
            f"implausible value {shown}: {name} lies within {low} to {high}")


def flags_of(indicator_id: str | None, kind: str, unit_base: str | None, values: list[float | None],
             level: str | None) -> list[str]:
    """The reasons a value (or either end of a range) is implausible, each once."""
    found = [check(indicator_id, kind, unit_base, v, level) for v in values]
    return list(dict.fromkeys(f for f in found if f))
