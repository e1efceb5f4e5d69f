"""Sending each channel (email, SMS) through its own notifier."""

from __future__ import annotations

from petcare_core.domain.messages import Message
from petcare_core.domain.owner import Channel
from petcare_core.ports.notifications import Notifier


class ChannelRouter:
    """Sends email through ``email`` and SMS through ``sms``."""

    def __init__(self, *, email: Notifier, sms: Notifier) -> None:
        """A router over one notifier per channel."""
        self._by_channel: dict[Channel, Notifier] = {Channel.EMAIL: email, Channel.SMS: sms}

    def send(self, message: Message) -> None:
        """Hand ``message`` to its channel's notifier (its ``DeliveryFailed`` passes through)."""
        self._by_channel[message.channel].send(message)
