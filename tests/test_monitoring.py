"""Progress of stored targets against the values later documents report for the same region."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from planscope.cli.commands import main

PLAN = """巩义市国民经济和社会发展第十五个五年规划纲要
（2026年1月18日巩义市第十八届人民代表大会第五次会议批准）
第一章  发展基础
2025年，全市地区生产总值达到1000亿元，森林覆盖率达到30%。
第二章  主要目标
到2030年，全市地区生产总值达到1400亿元，森林覆盖率达到32%以上。
"""

BULLETIN = """巩义市{year}年国民经济和社会发展统计公报
巩义市统计局
一、综合
初步核算，全年全市地区生产总值{gdp}亿元，比上年增长5.0%。年末全市常住人口80.1万人，比上年末增加0.2万人。
全年全市森林覆盖率{forest}%，比上年提高0.1个百分点。居民消费价格比上年上涨0.5%。
"""


def test_progress_follows_targets_with_bulletin_figures(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text(PLAN, "utf-8")
    (docs / "b2026.txt").write_text(BULLETIN.format(year=2026, gdp=1070, forest=29.5), "utf-8")
    (docs / "b2027.txt").write_text(BULLETIN.format(year=2027, gdp=1150, forest=29.0), "utf-8")
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    ingested = runner.invoke(main, ["--db", db_url, "ingest", str(docs)])
    assert ingested.exit_code == 0, ingested.output
    result = runner.invoke(main, ["--db", db_url, "progress", "--region", "巩义市", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = {r["indicator_id"]: r for r in json.loads(result.output)}
    gdp = records["gdp"]
    assert (gdp["baseline_year"], gdp["baseline_value"]) == (2025, 1e11)
    assert (gdp["latest_year"], gdp["latest_value"]) == (2027, 1.15e11)
    # required (1400/1000)^(1/5) − 1 = 6.96 %/yr; achieved (1150/1000)^(1/2) − 1 = 7.24 %/yr: ratio ≥ 0.95
    assert gdp["status"] == "significant" and not gdp["warning"]
    forest = records["forest_coverage"]
    assert forest["status"] == "moving_away"  # 30 → 29: away from 32
    assert "1150" in gdp["latest_quote"] and gdp["latest_source"] == "b2027.txt"
    table = runner.invoke(main, ["--db", db_url, "progress"]).output
    assert "moving_away" in table


# ---------------------------------------------------------------- the plan's period (十五五 fixture)

FIXTURES = Path(__file__).parent / "fixtures" / "monitoring"
SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")  # 5.0024e+10
BULLETINS = {2021: (430.5, 58.4), 2022: (452.1, 59.2), 2023: (470.8, 60.3), 2024: (489.6, 61.1),
             2026: (531.2, 62.7)}


def _library(tmp_path: Path, years: tuple[int, ...]) -> tuple[CliRunner, str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "outline.txt").write_text((FIXTURES / "shili_15th_outline.txt").read_text("utf-8"), "utf-8")
    template = (FIXTURES / "bulletin.txt.tpl").read_text("utf-8")
    for year in years:
        gdp, urban = BULLETINS[year]
        (docs / f"b{year}.txt").write_text(template.format(year=year, gdp=gdp, urban=urban), "utf-8")
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db_url, "ingest", str(docs)])
    assert result.exit_code == 0, result.output
    return runner, db_url


def _progress(runner: CliRunner, db_url: str, *args: str) -> dict[str, dict]:
    result = runner.invoke(main, ["--db", db_url, "progress", "--region", "示例市", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {r["indicator_id"]: r for r in json.loads(result.output)}


def test_observations_before_the_plan_period_are_baselines_not_progress(tmp_path: Path) -> None:
    runner, db_url = _library(tmp_path, (2021, 2022, 2023, 2024))
    records = _progress(runner, db_url)
    gdp = records["gdp"]
    assert gdp["status"] == "no_data" and gdp["period"] == "2026–2030"
    assert gdp["baseline_year"] == 2025 and gdp["baseline"] == "500.24亿元"
    # the reason names the window and the latest observation seen
    assert "2026–2030" in gdp["explanation"] and "500.24亿元" in gdp["explanation"]
    assert "只作基期参考" in gdp["explanation"] and "baseline, not progress" in gdp["explanation"]
    assert records["urbanisation_rate_resident"]["status"] == "no_data"


def test_the_first_year_inside_the_period_is_judged_against_the_base_year(tmp_path: Path) -> None:
    runner, db_url = _library(tmp_path, (2021, 2022, 2023, 2024, 2026))
    gdp = _progress(runner, db_url)["gdp"]
    assert gdp["status"] != "no_data"
    assert (gdp["baseline_year"], gdp["latest_year"], gdp["latest"]) == (2025, 2026, "531.2亿元")
    assert gdp["figures"]["years_elapsed"] == 1 and gdp["figures"]["period_years"] == 5
    assert "500.24亿元" in gdp["explanation"] and not SCIENTIFIC.search(gdp["explanation"])
    imported = runner.invoke(main, ["--db", db_url, "observe", "import", str(FIXTURES / "observations_2027.csv")])
    assert imported.exit_code == 0, imported.output
    gdp = _progress(runner, db_url)["gdp"]
    assert (gdp["latest_year"], gdp["latest"]) == (2027, "571.3亿元")
    assert _progress(runner, db_url, "--year", "2026")["gdp"]["latest_year"] == 2026


def test_a_target_in_the_table_and_the_text_is_one_row_citing_both(tmp_path: Path) -> None:
    runner, db_url = _library(tmp_path, ())
    result = runner.invoke(main, ["--db", db_url, "progress", "--region", "示例市", "--format", "json"])
    rows = [r for r in json.loads(result.output) if r["indicator_id"] == "gdp"]
    assert len(rows) == 1
    sources = rows[0]["sources"]
    assert [s["source"].split(":")[0] for s in sources] == ["table", "prose"]  # the table row is primary
    text = (FIXTURES / "shili_15th_outline.txt").read_text("utf-8")
    assert all("650" in text[s["start"]:s["end"]] for s in sources)
    assert rows[0]["start"] == sources[0]["start"]


def test_inherited_targets_show_their_words_never_a_dash(tmp_path: Path) -> None:
    runner, db_url = _library(tmp_path, (2024,))
    energy = _progress(runner, db_url)["energy_intensity_reduction"]
    assert energy["status"] == "inherited" and energy["inherited"] and not energy["warning"]
    assert "完成省下达目标" in energy["target"] and energy["ratio"] is None
    table = runner.invoke(main, ["--db", db_url, "progress", "--region", "示例市"]).output
    assert "= —" not in table and "承接上级" in table
    assert not SCIENTIFIC.search(table) and "500.24亿元" in table


def test_exports_show_figures_in_the_plans_unit(tmp_path: Path) -> None:
    runner, db_url = _library(tmp_path, (2026,))
    out = tmp_path / "p.csv"
    result = runner.invoke(main, ["--db", db_url, "progress", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    csv_text = out.read_text("utf-8")
    assert "500.24亿元" in csv_text and "531.2亿元" in csv_text and not SCIENTIFIC.search(csv_text)
    assert "table:专栏1 [" in csv_text  # the cited spans
