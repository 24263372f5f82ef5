"""Tables that arrived as real grids (docx/html): cells are split already.

What is left to find: the title row (one merged cell across the top), the header
rows (one to three), category rows (one merged cell across the row), note rows,
and sub-rows (no 序号, or the 序号 of the row above repeated by a merged cell).

Readers hand merged cells over in three ways, all handled here: repeated in every
grid position they cover (python-docx style), as empty cells (a vertically merged
docx cell), or left out so the row is shorter than the grid (a docx ``gridSpan``,
an html ``colspan``/``rowspan``). Short header rows are spread over the columns
(a group label over its sub-columns); short data rows are placed by what their
cells are (:mod:`planscope.structure.tables.place`).
"""

from __future__ import annotations

from planscope.model import GridTable
from planscope.reading.text import fold_width, to_simplified
from planscope.structure.tables.base import Draft, Frag, Header
from planscope.structure.tables.header import align_levels, build_header
from planscope.structure.tables.lines import Parsed
from planscope.structure.tables.place import Pending, place_row, resolve_pending
from planscope.structure.tables.vocab import Vocab, is_seq, is_year

MAX_HEADER_ROWS = 3

Row = list[Frag]


def grid_rows(grid: GridTable, text: str) -> list[Row]:
    """The grid's cells as pieces of the analysis text (normalised like it)."""
    rows: list[Row] = []
    for r, cells in enumerate(grid.cells):
        spans = grid.spans[r] if r < len(grid.spans) else []
        row: Row = []
        for c, raw in enumerate(cells):
            start, end = spans[c] if c < len(spans) else (grid.start, grid.start)
            body = text[start:end] if 0 <= start <= end <= len(text) else ""
            if len(body) != len(raw):
                body = to_simplified(fold_width(raw))
            stripped = " ".join(body.split())
            offset = start + max(body.find(stripped[:1]), 0) if stripped else start
            row.append(Frag(stripped, offset, offset + len(stripped)))
        rows.append(row)
    return [r for r in rows if any(c.text for c in r)]


def parse_grid(grid: GridTable, text: str, vocab: Vocab) -> tuple[Parsed, Frag | None] | None:
    """The rebuilt rows and, when the grid's first row is a caption, that caption."""
    rows = grid_rows(grid, text)
    caption = _caption(rows[0], vocab) if rows else None
    if caption is not None:
        rows = rows[1:]
    n_head = _header_count(rows, vocab)
    if n_head == 0 or len(rows) - n_head < 2:
        return None
    width = _width(rows[n_head:], rows[:n_head])
    if width < 3:
        return None
    head = [[c.text for c in row] for row in rows[:n_head]]
    header = build_header(_header_levels(head, width, vocab), vocab)
    body = [_fit(row, width, header, vocab) for row in rows[n_head:]]
    notes: list[str] = []
    sub_col = _sub_name_column(header)
    if sub_col is not None:
        body = _split_groups(body, sub_col)
        del header.columns[sub_col], header.roles[sub_col]
        notes.append(f"sub-indicators in a second '{header.columns[sub_col - 1]}' column; each is a sub-row")
    drafts, pendings = _drafts(body, header, vocab)
    resolve_pending(drafts, pendings, header, vocab)
    _repeated_seq(drafts, header, notes)
    return Parsed(header, drafts, notes), caption


def _width(body: list[Row], head: list[Row]) -> int:
    """The number of columns: merged cells only ever make a row shorter."""
    return max((len(r) for r in body + head), default=0)


def _header_levels(head: list[list[str]], width: int, vocab: Vocab) -> list[list[str]]:
    """Per-column labels from header rows that may be shorter than the grid."""
    if all(len(r) == width for r in head):
        return [[row[c] for row in _fill_spans(head)] for c in range(width)]
    if len(head) == 2 and len(head[1]) < width:
        levels = _rowspan_levels(head[0], head[1], width, vocab)
        if levels is not None:
            return levels
    return align_levels([r + [""] * (width - len(r)) if r is head[-1] else r for r in head], width)


def _rowspan_levels(
    upper: list[str], lower: list[str], width: int, vocab: Vocab
) -> list[list[str]] | None:
    """Html-style header: cells spanning both rows are left out of the lower row, so
    the lower row holds only the sub-columns of the group cells."""
    groups = [i for i, t in enumerate(upper) if vocab.header_role(t) is None and not is_year(t)]
    subs = [t for t in lower if t]
    if not groups or len(subs) % len(groups) or len(upper) - len(groups) + len(subs) != width:
        return None
    per = len(subs) // len(groups)
    levels: list[list[str]] = []
    for i, label in enumerate(upper):
        if i in groups:
            k = groups.index(i)
            levels.extend([label, sub] for sub in subs[k * per : (k + 1) * per])
        else:
            levels.append([label])
    return levels


