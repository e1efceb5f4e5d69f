"""Portal sessions in signed cookies, so that several web processes share them without a store.

A cookie holds a random session id, the account (if logged in), a fingerprint of the account's
password hash and the time it was issued, signed with HMAC-SHA256. A new session id is issued
at every login (no session fixation); a password change invalidates every session of the
account, because the fingerprint no longer matches; sessions expire after ``max_age``.
The CSRF token of a form is derived from the session id, so it needs no storage either.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timedelta

import attrs

SESSION_ID_BYTES = 18


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def password_fingerprint(password_hash: str) -> str:
    """A short digest of the account's password hash: changes whenever the password does."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


@attrs.frozen
class PortalSession:
    """What a portal cookie says: who (if anyone) is logged in, since when."""

    session_id: str
    issued_at: int
    account_id: int | None = None
    fingerprint: str = ""

    @classmethod
    def anonymous(cls, now: datetime) -> PortalSession:
        """A fresh session for a visitor who has not logged in."""
        return cls(secrets.token_urlsafe(SESSION_ID_BYTES), int(now.timestamp()))

    def logged_in(self, account_id: int, password_hash: str, now: datetime) -> PortalSession:
        """A new session (new id) for ``account_id``: the old id is never reused."""
        return PortalSession(
            secrets.token_urlsafe(SESSION_ID_BYTES),
            int(now.timestamp()),
            account_id,
            password_fingerprint(password_hash),
        )


class SessionCodec:
    """Signs and verifies portal session cookies."""

    def __init__(self, secret: bytes, max_age: timedelta = timedelta(days=14)) -> None:
        if len(secret) < 32:
            raise ValueError("the session secret must be at least 32 bytes")
        self._key = hashlib.sha256(b"petcare-session\x00" + secret).digest()
        self._csrf_key = hashlib.sha256(b"petcare-csrf\x00" + secret).digest()
        self.max_age = max_age

    def _sign(self, payload: bytes) -> str:
        return _b64(hmac.new(self._key, payload, hashlib.sha256).digest())

    def encode(self, session: PortalSession) -> str:
        """The cookie value for ``session``."""
        payload = json.dumps(
            [session.session_id, session.issued_at, session.account_id, session.fingerprint],
            separators=(",", ":"),
        ).encode("utf-8")
        return f"{_b64(payload)}.{self._sign(payload)}"

    def decode(self, value: str, now: datetime) -> PortalSession | None:
        """The session in a cookie, or ``None`` when it is forged, malformed or expired."""
        body, _, signature = value.partition(".")
        try:
            payload = _unb64(body)
        except (binascii.Error, ValueError):
            return None
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            session_id, issued_at, account_id, fingerprint = json.loads(payload)
        except (ValueError, TypeError):
            return None
        if (
            not isinstance(issued_at, int)
            or now.timestamp() - issued_at > self.max_age.total_seconds()
        ):
            return None
        return PortalSession(session_id, issued_at, account_id, fingerprint)

    def csrf_token(self, session: PortalSession) -> str:
        """The token every form of this session must carry."""
        digest = hmac.new(self._csrf_key, session.session_id.encode("ascii"), hashlib.sha256)
        return _b64(digest.digest())

    def csrf_valid(self, session: PortalSession, token: str) -> bool:
        """True when ``token`` is this session's CSRF token."""
        return hmac.compare_digest(self.csrf_token(session), token)
