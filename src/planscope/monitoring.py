"""Where every stored target stands: the values the library holds for its region and
indicator, assessed by the progress engine (``planscope.progress``).

The values come from what documents report for past years — statistical bulletins,
work reports, the review sections and completion tables of plans — matched to a target
by region, catalogue indicator and kind (a growth-rate target is followed with growth
rates, a level target with levels in the same base unit).  Where two documents report the
same year, the newer source wins; spreadsheet imports and manual entries
(``planscope.observations``) are later vintages than the documents they revise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope.catalogue import load_catalogue
from planscope.progress import Observation, Progress, TargetSpec, assess, status_rank
from planscope.regions import load_regions
from planscope.store import Document, ObservationRow, TargetRow

RATE_KINDS = ("growth_rate", "change")


@dataclass(frozen=True)
class Reported:
    year: int
    value: float
    doc: str
    doc_rank: tuple[str, int]  # (date, id): the newer document wins
    quote: str


def series_key(region_code: str | None, indicator_id: str | None, kind: str,
               unit_normalized: str | None) -> tuple[str | None, str | None, str, str | None]:
    """Values that can follow one another: same region and indicator, rates with rates,
    levels with levels in the same base unit."""
    rate = kind if kind in RATE_KINDS else "level"
    return region_code, indicator_id, rate, None if rate != "level" else unit_normalized


def _series_key(row: TargetRow, region_code: str | None) -> tuple[str | None, str | None, str, str | None]:
    return series_key(region_code, row.indicator_id, row.kind, row.unit_normalized)


def reported_values(session: Session) -> dict[tuple[Any, ...], dict[int, Reported]]:
    """Every reported past value with a catalogue indicator, by series and year."""
    series: dict[tuple[Any, ...], dict[int, Reported]] = defaultdict(dict)
    query = (select(TargetRow, Document).join(Document)
             .where(TargetRow.is_actual.is_(True), TargetRow.indicator_id.is_not(None),
                    TargetRow.value_normalized.is_not(None), TargetRow.year.is_not(None)))
    for row, doc in session.execute(query):
        key = _series_key(row, doc.region_code)
        _keep(series[key], Reported(row.year, row.value_normalized, doc.file_name,  # type: ignore[arg-type]
                                    (doc.date or "", doc.id), row.quote))
    for o in session.scalars(select(ObservationRow)):  # spreadsheet and manual entries: later vintages
        key = series_key(o.region_code, o.indicator_id, o.kind, o.unit_normalized)
        where = f"{o.file} {o.cell}" if o.file else f"{o.source} (录入 / entered)"
        _keep(series[key], Reported(o.year, o.value_normalized, where,
                                    (o.recorded_at.isoformat(), o.id), f"{o.indicator} {o.value}{o.unit or ''}"))
    return series


def _keep(by_year: dict[int, Reported], new: Reported) -> None:
    """The newest source wins for a year (a later vintage revises an earlier one)."""
    current = by_year.get(new.year)
    if current is None or new.doc_rank > current.doc_rank:
        by_year[new.year] = new


def _spec(row: TargetRow, base_year: int | None, reported: dict[int, Reported]) -> TargetSpec:
    indicator = load_catalogue().get(row.indicator_id) if row.indicator_id else None
    baseline_value, baseline_year = row.baseline_value, row.baseline_year
    if baseline_value is None and base_year is not None and base_year in reported:
        baseline_value, baseline_year = reported[base_year].value, base_year
    return TargetSpec(kind=row.kind, comparator=row.comparator, target_value=row.value_normalized,
                      target_low=row.low, target_high=row.high, target_year=row.year,
                      baseline_value=baseline_value, baseline_year=baseline_year,
                      direction=indicator.direction if indicator else "up", attribute=row.attribute,
                      inherited=row.inherited, unit="pp" if row.unit_normalized == "pp" else None)


def _plan_first() -> Any:
    """Outlines before other documents, so a target is reported from the plan itself."""
    from sqlalchemy import case

    return case((Document.doc_type == "outline", 0), else_=1)


def progress_records(session: Session, region: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """One record per catalogued target, warnings first."""
    series = reported_values(session)
    query = (select(TargetRow, Document).join(Document)
             .where(TargetRow.is_actual.is_(False), TargetRow.indicator_id.is_not(None)))
    if region:
        query = query.where(Document.region_code == load_regions().resolve(region).code)
    records = []
    seen: set[tuple[Any, ...]] = set()
    for row, doc in session.execute(query.order_by(_plan_first(), Document.id, TargetRow.ord)):
        key = (doc.region_code, row.indicator_id, row.kind, row.year, row.value_normalized, row.comparator)
        if key in seen:  # the same target in a plan's table and its text, or in its 建议
            continue
        seen.add(key)
        reported = series.get(_series_key(row, doc.region_code), {})
        spec = _spec(row, doc.base_year, reported)
        # the baseline is given in the spec; only later years show progress
        observations = [Observation(y, r.value) for y, r in sorted(reported.items())
                        if spec.baseline_year is None or y > spec.baseline_year]
        progress = assess(spec, observations, as_of=year)
        records.append(_record(row, doc, spec, progress, reported))
    records.sort(key=lambda r: (not r["warning"], status_rank(r["status"]) or 9, r["region_code"] or "",
                                r["indicator_id"]))
    return records


def _record(row: TargetRow, doc: Document, spec: TargetSpec, p: Progress,
            reported: dict[int, Reported]) -> dict[str, Any]:
    latest = reported.get(p.latest_year) if p.latest_year is not None else None
    return {"doc": doc.file_name, "region": doc.region, "region_code": doc.region_code,
            "indicator": row.indicator, "indicator_id": row.indicator_id, "kind": row.kind,
            "target_year": row.year, "target_value": row.value_normalized, "unit": row.unit_normalized,
            "comparator": row.comparator, "attribute": row.attribute, "inherited": row.inherited,
            "baseline_year": spec.baseline_year, "baseline_value": spec.baseline_value,
            "latest_year": p.latest_year, "latest_value": p.latest_value, "status": p.status,
            "warning": p.warning, "time_elapsed_share": p.time_elapsed_share,
            "distance_covered_share": p.distance_covered_share, "required_cagr": p.required_cagr,
            "actual_cagr": p.actual_cagr, "ratio": p.ratio, "projection": p.projection,
            "projection_method": p.projection_method, "explanation": p.explanation, "figures": p.figures,
            "latest_source": latest.doc if latest else None, "latest_quote": latest.quote if latest else None,
            "quote": row.quote, "start": row.start, "end": row.end}
