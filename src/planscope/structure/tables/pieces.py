"""A table's text cut into pieces: the cells, or parts of cells, in reading order.

However a table was flattened — one cell per line (web pages, PDF text), cells
separated by single spaces (PDF text) or by runs of spaces or tabs (converted
documents), columns aligned by position (``pdftotext -layout``) — it arrives as a
sequence of pieces of text with line breaks between some of them. A piece is never
split again; a cell may be several pieces (a cell wrapped over lines). What the
layout does tell is kept with each piece: the line it stands on, whether it opens
that line, and — where separators are counted (a fixed number of spaces or a tab per
separator) or columns are aligned — the empty cells, as empty pieces.

:mod:`planscope.structure.tables.reader` rebuilds the rows from these pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from planscope.structure.tables.base import Frag
from planscope.structure.tables.lines import Line, split_line

# How the cells of a line are separated.
#   lines:   one cell per line (a line may still hold cells apart by runs of spaces)
#   single:  single spaces separate cells (PDF text); a cell never holds a space
#   counted: a fixed run of spaces, or a tab, per separator; longer runs hold empty cells
#   aligned: runs of any length; cells stand under their column (``-layout`` text)
Separation = Literal["lines", "single", "counted", "aligned"]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Piece:
    frag: Frag
    line: int  # index of the line it stands on
    first: bool  # the first piece of its line (empty pieces included)
    empty: bool = False  # an empty cell the layout shows (a separator too many, a blank column)
    category: bool = False  # a line the layout shows as a category row (一、经济发展(3项))
    col: int | None = None  # the column it stands under, where columns are aligned

    @property
    def text(self) -> str:
        return self.frag.text

    @property
    def start(self) -> int:
        return self.frag.start

    @property
    def end(self) -> int:
        return self.frag.end


def line_pieces(line: Line, separation: Separation, base: int = 0) -> list[Piece]:
    """The pieces of one line (aligned layouts are cut by :mod:`planscope.structure.tables.reader`)."""
    if separation == "single":
        return _split_spaces(line)
    cells = split_line(line, base if separation == "counted" else 0).cells
    out: list[Piece] = []
    last_filled = max((i for i, c in enumerate(cells) if c.text), default=-1)
    for cell in cells[: last_filled + 1]:
        empty = not cell.text
        if empty and separation != "counted":
            continue
        out.append(Piece(cell, line.index, not out, empty))
    return out


def _split_spaces(line: Line) -> list[Piece]:
    out: list[Piece] = []
    pos = 0
    text = line.text
    for m in _SPACE.finditer(text + " "):
        if m.start() > pos:
            frag = Frag(text[pos : m.start()], line.start + pos, line.start + m.start())
            out.append(Piece(frag, line.index, not out))
        pos = m.end()
    return out


def pieces_text(pieces: list[Piece]) -> str:
    """The text of a cell made of ``pieces`` (wrapped parts joined without a space)."""
    frag = joined(pieces)
    return frag.text if frag else ""


def joined(pieces: list[Piece]) -> Frag | None:
    """The pieces of one cell as one :class:`Frag` spanning them."""
    frag: Frag | None = None
    for p in pieces:
        if p.empty:
            continue
        frag = p.frag if frag is None else frag.join(p.frag)
    return frag
