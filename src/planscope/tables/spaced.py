"""Tables whose cells are separated by runs of spaces or by tabs.

Rows may wrap onto the next line(s): a cell cut by a line break continues at the
start of the next line ('6.5%' + '左右'). A new row starts where a line opens with
an empty cell (leading separator), with the next 序号 in the 序号 column, or,
once the current row has all its cells, with a line of several cells (a sub-row
such as '增速(%)    8.8    8以上'). Where a fixed number of spaces makes one
separator (4 in many converted documents; one tab), a longer run holds empty
cells. Where the runs have no common length (text laid out by position, as PDF
extraction with '-layout' writes it), cells go under the column they stand in
(:mod:`planscope.tables.aligned`). The header may take several lines, with group
cells over sub-columns (:func:`planscope.tables.header.align_levels`); a header
repeated after a page break, page footers and '续表' captions are skipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from planscope.tables.aligned import column_centers, merge_slots, nearest, to_slots
from planscope.tables.base import Draft, Frag, Header
from planscope.tables.header import align_levels, build_header
from planscope.tables.lines import (
    Line,
    Lines,
    Parsed,
    SplitLine,
    count_cells,
    is_prose,
    space_runs,
    split_line,
)
from planscope.tables.place import Pending, place_row, resolve_pending
from planscope.tables.vocab import Vocab, is_seq

MAX_ROW_LINES = 400
MAX_HEADER_LINES = 5
WRAP_MAX = 16  # longest text of a one-cell line that continues the cell above


@dataclass
class LRow:
    """A logical row: one or more lines joined."""

    cells: list[Frag]
    lines: list[int]
    trail: int
    kind: str = "row"  # row | category | note
    category: tuple[str, int | None] | None = None


@dataclass
class _Ctx:
    lines: Lines
    vocab: Vocab
    base: int
    seq_col: int | None
    expected: int | None = None
    blank_breaks: bool = True
    aligned: bool = False  # separators of varying length: place cells by position
    centers: list[float] = field(default_factory=list)
    name_col: int | None = None
    header_text: list[str] | None = None
    rows: list[LRow] = field(default_factory=list)
    cache: dict[int, SplitLine] = field(default_factory=dict)

    def split(self, i: int) -> SplitLine:
        """Line ``i`` cut into cells (cached: several passes look at the same lines)."""
        found = self.cache.get(i)
        if found is None:
            found = self.cache[i] = split_line(self.lines[i], self.base)
        return found


def header_cells(line: Line, vocab: Vocab) -> SplitLine | None:
    """The line cut into cells when it reads as a header row of >=3 columns."""
    sl = split_line(line, 0)
    filled = sl.filled
    if len(filled) < 3 or sl.lead:
        return None
    heads = sum(1 for c in filled if vocab.is_header_cell(c.text))
    first = vocab.header_role(filled[0].text)
    if heads < max(2, len(filled) // 2) or (first is None and heads < len(filled) - 1):
        return None
    return sl


def parse_spaced(lines: Lines, h: int, vocab: Vocab) -> Parsed | None:
    base = _base_unit(lines, h)
    first = split_line(lines[h], base)
    seq_col = next((i for i, c in enumerate(first.cells) if vocab.header_role(c.text) == "seq"), None)
    ctx = _Ctx(lines, vocab, base, seq_col, blank_breaks=not _alternating_blanks(lines, h))
    ctx.name_col = next((i for i, c in enumerate(first.cells) if vocab.header_role(c.text) == "name"), None)
    ctx.header_text = [c.text for c in first.filled]
    hrows, data_start = _header_rows(ctx, first)
    if base == 0 and "\t" not in lines[h].text:
        ctx.aligned = True
        ctx.centers = _early_centers(ctx, first, data_start)
        hrows = [_aligned_header(ctx, first, data_start)]
    _group_rows(ctx, data_start)
    rows = [r for r in ctx.rows if r.kind == "row"]
    if len(rows) < 2:
        return None
    width = len(ctx.centers) if ctx.centers else _width(hrows, rows)
    header = build_header(align_levels([[c.text for c in r.cells] for r in hrows], width), vocab)
    drafts, notes = _drafts(ctx, header, width)
    return Parsed(header, drafts, notes)


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
    """True when every other line is blank (CRLF read as two breaks)."""
    sample = [lines[i].stripped for i in range(h, min(len(lines), h + 20))]
    if len(sample) < 6:
        return False
    return all(not s for s in sample[1::2]) and all(sample[0::2])


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
    return all(ctx.vocab.is_header_cell(c.text) or len(c.text) <= 3 for c in sl.filled)


def _starts_data(ctx: _Ctx, sl: SplitLine) -> bool:
    if _seq_at(ctx, sl):
        return True
    if ctx.seq_col is not None:
        return ctx.vocab.category(sl.line.stripped, sure_only=True) is not None
    filled = sl.filled
    return len(filled) >= 2 and any(ctx.vocab.is_value(c.text) for c in filled[1:])


def _seq_at(ctx: _Ctx, sl: SplitLine) -> bool:
    s = ctx.seq_col
    if s is None or s >= len(sl.cells) or not is_seq(sl.cells[s].text):
        return False
    if any(len(c.text) > 10 for c in sl.cells[:s]):
        return False
    n = int(sl.cells[s].text)
    return ctx.expected is None or n == 1 or ctx.expected <= n <= ctx.expected + 3


def _merge(row: LRow, sl: SplitLine) -> None:
    """Append a wrapped line: its first cell continues the row's last cell."""
    cells = list(sl.cells)
    if row.trail == 0 and row.cells and cells:
        row.cells[-1] = row.cells[-1].join(cells.pop(0))
    row.cells.extend(cells)
    row.lines.append(sl.line.index)
    row.trail = sl.trail


