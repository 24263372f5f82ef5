"""Target and reported-actual records, and the phrase data that drives extraction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from planscope import datafiles


@dataclass
class TargetRecord:
    """A quantitative target (or a value reported for a past year) with its source.

    ``start``/``end`` delimit the quote — the sentence or the table row — in the original
    text; ``value_start``/``value_end`` the number itself.
    """

    indicator: str
    value: str | None  # as written: "1.7", "8—9", "完成省市下达任务"
    unit: str | None
    value_normalized: float | None
    unit_normalized: str | None
    comparator: str  # >= <= ~ = range
    kind: str  # level share growth_rate change count ratio rank
    year: int | None  # target year, or the year of a reported actual
    year_implied: bool
    start: int
    end: int
    quote: str
    value_start: int
    value_end: int
    source: str  # "prose" or "table:专栏2"
    path: str = ""  # outline path of the sentence or table
    is_actual: bool = False
    low: float | None = None  # for ranges, in base units
    high: float | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    attribute: str | None = None  # 约束性 / 预期性
    inherited: bool = False
    indicator_id: str | None = None
    match: str | None = None  # alias | fuzzy
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # plausibility checks failed (planscope.monitoring.plausibility)

    def as_dict(self) -> dict[str, Any]:
        """A shallow copy of the fields (``dataclasses.asdict`` deep-copies: slow in bulk)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["notes"] = list(self.notes)
        out["flags"] = list(self.flags)
        return out


@dataclass(frozen=True)
class Phrases:
    review_titles: re.Pattern[str]
    goal_titles: re.Pattern[str]
    goal_anchor: re.Pattern[str]
    occasion_units: tuple[str, ...]
    base_era_before: re.Pattern[str]
    compared_year: re.Pattern[str]
    respectively_words: tuple[str, ...]
    respectively_gap: re.Pattern[str]
    plan_name: re.Pattern[str]
    year_in_name_after: re.Pattern[str]
    item_count_before: re.Pattern[str]
    past_markers: re.Pattern[str]
    verbs_before_value: tuple[str, ...]
    action_verbs: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    inherited: re.Pattern[str]
    growth_words: re.Pattern[str]
    growth_name_end: re.Pattern[str]
    change_words: re.Pattern[str]
    duration_units: tuple[str, ...]
    time_names: re.Pattern[str]
    threshold_qualifiers: tuple[str, ...]
    list_closers: tuple[str, ...]
    conjunctions: tuple[str, ...]
    annual: re.Pattern[str]
    describing_after: re.Pattern[str]
    value_nouns: re.Pattern[str]
    comparisons: re.Pattern[str]
    leading_time: re.Pattern[str]
    value_verb_before: re.Pattern[str]  # a value verb ending the text it is searched in
    leading_value_verbs: tuple[str, ...]
    header_growth: re.Pattern[str]
    header_past: re.Pattern[str]
    header_target: re.Pattern[str]
    change_tail: re.Pattern[str]
    annual_change: re.Pattern[str]
    person_classifiers: tuple[str, ...]
    each_words: tuple[str, ...]
    future_year: re.Pattern[str]
    baseline_before: re.Pattern[str]
    trailing_time: re.Pattern[str]
    change_from: re.Pattern[str]
    annual_stop: re.Pattern[str]
    fyp_name: re.Pattern[str]
    right_trim: re.Pattern[str]
    right_stop: re.Pattern[str]


def plan_number(ordinal: str) -> int:
    """The number of a five-year plan from its ordinal in words (九 → 9, 十 → 10, 十四 → 14)."""
    return 10 + "一二三四五六七".index(ordinal[1]) + 1 if len(ordinal) == 2 else "九十".index(ordinal) + 9


@lru_cache(maxsize=1)
def phrases() -> Phrases:
    raw = datafiles.raw("target_phrases.toml")
    by_length = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    return Phrases(
        review_titles=re.compile(raw["review_titles"]),
        goal_titles=re.compile(raw["goal_titles"]),
        goal_anchor=re.compile(raw["goal_anchor"]),
        occasion_units=tuple(raw["occasion_units"]),
        base_era_before=re.compile(raw["base_era_before"]),
        compared_year=re.compile(raw["compared_year"]),
        respectively_words=tuple(raw["respectively_words"]),
        respectively_gap=re.compile(raw["respectively_gap"]),
        plan_name=re.compile(raw["plan_name"]),
        year_in_name_after=re.compile(raw["year_in_name_after"]),
        item_count_before=re.compile(raw["item_count_before"]),
        past_markers=re.compile(raw["past_markers"]),
        verbs_before_value=by_length(raw["verbs_before_value"]),
        action_verbs=by_length(raw["action_verbs"]),
        name_prefixes=by_length(raw["name_prefixes"]),
        inherited=re.compile(raw["inherited"]),
        growth_words=re.compile(raw["growth_words"]),
        growth_name_end=re.compile(raw["growth_name_end"]),
        change_words=re.compile(raw["change_words"]),
        duration_units=tuple(raw["duration_units"]),
        time_names=re.compile(raw["time_names"]),
        threshold_qualifiers=tuple(raw["threshold_qualifiers"]),
        list_closers=tuple(raw["list_closers"]),
        conjunctions=by_length(raw["conjunctions"]),
        annual=re.compile(raw["annual"]),
        describing_after=re.compile(raw["describing_after"]),
        value_nouns=re.compile(raw["value_nouns"]),
        comparisons=re.compile(raw["comparisons"]),
        leading_time=re.compile(raw["leading_time"]),
        value_verb_before=re.compile("(" + "|".join(map(re.escape, by_length(raw["value_verbs"]))) + r")\s*$"),
        leading_value_verbs=by_length(raw["leading_value_verbs"]),
        header_growth=re.compile(raw["header"]["growth"]),
        header_past=re.compile(raw["header"]["past"]),
        header_target=re.compile(raw["header"]["target"]),
        change_tail=re.compile(raw["change_tail"]),
        annual_change=re.compile(raw["annual_change"]),
        person_classifiers=tuple(raw["person_classifiers"]),
        each_words=tuple(raw["each_words"]),
        future_year=re.compile(raw["future_year"]),
        baseline_before=re.compile(raw["baseline_before"]),
        trailing_time=re.compile(raw["trailing_time"]),
        change_from=re.compile(raw["change_from"]),
        annual_stop=re.compile(raw["annual_stop"]),
        fyp_name=re.compile(raw["fyp_name"]),
        right_trim=re.compile(raw["right_trim"]),
        right_stop=re.compile(raw["right_stop"]),
    )
