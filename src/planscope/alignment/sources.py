"""The library's plans as alignment inputs: sides from stored targets and from the
national reference data, plan documents for the hierarchy, and baselines from what
documents, spreadsheets and people report."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planscope import __version__
from planscope.alignment.engine import PlanDoc
from planscope.alignment.model import Baselines, Rules, Side, Source, load_rules
from planscope.alignment.reference import reference_plans, reference_targets
from planscope.extraction.targets.model import phrases
from planscope.monitoring.follow import RATE_KINDS, reported_values
from planscope.store import Document, ObservationRow, TargetRow

DATA_FILES = ("alignment.toml", "national_plans.toml", "strategies.toml", "indicators.toml")
_NUMBER_TEXT = re.compile(r"^[\d.〔〕\[\]＞＜><≥≤~～-]+$")


def plan_documents(session: Session, rules: Rules | None = None) -> list[tuple[Document, PlanDoc]]:
    rules = rules or load_rules()
    query = select(Document).where(Document.doc_type.in_(rules.plan_types), Document.region_code.is_not(None),
                                   Document.period_end.is_not(None)).order_by(Document.id)
    out: list[tuple[Document, PlanDoc]] = []
    for d in session.scalars(query):
        if d.region_code is None or d.doc_type is None or d.period_end is None:  # excluded by the query
            continue
        out.append((d, PlanDoc(d.region_code, d.doc_type, d.period_start, d.period_end, _label(d))))
    return out


def unplaced_plans(session: Session, rules: Rules | None = None) -> list[dict[str, object]]:
    """Plans alignment cannot place — no region or no period detected — as chain entries
    that say why (give them with ``planscope ingest FILE --region … --period …``)."""
    rules = rules or load_rules()
    query = select(Document).where(Document.doc_type.in_(rules.plan_types),
                                   Document.region_code.is_(None) | Document.period_end.is_(None))
    out: list[dict[str, object]] = []
    for d in session.scalars(query.order_by(Document.id)):
        facts = (("地区", "region", d.region_code), ("规划期", "period", d.period_end))
        zh = "、".join(word for word, _, value in facts if value is None)
        en = " or ".join(word for _, word, value in facts if value is None)
        out.append({"lower_code": d.region_code or "", "lower_region": d.region or "?", "window": "",
                    "upper_code": "", "upper_region": "", "upper_level": "", "status": "unplaced",
                    "docs": [_label(d)], "reason": f"未识别{zh}，未参与衔接 / not aligned: no {en} detected"})
    return out


def _label(doc: Document) -> str:
    return f"#{doc.id} {doc.file_name}"


def baselines(session: Session) -> Baselines:
    """Reported levels by (region, indicator, year): the newest source for each."""
    out: Baselines = {}
    for (region, indicator, rate, _unit), by_year in reported_values(session).items():
        if rate != "level" or region is None or indicator is None:
            continue
        for year, rep in by_year.items():
            out[(region, indicator, year)] = (rep.value, rep.doc)
    return out


def _annual(row: TargetRow) -> bool:
    """A change stated per year: 年均/每年 in its name or just before its number."""
    before = row.quote[max(0, row.value_start - row.start - 12): max(0, row.value_start - row.start)]
    annual = phrases().annual_change
    return bool(annual.search(row.indicator) or annual.search(before))


def library_sides(session: Session, plans: list[tuple[Document, PlanDoc]], base: Baselines,
                  rules: Rules | None = None) -> list[Side]:
    rules = rules or load_rules()
    by_id = {d.id: d for d, _ in plans}
    if not by_id:
        return []
    query = (select(TargetRow).where(TargetRow.document_id.in_(by_id), TargetRow.is_actual.is_(False),
                                     TargetRow.indicator_id.is_not(None), TargetRow.year.is_not(None))
             .order_by(TargetRow.document_id, TargetRow.ord))
    sides = []
    for row in session.scalars(query):
        doc = by_id[row.document_id]
        side = _side(row, doc, base, rules)
        if side is not None:
            sides.append(side)
    return sides


def _side(row: TargetRow, doc: Document, base: Baselines, rules: Rules) -> Side | None:
    """The row as a side of a comparison; None for a row without region, indicator or year
    (the query keeps none of them)."""
    region_code, indicator_id, target_year = doc.region_code, row.indicator_id, row.year
    if region_code is None or indicator_id is None or target_year is None:
        return None
    baseline_value, baseline_year, baseline_source = row.baseline_value, row.baseline_year, None
    if baseline_value is None and row.kind not in RATE_KINDS:
        year = rules.window(target_year)[0] - 1
        found = base.get((region_code, indicator_id, year))
        if found is not None:
            baseline_value, baseline_year, baseline_source = found[0], year, found[1]
    numeric = row.value_normalized is not None or row.low is not None
    return Side(
        region_code=region_code,
        indicator_id=indicator_id,
        indicator=row.indicator, kind=row.kind, comparator=row.comparator,
        value=row.value_normalized, low=row.low, high=row.high,
        text=("⚠值存疑 implausible " if row.flags else "") + f"{row.value or ''}{(row.unit or '') if numeric else ''}",
        unit_normalized=row.unit_normalized, target_year=target_year,
        baseline_value=baseline_value, baseline_year=baseline_year, attribute=row.attribute,
        inherited=row.inherited,
        source=Source(_label(doc), doc.id, row.start, row.end, row.quote),
        doc_type=doc.doc_type, annual=row.kind == "change" and _annual(row), baseline_source=baseline_source,
    )


def reference_sides() -> list[Side]:
    """The national plans' main indicators (reference data) as sides."""
    sides = []
    for plan in reference_plans():
        for t in reference_targets(plan.key):
            sides.append(Side(
                region_code=plan.region_code, indicator_id=t.indicator_id, indicator=t.name, kind=t.kind,
                comparator=t.comparator, value=t.value, low=None, high=None,
                text=t.text + (t.unit if _NUMBER_TEXT.match(t.text) else ""),
                unit_normalized=t.unit_base, target_year=t.target_year, baseline_value=t.baseline_value,
                baseline_year=t.baseline_year, attribute=t.attribute, inherited=False,
                source=Source(plan.title, None, None, None, f"{t.source}：{t.quote}"),
                doc_type=None, annual=t.kind == "change" and bool(phrases().annual_change.search(t.name)),
            ))
    return sides


def fingerprint(session: Session) -> str:
    """The library state an alignment is computed from."""
    # ingested_at changes when a file is ingested again (with other facts, say) even where
    # the database hands out the same ids again
    docs = session.execute(select(func.count(Document.id), func.max(Document.id), func.max(Document.ingested_at))).one()
    targets = session.execute(select(func.count(TargetRow.id), func.max(TargetRow.id))).one()
    obs = session.execute(select(func.count(ObservationRow.id), func.max(ObservationRow.id))
                          .where(ObservationRow.status == "accepted")).one()
    digest = hashlib.sha256(__version__.encode())
    for name in DATA_FILES:
        path = resources.files("planscope.data").joinpath(name)
        if path.is_file():
            digest.update(path.read_bytes())
    for path in sorted(resources.files("planscope.alignment").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".py"):  # a new release's rules recompute stored results
            digest.update(path.read_bytes())
    digest.update(str(docs[2]).encode())
    return f"d{docs[0]}-{docs[1]} t{targets[0]}-{targets[1]} o{obs[0]}-{obs[1]} {digest.hexdigest()[:16]}"
