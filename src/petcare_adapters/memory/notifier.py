"""A notifier that keeps every message in a list: for tests and for embedders' tests."""

from __future__ import annotations

import threading

from petcare_core.domain.messages import Message
from petcare_core.ports.notifications import DeliveryFailed


class MemoryNotifier:
    """Records messages instead of sending them.

    ``fail_with`` makes every ``send`` raise ``DeliveryFailed`` with that text, to test how the
    use cases behave when a mail server is down.
    """

    def __init__(self) -> None:
        """A notifier with nothing sent yet."""
        self._lock = threading.Lock()
        self._sent: list[Message] = []
        self.fail_with: str | None = None

    def send(self, message: Message) -> None:
        """Record ``message`` (or raise ``DeliveryFailed`` when told to fail)."""
        if self.fail_with is not None:
            raise DeliveryFailed(self.fail_with)
        with self._lock:
            self._sent.append(message)

    @property
    def sent(self) -> list[Message]:
        """Every message sent so far, oldest first (a copy)."""
        with self._lock:
            return list(self._sent)

    def clear(self) -> None:
        """Forget the messages sent so far."""
        with self._lock:
            self._sent.clear()
