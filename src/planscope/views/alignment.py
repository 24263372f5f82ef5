"""Alignment across levels: the column sets of its exports and which checks a table shows."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planscope.alignment.store import AlignmentView

ALIGN_COLUMNS = ("lower_region", "lower_code", "upper_region", "upper_code", "window", "indicator_id", "indicator",
                 "category", "relation", "measure", "lower_value", "upper_value", "difference", "escalation",
                 "binding", "lower_text", "upper_text", "lower_source", "upper_source", "reason")
STATS_COLUMNS = ("levels", "category", "measure", "unit", "pairs", "plans", "escalated", "consistent", "looser",
                 "mean", "median", "stdev", "min", "max", "share_escalating", "share_pairs_escalating")
COVERAGE_COLUMNS = ("lower_region", "lower_label", "upper_region", "strategy", "strategy_id", "origin", "match",
                    "score", "count", "found", "launched", "launched_after_plan", "passage", "upper_passage", "source")
IMPLIED_COLUMNS = ("rule", "zh", "region", "target_region", "year", "output", "implied_value", "formula",
                   "compared_with", "difference", "difference_pct", "note", "inputs")


def worth_showing(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Implied checks for the table: those compared with a target, or reaching another region
    (``planscope align implied`` lists them all)."""
    return [c for c in checks if c["compared_with"] is not None or c["target_code"] != c["region_code"]]


def alignment_view(session: Session, region: str | None = None, indicator: str | None = None,
                   refresh: bool = False, relations: tuple[str, ...] = ()) -> AlignmentView:
    """The comparisons touching a region and an indicator (see ``planscope.alignment.store``),
    only those of ``relations`` when given; chains, implied checks and coverage with them."""
    from planscope.alignment.store import alignment_view as stored_view

    view = stored_view(session, region, indicator, refresh)
    if relations:
        view.comparisons = [c for c in view.comparisons if c.relation in relations]
    return view
