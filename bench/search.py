"""Search benchmark: p50/p95 per query over the sample library and over a generated library
of 1,000 documents, on SQLite and (with ``--pg URL``) on PostgreSQL.

    .venv/bin/python bench/search.py [--docs 1000] [--runs 30] [--pg postgresql://…/db] [--keep DIR]

The sample library is ``planscope/samples`` ingested; the generated one is 1,000 invented
plan outlines (``tests/libmaker.plan_text``: ~1,800 characters each, every one different)
stored directly with ``library.store`` (analysis of each file included, once).  Each query
runs ``--runs`` times after one warm-up call (the first call loads OpenCC's dictionaries:
~80 ms, once per process); the time is ``search()`` as a caller sees it (SQL, reading the
matching chunks, offsets and snippets).  The PostgreSQL database given is emptied first (its
documents, and what hangs off them).  Target: p95 < 50 ms on the sample library.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from planscope.library import analyse, ingest_paths, store
from planscope.search import search
from planscope.store import Database

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from libmaker import SAMPLES, plan_text  # noqa: E402

QUERIES = ("林", "总值", "森林覆盖率", "2025年", "GDP", "發展", "居民人均可支配收入年均增长", "示例", "不存在的词语")


def timings(db: Database, runs: int) -> list[tuple[str, int, float, float]]:
    rows = []
    with db.session() as session:
        for q in QUERIES:
            hits = search(session, q)  # warm-up
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                search(session, q)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append((q, len(hits), statistics.median(times), p95))
    return rows


def fill_samples(db: Database) -> int:
    outcomes = ingest_paths(db, sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx")))
    return sum(o.ok for o in outcomes)


def fill_generated(db: Database, folder: Path, count: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "plan_template.txt"
    template.write_text(plan_text(0), "utf-8")
    base = analyse(template)
    with db.session() as session:
        for n in range(count):  # one analysis reused: the text differs, so the checksum and the index do
            body = plan_text(n)
            base.original, base.checksum = body, f"generated-{n:05d}"
            base.path = folder / f"plan_{n:04d}.txt"
            store(session, base)
    return count


def empty(db: Database) -> None:
    with db.engine.begin() as conn:
        for table in ("alignments", "alignment_runs", "observations", "imports", "targets", "doc_tables", "sections",
                      "text_chunks", "documents"):
            conn.execute(text(f"DELETE FROM {table}"))


def report(label: str, db: Database, runs: int) -> None:
    print(f"\n{label}")
    print(f"{'query':<28} {'hits':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for q, n, p50, p95 in timings(db, runs):
        print(f"{q:<28} {n:>5} {p50:>8.2f} {p95:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pg", help="a PostgreSQL URL to measure too (its library is emptied first)")
    parser.add_argument("--keep", type=Path, help="keep the SQLite files in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="planscope-search-"))
    backends = [("sqlite", lambda name: f"sqlite:///{folder / name}.db")]
    if args.pg:
        backends.append(("postgresql", lambda _name: args.pg))
    for backend, url_of in backends:
        for name, fill in (("samples", fill_samples),
                           ("generated", lambda db: fill_generated(db, folder / "generated", args.docs))):
            db = Database(url_of(name))
            if backend == "postgresql":
                empty(db)
            t = time.perf_counter()
            n = fill(db)
            print(f"[{backend}] {name}: {n} documents stored in {time.perf_counter() - t:.1f} s")
            report(f"[{backend}] {name} library ({n} documents)", db, args.runs)
            db.dispose()


if __name__ == "__main__":
    main()
