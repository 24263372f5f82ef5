"""Score extracted targets (or actuals) against hand annotations.

``load_gold`` reads an annotation file in the format of ``shared/eval/README.md``;
``score`` compares planscope's records (the JSON Lines rows of an extraction) with it
and returns a ``Report`` with per-document and overall precision, recall and F1, the
gold items that were missed and the predictions that matched nothing.

The matching rule (README, made precise here).  A prediction *agrees* with a gold item when

* the document agrees: the prediction's ``doc`` is the gold file name (or a path ending in it);
* the year agrees: ``target_year`` for targets, ``year`` for actuals (a predicted target
  without ``target_year`` is read from ``year``, as in ``TargetRecord``); both ``None`` agrees
  (annual targets such as 每年集聚顶尖人才10名 carry no year);
* the value agrees (``values_agree``): two numbers agree when their relative difference
  ``|a − b| / max(|a|, |b|)`` is under 1e-6.  A range, on either side, is a gold
  ``value_normalized`` of ``[low, high]`` or a prediction with ``low`` and ``high`` fields
  (or a ``[low, high]`` value): two ranges agree when both bounds agree; a range and a
  single number agree when the number agrees with either bound, because 3-5家 is
  fairly read as "at least 3" or "up to 5", and the annotators themselves record
  1—2个 as 1 with ``>=``.  ``None`` agrees only with ``None``: an inherited target
  (完成省市下达任务, 省目标) is found when the prediction has no number either (a prediction
  ``value_normalized`` that is not a number, e.g. a string, counts as ``None``);
* the indicator names match (``names_match``), see below.

Names.  Both names are brought to one form (Traditional → Simplified, NFKC so full-width
forms fold, case folded) and everything but letters and digits is dropped (spaces,
brackets, ：, /, %).  The *overlap* is the number of characters the two share, counted
as multisets, divided by the length of the shorter name.  Names match when the shorter
has at least 2 characters and either one contains the other (the README's first clause)
or they "share most characters": overlap ≥ 0.8, i.e. at most one character in five of
the shorter name is missing from the longer, and none of the missing ones is a numeral
(第一/第二产业增加值, 3A/4A级景区 differ by exactly that).  So inserted qualifiers, reordered
words and a one-word synonym pass: 居民人均可支配收入增速 ~ …年均增速 (1.0), 城区人口规模 ~
城市人口规模(城区) (1.0), 地区生产总值增速 ~ 地区生产总值年均增长率 (0.88), 汇聚/集聚青年人才数
(0.89).  False friends fail: 常住人口城镇化率 ~ 户籍人口城镇化率 (0.75), 新增首店数 ~
新增有实绩外贸企业数 (0.6), 单位GDP能源消耗降幅 ~ 单位GDP二氧化碳排放降幅 (0.64); so do
synonyms without shared characters (单位GDP能耗 ~ 单位地区生产总值能耗, 0.57), which need an
alias table that belongs to the extractor, not to the scorer.  Why 0.8: among the gold
items of corpus.json and corpus-dev.json that share document, year and value (the only
ones a name must tell apart), 0.8 and 0.7 pair only names of the same target written two
ways, while 0.6 also pairs the last two false friends above.  A multiset count was
chosen over rapidfuzz's ``partial_ratio`` because Chinese names reorder and insert words
(partial_ratio needs one contiguous alignment) and a count is easy to check by hand.
Some near names still pass (城镇/农村居民人均可支配收入, 0.82); document, year and value
must then agree as well, which on the gold never happens for such a pair.

Assignment.  Each gold item takes at most one prediction and each prediction counts for
at most one gold item: a maximum bipartite matching on the "agrees" relation, built by
augmenting paths with core items first (the matchable sets form a matroid, so this
greedy order gives the largest possible number of core hits and, at the same time, the
largest matching, hence the fewest false hits); each gold item tries its predictions from
its own source (table or prose) first, then in order of name overlap and of distance in
lines, so the closest statement is paired where there is a choice.  The order
of the predictions therefore never changes the figures.

Values as written.  Annotators and extractors may bring a unit to different bases (32亿斤 as
3.2e9 斤 or as 1.6e6 tonnes; 100万吨 as 1e6 tonnes or as 100 of the table's 万吨).  So a
value also agrees when both sides state the same unit as written (``unit``, compared after
folding widths) and the first number written in ``value`` is the same on both sides:
the same target in the document's own terms, whatever base either side chose.

Counting.  Recall is over ``core`` gold items.  A prediction paired with a borderline
target or an ``extra`` actual is *neutral*: neither a hit for recall nor a false hit.  A
prediction that is not paired is a false hit, including a repeat of a prediction already
paired with the same gold item ("duplicate").  Gold items without ``confidence`` are core.
Recall is also given per source of the gold item — ``table`` (a gold ``source`` of
``table:<caption>``) and ``prose`` (any other target) — because a document can be read well in its table and
badly in its prose.  Where only parts of a document are annotated (a main-indicator
table and a 主要目标 section), predictions elsewhere are not false hits: the precision
*within the annotated parts* counts only the predictions whose line (of ``value_start``,
or given as ``line``) lies inside a part — the lines of the gold items (and annotated
tables) clustered where less than ``SCOPE_GAP`` lines apart, widened by ``SCOPE_PAD``.
Documents of the gold without predictions count all their core items as misses;
predictions for documents the gold does not have are left out and listed in ``ignored``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from planscope.errors import PlanscopeError
from planscope.reading.text import to_simplified

WHATS: tuple[str, ...] = ("targets", "actuals")
CONFIDENCES = ("core", "borderline", "extra")
YEAR_FIELD = {"targets": "target_year", "actuals": "year"}
REL_TOL = 1e-6
NAME_OVERLAP = 0.8  # shared characters / shorter name's length
NUMERALS = frozenset("0123456789〇零一二三四五六七八九十")  # a differing numeral tells indicators apart
MIN_NAME = 2  # a shorter name of 0-1 characters matches nothing
SCOPE_GAP = 40  # gold lines closer than this belong to one annotated part
SCOPE_PAD = 3  # lines around an annotated part that still belong to it
SOURCES = ("table", "prose")

Number = float
Value = Number | tuple[Number, Number] | None

__all__ = [
    "Counts",
    "DocScore",
    "FalseHit",
    "Gold",
    "GoldDocument",
    "GoldItem",
    "Miss",
    "Report",
    "load_gold",
    "name_key",
    "name_overlap",
    "names_match",
    "score",
    "values_agree",
]


# ---------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldItem:
    """One annotated target or actual."""

    doc: str
    line: int
    indicator: str
    value: Any  # as annotated: 1.7, "750", "完成省市下达任务", "3-5"
    unit: str | None
    value_normalized: Value
    year: int | None  # target_year for targets, year for actuals
    quote: str
    confidence: str  # core | borderline | extra
    source: str = ""  # table | prose | "" (not said)

    @property
    def core(self) -> bool:
        return self.confidence == "core"


@dataclass(frozen=True)
class GoldDocument:
    name: str
    region: str | None
    targets: tuple[GoldItem, ...]
    actuals: tuple[GoldItem, ...]
    table_lines: tuple[tuple[int, int], ...] = ()  # (title line, last row's line) of each annotated table

    def items(self, what: str) -> tuple[GoldItem, ...]:
        return self.targets if what == "targets" else self.actuals

    def parts(self, what: str) -> list[tuple[int, int]]:
        """The annotated parts of the document, as (first, last) line ranges."""
        lines = sorted({g.line for g in self.items(what)} | {n for span in self.table_lines for n in span})
        parts: list[tuple[int, int]] = []
        for n in lines:
            if parts and n - parts[-1][1] < SCOPE_GAP:
                parts[-1] = (parts[-1][0], n)
            else:
                parts.append((n, n))
        return [(a - SCOPE_PAD, b + SCOPE_PAD) for a, b in parts]


@dataclass(frozen=True)
class Gold:
    path: Path
    corpus: str | None
    documents: dict[str, GoldDocument]


class _Bad(Exception):
    """A problem inside the annotation file; ``load_gold`` adds the file name."""


def load_gold(path: Path) -> Gold:
    """Read an annotation file (``shared/eval/corpus.json`` format)."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text("utf-8"))
    except OSError as err:
        raise PlanscopeError(f"{path}: 无法读取标注文件 / cannot read the annotation file: "
                             f"{err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise PlanscopeError(f"{path}: 标注文件不是 UTF-8 / the annotation file is not UTF-8") from err
    except json.JSONDecodeError as err:
        raise PlanscopeError(f"{path}: 标注文件不是有效的 JSON / the annotation file is not valid JSON: "
                             f"{err.msg} (line {err.lineno}, column {err.colno})") from err
    try:
        return _gold(path, raw)
    except _Bad as err:
        raise PlanscopeError(f"{path}: 标注格式有误 / bad annotation: {err}") from err


def _gold(path: Path, raw: Any) -> Gold:
    if not isinstance(raw, dict):
        raise _Bad("the top level must be an object with a 'documents' key")
    docs = raw.get("documents")
    if not isinstance(docs, dict):
        raise _Bad("missing key 'documents' (an object keyed by file name)")
    documents = {}
    for name, doc in docs.items():
        if not isinstance(doc, dict):
            raise _Bad(f"documents[{name!r}] must be an object")
        documents[name] = GoldDocument(
            name=name,
            region=doc.get("region"),
            targets=_items(name, "targets", doc.get("targets")),
            actuals=_items(name, "actuals", doc.get("actuals")),
            table_lines=_table_lines(doc.get("tables")),
        )
    corpus = raw.get("corpus")
    return Gold(path=path, corpus=corpus if isinstance(corpus, str) else None, documents=documents)


def _table_lines(raw: Any) -> tuple[tuple[int, int], ...]:
    out = []
    for table in raw if isinstance(raw, list) else []:
        rows = table.get("rows") if isinstance(table, dict) else None
        firsts = [r.get("first_line") for r in rows or [] if isinstance(r, dict)]
        lines = [x for x in firsts if _is_int(x)]
        first = table.get("title_line") if isinstance(table, dict) else None
        if lines or _is_int(first):
            lines += [first] if _is_int(first) else []
            out.append((min(lines), max(lines)))
    return tuple(out)


def _items(doc: str, what: str, raw: Any) -> tuple[GoldItem, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _Bad(f"documents[{doc!r}].{what} must be a list")
    return tuple(_item(doc, what, i, entry) for i, entry in enumerate(raw))


def _item(doc: str, what: str, index: int, entry: Any) -> GoldItem:
    where = f"documents[{doc!r}].{what}[{index}]"
    if not isinstance(entry, dict):
        raise _Bad(f"{where} must be an object")
    year_key = YEAR_FIELD[what]
    for key in ("line", "quote", "indicator", "value", "value_normalized", year_key):
        if key not in entry:
            raise _Bad(f"{where}: missing key {key!r}")
    indicator, line, year = entry["indicator"], entry["line"], entry[year_key]
    if not isinstance(indicator, str) or not indicator.strip():
        raise _Bad(f"{where}: 'indicator' must be a non-empty string")
    if not _is_int(line):
        raise _Bad(f"{where}: 'line' must be an integer, not {line!r}")
    if year is not None and not _is_int(year):
        raise _Bad(f"{where}: {year_key!r} must be an integer or null, not {year!r}")
    confidence = entry.get("confidence") or "core"
    if confidence not in CONFIDENCES:
        raise _Bad(f"{where}: 'confidence' must be one of {', '.join(CONFIDENCES)}, not {confidence!r}")
    value = _value(entry["value_normalized"])
    if value is _INVALID:
        raise _Bad(f"{where}: 'value_normalized' must be a number, null or [low, high], "
                   f"not {entry['value_normalized']!r}")
    source = str(entry.get("source") or "")
    source = "table" if source.startswith("table") else source or ("prose" if what == "targets" else "")
    return GoldItem(doc=doc, line=line, indicator=indicator, value=entry["value"], unit=entry.get("unit"),
                    value_normalized=value, year=year, quote=str(entry["quote"]), confidence=confidence,
                    source=source if source in SOURCES else "")


def _is_int(x: object) -> TypeGuard[int]:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: object) -> TypeGuard[int | float]:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


_INVALID: Any = object()


def _value(raw: Any) -> Value:
    """A number, None or a (low, high) pair; ``_INVALID`` for anything else."""
    if raw is None:
        return None
    if _is_number(raw):
        return float(raw)
    if isinstance(raw, list | tuple) and len(raw) == 2 and all(_is_number(x) for x in raw):
        low, high = sorted(float(x) for x in raw)
        return (low, high)
    return _INVALID


# ---------------------------------------------------------------- agreement


def _close(a: float, b: float) -> bool:
    return a == b or abs(a - b) / max(abs(a), abs(b)) < REL_TOL


def values_agree(gold: Value, pred: Value) -> bool:
    """The value clause of the matching rule (see the module docstring)."""
    if gold is None or pred is None:
        return gold is None and pred is None
    g = gold if isinstance(gold, tuple) else (gold,)
    p = pred if isinstance(pred, tuple) else (pred,)
    if len(g) == 2 and len(p) == 2:
        return _close(g[0], p[0]) and _close(g[1], p[1])
    return any(_close(a, b) for a in g for b in p)


_FIRST_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def written_agree(gold_value: Any, gold_unit: Any, pred_value: Any, pred_unit: Any) -> bool:
    """The same first number written in the same unit (see "Values as written" above)."""
    units = [unicodedata.normalize("NFKC", u).strip() if isinstance(u, str) else "" for u in (gold_unit, pred_unit)]
    if not units[0] or units[0] != units[1]:
        return False
    numbers = [_FIRST_NUMBER.search(unicodedata.normalize("NFKC", str(v))) if v is not None else None
               for v in (gold_value, pred_value)]
    gold, pred = numbers
    return gold is not None and pred is not None and _close(float(gold.group()), float(pred.group()))


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The form names are compared in: Simplified, NFKC, case folded, letters and digits only."""
    text = unicodedata.normalize("NFKC", to_simplified(name)).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def name_overlap(a: str, b: str) -> float:
    """Shared characters (as multisets) over the shorter name's length; 1.0 for containment."""
    ka, kb = name_key(a), name_key(b)
    shorter = min(len(ka), len(kb))
    if shorter < MIN_NAME:
        return 0.0
    if ka in kb or kb in ka:
        return 1.0
    return sum((Counter(ka) & Counter(kb)).values()) / shorter


def names_match(a: str, b: str) -> bool:
    """The name clause of the matching rule (see the module docstring)."""
    overlap = name_overlap(a, b)
    if overlap == 1.0 or overlap < NAME_OVERLAP:
        return overlap == 1.0
    ka, kb = sorted((name_key(a), name_key(b)), key=len)
    return not any(ch in NUMERALS for ch in Counter(ka) - Counter(kb))


# ---------------------------------------------------------------- predictions


@dataclass(frozen=True)
class _Pred:
    doc: str
    indicator: str
    value_normalized: Value
    year: int | None
    value: Any
    quote: str
    start: int | None
    unit: str | None = None
    source: str = ""
    line: int | None = None


def _pred(index: int, record: Any, year_key: str) -> _Pred:
    if not isinstance(record, Mapping):
        raise PlanscopeError(f"prediction #{index + 1}: 不是对象 / not an object: {record!r}")
    for key in ("doc", "indicator"):
        if not isinstance(record.get(key), str):
            raise PlanscopeError(f"prediction #{index + 1}: 缺少 {key!r} / missing or non-string {key!r}")
    value = _value(record.get("value_normalized"))
    value = None if value is _INVALID else value
    low, high = record.get("low"), record.get("high")
    if _is_number(low) and _is_number(high):
        value = (float(min(low, high)), float(max(low, high)))
    elif value is None and _is_number(low):
        value = float(low)
    elif value is None and _is_number(high):
        value = float(high)
    start = record.get("start")
    year = record[year_key] if year_key in record else record.get("year")  # a TargetRecord.as_dict() has "year"
    source = str(record.get("source") or "")
    line = record.get("line")
    return _Pred(doc=record["doc"], indicator=record["indicator"], value_normalized=value,
                 year=_year(year), value=record.get("value"), quote=str(record.get("quote") or ""),
                 start=start if _is_int(start) else None, unit=record.get("unit"),
                 source="table" if source.startswith("table") else source, line=line if _is_int(line) else None)


def _year(raw: Any) -> int | None:
    if _is_int(raw):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    return None


def _agrees(g: GoldItem, p: _Pred) -> bool:
    return g.year == p.year and _values(g, p) and names_match(g.indicator, p.indicator)


def _values(g: GoldItem, p: _Pred) -> bool:
    return values_agree(g.value_normalized, p.value_normalized) or written_agree(g.value, g.unit, p.value, p.unit)


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class Counts:
    tp: int = 0  # core gold items found
    fp: int = 0  # predictions that match no gold item (or repeat a matched one)
    fn: int = 0  # core gold items missed
    neutral: int = 0  # predictions paired with a borderline/extra gold item

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.neutral + other.neutral)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "neutral": self.neutral,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class DocScore:
    doc: str
    counts: Counts
    gold_core: int  # core gold items of this kind in the document
    predictions: int
    by_source: dict[str, Counts] = field(default_factory=dict)  # recall per gold source (tp, fn only)
    scoped: Counts = field(default_factory=Counts)  # the predictions within the annotated parts (tp, fp, neutral)

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "gold_core": self.gold_core, "predictions": self.predictions,
                **self.counts.to_dict(),
                "recall_by_source": {k: c.recall for k, c in self.by_source.items()},
                "by_source": {k: c.to_dict() for k, c in self.by_source.items()},
                "precision_in_annotated_parts": self.scoped.precision, "scoped": self.scoped.to_dict()}


