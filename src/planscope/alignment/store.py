"""Alignment results in the database: computed once per library state, read back by
everything that shows them (the command line now, web views and reports later)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planscope.alignment.engine import Alignment, align
from planscope.alignment.measures import family
from planscope.alignment.model import Comparison, Source
from planscope.alignment.sources import baselines, fingerprint, library_sides, plan_documents, reference_sides
from planscope.alignment.strategies import coverage_rows
from planscope.catalogue import load_catalogue
from planscope.regions import load_regions
from planscope.store import AlignmentRow, AlignmentRun


def compute(session: Session) -> tuple[Alignment, list[dict[str, Any]]]:
    """The alignment of the library as it is now, and the strategy coverage rows."""
    plans = plan_documents(session)
    base = baselines(session)
    sides = library_sides(session, plans, base) + reference_sides()
    result = align(sides, [p for _, p in plans], load_regions(), base)
    coverage = coverage_rows(session, [d for d, _ in plans])
    return result, coverage


def current_run(session: Session, refresh: bool = False) -> AlignmentRun:
    """The stored run for the library's present state, computed and stored when missing
    or stale (one transaction: the previous run is replaced, never half-written)."""
    fp = fingerprint(session)
    run = session.scalars(select(AlignmentRun).order_by(AlignmentRun.id.desc())).first()
    if run is not None and run.fingerprint == fp and not refresh:
        return run
    result, coverage = compute(session)
    session.execute(delete(AlignmentRow))
    session.execute(delete(AlignmentRun))
    run = AlignmentRun(fingerprint=fp, created_at=datetime.now(), links=[link.as_dict() for link in result.links],
                       implied=result.implied, coverage=coverage)
    session.add(run)
    session.flush()
    session.bulk_insert_mappings(AlignmentRow, [_row(c, run.id) for c in result.comparisons])  # type: ignore[arg-type]
    session.flush()
    return run


def _row(c: Comparison, run_id: int) -> dict[str, Any]:
    out = c.as_dict()
    out["run_id"] = run_id
    return out


def stored_comparisons(session: Session, run: AlignmentRun, region: str | None = None,
                       indicator: str | None = None) -> list[Comparison]:
    query = select(AlignmentRow).where(AlignmentRow.run_id == run.id).order_by(AlignmentRow.id)
    if region:
        query = query.where((AlignmentRow.lower_code == region) | (AlignmentRow.upper_code == region))
    if indicator and indicator in load_catalogue():
        query = query.where(AlignmentRow.indicator_id == family(indicator))
    elif indicator:
        query = query.where(AlignmentRow.indicator.contains(indicator))
    return [_comparison(r) for r in session.scalars(query)]


def _source(raw: dict[str, Any] | None) -> Source | None:
    return Source(**raw) if raw else None


def _comparison(r: AlignmentRow) -> Comparison:
    return Comparison(
        r.lower_code, r.lower_region, r.lower_level, r.upper_code, r.upper_region, r.upper_level, r.window,
        r.indicator_id, r.indicator, r.category, r.relation, r.measure, r.lower_value, r.upper_value,
        r.difference, r.escalation, r.binding, r.reason, r.lower_text, r.upper_text,
        _source(r.lower_source), _source(r.upper_source), r.upper_from_reference)


@dataclass
class AlignmentView:
    """What the stored run says, filtered for one region and/or indicator."""

    comparisons: list[Comparison]
    links: list[dict[str, Any]]
    implied: list[dict[str, Any]]
    coverage: list[dict[str, Any]]
    computed_at: datetime


def alignment_view(session: Session, region: str | None = None, indicator: str | None = None,
                   refresh: bool = False) -> AlignmentView:
    """The comparisons (and chains, implied checks, strategy coverage) touching a region
    — as the lower or the upper plan — and an indicator (catalogue id or part of a name)."""
    run = current_run(session, refresh)
    code = load_regions().resolve(region).code if region else None
    ind = family(indicator) if indicator and indicator in load_catalogue() else indicator
    comparisons = stored_comparisons(session, run, code, indicator)

    def touches(record: dict[str, Any], *keys: str) -> bool:
        return code is None or any(record.get(k) == code for k in keys)

    return AlignmentView(
        comparisons,
        [r for r in run.links if touches(r, "lower_code", "upper_code")],
        [r for r in run.implied if touches(r, "region_code", "target_code")
         and (ind is None or ind in (r["output"], *(i["indicator_id"] for i in r["inputs"])))],
        [r for r in run.coverage if touches(r, "lower_code", "upper_code")],
        run.created_at,
    )
