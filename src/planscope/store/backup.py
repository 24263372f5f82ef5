"""``planscope backup`` / ``planscope restore`` for a SQLite library.

A backup is made with SQLite's online backup API (``sqlite3.Connection.backup``): a
consistent copy of what was committed, taken while other processes read (or write)
the library, written whole into a temporary file beside the destination and renamed.

A restore first checks the file is a planscope library — the SQLite header, the
planscope tables, an Alembic revision this planscope knows (a newer one is refused; an
older one is migrated after the copy) and SQLite's own ``quick_check`` — then copies it
to a temporary file beside the library, migrates that, and renames it over the library,
so the library is either the old one or the restored one, never half of each.

PostgreSQL has its own tools: ``pg_commands`` gives the exact ``pg_dump -Fc`` and
``pg_restore`` command lines for the configured URL (the password, if any, is read
from ``PGPASSWORD`` or ``~/.pgpass``, never printed).
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from planscope.errors import StoreError
from planscope.export import write_output
from planscope.store.db import SQLITE_MAGIC, Database, busy_timeout, head_revision, known_revisions


@dataclass(frozen=True)
class Summary:
    """What a library file holds (shown after backup and restore)."""

    path: Path
    revision: str | None
    documents: int
    observations: int


def _fail(path: Path, reason: str) -> StoreError:
    return StoreError(f"{path}: {reason}")


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)


def backup(db: Database, dest: Path) -> Summary:
    """Copy the SQLite library ``db`` to ``dest`` (whole, or not at all)."""
    path = db.path
    if path is None:
        raise StoreError(pg_advice(db.url, dest, restore=False))
    if not path.is_file():
        raise _fail(path, "数据库文件不存在 / the library file does not exist")
    if dest.resolve() == path.resolve():
        raise _fail(dest, "备份文件不能是库本身 / the backup cannot be the library itself")

    def copy(tmp: Path) -> None:
        source = _connect_ro(path)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            target.close()
            source.close()

    write_output(dest, copy)
    return inspect_library(dest)


def inspect_library(path: Path) -> Summary:
    """Check ``path`` is a planscope library this planscope can open; what it holds."""
    if not path.is_file():
        raise _fail(path, "文件不存在 / no such file")
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise _fail(path, "不是 SQLite 数据库文件 / not a SQLite database file")
    try:
        conn = _connect_ro(path)
        try:
            return _summary(conn, path)
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise _fail(path, f"数据库已损坏或不可读 / damaged or unreadable: {err}") from err


def _summary(conn: sqlite3.Connection, path: Path) -> Summary:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables or "documents" not in tables:
        raise _fail(path, "不是 planscope 的库（没有 planscope 的表）/ not a planscope library (no planscope tables)")
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    rev = revision[0] if revision else None
    if rev not in known_revisions():
        raise _fail(path, f"由更新版本的 planscope 创建（结构版本 {rev}），请升级 planscope / made by a newer "
                          f"planscope (schema revision {rev}): upgrade planscope")
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise _fail(path, f"数据库已损坏 / damaged: {check}")
    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    obs = conn.execute("SELECT count(*) FROM observations").fetchone()[0] if "observations" in tables else 0
    return Summary(path, rev, docs, obs)


def restore(url: str, src: Path) -> Summary:
    """Replace the SQLite library at ``url`` with the library in ``src`` (migrated if older)."""
    source = inspect_library(src)
    target = Database(url, migrate=False)  # checks the library's own file (a folder, not SQLite …)
    target.dispose()
    if target.path is None:
        raise StoreError(pg_advice(url, src, restore=True))
    path = target.path
    if path.resolve() == src.resolve():
        raise _fail(src, "不能把库恢复到它自己 / cannot restore a library onto itself")
    _check_replaceable(path)
    tmp = path.parent / f".{path.name}.restore-{os.getpid()}.tmp"
    try:
        _copy(src, tmp)
        if source.revision != head_revision():
            Database(f"sqlite:///{tmp}").dispose()  # an older planscope's library: migrate the copy
        _single_file(tmp)
        _retire_wal(path)
        os.replace(tmp, path)
    except OSError as err:
        raise _fail(path, f"无法写入 / cannot write: {err.strerror}") from err
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)
    return inspect_library(path)


def _check_replaceable(path: Path) -> None:
    """Only a planscope library (of any revision) or an empty file is replaced: a file of
    another program that happens to sit at the library's path is never overwritten."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        ours = fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    if ours:
        conn = _connect_ro(path)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            ours = {"alembic_version", "documents"} <= names
        except sqlite3.DatabaseError:
            ours = False
        finally:
            conn.close()
    if not ours:
        raise _fail(path, "不是 planscope 的库，不替换 / not a planscope library: not replaced")


def _copy(src: Path, tmp: Path) -> None:
    source, copy = _connect_ro(src), sqlite3.connect(tmp)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _single_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _retire_wal(path: Path) -> None:
    """Fold the old library's write-ahead log into it and remove it, so that no stale
    ``-wal`` file is replayed onto the restored library."""
    if not path.exists() or path.stat().st_size == 0:
        return
    conn = sqlite3.connect(path, timeout=busy_timeout())
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and busy[0]:
            raise _fail(path, "另一个进程正在使用该库，请稍后再试 / another process is using the library; "
                              "try again later")
        conn.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError as err:
        raise _fail(path, f"另一个进程正在使用该库 / the library is in use: {err}") from err
    finally:
        conn.close()


def pg_commands(url: str, file: Path) -> tuple[str, str]:
    """The ``pg_dump -Fc`` and ``pg_restore`` command lines for a PostgreSQL URL.  The
    password is left out (it would end up in logs and shell history): both tools read it
    from ``PGPASSWORD`` or ``~/.pgpass``."""
    u = make_url(url)
    conn = URL.create("postgresql", u.username, None, u.host, u.port, u.database, u.query).render_as_string(
        hide_password=False)
    dump = f"pg_dump -Fc --dbname={shlex.quote(conn)} --file={shlex.quote(str(file))}"
    restore_ = (f"pg_restore --clean --if-exists --no-owner --single-transaction "
                f"--dbname={shlex.quote(conn)} {shlex.quote(str(file))}")
    return dump, restore_


PASSWORD_NOTE = "（密码用 PGPASSWORD 或 ~/.pgpass / password via PGPASSWORD or ~/.pgpass）"


def pg_advice(url: str, file: Path, restore: bool) -> str:
    dump, restore_ = pg_commands(url, file)
    if restore:
        return (f"PostgreSQL 库请用 pg_restore 恢复 / a PostgreSQL library is restored with pg_restore: "
                f"{restore_} {PASSWORD_NOTE}")
    return (f"PostgreSQL 库请用 pg_dump -Fc 备份 / a PostgreSQL library is backed up with pg_dump -Fc: "
            f"{dump} {PASSWORD_NOTE}")
