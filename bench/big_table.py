"""A main-indicator table of many regular rows: recognised whole, in time ∝ rows.

    .venv/bin/python bench/big_table.py [--rows 10000,50000]

Generates ``序号 指标N 亿元 a b 预期性`` rows under a caption and header (no document is
copied), runs the whole pipeline (``library.analyse``) and prints, per size, the rows read
back, the seconds and rows/s.  Target: 50,000 rows read as one table of 50,000 rows.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from planscope.library import analyse

HEAD = ["示例市国民经济和社会发展第十五个五年规划纲要", "第一章 主要指标", "表1 主要指标",
        "序号 指标 单位 2025年 2030年 属性"]


def make(rows: int) -> str:
    body = (f"{i} 指标{i} 亿元 {i} {i + 1} 预期性" for i in range(1, rows + 1))
    return "\n".join([*HEAD, *body]) + "\n"


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="10000,50000")
    args = parser.parse_args()
    print(f"{'rows':>8} {'tables':>6} {'read':>8} {'seconds':>8} {'rows/s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.rows.split(",")):
            path = Path(tmp) / f"table_{n}.txt"
            path.write_text(make(n), encoding="utf-8")
            t0 = time.perf_counter()
            analysis = analyse(path)
            seconds = time.perf_counter() - t0
            read = max((len(t.rows) for t in analysis.tables), default=0)
            print(f"{n:>8} {len(analysis.tables):>6} {read:>8} {seconds:>8.1f} {n / seconds:>8.0f}")
    print("target: every row read, one table; time ∝ rows")


if __name__ == "__main__":
    run()
