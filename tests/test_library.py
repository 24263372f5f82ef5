"""The plan library end to end: ingest, idempotence, atomicity, bad input, both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planscope import library
from planscope.cli.commands import main
from planscope.library import get_document, ingest_paths, list_documents
from planscope.store import Database

PLAN = """某县国民经济和社会发展第十五个五年规划纲要
（2026年1月18日某县第十八届人民代表大会第五次会议批准）

第一章  发展基础
(一)发展成就。地区生产总值达到320亿元。
(二)面临形势。发展不平衡不充分问题仍然突出。
第二章  总体要求
(一)主要目标。到2030年，地区生产总值年均增长5.5%左右。
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_ingest_stores_facts_outline_and_original_text(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "county.txt", PLAN.replace("某县", "巩义市"))
    [outcome] = ingest_paths(db, [path])
    assert outcome.ok, outcome.error
    with db.session() as session:
        doc = get_document(session, "county.txt")
        assert doc.original_text == path.read_text("utf-8")
        assert (doc.region_code, doc.level, doc.doc_type) == ("410181", "county", "outline")
        assert (doc.period_start, doc.period_end, doc.base_year, doc.date) == (2026, 2030, 2025, "2026-01-18")
        assert [s.number for s in doc.sections if s.depth == 0] == ["第一章", "第二章"]
        for s in doc.sections:
            assert doc.original_text[s.start:s.heading_end].strip().startswith(s.number or "")


def test_reingest_replaces_and_keeps_the_id(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "plan.txt", PLAN)
    [first] = ingest_paths(db, [path])
    [again] = ingest_paths(db, [path])
    assert again.ok and again.replaced and again.document_id == first.document_id
    with db.session() as session:
        docs = list_documents(session)
        assert len(docs) == 1
        assert len(docs[0].sections) == first.summary["sections"]


def test_a_failure_while_storing_leaves_the_library_unchanged(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = write(tmp_path, "good.txt", PLAN)
    ingest_paths(db, [good])

    def broken(*_args: object) -> list[object]:
        raise ValueError("a bug while storing")

    monkeypatch.setattr(library, "_table_rows", broken)
    with pytest.raises(ValueError, match="a bug while storing"):  # a bug is not "cannot read this file"
        ingest_paths(db, [write(tmp_path, "other.txt", PLAN + "\n补充。\n")])
    with db.session() as session:
        assert [d.file_name for d in list_documents(session)] == ["good.txt"]
        assert all(len(d.sections) > 0 for d in list_documents(session))


def test_folder_with_bad_files_ingests_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, "a_plan.txt", PLAN)
    write(folder, "b_plan_gbk.txt", PLAN.replace("某县", "湘乡市"), "gb18030")
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "d_junk.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "e_truncated.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 30)
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    result = CliRunner().invoke(main, ["--db", db_url, "ingest", str(folder)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for bad in ("c_empty.txt", "d_junk.bin", "e_truncated.docx"):
        [line] = [ln for ln in lines if bad in ln]
        assert "✗" in line
    assert "2 ingested, 3 failed" in result.output
    docs = json.loads(CliRunner().invoke(main, ["--db", db_url, "docs", "--format", "json"]).output)
    assert sorted(d["file"] for d in docs) == ["a_plan.txt", "b_plan_gbk.txt"]


def test_cli_json_shapes(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    path = write(tmp_path, "plan.txt", PLAN)
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db_url, "ingest", str(path), "--region", "湘乡市"]).exit_code == 0
    [doc] = json.loads(runner.invoke(main, ["--db", db_url, "docs", "--format", "json"]).output)
    for key in ("id", "file", "title", "region", "region_code", "level", "type", "period_start",
                "period_end", "base_year", "date"):
        assert key in doc
    assert (doc["region"], doc["region_code"], doc["level"]) == ("湘乡市", "430381", "county")
    shown = json.loads(runner.invoke(main, ["--db", db_url, "show", "plan.txt", "--format", "json"]).output)
    assert shown["facts"]["region"]["source"] == "override"
    assert shown["facts"]["title"]["source"] == "detected"
    assert [n["number"] for n in shown["outline"]] == ["第一章", "第二章"]
    tables = json.loads(runner.invoke(main, ["--db", db_url, "tables", str(doc["id"]), "--format", "json"]).output)
    assert tables == []


def test_unknown_document_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'x.db'}", "show", "nope.txt"])
    assert result.exit_code == 1
    assert "nope.txt" in result.output and len(result.output.strip().splitlines()) == 1


