"""A short-lived cache of API answers: Gingr integrations poll the same records again and again.

An answer is kept for ``ttl`` seconds under the endpoint, the API key and every parameter of
the request, so a second identical request within that time is answered from memory without
touching the database. Only successful answers of read endpoints are kept, never one larger
than ``MAX_BODY_BYTES`` (a list of every owner is rebuilt each time, as it would use memory
for little gain), and never more than ``MAX_TOTAL_BYTES`` in all; the least recently used
answer goes first. The price is freshness: a change, a revoked key or a removed permission
shows in a cached answer at most ``ttl`` seconds late (docs/adr/0010-gingr-answer-cache.md).

The cache belongs to one process and is only touched from its event loop, so it needs no lock.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

MAX_BODY_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024


class AnswerCache:
    """Answers by request key, each kept ``ttl`` seconds; ``ttl`` 0 keeps nothing."""

    def __init__(
        self,
        ttl: float,
        *,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl < 0:
            raise ValueError(f"ttl must not be negative, got {ttl!r}")
        self.ttl = ttl
        self.max_total_bytes = max_total_bytes
        self._clock = clock
        self._answers: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0

    @property
    def enabled(self) -> bool:
        """False when the cache keeps nothing (``ttl`` 0)."""
        return self.ttl > 0

    @property
    def size(self) -> int:
        """The number of answers held (expired ones included until they are asked for)."""
        return len(self._answers)

    def get(self, key: str) -> bytes | None:
        """The answer kept for ``key`` if it is still fresh."""
        held = self._answers.get(key)
        if held is None:
            return None
        expires, body = held
        if self._clock() >= expires:
            self._drop(key)
            return None
        self._answers.move_to_end(key)
        return body

    def put(self, key: str, body: bytes) -> None:
        """Keep ``body`` for ``key`` unless the cache is off or the answer is too large."""
        if not self.enabled or len(body) > MAX_BODY_BYTES:
            return
        if key in self._answers:
            self._drop(key)
        self._answers[key] = (self._clock() + self.ttl, body)
        self._bytes += len(body)
        while self._bytes > self.max_total_bytes:
            self._drop(next(iter(self._answers)))

    def _drop(self, key: str) -> None:
        _, body = self._answers.pop(key)
        self._bytes -= len(body)
