"""Who may be sent what: the delivery policy every notifier relies on."""

from __future__ import annotations

import attrs
import pytest

from petcare_core.domain.messages import Message, delivery_allowed, owner_channel
from petcare_core.domain.owner import Channel, CommunicationPreferences, MessageCategory

OPTED_OUT_OF_EVERYTHING = CommunicationPreferences(
    email_transactional=False,
    email_reminders=False,
    email_marketing=False,
    sms_transactional=False,
    sms_reminders=False,
    sms_marketing=False,
)
NO_MARKETING = CommunicationPreferences(email_marketing=False, sms_marketing=False)


def message(category: MessageCategory, channel: Channel = Channel.EMAIL, **changes: object):
    to = "pat@example.com" if channel is Channel.EMAIL else "+12025550143"
    return attrs.evolve(Message(channel, to, "Subject", "Body", category), **changes)


@pytest.mark.parametrize("channel", list(Channel))
def test_a_requested_message_always_goes(channel: Channel) -> None:
    reset = message(MessageCategory.TRANSACTIONAL, channel, requested=True)

    assert delivery_allowed(reset, OPTED_OUT_OF_EVERYTHING)
    assert delivery_allowed(reset, None)


def test_marketing_opt_out_never_stops_transactional_messages() -> None:
    assert delivery_allowed(message(MessageCategory.TRANSACTIONAL), NO_MARKETING)
    assert delivery_allowed(message(MessageCategory.REMINDERS), NO_MARKETING)
    assert not delivery_allowed(message(MessageCategory.MARKETING), NO_MARKETING)


@pytest.mark.parametrize("category", list(MessageCategory))
@pytest.mark.parametrize("channel", list(Channel))
def test_other_messages_follow_the_owners_choice_per_channel_and_category(
    category: MessageCategory, channel: Channel
) -> None:
    only_this = attrs.evolve(OPTED_OUT_OF_EVERYTHING, **{f"{channel}_{category}": True})

    assert delivery_allowed(message(category, channel), only_this)
    assert not delivery_allowed(message(category, channel), OPTED_OUT_OF_EVERYTHING)


def test_without_an_owner_record_only_transactional_messages_go() -> None:
    assert delivery_allowed(message(MessageCategory.TRANSACTIONAL), None)
    assert not delivery_allowed(message(MessageCategory.REMINDERS), None)
    assert not delivery_allowed(message(MessageCategory.MARKETING), None)


def test_an_owner_is_reached_by_email_first_then_mobile() -> None:
    assert owner_channel("pat@example.com", "+12025550143") == (Channel.EMAIL, "pat@example.com")
    assert owner_channel("", "+12025550143") == (Channel.SMS, "+12025550143")
    assert owner_channel("", "") is None


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("to", "pat@example.com\nBcc: all@example.com", "single line"),
        ("subject", "Hi\r\nX-Spam: yes", "single line"),
        ("to", "", "recipient"),
        ("subject", "x" * 201, "200 characters"),
    ],
)
def test_a_message_refuses_what_would_break_its_headers(
    field: str, value: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        message(MessageCategory.TRANSACTIONAL, **{field: value})
