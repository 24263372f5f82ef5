"""Column positions for spaced tables laid out by position (PDF text with '-layout').

When the runs of spaces between cells vary in length, an empty cell leaves no
trace in the count of separators; what remains is where each cell stands on the
line. Widths are display widths (a CJK character counts two), since that is what
the layout aligned. Column centres are taken from the rows that have a cell in
every column; other rows put each cell under the nearest centre.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from planscope.structure.tables.base import Frag
from planscope.structure.tables.lines import Lines

_NUMBER = re.compile(r"^[-+−]?\d+(?:\.\d+)?%?$")


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(_char_width(ch) for ch in text)


def center(lines: Lines, frag: Frag) -> float:
    """The display column of the middle of ``frag`` on its (first) line."""
    line = lines[lines.index_at(frag.start)]
    left = display_width(line.text[: frag.start - line.start])
    body = frag.text.split("\n")[0]
    return left + display_width(body) / 2


def column_centers(lines: Lines, rows: list[list[Frag]], width: int) -> list[float] | None:
    """Mean centre of each column over the rows that fill every column."""
    full = [r for r in rows if len(r) == width and all(c.text for c in r)]
    if not full:
        return None
    return [sum(center(lines, r[c]) for r in full) / len(full) for c in range(width)]


def left(lines: Lines, frag: Frag) -> int:
    """The display column where ``frag`` starts on its line."""
    line = lines[lines.index_at(frag.start)]
    return display_width(line.text[: frag.start - line.start])


def column_lefts(lines: Lines, rows: list[list[Frag]], width: int) -> list[int] | None:
    """The leftmost start of each column over the rows that fill every column."""
    full = [r for r in rows if len(r) == width and all(c.text for c in r)]
    if not full:
        return None
    return [min(left(lines, r[c]) for r in full) for c in range(width)]


def under(lines: Lines, frag: Frag, lefts: list[int]) -> int:
    """The column a wrapped piece continues: the last whose left edge is not right of it
    (text wraps back to its column's left edge, whatever its centre)."""
    start = left(lines, frag)
    return max((c for c, edge in enumerate(lefts) if edge <= start + 1), default=0)


def nearest(lines: Lines, frag: Frag, centers: list[float]) -> int:
    mid = center(lines, frag)
    return min(range(len(centers)), key=lambda c: abs(centers[c] - mid))


def to_slots(lines: Lines, cells: list[Frag], centers: list[float], lefts: list[int] | None = None) -> list[Frag]:
    """One piece per column: each cell under the nearest centre (two there are joined), or,
    given ``lefts``, in the column whose left edge it starts at (a wrapped line). Two
    numbers are never one cell: where the nearest centres would join two, a line with no
    more cells than columns keeps its cells in order, each under its own column (a long
    label pushed the rest of its line to the right)."""
    cols: list[int] = []
    last = -1
    for frag in cells:
        last = max(under(lines, frag, lefts) if lefts else nearest(lines, frag, centers), last)
        cols.append(last)
    clash = any(a == b and _NUMBER.match(cells[k].text) and _NUMBER.match(cells[k + 1].text)
                for k, (a, b) in enumerate(pairwise(cols)))
    if clash and not lefts and len(cells) <= len(centers):
        cols = _in_order(lines, cells, centers)
    slots: list[Frag | None] = [None] * len(centers)
    for frag, col in zip(cells, cols, strict=True):
        held = slots[col]
        slots[col] = frag if held is None else held.join(frag)
    origin = cells[0].start if cells else 0
    return [s if s is not None else Frag("", origin, origin) for s in slots]


def _in_order(lines: Lines, cells: list[Frag], centers: list[float]) -> list[int]:
    """Distinct columns, in the cells' order, nearest their centres in sum."""
    mids = [center(lines, f) for f in cells]
    n, m = len(cells), len(centers)
    best = [[float("inf")] * m for _ in range(n)]
    back = [[-1] * m for _ in range(n)]
    for j in range(m):
        best[0][j] = abs(mids[0] - centers[j])
    for i in range(1, n):
        for j in range(i, m):
            k = min(range(i - 1, j), key=lambda c: best[i - 1][c])
            best[i][j] = best[i - 1][k] + abs(mids[i] - centers[j])
            back[i][j] = k
    j = min(range(m), key=lambda c: best[n - 1][c])
    out = [j]
    for i in range(n - 1, 0, -1):
        j = back[i][j]
        out.append(j)
    return out[::-1]


def merge_slots(row: list[Frag], more: list[Frag]) -> None:
    """Join a wrapped line's pieces to the cells above them, column by column."""
    for i, piece in enumerate(more):
        if piece.text:
            row[i] = row[i].join(piece)
