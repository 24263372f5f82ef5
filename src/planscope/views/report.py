"""A plan-implementation report (规划实施年度监测报告, 中期评估报告, 总结评估报告) as rows: the
plan in scope, the 主要指标完成情况 table, the status counts, the lagging indicators with the
path they followed and the path the target asked for, the alignment with the level above, the
tasks by unit and the sources of every figure — gathered from the other views, never computed
again: every figure of a row is the progress engine's (``progress_view``) or the completion
table's (``completion_view``), in the same words.  The summary paragraph is generated from the
counts with the wording of ``data/report.toml``.  The docx and xlsx writers
(``planscope.reports.monitoring``) only lay these rows out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from planscope import datafiles
from planscope.errors import NotFound, OverrideError
from planscope.labels import zh
from planscope.monitoring.figures import share_text, unit_factor
from planscope.monitoring.progress import is_binding
from planscope.monitoring.vintage import series_key
from planscope.records import CompletionRow, ProgressItem
from planscope.views.library import DocRow, docs_view
from planscope.views.progress import progress_view, summarise

KINDS = ("annual", "midterm", "final")
VERDICTS = ("on_track", "lagging", "pending", "no_data", "inherited")
SHOWN_RELATIONS = ("escalated", "looser", "missing")  # what a report names; consistent ones are counted
PLAN_TYPES = ("outline", "plan", "special_plan")  # documents that set a plan's main indicators


@cache
def words() -> dict[str, Any]:
    return datafiles.raw("report.toml")


def kind_words(kind: str) -> dict[str, Any]:
    for k in words()["kind"]:
        if k["id"] == kind:
            return dict(k)
    raise OverrideError(f"报告类型 {kind!r} 未知，可选 {'、'.join(KINDS)} / unknown report kind; choose one of "
                        f"{', '.join(KINDS)}")


@dataclass(frozen=True)
class Figure:
    """Where one figure of a row comes from: a document and its quote, or a sheet and its row."""

    what: str  # 目标值 / 基期值 / 最新值 / 完成值
    where: str  # file, table or sheet row
    quote: str


@dataclass(frozen=True)
class IndicatorRow:
    """One row of 主要指标完成情况: the engine's words for each figure, its unit apart."""

    seq: int
    indicator: str
    indicator_id: str | None
    unit: str
    attribute: str
    baseline: str
    baseline_year: int | None
    target: str
    target_year: int | None
    latest: str
    latest_year: int | None
    time_progress: str  # 时间进度, share_text of the engine's time_elapsed_share
    target_progress: str  # 目标进度, share_text of its distance_covered_share
    status: str  # the engine's status code
    status_zh: str
    verdict: str  # on_track | lagging | pending | no_data | inherited, for this kind of report
    warning: bool
    binding: bool
    figures: tuple[Figure, ...]
    observed: tuple[tuple[int, float], ...] = ()  # the series followed, in the plan's unit
    target_path: tuple[tuple[int, float], ...] = ()  # the path the target asks for, in the plan's unit
    path_rule: str = ""  # how the target path is drawn
    item: ProgressItem | None = field(default=None, compare=False, repr=False)
    completion: CompletionRow | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class AlignmentRow:
    indicator: str
    upper_region: str
    relation: str
    relation_zh: str
    lower_text: str
    upper_text: str
    difference: float | None
    binding: bool
    reason: str


@dataclass(frozen=True)
class UnitTasks:
    unit: str
    counts: dict[str, int]


@dataclass(frozen=True)
class TasksSection:
    as_of: date
    total: int
    counts: dict[str, int]
    units: list[UnitTasks]


@dataclass(frozen=True)
class ReportView:
    kind: str
    kind_zh: str
    region: str
    region_code: str
    year: int
    plans: list[DocRow]
    plan_name: str  # the plan as the report names it: 《…》 or its period and region
    title: str
    subtitle: str
    issuer: str
    addressee: str
    opening: str
    rows: list[IndicatorRow]  # binding first, then the plan's own order
    counts: dict[str, int]  # verdict → rows
    status_counts: dict[str, int]  # the engine's status → rows (progress_view's summary)
    summary: str
    alignment: list[AlignmentRow]
    alignment_counts: dict[str, int]  # relation → comparisons with the level above
    tasks: TasksSection | None
    basis: str  # "progress" (the engine on the plan's targets) or "completion" (a later plan's table)

    @property
    def lagging(self) -> list[IndicatorRow]:
        return [r for r in self.rows if r.verdict == "lagging"]

    @property
    def latest_year(self) -> int | None:
        years = [r.latest_year for r in self.rows if r.latest_year]
        return max(years) if years else None