@dataclass(frozen=True)
class Miss:
    """A core gold item no prediction was paired with."""

    doc: str
    line: int
    indicator: str
    value: Any
    unit: str | None
    year: int | None
    quote: str
    nearest: str | None = None  # a prediction that agrees on all but one clause, and which

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FalseHit:
    """A prediction paired with no gold item."""

    doc: str
    indicator: str
    value: Any
    value_normalized: Value
    year: int | None
    quote: str
    start: int | None
    reason: str  # "duplicate" (agrees with a gold item another prediction took) or "no gold"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if isinstance(self.value_normalized, tuple):
            d["value_normalized"] = list(self.value_normalized)
        return d


@dataclass(frozen=True)
class Report:
    what: str
    gold: str  # path of the annotation file
    overall: Counts
    documents: tuple[DocScore, ...]
    misses: tuple[Miss, ...]
    false_hits: tuple[FalseHit, ...]
    ignored: dict[str, int] = field(default_factory=dict)  # doc not in the gold -> predictions left out
    by_source: dict[str, Counts] = field(default_factory=dict)
    scoped: Counts = field(default_factory=Counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "gold": self.gold,
            "overall": self.overall.to_dict(),
            "recall_by_source": {k: c.recall for k, c in self.by_source.items()},
            "precision_in_annotated_parts": self.scoped.precision,
            "documents": [d.to_dict() for d in self.documents],
            "misses": [m.to_dict() for m in self.misses],
            "false_hits": [f.to_dict() for f in self.false_hits],
            "ignored": dict(self.ignored),
        }

    def render_text(self) -> str:
        return _render(self)


