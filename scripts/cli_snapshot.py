"""Record what the CLI prints for a fixed library, to check a refactoring changes nothing.

    .venv/bin/python scripts/cli_snapshot.py OUT_DIR              # write one file per command
    .venv/bin/python scripts/cli_snapshot.py OUT_DIR --compare REF # and diff against an earlier run

The library: the samples, the real corpus (``PLANSCOPE_CORPUS``, when present) and the sample
observations, ingested into a fresh SQLite file.  Each command's output (stdout, then
stderr, then the exit status) goes to ``OUT_DIR/<command>.txt``; csv/json/jsonl formats are
recorded too, since the web and the reports will read the same rows.  Time stamps
(``recorded_at``, ingest dates) are blanked so two runs compare equal.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from planscope.cli.commands import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "planscope" / "samples"
CORPUS = Path(os.environ.get("PLANSCOPE_CORPUS", str(ROOT / "../shared/corpus"))).resolve()

COMMANDS: list[list[str]] = [
    ["docs"], ["show", "1"], ["show", "2"], ["tables", "1"], ["tables", "1", "--format", "json"],
    *[["targets", "--format", f] for f in ("table", "csv", "jsonl")],
    *[["actuals", "--format", f] for f in ("table", "csv", "jsonl")],
    *[["progress", "--format", f] for f in ("table", "csv", "json")],
    *[["align", "--format", f] for f in ("table", "csv", "json")],
    *[["align", sub, "--format", f] for sub in ("stats", "strategies", "implied") for f in ("table", "json")],
    *[["observe", "list", "--format", f] for f in ("table", "csv", "jsonl")],
    ["completion", "1"],
]
_STAMPS = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?")


def build(url: str) -> None:
    runner = CliRunner()
    sources = [SAMPLES, *([CORPUS] if CORPUS.is_dir() else [])]
    for source in sources:
        runner.invoke(main, ["--db", url, "ingest", str(source)])
    runner.invoke(main, ["--db", url, "observe", "import", str(SAMPLES / "observations_2023.csv")])


def record(url: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    for command in COMMANDS:
        result = runner.invoke(main, ["--db", url, *command], terminal_width=160)
        text = f"{result.stdout}\n--- stderr\n{result.stderr}\n--- exit {result.exit_code}\n"
        (out / ("_".join(command).replace("/", "-") + ".txt")).write_text(_STAMPS.sub("<time>", text), "utf-8")


def compare(out: Path, ref: Path) -> int:
    changed = 0
    for old in sorted(ref.glob("*.txt")):
        new = out / old.name
        a = old.read_text("utf-8").splitlines()
        b = new.read_text("utf-8").splitlines() if new.exists() else []
        if a != b:
            changed += 1
            sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(a, b, str(old), str(new), n=1))
    print(f"{changed} of {len(list(ref.glob('*.txt')))} outputs differ")
    return 1 if changed else 0


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, help="an earlier OUT_DIR to diff against")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/library.db"
        build(url)
        record(url, args.out)
    return compare(args.out, args.compare) if args.compare else 0


if __name__ == "__main__":
    sys.exit(run())