# ---------------------------------------------------------------- rows


def bare(text: str | None, unit: str | None) -> str:
    """A figure as the engine wrote it, without its unit (the table has a unit column):
    ``86.3%`` → ``86.3``, ``≥250万吨`` → ``≥250``; an inherited target keeps its words only."""
    if not text:
        return "—"
    text = text.split("：", 1)[1] if text.startswith("承接上级") and "：" in text else text
    if unit and text.endswith(unit):
        text = text[: -len(unit)]
    return text.replace("≈", "") + ("左右" if text.startswith("≈") else "")


def _verdict(status: str, latest_year: int | None, target_year: int | None, kind: dict[str, Any]) -> str:
    if status == "inherited":
        return "inherited"
    if status == "no_data":
        return "no_data"
    if kind["needs_target_year"] and status not in kind["on_track"] and (
            latest_year is None or target_year is None or latest_year < target_year):
        return "pending"
    if status in kind["on_track"]:
        return "on_track"
    return "lagging" if status in kind["lagging"] else "no_data"


def _in_unit(value: float, unit: str | None) -> float:
    factor = unit_factor(unit) if unit and unit != "%" else None
    return value / factor if factor else value


def _target_path(r: ProgressItem) -> tuple[tuple[tuple[int, float], ...], str]:
    """The path the engine measured the target against, in the plan's unit: a rate or a yearly
    change is a level to hold each year; a level from its baseline rises at the required
    annual rate (the engine's required_cagr) or, without one, in a straight line (序时进度)."""
    unit = r.unit_as_written
    if r.target_value is None or r.target_year is None:
        return (), ""
    target = _in_unit(r.target_value, unit)
    if r.kind in ("growth_rate", "change"):
        first = (r.baseline_year or r.target_year - 5) + 1
        return ((first, target), (r.target_year, target)), "目标值 target value"
    if r.baseline_value is None or r.baseline_year is None or r.target_year <= r.baseline_year:
        return ((r.target_year, target),), "目标值 target value"
    base = _in_unit(r.baseline_value, unit)
    years = range(r.baseline_year, r.target_year + 1)
    span = r.target_year - r.baseline_year
    if r.required_cagr is not None and base > 0:
        rate = r.required_cagr / 100
        return tuple((y, base * (1 + rate) ** (y - r.baseline_year)) for y in years), "按所需年均增速 required rate"
    return tuple((y, base + (target - base) * (y - r.baseline_year) / span) for y in years), "线性序时 linear"


def _figures(r: ProgressItem, reported: dict[int, Any] | None = None) -> tuple[Figure, ...]:
    """Where each figure of a row comes from: the plan's statements of the target (and its
    baseline), and each value of the series followed — the year's bulletin and its sentence,
    or the sheet and row an observation came from (``reported``: the engine's series by year)."""
    out = [Figure("目标值、基期值", f"{r.doc} {s.source or ''} [{s.start}:{s.end}]".strip(), s.quote)
           for s in r.sources]
    if not out:
        out.append(Figure("目标值、基期值", f"{r.doc} [{r.start}:{r.end}]", r.quote))
    for year, _ in r.observed:
        found = (reported or {}).get(year)
        if year == r.latest_year and r.latest_source:
            out.append(Figure(f"最新值（{year}年）", r.latest_source, r.latest_quote or ""))
        elif found is not None:
            what = "基期值" if year == r.baseline_year else "实际值"
            out.append(Figure(f"{what}（{year}年）", found.doc, found.quote))
    return tuple(out)