# ---------------------------------------------------------------- scoring


def score(gold: Gold, predictions: Sequence[Mapping[str, Any]], what: str = "targets") -> Report:
    """Score ``predictions`` (planscope's JSON Lines records) against ``gold``."""
    if what not in WHATS:
        raise PlanscopeError(f"无法评分 {what!r} / cannot score {what!r}: choose targets or actuals")
    by_doc: dict[str, list[_Pred]] = defaultdict(list)
    ignored: Counter[str] = Counter()
    for i, record in enumerate(predictions):
        pred = _pred(i, record, YEAR_FIELD[what])
        doc = _gold_doc(gold, pred.doc)
        if doc is None:
            ignored[pred.doc] += 1
        else:
            by_doc[doc].append(pred)
    docs, misses, false_hits = [], [], []
    for name in sorted(gold.documents):
        document = gold.documents[name]
        preds = by_doc.get(name, [])
        score, doc_misses, doc_false = _score_doc(name, document.items(what), preds, document.parts(what))
        docs.append(score)
        misses += doc_misses
        false_hits += doc_false
    overall = sum((d.counts for d in docs), Counts())
    sources = {s: sum((d.by_source.get(s, Counts()) for d in docs), Counts()) for s in SOURCES}
    return Report(what=what, gold=str(gold.path), overall=overall, documents=tuple(docs), misses=tuple(misses),
                  false_hits=tuple(false_hits), ignored=dict(sorted(ignored.items())),
                  by_source={k: c for k, c in sources.items() if c.tp + c.fn},
                  scoped=sum((d.scoped for d in docs), Counts()))


