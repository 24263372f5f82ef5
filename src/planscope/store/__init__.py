"""The plan library's database: models, migrations and the one class that owns connections."""

from planscope.store.db import Database, default_url
from planscope.store.models import (
    AlignmentRow,
    AlignmentRun,
    DocTable,
    Document,
    ImportRow,
    ObservationRow,
    SectionRow,
    TargetRow,
    TextChunk,
)

__all__ = [
    "AlignmentRow", "AlignmentRun", "Database", "DocTable", "Document", "ImportRow", "ObservationRow", "SectionRow",
    "TargetRow", "TextChunk", "default_url",
]  # fmt: skip
