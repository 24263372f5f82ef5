"""The data files are checked against their schemas: `planscope check-data` on the package's
files passes, and on deliberately broken copies names each problem's file and entry."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from planscope import datafiles
from planscope.cli.commands import main
from planscope.datafile_schemas import SCHEMAS


def _copy(folder: Path, name: str, edit: tuple[str, str], count: int = 1) -> None:
    """``name`` copied into ``folder`` with the first ``count`` matches of a regex replaced."""
    text = resources.files("planscope.data").joinpath(name).read_text("utf-8")
    changed, n = re.subn(edit[0], edit[1], text, count=count, flags=re.M)
    assert n == count, f"the edit {edit} does not apply to {name}"
    (folder / name).write_text(changed, "utf-8")


def _check(folder: Path | None) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check-data", *([str(folder)] if folder else [])])
    return result.exit_code, result.stdout.splitlines()


def test_package_data_is_valid() -> None:
    code, lines = _check(None)
    assert code == 0, "\n".join(lines)
    assert datafiles.problems() == []


def test_every_data_file_has_a_schema() -> None:
    on_disk = {p.name for p in resources.files("planscope.data").iterdir() if p.name.endswith(".toml")}
    assert on_disk == set(SCHEMAS)


def test_unknown_key_names_file_entry_and_key(tmp_path: Path) -> None:
    _copy(tmp_path, "units.toml", (r"^factor = ", "fator = "))
    code, lines = _check(tmp_path)
    assert code == 1
    assert 'units.toml [[unit]] #1 (words = ["元", "元人民币"]): unknown key \'fator\'' in lines
    assert 'units.toml [[unit]] #1 (words = ["元", "元人民币"]): missing key \'factor\'' in lines


def test_regex_without_the_group_the_code_reads(tmp_path: Path) -> None:
    _copy(tmp_path, "outline.toml", (r"\(\?P<num>", "("))
    code, lines = _check(tmp_path)
    assert code == 1
    assert any(line.startswith("outline.toml [[heading]] #1 (kind = ") and "(?P<num>…)" in line
               for line in lines), lines


def test_regex_that_does_not_compile(tmp_path: Path) -> None:
    _copy(tmp_path, "target_phrases.toml", (r"^goal_titles = '", "goal_titles = '(("))
    code, lines = _check(tmp_path)
    assert code == 1
    assert any(line.startswith("target_phrases.toml: 'goal_titles' is not a valid regex") for line in lines), lines


def test_missing_source(tmp_path: Path) -> None:
    _copy(tmp_path, "strategies.toml", (r"^source = .*\n", ""))
    code, lines = _check(tmp_path)
    assert code == 1
    assert any(re.fullmatch(r"strategies\.toml \[\[strategy\]\] #1 \(id = \"\w+\"\): missing key 'source'", line)
               for line in lines), lines


def test_duplicate_id(tmp_path: Path) -> None:
    text = resources.files("planscope.data").joinpath("doc_types.toml").read_text("utf-8")
    (tmp_path / "doc_types.toml").write_text(text.replace('id = "decision"', 'id = "opinion"'), "utf-8")
    code, lines = _check(tmp_path)
    assert code == 1
    assert 'doc_types.toml [[type]] #6 (id = "opinion"): duplicate id (also entry #5)' in lines


def test_reference_to_another_file_resolves_against_the_edited_copies(tmp_path: Path) -> None:
    text = resources.files("planscope.data").joinpath("doc_types.toml").read_text("utf-8")
    (tmp_path / "doc_types.toml").write_text(text.replace('id = "proposal"', 'id = "suggestion"'), "utf-8")
    code, lines = _check(tmp_path)
    assert code == 1
    assert "alignment.toml: 'comprehensive_types' = \"proposal\" names no [[type]] id in doc_types.toml" in lines


def test_wrong_type(tmp_path: Path) -> None:
    _copy(tmp_path, "chrome.toml", (r"^max_line = \d+", 'max_line = "forty"'))
    code, lines = _check(tmp_path)
    assert code == 1
    assert "chrome.toml: 'max_line' must be an integer" in lines


def test_every_problem_in_one_pass(tmp_path: Path) -> None:
    _copy(tmp_path, "units.toml", (r"^factor = ", "fator = "), count=3)
    _copy(tmp_path, "chrome.toml", (r"^max_line = \d+", 'max_line = "forty"'))
    code, lines = _check(tmp_path)
    assert code == 1
    assert sum("unknown key 'fator'" in line for line in lines) == 3
    assert "chrome.toml: 'max_line' must be an integer" in lines


def test_unreadable_toml_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "chrome.toml").write_text("max_line = = 3\n", "utf-8")
    code, lines = _check(tmp_path)
    assert code == 1
    assert any(line.startswith("chrome.toml: cannot read / 无法读取:") for line in lines), lines


def test_semantic_checks_run_too(tmp_path: Path) -> None:
    # the catalogue's own rule: an id is snake_case ASCII
    _copy(tmp_path, "indicators.toml", (r'^id = "gdp"$', 'id = "GDP"'))
    code, lines = _check(tmp_path)
    assert code == 1
    assert any(line.startswith("indicators.toml [[indicator]] #") and "is not snake_case ASCII" in line
               for line in lines), lines


def test_raw_is_a_copy() -> None:
    first = datafiles.raw("chrome.toml")
    first["words"].clear()
    assert datafiles.raw("chrome.toml")["words"]


def test_raw_refuses_a_broken_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _copy(tmp_path, "chrome.toml", (r"^max_line = \d+", 'max_line = "forty"'))
    monkeypatch.setattr(datafiles, "read_text", lambda name, folder=None: (tmp_path / name).read_text("utf-8"))
    datafiles._checked.cache_clear()
    try:
        with pytest.raises(datafiles.DataFileError, match=re.escape("chrome.toml: 'max_line' must be an integer")):
            datafiles.raw("chrome.toml")
    finally:
        datafiles._checked.cache_clear()


def test_readme_lists_the_current_data_files() -> None:
    import subprocess
    import sys

    from locations import ROOT

    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "data_docs.py"), "--check"])
    assert result.returncode == 0, "README.md is out of date: run scripts/data_docs.py"


def test_document_type_flags() -> None:
    from planscope.extraction.facts import doc_type_flags, doc_types, doc_types_with

    assert doc_type_flags("bulletin").reports_past and doc_type_flags("bulletin").headlines_only
    assert doc_type_flags("work_report").targets_and_headlines and not doc_type_flags("work_report").reports_past
    assert doc_types_with("plan_first") == ("outline",)
    assert doc_type_flags(None) == doc_type_flags("no such type") == doc_type_flags("other")
    assert not any(vars(doc_type_flags("other")).values())
    # every flag the code asks about is one the schema allows, and the other way round
    from planscope.datafile_schemas import DOC_TYPE_FLAGS

    assert set(DOC_TYPE_FLAGS) == set(vars(doc_type_flags(None)))
    assert {t.id for t in doc_types()} >= {"bulletin", "work_report", "outline", "proposal"}


def test_headline_measure_names_a_catalogue_id(tmp_path: Path) -> None:
    _copy(tmp_path, "headline_indicators.toml", (r'level = "(\w+)"', r'level = "\1_typo"'))
    _copy(tmp_path, "plausibility.toml", (r'^id = "(\w+)"', r'id = "\1_typo"'))
    code, lines = _check(tmp_path)
    assert code == 1
    assert any(line.startswith("headline_indicators.toml [[headline]] #1 (zh = ") and "_typo\" names no [[indicator]] "
               "id in indicators.toml" in line for line in lines), lines
    assert any(line.startswith("plausibility.toml [[indicator]] #1 (id = ") for line in lines), lines


def test_a_file_planscope_does_not_read_is_named(tmp_path: Path) -> None:
    (tmp_path / "unit.toml").write_text("[[unit]]\n", "utf-8")
    code, lines = _check(tmp_path)
    assert code == 1
    assert lines[0].startswith("unit.toml: not a planscope data file (known: alignment.toml, bodies.toml, chrome.toml")