def _gold_doc(gold: Gold, doc: str) -> str | None:
    if doc in gold.documents:
        return doc
    name = Path(doc.replace("\\", "/")).name
    return name if name in gold.documents else None


def _score_doc(name: str, golds: Sequence[GoldItem], preds: Sequence[_Pred],
               parts: Sequence[tuple[int, int]]) -> tuple[DocScore, list[Miss], list[FalseHit]]:
    edges = [_candidates(g, preds) for g in golds]
    paired = _matching(golds, edges)  # gold index -> pred index
    taken = set(paired.values())
    agreeing = {p for options in edges for p in options}
    tp = sum(1 for gi in paired if golds[gi].core)
    neutral = len(paired) - tp
    misses = [_miss(g, preds) for gi, g in enumerate(golds) if g.core and gi not in paired]
    unpaired = [pi for pi in range(len(preds)) if pi not in taken]
    false_hits = [_false_hit(preds[pi], "duplicate" if pi in agreeing else "no gold") for pi in unpaired]
    counts = Counts(tp=tp, fp=len(false_hits), fn=len(misses), neutral=neutral)
    by_source = {}
    for source in SOURCES:
        core = [gi for gi, g in enumerate(golds) if g.core and g.source == source]
        if core:
            found = sum(1 for gi in core if gi in paired)
            by_source[source] = Counts(tp=found, fn=len(core) - found)
    inside = sum(1 for pi in unpaired if _within(preds[pi], parts))
    scoped = Counts(tp=tp, fp=inside, neutral=neutral)
    doc = DocScore(name, counts, sum(g.core for g in golds), len(preds), by_source, scoped)
    return doc, misses, false_hits


