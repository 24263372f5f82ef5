"""The tables of a converted bulletin, read well enough to pair each value with its row.

Two layouts that the plan-table reader (``planscope.tables``) is not built for:

* **aligned** (``pdftotext -layout``): a row is one line, the label on the left and
  the values in columns apart by runs of spaces; a label may wrap onto a line of its
  own before or after its values.  The values of a row go to the value columns of the
  header in order (a row with fewer values than columns is placed by position).
* **flattened** (``pdftotext`` without ``-layout``): one cell per line.  The header
  cells come first; then either each row label followed by its values (interleaved),
  or all row labels and then all values, or all values and then all labels.  A
  separated table is paired by order only when the counts agree (labels × value
  columns = values); a label broken one character per line (``鲜`` ``菜``) is
  rejoined first.

A value whose row cannot be told for sure (a value before any label, more values than
columns, a separated table whose counts disagree, a row with fewer values than
columns) is not guessed: its row is reported in ``BulletinTable.unpaired``.

A value's year is its column's (``2021 年``, ``2021年末``), else None (the bulletin's);
its unit is its row's unit cell, else its column's (``(亿元)``, ``(%)``).  A column of
price indexes with the previous year = 100 has no unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from planscope.bulletins.reading import Line, lines_of
from planscope.quantities import find_quantities

__all__ = ["BulletinTable", "Cell", "Column", "bulletin_tables"]

DASHES = ("—", "-", "–", "…", "/")
NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")
GAP = re.compile(r" {2,}|\t")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
BRACKET_UNIT = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")
GROWTH = re.compile(r"增长|增速|增减|比上年|同比|增幅")
INDEX = re.compile(r"指\s*数|上年\s*=\s*100|以上年为\s*100")
SHARE = re.compile(r"比重|占比|构成")
UNIT_HEADER = re.compile(r"单\s*位$")
LABEL_HEADER = re.compile(r"(?:指\s*标|产品|项\s*目)?(?:名\s*称)?|指\s*标|项\s*目|类\s*别|分\s*组|年\s*份")
VALUE_HEADER = re.compile(r"年末数|绝对数|数\s*值|总\s*量|产\s*量|金\s*额|本\s*年|实\s*绩")
BRACKET_END = re.compile(r"(?<=[)）])\s+(?=\S)")  # 2021 年末(亿元) 比上年末增长(%): two header cells
TITLE = re.compile(r"(?:19|20)\d{2}\s*年.{4,}")


@dataclass(frozen=True)
class Column:
    text: str
    start: int  # display columns (CJK characters are two wide), for aligned tables
    end: int
    role: str  # level | growth_rate | share | index
    unit: str | None
    year: int | None


@dataclass(frozen=True)
class Cell:
    """One value of a table with its row label, its column and its exact span."""

    label: str
    text: str
    start: int
    end: int
    column: Column
    unit: str | None
    row_start: int
    row_end: int


@dataclass
class BulletinTable:
    caption: str
    layout: str  # aligned | flattened
    start: int
    end: int
    columns: list[Column]
    cells: list[Cell] = field(default_factory=list)
    unpaired: list[str] = field(default_factory=list)  # rows or values that could not be paired


def bulletin_tables(text: str) -> list[BulletinTable]:
    """The aligned and flattened tables of ``text`` (the analysis text)."""
    lines = lines_of(text)
    out: list[BulletinTable] = []
    i = 0
    while i < len(lines):
        kind = lines[i].kind
        if kind == "table":
            j = _block_end(lines, i, ("table", "cell", "blank", "furniture"))
            table = _aligned(lines, i, j)
            if table is not None:
                out.append(table)
            i = j
        elif kind in ("cell", "caption", "heading"):
            j = _block_end(lines, i + 1, ("cell", "heading", "blank", "furniture"))
            j = _trim_headings(lines, i, j)
            table = _flattened(lines, i, j) if j > i else None
            if table is not None:
                out.append(table)
            i = max(j, i + 1)
        else:
            i += 1
    return out


def _block_end(lines: list[Line], i: int, kinds: tuple[str, ...]) -> int:
    j = i
    while j < len(lines) and lines[j].kind in kinds:
        j += 1
    return j


def _trim_headings(lines: list[Line], i: int, j: int) -> int:
    """A heading right before prose opens a section: the block ends before it."""
    while j > i and lines[j - 1].kind in ("blank", "furniture"):
        j -= 1
    if j > i and lines[j - 1].kind == "heading" and j < len(lines) and lines[j].kind == "prose":
        j -= 1
    return j


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _is_number(cell: str) -> bool:
    return bool(NUMBER.fullmatch(cell.replace(" ", "")))


def _is_value(cell: str) -> bool:
    """A number, or a dash standing for a value not given."""
    return _is_number(cell) or cell in DASHES


def _caption(lines: list[Line], i: int) -> str:
    for k in range(i - 1, max(i - 4, -1), -1):
        if lines[k].kind == "caption":
            return lines[k].text.strip()
        if lines[k].kind == "prose":
            break
    return ""


def _column(text: str, start: int, end: int, caption: str) -> Column | None:
    t = re.sub(r"\s+", "", text)
    if not t or LABEL_HEADER.fullmatch(t):
        return None
    if UNIT_HEADER.search(t):
        return Column(t, start, end, "unit", None, None)
    year_m = YEAR.search(text)
    unit_m = BRACKET_UNIT.search(t)
    unit = unit_m.group(1) if unit_m else None
    if INDEX.search(t) or (INDEX.search(caption) and not GROWTH.search(t) and unit is None):
        return Column(t, start, end, "index", None, int(year_m.group(1)) if year_m else None)
    if GROWTH.search(t):
        return Column(t, start, end, "growth_rate", "%", None)
    if SHARE.search(t):
        return Column(t, start, end, "share", unit or "%", None)
    if year_m or unit or VALUE_HEADER.fullmatch(BRACKET_UNIT.sub("", t)):
        return Column(t, start, end, "level", unit, int(year_m.group(1)) if year_m else None)
    return None


# ---------------------------------------------------------------- aligned


def _split(line: Line) -> list[tuple[str, int, int, int]]:
    """Cells of a line apart by runs of spaces: (text, offset, display start, display end)."""
    out = []
    body = line.text.replace("\f", " ")
    pos = 0
    for part in GAP.split(body):
        at = body.find(part, pos)
        pos = at + len(part)
        cell = part.strip()
        if cell:
            lead = at + len(part) - len(part.lstrip())
            d0 = _width(body[:lead])
            out.append((cell, line.start + lead, d0, d0 + _width(cell)))
    return out


def _aligned(lines: list[Line], i: int, j: int) -> BulletinTable | None:
    caption = _caption(lines, i)
    columns: list[Column] = []
    unit_col: Column | None = None
    table = BulletinTable(caption, "aligned", lines[i].start, lines[j - 1].end, columns)
    pending_label = ""
    for line in lines[i:j]:
        if line.kind in ("blank", "furniture"):
            continue
        cells = _split(line)
        numbers = [c for c in cells if _is_number(c[0])]
        if not numbers:
            header = [_column(t, c[2], c[3], caption) for c in cells for t in BRACKET_END.split(c[0])] \
                if not columns else []
            if header and any(header):
                unit_col = next((c for c in header if c and c.role == "unit"), None)
                columns.extend(c for c in header if c and c.role != "unit")
            elif columns and not table.cells and (len(cells) > 1 or LABEL_HEADER.fullmatch(cells[0][0])):
                continue  # a further header line (比例(%) under a group, 年份)
            else:
                pending_label += "".join(c[0] for c in cells if c[0] not in DASHES)
            continue
        if not columns:
            return None
        _aligned_row(table, line, cells, columns, unit_col, pending_label)
        pending_label = ""
    return table if table.cells or table.unpaired else None


def _aligned_row(table: BulletinTable, line: Line, cells: list[tuple[str, int, int, int]],
                 columns: list[Column], unit_col: Column | None, pending: str) -> None:
    first = next(k for k, c in enumerate(cells) if _is_value(c[0]))
    words = list(cells[:first])
    unit = None
    if unit_col is not None and words and len(words) >= 2:
        unit = words[-1][0]
        words = words[:-1]
    label = pending + "".join(c[0] for c in words)
    values = [c for c in cells[first:] if _is_value(c[0])]
    if not label:
        table.unpaired.append(f"{line.text.strip()}: 无行名 / no row label")
        return
    if len(values) == len(columns):
        placed = list(zip(values, columns, strict=True))
    else:
        placed = [(v, min(columns, key=lambda c: abs((c.start + c.end) - (v[2] + v[3])))) for v in values]
        if len({id(c) for _, c in placed}) < len(placed):
            table.unpaired.append(f"{label}: 数值与列对不上 / values do not fit the columns")
            return
    for (text, start, _, _), column in placed:
        if not _is_number(text):
            continue
        table.cells.append(Cell(label, text, start, start + len(text), column, _unit(column, unit),
                                line.start, line.end))


def _unit(column: Column, row_unit: str | None) -> str | None:
    if column.role in ("growth_rate", "share"):
        return "%"
    if column.role == "index":
        return None
    return row_unit or column.unit


# ---------------------------------------------------------------- flattened


def _flattened(lines: list[Line], i: int, j: int) -> BulletinTable | None:
    items = [ln for ln in lines[i:j] if ln.kind not in ("blank", "furniture")]
    if sum(1 for ln in items if _is_number(ln.text.strip())) < 2:
        return None
    caption = next((ln.text.strip() for ln in items if ln.kind == "caption"), "") or _caption(lines, i)
    header, body = _header_cells(items, caption)
    columns = [c for c in header if c.role != "unit"]
    if not columns:
        return None
    table = BulletinTable(caption, "flattened", items[0].start, items[-1].end, columns)
    seq = _items([(ln, _is_number(ln.text.strip())) for ln in body])
    runs = _runs(seq)
    if len(runs) == 2 and len(runs[0]) > 1 and len(runs[1]) > 1:
        _pair_separated(table, runs)
    else:
        _pair_interleaved(table, seq, has_unit=len(columns) < len(header))
    return table


def _header_cells(items: list[Line], caption: str) -> tuple[list[Column], list[Line]]:
    """The header cells (title, header words, bracketed units, one-character pieces)
    before the first value or row label, and the lines after them."""
    header: list[Column] = []
    k = 0
    while k < len(items):
        t = items[k].text.strip()
        if items[k].kind == "caption" or TITLE.fullmatch(t):
            k += 1
            continue
        if _is_number(t):
            break
        column = _column(t, 0, 0, caption)
        compact = re.sub(r"\s+", "", t)
        if column is not None:
            header.append(column)
        elif not (len(compact) == 1 or LABEL_HEADER.fullmatch(compact)):
            break
        k += 1
    return header, items[k:]


def _items(seq: list[tuple[Line, bool]]) -> list[tuple[str, Line, Line, bool]]:
    """(text, first line, last line, is a number); spaces inside a label are dropped
    (水 产 品)."""
    return [(line.text.strip() if number else re.sub(r"\s+", "", line.text), line, line, number)
            for line, number in seq]


def _merge_pieces(labels: list[tuple[str, Line, Line, bool]]) -> list[list[tuple[str, Line, Line, bool]]]:
    """Groups of labels: a run of an even number of one-character labels is a run of
    labels broken one character per line (鲜 / 菜 → 鲜菜) and goes in pairs; an odd run
    of three or more cannot be told apart (蛋 / 鲜 / 果: 蛋鲜+果 or 蛋+鲜果?) and stays
    one ambiguous group; any other label is a group of its own."""
    groups: list[list[tuple[str, Line, Line, bool]]] = []
    k = 0
    while k < len(labels):
        run = k
        while run < len(labels) and len(labels[run][0].lstrip("#")) == 1:
            run += 1
        if run - k >= 2 and (run - k) % 2 == 0:
            groups.extend(labels[m:m + 2] for m in range(k, run, 2))
            k = run
        elif run - k >= 3:
            groups.append(labels[k:run])
            k = run
        else:
            groups.append([labels[k]])
            k += 1
    return groups


def _runs(seq: list[tuple[str, Line, Line, bool]]) -> list[list[tuple[str, Line, Line, bool]]]:
    runs: list[list[tuple[str, Line, Line, bool]]] = []
    for item in seq:
        if runs and runs[-1][0][3] == item[3]:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _add(table: BulletinTable, label: str, values: list[tuple[str, Line, Line, bool]],
         row: tuple[int, int], unit: str | None = None) -> None:
    for (text, line, _, _), column in zip(values, table.columns, strict=False):
        start = line.start + line.text.index(text)
        table.cells.append(Cell(label, text, start, start + len(text), column, _unit(column, unit), *row))


def _pair_separated(table: BulletinTable, runs: list[list[tuple[str, Line, Line, bool]]]) -> None:
    """All labels, then all values (or the other way round): paired by order when the
    counts agree, once labels broken one character per line are rejoined; around a run
    of pieces that cannot be rejoined for sure, the rows before it pair from the start
    and the rows after it from the end."""
    labels, values = (runs[0], runs[1]) if not runs[0][0][3] else (runs[1], runs[0])
    k = len(table.columns)
    groups = [[x] for x in labels] if len(values) == k * len(labels) else _merge_pieces(labels)
    sure = [len(g) <= 2 and (len(g) == 1 or len(g[0][0].lstrip("#")) == 1) for g in groups]
    unsure = [i for i, ok in enumerate(sure) if not ok]
    head = unsure[0] if unsure else len(groups)
    tail = len(groups) - 1 - unsure[-1] if unsure else 0
    middle = len(values) - k * (head + tail)
    if (not unsure and middle != 0) or middle < 0:
        table.unpaired.append(f"{len(groups)} 个行名、{len(values)} 个数值、{k} 列，无法按顺序配对 / "
                              f"{len(groups)} labels, {len(values)} values and {k} columns do not pair by order")
        return
    rows = [(g, values[n * k:(n + 1) * k]) for n, g in enumerate(groups[:head])]
    rows += [(g, values[len(values) - (tail - n) * k:len(values) - (tail - n - 1) * k or None])
             for n, g in enumerate(groups[len(groups) - tail:])]
    for group, vals in rows:
        _add(table, "".join(x[0] for x in group), vals, (group[0][1].start, group[-1][2].end))
    if unsure:
        pieces = " ".join(x[0] for g in groups[head:len(groups) - tail] for x in g)
        shown = " ".join(v[0] for v in values[k * head:len(values) - k * tail])
        table.unpaired.append(f"{pieces}: 行名断开无法确定 / broken labels cannot be told apart ({shown})")


def _pair_interleaved(table: BulletinTable, seq: list[tuple[str, Line, Line, bool]], has_unit: bool) -> None:
    """Each row label followed by its values (and, with a unit column, its unit cell first)."""
    k = len(table.columns)
    label: tuple[str, Line, Line, bool] | None = None
    unit: str | None = None
    values: list[tuple[str, Line, Line, bool]] = []

    def close() -> None:
        if label is None:
            if values:
                table.unpaired.append(f"{' '.join(v[0] for v in values)}: 无行名 / no row label")
            return
        if len(values) == k:
            _add(table, label[0], values, (label[1].start, values[-1][2].end), unit)
        elif values or not label[0].endswith((":", "：")):  # 其中: with no values heads a group
            table.unpaired.append(f"{label[0]}: {len(values)} 个数值、{k} 列 / {len(values)} values for {k} columns")

    for item in seq:
        if item[3]:
            values.append(item)
        elif has_unit and label is not None and unit is None and not values:
            unit = item[0]
        else:
            close()
            label, unit, values = item, None, []
    close()


def unit_factor(unit: str | None) -> float | None:
    """The factor to base units of a unit cell (亿元 → 1e8), or None when unknown."""
    if not unit:
        return 1.0
    found = find_quantities(f"1{unit}")
    if len(found) == 1 and found[0].unit == unit:
        return found[0].factor
    return None
