"""Shapes the views' records take on a page: the document text cut into pieces at the
records' spans, chart series, the alignment matrix.  No record is computed here — values,
statuses, relations and explanations are the engine's, as the views give them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from planscope.alignment.engine import level_pair
from planscope.alignment.model import Comparison
from planscope.monitoring.figures import unit_factor
from planscope.monitoring.vintage import RATE_KINDS
from planscope.records import ProgressItem

# ---------------------------------------------------------------- the document text


@dataclass
class Piece:
    """A run of the original text: plain, or the value span of record ``mark``; ``anchors``
    are the outline's section ids that start here."""

    text: str
    mark: int | None = None
    anchors: list[str] = field(default_factory=list)
    hit: bool = False  # inside the search hit the page was opened at


def highlight(text: str, spans: list[tuple[int, int, int]], anchors: dict[int, list[str]],
              hit: tuple[int, int] | None = None) -> tuple[list[Piece], set[int]]:
    """``text`` cut at every span (start, end, record index) and anchor offset.  A span that
    overlaps one already placed, or falls outside the text, is not highlighted: its index is
    returned so the page can say so (the record stays in the list).  ``hit`` (start, end), a
    search hit, is cut out too and its pieces flagged (a record's mark it falls in stays whole)."""
    placed: list[tuple[int, int, int]] = []
    skipped: set[int] = set()
    last_end = -1
    for start, end, index in sorted(spans):
        if start < last_end or start < 0 or end > len(text) or end <= start:
            skipped.add(index)
            continue
        placed.append((start, end, index))
        last_end = end
    hit_cuts = {max(0, min(hit[0], len(text))), max(0, min(hit[1], len(text)))} if hit else set()
    cuts = sorted({0, len(text), *anchors, *hit_cuts, *(s for s, _, _ in placed), *(e for _, e, _ in placed)})
    marks: dict[int, tuple[int, int | None]] = {s: (e, i) for s, e, i in placed}
    pieces: list[Piece] = []
    pos = 0
    for cut in cuts[1:]:
        if cut <= pos:
            continue
        mark_end, mark = marks.get(pos, (cut, None))
        if mark is not None:
            cut = mark_end
        inside = hit is not None and hit[0] <= pos < hit[1]
        pieces.append(Piece(text[pos:cut], mark, anchors.get(pos, []), inside))
        pos = cut
    if not pieces:
        pieces.append(Piece("", None, anchors.get(0, [])))
    return pieces, skipped


# ---------------------------------------------------------------- progress charts


def chart_series(record: ProgressItem) -> dict[str, Any]:
    """What a target's chart draws, in the plan's unit: the observed values the engine
    followed (``record.observed``) and the target path — baseline to target for a level,
    the target rate across the period for a rate."""
    rate = record.kind in RATE_KINDS
    factor = 1.0 if rate else (unit_factor(record.unit_as_written) or 1.0)
    scale = lambda v: None if v is None else round(v / factor, 6)  # noqa: E731
    observed = [[year, scale(value)] for year, value in record.observed]
    path: list[list[Any]] = []
    target = scale(record.target_value)
    if target is not None and record.target_year:
        if rate:
            start = int(record.period[:4]) if record.period else record.baseline_year
            path = [[start, target], [record.target_year, target]] if start else [[record.target_year, target]]
        else:
            if record.baseline_year and record.baseline_value is not None:
                path.append([record.baseline_year, scale(record.baseline_value)])
            path.append([record.target_year, target])
    unit = (record.unit_as_written or "%") if rate else (record.unit_as_written or record.unit or "")
    return {"observed": observed, "target": path, "unit": unit}


def indicator_charts(records: list[ProgressItem]) -> list[dict[str, Any]]:
    """One chart per indicator (and unit): the observed path once, and each target's path."""
    charts: dict[tuple[str, str], dict[str, Any]] = {}
    for i, r in enumerate(records):
        series = chart_series(r)
        if not series["observed"] and not series["target"]:
            continue
        key = (r.indicator_id or r.indicator, series["unit"])
        chart = charts.setdefault(key, {"id": f"c{len(charts)}", "indicator": r.indicator, "unit": series["unit"],
                                        "observed": series["observed"], "targets": [], "status": r.status})
        if len(series["observed"]) > len(chart["observed"]):
            chart["observed"] = series["observed"]
        chart["targets"].append({"record": i, "label": f"{r.target} ({r.target_year or ''})",
                                 "path": series["target"]})
    return list(charts.values())


# ---------------------------------------------------------------- alignment


@dataclass(frozen=True)
class MatrixCell:
    relation: str
    lower: str
    upper: str
    reason: str
    binding: bool


@dataclass
class Matrix:
    """Indicators (rows) of the lower plans against the plans above them (columns)."""

    columns: list[tuple[str, str]]  # (column key, heading)
    rows: list[tuple[str, str, dict[str, MatrixCell]]]  # (lower region, indicator, cells by column key)


def matrix(comparisons: list[Comparison]) -> Matrix:
    columns: dict[str, str] = {}
    rows: dict[tuple[str, str], dict[str, MatrixCell]] = defaultdict(dict)
    for c in comparisons:
        key = f"{c.upper_code}:{c.window}"
        columns.setdefault(key, f"{c.upper_region} {c.window}")
        rows[(c.lower_region, c.indicator)][key] = MatrixCell(c.relation, c.lower_text or "—", c.upper_text or "—",
                                                              c.reason, c.binding)
    return Matrix(list(columns.items()), [(lower, ind, cells) for (lower, ind), cells in rows.items()])


def escalation_chart(stats: list[dict[str, Any]]) -> dict[str, Any]:
    """Escalation statistics by level pair (all categories): pairs escalated, consistent and
    looser, per level pair and measure."""
    rows = [r for r in stats if r["category"] == "全部 all"]
    labels = [f"{r['levels']} {r['measure_zh']}" for r in rows]
    return {"labels": labels, "escalated": [r["escalated"] for r in rows],
            "consistent": [r["consistent"] for r in rows], "looser": [r["looser"] for r in rows],
            "share": [round(100 * r["share_escalating"], 1) for r in rows]}


def level_pairs(comparisons: list[Comparison]) -> list[str]:
    return sorted({level_pair(c) for c in comparisons})

