"""SQLAlchemy models of the plan library.

A document is identified by the SHA-256 of its original bytes: the same content is the
same document whatever its file name.  Everything derived from it (sections, tables)
hangs off it and is deleted with it.  Offsets (``start``/``end``) are code-point offsets
into ``Document.original_text``, which is kept in pieces (``TextChunk``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_region_pair", "region_code", "region"),)  # the region pickers (0007)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    file_name: Mapped[str] = mapped_column(String(500), index=True)
    source_path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    chars: Mapped[int] = mapped_column(Integer)  # length of the original text
    body_end: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(String(100))
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    level: Mapped[str | None] = mapped_column(String(10))
    doc_type: Mapped[str | None] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(10))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    base_year: Mapped[int | None] = mapped_column(Integer)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)  # name → value, source, span, note
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[str] = mapped_column(String(20))

    text_chunks: Mapped[list[TextChunk]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="TextChunk.seq",
        passive_deletes=True)
    sections: Mapped[list[SectionRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="SectionRow.ord",
        passive_deletes=True)
    tables: Mapped[list[DocTable]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocTable.ord",
        passive_deletes=True)


    targets: Mapped[list[TargetRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="TargetRow.ord",
        passive_deletes=True)

    @property
    def original_text(self) -> str:
        """The text as read from the file; every span points into it."""
        return "".join(chunk.body for chunk in self.text_chunks)


class TextChunk(Base):
    """The original text in consecutive pieces: inserting a 50 MB text as one value
    costs the database driver three copies of it, a piece at a time costs little."""

    __tablename__ = "text_chunks"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="text_chunks")


class SectionRow(Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ord: Mapped[int] = mapped_column(Integer)  # pre-order position in the outline
    parent_ord: Mapped[int | None] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(String(40))
    ordinal: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    heading_end: Mapped[int] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="sections")


class DocTable(Base):
    __tablename__ = "doc_tables"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ord: Mapped[int] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    layout: Mapped[str] = mapped_column(String(20))
    columns: Mapped[list[str]] = mapped_column(JSON)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    notes: Mapped[list[str]] = mapped_column(JSON)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="tables")


class TargetRow(Base):
    """A quantitative target, or (``is_actual``) a value the document reports for a past year."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ord: Mapped[int] = mapped_column(Integer)
    is_actual: Mapped[bool] = mapped_column(Boolean)  # no index: it selects half the table (migration 0007)
    indicator: Mapped[str] = mapped_column(Text)
    indicator_id: Mapped[str | None] = mapped_column(String(80), index=True)
    match: Mapped[str | None] = mapped_column(String(10))
    value: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(40))
    value_normalized: Mapped[float | None] = mapped_column(Float)
    unit_normalized: Mapped[str | None] = mapped_column(String(20))
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    comparator: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    year_implied: Mapped[bool] = mapped_column(Boolean)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    attribute: Mapped[str | None] = mapped_column(String(10))
    inherited: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(40))
    path: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value_start: Mapped[int] = mapped_column(Integer)
    value_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    notes: Mapped[list[str]] = mapped_column(JSON)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)  # plausibility checks failed

    document: Mapped[Document] = relationship(back_populates="targets")


