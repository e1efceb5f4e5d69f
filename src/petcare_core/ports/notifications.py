"""The port that delivers messages (email, SMS) to pet parents and staff."""

from __future__ import annotations

from typing import Protocol

from petcare_core.domain.messages import Message
from petcare_core.ports.errors import PetcareError


class DeliveryFailed(PetcareError):
    """The message could not be handed over (server down, address refused, channel not served).

    The message says why without repeating credentials.
    """


class Notifier(Protocol):
    """Hands messages over for delivery.

    A notifier delivers what it is given: whether a message may be sent at all (the owner's
    opt-outs) is decided before, by ``petcare_core.domain.messages.delivery_allowed``.
    """

    def send(self, message: Message) -> None:
        """Deliver ``message`` or raise ``DeliveryFailed``."""
        ...
