"""Ctrl-C (SIGINT) during a long ``ingest`` or ``observe import`` stops cleanly: what went
in is committed and counted (``已入库 N 个，中断 / N ingested, interrupted``), no traceback,
exit status 130.  kill -9 at any moment leaves a consistent database: every document in
it whole, the one being written absent, and the library usable again at once.

Real subprocesses and real signals: the CLI prints a line per file as it is committed,
which is how the tests know when to strike."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from planscope.catalogue.indicators import load_catalogue

from libmaker import write_plans

CLI = [sys.executable, "-c", "from planscope.cli.commands import main; main()"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def start_ingest(db: Path, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "--db", f"sqlite:///{db}", "ingest", str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV)


def wait_for_lines(proc: subprocess.Popen[str], count: int) -> list[str]:
    """Read stdout until ``count`` files were reported committed."""
    assert proc.stdout is not None
    lines: list[str] = []
    while sum(line.startswith("✓") for line in lines) < count:
        line = proc.stdout.readline()
        assert line, f"the ingest ended early: {lines}"
        lines.append(line)
    return lines


def stored(db: Path) -> tuple[list[str], str]:
    conn = sqlite3.connect(db)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        names = [r[0] for r in conn.execute("SELECT file_name FROM documents ORDER BY id")]
        broken = conn.execute(  # a document without its text, or its text not all there
            "SELECT d.file_name FROM documents d LEFT JOIN text_chunks c ON c.document_id = d.id "
            "GROUP BY d.id HAVING coalesce(sum(length(c.body)), 0) != d.chars").fetchall()
        assert not broken, f"documents stored in part: {broken}"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return names, check
    finally:
        conn.close()


def test_ctrl_c_during_a_folder_ingest_stops_after_the_current_file(tmp_path: Path) -> None:
    write_plans(tmp_path / "docs", 60)
    db = tmp_path / "lib.db"
    proc = start_ingest(db, tmp_path / "docs")
    lines = wait_for_lines(proc, 3)
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    output = "".join(lines) + rest
    assert proc.returncode == 130, output + err
    assert "Traceback" not in err and "Traceback" not in output, err
    counted = re.search(r"已入库 (\d+) 个，中断 / (\d+) ingested, interrupted", output)
    assert counted, output
    names, check = stored(db)
    assert check == "ok"
    reported = [line.split()[1] for line in output.splitlines() if line.startswith("✓")]
    assert int(counted[1]) == len(names) == len(reported) and names == reported
    assert 3 <= len(names) < 60  # it did stop, after what was reported


def test_a_second_ctrl_c_stops_at_once_and_rolls_the_current_file_back(tmp_path: Path) -> None:
    write_plans(tmp_path / "docs", 40, filler_lines=3000)  # files that take a while each
    db = tmp_path / "lib.db"
    proc = start_ingest(db, tmp_path / "docs")
    lines = wait_for_lines(proc, 1)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    output = "".join(lines) + rest
    assert proc.returncode == 130 and "Traceback" not in err, err
    counted = re.search(r"已入库 (\d+) 个，中断", output)
    names, check = stored(db)
    assert counted and check == "ok", output
    reported = [line.split()[1] for line in output.splitlines() if line.startswith("✓")]
    assert int(counted[1]) == len(names) == len(reported) and names == reported  # the one in hand: rolled back
    assert len(names) < 40


def test_ctrl_c_during_an_observation_import_rolls_it_back(tmp_path: Path) -> None:
    sheet = tmp_path / "values.csv"
    catalogue = load_catalogue()
    rows = ["地区,指标,年份,数值,单位,来源"]  # ~50,000 rows: several seconds to check and store
    rows += [f"{region},{i.zh},{year},12,{i.unit or ''},统计局"
             for region in ("示例市", "示例县", "示例省") for i in catalogue for year in range(1950, 2026)]
    sheet.write_text("\n".join(rows) + "\n", "utf-8")
    db = tmp_path / "lib.db"
    # the library made first: the interrupt is for the import, not the migrations of a new file
    subprocess.run([*CLI, "--db", f"sqlite:///{db}", "docs"], capture_output=True, env=ENV, timeout=120, check=True)
    proc = subprocess.Popen([*CLI, "--db", f"sqlite:///{db}", "observe", "import", str(sheet)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    time.sleep(2.5)  # reading and checking the rows
    assert proc.poll() is None, "the import ended before the interrupt: make the sheet longer"
    proc.send_signal(signal.SIGINT)
    output, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert proc.returncode == 130, output + err
    conn = sqlite3.connect(db)
    count = conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    conn.close()
    if "0 rows imported, interrupted (rolled back)" in output:
        assert count == 0
    else:  # the interrupt came during the commit: the import finished and says so
        imported = re.search(r"(\d+) rows imported, interrupted", output)
        assert imported and int(imported[1]) == count, output


def test_kill_9_during_ingest_leaves_a_consistent_library(tmp_path: Path) -> None:
    write_plans(tmp_path / "docs", 40, filler_lines=400)
    db = tmp_path / "lib.db"
    proc = start_ingest(db, tmp_path / "docs")
    lines = wait_for_lines(proc, 4)
    time.sleep(0.1)  # somewhere inside the next file
    proc.kill()
    proc.wait()
    names, check = stored(db)
    assert check == "ok"
    reported = [line.split()[1] for line in lines if line.startswith("✓")]
    assert names[:len(reported)] == reported  # every file reported committed is there, whole
    assert len(names) < 40
    again = subprocess.run([*CLI, "--db", f"sqlite:///{db}", "ingest", str(tmp_path / "docs")],
                           capture_output=True, text=True, env=ENV, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(stored(db)[0]) == 40
