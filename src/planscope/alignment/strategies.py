"""Named strategies, programmes and projects of upper plans, traced down into lower plans.

An upper region's strategies are (1) the lexicon's entries launched by that region
(``data/strategies.toml``: 三高四新 and 强省会 are Hunan's whether or not the one Hunan
document in the library names them), (2) lexicon entries of any region that its plans in
the library name, (3) quoted names in its plans that a marker word follows
(“三高四新”战略, “八大工程”) or that are numbered formulae (“一核两副三带四区”), less the
political set phrases listed as slogans, and (4) unquoted zone, belt and corridor names after a
verb ("打造示例高铁经济带", "加快建设示例市临空经济示范区"). Each is looked for in every lower plan below it:
by its name and aliases exactly (after script and width folding), then — for names of six
or more characters — fuzzily with rapidfuzz (ratio ≥ ``FUZZY_CUTOFF`` around the name's
first or last three characters: a word inserted or one character in seven changed, as in
湘赣边区域合作发展示范区 for 湘赣边区域合作示范区). Every hit keeps its passage with its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from planscope import datafiles
from planscope.catalogue.regions import RegionTable, load_regions
from planscope.reading.text import normalize
from planscope.store import Document

FUZZY_CUTOFF = 85.0
FUZZY_MIN_CHARS = 6
FUZZY_INSERT_CHARS = 8  # shorter names may differ by a character, not by an inserted word
MAX_PASSAGES = 3
PASSAGE_CHARS = 60  # on each side of a match, at most, within its sentence
_QUOTED = re.compile(r"[“\"]([^”\"\n]{2,16})[”\"]")
_SENTENCE_END = "。；！？\n"
_STRIP = re.compile(r"[“”\"'‘’「」\s]")


@dataclass(frozen=True)
class Strategy:
    id: str
    name: str
    aliases: tuple[str, ...]
    region_code: str | None
    origin: str  # lexicon | named | quoted
    source: str
    launched: str | None = None
    kind: str = "strategy"  # strategy | programme | area | project
    not_within: tuple[str, ...] = ()  # longer names a match must not sit inside (环长株潭城市群)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Lexicon:
    strategies: tuple[Strategy, ...]
    markers: tuple[str, ...]
    slogans: frozenset[str]
    numerals: str
    named_form: re.Pattern[str]  # verb + name ending in a zone/belt/corridor suffix
    verb: re.Pattern[str]
    not_in_name: re.Pattern[str]
    leading: tuple[str, ...]
    min_chars: int


def clean(name: str) -> str:
    return _STRIP.sub("", name)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = datafiles.raw("strategies.toml")
    entries = tuple(
        Strategy(e["id"], clean(e["name"]), tuple(clean(a) for a in e.get("aliases", [])), e["region_code"],
                 "lexicon", e["source"], str(e.get("launched")) if e.get("launched") else None, e["kind"],
                 tuple(clean(n) for n in e.get("not_within", [])))
        for e in raw["strategy"])
    forms = raw["named_forms"]
    verbs = _alternation(forms["verbs"])
    suffixes = _alternation(forms["suffixes"])
    named_form = re.compile(rf"(?:{verbs})([\u4e00-\u9fff]{{2,{forms['max_chars']}}}?(?:{suffixes}))")
    return Lexicon(entries, tuple(sorted(raw["markers"]["after"], key=len, reverse=True)),
                   frozenset(clean(w) for w in raw["slogans"]["words"]), raw["formulae"]["numerals"],
                   named_form, re.compile(verbs), re.compile(_alternation(forms["not_in_name"])),
                   tuple(forms["leading"]), int(forms["min_chars"]))


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _is_formula(term: str, numerals: str) -> bool:
    """A numbered formula: starts with a numeral and has numerals in two places (三高四新)."""
    if term[0] not in numerals or all(ch in numerals for ch in term):
        return False
    return len(re.findall(f"[{numerals}]+", term)) >= 2


def quoted_names(text: str, lex: Lexicon) -> dict[str, int]:
    """Quoted strategy names in a (normalized) text and where each first occurs."""
    known = {n for s in lex.strategies for n in s.names}
    out: dict[str, int] = {}
    for m in _QUOTED.finditer(text):
        term = clean(m.group(1))
        if (len(term) < 2 or term in lex.slogans or term in known or not re.search(r"[\u4e00-\u9fff]", term)
                or re.search(r"[、，,；;。]", term)):  # a quoted slogan sentence, not a name
            continue
        after = text[m.end(): m.end() + 4]
        if term.endswith(lex.markers) or after.startswith(lex.markers) or _is_formula(term, lex.numerals):
            out.setdefault(term, m.start())
    return out


def named_forms(text: str, lex: Lexicon) -> dict[str, int]:
    """Unquoted zone, belt and corridor names after a verb ("加快建设示例市临空经济示范区") and where
    each first occurs, less those a lexicon entry already names."""
    known = [n for s in lex.strategies for n in s.names if len(n) >= lex.min_chars]
    out: dict[str, int] = {}
    for m in lex.named_form.finditer(text):
        name, start = m.group(1), m.start(1)
        inner = list(lex.verb.finditer(name))
        if inner:  # "推动长江经济带" inside the match: the name starts after the last verb
            start += inner[-1].end()
            name = name[inner[-1].end():]
        for word in lex.leading:
            if name.startswith(word):
                name, start = name[len(word):], start + len(word)
        if len(name) < lex.min_chars or lex.not_in_name.search(name) or name in lex.slogans:
            continue
        if any(name in k or k in name for k in known):
            continue
        out.setdefault(name, start)
    return out


def passage(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a match, at most ``PASSAGE_CHARS`` either side."""
    lo = max(start - PASSAGE_CHARS, 0)
    cut = max(text.rfind(ch, lo, start) for ch in _SENTENCE_END)
    lo = cut + 1 if cut >= 0 else lo
    hi = min(end + PASSAGE_CHARS, len(text))
    ends = [i for i in (text.find(ch, end, hi) for ch in _SENTENCE_END) if i >= 0]
    hi = min(ends) + 1 if ends else hi
    return lo, hi


