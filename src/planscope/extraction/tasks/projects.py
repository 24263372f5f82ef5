"""Major projects in 专栏 boxes written as text (``专栏3 “十五五”交通重大项目`` and its items).

A box runs from its title line to the next heading of the outline (第X章/节, 一、, (一)) or the
next box or table title.  A box whose title names projects (重大工程, 重点项目 … : data) gives
one project per item: its numbered lines (``1.铁路：推进……``), or, without numbers, each line
(``续建工程：……``), or each row of cells apart by runs of spaces (``航空    ……``).  Each
project keeps its name (the run-in title), its content, and — where labelled — its
investment (``总投资约12亿元``: value, unit and yuan), period (``建设期限：2023—2025年``, or
the years it names) and place (``建设地点：青水县``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planscope.extraction.quantities import find_quantities, in_base_units
from planscope.extraction.tasks.deadlines import find_period, read_cell
from planscope.extraction.tasks.model import Amount, Deadline, Field, Project, alternation, phrases
from planscope.structure.outline import classify, line_at
from planscope.structure.tables.vocab import vocab as table_vocab

_ITEM = re.compile(r"^(?:\d{1,2}\s*[.、](?!\d)|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}、|[①-⑳])\s*")
_CELLS = re.compile(r"[ \t]{2,}|\t")
STRUCTURAL = ("part", "chapter", "section", "cn_item", "paren_item")
LABEL_GAP = 6  # characters between a label and its value (约, 为, a colon)


@dataclass(frozen=True)
class Box:
    number: str
    title: str
    start: int  # the title line
    body: int  # after the title line
    end: int
    projects: bool  # the title names projects


@dataclass(frozen=True)
class Item:
    text: str
    start: int
    end: int
    number: str | None
    cells: tuple[tuple[str, int], ...] = ()  # a row of cells apart by runs of spaces


def find_boxes(text: str, end: int) -> list[Box]:
    """Every 专栏 box of the text, with its span."""
    v = table_vocab()
    boxes: list[Box] = []
    for m in re.finditer(r"^[ \t]*专栏", text[:end], re.M):
        line = line_at(text, m.start(), end)
        found = v.title(line.text)
        if found is None or not found[0].startswith("专栏"):
            continue
        number, title = found
        stop = _box_end(text, line.end, end)
        boxes.append(Box(number, title, line.lead, min(line.end + 1, stop), stop,
                         bool(phrases().box_words.search(title))))
    last = {b.number: b.start for b in boxes}
    return [b for b in boxes if last[b.number] == b.start]  # a box named again later: the first is its contents entry


def _box_end(text: str, after: int, end: int) -> int:
    v = table_vocab()
    pos = after
    while pos < end:
        nl = text.find("\n", pos + 1, end)
        start = pos + 1
        stop = end if nl < 0 else nl
        line = line_at(text, start, stop) if start < stop else None
        if line is not None and line.text:
            heading = classify(line)
            if (heading is not None and heading.kind in STRUCTURAL) or v.title(line.text) is not None:
                return line.start
        if nl < 0:
            return end
        pos = nl
    return end


def items(text: str, box: Box) -> list[Item]:
    """The box's items: numbered lines (and the lines that go on from them), else each line."""
    lines = [line_at(text, s, e) for s, e in _line_spans(text, box.body, box.end)]
    lines = [ln for ln in lines if ln.text and not _header_row(ln.text)]
    numbered = [ln for ln in lines if _ITEM.match(ln.text)]
    out: list[Item] = []
    if numbered:
        for ln in lines:
            m = _ITEM.match(ln.text)
            if m is not None:
                out.append(Item(ln.text[m.end():], ln.lead + m.end(), ln.end, m.group(0).strip()))
            elif out:  # a line going on from the item above
                last = out[-1]
                out[-1] = Item(text[last.start:ln.end], last.start, ln.end, last.number)
        return out
    for ln in lines:  # no numbers: a line that names its project (续建工程：…) or a row of cells
        cells = tuple((c, ln.lead + a) for c, a in _cells(ln.text))
        if len(cells) > 1 or _run_in_name(ln.text):
            out.append(Item(ln.text, ln.lead, ln.end, None, cells if len(cells) > 1 else ()))
    return out


