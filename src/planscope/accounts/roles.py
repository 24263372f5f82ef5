"""The permission model, in one place: ``can(user, action, region_code)``.

A user has a role and a region.  The role's actions (``data/roles.toml``) are allowed in the
user's region and every region below it, by GB/T 2260 code prefix: a province XX0000 covers
XX····, a prefecture XXXX00 covers XXXX··, a county covers itself, and the nation (100000,
also written 000000 or 全国) covers everything, including documents whose region is unknown.
Nothing else grants a right: an inactive user may do nothing.

The command line without ``--as`` acts as the local operator (``cli:<os user>``): whoever can
run planscope on the library's machine can change the database file anyway, so it gets the
admin role for the nation, and every write is still audited under that name.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol, get_args

from planscope import datafiles
from planscope.catalogue.regions import NATION_CODE, Region, load_regions
from planscope.errors import AccountError, PermissionDenied

Role = Literal["admin", "planner", "reviewer", "reporter", "viewer"]
Action = Literal["read", "ingest", "delete_document", "enter_observation", "review_observation", "manage_users",
                 "read_audit", "manage_tasks", "report_progress", "confirm_progress", "revise_plan"]
ROLES: tuple[str, ...] = get_args(Role)
ACTIONS: tuple[str, ...] = get_args(Action)
NATION_ALIASES = ("000000", "全国")


class Principal(Protocol):
    """Whoever acts: a stored ``User`` or an ``Actor``."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def region_code(self) -> str: ...
    @property
    def active(self) -> bool: ...


@dataclass(frozen=True)
class Actor:
    """A principal held apart from any session: the local operator, or a user as it was read."""

    name: str
    role: str = "admin"
    region_code: str = NATION_CODE
    active: bool = True

    @classmethod
    def of(cls, user: Principal) -> Actor:
        return cls(user.name, user.role, user.region_code, user.active)


def local_operator() -> Actor:
    """``cli:<os user>``: the actor of a command run without ``--as`` (admin of the nation)."""
    try:
        who = getpass.getuser()
    except Exception:  # no USER variable and no passwd entry (a bare container)
        who = "unknown"
    return Actor(f"cli:{who}")


@dataclass(frozen=True)
class RoleInfo:
    id: str
    zh: str
    en: str
    actions: frozenset[str]


@cache
def roles() -> dict[str, RoleInfo]:
    """The roles of ``data/roles.toml`` with their actions."""
    raw = datafiles.raw("roles.toml")
    return {r["id"]: RoleInfo(r["id"], r["zh"], r["en"], frozenset(r["actions"])) for r in raw["role"]}


@cache
def action_words() -> dict[str, tuple[str, str]]:
    """Each action's words (Chinese, English) from ``data/roles.toml``, for messages."""
    return {a["id"]: (a["zh"], a["en"]) for a in datafiles.raw("roles.toml")["action"]}


def check_data(data: Mapping[str, Any]) -> list[str]:
    """roles.toml against the code: every role and every action the code knows, and no other."""
    found = []
    listed_roles = {r.get("id") for r in data.get("role", [])}
    listed_actions = {a.get("id") for a in data.get("action", [])}
    for kind, listed, known in (("role", listed_roles, ROLES), ("action", listed_actions, ACTIONS)):
        found += [f"[[{kind}]]: '{k}' is missing (the code uses it)" for k in known if k not in listed]
        found += [f"[[{kind}]]: '{k}' is unknown to the code (one of {', '.join(known)})"
                  for k in sorted(x for x in listed if isinstance(x, str)) if k not in known]
    return found


# ---------------------------------------------------------------- regions and scope


def scope_region(text: str) -> Region:
    """The region a user is scoped to, from a code, a name or 全国/000000 for the nation."""
    query = text.strip()
    if query in NATION_ALIASES:
        query = NATION_CODE
    return load_regions().resolve(query)


def scope_prefix(code: str) -> str:
    """The code prefix shared by a region and everything below it ("" for the nation)."""
    if code in (NATION_CODE, *NATION_ALIASES):
        return ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def covers(scope_code: str, region_code: str | None) -> bool:
    """Whether a scope (a user's region) includes ``region_code``; a region nobody knows
    (None) only the nation's scope includes."""
    prefix = scope_prefix(scope_code)
    if not prefix:
        return True
    return region_code is not None and region_code.startswith(prefix)


def can(user: Principal, action: str, region_code: str | None) -> bool:
    """May ``user`` do ``action`` on something of ``region_code``?  An action the code does
    not know is a bug and raises ``ValueError`` (a misspelt check must not quietly say no)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    info = roles().get(user.role)
    return bool(user.active and info is not None and action in info.actions and covers(user.region_code, region_code))


def region_label(code: str | None) -> str:
    """"示例县 990121" for messages; the code alone when the table lacks it."""
    if code is None:
        return "未知地区 / unknown region"
    region = load_regions().get(code)
    return f"{region.name} {code}" if region else code


def require(user: Principal, action: str, region_code: str | None) -> None:
    """Raise ``PermissionDenied`` naming the user, the action and the region, unless ``can``."""
    if can(user, action, region_code):
        return
    info = roles().get(user.role)
    role = f"{info.zh} {info.id}" if info else user.role
    if not user.active:
        raise PermissionDenied(f"{user.name}: 账户已停用 / the account is disabled")
    zh, en = action_words().get(action, (action, action))
    if info is None or action not in info.actions:
        raise PermissionDenied(f"{user.name}（{role}）无权{zh} / the role may not {en}")
    raise PermissionDenied(f"{user.name}（{role}，{region_label(user.region_code)}）无权对 {region_label(region_code)} "
                           f"{zh}：超出其地区范围 / may not {en} there: outside the user's region")


def check_role(role: str) -> str:
    """The role, or an AccountError naming the known ones."""
    if role not in ROLES:
        raise AccountError(f"未知角色 {role!r}，可选 {'、'.join(ROLES)} / unknown role; one of {', '.join(ROLES)}")
    return role
