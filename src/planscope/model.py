"""Plain data passed between the stages of the pipeline.

read → normalise → facts → structure → tables → store.  Every record that points
into a document carries ``start``/``end``: code-point offsets into the document's
*original* text (the text as read from the file, before any normalisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Format = Literal["txt", "html", "docx", "pdf"]


@dataclass(frozen=True)
class GridTable:
    """A table that arrived as a real grid (a docx table).

    ``cells[r][c]`` is the cell text; ``spans[r][c]`` its (start, end) in the
    original text, where the reader rendered the row as one tab-separated line.
    """

    cells: list[list[str]]
    spans: list[list[tuple[int, int]]]
    start: int
    end: int


@dataclass
class ReadResult:
    """What a reader extracts from one file."""

    path: str
    format: Format
    text: str  # the original text: what all spans point into
    encoding: str | None = None  # for .txt/.html: the detected encoding
    grids: list[GridTable] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. docx core title


@dataclass
class Section:
    """One node of a document's outline."""

    kind: str  # part|chapter|section|cn_item|paren_item|num_item|box|lead|preamble
    number: str | None  # as written: "第三章", "一", "(二十五)", "12", "专栏1"
    ordinal: int | None  # the number as an integer where it has one
    title: str
    start: int  # span of the whole section (heading to the end of its body)
    end: int
    heading_end: int  # end of the heading line
    children: list[Section] = field(default_factory=list)

    def walk(self) -> list[Section]:
        out: list[Section] = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


RowKind = Literal["header", "category", "data", "sub", "note"]


@dataclass
class TableRow:
    cells: list[str | None]  # one entry per column; None where the cell is missing
    kind: RowKind = "data"
    number: str | None = None  # the 序号 as written
    category: str | None = None  # the category row above, e.g. "经济发展"
    parent: int | None = None  # index of the parent row (sub-rows such as 增速, 城镇)
    start: int = 0
    end: int = 0
    unplaced: list[str] = field(default_factory=list)  # cells that could not be placed
    spans: list[list[int] | None] = field(default_factory=list)  # each cell's [start, end), where known


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[TableRow]
    start: int
    end: int
    layout: str  # grid|spaced|flattened
    number: str | None = None  # "专栏2", "表1"
    notes: list[str] = field(default_factory=list)  # what could not be rebuilt, and why


@dataclass
class Fact:
    """One detected document fact, with where it came from."""

    value: str | int | None
    source: Literal["detected", "derived", "override", "default", "none"]
    start: int | None = None
    end: int | None = None
    note: str | None = None


@dataclass
class DocumentFacts:
    title: Fact
    issuer: Fact
    region_code: Fact
    region: Fact
    level: Fact
    doc_type: Fact
    date: Fact
    period_start: Fact
    period_end: Fact
    base_year: Fact

    def as_dict(self) -> dict[str, Fact]:
        return dict(self.__dict__)