def progress_row(seq: int, r: ProgressItem, kind: dict[str, Any],
                 reported: dict[int, Any] | None = None) -> IndicatorRow:
    unit = r.unit_as_written or ""
    path, rule = _target_path(r)
    return IndicatorRow(
        seq=seq, indicator=r.indicator, indicator_id=r.indicator_id, unit=unit, attribute=r.attribute or "—",
        baseline=bare(r.baseline, unit), baseline_year=r.baseline_year, target=bare(r.target, unit),
        target_year=r.target_year, latest=bare(r.latest, unit) if r.latest_year else "—", latest_year=r.latest_year,
        time_progress=share_text(r.time_elapsed_share), target_progress=share_text(r.distance_covered_share),
        status=r.status, status_zh=zh("status", r.status), verdict=_verdict(r.status, r.latest_year, r.target_year,
                                                                            kind),
        warning=r.warning, binding=is_binding(r.attribute), figures=_figures(r, reported),
        observed=tuple((y, _in_unit(v, unit)) for y, v in r.observed), target_path=path, path_rule=rule, item=r)


def completion_row(seq: int, c: CompletionRow, doc: DocRow, kind: dict[str, Any],
                   observed: tuple[tuple[int, float], ...] = ()) -> IndicatorRow:
    """A row of a later plan's completion table (规划指标完成情况), judged by ``completion_view``;
    its chart: the yearly values followed for the indicator against the target the row states."""
    from planscope.monitoring.completion import target_number

    quote = f"{c.indicator} {c.target or ''} {c.result or ''}".strip()
    unit = _named_unit(c.indicator)
    series = tuple((y, _in_unit(v, unit)) for y, v in observed)
    goal = target_number(c)
    first = min([y for y, _ in series] + [c.year - 4]) if c.year else None
    path = ((first, goal), (c.year, goal)) if goal is not None and c.year and first else ()
    return IndicatorRow(
        seq=seq, indicator=c.indicator, indicator_id=c.indicator_id, unit="", attribute=c.attribute or "—",
        baseline="—", baseline_year=None, target=c.target or "—", target_year=c.year, latest=c.result or "—",
        latest_year=c.year if c.status != "no_data" else None, time_progress="—", target_progress="—",
        status=c.status, status_zh=zh("status", c.status),
        verdict=_verdict(c.status, c.year if c.status != "no_data" else None, c.year, kind), warning=False,
        binding=is_binding(c.attribute), figures=(Figure("目标值、完成值", f"{doc.file} {c.table}", quote),),
        observed=series, target_path=path, path_rule="规划目标 target" if path else "", completion=c)


def _named_unit(indicator: str) -> str | None:
    """The unit a completion table writes in the indicator's name: 地区生产总值(亿元) → 亿元."""
    import re

    m = re.search(r"[（(]([^()（）]+)[)）]$", indicator)
    return m.group(1) if m else None


