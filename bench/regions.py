"""Region table and indicator catalogue: the lookups every document and every page makes.

    .venv/bin/python bench/regions.py

Prints, on one core: the time to build the region table from its data files (target
< 0.1 s), to find every region mentioned in 250,000 characters of plan text (target < 0.2 s),
and 10,000 catalogue matches of names the cache has not seen (target < 1 s).  The unit tests
keep only generous guards against a pathology (tests/test_regions.py, tests/test_catalogue.py).
"""

from __future__ import annotations

import os
import time

from planscope.catalogue.indicators import Catalogue, load_catalogue
from planscope.catalogue.regions import DATA_FILES, RegionTable, parse_rows, read_data_file

TEXT = "湖南省湘潭市湘乡市坚持创新驱动发展，推动长株潭一体化，加快建设现代化新湘乡。"


def best_of(runs: int, work: object) -> float:
    """The fastest of ``runs`` calls of ``work()`` in seconds (the machine's other load only adds)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    build = best_of(5, lambda: RegionTable(r for name in DATA_FILES for r in parse_rows(read_data_file(name))))
    table = RegionTable(r for name in DATA_FILES for r in parse_rows(read_data_file(name)))
    table.mentions("预热")
    text = (TEXT * 7000)[:250_000]
    found = len(table.mentions(text))
    mentions = best_of(5, lambda: table.mentions(text))
    cat = load_catalogue()
    names = [name for ind in cat for name in ind.names]
    queries = [f"全市{names[i % len(names)]}{i}" for i in range(10_000)]

    def match_all() -> None:
        fresh = Catalogue(list(cat))
        for q in queries:
            fresh.match(q)

    matches = best_of(3, match_all)
    print(f"region table built in {build * 1000:.0f} ms (target < 100 ms)")
    print(f"regions in 250,000 characters: {found:,} mentions in {mentions * 1000:.0f} ms (target < 200 ms)")
    print(f"10,000 catalogue matches: {matches * 1000:.0f} ms (target < 1,000 ms)")


if __name__ == "__main__":
    main()
