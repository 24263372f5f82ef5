"""Implausible values: rejected from spreadsheets and by hand, flagged (never dropped) in
extracted targets, and shown with their flag wherever the value is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planscope.catalogue.indicators import load_catalogue
from planscope.cli.commands import main
from planscope.monitoring.plausibility import check, load_raw

KINDS = {"share", "growth_rate", "count", "level", "change", "ratio"}
LEVELS = {"national", "province", "city", "county"}


def test_every_bound_has_a_source_is_ordered_and_names_a_catalogued_indicator() -> None:
    raw = load_raw()
    assert set(raw) <= {"kind", "indicator"}
    catalogue = load_catalogue()
    for kind, entry in raw["kind"].items():
        assert kind in KINDS and entry["source"].strip()
        assert set(entry) <= {"source", "min", "max", "unit_bases"}, set(entry)
        if "min" in entry and "max" in entry:
            assert entry["min"] < entry["max"]
    for entry in raw["indicator"]:
        assert set(entry) <= {"id", "source", "min", "max", "levels"}, set(entry)
        assert entry["id"] in catalogue, entry["id"]
        assert entry["source"].strip()
        bounds = [(entry["min"], entry["max"])] if "min" in entry else []
        for level, pair in entry.get("levels", {}).items():
            assert level in LEVELS
            bounds.append(tuple(pair))
        assert bounds and all(low < high for low, high in bounds), entry["id"]


@pytest.mark.parametrize(("args", "plausible"), [
    (("urbanisation_rate_resident", "share", "percent", 65.2), True),
    (("urbanisation_rate_resident", "share", "percent", 123456.0), False),
    ((None, "share", "percent", 100.0), True),
    ((None, "share", "percent", -0.5), False),
    (("foreign_trade_dependence", "share", "percent", 140.0), True),  # port cities pass 100 %
    ((None, "growth_rate", "percent", -12.0), True),
    ((None, "growth_rate", "percent", 320.0), True),  # 增长3.2倍
    ((None, "growth_rate", "percent", -120.0), False),
    ((None, "count", "count", -2.0), False),
    (("average_schooling_years", "level", "years", -3.0), False),
    (("average_schooling_years", "level", "years", 11.2), True),
    (("gdp", "level", "yuan", 1e29, "city"), False),
    (("gdp", "level", "yuan", 1.2e12, "city"), True),
    (("gdp", "level", "yuan", 1.2e12, "county"), True),
    (("gdp", "level", "yuan", 1.2e12, "national"), True),
    (("gdp", "level", "yuan", 1.2e5, "county"), False),  # 12万元: a unit slip (亿 lost)
    (("gdp", "growth_rate", "percent", 4.8, "city"), True),  # a growth named after its level
    ((None, "level", "yuan", -5e9), True),  # money balances may be negative
])
def test_the_rule(args: tuple[object, ...], plausible: bool) -> None:
    reason = check(*args)  # type: ignore[arg-type]
    assert (reason is None) is plausible, reason
    if reason:
        assert " / " in reason and "\n" not in reason


PLAN = """云岭市国民经济和社会发展第十五个五年规划纲要
第一章  主要目标
表1  “十五五”时期经济社会发展主要指标
序号  指标名称  单位  2025年  2030年  属性
1  常住人口城镇化率  %  62.1  1234  预期性
2  森林覆盖率  %  40.2  41  约束性
"""


def test_an_implausible_target_is_flagged_kept_and_shown(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, "utf-8")
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", url, "ingest", "--region", "示例市", str(tmp_path / "plan.txt")]).exit_code == 0
    records = [json.loads(x) for x in runner.invoke(main, ["--db", url, "targets", "--format", "jsonl"]).output
               .splitlines()]
    by_name = {r["indicator_id"]: r for r in records if r["target_year"] == 2030}
    assert by_name["urbanisation_rate_resident"]["value_normalized"] == 1234  # kept as written
    assert "1234" in by_name["urbanisation_rate_resident"]["flags"][0]
    assert by_name["forest_coverage"]["flags"] == []
    table = runner.invoke(main, ["--db", url, "targets"], terminal_width=200).output
    assert "⚠1" in table and "implausible" in table
    csv_text = runner.invoke(main, ["--db", url, "targets", "--format", "csv"]).output
    assert csv_text.splitlines()[0].endswith("flags") and "implausible" in csv_text
    progress = json.loads(runner.invoke(main, ["--db", url, "progress", "--format", "json"]).output)
    flagged = [r for r in progress if r["indicator_id"] == "urbanisation_rate_resident"]
    assert flagged and flagged[0]["flags"]
    assert "implausible" in runner.invoke(main, ["--db", url, "progress"], terminal_width=200).output
