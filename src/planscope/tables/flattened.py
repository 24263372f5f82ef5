"""Tables flattened to one cell per line (text taken from a PDF), blank lines between.

Positions are lost, and so are some cells (a missing unit is common) and
characters (a closing parenthesis, the '一' of '一、经济发展'). Rows are re-formed
from the signals such tables share: the header cells up to the first row, the
序号 sequence 1, 2, 3 … (a 序号 opens a row when the next cell reads as a name),
category rows such as '一、经济发展(8项)', the attribute word (约束性/预期性) that
closes a row, and labels without 序号 after a closed row (增速, 城镇(元)), which
open sub-rows. Page markers such as '— 12 —' are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planscope.tables.base import Draft, Frag, Header
from planscope.tables.header import build_header, flat_levels
from planscope.tables.lines import Lines, Parsed, is_prose
from planscope.tables.place import Pending, place_by_kind, resolve_pending
from planscope.tables.vocab import Vocab, is_seq

MAX_FRAGMENTS = 1500
MAX_HEADER = 30
MAX_CELL = 40


@dataclass
class Group:
    """The cells of one row, in order."""

    kind: str  # data | sub | category | note
    frags: list[Frag]
    closed: bool = False
    category_cell: Frag | None = None
    category: tuple[str, int | None] | None = None
    unplaced: list[Frag] = field(default_factory=list)


def is_flat_header_start(text: str, vocab: Vocab) -> bool:
    t = text.strip()
    return len(t) <= 12 and vocab.header_role(t) in ("seq", "name", "category")


def parse_flattened(lines: Lines, h: int, vocab: Vocab) -> Parsed | None:
    frags = _fragments(lines, h, vocab)
    start = _data_start(frags, vocab)
    if start is None or start < 3:
        return None
    head = frags[:start]
    if sum(1 for f in head if vocab.is_header_cell(f.text)) < 3:
        return None
    texts = [f.text for f in head]
    prelim = build_header(flat_levels(texts, vocab, None)[0], vocab)
    groups = _group(_drop_repeats(frags[start:], texts), prelim, vocab)
    groups = _trim(groups)
    if sum(1 for g in groups if g.kind in ("data", "sub")) < 2:
        return None
    levels, lvl_notes = flat_levels(texts, vocab, _value_count(groups, prelim, vocab))
    header = build_header(levels, vocab)
    header.notes = lvl_notes + header.notes
    drafts, notes = _drafts(groups, header, vocab)
    return Parsed(header, drafts, notes)


def _fragments(lines: Lines, h: int, vocab: Vocab) -> list[Frag]:
    """Non-empty lines from the header on, until prose or a new title."""
    frags: list[Frag] = []
    in_note = False
    for i in range(h, len(lines)):
        line = lines[i]
        text = line.stripped
        if not text or vocab.is_page_marker(text) or vocab.is_continued(text):
            continue
        in_note = vocab.is_note(text) or (in_note and vocab.is_note_item(text))
        if not in_note and frags and (is_prose(text) or vocab.title(text) is not None):
            break
        if not in_note and len(text) > MAX_CELL:
            break
        frags.append(line.frag())
        if len(frags) >= MAX_FRAGMENTS:
            break
    return frags


def _drop_repeats(frags: list[Frag], header: list[str]) -> list[Frag]:
    """Remove the header cells repeated at the top of the next page."""
    n = len(header)
    out: list[Frag] = []
    i = 0
    while i < len(frags):
        if frags[i].text == header[0] and [f.text for f in frags[i : i + n]] == header:
            i += n
            continue
        out.append(frags[i])
        i += 1
    return out


def _data_start(frags: list[Frag], vocab: Vocab) -> int | None:
    for i, f in enumerate(frags[: MAX_HEADER + 1]):
        if vocab.category(f.text, sure_only=True) is not None:
            return i
        nxt = frags[i + 1].text if i + 1 < len(frags) else ""
        if is_seq(f.text) and vocab.is_name_like(nxt):
            return i
        if vocab.category(f.text) is not None and is_seq(nxt):
            return i
    return None


def _group(frags: list[Frag], header: Header, vocab: Vocab) -> list[Group]:
    """Cut the cell sequence into rows; stop at a heading or prose."""
    groups: list[Group] = []
    cur: Group | None = None
    expected: int | None = None
    waiting_cat: Frag | None = None
    has_cat_col = header.find("category") is not None
    for i, f in enumerate(frags):
        t = f.text
        nxt = frags[i + 1].text if i + 1 < len(frags) else ""
        nxt2 = frags[i + 2].text if i + 2 < len(frags) else ""
        in_notes = bool(groups) and groups[-1].kind == "note"
        if in_notes and not (vocab.is_note(t) or vocab.is_note_item(t)):
            break
        if in_notes or vocab.is_note(t):
            cur = None
            groups.append(Group("note", [f]))
            continue
        cat = vocab.category(t, sure_only=True)
        if cat is None and vocab.category(t) and is_seq(nxt) and vocab.is_name_like(nxt2):
            cat = vocab.category(t)
        open_row = cur is None or cur.closed
        if cat is not None and (open_row or not vocab.is_value(t)):
            cur = None
            groups.append(Group("category", [f], category=cat))
            continue
        if is_seq(t) and _plausible(int(t), expected) and (open_row or vocab.is_name_like(nxt)):
            cur = Group("data", [f], category_cell=waiting_cat)
            waiting_cat = None
            expected = int(t) + 1
            groups.append(cur)
            continue
        if open_row and (vocab.is_heading(t) or vocab.title(t) is not None):
            break
        if open_row:
            if has_cat_col and is_seq(nxt) and vocab.is_name_like(nxt2):
                waiting_cat = f
                continue
            if vocab.is_name_like(t) or t.startswith(vocab.sub_prefixes):
                cur = Group("sub", [f])
                groups.append(cur)
            elif groups:
                groups[-1].unplaced.append(f)
            continue
        assert cur is not None
        if len(cur.frags) >= 2 and vocab.is_heading(t):
            break
        cur.frags.append(f)
        cur.closed = vocab.is_attr(t)
    return groups


def _plausible(n: int, expected: int | None) -> bool:
    return expected is None or n == 1 or expected <= n <= expected + 2


def _trim(groups: list[Group]) -> list[Group]:
    """Drop trailing rows that hold a label only (a heading or caption after the table)."""
    while groups and groups[-1].kind in ("sub", "category") and len(groups[-1].frags) == 1:
        groups.pop()
    return groups


def _value_count(groups: list[Group], header: Header, vocab: Vocab) -> int | None:
    """The most value cells any numbered row carries (after its unit)."""
    has_unit = header.find("unit") is not None
    best: int | None = None
    for g in groups:
        if g.kind != "data" or len(g.frags) < 2:
            continue
        middle = [f for f in g.frags[2:] if not vocab.is_attr(f.text)]
        n = len(middle)
        if has_unit and middle and vocab.is_unit(middle[0].text):
            n -= 1
        best = n if best is None else max(best, n)
    return best


def _drafts(groups: list[Group], header: Header, vocab: Vocab) -> tuple[list[Draft], list[str]]:
    drafts: list[Draft] = []
    pendings: list[Pending] = []
    notes: list[str] = []
    name_col = header.find("name") or 0
    for g in groups:
        if g.kind == "category":
            name, count = g.category or (g.frags[0].text, None)
            cells: list[Frag | None] = [None] * header.width
            cells[name_col] = g.frags[0]
            drafts.append(Draft("category", cells, category=name, declared=count))
            continue
        if g.kind == "note":
            drafts.append(Draft("note", [g.frags[0]] + [None] * (header.width - 1)))
            continue
        draft, pending = place_by_kind(g.frags, header, vocab, numbered=g.kind == "data")
        cat_col = header.find("category")
        if g.category_cell is not None and cat_col is not None:
            draft.cells[cat_col] = g.category_cell
        if g.unplaced:
            draft.unplaced.extend(g.unplaced)
            listed = ", ".join(f"'{f.text}'" for f in g.unplaced)
            draft.notes.append(f"could not place {listed} (after the row was closed)")
        drafts.append(draft)
        if pending:
            pendings.append(pending)
    resolve_pending(drafts, pendings, header, vocab)
    return drafts, notes
