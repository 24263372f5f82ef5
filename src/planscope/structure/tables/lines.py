"""Line access with offsets, and splitting a line into cells at runs of spaces or tabs."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from planscope.structure.tables.base import Draft, Frag, Header

_RUN = re.compile(r"[ \t]{2,}|\t")
_PROSE_STOP = "。"
CLAUSE = re.compile(r"[,;，；]\s*[^\s\d]")
PROSE_CLAUSES = 24  # longer than this, a text with a clause break is a sentence


@dataclass(frozen=True)
class Line:
    index: int
    start: int
    end: int  # offset of the line break (exclusive end of the content)
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    def frag(self) -> Frag:
        """The whole line, without its surrounding whitespace, as one piece."""
        body = self.text.strip()
        offset = self.start + self.text.index(body) if body else self.start
        return Frag(body, offset, offset + len(body))


class Lines:
    """The lines of a text, with their offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> Line:
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return Line(i, start, end, self.text[start:end])

    def index_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


@dataclass
class Parsed:
    """What a layout parser found; :mod:`detect` adds the title and finishes it."""

    header: Header
    drafts: list[Draft]
    notes: list[str] = field(default_factory=list)


def is_prose(text: str) -> bool:
    """A sentence rather than a cell: long, a clause closed by '。', or clauses joined by
    '，'/'；' in a text too long for a cell ('189.3 亿元，比上年增长24.4%；快递业')."""
    t = text.strip()
    return len(t) > 45 or (_PROSE_STOP in t and len(t) > 15) or (len(t) > PROSE_CLAUSES and bool(CLAUSE.search(t)))


@dataclass
class SplitLine:
    """A line cut into cells; empty cells are empty pieces at the separator."""

    line: Line
    cells: list[Frag]
    lead: int  # empty cells before the first written one
    trail: int  # empty cells after the last written one

    @property
    def filled(self) -> list[Frag]:
        return [c for c in self.cells if c.text]


def space_runs(line: Line) -> list[int]:
    """Lengths of the runs of spaces between cells (tabs excluded)."""
    body = line.text.strip()
    return [len(m.group()) for m in _RUN.finditer(body) if "\t" not in m.group()]


def count_cells(line: Line) -> int:
    """How many written cells the line has (cheap; ignores empty cells)."""
    body = line.text.strip()
    return len(_RUN.findall(body)) + 1 if body else 0


def split_line(line: Line, base: int) -> SplitLine:
    """Cut at runs of >=2 spaces or tabs; ``base`` spaces make one separator (0: any run)."""
    text = line.text
    if "\t" not in text and "  " not in text:
        whole = line.frag()
        return SplitLine(line, [whole] if whole.text else [], 0, 0)
    cells: list[Frag] = []
    pos = lead = trail = 0
    origin = line.start
    for m in _RUN.finditer(text):
        s, e = m.span()
        seps = _separators(m.group(), base)
        if s == 0:
            lead = seps
            cells += [Frag("", origin, origin)] * seps
        else:
            _piece(text, pos, s, origin, cells)
            empty = Frag("", origin + s, origin + s)
            trail = seps if e == len(text) else 0
            cells += [empty] * (seps if trail else seps - 1)
        pos = e
    _piece(text, pos, len(text), origin, cells)
    return SplitLine(line, cells, lead, trail)


def _piece(text: str, a: int, b: int, origin: int, cells: list[Frag]) -> None:
    """Add ``text[a:b]`` without its single surrounding spaces, when not empty."""
    while a < b and text[a] == " ":
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    if a < b:
        cells.append(Frag(text[a:b], origin + a, origin + b))


def _separators(run: str, base: int) -> int:
    tabs = run.count("\t")
    if tabs:
        return tabs
    if base <= 0:
        return 1
    return max(1, round(len(run) / base))
