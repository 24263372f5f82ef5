"""Number-and-unit benchmark: planscope.extraction.quantities against cn2an on the same corpus.

    .venv/bin/python bench/quantities.py [--corpus DIR] [--show 15]

On one core (the process pins itself to CPU 0), over every ``*.txt`` of the corpus
(``PLANSCOPE_CORPUS``, default ``../shared/corpus``), normalised by planscope.reading.text first:

1. planscope: ``find_quantities`` throughput in characters/second, and the time for
   1 MB (UTF-8) and for 1,000,000 characters of the same text repeated (target: < 0.5 s);
2. cn2an on planscope's number cores: each single-value number planscope found (the number
   with its magnitude, without unit, footnote mark or 余/多: ``1.7万亿``, ``一万七千亿``,
   ``百分之三十``, ``二〇二五``) goes to ``cn2an.cn2an(core, "smart")``; where cn2an refuses,
   the bench strips 百分之 and a trailing 万亿/亿/万 itself and multiplies ("assisted").
   Agreement = share of cores where cn2an's value equals planscope's ``parse_number``;
   the first ``--show`` disagreements are listed;
3. cn2an finding numbers by itself: ``cn2an.transform(line, "cn2an")`` on every line, its
   speed, how many lines change (and change length), and examples of names it rewrites.

cn2an is a dev dependency (benchmarking only); jionlp is not used (it pulls large
dependencies into the project environment).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("PLANSCOPE_CORPUS", ROOT / "../shared/corpus")).resolve()
PERCENT_WORDS = ("百分之", "千分之", "万分之")
MAGNITUDES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def load(corpus: Path) -> list[str]:
    from planscope.reading.text import normalize

    files = sorted(corpus.glob("*.txt"))
    if not files:
        sys.exit(f"no .txt files in {corpus}: set PLANSCOPE_CORPUS or pass --corpus")
    return [normalize(p.read_text("utf-8", errors="replace")).text for p in files]


def best_of(fn: Callable[[], Any], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


# --------------------------------------------------------------------------- planscope


def planscope_speed(text: str) -> list[Any]:
    from planscope.extraction.quantities import find_quantities

    find_quantities(text[:2000])  # compile the regex, load the vocabulary
    qs = find_quantities(text)
    dt = best_of(lambda: find_quantities(text))
    print(f"planscope find_quantities: {len(text):,} chars, {len(qs):,} quantities, {dt:.3f} s, "
          f"{len(text) / dt:,.0f} chars/s")
    one_mb = _repeat_to(text, lambda s: len(s.encode("utf-8")) >= 1_000_000)
    one_m = _repeat_to(text, lambda s: len(s) >= 1_000_000)[:1_000_000]
    for label, sample in (("1 MB UTF-8", one_mb), ("1,000,000 chars", one_m)):
        dt = best_of(lambda sample=sample: find_quantities(sample))
        verdict = "ok" if dt < 0.5 else "SLOW"
        print(f"  {label:<16} ({len(sample):>9,} chars): {dt:.3f} s   target < 0.5 s: {verdict}")
    return qs


def _repeat_to(text: str, enough: Callable[[str], bool]) -> str:
    out = text
    while not enough(out):
        out += "\n" + text
    return out


def number_core(text: str, q: Any) -> str | None:
    """The number with its magnitude as written, without unit, footnote mark or 余/多."""
    if q.value is None or q.unit == "ratio":
        return None
    span = text[q.num_start:q.num_end]
    if q.unit and q.unit not in PERCENT_WORDS:
        mag = next((m for m, _ in MAGNITUDES if q.unit.startswith(m)), "")
        word = q.unit[len(mag):]
        if word and span.endswith(word):
            span = span[: -len(word)]
    span = re.sub(r"\[[0-9]{1,2}\]|[①-⑳]|[余多]", "", span).strip()
    return span or None


# --------------------------------------------------------------------------- cn2an


def cn2an_value(core: str) -> tuple[float | None, str]:
    import cn2an

    try:
        return float(cn2an.cn2an(core, "smart")), "direct"
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    body, mult = core, 1.0
    for head in PERCENT_WORDS:
        if body.startswith(head):
            body = body[len(head):]
    for mag, factor in MAGNITUDES:
        if body.endswith(mag) and len(body) > len(mag):
            body, mult = body[: -len(mag)], factor
            break
    try:
        return float(cn2an.cn2an(body, "smart")) * mult, "assisted"
    except (ValueError, KeyError, IndexError, TypeError):
        return None, "error"


def compare_cores(cores: list[str], show: int) -> None:
    from planscope.extraction.quantities import parse_number

    cn2an_value("一")  # import cn2an and warm it before timing
    ours = [parse_number(c) for c in cores]
    t_ours = best_of(lambda: [parse_number(c) for c in cores])
    t0 = time.perf_counter()
    theirs = [cn2an_value(c) for c in cores]
    t_cn2an = time.perf_counter() - t0
    agree, how, bad = 0, {"direct": 0, "assisted": 0, "error": 0}, []
    for core, mine, (value, route) in zip(cores, ours, theirs, strict=True):
        how[route] += 1
        if mine is not None and value is not None and abs(mine - value) <= 1e-9 * max(1.0, abs(mine)):
            agree += 1
        else:
            bad.append((core, mine, value, route))
    n = len(cores)
    print(f"\nnumber cores: {n:,} (single values planscope found)")
    print(f"  planscope parse_number: {t_ours * 1e6 / n:6.1f} µs/core")
    print(f"  cn2an smart (+assist):  {t_cn2an * 1e6 / n:6.1f} µs/core   "
          f"direct {how['direct']:,}, assisted {how['assisted']:,}, refused {how['error']:,}")
    print(f"  agreement: {agree:,}/{n:,} = {agree / n:.1%}")
    print(f"  disagreements (first {show} of {len(bad)}):  core | planscope | cn2an | route")
    for core, mine, value, route in bad[:show]:
        print(f"    {core!r:<22} {_fmt(mine):>18} {_fmt(value):>18}  {route}")


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:,.10g}"


def transform_run(texts: list[str], show: int) -> None:
    import cn2an

    lines = [line for t in texts for line in t.split("\n") if line.strip()]
    chars = sum(len(line) for line in lines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cn2an.transform("二〇二五年", "cn2an")
        t0 = time.perf_counter()
        out = [_transform(line) for line in lines]
        dt = time.perf_counter() - t0
    changed = sum(1 for a, b in zip(lines, out, strict=True) if b is not None and a != b)
    resized = sum(1 for a, b in zip(lines, out, strict=True) if b is not None and len(a) != len(b))
    failed = sum(1 for b in out if b is None)
    print(f"\ncn2an.transform: {len(lines):,} lines, {chars:,} chars, {dt:.3f} s, {chars / dt:,.0f} chars/s")
    print(f"  lines changed {changed:,}, of which length changed {resized:,}; lines that raised {failed:,}")
    inside, outside, cn_total, cn_hit = _classify(lines, out)
    print(f"  rewrites inside a planscope quantity: {inside:,}; outside any (names, ordinals, set phrases): "
          f"{outside[0]:,}")
    print(f"  planscope quantities written with Chinese numerals: {cn_total:,}, rewritten by transform: {cn_hit:,}")
    print(f"  rewrites outside planscope's quantities, first {show}:")
    for before, after in outside[1][:show]:
        print(f"    {before!r} -> {after!r}")


def _transform(line: str) -> str | None:
    import cn2an

    try:
        return str(cn2an.transform(line, "cn2an"))
    except Exception:
        return None


_CN = re.compile("[〇○零一二两三四五六七八九十百千]")


def _classify(lines: list[str], out: list[str | None]) -> tuple[int, tuple[int, list[tuple[str, str]]], int, int]:
    """Rewrites by transform inside / outside planscope's quantities, and how many of
    planscope's Chinese-numeral quantities transform rewrote."""
    from planscope.extraction.quantities import find_quantities

    inside, n_out, examples, cn_total, cn_hit = 0, 0, [], 0, 0
    for a, b in zip(lines, out, strict=True):
        qs = find_quantities(a)
        cn_spans = [(q.num_start, q.num_end) for q in qs if _CN.search(a[q.num_start:q.num_end])]
        cn_total += len(cn_spans)
        if b is None or a == b:
            continue
        spans = [(q.start, q.end) for q in qs]
        ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
        cn_hit += sum(1 for s, e in cn_spans if any(s < i2 and i1 < e for _, i1, i2, _, _ in ops))
        for _, i1, i2, j1, j2 in ops:
            if any(s < max(i2, i1 + 1) and i1 < e for s, e in spans):
                inside += 1
            else:
                n_out += 1
                examples.append((a[max(0, i1 - 2):i2 + 2], b[max(0, j1 - 2):j2 + 2]))
    return inside, (n_out, examples), cn_total, cn_hit


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--show", type=int, default=15)
    args = ap.parse_args()
    pin_one_core()
    texts = load(args.corpus)
    print(f"corpus: {args.corpus} ({len(texts)} documents)")
    from planscope.extraction.quantities import find_quantities

    planscope_speed("\n".join(texts))
    cores = [c for t in texts for q in find_quantities(t) if (c := number_core(t, q))]
    compare_cores(cores, args.show)
    transform_run(texts, args.show)


if __name__ == "__main__":
    main()
