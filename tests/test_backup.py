"""``planscope backup`` / ``planscope restore``: a library goes out and comes back exactly —
documents, targets and observations, every column — and a file that is not a library this
planscope can use is refused in one line, leaving the library as it was."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import delete, update

from planscope.cli.commands import main
from planscope.store import Database, Document, ObservationRow
from planscope.store.backup import pg_commands
from planscope.store.db import head_revision, migrations_config

from libmaker import SAMPLES, snapshot, write_plans


def cli(url: str, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def fill(url: str, folder: Path) -> None:
    """A few invented documents and a sheet of observations."""
    write_plans(folder / "docs", 3)
    code, lines = cli(url, "ingest", str(folder / "docs"), str(SAMPLES / "shili_city_bulletin_2022.txt"))
    assert code == 0, lines
    code, lines = cli(url, "observe", "import", str(SAMPLES / "observations_2023.csv"))
    assert code == 0, lines


def damage(url: str) -> None:
    db = Database(url)
    with db.session() as session:
        first = session.query(Document).order_by(Document.id).first()
        assert first is not None
        session.execute(delete(Document).where(Document.id == first.id))
        session.execute(update(ObservationRow).values(value="0"))
    db.dispose()


@pytest.fixture()
def library(tmp_path: Path) -> tuple[str, dict[str, list[tuple[object, ...]]]]:
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    fill(url, tmp_path)
    before = snapshot(url)
    assert before["documents"] and before["targets"] and before["observations"]
    return url, before


def test_backup_then_restore_gives_back_exactly_what_was_stored(library, tmp_path: Path) -> None:
    url, before = library
    saved = tmp_path / "saved" / "lib-backup.db"
    saved.parent.mkdir()
    code, lines = cli(url, "backup", str(saved))
    assert code == 0 and str(saved) in lines[-1], lines
    damage(url)
    assert snapshot(url) != before
    code, lines = cli(url, "restore", str(saved))  # no --yes, no terminal: refused
    assert code == 1 and len(lines) == 1 and "--yes" in lines[0], lines
    assert snapshot(url) != before
    code, lines = cli(url, "restore", "--yes", str(saved))
    assert code == 0, lines
    assert snapshot(url) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left
    assert [p.name for p in saved.parent.iterdir()] == ["lib-backup.db"]  # one self-contained file


def test_the_backup_is_a_consistent_copy_while_another_process_reads_and_writes(library, tmp_path: Path) -> None:
    url, before = library
    path = url[len("sqlite:///"):]
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3,sys,time\n"
        f"c=sqlite3.connect({path!r},isolation_level=None)\n"
        "c.execute('BEGIN'); c.execute('SELECT count(*) FROM documents').fetchone()\n"
        "print('reading',flush=True); time.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "reading"
        started = time.monotonic()
        code, lines = cli(url, "backup", str(tmp_path / "b.db"))
        assert code == 0, lines
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(f"sqlite:///{tmp_path / 'b.db'}") == before


def test_backup_does_not_overwrite_without_yes(library, tmp_path: Path) -> None:
    url, _ = library
    existing = tmp_path / "old.db"
    existing.write_bytes(b"an older backup")
    code, lines = cli(url, "backup", str(existing))
    assert code == 1 and len(lines) == 1 and str(existing) in lines[0] and "--yes" in lines[0]
    assert existing.read_bytes() == b"an older backup"
    assert cli(url, "backup", "--yes", str(existing))[0] == 0
    assert existing.read_bytes()[:15] == b"SQLite format 3"


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.commit()
    conn.close()


def _newer(path: Path, url: str) -> None:
    Database(f"sqlite:///{path}").dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()


BAD_BACKUPS = {
    "text": (lambda p, u: p.write_text("地区,指标\n示例市,GDP\n", "utf-8"), "not a SQLite"),
    "random bytes": (lambda p, u: p.write_bytes(os.urandom(4096)), "not a SQLite"),
    "another program": (lambda p, u: _other_program(p), "not a planscope library"),
    "newer planscope": (_newer, "newer planscope"),
    "truncated": (lambda p, u: p.write_bytes(Path(u[len("sqlite:///"):]).read_bytes()[:8192]), "damaged"),
    "missing": (lambda p, u: None, "no such file"),
}


@pytest.mark.parametrize("kind", list(BAD_BACKUPS))
def test_a_file_that_is_no_usable_library_is_refused_and_the_library_kept(library, tmp_path: Path,
                                                                          kind: str) -> None:
    url, before = library
    Database(url).dispose()  # checkpointed: the file alone holds the library (for "truncated")
    make, reason = BAD_BACKUPS[kind]
    bad = tmp_path / f"bad-{kind.replace(' ', '_')}.db"
    make(bad, url)
    code, lines = cli(url, "restore", "--yes", str(bad))
    assert code == 1 and len(lines) == 1, lines
    assert str(bad) in lines[0] and reason in lines[0], lines[0]
    assert snapshot(url) == before


def test_an_older_planscope_library_is_restored_then_migrated(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    db = Database(f"sqlite:///{old}", migrate=False)
    cfg = migrations_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")  # before the imports table and targets.flags
    db.dispose()
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    code, lines = cli(url, "restore", str(old))  # no library yet: nothing to overwrite, no --yes needed
    assert code == 0, lines
    conn = sqlite3.connect(tmp_path / "lib.db")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert "flags" in {r[1] for r in conn.execute("PRAGMA table_info(targets)")}
    conn.close()
    assert (old.stat().st_size > 0) and sqlite3.connect(old).execute(
        "SELECT version_num FROM alembic_version").fetchone()[0] == "0004"  # the backup itself untouched


def test_postgresql_gets_the_pg_dump_and_pg_restore_lines(tmp_path: Path) -> None:
    url = "postgresql://planner:s3cret@db.example:5433/plans"
    for args, tool in ((["backup", "x.dump"], "pg_dump -Fc"), (["restore", "x.dump"], "pg_restore")):
        code, lines = cli(url, *args)
        assert code == 1 and len(lines) == 1, lines
        assert tool in lines[0] and "postgresql://planner@db.example:5433/plans" in lines[0]
        assert "s3cret" not in lines[0] and "PGPASSWORD" in lines[0]


PG = os.environ.get("PLANSCOPE_TEST_PG")


@pytest.mark.skipif(not PG, reason="PostgreSQL round trip needs PLANSCOPE_TEST_PG=postgresql://… (see .ci/run)")
def test_postgresql_round_trip_with_the_printed_commands(tmp_path: Path) -> None:
    assert PG is not None
    _reset_pg(PG)
    fill(PG, tmp_path)
    before = snapshot(PG)
    dump_file = tmp_path / "lib.dump"
    dump, restore = pg_commands(PG, dump_file)
    code, lines = cli(PG, "backup", str(dump_file))
    assert code == 1 and dump in lines[0]
    env = {**os.environ, "PGPASSWORD": Database(PG).engine.url.password or ""}
    subprocess.run(shlex.split(dump), check=True, env=env)
    damage(PG)
    assert snapshot(PG) != before
    subprocess.run(shlex.split(restore), check=True, env=env)
    assert snapshot(PG) == before
    _reset_pg(PG)


def _reset_pg(url: str) -> None:
    from sqlalchemy import text

    db = Database(url)
    with db.engine.begin() as conn:
        for table in ("alignments", "alignment_runs", "observations", "imports", "targets", "doc_tables",
                      "sections", "text_chunks", "documents"):
            conn.execute(text(f"DELETE FROM {table}"))
    db.dispose()


def test_restore_never_replaces_a_file_that_is_not_a_planscope_library(library, tmp_path: Path) -> None:
    url, _ = library
    saved = tmp_path / "saved.db"
    assert cli(url, "backup", str(saved))[0] == 0
    other = tmp_path / "contacts.db"
    _other_program(other)
    before = other.read_bytes()
    code, lines = cli(f"sqlite:///{other}", "restore", "--yes", str(saved))
    assert code == 1 and len(lines) == 1 and str(other) in lines[0] and "not replaced" in lines[0], lines
    assert other.read_bytes() == before


def test_restore_waits_for_a_library_in_use_then_refuses_it_unchanged(library, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    url, before = library
    saved = tmp_path / "saved.db"
    assert cli(url, "backup", str(saved))[0] == 0
    damage(url)
    damaged = snapshot(url)
    monkeypatch.setenv("PLANSCOPE_BUSY_TIMEOUT", "1")
    path = url[len("sqlite:///"):]
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3,time\n"
        f"c=sqlite3.connect({path!r},isolation_level=None)\n"
        "c.execute('BEGIN'); c.execute('SELECT count(*) FROM documents').fetchone()\n"
        "print('reading',flush=True); time.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "reading"
        code, lines = cli(url, "restore", "--yes", str(saved))
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and len(lines) == 1 and path in lines[0] and "in use" in lines[0], lines
    assert snapshot(url) == damaged
    assert cli(url, "restore", "--yes", str(saved))[0] == 0  # once it is free
    assert snapshot(url) == before
