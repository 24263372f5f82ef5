"""Escalation statistics (层层加码): per pair of levels and per indicator category.

Only comparisons with a verdict on a common measure count (escalated, consistent,
looser). Escalation is in the measure's unit, signed so that positive means the lower
plan is more ambitious; a group mixes no measures, so each row is one (level pair,
category, measure). ``share_escalating`` is the share of compared lower plans (distinct
lower regions) with at least one escalated indicator in the group — the measure research
on 层层加码 reports — and ``share_pairs_escalating`` the share of compared indicator pairs.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from planscope.alignment.engine import level_pair
from planscope.alignment.model import MEASURE_UNITS, MEASURE_ZH, Comparison

JUDGED = ("escalated", "consistent", "looser")


def escalation_stats(comparisons: list[Comparison]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str, str], list[Comparison]] = defaultdict(list)
    for c in comparisons:
        if c.relation in JUDGED and c.escalation is not None and c.measure:
            groups[(level_pair(c), c.category or "其他", c.measure)].append(c)
            groups[(level_pair(c), "全部 all", c.measure)].append(c)
    rows = [_row(key, group) for key, group in groups.items()]
    rows.sort(key=lambda r: (r["levels"], r["category"] == "全部 all", r["category"], r["measure"]))
    return rows


def _row(key: tuple[str, str, str], group: list[Comparison]) -> dict[str, Any]:
    levels, category, measure = key
    values = [c.escalation for c in group if c.escalation is not None]
    plans = {c.lower_code for c in group}
    escalating = {c.lower_code for c in group if c.relation == "escalated"}
    return {
        "levels": levels, "category": category, "measure": measure,
        "measure_zh": MEASURE_ZH.get(measure, measure), "unit": MEASURE_UNITS.get(measure, ""),
        "pairs": len(group), "plans": len(plans),
        "escalated": sum(c.relation == "escalated" for c in group),
        "consistent": sum(c.relation == "consistent" for c in group),
        "looser": sum(c.relation == "looser" for c in group),
        "mean": statistics.fmean(values), "median": statistics.median(values),
        "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
        "min": min(values), "max": max(values),
        "share_escalating": len(escalating) / len(plans),
        "share_pairs_escalating": sum(c.relation == "escalated" for c in group) / len(group),
    }
