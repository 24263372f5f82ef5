"""One indicator of a lower plan against the same indicator of a plan above it.

The relation is read on the first measure both sides yield, in this order: growth a year,
total reduction, percentage points a year, years gained a year, other change, share level,
per-capita level. Rates are comparable whatever the target years; levels and totals must
share the target year. A share's change is compared when both sides have baselines
and the upper target moves the indicator its way; a cap (失业率 < 5.5% from 5.2%) or a
target at the 100% ceiling is compared by level instead. Totals (GDP in yuan, grain in
tonnes) are never compared across regions of different size.
"""

from __future__ import annotations

from dataclasses import dataclass

from planscope.alignment.measures import measures
from planscope.alignment.model import MEASURE_UNITS, MEASURE_ZH, RELATION_ZH, Measure, Rules, Side

ORDER = ("growth", "reduction", "pp_per_year", "years_per_year", "change", "share", "intensity")
RATES = ("growth", "pp_per_year", "years_per_year", "reduction")
MEASURE_EN = {
    "growth": "average growth", "reduction": "reduction", "pp_per_year": "pp a year",
    "years_per_year": "years gained a year", "change": "change",
    "share": "share level", "intensity": "per-capita level", "level": "total",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    relation: str
    measure: str | None
    lower: Measure | None
    upper: Measure | None
    difference: float | None
    escalation: float | None
    reason: str
    lower_side: Side | None = None
    upper_side: Side | None = None


Measured = tuple[dict[str, Measure], dict[str, Side]]  # per measure name: the measure and its target


def best_measures(sides: list[Side], window_years: int) -> Measured:
    """Per measure name, the first stated one among the sides (implied if none is stated)."""
    chosen: dict[str, Measure] = {}
    owner: dict[str, Side] = {}
    for side in sides:
        for m in measures(side, window_years):
            current = chosen.get(m.name)
            if current is None or (current.implied and not m.implied):
                chosen[m.name] = m
                owner[m.name] = side
    return chosen, owner


def stated_first(ms: dict[str, Measure]) -> tuple[str, Measure] | None:
    """The first measure written as such (an implied one only when none is)."""
    ordered = sorted(ms.items(), key=lambda item: item[1].implied)
    return ordered[0] if ordered else None


def _at_ceiling(m: Measure | None, direction: str) -> bool:
    return m is not None and ((direction == "up" and m.high >= 100) or (direction == "down" and m.low <= 0))


def _candidates(lower: dict[str, Measure], upper: dict[str, Measure], direction: str,
                change_only: bool) -> list[str]:
    names = [n for n in ORDER if n in lower and n in upper]
    ceiling = _at_ceiling(lower.get("share"), direction) or _at_ceiling(upper.get("share"), direction)
    if change_only and not ceiling:
        names = [n for n in names if n not in ("share", "intensity")]
    if "pp_per_year" in names and "share" in names:
        up = upper["pp_per_year"]
        moves = (up.value > 0) if direction == "up" else (up.value < 0) if direction == "down" else False
        if not moves or ceiling:
            names.remove("pp_per_year")
    return names


def _sign(measure: str, direction: str) -> int:
    if measure == "reduction":
        return 1
    return 1 if direction == "up" else -1 if direction == "down" else 0


def classify(lower_measured: Measured, upper_measured: Measured, direction: str, rules: Rules,
             lower_name: str, upper_name: str, change_only_reason: str | None = None) -> Verdict:
    """The relation of two plans' targets for one indicator family (both sides numeric),
    from their measures (``best_measures``)."""
    lower, lower_owner = lower_measured
    upper, upper_owner = upper_measured
    for name in _candidates(lower, upper, direction, change_only_reason is not None):
        if name not in RATES and lower_owner[name].target_year != upper_owner[name].target_year:
            continue
        return _verdict(name, lower[name], upper[name], direction, rules.tolerance_for(name), lower_name, upper_name,
                        lower_owner[name], upper_owner[name], _levels_beside(name, lower, upper))
    return Verdict("not_comparable", None, None, None, None, None,
                   _why_not(lower, upper, lower_owner, upper_owner, change_only_reason))


def _levels_beside(name: str, lower: dict[str, Measure], upper: dict[str, Measure]) -> str:
    """When changes decide, the target levels as context (a county's 3.5 doctors per 1,000 is above
    the nation's 3.2 although it grows more slowly)."""
    if name not in ("growth", "pp_per_year", "years_per_year"):
        return ""
    for level in ("share", "intensity"):
        if level in lower and level in upper:
            return f"；目标水平 {lower[level].text} 对 {upper[level].text}（仅供参考）"
    return ""


def _verdict(name: str, lm: Measure, um: Measure, direction: str, tol: float,
             lower_name: str, upper_name: str, ls: Side, us: Side, context: str = "") -> Verdict:
    diff = lm.value - um.value
    sign = _sign(name, direction)
    overlap = lm.low <= um.high + tol and um.low <= lm.high + tol
    zh, en = MEASURE_ZH[name], MEASURE_EN[name]
    head = f"{zh}：{lower_name} {lm.text}，{upper_name} {um.text}"
    head_en = f"{en}: {lower_name} {lm.text} vs {upper_name} {um.text}"
    how = "".join(f"；{who} {m.how}" for who, m in ((lower_name, lm), (upper_name, um)) if m.implied) + context
    if overlap:
        return Verdict("consistent", name, lm, um, diff, 0.0 if sign else None,
                       f"{head}，{RELATION_ZH['consistent']}{how} / {head_en}: consistent", ls, us)
    if sign == 0:
        return Verdict("not_comparable", name, lm, um, diff, None,
                       f"{head}；该指标以区间为宜，高低无优劣{how} / {head_en}: a target-type indicator, "
                       "neither side is more ambitious", ls, us)
    esc = sign * diff
    relation = "escalated" if esc > 0 else "looser"
    unit = MEASURE_UNITS[name]
    by = f"{abs(esc):.2f}".rstrip("0").rstrip(".")
    return Verdict(relation, name, lm, um, diff, esc,
                   f"{head}，{RELATION_ZH[relation]} {by}{unit}{how} / {head_en}: {relation} by {by}{unit}", ls, us)


def _describe(ms: dict[str, Measure]) -> str:
    return "、".join(MEASURE_ZH[n] for n in ms) or "无数值"


def _why_not(lower: dict[str, Measure], upper: dict[str, Measure], lower_owner: dict[str, Side],
             upper_owner: dict[str, Side], change_only_reason: str | None) -> str:
    common = [n for n in ORDER if n in lower and n in upper]
    if change_only_reason and any(n in ("share", "intensity") for n in common):
        return (f"只能比较变化（一方缺基期值）：{change_only_reason} / only changes compare "
                f"(a baseline is missing on one side)")
    if common:
        n = common[0]
        return (f"目标年份不同（{lower_owner[n].target_year} 对 {upper_owner[n].target_year}）"
                f" / target years differ ({lower_owner[n].target_year} vs {upper_owner[n].target_year})")
    if "level" in lower and "level" in upper:
        return ("总量目标取决于地区规模，不能跨层级比较，且缺基期值无法换算为增速 / totals depend on the "
                "region's size and cannot be compared across levels; without baselines no growth can be derived")
    return (f"可比口径不同：下级为{_describe(lower)}，上级为{_describe(upper)} / no common measure: lower gives "
            f"{', '.join(MEASURE_EN[n] for n in lower) or 'no number'}, upper "
            f"{', '.join(MEASURE_EN[n] for n in upper) or 'no number'}")
