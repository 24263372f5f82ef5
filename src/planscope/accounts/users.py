"""Users: create, change, set a password, authenticate.

Each function that writes takes the acting principal (a ``User``, or an ``Actor`` such as the local operator),
checks it may ``manage_users`` in the regions concerned (the user's region before and after a
change) and records the write in the audit log in the same session.  A password never reaches
the log: a change says ``"password": "changed"``.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planscope import audit
from planscope.accounts import passwords
from planscope.accounts.roles import Principal, check_role, require, scope_region
from planscope.errors import AccountError
from planscope.store import User

_NAME = re.compile(r"[^\s:/\\]{1,100}")  # no spaces; ':' is kept for cli:<os user> actors


def user_record(user: User) -> dict[str, Any]:
    """The public shape of a user (no password hash)."""
    return {"id": user.id, "name": user.name, "display_name": user.display_name, "role": user.role,
            "region_code": user.region_code, "region": user.region, "active": user.active,
            "created_at": user.created_at.isoformat(timespec="seconds"),
            "updated_at": user.updated_at.isoformat(timespec="seconds") if user.updated_at else None}


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AccountError(f"没有用户 {name}（用 planscope user list 查看）/ no user {name!r}; see planscope user list")
    return user


def list_users(session: Session, region: str | None = None) -> list[User]:
    """Every user, or those whose region is ``region`` or below it."""
    from planscope.accounts.roles import scope_prefix

    query = select(User).order_by(User.name)
    if region:
        prefix = scope_prefix(scope_region(region).code)
        if prefix:
            query = query.where(User.region_code.startswith(prefix, autoescape=True))
    return list(session.scalars(query))


def create_user(session: Session, actor: Principal, name: str, password: str | None, role: str, region: str,
                display_name: str | None = None) -> User:
    """A new active user; AccountError for a name taken or malformed, an unknown role or
    region, a weak or empty password; PermissionDenied when ``actor`` may not manage users
    of that region."""
    if not _NAME.fullmatch(name or ""):
        raise AccountError(f"用户名无效 {name!r}（不含空格、冒号、斜杠，最长 100 字）/ invalid user name: no spaces, "
                           "colons or slashes, at most 100 characters")
    check_role(role)
    place = scope_region(region)
    require(actor, "manage_users", place.code)
    if session.scalar(select(func.count(User.id)).where(User.name == name)):
        raise AccountError(f"用户 {name} 已存在 / user {name!r} exists already")
    user = User(name=name, display_name=display_name, role=role, region_code=place.code, region=place.name,
                active=True, password_hash=passwords.hash_password(passwords.check_password(password, name)),
                created_at=audit.now())
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.add", "user", user.name, user.region_code, None, _state(user))
    return user


def change_user(session: Session, actor: Principal, name: str, *, role: str | None = None,
                region: str | None = None, active: bool | None = None, display_name: str | None = None,
                password: str | None = None) -> User:
    """Change what is given; the actor must manage users in the user's old and new region."""
    user = get_user(session, name)
    require(actor, "manage_users", user.region_code)
    before = _state(user)
    if role is not None:
        user.role = check_role(role)
    if region is not None:
        place = scope_region(region)
        require(actor, "manage_users", place.code)
        user.region_code, user.region = place.code, place.name
    if active is not None:
        user.active = active
    if display_name is not None:
        user.display_name = display_name
    after = _state(user)
    if password is not None:
        user.password_hash = passwords.hash_password(passwords.check_password(password, name))
        after["password"] = "changed"
    if after == before:
        return user
    user.updated_at = audit.now()
    audit.record(session, actor, "user.change", "user", user.name, user.region_code, before, after)
    return user


def set_password(session: Session, actor: Principal, name: str, password: str) -> User:
    return change_user(session, actor, name, password=password)


def _state(user: User) -> dict[str, Any]:
    return {"name": user.name, "display_name": user.display_name, "role": user.role,
            "region_code": user.region_code, "region": user.region, "active": user.active}


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user with this name and password, else None.  The work is the same for an
    unknown name, a disabled user and a wrong password (one argon2 verification each).  A hash
    made with weaker parameters than today's is replaced (not an audited change)."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None or not user.active or not user.password_hash:
        passwords.dummy_verify(password)
        return None
    if not passwords.verify(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user