@dataclass(frozen=True)
class Hit:
    match: str  # exact | alias | fuzzy | none
    score: float
    count: int
    spans: tuple[tuple[int, int], ...]  # the matched names
    found: str | None  # the wording found


def _inside(text: str, start: int, end: int, longer: tuple[str, ...]) -> bool:
    for name in longer:
        lo = text.rfind(name, max(0, end - len(name)), start + len(name))
        if lo >= 0 and lo <= start and lo + len(name) >= end:
            return True
    return False


def find(strategy: Strategy, text: str) -> Hit:
    for i, name in enumerate(strategy.names):
        spans = []
        pos = text.find(name)
        while pos >= 0:
            if not _inside(text, pos, pos + len(name), strategy.not_within):
                spans.append((pos, pos + len(name)))
            pos = text.find(name, pos + len(name))
        if spans:
            return Hit("exact" if i == 0 else "alias", 100.0, len(spans), tuple(spans[:MAX_PASSAGES]), name)
    best: Hit | None = None
    for name in strategy.names:
        if len(name) < FUZZY_MIN_CHARS:
            continue
        found = _fuzzy(name, text, strategy.not_within)
        if found is not None and (best is None or found.score > best.score):
            best = found
    return best or Hit("none", 0.0, 0, (), None)


def _fuzzy(name: str, text: str, not_within: tuple[str, ...] = ()) -> Hit | None:
    """The closest wording to ``name`` around where its first or last three characters
    occur: a window a few characters shorter or longer than the name, compared with
    rapidfuzz's ratio (an inserted 发展 costs less than in a same-length window)."""
    n = len(name)
    starts: set[int] = set()
    for anchor, shift in ((name[:3], 0), (name[-3:], n - 3)):
        pos = text.find(anchor)
        while pos >= 0:
            starts.update(range(max(pos - shift - 3, 0), pos - shift + 4) if shift else (pos,))
            pos = text.find(anchor, pos + 1)
    best: tuple[float, int, int] | None = None
    lengths = range(n - 2, n + 4) if n >= FUZZY_INSERT_CHARS else (n,)
    for start in starts:
        for length in lengths:
            score = fuzz.ratio(name, text[start: start + length], score_cutoff=FUZZY_CUTOFF)
            if score and (best is None or score > best[0]) and not _inside(text, start, start + length, not_within):
                best = (score, start, start + length)
    if best is None:
        return None
    score, lo, hi = best
    return Hit("fuzzy", round(score, 1), 1, ((lo, hi),), text[lo:hi])