def _group_rows(ctx: _Ctx, start: int) -> None:
    """Join lines into logical rows until the table ends."""
    cur: LRow | None = None
    blank = False
    width = _line_width(ctx, start)
    for i in range(start, min(len(ctx.lines), start + MAX_ROW_LINES)):
        line = ctx.lines[i]
        text = line.stripped
        if not text:
            blank = blank or ctx.blank_breaks
            continue
        if ctx.vocab.is_page_marker(text) or ctx.vocab.is_continued(text):
            continue
        if _repeats_header(ctx, i):
            continue
        if _note(ctx, line, blank):
            cur = None
            blank = False
            continue
        if ctx.rows and ctx.rows[-1].kind == "note" and blank:
            return
        sl = ctx.split(line.index)
        if _ends_table(ctx, sl):
            return
        cat = _category(ctx, sl, cur)
        if cat is not None:
            ctx.rows.append(LRow([sl.filled[0]], [i], 0, "category", cat))
            cur, blank = None, False
            continue
        cur = _place_line(ctx, cur, sl, blank, width)
        if cur is None:
            return
        blank = False


def _repeats_header(ctx: _Ctx, i: int) -> bool:
    """The header line again, at the top of the next page."""
    if ctx.header_text is None:
        return False
    return [c.text for c in ctx.split(i).filled] == ctx.header_text


def _place_line(ctx: _Ctx, cur: LRow | None, sl: SplitLine, blank: bool, width: int) -> LRow | None:
    """Start a new row with this line or continue the current one; None ends the table."""
    if ctx.aligned:
        return _place_aligned(ctx, cur, sl, blank)
    starts = cur is None or sl.lead > 0 or _seq_at(ctx, sl)
    complete = cur is not None and len(cur.cells) >= width
    several = len(sl.filled) >= 2
    if blank and not (starts or several):
        return None
    if starts or (complete and several) or blank:
        row = LRow(list(sl.cells), [sl.line.index], sl.trail)
        ctx.rows.append(row)
        if _seq_at(ctx, sl) and ctx.seq_col is not None:
            ctx.expected = int(sl.cells[ctx.seq_col].text) + 1
        return row
    assert cur is not None
    fits = len(cur.cells) + len(sl.cells) - 1 <= width + 1
    if (not complete and fits) or (complete and len(sl.line.stripped) <= WRAP_MAX):
        _merge(cur, sl)
        return cur
    if several:
        return _place_line(ctx, None, sl, False, width)
    return None


