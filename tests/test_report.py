"""The plan-implementation report (planscope report): its tables read back from the docx and
the xlsx agree cell by cell with ``planscope progress --format json`` (or, for a final report
read from a later plan's completion table, ``planscope completion --format json``); the
summary counts what the table shows; the docx converts to PDF with CJK fonts (the pages kept in
tests/screenshots to be looked at); the workbench downloads the same file for the regions a
user may read, and refuses the others."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document as read_docx
from openpyxl import load_workbook

from planscope.cli import main
from planscope.labels import zh
from planscope.monitoring.figures import share_text
from planscope.store import Database
from planscope.views.report import bare
from webtools import SAMPLES, client, make_app

SHOTS = Path(__file__).parent / "screenshots"
NEEDS_OFFICE = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftoppm") is None) and os.environ.get("CI") != "true",
    reason="needs LibreOffice (libreoffice-writer) and poppler-utils; .ci/run installs them")


def run(db: Database, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db.engine.url), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def observed_library(db: Database) -> None:
    run(db, "observe", "import", str(SAMPLES / "observations_2023.csv"))


def docx_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    table = read_docx(str(path)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    return rows[0], rows[1:]


def without_year(cell: str) -> tuple[str, int | None]:
    value, _, year = cell.partition("\n（")
    return value, int(year.rstrip("）")) if year else None


def header_year(head: str) -> int | None:
    return int(head.split("（")[1][:4]) if "（" in head else None


def check_against_progress(head: list[str], rows: list[list[str]], records: list[dict[str, Any]]) -> None:
    """Every cell of the 主要指标 table is the engine's figure of that target."""
    assert len(rows) == len(records)
    years = {i: header_year(head[i]) for i in (4, 5, 6)}
    seen_binding_done = False
    for row in rows:
        r = next(x for x in records if x["indicator"] == row[1] and bare(x["target"], x["unit_as_written"])
                 == without_year(row[5])[0])
        unit = r["unit_as_written"] or ""
        assert row[2] == (unit or "—") and row[3] == (r["attribute"] or "—")
        for col, text, year in ((4, r["baseline"], r["baseline_year"]), (5, r["target"], r["target_year"]),
                                (6, r["latest"] if r["latest_year"] else None, r["latest_year"])):
            value, written_year = without_year(row[col])
            assert value == bare(text, unit), (row, r)
            if value != "—":
                assert (written_year or years[col]) == year, (row, r)
        assert row[7] == share_text(r["time_elapsed_share"]) and row[8] == share_text(r["distance_covered_share"])
        assert row[9] == zh("status", r["status"]) + ("（预警）" if r["warning"] else "")
        binding = "约束" in (r["attribute"] or "")
        assert not (binding and seen_binding_done), "binding indicators come first"
        seen_binding_done = seen_binding_done or not binding


