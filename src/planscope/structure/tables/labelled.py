"""Tables flattened one cell per line whose rows are a label and its values, without 序号.

Statistical bulletins (统计公报) converted by ``pdftotext`` without ``-layout`` write
their small tables this way, in one of three orders:

* **interleaved**: label, [unit], values, label, [unit], values …;
* **labels first**: every row label, then every value, row after row;
* **values first**: every value, then every row label.

The header comes first, its cells often broken a character a line and interleaved
with the caption (``类`` / ``2023年…价格指数`` / ``别`` / ``指`` / ``数(以上年为100)``):
a one-character piece is joined to the next header piece when together they make a
header cell (类别, 指标, 产量, 指数(…)); the caption is kept as the table's title. A
table whose labels have no header of their own gets an unnamed label column.

This front end then hands :mod:`planscope.structure.tables.reader` the pieces in row order,
each row opened by its label:

* interleaved rows are read as written; a label broken a character a line right before
  its values (``鲜`` / ``菜`` / 92.8) is one label;
* separated blocks are paired by order when the counts agree (labels × value columns =
  values); else labels broken a character a line are rejoined where that is certain
  (an even run of one-character pieces goes in pairs: ``鲜`` ``菜`` ``畜`` ``肉``); a run
  that cannot be told apart (``蛋`` ``鲜`` ``果``: 蛋鲜+果 or 蛋+鲜果?) is not guessed —
  the rows before it pair from the start, the rows after it from the end, and what is
  left is reported in the table's notes.

Values before the first label and labels after the last value (a PDF that moved a
row's label away from its values) are not paired with anything either: the notes
say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planscope.structure.tables.base import Frag
from planscope.structure.tables.header import header_readings
from planscope.structure.tables.lines import Lines, is_prose
from planscope.structure.tables.pieces import Piece
from planscope.structure.tables.reader import Body
from planscope.structure.tables.vocab import Vocab

MAX_LINES = 4000  # lines of one table
MAX_HEADER = 14  # pieces between the start and the first row
MAX_CELL = 40
MIN_VALUES = 2
CAPTION_REST = 5  # characters after the year of a caption ('2023年' + '云岭市居民消费价格指数')

_CAPTION_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年(?P<rest>.*)$")
_CJK = re.compile(r"^[\u4e00-\u9fff]$")


@dataclass(frozen=True)
class _Item:
    frag: Frag
    line: int

    @property
    def text(self) -> str:
        return self.frag.text


def parse_labelled(lines: Lines, h: int, vocab: Vocab) -> Body | None:
    """The table whose header starts at line ``h`` (the line after its title, or its first
    header cell), or None when no header and no rows of a label and values follow."""
    items, notes = _items(lines, h, vocab)
    found = _header(items, vocab)
    if found is None:
        return None
    cells, caption, start = found
    rows = items[start:]
    if sum(1 for it in rows if _is_value(it.text, vocab)) < MIN_VALUES:
        return None
    texts = [c.text for c in cells]
    messages: list[str] = []
    if not any(vocab.header_role(t) in ("name", "category") for t in texts):
        texts = ["", *texts]
        messages.append("the row labels have no header cell: an unnamed label column is added")
    readings = header_readings(texts, vocab)
    width = sum(1 for r in readings[0].roles if r not in ("name", "category", "unit", "seq", "attr"))
    body = _arrange(rows, width, vocab, messages)
    if body is None:
        return None
    body.headers, body.caption, body.notes = readings, caption, notes
    return body


# ---------------------------------------------------------------- lines


def _items(lines: Lines, h: int, vocab: Vocab) -> tuple[list[_Item], list[Frag]]:
    """Non-empty lines from ``h`` until prose, a new title, a long line or a heading that
    opens a section; page markers skipped; note lines (注:…) kept apart."""
    items: list[_Item] = []
    notes: list[Frag] = []
    for i in range(h, min(len(lines), h + MAX_LINES)):
        text = lines[i].stripped
        if not text or vocab.is_page_marker(text) or vocab.is_continued(text):
            continue
        if vocab.is_note(text) or (notes and vocab.is_note_item(text)):
            notes.append(lines[i].frag())
            continue
        if notes or (items and vocab.title(text) is not None) or is_prose(text) or len(text) > MAX_CELL:
            break
        if vocab.is_heading(text) and _opens_section(lines, i, vocab):
            break
        items.append(_Item(lines[i].frag(), i))
        if len(items) > MAX_HEADER and not any(_is_value(it.text, vocab) for it in items):
            break  # no value among the first cells: no table
    return items, notes


def _opens_section(lines: Lines, i: int, vocab: Vocab) -> bool:
    """A heading ('二、农业') followed by prose, a title or nothing opens a section; a label
    written like one ('一、食品烟酒') is followed by more cells."""
    for j in range(i + 1, min(len(lines), i + 8)):
        nxt = lines[j].stripped
        if nxt and not vocab.is_page_marker(nxt):
            return is_prose(nxt) or vocab.title(nxt) is not None or len(nxt) > MAX_CELL
    return True


# ---------------------------------------------------------------- header


def _header(items: list[_Item], vocab: Vocab) -> tuple[list[Frag], Frag | None, int] | None:
    """(header cells, caption, index of the first row piece): header cells up to the first
    value or label, one-character pieces joined to the rest of their cell."""
    cells: list[Frag] = []
    caption: Frag | None = None
    i = 0
    while i < min(len(items), MAX_HEADER):
        text = items[i].text
        if caption is None and is_caption(text, vocab):
            caption = items[i].frag
            i += 1
            continue
        if _CJK.match(text):
            j = i + 1
            if caption is None and j < len(items) and is_caption(items[j].text, vocab):
                caption, j = items[j].frag, j + 1  # 类 / caption / 别
            if j < len(items) and not _is_value(items[j].text, vocab):
                joined = items[i].frag.join(items[j].frag)
                if vocab.is_header_cell(joined.text):
                    cells.append(joined)
                    i = j + 1
                    continue
            break
        if vocab.is_header_cell(text) and not _is_value(text, vocab):
            cells.append(items[i].frag)
            i += 1
            continue
        break
    if not cells or not any(vocab.header_role(c.text) not in ("name", "category") for c in cells):
        return None
    return cells, caption, i


def is_caption(text: str, vocab: Vocab) -> bool:
    """A table's caption standing among its header cells ('2023 年末云岭市常住人口…'): a
    year, then words without a bracket; or a caption word (…主要指标)."""
    compact = text.replace(" ", "")
    m = _CAPTION_YEAR.match(compact)
    if m:
        rest = m.group("rest")
        return len(rest) >= CAPTION_REST and "(" not in rest and not _is_value(rest, vocab)
    return any(k in compact for k in vocab.title_keywords)


def _is_value(text: str, vocab: Vocab) -> bool:
    return vocab.is_number(text) or vocab.is_placeholder(text)


# ---------------------------------------------------------------- rows


def _arrange(rows: list[_Item], width: int, vocab: Vocab, messages: list[str]) -> Body | None:
    """The row pieces in row order, each row opened by its label."""
    kinds = ["value" if _is_value(it.text, vocab) else "label" for it in rows]
    unpaired: list[_Item] = []
    runs = _runs(kinds)
    if width >= 1 and len(runs) == 2 and all(b - a > 1 for a, b in runs):
        labels_first = kinds[0] == "label"
        a, b = runs
        labels, values = (rows[a[0]:a[1]], rows[b[0]:b[1]]) if labels_first else (rows[b[0]:b[1]], rows[a[0]:a[1]])
        order = "labels first" if labels_first else "values first"
        paired = _pair_separated(labels, values, width, messages, order, unpaired)
    else:
        paired = _interleaved(rows, kinds, vocab, messages, unpaired)
    if len(paired) < (1 if unpaired else 2):
        return None
    pieces: list[Piece] = []
    starts: set[int] = set()
    for label, values in paired:
        starts.add(len(pieces))
        pieces.append(Piece(label.frag, label.line, True))
        pieces.extend(Piece(v.frag, v.line, True) for v in values)
    return Body(headers=[], pieces=pieces, separation="lines", row_starts=starts, messages=messages,
                min_rows=1 if unpaired else 2)


def _runs(kinds: list[str]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i, kind in enumerate(kinds):
        if out and kinds[out[-1][0]] == kind:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def _listed(items: list[_Item]) -> str:
    return ", ".join(f"'{it.text}'" for it in items)


def _join(items: list[_Item]) -> _Item:
    frag = items[0].frag
    for it in items[1:]:
        frag = frag.join(it.frag)
    return _Item(frag, items[0].line)


def _one_char(item: _Item) -> bool:
    return len(item.text.lstrip("#").replace(" ", "")) == 1


def _interleaved(rows: list[_Item], kinds: list[str], vocab: Vocab, messages: list[str],
                 unpaired: list[_Item]) -> list[tuple[_Item, list[_Item]]]:
    """Label, [unit,] values …: each label that follows a value opens a row; labels that
    follow a label stay in the row (a group label and its first part, a label wrapped)."""
    first = next((i for i, k in enumerate(kinds) if k == "label" and not vocab.is_unit(rows[i].text)), len(rows))
    last = max((i for i, k in enumerate(kinds) if k == "value"), default=-1)
    if first > 0:
        messages.append(f"{_listed(rows[:first])} stand before the first row label: not paired with a row")
        unpaired.extend(rows[:first])
    if last + 1 < len(rows):
        messages.append(f"{_listed(rows[last + 1:])} stand after the last value: labels whose values "
                        "are not beside them, not paired")
        unpaired.extend(rows[last + 1:])
    out: list[tuple[_Item, list[_Item]]] = []
    i = first
    while i <= last:
        j = i
        while j <= last and kinds[j] == "label":
            j += 1
        k = j
        while k <= last and kinds[k] == "value":
            k += 1
        run, values = rows[i:j], rows[j:k]
        units: list[_Item] = []
        while run and vocab.is_unit(run[-1].text):
            units.insert(0, run.pop())
        if not run:  # a unit and values without a label
            messages.append(f"{_listed(units + values)} have no row label: not paired with a row")
            unpaired.extend(units + values)
            i = k
            continue
        if len(run) > 1 and all(_one_char(it) for it in run):
            messages.append(f"{' + '.join(repr(it.text) for it in run)} read as one label "
                            "(broken a character a line)")
            run = [_join(run)]
        out.append((run[0], run[1:] + units + values))
        i = k
    return out


def _pair_separated(labels: list[_Item], values: list[_Item], width: int, messages: list[str],
                    order: str, unpaired: list[_Item]) -> list[tuple[_Item, list[_Item]]]:
    """All labels and all values apart: paired by order when the counts agree, once labels
    broken a character a line are rejoined where that is certain (see the module docstring)."""
    k = width
    groups = [[x] for x in labels] if len(values) == k * len(labels) else _merge_pieces(labels)
    sure = [len(g) == 1 or (len(g) == 2 and _one_char(g[0])) for g in groups]
    unsure = [i for i, ok in enumerate(sure) if not ok]
    head = unsure[0] if unsure else len(groups)
    tail = len(groups) - 1 - unsure[-1] if unsure else 0
    middle = len(values) - k * (head + tail)
    if (not unsure and middle != 0) or middle < 0:
        messages.append(f"{len(groups)} row labels and {len(values)} values ({order}) for {k} value "
                        "columns: not paired by order, nothing read")
        unpaired.extend(labels + values)
        return []
    messages.append(f"row labels and values stand in separate blocks ({order}): paired by order")
    rows = [(g, values[n * k:(n + 1) * k]) for n, g in enumerate(groups[:head])]
    end = len(values)
    last = groups[len(groups) - tail:]
    rows += [(g, values[end - (tail - n) * k:end - (tail - n - 1) * k]) for n, g in enumerate(last)]
    for g, _ in rows:
        if len(g) > 1:
            messages.append(f"{' + '.join(repr(it.text) for it in g)} read as one label (broken a character a line)")
    if unsure:
        pieces = [x for g in groups[head:len(groups) - tail] for x in g]
        left = values[k * head:end - k * tail]
        messages.append(f"labels {_listed(pieces)} cannot be told apart (broken a character a line) and "
                        f"values {_listed(left)} are not paired with them")
        unpaired.extend(pieces + left)
    return [(_join(g), vals) for g, vals in rows]


def _merge_pieces(labels: list[_Item]) -> list[list[_Item]]:
    """Groups of labels: an even run of one-character labels goes in pairs (鲜 / 菜); an odd
    run of three or more stays one group that cannot be told apart; others stand alone."""
    groups: list[list[_Item]] = []
    k = 0
    while k < len(labels):
        run = k
        while run < len(labels) and _one_char(labels[run]):
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
