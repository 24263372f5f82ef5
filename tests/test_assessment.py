"""Assessment (考核): every score from the published formula (data/scoring.toml) with its
breakdown; components with nothing to judge are left out and the weights shared out."""

from __future__ import annotations

from datetime import datetime

import pytest

from planscope.datafiles import problems
from planscope.store import Database, ObservationRow
from planscope.supervision.assessment import assess
from planscope.supervision.rules import formula

import supmaker


def by_name(rows: list, name: str):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.name == name)


def test_scores_follow_the_formula_and_say_what_was_not_judged(db: Database) -> None:
    supmaker.build(db)
    with db.session() as s:
        rows = assess(s, 2026)
    city = by_name(rows, "示例市")
    parts = {c.id: c for c in city.components}
    # timeliness at the year's end: done 100, two late 0, two at risk (near the deadline, silent) 50 each
    assert (parts["task_timeliness"].score, parts["task_timeliness"].n) == (40.0, 5)
    assert parts["target_progress"].score is None and parts["data_reporting"].score is None
    assert "目标进展" in city.note and "数据报送" in city.note
    judged = [c for c in city.components if c.score is not None]
    assert abs(sum(c.effective_weight for c in judged) - 1) < 1e-3
    assert city.score == round(sum(c.score * c.effective_weight for c in judged), 1)  # type: ignore[operator]
    weights = formula().components
    assert parts["task_timeliness"].effective_weight == pytest.approx(
        weights["task_timeliness"].weight / (weights["task_timeliness"].weight + weights["update_quality"].weight),
        abs=1e-4)


def test_a_unit_is_judged_on_the_tasks_it_leads_and_its_own_reporting(db: Database) -> None:
    supmaker.build(db)
    with db.session() as s:
        rows = assess(s, 2026, "示例市")
    finance = {c.id: c for c in by_name(rows, "示例市财政局").components}
    assert (finance["task_timeliness"].score, finance["task_timeliness"].n) == (0.0, 1)  # its one task is late
    # quality of its one update: a short text (under min_chars), a percent, no attachment, the late reason given
    assert finance["update_quality"].score == 50.0
    transport = {c.id: c for c in by_name(rows, "示例市交通运输局").components}
    # quarterly periods of 2026 after the start: Q1–Q4 ended by 12-31; it reported in Q3 only
    assert (transport["data_reporting"].score, transport["data_reporting"].n) == (25.0, 4)


def test_a_regions_data_reporting_counts_accepted_values_on_time(db: Database) -> None:
    supmaker.build(db)

    def value(status: str, recorded: datetime) -> ObservationRow:
        return ObservationRow(region_code="990100", region="示例市", indicator_id="gdp", indicator="地区生产总值",
                              year=2025, value="1", unit="亿元", value_normalized=1e8, unit_normalized="yuan",
                              kind="level", source_type="person", source="统计局", recorded_at=recorded,
                              status=status)
    with db.session() as s:
        s.add_all([value("accepted", datetime(2026, 3, 1)), value("accepted", datetime(2026, 5, 1)),
                   value("rejected", datetime(2026, 3, 2)), value("pending", datetime(2026, 3, 3))])
    with db.session() as s:
        reporting = {c.id: c for c in by_name(assess(s, 2026), "示例市").components}["data_reporting"]
    late = formula().components["data_reporting"].late_share
    assert reporting.n == 3 and reporting.score == round((100 + 100 * late + 0) / 3, 1)


def test_the_formula_file_is_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from importlib import resources

    text = resources.files("planscope.data").joinpath("scoring.toml").read_text("utf-8")
    (tmp_path / "scoring.toml").write_text(text.replace("weight = 0.4", "weight = 0.5"), "utf-8")
    found = [p for p in problems(tmp_path) if p.startswith("scoring.toml")]
    assert any("add up to 1.1" in p for p in found), found
    (tmp_path / "scoring.toml").write_text(text.replace("late = 0 }", "late = 0, stalled = 10 }"), "utf-8")
    assert any("unknown status 'stalled'" in p for p in problems(tmp_path)), problems(tmp_path)