def _within(p: _Pred, parts: Sequence[tuple[int, int]]) -> bool:
    """Whether a prediction lies inside an annotated part (one without a line is counted in)."""
    return p.line is None or any(a <= p.line <= b for a, b in parts)


def _candidates(g: GoldItem, preds: Sequence[_Pred]) -> list[int]:
    """Indices of the predictions that agree with ``g``: from the same source (table or
    prose) first, then the closest name, the same name after normalisation, the nearest
    line, input order — so a target stated in a table and again in the text pairs each
    statement with its own annotation."""
    found = [pi for pi, p in enumerate(preds) if _agrees(g, p)]

    def key(pi: int) -> tuple[Any, ...]:
        p = preds[pi]
        other_source = bool(g.source and p.source and g.source != p.source)
        distance = abs(p.line - g.line) if p.line is not None else 1 << 30
        return (other_source, -name_overlap(g.indicator, p.indicator), name_key(g.indicator) != name_key(p.indicator),
                distance, pi)

    return sorted(found, key=key)


def _matching(golds: Sequence[GoldItem], edges: Sequence[list[int]]) -> dict[int, int]:
    """Maximum matching by augmenting paths, core gold items first (see the module docstring)."""
    pairs: dict[int, int] = {}  # gold -> pred
    owner: dict[int, int] = {}  # pred -> gold
    for root in sorted(range(len(golds)), key=lambda gi: (not golds[gi].core, gi)):
        if edges[root]:
            _augment(root, edges, pairs, owner)
    return pairs


