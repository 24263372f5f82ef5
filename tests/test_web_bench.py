"""The web benchmark cannot rot: ``bench/web.py`` runs on a tiny generated library for a
moment and measures every endpoint without an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from locations import ROOT

ENDPOINTS = ("static file", "region dashboard", "document view", "GET /api/v1/documents", "GET /api/v1/targets",
             "GET /api/v1/progress", "library page")


def test_the_benchmark_runs_on_a_tiny_library(tmp_path: Path) -> None:
    cmd = [sys.executable, str(ROOT / "bench" / "web.py"), "--docs", "20", "--clients", "3", "--think", "0.05",
           "--seconds", "0.2", "--requests", "40", "--no-pin", "--keep", str(tmp_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "machine:" in out and "20 documents" in out, out
    rows = [line for line in out.splitlines() if line.startswith(ENDPOINTS)]
    assert [r for e in ENDPOINTS for r in rows if r.startswith(e)] == rows and len(rows) == len(ENDPOINTS), out
    assert not any("errors" in r for r in rows), out
    assert "tracebacks" not in out, (tmp_path / "server.log").read_text("utf-8", errors="replace")[-3000:]
