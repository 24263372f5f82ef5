"""Alignment results in the database: computed once per library state, read back by
everything that shows them (the command line now, web views and reports later)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from planscope.alignment.engine import Alignment, align
from planscope.alignment.measures import family
from planscope.alignment.model import Comparison, Source
from planscope.alignment.sources import (
    baselines,
    fingerprint,
    library_sides,
    plan_documents,
    reference_sides,
    unplaced_plans,
)
from planscope.alignment.strategies import coverage_rows
from planscope.catalogue.indicator_filter import IndicatorFilter, indicator_filter
from planscope.catalogue.regions import load_regions
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
    links = [link.as_dict() for link in result.links] + unplaced_plans(session)
    run = AlignmentRun(fingerprint=fp, created_at=datetime.now(), links=links,
                       implied=result.implied, coverage=coverage)
    session.add(run)
    session.flush()
    store_comparisons(session, run.id, result.comparisons)
    session.flush()
    return run


def store_comparisons(session: Session, run_id: int, comparisons: list[Comparison], batch: int = 20_000) -> None:
    """Insert with Core executemany, a batch at a time (the ORM's unit of work costs ten
    times as much for a quarter of a million rows)."""
    table = AlignmentRow.metadata.tables[AlignmentRow.__tablename__]
    for i in range(0, len(comparisons), batch):
        session.execute(insert(table), [_row(c, run_id) for c in comparisons[i: i + batch]])


_FIELDS = ("lower_code", "lower_region", "lower_level", "upper_code", "upper_region", "upper_level", "window",
           "indicator_id", "indicator", "category", "relation", "measure", "lower_value", "upper_value",
           "difference", "escalation", "binding", "reason", "lower_text", "upper_text")


def _row(c: Comparison, run_id: int) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(c, name) for name in _FIELDS}
    out["run_id"] = run_id
    out["upper_from_reference"] = c.upper_from_reference
    for side, src in (("lower", c.lower_source), ("upper", c.upper_source)):
        out[f"{side}_label"] = src.label if src else None
        out[f"{side}_doc_id"] = src.doc_id if src else None
        out[f"{side}_start"] = src.start if src else None
        out[f"{side}_end"] = src.end if src else None
        out[f"{side}_quote"] = src.quote if src else None
    return out


def stored_comparisons(session: Session, run: AlignmentRun, region: str | None = None,
                       indicator: str | None = None) -> list[Comparison]:
    table = AlignmentRow.metadata.tables[AlignmentRow.__tablename__]
    query = select(table).where(AlignmentRow.run_id == run.id).order_by(AlignmentRow.id)
    if region:
        query = query.where((AlignmentRow.lower_code == region) | (AlignmentRow.upper_code == region))
    if indicator:  # rows hold indicator families: a growth id matches its level's row
        wanted = indicator_filter(indicator)
        families = IndicatorFilter(frozenset(family(i) for i in wanted.ids), wanted.text)
        query = query.where(families.where(AlignmentRow.indicator_id, AlignmentRow.indicator))
    return [_comparison(r) for r in session.execute(query)]  # plain rows: no ORM identity map to fill


def _comparison(r: Any) -> Comparison:
    m = r._mapping
    lower = Source(m["lower_label"], m["lower_doc_id"], m["lower_start"], m["lower_end"], m["lower_quote"]) \
        if m["lower_label"] is not None else None
    upper = Source(m["upper_label"], m["upper_doc_id"], m["upper_start"], m["upper_end"], m["upper_quote"]) \
        if m["upper_label"] is not None else None
    return Comparison(**{name: m[name] for name in _FIELDS}, lower_source=lower, upper_source=upper,
                      upper_from_reference=m["upper_from_reference"])


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
    wanted = indicator_filter(indicator) if indicator else None
    comparisons = stored_comparisons(session, run, code, indicator)

    def touches(record: dict[str, Any], *keys: str) -> bool:
        return code is None or record.get("status") == "unplaced" or any(record.get(k) == code for k in keys)

    return AlignmentView(
        comparisons,
        [r for r in run.links if touches(r, "lower_code", "upper_code")],
        [r for r in run.implied if touches(r, "region_code", "target_code")
         and (wanted is None or wanted.matches(r["output"], r.get("zh"))
              or any(wanted.matches(i["indicator_id"], i.get("indicator")) for i in r["inputs"]))],
        [r for r in run.coverage if touches(r, "lower_code", "upper_code")],
        run.created_at,
    )
