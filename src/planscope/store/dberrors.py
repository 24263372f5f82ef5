"""What a database driver's error means to a user, in one line (Chinese / English).

SQLite and PostgreSQL (psycopg) say the same few things in their own words and often
over several lines; ``explain`` turns them into the reason planscope prints after the
database's name.  Errors that are bugs (a constraint, bad SQL) are not ours to explain:
``is_database_error`` tells them apart so they keep their traceback.
"""

from __future__ import annotations

import resource
import shutil
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

# (words in the driver's message, reason for people); the first match wins
_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("database is locked", "database table is locked"),
     "另一个进程正在写入，等待 {timeout:g} 秒后仍忙，请稍后再试 / busy: another process holds its write lock "
     "(waited {timeout:g} s); try again later"),
    (("database or disk is full",),
     "磁盘已满或超出文件大小限制，本次写入已撤销 / the disk (or the file size limit) is full; this write was "
     "rolled back"),
    (("disk i/o error",),
     "磁盘读写出错（磁盘已满或超出文件大小限制？），本次写入已撤销 / disk I/O error (disk or file size limit "
     "full?); this write was rolled back"),
    (("readonly database", "read-only"),
     "数据库只读，无法写入 / the database is read-only: cannot write"),
    (("unable to open database file",),
     "无法打开数据库文件（文件夹不可写？）/ cannot open the database file (folder not writable?)"),
    (("file is not a database", "malformed"),
     "不是 SQLite 数据库或已损坏 / not a SQLite database, or damaged"),
    (("password authentication failed", "authentication failed"),
     "用户名或密码错误 / authentication failed (user or password)"),
    (("does not exist",),
     "数据库或用户不存在（用 createdb 创建）/ the database or role does not exist (create it with createdb)"),
    (("connection refused", "could not connect", "connection failed", "timeout expired", "no route to host",
      "name or service not known", "could not translate host name"),
     "无法连接 PostgreSQL 服务器（未运行或地址错误？）/ cannot connect to the server (is it running? right "
     "host and port?)"),
)


def is_database_error(err: DBAPIError) -> bool:
    """The database refused or failed (vs. a bug in planscope's SQL or data)."""
    if isinstance(err, (IntegrityError, ProgrammingError)):
        return False
    return isinstance(err, OperationalError) or any(
        words in str(err.orig).lower() for words in ("not a database", "malformed", "disk", "readonly"))


def explain(err: DBAPIError, timeout: float) -> str:
    message = str(err.orig)
    low = message.lower()
    for words, reason in _REASONS:
        if any(w in low for w in words):
            return reason.format(timeout=timeout)
    first = " ".join(message.split())[:200]  # one line, whatever the driver wrote
    return f"数据库出错 / database error: {first}"


LOW_DISK = 64 * 2**20


def disk_cause(folder: Path) -> str:
    """Which limit a failed write most likely hit: this process's file size limit
    (``ulimit -f``) or the free space of the database's disk; empty when neither shows."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if soft != resource.RLIM_INFINITY:
        return f"；文件大小上限 {soft} 字节 / file size limit (ulimit -f): {soft} bytes"
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    if free < LOW_DISK:
        return f"；磁盘剩余 {free} 字节 / {free} bytes free on the disk"
    return ""
