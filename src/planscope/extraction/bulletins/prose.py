"""Which headline a number of running text states, and as what measure.

A value belongs to the headline whose name ends nearest before it in the same sentence
when everything between the name and the value is connective wording (see
``planscope.extraction.bulletins``); the last verb of that wording and the unit give the measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from planscope.extraction.bulletins.data import Headline, headlines_for, wording
from planscope.extraction.quantities import Quantity, vocab

__all__ = ["Match", "match_value", "sentence_start"]

SENTENCE_END = "。；;！？!?\n"
MAX_GAP = 40  # characters between a name and its value
MAX_GAP_NUMBERS = 2
GAP_PUNCT = re.compile(r"[\s，,、：:（）()\[\]【】“”\"'‘’]+")
ASIDE = re.compile(r"[(（][^()（）]{1,20}[)）]")  # (不含农户，下同), (同口径): said of the value, not another subject


@dataclass(frozen=True)
class Match:
    headline: Headline
    measure: str  # level | growth_rate | change | share
    value: float  # signed: a fall is negative
    average: bool = False  # an average annual rate over a period (年均增长)
    written: str = ""  # the name as the text writes it


@lru_cache(maxsize=1)
def _gap_number() -> re.Pattern[str]:
    """A number with its magnitude and unit as units.toml knows them (3.2万亿元, 5.1%, 120天)."""
    v = vocab()
    alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    return re.compile(rf"-?\d+(?:\.\d+)?\s*(?:(?:{alt(v.magnitudes)})?(?:{alt(v.units)})|{alt(v.magnitudes)})?"
                      rf"|[一二三四五六七八九十两]+(?:{alt(v.units)})")


@lru_cache(maxsize=1)
def _connectives() -> tuple[str, ...]:
    """Connective wording, the verbs, and the qualifiers the number recogniser knows
    (突破, 超过, 约): everything that may stand between a name and its value."""
    w = wording()
    words = {*w.connectives, *w.growth_verbs, *w.to_level, *w.average, *vocab().prefixes}
    return tuple(sorted(words, key=len, reverse=True))


def sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in SENTENCE_END) + 1


def match_value(text: str, q: Quantity, document: str = "bulletin") -> Match | None:
    """The headline value ``q`` (a quantity found in ``text``) states, if any."""
    start = q.num_start
    window = text[sentence_start(text, start):start]
    for end, name_start, headline in _names_before(window, document):
        gap = window[end:]
        if len(gap) > MAX_GAP:
            break
        parsed = _parse_gap(gap)
        if parsed is None:
            continue  # a word of another subject: a farther name only if its gap is clean
        verb, average, compared = parsed
        if compared:
            return None
        measure = _measure(q, verb)
        if measure is None or measure not in headline.measures or not _unit_fits(q, headline.measures[measure]):
            return None
        value = float(q.value_normalized or 0.0)
        signed = -abs(value) if verb in wording().negative_verbs else value
        return Match(headline, measure, signed, average, re.sub(r"\s+", "", window[name_start:end]))
    return None


def _names_before(window: str, document: str) -> list[tuple[int, int, Headline]]:
    """Headline names in ``window``, nearest end first; at one end the longest name wins."""
    found: dict[int, tuple[int, Headline]] = {}
    for headline in headlines_for(document):
        for m in headline.names.finditer(window):
            start, end = m.start(1), m.end(1)
            if end == start:
                continue
            if headline.not_after and headline.not_after.search(window[:start]):
                continue
            best = found.get(end)
            if best is None or start < best[0]:
                found[end] = (start, headline)
    return [(end, start, h) for end, (start, h) in sorted(found.items(), key=lambda kv: -kv[0])]


def _parse_gap(gap: str) -> tuple[str, bool, bool] | None:
    """(the verb that decides the measure, "" for none; an average rate?; a comparison?)
    for a connective gap, or None when the gap holds words of another subject or too
    many numbers."""
    gap = ASIDE.sub("", re.sub(r"\s+", "", gap))
    gap_number = _gap_number()
    if len(gap_number.findall(gap)) > MAX_GAP_NUMBERS:
        return None
    w = wording()
    tail = GAP_PUNCT.sub("", gap_number.split(gap)[-1])  # the wording after the last number
    if any(word in tail for word in w.comparisons):
        return "", False, True
    rest = gap
    for word in _connectives():  # before the numbers: 迈上5万亿台阶 is not 5万亿台 + 阶
        rest = rest.replace(word, "")
    if GAP_PUNCT.sub("", gap_number.sub("", rest)):
        return None
    verb = ""
    for word in w.growth_verbs:
        pos = tail.rfind(word)
        if pos >= 0 and (not verb or pos > tail.rfind(verb)):
            verb = word
    if verb and tail.endswith(w.to_level):
        verb = ""  # 提升至 63%, 增加到 80 岁: the new level, not the change
    return verb, any(word in tail for word in w.average), False


def _unit_fits(q: Quantity, indicator_id: str) -> bool:
    """An amount's unit is of the kind the catalogue gives the measure (元 for GDP, not
    台); percentages and bare magnitudes (13.4万) are left to the measure rules."""
    if not indicator_id or q.unit_base in (None, "other", "percent", "pp", "permille"):
        return True
    from planscope.catalogue.indicators import load_catalogue

    try:
        wanted = load_catalogue().get(indicator_id).unit_base
    except KeyError:
        return True
    if wanted == "yuan" or q.unit_base == "count":  # money only in 元; 台, 个 only for counts
        return q.unit_base == wanted
    return True


def _measure(q: Quantity, verb: str) -> str | None:
    unit = q.unit or ""
    if "百分点" in unit:
        return "change" if verb else None
    if "%" in unit or q.unit_base == "percent":
        return "growth_rate" if verb else "share"
    if "‰" in unit or q.unit_base == "permille":
        return None
    return "change" if verb else "level"
