"""Accounts, API tokens, login throttling, the append-only audit log, observation review and
the search index.

* ``users``, ``api_tokens`` (only a SHA-256 of each token), ``login_failures`` (one row per
  failed login: the throttle counts rows, so workers failing at once never lose a count).
* ``audit_log``: the database itself refuses UPDATE and DELETE on it — a trigger on SQLite
  (``RAISE(ABORT)``) and on PostgreSQL (a PL/pgSQL function, also refusing TRUNCATE).
  The triggers stop programs and people working through planscope's connection; the owner
  of the database file or role can still drop them, as for any trigger.
* ``observations`` get a review state: ``status`` (existing rows and every sheet import are
  ``accepted``), ``entered_by``, ``reviewed_by``, ``reviewed_at``, ``review_note``.
* The search index over the stored text (``text_chunks``), filled here from the documents
  already in the library:
  - SQLite: an FTS5 table with the ``trigram`` tokenizer, contentless (the text is not
    stored twice); its rowid is ``document_id * 2**20 + seq``, derived from the chunk's
    primary key (a table without an INTEGER PRIMARY KEY may get new rowids from VACUUM),
    and triggers on ``text_chunks`` keep it in step on insert, update and delete
    (cascaded deletes included).  A later migration that rebuilds ``text_chunks`` (batch
    mode) must create these triggers again.
  - PostgreSQL: the ``pg_trgm`` extension and a GIN trigram index on ``text_chunks.body``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CHUNK_KEY = "(NEW.document_id * 1048576 + NEW.seq)"  # planscope.search.CHUNK_SHIFT = 20
OLD_KEY = "(OLD.document_id * 1048576 + OLD.seq)"

SQLITE_AUDIT = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
    "SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused / 审计日志只能追加，拒绝修改'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
    "SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused / 审计日志只能追加，拒绝删除'); END",
)

PG_AUDIT = (
    """CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused / 审计日志只能追加，拒绝 %', TG_OP, TG_OP;
    END $$""",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()",
)

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(body, content='', tokenize='trigram')",
    f"CREATE TRIGGER text_chunks_search_insert AFTER INSERT ON text_chunks BEGIN "
    f"INSERT INTO search_fts(rowid, body) VALUES ({CHUNK_KEY}, NEW.body); END",
    f"CREATE TRIGGER text_chunks_search_delete AFTER DELETE ON text_chunks BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', {OLD_KEY}, OLD.body); END",
    f"CREATE TRIGGER text_chunks_search_update AFTER UPDATE ON text_chunks BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', {OLD_KEY}, OLD.body); "
    f"INSERT INTO search_fts(rowid, body) VALUES ({CHUNK_KEY}, NEW.body); END",
    "INSERT INTO search_fts(rowid, body) SELECT document_id * 1048576 + seq, body FROM text_chunks",
)

PG_SEARCH = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_text_chunks_body_trgm ON text_chunks USING gin (body gin_trgm_ops)",
)


def upgrade() -> None:
    _accounts()
    _audit()
    with op.batch_alter_table("observations") as batch:
        batch.add_column(sa.Column("status", sa.String(10), nullable=False, server_default="accepted"))
        batch.add_column(sa.Column("entered_by", sa.String(100)))
        batch.add_column(sa.Column("reviewed_by", sa.String(100)))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime))
        batch.add_column(sa.Column("review_note", sa.Text))
    op.create_index("ix_observations_status", "observations", ["status"])
    for statement in (PG_SEARCH if _postgres() else SQLITE_SEARCH):
        op.execute(statement)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _accounts() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200)),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("region_code", sa.String(6), nullable=False, index=True),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_used_at", sa.DateTime),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["name", "address", "at"])


def _audit() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("actor", sa.String(100), nullable=False, index=True),
        sa.Column("action", sa.String(40), nullable=False, index=True),
        sa.Column("object_type", sa.String(20), nullable=False),
        sa.Column("object_id", sa.String(80)),
        sa.Column("region_code", sa.String(6), index=True),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("detail", sa.Text),
    )
    for statement in (PG_AUDIT if _postgres() else SQLITE_AUDIT):
        op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute("DROP INDEX IF EXISTS ix_text_chunks_body_trgm")
        op.execute("DROP TABLE audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_refuse()")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS text_chunks_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.drop_table("audit_log")
    op.drop_index("ix_observations_status", "observations")
    with op.batch_alter_table("observations") as batch:
        for column in ("review_note", "reviewed_at", "reviewed_by", "entered_by", "status"):
            batch.drop_column(column)
    op.drop_table("login_failures")
    op.drop_table("api_tokens")
    op.drop_table("users")
