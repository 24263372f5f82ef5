"""Ingest time on very long lines: it must grow linearly with the line, not with its square.

    .venv/bin/python bench/long_lines.py [--sizes 90000,180000,360000] [--stages] [--check]

Web pages and docx paragraphs come as one line of 100 K characters or more, and a
sentence of clauses joined by ``，`` can be as long.  Two generated inputs (no document
of the corpus is copied; the clauses are written here, in the style of plan prose):

* ``line``: one line without any punctuation — plan phrases with numbers, years and
  units run together, as a flattened web page gives them;
* ``clauses``: one sentence of clauses joined by ``，`` and closed by one ``。``, each
  clause a target with a number and a unit (the worst case for sentence, naming and
  clause scanning);
* ``paragraph``: sentences of four clauses each, closed by ``。``, all on one line (a
  document whose line breaks were lost).

For each input and size the script prints the time of the whole pipeline
(``library.analyse``: read → facts → tables → outline → targets) and MB/s; with
``--stages`` also the time of each stage.  ``--check`` exits non-zero when a 1 MB input
of either kind takes 10 s or more, or when doubling the size more than triples the time
(a quadratic step quadruples it).  One core (the process pins itself to CPU 0).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Invented plan phrases (示例市 style); each carries a number so quantity finding runs.
PHRASES = (
    "全市地区生产总值达到{n}亿元", "常住人口城镇化率达到{p}%", "研究与试验发展经费投入年均增长{p}%",
    "新建改造城市道路{n}公里", "森林覆盖率稳定在{p}%以上", "城镇新增就业{n}万人",
    "单位地区生产总值能耗下降{p}%", "每千人口拥有执业医师{p}人", "建成高标准农田{n}万亩",
    "到{y}年规上工业增加值突破{n}亿元", "城乡居民人均可支配收入年均增长{p}%左右", "培育专精特新企业{n}家",
)


def clause(i: int) -> str:
    return PHRASES[i % len(PHRASES)].format(n=100 + (i * 37) % 900, p=f"{(i * 7) % 90 + 1}.{i % 10}",
                                           y=2026 + i % 5)


def make_text(kind: str, chars: int) -> str:
    """``chars`` characters of one kind: 'line' (no punctuation), 'clauses' (one sentence of
    ，-joined clauses) or 'paragraph' (sentences of four clauses, all on one line)."""
    head = "云岭市国民经济和社会发展第十五个五年规划纲要\n"
    parts, size, i = [], len(head), 0
    while size < chars:
        sep = {"line": "", "clauses": "，"}.get(kind) or ("。" if i % 4 == 3 else "，")
        c = clause(i) + sep
        parts.append(c)
        size += len(c)
        i += 1
    body = "".join(parts)
    if kind == "clauses":
        body = body.rstrip("，") + "。"
    return head + body + "\n"


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def analyse_time(text: str) -> float:
    from planscope.library import analyse

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        analyse(path)
        return time.perf_counter() - t0


def stage_times(text: str) -> dict[str, float]:
    """The time of each stage of ``library.analyse`` on the normalised text."""
    from planscope.extraction.facts import body_end, detect_facts
    from planscope.extraction.targets import extract_targets
    from planscope.reading.text import normalize
    from planscope.structure.outline import edge_lines, outline
    from planscope.structure.tables import find_tables

    times: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], object]) -> object:
        t0 = time.perf_counter()
        result = fn()
        times[name] = time.perf_counter() - t0
        return result

    norm = timed("normalize", lambda: normalize(text))
    t = norm.text  # type: ignore[attr-defined]
    end = timed("body_end", lambda: body_end(edge_lines(t), len(t)))
    facts = timed("facts", lambda: detect_facts(t))
    tables = timed("tables", lambda: find_tables(t[:end], []))  # type: ignore[index]
    sections = timed("outline", lambda: outline(t, end))
    timed("targets", lambda: extract_targets(t, text, sections, tables, facts, end))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250000,500000,1000000", help="characters, comma-separated")
    parser.add_argument("--kinds", default="line,clauses,paragraph")
    parser.add_argument("--stages", action="store_true", help="time each stage too")
    parser.add_argument("--check", action="store_true", help="exit 1 on a slow or superlinear result")
    args = parser.parse_args()
    pin_one_core()
    sizes = [int(s) for s in args.sizes.split(",")]
    analyse_time(make_text("clauses", 2000))  # warm caches: vocabularies, patterns
    failures = []
    print(f"{'input':<10}{'chars':>10}{'MB':>7}{'seconds':>9}{'MB/s':>7}{'× time / × size':>17}")
    for kind in args.kinds.split(","):
        previous: tuple[int, float] | None = None
        for n in sizes:
            text = make_text(kind, n)
            mb = len(text.encode("utf-8")) / 1e6
            dt = analyse_time(text)
            growth = ""
            if previous:
                ratio = (dt / previous[1]) / (n / previous[0])
                growth = f"{ratio:.2f}"
                if ratio > 1.5 and dt > 0.5:
                    failures.append(f"{kind}: {previous[0]}→{n} chars, time ×{dt / previous[1]:.1f}")
            print(f"{kind:<10}{n:>10}{mb:>7.2f}{dt:>9.2f}{mb / dt:>7.2f}{growth:>17}")
            if mb >= 1 and dt >= 10:
                failures.append(f"{kind}: {mb:.1f} MB in {dt:.1f} s")
            if args.stages:
                print("    " + "  ".join(f"{k} {v:.2f}s" for k, v in stage_times(text).items()))
            previous = (n, dt)
    print("targets: a 1 MB line of either kind in < 10 s; time ∝ size (last column ≈ 1, quadratic ≈ 2)")
    if args.check and failures:
        sys.exit("SLOW: " + "; ".join(failures))


if __name__ == "__main__":
    main()
