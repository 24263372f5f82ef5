"""Tables whose cells stand apart on a line: runs of spaces, tabs, or single spaces.

This front end finds the header and the table's lines, and cuts the lines into pieces
for :mod:`planscope.structure.tables.reader`, which rebuilds the rows. Three separations:

* ``counted``: a fixed number of spaces (4 in many converted documents; one tab) makes
  one separator, so a longer run holds empty cells — they become empty pieces, and a
  line that opens with an empty cell (a merged 类别 cell) says so;
* ``aligned``: runs of every length (PDF text extracted with ``-layout``): cells are
  placed under the column they stand in (:mod:`planscope.structure.tables.aligned`), and a line of
  a few pieces without 序号 or 属性 continues the cells above it;
* ``single``: single spaces between cells (PDF text extracted without layout), cells
  wrapping onto the next lines (``4.5-5,`` / ``努力争取`` / ``更好结果``).

The header may take several lines, with group cells over sub-columns
(:func:`planscope.structure.tables.header.align_levels`); a header repeated after a page break,
page footers and '续表' captions are skipped; note lines (注：…) become note rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from planscope.structure.tables.aligned import column_centers, column_lefts, merge_slots, nearest, to_slots
from planscope.structure.tables.base import Frag, Header
from planscope.structure.tables.header import align_levels, build_header, header_readings
from planscope.structure.tables.lines import (
    CLAUSE,
    Line,
    Lines,
    SplitLine,
    count_cells,
    is_prose,
    space_runs,
    split_line,
)
from planscope.structure.tables.pieces import Piece, Separation, line_pieces
from planscope.structure.tables.reader import Body
from planscope.structure.tables.vocab import Vocab, is_seq, seq_number

MAX_ROW_LINES = 200_000
MAX_HEADER_LINES = 5
WRAP_MAX = 16  # longest text of a one-cell line that continues the cell above

_SPACES = re.compile(r"\s+")


@dataclass
class LRow:
    """Header lines joined, or (aligned layouts) a row's lines joined by position."""

    cells: list[Frag]
    lines: list[int]
    trail: int


@dataclass
class _Ctx:
    lines: Lines
    vocab: Vocab
    base: int
    seq_col: int | None
    separation: Separation = "counted"
    expected: int | None = None
    blank_breaks: bool = True
    centers: list[float] = field(default_factory=list)
    lefts: list[int] = field(default_factory=list)  # each column's left edge (aligned layouts)
    name_col: int | None = None
    header_text: list[str] | None = None
    width: int = 0  # columns, where separators are counted
    cache: dict[int, SplitLine] = field(default_factory=dict)
    prose: bool = False  # a task or project table (牵头单位, 完成时限 … in the header): cells may be sentences

    def split(self, i: int) -> SplitLine:
        """Line ``i`` cut into cells (cached: several passes look at the same lines)."""
        found = self.cache.get(i)
        if found is None:
            line = self.lines[i]
            found = self.cache[i] = _single(line) if self.separation == "single" else split_line(line, self.base)
        return found

    @property
    def aligned(self) -> bool:
        return self.separation == "aligned"


def _single(line: Line) -> SplitLine:
    """A line cut at every run of whitespace."""
    cells = [Frag(m.group(), line.start + m.start(), line.start + m.end()) for m in re.finditer(r"\S+", line.text)]
    return SplitLine(line, cells, 0, 0)


def header_cells(line: Line, vocab: Vocab, min_cells: int = 3) -> SplitLine | None:
    """The line cut into cells when it reads as a header row of >= ``min_cells`` columns
    (2 under a numbered title: a bulletin's 指标 | 指数)."""
    sl = split_line(line, 0)
    if len(sl.filled) < 3 or sl.lead:
        sl = _single(line) if min_cells >= 3 else sl
    return sl if _reads_as_header(sl, vocab, indent=min_cells < 3, min_cells=min_cells) else None