def ordered(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """Binding indicators first, each group in the plan's own order; renumbered."""
    from dataclasses import replace

    def where(r: IndicatorRow) -> tuple[str, int]:
        return (r.item.doc, r.item.start) if r.item else ("", r.seq)

    keep = sorted(rows, key=lambda r: (not r.binding, where(r)))
    return [replace(r, seq=i) for i, r in enumerate(keep, 1)]


# ---------------------------------------------------------------- the plan in scope


def region_plans(docs: list[DocRow], code: str) -> list[DocRow]:
    return [d for d in docs if d.region_code == code and d.type in PLAN_TYPES]


def choose_plan(plans: list[DocRow], records: list[ProgressItem], year: int) -> DocRow | None:
    """The plan a report is about when none is named: the region's plan whose period holds
    ``year`` (else the latest before it), with the most targets."""
    counted = Counter(r.doc for r in records)
    with_targets = [d for d in plans if counted[d.file]]
    holding = [d for d in with_targets if (d.period_start or 0) <= year <= (d.period_end or 0)]
    before = [d for d in with_targets if d.period_end and d.period_end < year]
    for pool in (holding, before):
        if pool:
            return max(pool, key=lambda d: (d.period_start or 0, counted[d.file], -d.id))
    return None


def completion_source(session: Session, plans: list[DocRow], year: int) -> tuple[DocRow, list[CompletionRow]] | None:
    """A later plan of the region that tabulates the completion of the plan ending in ``year``
    (规划指标完成情况: the 十五五 outline's 专栏 of 十四五 results)."""
    from planscope.views.completion import completion_view

    for d in sorted(plans, key=lambda d: -(d.period_start or 0)):
        if d.period_start and d.period_start > year:
            rows = [r for r in completion_view(session, str(d.id)).rows if r.year == year]
            if rows:
                return d, rows
    return None


def plan_name(doc: DocRow | None, region: str, year: int) -> str:
    if doc is None:
        return f"{region}“十四五”规划纲要" if 2021 <= year <= 2025 else f"{region}规划纲要"
    if doc.title and not doc.title_derived:
        return f"《{doc.title}》"
    return f"《{doc.title or doc.file}》"


def completed_plan_name(doc: DocRow, rows: list[CompletionRow]) -> str:
    """The earlier plan a completion table reports on, named as the table names it."""
    import re

    m = re.search(r"“([^”]+)”\s*规划", rows[0].table)
    return f"{doc.region or ''}“{m.group(1)}”规划纲要" if m else rows[0].table


# ---------------------------------------------------------------- alignment and tasks


def alignment_rows(session: Session, code: str, windows: set[str]) -> tuple[list[AlignmentRow], dict[str, int]]:
    """The region's targets against the level above (this region as the lower plan), in the
    plan's window ("2021-2025"): the escalated, looser and missing ones, and every relation counted."""
    from planscope.views.alignment import alignment_view

    view = alignment_view(session, code)
    mine = [c for c in view.comparisons if c.lower_code == code and c.window in windows]
    counts = Counter(c.relation for c in mine)
    rows = [AlignmentRow(c.indicator, c.upper_region, c.relation, zh("relation", c.relation), c.lower_text or "—",
                         c.upper_text or "—", c.difference, c.binding, c.reason)
            for c in mine if c.relation in SHOWN_RELATIONS]
    order = {r: i for i, r in enumerate(SHOWN_RELATIONS)}
    rows.sort(key=lambda r: (order[r.relation], not r.binding, r.indicator))
    return rows, dict(counts)


def tasks_section(session: Session, code: str, as_of: date) -> TasksSection | None:
    from planscope.views.supervision import board_view

    board = board_view(session, code, as_of)
    if not board.rows:
        return None
    return TasksSection(as_of, len(board.rows), board.counts,
                        [UnitTasks(c.unit, c.counts) for c in board.board if sum(c.counts.values())])


# ---------------------------------------------------------------- the summary


def summary_text(kind: dict[str, Any], plan: str, rows: list[IndicatorRow], year: int) -> str:
    """The summary paragraph, every number counted from the rows, every phrase from report.toml."""
    s = words()["summary"]
    counts = Counter(r.verdict for r in rows)
    parts = [g["text"].format(n=counts[g["key"]]) for g in kind["groups"] if counts[g["key"]]]
    text = s["opening"].format(plan=plan, total=len(rows)) + "，".join(parts) + "。"
    every = [r for r in rows if r.binding]
    binding = [r for r in every if r.verdict in ("on_track", "lagging")]
    late = [r for r in binding if r.verdict == "lagging"]
    part = "_part" if len(binding) < len(every) else ""
    if not binding:
        text += kind["binding_none"] + "。"
    else:
        pattern = kind[f"binding_lagging{part}" if late else f"binding_ok{part}"]
        text += pattern.format(total=len(every), assessed=len(binding), lagging=len(late),
                               names="、".join(r.indicator for r in late)) + "。"
    expected_late = [r.indicator for r in rows if r.verdict == "lagging" and not r.binding]
    if expected_late:
        text += kind["lagging_named"].format(names="、".join(expected_late))
    years = [r.latest_year for r in rows if r.latest_year]
    if years:
        text += s["latest"].format(latest_year=max(years))
    if counts["no_data"]:
        text += words()["report"]["note_no_data"].format(year=year)
    return text


# ---------------------------------------------------------------- the view


def report_view(session: Session, region: str, year: int, kind: str, plan: str | None = None,
                as_of: date | None = None) -> ReportView:
    """Everything a report of ``kind`` on ``region``'s plan (``plan``: a document id or file,
    else the region's plan for ``year``) says as of the end of ``year``."""
    from planscope.catalogue.regions import load_regions
    from planscope.library import get_document

    k = kind_words(kind)
    place = load_regions().resolve(region)
    docs = docs_view(session)
    plans = region_plans(docs, place.code)
    records = progress_view(session, place.code, year).records
    chosen: DocRow | None = None
    if plan is not None:
        found = get_document(session, plan)
        chosen = next(d for d in docs if d.id == found.id)
        if chosen.region_code != place.code:
            raise NotFound(f"规划 {chosen.file} 属于{chosen.region or '未知地区'}，不属于{place.name} / "
                           f"plan {chosen.file} is {chosen.region or 'of no region'}'s, not {place.name}'s")
    else:
        chosen = choose_plan(plans, records, year)
    basis, name = "progress", plan_name(chosen, place.name, year)
    later = completion_source(session, plans, year) if kind == "final" and plan is None else None
    if chosen is not None and (later is None or (chosen.period_end or 0) >= year):
        rows, status_counts = _progress_rows(session, place.code, [r for r in records if r.doc == chosen.file], k)
    elif later is not None:
        doc, completed = later
        basis, name, chosen = "completion", completed_plan_name(doc, completed), doc
        rows, status_counts = _completion_rows(session, place.code, year, doc, completed, k)
    else:
        raise NotFound(f"{place.name}没有{year}年适用的规划目标；先入库其规划纲要（planscope ingest）/ "
                       f"{place.name} has no plan with targets for {year}; ingest its plan outline first")
    scope = [chosen] if chosen else []
    windows = ({f"{d.period_start}-{d.period_end}" for d in scope if d.period_start} if basis == "progress"
               else {f"{year - 4}-{year}"})  # a completion table reports on the five years ending in ``year``
    align, align_counts = alignment_rows(session, place.code, windows)
    day = as_of or min(date(year, 12, 31), date.today())
    fill = {"region": place.name, "plan": name, "year": year}
    return ReportView(
        kind=kind, kind_zh=k["zh"], region=place.name, region_code=place.code, year=year, plans=scope,
        plan_name=name, title=k["title"].format(**fill), subtitle=k["subtitle"].format(**fill),
        issuer=words()["report"]["issuer"].format(**fill), addressee=words()["report"]["addressee"].format(**fill),
        opening=k["opening"].format(**fill), rows=rows, counts={v: sum(r.verdict == v for r in rows) for v in VERDICTS},
        status_counts=status_counts, summary=summary_text(k, name, rows, year), alignment=align,
        alignment_counts=align_counts, tasks=tasks_section(session, place.code, day), basis=basis)


def _progress_rows(session: Session, code: str, mine: list[ProgressItem], k: dict[str, Any]
                   ) -> tuple[list[IndicatorRow], dict[str, int]]:
    """The plan's targets as the engine judged them, and its status counts (progress_view's summary)."""
    reported = reported_series(session, code)
    rows = [progress_row(i, r, k, reported.get(series_key(r.region_code, r.indicator_id, r.kind, r.unit)))
            for i, r in enumerate(mine, 1)]
    counts = next((row.counts for row in summarise(mine) if row.group.startswith("全部")), {})
    return ordered(rows), counts


def _completion_rows(session: Session, code: str, year: int, doc: DocRow, completed: list[CompletionRow],
                     k: dict[str, Any]) -> tuple[list[IndicatorRow], dict[str, int]]:
    """A completion table's rows as ``completion_view`` judged them, each with its indicator's yearly values."""
    observed = observed_series(session, code, year)
    rows = [completion_row(i, c, doc, k, observed.get(c.indicator_id or "", ())) for i, c in enumerate(completed, 1)]
    return ordered(rows), dict(Counter(c.status for c in completed))


def reported_series(session: Session, code: str) -> dict[Any, dict[int, Any]]:
    """The engine's series of the region (``follow.reported_values``): by series, each year's
    value with its document (or sheet and row) and quote — the sources of a chart's points."""
    from planscope.monitoring.follow import reported_values

    return reported_values(session, [code])


def observed_series(session: Session, code: str, year: int) -> dict[str, tuple[tuple[int, float], ...]]:
    """The yearly values the engine follows for each indicator of the region (its bulletins and
    accepted entries, the newest vintage of each year), up to ``year``, in base units."""
    from planscope.monitoring.follow import reported_values

    out: dict[str, tuple[tuple[int, float], ...]] = {}
    for key, by_year in reported_values(session, [code]).items():
        indicator_id = key[1]
        points = tuple(sorted((y, r.value) for y, r in by_year.items() if y <= year))
        if indicator_id and points and len(points) > len(out.get(indicator_id, ())):
            out[indicator_id] = points
    return out