def _augment(root: int, edges: Sequence[list[int]], pairs: dict[int, int], owner: dict[int, int]) -> None:
    """Breadth-first search for an augmenting path from the unpaired gold ``root``; flip it if found."""
    reached_from: dict[int, int] = {}  # pred -> the gold it was reached from
    queue = deque([root])
    while queue:
        gi = queue.popleft()
        for pi in edges[gi]:
            if pi in reached_from:
                continue
            reached_from[pi] = gi
            if pi in owner:
                queue.append(owner[pi])
                continue
            while True:  # a free prediction: flip the path back to the root
                g = reached_from[pi]
                previous = pairs.get(g)
                pairs[g], owner[pi] = pi, g
                if previous is None:
                    return
                pi = previous


def _miss(g: GoldItem, preds: Sequence[_Pred]) -> Miss:
    return Miss(doc=g.doc, line=g.line, indicator=g.indicator, value=g.value, unit=g.unit, year=g.year,
                quote=g.quote, nearest=_nearest(g, preds))


def _nearest(g: GoldItem, preds: Sequence[_Pred]) -> str | None:
    """A prediction that agrees with ``g`` on two of name, value and year, and what differs."""
    best: tuple[int, float, str] | None = None
    for p in preds:
        value_ok, year_ok = values_agree(g.value_normalized, p.value_normalized), g.year == p.year
        if not (value_ok or year_ok):
            continue
        overlap = name_overlap(g.indicator, p.indicator)
        clauses = {"name": names_match(g.indicator, p.indicator), "value": value_ok, "year": year_ok}
        wrong = [k for k, ok in clauses.items() if not ok]
        if len(wrong) != 1:
            continue
        rank = {"year": 2, "value": 1, "name": 0}[wrong[0]]  # a wrong year is the nearest miss
        shown = f"{p.indicator} | {_fmt_value(p.value_normalized)} | {p.year} ({wrong[0]} differs)"
        if best is None or (rank, overlap) > best[:2]:
            best = (rank, overlap, shown)
    return best[2] if best else None


