"""Task extraction scored on the task fixtures: precision and recall of tasks, lead units,
co-units and deadlines, per layout and overall.

    .venv/bin/python bench/tasks_eval.py [FOLDER …] [--show 20]

FOLDER defaults to the fixtures: ``tests/fixtures/tasks/generated`` (one task list rendered
in every layout, by tests/taskgen.py) and ``tests/fixtures/tasks/hand`` (documents written
by hand with their traps).  Every document ``X.txt`` / ``X.docx`` beside an ``X.expect.json``
is read and scored (``planscope.extraction.tasks.scoring``); ``--show`` lists that many of
the disagreements.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from planscope.extraction.tasks.scoring import FIELDS, Scores, score
from planscope.views.tasks import tasks_of_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = (ROOT / "tests" / "fixtures" / "tasks" / "generated", ROOT / "tests" / "fixtures" / "tasks" / "hand")
DOCUMENTS = (".txt", ".docx", ".html", ".pdf")


def documents(folder: Path) -> list[tuple[Path, dict[str, object]]]:
    out = []
    for sidecar in sorted(folder.glob("*.expect.json")):
        stem = sidecar.name.removesuffix(".expect.json")
        for ext in DOCUMENTS:
            doc = folder / f"{stem}{ext}"
            if doc.exists():
                out.append((doc, json.loads(sidecar.read_text("utf-8"))))
    return out


def evaluate(folders: list[Path]) -> dict[str, Scores]:
    by_layout: dict[str, Scores] = defaultdict(Scores)
    for folder in folders:
        for doc, sidecar in documents(folder):
            records = tasks_of_file(doc)
            layout = f"{sidecar['layout']} ({doc.suffix[1:]})"
            by_layout[layout].add(score(sidecar["tasks"], records, doc.name))  # type: ignore[arg-type]
    return by_layout


def _pr(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.1%}"


def report(by_layout: dict[str, Scores], show: int) -> str:
    head = f"{'layout':24}" + "".join(f"{f:>18}" for f in FIELDS)
    lines = [head, f"{'':24}" + "".join(f"{'P':>9}{'R':>9}" for _ in FIELDS)]
    total = Scores()
    for layout in sorted(by_layout):
        s = by_layout[layout]
        total.add(s)
        lines.append(f"{layout:24}" + "".join(f"{_pr(s.counts[f].precision):>9}{_pr(s.counts[f].recall):>9}"
                                             for f in FIELDS))
    lines.append(f"{'all':24}" + "".join(f"{_pr(total.counts[f].precision):>9}{_pr(total.counts[f].recall):>9}"
                                        for f in FIELDS))
    counts = ", ".join(f"{f} {c.hits}/{c.hits + c.misses} expected, {c.false_hits} false"
                       for f, c in total.counts.items())
    lines.append(f"\n({counts})")
    if total.problems and show:
        lines.append(f"\n{len(total.problems)} disagreements; the first {min(show, len(total.problems))}:")
        lines.extend(f"  {p}" for p in total.problems[:show])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT))
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    print(report(evaluate([f for f in args.folders if f.is_dir()]), args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
