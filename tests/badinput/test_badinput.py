"""Every kind of bad input (``kinds.py``) gets one line naming the file and the reason, the
right exit status, no traceback, and leaves the library exactly as it was."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from badinput.kinds import GOOD_CSV, KINDS, SAMPLES, Kind
from planscope.cli import main

TABLES = ("documents", "targets", "observations", "imports")
Snapshot = dict[str, list[tuple[Any, ...]]]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small library: two sample documents and one imported sheet of values."""
    path = tmp_path_factory.mktemp("library") / "library.db"
    url = f"sqlite:///{path}"
    runner = CliRunner()
    for doc in ("shili_city_14th_outline.txt", "shili_city_bulletin_2021.txt"):
        result = runner.invoke(main, ["--db", url, "ingest", str(SAMPLES / doc)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--db", url, "observe", "import", str(GOOD_CSV)])
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(path)  # the library runs in WAL mode: fold the log in, so one file is a copy
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def _snapshot(path: Path) -> Snapshot:
    if not path.is_file():
        return {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES if t in names}
    except sqlite3.DatabaseError:  # not a database at all: compare the bytes
        return {"bytes": [(path.read_bytes(),)]}
    finally:
        con.close()


def _run_in_process(url: str, argv: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", url, *argv])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"traceback instead of a message:\n{trace}")
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def _run_in_subprocess(kind: Kind, url: str, argv: list[str], library: Path) -> tuple[int, str]:
    limit = library.stat().st_size + kind.file_size_margin if kind.file_size_margin else None

    def limits() -> None:
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-c", "from planscope.cli import main; main()", "--db", url, *argv]
    lock = None
    if kind.holds_lock:
        lock = sqlite3.connect(library, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, preexec_fn=limits,
                              env={**os.environ, "COLUMNS": "200"})
    finally:
        if lock is not None:
            lock.execute("ROLLBACK")
            lock.close()
    return done.returncode, done.stdout + done.stderr


# Kinds whose fix is being merged (issue 10): they must fail today, and pass once it lands.
PENDING = {"a text file as the database", "random bytes as the database", "another program's database",
           "a library from a newer planscope", "a library locked by another process", "a full disk during ingest"}


@pytest.mark.parametrize("kind", [
    pytest.param(k, id=k.name, marks=[pytest.mark.xfail(strict=True, reason="fix being merged")] * (k.name in PENDING))
    for k in KINDS])
def test_bad_input_is_answered_in_one_line(kind: Kind, library: Path, tmp_path: Path) -> None:
    lib = tmp_path / "library.db"
    shutil.copy(library, lib)
    url = kind.database(tmp_path, lib) if kind.database else f"sqlite:///{lib}"
    db_file = Path(url.removeprefix("sqlite:///"))
    before = _snapshot(db_file)
    argv = kind.make(tmp_path)

    if kind.subprocess:
        status, output = _run_in_subprocess(kind, url, argv, lib)
    else:
        status, output = _run_in_process(url, argv)

    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if kind.names in line]
    assert lines, f"no line names {kind.names!r}:\n{output}"
    assert any(re.search(kind.reason, line, re.IGNORECASE) for line in lines), (
        f"no line naming {kind.names!r} gives the reason /{kind.reason}/:\n{output}")
    assert status == kind.exit, f"exit status {status}, expected {kind.exit}:\n{output}"
    after = _snapshot(db_file)
    if kind.adds_documents:
        assert len(after["documents"]) == len(before["documents"]) + kind.adds_documents
        assert set(before["documents"]) <= set(after["documents"])
        assert after["observations"] == before["observations"]
    else:
        assert after == before, "the library changed"


def test_there_are_at_least_forty_kinds() -> None:
    assert len({k.name for k in KINDS}) == len(KINDS) >= 40
