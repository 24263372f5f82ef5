"""The language knowledge of table rebuilding, loaded from ``data/table_vocab.toml``.

All word lists and patterns live in the data file; this module compiles them once
and offers small predicates (is this cell a unit? an attribute? a 序号?) that the
layout parsers share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from planscope import datafiles

VOCAB_FILE = "table_vocab.toml"

# Header roles a column can play.
ROLES = ("seq", "category", "name", "unit", "attr", "remark", "value",
         "lead", "owner", "co", "deadline", "content", "investment", "period", "place")
# Columns of task and project tables (分工方案, 重大项目表): a header with one of these is
# read with prose cells (a task's text, a list of bodies, a deadline written out).
PROSE_ROLES = ("lead", "owner", "co", "deadline", "content", "place")
PROSE_NAME = 16  # in such a table a longer cell is text, whatever words it holds (确保, 完成 …)

_NUMBER = re.compile(
    r"^[〔\[(“\"]*\s*(?:[<>≥≤=]|约|近|超过|达到?)*\s*[-+−]?\d+(?:[.,]\d+)*"
    r"(?:\s*:\s*\d+(?:\.\d+)?)*\s*(?:%|‰|倍|个百分点)?\s*[〕\])”\"]*\s*"
    r"(?:以上|以下|以内|左右|上下)?$"
)
_RANGE = re.compile(r"^\d+(?:\.\d+)?\s*%?\s*[-~～至到]\s*\d+(?:\.\d+)?\s*%?$")
_SEQ = re.compile(r"^(?P<n>\d{1,5})$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年")
_SPACE_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fff]) (?=\S)|(?<=\S) (?=[\u4e00-\u9fff])")
_PAREN_SUFFIX = re.compile(r"\([^()]*\)?$")


@dataclass(frozen=True)
class Vocab:
    units: frozenset[str]
    attributes: frozenset[str]
    attribute_meanings: dict[str, str]
    header_words: dict[str, frozenset[str]]
    header_keywords: tuple[str, ...]
    category_sure: tuple[re.Pattern[str], ...]
    category_maybe: tuple[re.Pattern[str], ...]
    headings: tuple[re.Pattern[str], ...]
    titles: tuple[re.Pattern[str], ...]
    title_keywords: tuple[str, ...]
    page_markers: tuple[re.Pattern[str], ...]
    note_prefixes: tuple[re.Pattern[str], ...]
    note_items: tuple[re.Pattern[str], ...]
    placeholders: frozenset[str]
    value_words: tuple[str, ...]
    value_patterns: tuple[re.Pattern[str], ...]
    sub_prefixes: tuple[str, ...]
    continued: tuple[re.Pattern[str], ...]
    continued_by: tuple[re.Pattern[str], ...]
    continues_after: tuple[re.Pattern[str], ...]
    item_counts: tuple[re.Pattern[str], ...]
    estimate_marks: tuple[str, ...]
    time_cells: tuple[re.Pattern[str], ...] = ()
    body_cells: tuple[re.Pattern[str], ...] = ()
    body_separators: re.Pattern[str] | None = None
    body_joiners: re.Pattern[str] | None = None

    @cached_property
    def all_units(self) -> frozenset[str]:
        """This file's units and the units the number reader knows (units.toml)."""
        return self.units | _quantity_units()

    # -- cells -------------------------------------------------------------
    def is_unit(self, text: str) -> bool:
        t = text.replace(" ", "")
        if not t or len(t) > 12:
            return False
        units = self.all_units
        if t in units or any(t.startswith(m) and t[len(m):] in units for m in _magnitudes()):
            return True  # 万辆, 亿斤: a magnitude (units.toml) before a unit
        if "/" in t:  # 万元/人, 人/百亿元
            head, _, tail = t.partition("/")
            return "/" not in head and self.is_unit(head) and (tail == "" or self.is_unit(tail))
        return False

    def is_attr(self, text: str) -> bool:
        return text.replace(" ", "") in self.attributes

    def attribute(self, text: str | None) -> str | None:
        """The attribute a cell states (约束性 / 预期性), however it is written; else None."""
        return self.attribute_meanings.get(text.replace(" ", "")) if text else None

    def is_placeholder(self, text: str) -> bool:
        return text.strip() in self.placeholders

    def is_number(self, text: str) -> bool:
        t = text.strip()
        return bool(_NUMBER.match(t) or _RANGE.match(t))

    def is_value_phrase(self, text: str) -> bool:
        """Text that states a target: '完成省市下达任务', '年均增长8%以上', '省目标'."""
        if any(w in text for w in self.value_words):
            return True
        return any(p.search(text) for p in self.value_patterns)

    def is_value(self, text: str) -> bool:
        """A cell that holds a value: a number, a placeholder or a target phrase."""
        t = text.strip()
        if not t:
            return False
        return self.is_number(t) or self.is_placeholder(t) or self.is_value_phrase(t)

    def is_name_like(self, text: str) -> bool:
        """Text that reads like an indicator name: not a value, unit or attribute."""
        t = text.strip()
        if not t or self.is_attr(t) or self.is_unit(t) or self.is_value(t):
            return False
        return not self.is_note(t)

    def category(self, text: str, sure_only: bool = False) -> tuple[str, int | None] | None:
        """(name, declared count) when ``text`` reads as a category row."""
        t = text.strip()
        for pat in self.category_sure:
            m = pat.match(t)
            if m:
                return m.group("name").strip(), int(m.group("count"))
        if sure_only:
            return None
        for pat in self.category_maybe:
            m = pat.match(t)
            if m:
                return m.group("name").strip(), None
        return None

    # -- lines -------------------------------------------------------------
    def is_heading(self, text: str) -> bool:
        t = text.strip()
        return any(p.match(t) for p in self.headings)

    def title(self, text: str) -> tuple[str, str] | None:
        """(number, title) of a title line such as '专栏1:…' or '表2 …'."""
        t = text.strip()
        for pat in self.titles:
            m = pat.match(t)
            if m:
                return re.sub(r"\s+", "", m.group("number")), m.group("title").strip()
        return None

    def is_page_marker(self, text: str) -> bool:
        t = text.strip()
        return bool(t) and any(p.match(t) for p in self.page_markers)

    def is_continued(self, text: str) -> bool:
        """A caption of a table continued from the previous page ('续表1')."""
        t = text.strip()
        return any(p.match(t) for p in self.continued)

    def is_note(self, text: str) -> bool:
        t = text.strip()
        return any(p.match(t) for p in self.note_prefixes)

    def wraps_between(self, before: str, after: str) -> bool:
        """Whether ``after`` plainly goes on from ``before`` in one cell ('1.58' + '左右')."""
        return any(p.match(after) for p in self.continued_by) or any(p.search(before) for p in self.continues_after)

    def is_item_count(self, text: str) -> bool:
        """'(5项)': a category's declared count on a line of its own."""
        t = text.strip()
        return any(p.match(t) for p in self.item_counts)

    def is_note_item(self, text: str) -> bool:
        t = text.strip()
        return any(p.match(t) for p in self.note_items)

    # -- prose tables (tasks, projects) -----------------------------------------
    def prose_header(self, cells: list[str]) -> bool:
        """Whether header cells name a column of a task or project table (牵头单位, 完成时限,
        建设内容 …), whose cells may be whole sentences."""
        return any(self.header_role(c) in PROSE_ROLES for c in cells)

    def is_time_cell(self, text: str) -> bool:
        """A deadline as a task table writes it: '2023年10月底前', '长期坚持', '每季度'."""
        t = text.strip()
        return bool(t) and any(p.match(t) for p in self.time_cells)

    def is_body_cell(self, text: str) -> bool:
        """A list of bodies: '市发改委、市财政局', '各县市区政府等'."""
        t = text.strip().removesuffix("等单位").removesuffix("等部门").rstrip("等")
        if not t or "。" in t or self.body_separators is None:
            return False
        parts = [p for p in _split_outside_brackets(t, self.body_separators) if p]
        return bool(parts) and all(self._body(p) or self._joined_bodies(p) for p in parts)

    def _body(self, text: str) -> bool:
        return any(b.match(text) for b in self.body_cells)

    def _joined_bodies(self, text: str) -> bool:
        """'市级各有关部门及各县市区政府': bodies joined by 和/及 (never inside a name here: the whole is none)."""
        if self.body_joiners is None:
            return False
        parts = [p for p in self.body_joiners.split(text) if p]
        return len(parts) > 1 and all(self._body(p) for p in parts)

    def prose_kind(self, text: str) -> str | None:
        """The kind of a cell of a prose table, where it says more than the indicator kinds:
        'time', 'body', or 'text' for a long cell; None to read it as any table's cell."""
        if self.is_time_cell(text):
            return "time"
        if self.is_body_cell(text):
            return "body"
        return "text" if len(text.strip()) > PROSE_NAME and not self.is_number(text) else None

    # -- header cells --------------------------------------------------------
    def header_role(self, text: str) -> str | None:
        """The role of a header cell, or None for value columns and non-headers."""
        key = header_key(text)
        for role, words in self.header_words.items():
            if key in words:
                return role
        return None

    def is_header_cell(self, text: str) -> bool:
        t = clean_header(text)
        if not t or len(t) > 24:
            return False
        if self.header_role(t) is not None:
            return True
        if _YEAR_WORD.search(t) or _YEAR.fullmatch(t.strip("()[]〔〕")):
            return True
        return any(w in t for w in self.header_keywords)


