"""The outline of a plan document: 第X篇/章/节, 一、, (一), 1., 专栏 boxes and —— lead items.

Stages, each a small function:

1. ``find_headings``: lines that can start a heading (第…, 一、, (一), 1., 专栏, ——)
   are found with one regular expression over the analysis text;
2. ``classify``: each such line is a heading (with kind, number, title) or not;
   page markers ("— 11 —", "-3-", "第 3 页") and table-of-contents lines (dot leaders,
   trailing page numbers) are set aside;
3. ``drop_toc_repeats``: a heading whose title recurs later with a body, and which has
   no body of its own, is a table-of-contents entry (tables of contents without
   page numbers, as in web compilations);
4. ``accept_sequences``: numbered headings must continue a sequence (一 after nothing
   or after 一's predecessor …), which keeps list items inside prose and table cells
   from being taken for headings;
5. ``build_tree``: nest by a fixed precedence and give every node its span.

Heading patterns live in ``data/outline.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from planscope import datafiles
from planscope.extraction.numerals import chinese_to_int
from planscope.model import Section


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int  # end of the line's text, before the newline
    text: str  # stripped of surrounding whitespace
    lead: int  # offset of the first non-space character


@dataclass
class Heading:
    kind: str
    number: str | None
    ordinal: int | None
    title: str
    line: Line
    heading_end: int


@dataclass(frozen=True)
class OutlineRules:
    precedence: tuple[str, ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    page_marker: re.Pattern[str]
    toc_line: re.Pattern[str]
    title_max: int
    continuation_max: int


@lru_cache(maxsize=1)
def rules() -> OutlineRules:
    raw = datafiles.raw("outline.toml")
    patterns = tuple((h["kind"], re.compile(h["pattern"])) for h in raw["heading"])
    return OutlineRules(
        precedence=tuple(raw["precedence"]),
        patterns=patterns,
        page_marker=re.compile(raw["page_marker"]["pattern"]),
        toc_line=re.compile(raw["toc_line"]["pattern"]),
        title_max=int(raw["limits"]["title_max"]),
        continuation_max=int(raw["limits"]["continuation_max"]),
    )


def scan_lines(text: str, base: int = 0) -> list[Line]:
    """The non-empty lines of ``text``; offsets are shifted by ``base``."""
    lines: list[Line] = []
    pos = base
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = pos + (len(raw) - len(raw.lstrip()))
            lines.append(Line(pos, pos + len(raw.rstrip()), stripped, lead))
        pos += len(raw) + 1
    return lines


def edge_lines(text: str, head: int = 600, tail: int = 200) -> list[Line]:
    """The lines near the start and the end of a text (all of them for a short text).

    Document facts are read from the first and last lines; scanning only those keeps
    a 50 MB text from becoming millions of line objects.
    """
    cut_head = _nth(text, "\n", head, 0)
    cut_tail = _nth_from_end(text, "\n", tail)
    if cut_head < 0 or cut_tail < 0 or cut_head >= cut_tail:
        return scan_lines(text)
    return scan_lines(text[:cut_head]) + scan_lines(text[cut_tail:], base=cut_tail)


def _nth(text: str, ch: str, n: int, start: int) -> int:
    pos = start - 1
    for _ in range(n):
        pos = text.find(ch, pos + 1)
        if pos < 0:
            return -1
    return pos


def _nth_from_end(text: str, ch: str, n: int) -> int:
    pos = len(text)
    for _ in range(n):
        pos = text.rfind(ch, 0, pos)
        if pos < 0:
            return -1
    return pos + 1


def is_page_marker(text: str) -> bool:
    return bool(rules().page_marker.fullmatch(text))


def is_toc_line(text: str) -> bool:
    return bool(rules().toc_line.search(text))


def _run_in_title(rest: str, limit: int) -> tuple[str, int]:
    """Title of a heading whose body may follow on the same line ("(一)指导思想。以…")."""
    for i, ch in enumerate(rest):
        if ch in "。；;!！?？":
            return rest[:i], i + 1
        if i >= limit:
            break
    if len(rest) <= limit:
        return rest, len(rest)
    return rest[:limit] + "…", len(rest)


def opens_heading(text: str) -> bool:
    """Whether a line (as written, leading spaces allowed) opens with a heading number."""
    stripped = text.lstrip()
    return any(pattern.match(stripped) for _, pattern in rules().patterns)


def classify(line: Line) -> Heading | None:
    r = rules()
    for kind, pattern in r.patterns:
        m = pattern.match(line.text)
        if not m:
            continue
        number = m.group("num")
        rest = line.text[m.end():].lstrip(" \t:：、.")
        title, used = _run_in_title(rest, r.title_max)
        if kind == "box" and not title:
            title = rest
        head_len = len(line.text) - len(rest) + used
        return Heading(kind, m.group(0).strip(), _ordinal(number), title.strip(),
                       line, line.lead + min(head_len, len(line.text)))
    return None


def _ordinal(number: str | None) -> int | None:
    if number is None:
        return None
    if number.isdigit():
        return int(number)
    return chinese_to_int(number)


# Lines that can start a heading: 第…, 一、, (一), 1., 专栏, ——.  Only these become line
# objects, which keeps the outline of a 50 MB text within a few MB.
_CANDIDATE = re.compile(r"^[ \t\f]*(?=[第一二三四五六七八九十(\d专—])", re.M)
_NEXT_TEXT = re.compile(r"\S")


def line_at(text: str, start: int, end: int) -> Line:
    """The line that starts at ``start`` (a line start), cut at ``end``."""
    stop = text.find("\n", start, end)
    stop = end if stop < 0 else stop
    raw = text[start:stop]
    lead = start + len(raw) - len(raw.lstrip())
    return Line(start, start + len(raw.rstrip()), raw.strip(), lead)


def _next_line(text: str, after: int, end: int) -> Line | None:
    m = _NEXT_TEXT.search(text, after, end)
    if m is None:
        return None
    start = text.rfind("\n", 0, m.start()) + 1
    return line_at(text, start, end)


def find_headings(text: str, end: int) -> list[Heading]:
    headings: list[Heading] = []
    width = wrap_width(text)
    for m in _CANDIDATE.finditer(text, 0, end):
        line = line_at(text, m.start(), end)
        if not line.text or is_page_marker(line.text) or is_toc_line(line.text):
            continue
        heading = classify(line)
        if heading is None or (heading.kind in _WEAK_KINDS and _inside_paragraph(text, line.start, width)):
            continue
        _join_continuation(heading, _next_line(text, line.end, end))
        headings.append(heading)
    return drop_toc_repeats(headings, text)


# Numbered items that a line break inside a sentence can fake ("…构建统\n一、高效的…").
_WEAK_KINDS = ("cn_item", "paren_item", "num_item", "paren_num")
_PARAGRAPH_END = re.compile(r"[。；;:：!！?？”)）]\s*$")
LONG_LINE = 20


def wrap_width(text: str, sample: int = 400_000) -> int | None:
    """The width at which a PDF's text was wrapped: the most common length of long lines,
    when many lines share it (else None: the text is not wrapped)."""
    lengths = Counter(len(ln.strip()) for ln in text[:sample].split("\n") if len(ln.strip()) >= LONG_LINE)
    if not lengths:
        return None
    width, count = lengths.most_common(1)[0]
    return width if count >= 5 and count >= 0.2 * sum(lengths.values()) else None


def _inside_paragraph(text: str, line_start: int, width: int | None) -> bool:
    """True when the previous non-blank line runs on into this one: a full-width line of a
    wrapped (PDF) text without closing punctuation, as when "统一" breaks as "统\n一、"."""
    if width is None:
        return False
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        previous = text[start:end].strip()
        if previous:
            return len(previous) >= width - 2 and not _PARAGRAPH_END.search(previous)
        end = start - 1
    return False


def _join_continuation(heading: Heading, nxt: Line | None) -> None:
    """A heading broken over two lines (PDF text): append a short tail line."""
    if nxt is None or heading.kind in ("lead", "num_item", "paren_item", "paren_num", "box"):
        return
    if heading.heading_end < heading.line.end or heading.title.endswith(("。", "…")):
        return
    if len(nxt.text) > rules().continuation_max or re.search(r"[。；;:：!！?？]", nxt.text):
        return
    if classify(nxt) or is_page_marker(nxt.text) or is_toc_line(nxt.text):
        return
    if len(heading.title) < 8:
        return
    heading.title = heading.title + nxt.text
    heading.heading_end = nxt.end


def _visible_chars(text: str, start: int, end: int) -> int:
    if end <= start:
        return 0
    return end - start - sum(text.count(ch, start, end) for ch in " \n\t")


def drop_toc_repeats(headings: list[Heading], text: str) -> list[Heading]:
    """Drop table-of-contents entries that carry no page numbers: a heading whose title
    recurs later and which has (almost) no body text of its own."""
    last: dict[tuple[str, str], int] = {}
    for idx, h in enumerate(headings):
        last[(h.kind, h.title)] = idx
    kept: list[Heading] = []
    for idx, h in enumerate(headings):
        repeated = last[(h.kind, h.title)] != idx and idx + 1 < len(headings)
        if repeated and _visible_chars(text, h.heading_end, headings[idx + 1].line.start) < 20:
            continue
        kept.append(h)
    return kept


def accept_sequences(headings: list[Heading]) -> list[Heading]:
    """Keep numbered headings that continue a sequence of their kind.

    A heading numbered n is accepted when n == 1, or n follows the last accepted
    heading of its kind: numbering that restarts under each parent, and numbering
    that runs on across parents (articles 1.–56. of a 建议, chapters 第一章–第五十章
    across the 篇 of an outline) both pass.
    """
    last: dict[str, int] = {}
    kept: list[Heading] = []
    for h in headings:
        if h.ordinal is None or h.kind == "lead":
            kept.append(h)
            continue
        prev = last.get(h.kind)
        if h.ordinal == 1 or (prev is not None and h.ordinal == prev + 1):
            kept.append(h)
            last[h.kind] = h.ordinal
    return kept


def build_tree(headings: list[Heading], text_end: int) -> list[Section]:
    precedence = rules().precedence
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    for h in headings:
        rank = precedence.index(h.kind)
        title = h.title.strip(" ,，、")
        node = Section(h.kind, h.number, h.ordinal, title, h.line.lead, text_end, h.heading_end)
        while stack and stack[-1][0] >= rank:
            _, closed = stack.pop()
            closed.end = _trim_end(closed.end, node.start)
        if stack:
            stack[-1][1].children.append(node)
        else:
            roots.append(node)
        stack.append((rank, node))
    return roots


def _trim_end(current: int, new_start: int) -> int:
    return min(current, new_start)


def _close_spans(roots: list[Section], body_end: int) -> None:
    """Every section ends where the next section of the same or a higher level starts."""
    for i, node in enumerate(roots):
        end = roots[i + 1].start if i + 1 < len(roots) else body_end
        node.end = min(node.end, end) if node.end < body_end else end
        _close_spans(node.children, node.end)


def outline(text: str, body_end: int | None = None) -> list[Section]:
    """The outline tree of a document's analysis text."""
    end = len(text) if body_end is None else body_end
    headings = accept_sequences(find_headings(text, end))
    roots = build_tree(headings, end)
    _close_spans(roots, end)
    return roots


def count_kinds(roots: list[Section]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for root in roots:
        for node in root.walk():
            counts[node.kind] = counts.get(node.kind, 0) + 1
    return counts
