"""Find the indicator tables of a document and rebuild them.

A cheap pre-scan finds lines that begin with a header word (序号, 指标, 类别 …)
standing as a whole cell; only those are examined. A candidate is a spaced header
when the line splits into >=3 header cells, a flattened header when it is one
header word on its own line. The title is looked for in the lines just above the
header ('专栏1:…', '表2 …', or an unnumbered caption such as '…主要指标'). A table
is returned only when its header has >=3 columns and >=2 rows parse, so boxes that
list projects in prose yield nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from planscope.model import GridTable, Table
from planscope.structure.tables.aligned import display_width
from planscope.structure.tables.base import Frag, finish
from planscope.structure.tables.flattened import is_flat_header_start, parse_flattened
from planscope.structure.tables.grid import parse_grid
from planscope.structure.tables.labelled import is_caption, parse_labelled
from planscope.structure.tables.lines import Lines, is_prose, split_line
from planscope.structure.tables.reader import Body, read_rows
from planscope.structure.tables.spaced import header_cells, parse_spaced
from planscope.structure.tables.vocab import Vocab, vocab

TITLE_LOOKBACK = 3  # non-empty lines above the header searched for a title
NUMBER_LOOKBACK = 10  # non-empty lines above a caption searched for its bare number ('表5')
TITLE_MAX = 50
HEADER_BLOCK = 5  # lines of a header read by position
HEADER_CELL = 12  # longest cell of such a header
NARROW = 2  # columns of the narrowest table: a label and one value, under a numbered title

_NUMBERED_TITLE = re.compile(
    r"^[ \t]*(?:附表|表|专栏)[ \t]*(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?![\d年])", re.MULTILINE)


@lru_cache(maxsize=1)
def _candidate_re() -> re.Pattern[str]:
    v = vocab()
    words = sorted(
        {w for role in ("seq", "name", "category") for w in v.header_words[role]},
        key=len,
        reverse=True,
    )
    spaced = [r" ?".join(map(re.escape, w)) for w in words]
    # A header word is a whole cell: a separator (a single space too, as PDF text writes
    # it) or the end of the line follows.
    end = r"(?=[ \t]{2,}|\t|[ \t]*$| \S)"
    return re.compile(r"^[ \t]*(?:" + "|".join(spaced) + ")" + end, re.MULTILINE)


def find_tables(text: str, grids: Sequence[GridTable] = ()) -> list[Table]:
    """Every indicator table in ``text`` (and in ``grids``), rows and columns rebuilt."""
    v = vocab()
    lines: Lines | None = None
    tables: list[Table] = []
    covered: list[tuple[int, int]] = [(g.start, g.end) for g in grids]
    for grid in grids:
        lines = lines or Lines(text)
        table = _grid_table(grid, text, lines, v)
        if table is not None:
            tables.append(table)
    done = -1  # end of the last table found in the text
    for m in _candidate_re().finditer(text):
        if m.start() < done or any(a <= m.start() < b for a, b in covered):
            continue
        lines = lines or Lines(text)
        table = _text_table(lines, lines.index_at(m.start()), v)
        if table is not None:
            tables.append(table)
            done = table.end
    tables.extend(_titled_tables(text, lines, tables, covered, v))
    return sorted(tables, key=lambda t: t.start)


def _titled_tables(text: str, lines: Lines | None, found: list[Table], covered: list[tuple[int, int]],
                   v: Vocab) -> list[Table]:
    """Tables under a numbered title ('表2', '表 3：…') whose header has no header word to
    start from: a header broken a character a line (指 / 标), or two columns (指标 | 指数)."""
    out: list[Table] = []
    taken = covered + [(t.start, t.end) for t in found]
    for m in _NUMBERED_TITLE.finditer(text):
        at = m.end() - 1  # inside the title, past its indentation
        if any(a <= at < b for a, b in taken):
            continue
        lines = lines or Lines(text)
        table = _titled_table(lines, lines.index_at(at), v)
        if table is not None:
            out.append(table)
            taken.append((table.start, table.end))
    return out


def _titled_table(lines: Lines, t: int, v: Vocab) -> Table | None:
    found = v.title(lines[t].stripped)
    if found is None:
        return None
    h = t + 1
    while h < len(lines) and (not lines[h].stripped or v.is_page_marker(lines[h].stripped)):
        h += 1
    if h >= len(lines) or v.title(lines[h].stripped) is not None:
        return None  # a title again (repeated, or a figure's): it is looked at on its own
    body: Body | None = None
    layout = "flattened"
    if header_cells(lines[h], v, min_cells=NARROW) is not None:
        body, layout = parse_spaced(lines, h, v, min_cells=NARROW), "spaced"
    if body is None:
        body, layout = parse_labelled(lines, h, v), "flattened"
    if body is None:
        end = _header_block(lines, h, v)
        if end is not None:
            body, layout = parse_spaced(lines, h, v, min_cells=NARROW, header_end=end), "spaced"
    parsed = read_rows(body, v) if body is not None else None
    if body is None or parsed is None or parsed.header.width < NARROW:
        return None
    number, title = found
    if not title and body.caption is not None:
        title = body.caption.text
    frag = lines[t].frag()
    table = finish(parsed.header, parsed.drafts, v, layout=layout, title=title, number=number,
                   start=frag.start, notes=list(parsed.notes))
    return _indented_parts(table, lines, body, v)


def _text_table(lines: Lines, h: int, v: Vocab) -> Table | None:
    line = lines[h]
    body: Body | None = None
    layout = ""
    narrow = False
    if header_cells(line, v) is not None:
        body, layout = parse_spaced(lines, h, v), "spaced"
    elif is_flat_header_start(line.stripped, v):
        body, layout = parse_flattened(lines, h, v), "flattened"
        if body is None:  # no 序号: rows of a label and values (统计公报)
            body, narrow = parse_labelled(lines, h, v), True
    parsed = read_rows(body, v) if body is not None else None
    if body is None or parsed is None or parsed.header.width < (NARROW if narrow else 3):
        return None
    number, title, start = _title(lines, h, v)
    if body.caption is not None and not title:
        title = body.caption.text
    notes = list(parsed.notes)
    if number is None and title:
        found = _bare_number(lines, lines.index_at(start), v)
        if found is not None:
            number, start, between = found
            if between:
                listed = ", ".join(f"'{f.text}'" for f in between)
                notes.append(f"{listed} stand between the number '{number}' and the caption: not read")
    if not title:
        notes.insert(0, "no title line found above the header")
    table = finish(
        parsed.header,
        parsed.drafts,
        v,
        layout=layout,
        title=title,
        number=number,
        start=start,
        notes=notes,
    )
    return _indented_parts(table, lines, body, v)


def _indented_parts(table: Table, lines: Lines, body: Body, v: Vocab) -> Table:
    """Where columns are aligned and rows have no 序号, a row whose label stands indented
    under a less indented one is a part of it (统计公报: '地区生产总值' / '   第一产业'; the
    '#' of '#住宅' marks the first part only, its siblings are indented as it is)."""
    roles = [v.header_role(c) for c in table.columns]
    if body.separation not in ("aligned", "single") or "seq" in roles:
        return table
    name = next((i for i, r in enumerate(roles) if r in ("name", "category")), 0)
    indent: dict[int, int] = {}
    for k, row in enumerate(table.rows):
        span = row.spans[name] if name < len(row.spans) else None
        if row.kind in ("data", "sub") and span is not None:
            line = lines[lines.index_at(span[0])]
            indent[k] = display_width(line.text[: span[0] - line.start])
    if not indent:
        return table
    base = min(indent.values())
    head: int | None = None
    for k, row in enumerate(table.rows):
        if k not in indent:
            continue
        if indent[k] <= base + 1:
            head = k if row.kind == "data" else head
        elif head is not None and row.kind == "data":
            row.kind, row.parent, row.number = "sub", head, None
    return table


def _grid_table(grid: GridTable, text: str, lines: Lines, v: Vocab) -> Table | None:
    result = parse_grid(grid, text, v)
    if result is None:
        return None
    parsed, caption = result
    if caption is not None:
        found = v.title(caption.text)
        number, title = found if found else (None, caption.text)
        start = caption.start
    else:
        h = lines.index_at(grid.start)
        number, title, start = _title(lines, h, v)
        start = min(start, grid.start)
    notes = list(parsed.notes)
    if not title:
        notes.insert(0, "no title found above or in the grid")
    return finish(
        parsed.header,
        parsed.drafts,
        v,
        layout="grid",
        title=title,
        number=number,
        start=start,
        notes=notes,
    )


def _header_block(lines: Lines, h: int, v: Vocab) -> int | None:
    """The first row's line when lines ``h``… are a header without header words (group labels
    over '比例(%)', '年份' standing alone) above rows of a label and numbers apart by runs of
    spaces: the header is then read by position."""
    seen = 0
    for j in range(h + 1, min(len(lines), h + 2 * HEADER_BLOCK)):  # blank lines between (CRLF) or not
        text = lines[j].stripped
        if not text:
            continue
        seen += 1
        if seen >= HEADER_BLOCK:
            return None
        cells = [c.text for c in split_line(lines[j], 0).filled]
        if len(cells) >= NARROW + 1 and all(v.is_number(c) or v.is_placeholder(c) for c in cells[1:]):
            return j
        if any(len(c) > HEADER_CELL or v.is_value(c) or is_prose(c) for c in cells):
            return None
    return None


def _title(lines: Lines, h: int, v: Vocab) -> tuple[str | None, str, int]:
    """(number, title, start offset) from the lines just above header line ``h``."""
    above: list[Frag] = []
    i = h - 1
    while i >= 0 and len(above) < TITLE_LOOKBACK:
        text = lines[i].stripped
        if text and not v.is_page_marker(text):
            above.append(lines[i].frag())
        i -= 1
    for k, frag in enumerate(above):
        found = v.title(frag.text)
        if found is not None:
            number, title = found
            if not title and k > 0:
                title = above[k - 1].text
            return number, title, frag.start
        if is_prose(frag.text) or v.is_heading(frag.text):
            break
    if above and _is_caption(above[0].text, v):
        return None, above[0].text, above[0].start
    return None, "", lines[h].start + (len(lines[h].text) - len(lines[h].text.lstrip()))


def _is_caption(text: str, v: Vocab) -> bool:
    return len(text) <= TITLE_MAX and "。" not in text and (
        any(k in text for k in v.title_keywords) or is_caption(text, v))


def _bare_number(lines: Lines, c: int, v: Vocab) -> tuple[str, int, list[Frag]] | None:
    """A number written on a line of its own ('表5') a few lines above caption line ``c``
    (PDF text may put pieces of the table before between them): (number, its offset, the
    pieces between)."""
    between: list[Frag] = []
    i = c - 1
    while i >= 0 and len(between) < NUMBER_LOOKBACK:
        text = lines[i].stripped
        if text and not v.is_page_marker(text):
            found = v.title(text)
            if found is not None:
                return (found[0], lines[i].frag().start, between[::-1]) if not found[1] else None
            if is_prose(text) or v.is_heading(text):
                return None
            between.append(lines[i].frag())
        i -= 1
    return None
