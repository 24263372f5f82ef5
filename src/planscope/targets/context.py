"""Where a sentence stands: its outline path, whether its section reviews the past,
and the sentences of a text with their spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from planscope.model import Section
from planscope.targets.model import phrases


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_SENTENCE_END = re.compile(r"[。;!?！？；]|\n")
_LINE_DONE = re.compile(r"[。;!?！？；:：」』”)]\s*$")
_HEADING_START = re.compile(r"\s*(第[一二三四五六七八九十百\d]+[篇章节]|[一二三四五六七八九十]+、"
                            r"|\([一二三四五六七八九十\d]+\)|\d{1,3}[.、]|——|专栏|注)")
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


def _continues(text: str, newline: int, stop: int) -> bool:
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].strip()
    if len(line) < SHORT_LINE or _LINE_DONE.search(line):
        return False
    next_end = text.find("\n", newline + 1, stop)
    following = text[newline + 1:next_end if next_end >= 0 else stop]
    return bool(following.strip()) and not _HEADING_START.match(following)


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
