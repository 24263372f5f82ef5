"""Progress of every target, warnings first, and its summary by region, category and plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from planscope.catalogue.indicators import load_catalogue
from planscope.labels import codes
from planscope.records import ProgressItem

# Figures in the plan's own unit and precision (monitoring formats them: figures.format_figure).
PROGRESS_COLUMNS = ("region", "indicator", "indicator_id", "period", "target_year", "target", "attribute",
                    "baseline_year", "baseline", "latest_year", "latest", "status", "warning", "ratio", "projected",
                    "explanation", "sources", "flags")
ALL = "全部 all"
PLAN = "规划 plan: "
SUMMARY_STATUSES = tuple(s for s in codes("status") if s != "not_achieved")  # the statuses progress gives


@dataclass(frozen=True)
class SummaryRow:
    region: str
    group: str  # 全部 all, an indicator category, or 规划 plan: <file>
    counts: dict[str, int] = field(default_factory=dict)  # status → targets
    warnings: int = 0


@dataclass(frozen=True)
class ProgressView:
    records: list[ProgressItem]  # monitoring.progress_records, warnings first
    summary: list[SummaryRow]

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.records if r.warning)


def summarise(records: list[ProgressItem]) -> list[SummaryRow]:
    """Status counts per region, per indicator category (the national table's five groups)
    and per plan."""
    catalogue = load_catalogue()
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for r in records:
        category = catalogue.get(r.indicator_id).category if r.indicator_id in catalogue else "其他"
        region = r.region or "?"
        for key in ((region, ALL), (region, category), (region, f"{PLAN}{r.doc}")):
            row = counts.setdefault(key, dict.fromkeys([*SUMMARY_STATUSES, "warning"], 0))
            row[r.status] += 1
            row["warning"] += int(r.warning)
    order = lambda kv: (kv[0][0], kv[0][1] != ALL, kv[0][1].startswith("规划"), kv[0][1])  # noqa: E731
    return [SummaryRow(region, group, {s: row[s] for s in SUMMARY_STATUSES}, row["warning"])
            for (region, group), row in sorted(counts.items(), key=order)]


def progress_view(session: Session, region: str | None = None, year: int | None = None,
                  docs: set[str] | None = None, observed_only: bool = False, original: bool = False) -> ProgressView:
    """Every target's progress (``docs``: only these documents' targets; ``observed_only``:
    only targets with an observation; ``original``: against the plan's own values, not the
    revised ones in force), and its summary.  Computed once per state of the library (and per
    day without ``year``: revisions take effect on a date), ``views.cache``."""
    from planscope.monitoring.follow import progress_records
    from planscope.views.cache import cached

    key = ("progress_records", region, year, original, None if year else date.today())
    records = list(cached(session, key, lambda s: tuple(progress_records(s, region, year, original))))
    if docs is not None:
        records = [r for r in records if r.doc in docs]
    if observed_only:
        records = [r for r in records if r.latest_year]
    return ProgressView(records, summarise(records))
