"""Ports to the machine: time, password hashing, secrets and phone-number parsing."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """The current time."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class PasswordHasher(Protocol):
    """One-way password hashing (argon2id in production)."""

    def hash(self, password: str) -> str:
        """A salted hash of ``password``."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches ``password_hash``; never raises for a wrong password."""
        ...


class SecretGenerator(Protocol):
    """Unpredictable tokens for API keys and invite codes."""

    def token(self, n_bytes: int) -> str:
        """A URL-safe random token carrying ``n_bytes`` of entropy."""
        ...


class PhoneNumberNormalizer(Protocol):
    """Reads phone numbers as people write them."""

    def to_e164(self, raw: str, region: str) -> str | None:
        """``raw`` as E.164 (``+15551234567``), reading it in ``region`` when it has no country
        code; ``None`` when it is not a valid phone number."""
        ...
