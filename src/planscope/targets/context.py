"""Where a sentence stands: its outline path, whether its section reviews the past,
and the sentences of a text with their spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from planscope.model import Section
from planscope.structure import opens_heading
from planscope.tables.vocab import vocab as table_vocab
from planscope.targets.model import phrases


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_SENTENCE_END = re.compile(r"[。;!?！？；]|\n")
_LINE_DONE = re.compile(r"[。;!?！？；:：」』”)]\s*$")
SHORT_LINE = 20  # a line this short ends where it ends (a heading, a table cell, a signature)


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[Sentence]:
    """Sentences (ending at 。；！？ or at a line break that ends a paragraph), stripped,
    with their spans.  A line broken inside a sentence, as PDF text is, continues on the
    next line: a long line without closing punctuation, followed by a line that opens no
    heading, does not end its sentence."""
    stop = len(text) if end is None else end
    pos = start
    for m in _SENTENCE_END.finditer(text, start, stop):
        if m.group() == "\n" and _continues(text, m.start(), stop):
            continue
        yield from _one(text, pos, m.end() if m.group() != "\n" else m.start())
        pos = m.end()
    yield from _one(text, pos, stop)


_NEXT_TEXT = re.compile(r"\S")


def _continues(text: str, newline: int, stop: int) -> bool:
    end = newline
    while end > 0 and not text[text.rfind("\n", 0, end) + 1:end].strip():  # blank: look further up
        end = text.rfind("\n", 0, end)
        if end < 0:
            return False
    line = text[text.rfind("\n", 0, end) + 1:end].strip()
    if len(line) < SHORT_LINE or _LINE_DONE.search(line):
        return False
    m = _NEXT_TEXT.search(text, newline + 1, stop)  # blank lines (a page break) in between
    if m is None:
        return False
    following = text[text.rfind("\n", 0, m.start()) + 1:m.start() + 30]
    return not (opens_heading(following) or table_vocab().is_note(following))  # a heading or 注：… starts afresh


def blank_page_markers(text: str) -> str:
    """The text with page-marker lines ("— 11 —") blanked, same length: a sentence
    broken by a page break reads on across it."""
    from planscope.structure import rules

    pattern = re.compile(r"^[ \t]*(?:" + rules().page_marker.pattern + r")[ \t]*$", re.M)
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _one(text: str, start: int, end: int) -> Iterator[Sentence]:
    raw = text[start:end]
    stripped = raw.strip()
    if stripped:
        lead = start + len(raw) - len(raw.lstrip())
        yield Sentence(lead, lead + len(stripped), stripped)


class SectionIndex:
    """The deepest outline section around any position, and what it is about."""

    def __init__(self, roots: list[Section]) -> None:
        self.nodes: list[Section] = []
        self.parent: dict[int, int | None] = {}
        for root in roots:
            self._add(root, None)
        self.starts = [n.start for n in self.nodes]

    def _add(self, node: Section, parent: int | None) -> None:
        index = len(self.nodes)
        self.nodes.append(node)
        self.parent[index] = parent
        for child in node.children:
            self._add(child, index)

    def chain(self, pos: int) -> list[Section]:
        """The sections containing ``pos``, outermost first."""
        i = bisect_right(self.starts, pos) - 1
        while i is not None and i >= 0 and not (self.nodes[i].start <= pos < self.nodes[i].end):
            i = self.parent[i]
        out: list[Section] = []
        while i is not None and i >= 0:
            out.append(self.nodes[i])
            i = self.parent[i]
        return out[::-1]

    def path(self, pos: int) -> str:
        return " > ".join(f"{s.number or ''}{s.title}"[:30] for s in self.chain(pos) if s.kind != "lead")

    def is_review(self, pos: int) -> bool:
        """True when the innermost titled section around ``pos`` reviews the past."""
        p = phrases()
        for section in reversed(self.chain(pos)):
            if section.kind == "lead":
                continue
            if p.review_titles.search(section.title):
                return True
            if p.goal_titles.search(section.title):
                return False
        return False
