"""Tables flattened to one cell per line (web pages, PDF text), blank lines between or not.

Positions are lost, and so are some cells (a missing unit is common) and characters
(a closing parenthesis, the '一' of '一、经济发展'). This front end finds the header —
the header cells up to the first row (a 序号 followed by a name, or a category row),
the header cells a wrapped cell cut in two ('2025年' / '预计') — and hands every
following line to :mod:`planscope.structure.tables.reader` as a piece. Page markers such as
'— 12 —', a '续表' caption and a header repeated after a page break are skipped; note
lines (注：…) become note rows; the table ends at prose, a heading or a new title.
"""

from __future__ import annotations

from planscope.structure.tables.base import Frag
from planscope.structure.tables.header import header_readings
from planscope.structure.tables.lines import Lines, is_prose
from planscope.structure.tables.pieces import Piece, line_pieces
from planscope.structure.tables.reader import Body
from planscope.structure.tables.vocab import Vocab, is_seq

MAX_FRAGMENTS = 20000
MAX_HEADER = 30
MAX_CELL = 40


def is_flat_header_start(text: str, vocab: Vocab) -> bool:
    t = text.strip()
    return len(t) <= 12 and vocab.header_role(t) in ("seq", "name", "category")


def parse_flattened(lines: Lines, h: int, vocab: Vocab) -> Body | None:
    prose = _prose_header(lines, h, vocab)
    frags = _fragments(lines, h, vocab, prose)
    start = _data_start(frags, vocab, prose)
    if start is None or start < 3:
        return None
    head = frags[:start]
    if sum(1 for f in head if vocab.is_header_cell(f.text)) < 3:
        return None
    texts = [f.text for f in head]
    body = _body(lines, frags[start:], texts, vocab, prose)
    body.headers = header_readings(texts, vocab)
    body.prose = prose
    return body


def _prose_header(lines: Lines, h: int, vocab: Vocab) -> bool:
    """Whether the header cells from line ``h`` on (up to the first 序号) name a column of a
    task or project table (牵头单位, 完成时限, 建设内容 …): then cells may be sentences."""
    texts: list[str] = []
    for i in range(h, min(len(lines), h + 3 * MAX_HEADER)):
        text = lines[i].stripped
        if not text:
            continue
        if is_seq(text) or len(texts) >= MAX_HEADER:
            break
        texts.append(text)
    return vocab.prose_header(texts)


def _fragments(lines: Lines, h: int, vocab: Vocab, prose: bool = False) -> list[Frag]:
    """Non-empty lines from the header on, until prose or a new title.  In a task or
    project table (``prose``) a sentence is a cell; prose ends the table only where it
    follows a finished row."""
    frags: list[Frag] = []
    in_note = False
    width = 0  # header cells (prose tables): the cells a row has after its 序号
    since_seq: int | None = None
    for i in range(h, len(lines)):
        line = lines[i]
        text = line.stripped
        if not text or vocab.is_page_marker(text) or vocab.is_continued(text):
            continue
        in_note = vocab.is_note(text) or (in_note and vocab.is_note_item(text))
        if not in_note and frags and vocab.title(text) is not None:
            break
        if not in_note and not prose and ((frags and is_prose(text)) or len(text) > MAX_CELL):
            break
        if prose and not in_note and frags and is_prose(text) and _row_done(frags, since_seq, width, vocab):
            break
        if prose and is_seq(text):
            width = width or len(frags)
            since_seq = 0
        elif since_seq is not None:
            since_seq += 1
        frags.append(line.frag())
        if len(frags) >= MAX_FRAGMENTS:
            break
    return frags


def _row_done(frags: list[Frag], since_seq: int | None, width: int, vocab: Vocab) -> bool:
    """A prose table's row is finished: every cell after its 序号 is there, or a deadline or
    a list of bodies (never the start of a sentence cell) came last."""
    if since_seq is None:
        return False
    return since_seq >= width - 1 or (since_seq >= 2 and vocab.prose_kind(frags[-1].text) in ("time", "body"))


def _data_start(frags: list[Frag], vocab: Vocab, prose: bool = False) -> int | None:
    """The first piece after the header: a category row, or the 序号 of the first row with
    the 类别 cell written before it (pieces that are not header words)."""
    for i, f in enumerate(frags[: MAX_HEADER + 1]):
        if vocab.category(f.text, sure_only=True) is not None:
            return i
        nxt = frags[i + 1].text if i + 1 < len(frags) else ""
        if vocab.category(f.text) is not None and is_seq(nxt):
            return i
        if is_seq(f.text) and _label_like(nxt, vocab, prose):
            k = i
            while k > 0 and not vocab.is_header_cell(frags[k - 1].text) and not is_seq(frags[k - 1].text):
                k -= 1
            return k
    return None


def _label_like(text: str, vocab: Vocab, prose: bool) -> bool:
    """A row's name: a name, or in a task or project table a sentence (whatever words it holds)."""
    return vocab.is_name_like(text) or (prose and vocab.prose_kind(text) == "text")


def _body(lines: Lines, frags: list[Frag], header: list[str], vocab: Vocab, prose: bool = False) -> Body:
    pieces: list[Piece] = []
    notes: list[Frag] = []
    i = 0
    while i < len(frags):
        f = frags[i]
        t = f.text
        if t == header[0] and [g.text for g in frags[i : i + len(header)]] == header:
            i += len(header)  # the header repeated at the top of the next page
            continue
        if vocab.is_note(t) or (notes and vocab.is_note_item(t)):
            notes.append(f)
            i += 1
            continue
        if notes:
            break
        if _ends(frags, i, vocab, prose):
            break
        line = lines[lines.index_at(f.start)]
        if vocab.category(t, sure_only=True) is not None or _maybe_category(frags, i, vocab, prose):
            pieces.append(Piece(f, line.index, True, category=True))
        else:
            pieces.extend(line_pieces(line, "lines"))
        i += 1
    return Body(headers=[], pieces=pieces, notes=notes, separation="lines")


def _maybe_category(frags: list[Frag], i: int, vocab: Vocab, prose: bool = False) -> bool:
    nxt = frags[i + 1].text if i + 1 < len(frags) else ""
    nxt2 = frags[i + 2].text if i + 2 < len(frags) else ""
    return vocab.category(frags[i].text) is not None and is_seq(nxt) and _label_like(nxt2, vocab, prose)


def _ends(frags: list[Frag], i: int, vocab: Vocab, prose: bool = False) -> bool:
    """A heading that is no category row, or a new title, ends the table."""
    t = frags[i].text
    if vocab.title(t) is not None:
        return True
    if not vocab.is_heading(t) or vocab.category(t, sure_only=True) is not None:
        return False
    return not _maybe_category(frags, i, vocab, prose)