def _fill_spans(head: list[list[str]]) -> list[list[str]]:
    """A group label merged across columns (left empty by html readers) over each
    sub-column: '规划目标', '' above '2025年', '2030年' -> '规划目标', '规划目标'."""
    for r in range(len(head) - 1):
        upper, lower = head[r], head[r + 1]
        for c in range(1, len(upper)):
            if not upper[c] and upper[c - 1] and lower[c] and lower[c - 1]:
                upper[c] = upper[c - 1]
    return head


def _fit(row: Row, width: int, header: Header, vocab: Vocab) -> Row:
    """A short row whose leading cells were merged into the rows above (html
    rowspan of a 类别 or 序号 cell) gets empty cells in front; else it stays short."""
    missing = width - len(row)
    if missing <= 0 or not any(c.text for c in row):
        return row
    filled = [c for c in row if c.text]
    if len(filled) == 1:
        return row
    padded = [Frag("", row[0].start, row[0].start)] * missing + row
    seq, attr = header.find("seq"), header.find("attr")
    seq_ok = seq is None or is_seq(padded[seq].text) or (seq < missing and not is_seq(row[0].text))
    attr_ok = attr is None or vocab.is_attr(padded[attr].text) or not padded[attr].text
    leading_merge = header.roles[0] in ("category", "seq")
    return padded if leading_merge and seq_ok and attr_ok else row


def _same_text(row: Row) -> str | None:
    """The text of a row that is one merged cell (all written cells equal)."""
    texts = {c.text for c in row if c.text}
    return texts.pop() if len(texts) == 1 else None


def _caption(row: Row, vocab: Vocab) -> Frag | None:
    text = _same_text(row)
    if text is None or vocab.is_header_cell(text):
        return None
    if vocab.title(text) is not None or any(k in text for k in vocab.title_keywords):
        return next(c for c in row if c.text)
    return None


def _header_count(rows: list[Row], vocab: Vocab) -> int:
    n = 0
    for row in rows[:MAX_HEADER_ROWS]:
        filled = [c.text for c in row if c.text]
        if any(is_seq(t) for t in filled) or any(vocab.is_attr(t) for t in filled):
            break
        heads = sum(1 for t in filled if vocab.is_header_cell(t))
        if n == 0 and heads < 2:
            break
        if n > 0 and heads < max(1, len(set(filled)) // 2):
            break
        n += 1
    return n


def _drafts(body: list[Row], header: Header, vocab: Vocab) -> tuple[list[Draft], list[Pending]]:
    drafts: list[Draft] = []
    pendings: list[Pending] = []
    for row in body:
        special = _special_row(row, header, vocab)
        if special is not None:
            drafts.append(special)
        elif len(row) == header.width:
            drafts.append(Draft("data", [c if c.text else None for c in row]))
        else:
            draft, pending = place_row([c for c in row if c.text], header, vocab)
            draft.notes.append(f"{len(row)} cells for {header.width} columns; placed by content")
            drafts.append(draft)
            if pending:
                pendings.append(pending)
    return drafts, pendings


def _special_row(row: Row, header: Header, vocab: Vocab) -> Draft | None:
    """A note row or a category row (one merged cell across the row)."""
    filled = [c for c in row if c.text]
    first = filled[0] if filled else None
    if first is None or (_same_text(row) is None and len(filled) != 1):
        return None
    if vocab.is_note(first.text):
        return Draft("note", [first] + [None] * (header.width - 1))
    found = vocab.category(first.text)
    if found is None and any(vocab.is_value(c.text) for c in filled):
        return None
    name, count = found or (first.text, None)
    cells: list[Frag | None] = [None] * header.width
    cells[header.find("name") or 0] = first
    return Draft("category", cells, category=name, declared=count)


def _repeated_seq(drafts: list[Draft], header: Header, notes: list[str]) -> None:
    """A 序号 repeated by a vertically merged cell marks a sub-row of the row above."""
    seq = header.find("seq")
    if seq is None:
        return
    last: str | None = None
    for d in drafts:
        if d.kind != "data":
            continue
        value = d.text(seq)
        if value is not None and value == last:
            d.cells[seq] = None
            d.kind = "sub"
            notes.append(f"row '{d.label(header)}': 序号 {value} repeats the row above; read as a sub-row")
        elif value is not None:
            last = value


def _sub_name_column(header: Header) -> int | None:
    name = header.find("name")
    if name is None or name + 1 >= header.width:
        return None
    return name + 1 if header.columns[name + 1] == header.columns[name] else None


def _split_groups(body: list[Row], col: int) -> list[Row]:
    """Rows with a group name and a sub-indicator become a group row and sub-rows."""
    out: list[Row] = []
    last_group: str | None = None
    for row in body:
        if len(row) <= col:
            out.append(row)
            continue
        group, sub = row[col - 1], row[col]
        if not sub.text or sub.text == group.text:
            out.append(row[:col] + row[col + 1 :])
            last_group = None
            continue
        if group.text != last_group:
            blank = [Frag("", c.end, c.end) for c in row[col + 1 :]]
            out.append(row[:col] + blank)
            last_group = group.text
        empty = [Frag("", c.start, c.start) for c in row[: col - 1]]
        out.append([*empty, sub, *row[col + 1 :]])
    return out
