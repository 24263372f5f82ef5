"""The headline list and the wording around headline values (``data/headline_indicators.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from planscope import datafiles

__all__ = ["DOCUMENTS", "MEASURES", "Headline", "Wording", "headlines", "load_raw", "wording"]

MEASURES = ("level", "growth_rate", "change", "share")
DOCUMENTS = ("bulletin", "work_report")
DATA_FILE = "headline_indicators.toml"
LABEL_PREFIX = "(?:全年|全市|全省|全区|全县|年末|全体)*"


@dataclass(frozen=True)
class Headline:
    zh: str
    names: re.Pattern[str]  # every place a name starts: group 1 is the name written there
    label: re.Pattern[str]  # a table row label that names it (names, with 全年/全市/年末 in front)
    not_after: re.Pattern[str] | None
    measures: dict[str, str]  # measure -> catalogue id ("" for none)
    index100: bool = False
    documents: tuple[str, ...] = DOCUMENTS


@dataclass(frozen=True)
class Wording:
    connectives: tuple[str, ...]
    growth_verbs: tuple[str, ...]
    negative_verbs: tuple[str, ...]
    to_level: tuple[str, ...]  # after a verb: the value is the new level (提升至, 增加到)
    average: tuple[str, ...]  # 年均: an average annual rate over a period
    comparisons: tuple[str, ...]  # 高于, 快于: a gap to another subject, not the subject's value


def load_raw() -> dict[str, Any]:
    """The parsed data file, for validation in tests."""
    return datafiles.raw(DATA_FILE)


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def wording() -> Wording:
    raw = load_raw()["wording"]
    return Wording(*(_longest_first(raw[key]) for key in (
        "connectives", "growth_verbs", "negative_verbs", "to_level", "average", "comparisons")))


@lru_cache(maxsize=1)
def headlines() -> tuple[Headline, ...]:
    out = []
    for entry in load_raw()["headline"]:
        alternatives = "|".join(f"(?:{n})" for n in entry["names"])
        measures = dict(entry["measures"])
        unknown = set(measures) - set(MEASURES)
        if unknown:
            raise ValueError(f"headline {entry['zh']}: unknown measures {sorted(unknown)}")
        documents = tuple(entry.get("documents", DOCUMENTS))
        if set(documents) - set(DOCUMENTS):
            raise ValueError(f"headline {entry['zh']}: unknown documents {documents}")
        not_after = entry.get("not_after")
        out.append(Headline(
            zh=entry["zh"], names=_overlapping(entry["names"]), label=re.compile(f"{LABEL_PREFIX}(?:{alternatives})"),
            not_after=re.compile(not_after) if not_after else None, measures=measures,
            index100=bool(entry.get("index100", False)), documents=documents))
    return tuple(out)


def _overlapping(names: list[str]) -> re.Pattern[str]:
    """A pattern that finds, at each position, the longest of ``names`` starting there
    (a lookahead, so that 货物进出口 does not hide 进出口总值 two characters on)."""
    longest = "|".join(f"(?:{n})" for n in names)
    return re.compile(f"(?=((?:{longest})))")


def headlines_for(document: str) -> tuple[Headline, ...]:
    """The headlines that apply to a kind of document (bulletin, work_report)."""
    return tuple(h for h in headlines() if document in h.documents)
