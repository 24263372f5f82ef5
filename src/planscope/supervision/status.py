"""A task's status, computed — never typed: one function, ``task_status``, as of a date.

The rule (parameters in ``data/supervision.toml``, words 未启动/推进中/已完成/滞后/有风险):

Only updates dated on or before the day ``as_of`` count, and of a co-unit's updates only those
the lead unit has confirmed.  A milestone is reached on the date of the first counted update
that reports it.  Then, in this order:

1. **已完成 done** — the latest counted update (by date) reports 100 %.  ``done_late`` says
   whether that was after the deadline.
2. **滞后 late** — the deadline has passed (``as_of`` is after the due day; the due day itself
   is still in time), or a milestone's date has passed without it being reached.
3. **有风险 at risk** — any of:
   a. *near*: the due day is at most ``near_days`` days away and less than ``near_percent`` %
      is done;
   b. *behind time* (时间过半、任务过半): the share of the time from the start to the due day
      that has elapsed exceeds the share done by more than ``lag_margin``;
   c. *silent*: no counted update for more than the reporting period plus its grace days
      (monthly 31 + 10, quarterly 92 + 15) since the last one, or since the start.
4. **推进中 in progress** — some counted update exists.
5. **未启动 not started** — nothing reported yet.

A task without a due day (长期坚持, 持续推进, or a deadline that could not be read) is never
late by its deadline and is judged by its milestones and its reporting only.  Before its start
a task is 未启动 whatever else holds.  Every result carries its reasons, in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planscope.supervision.rules import StatusRule, TaskStatus, status_rule


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due: date


@dataclass(frozen=True)
class UpdateFacts:
    """A counted update: its date, percent done (if given) and the milestone it reports (if any)."""

    on: date
    percent: int | None = None
    milestone: str | None = None


@dataclass(frozen=True)
class TaskFacts:
    started_on: date
    due: date | None
    frequency: str = "quarterly"
    milestones: tuple[MilestoneFacts, ...] = ()
    updates: tuple[UpdateFacts, ...] = ()


@dataclass(frozen=True)
class StatusResult:
    status: TaskStatus
    reasons: tuple[str, ...]
    percent: int | None  # the share done as last reported
    last_update: date | None
    next_due: date | None  # the next milestone's date or the deadline, whichever comes first and is unmet
    done_on: date | None = None
    done_late: bool = False


def task_status(task: TaskFacts, as_of: date, rule: StatusRule | None = None) -> StatusResult:
    """The status of ``task`` on the day ``as_of`` (see the module's docstring for the rule)."""
    rule = rule or status_rule()
    updates = sorted((u for u in task.updates if u.on <= as_of), key=lambda u: u.on)
    percent = next((u.percent for u in reversed(updates) if u.percent is not None), None)
    last = updates[-1].on if updates else None
    reached = _reached(task.milestones, updates)
    next_due = _next_due(task, reached)

    def result(status: TaskStatus, reasons: tuple[str, ...], done_on: date | None = None,
               done_late: bool = False) -> StatusResult:
        return StatusResult(status, reasons, percent, last, next_due, done_on, done_late)

    if as_of < task.started_on:
        return result("not_started", (f"{task.started_on} 开始 / starts {task.started_on}",))
    done = next((u for u in updates if u.percent == 100), None)
    if done is not None and percent == 100:
        late = task.due is not None and done.on > task.due
        why = f"{done.on} 报告完成" + ("（逾期）" if late else "") + f" / reported done on {done.on}" + \
            (" (after the deadline)" if late else "")
        return result("done", (why,), done.on, late)
    late_reasons = _late(task, reached, as_of)
    if late_reasons:
        return result("late", late_reasons)
    risks = _risks(task, percent or 0, last, as_of, rule)
    if risks:
        return result("at_risk", risks)
    if updates:
        return result("in_progress", (f"{last} 最近报送 / last reported {last}",))
    return result("not_started", ("尚无进展报送 / nothing reported yet",))


def _reached(milestones: tuple[MilestoneFacts, ...], updates: list[UpdateFacts]) -> dict[str, date]:
    out: dict[str, date] = {}
    for u in updates:
        if u.milestone and u.milestone not in out:
            out[u.milestone] = u.on
    return out


def _next_due(task: TaskFacts, reached: dict[str, date]) -> date | None:
    dates = [m.due for m in task.milestones if m.title not in reached]
    if task.due is not None:
        dates.append(task.due)
    return min(dates) if dates else None


def _late(task: TaskFacts, reached: dict[str, date], as_of: date) -> tuple[str, ...]:
    out = []
    if task.due is not None and as_of > task.due:
        out.append(f"已过期限 {task.due}（逾期 {(as_of - task.due).days} 天） / past the deadline {task.due} "
                   f"by {(as_of - task.due).days} days")
    for m in task.milestones:
        if m.title not in reached and as_of > m.due:
            out.append(f"节点“{m.title}”应于 {m.due} 完成，未报达成 / milestone '{m.title}' due {m.due} not reached")
    return tuple(out)


def _risks(task: TaskFacts, percent: int, last: date | None, as_of: date, rule: StatusRule) -> tuple[str, ...]:
    out = []
    if task.due is not None:
        left = (task.due - as_of).days
        if left <= rule.near_days and percent < rule.near_percent:
            out.append(f"距期限 {left} 天，完成 {percent}%（不足 {rule.near_percent}%） / {left} days to the deadline, "
                       f"{percent}% done (under {rule.near_percent}%)")
        span = (task.due - task.started_on).days
        if span > 0:
            elapsed = min(1.0, max(0.0, (as_of - task.started_on).days / span))
            if elapsed - percent / 100 > rule.lag_margin + 1e-9:
                out.append(f"时间过 {elapsed:.0%}，任务完成 {percent}% / {elapsed:.0%} of the time gone, "
                           f"{percent}% done")
    freq = rule.frequencies.get(task.frequency)
    if freq is not None:
        since = last or task.started_on
        silent = (as_of - since).days
        if silent > freq.days + freq.grace:
            what = "上次报送" if last else "开始"
            out.append(f"{what}（{since}）后 {silent} 天未报送，应{freq.zh}报送 / no update for {silent} days "
                       f"(reporting {freq.en})")
    return tuple(out)
