"""Targets that together imply another: a capital's GDP and its primacy imply the
province's GDP. Each check names its inputs (value, text, source) and compares the
implied value with what the other plan sets — the same quantity for the same year, or,
when the province states only a growth rate and the library holds its baseline, the
growth the implied value needs."""

from __future__ import annotations

from typing import Any

from planscope.alignment.compare import best_measures
from planscope.alignment.measures import family
from planscope.alignment.model import Rules, Side, amount, window_label
from planscope.regions import Region, RegionTable

Baselines = dict[tuple[str, str, int], tuple[float, str]]  # (region, indicator, year) → (value, source)


def _input(view: Any, indicator_id: str) -> Side | None:
    for side in view.sides.get(family(indicator_id), []):
        if side.indicator_id == indicator_id and not side.inherited and side.value is not None:
            return side
    return None


def _province(region: Region, regions: RegionTable) -> Region | None:
    for r in [region, *regions.ancestors(region)]:
        if r.level == "province":
            return r
    return None


def _compute(formula: str, a: float, b: float) -> float | None:
    if formula == "quotient":
        return a / (b / 100) if b else None
    if formula == "product":
        return a * b / 100
    raise ValueError(f"unknown formula {formula!r} in alignment.toml")


def _fmt(value: float, unit: str | None) -> str:
    if unit == "yuan" and value >= 1e12:
        return f"{value / 1e12:.2f}万亿元"
    return amount(value, unit)


def implied_checks(views: dict[tuple[str, tuple[int, int]], Any], regions: RegionTable, rules: Rules,
                   baselines: Baselines) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for (_code, _window), view in views.items():
        if view.reference:
            continue
        for rule in rules.implied:
            check = _check(rule, view, regions, views, baselines)
            if check is not None:
                out.append(check)
    return out


def _check(rule: dict[str, Any], view: Any, regions: RegionTable, views: dict[Any, Any],
           baselines: Baselines) -> dict[str, Any] | None:
    a_id, b_id = rule["inputs"]
    a, b = _input(view, a_id), _input(view, b_id)
    if a is None or b is None or a.target_year != b.target_year:
        return None
    province = _province(view.region, regions) if rule["scope"] == "province" else None
    if province is None or province.code == view.region.code:
        return None
    value = _compute(rule["formula"], a.value, b.value)  # type: ignore[arg-type]
    if value is None:
        return None
    year = a.target_year
    check: dict[str, Any] = {
        "rule": rule["id"], "zh": rule["zh"], "en": rule["en"], "region": view.region.name,
        "region_code": view.region.code, "target_region": province.name, "target_code": province.code,
        "window": window_label(view.window), "year": year, "output": rule["output"],
        "implied_value": value, "unit": a.unit_normalized,
        "inputs": [{"indicator_id": s.indicator_id, "indicator": s.indicator, "text": s.text, "value": s.value,
                    "source": s.source.as_dict()} for s in (a, b)],
        "formula": f"{_fmt(a.value, a.unit_normalized)} ÷ {b.value:g}% = {_fmt(value, a.unit_normalized)}"  # type: ignore[arg-type]
        if rule["formula"] == "quotient" else f"{a.value:g} × {b.value:g}% = {value:g}",
        "compared_with": None, "difference": None, "difference_pct": None,
    }
    check["note"] = _compare(check, views.get((province.code, view.window)), rule["output"], year, value,
                             a.unit_normalized, baselines, province)
    return check


def _compare(check: dict[str, Any], upper: Any, output: str, year: int, value: float, unit: str | None,
             baselines: Baselines, province: Region) -> str:
    sides = [s for s in (upper.sides.get(family(output), []) if upper is not None else []) if s.value is not None]
    same = [s for s in sides if s.indicator_id == output and s.target_year == year and s.unit_normalized == unit]
    if same:
        s = same[0]
        diff = value - s.value  # type: ignore[operator]
        check.update(compared_with={"text": f"{s.indicator} {s.text}", "value": s.value, "source": s.source.as_dict()},
                     difference=diff, difference_pct=diff / s.value * 100 if s.value else None)  # type: ignore[operator]
        return (f"推算值比{province.name}目标{'高' if diff > 0 else '低'} {_fmt(abs(diff), unit)}"
                f"（{check['difference_pct']:+.1f}%） / the implied value is "
                f"{'above' if diff > 0 else 'below'} {province.name}'s target by {check['difference_pct']:+.1f}%")
    growth, owner = best_measures(sides, 5)
    base = baselines.get((province.code, output, int(check["window"][:4]) - 1))
    if "growth" in growth and base is not None and base[0] > 0:
        years = year - (int(check["window"][:4]) - 1)
        need = ((value / base[0]) ** (1 / years) - 1) * 100
        target = growth["growth"]
        check.update(compared_with={"text": f"{owner['growth'].indicator} {owner['growth'].text}",
                                    "value": target.value, "source": owner["growth"].source.as_dict()},
                     difference=need - target.value, implied_growth=need, baseline=base[0], baseline_source=base[1])
        return (f"推算值需{province.name}年均增长 {need:.2f}%（基期 {_fmt(base[0], unit)}，{base[1]}），"
                f"{province.name}目标 {target.value:g}% / the implied value needs {need:.2f}% a year against "
                f"{province.name}'s {target.value:g}%")
    if base is not None and base[0] > 0:
        years = year - (int(check["window"][:4]) - 1)
        need = ((value / base[0]) ** (1 / years) - 1) * 100
        check.update(implied_growth=need, baseline=base[0], baseline_source=base[1])
        return (f"{province.name}在库规划未设该年目标；推算值相当于年均增长 {need:.2f}%（基期 {_fmt(base[0], unit)}）"
                f" / no {province.name} target to compare; the implied value means {need:.2f}% a year")
    return (f"库中{province.name}规划未设定{year}年的该指标目标，也无基期值，仅报告推算值 / no {province.name} "
            f"target for {year} and no baseline in the library: the implied value is reported alone")
