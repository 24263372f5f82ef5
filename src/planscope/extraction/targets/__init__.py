"""Quantitative targets and reported past values, with the exact span they came from.

``extract_targets`` runs on one analysed document: rebuilt tables first, then the
running text outside them; every record is matched to the indicator catalogue.
"""

from __future__ import annotations

from planscope.catalogue.indicators import load_catalogue
from planscope.extraction.facts import doc_type_flags
from planscope.extraction.targets.context import SectionIndex
from planscope.extraction.targets.model import TargetRecord, phrases
from planscope.extraction.targets.prose import Plan, extract_prose
from planscope.extraction.targets.tables import extract_table
from planscope.model import DocumentFacts, Section, Table

__all__ = ["Plan", "TargetRecord", "extract_targets", "plan_of"]

def plan_of(facts: DocumentFacts) -> Plan:
    end = facts.period_end.value if isinstance(facts.period_end.value, int) else None
    base = facts.base_year.value if isinstance(facts.base_year.value, int) else None
    kind = str(facts.doc_type.value)
    if doc_type_flags(kind).reports_past:  # a bulletin reports its own year: nothing in it is a target
        base = end
    return Plan(period_end=end, base_year=base, kind=kind)


def extract_targets(text: str, original: str, sections: list[Section], tables: list[Table],
                    facts: DocumentFacts, body_end: int | None = None) -> list[TargetRecord]:
    """Every quantitative target and reported actual of one document, tables first, then prose.

    ``text`` is the normalised analysis text and ``original`` the text as read (same length,
    so every record's spans point into both); ``sections`` and ``tables`` are the outline and
    the tables found in ``text``; ``facts`` give the plan's period and base year, which date
    the targets; prose after ``body_end`` (appendices, page chrome) is not read.  Each record
    keeps its quote and the span of its number and, where the catalogue knows the name, its
    indicator id.
    """
    plan = plan_of(facts)
    index = SectionIndex(sections, plan.base_year)
    records: list[TargetRecord] = []
    for table in tables:
        records.extend(extract_table(table, text, original, index, plan))
    spans = [(t.start, t.end) for t in tables]
    records.extend(extract_prose(text, original, index, plan, body_end, spans))
    catalogue = load_catalogue()
    for record in records:
        match = catalogue.match(record.indicator)
        if match is not None:
            record.indicator_id, record.match = match.indicator.id, match.method
        elif record.kind == "change":
            _match_stem(record)
    return records


def _match_stem(record: TargetRecord) -> None:
    """A change of a share or level ("常住人口城镇化率年均提高1个百分点") is a change of the
    catalogued indicator its name begins with; the record keeps its kind (change), so it is
    never taken for a level."""
    stem = phrases().change_tail.sub("", record.indicator)
    if stem == record.indicator or len(stem) < 2:
        return
    match = load_catalogue().match(stem)
    if match is not None and match.indicator.kind in ("share", "level", "ratio"):
        record.indicator_id, record.match = match.indicator.id, "stem"
