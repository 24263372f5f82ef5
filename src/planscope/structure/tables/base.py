"""Types shared by the layout parsers, and the last stage that turns drafts into rows.

Each layout parser (grid, spaced, flattened) produces a :class:`Header` and a list of
:class:`Draft` rows whose cells are :class:`Frag` pieces of the text with their
offsets. :func:`finish` then derives what every layout needs in the same way:
categories, parents of sub-rows, units written in a label, the spans, the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from planscope.model import RowKind, Table, TableRow
from planscope.structure.tables.vocab import Vocab

VALUE = "value"
MAX_NOTES = 50  # notes kept per table; the rest are counted


class Frag(NamedTuple):
    """A piece of the text: a cell or part of one, with its span."""

    text: str
    start: int
    end: int

    def join(self, other: Frag) -> Frag:
        """This piece followed by the next one (a cell wrapped onto a new line)."""
        if not self.text:
            return other
        if not other.text:
            return Frag(self.text, self.start, max(self.end, other.end))
        sep = " " if self.text[-1].isascii() and other.text[0].isascii() else ""
        sep = sep if self.text[-1].isalnum() and other.text[0].isalnum() else ""
        return Frag(self.text + sep + other.text, self.start, other.end)


@dataclass
class Header:
    """Column names and the role each column plays (seq, name, unit, attr, value …)."""

    columns: list[str]
    roles: list[str]
    notes: list[str] = field(default_factory=list)

    def find(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    @property
    def width(self) -> int:
        return len(self.columns)

    def value_cols(self) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r in (VALUE, "remark")]


@dataclass
class Draft:
    """A row under construction."""

    kind: RowKind
    cells: list[Frag | None]
    unplaced: list[Frag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    category: str | None = None  # category rows: the name without numbering/count
    declared: int | None = None  # category rows: the "(N项)" count
    inherit_attr: bool = False  # a sub-row of a split indicator: attr may be merged above

    def text(self, col: int | None) -> str | None:
        if col is None or col >= len(self.cells):
            return None
        frag = self.cells[col]
        return frag.text if frag is not None and frag.text else None

    def label(self, header: Header) -> str:
        for role in ("name", "seq"):
            t = self.text(header.find(role))
            if t:
                return t
        first = next((c for c in self.cells if c is not None and c.text), None)
        return first.text if first else "?"


def make_roles(columns: list[str], vocab: Vocab) -> list[str]:
    """The role of each column; one column per role, the rest are value columns."""
    roles: list[str] = []
    for name in columns:
        last = name.split("·")[-1]
        first = name.split("·")[0]
        role = vocab.header_role(last) or vocab.header_role(first) or VALUE
        if role != VALUE and role in roles:
            role = "name" if role == "category" and "name" not in roles else VALUE
        roles.append(role)
    if "name" not in roles and "category" in roles and "seq" not in roles:  # 类别 labels the rows (统计公报)
        roles[roles.index("category")] = "name"
    if "name" not in roles:
        for i, role in enumerate(roles):
            if role == VALUE and not vocab.is_header_cell(columns[i]):
                roles[i] = "name"
                break
    if "name" not in roles:
        for i, role in enumerate(roles):
            if role == VALUE:
                roles[i] = "name"
                break
    return roles


_UNIT_SUFFIX = re.compile(r"^(?P<label>.*?[^\s(])\s*(?:\((?P<p>[^()]{1,10})\)?|(?P<b>[%‰]))$")


def split_unit(frag: Frag, vocab: Vocab) -> tuple[Frag, Frag] | None:
    """'城镇(元)' -> ('城镇', '元'); '增速(%' -> ('增速', '%'); '增速%' -> ('增速', '%')."""
    m = _UNIT_SUFFIX.match(frag.text)
    if not m:
        return None
    unit = m.group("p") or m.group("b")
    if not unit or not vocab.is_unit(unit):
        return None
    label = m.group("label")
    at = frag.text.rindex(unit, len(label))
    if frag.end - frag.start == len(frag.text):
        label_end, ustart = frag.start + len(label), frag.start + at
    else:  # a label wrapped over lines ('…降' / '低(%)'): its span holds line breaks its text
        # does not show, while the unit ends the last line: count from the end
        label_end, ustart = frag.end - (len(frag.text) - len(label)), frag.end - (len(frag.text) - at)
    return Frag(label, frag.start, label_end), Frag(unit, ustart, ustart + len(unit))


def frag_span(draft: Draft) -> tuple[int, int]:
    frags = [c for c in draft.cells if c is not None and c.text] + draft.unplaced
    if not frags:
        return 0, 0
    return min(f.start for f in frags), max(f.end for f in frags)


@dataclass
class _State:
    category: str | None = None
    last_data: int | None = None
    last_sub: int | None = None
    cat_name: str | None = None
    cat_declared: int | None = None
    cat_count: int = 0


def finish(
    header: Header,
    drafts: list[Draft],
    vocab: Vocab,
    *,
    layout: str,
    title: str,
    number: str | None,
    start: int,
    notes: list[str],
) -> Table:
    """Derive kinds, categories, parents and spans, and build the :class:`Table`."""
    notes = list(header.notes) + list(notes)
    rows: list[TableRow] = []
    st = _State()
    for draft in drafts:
        _classify(draft, header, vocab)
        row_notes = _derive(draft, header, vocab, st, rows)
        _count_check(draft, st, notes)
        label = draft.label(header)
        seq = draft.text(header.find("seq"))
        label = f"序号 {seq}, {label}" if seq and seq != label else label
        extra = ["数值单元格全空 / every value cell is empty"] if _values_empty(draft, header) else []
        notes.extend(f"第{len(rows) + 1}行 row {len(rows)} ({label}): {n}" for n in draft.notes + row_notes + extra)
        rows.append(_to_row(draft, header, st))
        if draft.kind == "data":
            st.last_data, st.last_sub = len(rows) - 1, None
        elif draft.kind == "sub":
            st.last_sub = len(rows) - 1
    _count_check(Draft("note", []), st, notes, last=True)
    if len(notes) > MAX_NOTES:  # a long malformed table: the first notes, and how many more
        notes = [*notes[:MAX_NOTES], f"……另有 {len(notes) - MAX_NOTES} 条说明 / {len(notes) - MAX_NOTES} more notes"]
    end = max((r.end for r in rows if r.end), default=start)
    return Table(
        title=title,
        columns=header.columns,
        rows=rows,
        start=start,
        end=end,
        layout=layout,
        number=number,
        notes=notes,
    )


def _values_empty(draft: Draft, header: Header) -> bool:
    """A numbered data row whose value cells hold nothing at all (cells lost in the text)."""
    values = [i for i, role in enumerate(header.roles) if role == "value"]
    if draft.kind != "data" or not values or header.find("seq") is None or draft.text(header.find("seq")) is None:
        return False
    return all(draft.text(i) is None for i in values)


def _classify(draft: Draft, header: Header, vocab: Vocab) -> None:
    """Data rows without a 序号 of their own become sub-rows where the table numbers rows."""
    if draft.kind != "data":
        return
    name = draft.text(header.find("name")) or ""
    unnumbered = header.find("seq") is not None and draft.text(header.find("seq")) is None
    if unnumbered or name.startswith(vocab.sub_prefixes):
        draft.kind = "sub"


def _derive(
    draft: Draft, header: Header, vocab: Vocab, st: _State, rows: list[TableRow]
) -> list[str]:
    """Category in force, unit written in the label, attribute of a merged cell."""
    notes: list[str] = []
    if draft.kind == "category":
        st.category = draft.category
        return notes
    cat_col = header.find("category")
    cat = draft.text(cat_col)
    if cat and draft.kind == "data":
        found = vocab.category(cat)
        st.category = found[0] if found else cat
    unit_col, name_col = header.find("unit"), header.find("name")
    if draft.kind in ("data", "sub") and unit_col is not None and name_col is not None:
        name = draft.cells[name_col]
        if draft.cells[unit_col] is None and name is not None:
            parts = split_unit(name, vocab)
            if parts:
                draft.cells[name_col], draft.cells[unit_col] = parts
                draft.notes = [n for n in draft.notes if not n.endswith("unit cell missing")]
                notes.append(f"unit '{parts[1].text}' taken from the label '{name.text}'")
    if draft.kind == "sub" and draft.inherit_attr:
        notes.extend(_inherit_attr(draft, header, st, rows))
    return notes


def _inherit_attr(draft: Draft, header: Header, st: _State, rows: list[TableRow]) -> list[str]:
    attr_col = header.find("attr")
    if attr_col is None or draft.cells[attr_col] is not None or st.last_sub is None:
        return []
    above = rows[st.last_sub].cells[attr_col]
    if above is None:
        return []
    end = max((c.end for c in draft.cells if c is not None), default=0)
    draft.cells[attr_col] = Frag(above, end, end)
    return [f"属性 cell empty; '{above}' taken from the sub-row above (merged cell)"]


def _count_check(draft: Draft, st: _State, notes: list[str], *, last: bool = False) -> None:
    """Compare a category's declared '(N项)' with the numbered rows that follow it."""
    if draft.kind == "data":
        st.cat_count += 1
        return
    if draft.kind != "category" and not last:
        return
    if st.cat_declared is not None and st.cat_declared != st.cat_count:
        notes.append(
            f"category '{st.cat_name}' declares {st.cat_declared} rows, "
            f"{st.cat_count} numbered rows follow"
        )
    st.cat_name, st.cat_declared, st.cat_count = draft.category, draft.declared, 0


def _to_row(draft: Draft, header: Header, st: _State) -> TableRow:
    start, end = frag_span(draft)
    cells = [c.text if c is not None and c.text else None for c in draft.cells]
    parent = None
    if draft.kind == "sub":
        parent = st.last_data
    seq = draft.text(header.find("seq")) if draft.kind == "data" else None
    category = draft.category if draft.kind == "category" else st.category
    category = None if draft.kind == "note" else category
    return TableRow(
        cells=cells,
        kind=draft.kind,
        number=seq,
        category=category,
        parent=parent,
        start=start,
        end=end,
        unplaced=[f.text for f in draft.unplaced],
        spans=[[c.start, c.end] if c is not None and c.text else None for c in draft.cells],
    )
