"""Spreadsheets as bureaus really fill them in: title rows above the header, headers with
units in brackets, the template's 指标代码, formulas, error cells, notes columns — and
files that must be refused whole, saying which columns are wrong."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from planscope.cli.commands import main

PLAN = """云岭市国民经济和社会发展第十五个五年规划纲要
第一章  主要目标
到2030年，全市地区生产总值达到1400亿元，森林覆盖率达到32%以上。
"""


@pytest.fixture()
def lib(tmp_path: Path) -> tuple[CliRunner, str]:
    (tmp_path / "plan.txt").write_text(PLAN, "utf-8")
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", url, "ingest", "--region", "示例市", str(tmp_path / "plan.txt")]).exit_code == 0
    return runner, url


def _xlsx(path: Path, rows: list[list[object]], cached: dict[str, str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if cached:  # what Excel saves: the formula and the value it computed
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    text = body.decode()
                    for cell, value in cached.items():
                        text = text.replace(f'<c r="{cell}"><f>', f'<c r="{cell}" t="n"><f>', 1)
                        head, _, tail = text.partition(f'<c r="{cell}" t="n"><f>')
                        formula, _, rest = tail.partition("</f><v></v>")
                        text = f'{head}<c r="{cell}" t="n"><f>{formula}</f><v>{value}</v>{rest}'
                    body = text.encode()
                dst.writestr(item, body)
        data = out.getvalue()
    path.write_bytes(data)
    return path


def _values(runner: CliRunner, url: str) -> list[dict[str, object]]:
    out = runner.invoke(main, ["--db", url, "observe", "list", "--format", "jsonl"]).output
    return [r for r in map(json.loads, out.splitlines()) if r["source_type"] == "sheet"]


def _import(runner: CliRunner, url: str, path: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["--db", url, "observe", "import", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_a_sheet_with_title_rows_bracketed_units_and_a_notes_column(lib: tuple[CliRunner, str],
                                                                    tmp_path: Path) -> None:
    runner, url = lib
    sheet = _xlsx(tmp_path / "报表.xlsx", [
        ["云岭市2026年主要指标填报表"], ["填报单位：云岭市统计局"],
        ["地区", "指标名称", "年份", "数值（亿元）", "单位", "备注"],
        ["示例市", "地区生产总值", 2026, 1070.5, "亿元", "快报数"],
    ])
    status, output = _import(runner, url, sheet)
    assert status == 0, output
    assert [(r["indicator_id"], r["year"], r["value_normalized"]) for r in _values(runner, url)] == [
        ("gdp", 2026, 1070.5e8)]


def test_the_template_is_read_by_its_indicator_codes(lib: tuple[CliRunner, str], tmp_path: Path) -> None:
    runner, url = lib
    sheet = _xlsx(tmp_path / "t.xlsx", [["地区", "指标", "指标代码", "年份", "数值", "单位", "来源"],
                                        ["示例市", "（名称被改写）", "forest_coverage", 2026, 30.4, "%", "林业局"]])
    status, output = _import(runner, url, sheet)
    assert status == 0, output
    assert [r["indicator_id"] for r in _values(runner, url)] == ["forest_coverage"]


@pytest.mark.parametrize(("header", "named"), [
    (["地区", "年份", "数值", "单位"], "指标或指标代码"),
    (["地区", "指标", "年份", "单位"], "数值"),
    (["地区", "指标", "年份", "数值", "口径"], "口径"),
])
def test_a_sheet_missing_or_adding_columns_is_refused_naming_them(lib: tuple[CliRunner, str], tmp_path: Path,
                                                                  header: list[str], named: str) -> None:
    runner, url = lib
    row = {"地区": "示例市", "指标": "地区生产总值", "年份": 2026, "数值": 1070, "单位": "亿元", "口径": "快报"}
    sheet = _xlsx(tmp_path / "s.xlsx", [header, [row[h] for h in header]])
    status, output = _import(runner, url, sheet)
    assert status == 1
    assert named in output and "s.xlsx" in output
    assert _values(runner, url) == []


def test_a_formula_uses_the_saved_result_and_says_so(lib: tuple[CliRunner, str], tmp_path: Path) -> None:
    runner, url = lib
    sheet = _xlsx(tmp_path / "f.xlsx", [["地区", "指标", "年份", "数值", "单位"],
                                        ["示例市", "地区生产总值", 2026, "=1000+70", "亿元"]], cached={"D2": "1070"})
    status, output = _import(runner, url, sheet)
    assert status == 0, output
    assert "=1000+70" in output and "1070" in output
    assert [r["value_normalized"] for r in _values(runner, url)] == [1070e8]


@pytest.mark.parametrize(("cell", "reason"), [("#DIV/0!", "错误值"), (True, "不是数值"), ("=1+1", "公式")])
def test_cells_that_hold_no_number_are_rejected_with_the_reason(lib: tuple[CliRunner, str], tmp_path: Path,
                                                                 cell: object, reason: str) -> None:
    runner, url = lib
    sheet = _xlsx(tmp_path / "e.xlsx", [["地区", "指标", "年份", "数值", "单位"],
                                        ["示例市", "地区生产总值", 2026, cell, "亿元"],
                                        ["示例市", "森林覆盖率", 2026, 30.4, "%"]])
    status, output = _import(runner, url, sheet)
    assert status == 1
    assert reason in output
    assert [r["indicator_id"] for r in _values(runner, url)] == ["forest_coverage"]


def test_the_same_file_twice_is_one_vintage(lib: tuple[CliRunner, str], tmp_path: Path) -> None:
    runner, url = lib
    sheet = tmp_path / "v.csv"
    sheet.write_text("地区,指标,年份,数值,单位\n示例市,地区生产总值,2026,1070,亿元\n", "utf-8")
    assert _import(runner, url, sheet)[0] == 0
    status, output = _import(runner, url, sheet)
    assert status == 0 and "已导入" in output and "already imported" in output
    assert len(_values(runner, url)) == 1
    sheet.write_text("地区,指标,年份,数值,单位\n示例市,地区生产总值,2026,1071,亿元\n", "utf-8")  # a revision
    assert _import(runner, url, sheet)[0] == 0
    assert [r["value"] for r in _values(runner, url)] == ["1071"]  # the newest vintage is shown


CELLS = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                  st.text(alphabet="0123456789.,-%亿元万一二三四五六七八九十=+#/ABC示例市地区生产总值", max_size=12),
                  st.sampled_from(["示例市", "地区生产总值", "森林覆盖率", "2026", "=1+1", "#N/A", "亿元", "%"]))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=7), min_size=0, max_size=6),
       header=st.lists(st.sampled_from(["地区", "指标", "年份", "数值", "单位", "来源", "备注", "口径", ""]),
                       max_size=7))
def test_any_grid_is_imported_row_by_row_or_refused_in_one_line(lib: tuple[CliRunner, str], tmp_path: Path,
                                                                rows: list[list[object]], header: list[str]) -> None:
    runner, url = lib
    before = _values(runner, url)
    sheet = _xlsx(tmp_path / "any.xlsx", [list(header), *rows])
    status, output = _import(runner, url, sheet)
    after = _values(runner, url)
    assert status in (0, 1), output
    assert "Traceback" not in output
    if status == 1 and "imported" not in output and "导入" not in output.split("/")[0]:
        assert after == before  # refused whole: nothing stored
    rejected = output.count("✗")
    imported = len(after) - len(before)
    assert rejected + imported <= max(len(rows), 0) + 1  # every row accounted for once at most
