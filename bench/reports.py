"""Report benchmark: ``planscope report`` for one region, and for every county of a generated
province, on one core.

    .venv/bin/python bench/reports.py [--counties 100] [--seed 7] [--year 2023] [--kind midterm]
                                      [--format docx] [--folder /tmp/planscope-bench-reports]

Builds (once, reused when ``--folder`` already holds it) a SQLite library of ``bench/webgen.py``'s
invented province: for each region its 十四五 outline, its party proposal and its bulletins of
2021 up to ``--year`` (the documents whose figures a report reads).  Then, pinned to one CPU, it
times ``report_view`` + the writer for the first county (targets counted and printed) and for all
counties in turn, in one process, as a planning office's batch would run them.  Generation and
ingest are not timed.  Targets: one region < 5 s; 100 counties < 3 min.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import webgen

from planscope.catalogue.regions import Region
from planscope.library import ingest_paths
from planscope.store import Database


def pin_one_core() -> None:
    import os

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def build(folder: Path, counties: int, seed: int, year: int) -> tuple[Database, list[Region]]:
    """The province (``counties`` counties and their cities) and its library, ingested once."""
    regions = webgen.province(counties + max(1, counties // 10) + 1, seed)
    webgen.register(regions)
    db_path = folder / "library.db"
    db = Database(f"sqlite:///{db_path}")
    if (folder / "done").exists():
        return db, regions
    docs = folder / "documents"
    docs.mkdir(parents=True, exist_ok=True)
    keep = ("outline", "proposal", *(f"bulletin_{y}" for y in range(2021, year + 1)))
    paths = []
    for i, region in enumerate(regions):
        for name, text in webgen.documents(webgen.Place(region, seed * 10_000 + i)):
            if any(k in name for k in keep):
                path = docs / name
                path.write_text(text, "utf-8")
                paths.append(path)
    t = time.perf_counter()
    outcomes = ingest_paths(db, paths)
    print(f"ingested {sum(o.ok for o in outcomes)}/{len(paths)} documents in {time.perf_counter() - t:.0f} s "
          "(not timed below)")
    (folder / "done").write_text("ok")
    return db, regions


def forty(folder: Path, db: Database, region: Region, seed: int, year: int, wanted: int = 40) -> None:
    """A city whose outline's 专栏 holds ``wanted`` rows — the generated table and rows for more
    catalogue indicators (levels and shares with plain units, invented values) — and a sheet
    of their values for 2021 to ``year``, imported as a statistics bureau would send it."""
    import random
    import re

    from planscope.catalogue.indicators import load_catalogue
    from planscope.monitoring.observations import import_file

    rng = random.Random(seed)
    place = webgen.Place(region, seed)
    text = dict(webgen.documents(place))[f"{region.code}_14th_outline.txt"]
    rows = re.findall(r"^(\d+)    (\S+)    (\S+)    ([\d.]+)    ([\d.]+)    (\S+)$", text, re.M)
    have = {name for _, name, *_ in rows}
    extra = [i for i in load_catalogue() if i.kind in ("level", "share") and i.unit in ("%", "万人", "亿元", "个", "人")
             and i.zh not in have and len(i.zh) <= 14][: wanted - len(rows) - 1]
    lines, sheet = [], ["地区,指标,年份,数值,单位,来源"]
    last = max(int(n) for n, *_ in rows) if rows else 0
    for k, ind in enumerate(extra, last + 1):
        base = round(rng.uniform(20, 80), 1)
        goal = round(base * rng.uniform(1.05, 1.3), 1)
        lines.append(f"{k}    {ind.zh}    {ind.unit}    {base}    {goal}    {'约束性' if k % 5 == 0 else '预期性'}")
        for y in range(2021, year + 1):
            value = round(base + (goal - base) * (y - 2020) / 5 * rng.uniform(0.3, 1.3), 1)
            sheet.append(f"{region.name},{ind.zh},{y},{value},{ind.unit},{region.name}统计局")
    anchor = next(m for m in re.finditer(r"^\d+    .*$", text, re.M) if m.group(0).startswith(f"{last}    "))
    text = text[: anchor.end()] + "\n" + "\n".join(lines) + text[anchor.end():]
    path = folder / "documents" / f"{region.code}_14th_outline.txt"
    path.write_text(text, "utf-8")
    ingest_paths(db, [path])
    csv_path = folder / f"{region.code}_values.csv"
    csv_path.write_text("\n".join(sheet) + "\n", "utf-8")
    with db.session() as session:
        import_file(session, csv_path)


def one(db: Database, code: str, year: int, kind: str, fmt: str, out: Path) -> int:
    from planscope.reports.monitoring import write_report
    from planscope.views.report import report_view

    with db.session() as session:
        view = report_view(session, code, year, kind)
    write_report(view, fmt, out)
    return len(view.rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counties", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--kind", default="midterm")
    ap.add_argument("--format", dest="fmt", default="docx", choices=("docx", "xlsx"))
    ap.add_argument("--folder", type=Path, default=Path("/tmp/planscope-bench-reports"))
    args = ap.parse_args()
    db, regions = build(args.folder, args.counties, args.seed, args.year)
    pin_one_core()
    counties = [r for r in regions if r.level == "county"][: args.counties]
    out = args.folder / "out"
    out.mkdir(exist_ok=True)
    city = next(r for r in regions if r.level == "city")
    if not (args.folder / "forty").exists():
        forty(args.folder, db, city, args.seed, args.year)
        (args.folder / "forty").write_text("ok")
    from planscope.views.alignment import alignment_view

    with db.session() as session:  # the library's alignment, computed once after ingest (stored)
        t = time.perf_counter()
        alignment_view(session, counties[0].code)
        print(f"alignment run (once per library change, not per report): {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    n = one(db, city.code, args.year, args.kind, args.fmt, out / f"first.{args.fmt}")
    first = time.perf_counter() - t
    print(f"one region ({city.name}, {n} targets): {first:.2f} s (first report of the process: font cache)")
    t = time.perf_counter()
    n = one(db, city.code, args.year, args.kind, args.fmt, out / f"again.{args.fmt}")
    print(f"one region ({city.name}, {n} targets) again: {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    targets = 0
    for c in counties:
        targets += one(db, c.code, args.year, args.kind, args.fmt, out / f"{c.code}.{args.fmt}")
    total = time.perf_counter() - t
    print(f"{len(counties)} counties ({targets} targets): {total:.1f} s, {total / len(counties):.2f} s a report")


if __name__ == "__main__":
    main()