def _reads_as_header(sl: SplitLine, vocab: Vocab, indent: bool = False, min_cells: int = 3) -> bool:
    filled = sl.filled
    if len(filled) < min_cells or (sl.lead and not indent):
        return False
    heads = sum(1 for c in filled if vocab.is_header_cell(c.text))
    first = vocab.header_role(filled[0].text)
    return not (heads < max(2, len(filled) // 2) or (first is None and heads < len(filled) - 1))


def parse_spaced(lines: Lines, h: int, vocab: Vocab, min_cells: int = 3, header_end: int | None = None) -> Body | None:
    """The table whose header starts at line ``h``. ``header_end``: the line of the first row,
    where the caller found the header block by position (lines of cells without header words
    above rows of a label and numbers, under a numbered title); only aligned layouts."""
    head = lines[h]
    runs = split_line(head, 0)
    single = header_end is None and not (
        len(runs.filled) >= min_cells and _reads_as_header(runs, vocab, indent=True, min_cells=min_cells))
    base = 0 if single or runs.lead else _base_unit(lines, h)  # an indented header: laid out by position
    separation: Separation = "single" if single else ("counted" if base or "\t" in head.text else "aligned")
    ctx = _Ctx(lines, vocab, base, None, separation, blank_breaks=not _alternating_blanks(lines, h))
    first = ctx.split(h)
    cells = first.filled if ctx.aligned else first.cells
    ctx.seq_col = next((i for i, c in enumerate(cells) if vocab.header_role(c.text) == "seq"), None)
    ctx.name_col = next((i for i, c in enumerate(cells) if vocab.header_role(c.text) == "name"), None)
    ctx.header_text = [c.text for c in first.filled]
    ctx.prose = vocab.prose_header(ctx.header_text)
    if header_end is not None and not ctx.aligned:
        return None
    hrows, data_start = _header_rows(ctx, first) if header_end is None else ([], header_end)
    if ctx.aligned:
        width = len(ctx.split(header_end).filled) if header_end is not None else len(first.filled)
        ctx.centers = _early_centers(ctx, first, data_start, width)
        hrows = [_aligned_header(ctx, first, data_start)]
    elif not single:
        ctx.width = max(_line_width(ctx, data_start), len(hrows[0].cells))
    body = _body(ctx, data_start)
    if body is None:
        return None
    body.prose = ctx.prose
    if single:
        texts = [c.text for r in hrows for c in r.cells if c.text]
        body.headers = header_readings(texts, vocab)
    elif ctx.centers:
        body.headers = [_header(hrows, len(ctx.centers), vocab)]
    else:  # rows may hold more cells than their first line: offer the wider readings too
        width = ctx.width
        widest = min(max(width, _widest_row(ctx, data_start)), width + 2)
        readings = [_header(hrows, w, vocab) for w in range(width, widest + 1)]
        body.headers = list({tuple(r.columns): r for r in readings}.values())
    return body


def _header(hrows: list[LRow], width: int, vocab: Vocab) -> Header:
    return build_header(align_levels([[c.text for c in r.cells] for r in hrows], width), vocab)


def _base_unit(lines: Lines, h: int) -> int:
    """Spaces per separator when runs are multiples of one length, else 0."""
    runs: list[int] = []
    for i in range(h, min(len(lines), h + 60)):
        line = lines[i]
        if is_prose(line.text.replace(" ", "")):
            break
        if count_cells(line) >= 3:
            runs.extend(space_runs(line))
    if not runs:
        return 0
    counts = Counter(runs)
    for base in sorted(counts):
        if counts[base] < max(2, len(runs) // 10):
            continue
        near = sum(n for r, n in counts.items() if abs(r / base - round(r / base)) < 0.2)
        return base if near >= 0.9 * len(runs) else 0
    return 0


def _alternating_blanks(lines: Lines, h: int) -> bool:
    """True when every other line is blank (CRLF read as two breaks), up to the first two
    blank lines in a row (a blank line of the text: the table may end there)."""
    sample = [lines[i].stripped for i in range(h, min(len(lines), h + 20))]
    stop = next((k for k in range(len(sample) - 1) if not sample[k] and not sample[k + 1]), len(sample))
    sample = sample[:stop]
    if len(sample) < 6:
        return False
    return all(not s for s in sample[1::2]) and all(sample[0::2])


# ---------------------------------------------------------------- header


def _header_rows(ctx: _Ctx, first: SplitLine) -> tuple[list[LRow], int]:
    hrows = [LRow(list(first.cells), [first.line.index], first.trail)]
    i = first.line.index + 1
    seen = 0
    while i < len(ctx.lines) and seen < MAX_HEADER_LINES:
        line = ctx.lines[i]
        if not line.stripped:
            i += 1
            continue
        seen += 1
        sl = ctx.split(line.index)
        if _starts_data(ctx, sl) or is_prose(line.stripped) or not _header_like(ctx, sl):
            break
        if sl.lead:
            hrows.append(LRow(list(sl.cells), [i], sl.trail))
        else:
            _merge(hrows[-1], sl)
        i += 1
    return hrows, i


def _header_like(ctx: _Ctx, sl: SplitLine) -> bool:
    """Header lines below the first hold header words or short wrapped pieces only."""
    v = ctx.vocab
    if ctx.separation == "single":
        return all(v.is_header_cell(c.text) for c in sl.filled) and v.category(sl.line.stripped) is None
    return all(v.is_header_cell(c.text) or len(c.text) <= 3 for c in sl.filled)


def _starts_data(ctx: _Ctx, sl: SplitLine) -> bool:
    if _seq_at(ctx, sl):
        return True
    if ctx.seq_col is not None:
        return ctx.vocab.category(sl.line.stripped, sure_only=True) is not None
    filled = sl.filled
    return len(filled) >= 2 and any(ctx.vocab.is_value(c.text) for c in filled[1:])


def _seq_at(ctx: _Ctx, sl: SplitLine) -> bool:
    s = ctx.seq_col
    if ctx.separation == "single" or (ctx.aligned and s is not None):
        filled = sl.filled
        if not filled or not is_seq(filled[0].text, ctx.expected):
            return False
        return not ctx.centers or nearest(ctx.lines, filled[0], ctx.centers) == s
    if s is None or s >= len(sl.cells) or not is_seq(sl.cells[s].text, ctx.expected):
        return False
    if any(len(c.text) > 10 for c in sl.cells[:s]):
        return False
    n = seq_number(sl.cells[s].text, ctx.expected) or 0
    return ctx.expected is None or n == 1 or ctx.expected <= n <= ctx.expected + 3


def _merge(row: LRow, sl: SplitLine) -> None:
    """Append a wrapped line: its first cell continues the row's last cell."""
    cells = list(sl.cells)
    if row.trail == 0 and row.cells and cells:
        row.cells[-1] = row.cells[-1].join(cells.pop(0))
    row.cells.extend(cells)
    row.lines.append(sl.line.index)
    row.trail = sl.trail


def _early_centers(ctx: _Ctx, first: SplitLine, start: int, width: int) -> list[float]:
    """Column centres from the lines that fill every column (else the header cells)."""
    full: list[list[Frag]] = []
    for i in range(start, min(len(ctx.lines), start + 80)):
        sl = ctx.split(i)
        if sl.filled and _ends_table(ctx, sl):
            break
        if len(sl.filled) == width:
            full.append(sl.filled)
    ctx.lefts = column_lefts(ctx.lines, full or [first.filled], width) or []
    return column_centers(ctx.lines, full or [first.filled], width) or []


def _aligned_header(ctx: _Ctx, first: SplitLine, start: int) -> LRow:
    """The header as one row of column slots, wrapped header lines joined by position. A
    header with a cell for every column keeps its order (numbers are aligned right, labels
    left: a label need not stand nearest its column's centre)."""
    if len(first.filled) == len(ctx.centers):
        slots = list(first.filled)
    else:
        slots = to_slots(ctx.lines, first.filled, ctx.centers)
    lines = [first.line.index]
    for i in range(first.line.index + 1, start):
        more = ctx.split(i).filled
        if more:
            merge_slots(slots, to_slots(ctx.lines, more, ctx.centers))
            lines.append(i)
    return LRow(slots, lines, 0)


# ---------------------------------------------------------------- body


@dataclass
class _Scan:
    pieces: list[Piece] = field(default_factory=list)
    notes: list[Frag] = field(default_factory=list)
    starts: set[int] = field(default_factory=set)
    aligned_row: LRow | None = None
    in_notes: bool = False


def _body(ctx: _Ctx, start: int) -> Body | None:
    """The table's lines from ``start`` as pieces, until the table ends."""
    scan = _Scan()
    blank = page_end = False
    for i in range(start, min(len(ctx.lines), start + MAX_ROW_LINES)):
        line = ctx.lines[i]
        text = line.stripped
        if not text:
            blank = blank or ctx.blank_breaks
            continue
        if ctx.vocab.is_page_marker(text) or ctx.vocab.is_continued(text) or _repeats_header(ctx, i):
            page_end = page_end or ctx.vocab.is_page_marker(text)
            continue
        if page_end and not scan.in_notes and ctx.vocab.is_note(text):
            break  # the page's end, then notes: the document's, not the table's
        if _note(ctx, scan, line, blank):
            blank = False
            continue
        if scan.in_notes and blank:
            break
        sl = ctx.split(line.index)
        if _ends_table(ctx, sl) or (blank and len(sl.filled) < 2 and not _category(ctx, sl)):
            break
        _add_line(ctx, scan, sl)
        blank = page_end = False
    _flush_aligned(ctx, scan)
    if not scan.pieces:
        return None
    return Body(headers=[], pieces=scan.pieces, notes=scan.notes, separation=ctx.separation,
                row_starts=scan.starts)


def _add_line(ctx: _Ctx, scan: _Scan, sl: SplitLine) -> None:
    if _category(ctx, sl):
        _flush_aligned(ctx, scan)
        frag = sl.filled[0]
        scan.pieces.append(Piece(frag, sl.line.index, True, category=True))
        return
    if ctx.aligned:
        _add_aligned(ctx, scan, sl)
        return
    pieces = line_pieces(sl.line, ctx.separation, ctx.base) if ctx.separation != "single" else [
        Piece(c, sl.line.index, k == 0) for k, c in enumerate(sl.filled)]
    if ctx.separation == "counted" and len(pieces) == ctx.width and (sl.lead or _seq_at(ctx, sl)
                                                                      or ctx.seq_col is None):
        pieces = [replace(p, col=k) for k, p in enumerate(pieces)]  # one cell per column: by position
    if _opens_row(ctx, scan, sl):
        scan.starts.add(len(scan.pieces))
    if _seq_at(ctx, sl) and ctx.seq_col is not None and ctx.separation != "single":
        ctx.expected = (seq_number(sl.cells[ctx.seq_col].text, ctx.expected) or 0) + 1
    scan.pieces.extend(pieces)


def _opens_row(ctx: _Ctx, scan: _Scan, sl: SplitLine) -> bool:
    """Where rows have no 序号: a line of several cells, or one opening with an empty cell."""
    if not scan.pieces:
        return True
    return sl.lead > 0 or len(sl.filled) >= 2 or len(sl.line.stripped) > WRAP_MAX


def _add_aligned(ctx: _Ctx, scan: _Scan, sl: SplitLine) -> None:
    """Aligned layout: cells go under the column they stand in; a line of a few pieces
    without attribute or 序号 continues the cells above it."""
    slots = to_slots(ctx.lines, sl.filled, ctx.centers)
    filled = sl.filled
    has_attr = any(ctx.vocab.is_attr(c.text) for c in filled)
    seq = ctx.seq_col is not None and is_seq(slots[ctx.seq_col].text)
    many = len(filled) > max(1, len(slots) // 2)
    if scan.aligned_row is None or seq or has_attr or many:
        _flush_aligned(ctx, scan)
        scan.aligned_row = LRow(slots, [sl.line.index], 0)
        return
    wrapped = to_slots(ctx.lines, sl.filled, ctx.centers, ctx.lefts or None)
    merge_slots(scan.aligned_row.cells, wrapped)
    scan.aligned_row.lines.append(sl.line.index)


def _flush_aligned(ctx: _Ctx, scan: _Scan) -> None:
    row = scan.aligned_row
    if row is None:
        return
    scan.aligned_row = None
    scan.starts.add(len(scan.pieces))
    last = max((k for k, c in enumerate(row.cells) if c.text), default=-1)
    for k, cell in enumerate(row.cells[: last + 1]):
        scan.pieces.append(Piece(cell, row.lines[0], k == 0, empty=not cell.text, col=k))


def _repeats_header(ctx: _Ctx, i: int) -> bool:
    """The header line again, at the top of the next page."""
    if ctx.header_text is None:
        return False
    return [c.text for c in ctx.split(i).filled] == ctx.header_text


def _note(ctx: _Ctx, scan: _Scan, line: Line, blank: bool) -> bool:
    """A note line ('注:…', its numbered items and wrapped lines) becomes a note row."""
    text = line.stripped
    in_notes = scan.in_notes
    item = in_notes and ctx.vocab.is_note_item(text)
    wrapped = (
        in_notes
        and not blank
        and not scan.notes[-1].text.endswith(("。", "."))  # a finished note is not continued
        and not ctx.vocab.is_heading(text)
        and ctx.vocab.title(text) is None
        and (len(ctx.split(line.index).filled) == 1 or ctx.separation == "single")
        and not is_seq(text.split()[0])
    )
    if not (ctx.vocab.is_note(text) or item or wrapped):
        return False
    _flush_aligned(ctx, scan)
    scan.in_notes = True
    if wrapped and not item and not ctx.vocab.is_note(text) and scan.notes:
        scan.notes[-1] = scan.notes[-1].join(line.frag())
        return True
    scan.notes.append(line.frag())
    return True


def _ends_table(ctx: _Ctx, sl: SplitLine) -> bool:
    text = sl.line.stripped
    filled = sl.filled
    if ctx.vocab.title(text) is not None:
        return True
    if ctx.prose:  # sentences are cells: a paragraph of one sentence, at the margin, ends the table
        if len(filled) == 1 and not sl.lead and is_prose(text):
            return True
    elif any(is_prose(c.text) for c in filled):
        return True
    if ctx.separation == "single" and is_prose(text) and (
            CLAUSE.search(text) or not any(ctx.vocab.is_value(c.text) for c in filled)):
        return True  # a sentence: clauses, or words without a figure
    if not filled or not ctx.vocab.is_heading(filled[0].text):
        return False
    if any(ctx.vocab.is_value(c.text) for c in filled[1:]):
        return False
    return ctx.vocab.category(text, sure_only=True) is None and not _maybe_category(ctx, sl)


def _maybe_category(ctx: _Ctx, sl: SplitLine) -> bool:
    """'一、经济发展' is a category only when the next line is a numbered row."""
    if len(sl.filled) != 1 or ctx.vocab.category(sl.filled[0].text) is None:
        return False
    for j in range(sl.line.index + 1, min(len(ctx.lines), sl.line.index + 4)):
        nxt = ctx.lines[j]
        if nxt.stripped:
            return _seq_at(ctx, ctx.split(j))
    return False


def _category(ctx: _Ctx, sl: SplitLine) -> bool:
    """A category row: '一、经济发展(8项)', or a bare '经济发展' before a row of cells."""
    if len(sl.filled) != 1 or sl.lead:
        return False
    text = sl.filled[0].text
    if ctx.vocab.category(text, sure_only=True) is not None or _maybe_category(ctx, sl):
        return True
    return _bare_category(ctx, sl)


def _bare_category(ctx: _Ctx, sl: SplitLine) -> bool:
    """An unnumbered group name on its own line, before a line of cells, where no
    column is left to continue (a table without a 类别 column)."""
    text = sl.filled[0].text
    if len(text) > WRAP_MAX or not ctx.vocab.is_name_like(text) or ctx.separation == "single":
        return False
    if ctx.header_text and any(ctx.vocab.header_role(t) == "category" for t in ctx.header_text):
        return False
    in_names = ctx.aligned and ctx.seq_col is not None and bool(ctx.centers)
    if in_names and nearest(ctx.lines, sl.filled[0], ctx.centers) == ctx.name_col:
        return False  # a wrapped name in a position-aligned table
    prev = sl.line.index - 1
    while prev >= 0 and not ctx.lines[prev].stripped:
        prev -= 1
    if prev >= 0:
        above = ctx.split(prev).filled
        if above and not ctx.vocab.is_attr(above[-1].text) and not ctx.vocab.is_header_cell(above[-1].text):
            return False  # a cell of the row above, wrapped
    for j in range(sl.line.index + 1, min(len(ctx.lines), sl.line.index + 4)):
        if ctx.lines[j].stripped:
            return len(ctx.split(j).filled) >= 2
    return False


def _widest_row(ctx: _Ctx, start: int) -> int:
    """The most cells a row has with the lines that continue it (no 序号, no empty lead)."""
    widest = current = 0
    for i in range(start, min(len(ctx.lines), start + 80)):
        sl = ctx.split(i)
        if not sl.filled:
            continue
        if _ends_table(ctx, sl):
            break
        if sl.lead or _seq_at(ctx, sl) or not current:
            current = len(sl.cells)
        else:
            current += len(sl.cells) - 1
        widest = max(widest, current)
    return widest


def _line_width(ctx: _Ctx, start: int) -> int:
    """The usual number of cells of the lines that open a row, up to the table's end."""
    counts: Counter[int] = Counter()
    for i in range(start, min(len(ctx.lines), start + 80)):
        sl = ctx.split(i)
        if sl.filled and _ends_table(ctx, sl):
            break
        if len(sl.filled) >= 2 and (sl.lead or _seq_at(ctx, sl) or ctx.seq_col is None):
            counts[len(sl.cells)] += 1
    return counts.most_common(1)[0][0] if counts else 0
