"""Logging in, behind a throttle: after ``failures`` failed logins for one name from one
address within ``window``, that name is locked for that address for ``lock``.

The state is rows of ``login_failures`` in the database (one per failed login), so it holds
across worker processes and restarts, and workers failing at once never lose a count.  A
success clears the name's failures from that address.  A login refused because of the lock
checks no password and counts no failure: the lock runs from the failure that set it.

``login`` returns a ``LoginResult`` instead of raising, so the caller's transaction commits
the failure it records (a raise would roll it back and the throttle would count nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planscope import audit
from planscope.accounts.users import authenticate
from planscope.store import LoginFailure, User


@dataclass(frozen=True)
class Throttle:
    failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)


DEFAULT = Throttle()


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked_until: datetime | None = None
    failures_left: int | None = None  # after a wrong password: attempts before the lock

    @property
    def ok(self) -> bool:
        return self.user is not None

    @property
    def message(self) -> str:
        if self.user is not None:
            return ""
        if self.locked_until is not None:
            when = self.locked_until.strftime("%H:%M")
            return (f"登录失败次数过多，已锁定至 {when}（UTC）/ too many failed logins: locked until {when} UTC")
        return "用户名或密码错误 / wrong user name or password"


def locked_until(session: Session, name: str, address: str, policy: Throttle = DEFAULT,
                 at: datetime | None = None) -> datetime | None:
    """When the lock on ``name`` from ``address`` ends, or None when there is none."""
    at = at or audit.now()
    recent = list(session.scalars(
        select(LoginFailure.at).where(LoginFailure.name == name, LoginFailure.address == address,
                                      LoginFailure.at > at - policy.window - policy.lock)
        .order_by(LoginFailure.at.desc())))
    if not recent:
        return None
    last = recent[0]
    if at >= last + policy.lock:
        return None
    in_window = sum(1 for t in recent if t > last - policy.window)
    return last + policy.lock if in_window >= policy.failures else None


def login(session: Session, name: str, password: str, address: str, policy: Throttle = DEFAULT,
          at: datetime | None = None) -> LoginResult:
    """Authenticate ``name`` from ``address`` (an IP address, or any label of the client)."""
    at, address = at or audit.now(), address[:64]
    until = locked_until(session, name, address, policy, at)
    if until is not None:
        return LoginResult(None, locked_until=until)
    user = authenticate(session, name, password)
    key = (LoginFailure.name == name, LoginFailure.address == address)
    if user is not None:
        session.execute(delete(LoginFailure).where(*key))
        return LoginResult(user)
    session.execute(delete(LoginFailure).where(*key, LoginFailure.at <= at - policy.window - policy.lock))
    session.add(LoginFailure(name=name, address=address, at=at))
    session.flush()
    until = locked_until(session, name, address, policy, at)
    if until is not None:
        return LoginResult(None, locked_until=until)
    count = sum(1 for _ in session.scalars(select(LoginFailure.id).where(*key, LoginFailure.at > at - policy.window)))
    return LoginResult(None, failures_left=max(policy.failures - count, 0))
