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
from planscope.store.supervision_models import Milestone, OrgUnit, Revision, Task, TaskUnit, TaskUpdate

__all__ = [
    "AlignmentRow", "AlignmentRun", "ApiToken", "AuditEntry", "Database", "DocTable", "Document", "ImportRow",
    "LoginFailure", "Milestone", "ObservationRow", "OrgUnit", "Revision", "SectionRow", "TargetRow", "Task",
    "TaskUnit", "TaskUpdate", "TextChunk", "User", "default_url",
]  # fmt: skip
