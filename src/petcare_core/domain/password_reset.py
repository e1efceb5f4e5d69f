"""Password reset tokens: single use, valid for one hour, stored only as a hash.

The link sent to the pet parent carries the token itself; the storage keeps only its SHA-256, so
a copy of the database cannot be used to take over accounts. A token ends when it is used, when
it expires, or when another token of the same account resets the password first (revoked).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from petcare_core.domain.ids import PasswordResetTokenId, PortalAccountId
from petcare_core.domain.reasons import Reason

RESET_TOKEN_LIFETIME = timedelta(hours=1)
# Asking again and again must not flood someone's inbox: beyond this many live links for one
# account, a further request sends nothing (and answers exactly as if it had).
MAX_LIVE_RESET_TOKENS = 3


def hash_reset_token(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@attrs.frozen
class PasswordResetToken:
    """A password reset link issued for one portal account."""

    id: PasswordResetTokenId
    account_id: PortalAccountId
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None
    version: int = 1

    def is_live(self, now: datetime) -> bool:
        """True while the link can still reset the password."""
        return self.used_at is None and self.revoked_at is None and now < self.expires_at

    def used(self, at: datetime) -> PasswordResetToken:
        """A copy that has reset the password at ``at``."""
        return attrs.evolve(self, used_at=at)

    def revoked(self, at: datetime) -> PasswordResetToken:
        """A copy ended at ``at`` because another link reset the password."""
        return attrs.evolve(self, revoked_at=at)


def issue_reset_token(
    token_id: PasswordResetTokenId, account_id: PortalAccountId, token: str, now: datetime
) -> PasswordResetToken:
    """The stored form of a new ``token`` for ``account_id``, valid for one hour from ``now``."""
    return PasswordResetToken(
        id=token_id,
        account_id=account_id,
        token_hash=hash_reset_token(token),
        issued_at=now,
        expires_at=now + RESET_TOKEN_LIFETIME,
    )


def may_issue_another(tokens: Iterable[PasswordResetToken], now: datetime) -> bool:
    """False when the account already has ``MAX_LIVE_RESET_TOKENS`` live links."""
    return sum(1 for token in tokens if token.is_live(now)) < MAX_LIVE_RESET_TOKENS


@attrs.frozen
class ResetLinkInvalid(Reason):
    """The token is not one petcare issued (mistyped or truncated link)."""

    @property
    def message(self) -> str:
        return (
            "token: this password reset link is not valid; copy the whole link from the "
            "message, or ask for a new one"
        )

    @property
    def field(self) -> str | None:
        return "token"


@attrs.frozen
class ResetLinkExpired(Reason):
    """The token is older than one hour."""

    @property
    def message(self) -> str:
        return (
            "token: this password reset link has expired (links work for one hour); ask for "
            "a new one"
        )

    @property
    def field(self) -> str | None:
        return "token"


@attrs.frozen
class ResetLinkUsed(Reason):
    """The token has already reset the password once."""

    @property
    def message(self) -> str:
        return (
            "token: this password reset link has already been used; log in with your new "
            "password, or ask for a new link"
        )

    @property
    def field(self) -> str | None:
        return "token"


@attrs.frozen
class ResetLinkReplaced(Reason):
    """Another link of the same account reset the password first, which ended this one."""

    @property
    def message(self) -> str:
        return (
            "token: your password was reset with another link since this one was sent, so it "
            "no longer works; log in with your new password, or ask for a new link"
        )

    @property
    def field(self) -> str | None:
        return "token"


def reset_token_problem(token: PasswordResetToken | None, now: datetime) -> Reason | None:
    """Why ``token`` (as found by its hash; ``None`` when none was) cannot be used ``now``."""
    if token is None:
        return ResetLinkInvalid()
    if token.used_at is not None:
        return ResetLinkUsed()
    if token.revoked_at is not None:
        return ResetLinkReplaced()
    if now >= token.expires_at:
        return ResetLinkExpired()
    return None
