"""A notifier that writes each message to a text stream instead of delivering it."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from petcare_core.domain.messages import Message


class ConsoleNotifier:
    """Writes messages to ``stream`` (standard output when none is given).

    Meant for development and demos, where the password reset link printed on the console is
    how a developer resets a password. Messages hold personal data and live links: do not point
    it at a shared log in production.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        """A notifier writing to ``stream``, or to whatever ``sys.stdout`` is at each send."""
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: Message) -> None:
        """Write ``message`` as one block; concurrent sends never interleave."""
        stream = self._stream if self._stream is not None else sys.stdout
        block = (
            f"----- petcare {message.channel.value} ({message.category.value}) -----\n"
            f"To: {message.to}\n"
            f"Subject: {message.subject}\n\n"
            f"{message.body}\n"
            "----- end of message -----\n"
        )
        with self._lock:
            stream.write(block)
            stream.flush()
