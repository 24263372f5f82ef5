"""What an indicator search matches — one rule for every list (targets, actuals,
observations, alignment), so one search box behaves one way.

``indicator_filter(text)``:

* a catalogue id (``gdp``) matches exactly that indicator;
* a name the catalogue knows by an alias (``地区生产总值``, ``GDP``) matches that indicator,
  and any record whose name as written contains the text;
* any other text matches records whose name as written contains it (never an error: a
  search for what is not there finds nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_

from planscope.catalogue.indicators import load_catalogue


@dataclass(frozen=True)
class IndicatorFilter:
    ids: frozenset[str]  # catalogue ids matched
    text: str | None  # part of a name as written (None: ids only)

    def matches(self, indicator_id: str | None, name: str | None) -> bool:
        return (indicator_id in self.ids) or (self.text is not None and self.text in (name or ""))

    def where(self, id_column: Any, name_column: Any) -> Any:
        """The SQL condition on a table's indicator id and written-name columns."""
        conditions = [id_column.in_(sorted(self.ids))] if self.ids else []
        if self.text is not None:
            conditions.append(name_column.contains(self.text, autoescape=True))
        return or_(*conditions)


def indicator_filter(text: str) -> IndicatorFilter:
    catalogue = load_catalogue()
    text = text.strip()
    if text in catalogue:
        return IndicatorFilter(frozenset({text}), None)
    found = catalogue.match(text)
    ids = frozenset({found.indicator.id}) if found is not None and found.method == "alias" else frozenset()
    return IndicatorFilter(ids, text)
