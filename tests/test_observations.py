"""Values from spreadsheets and people: checks, rejection reports, vintages, templates."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from planscope.cli.commands import main

PLAN = """巩义市国民经济和社会发展第十五个五年规划纲要
（2026年1月18日巩义市第十八届人民代表大会第五次会议批准）
第一章  发展基础
2025年，全市地区生产总值达到1000亿元，森林覆盖率达到30%。
第二章  主要目标
到2030年，全市地区生产总值达到1400亿元，森林覆盖率达到32%以上。
"""

SHEET = """地区,指标,年份,数值,单位,来源
巩义市,地区生产总值,2026,1070,亿元,巩义市统计局
巩义市,森林覆盖率,2026,30.4,%,巩义市林业局
巩义市,不存在的指标,2026,12,%,巩义市统计局
巩义市,地区生产总值,2027,约一千一,亿元,巩义市统计局
巩义市,地区生产总值,2026,1071,亿元,巩义市统计局
巩义市,森林覆盖率,2040,33,%,巩义市林业局
巩义市,森林覆盖率,2027,30.8,万吨,巩义市林业局
不存在市,森林覆盖率,2027,30.8,%,巩义市林业局
"""


def library(tmp_path: Path) -> tuple[CliRunner, str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text(PLAN, "utf-8")
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db_url, "ingest", str(docs)]).exit_code == 0
    return runner, db_url


def observations(runner: CliRunner, db_url: str, *args: str) -> list[dict[str, object]]:
    out = runner.invoke(main, ["--db", db_url, "observe", "list", "--format", "jsonl", *args]).output
    return [json.loads(line) for line in out.splitlines()]


def test_every_rejected_row_is_reported_and_the_good_rows_go_in(tmp_path: Path) -> None:
    runner, db_url = library(tmp_path)
    sheet = tmp_path / "填报.csv"
    sheet.write_text(SHEET, "utf-8-sig")
    result = runner.invoke(main, ["--db", db_url, "observe", "import", str(sheet)])
    assert result.exit_code == 1
    rejected = [line for line in result.output.splitlines() if "✗" in line]
    assert len(rejected) == 6
    for reason in ("未知指标", "数值无法识别", "重复行", "不在规划期", "无法换算", "不存在市"):
        assert any(reason in line for line in rejected), reason
    assert "2 rows imported, 6 rejected" in result.output
    sheet_values = [r for r in observations(runner, db_url) if r["source_type"] == "sheet"]
    assert sorted((r["indicator_id"], r["year"]) for r in sheet_values) == [("forest_coverage", 2026), ("gdp", 2026)]
    assert all(r["file"] == "填报.csv" and r["cell"] for r in sheet_values)


def test_all_or_nothing_stores_nothing_when_a_row_is_rejected(tmp_path: Path) -> None:
    runner, db_url = library(tmp_path)
    sheet = tmp_path / "bad.csv"
    sheet.write_text(SHEET, "utf-8")
    result = runner.invoke(main, ["--db", db_url, "observe", "import", str(sheet), "--all-or-nothing"])
    assert result.exit_code == 1 and "nothing imported" in result.output
    assert [r for r in observations(runner, db_url) if r["source_type"] == "sheet"] == []


def test_template_is_filled_in_and_imported_back(tmp_path: Path) -> None:
    runner, db_url = library(tmp_path)
    path = tmp_path / "模板.xlsx"
    assert runner.invoke(main, ["--db", db_url, "template", "巩义市", "-o", str(path)]).exit_code == 0
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["地区", "指标", "指标代码", "年份", "数值"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert {(r[2], r[3]) for r in rows} >= {("gdp", 2026), ("gdp", 2030), ("forest_coverage", 2028)}
    for row in ws.iter_rows(min_row=2):
        if row[2].value == "gdp" and row[3].value == 2026:
            row[4].value = 1065
    filled = tmp_path / "已填报.xlsx"
    wb.save(filled)
    result = runner.invoke(main, ["--db", db_url, "observe", "import", str(filled)])
    assert result.exit_code == 0, result.output
    [gdp] = observations(runner, db_url, "--indicator", "gdp", "--year", "2026")
    assert gdp["value_normalized"] == 1.065e11


def test_a_later_vintage_wins_and_the_history_stays(tmp_path: Path) -> None:
    runner, db_url = library(tmp_path)
    for value, by in (("1070", "统计局 张三"), ("1082", "统计局 李四")):
        result = runner.invoke(main, ["--db", db_url, "observe", "add", "--region", "巩义市", "--indicator",
                                      "地区生产总值", "--year", "2026", "--value", value, "--by", by])
        assert result.exit_code == 0, result.output
    [latest] = observations(runner, db_url, "--indicator", "gdp", "--year", "2026")
    assert (latest["value_normalized"], latest["source"]) == (1.082e11, "统计局 李四")
    history = runner.invoke(main, ["--db", db_url, "observe", "history", "巩义市", "gdp"]).output
    assert "张三" in history and "李四" in history
    progress = json.loads(runner.invoke(main, ["--db", db_url, "progress", "--format", "json"]).output)
    [gdp] = [r for r in progress if r["indicator_id"] == "gdp"]
    assert (gdp["latest_year"], gdp["latest_value"]) == (2026, 1.082e11)


def test_xlsx_without_the_columns_is_a_clear_error(tmp_path: Path) -> None:
    runner, db_url = library(tmp_path)
    wb = Workbook()
    wb.active.append(["名称", "数"])  # type: ignore[union-attr]
    path = tmp_path / "wrong.xlsx"
    wb.save(path)
    result = runner.invoke(main, ["--db", db_url, "observe", "import", str(path)])
    assert result.exit_code == 1 and "wrong.xlsx" in result.output and "missing columns" in result.output
