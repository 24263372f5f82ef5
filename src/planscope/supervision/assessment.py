"""Assessment (考核): a score out of 100 per unit and per region, from the published formula
in ``data/scoring.toml``, each with its breakdown.

Components, each a score out of 100 over what it judges (``n``):

* **target_progress** — the progress status of each target (``views.progress_view`` for the
  year, revised targets at the value in force), points per status from the formula; a
  region's own targets, and for a unit the targets of the indicators its tasks are linked to.
  Targets without data or inherited from above are not judged.
* **task_timeliness** — each task's status at the year's end (or ``as_of``), points per
  status; a task done after its deadline scores as late.  A unit: the tasks it leads.
* **data_reporting** — a region: each value entered for it during the year (sheet imports,
  entries), accepted on review and recorded by ``report_by`` of the year after the year it is
  for: full points, accepted but later: ``late_share``, rejected: none, pending: not judged.
  A unit: each reporting period (month or quarter, by the task's frequency) of the year that
  has ended, for each task it takes part in: covered when the unit filed an update in it that
  counts (its own as lead, or confirmed by the lead unit).
* **update_quality** — each update of the year: a text of at least ``min_chars`` characters,
  a percent or a milestone, an attachment, and a reason when it was filed late (where it
  applies): the share of those met.

The total is the weighted mean of the components that judged something; the weights of the
others are shared out in proportion (``effective_weight``), and the breakdown says so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope.store import ObservationRow, OrgUnit, Task, TaskUpdate
from planscope.supervision.rules import ComponentRule, formula
from planscope.supervision.tasks import list_tasks, started, status_of
from planscope.supervision.units import list_units, region_of

ASSESS_COLUMNS = ("scope", "name", "region", "score", "target_progress", "task_timeliness", "data_reporting",
                  "update_quality", "note")


@dataclass(frozen=True)
class ComponentScore:
    id: str
    zh: str
    weight: float
    effective_weight: float
    score: float | None  # None: nothing to judge
    n: int
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class AssessmentRow:
    scope: str  # region | unit
    name: str
    region: str
    region_code: str
    year: int
    score: float | None
    components: list[ComponentScore]

    @property
    def note(self) -> str:
        missing = [c.zh for c in self.components if c.score is None]
        return f"无可评：{'、'.join(missing)}，权重按比例分摊 / not judged, weights shared out" if missing else ""

    def flat(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scope": self.scope, "name": self.name, "region": self.region, "score": self.score}
        out.update({c.id: c.score for c in self.components})
        out["note"] = self.note
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "name": self.name, "region": self.region, "region_code": self.region_code,
                "year": self.year, "score": self.score, "components": [c.as_dict() for c in self.components],
                "note": self.note}


def _mean(points: list[float]) -> float | None:
    return round(sum(points) / len(points), 1) if points else None


def _combine(parts: dict[str, tuple[float | None, int, str]]) -> tuple[float | None, list[ComponentScore]]:
    rules = formula().components
    live = sum(rules[k].weight for k, (s, _, _) in parts.items() if s is not None)
    comps, total = [], 0.0
    for key, (score, n, detail) in parts.items():
        rule = rules[key]
        eff = rule.weight / live if score is not None and live else 0.0
        total += (score or 0.0) * eff
        comps.append(ComponentScore(key, rule.zh, rule.weight, round(eff, 4), score, n, detail))
    return (round(total, 1) if live else None), comps


# ---------------------------------------------------------------- components


def _target_progress(records: list[Any], rule: ComponentRule) -> tuple[float | None, int, str]:
    judged = [rule.points[r.status] for r in records if r.status in rule.points]
    return _mean(judged), len(judged), f"{len(judged)} 项目标 / targets judged"


def _timeliness(tasks: list[Task], as_of: date, rule: ComponentRule) -> tuple[float | None, int, str]:
    points = []
    late = 0
    for t in tasks:
        st = status_of(t, as_of)
        status = "late" if st.status == "done" and st.done_late else st.status
        late += status == "late"
        points.append(rule.points[status])
    return _mean(points), len(points), f"{len(points)} 项任务，滞后 {late} 项 / tasks, {late} late"


def _region_reporting(session: Session, code: str, year: int, rule: ComponentRule) -> tuple[float | None, int, str]:
    month, day = (int(x) for x in (rule.report_by or "03-31").split("-"))
    rows = session.scalars(select(ObservationRow).where(ObservationRow.region_code == code))
    points = []
    for o in rows:
        if o.recorded_at.year != year or o.status == "pending":
            continue
        if o.status != "accepted":
            points.append(0.0)
            continue
        on_time = o.recorded_at.date() <= date(o.year + 1, month, min(day, calendar.monthrange(o.year + 1, month)[1]))
        points.append(100.0 if on_time else 100.0 * rule.late_share)
    return _mean(points), len(points), f"{len(points)} 个填报值 / values reported"


def _periods(frequency: str, start: date, end: date) -> list[tuple[date, date]]:
    step = 1 if frequency == "monthly" else 3
    out = []
    for m in range(1, 13, step):
        first = date(end.year, m, 1)
        last_m = m + step - 1
        last = date(end.year, last_m, calendar.monthrange(end.year, last_m)[1])
        if last <= end and last >= start:
            out.append((first, last))
    return out


def _unit_reporting(tasks: list[Task], unit_id: int, as_of: date) -> tuple[float | None, int, str]:
    points = []
    for t in tasks:
        for first, last in _periods(t.frequency, started(t), as_of):
            filed = [u for u in t.updates if u.unit_id == unit_id and first <= u.on <= last and u.counted]
            points.append(100.0 if filed else 0.0)
    return _mean(points), len(points), f"{len(points)} 个报送期 / reporting periods due"


def _quality(updates: list[tuple[Task, TaskUpdate]], rule: ComponentRule) -> tuple[float | None, int, str]:
    points = []
    for task, u in updates:
        checks = [len(u.text) >= rule.min_chars, u.percent is not None or u.milestone_id is not None,
                  u.attachment is not None]
        if task.due and u.on > task.due and u.percent != 100:
            checks.append(bool(u.late_reason))
        points.append(100.0 * sum(checks) / len(checks))
    return _mean(points), len(points), f"{len(points)} 次报送 / updates"


# ---------------------------------------------------------------- scores


def assess(session: Session, year: int, region: str | None = None, as_of: date | None = None) -> list[AssessmentRow]:
    """Scores of every region with tasks or targets under ``region`` (all without), then of each
    of their units, for ``year`` as of its last day (or ``as_of``)."""
    from planscope.views.progress import progress_view

    day = as_of or date(year, 12, 31)
    rules = formula().components
    records = progress_view(session, None, year).records
    tasks = [t for t in list_tasks(session, region) if started(t) <= day]
    codes = sorted({t.region_code for t in tasks} | {r.region_code for r in records if r.region_code
                                                     and (region is None or _under(r.region_code, region))})
    out = []
    for code in codes:
        mine = [t for t in tasks if t.region_code == code]
        recs = [r for r in records if r.region_code == code]
        year_updates = [(t, u) for t in mine for u in t.updates if u.on.year == year and u.on <= day]
        parts = {"target_progress": _target_progress(recs, rules["target_progress"]),
                 "task_timeliness": _timeliness(mine, day, rules["task_timeliness"]),
                 "data_reporting": _region_reporting(session, code, year, rules["data_reporting"]),
                 "update_quality": _quality(year_updates, rules["update_quality"])}
        score, comps = _combine(parts)
        name = mine[0].region if mine else (recs[0].region or code)
        out.append(AssessmentRow("region", name, name, code, year, score, comps))
        for unit in list_units(session, code):
            out.extend(_unit_row(unit, mine, recs, year, day))
    return out


def _under(code: str, region: str) -> bool:
    from planscope.accounts.roles import covers

    return covers(region_of(region).code, code)


def _unit_row(unit: OrgUnit, tasks: list[Task], records: list[Any], year: int, day: date) -> list[AssessmentRow]:
    rules = formula().components
    involved = [t for t in tasks if any(tu.unit_id == unit.id for tu in t.units)]
    if not involved:
        return []
    leads = [t for t in involved if any(tu.unit_id == unit.id and tu.role == "lead" for tu in t.units)]
    indicators = {i for t in involved for i in (t.indicator_ids or [])}
    updates = [(t, u) for t in involved for u in t.updates if u.unit_id == unit.id and u.on.year == year
               and u.on <= day]
    parts = {"target_progress": _target_progress([r for r in records if r.indicator_id in indicators],
                                                 rules["target_progress"]),
             "task_timeliness": _timeliness(leads, day, rules["task_timeliness"]),
             "data_reporting": _unit_reporting(involved, unit.id, day),
             "update_quality": _quality(updates, rules["update_quality"])}
    score, comps = _combine(parts)
    return [AssessmentRow("unit", unit.name, unit.region, unit.region_code, year, score, comps)]
