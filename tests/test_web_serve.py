"""``planscope serve``: the real command on a free loopback port serves the vendored assets
and, with no accounts configured, signs nobody in; with ``--workers 2`` it serves as one
process does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from planscope.cli.serve import is_loopback


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.10") and not is_loopback("planning.intranet")


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


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_starts_the_workbench(tmp_path: Path, workers: int) -> None:
    """One process, or uvicorn's worker processes: the same assets and the same sign-in."""
    port = _free_port()
    env = {**os.environ, "PLANSCOPE_DB": f"sqlite:///{tmp_path / 'lib.db'}", "PLANSCOPE_SECRET": "s" * 40}
    cmd = [sys.executable, "-m", "planscope.cli.commands", "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        while True:
            try:
                status, _ = _get(f"{base}/static/vendor/htmx.min.js")
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, f"planscope serve --workers {workers} did not answer in 60 s"
                time.sleep(0.2)
        assert status == 200
        status, body = _get(f"{base}/api/v1/documents")
        assert status == 401 and b'"unauthorized"' in body  # no default user, in every worker
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out
