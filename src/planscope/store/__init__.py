"""The plan library's database: models, migrations and the one class that owns connections."""

from planscope.store.db import Database, default_url
from planscope.store.models import (
    AlignmentRow,
    AlignmentRun,
    ApiToken,
    AuditEntry,
    DocTable,
    Document,
    ImportRow,
    LoginFailure,
    ObservationRow,
    SectionRow,
    TargetRow,
    TextChunk,
    User,
)

__all__ = [
    "AlignmentRow", "AlignmentRun", "ApiToken", "AuditEntry", "Database", "DocTable", "Document", "ImportRow",
    "LoginFailure", "ObservationRow", "SectionRow", "TargetRow", "TextChunk", "User", "default_url",
]  # fmt: skip
