"""Column names from header rows of one, two or three levels.

A two-level header is written with the group label spanning its sub-columns::

    序号 | 指标 | 属性 | 规划目标                          | 2025年完成情况
         |      |      | 规划目标(2025年) | 年均增速〔累计〕 |

and becomes the columns ``规划目标·规划目标(2025年)`` and ``规划目标·年均增速〔累计〕``.
Grids and spaced tables give the levels by position (:func:`align_levels`);
flattened tables lose positions, so :func:`flat_levels` rebuilds them from the
order of the header cells and the number of value cells the data rows carry.
"""

from __future__ import annotations

import re

from planscope.structure.tables.base import Header, make_roles
from planscope.structure.tables.vocab import Vocab, balance_parens, clean_header, is_year

_YEAR = re.compile(r"(?:19|20)\d{2}")


def build_header(levels: list[list[str]], vocab: Vocab) -> Header:
    """A :class:`Header` from each column's labels, top level first."""
    notes: list[str] = []
    columns: list[str] = []
    for labels in levels:
        parts: list[str] = []
        for raw in labels:
            text = clean_header(raw)
            if not text:
                continue
            fixed = balance_parens(text)
            if fixed != text:
                notes.append(f"header cell '{text}' lost its closing parenthesis; read as '{fixed}'")
            if not parts or parts[-1] != fixed:
                parts.append(fixed)
        columns.append("·".join(parts))
    return Header(columns=columns, roles=make_roles(columns, vocab), notes=_unique(notes))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def align_levels(rows: list[list[str]], width: int) -> list[list[str]]:
    """Per-column labels from header rows whose upper cells may span several columns.

    The lowest row decides the width; an upper row with fewer cells keeps its outer
    cells over the columns where nothing is written below and spreads its middle
    cells over the columns that have sub-labels.
    """
    if not rows:
        return [[] for _ in range(width)]
    bottom = (rows[-1] + [""] * width)[:width]
    levels = [[label] for label in bottom]
    for upper in reversed(rows[:-1]):
        empty_below = [not any(col) for col in levels]
        spread = _spread(upper, empty_below, width)
        for col, label in zip(levels, spread, strict=True):
            col.insert(0, label)
    return levels


def _spread(upper: list[str], empty_below: list[bool], width: int) -> list[str]:
    n = len(upper)
    if n >= width:
        return upper[:width]
    out = [""] * width
    i = 0
    while i < n and empty_below[i]:
        out[i] = upper[i]
        i += 1
    j = 0
    while j < n - i and empty_below[width - 1 - j]:
        out[width - 1 - j] = upper[n - 1 - j]
        j += 1
    middle, cols = upper[i : n - j], list(range(i, width - j))
    if not middle:
        return out
    base, extra = divmod(len(cols), len(middle))
    pos = cols[0] if cols else i
    for k, label in enumerate(middle):
        span = base + (1 if k < extra else 0)
        for c in range(pos, pos + max(span, 1)):
            if c < width:
                out[c] = label
        pos += max(span, 1)
    return out


def flat_levels(
    cells: list[str], vocab: Vocab, value_count: int | None
) -> tuple[list[list[str]], list[str]]:
    """Per-column labels from header cells that arrived one per line.

    The first level runs up to the 属性 cell; cells after it are the sub-headers of
    the group cells (level-1 cells that are neither a role word nor a year), split
    at the years that open each group ('2020 绝对值 年均增长(%)'). Sub-headers cut
    over two lines ('年均' + '增长(%') are joined until the columns match the
    number of value cells in the data rows.
    """
    texts = [clean_header(c) for c in cells]
    level1, subs = _split_first_level(texts, vocab)
    groups = [i for i, t in enumerate(level1) if vocab.header_role(t) is None and not is_year(t)]
    if not subs:
        return [[t] for t in level1], []
    if not groups:
        return [[t] for t in level1 + subs], []
    notes: list[str] = []
    blocks = _blocks(subs, len(groups))
    plain_values = sum(
        1 for i, t in enumerate(level1) if i not in groups and vocab.header_role(t) in (None, "value")
    )
    if value_count is not None:
        _merge_leaves(blocks, value_count - plain_values, notes)
    levels: list[list[str]] = []
    for i, label in enumerate(level1):
        if i not in groups:
            levels.append([label])
            continue
        block = blocks[groups.index(i)]
        mid = block[0] if len(block) > 1 and is_year(block[0]) else None
        leaves = block[1:] if mid else block
        levels.extend([label, mid, leaf] if mid else [label, leaf] for leaf in leaves or [""])
    return [[x for x in lv if x is not None] for lv in levels], notes


def _split_first_level(texts: list[str], vocab: Vocab) -> tuple[list[str], list[str]]:
    attr = next((i for i, t in enumerate(texts) if vocab.header_role(t) == "attr"), None)
    if attr is None or attr == len(texts) - 1:
        return texts, []
    level1, subs = texts[: attr + 1], texts[attr + 1 :]
    while subs and vocab.header_role(subs[0]) == "remark":
        level1.append(subs.pop(0))
    return level1, subs


