"""A reading of a converted bulletin that undoes the damage of PDF conversion, with the
way back to the original text.

``read(text)`` takes the analysis text (``planscope.reading.text.normalize``: same length as the
original, so an offset in it is an offset in the original) and returns a ``Reading``:
a view of it where

* page furniture is gone: page markers (``— 3 —``, ``-3-``, ``第3页``), form feeds, and
  running headers or footers (a line that stands next to two or more page breaks);
* a line broken inside a sentence is rejoined with the next one, whatever lies between
  (blank lines, a page footer, the indentation of ``-layout`` text): ``地区生产总\\n值``
  reads ``地区生产总值``, ``16342\\n元`` reads ``16342元``;
* footnote marks are gone: ``[2]``, ``①``, superscript digits, and ``(1)`` written right
  after a word or number (``国内生产总值[2]``, ``生产总值②``);
* lines that are not prose stay lines of their own, never joined: headings, table and
  figure captions, notes, lines of a table laid out with runs of spaces, and the short
  one-cell lines of a flattened table.

Every character of the view comes from one character of the original
(``Reading.offsets``), so a value found in the view points to its exact span in the
original (``Reading.span``).  The only character the view shows differently is the
line break it keeps between two joined lines of Latin letters or digits, shown as a
space (``12.5\\n3`` must not read ``12.53``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from planscope import datafiles
from planscope.extraction import footnotes
from planscope.structure.outline import is_page_marker, opens_heading

__all__ = ["Line", "Reading", "read"]

SENTENCE_DONE = "。！？!?：:"
CELL_MAX = 30  # a line shorter than this without a clause mark is a heading, a label or a cell
CLAUSE_MARK = re.compile(r"[，。；;、,！？!?]")
WIDE_GAP = re.compile(r"\S(?: {2,}|\t)\S")
RUNNING_MAX = 40  # longest running header or footer


@dataclass(frozen=True)
class _Rules:
    caption: re.Pattern[str]
    note: re.Pattern[str]
    footnote: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = datafiles.raw("headline_indicators.toml")["reading"]
    return _Rules(re.compile(raw["caption"]), re.compile(raw["note"]), footnotes.READING_RX)


@dataclass(frozen=True)
class Line:
    """One line of the original: ``start``/``end`` without the line break; ``kind`` is
    prose, table (cells apart by runs of spaces), cell (a short line), heading, caption,
    note, furniture or blank."""

    start: int
    end: int
    text: str
    kind: str


@dataclass(frozen=True)
class Reading:
    text: str
    offsets: tuple[int, ...]  # offsets[i]: where text[i] stands in the original
    tables: tuple[tuple[int, int], ...] = ()  # original spans of table lines (not prose)

    def in_table(self, pos: int) -> bool:
        """Whether ``text[pos]`` comes from a line of a table laid out with spaces."""
        at = self.offsets[pos] if pos < len(self.offsets) else -1
        return any(a <= at < b for a, b in self.tables)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original that ``text[start:end]`` came from."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else (self.offsets[-1] + 1 if self.offsets else 0)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


def lines_of(text: str) -> list[Line]:
    """The lines of ``text`` with their kind (form feeds count as blanks)."""
    raw: list[tuple[int, int, str]] = []
    pos = 0
    for part in text.split("\n"):
        raw.append((pos, pos + len(part), part))
        pos += len(part) + 1
    kinds = [_kind(t) for _, _, t in raw]
    for i in _running_lines(raw, kinds):
        kinds[i] = "furniture"
    _cells_inside_prose(kinds, [t.replace("\f", " ") for _, _, t in raw])
    return [Line(s, e, t, k) for (s, e, t), k in zip(raw, kinds, strict=True)]


def _kind(line: str) -> str:
    t = line.replace("\f", " ").strip()
    if not t:
        return "blank"
    if is_page_marker(t):
        return "furniture"
    r = _rules()
    if r.caption.match(t):
        return "caption"
    if r.note.match(t):
        return "note"
    if WIDE_GAP.search(t):
        return "table"
    if opens_heading(t) and len(t) <= CELL_MAX and not any(c in t for c in "。；;"):
        return "heading"
    if len(t) < CELL_MAX and not CLAUSE_MARK.search(t):
        return "cell"
    return "prose"


def _cells_inside_prose(kinds: list[str], lines: list[str]) -> None:
    """A short line without punctuation between two prose lines, or right above one,
    is a piece of the paragraph (a PDF line that happens to hold no comma), not a cell."""
    content = [i for i, k in enumerate(kinds) if k not in ("blank", "furniture")]
    for before, i, after in zip(content, content[1:], content[2:], strict=False):
        if kinds[i] == "cell" and kinds[before] == "prose" and kinds[after] == "prose":
            kinds[i] = "prose"
    for i, after in pairwise(content):  # 全年实现地区生产总 / 值 3456.7 亿元，…
        if kinds[i] == "cell" and kinds[after] == "prose" and after == i + 1 and len(lines[i].strip()) >= 8:
            kinds[i] = "prose"


def _running_lines(raw: list[tuple[int, int, str]], kinds: list[str]) -> set[int]:
    """Lines that stand next to a page break (a page marker or a form feed, within two
    non-blank lines) with the same text next to another page break: running headers and
    footers."""
    breaks = [i for i, (_, _, t) in enumerate(raw) if kinds[i] == "furniture" or "\f" in t]
    near: dict[str, list[int]] = {}
    for b in breaks:
        for i in _neighbours(raw, kinds, b):
            t = raw[i][2].replace("\f", " ").strip()
            if t and len(t) <= RUNNING_MAX and kinds[i] != "furniture":
                near.setdefault(t, []).append(i)
    counts = Counter({t: len(set(ids)) for t, ids in near.items()})
    return {i for t, ids in near.items() if counts[t] >= 2 for i in ids}


def _neighbours(raw: list[tuple[int, int, str]], kinds: list[str], b: int) -> list[int]:
    out = [b] if kinds[b] != "furniture" else []
    for step in (-1, 1):
        i, seen = b + step, 0
        while 0 <= i < len(raw) and seen < 2:
            if kinds[i] != "blank":
                out.append(i)
                seen += 1
            i += step
    return out


def read(text: str) -> Reading:
    """The reading view of ``text`` (see the module docstring)."""
    lines = lines_of(text)
    chars: list[str] = []
    offsets: list[int] = []
    prev: Line | None = None  # the last content line written
    for line in lines:
        if line.kind in ("blank", "furniture"):
            continue
        if prev is not None:
            if _joins(prev, line):
                _join(text, prev, line, chars, offsets)
            else:
                chars.append("\n")
                offsets.append(prev.end if prev.end < len(text) else max(prev.end - 1, 0))
        _emit(line, chars, offsets)
        prev = line
    view = _drop_footnotes("".join(chars), offsets)
    return Reading(view.text, view.offsets, tuple((ln.start, ln.end) for ln in lines if ln.kind == "table"))


def _joins(a: Line, b: Line) -> bool:
    """Whether prose line ``a`` goes on in prose line ``b``: it ends inside a sentence."""
    if a.kind != "prose" or b.kind != "prose":
        return False
    tail = a.text.rstrip()
    return bool(tail) and tail[-1] not in SENTENCE_DONE


def _join(text: str, a: Line, b: Line, chars: list[str], offsets: list[int]) -> None:
    """Between two joined lines: nothing, or one space where two Latin words or numbers
    would otherwise run together."""
    left = a.text.rstrip()[-1:]
    right = b.text.replace("\f", " ").lstrip()[:1]
    if left.isascii() and left.isalnum() and right.isascii() and right.isalnum():
        chars.append(" ")
        offsets.append(a.end)


def _emit(line: Line, chars: list[str], offsets: list[int]) -> None:
    body = line.text.replace("\f", " ")
    start = len(body) - len(body.lstrip())
    stop = len(body.rstrip())
    for i in range(start, stop):
        chars.append(body[i])
        offsets.append(line.start + i)


def _drop_footnotes(view: str, offsets: list[int]) -> Reading:
    marks = list(_rules().footnote.finditer(view))
    if not marks:
        return Reading(view, tuple(offsets))
    keep_chars: list[str] = []
    keep_offsets: list[int] = []
    pos = 0
    for m in marks:
        keep_chars.append(view[pos:m.start()])
        keep_offsets.extend(offsets[pos:m.start()])
        pos = m.end()
    keep_chars.append(view[pos:])
    keep_offsets.extend(offsets[pos:])
    return Reading("".join(keep_chars), tuple(keep_offsets))
