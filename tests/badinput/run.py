"""Run one kind of bad input against a copy of a small library and see what came of it —
shared by the test and by ``scripts/troubleshooting.py`` (the README's table)."""

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from badinput.kinds import GOOD_CSV, SAMPLES, Kind
from planscope.cli.commands import main

TABLES = ("documents", "targets", "observations", "imports")
Snapshot = dict[str, list[tuple[Any, ...]]]


@dataclass
class Outcome:
    status: int
    output: str
    before: Snapshot
    after: Snapshot
    traceback: str | None = None  # an exception that was no message

    def message(self, kind: Kind) -> str | None:
        """The line naming the input and giving the reason, if there is one."""
        lines = [line for line in self.output.splitlines() if kind.names in line]
        return next((line.strip() for line in lines if re.search(kind.reason, line, re.IGNORECASE)), None)


def build_library(path: Path) -> Path:
    """Two sample documents and one imported sheet of values, in one file (WAL folded in)."""
    url = f"sqlite:///{path}"
    runner = CliRunner()
    for doc in ("shili_city_14th_outline.txt", "shili_city_bulletin_2021.txt"):
        result = runner.invoke(main, ["--db", url, "ingest", str(SAMPLES / doc)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--db", url, "observe", "import", str(GOOD_CSV)])
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def snapshot(path: Path) -> Snapshot:
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


def run_kind(kind: Kind, library: Path, tmp: Path) -> Outcome:
    lib = tmp / "library.db"
    shutil.copy(library, lib)
    url = kind.database(tmp, lib) if kind.database else f"sqlite:///{lib}"
    db_file = Path(url.removeprefix("sqlite:///"))
    before = snapshot(db_file)
    argv = kind.make(tmp)
    if kind.subprocess:
        status, output, trace = *_in_subprocess(kind, url, argv, lib), None
    else:
        status, output, trace = _in_process(url, argv)
    return Outcome(status, output, before, snapshot(db_file), trace)


def _in_process(url: str, argv: list[str]) -> tuple[int, str, str | None]:
    result = CliRunner().invoke(main, ["--db", url, *argv], terminal_width=200)
    trace = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else ""), trace


def _in_subprocess(kind: Kind, url: str, argv: list[str], library: Path) -> tuple[int, str]:
    limit = kind.file_size_limit

    def limits() -> None:
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-c", "from planscope.cli.commands import main; main()", "--db", url, *argv]
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
