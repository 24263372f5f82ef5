"""Plans linked up the region hierarchy and compared indicator by indicator.

A *plan view* is what one region's plans say for one five-year window: every target of
its plan documents whose year falls in the window, grouped by indicator family. Each view
is compared with the view of every region above it — county → city → province → nation —
and a level with no plan in the library is reported as absent. Pure functions: the
database layer (``planscope.alignment.store``) supplies the sides and keeps the results.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from planscope.alignment.compare import Measured, best_measures, classify, stated_first
from planscope.alignment.implied import implied_checks
from planscope.alignment.measures import family, family_indicator
from planscope.alignment.model import LEVEL_ZH, Comparison, Rules, Side, Source, load_rules, window_label
from planscope.catalogue.regions import Region, RegionTable
from planscope.extraction.facts import doc_type_flags
from planscope.monitoring.progress import is_binding


@dataclass(frozen=True)
class PlanDoc:
    """A plan document of the library, for the hierarchy (it may set no target at all)."""

    region_code: str
    doc_type: str
    period_start: int | None
    period_end: int
    label: str


@dataclass
class PlanView:
    region: Region
    window: tuple[int, int]
    sides: dict[str, list[Side]] = field(default_factory=dict)  # family → sides, best first
    docs: list[str] = field(default_factory=list)
    doc_types: set[str] = field(default_factory=set)
    comprehensive: bool = False
    reference: bool = False

    label: str = ""  # the window as "2021-2025"

    def __post_init__(self) -> None:
        self.label = window_label(self.window)


@dataclass(frozen=True)
class Link:
    """One step of a plan's chain upwards: the plan above, from the library or reference
    data, or none."""

    lower_code: str
    lower_region: str
    window: str
    upper_code: str
    upper_region: str
    upper_level: str
    status: str  # library | reference | absent
    docs: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"lower_code": self.lower_code, "lower_region": self.lower_region, "window": self.window,
                "upper_code": self.upper_code, "upper_region": self.upper_region, "upper_level": self.upper_level,
                "status": self.status, "docs": list(self.docs)}

    def describe(self) -> str:
        if self.status == "absent":
            return (f"{self.lower_region} → {self.upper_region}：库中无{self.window}规划，跳过此级 / "
                    f"no {self.window} plan of {self.upper_region} in the library: level skipped")
        origin = "参考数据" if self.status == "reference" else "规划库"
        return f"{self.lower_region} → {self.upper_region}（{origin} / {self.status}）：{'；'.join(self.docs)}"


@dataclass
class Alignment:
    comparisons: list[Comparison]
    links: list[Link]
    implied: list[dict[str, Any]]


def _rank(side: Side, rules: Rules, window_end: int) -> tuple[int, int, int, int]:
    type_rank = rules.plan_types.index(side.doc_type) if side.doc_type in rules.plan_types else len(rules.plan_types)
    numeric = side.value is not None or side.low is not None
    return (0 if numeric else 1, 0 if side.target_year == window_end else 1, type_rank,
            0 if side.baseline_value is not None else 1)


def build_views(sides: Iterable[Side], plans: Iterable[PlanDoc], regions: RegionTable,
                rules: Rules | None = None) -> dict[tuple[str, tuple[int, int]], PlanView]:
    """Plan views by (region code, window). Reference sides (``doc_type`` None) only fill
    families a library plan of the same region and window does not set."""
    rules = rules or load_rules()
    views: dict[tuple[str, tuple[int, int]], PlanView] = {}

    def view(code: str, window: tuple[int, int]) -> PlanView | None:
        key = (code, window)
        if key not in views:
            region = regions.get(code)
            if region is None:
                return None
            views[key] = PlanView(region, window)
        return views[key]

    for plan in plans:
        window = rules.window(plan.period_end)
        v = view(plan.region_code, window)
        if v is None:
            continue
        v.docs.append(plan.label)
        v.doc_types.add(plan.doc_type)
        if plan.doc_type in rules.comprehensive_types and (plan.period_start, plan.period_end) == window:
            v.comprehensive = True
    reference: list[Side] = []
    for side in sides:
        if side.doc_type is None:
            reference.append(side)
            continue
        v = view(side.region_code, rules.window(side.target_year))
        if v is not None:
            v.sides.setdefault(family(side.indicator_id), []).append(side)
            if side.source.label not in v.docs:  # a plan of another period with a target in this one
                v.docs.append(side.source.label)
    for side in reference:
        window = rules.window(side.target_year)
        existing = views.get((side.region_code, window))
        if existing is not None and not existing.reference and existing.sides.get(family(side.indicator_id)):
            continue  # the ingested plan takes over
        v = view(side.region_code, window)
        if v is None:
            continue
        if not v.docs:
            v.reference = True
        if side.source.label not in v.docs:
            v.docs.append(side.source.label)
        v.sides.setdefault(family(side.indicator_id), []).append(side)
    for v in views.values():
        for _fam, group in v.sides.items():
            group.sort(key=lambda s: _rank(s, rules, v.window[1]))
    return {k: v for k, v in views.items() if v.sides or v.comprehensive}


def _numeric(sides: list[Side]) -> list[Side]:
    return [s for s in sides if not s.inherited and (s.value is not None or s.low is not None)]


def _related(fam: str, view: PlanView) -> Side | None:
    """A target of the view on an indicator whose id shares the first two words of ``fam``
    (数字经济增加值占比 beside 数字经济核心产业增加值占比)."""
    stem = "_".join(fam.split("_")[:2])
    if stem == fam:
        return None
    for other, sides in view.sides.items():
        if other != fam and (other == stem or other.startswith(stem + "_")):
            return sides[0]
    return None


def _set_upper(c: Comparison, side: Side) -> None:
    """The upper side a comparison cites: its words, its span, and whether it is reference data."""
    c.upper_text, c.upper_source, c.upper_from_reference = _side_text(side), side.source, side.doc_type is None


def _side_text(side: Side) -> str:
    return f"{side.indicator} {side.text}"


class _Aligner:
    def __init__(self, views: dict[tuple[str, tuple[int, int]], PlanView], regions: RegionTable,
                 rules: Rules) -> None:
        self.views = views
        self.regions = regions
        self.rules = rules
        self._measured: dict[int, tuple[list[Side], Measured]] = {}  # by id of a view's family list

    def measured(self, sides: list[Side]) -> tuple[list[Side], Measured]:
        """The numeric targets of a family and their measures, computed once per plan."""
        found = self._measured.get(id(sides))
        if found is None:
            numeric = _numeric(sides)
            found = self._measured[id(sides)] = (numeric, best_measures(numeric, self.rules.window_years))
        return found

    def chain(self, view: PlanView) -> list[tuple[Region, PlanView | None]]:
        return [(r, self.views.get((r.code, view.window))) for r in self.regions.ancestors(view.region)]

    def run(self) -> tuple[list[Comparison], list[Link]]:
        comparisons: list[Comparison] = []
        links: list[Link] = []
        for view in self.views.values():
            if view.reference:
                continue
            chain = self.chain(view)
            for i, (region, upper) in enumerate(chain):
                links.append(self._link(view, region, upper))
                if upper is not None:
                    above = [v for _, v in chain[i + 1:] if v is not None]
                    comparisons.extend(self.compare(view, upper, above))
        return comparisons, links

    def _link(self, view: PlanView, region: Region, upper: PlanView | None) -> Link:
        status = "absent" if upper is None else "reference" if upper.reference else "library"
        return Link(view.region.code, view.region.name, window_label(view.window), region.code, region.name,
                    region.level, status, tuple(upper.docs) if upper else ())

    def compare(self, lower: PlanView, upper: PlanView, above: list[PlanView]) -> Iterable[Comparison]:
        for fam, upper_sides in upper.sides.items():
            lower_sides = lower.sides.get(fam)
            if lower_sides:
                yield self.pair(lower, upper, above, fam, lower_sides, upper_sides)
            elif lower.comprehensive:
                yield self.missing(lower, upper, fam, upper_sides)
        for fam, lower_sides in lower.sides.items():
            if fam not in upper.sides and not _numeric(lower_sides) and any(s.inherited for s in lower_sides):
                yield self.inherited(lower, upper, above, fam, lower_sides)

    def base(self, lower: PlanView, upper: PlanView, fam: str, side: Side) -> Comparison:
        ind = family_indicator(fam)
        lr, ur = lower.region, upper.region
        return Comparison(
            lr.code, lr.name, lr.level, ur.code, ur.name, ur.level, lower.label, fam,
            ind.zh if ind else side.indicator, ind.category if ind else "", "not_comparable",
            binding=is_binding(side.attribute), upper_from_reference=upper.reference)

    def missing(self, lower: PlanView, upper: PlanView, fam: str, upper_sides: list[Side]) -> Comparison:
        up = upper_sides[0]
        c = self.base(lower, upper, fam, up)
        c.relation = "missing"
        _set_upper(c, up)
        ms, _ = best_measures([up], self.rules.window_years)
        first = stated_first(ms)
        if first:
            c.measure, c.upper_value = first[0], first[1].value
        weight = "约束性指标" if c.binding else "指标"
        related = _related(fam, lower)
        if related is not None:  # a broader or narrower measure of the same thing is not the same target
            c.lower_text, c.lower_source = _side_text(related), related.source
        docs = "；".join(lower.docs)
        near = f"；其设有相关指标“{related.indicator} {related.text}”，口径不同" if related is not None else ""
        near_en = f" (it sets a related, differently defined one: {related.indicator})" if related is not None else ""
        if lower.doc_types and all(doc_type_flags(t).numbers_follow for t in lower.doc_types):
            # only a 建议: the outline that follows it usually carries the numbers
            near += "；库中仅有建议稿，主要指标通常在随后的规划纲要中给出"
            near_en += "; only the party proposal is in the library: the outline usually gives the numbers"
        c.reason = (f"{upper.region.name}规划设定了该{weight}（{up.text}），"
                    f"{lower.region.name}规划（{docs}）未设定{near} / "
                    f"{upper.region.name} sets this {'binding ' if c.binding else ''}indicator; "
                    f"{lower.region.name}'s plan does not{near_en}")
        return c

    def resolve(self, fam: str, views: list[PlanView]) -> tuple[PlanView, Side] | None:
        for v in views:
            numeric = _numeric(v.sides.get(fam, []))
            if numeric:
                return v, numeric[0]
        return None

    def inherited(self, lower: PlanView, upper: PlanView, above: list[PlanView], fam: str,
                  lower_sides: list[Side]) -> Comparison:
        low = lower_sides[0]
        c = self.base(lower, upper, fam, low)
        c.relation = "inherited"
        c.lower_text, c.lower_source = _side_text(low), low.source
        c.binding = is_binding(low.attribute) or c.binding
        found = self.resolve(fam, [upper, *above])
        if found is None:
            c.reason = (f"{lower.region.name}承接上级下达任务（{low.text}），库中上级规划均未设定数值 / "
                        f"{lower.region.name} takes the target assigned from above; no plan above sets a number")
            return c
        view, side = found
        ms, _ = best_measures([side], self.rules.window_years)
        first = stated_first(ms)
        if first:
            name, m = first
            c.measure, c.lower_value = name, m.value
            if view is upper:
                c.upper_value = m.value
                c.difference = 0.0
        if view is upper:
            _set_upper(c, side)
            where = f"即{upper.region.name}的 {side.text}"
            where_en = f"resolved to {upper.region.name}'s {side.text}"
        else:
            origin = "参考数据" if view.reference else side.source.label
            where = f"{upper.region.name}规划未设定数值，取更上级{view.region.name}的 {side.text}（{origin}）"
            where_en = f"{upper.region.name} sets no number; resolved to {view.region.name}'s {side.text}"
        c.reason = (f"{lower.region.name}写明“{low.text}”，承接上级目标，{where} / {lower.region.name} "
                    f"inherits the target from above: {where_en}")
        return c

    def pair(self, lower: PlanView, upper: PlanView, above: list[PlanView], fam: str,
             lower_sides: list[Side], upper_sides: list[Side]) -> Comparison:
        low_num, low_measured = self.measured(lower_sides)
        up_num, up_measured = self.measured(upper_sides)
        if not low_num and any(s.inherited for s in lower_sides):
            return self.inherited(lower, upper, above, fam, lower_sides)
        up = up_num[0] if up_num else upper_sides[0]
        low = low_num[0] if low_num else lower_sides[0]
        c = self.base(lower, upper, fam, up)
        if not up_num and any(s.inherited for s in upper_sides):
            found = self.resolve(fam, above)
            if found is None:
                c.reason = (f"{upper.region.name}承接更上级目标（{up.text}），库中无数值可比 / {upper.region.name} "
                            "inherits the target from above; no number to compare")
                return self._cite(c, low, up)
            up_num = [found[1]]
            up_measured = best_measures(up_num, self.rules.window_years)
        if not up_num:
            c.reason = (f"{upper.region.name}为定性目标“{up.text}”，无数值可比 / {upper.region.name}'s target is "
                        f"qualitative (“{up.text}”)")
            return self._cite(c, low, up)
        if not low_num:
            c.reason = (f"{lower.region.name}为定性目标“{low.text}”，无数值可比 / {lower.region.name}'s target is "
                        "qualitative")
            return self._cite(c, low, up)
        ind = family_indicator(fam)
        verdict = classify(low_measured, up_measured, ind.direction if ind else "up", self.rules, lower.region.name,
                           upper.region.name, self.rules.change_only.get(fam))
        c.relation, c.measure, c.reason = verdict.relation, verdict.measure, verdict.reason
        c.difference, c.escalation = verdict.difference, verdict.escalation
        if verdict.lower is not None and verdict.upper is not None:
            c.lower_value, c.upper_value = verdict.lower.value, verdict.upper.value
        if verdict.lower_side is not None and verdict.upper_side is not None:
            c.binding = verdict.upper_side.attribute == "约束性"
            return self._cite(c, verdict.lower_side, verdict.upper_side)
        return self._cite(c, low, up)

    @staticmethod
    def _cite(c: Comparison, low: Side, up: Side) -> Comparison:
        c.lower_text, c.lower_source = _side_text(low), low.source
        _set_upper(c, up)
        return c


def align(sides: Iterable[Side], plans: Iterable[PlanDoc], regions: RegionTable,
          baselines: dict[tuple[str, str, int], tuple[float, str]] | None = None,
          rules: Rules | None = None) -> Alignment:
    """Every plan view against every view above it, the chain of each, and the implied checks."""
    rules = rules or load_rules()
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects that all live to the end: no cycles to find
    try:
        views = build_views(sides, plans, regions, rules)
        comparisons, links = _Aligner(views, regions, rules).run()
    finally:
        if collecting:
            gc.enable()
    comparisons.sort(key=_order)
    implied = implied_checks(views, regions, rules, baselines or {})
    return Alignment(comparisons, links, implied)


_RELATION_ORDER = {"missing": 0, "looser": 1, "escalated": 2, "inherited": 3, "consistent": 4, "not_comparable": 5}
_LEVEL_ORDER = {"county": 0, "city": 1, "province": 2, "national": 3}


def _order(c: Comparison) -> tuple[Any, ...]:
    """Per plan and plan above: what needs attention first — binding gaps, then gaps, less
    ambitious targets, escalations, inherited, consistent, not comparable."""
    return (c.lower_code, c.window, _LEVEL_ORDER.get(c.upper_level, 9), not c.binding or c.relation != "missing",
            _RELATION_ORDER.get(c.relation, 9), c.category, c.indicator_id)


def level_pair(c: Comparison) -> str:
    return f"{LEVEL_ZH.get(c.lower_level, c.lower_level)}→{LEVEL_ZH.get(c.upper_level, c.upper_level)}"


__all__ = ["Alignment", "Link", "PlanDoc", "PlanView", "Side", "Source", "align", "build_views"]
