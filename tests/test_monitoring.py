"""Progress of stored targets against the values later documents report for the same region."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planscope.cli import main

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
