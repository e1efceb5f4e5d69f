"""Sending a message through the notifier, under the domain's delivery policy."""

from __future__ import annotations

import logging

from petcare_core.domain.messages import Message, delivery_allowed
from petcare_core.domain.owner import CommunicationPreferences
from petcare_core.ports.notifications import DeliveryFailed
from petcare_core.services.context import ServiceContext

_log = logging.getLogger("petcare.notifications")


def deliver(
    ctx: ServiceContext, message: Message, preferences: CommunicationPreferences | None
) -> bool:
    """Send ``message`` if the policy allows it; True when it was handed over.

    Callers send after committing what the message is about, so a delivery failure is logged
    and reported as ``False`` rather than raised: the change stands either way, and for a
    password reset an error would reveal that the account exists. The log names the channel
    and the failure, never the recipient or the content (it may hold a reset link).
    """
    if not delivery_allowed(message, preferences):
        return False
    try:
        ctx.notifier.send(message)
    except DeliveryFailed as error:
        _log.warning("could not deliver a %s message: %s", message.channel.value, error)
        return False
    return True
