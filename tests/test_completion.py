"""Completion tables: each of the previous plan's targets judged against its result."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planscope.cli.commands import main

REVIEW = """某市国民经济和社会发展第十五个五年规划纲要
第一章  发展基础
专栏1  “十四五”规划主要指标完成情况
序号    指标    属性    规划目标（2025年）    2025年完成情况
1    地区生产总值（亿元）    预期性    8000以上    7860
2    常住人口城镇化率（%）    预期性    70左右    69.2
3    城镇调查失业率（%）    预期性    5.5以内    5.1
4    单位地区生产总值能源消耗降低（%）    约束性    完成省下达任务    完成省下达任务
5    森林覆盖率（%）    约束性    40    *
6    每千人口拥有执业（助理）医师数（人）    预期性    3.5    3.7
第二章  主要目标
到2030年，全市地区生产总值达到1万亿元以上。
"""


def judged(tmp_path: Path, text: str, name: str) -> dict[str, str]:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db_url, "ingest", str(path)]).exit_code == 0
    result = runner.invoke(main, ["--db", db_url, "completion", name, "--format", "json"])
    assert result.exit_code == 0, result.output
    return {r["indicator"].split("(")[0]: r["status"] for r in json.loads(result.output)}


def test_a_completion_table_is_judged_row_by_row(tmp_path: Path) -> None:
    statuses = judged(tmp_path, REVIEW, "plan.txt")
    assert statuses == {
        "地区生产总值": "not_achieved",  # 7860 < 8000 以上
        "常住人口城镇化率": "achieved",  # 69.2 within 70 左右 (±2 %)
        "城镇调查失业率": "achieved",  # 5.1 ≤ 5.5
        "单位地区生产总值能源消耗降低": "achieved",  # the assigned task reported completed
        "森林覆盖率": "no_data",  # * not yet published
        "每千人口拥有执业": "achieved",  # 3.7 ≥ 3.5
    }


def test_nanjing_completion_table_agrees_with_its_own_figures(corpus_dev: Path, tmp_path: Path) -> None:
    source = corpus_dev / "nanjing_15th_fyp_outline.txt"
    statuses = judged(tmp_path, source.read_text("utf-8"), source.name)
    expected = {  # read off the table by hand: target column against the 2025 column
        "地区生产总值": "not_achieved", "研发经费支出占地区生产总值比重": "achieved",
        "制造业增加值占比": "not_achieved", "每千人口拥有执业": "not_achieved", "城镇调查失业率": "no_data",
        "单位地区生产总值二氧化碳排放降低": "no_data", "林木覆盖率": "achieved", "耕地保有量": "achieved",
        "生产安全事故起数和死亡人数下降": "achieved", "全体居民人均可支配收入": "not_achieved",
    }
    assert {k: statuses.get(k) for k in expected} == expected


def test_a_range_target_is_judged_as_progress_judges_it(tmp_path: Path) -> None:
    """One test of "met" for completion tables and progress: a range 8%-9% is a number."""
    text = REVIEW.replace("1    地区生产总值（亿元）    预期性    8000以上    7860",
                          "1    地区生产总值增长（%）    预期性    8%-9%    8.4")
    statuses = judged(tmp_path, text, "plan.txt")
    assert statuses["地区生产总值增长"] == "achieved"


def test_the_target_number_is_the_one_the_judgement_compared() -> None:
    from planscope.monitoring.completion import target_number
    from planscope.records import CompletionRow

    def row(target: str | None) -> CompletionRow:
        return CompletionRow("专栏1", "地区生产总值(亿元)", target, "19428.78", "预期性", 2025, "not_achieved", "")

    assert [target_number(row(t)) for t in ("20000以上", "4左右", "〔>15〕", "完成省下达指标", None)] == [
        20000, 4, 15, None, None]
