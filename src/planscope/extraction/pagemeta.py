"""The metadata rows of a web page: "索引号：…  主题分类：…  发布机构：…  成文日期：…".

Government pages put a table or a line of "key：value" pairs above or below the title
(政府信息公开 tables; 发布时间/来源/浏览次数 info lines).  They are facts about the page
-- who published it, when it was written -- and never its title.  The keys live in
``data/document_facts.toml`` ([page_meta]).

``meta_pairs`` finds the pairs on one line, with the span of each value, whatever
separates them (tabs from a copied table, runs of spaces, ideographic spaces, one
space from the HTML reader).  Both the HTML reader (to keep a page's metadata block)
and the document facts (to read issuer and date, and to skip these lines as titles)
use it, so a page read as HTML and the same page copied as text give the same facts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from planscope import datafiles


@dataclass(frozen=True)
class MetaPair:
    key: str
    value: str
    start: int  # of the value, in the line
    end: int


@dataclass(frozen=True)
class MetaWords:
    pattern: re.Pattern[str]
    issuer_keys: tuple[str, ...]
    source_keys: tuple[str, ...]
    date_keys: tuple[str, ...]
    publication_keys: tuple[str, ...]
    title_keys: tuple[str, ...]
    value_shapes: dict[str, re.Pattern[str]]

    def fits(self, key: str, value: str) -> bool:
        """Whether ``value`` looks like a value of ``key`` (any value does for keys
        without a shape)."""
        shape = self.value_shapes.get(key)
        return shape is None or bool(shape.search(value))


@lru_cache(maxsize=1)
def meta_words() -> MetaWords:
    raw = datafiles.raw("document_facts.toml")["page_meta"]
    keys = sorted(raw["keys"], key=len, reverse=True)  # longest first: 发布日期 before 发布
    alternation = "|".join(re.escape(k) for k in keys)
    # A key at the start of the line or after a separator, then a colon; 【字号：…】 too.
    pattern = re.compile(rf"(?:^|(?<=[\s\u3000|｜【\[]))({alternation})\s*[:：]")
    shapes = {k: re.compile(v) for k, v in raw["value_shapes"].items()}
    return MetaWords(pattern, tuple(raw["issuer_keys"]), tuple(raw["source_keys"]), tuple(raw["date_keys"]),
                     tuple(raw["publication_keys"]), tuple(raw["title_keys"]), shapes)


def meta_pairs(line: str) -> list[MetaPair]:
    """The "key：value" pairs of a line of page metadata (empty for any other line).

    A line is metadata when it starts with a key (after brackets or a bullet) and
    every key found is followed by its value up to the next key."""
    words = meta_words()
    found = list(words.pattern.finditer(line))
    if not found or line[:found[0].start()].strip(" \t\u3000【[|｜·•"):
        return []
    pairs = []
    for i, m in enumerate(found):
        stop = found[i + 1].start() if i + 1 < len(found) else len(line)
        raw = line[m.end():stop]
        value = raw.strip(" \t\u3000|｜【】[]")
        start = m.end() + raw.find(value) if value else m.end()
        pairs.append(MetaPair(m.group(1).replace(" ", ""), value, start, start + len(value)))
    return pairs


def is_meta_line(line: str) -> bool:
    return bool(meta_pairs(line))


def count_keys(text: str) -> int:
    """How many metadata keys (with their colon) a piece of text holds."""
    return len(meta_words().pattern.findall(text))


class _LineLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def lead(self) -> int: ...


@dataclass(frozen=True)
class MetaRow:
    key: str
    value: str
    start: int  # of the value, in the whole text
    end: int


def meta_rows(lines: Sequence[_LineLike]) -> tuple[list[MetaRow], set[int]]:
    """The metadata rows among ``lines`` (value spans in the whole text), and the
    indexes of lines that hold only a value.

    A key alone on its line ("发布机构：") takes the next line as its value when the page
    lays every key out that way (two such keys or more: <dt>/<dd> pages, a table copied
    one cell per line); a single empty key keeps its empty value, as 发文字号： often
    stands empty right above the headline; a line that does not look like the key's
    value (data/document_facts.toml value_shapes) is never taken for it."""
    words = meta_words()
    pairs = [meta_pairs(line.text) for line in lines]
    alone = [i for i, p in enumerate(pairs)
             if p and not p[-1].value and i + 1 < len(lines) and not pairs[i + 1] and lines[i + 1].text
             and words.fits(p[-1].key, lines[i + 1].text)]
    stacked = len(alone) >= 2
    rows: list[MetaRow] = []
    value_lines: set[int] = set()
    for i, (line, found) in enumerate(zip(lines, pairs, strict=True)):
        for pair in found:
            if pair.value:
                rows.append(MetaRow(pair.key, pair.value, line.lead + pair.start, line.lead + pair.end))
        if stacked and i in alone:
            nxt = lines[i + 1]
            rows.append(MetaRow(found[-1].key, nxt.text, nxt.lead, nxt.lead + len(nxt.text)))
            value_lines.add(i + 1)
    return rows, value_lines
