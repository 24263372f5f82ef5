"""The one class that owns database connections.

``Database(url)`` takes any SQLAlchemy URL: ``sqlite:///path`` (the default, a file in
the user's data directory) or ``postgresql+psycopg://user:pw@host/db``.  Opening a
database brings its schema up to date with the Alembic migrations shipped in the
package, so a new file or an empty PostgreSQL database is ready at once.

A database planscope cannot use is refused before anything is written to it, in one
line naming the file (or the URL without its password) and the reason: a file that
is not SQLite, a database of another program (tables but no planscope schema: never
migrated into), one made by a newer planscope (an Alembic revision this one does not
know), a server that is down or refuses the password.  Errors while working — a write
lock held by another process past ``busy_timeout``, a full disk, a read-only file — come
out of ``session()`` as the same one-line ``StoreError`` (see ``dberrors``).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from planscope.errors import StoreError
from planscope.store.dberrors import disk_cause, explain, is_database_error

ENV_VAR = "PLANSCOPE_DB"
TIMEOUT_VAR = "PLANSCOPE_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT = 10.0  # seconds a writer waits for another process's write lock
SQLITE_MAGIC = b"SQLite format 3\x00"
# Connections a process keeps open: more than the requests the web server handles at once
# (planscope.web.app.HANDLER_THREADS).  With SQLAlchemy's default of 5, a busy server opened
# and closed a connection — pragmas, schema check, on PostgreSQL a new backend — per request.
POOL_SIZE = 8


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


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (``sqlite:///p`` or ``sqlite:///file:p?mode=ro&uri=true``);
    None for an in-memory database or another backend."""
    if not url.startswith("sqlite"):
        return None
    try:
        name = make_url(url).database
    except ArgumentError:
        return None
    if not name or name == ":memory:":
        return None
    return Path(name[len("file:"):] if name.startswith("file:") else name)


def busy_timeout() -> float:
    try:
        return float(os.environ.get(TIMEOUT_VAR, DEFAULT_BUSY_TIMEOUT))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    if not _ours_or_empty(cur):  # another program's file: not even its journal mode is changed
        cur.close()
        return
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")  # the usual pairing with WAL: no fsync per commit
    except Exception:  # a read-only file keeps the journal mode it has
        pass
    cur.close()


def _ours_or_empty(cur: sqlite3.Cursor) -> bool:
    try:
        names = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except Exception:  # not a database at all: the schema check says so
        return False
    return not names or "alembic_version" in names


def migrations_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("planscope.store") / "migrations"))
    return cfg


def known_revisions() -> set[str]:
    """Every schema revision this planscope knows."""
    return {s.revision for s in ScriptDirectory.from_config(migrations_config()).walk_revisions()}


def head_revision() -> str:
    head = ScriptDirectory.from_config(migrations_config()).get_current_head()
    assert head is not None
    return head


class Database:
    """The plan library's database: SQLite (the default, a file) or PostgreSQL.

    ``url`` defaults to ``PLANSCOPE_DB`` or the user's data folder; the schema is migrated to
    the current version on opening unless ``migrate`` is false.  A database that cannot be
    opened or refuses the work (busy, read-only, another program's, a newer planscope's)
    raises ``StoreError``.  Work goes through ``with db.session() as session:`` (committed
    at the end, rolled back on an error); ``dispose()`` closes its connections.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = _normalise_url(url or default_url())
        self.path = sqlite_path(self.url)
        self.timeout = busy_timeout()
        if self.path is not None:
            self._check_file(self.path)
        self.engine = self._create_engine()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            try:
                self.upgrade()
            except BaseException:
                self.engine.dispose()  # a refused database keeps no connection (nor -wal/-shm beside it)
                raise

    @property
    def where(self) -> str:
        """The database as named in messages: its file, or its URL without the password."""
        return str(self.path) if self.path is not None else make_url(self.url).render_as_string(hide_password=True)

    def _fail(self, reason: str) -> StoreError:
        return StoreError(f"数据库 {self.where}: {reason}")

    @property
    def read_only(self) -> bool:
        """A SQLite library opened read-only (``?mode=ro``) or one this user may not write."""
        if self.path is None:
            return False
        if "mode=ro" in self.url:
            return True
        if self.path.exists():
            return not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK)
        return False

    def _check_file(self, path: Path) -> None:
        if path.is_dir():
            raise self._fail("这是一个文件夹，不是数据库文件 / it is a folder, not a database file")
        if path.exists():
            try:
                with path.open("rb") as fh:
                    head = fh.read(len(SQLITE_MAGIC))
            except OSError as err:
                raise self._fail(f"无法读取 / cannot read: {err.strerror}") from err
            if head and head != SQLITE_MAGIC:  # zero bytes is a new, empty library
                raise self._fail("不是 SQLite 数据库文件，未改动 / not a SQLite database file; left untouched")
            return
        blocker = next((p for p in (path.parent, *path.parent.parents) if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            raise self._fail(f"{blocker} 是文件，不是文件夹 / {blocker} is a file, not a folder")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise self._fail(f"无法创建文件夹 / cannot create its folder: {err.strerror}") from err
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise self._fail(f"文件夹不可写，无法新建数据库 / cannot create it: the folder {path.parent} "
                             "is not writable")

    def _create_engine(self) -> Engine:
        try:
            if self.path is not None or self.url.startswith("sqlite"):
                pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_SIZE} if self.path is not None else {}
                engine = create_engine(self.url, connect_args={"timeout": self.timeout}, **pool)
                event.listen(engine, "connect", _sqlite_pragmas)
                return engine
            return create_engine(self.url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)
        except (ArgumentError, ImportError) as err:
            raise StoreError(f"无法打开数据库 {self.where}: {err} / cannot open database") from err

    def upgrade(self) -> None:
        """Apply every Alembic migration not yet applied, after checking the database is
        a planscope library (or empty) of a revision this planscope knows."""
        cfg = migrations_config()
        try:
            with self.engine.begin() as conn:
                current = self._check_schema(conn)
                if current == head_revision():
                    return
                if self.read_only:
                    raise self._fail(f"只读，且需要升级结构（版本 {current}）/ read-only, and its schema "
                                     f"(revision {current}) needs migrating: make it writable")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except DBAPIError as err:
            if not is_database_error(err):
                raise
            raise self._refused(err) from err

    def _refused(self, err: DBAPIError) -> StoreError:
        reason = explain(err, self.timeout)
        if "disk" in reason and self.path is not None:
            reason += disk_cause(self.path.parent)
        return self._fail(reason)

    def _check_schema(self, conn: Connection) -> str | None:
        """The current revision; refuses another program's database and a newer planscope's."""
        tables = set(inspect(conn).get_table_names())
        if not tables:
            return None
        if "alembic_version" not in tables or "documents" not in tables:
            raise self._fail("是另一个程序的数据库（没有 planscope 的表），未改动 / a database of another "
                             "program (no planscope tables); left untouched")
        current = MigrationContext.configure(conn).get_current_revision()
        if current is not None and current not in known_revisions():
            raise self._fail(f"由更新版本的 planscope 创建（结构版本 {current}），请升级 planscope / made by a "
                             f"newer planscope (schema revision {current}): upgrade planscope")
        return current

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.
        A database that refuses the work (busy, full, read-only …) is a one-line StoreError."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except DBAPIError as err:
            if not is_database_error(err):
                raise
            raise self._refused(err) from err

    def dispose(self) -> None:
        self.engine.dispose()

