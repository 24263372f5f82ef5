"""Targets that together imply another.

Three kinds of rule, all in ``data/alignment.toml``:

* ``quotient`` / ``product`` across levels (``scope = "province"``): a capital's GDP and its
  primacy imply the province's GDP (GDP ÷ primacy);
* the same within one plan (``scope = "same"``): R&D intensity × GDP implies R&D spending;
* ``sum``: the level targets of a region's children add up to an implied target for the
  region (the counties' GDP targets against the city's) — the arithmetic behind 层层加码 —
  reported when every subdivision sets the target, or when those in the library already
  add up to more than the region's target.

Each check names its inputs (value, text, source span) and compares the implied value with
what the other plan sets for the same year, or — when it states only a growth rate and the
library holds its baseline — with the growth the implied value needs.
"""

from __future__ import annotations

from typing import Any

from planscope.alignment.compare import best_measures
from planscope.alignment.measures import family
from planscope.alignment.model import Baselines, Rules, Side, amount, window_label
from planscope.catalogue.regions import Region, RegionTable

Views = dict[tuple[str, tuple[int, int]], Any]


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


def _input_record(s: Side) -> dict[str, Any]:
    return {"indicator_id": s.indicator_id, "indicator": s.indicator, "text": s.text, "value": s.value,
            "region_code": s.region_code, "source": s.source.as_dict()}


def implied_checks(views: Views, regions: RegionTable, rules: Rules, baselines: Baselines) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for view in views.values():
        if view.reference:
            continue
        for rule in rules.implied:
            if rule["formula"] == "sum":
                out.extend(_sums(rule, view, regions, views, baselines))
            else:
                check = _check(rule, view, regions, views, baselines)
                if check is not None:
                    out.append(check)
    return out


def _header(rule: dict[str, Any], view: Any, target: Region, year: int, output: str, value: float,
            unit: str | None) -> dict[str, Any]:
    return {
        "rule": rule["id"], "zh": rule["zh"], "en": rule["en"], "region": view.region.name,
        "region_code": view.region.code, "target_region": target.name, "target_code": target.code,
        "window": window_label(view.window), "year": year, "output": output, "implied_value": value,
        "unit": unit, "compared_with": None, "difference": None, "difference_pct": None,
    }


def _check(rule: dict[str, Any], view: Any, regions: RegionTable, views: Views,
           baselines: Baselines) -> dict[str, Any] | None:
    a_id, b_id = rule["inputs"]
    a, b = _input(view, a_id), _input(view, b_id)
    if a is None or b is None or a.target_year != b.target_year:
        return None
    a_value, b_value = a.value, b.value
    if a_value is None or b_value is None:  # _input takes only sides with a value
        return None
    if rule["scope"] == "province":
        target = _province(view.region, regions)
        if target is None or target.code == view.region.code:
            return None
        upper = views.get((target.code, view.window))
    else:
        target, upper = view.region, view
    value = _compute(rule["formula"], a_value, b_value)
    if value is None:
        return None
    unit = a.unit_normalized
    check = _header(rule, view, target, a.target_year, rule["output"], value, unit)
    sign = "÷" if rule["formula"] == "quotient" else "×"
    check["inputs"] = [_input_record(a), _input_record(b)]
    check["formula"] = f"{_fmt(a_value, unit)} {sign} {b_value:g}% = {_fmt(value, unit)}"
    check["note"] = _compare(check, upper, rule["output"], a.target_year, value, unit, baselines, target)
    return check


def _sums(rule: dict[str, Any], view: Any, regions: RegionTable, views: Views,
          baselines: Baselines) -> list[dict[str, Any]]:
    children = regions.children(view.region.code)
    child_views = [v for c in children if (v := views.get((c.code, view.window))) is not None and not v.reference]
    if not child_views:
        return []
    out = []
    for indicator_id in rule["indicators"]:
        parts: list[Side] = [s for v in child_views if (s := _input(v, indicator_id)) is not None
                             and s.kind in ("level", "count")]
        years = {s.target_year for s in parts}
        units = {s.unit_normalized for s in parts}
        if not parts or len(years) != 1 or len(units) != 1:
            continue
        year, unit = years.pop(), units.pop()
        values = [s.value for s in parts if s.value is not None]  # all of them: _input takes only those
        value = sum(values)
        check = _header(rule, view, view.region, year, indicator_id, value, unit)
        check["inputs"] = [_input_record(s) for s in parts]
        check["children"] = {"with_target": len(parts), "in_library": len(child_views), "all": len(children)}
        check["formula"] = " + ".join(_fmt(v, unit) for v in values[:6]) + (
            f" + …（共{len(parts)}项）" if len(parts) > 6 else "") + f" = {_fmt(value, unit)}"
        note = _compare(check, view, indicator_id, year, value, unit, baselines, view.region)
        if len(parts) < len(children):
            if not (check["difference"] or 0) > 0:
                continue  # a partial sum says something only once it already exceeds the region's target
            note = (f"仅{len(parts)}/{len(children)}个下级地区在库中设有该目标，部分之和已超过本级目标 / only "
                    f"{len(parts)} of {len(children)} subdivisions set it in the library, and their sum already "
                    f"exceeds the target。{note}")
        check["note"] = note
        out.append(check)
    return out


def _compare(check: dict[str, Any], upper: Any, output: str, year: int, value: float, unit: str | None,
             baselines: Baselines, target: Region) -> str:
    sides = [s for s in (upper.sides.get(family(output), []) if upper is not None else []) if s.value is not None]
    same = [s for s in sides if s.indicator_id == output and s.target_year == year and s.unit_normalized == unit]
    if same:
        s = same[0]
        diff = value - s.value
        pct = diff / s.value * 100 if s.value else None
        check.update(compared_with={"text": f"{s.indicator} {s.text}", "value": s.value, "source": s.source.as_dict()},
                     difference=diff, difference_pct=pct)
        pct_text = f"（{pct:+.1f}%）" if pct is not None else ""
        return (f"推算值比{target.name}目标{'高' if diff > 0 else '低'} {_fmt(abs(diff), unit)}{pct_text} / the "
                f"implied value is {'above' if diff > 0 else 'below'} {target.name}'s target"
                f"{f' by {pct:+.1f}%' if pct is not None else ''}")
    start = int(check["window"][:4]) - 1
    base = baselines.get((target.code, output, start))
    if base is None or base[0] <= 0 or year <= start:
        return (f"库中{target.name}规划未设定{year}年的该指标目标，也无基期值，仅报告推算值 / no {target.name} "
                f"target for {year} and no baseline in the library: the implied value is reported alone")
    need = ((value / base[0]) ** (1 / (year - start)) - 1) * 100
    check.update(implied_growth=need, baseline=base[0], baseline_source=base[1])
    growth, owner = best_measures(sides, year - start)
    if "growth" in growth:
        target_growth = growth["growth"]
        check.update(compared_with={"text": f"{owner['growth'].indicator} {owner['growth'].text}",
                                    "value": target_growth.value, "source": owner["growth"].source.as_dict()},
                     difference=need - target_growth.value)
        return (f"推算值需{target.name}年均增长 {need:.2f}%（基期 {_fmt(base[0], unit)}，{base[1]}），"
                f"{target.name}目标 {target_growth.value:g}% / the implied value needs {need:.2f}% a year against "
                f"{target.name}'s {target_growth.value:g}%")
    return (f"{target.name}在库规划未设该年目标；推算值相当于年均增长 {need:.2f}%（基期 {_fmt(base[0], unit)}）"
            f" / no {target.name} target to compare; the implied value means {need:.2f}% a year")
