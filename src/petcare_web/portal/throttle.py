"""Login throttling: at most 5 failures per account and per client address in 15 minutes.

Kept in the process's memory: with several web processes each enforces the limit on its own,
so a determined attacker gets the limit once per process (recorded in docs/portal.md).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from datetime import datetime, timedelta


class LoginThrottle:
    """Counts recent login failures per key (an account login or a client address)."""

    def __init__(self, limit: int = 5, window: timedelta = timedelta(minutes=15)) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        failures = self._failures.setdefault(key, deque())
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        return failures

    def retry_after(self, keys: Iterable[str], now: datetime) -> int | None:
        """Seconds to wait before another attempt, or ``None`` when one is allowed now."""
        with self._lock:
            waits = []
            for key in keys:
                failures = self._recent(key, now)
                if len(failures) >= self.limit:
                    oldest_that_counts = failures[-self.limit]
                    waits.append((oldest_that_counts + self.window - now).total_seconds())
        if not waits:
            return None
        return max(1, int(max(waits) + 0.999))

    def record_failure(self, keys: Iterable[str], now: datetime) -> None:
        """Count one failed attempt against every key."""
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def forget(self, key: str) -> None:
        """Clear a key's failures (after a successful login of that account)."""
        with self._lock:
            self._failures.pop(key, None)
