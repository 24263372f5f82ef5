"""Where a sentence stands: its outline path, whether its section reviews the past,
and the sentences of a text with their spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from planscope.extraction.targets.model import phrases
from planscope.model import Section
from planscope.structure.outline import opens_heading
from planscope.structure.tables.vocab import vocab as table_vocab


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
    from planscope.structure.outline import rules

    pattern = re.compile(r"^[ \t]*(?:" + rules().page_marker.pattern + r")[ \t]*$", re.M)
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


# ---------------------------------------------------------------- breaks in long sentences
# A sentence of a web page or a docx paragraph can be 100 K characters of clauses.  The
# position of every one-character break (，；、 …) in it is found once and looked up by
# bisection, so finding the clause around each of its numbers costs log time, not a
# scan from the sentence's start.  The cache is keyed on the text object (a str caches
# its hash, and a dict compares identity first), so a lookup is O(1) while one sentence
# is worked on.


MAX_CLAUSE = 300  # characters each side of a number: the corpus's longest clause has 150
MAX_QUOTE = 600  # a longer sentence is quoted by the clause around the value (see ``quote_span``)


@lru_cache(maxsize=8)
def _break_ends(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.end() for m in pattern.finditer(text)]


def last_break_end(text: str, pattern: re.Pattern[str], pos: int) -> int:
    """``max((m.end() for m in pattern.finditer(text, 0, pos)), default=0)`` in log time,
    for a pattern of one character (a character class)."""
    ends = _break_ends(text, pattern)
    i = bisect_right(ends, pos) - 1
    return ends[i] if i >= 0 else 0


def next_break_start(text: str, pattern: re.Pattern[str], pos: int) -> int:
    """Where the first match of a one-character ``pattern`` at or after ``pos`` starts
    (``len(text)`` if none), in log time."""
    ends = _break_ends(text, pattern)
    i = bisect_right(ends, pos)  # the first break ending after pos starts at or after it
    return ends[i] - 1 if i < len(ends) else len(text)


def quote_span(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """The span quoted for a value at ``start``–``end`` (relative to the sentence): the
    sentence, or, when it is longer than ``MAX_QUOTE`` (a web page's run-on line), the
    clause around the value, at most ``MAX_CLAUSE`` characters each side — so quotes, and
    what is stored, grow with the number of values, not with their product with the length."""
    if len(sentence.text) <= MAX_QUOTE:
        return sentence.start, sentence.end
    text = sentence.text
    lo = max(last_break_end(text, _QUOTE_BREAK, start), start - MAX_CLAUSE)
    hi = min(next_break_start(text, _QUOTE_BREAK, end), end + MAX_CLAUSE)
    hi = min(hi + 1, len(text)) if hi < len(text) and _QUOTE_BREAK.match(text, hi) else hi  # keep the ，
    return sentence.start + lo, sentence.start + hi


_QUOTE_BREAK = re.compile(r"[,，;；:：。!?！？]")


def _one(text: str, start: int, end: int) -> Iterator[Sentence]:
    raw = text[start:end]
    stripped = raw.strip()
    if stripped:
        lead = start + len(raw) - len(raw.lstrip())
        yield Sentence(lead, lead + len(stripped), stripped)


class SectionIndex:
    """The deepest outline section around any position, and what it is about."""

    def __init__(self, roots: list[Section], base_year: int | None = None) -> None:
        self.nodes: list[Section] = []
        self.parent: dict[int, int | None] = {}
        for root in roots:
            self._add(root, None)
        self.starts = [n.start for n in self.nodes]
        self.base_year = base_year
        p = phrases()
        headed = [n for n in self.nodes if n.kind not in ("lead", "preamble")]
        anchors = [n.start for n in headed if p.goal_anchor.search(n.title)]
        # the review and the account of the situation come before a plan's goals
        self.goals_start = min(anchors) if anchors else None
        self.first_heading = min((n.start for n in headed), default=None)

    def _add(self, node: Section, parent: int | None) -> None:
        index = len(self.nodes)
        self.nodes.append(node)
        self.parent[index] = parent
        for child in node.children:
            self._add(child, index)

    def chain(self, pos: int) -> list[Section]:
        """The sections containing ``pos``, outermost first."""
        i: int | None = bisect_right(self.starts, pos) - 1
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
        """True when ``pos`` lies in a part of the document that reviews the past: a section
        whose title says so (发展基础, 回顾, …成就) or names a past five-year plan (“十四五”时期
        in a 十五五 plan), or anything between the first heading and the first section that
        opens the plan's forward-looking part (指导思想, 主要目标 …)."""
        p = phrases()
        for section in reversed(self.chain(pos)):
            if section.kind == "lead":
                continue
            if p.review_titles.search(section.title) or self._past_era(section.title):
                return True
            if p.goal_titles.search(section.title):
                return False
        return (self.goals_start is not None and self.first_heading is not None
                and self.first_heading <= pos < self.goals_start)

    def _past_era(self, title: str) -> bool:
        """The title names a five-year plan that ended by the document's base year."""
        if self.base_year is None:
            return False
        from planscope.extraction.facts import fyp_years
        from planscope.extraction.targets.model import plan_number

        ends = [fyp_years(plan_number(m.group(1)))[1] for m in phrases().fyp_name.finditer(title)]
        return bool(ends) and all(end <= self.base_year for end in ends)
