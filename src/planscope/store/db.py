"""The one class that owns database connections.

``Database(url)`` takes any SQLAlchemy URL: ``sqlite:///path`` (the default, a file in
the user's data directory) or ``postgresql+psycopg://user:pw@host/db``.  Opening a
database brings its schema up to date with the Alembic migrations shipped in the
package, so a new file or an empty PostgreSQL database is ready at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from planscope.errors import StoreError

ENV_VAR = "PLANSCOPE_DB"


def default_url() -> str:
    """``PLANSCOPE_DB`` if set, else a SQLite file in the user's data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    folder = Path(user_data_dir("planscope", appauthor=False))
    return f"sqlite:///{folder / 'planscope.db'}"


def _normalise_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    if "://" not in url:  # a bare path means a SQLite file
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # the usual pairing with WAL: no fsync per commit
    cur.close()


class Database:
    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = _normalise_url(url or default_url())
        self.engine = self._create_engine()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.upgrade()

    def _create_engine(self) -> Engine:
        try:
            if self.url.startswith("sqlite:///"):
                path = Path(self.url[len("sqlite:///"):])
                if str(path) not in ("", ":memory:"):
                    path.parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(self.url)
                event.listen(engine, "connect", _sqlite_pragmas)
                return engine
            return create_engine(self.url, pool_pre_ping=True)
        except (ArgumentError, ImportError) as err:
            raise StoreError(f"无法打开数据库 {self.url}: {err} / cannot open database") from err

    def upgrade(self) -> None:
        """Apply every Alembic migration not yet applied."""
        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("planscope.store") / "migrations"))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as err:
            raise StoreError(f"无法连接或迁移数据库 {self.safe_url}: {err.orig} / "
                             "cannot connect to or migrate the database") from err

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
