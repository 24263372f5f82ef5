"""The canonical indicator catalogue, and a matcher from the names plans use to its ids.

The catalogue is data (``planscope/data/indicators.toml``): one entry per indicator with
its standard Chinese name, the aliases real plans, bulletins and reports use, its unit,
group, direction and kind, and the source of the name. ``load_catalogue()`` reads and
validates it once; ``Catalogue.match(name)`` resolves a name as written in a document:

1. normalise (``normalize_name``): half-width, lower case, no spaces or punctuation, no
   footnote marks (``[1]``, ``①``), no parenthesised text (units such as ``(%)``, ``（亿元）``,
   glosses such as ``(GDP)``, ``（助理）``);
2. exact: the name is an alias (or the standard name) of one indicator; failing that, the
   name without a leading scope word (全市, 全省, 全社会, 城乡, 年末 …) is;
3. contains: the name ends with an alias after a short qualifier (``示例港货物吞吐量``);
4. fuzzy: ``rapidfuzz`` ratio against the aliases, at or above ``THRESHOLD``.

Steps 3 and 4 never cross a *measure*: the ending of a name (增长/增速 → growth,
比重/占比/率/强度 → share, 降低/下降/降幅 → change, 数/数量 → count, otherwise level) must
suit the indicator's kind, so 研发经费投入, 研发经费投入增长率 and 研发经费投入强度 never
stand in for each other; and qualifiers must agree (人均, 每千人, 单位, 新增, 城镇/农村,
第一/第二/第三产业, 外资/内资, 收入/支出 …), so 人均GDP is not GDP.

Traditional script is not handled here: documents are converted to Simplified before
their names reach the matcher (``planscope.reading.text``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from planscope import datafiles
from planscope.extraction import footnotes

__all__ = [
    "CATEGORIES",
    "DIRECTIONS",
    "KINDS",
    "THRESHOLD",
    "UNIT_BASES",
    "Catalogue",
    "Indicator",
    "Match",
    "check_data",
    "load_catalogue",
    "load_raw",
    "measure_class",
    "normalize_name",
]

CATALOGUE_FILE = "indicators.toml"

# Fuzzy score (rapidfuzz ``fuzz.ratio``, 0-100) a name needs to match an alias of the same
# measure and qualifiers. Chosen with bench/catalogue_threshold.py: the 435 distinct
# indicator names annotated in shared/eval (targets, actuals, table rows) and 129
# hand-labelled names (84 that should match an indicator, 45 false friends and unrelated
# names that should not):
#
#   threshold   annotated names matched   of which fuzzy   labelled wrong   labelled missed
#       60                176                   12               16                0
#       70                170                    6               10                0
#       75                168                    4                9                0
#       80                166                    2                4                0
#       85                164                    0                0                0
#       90                164                    0                0                2
#       95                164                    0                0               16
#
# 85 is the only threshold with neither a wrong nor a missed labelled name. The wrong
# matches just below it score 80-82.8 (农村居民人均纯收入 → 农村居民人均可支配收入,
# 每千人口拥有养老床位数 → 每千人口托位数, 通过认定国家高新技术企业数 → 高新技术企业数,
# 城乡基本养老保险参保及待遇享受人数 → 基本养老保险参保人数); the lowest correct fuzzy
# matches score 88.9 and 89.7 (进出口总额年均增速, 地表水省考以上断面水质优良比例) and are
# lost at 90. Add aliases for forms seen in documents rather than lowering the threshold.
THRESHOLD = 85.0

UNIT_BASES = frozenset(
    ("yuan", "percent", "pp", "persons", "years", "count", "tonnes", "hectares", "mu", "ug_m3", "ratio", "index",
     "other")
)  # fmt: skip
CATEGORIES = frozenset({"经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"})
DIRECTIONS = frozenset({"up", "down", "target"})
KINDS = frozenset({"level", "share", "growth_rate", "change", "count", "ratio", "rank"})
FIELDS = ("id", "zh", "en", "aliases", "unit", "unit_base", "category", "direction", "kind", "source")
MIN_ENTRIES = 130

# ---------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------

# Footnote marks, removed before NFKC (which would turn ① into a digit).
_FOOTNOTE = footnotes.IN_NAME_RX
# Parenthesised text (after NFKC: （）→(), ［］→[]); applied until nothing changes (nesting).
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|〔[^〔〕]*〕|【[^【】]*】|<[^<>]*>|〈[^〈〉]*〉")
_OPEN_TAIL = re.compile(r"[(\[〔【<〈][^)\]〕】>〉]*$")  # a bracket left open by a wrapped table cell
_DROP = re.compile(r"[\s,，、:：;；.。·•・\"'“”‘’《》「」『』!！?？/\\|_~\-—–－…%‰]+")

# Leading scope words that do not change the quantity, removed when the full name is not
# itself an alias (城乡居民收入比 stays whole; 城乡基本养老保险参保率 may lose 城乡).
SCOPE_PREFIXES = (
    "全社会", "全市", "全省", "全县", "全区", "全国", "全域", "我市", "本市", "我省", "本省",
    "我县", "本县", "我区", "本区", "城乡", "城区", "年末", "全年", "市域", "其中",
)  # fmt: skip


def normalize_name(name: str) -> str:
    """The comparison form of an indicator name: see the module docstring."""
    text = _FOOTNOTE.sub("", name)
    text = unicodedata.normalize("NFKC", text).lower()
    previous = None
    while previous != text:
        previous, text = text, _BRACKETED.sub("", text)
    text = _OPEN_TAIL.sub("", text)
    return _DROP.sub("", text)


def _scope_variants(norm: str) -> list[str]:
    """``norm`` and the forms left after removing leading scope words, longest first."""
    out = [norm]
    current = norm
    changed = True
    while changed:
        changed = False
        for prefix in SCOPE_PREFIXES:
            if current.startswith(prefix) and len(current) > len(prefix) + 1:
                current = current[len(prefix) :]
                out.append(current)
                changed = True
                break
    return out


# ---------------------------------------------------------------------------------------
# Measure classes and qualifiers
# ---------------------------------------------------------------------------------------

_ENDINGS: dict[str, tuple[str, ...]] = {
    "growth": ("年均增长率", "年均增长", "年均增速", "增长速度", "增长率", "增速", "增长", "增幅", "涨幅", "上涨"),
    "change": ("降低率", "下降率", "降低", "下降", "降幅", "减少", "减排", "增量", "增加", "提高"),
    "share": (
        "比重", "占比", "比例", "比率", "强度", "覆盖率", "普及率", "贡献率", "依存度", "首位度", "满意度",
        "安全感", "率", "之比",
    ),
    "index": ("指数", "cpi"),
    "level": ("系数", "生产率"),
    "count": ("数量", "总数", "个数", "数"),
}  # fmt: skip
_ENDING_CLASS = {e: c for c, es in _ENDINGS.items() for e in es}
_ENDING_LENGTHS = sorted({len(e) for e in _ENDING_CLASS}, reverse=True)

# Which indicator kinds a name of each measure class may stand for.
ACCEPTS: Mapping[str, frozenset[str]] = {
    "growth": frozenset({"growth_rate"}),
    "change": frozenset({"change"}),
    "share": frozenset({"share", "ratio"}),
    "count": frozenset({"count", "level", "ratio"}),
    "level": frozenset({"level", "count", "ratio", "rank"}),
    "index": frozenset({"level", "ratio", "growth_rate"}),
}

# Qualifiers that make a different quantity of the same words: 人均GDP is not GDP, the
# urban income is not the rural one, the primary sector's share is not the tertiary's.
_QUALIFIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("per_capita", ("人均", "每", "万人", "千人")),
    ("per_unit", ("单位", "万元", "亿元")),
    ("new", ("新增", "新上市", "新建", "新认定", "新获批", "新引进", "新开工")),
    ("elderly", ("老年人", "老人")),
    ("urban", ("城镇", "城市", "城区")),
    ("rural", ("农村", "乡村", "农民")),
    ("primary", ("第一产业", "一产")),
    ("secondary", ("第二产业", "二产")),
    ("tertiary", ("第三产业", "三产", "服务业")),
    ("foreign", ("外资", "外商")),
    ("domestic", ("内资",)),
    ("income", ("收入",)),
    ("spending", ("支出",)),
)
# Words before an alias that make the name a flow or a subset of the alias's quantity
# (通过认定国家高新技术企业数 is not 高新技术企业数); they stop the "contains" step.
_FLOW_WORDS = ("新", "认定", "通过", "入选", "获批", "引进", "培育", "完成", "建成", "累计", "改造")

# With a kind hint, the endings tried on a bare name (地区生产总值 + 增长 → GDP growth).
_HINT_ENDINGS: Mapping[str, tuple[str, ...]] = {
    "growth_rate": ("增长", "增速", "增长率", "年均增长"),
    "change": ("降低", "下降", "降幅", "增量", "增加"),
    "share": ("比重", "占比"),
}

CONTAINS_MAX_PREFIX = 4  # characters allowed before an alias in the "contains" step


def measure_class(norm: str) -> str:
    """growth | change | share | index | count | level, from the ending of a normalised name."""
    for length in _ENDING_LENGTHS:
        cls = _ENDING_CLASS.get(norm[-length:])
        if cls is not None:
            return cls
    return "level"


_QUALIFIER_OF = {w: q for q, words in _QUALIFIERS for w in words}
_QUALIFIER_WORDS = re.compile("|".join(sorted(map(re.escape, _QUALIFIER_OF), key=len, reverse=True)))


def _qualifiers(norm: str) -> frozenset[str]:
    return frozenset(_QUALIFIER_OF[w] for w in _QUALIFIER_WORDS.findall(norm))


# ---------------------------------------------------------------------------------------
# Data classes
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    aliases: tuple[str, ...]
    unit: str
    unit_base: str
    category: str
    direction: str
    kind: str
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """The standard name followed by the aliases."""
        return (self.zh, *self.aliases)


@dataclass(frozen=True)
class Match:
    indicator: Indicator
    score: float  # 100 for an alias; the share of the name the alias covers; the fuzzy ratio
    method: str  # "alias" (exact after normalisation) | "contains" | "fuzzy"


# ---------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------


class Catalogue:
    """The indicators, by id, with a name matcher. Build with ``load_catalogue()``."""

    def __init__(self, indicators: list[Indicator], threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._by_id: dict[str, Indicator] = {}
        self._exact: dict[str, Indicator] = {}
        for ind in indicators:
            if ind.id in self._by_id:
                raise ValueError(f"indicator id {ind.id!r} appears twice")
            self._by_id[ind.id] = ind
            for name in ind.names:
                norm = normalize_name(name)
                other = self._exact.setdefault(norm, ind)
                if other is not ind:
                    raise ValueError(f"alias {name!r} of {ind.id} is also a name of {other.id}")
        # Every normalised alias with its owner and qualifiers; per-(measure, qualifiers)
        # choice lists for the fuzzy step are built from it on first use.
        self._aliases = [(norm, ind, _qualifiers(norm)) for norm, ind in self._exact.items()]
        self._choices: dict[tuple[str, frozenset[str]], tuple[list[str], list[Indicator]]] = {}
        self._match = lru_cache(maxsize=65536)(self._match_uncached)

    def get(self, id: str) -> Indicator:
        """The indicator with this id; KeyError names the id when there is none."""
        try:
            return self._by_id[id]
        except KeyError:
            raise KeyError(f"no indicator {id!r} in the catalogue") from None

    def __contains__(self, id: object) -> bool:
        return id in self._by_id

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def match(self, name: str, kind: str | None = None) -> Match | None:
        """The indicator a name as written in a plan stands for, or None.

        ``kind`` (optional, one of ``KINDS``) is what the caller already knows about the
        value, e.g. ``growth_rate`` for "地区生产总值增长6%": a bare name then resolves to
        the indicator of that kind when the catalogue has its alias (地区生产总值增长).
        """
        return self._match(name, kind)

    # -- steps ------------------------------------------------------------------------

    def _match_uncached(self, name: str, kind: str | None) -> Match | None:
        variants = _scope_variants(normalize_name(name))
        if not variants[0]:
            return None
        if kind is not None and kind in _HINT_ENDINGS:
            hinted = self._hinted(variants, kind)
            if hinted is not None:
                return hinted
        for norm in variants:
            found = self._exact.get(norm)
            if found is not None:
                return Match(found, 100.0, "alias")
        for norm in variants:
            contained = self._contains(norm)
            if contained is not None:
                return contained
        return self._fuzzy(variants)

    def _hinted(self, variants: list[str], kind: str) -> Match | None:
        for norm in variants:
            if measure_class(norm) not in ("level", "count", "index"):
                return None  # the name already says what it measures
            for ending in _HINT_ENDINGS[kind]:
                found = self._exact.get(norm + ending)
                if found is not None and found.kind == kind:
                    return Match(found, 100.0, "alias")
        return None

    def _contains(self, norm: str) -> Match | None:
        """An alias that ends the name after a short qualifier (示例港 + 货物吞吐量)."""
        cls, quals = measure_class(norm), _qualifiers(norm)
        for start in range(1, min(CONTAINS_MAX_PREFIX, len(norm) - 3) + 1):
            tail = norm[start:]
            found = self._exact.get(tail)
            if found is None:
                continue
            prefix = norm[:start]
            if found.kind in ACCEPTS[cls] and _qualifiers(tail) == quals and not any(w in prefix for w in _FLOW_WORDS):
                return Match(found, round(100.0 * len(tail) / len(norm), 1), "contains")
            return None  # the longest alias decides; a shorter one would be a looser reading
        return None

    def _fuzzy(self, variants: list[str]) -> Match | None:
        best: Match | None = None
        for norm in variants:
            if len(norm) < 3:
                continue
            choices, owners = self._choices_for(measure_class(norm), _qualifiers(norm))
            if not choices:
                continue
            hit = process.extractOne(norm, choices, scorer=fuzz.ratio, processor=None, score_cutoff=self.threshold)
            if hit is not None and (best is None or hit[1] > best.score):
                best = Match(owners[hit[2]], round(float(hit[1]), 1), "fuzzy")
        return best

    def _choices_for(self, cls: str, quals: frozenset[str]) -> tuple[list[str], list[Indicator]]:
        key = (cls, quals)
        cached = self._choices.get(key)
        if cached is None:
            pairs = [(n, ind) for n, ind, q in self._aliases if q == quals and ind.kind in ACCEPTS[cls]]
            cached = ([n for n, _ in pairs], [ind for _, ind in pairs])
            self._choices[key] = cached
        return cached


# ---------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------


def load_raw() -> dict[str, Any]:
    """The parsed data file, for validation."""
    return datafiles.raw(CATALOGUE_FILE)


def check_data(raw: Mapping[str, Any]) -> list[str]:
    """Every problem in a parsed catalogue file, each naming its entry; [] when valid."""
    entries = raw.get("indicator")
    if not isinstance(entries, list):
        return ["no [[indicator]] entries"]
    problems: list[str] = []
    if len(entries) < MIN_ENTRIES:
        problems.append(f"only {len(entries)} indicators; the catalogue needs at least {MIN_ENTRIES}")
    seen_ids: dict[str, int] = {}
    owners: dict[str, str] = {}
    for pos, entry in enumerate(entries, 1):
        label = f"#{pos} ({entry.get('id', '?')})" if isinstance(entry, dict) else f"#{pos}"
        if not isinstance(entry, dict):
            problems.append(f"{label}: not a table")
            continue
        problems += [f"{label}: {p}" for p in _check_entry(entry)]
        ident = entry.get("id")
        if isinstance(ident, str):
            if ident in seen_ids:
                problems.append(f"{label}: id repeats entry #{seen_ids[ident]}")
            seen_ids.setdefault(ident, pos)
        for name in _names(entry):
            norm = normalize_name(name)
            owner = owners.setdefault(norm, str(ident))
            if owner != str(ident):
                problems.append(f"{label}: alias {name!r} (as {norm!r}) is also a name of {owner}")
    return problems


def _names(entry: Mapping[str, Any]) -> list[str]:
    names = [entry["zh"]] if isinstance(entry.get("zh"), str) else []
    aliases = entry.get("aliases")
    if isinstance(aliases, list):
        names += [a for a in aliases if isinstance(a, str)]
    return names


def _check_entry(entry: Mapping[str, Any]) -> list[str]:
    problems = [f"missing {key}" for key in FIELDS if key not in entry]
    problems += [f"unknown key {key}" for key in entry if key not in FIELDS]
    for key in FIELDS:
        value = entry.get(key)
        if key == "aliases":
            if key in entry and not (isinstance(value, list) and all(isinstance(a, str) and a for a in value)):
                problems.append("aliases must be a list of non-empty strings")
        elif key in entry and not isinstance(value, str):
            problems.append(f"{key} must be a string")
        elif key not in ("unit", "aliases") and isinstance(value, str) and not value.strip():
            problems.append(f"{key} is empty")
    ident = entry.get("id")
    if isinstance(ident, str) and not re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", ident):
        problems.append(f"id {ident!r} is not snake_case ASCII")
    enums = {"unit_base": UNIT_BASES, "category": CATEGORIES, "direction": DIRECTIONS, "kind": KINDS}
    for key, allowed in enums.items():
        value = entry.get(key)
        if isinstance(value, str) and value and value not in allowed:
            problems.append(f"{key} {value!r} is not one of {', '.join(sorted(allowed))}")
    if entry.get("unit") == "" and entry.get("unit_base") not in ("ratio", "index"):
        problems.append("an empty unit is only for a pure number (unit_base ratio or index)")
    kind = entry.get("kind")
    seen: dict[str, str] = {}
    for name in _names(entry):
        norm = normalize_name(name)
        if norm in seen:
            problems.append(f"alias {name!r} is {seen[norm]!r} after normalisation; list it once")
        seen.setdefault(norm, name)
        if not norm:
            problems.append(f"alias {name!r} is empty after normalisation")
        elif kind in KINDS and kind not in ACCEPTS[measure_class(norm)]:
            problems.append(f"alias {name!r} reads as a {measure_class(norm)} name, not a {kind}")
    return problems


def _indicator(entry: Mapping[str, Any]) -> Indicator:
    return Indicator(
        id=entry["id"],
        zh=entry["zh"],
        en=entry["en"],
        aliases=tuple(entry["aliases"]),
        unit=entry["unit"],
        unit_base=entry["unit_base"],
        category=entry["category"],
        direction=entry["direction"],
        kind=entry["kind"],
        source=entry["source"],
    )


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The packaged catalogue, read and checked once per process."""
    raw = load_raw()
    problems = check_data(raw)
    if problems:
        raise ValueError(f"{CATALOGUE_FILE} has {len(problems)} problem(s):\n" + "\n".join(problems))
    return Catalogue([_indicator(e) for e in raw["indicator"]])
