"""Messages to people (email or SMS) and the rule deciding whether one may be sent.

The rule lives here, not in the adapters that deliver messages, so that every sender (console,
SMTP, an embedder's own) follows the same policy:

- A message the recipient has just asked for (a password reset link, the receipt of the request
  they just made) always goes: withholding it would lock them out or leave them unsure.
- Any other message goes when the owner's preferences allow its category on its channel. The
  categories are independent: opting out of marketing never stops transactional messages.
- Without an owner record to consult (a login not linked to a facility, a staff address), only
  transactional messages go.
"""

from __future__ import annotations

import attrs

from petcare_core.domain.owner import Channel, CommunicationPreferences, MessageCategory

SUBJECT_MAX_LENGTH = 200


def _single_line(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    # A line break in a recipient or subject would let text inject mail headers.
    if "\r" in value or "\n" in value:
        raise ValueError(f"a message's {attribute.name} must be a single line")


@attrs.frozen
class Message:
    """One message to one recipient.

    ``to`` is an email address for ``Channel.EMAIL`` and an E.164 phone number for
    ``Channel.SMS``. ``requested`` marks a message the recipient has just asked for.
    """

    channel: Channel
    to: str = attrs.field(validator=_single_line)
    subject: str = attrs.field(validator=_single_line)
    body: str
    category: MessageCategory
    requested: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.to:
            raise ValueError("a message needs a recipient")
        if len(self.subject) > SUBJECT_MAX_LENGTH:
            raise ValueError(f"a message's subject is limited to {SUBJECT_MAX_LENGTH} characters")


def delivery_allowed(message: Message, preferences: CommunicationPreferences | None) -> bool:
    """Whether ``message`` may be sent to someone with ``preferences`` (see the module)."""
    if message.requested:
        return True
    if preferences is None:
        return message.category is MessageCategory.TRANSACTIONAL
    return preferences.allows(message.channel, message.category)


def owner_channel(email: str, cell_phone: str) -> tuple[Channel, str] | None:
    """Where to reach an owner: their email when they have one, else their mobile phone."""
    if email:
        return Channel.EMAIL, email
    if cell_phone:
        return Channel.SMS, cell_phone
    return None