def _false_hit(p: _Pred, reason: str) -> FalseHit:
    return FalseHit(doc=p.doc, indicator=p.indicator, value=p.value, value_normalized=p.value_normalized,
                    year=p.year, quote=p.quote, start=p.start, reason=reason)


# ---------------------------------------------------------------- text


def _fmt_value(v: Value) -> str:
    if v is None:
        return "–"
    if isinstance(v, tuple):
        return f"{_fmt_value(v[0])}–{_fmt_value(v[1])}"
    return f"{v:g}" if abs(v) < 1e6 else f"{v:.4g}"


def _fmt_ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(_pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()


def _render(report: Report) -> str:
    head = ["文档 / document", "tp", "fp", "fn", "neutral", "P", "R", "F1", "R table", "R prose", "P parts"]
    rows = [[d.doc, *_count_cells(d.counts), *_extra_cells(d.by_source, d.scoped)] for d in report.documents]
    rows.append(["合计 / overall", *_count_cells(report.overall), *_extra_cells(report.by_source, report.scoped)])
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]
    out = [f"评分 / scoring: {report.what} — {report.gold}", _row(head, widths)]
    out += [_row(r, widths) for r in rows[:-1]]
    out += ["-" * _width(_row(head, widths)), _row(rows[-1], widths)]
    out += ["R table / R prose: 按来源的核心召回 / core recall by the gold item's source; "
            "P parts: 标注范围内的精确率 / precision within the annotated parts", ""]
    out.append(f"漏报 / misses ({len(report.misses)})")
    for m in report.misses:
        value = f"{m.value}{m.unit or ''}"
        line = f"  {m.doc}:{m.line}  {m.indicator}  {value}  {m.year}  「{m.quote}」"
        out.append(line + (f"  ≈ {m.nearest}" if m.nearest else ""))
    out += ["", f"误报 / false hits ({len(report.false_hits)})"]
    for f in report.false_hits:
        where = f"{f.doc}@{f.start}" if f.start is not None else f.doc
        value = _fmt_value(f.value_normalized) if f.value is None else f.value
        out.append(f"  {where}  {f.indicator}  {value}  {f.year}  「{f.quote}」  [{f.reason}]")
    if report.ignored:
        out += ["", "未标注文档，已忽略 / documents not in the gold, ignored:"]
        out += [f"  {doc} ({n} predictions)" for doc, n in report.ignored.items()]
    return "\n".join(out) + "\n"


def _extra_cells(by_source: dict[str, Counts], scoped: Counts) -> list[str]:
    recall = [_fmt_ratio(by_source[s].recall) if s in by_source else "–" for s in SOURCES]
    return [*recall, _fmt_ratio(scoped.precision)]


def _count_cells(c: Counts) -> list[str]:
    return [str(c.tp), str(c.fp), str(c.fn), str(c.neutral), _fmt_ratio(c.precision), _fmt_ratio(c.recall),
            _fmt_ratio(c.f1)]
