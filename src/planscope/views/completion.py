"""A completion table (规划指标完成情况) judged row by row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from planscope.library import get_document


@dataclass(frozen=True)
class CompletionRow:
    table: str
    indicator: str
    target: str | None
    result: str | None
    attribute: str | None
    year: int | None
    status: str  # achieved | not_achieved | no_data
    reason: str
    indicator_id: str | None = None


@dataclass(frozen=True)
class CompletionView:
    rows: list[dict[str, Any]]  # the public shape (``planscope completion --format json``)

    @property
    def title(self) -> str:
        return str(self.rows[0]["table"]) if self.rows else ""


def completion_view(session: Session, doc: str) -> CompletionView:
    from planscope.library import stored_plan, stored_tables
    from planscope.monitoring.completion import document_completion

    d = get_document(session, doc)
    return CompletionView(document_completion(stored_tables(d), stored_plan(d)))
