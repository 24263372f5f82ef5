"""The plan library's database: models, migrations and the one class that owns connections."""

from planscope.store.db import Database, default_url
from planscope.store.models import DocTable, Document, ObservationRow, SectionRow, TargetRow, TextChunk

__all__ = ["Database", "DocTable", "Document", "ObservationRow", "SectionRow", "TargetRow", "TextChunk", "default_url"]