@lru_cache(maxsize=1)
def _quantity_units() -> frozenset[str]:
    """The units the number reader knows (units.toml): a table's unit cell may hold any."""
    from planscope.extraction.quantities import vocab as quantity_vocab

    return frozenset(quantity_vocab().units)


@lru_cache(maxsize=1)
def _magnitudes() -> tuple[str, ...]:
    from planscope.extraction.quantities import vocab as quantity_vocab

    return tuple(sorted(quantity_vocab().magnitudes, key=len, reverse=True))


def header_key(text: str) -> str:
    """A header cell reduced for lookup: no spaces, no parenthesised suffix."""
    t = clean_header(text)
    t = _PAREN_SUFFIX.sub("", t) if not t.startswith("(") else t
    return t.replace(" ", "")


def clean_header(text: str) -> str:
    """Header text with wrapped pieces joined and spaced-out characters closed up."""
    t = " ".join(text.split())
    return _SPACE_IN_CJK.sub("", t)


SEQ_PLAIN_MAX = 999  # a larger 序号 counts only where the sequence has reached it (a year is no 序号)


def is_seq(text: str, expected: int | None = None) -> bool:
    return seq_number(text, expected) is not None


def seq_number(text: str, expected: int | None = None) -> int | None:
    """The number of a 序号 cell as tables write it (3, 3., 3、, (3)); None for anything else.
    Numbers above 999 (2025 may be a year) count only when ``expected`` — the next number of
    the sequence being read — is that large too."""
    t = text.strip()
    for pattern in _seq_patterns():
        m = pattern.match(t)
        if m:
            n = int(m.group("n"))
            if n > SEQ_PLAIN_MAX and (expected is None or expected <= SEQ_PLAIN_MAX):
                return None
            return n
    return None


