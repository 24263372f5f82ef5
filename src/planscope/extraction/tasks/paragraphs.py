"""The paragraphs of a document's running text, as the task reader sees them.

A paragraph is a line, or lines a PDF broke inside one sentence joined again; it is
``text``, a ``units`` line (``责任单位：…``, ``牵头单位：…；配合单位：…``), a ``deadline``
line (``完成时限：…``) or a ``convention`` (``注：列第一位者为牵头单位``).  A text paragraph
that ends with a parenthesis naming units (``…（市发改委牵头，市财政局配合）``) carries
that clause and its span.  Tables and 专栏 boxes are read elsewhere: their spans are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planscope.extraction.tasks.model import phrases
from planscope.extraction.tasks.units import Clause, UnitReader, trailing_parenthesis
from planscope.structure.outline import is_page_marker, is_toc_line, opens_heading, wrap_width

WIDTH_SLACK = 2  # a line this much shorter than the wrap width still fills it (a wide character at its end)
_DONE = re.compile(r"[。;!?！？；:：」』”)]\s*$")


@dataclass
class Para:
    start: int
    end: int
    text: str
    kind: str = "text"  # text | units | deadline | convention
    clause: Clause | None = None  # the units the paragraph names (a unit line, a closing parenthesis)
    clause_start: int | None = None  # where that parenthesis (or the unit line's list) begins
    clause_end: int | None = None
    clause_inside: bool = False  # the parenthesis stands inside the words (after the title), not at their end


def paragraphs(text: str, end: int, skip: list[tuple[int, int]], reader: UnitReader) -> list[Para]:
    """The paragraphs of ``text`` up to ``end``, outside the ``skip`` spans.  Where the text was
    broken at a fixed width (PDF text), a full line that does not finish its sentence goes on
    in the next."""
    out: list[Para] = []
    width = wrap_width(text)
    for start, stop in _lines(text, end, skip):
        line = text[start:stop]
        if width is not None and out and _continues(out[-1], line, width):
            out[-1] = Para(out[-1].start, stop, text[out[-1].start:stop])
            continue
        out.append(Para(start, stop, line))
    for para in out:
        _classify(para, reader)
    return out


def _lines(text: str, end: int, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    skip = sorted(skip)
    k = 0
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        raw = text[pos:stop]
        body = raw.strip()
        lead = pos + len(raw) - len(raw.lstrip())
        while k < len(skip) and skip[k][1] <= lead:
            k += 1
        inside = k < len(skip) and skip[k][0] <= lead < skip[k][1]
        if body and not inside and not is_page_marker(body) and not is_toc_line(body):
            spans.append((lead, lead + len(body)))
        pos = stop + 1
    return spans


def _continues(prev: Para, line: str, width: int) -> bool:
    """A line a PDF broke inside a sentence: the one before fills the width and is
    unfinished, and this one opens no heading and names no units or deadline."""
    last = prev.text[prev.text.rfind("\n") + 1:]
    if len(last) < width - WIDTH_SLACK or _DONE.search(last) or opens_heading(line):
        return False
    p = phrases()
    return not (p.units.label_re.match(line) or p.deadlines.label_re.match(line))


def _classify(para: Para, reader: UnitReader) -> None:
    p = phrases()
    body = para.text
    unit_label = p.units.label_re.match(body)
    if unit_label is not None or p.deadlines.label_re.match(body):
        clause = reader.clause(body, para.start, strict=False)
        if clause is not None:
            para.kind = "units" if clause.names_units else "deadline"
            para.clause, para.clause_start, para.clause_end = clause, para.start, para.end
            return
    found = trailing_parenthesis(body)
    if found is not None:
        a, b = found
        clause = reader.clause(body[a + 1:b], para.start + a + 1)
        if clause is not None and clause.names_units:
            para.clause, para.clause_start, para.clause_end = clause, para.start + a, para.start + b + 1
            return
        if clause is not None and clause.convention and a == 0:
            para.kind, para.clause = "convention", clause
            return
    if _labelled_inside(para, body, reader):
        return
    if p.first_leads.search(body) and len(body) <= 80:
        para.kind = "convention"
        para.clause = Clause(convention=True, carries_on=True)


_PAREN = re.compile(r"\(([^()]*)\)")


def _labelled_inside(para: Para, body: str, reader: UnitReader) -> bool:
    """A parenthesis inside the words that opens with a unit label: ``1.推进学前教育普及普惠
    （责任单位：县教体局、县财政局）。新建……``."""
    for m in _PAREN.finditer(body):
        if phrases().units.label_re.match(m.group(1).lstrip()) is None:
            continue
        clause = reader.clause(m.group(1), para.start + m.start(1), strict=False)
        if clause is not None and clause.names_units:
            para.clause, para.clause_start, para.clause_end = clause, para.start + m.start(), para.start + m.end()
            para.clause_inside = True
            return True
    return False
