"""Rebuild the rows of a text table from its pieces, whatever the layout.

A layout front end (:mod:`planscope.structure.tables.spaced` for cells apart on a line,
:mod:`planscope.structure.tables.flattened` for one cell per line, :mod:`planscope.structure.tables.labelled`
for one cell per line without 序号, labels and values possibly apart) finds the header and cuts the
table's lines into pieces (:mod:`planscope.structure.tables.pieces`). From there one reader
serves every layout, with the anchors every main-indicator table has:

* the 序号 sequence 1, 2, 3 … — each opens a row (a number is a 序号 only where the
  next 序号 is due and a name follows it); the pieces between two 序号 are one row,
  its sub-rows and the 类别 cell of the next row;
* the column order the header gives, and what each column holds (a 属性 cell
  约束性/预期性, a unit, values, a name) — :mod:`planscope.structure.tables.rows` reads each
  segment as the least-cost fit of its pieces to those columns;
* where the header's cells were wrapped (``2025年`` + ``预计``, ``年均/`` + ``累计``) the
  front end offers several readings of the header; the one the rows fit best wins.

Rows without a 序号 column start where the layout shows a new line of cells, or where
the front end says (a row's label, in tables whose labels and values stood apart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from planscope.structure.tables.base import Draft, Frag, Header, RowKind
from planscope.structure.tables.lines import Parsed
from planscope.structure.tables.pieces import Piece, Separation, joined
from planscope.structure.tables.place import Pending, resolve_pending
from planscope.structure.tables.rows import INF, Column, Reading, Row, Scorer, Template, read_segment
from planscope.structure.tables.vocab import Vocab, is_seq, seq_number

SEQ_SKIP = 2  # a 序号 may jump this far (a row lost in extraction)


@dataclass
class Body:
    """What a layout front end found: header readings, the pieces after the header, notes."""

    headers: list[Header]  # readings of the header, most columns first
    pieces: list[Piece]
    notes: list[Frag] = field(default_factory=list)
    separation: Separation = "lines"
    row_starts: set[int] = field(default_factory=set)  # pieces that open a row (tables without 序号)
    messages: list[str] = field(default_factory=list)
    caption: Frag | None = None  # a caption the front end found among the header cells
    min_rows: int = 2  # rows a table needs (1 where the front end reports the rows it could not pair)
    prose: bool = False  # a task or project table (its header has 牵头单位, 完成时限 …): cells may be sentences


def read_rows(body: Body, vocab: Vocab) -> Parsed | None:
    """The table's rows, read over the header reading that fits them best."""
    sc = Scorer(body.pieces, vocab, body.separation, body.prose)
    best: tuple[float, int, list[Row]] | None = None
    for k in _likely_first(sc, body):  # a good reading first makes the others stop early
        template = _template(body.headers[k])
        if template is None:
            continue
        bound = INF if best is None else best[0] + (1e-9 if k < best[1] else 0.0)  # ties: the earlier
        cost, rows = _read(sc, body, body.headers[k], template, bound)
        if best is None or cost < best[0] - 1e-9 or (cost <= best[0] + 1e-9 and k < best[1]):
            best = (cost, k, rows)
    if best is None or best[0] == INF:
        return None
    header, rows = body.headers[best[1]], best[2]
    drafts, pendings = _drafts(rows, header, vocab)
    drafts = _with_notes(drafts, body.notes, header)
    if sum(1 for d in drafts if d.kind in ("data", "sub")) < body.min_rows:
        return None
    resolve_pending(drafts, pendings, header, vocab)
    return Parsed(header, drafts, list(body.messages))


