"""Column positions for spaced tables laid out by position (PDF text with '-layout').

When the runs of spaces between cells vary in length, an empty cell leaves no
trace in the count of separators; what remains is where each cell stands on the
line. Widths are display widths (a CJK character counts two), since that is what
the layout aligned. Column centres are taken from the rows that have a cell in
every column; other rows put each cell under the nearest centre.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from planscope.tables.base import Frag
from planscope.tables.lines import Lines


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
    given ``lefts``, in the column whose left edge it starts at (a wrapped line)."""
    slots: list[Frag | None] = [None] * len(centers)
    last = -1
    for frag in cells:
        col = max(under(lines, frag, lefts) if lefts else nearest(lines, frag, centers), last)
        held = slots[col]
        slots[col] = frag if held is None else held.join(frag)
        last = col
    origin = cells[0].start if cells else 0
    return [s if s is not None else Frag("", origin, origin) for s in slots]


def merge_slots(row: list[Frag], more: list[Frag]) -> None:
    """Join a wrapped line's pieces to the cells above them, column by column."""
    for i, piece in enumerate(more):
        if piece.text:
            row[i] = row[i].join(piece)
