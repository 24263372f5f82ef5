"""Task extraction scored on the task fixtures: precision and recall of tasks, lead units,
co-units and deadlines, per layout and overall.

    .venv/bin/python bench/tasks_eval.py [FOLDER …] [--show 20]

FOLDER defaults to the fixtures: the renderings of tests/taskgen.py (each task list in every
layout, .txt and .docx, made afresh in a temporary folder), ``tests/fixtures/tasks/hand``
(documents written by hand with their traps) and ``tests/fixtures/tasks/held_out`` (written
by hand before the extractor was first run on them).  Every document ``X.txt`` / ``X.docx`` beside an ``X.expect.json``
is read and scored (``planscope.extraction.tasks.scoring``): tasks, lead and co-units and
deadlines per layout, and the fields of the projects the sidecars list (name, investment in
yuan, period, place); ``--show`` lists that many of the disagreements.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from planscope.extraction.tasks.scoring import FIELDS, PROJECT_FIELDS, Scores, score, score_projects
from planscope.views.tasks import tasks_of_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "tasks"
DEFAULT = (FIXTURES / "hand", FIXTURES / "held_out")
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
            by_layout[layout].add(score_projects(sidecar.get("projects", []), records, doc.name))  # type: ignore[arg-type]
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
                       for f, c in total.counts.items() if f in FIELDS)
    lines.append(f"\n({counts})")
    projects = ", ".join(f"{f} {_pr(total.counts[f].precision).strip()} / {_pr(total.counts[f].recall).strip()}"
                         for f in PROJECT_FIELDS)
    lines.append(f"projects (P / R): {projects}")
    if total.problems and show:
        lines.append(f"\n{len(total.problems)} disagreements; the first {min(show, len(total.problems))}:")
        lines.extend(f"  {p}" for p in total.problems[:show])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folders = args.folders or [_generated(Path(tmp)), *DEFAULT]
        print(report(evaluate([f for f in folders if f.is_dir()]), args.show))
    return 0


def _generated(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    import taskgen

    taskgen.write(folder, docx=True)
    return folder


if __name__ == "__main__":
    sys.exit(main())
