"""The status rule (planscope.supervision.status.task_status) at its boundaries: the due day
itself is in time, the day after is late; a milestone unmet after its day makes the task late;
the near-deadline, time-elapsed and silence tests of 有风险 each at their edge."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planscope.supervision.rules import status_rule
from planscope.supervision.status import MilestoneFacts, TaskFacts, UpdateFacts, task_status

START = date(2026, 1, 1)
DUE = date(2026, 12, 31)
RULE = status_rule()


def facts(*updates: UpdateFacts, due: date | None = DUE, milestones: tuple[MilestoneFacts, ...] = (),
          frequency: str = "quarterly") -> TaskFacts:
    return TaskFacts(START, due, frequency, milestones, updates)


def test_nothing_reported_is_not_started_until_the_unit_falls_silent() -> None:
    assert task_status(facts(), START).status == "not_started"
    quarterly = RULE.frequencies["quarterly"]
    edge = START + timedelta(days=quarterly.days + quarterly.grace)
    assert task_status(facts(due=None), edge).status == "not_started"
    late = task_status(facts(due=None), edge + timedelta(days=1))
    assert late.status == "at_risk" and "未报送" in late.reasons[-1]


def test_before_its_start_a_task_is_not_started_whatever_else_holds() -> None:
    early = TaskFacts(date(2026, 6, 1), date(2026, 3, 1))
    assert task_status(early, date(2026, 5, 1)).status == "not_started"


def test_the_due_day_is_in_time_and_the_day_after_is_late() -> None:
    working = facts(UpdateFacts(date(2026, 12, 20), 95))
    assert task_status(working, DUE).status != "late"
    after = task_status(working, DUE + timedelta(days=1))
    assert after.status == "late" and "逾期 1 天" in after.reasons[0]


def test_done_is_the_latest_update_at_100_percent_and_says_when_it_was_late() -> None:
    on_time = task_status(facts(UpdateFacts(date(2026, 3, 1), 40), UpdateFacts(DUE, 100)), date(2027, 2, 1))
    assert (on_time.status, on_time.done_late) == ("done", False)
    late = task_status(facts(UpdateFacts(DUE + timedelta(days=1), 100)), date(2027, 2, 1))
    assert (late.status, late.done_late, late.done_on) == ("done", True, DUE + timedelta(days=1))
    reopened = task_status(facts(UpdateFacts(date(2026, 3, 1), 100), UpdateFacts(date(2026, 4, 1), 90)),
                           date(2026, 4, 2))
    assert reopened.status != "done" and reopened.percent == 90


def test_updates_after_the_day_asked_about_do_not_count() -> None:
    result = task_status(facts(UpdateFacts(date(2026, 5, 1), 100)), date(2026, 4, 30))
    assert result.status != "done" and result.percent is None


def test_a_milestone_unmet_after_its_day_makes_the_task_late_and_reaching_it_clears_that() -> None:
    step = MilestoneFacts("完成方案编制", date(2026, 3, 31))
    base = (UpdateFacts(date(2026, 3, 1), 20),)
    assert task_status(facts(*base, milestones=(step,)), date(2026, 3, 31)).status != "late"
    late = task_status(facts(*base, milestones=(step,)), date(2026, 4, 1))
    assert late.status == "late" and "完成方案编制" in late.reasons[0]
    reached = facts(*base, UpdateFacts(date(2026, 4, 10), 30, "完成方案编制"), milestones=(step,))
    assert task_status(reached, date(2026, 4, 11)).status == "in_progress"
    assert task_status(reached, date(2026, 4, 11)).next_due == DUE


def test_near_the_deadline_with_little_done_is_at_risk_at_the_edge() -> None:
    day = DUE - timedelta(days=RULE.near_days)
    below = facts(UpdateFacts(day - timedelta(days=1), RULE.near_percent - 1))
    enough = facts(UpdateFacts(day - timedelta(days=1), RULE.near_percent))
    assert task_status(below, day).status == "at_risk"
    assert task_status(enough, day).status == "in_progress"
    assert task_status(below, day - timedelta(days=1)).status == "in_progress"


def test_time_elapsed_against_work_done_at_the_margin() -> None:
    """Half the time gone: at risk only when less than (50 % − margin) is done."""
    due = START + timedelta(days=200)
    half = START + timedelta(days=100)
    edge = round((0.5 - RULE.lag_margin) * 100)
    on_edge = TaskFacts(START, due, "monthly", (), (UpdateFacts(half, edge),))
    below = TaskFacts(START, due, "monthly", (), (UpdateFacts(half, edge - 1),))
    assert task_status(on_edge, half).status == "in_progress"
    assert task_status(below, half).status == "at_risk"


def test_a_standing_task_is_never_late_by_a_deadline_only_by_its_reporting() -> None:
    standing = facts(UpdateFacts(date(2026, 1, 5), 10), due=None, frequency="monthly")
    assert task_status(standing, date(2026, 2, 1)).status == "in_progress"
    silent = task_status(standing, date(2027, 6, 1))
    assert silent.status == "at_risk" and all("期限" not in r for r in silent.reasons)


@pytest.mark.parametrize("frequency", ["monthly", "quarterly"])
def test_each_frequency_has_its_own_silence_limit(frequency: str) -> None:
    f = RULE.frequencies[frequency]
    last = date(2026, 2, 1)
    task = facts(UpdateFacts(last, 30), due=None, frequency=frequency)
    assert task_status(task, last + timedelta(days=f.days + f.grace)).status == "in_progress"
    assert task_status(task, last + timedelta(days=f.days + f.grace + 1)).status == "at_risk"
