"""Sign-in sessions: a signed cookie, no server-side table.

Why a signed cookie and not a sessions table: every request already reads the user's row
(role, region and ``active`` are taken from the database each time, so disabling a user or
changing their role takes effect at the next click), so a session needs to carry only *who*
signed in and *when*.  A signature (HMAC-SHA256 with a server-side secret) makes that claim
unforgeable; no table means no migration and nothing to clean up.  What a table would add —
ending one stolen session before it expires — is covered by short lifetimes and by binding
the cookie to the password: it holds a fingerprint of the user's password hash, so setting
a new password (``planscope user set NAME --password``) ends every session of that user.

The cookie (``planscope_session``, ``HttpOnly``, ``SameSite=Lax``, ``Secure`` unless the
workbench listens on loopback over plain http) is ``v1.<payload>.<signature>``, the payload
``{"u": name, "k": password fingerprint, "iat": signed in at, "seen": last refreshed}`` in
URL-safe base64.  A session ends ``IDLE`` after the last request (refreshed at most every
``REFRESH``) and ``LIFETIME`` after sign-in, whatever happens; logout deletes the cookie.

The secret: ``PLANSCOPE_SECRET`` (at least 32 characters; the same on every server of one
workbench), else a random one generated once into ``secret`` in the data folder (mode 0600)
and read by every worker on this machine.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from planscope.errors import PlanscopeError

COOKIE = "planscope_session"
SECRET_VAR = "PLANSCOPE_SECRET"
MIN_SECRET = 32
IDLE = 2 * 3600  # seconds without a request before a session ends
LIFETIME = 12 * 3600  # seconds after sign-in when it ends anyway (a working day)
REFRESH = 300  # the cookie's "seen" is renewed at most this often
VERSION = "v1"


class SecretError(PlanscopeError):
    """The signing secret cannot be had (a short PLANSCOPE_SECRET, an unreadable file)."""


def data_folder() -> Path:
    return Path(user_data_dir("planscope", appauthor=False))


def load_secret(folder: Path | None = None) -> bytes:
    """``PLANSCOPE_SECRET``, else the ``secret`` file in ``folder`` (the data folder), made on first use."""
    given = os.environ.get(SECRET_VAR)
    if given is not None:
        if len(given) < MIN_SECRET:
            raise SecretError(f"{SECRET_VAR} 太短（至少 {MIN_SECRET} 个字符）/ {SECRET_VAR} is too short: at least "
                              f"{MIN_SECRET} characters")
        return given.encode("utf-8")
    path = (folder or data_folder()) / "secret"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_hex(32))
        value = path.read_text(encoding="ascii").strip()
    except OSError as err:
        raise SecretError(f"{path}: 无法读取或创建会话密钥 / cannot read or create the session secret "
                          f"({err.strerror}); set {SECRET_VAR}") from None
    if len(value) < MIN_SECRET:  # a file being written by another worker this instant, or damaged
        raise SecretError(f"{path}: 会话密钥不完整，请删除该文件后重启 / the session secret is incomplete: delete "
                          "the file and restart")
    return value.encode("ascii")


@dataclass(frozen=True)
class Claims:
    """What a session cookie says: who, bound to which password, since when."""

    name: str
    key: str
    issued: int
    seen: int

    def expired(self, now: int) -> bool:
        return now - self.seen > IDLE or now - self.issued > LIFETIME or self.seen > now + 60

    def stale(self, now: int) -> bool:
        """Worth sending a renewed cookie (the last renewal is older than ``REFRESH``)."""
        return now - self.seen >= REFRESH

    def max_age(self, now: int) -> int:
        return max(0, min(IDLE, self.issued + LIFETIME - now))


def fingerprint(secret: bytes, password_hash: str | None) -> str:
    """Ties a session to the password it was opened with (a keyed hash: the cookie tells nothing about it)."""
    return hmac.new(secret, b"pw:" + (password_hash or "").encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest())


def encode(secret: bytes, claims: Claims) -> str:
    payload = {"u": claims.name, "k": claims.key, "iat": claims.issued, "seen": claims.seen}
    body = f"{VERSION}.{_b64(json.dumps(payload, separators=(',', ':')).encode('utf-8'))}"
    return f"{body}.{_sign(secret, body)}"


def decode(secret: bytes, cookie: str, now: int | None = None) -> Claims | None:
    """The claims of a genuine, unexpired cookie; None for anything else."""
    now = int(time.time()) if now is None else now
    parts = cookie.split(".")
    if len(parts) != 3 or parts[0] != VERSION or len(cookie) > 2048:
        return None
    body = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sign(secret, body), parts[2]):
        return None
    try:
        payload = json.loads(_unb64(parts[1]))
        claims = Claims(str(payload["u"]), str(payload["k"]), int(payload["iat"]), int(payload["seen"]))
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    return None if claims.expired(now) else claims


def new_session(name: str, key: str, now: int | None = None) -> Claims:
    now = int(time.time()) if now is None else now
    return Claims(name, key, now, now)