def _run_in_name(text: str) -> bool:
    p = phrases()
    cut = min((i for i in (text.find(e) for e in p.title_ends) if i > 0), default=-1)
    return 0 < cut <= p.title_max and cut < len(text) - 1


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        spans.append((pos, stop))
        pos = stop + 1
    return spans


def _cells(line: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for m in _CELLS.finditer(line):
        if m.start() > pos:
            out.append((line[pos:m.start()], pos))
        pos = m.end()
    if pos < len(line):
        out.append((line[pos:], pos))
    return out


def _header_row(line: str) -> bool:
    cells = [c for c, _ in _cells(line)]
    v = table_vocab()
    return len(cells) > 1 and all(v.header_role(c) is not None for c in cells)


# ---------------------------------------------------------------------------------------
# A project's fields
# ---------------------------------------------------------------------------------------


def project_of(item: Item, doc_year: int | None) -> Project:
    if item.cells:  # 类型 | 项目名称 …: the first cell names, the rest is the content
        (name, at), rest = item.cells[0], item.cells[1:]
        first, last = rest[0], rest[-1]
        content = Field(item.text[first[1] - item.start:last[1] - item.start + len(last[0])], first[1],
                        last[1] + len(last[0]))
        return Project(Field(name, at, at + len(name)), content, None, None, None)
    title, body = _name_and_content(item)
    return Project(title, body, investment(item.text, item.start), period(item.text, item.start, doc_year),
                   labelled(item.text, item.start, "place"))


def _name_and_content(item: Item) -> tuple[Field | None, Field | None]:
    p = phrases()
    cut = min((i for i in (item.text.find(e) for e in p.title_ends) if i > 0), default=-1)
    if 0 < cut <= p.title_max:
        name = Field(item.text[:cut].strip(), item.start, item.start + len(item.text[:cut].rstrip()))
        rest = item.text[cut + 1:]
        lead = len(rest) - len(rest.lstrip())
        body = rest.strip()
        at = item.start + cut + 1 + lead
        return name, Field(body, at, at + len(body)) if body else None
    return None, Field(item.text, item.start, item.end)


def investment(text: str, start: int) -> Amount | None:
    """An amount in yuan after an investment label (总投资约12亿元, 计划投资3.5亿元)."""
    labels = phrases().project_labels["investment"]
    base = phrases().investment_base
    for m in re.finditer(alternation(labels), text):
        window = text[m.end(): m.end() + LABEL_GAP + 20]
        for q in find_quantities(window):
            if q.is_year or q.unit_base != base or q.start > LABEL_GAP:
                continue
            at = start + m.end() + q.start
            yuan = in_base_units(q, q.value) if q.value is not None else None
            return Amount(q.raw, at, at + len(q.raw), q.value, q.unit, yuan, q.comparator)
    return None


def period(text: str, start: int, doc_year: int | None) -> Deadline | None:
    """The project's years: labelled (建设期限：2023—2025年), else the span of years it names."""
    found = labelled(text, start, "period")
    if found is not None:
        return read_cell(found.text, found.start, doc_year)
    return find_period(text, start)


def labelled(text: str, start: int, what: str) -> Field | None:
    """The value after a label (建设地点：青水县), up to the clause's end."""
    labels = phrases().project_labels[what]
    m = re.search(r"(?:" + alternation(labels) + r")\s*(?:为|在|:)?\s*", text)
    if m is None:
        return None
    stop = re.search(r"[,;。，；)]", text[m.end():])
    value = text[m.end(): m.end() + (stop.start() if stop else len(text) - m.end())].strip()
    if not value:
        return None
    at = start + text.index(value, m.end())
    return Field(value, at, at + len(value))
