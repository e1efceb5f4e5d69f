"""Unpredictable tokens from the operating system's CSPRNG."""

from __future__ import annotations

import secrets


class SecureSecretGenerator:
    """The ``SecretGenerator`` port over :mod:`secrets`."""

    def token(self, n_bytes: int) -> str:
        """A URL-safe token carrying ``n_bytes`` random bytes (about 1.3 characters a byte)."""
        if n_bytes < 1:
            raise ValueError(f"n_bytes must be positive, got {n_bytes}")
        return secrets.token_urlsafe(n_bytes)
