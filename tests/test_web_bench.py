"""The web benchmark cannot rot: ``bench/web.py`` runs on a tiny generated library for a
moment and measures every endpoint without an error; and ``planscope serve --workers 2``
serves as one process does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_serve_with_two_workers(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PLANSCOPE_DB": f"sqlite:///{tmp_path / 'lib.db'}", "PLANSCOPE_SECRET": "s" * 40}
    cmd = [sys.executable, "-m", "planscope.cli.commands", "serve", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        while True:
            try:
                status, _ = _get(f"{base}/static/vendor/htmx.min.js")
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "planscope serve --workers 2 did not answer in 60 s"
                time.sleep(0.2)
        assert status == 200
        status, body = _get(f"{base}/api/v1/documents")
        assert status == 401 and b'"unauthorized"' in body  # the workers' app has the same sign-in
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert proc.returncode is not None
    assert f"http://127.0.0.1:{port}/" in out
