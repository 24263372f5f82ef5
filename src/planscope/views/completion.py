"""A completion table (规划指标完成情况) judged row by row."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from planscope.library import get_document
from planscope.records import CompletionRow


@dataclass(frozen=True)
class CompletionView:
    rows: list[CompletionRow]  # ``as_dict``: the public shape (``planscope completion --format json``)

    @property
    def title(self) -> str:
        return self.rows[0].table if self.rows else ""


def completion_view(session: Session, doc: str) -> CompletionView:
    from planscope.library import stored_plan, stored_tables
    from planscope.monitoring.completion import document_completion

    d = get_document(session, doc)
    return CompletionView(document_completion(stored_tables(d), stored_plan(d)))