def upper_strategies(region_code: str, upper_texts: list[tuple[Document, str]], lex: Lexicon,
                     shown_above: frozenset[str] = frozenset()) -> list[tuple[Strategy, dict[str, Any] | None]]:
    """The strategies of one upper region, each with the passage of an upper plan naming it.

    A lexicon entry launched by a region further up (``shown_above``: the nation's 乡村振兴
    named in a provincial plan) is listed under that region, not again here."""
    out: dict[str, tuple[Strategy, dict[str, Any] | None]] = {}
    for s in sorted(lex.strategies, key=lambda s: s.region_code != region_code):
        if s.region_code in shown_above:
            continue
        named = _named_in(s, upper_texts)
        if s.region_code == region_code or named is not None:
            origin = "lexicon" if named is None else "named"
            out[s.id] = (replace(s, origin=origin), named)
    for doc, text in upper_texts:
        found = [(term, pos, "quoted", "引号内名称 / quoted name") for term, pos in quoted_names(text, lex).items()]
        found += [(name, pos, "named_form", "原文中的区域、廊带名称 / a zone or corridor named in the text")
                  for name, pos in named_forms(text, lex).items()]
        for term, pos, origin, how in found:
            key = f"{origin}:{term}"
            if key not in out and f"quoted:{term}" not in out:
                lo, hi = passage(text, pos, pos + len(term))
                named = _passage_record(doc, doc.original_text, lo, hi)
                out[key] = (Strategy(key, term, (), region_code, origin, f"{doc.file_name} {how}"), named)
    return list(out.values())


def _named_in(s: Strategy, texts: list[tuple[Document, str]]) -> dict[str, Any] | None:
    for doc, text in texts:
        for name in s.names:
            pos = text.find(name)
            if pos >= 0:
                lo, hi = passage(text, pos, pos + len(name))
                return _passage_record(doc, doc.original_text, lo, hi)
    return None


def _passage_record(doc: Document, original: str, lo: int, hi: int) -> dict[str, Any]:
    return {"doc_id": doc.id, "label": f"#{doc.id} {doc.file_name}", "start": lo, "end": hi,
            "quote": original[lo:hi].strip()}


def coverage_rows(session: Session, plan_docs: list[Document], regions: RegionTable | None = None
                  ) -> list[dict[str, Any]]:
    """For every plan, every strategy of every region above it: taken up or not, with passages."""
    regions = regions or load_regions()
    lex = lexicon()
    texts: dict[int, tuple[str, str]] = {}

    def text_of(doc: Document) -> tuple[str, str]:
        if doc.id not in texts:
            original = doc.original_text
            texts[doc.id] = (original, normalize(original).text)
        return texts[doc.id]

    by_region: dict[str, list[Document]] = {}
    for d in plan_docs:
        by_region.setdefault(d.region_code or "", []).append(d)
    rows: list[dict[str, Any]] = []
    upper_cache: dict[str, list[tuple[Strategy, dict[str, Any] | None]]] = {}
    for doc in plan_docs:
        region = regions.get(doc.region_code or "")
        if region is None:
            continue
        original, text = text_of(doc)
        chain = regions.ancestors(region)
        for i, upper in enumerate(chain):
            if upper.code not in upper_cache:
                docs = [(d, text_of(d)[1]) for d in by_region.get(upper.code, [])]
                above = frozenset(r.code for r in chain[i + 1:])
                upper_cache[upper.code] = upper_strategies(upper.code, docs, lex, above)
            for strategy, named in upper_cache[upper.code]:
                rows.append(_row(doc, region.name, upper.code, upper.name, strategy, named, find(strategy, text),
                                 original))
    return _without_distant_areas(rows)


def _without_distant_areas(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An area strategy of the nation (京津冀, 成渝) that no plan above names and no plan
    below takes up concerns another part of the country: it is left out of the table."""
    taken_up = {(r["upper_code"], r["strategy_id"]) for r in rows if r["match"] != "none"}
    return [r for r in rows if not (r["origin"] == "lexicon" and r["kind"] == "area"
                                    and (r["upper_code"], r["strategy_id"]) not in taken_up)]


def _row(doc: Document, region: str, upper_code: str, upper_name: str, s: Strategy, named: dict[str, Any] | None,
         hit: Hit, original: str) -> dict[str, Any]:
    passages = []
    for start, end in hit.spans:
        lo, hi = passage(original, start, end)
        passages.append({"start": start, "end": end, "quote": original[lo:hi].strip(), "passage_start": lo,
                         "passage_end": hi})
    later = bool(s.launched and doc.date and s.launched[:7] > doc.date[:7] and hit.match == "none")
    return {
        "lower_doc": doc.id, "lower_label": f"#{doc.id} {doc.file_name}", "lower_region": region,
        "lower_code": doc.region_code, "lower_type": doc.doc_type, "lower_date": doc.date,
        "upper_region": upper_name, "upper_code": upper_code, "strategy_id": s.id, "strategy": s.name,
        "aliases": list(s.aliases), "origin": s.origin, "kind": s.kind, "source": s.source, "launched": s.launched,
        "upper_passage": named, "match": hit.match, "score": hit.score, "count": hit.count, "found": hit.found,
        "launched_after_plan": later, "passages": passages,
    }
