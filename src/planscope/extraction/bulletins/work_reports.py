"""Headline facts of a government work report (政府工作报告).

A work report's review of the past year (and of the plan period) states hundreds of
numbers; most are work quantities (新增智能工厂5家, 改造老旧小区138个), not headline
facts.  ``select_work_report`` keeps every target and, of the reported actuals:

* **headline values**: values the headline matcher of ``bulletins.prose`` gives to an
  entry of the headline list (``data/headline_indicators.toml``, including the entries
  marked for work reports: 城镇新增就业, 人均预期寿命, 税收占比 …) anywhere in the
  review; the first mention of each (headline, measure, year, average) wins;
* **summary values**: the values of the review's summary paragraphs, the paragraphs a
  review section opens with before its detailed account.  The detailed account is
  the first paragraph that is enumerated (一是, （一）) or organised under run-in
  subheadings (a short sentence without a comma standing as a heading:
  消费潜力有效激发。); what comes before it is the report's own selection of its
  headline results (全年地区生产总值超1.94万亿元、增长5.2% …).  A value stated as a gap
  to another subject (高于全国平均0.3个百分点) is not kept.

The year of a kept actual is the year reviewed (the report's year minus one, from its
facts), unless the extractor read an explicit year that is not a comparison base
(比2024年提高0.8个百分点 is a 2025 change); a fall (下降53.3%) is negative.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from planscope.extraction.bulletins.data import wording
from planscope.extraction.bulletins.reading import Reading, read
from planscope.extraction.bulletins.select import first_mentions, prose_candidates
from planscope.extraction.targets.model import TargetRecord
from planscope.reading.text import normalize

__all__ = ["select_work_report", "summary_spans"]

TOP_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+是|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、])")
RUN_IN = re.compile(r"(?:^|(?<=[。；]))([^，、,：:；。]{3,16})。")
COMPARISON_BASE = re.compile(r"(?:比|较|与|同)\s*((?:19|20)\d{2})\s*年")


def select_work_report(records: Sequence[TargetRecord], text: str, year: int | None = None) -> list[TargetRecord]:
    """The targets and the headline actuals of a work report (see the module docstring).

    ``records`` come from ``planscope.extraction.targets`` with offsets into ``text`` (the
    original); ``year`` is the year reviewed.
    """
    reading = read(normalize(text).text)
    actuals = [r for r in records if r.is_actual]
    by_span = {_span_key(r): r for r in actuals}
    found = [c for c in prose_candidates(reading, text, records, year, "work_report")
             if _inside(c.record.value_start, actuals)]
    headline = {rec.value_start: rec for rec in first_mentions(found)}
    restated = [c.record for c in found if c.record.value_start not in headline]  # later mentions
    summary = summary_spans(reading)
    kept: list[TargetRecord] = [r for r in records if not r.is_actual]
    claimed = {s for s in headline}
    for rec in actuals:
        own = next((v for s, v in headline.items() if rec.value_start <= s < max(rec.value_end, rec.value_start + 1)),
                   None)
        if own is not None:
            kept.append(own)
            claimed.discard(own.value_start)
        elif _in_spans(rec.value_start, summary) and not _compared(text, rec) and not _inside_any(rec, restated):
            kept.append(_dated(rec, text, year))
    kept.extend(headline[s] for s in claimed if _span_key(headline[s]) not in by_span)
    return kept


def _span_key(rec: TargetRecord) -> tuple[int, int]:
    return rec.value_start, rec.value_end


def _inside(pos: int, records: Sequence[TargetRecord]) -> bool:
    return any(r.value_start <= pos < max(r.value_end, r.value_start + 1) for r in records)


def _inside_any(rec: TargetRecord, found: Sequence[TargetRecord]) -> bool:
    """A headline value (here a later mention, dropped) lies in the record's value span."""
    return any(rec.value_start <= h.value_start < max(rec.value_end, rec.value_start + 1) for h in found)


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def summary_spans(reading: Reading) -> list[tuple[int, int]]:
    """Original spans of the summary paragraphs: in each section (一、 二、 …), the
    paragraphs before the first enumerated or subheaded one."""
    spans: list[tuple[int, int]] = []
    detailed = False
    pos = 0
    for line in reading.text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        body = line.strip()
        if not body:
            continue
        if TOP_HEADING.match(body) and len(body) <= 40:
            detailed = False
            continue
        if ENUMERATED.match(body) or _subheaded(body):
            detailed = True
        if not detailed:
            spans.append(reading.span(start, start + len(line)))
    return spans


def _subheaded(paragraph: str) -> bool:
    """Organised under run-in subheadings: one opens the paragraph, or there are two."""
    found = list(RUN_IN.finditer(paragraph))
    return bool(found) and (found[0].start() == 0 or len(found) >= 2)


def _clause_before(text: str, rec: TargetRecord) -> str:
    head = text[max(rec.start, rec.value_start - 30):rec.value_start]
    return re.split(r"[，,；;。、]", head)[-1]


def _compared(text: str, rec: TargetRecord) -> bool:
    """高于全国平均0.3个百分点: a gap to another subject."""
    return any(w in _clause_before(text, rec) for w in wording().comparisons)


def _dated(rec: TargetRecord, text: str, reviewed: int | None) -> TargetRecord:
    year = rec.year
    base = [int(m.group(1)) for m in COMPARISON_BASE.finditer(text[rec.start:rec.end])]
    if reviewed is not None and (year is None or rec.year_implied or year in base):
        year = reviewed
    value = rec.value_normalized
    falls = wording().negative_verbs  # 下降53.3%, or 起数、死亡人数分别下降53.3%、44.2% (the verb in the name)
    if value is not None and (_clause_before(text, rec).endswith(falls) or rec.indicator.endswith(falls)):
        value = -abs(value)
    if year == rec.year and value == rec.value_normalized:
        return rec
    low, high = rec.low, rec.high
    if value is not None and rec.value_normalized is not None and value != rec.value_normalized:
        low, high = (None if x is None else -abs(x) for x in (high, low))  # a fall: the bounds fall too
    return dataclasses.replace(rec, year=year, value_normalized=value, low=low, high=high,
                               notes=[*rec.notes, "work report: summary"])
