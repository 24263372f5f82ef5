"""Accounts: users with a role scoped to a region, API tokens, login throttling, permissions.

- ``roles``: the permission model, ``can(user, action, region_code)`` over ``data/roles.toml``;
- ``passwords``: argon2id hashing and the password rule;
- ``users``: ``create_user``, ``change_user``, ``set_password``, ``authenticate``;
- ``tokens``: ``create_token`` (the token is shown once, only its SHA-256 kept), ``user_for_token``,
  ``revoke_token``;
- ``throttle``: ``login`` — authentication behind a per name-and-address lock kept in the database.

Every change to a user or a token is written to the audit log (``planscope.audit``) in the same
transaction.  The submodules are imported on first use (``planscope.audit`` needs ``roles``,
and ``users`` needs ``planscope.audit``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_NAMES = {
    "can": "roles", "require": "roles", "Actor": "roles", "local_operator": "roles", "ROLES": "roles",
    "ACTIONS": "roles", "covers": "roles",
    "create_user": "users", "change_user": "users", "set_password": "users", "authenticate": "users",
    "get_user": "users", "list_users": "users", "user_record": "users",
    "create_token": "tokens", "user_for_token": "tokens", "revoke_token": "tokens", "list_tokens": "tokens",
    "login": "throttle", "Throttle": "throttle", "LoginResult": "throttle",
}  # fmt: skip

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'planscope.accounts' has no attribute {name!r}")
    return getattr(import_module(f"planscope.accounts.{module}"), name)
