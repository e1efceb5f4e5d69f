"""Login throttling: at most 5 failures per account and per client address in 15 minutes.

Kept in the process's memory: with several web processes each enforces the limit on its own,
so a determined attacker gets the limit once per process (recorded in docs/portal.md).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from datetime import datetime, timedelta

# Past this many keys, recording a failure first drops the keys whose failures have all aged
# out, so that a flood of attempts under ever-new logins cannot grow the table without bound.
PRUNE_ABOVE_KEYS = 10_000


def throttle_keys(login: str, client_address: str | None) -> tuple[str, str]:
    """The keys a login attempt counts under: the login and the client's address.

    An email is compared case-insensitively and a phone by its digits, so that "(303) 555-0100"
    and "303-555-0100" are one login. Every way into the portal (pages, JSON API) should use
    these keys, so that attempts add up wherever they are made.
    """
    text = login.strip().casefold()
    who = text if "@" in text else "".join(c for c in text if c.isdigit())
    return f"login:{who}", f"ip:{client_address or 'unknown'}"


class LoginThrottle:
    """Counts recent login failures per key (an account login or a client address)."""

    def __init__(self, limit: int = 5, window: timedelta = timedelta(minutes=15)) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def _expire(self, failures: deque[datetime], now: datetime) -> None:
        while failures and now - failures[0] >= self.window:
            failures.popleft()

    def retry_after(self, keys: Iterable[str], now: datetime) -> int | None:
        """Seconds to wait before another attempt, or ``None`` when one is allowed now."""
        with self._lock:
            waits = []
            for key in keys:
                # A lookup, not setdefault: checking a key must not add it to the table.
                failures = self._failures.get(key)
                if failures is None:
                    continue
                self._expire(failures, now)
                if len(failures) >= self.limit:
                    oldest_that_counts = failures[-self.limit]
                    waits.append((oldest_that_counts + self.window - now).total_seconds())
        if not waits:
            return None
        return max(1, int(max(waits) + 0.999))

    def record_failure(self, keys: Iterable[str], now: datetime) -> None:
        """Count one failed attempt against every key."""
        with self._lock:
            if len(self._failures) > PRUNE_ABOVE_KEYS:
                self._prune(now)
            for key in keys:
                failures = self._failures.setdefault(key, deque())
                self._expire(failures, now)
                failures.append(now)
                # Only the last ``limit`` failures decide the wait; older ones need no memory.
                while len(failures) > self.limit:
                    failures.popleft()

    def _prune(self, now: datetime) -> None:
        for key in list(self._failures):
            failures = self._failures[key]
            self._expire(failures, now)
            if not failures:
                del self._failures[key]

    def forget(self, key: str) -> None:
        """Clear a key's failures (after a successful login of that account)."""
        with self._lock:
            self._failures.pop(key, None)

    def __len__(self) -> int:
        """How many keys have failures on record (expired ones may linger until pruned)."""
        with self._lock:
            return len(self._failures)
