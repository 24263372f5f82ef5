"""Headline facts of a bulletin: candidates from the reading view and the tables, the
first mention of each (headline, measure, year) kept."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planscope.extraction import footnotes
from planscope.extraction.bulletins.data import Headline, headlines_for
from planscope.extraction.bulletins.prose import Match, match_value, sentence_start
from planscope.extraction.bulletins.reading import Reading, read
from planscope.extraction.bulletins.tables import Cell, table_cells, unit_factor
from planscope.extraction.quantities import Quantity, find_quantities
from planscope.extraction.targets.model import TargetRecord
from planscope.model import Table
from planscope.reading.text import normalize
from planscope.structure.tables import find_tables

__all__ = ["Candidate", "bulletin_year", "prose_candidates", "select_headlines", "table_candidates"]

TITLE_YEAR = re.compile(r"((?:1 ?9|2 ?0) ?\d ?\d)\s*年[^\n]{0,30}统计公报")
YEAR = re.compile(r"((?:1 ?9|2 ?0) ?\d ?\d)\s*年(?!\s*\d{1,2}\s*月)")
LABEL_NOISE = re.compile(r"^[\s#＃]*(?:[一二三四五六七八九十]+[、.]|\d+[、.]|其中[:：]?)?|[（(][^）)]*[）)]\s*$")
FOOTNOTE = footnotes.READING_RX


@dataclass(frozen=True)
class Candidate:
    """A headline value found in the text: the record to report and its key."""

    record: TargetRecord
    key: tuple[str, str, int | None, bool, bool]  # headline, measure, year, in US dollars, average


def bulletin_year(text: str) -> int | None:
    """The year a bulletin reports on: its title's, else the first year of the text that
    is not a release date (PDF text may space the digits: 2 0 2 3 年)."""
    head = text[:3000]
    m = TITLE_YEAR.search(head) or YEAR.search(head)
    return int(m.group(1).replace(" ", "")) if m else None


def select_headlines(records: Sequence[TargetRecord], text: str,
                     tables: Sequence[Table] | None = None) -> list[TargetRecord]:
    """The headline facts of one bulletin, first mention first.

    ``records`` are the bulletin's records from ``planscope.extraction.targets`` (their outline
    paths label the prose values), ``text`` the original text their offsets refer to
    (``Analysis.original``) and ``tables`` the tables ``planscope.structure.tables.find_tables``
    rebuilt from it (found again when not given).
    """
    year = bulletin_year(text)
    analysis = normalize(text).text
    reading = read(analysis)
    if tables is None:
        tables = find_tables(analysis)
    candidates = [*prose_candidates(reading, text, records, year, "bulletin"),
                  *table_candidates(tables, text, year)]
    return first_mentions(candidates)


def first_mentions(candidates: Iterable[Candidate]) -> list[TargetRecord]:
    chosen: dict[tuple[str, str, int | None, bool, bool], TargetRecord] = {}
    for c in sorted(candidates, key=lambda c: (c.record.value_start, c.record.start)):
        chosen.setdefault(c.key, c.record)
    return list(chosen.values())


# ---------------------------------------------------------------- prose


def prose_candidates(reading: Reading, original: str, records: Sequence[TargetRecord], year: int | None,
                     document: str) -> list[Candidate]:
    """Headline values of the running text, found in the reading view."""
    paths = sorted((r.value_start, r.value_end, r.path) for r in records if not r.source.startswith("table"))
    out = []
    for q in find_quantities(reading.text):
        if q.is_year or q.value_normalized is None or reading.in_table(q.num_start):
            continue  # a table's values are paired with their rows by the table readers
        match = match_value(reading.text, q, document)
        if match is not None:
            out.append(_prose_record(reading, original, q, match, year, paths, document))
    return out


def _prose_record(reading: Reading, original: str, q: Quantity, m: Match, year: int | None,
                  paths: list[tuple[int, int, str]], document: str) -> Candidate:
    value_start, value_end = reading.span(q.num_start, q.num_end)
    s0 = sentence_start(reading.text, q.num_start)
    s1 = min((i for i in (reading.text.find(ch, q.num_end) for ch in "。；;\n") if i >= 0),
             default=len(reading.text))
    start, end = reading.span(s0, s1)
    written = reading.text[q.num_start:q.num_end]
    if q.unit and written.endswith(q.unit):
        written = written[: -len(q.unit)]
    path = next((p for a, b, p in paths if a <= value_start < max(b, a + 1)), "")
    record = TargetRecord(
        indicator=m.headline.zh, value=written.strip(), unit=q.unit, value_normalized=q.value_normalized,
        unit_normalized=q.unit_base, comparator=q.comparator, kind=m.measure, year=year, year_implied=True,
        start=start, end=end, quote=original[start:end], value_start=value_start, value_end=value_end,
        source="prose", path=path, is_actual=True,
        low=q.low * q.factor if q.low is not None else None, high=q.high * q.factor if q.high is not None else None)
    own_words = m.written if document == "work_report" and m.written else None  # a report's own wording
    return _candidate(record, m.headline, m.measure, m.value, year, m.average, own_words)


# ---------------------------------------------------------------- tables


def table_candidates(tables: Sequence[Table], original: str, year: int | None) -> list[Candidate]:
    """Headline values of the tables ``planscope.structure.tables`` rebuilt."""
    out = []
    for table in tables:
        caption = " ".join(p for p in (table.number, table.title) if p)
        for cell in table_cells(table):
            rec = _cell_record(cell, caption, original)
            if rec is None or rec.value_normalized is None:
                continue
            found = table_value(cell.label, rec.unit, rec.value_normalized)
            if found is not None:
                headline, measure, value = found
                rec.year = cell.column.year if cell.column.year is not None else year
                out.append(_candidate(rec, headline, measure, value, rec.year, False))
    return out


def _cell_record(cell: Cell, caption: str, original: str) -> TargetRecord | None:
    factor = unit_factor(cell.unit)
    if factor is None:
        return None
    value = float(cell.text.replace("−", "-")) * factor
    return TargetRecord(
        indicator=cell.label, value=cell.text, unit=cell.unit, value_normalized=value, unit_normalized=None,
        comparator="=", kind="growth_rate" if cell.column.role == "growth_rate" else "level",
        year=cell.column.year, year_implied=cell.column.year is None, start=cell.row_start, end=cell.row_end,
        quote=original[cell.row_start:cell.row_end], value_start=cell.start, value_end=cell.end,
        source=f"table:{caption}" if caption else "table", is_actual=True)


def table_value(label: str, unit: str | None, value: float) -> tuple[Headline, str, float] | None:
    """(headline, measure, value) of a table row label and value, or None.  A price
    index with the previous year = 100 (101.5) becomes a change (1.5)."""
    label = re.sub(r"\s+", "", LABEL_NOISE.sub("", FOOTNOTE.sub("", label)).strip())
    unit = unit or ""
    for headline in headlines_for("bulletin"):
        if not headline.label.fullmatch(label):
            continue
        if "%" in unit or not unit:
            if "share" in headline.measures:
                return headline, "share", value
            if "growth_rate" in headline.measures:
                if headline.index100 and value > 50:
                    value = round(value - 100.0, 6)
                if not unit and "level" in headline.measures and abs(value) > 100:
                    return headline, "level", value
                return headline, "growth_rate", value
            if not unit and "level" in headline.measures:
                return headline, "level", value
            return None
        if "level" in headline.measures:
            return headline, "level", value
        return None
    return None


# ---------------------------------------------------------------- output


def _candidate(rec: TargetRecord, headline: Headline, measure: str, value: float, year: int | None,
               average: bool, written: str | None = None) -> Candidate:
    usd = measure == "level" and "美元" in (rec.unit or "")
    name = (written or headline.zh) + ("（美元）" if usd else "")  # the measure is in kind and indicator_id
    notes = [*rec.notes, f"headline: {headline.zh} ({measure}{', average' if average else ''})"]
    low, high = rec.low, rec.high
    if value != rec.value_normalized and rec.comparator != "range":
        low = high = None  # signed or converted: the bounds as extracted no longer apply
    record = dataclasses.replace(rec, indicator=name, indicator_id=headline.measures[measure] or None,
                                 kind=measure, value_normalized=value, year=year, low=low, high=high,
                                 year_implied=year != rec.year or rec.year_implied, notes=notes)
    return Candidate(record, (headline.zh, measure, year, usd, average))