def _early_centers(ctx: _Ctx, first: SplitLine, start: int) -> list[float]:
    """Column centres from the lines that fill every column (else the header cells)."""
    width = len(first.filled)
    full: list[list[Frag]] = []
    for i in range(start, min(len(ctx.lines), start + 80)):
        sl = ctx.split(i)
        if sl.filled and _ends_table(ctx, sl):
            break
        if len(sl.filled) == width:
            full.append(sl.filled)
    return column_centers(ctx.lines, full or [first.filled], width) or []


def _aligned_header(ctx: _Ctx, first: SplitLine, start: int) -> LRow:
    """The header as one row of column slots, wrapped header lines joined by position."""
    slots = to_slots(ctx.lines, first.filled, ctx.centers)
    lines = [first.line.index]
    for i in range(first.line.index + 1, start):
        more = ctx.split(i).filled
        if more:
            merge_slots(slots, to_slots(ctx.lines, more, ctx.centers))
            lines.append(i)
    return LRow(slots, lines, 0)


def _place_aligned(ctx: _Ctx, cur: LRow | None, sl: SplitLine, blank: bool) -> LRow | None:
    """Aligned layout: cells go under the column they stand in; a line of a few pieces
    without attribute or 序号 continues the cells above it."""
    slots = to_slots(ctx.lines, sl.filled, ctx.centers)
    filled = sl.filled
    has_attr = any(ctx.vocab.is_attr(c.text) for c in filled)
    seq = ctx.seq_col is not None and is_seq(slots[ctx.seq_col].text)
    many = len(filled) > max(1, len(slots) // 2)
    if blank and len(filled) < 2:
        return None
    if cur is None or seq or has_attr or many or blank:
        row = LRow(slots, [sl.line.index], 0)
        ctx.rows.append(row)
        if seq and ctx.seq_col is not None:
            ctx.expected = int(slots[ctx.seq_col].text) + 1
        return row
    merge_slots(cur.cells, slots)
    cur.lines.append(sl.line.index)
    return cur


def _note(ctx: _Ctx, line: Line, blank: bool) -> bool:
    """A note line ('注:…', its numbered items and wrapped lines) becomes a note row."""
    text = line.stripped
    last = ctx.rows[-1] if ctx.rows else None
    in_notes = last is not None and last.kind == "note"
    item = in_notes and ctx.vocab.is_note_item(text)
    wrapped = (
        in_notes
        and not blank
        and not ctx.vocab.is_heading(text)
        and ctx.vocab.title(text) is None
        and len(ctx.split(line.index).filled) == 1
    )
    if not (ctx.vocab.is_note(text) or item or wrapped):
        return False
    if wrapped and not item and not ctx.vocab.is_note(text) and last is not None:
        last.cells[0] = last.cells[0].join(line.frag())
        last.lines.append(line.index)
        return True
    ctx.rows.append(LRow([line.frag()], [line.index], 0, "note"))
    return True


def _ends_table(ctx: _Ctx, sl: SplitLine) -> bool:
    text = sl.line.stripped
    filled = sl.filled
    if ctx.vocab.title(text) is not None or any(is_prose(c.text) for c in filled):
        return True
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


def _category(ctx: _Ctx, sl: SplitLine, cur: LRow | None) -> tuple[str, int | None] | None:
    """A category row: '一、经济发展(8项)', or a bare '经济发展' where no cell can wrap."""
    if len(sl.filled) != 1 or sl.lead:
        return None
    text = sl.filled[0].text
    found = ctx.vocab.category(text, sure_only=True)
    if found is None and _maybe_category(ctx, sl):
        found = ctx.vocab.category(text)
    if found is None and _bare_category(ctx, sl, cur):
        found = (text, None)
    return found


def _bare_category(ctx: _Ctx, sl: SplitLine, cur: LRow | None) -> bool:
    """An unnumbered group name on its own line, before a row and not after a cut cell."""
    text = sl.filled[0].text
    if len(text) > WRAP_MAX or not ctx.vocab.is_name_like(text):
        return False
    last = next((c.text for c in reversed(cur.cells) if c.text), "") if cur else ""
    if cur is not None and not ctx.vocab.is_attr(last):
        return False
    in_names = ctx.aligned and ctx.seq_col is not None and bool(ctx.centers)
    if in_names and nearest(ctx.lines, sl.filled[0], ctx.centers) == ctx.name_col:
        return False  # a wrapped name in a position-aligned table
    for j in range(sl.line.index + 1, min(len(ctx.lines), sl.line.index + 4)):
        if ctx.lines[j].stripped:
            return len(ctx.split(j).filled) >= 2
    return False


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


def _width(hrows: list[LRow], rows: list[LRow]) -> int:
    counts = Counter(len(r.cells) for r in rows)
    mode = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    return max(mode, len(hrows[0].cells))


def _drafts(ctx: _Ctx, header: Header, width: int) -> tuple[list[Draft], list[str]]:
    drafts: list[Draft] = []
    pendings: list[Pending] = []
    notes: list[str] = []
    split_col = _split_column(ctx, header, width)
    if split_col is not None:
        notes.append(
            f"indicators with sub-indicators in an unnamed column after '{header.columns[split_col - 1]}';"
            " each sub-indicator is a sub-row"
        )
    for row in ctx.rows:
        if row.kind == "category":
            name, count = row.category or (row.cells[0].text, None)
            drafts.append(Draft("category", _at(header, "name", row.cells[0]), category=name, declared=count))
        elif row.kind == "note":
            drafts.append(Draft("note", [row.cells[0]] + [None] * (header.width - 1)))
        elif split_col is not None and len(row.cells) == width + 1:
            drafts.extend(_split_rows(row, split_col, header))
        else:
            draft, pending = _row_draft(row.cells, header, width, ctx)
            drafts.append(draft)
            if pending:
                pendings.append(pending)
    resolve_pending(drafts, pendings, header, ctx.vocab)
    return drafts, notes


def _at(header: Header, role: str, frag: Frag) -> list[Frag | None]:
    cells: list[Frag | None] = [None] * header.width
    cells[header.find(role) or 0] = frag
    return cells


def _row_draft(
    cells: list[Frag], header: Header, width: int, ctx: _Ctx
) -> tuple[Draft, Pending | None]:
    """Cells by position when the row has one per column, else by what they are."""
    vocab = ctx.vocab
    if len(cells) == width == header.width and _positions_hold(cells, header, vocab):
        return Draft("data", [c if c.text else None for c in cells]), None
    filled = [c for c in cells if c.text]
    draft, pending = place_row(filled, header, vocab)
    if len(cells) != width:
        draft.notes.append(f"{len(filled)} cells for {header.width} columns; placed by content")
    return draft, pending


def _positions_hold(cells: list[Frag], header: Header, vocab: Vocab) -> bool:
    """The attribute word, when present, stands in the 属性 column."""
    attr = header.find("attr")
    if attr is None or not cells[attr].text or vocab.is_attr(cells[attr].text):
        return True
    return not any(vocab.is_attr(c.text) for c in cells)


def _split_column(ctx: _Ctx, header: Header, width: int) -> int | None:
    """The unnamed sub-indicator column after the name, when rows carry one extra cell."""
    name, attr = header.find("name"), header.find("attr")
    if name is None:
        return None
    for row in ctx.rows:
        if row.kind != "row" or len(row.cells) != width + 1:
            continue
        sub = row.cells[name + 1].text
        attr_ok = attr is None or not row.cells[attr + 1].text or ctx.vocab.is_attr(row.cells[attr + 1].text)
        if sub and ctx.vocab.is_name_like(sub) and attr_ok:
            return name + 1
    return None


def _split_rows(row: LRow, col: int, header: Header) -> list[Draft]:
    """A row with a group name and a sub-indicator: the group row, then the sub-row."""
    cells = row.cells
    out: list[Draft] = []
    group = cells[col - 1]
    if group.text or any(c.text for c in cells[: col - 1]):
        parent = [c if c.text else None for c in cells[:col]] + [None] * (header.width - col)
        out.append(Draft("data", parent))
    sub = [None] * (col - 1) + [cells[col]] + [c if c.text else None for c in cells[col + 1 :]]
    out.append(Draft("sub", sub, inherit_attr=True))
    return out
