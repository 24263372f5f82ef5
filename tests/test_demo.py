"""The main job (README's first command): ``planscope demo`` on a fresh default library, its
demo logins, and the workbench it starts with them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from planscope.cli.commands import main

LOGIN = re.compile(r"^\s+(demo-[a-z]+)\s+(\S+)\s+([a-z]+)\s", re.M)


def _logins(output: str) -> dict[str, str]:
    return {name: password for name, password, _role in LOGIN.findall(output)}


def _signs_in(client: httpx.Client, name: str, password: str) -> bool:
    page = client.get("/login")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert token, page.text[:300]
    r = client.post("/login", data={"name": name, "password": password, "csrf_token": token.group(1)},
                    follow_redirects=False)
    return r.status_code == 303


def test_demo_runs_every_step_on_a_fresh_library_and_again_on_the_same_one(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from planscope.store import Database
    from planscope.web.app import create_app

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    runner = CliRunner()
    first = runner.invoke(main, ["--db", url, "demo"])  # stdin is no terminal here: no workbench started
    assert first.exit_code == 0, first.output
    for heading in ("1. 读入示例文件", "4. 规划目标", "6. 目标进展与预警", "7. 规划衔接", "8. 规划工作台"):
        assert heading in first.output
    assert "失败" not in first.output.split("2. 规划文件库")[0].replace("失败 0", "")
    # alignment: the county's chain, its relations, the implied provincial GDP, a strategy taken up
    assert "示例县" in first.output and "加码 escalated" in first.output and "承接 inherited" in first.output
    assert "推算 / implied" in first.output and "示例省" in first.output
    assert "一城多园" in first.output
    logins = _logins(first.output)
    assert set(logins) == {"demo-admin", "demo-planner", "demo-reviewer", "demo-reporter"}
    assert "planscope serve" in first.output.split("8. 规划工作台")[1]
    report = tmp_path / "中期评估.docx"  # the demo's library gives the report its hint names
    made = runner.invoke(main, ["--db", url, "report", "--region", "示例市", "--year", "2023", "--kind", "midterm",
                                "-o", str(report)])
    assert made.exit_code == 0 and report.stat().st_size > 20_000, made.output
    assert "planscope report --region 示例市" in first.output
    second = runner.invoke(main, ["--db", url, "demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    assert "plan library (6)" in second.output  # the same six documents, not twelve
    again = _logins(second.output)
    assert set(again) == set(logins) and all(again[n] != logins[n] for n in logins)  # new passwords each run
    db = Database(url)
    app = create_app(db, upload_dir=tmp_path, secure_cookies=False, secret=b"t" * 40)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert not _signs_in(c, "demo-reporter", logins["demo-reporter"])  # the first run's password is gone
        assert _signs_in(c, "demo-reporter", again["demo-reporter"])
        assert "数据填报" in c.get("/entry").text
    db.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_starts_the_workbench_with_its_logins(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PLANSCOPE_SECRET": "d" * 40,
           "PLANSCOPE_DB": f"sqlite:///{tmp_path / 'demo.db'}"}
    cmd = [sys.executable, "-m", "planscope.cli.commands", "demo", "--serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        seen, deadline = [], time.monotonic() + 120
        while "试一试" not in "".join(seen[-1:]):  # the address, then the logins, then the hint
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "".join(seen)
            assert time.monotonic() < deadline, "the demo did not start the workbench in 120 s"
            seen.append(line)
        output = "".join(seen)
        address = f"http://127.0.0.1:{port}/"
        assert address in output and output.index(address) < output.index("demo-admin")  # address, then logins
        logins = _logins(output.split("8. 规划工作台")[1])
        with httpx.Client(base_url=address.rstrip("/"), timeout=10) as client:
            for _ in range(100):  # uvicorn starts after the lines are printed
                try:
                    client.get("/login")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            assert _signs_in(client, "demo-admin", logins["demo-admin"])
            audit = client.get("/audit")
            assert audit.status_code == 200 and "document.ingest" in audit.text and "user.add" in audit.text
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
