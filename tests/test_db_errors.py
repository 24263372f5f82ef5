"""A database planscope cannot use, or that refuses the work, is one line naming the
database and the reason, exit status 1, no traceback — and the database is left as it
was: never migrated into when it is not a planscope library, what was committed before
a failure intact, the file that failed absent.

Run as root, a chmod'ed file or folder is still writable: the permission cases then run
through SQLite's own read-only mode (``?mode=ro``), and the chmod variants are skipped
saying so."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from planscope.cli.commands import main
from planscope.store import Database

from libmaker import plan_text, write_plans

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
AS_ROOT = "root writes through chmod: tested with ?mode=ro instead"
CLI = [sys.executable, "-c", "from planscope.cli.commands import main; main()"]


def cli(url: str, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def one_line(url: str, *args: str) -> str:
    code, lines = cli(url, *args)
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith("错误 / error:"), lines
    return lines[0]


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    Database(f"sqlite:///{path}").dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0042'")
    conn.commit()
    conn.close()


BAD_FILES = {
    "text": (lambda p: p.write_text("这不是数据库 / not a database\n", "utf-8"), "not a SQLite database"),
    "random bytes": (lambda p: p.write_bytes(os.urandom(8192)), "not a SQLite database"),
    "a folder": (lambda p: p.mkdir(), "folder"),
    "another program's database": (_other_program, "another program"),
    "a newer planscope's library": (_newer, "newer planscope"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
@pytest.mark.parametrize("command", [["docs"], ["targets"], ["ingest", "{plan}"]])
def test_a_file_that_is_no_planscope_library_is_refused_untouched(tmp_path: Path, kind: str,
                                                                 command: list[str]) -> None:
    make, reason = BAD_FILES[kind]
    path = tmp_path / "lib.db"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    (tmp_path / "plan.txt").write_text(plan_text(1), "utf-8")
    args = [a.replace("{plan}", str(tmp_path / "plan.txt")) for a in command]
    line = one_line(f"sqlite:///{path}", *args)
    assert str(path) in line and reason in line, line
    if before is not None:
        assert path.read_bytes() == before  # never migrated into
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db", "plan.txt"]  # no -wal, -shm or journal left


def test_a_zero_byte_file_is_a_new_library(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    path.touch()
    write_plans(tmp_path / "docs", 1)
    assert cli(f"sqlite:///{path}", "ingest", str(tmp_path / "docs"))[0] == 0
    assert cli(f"sqlite:///{path}", "docs", "--format", "json")[0] == 0


@pytest.fixture()
def library(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    write_plans(tmp_path / "docs", 2)
    assert cli(f"sqlite:///{path}", "ingest", str(tmp_path / "docs"))[0] == 0
    return path


def test_a_read_only_library_reads_but_refuses_writes(library: Path, tmp_path: Path) -> None:
    url = f"sqlite:///file:{library}?mode=ro&uri=true"
    code, lines = cli(url, "docs", "--format", "json")
    assert code == 0 and "plan_001.txt" in "\n".join(lines)
    (tmp_path / "new.txt").write_text(plan_text(7), "utf-8")
    code, lines = cli(url, "ingest", str(tmp_path / "new.txt"))
    assert code == 1 and "Traceback" not in "\n".join(lines)
    assert any(str(library) in line and "read-only" in line for line in lines), lines
    code, lines = cli(url, "observe", "add", "--region", "示例市", "--indicator", "地区生产总值", "--year", "2026",
                      "--value", "1100", "--by", "测试")
    assert code == 1 and len(lines) == 1 and "read-only" in lines[0], lines


@pytest.mark.skipif(ROOT, reason=AS_ROOT)
def test_a_chmod_read_only_file_and_folder(library: Path, tmp_path: Path) -> None:  # pragma: no cover - root CI
    Database(f"sqlite:///{library}").dispose()
    library.chmod(stat.S_IRUSR)
    try:
        (tmp_path / "new.txt").write_text(plan_text(7), "utf-8")
        code, lines = cli(f"sqlite:///{library}", "ingest", str(tmp_path / "new.txt"))
        assert code == 1 and any("read-only" in line for line in lines), lines
    finally:
        library.chmod(stat.S_IRUSR | stat.S_IWUSR)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        line = one_line(f"sqlite:///{locked / 'lib.db'}", "docs")
        assert str(locked / "lib.db") in line and "not writable" in line
    finally:
        locked.chmod(stat.S_IRWXU)


def test_a_folder_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    line = one_line(f"sqlite:///{blocker / 'sub' / 'lib.db'}", "docs")
    assert str(blocker / "sub" / "lib.db") in line and "is a file, not a folder" in line


def test_a_library_locked_by_another_process_waits_then_says_busy(library: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANSCOPE_BUSY_TIMEOUT", "1")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3,time\n"
        f"c=sqlite3.connect({str(library)!r},isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked',flush=True); time.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        (tmp_path / "new.txt").write_text(plan_text(9), "utf-8")
        started = time.monotonic()
        code, lines = cli(f"sqlite:///{library}", "ingest", str(tmp_path / "new.txt"))
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and any(str(library) in line and "busy" in line for line in lines), lines
    assert 1 <= waited < 10
    code, lines = cli(f"sqlite:///{library}", "docs", "--format", "json")
    assert code == 0 and "new.txt" not in "\n".join(lines)


def _limited(limit: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), no kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_during_ingest_names_the_file_and_keeps_what_was_committed(library: Path,
                                                                               tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.mkdir()
    (big / "big_plan.txt").write_text(plan_text(50, filler_lines=8000), "utf-8")  # ~1 MB of text to store
    (big / "small_plan.txt").write_text(plan_text(51), "utf-8")
    before = sqlite3.connect(library).execute("SELECT id, checksum FROM documents ORDER BY id").fetchall()
    limit = library.stat().st_size + 64 * 1024
    result = subprocess.run([*CLI, "--db", f"sqlite:///{library}", "ingest", str(big)], capture_output=True,
                            text=True, preexec_fn=_limited(limit), timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    failed = [line for line in result.stdout.splitlines() if "big_plan.txt" in line]
    assert failed and str(library) in failed[0] and "full" in failed[0] and "ulimit" in failed[0], result.stdout
    conn = sqlite3.connect(library)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after = conn.execute("SELECT id, checksum FROM documents ORDER BY id").fetchall()
    names = {r[0] for r in conn.execute("SELECT file_name FROM documents")}
    conn.close()
    assert after == before and "big_plan.txt" not in names
    code, _ = cli(f"sqlite:///{library}", "ingest", str(big))  # with room again, both go in
    assert code == 0


def test_postgresql_server_down_is_one_line() -> None:
    line = one_line("postgresql://planscope:pw@127.0.0.1:1/planscope", "docs")
    assert "127.0.0.1:1/planscope" in line and "cannot connect" in line and "pw" not in line.split("error:")[1]


PG = os.environ.get("PLANSCOPE_TEST_PG")


@pytest.mark.skipif(not PG, reason="needs a PostgreSQL server: PLANSCOPE_TEST_PG=postgresql://… (see .ci/run)")
def test_postgresql_wrong_password_and_missing_database_are_one_line() -> None:
    assert PG is not None
    from sqlalchemy.engine import make_url

    url = make_url(PG.replace("postgresql://", "postgresql+psycopg://", 1))
    wrong = url.set(password="not-the-password").render_as_string(hide_password=False)
    assert "authentication failed" in one_line(wrong, "docs")
    missing = url.set(database="planscope_no_such_database").render_as_string(hide_password=False)
    assert "does not exist" in one_line(missing, "docs")