def test_the_docx_table_is_the_engines_progress_cell_by_cell(sample_lib: Database, tmp_path: Path) -> None:
    observed_library(sample_lib)
    out = tmp_path / "中期评估.docx"
    said = run(sample_lib, "report", "--region", "示例市", "--year", "2023", "--kind", "midterm", "-o", str(out))
    assert "已写入 / written" in said
    progress = json.loads(run(sample_lib, "progress", "--region", "示例市", "--year", "2023", "--format", "json"))
    plan = "shili_city_14th_outline.txt"  # the city's outline, not its party proposal
    head, rows = docx_rows(out)
    check_against_progress(head, rows, [r for r in progress if r["doc"] == plan])
    doc = read_docx(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"确定的{len(rows)}项主要指标中" in text
    lagging = [r for r in rows if r[9].startswith(("进展一般", "进展不足", "偏离目标"))]
    assert f"进展滞后的{len(lagging)}项" in text and "实施中期评估的报告" in text
    annex = doc.tables[-1]
    assert {c.text for c in annex.rows[0].cells} >= {"来源", "原文"}
    where = [row.cells[3].text for row in annex.rows[1:]]
    assert any("observations_2023.csv 第" in w for w in where)  # the sheet and its row
    assert any("shili_city_bulletin_2021.txt" in w for w in where)  # a chart's earlier point: its bulletin
    paths = len(lagging) if len(lagging) <= 3 else -(-min(len(lagging), 12) // 6)  # one each, or six to a figure
    assert len(doc.inline_shapes) == 1 + paths  # the counts, and the lagging indicators' paths


def test_the_kind_changes_the_title_and_what_on_track_means(sample_lib: Database, tmp_path: Path) -> None:
    from planscope.views.report import report_view

    observed_library(sample_lib)
    with sample_lib.session() as s:
        annual = report_view(s, "示例市", 2023, "annual")
        final = report_view(s, "示例市", 2025, "final")
    assert annual.title.endswith("年度监测报告") and annual.subtitle == "（2023年度）"
    assert final.title.endswith("总结评估报告")
    # 2025 has no data yet: nothing is called done or not done that the target year has not judged
    assert final.counts["lagging"] == 0 and final.counts["pending"] == annual.counts["on_track"] + annual.counts[
        "lagging"] - final.counts["on_track"]
    assert "目标年数据尚未发布" in final.summary and "已完成" in final.summary


def test_a_final_evaluation_before_the_plan_ends_says_so(sample_lib: Database, tmp_path: Path) -> None:
    args = ["--db", str(sample_lib.engine.url), "report", "--region", "示例市", "--year", "{}", "--kind", "final",
            "-o", str(tmp_path / "f.docx")]
    early = CliRunner().invoke(main, [a.format(2023) for a in args])
    assert early.exit_code == 0 and "规划期至2025年" in early.stderr and "--kind midterm" in early.stderr
    on_time = CliRunner().invoke(main, [a.format(2025) for a in args])
    assert on_time.exit_code == 0 and "规划期至" not in on_time.stderr


def test_the_xlsx_has_the_same_rows_with_checkable_formulas(sample_lib: Database, tmp_path: Path) -> None:
    observed_library(sample_lib)
    out = tmp_path / "监测.xlsx"
    run(sample_lib, "report", "--region", "示例市", "--year", "2023", "--format", "xlsx", "-o", str(out))
    docx = tmp_path / "监测.docx"
    run(sample_lib, "report", "--region", "示例市", "--year", "2023", "-o", str(docx))
    wb = load_workbook(out)
    assert {"报告", "主要指标", "评估结果", "滞后指标路径", "上级衔接", "数据来源"} <= set(wb.sheetnames)
    ws = wb["主要指标"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    records = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    _, rows = docx_rows(docx)
    assert [r["指标"] for r in records] == [row[1] for row in rows]
    formulas = 0
    for r in records:
        assert share_text(r["时间进度"]) == next(row[7] for row in rows if row[1] == r["指标"])
        if r["目标进度（公式）"]:
            formulas += 1
            assert r["目标进度（公式）"].startswith("=(N")
            worked = (r["最新值（数值）"] - r["基期值（数值）"]) / (r["目标值（数值）"] - r["基期值（数值）"])
            assert worked == pytest.approx(r["目标进度"])
        if r["时间进度（公式）"]:
            assert (r["最新年份"] - r["基期年份"]) / (r["目标年份"] - r["基期年份"]) == pytest.approx(r["时间进度"])
    assert formulas >= 3
    assert wb["数据来源"].max_row > len(records)


def test_errors_are_one_line(sample_lib: Database, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(sample_lib.engine.url), "report", "--region", "火星市", "--year",
                                       "2023", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1 and "未知的地区" in result.output
    result = CliRunner().invoke(main, ["--db", str(sample_lib.engine.url), "report", "--region", "示例省", "--year",
                                       "2019", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1 and "没有2019年适用的规划目标" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_the_workbench_downloads_the_report_within_the_users_region(sample_lib: Database, tmp_path: Path) -> None:
    observed_library(sample_lib)
    app = make_app(sample_lib, tmp_path / "uploads")
    city = client(app, "viewer", "990100")
    page = city.get("/reports", params={"region": "990100"})
    assert page.status_code == 200 and "年度监测报告" in page.text
    assert re.search(r'name="year"[^>]*value="2023"', page.text)  # the latest year with observed values
    got = city.get("/reports/download", params={"region": "990100", "year": 2023, "kind": "annual"})
    assert got.status_code == 200 and got.headers["content-type"].endswith("wordprocessingml.document")
    path = tmp_path / "web.docx"
    path.write_bytes(got.content)
    progress = json.loads(run(sample_lib, "progress", "--region", "示例市", "--year", "2023", "--format", "json"))
    head, rows = docx_rows(path)
    check_against_progress(head, rows, [r for r in progress if r["doc"] == "shili_city_14th_outline.txt"])
    xlsx = city.get("/reports/download", params={"region": "990100", "year": 2023, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    county = client(app, "viewer", "990121")
    assert county.get("/reports/download", params={"region": "990100", "year": 2023}).status_code == 403
    assert county.get("/reports", params={"region": "990100"}).status_code == 403
    assert city.get("/reports/download", params={"region": "990100", "year": 2019}).status_code == 404


@NEEDS_OFFICE
def test_libreoffice_renders_the_report_with_cjk_fonts_charts_and_page_numbers(sample_lib: Database,
                                                                              tmp_path: Path) -> None:
    observed_library(sample_lib)
    pdf = tmp_path / "report.pdf"
    run(sample_lib, "report", "--region", "示例市", "--year", "2023", "--kind", "midterm", "--format", "pdf",
        "--date", "2024-03-15", "-o", str(pdf))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts, fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.replace(" ", "").replace("\n", "").split("\f")
    assert "中期评估" in pages[0] and "2024年3月15日" in pages[0] and "—1—" not in pages[0]  # a title page
    assert "—2—" in pages[1] and any("主要指标完成情况" in p for p in pages[1:3])
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) > 3  # the charts are in the PDF
    SHOTS.mkdir(exist_ok=True)
    for old in SHOTS.glob("report-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-l", "6", "-png", str(pdf), str(SHOTS / "report")], check=True)
    assert (SHOTS / "report-01.png").stat().st_size > 5_000  # pdftoppm pads the page number to the count's width


@pytest.mark.corpus
def test_a_county_plan_of_the_corpus_with_values_entered_from_a_sheet(corpus: Path, tmp_path: Path) -> None:
    """湘乡's 十四五 outline (专栏2 flattened to one cell per line); a statistician's sheet gives
    2023 values for the indicators with a baseline (here: each held at its baseline, the sheet
    written from the plan's own rows as a user fills the template); the report's table is then
    the engine's progress, cell by cell."""
    db = Database(f"sqlite:///{tmp_path / 'xx.db'}")
    plan = corpus / "004_0e369cfbaccd2f2f.txt"
    run(db, "ingest", str(plan))
    before = json.loads(run(db, "progress", "--region", "湘乡市", "--format", "json"))
    rows = [r for r in before if r["baseline"] and r["unit_as_written"] and r["kind"] in ("level", "share", "count")]
    assert rows, "专栏2 gives baselines"
    sheet = tmp_path / "湘乡市2023年主要指标.csv"
    lines = ["地区,指标,年份,数值,单位,来源"] + [
        f"湘乡市,{r['indicator']},2023,{bare(r['baseline'], r['unit_as_written'])},{r['unit_as_written']},湘乡市统计局"
        for r in rows]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = CliRunner().invoke(main, ["--db", str(db.engine.url), "observe", "import", str(sheet)])
    assert "导入" in imported.output  # a row whose unit the catalogue refuses is rejected and named; the rest go in
    out = tmp_path / "湘乡.docx"
    run(db, "report", "--region", "湘乡市", "--year", "2023", "-o", str(out))
    progress = json.loads(run(db, "progress", "--region", "湘乡市", "--year", "2023", "--format", "json"))
    head, table = docx_rows(out)
    check_against_progress(head, table, [r for r in progress if r["doc"] == plan.name])
    assert sum(1 for row in table if row[6] != "—") >= len(rows) // 2  # the sheet's values are in the table
    db.dispose()


@pytest.mark.corpus
def test_nanjings_final_evaluation_from_the_next_plans_completion_table(corpus_dev: Path, tmp_path: Path) -> None:
    """南京: no 十四五 outline in the library, but the 十五五 outline's 专栏1 tabulates the 十四五
    targets beside their 2025 results, and the 2021–2024 bulletins give the years between: the
    final evaluation of 2025 is that table, judged as ``planscope completion`` judges it."""
    db = Database(f"sqlite:///{tmp_path / 'nj.db'}")
    outline = corpus_dev / "nanjing_15th_fyp_outline.txt"
    run(db, "ingest", str(outline), *(str(p) for p in sorted(corpus_dev.glob("nanjing_bulletin_202*.txt"))))
    out = tmp_path / "南京总结评估.docx"
    run(db, "report", "--region", "南京市", "--year", "2025", "--kind", "final", "-o", str(out))
    completion = json.loads(run(db, "completion", outline.name, "--format", "json"))
    head, rows = docx_rows(out)
    assert head[3:5] == ["规划目标\n（2025年）", "完成情况\n（2025年）"] and len(rows) == len(completion)
    for row in rows:
        c = next(x for x in completion if x["indicator"] == row[1])
        assert (row[2], row[3], row[4]) == (c["attribute"] or "—", c["target"] or "—", c["result"] or "—")
        assert row[5] == zh("status", c["status"])
    text = "\n".join(p.text for p in read_docx(str(out)).paragraphs)
    achieved = sum(c["status"] == "achieved" for c in completion)
    assert f"确定的{len(completion)}项主要指标中，已完成的{achieved}项" in text and "总结评估报告" in text
    db.dispose()


def test_the_tasks_section_counts_each_lead_units_tasks_as_the_board_does(db: Database, tmp_path: Path) -> None:
    """A region with supervised tasks gets 五、重点任务推进情况: per lead unit its tasks by status,
    the same counts as the supervision board (``board_view``) on that day."""
    from datetime import date

    from planscope.library import ingest_paths
    from planscope.reports.monitoring import write_report_docx
    from planscope.views.report import report_view
    from planscope.views.supervision import board_view

    import supmaker

    supmaker.build(db)
    ingest_paths(db, [SAMPLES / "shili_city_14th_outline.txt"])
    day = date(2026, 9, 30)
    with db.session() as s:
        view = report_view(s, "示例市", 2026, "annual", as_of=day)
        board = board_view(s, "990100", day)
    assert view.tasks is not None and view.tasks.total == len(supmaker.TASKS)
    assert {u.unit: u.counts for u in view.tasks.units} == {c.unit: c.counts for c in board.board}
    out = tmp_path / "tasks.docx"
    write_report_docx(view, out, date(2026, 10, 8))
    doc = read_docx(str(out))
    assert any(p.text.endswith("、重点任务推进情况") for p in doc.paragraphs)
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "牵头单位")
    units = {row.cells[1].text: int(row.cells[2].text) for row in table.rows[1:]}
    assert units == {c.unit: sum(c.counts.values()) for c in board.board}
    assert "截至2026年9月30日，纳入督查的重点任务共5项" in "\n".join(p.text for p in doc.paragraphs)


def test_the_office_names_itself_and_a_missing_libreoffice_is_said_in_one_line(
        sample_lib: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.docx"
    run(sample_lib, "report", "--region", "示例市", "--year", "2023", "--issuer", "示例市统计局",
        "--addressee", "示例市人大常委会：", "-o", str(out))
    texts = [p.text for p in read_docx(str(out)).paragraphs]
    assert texts.count("示例市统计局") == 2 and "示例市人大常委会：" in texts  # title page and signature
    import planscope.reports.convert as convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    result = CliRunner().invoke(main, ["--db", str(sample_lib.engine.url), "report", "--region", "示例市", "--year",
                                       "2023", "--format", "pdf", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 1 and "需要 LibreOffice" in result.output and len(result.output.splitlines()) == 1
    assert not (tmp_path / "r.pdf").exists()
    result = CliRunner().invoke(main, ["--db", str(sample_lib.engine.url), "report", "--region", "示例县", "--plan",
                                       "shili_city_14th_outline.txt", "--year", "2023", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1 and "不属于示例县" in result.output


def test_without_a_cjk_font_the_charts_say_which_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    from planscope.errors import OutputError
    from planscope.reports import charts

    charts.cjk_font.cache_clear()
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
    try:
        with pytest.raises(OutputError, match="fonts-noto-cjk"):
            charts.cjk_font()
    finally:
        charts.cjk_font.cache_clear()
