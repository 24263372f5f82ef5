"""Plan library: documents, their original text, outline sections and rebuilt tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("checksum", sa.String(64), nullable=False, unique=True),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("encoding", sa.String(40)),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("body_end", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("issuer", sa.Text),
        sa.Column("region", sa.String(100)),
        sa.Column("region_code", sa.String(6)),
        sa.Column("level", sa.String(10)),
        sa.Column("doc_type", sa.String(20)),
        sa.Column("date", sa.String(10)),
        sa.Column("period_start", sa.Integer),
        sa.Column("period_end", sa.Integer),
        sa.Column("base_year", sa.Integer),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("version", sa.String(20), nullable=False),
    )
    op.create_index("ix_documents_checksum", "documents", ["checksum"], unique=True)
    op.create_index("ix_documents_file_name", "documents", ["file_name"])
    op.create_index("ix_documents_region_code", "documents", ["region_code"])
    op.create_table(
        "text_chunks",
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("parent_ord", sa.Integer),
        sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("number", sa.String(40)),
        sa.Column("ordinal", sa.Integer),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("heading_end", sa.Integer, nullable=False),
    )
    op.create_index("ix_sections_document_id", "sections", ["document_id"])
    op.create_table(
        "doc_tables",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("number", sa.String(40)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("layout", sa.String(20), nullable=False),
        sa.Column("columns", sa.JSON, nullable=False),
        sa.Column("rows", sa.JSON, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_doc_tables_document_id", "doc_tables", ["document_id"])


def downgrade() -> None:
    op.drop_table("doc_tables")
    op.drop_table("sections")
    op.drop_table("text_chunks")
    op.drop_table("documents")
