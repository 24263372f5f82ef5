"""Put the cells of a row into columns by what they are, not where they stand.

Used when a row's cells carry no reliable position: flattened tables (one cell per
line) and spaced rows with fewer or more cells than columns. The shared signals:
a 序号 opens a numbered row and the name follows it; an attribute word
(约束性/预期性) goes to 属性; a unit-looking cell right after the name goes to 单位
(a missing unit is common); the remaining cells fill the value columns in order.
When a row has fewer values than value columns, the choice of which columns stay
empty is left to :func:`resolve_pending`, which follows the neighbouring rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from planscope.structure.tables.base import Draft, Frag, Header
from planscope.structure.tables.vocab import Vocab, is_seq


@dataclass
class Pending:
    """Values of a row that are fewer than its value columns."""

    draft: Draft
    values: list[Frag]
    slots: list[int]


def place_by_kind(
    frags: list[Frag], header: Header, vocab: Vocab, *, numbered: bool
) -> tuple[Draft, Pending | None]:
    """A draft row from an ordered list of cells; see the module docstring."""
    draft = Draft("data" if numbered else "sub", [None] * header.width)
    rest = list(frags)
    seq_col, name_col = header.find("seq"), header.find("name")
    if numbered and seq_col is not None and rest:
        draft.cells[seq_col] = rest.pop(0)
    if name_col is not None and rest:
        draft.cells[name_col] = rest.pop(0)
    fixed = {seq_col, name_col, header.find("category")}
    slots = [i for i in range(header.width) if i not in fixed]
    attr_col = header.find("attr")
    attr_at = next((i for i, f in enumerate(rest) if vocab.is_attr(f.text)), None)
    pending = None
    if attr_col is not None and attr_at is not None:
        draft.cells[attr_col] = rest[attr_at]
        before, after = rest[:attr_at], rest[attr_at + 1 :]
        before_slots = [s for s in slots if s < attr_col]
        pending = _segment(draft, before, before_slots, header, vocab, after_name=True)
        extra = _segment(draft, after, [s for s in slots if s > attr_col], header, vocab)
        pending = pending or extra
    else:
        rest_slots = [s for s in slots if s != attr_col]
        pending = _segment(draft, rest, rest_slots, header, vocab, after_name=True)
    return draft, pending


def place_row(filled: list[Frag], header: Header, vocab: Vocab) -> tuple[Draft, Pending | None]:
    """A row's written cells by content, including a leading 类别 cell ('经济强  1  …')."""
    rest = list(filled)
    cat_col, seq_col = header.find("category"), header.find("seq")
    category = None
    leads = cat_col is not None and seq_col is not None and cat_col < seq_col
    if leads and len(rest) > 1 and not is_seq(rest[0].text) and is_seq(rest[1].text):
        category = rest.pop(0)
    numbered = seq_col is not None and bool(rest) and is_seq(rest[0].text)
    draft, pending = place_by_kind(rest, header, vocab, numbered=numbered)
    if seq_col is None:
        draft.kind = "data"
    if category is not None and cat_col is not None:
        draft.cells[cat_col] = category
    return draft, pending


def _segment(
    draft: Draft,
    frags: list[Frag],
    slots: list[int],
    header: Header,
    vocab: Vocab,
    *,
    after_name: bool = False,
) -> Pending | None:
    """Fill ``slots`` (unit first when present, then values) from ``frags``."""
    frags = list(frags)
    unit_col = header.find("unit")
    values = [s for s in slots if s != unit_col]
    if after_name:
        _continue_name(draft, frags, slots, header, vocab)
    if unit_col in slots:
        if frags and vocab.is_unit(frags[0].text):
            draft.cells[unit_col] = frags.pop(0)
        elif len(frags) == len(slots) and not vocab.is_number(frags[0].text):
            draft.cells[unit_col] = frags.pop(0)
            draft.notes.append(f"'{draft.text(unit_col)}' read as the unit (not a known unit)")
        else:
            draft.notes.append("缺少单位 / unit cell missing")
    if len(frags) > len(values):
        extra = frags[len(values) :]
        draft.unplaced.extend(extra)
        listed = ", ".join(f"'{f.text}'" for f in extra)
        draft.notes.append(f"无法归入任何列 {listed} / could not place {listed} (more cells than columns)")
        frags = frags[: len(values)]
    if len(frags) == len(values):
        for col, frag in zip(values, frags, strict=True):
            draft.cells[col] = frag
        return None
    return Pending(draft, frags, values) if frags else None


def _continue_name(
    draft: Draft, frags: list[Frag], slots: list[int], header: Header, vocab: Vocab
) -> None:
    """Leading name-like cells that the slots cannot take are the name wrapped over lines."""
    name_col, unit_col = header.find("name"), header.find("unit")
    if name_col is None or draft.cells[name_col] is None:
        return
    while frags and vocab.is_name_like(frags[0].text):
        unit_next = unit_col in slots and len(frags) > 1 and vocab.is_unit(frags[1].text)
        if not (len(frags) > len(slots) or unit_next):
            return
        draft.cells[name_col] = _name_join(draft, name_col, frags.pop(0))


def _name_join(draft: Draft, col: int, frag: Frag) -> Frag:
    name = draft.cells[col]
    assert name is not None
    draft.notes.append(f"'{frag.text}' read as the end of the name")
    return name.join(frag)


def _empty_rate(drafts: list[Draft], idx: int, col: int, vocab: Vocab) -> float:
    """How often neighbouring rows leave ``col`` empty or hold a placeholder there."""
    near = [d for d in drafts[max(0, idx - 4) : idx + 5] if d.kind in ("data", "sub")]
    near = [d for d in near if d is not drafts[idx]]
    if not near:
        return 0.0
    empty = sum(1 for d in near if d.text(col) is None or vocab.is_placeholder(d.text(col) or ""))
    return empty / len(near)


def resolve_pending(
    drafts: list[Draft], pendings: list[Pending], header: Header, vocab: Vocab
) -> None:
    """Place rows with too few values: leave empty the columns their neighbours leave empty."""
    groups = _groups(header)
    for p in pendings:
        idx = next(i for i, d in enumerate(drafts) if d is p.draft)
        rates = {c: _empty_rate(drafts, idx, c, vocab) for c in p.slots}
        best: tuple[float, tuple[int, ...]] | None = None
        for combo in combinations(p.slots, len(p.values)):
            score = sum(1 - rates[c] for c in combo) + sum(rates[c] for c in p.slots if c not in combo)
            score += 0.01 * len({groups.get(c) for c in combo})
            if best is None or score > best[0] + 1e-9:
                best = (score, combo)
        assert best is not None
        for col, frag in zip(best[1], p.values, strict=True):
            p.draft.cells[col] = frag
        chosen = ", ".join(f"'{header.columns[c]}'" for c in best[1])
        basis = "as in the neighbouring rows" if any(rates.values()) else "from the left"
        p.draft.notes.append(
            f"{len(p.values)} value cells for {len(p.slots)} value columns; placed in {chosen} {basis}"
        )


def _groups(header: Header) -> dict[int, str]:
    """The top-level group of each value column ('“十三五”规划目标' of '…·2020·绝对值')."""
    return {i: header.columns[i].split("·")[0] for i in header.value_cols()}
