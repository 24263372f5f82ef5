"""Helpers of the web tests: the workbench over a test library, with real accounts.

``client(app, role, region)`` is a browser signed in as a user of that role and region (the
user is created once per library, through ``planscope.accounts``): its session cookie is
minted the way ``POST /login`` mints it, so every request goes through the real
authenticator and permission rule; the tests of signing in itself post the form.
``token_client`` is a script with an API token instead."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from planscope.library import ingest_paths
from planscope.store import Database, User
from planscope.web import sessions
from planscope.web.app import create_app

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "planscope" / "samples"
SAMPLE_DOCS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx"))
SECRET = b"planscope web tests: a secret of more than 32 bytes"
PASSWORD = "Plan-scope-2026"


def make_app(db: Database, uploads: Path) -> FastAPI:
    return create_app(db, upload_dir=uploads, secure_cookies=False, secret=SECRET)


def ensure_user(db: Database, role: str, region: str, name: str | None = None,
                display_name: str | None = None) -> str:
    """A user of ``role`` in ``region`` (name ``role-region`` unless given), created by the local operator."""
    from planscope.accounts.roles import local_operator
    from planscope.accounts.users import create_user

    name = name or f"{role}-{region}"
    with db.session() as session:
        if session.scalar(select(User.id).where(User.name == name)) is None:
            create_user(session, local_operator(), name, PASSWORD, role, region, display_name)
    return name


def session_cookie(db: Database, name: str) -> str:
    with db.session() as session:
        row = session.scalars(select(User).where(User.name == name)).one()
        key = sessions.fingerprint(SECRET, row.password_hash)
    return sessions.encode(SECRET, sessions.new_session(name, key))


def client(app: FastAPI, role: str | None = "admin", region: str = "100000") -> TestClient:
    """A browser signed in as a ``role`` of ``region`` (None: nobody)."""
    c = TestClient(app, raise_server_exceptions=False)
    if role:
        name = ensure_user(app.state.db, role, region)
        c.cookies.set(sessions.COOKIE, session_cookie(app.state.db, name))
    return c


def token_client(app: FastAPI, role: str, region: str) -> TestClient:
    """A script with an API token of a ``role`` of ``region`` (no cookies at all)."""
    from planscope.accounts.roles import local_operator
    from planscope.accounts.tokens import create_token

    name = ensure_user(app.state.db, role, region)
    with app.state.db.session() as session:
        token = create_token(session, local_operator(), name)
    return TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {token}"})


def with_csrf(c: TestClient, url: str = "/library") -> str:
    """Load a page (which sets the csrf cookie) and return the token its forms carry."""
    page = c.get(url)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def ingest_samples(db: Database) -> None:
    outcomes = ingest_paths(db, SAMPLE_DOCS)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
