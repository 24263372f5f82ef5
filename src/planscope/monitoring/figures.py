"""Figures as people read them: a value in base units shown in the plan's own unit and
precision (5.0024e10 yuan in a plan that writes 亿元 → ``500.24亿元``; 61.9 percent →
``61.9%``).

The one number formatter of progress explanations, monitoring records and the CLI's
tables and exports.  What a unit is worth comes from ``data/units.toml`` through
``planscope.extraction.quantities.vocab()`` — a magnitude (万, 亿, 万亿 …) and a unit word (元, 人,
标准箱 …) — so no scale table is written here.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from planscope.extraction.quantities import vocab

MAX_DECIMALS = 4  # shortest form: at most this many decimals
_DECIMALS = re.compile(r"\d+(?:\.(\d+))?")


@lru_cache(maxsize=512)
def unit_factor(unit: str | None) -> float | None:
    """One ``unit`` as written, in base units (亿元 → 1e8, 万人 → 1e4, % → 1); None if
    units.toml does not know it."""
    if not unit:
        return None
    v = vocab()
    if unit in v.units:  # a unit word of its own, "/" included (/10万)
        return v.units[unit].factor
    head = unit.partition("/")[0]
    for mag in sorted(v.magnitudes, key=len, reverse=True):
        if head.startswith(mag):
            rest = head[len(mag):]
            info = v.units.get(rest)  # 万标准箱: a unit word units.toml lacks counts itself
            return v.magnitudes[mag] * (info.factor if info else 1.0)
    info = v.units.get(head)
    return info.factor if info else None


def decimals_of(written: str | None) -> int | None:
    """The decimals of a number as written ("500.24" → 2, "750" → 0); None if no number."""
    m = _DECIMALS.search(written or "")
    return None if m is None else len(m.group(1) or "")


def format_figure(value: float | None, unit: str | None = None, decimals: int | None = None) -> str:
    """``value`` (base units) in ``unit`` as written, with ``decimals`` places (None: the
    shortest form, at most ``MAX_DECIMALS``).  Without a known unit, a large value takes
    the largest magnitude of units.toml that is a power of 10⁸ or more (亿, 万亿), as Chinese
    statistics write it (亿 and above; smaller numbers are written in full); a non-finite value is "—"."""
    if value is None or not math.isfinite(value):
        return "—"
    factor = unit_factor(unit)
    suffix = unit or ""
    if factor is None:
        factor, mag = _magnitude(value)
        suffix = mag + suffix
    return _digits(value / factor, decimals) + suffix


def _magnitude(value: float) -> tuple[float, str]:
    best = (1.0, "")
    for word, f in vocab().magnitudes.items():
        power = math.log10(f) / 4
        if power == int(power) and power >= 2 and f <= abs(value) and f > best[0]:
            best = (f, word)
    return best


def _digits(x: float, decimals: int | None) -> str:
    if decimals is not None:
        return f"{x:.{decimals}f}"
    text = f"{x:.{MAX_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def share_text(share: float | None) -> str:
    """时间进度 (time elapsed) and 目标进度 (distance covered) as every front end shows them —
    the engine's explanations, ``planscope progress``, the reports: a percent with one decimal
    (0.6 → ``60.0%``, −0.7647 → ``-76.5%``); ``—`` when the engine computed none (a per-year
    target, no observation, no baseline)."""
    if share is None or not math.isfinite(share):
        return "—"
    return f"{share * 100:.1f}%"
