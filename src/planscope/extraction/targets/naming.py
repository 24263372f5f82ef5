"""The indicator's name around a number, and the kind of target it is.

"规模工业企业达到400家以上" names its indicator before the value; "建设10所公办幼儿园"
after it.  The verbs that separate name and value, the action verbs that begin a task
rather than a name, and the leading words that are not part of a name are data
(``data/target_phrases.toml``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from planscope.extraction import footnotes
from planscope.extraction.quantities import Quantity
from planscope.extraction.targets.context import MAX_CLAUSE, last_break_end
from planscope.extraction.targets.model import phrases

_ITEM_BREAK = re.compile(r"[,，;；:：。、]")
_QUOTES = re.compile(r"“[^”]{0,40}”|《[^》]{0,80}》")
_ASCII_PARENS = re.compile(rf"\((?:[A-Za-z0-9.%/ ]+|[^)]{{0,6}}单位[^)]*)\)|{footnotes.IN_TEXT}")
MAX_NAME = 30
_UNIT_END = re.compile(r"\([^()]{1,12}\)?\s*$")


def indicator_name(text: str, q: Quantity) -> tuple[str, str | None]:
    """(name, the verb between name and value or None)."""
    p = phrases()
    start = max(last_break_end(_masked(text), _ITEM_BREAK, q.start), q.start - MAX_CLAUSE)
    left = _ASCII_PARENS.sub("", text[start:q.start]).strip()
    left = p.leading_time.sub("", left).strip()
    left = p.trailing_time.sub("", left).strip()  # "…增加到2020年的8620亿元": the year dates the value
    left, verb = _strip_trailing_verb(left, p.verbs_before_value)
    left = _before_change_from(left, p.change_from)
    left = p.comparisons.sub("", left).strip()
    if len(left) <= 2 or left.endswith(p.action_verbs) or left.endswith(p.conjunctions):
        right = _right_name(text, q)
        if right:
            return right, verb
        if not left:
            return "", verb
    name = _after_last_action(left, p.action_verbs + p.leading_value_verbs)
    name = _strip_prefixes(_strip_leading_count(name), p.name_prefixes)
    change = verb and (p.growth_words.search(verb) or p.growth_name_end.search(verb) or p.change_words.search(verb))
    if change:  # the measure word only: "排放量分别下降8%" names 排放量下降, "…总值增长5%" …总值增长
        name += change.group(0)
    return re.sub(r"\s+", "", name)[-MAX_NAME:], verb


def _before_change_from(left: str, change_from: re.Pattern[str]) -> str:
    """"地区生产总值由2015年的6150亿元" (before 增加到 the later value) → 地区生产总值: the
    starting point of a change is no part of the name — unless nothing would be left."""
    m = change_from.search(left)
    if m is None or len(left[: m.start()].strip()) < 2:
        return left
    return left[: m.start()].rstrip()


@lru_cache(maxsize=4)
def _masked(text: str) -> str:
    """The text with quoted names blanked (a quoted name is one word), once per sentence."""
    return _QUOTES.sub(lambda m: "□" * len(m.group(0)), text)


def _strip_trailing_verb(left: str, verbs: tuple[str, ...]) -> tuple[str, str | None]:
    found: str | None = None
    changed = True
    while changed:
        changed = False
        for verb in verbs:
            if left.endswith(verb):
                left = left[: -len(verb)].rstrip()
                found = verb + (found or "")
                changed = True
                break
    return left, found


def _after_last_action(left: str, actions: tuple[str, ...]) -> str:
    """The text after the last action verb (建设, 推进 …) — unless a longer stretch reaching back
    over it is an indicator the catalogue knows by that very name: in 研究与试验发展经费投入
    强度 the 发展 is part of the name, not the action of a task."""
    cuts = {0} | {m.end() for m in _action_words(actions).finditer(left) if m.end() < len(left)}
    for verb in actions:  # an action verb inside a longer one (推进 in 加快推进) ends a cut too
        i = left.rfind(verb)
        if i >= 0 and i + len(verb) < len(left):
            cuts.add(i + len(verb))
    last = max(cuts)
    for cut in sorted(cuts):
        if cut < last and len(left) - cut >= 2 and _named_in_catalogue(left[cut:]):
            return left[cut:]
    return left[last:] if len(left) - last >= 2 else left


@lru_cache(maxsize=8)
def _action_words(actions: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, actions)))


@lru_cache(maxsize=4096)
def _named_in_catalogue(name: str) -> bool:
    from planscope.catalogue.indicators import load_catalogue

    found = load_catalogue().match(name)
    return found is not None and found.method == "alias"


def _strip_leading_count(name: str) -> str:
    """"42个国省考断面水质优良率" → 国省考断面水质优良率: the count of the things measured is
    not part of the measure's name."""
    from planscope.extraction.quantities import find_quantities

    found = find_quantities(name)
    if found and found[0].start == 0 and found[0].unit_base == "count" and len(name) - found[0].end >= 2:
        return name[found[0].end:]
    return name


def _strip_prefixes(name: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name[len(prefix):]
    return name


def _right_name(text: str, q: Quantity) -> str:
    """The noun phrase after a value, up to the next break; a "、" ends it unless what
    comes before is a single character ("3个国、省级特色小镇")."""
    p = phrases()
    rest = p.right_trim.sub("", text[q.end:q.end + MAX_CLAUSE])
    m = p.right_stop.search(rest)
    name = (rest[: m.start()] if m else rest).strip()
    parts = name.split("、")
    name = re.sub(r"\s+", "", parts[0] if len(parts[0]) >= 2 else "、".join(parts[:2]))
    if p.value_nouns.fullmatch(name):  # "迈上6000亿元新台阶": the stage reached names nothing
        return ""
    return name[:MAX_NAME] if len(name) >= 2 else ""


COUNT_BASES = {"count"}
LEVEL_BASES = {"yuan", "persons", "tonnes", "tce", "mu", "hectares", "km", "sqm", "years", "days"}


def _is_multiple(unit: str | None) -> bool:
    from planscope.extraction.quantities import vocab

    info = vocab().units.get(unit or "")
    return info is not None and info.power_of is not None


def kind_of(name: str, unit: str | None, unit_base: str | None, verb: str | None) -> str:
    p = phrases()
    words = f"{name}{verb or ''}"
    if unit_base == "pp" or _is_multiple(unit):  # 提高3个百分点, 翻一番
        return "change"
    if unit_base in ("percent", "permille"):
        if (p.growth_words.search(words) or p.growth_name_end.search(_UNIT_END.sub("", name))
                or (verb and p.growth_name_end.search(verb))):
            return "growth_rate"
        if p.change_words.search(words):
            return "change"
        return "share"
    if unit_base in COUNT_BASES:
        return "count"
    if unit_base in LEVEL_BASES:
        return "level"
    return "ratio" if unit is None else "level"
