"""A bad output path (-o/--output) is one line naming the file and the reason, exit 1,
and nothing half written — for every command that writes a file, in every format class
(the terminal table written as text, text formats csv/json/jsonl, xlsx workbooks).

The tests run as root here, and root may write into a read-only folder or over a
read-only file: those two cases are skipped as root (saying so); the other bad paths
(a missing folder, a folder given as the file, a path under a regular file) fail for
root too.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from planscope.cli.commands import main
from planscope.errors import OutputError
from planscope.export import write_output, write_text

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "planscope" / "samples"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
AS_ROOT = "root may write into read-only folders and over read-only files: not testable as root"

# (command line before -o, format class); {gold} is a small annotation file
COMMANDS = [
    *[(["tables", "1", "--format", f], f) for f in ("table", "csv", "json", "xlsx")],
    *[(["targets", "--format", f], f) for f in ("table", "csv", "jsonl", "xlsx")],
    *[(["actuals", "--format", f], f) for f in ("table", "csv", "jsonl", "xlsx")],
    *[(["progress", "--format", f], f) for f in ("table", "csv", "json", "xlsx")],
    *[(["align", "--format", f], f) for f in ("table", "csv", "json", "xlsx")],
    *[([*sub, "--format", f], f) for sub in (["align", "stats"], ["align", "strategies"], ["align", "implied"])
      for f in ("table", "csv", "json", "xlsx")],
    (["template", "示例市"], "xlsx"),
    *[(["observe", "list", "--format", f], f) for f in ("table", "csv", "jsonl")],
    *[(["completion", "1", "--format", f], f) for f in ("table", "json")],
    *[(["eval", "{gold}", "--format", f], f) for f in ("text", "json")],
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A library of the sample documents, and a small annotation file for ``eval``."""
    tmp = tmp_path_factory.mktemp("library")
    url = f"sqlite:///{tmp}/lib.db"
    result = CliRunner().invoke(main, ["--db", url, "ingest", str(SAMPLES)])
    assert result.exit_code in (0, 1), result.output  # the samples folder holds a README too
    gold = tmp / "gold.json"
    gold.write_text(json.dumps({"corpus": "samples", "documents": {}}), "utf-8")
    return url, gold


def _bad_paths(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Bad path → (path, a word the reason must contain)."""
    folder = tmp / "a_folder"
    folder.mkdir()
    regular = tmp / "file.txt"
    regular.write_text("x", "utf-8")
    return {"missing folder": (tmp / "missing" / "dir" / "out.xlsx", "does not exist"),
            "folder as file": (folder, "folder"),
            "under a regular file": (regular / "out.xlsx", "not a folder")}


def _run(library: tuple[str, Path], args: list[str], output: Path) -> tuple[int, str]:
    url, gold = library
    args = [a.replace("{gold}", str(gold)) for a in args]
    result = CliRunner().invoke(main, ["--db", url, *args, "-o", str(output)])
    return result.exit_code, result.output


def _no_leftovers(folder: Path, before: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == before, "a temporary or partial file was left behind"


@pytest.mark.parametrize(("args", "fmt"), COMMANDS, ids=[" ".join(a) for a, _ in COMMANDS])
def test_a_bad_output_path_is_one_line_and_exit_1(library: tuple[str, Path], tmp_path: Path,
                                                  args: list[str], fmt: str) -> None:
    for kind, (path, reason) in _bad_paths(tmp_path).items():
        before = {p.name for p in tmp_path.iterdir()}
        code, output = _run(library, args, path)
        lines = [line for line in output.splitlines() if line.strip()]
        assert code == 1, f"{kind}: exit {code}\n{output}"
        assert len(lines) == 1, f"{kind}: {output}"
        assert str(path) in lines[0] and reason in lines[0], f"{kind}: {lines[0]}"
        assert "Traceback" not in output
        _no_leftovers(tmp_path, before)
        assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(("args", "fmt"), COMMANDS, ids=[" ".join(a) for a, _ in COMMANDS])
def test_a_good_output_path_gets_the_whole_file(library: tuple[str, Path], tmp_path: Path,
                                                args: list[str], fmt: str) -> None:
    path = tmp_path / f"out.{'xlsx' if fmt == 'xlsx' else 'txt'}"
    code, output = _run(library, args, path)
    assert code == 0, output
    assert path.is_file()  # (empty when there is nothing: a document without tables)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    if fmt == "xlsx":
        assert path.read_bytes()[:2] == b"PK"  # a zip: a whole workbook
    elif fmt in ("json",):
        json.loads(path.read_text("utf-8"))


@pytest.mark.skipif(ROOT, reason=AS_ROOT)
@pytest.mark.parametrize(("args", "fmt"), COMMANDS[::4], ids=[" ".join(a) for a, _ in COMMANDS[::4]])
def test_a_read_only_folder_or_file(library: tuple[str, Path], tmp_path: Path, args: list[str], fmt: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    existing = tmp_path / "existing.out"
    existing.write_text("keep me", "utf-8")
    existing.chmod(stat.S_IRUSR)
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        for path, reason in ((locked / "out.xlsx", "permission"), (existing, "read-only")):
            code, output = _run(library, args, path)
            assert code == 1 and len(output.strip().splitlines()) == 1, output
            assert str(path) in output and reason in output
        assert existing.read_text("utf-8") == "keep me"
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(stat.S_IRWXU)


def test_root_is_why_the_permission_cases_are_skipped() -> None:
    """Not a placebo: says which case runs here."""
    assert (hasattr(os, "geteuid") and os.geteuid() == 0) == ROOT


def test_a_write_that_fails_halfway_leaves_neither_file_nor_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    def half(tmp: Path) -> None:
        tmp.write_text("half a file", "utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError, match="no space left"):
        write_output(target, half)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_whole_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    write_text(target, "new")
    assert target.read_text("utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_text(tmp_path / "new.csv", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644


