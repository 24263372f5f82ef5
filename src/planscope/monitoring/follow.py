"""Where every stored target stands: the values the library holds for its region and
indicator, assessed by the progress engine (``planscope.monitoring.progress``).

The values come from what documents report for past years — statistical bulletins,
work reports, the review sections and completion tables of plans — matched to a target
by region, catalogue indicator and kind (a growth-rate target is followed with growth
rates, a level target with levels in the same base unit).  Where two documents report the
same year, the newer source wins; spreadsheet imports and manual entries
(``planscope.monitoring.observations``) are later vintages than the documents they revise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from planscope.catalogue.indicators import load_catalogue
from planscope.catalogue.regions import load_regions
from planscope.extraction.facts import doc_types_with
from planscope.labels import Status
from planscope.monitoring.figures import decimals_of, format_figure, unit_factor
from planscope.monitoring.progress import Observation, Progress, TargetSpec, assess, status_rank
from planscope.monitoring.vintage import RATE_KINDS, document_rank, entry_rank, is_newer, series_key
from planscope.records import ProgressItem, Source
from planscope.store import Document, ObservationRow, TargetRow
from planscope.structure.tables.vocab import vocab as table_vocab


@dataclass(frozen=True)
class Reported:
    year: int
    value: float
    doc: str
    doc_rank: tuple[str, int]  # (date, id): the newer document wins
    quote: str


def _series_key(row: TargetRow, region_code: str | None) -> tuple[str | None, str | None, str, str | None]:
    return series_key(region_code, row.indicator_id, row.kind, row.unit_normalized)


def reported_values(session: Session, regions: Collection[str] | None = None
                    ) -> dict[tuple[Any, ...], dict[int, Reported]]:
    """Every reported past value with a catalogue indicator, by series and year (``regions``:
    only the series of these region codes — one region's progress reads its own values, not
    the library's)."""
    series: dict[tuple[Any, ...], dict[int, Reported]] = defaultdict(dict)
    query = (select(TargetRow.indicator_id, TargetRow.kind, TargetRow.unit_normalized, TargetRow.flags,
                    TargetRow.year, TargetRow.value_normalized, TargetRow.quote, Document.region_code,
                    Document.file_name, Document.date, Document.id).join(Document)
             .where(TargetRow.is_actual.is_(True), TargetRow.indicator_id.is_not(None),
                    TargetRow.value_normalized.is_not(None), TargetRow.year.is_not(None))
             .order_by(TargetRow.id))
    accepted = (select(ObservationRow).where(ObservationRow.status == "accepted")  # pending ones wait for review
                .order_by(ObservationRow.id))
    if regions is not None:
        query = query.where(Document.region_code.in_(list(regions)))
        accepted = accepted.where(ObservationRow.region_code.in_(list(regions)))
    for indicator_id, kind, unit, flags, year, value, quote, region_code, file_name, date, doc_id in (
            session.execute(query)):
        if flags:  # implausible (planscope.monitoring.plausibility): shown with its flag, never followed
            continue
        if year is None or value is None:  # excluded by the query
            continue
        key = series_key(region_code, indicator_id, kind, unit)
        _keep(series[key], Reported(year, value, file_name, document_rank(date, doc_id), quote))
    for o in session.scalars(accepted):  # spreadsheet and manual entries: later vintages
        key = series_key(o.region_code, o.indicator_id, o.kind, o.unit_normalized)
        where = f"{o.file} {o.cell}" if o.file else f"{o.source} (录入 / entered)"
        _keep(series[key], Reported(o.year, o.value_normalized, where,
                                    entry_rank(o.recorded_at, o.id), f"{o.indicator} {o.value}{o.unit or ''}"))
    return series


def _keep(by_year: dict[int, Reported], new: Reported) -> None:
    """The newest source wins for a year (a later vintage revises an earlier one)."""
    current = by_year.get(new.year)
    if is_newer(new.doc_rank, current.doc_rank if current else None):
        by_year[new.year] = new


def _spec(row: TargetRow, doc: Document, reported: dict[int, Reported]) -> TargetSpec:
    """The target as the progress engine sees it, within its plan's period: the baseline
    year is the target's own, else the plan's base year (the year before its period)."""
    indicator = load_catalogue().get(row.indicator_id) if row.indicator_id else None
    period = (doc.period_start, doc.period_end) if doc.period_start and doc.period_end else None
    baseline_value, baseline_year = row.baseline_value, row.baseline_year
    if baseline_year is None:
        baseline_year = doc.base_year or (period[0] - 1 if period else None)
    if baseline_value is None and baseline_year is not None and baseline_year in reported:
        baseline_value = reported[baseline_year].value
    return TargetSpec(kind=row.kind, comparator=row.comparator, target_value=row.value_normalized,
                      target_low=row.low, target_high=row.high, target_year=row.year,
                      baseline_value=baseline_value, baseline_year=baseline_year,
                      direction=indicator.direction if indicator else "up", attribute=row.attribute,
                      inherited=is_inherited(row), unit="pp" if row.unit_normalized == "pp" else None,
                      unit_text=row.unit, decimals=decimals_of(row.value), period=period,
                      written=row.value if is_inherited(row) else None)


def is_inherited(row: TargetRow) -> bool:
    """Set by the level above: 完成省/市下达目标, 完成上级下达任务, or a target cell holding a
    placeholder (—) instead of a number of the plan's own."""
    if row.inherited:
        return True
    if row.value_normalized is not None or row.low is not None or row.high is not None:
        return False
    return row.value is not None and bool(row.value) and table_vocab().is_placeholder(row.value)


def _plan_first() -> Any:
    """Outlines before other documents, so a target is reported from the plan itself."""
    from sqlalchemy import case

    return case((Document.doc_type.in_(doc_types_with("plan_first")), 0), else_=1)


def progress_records(session: Session, region: str | None = None, year: int | None = None,
                     original: bool = False) -> list[ProgressItem]:
    """One record per target (a target stated in a plan's table and again in its text is
    one record citing both), warnings first.  A target revised (调整修订) is judged against the
    value in force at the end of ``year`` (today without one), its explanation naming the
    original; ``original`` judges every target against the plan's own value."""
    code = load_regions().resolve(region).code if region else None
    series = reported_values(session, None if code is None else [code])
    revised = {} if original else _revised(session, year)
    query = (select(TargetRow, Document).join(Document).options(defer(Document.facts))  # not followed: not read
             .where(TargetRow.is_actual.is_(False), TargetRow.indicator_id.is_not(None)))
    if code is not None:
        query = query.where(Document.region_code == code)
    records = []
    seen: set[tuple[Any, ...]] = set()
    rows = list(session.execute(query.order_by(_plan_first(), Document.id, TargetRow.ord)))
    for group, doc in merge_restatements([(r, d) for r, d in rows]):
        row = group[0]
        key = (doc.region_code, row.indicator_id, row.kind, row.year, row.value_normalized, row.comparator)
        if key in seen:  # the same target in another document (a plan and its 建议)
            continue
        seen.add(key)
        reported = series.get(_series_key(row, doc.region_code), {})
        spec = _spec(row, doc, reported)
        change = revised.get(f"{doc.region_code or '?'}:{row.indicator_id}:{row.year or '?'}")
        if change is not None:  # supervision.revisions: the value in force replaces the plan's own
            spec = replace(spec, target_value=change.value, target_low=None, target_high=None,
                           comparator=">=" if spec.comparator == "range" else spec.comparator)
        observations = [Observation(y, r.value) for y, r in sorted(reported.items())]
        progress = assess(spec, observations, as_of=year)
        record = _record(group, doc, spec, progress, reported)
        if change is not None:
            record = replace(record, target_value=change.value, target=change.written,
                             explanation=change.note() + record.explanation)
        records.append(record)
    records.sort(key=lambda r: (not r.warning, status_rank(r.status) or 9, r.region_code or "", r.indicator_id))
    return records


def _revised(session: Session, year: int | None) -> dict[str, Any]:
    """Revised targets in force at the end of ``year`` (today without one), by target key."""
    from datetime import date

    from planscope.supervision.revisions import targets_in_force

    return dict(targets_in_force(session, date(year, 12, 31) if year else date.today()))


# ---------------------------------------------------------------- one target, two sources
# Extraction keeps every statement of a target (the indicator table's row and the sentence
# of the text that says it again), each with its own span: the evaluation scores both, and
# a reader may look for either.  That they are one target is a fact about the plan, not
# about either span, so the merge is made here, where targets are followed: same document,
# same indicator, same kind of value, same year, and values equal within the rounding of
# the less precise one (750 and 750.0亿元; 500.24 and 500亿元 左右).  The table row is the
# primary source; the record cites every span.


def merge_restatements(rows: list[tuple[TargetRow, Document]]) -> list[tuple[list[TargetRow], Document]]:
    """Rows grouped into targets: each group's first row is the primary source (a table row
    before a sentence), the others restate it.  Order of first appearance is kept."""
    groups: list[tuple[list[TargetRow], Document]] = []
    open_groups: dict[tuple[Any, ...], list[list[TargetRow]]] = defaultdict(list)
    ordered = sorted(rows, key=lambda rd: (rd[1].id, not (rd[0].source or "").startswith("table")))
    position = {id(r): i for i, (r, _) in enumerate(rows)}
    for row, doc in ordered:
        key = (doc.id, row.indicator_id, row.kind in RATE_KINDS, row.year)
        for group in open_groups[key]:
            if same_target(group[0], row):
                group.append(row)
                break
        else:
            group = [row]
            open_groups[key].append(group)
            groups.append((group, doc))
    groups.sort(key=lambda g: min(position[id(r)] for r in g[0]))
    return groups


def same_target(a: TargetRow, b: TargetRow) -> bool:
    """Two statements of one target: both without a number (inherited), or the same
    comparator class and values equal within the rounding of the less precise one."""
    if is_inherited(a) or is_inherited(b):
        return is_inherited(a) and is_inherited(b)
    if (a.comparator == "range") != (b.comparator == "range"):
        return False
    pairs = [(a.low, b.low), (a.high, b.high)] if a.comparator == "range" else [(a.value_normalized,
                                                                                 b.value_normalized)]
    tol = 0.5 * max(_last_digit(a), _last_digit(b))
    return all(x is not None and y is not None and abs(x - y) <= tol + 1e-9 * max(abs(x), abs(y))
               for x, y in pairs)


def _last_digit(row: TargetRow) -> float:
    """What one unit of the last written digit is worth in base units (750亿元 → 1e8)."""
    dec = decimals_of(row.value)
    factor = unit_factor(row.unit) or 1.0
    return 0.0 if dec is None else factor * 10.0 ** -dec


# ---------------------------------------------------------------- the record


def target_text(row: TargetRow) -> str:
    """The target as people read it, in the plan's unit: "≥ 750亿元", "8–9%", or an
    inherited target's own words ("承接上级：完成省市下达任务")."""
    if is_inherited(row):
        return f"承接上级 inherited：{row.value or '—'}"
    if row.comparator == "range" and (row.low is not None or row.high is not None):
        return f"{format_figure(row.low) if row.unit is None else _bare(row.low, row.unit)}–" \
               f"{format_figure(row.high, row.unit)}"
    symbol = {">=": "≥", "<=": "≤", "~": "≈", ">": ">", "<": "<"}.get(row.comparator, "")
    return f"{symbol}{format_figure(row.value_normalized, row.unit)}"


def _bare(value: float | None, unit: str) -> str:
    """A range's low end without its unit (8–9%)."""
    text = format_figure(value, unit)
    return text[: -len(unit)] if text.endswith(unit) else text


def _record(group: list[TargetRow], doc: Document, spec: TargetSpec, p: Progress,
            reported: dict[int, Reported]) -> ProgressItem:
    row = group[0]
    latest = reported.get(p.latest_year) if p.latest_year is not None else None
    plan_figure = lambda x: None if x is None else format_figure(x, row.unit)  # noqa: E731
    computed = lambda x: None if x is None else format_figure(x, row.unit, spec.decimals)  # noqa: E731
    if row.kind in RATE_KINDS:  # rates are percent numbers whatever the unit column says
        plan_figure = computed = lambda x: None if x is None else format_figure(x, row.unit or "%")
    window = f"{spec.period[0]}–{spec.period[1]}" if spec.period else None
    return ProgressItem(
        doc=doc.file_name, region=doc.region, region_code=doc.region_code, indicator=row.indicator,
        indicator_id=row.indicator_id or "", kind=row.kind, target_year=row.year,
        target_value=row.value_normalized, unit=row.unit_normalized, comparator=row.comparator,
        attribute=row.attribute, inherited=spec.inherited, target=target_text(row), written=row.value,
        unit_as_written=row.unit, period=window, baseline_year=spec.baseline_year,
        baseline_value=spec.baseline_value, baseline=plan_figure(spec.baseline_value),
        latest_year=p.latest_year, latest_value=p.latest_value, latest=plan_figure(p.latest_value),
        status=cast(Status, p.status), warning=p.warning, time_elapsed_share=p.time_elapsed_share,
        distance_covered_share=p.distance_covered_share, required_cagr=p.required_cagr,
        actual_cagr=p.actual_cagr, ratio=p.ratio, projection=p.projection, projected=computed(p.projection),
        projection_method=p.projection_method, explanation=p.explanation, figures=p.figures, steps=p.steps,
        latest_source=latest.doc if latest else None, latest_quote=latest.quote if latest else None,
        quote=row.quote, start=row.start, end=row.end,
        sources=[Source(r.source, r.start, r.end, r.quote) for r in group],
        flags=list(dict.fromkeys(f for r in group for f in (r.flags or []))),
        observed=[(y, r.value) for y, r in sorted(reported.items())])