class ImportRow(Base):
    """A spreadsheet file that was imported, known by the SHA-256 of its bytes."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class ObservationRow(Base):
    """A value for region × indicator × year from a spreadsheet cell or a named person.

    Every import adds rows: a revised figure is a new vintage; the newest wins and the
    history stays.  (Values that documents report live in ``targets`` with ``is_actual``.)
    """

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    region: Mapped[str] = mapped_column(String(100))
    indicator_id: Mapped[str] = mapped_column(String(80), index=True)
    indicator: Mapped[str] = mapped_column(Text)  # as written in the source
    year: Mapped[int] = mapped_column(Integer, index=True)
    value: Mapped[str] = mapped_column(Text)  # as written
    unit: Mapped[str | None] = mapped_column(String(40))
    value_normalized: Mapped[float] = mapped_column(Float)
    unit_normalized: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    source_type: Mapped[str] = mapped_column(String(10))  # sheet | person
    source: Mapped[str | None] = mapped_column(Text)  # the 来源 column, or the person
    file: Mapped[str | None] = mapped_column(Text)
    cell: Mapped[str | None] = mapped_column(String(40))  # "Sheet1!D5" or "row 5"
    recorded_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    # review (planscope.monitoring.review): only accepted values feed progress
    status: Mapped[str] = mapped_column(String(10), index=True, default="accepted", server_default="accepted")
    entered_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_note: Mapped[str | None] = mapped_column(Text)


class AlignmentRun(Base):
    """One computation of the alignment of the whole library; the newest is current.

    ``fingerprint`` records the library state it was computed from (documents, targets,
    observations, reference data): a later reader recomputes only when it differs.
    ``links``, ``implied`` and ``coverage`` are the plan chains, implied-value checks and
    strategy coverage rows as plain records.
    """

    __tablename__ = "alignment_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    links: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    implied: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    coverage: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    comparisons: Mapped[list[AlignmentRow]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True, order_by="AlignmentRow.id")


class AlignmentRow(Base):
    """One indicator of a lower plan against a plan above it, with both sources."""

    __tablename__ = "alignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("alignment_runs.id", ondelete="CASCADE"), index=True)
    lower_code: Mapped[str] = mapped_column(String(6), index=True)
    lower_region: Mapped[str] = mapped_column(String(100))
    lower_level: Mapped[str] = mapped_column(String(10))
    upper_code: Mapped[str] = mapped_column(String(6), index=True)
    upper_region: Mapped[str] = mapped_column(String(100))
    upper_level: Mapped[str] = mapped_column(String(10))
    window: Mapped[str] = mapped_column(String(9))
    indicator_id: Mapped[str] = mapped_column(String(80), index=True)
    indicator: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    relation: Mapped[str] = mapped_column(String(16), index=True)
    measure: Mapped[str | None] = mapped_column(String(16))
    lower_value: Mapped[float | None] = mapped_column(Float)
    upper_value: Mapped[float | None] = mapped_column(Float)
    difference: Mapped[float | None] = mapped_column(Float)
    escalation: Mapped[float | None] = mapped_column(Float)
    binding: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    lower_text: Mapped[str | None] = mapped_column(Text)
    upper_text: Mapped[str | None] = mapped_column(Text)
    # where each side's number was written: a document span, or reference data (no doc_id)
    lower_label: Mapped[str | None] = mapped_column(Text)
    lower_doc_id: Mapped[int | None] = mapped_column(Integer)
    lower_start: Mapped[int | None] = mapped_column(Integer)
    lower_end: Mapped[int | None] = mapped_column(Integer)
    lower_quote: Mapped[str | None] = mapped_column(Text)
    upper_label: Mapped[str | None] = mapped_column(Text)
    upper_doc_id: Mapped[int | None] = mapped_column(Integer)
    upper_start: Mapped[int | None] = mapped_column(Integer)
    upper_end: Mapped[int | None] = mapped_column(Integer)
    upper_quote: Mapped[str | None] = mapped_column(Text)
    upper_from_reference: Mapped[bool] = mapped_column(Boolean)

    run: Mapped[AlignmentRun] = relationship(back_populates="comparisons")


# ---------------------------------------------------------------- accounts and audit (migration 0006)


class User(Base):
    """A person who works in the workbench: a role scoped to a region and everything below it."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # planscope.accounts.roles.Role
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    region: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(Text)  # argon2id, with its parameters and salt
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class ApiToken(Base):
    """An API token: only the SHA-256 of the token is kept, and its first characters to tell it apart."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class LoginFailure(Base):
    """One failed login, per name and address: the throttle counts them (planscope.accounts.throttle).
    Rows, not a counter, so that workers failing at once never lose a count."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key", "name", "address", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """One write, as it happened: who, when, what, before and after (planscope.audit).
    The database refuses UPDATE and DELETE on this table (triggers of migration 0006)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[str | None] = mapped_column(String(80))
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    detail: Mapped[str | None] = mapped_column(Text)
