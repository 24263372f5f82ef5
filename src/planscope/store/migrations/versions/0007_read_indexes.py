"""Drop the index on ``targets.is_actual``; index the documents' (region code, region) pairs.

A yes/no column splits the targets in two (in a library of plans and bulletins most rows are
reported actuals), so the index selects nothing; but SQLite, which keeps no statistics unless
ANALYZE is run, took it for a selective one and read every actual of the library to find one
document's targets or one region's — the document page, a region's targets and its progress
at 1,000 documents (``bench/web.py``).  Without it, those queries start from the document
(``ix_targets_document_id``) or the region (``ix_documents_region_code``), as PostgreSQL's
planner already did.

``ix_documents_region_pair`` answers "which regions have documents" (the region pickers of the
dashboard and alignment pages) from the index alone, instead of reading every document row
with its facts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_targets_is_actual", table_name="targets")
    op.create_index("ix_documents_region_pair", "documents", ["region_code", "region"])


def downgrade() -> None:
    op.drop_index("ix_documents_region_pair", table_name="documents")
    op.create_index("ix_targets_is_actual", "targets", ["is_actual"])
