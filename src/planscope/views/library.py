"""The plan library: one row per document."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from planscope.labels import DocType, Level, zh
from planscope.library import document_records


@dataclass(frozen=True)
class DocRow:
    """A document of the library, in the public shape of ``planscope docs --format json``."""

    id: int
    file: str
    title: str | None
    title_derived: bool
    issuer: str | None
    region: str | None
    region_code: str | None
    level: Level | None
    type: DocType | None
    period_start: int | None
    period_end: int | None
    base_year: int | None
    date: str | None
    format: str
    encoding: str | None
    checksum: str
    chars: int
    sections: int
    tables: int

    @property
    def period(self) -> str:
        if not self.period_start:
            return ""
        same = self.period_start == self.period_end
        return str(self.period_start) if same else f"{self.period_start}–{self.period_end}"

    @property
    def level_label(self) -> str:
        return zh("level", self.level)

    @property
    def type_label(self) -> str:
        return zh("doc_type", self.type, self.type or "")

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}  # flat values: no deep copy (asdict)

    @classmethod
    def of(cls, record: dict[str, Any]) -> DocRow:
        return cls(**record)


_FIELDS = tuple(f.name for f in fields(DocRow))


def docs_view(session: Session) -> list[DocRow]:
    """Every document of the library, in the order they went in (computed once per state of
    the library: ``views.cache``)."""
    from planscope.views.cache import cached

    return list(cached(session, ("docs_view",), _all_docs))


def _all_docs(session: Session) -> tuple[DocRow, ...]:
    return tuple(DocRow.of(record) for record in document_records(session))
