"""Helpers of the web tests: a stub user (the accounts library is not wired yet: the
authenticator here exists in the tests only, the app has none of its own) and a library
with the sample documents."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from planscope.library import ingest_paths
from planscope.store import Database
from planscope.web.app import create_app

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "planscope" / "samples"
SAMPLE_DOCS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx"))
USER_COOKIE = "test_user"  # "role:region_code", read by the stub authenticator only


@dataclass(frozen=True)
class StubUser:
    name: str
    role: str
    region_code: str


def stub_authenticator(request: Request) -> StubUser | None:
    """Who the test says the request comes from: the ``test_user`` cookie, or nobody."""
    value = request.cookies.get(USER_COOKIE, "")
    if ":" not in value:
        return None
    role, code = value.split(":", 1)
    return StubUser(f"test-{role}", role, code)


def make_app(db: Database, uploads: Path) -> FastAPI:
    return create_app(db, stub_authenticator, upload_dir=uploads, secure_cookies=False)


def client(app: FastAPI, role: str | None = "admin", region: str = "100000") -> TestClient:
    c = TestClient(app, raise_server_exceptions=False)
    if role:
        c.cookies.set(USER_COOKIE, f"{role}:{region}")
    return c


def with_csrf(c: TestClient) -> str:
    """Load a page (which sets the csrf cookie) and return the token its forms carry."""
    page = c.get("/library")
    found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def ingest_samples(db: Database) -> None:
    outcomes = ingest_paths(db, SAMPLE_DOCS)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
