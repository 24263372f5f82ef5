"""Ingest benchmark: corpus throughput and peak memory on a 50 MB input.

    .venv/bin/python bench/ingest.py [--corpus DIR] [--big-mb 50]

Prints, on one core (the process pins itself to CPU 0):
* the time to ingest every corpus document into a fresh SQLite library after start-up
  (imports and migrations excluded) — the whole pipeline, targets included — per
  document and in all, with characters/second and MB/s of input;
* the peak resident memory of a separate process that ingests a generated text of
  ``--big-mb`` megabytes (target: under 300 MB for 50 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("PLANSCOPE_CORPUS", ROOT / "../shared/corpus")).resolve()


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def corpus_run(corpus: Path) -> None:
    from planscope.library import ingest_file
    from planscope.store import Database

    files = sorted(p for p in corpus.iterdir() if p.is_file())
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.db")
        ingest_file(db, files[0])  # warm caches: OpenCC, regions, patterns
        db = Database(f"sqlite:///{tmp}/bench2.db")
        total_chars, total_bytes, total = 0, 0, 0.0
        print(f"{'document':<34}{'chars':>9}{'targets':>9}{'seconds':>10}{'chars/s':>12}{'MB/s':>7}")
        for path in files:
            chars, size = len(path.read_text("utf-8", errors="replace")), path.stat().st_size
            t0 = time.perf_counter()
            outcome = ingest_file(db, path)
            dt = time.perf_counter() - t0
            assert outcome.ok, outcome.error
            total_chars, total_bytes, total = total_chars + chars, total_bytes + size, total + dt
            found = outcome.summary["targets"] + outcome.summary["actuals"]
            print(f"{path.name:<34}{chars:>9}{found:>9}{dt:>10.3f}{chars / dt:>12,.0f}{size / dt / 1e6:>7.2f}")
        print(f"{'corpus (' + str(len(files)) + ' documents)':<34}{total_chars:>9}{'':>9}{total:>10.3f}"
              f"{total_chars / total:>12,.0f}{total_bytes / total / 1e6:>7.2f}")
        print("targets: whole corpus < 1 s; whole pipeline (read → store, targets included) ≥ 1 MB/s")


def big_run(mb: int, corpus: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        seed = "".join(p.read_text("utf-8") for p in sorted(corpus.glob("*.txt")))
        with big.open("w", encoding="utf-8") as fh:
            written, n = 0, 0
            while written < mb * 2**20:
                chunk = seed.replace("“十四五”", f"“十四五”({n})")
                fh.write(chunk)
                written += len(chunk.encode("utf-8"))
                n += 1
        code = ("import sys,resource,time;from pathlib import Path;"
                "from planscope.library import ingest_file;from planscope.store import Database;"
                f"db=Database('sqlite:///{tmp}/big.db');t=time.perf_counter();"
                f"o=ingest_file(db,Path('{big}'));dt=time.perf_counter()-t;"
                "print(o.ok,o.error,round(dt,1),resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        ok, _err, seconds, rss_kb = out.stdout.split()[:2] + out.stdout.split()[-2:]
        print(f"{mb} MB text: ingested={ok} in {seconds} s, peak RSS {int(rss_kb) / 1024:.0f} MB"
              "   target: < 300 MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--big-mb", type=int, default=50)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus} (set PLANSCOPE_CORPUS or --corpus)")
    pin_one_core()
    print(f"python {sys.version.split()[0]}, one core, start-up RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    corpus_run(args.corpus)
    if args.big_mb:
        big_run(args.big_mb, args.corpus)


if __name__ == "__main__":
    main()
