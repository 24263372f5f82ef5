"""Passwords: argon2id hashes (``argon2-cffi``, its default parameters — RFC 9106's second
recommended option: 64 MiB, 3 passes) and the rule a new password must meet.

``verify`` compares in constant time (the library's), and ``dummy_verify`` spends the same
work for a user that does not exist, so the time of a refusal does not tell whether the name
is known.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from planscope.errors import AccountError

MIN_LENGTH = 8
MIN_DISTINCT = 4  # "aaaaaaaa", "12121212" are no passwords


@cache
def hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify(stored: str, password: str) -> bool:
    try:
        return hasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """A hash made with weaker parameters than today's: rehash it at the next login."""
    try:
        return hasher().check_needs_rehash(stored)
    except InvalidHashError:
        return True


@cache
def _dummy() -> str:
    return hash_password("planscope: no such user")


def dummy_verify(password: str) -> None:
    """The work of one verification, for a name that has no password to check."""
    verify(_dummy(), password)


def check_password(password: str | None, name: str) -> str:
    """The password, or an AccountError saying why it is refused (empty, short, repetitive,
    the user's own name)."""
    if not password:
        raise AccountError("密码为空 / the password is empty")
    if password != password.strip():
        raise AccountError("密码首尾不能有空格 / the password starts or ends with a space")
    if len(password) < MIN_LENGTH:
        raise AccountError(f"密码太短（至少 {MIN_LENGTH} 个字符）/ weak password: at least {MIN_LENGTH} characters")
    if len(set(password)) < MIN_DISTINCT:
        raise AccountError(f"密码太简单（至少 {MIN_DISTINCT} 个不同字符）/ weak password: at least {MIN_DISTINCT} "
                           "different characters")
    if name and name.lower() in password.lower():
        raise AccountError("密码不能包含用户名 / weak password: it contains the user name")
    return password