def _blocks(subs: list[str], groups: int) -> list[list[str]]:
    years = [i for i, t in enumerate(subs) if is_year(t)]
    if len(years) == groups and years[0] == 0:
        bounds = [*years, len(subs)]
        return [subs[bounds[k] : bounds[k + 1]] for k in range(groups)]
    size, extra = divmod(len(subs), groups)
    out, pos = [], 0
    for k in range(groups):
        n = size + (1 if k < extra else 0)
        out.append(subs[pos : pos + n])
        pos += n
    return out


def _merge_leaves(blocks: list[list[str]], want: int, notes: list[str]) -> None:
    """Join sub-header pieces cut over two lines until there are ``want`` leaves."""

    def leaves(block: list[str]) -> list[str]:
        return block[1:] if len(block) > 1 and is_year(block[0]) else block

    while sum(max(len(leaves(b)), 1) for b in blocks) > want:
        target = max(blocks, key=lambda b: len(leaves(b)))
        lv = leaves(target)
        if len(lv) < 2:
            return
        offset = len(target) - len(lv)
        known = {x for b in blocks if b is not target for x in leaves(b)}
        pairs = range(len(lv) - 1)
        k = next((p for p in pairs if lv[p] + lv[p + 1] in known), None)
        if k is None:
            k = min(pairs, key=lambda p: len(lv[p]) + len(lv[p + 1]))
        joined = lv[k] + lv[k + 1]
        notes.append(f"header cells '{lv[k]}' and '{lv[k + 1]}' joined as '{joined}'")
        target[offset + k : offset + k + 2] = [joined]


def header_readings(cells: list[str], vocab: Vocab) -> list[Header]:
    """Readings of header cells that arrived one after another (a cell per line, or
    single spaces between cells), where a cell may have been cut in two.

    The first reading takes the cells as written (a two-level header is rebuilt by
    :func:`flat_levels`); each next reading joins one more pair of pieces that were
    probably one cell — a piece ending in '/' or '(' and the next, a year and the word
    written under it ('2025年' + '预计', '2030年' + '目标'), a bracket ('目标值' +
    '(2025年)'). Two years are never joined. The rows decide which reading is right
    (:mod:`planscope.structure.tables.reader`)."""
    texts = _join_known(cells, vocab)
    readings: list[Header] = []
    seen: set[tuple[str, ...]] = set()

    def add(levels: list[list[str]], notes: list[str]) -> None:
        header = build_header(levels, vocab)
        header.notes = notes + header.notes
        key = tuple(header.columns)
        if key not in seen:
            seen.add(key)
            readings.append(header)

    levels, notes = flat_levels(texts, vocab, None)
    add(levels, notes)
    if any(len(lv) > 1 for lv in levels):
        values = sum(1 for r in readings[0].roles if r == "value")
        for want in range(values - 1, 0, -1):
            add(*flat_levels(texts, vocab, want))
        return readings
    joined_notes: list[str] = []
    while True:
        pair = _best_pair(texts, vocab)
        if pair is None:
            return readings
        a, b = texts[pair], texts[pair + 1]
        joined_notes = [*joined_notes, f"header cells '{a}' and '{b}' joined as '{a + b}'"]
        texts = [*texts[:pair], a + b, *texts[pair + 2 :]]
        add([[t] for t in texts], joined_notes)


def _join_known(cells: list[str], vocab: Vocab) -> list[str]:
    """Pieces that together make one header word ('指标' + '名称'), or a piece whose bracket
    closes in the next ('单位(' + '万元)')."""
    out: list[str] = []
    for cell in (clean_header(c) for c in cells):
        if out and ((vocab.header_role(out[-1] + cell) is not None and vocab.header_role(cell) is None)
                    or (out[-1].count("(") > out[-1].count(")") and cell.count(")") > cell.count("("))):
            out[-1] += cell
        else:
            out.append(cell)
    return out


_OPEN = ("/", "、", "(", "〔", "[", "-", "—")


def _best_pair(texts: list[str], vocab: Vocab) -> int | None:
    """The adjacent value-column pieces most likely cut from one cell."""
    best: tuple[float, int] | None = None
    for k in range(len(texts) - 1):
        a, b = texts[k], texts[k + 1]
        if vocab.header_role(a) is not None or vocab.header_role(b) is not None:
            continue
        ya, yb = bool(_YEAR.search(a)), bool(_YEAR.search(b))
        if ya and yb:
            continue
        if a.endswith(_OPEN) or a.count("(") > a.count(")"):
            score = 3.0
        elif b.startswith(("(", "〔", "[", "【")):
            score = 2.5
        elif ya and not yb:
            score = 2.0
        elif not ya and not yb and len(b) <= 2:
            score = 1.0
        else:
            continue
        if best is None or score > best[0]:
            best = (score, k)
    return None if best is None else best[1]
