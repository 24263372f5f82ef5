"""Alignment across levels: the column sets of its exports, which checks a table shows, and
the flat rows (one line of text per nested source, passage or input) that csv and xlsx
files carry — the CLI's exports and the web's downloads write the same sheets."""

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


CHAIN_COLUMNS = ("lower_region", "lower_code", "window", "upper_region", "upper_code", "upper_level", "status", "docs")


def flat_comparison(record: dict[str, Any]) -> dict[str, Any]:
    """A comparison's public record with each side's source as one line: label [start:end] quote."""
    out = dict(record)
    for key in ("lower_source", "upper_source"):
        src = record.get(key)
        out[key] = "" if not src else (f"{src['label']} [{src['start']}:{src['end']}] {src['quote']}"
                                       if src.get("start") is not None else f"{src['label']} {src['quote']}")
    return out


def flat_implied(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Implied checks with the target compared with and the inputs as text."""
    return [{**r, "compared_with": (r["compared_with"] or {}).get("text", ""),
             "inputs": "；".join(f"{i['indicator']} {i['text']}" for i in r["inputs"])} for r in rows]


def flat_coverage(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Strategy coverage with its first passage and the upper plan's passage as quotes."""
    return [{**r, "passage": r["passages"][0]["quote"] if r["passages"] else "",
             "upper_passage": (r["upper_passage"] or {}).get("quote", "")} for r in rows]


def alignment_sheets(view: AlignmentView) -> list[tuple[str, list[dict[str, Any]], tuple[str, ...]]]:
    """The five sheets of the alignment workbook: comparisons, chains, implied checks,
    escalation statistics and strategy coverage (sheet name, rows, columns)."""
    from planscope.alignment.stats import escalation_stats

    return [
        ("指标比较", [flat_comparison(c.as_dict()) for c in view.comparisons], ALIGN_COLUMNS),
        ("衔接链", [{**link, "docs": "；".join(link["docs"])} for link in view.links], CHAIN_COLUMNS),
        ("推算校验", flat_implied(view.implied), IMPLIED_COLUMNS),
        ("加码统计", escalation_stats(view.comparisons), STATS_COLUMNS),
        ("战略落实", flat_coverage(view.coverage), COVERAGE_COLUMNS),
    ]


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
