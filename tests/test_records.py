"""The typed records the views hand to the CLI, the web and the reports: their codes are the
labels' codes, their public shape is the CLI's JSON, and a progress explanation is its steps."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import get_args

import pytest
from click.testing import CliRunner

from planscope.cli.commands import main
from planscope.labels import Status, codes
from planscope.library import TargetFilter
from planscope.monitoring.progress import Observation, TargetSpec, assess
from planscope.records import CompletionRow, ProgressItem, TargetItem
from planscope.store import Database
from planscope.views import ACTUAL_COLUMNS, PROGRESS_COLUMNS, TARGET_COLUMNS, document_view, progress_view, targets_view

PLAN = """云岭市国民经济和社会发展第十五个五年规划纲要
第一章  发展基础
2025年，全市地区生产总值达到800亿元，森林覆盖率达到40%。
第二章  主要目标
到2030年，全市地区生产总值达到1100亿元，森林覆盖率达到42%以上。
"""
BULLETIN = """云岭市2027年国民经济和社会发展统计公报
云岭市统计局
初步核算，全年全市地区生产总值900亿元，比上年增长5.5%。全年全市森林覆盖率39.5%。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("records")
    (folder / "plan.txt").write_text(PLAN, "utf-8")
    (folder / "bulletin.txt").write_text(BULLETIN, "utf-8")
    url = f"sqlite:///{folder / 'lib.db'}"
    result = CliRunner().invoke(main, ["--db", url, "ingest", str(folder / "plan.txt"), str(folder / "bulletin.txt")])
    assert result.exit_code == 0, result.output
    return url


def test_status_codes_are_the_labels_codes() -> None:
    assert set(get_args(Status)) == set(codes("status"))


def test_the_views_return_typed_records_whose_public_shape_is_the_cli_json(library: str) -> None:
    with Database(library).session() as session:
        targets = targets_view(session, TargetFilter()).records
        actuals = targets_view(session, TargetFilter(actuals=True)).records
        progress = progress_view(session).records
    assert targets and actuals and progress
    assert all(isinstance(r, TargetItem) for r in targets + actuals)
    assert all(isinstance(r, ProgressItem) for r in progress)
    assert set(TARGET_COLUMNS) <= set(targets[0].as_dict())
    assert set(ACTUAL_COLUMNS) <= set(actuals[0].as_dict()) and "target_year" not in actuals[0].as_dict()
    assert set(PROGRESS_COLUMNS) <= {f.name for f in fields(ProgressItem)}
    runner = CliRunner()
    cli = json.loads(runner.invoke(main, ["--db", library, "progress", "--format", "json"]).output)
    assert cli == [r.as_dict() for r in progress]
    jsonl = runner.invoke(main, ["--db", library, "targets", "--format", "jsonl"]).output.splitlines()
    assert [json.loads(line) for line in jsonl] == [r.as_dict() for r in targets]


def test_a_record_cites_every_statement_of_its_target(library: str) -> None:
    with Database(library).session() as session:
        progress = progress_view(session).records
    forest = next(r for r in progress if r.indicator_id == "forest_coverage")
    assert forest.status == "moving_away"  # 40 → 39.5, away from 42
    assert forest.sources and all("42%" in s.quote and s.end > s.start for s in forest.sources)


def test_a_completion_row_has_one_shape_whatever_its_verdict() -> None:
    keys = {f.name for f in fields(CompletionRow)}
    row = CompletionRow("专栏1", "森林覆盖率(%)", "42", "*", None, 2025, "no_data", "")
    assert set(row.as_dict()) == keys


def _level(**kw: object) -> TargetSpec:
    base = dict(kind="level", comparator=">=", target_value=1100.0, target_low=None, target_high=None,
                target_year=2030, baseline_value=800.0, baseline_year=2025, direction="up", attribute="约束性")
    return TargetSpec(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize("spec, observed", [
    (_level(), [Observation(2027, 900.0)]),  # compound pace, behind: moderate
    (_level(baseline_value=-5.0, target_value=10.0), [Observation(2027, 1.0)]),  # linear method
    (_level(comparator="range", target_value=None, target_low=3.0, target_high=4.0, baseline_value=6.0),
     [Observation(2027, 5.0)]),  # a band
    (_level(kind="growth_rate", target_value=6.0, baseline_value=None),
     [Observation(2026, 5.0), Observation(2027, 5.5)]),
    (_level(kind="change", target_value=13.5, direction="down", unit="%", baseline_value=None),
     [Observation(2026, 2.0), Observation(2028, 2.5)]),  # a missing year: a caveat step
])
def test_the_explanation_is_rendered_from_its_steps(spec: TargetSpec, observed: list[Observation]) -> None:
    p = assess(spec, observed)
    zh, en = p.explanation.split(" / ", 1)[0], p.explanation.split(" / ", 1)[1]
    assert zh.split("：", 1)[1] == "；".join(s.zh for s in p.steps)
    assert en.split(": ", 1)[1] == "; ".join(s.en for s in p.steps)
    assert len(p.steps) >= 4  # the head, time elapsed, the rates or distances, the projection at least
    assert any(s.zh.startswith("时间进度") for s in p.steps)
    assert any("推算" in s.zh for s in p.steps) and any("projected" in s.en for s in p.steps)


def test_a_binding_target_off_track_ends_with_the_warning_step() -> None:
    p = assess(_level(), [Observation(2027, 810.0)])
    assert p.warning and p.steps[-1].en.startswith("binding target off track")


def test_the_document_view_gives_the_text_with_every_record_at_its_span(library: str) -> None:
    with Database(library).session() as session:
        view = document_view(session, "plan.txt", with_text=True)
        plain = document_view(session, "plan.txt")
    assert view.text is not None and plain.text is None and not plain.targets
    assert view.targets and view.actuals
    for record in view.targets + view.actuals:
        assert view.text[record.start:record.end] == record.quote
        assert record.value and record.value in view.text[record.value_start:record.value_end]
    assert [n.label for n in view.outline] and view.doc.file == "plan.txt"
    assert view.as_dict()["outline"][0]["title"] == view.outline[0].title
