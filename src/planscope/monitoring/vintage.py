"""Which value is the newest vintage — one rule for monitoring and for the lists of values.

Values follow one another in a *series*: the same region and indicator, rates with rates,
levels with levels in the same base unit.  Within a series and year the newest vintage
wins: a document ranks by its date (then its place in the library), a spreadsheet row or a
person's entry by the moment it was recorded (then its row).  Dates and moments compare as
ISO text, so a figure entered on a document's publication day or later revises it.
"""

from __future__ import annotations

from datetime import datetime

RATE_KINDS = ("growth_rate", "change")
Rank = tuple[str, int]
SeriesKey = tuple[str | None, str | None, str, str | None]


def series_key(region_code: str | None, indicator_id: str | None, kind: str,
               unit_normalized: str | None) -> SeriesKey:
    """Values that can follow one another: same region and indicator, rates with rates,
    levels with levels in the same base unit."""
    rate = kind if kind in RATE_KINDS else "level"
    return region_code, indicator_id, rate, None if rate != "level" else unit_normalized


def document_rank(date: str | None, doc_id: int) -> Rank:
    """A value reported by a document: the document's date, then its place in the library."""
    return (date or "", doc_id)


def entry_rank(recorded_at: datetime, row_id: int) -> Rank:
    """A value from a spreadsheet or a person: when it was recorded, then its row."""
    return (recorded_at.isoformat(), row_id)


def is_newer(new: Rank, current: Rank | None) -> bool:
    return current is None or new > current
