"""Write the README's troubleshooting table: every kind of bad input of tests/badinput, the
answer planscope gives (run for real against a small library) and its exit status.

    .venv/bin/python scripts/troubleshooting.py   # rewrite README.md between the markers

tests/badinput/test_badinput.py checks that every kind is listed.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from readme_sections import write_or_check  # noqa: E402

from badinput.kinds import KINDS  # noqa: E402
from badinput.run import build_library, run_kind  # noqa: E402

AREAS = {"ingest": "读入 ingest", "import": "导入 observe import", "add": "录入 observe add",
         "template": "模板 template", "output": "输出 outputs", "database": "数据库 database"}


def _clean(line: str, tmp: Path) -> str:
    line = line.replace(str(tmp), "…").replace("|", "\\|")
    return re.sub(r"\s+", " ", line).strip()


def render() -> str:
    rows = ["| 区域 area | 输入 input | planscope 的回答 answer | 退出码 exit |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        library = build_library(Path(tmp) / "library.db")
        for i, kind in enumerate(KINDS):
            case = Path(tmp) / f"case{i}"
            case.mkdir()
            outcome = run_kind(kind, library, case)
            message = outcome.message(kind) or "（未给出 / no message yet）"
            rows.append(f"| {AREAS[kind.area]} | {kind.name} | {_clean(message, case)} | {outcome.status} |")
    return "\n".join(rows)


def run() -> int:
    return write_or_check("troubleshooting", render())


if __name__ == "__main__":
    sys.exit(run())
