"""Signing in: the form (CSRF, throttle, where it goes next), the session cookie (signed,
http-only, SameSite=Lax, Secure off loopback, expiring, bound to the password), logout, and
Bearer tokens for the API and the pages."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planscope.store import Database, LoginFailure
from planscope.web import sessions
from webtools import PASSWORD, SECRET, client, ensure_user, session_cookie, token_client, with_csrf


@pytest.fixture
def lib(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'web.db'}")
    yield db
    db.dispose()




def _browser(app: FastAPI) -> tuple[TestClient, str]:
    c = TestClient(app, raise_server_exceptions=False)
    return c, with_csrf(c, "/login")


def _login(c: TestClient, token: str, name: str, password: str, next: str = "") -> object:
    return c.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": next},
                  follow_redirects=False)


def test_sign_in_and_out(app: FastAPI, lib: Database) -> None:
    name = ensure_user(lib, "planner", "990100", display_name="李规划")
    c, token = _browser(app)
    assert c.get("/library").status_code == 401
    r = _login(c, token, name, PASSWORD, next="/dashboard?region=990121")
    assert r.status_code == 303 and r.headers["location"] == "/dashboard?region=990121"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{sessions.COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # this app serves plain http on loopback (secure_cookies=False)
    assert "Max-Age=" in cookie
    page = c.get("/library")
    assert page.status_code == 200 and "李规划" in page.text and 'action="/logout"' in page.text
    out = c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert f'{sessions.COOKIE}=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    assert c.get("/library").status_code == 401


def test_the_cookie_is_secure_off_loopback(lib: Database, tmp_path: Path) -> None:
    from planscope.web.app import create_app

    app = create_app(lib, upload_dir=tmp_path, secure_cookies=True, secret=SECRET)
    name = ensure_user(lib, "viewer", "990100")
    c = TestClient(app, base_url="https://planning.example")
    token = with_csrf(c, "/login")
    assert "Secure" in _login(c, token, name, PASSWORD).headers["set-cookie"]  # type: ignore[attr-defined]


def test_a_login_form_without_its_csrf_token_is_refused(app: FastAPI, lib: Database) -> None:
    name = ensure_user(lib, "viewer", "990100")
    c, _token = _browser(app)
    r = c.post("/login", data={"name": name, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403 and sessions.COOKIE not in r.headers.get("set-cookie", "")


def test_wrong_passwords_are_counted_and_lock_the_name(app: FastAPI, lib: Database) -> None:
    name = ensure_user(lib, "viewer", "990100")
    c, token = _browser(app)
    for _ in range(4):
        r = _login(c, token, name, "not the password")
        assert r.status_code == 401 and "用户名或密码错误" in r.text  # type: ignore[attr-defined]
    fifth = _login(c, token, name, "not the password")  # the failure that sets the lock says so
    assert fifth.status_code == 429 and "锁定" in fifth.text  # type: ignore[attr-defined]
    with lib.session() as session:  # each failure was committed, though the request failed
        assert session.scalar(select(func.count(LoginFailure.id)).where(LoginFailure.name == name)) == 5
    locked = _login(c, token, name, PASSWORD)  # the right password, too late
    assert locked.status_code == 429 and "锁定" in locked.text  # type: ignore[attr-defined]
    assert c.get("/library").status_code == 401
    unknown = _login(c, token, "nobody-here", "whatever1")  # an unknown name: the same answer
    assert unknown.status_code == 401 and "用户名或密码错误" in unknown.text  # type: ignore[attr-defined]


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:1",
                                    "/logout"])
def test_after_sign_in_only_a_page_of_this_site(app: FastAPI, lib: Database, target: str) -> None:
    name = ensure_user(lib, "viewer", "990100")
    c, token = _browser(app)
    assert _login(c, token, name, PASSWORD, next=target).headers["location"] == "/library"  # type: ignore[attr-defined]


def test_a_page_asks_for_sign_in_and_comes_back(app: FastAPI) -> None:
    c = TestClient(app, raise_server_exceptions=False)
    r = c.get("/dashboard", params={"region": "990121"})
    assert r.status_code == 401 and 'action="/login"' in r.text
    assert re.search(r'name="next" value="/dashboard\?region=990121"', r.text)


def test_a_forged_or_expired_session_is_nobody(app: FastAPI, lib: Database) -> None:
    name = ensure_user(lib, "admin", "100000")
    good = session_cookie(lib, name)
    head, payload, signature = good.split(".")
    key = sessions.decode(SECRET, good)
    assert key is not None
    forged = sessions.encode(b"another secret of enough length, not ours", key)
    now = int(time.time())
    old = sessions.encode(SECRET, sessions.Claims(name, key.key, now - sessions.LIFETIME - 10, now - 10))
    idle = sessions.encode(SECRET, sessions.Claims(name, key.key, now - 3 * 3600, now - sessions.IDLE - 10))
    other = sessions.encode(SECRET, sessions.Claims("admin-nobody", key.key, now, now))
    for value in (forged, old, idle, other, f"{head}.{payload}x.{signature}", "v1.e30.AAAA", "garbage"):
        c = TestClient(app, raise_server_exceptions=False)
        c.cookies.set(sessions.COOKIE, value)
        assert c.get("/api/v1/documents").status_code == 401, value


def test_a_session_ends_with_a_new_password_or_a_disabled_account(app: FastAPI, lib: Database) -> None:
    from planscope.accounts.roles import local_operator
    from planscope.accounts.users import change_user

    c = client(app, "planner", "990100")
    assert c.get("/library").status_code == 200
    with lib.session() as session:
        change_user(session, local_operator(), "planner-990100", role="viewer")
    page = c.get("/library")  # the role is read on every request
    assert page.status_code == 200 and 'id="upload"' not in page.text
    with lib.session() as session:
        change_user(session, local_operator(), "planner-990100", password="Another-pass-99")
    assert c.get("/library").status_code == 401
    c = client(app, "viewer", "990121")
    with lib.session() as session:
        change_user(session, local_operator(), "viewer-990121", active=False)
    assert c.get("/library").status_code == 401


def test_an_old_session_cookie_is_renewed(app: FastAPI, lib: Database) -> None:
    name = ensure_user(lib, "viewer", "990100")
    with lib.session() as session:
        from planscope.store import User

        row = session.scalars(select(User).where(User.name == name)).one()
        key = sessions.fingerprint(SECRET, row.password_hash)
    now = int(time.time())
    c = TestClient(app, raise_server_exceptions=False)
    c.cookies.set(sessions.COOKIE, sessions.encode(SECRET, sessions.Claims(name, key, now - 3600, now - 900)))
    r = c.get("/api/v1/documents")
    assert r.status_code == 200
    renewed = sessions.decode(SECRET, r.cookies[sessions.COOKIE])
    assert renewed is not None and renewed.issued == now - 3600 and renewed.seen >= now
    fresh = client(app, "viewer", "990100").get("/api/v1/documents")
    assert sessions.COOKIE not in fresh.headers.get("set-cookie", "")  # a recent one is left alone


def test_tokens_for_the_api_and_the_pages(app: FastAPI, lib: Database) -> None:
    script = token_client(app, "planner", "990100")
    assert script.get("/api/v1/documents").status_code == 200
    page = script.get("/library")
    assert page.status_code == 200 and 'action="/logout"' not in page.text  # nothing to sign out of
    r = script.post("/api/v1/documents", files=[("files", ("空.txt", b"", "text/plain"))])  # no CSRF with a token
    assert r.status_code == 200 and not r.json()["outcomes"][0]["ok"]


def test_a_bad_token_is_401_even_with_a_good_session(app: FastAPI, lib: Database) -> None:
    from planscope.accounts.roles import local_operator
    from planscope.accounts.tokens import create_token, revoke_token

    c = client(app, "admin", "100000")
    for header in ("Bearer ps_not-a-token", "Bearer ", "Basic YWRtaW46eA==", "ps_without-scheme"):
        assert c.get("/api/v1/documents", headers={"Authorization": header}).status_code == 401, header
    with lib.session() as session:
        token = create_token(session, local_operator(), "admin-100000")
    auth = {"Authorization": f"Bearer {token}"}
    anonymous = TestClient(app, raise_server_exceptions=False)
    assert anonymous.get("/api/v1/documents", headers=auth).status_code == 200
    with lib.session() as session:
        revoke_token(session, local_operator(), token[:10])
    assert anonymous.get("/api/v1/documents", headers=auth).status_code == 401


def test_the_secret_comes_from_the_environment_or_a_private_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sessions.SECRET_VAR, raising=False)
    first = sessions.load_secret(tmp_path)
    assert len(first) >= sessions.MIN_SECRET and sessions.load_secret(tmp_path) == first
    assert (tmp_path / "secret").stat().st_mode & 0o077 == 0
    monkeypatch.setenv(sessions.SECRET_VAR, "k" * 40)
    assert sessions.load_secret(tmp_path) == b"k" * 40
    monkeypatch.setenv(sessions.SECRET_VAR, "short")
    with pytest.raises(sessions.SecretError, match="PLANSCOPE_SECRET"):
        sessions.load_secret(tmp_path)