def _likely_first(sc: Scorer, body: Body) -> list[int]:
    """The header readings in the order to try them: those whose number of value columns is
    nearest the usual number of figures between two row anchors first."""
    if len(body.headers) < 2:
        return list(range(len(body.headers)))
    anchors = [*_anchors(sc, body, body.headers[0]), len(sc.pieces)]
    figures = ("number", "placeholder", "value")
    counts = sorted(sum(1 for i in range(a, b) if not sc.pieces[i].empty and sc.kind(i) in figures)
                    for a, b in pairwise(anchors))
    usual = counts[len(counts) // 2] if counts else 0
    values = [sum(1 for r in h.roles if r == "value") for h in body.headers]
    return sorted(range(len(body.headers)), key=lambda k: (abs(values[k] - usual), k))


# ---------------------------------------------------------------- template and anchors


def _template(header: Header) -> Template | None:
    cols = [Column(i, role if role != "remark" else "remark") for i, role in enumerate(header.roles)]
    name = header.find("name")
    if name is None:
        return None
    seq = header.find("seq")
    if seq is not None and seq < name:  # the 类别 cell before the 序号 is read with the row above
        prefix, body = cols[:seq], cols[seq + 1 :]
    else:  # without a 序号 to anchor on, the row is read from its first column
        prefix, body = [], cols
    body = [c for c in body if c.role != "seq"]
    sub = [c for c in body if c.index >= name]
    return Template(body=body, sub=sub, prefix=prefix)


def _anchors(sc: Scorer, body: Body, header: Header) -> list[int]:
    """The pieces that open a numbered row (the 序号), or the layout's row starts."""
    if header.find("seq") is None:
        return sorted(body.row_starts)
    values = sum(1 for r in header.roles if r == "value")
    attr_last = header.find("attr") == header.width - 1
    out: list[int] = []
    expected: int | None = None
    since_attr = True
    filled = 0
    pieces = sc.pieces
    for i, p in enumerate(pieces):
        kind = "empty" if p.empty else sc.kind(i)
        if kind == "attr":
            since_attr = True
        if p.empty or p.category or not is_seq(p.text, expected):
            filled += kind in ("number", "placeholder", "value")
            continue
        n = seq_number(p.text, expected) or 0
        due = (expected is None and n <= 1 + SEQ_SKIP) or (
            expected is not None and ((n == 1 and not out) or expected <= n <= expected + SEQ_SKIP))
        closed = since_attr or not attr_last or filled >= values or _line_opener(pieces, i, sc)
        if due and closed and _opens_row(sc, i) and _name_follows(sc, i):
            out.append(i)
            expected, since_attr, filled = n + 1, False, 0
        else:
            filled += 1
    return out


def _line_opener(pieces: list[Piece], i: int, sc: Scorer) -> bool:
    """Only empty cells or text (a 类别 cell) stand before piece ``i`` on its line."""
    k = i - 1
    while k >= 0 and pieces[k].line == pieces[i].line:
        if not pieces[k].empty and sc.kind(k) != "text":
            return False
        k -= 1
    return True


def _opens_row(sc: Scorer, i: int) -> bool:
    p = sc.pieces[i]
    return p.first or _line_opener(sc.pieces, i, sc) or sc.separation == "lines"


def _name_follows(sc: Scorer, i: int) -> bool:
    k = i + 1
    while k < len(sc.pieces) and sc.pieces[k].empty:
        k += 1
    return k < len(sc.pieces) and sc.name_like(k) and not sc.pieces[k].category


# ---------------------------------------------------------------- reading


def _read(sc: Scorer, body: Body, header: Header, t: Template, bound: float) -> tuple[float, list[Row]]:
    """All rows over ``header``; INF as soon as the cost passes ``bound`` (a better reading)."""
    anchors = _anchors(sc, body, header)
    if not anchors:
        return INF, []
    sc.set_openings({sc.pieces[a].line for a in anchors})
    numbered = header.find("seq") is not None
    n = len(sc.pieces)
    total = 0.0
    rows: list[Row] = []
    lead = _lead(sc, 0, anchors[0], t)
    total += lead.cost
    rows.extend(lead.rows)
    for k, a in enumerate(anchors):
        end = anchors[k + 1] if k + 1 < len(anchors) else n
        lo = a + 1 if numbered else a
        reading = read_segment(sc, lo, end, t, tail=k + 1 < len(anchors))
        total += reading.cost
        if total >= bound:
            return INF, []
        if numbered:
            seq_col = header.find("seq")
            assert seq_col is not None
            reading.rows[0].cells[seq_col] = [sc.pieces[a]]
        rows.extend(reading.rows)
    return total, rows


def _lead(sc: Scorer, lo: int, hi: int, t: Template) -> Reading:
    """Pieces between the header and the first row: category rows or the first 类别 cell."""
    pieces = [p for p in sc.pieces[lo:hi] if not p.empty]
    if not pieces:
        return Reading(0.0, [])
    if t.prefix and not all(p.category for p in pieces):
        return Reading(0.0, [Row("tail", {-1: pieces})])
    rows: list[Row] = []
    run: list[Piece] = []
    for p in pieces:  # one category row per line
        if run and p.line != run[-1].line:
            rows.append(Row("category", {-1: run}))
            run = []
        run.append(p)
    rows.append(Row("category", {-1: run}))
    return Reading(0.0, rows)


# ---------------------------------------------------------------- drafts


def _drafts(rows: list[Row], header: Header, vocab: Vocab) -> tuple[list[Draft], list[Pending]]:
    drafts: list[Draft] = []
    pendings: list[Pending] = []
    prefix: Row | None = None
    name_col = header.find("name") or 0
    for row in rows:
        if row.kind == "tail":
            prefix = row
            continue
        if row.kind == "category":
            frag = joined(row.cells[-1])
            assert frag is not None
            found = vocab.category(frag.text)
            name, count = found if found else (frag.text, None)
            cells: list[Frag | None] = [None] * header.width
            cells[name_col] = frag
            drafts.append(Draft("category", cells, category=name, declared=count))
            continue
        if row.kind == "unplaced":
            if drafts:
                drafts[-1].unplaced.extend(p.frag for p in row.unplaced)
                drafts[-1].notes.append(_unplaced_note(row.unplaced))
            continue
        draft, pending = _draft(row, header, vocab)
        if prefix is not None and row.kind in ("data", "group"):
            cat = header.find("category")
            frag = joined(prefix.cells[-1])
            if cat is not None and frag is not None and draft.cells[cat] is None:
                draft.cells[cat] = frag
            prefix = None
        drafts.append(draft)
        if pending is not None:
            pendings.append(pending)
    _share_group_attributes(drafts, header)
    return drafts, pendings


def _draft(row: Row, header: Header, vocab: Vocab) -> tuple[Draft, Pending | None]:
    kind: RowKind = "sub" if row.kind == "sub" else "data"
    cells: list[Frag | None] = [None] * header.width
    for col, pieces in row.cells.items():
        if col >= 0:
            cells[col] = joined(pieces)
    draft = Draft(kind, cells, unplaced=[p.frag for p in row.unplaced])
    if row.unplaced:
        draft.notes.append(_unplaced_note(row.unplaced))
    for col, pieces in row.cells.items():
        texts = [p.text for p in pieces if not p.empty]
        if len(texts) > 1 and col >= 0:
            draft.notes.append(f"{' + '.join(repr(t) for t in texts)} read as one cell (wrapped over lines)")
    if row.kind == "group":
        return draft, None
    unit = header.find("unit")
    if unit is not None and cells[unit] is None and not _unit_in_name(draft, header, vocab):
        draft.notes.append("缺少单位 / unit cell missing")
    return draft, _pending(row, draft, header)


def _unit_in_name(draft: Draft, header: Header, vocab: Vocab) -> bool:
    from planscope.structure.tables.base import split_unit

    name = draft.cells[header.find("name") or 0]
    return name is not None and split_unit(name, vocab) is not None


def _pending(row: Row, draft: Draft, header: Header) -> Pending | None:
    """Values of a row with fewer value cells than value columns, where the layout does
    not show which stay empty: placed later as the neighbouring rows are."""
    slots = [i for i, r in enumerate(header.roles) if r == "value"]
    held = [i for i in slots if i in row.cells]
    if not held or len(held) == len(slots):
        return None
    if any(p.empty for pieces in row.cells.values() for p in pieces):
        return None  # the layout placed them
    values = [draft.cells[i] for i in held]
    for i in held:
        draft.cells[i] = None
    return Pending(draft, [v for v in values if v is not None], slots)


def _share_group_attributes(drafts: list[Draft], header: Header) -> None:
    """Sub-rows of a group label that lack a 属性 take their siblings' (a merged cell)."""
    attr = header.find("attr")
    if attr is None:
        return
    k = 0
    while k < len(drafts):
        if drafts[k].kind != "data" or any(c is not None for i, c in enumerate(drafts[k].cells)
                                           if header.roles[i] in ("value", "attr")):
            k += 1
            continue
        j = k + 1
        while j < len(drafts) and drafts[j].kind == "sub":
            j += 1
        subs = drafts[k + 1 : j]
        given = [c for c in (d.cells[attr] for d in subs) if c is not None]
        if given and len({g.text for g in given}) == 1:
            for d in subs:
                if d.cells[attr] is None:
                    d.cells[attr] = Frag(given[0].text, given[0].start, given[0].end)
                    d.notes.append(f"属性 cell empty; '{given[0].text}' of the group taken (merged cell)")
        k = j


def _with_notes(drafts: list[Draft], notes: list[Frag], header: Header) -> list[Draft]:
    """Note rows (注:…) where they stand among the rows."""
    if not notes:
        return drafts
    out = list(drafts)
    for note in notes:
        row = Draft("note", [note] + [None] * (header.width - 1))
        at = next((k for k, d in enumerate(out) if _start(d) > note.start), len(out))
        out.insert(at, row)
    return out


def _start(d: Draft) -> int:
    starts = [c.start for c in d.cells if c is not None and c.text] + [f.start for f in d.unplaced]
    return min(starts) if starts else 1 << 60


def _unplaced_note(pieces: list[Piece]) -> str:
    listed = ", ".join(f"'{p.text}'" for p in pieces if not p.empty)
    return f"无法归入任何列 {listed} / could not place {listed} (more cells than columns)"