@lru_cache(maxsize=1)
def _seq_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(g["regex"]) for g in load_raw().get("seq_pattern", [])) or (_SEQ,)


def is_year(text: str) -> bool:
    t = text.strip().rstrip("年")
    return bool(_YEAR.fullmatch(t))


def balance_parens(text: str) -> str:
    """Close a parenthesis that PDF extraction dropped: '年均增长(%' -> '年均增长(%)'."""
    opened = text.count("(") - text.count(")")
    return text + ")" * opened if opened > 0 else text


def _words(groups: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for g in groups:
        out.extend(g.get("words", []))
    return out


def _regexes(groups: list[dict[str, Any]]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(g["regex"]) for g in groups)


def load_raw() -> dict[str, Any]:
    """The parsed TOML file, for validation in tests."""
    return datafiles.raw(VOCAB_FILE)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    raw = load_raw()
    header_words: dict[str, set[str]] = {role: set() for role in ROLES}
    for group in raw.get("header", []):
        header_words[group["role"]].update(group["words"])
    cats = raw.get("category_pattern", [])
    return Vocab(
        units=frozenset(_words(raw.get("unit", []))),
        attributes=frozenset(_words(raw.get("attribute", []))),
        attribute_meanings={w: g["means"] for g in raw.get("attribute", []) for w in g["words"]},
        header_words={k: frozenset(v) for k, v in header_words.items()},
        header_keywords=tuple(_words(raw.get("header_keyword", []))),
        category_sure=_regexes([g for g in cats if g.get("sure")]),
        category_maybe=_regexes([g for g in cats if not g.get("sure")]),
        headings=_regexes(raw.get("heading_pattern", [])),
        titles=_regexes(raw.get("title_pattern", [])),
        title_keywords=tuple(_words(raw.get("title_keyword", []))),
        page_markers=_regexes(raw.get("page_marker", [])),
        note_prefixes=_regexes(raw.get("note_prefix", [])),
        note_items=_regexes(raw.get("note_item", [])),
        placeholders=frozenset(_words(raw.get("placeholder", []))),
        value_words=tuple(_words(raw.get("value_word", []))),
        value_patterns=_regexes(raw.get("value_pattern", [])),
        sub_prefixes=tuple(_words(raw.get("sub_row_prefix", []))),
        continued=_regexes(raw.get("continued_marker", [])),
        continued_by=_regexes(raw.get("continued_by", [])),
        continues_after=_regexes(raw.get("continues_after", [])),
        item_counts=_regexes(raw.get("item_count", [])),
        estimate_marks=tuple(_words(raw.get("estimate_mark", []))),
        time_cells=_regexes([g for g in raw.get("cell_kind", []) if g["kind"] == "time"]),
        body_cells=_regexes([g for g in raw.get("cell_kind", []) if g["kind"] == "body"]),
        body_separators=_separators(raw.get("cell_kind", []), "separators"),
        body_joiners=_separators(raw.get("cell_kind", []), "joiners"),
    )


def _split_outside_brackets(text: str, separators: re.Pattern[str]) -> list[str]:
    """``text`` cut at the separators that stand outside brackets (各县（市、区）政府 is one name)."""
    out, pos, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
        if depth == 0 and i >= pos:
            m = separators.match(text, i)
            if m is not None and m.end() > i:
                out.append(text[pos:i])
                pos = m.end()
    out.append(text[pos:])
    return out


def _separators(groups: list[dict[str, Any]], key: str) -> re.Pattern[str] | None:
    words = sorted((w for g in groups if g["kind"] == "body" for w in g.get(key, [])), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None