def test_bad_override_fails_before_anything_is_stored(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    path = write(tmp_path, "plan.txt", PLAN)
    result = CliRunner().invoke(main, ["--db", db_url, "ingest", str(path), "--period", "someday"])
    assert result.exit_code == 1 and "someday" in result.output
    docs = json.loads(CliRunner().invoke(main, ["--db", db_url, "docs", "--format", "json"]).output)
    assert docs == []


def test_tables_export_as_csv_and_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from locations import FIXTURES

    source = FIXTURES / "tables" / "flattened_lost_cells.txt"
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db_url, "ingest", str(source)]).exit_code == 0
    [table] = json.loads(runner.invoke(main, ["--db", db_url, "tables", source.name, "--format", "json"]).output)
    assert None in [cell for row in table["rows"] for cell in row], "a lost cell is null, not guessed"
    csv_out = runner.invoke(main, ["--db", db_url, "tables", source.name, "--format", "csv"]).output
    assert ",".join(table["columns"]) in csv_out
    xlsx = tmp_path / "t.xlsx"
    result = runner.invoke(main, ["--db", db_url, "tables", source.name, "--format", "xlsx", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(xlsx).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1] == table["columns"]
    assert len(values) >= 2 + len(table["rows"])


def test_targets_and_actuals_commands(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = PLAN.replace("(一)发展成就。地区生产总值达到320亿元。", "(一)发展成就。2025年地区生产总值达到320亿元。")
    path = write(tmp_path, "plan.txt", plan)
    db_url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db_url, "ingest", str(path)]).exit_code == 0
    lines = runner.invoke(main, ["--db", db_url, "targets", "--format", "jsonl"]).output.splitlines()
    records = [json.loads(line) for line in lines]
    [growth] = [r for r in records if r["indicator_id"] == "gdp_growth"]
    for key in ("doc", "region", "region_code", "indicator", "indicator_id", "value", "unit", "value_normalized",
                "unit_normalized", "comparator", "kind", "target_year", "year_implied", "baseline_value",
                "baseline_year", "attribute", "inherited", "start", "end", "quote"):
        assert key in growth
    assert (growth["value_normalized"], growth["comparator"], growth["target_year"]) == (5.5, "~", 2030)
    assert plan[growth["start"]:growth["end"]] == growth["quote"]
    [actual] = json.loads("[" + ",".join(
        runner.invoke(main, ["--db", db_url, "actuals", "--format", "jsonl"]).output.splitlines()) + "]")
    assert (actual["value_normalized"], actual["year"]) == (3.2e10, 2025)
    xlsx = tmp_path / "t.xlsx"
    assert runner.invoke(main, ["--db", db_url, "targets", "--format", "xlsx", "-o", str(xlsx)]).exit_code == 0
    assert load_workbook(xlsx).worksheets[0].max_row == len(records) + 1
    none = runner.invoke(main, ["--db", db_url, "targets", "--year", "2099", "--format", "jsonl"]).output
    assert none == ""


def test_eval_command_scores_against_annotations(tmp_path: Path) -> None:
    corpus = tmp_path / "docs"
    corpus.mkdir()
    write(corpus, "plan.txt", PLAN)
    gold = {"corpus": "docs", "documents": {"plan.txt": {"region": "某县", "targets": [
        {"line": 8, "quote": "5.5%左右", "indicator": "地区生产总值年均增长", "value": "5.5", "unit": "%",
         "value_normalized": 5.5, "kind": "growth_rate", "comparator": "~", "target_year": 2030,
         "confidence": "core"},
        {"line": 8, "quote": "9%", "indicator": "不存在的指标", "value": "9", "unit": "%",
         "value_normalized": 9, "kind": "share", "comparator": "=", "target_year": 2030, "confidence": "core"}],
        "actuals": [], "tables": []}}}
    gold_path = tmp_path / "eval" / "gold.json"
    gold_path.parent.mkdir()
    gold_path.write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold_path), "--corpus", str(corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["overall"]["tp"] == 1 and report["overall"]["fn"] == 1


def test_one_indicator_filter_for_every_list() -> None:
    """An id matches that indicator; a catalogued name matches it and names containing the
    text; anything else matches by name, never an error."""
    from planscope.catalogue.indicator_filter import indicator_filter

    by_id = indicator_filter("gdp")
    assert by_id.matches("gdp", "任何名称") and not by_id.matches("gdp_growth", "地区生产总值增长")
    by_name = indicator_filter("地区生产总值")
    assert by_name.matches("gdp", "GDP") and by_name.matches(None, "人均地区生产总值（元）")
    unknown = indicator_filter("不存在的指标名")
    assert not unknown.ids and not unknown.matches("gdp", "地区生产总值")


def test_a_bug_in_the_pipeline_surfaces_and_bad_input_is_an_outcome(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only bad input becomes a one-line outcome; an error of planscope's own code is raised,
    not reported as a file that cannot be read."""
    missing = tmp_path / "gone.txt"
    [outcome] = ingest_paths(db, [missing])
    assert not outcome.ok and "gone.txt" in (outcome.error or "")

    def broken(*_args: object) -> object:
        raise KeyError("a bug")

    monkeypatch.setattr(library, "detect_facts", broken)
    with pytest.raises(KeyError, match="a bug"):
        ingest_paths(db, [write(tmp_path, "plan.txt", PLAN)])
