"""The comparable measures a target yields.

A growth rate is compared with a growth rate; a level target with a baseline yields the
average growth it implies (CAGR); a share with a baseline yields its change in percentage
points a year; a reduction (能耗降低13.5%) is a reduction; a level without a baseline is
comparable across regions only when it does not depend on the region's size (a share, a
per-capita figure), and a total (GDP, grain output) never is.

Indicator families follow the catalogue's id convention: ``gdp_growth`` is the growth of
``gdp``, ``energy_intensity_reduction`` the reduction of ``energy_intensity``.
"""

from __future__ import annotations

from functools import lru_cache

from planscope.alignment.model import Measure, Side, amount, measure
from planscope.catalogue.indicators import Indicator, load_catalogue

FAMILY_SUFFIXES = ("_growth", "_reduction")
YEARS = "years"  # the base unit of 岁 and 年 (units.toml)
SIZE_FREE_KINDS = ("share", "ratio")


@lru_cache(maxsize=4096)
def family(indicator_id: str) -> str:
    """The indicator a growth or reduction id measures the change of (itself otherwise)."""
    cat = load_catalogue()
    for suffix in FAMILY_SUFFIXES:
        if indicator_id.endswith(suffix) and indicator_id[: -len(suffix)] in cat:
            return indicator_id[: -len(suffix)]
    return indicator_id


@lru_cache(maxsize=4096)
def family_indicator(family_id: str) -> Indicator | None:
    cat = load_catalogue()
    return cat.get(family_id) if family_id in cat else None


def _interval(side: Side) -> tuple[float, float, float]:
    assert side.value is not None or side.low is not None
    low = side.low if side.low is not None else side.value
    high = side.high if side.high is not None else side.value
    low = high if low is None else low
    high = low if high is None else high
    assert low is not None and high is not None
    return (low + high) / 2, low, high


def _stated(name: str, side: Side, how: str) -> Measure:
    mid, low, high = _interval(side)
    return measure(name, mid, low, high, False, how)


def _point(name: str, value: float, how: str) -> Measure:
    return measure(name, value, value, value, True, how)


def _years(side: Side, window_years: int) -> int:
    if side.baseline_year is not None and side.target_year > side.baseline_year:
        return side.target_year - side.baseline_year
    return window_years


def measures(side: Side, window_years: int = 5) -> list[Measure]:
    """Every measure the side yields, stated ones before implied ones."""
    if side.inherited or (side.value is None and side.low is None):
        return []
    out: list[Measure] = []
    kind = side.kind
    is_reduction = side.indicator_id.endswith("_reduction")
    if kind == "growth_rate":
        out.append(_stated("growth", side, "规划原文的年均增速（the stated average growth）"))
    elif kind == "change":
        out.extend(_change(side, is_reduction, window_years))
    else:
        out.extend(_level(side, window_years))
    return out


def _change(side: Side, is_reduction: bool, window_years: int) -> list[Measure]:
    if side.unit_normalized == "pp":
        if side.annual:
            return [_stated("pp_per_year", side, "原文为年均提高百分点（stated per year）")]
        years = window_years  # "提高3个百分点" is over the plan period, whatever year its baseline is
        mid, low, high = _interval(side)
        how = f"{mid:g} 个百分点 ÷ {years} 年（{mid:g} pp over {years} years）"
        return [measure("pp_per_year", mid / years, low / years, high / years, True, how)]
    if is_reduction or side.unit_normalized == "percent":
        return [_stated("reduction", side, "规划期累计降幅（the stated cumulative reduction）")]
    if side.unit_normalized == YEARS:  # 人均预期寿命提高1岁: over the plan period
        mid, low, high = _interval(side)
        how = f"{mid:g} 年 ÷ {window_years} 年（{mid:g} years over the {window_years}-year period）"
        return [measure("years_per_year", mid / window_years, low / window_years, high / window_years, True, how)]
    return [_stated("change", side, "规划期变化量（the stated change over the period）")]


def _level(side: Side, window_years: int) -> list[Measure]:
    out: list[Measure] = []
    value, base = side.value, side.baseline_value
    years = _years(side, window_years)
    unit = side.unit_normalized
    if value is not None and base is not None and side.baseline_year is not None:
        if side.kind == "share":
            pp = (value - base) / years
            out.append(_point("pp_per_year", pp, f"({value:g} − {base:g}) ÷ {years} 年（pp a year）"))
        elif unit == YEARS:  # life expectancy, years of schooling: years gained a year, not a growth rate
            gain = (value - base) / years
            out.append(_point("years_per_year", gain, f"({value:g} − {base:g}) ÷ {years} 年（years a year）"))
        elif base > 0 and value > 0:
            target, start = amount(value, unit), amount(base, unit)
            cagr = ((value / base) ** (1 / years) - 1) * 100
            out.append(_point("growth", cagr, f"({target} ÷ {start})^(1/{years}) − 1 = {cagr:.2f}%"
                              f"（{side.baseline_year}→{side.target_year}，implied average growth）"))
            if _has_reduction_id(side.indicator_id):
                cut = (1 - value / base) * 100
                out.append(_point("reduction", cut, f"1 − {target} ÷ {start} = {cut:.2f}%（implied reduction）"))
    if side.kind == "share":
        out.append(_stated("share", side, "目标比重（the target share）"))
    elif side.kind in SIZE_FREE_KINDS or _catalogue_kind(side.indicator_id) in SIZE_FREE_KINDS:
        out.append(_stated("intensity", side, "目标水平，人均或强度（the target per-capita or intensity level）"))
    else:
        out.append(_stated("level", side, "目标总量（the target total）"))
    return out


@lru_cache(maxsize=4096)
def _has_reduction_id(indicator_id: str) -> bool:
    return f"{indicator_id}_reduction" in load_catalogue()


@lru_cache(maxsize=4096)
def _catalogue_kind(indicator_id: str) -> str | None:
    """The catalogue's kind: 每万人口发明专利 4件 is a ratio even when its unit reads like a count."""
    cat = load_catalogue()
    return cat.get(indicator_id).kind if indicator_id in cat else None
