"""Notifiers: the console, the channel router, and SMTP against an aiosmtpd server on loopback."""

from __future__ import annotations

import io
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from petcare_adapters.memory import MemoryNotifier
from petcare_adapters.notify import ChannelRouter, ConsoleNotifier, SmtpNotifier
from petcare_core.domain.messages import Message
from petcare_core.domain.owner import Channel, MessageCategory
from petcare_core.ports.notifications import DeliveryFailed

EMAIL = Message(
    channel=Channel.EMAIL,
    to="zoe@example.com",
    subject="Réinitialiser votre mot de passe 🐾",
    body="Bonjour Zoë,\n\nhttps://portal.example/reset?token=abc\n",
    category=MessageCategory.TRANSACTIONAL,
    requested=True,
)
SMS = Message(
    channel=Channel.SMS,
    to="+12025550143",
    subject="Reset your password",
    body="Reset link: https://portal.example/reset?token=abc",
    category=MessageCategory.TRANSACTIONAL,
)


def parsed(envelope: Any) -> EmailMessage:
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_console_writes_every_part_of_the_message_to_its_stream() -> None:
    stream = io.StringIO()

    ConsoleNotifier(stream).send(EMAIL)
    ConsoleNotifier(stream).send(SMS)

    written = stream.getvalue()
    assert "----- petcare email (transactional) -----" in written
    assert "To: zoe@example.com" in written
    assert f"Subject: {EMAIL.subject}" in written
    assert EMAIL.body in written
    assert "----- petcare sms (transactional) -----\nTo: +12025550143" in written
    assert written.count("----- end of message -----") == 2


def test_console_writes_to_standard_output_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    ConsoleNotifier().send(SMS)

    assert SMS.body in capsys.readouterr().out


def test_the_router_sends_each_channel_through_its_notifier() -> None:
    email, sms = MemoryNotifier(), MemoryNotifier()
    router = ChannelRouter(email=email, sms=sms)

    router.send(EMAIL)
    router.send(SMS)

    assert email.sent == [EMAIL]
    assert sms.sent == [SMS]


def test_messages_cannot_carry_header_injections() -> None:
    with pytest.raises(ValueError, match="single line"):
        Message(
            Channel.EMAIL,
            "a@example.com\r\nBcc: x@evil.example",
            "s",
            "b",
            MessageCategory.MARKETING,
        )
    with pytest.raises(ValueError, match="single line"):
        Message(Channel.EMAIL, "a@example.com", "s\nBcc: x", "b", MessageCategory.MARKETING)
    with pytest.raises(ValueError, match="recipient"):
        Message(Channel.EMAIL, "", "s", "b", MessageCategory.MARKETING)


def test_smtp_delivers_an_email_in_plain_text(smtp_server: Any) -> None:
    server = smtp_server()
    notifier = SmtpNotifier(
        "127.0.0.1", server.port, "Happy Paws <noreply@happypaws.example>", starttls=False
    )

    notifier.send(EMAIL)

    [envelope] = server.inbox.envelopes
    assert envelope.mail_from == "noreply@happypaws.example"
    assert envelope.rcpt_tos == ["zoe@example.com"]
    message = parsed(envelope)
    assert message["From"] == "Happy Paws <noreply@happypaws.example>"
    assert message["To"] == "zoe@example.com"
    assert message["Subject"] == EMAIL.subject
    assert message["Date"]
    assert message["Message-ID"].endswith("@happypaws.example>")
    assert message.get_content().replace("\r\n", "\n") == EMAIL.body


def test_smtp_upgrades_with_starttls_and_logs_in(smtp_server: Any, certificate: Any) -> None:
    server = smtp_server(tls=True)
    notifier = SmtpNotifier(
        "localhost",
        server.port,
        "noreply@happypaws.example",
        username="petcare",
        password="s3cret-hunter2",
        ssl_context=certificate.client_context(),
    )

    notifier.send(EMAIL)

    assert [parsed(envelope)["Subject"] for envelope in server.inbox.envelopes] == [EMAIL.subject]
    assert server.inbox.authenticated == [True]


def test_smtp_refuses_a_certificate_it_cannot_verify(smtp_server: Any) -> None:
    server = smtp_server(tls=True)
    # The system's trust store does not know the test's self-signed certificate.
    notifier = SmtpNotifier("localhost", server.port, "noreply@happypaws.example")

    with pytest.raises(DeliveryFailed, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify"):
        notifier.send(EMAIL)

    assert server.inbox.envelopes == []


def test_smtp_never_falls_back_to_plain_text_when_starttls_is_missing(smtp_server: Any) -> None:
    server = smtp_server()
    notifier = SmtpNotifier("127.0.0.1", server.port, "noreply@happypaws.example")

    with pytest.raises(DeliveryFailed, match="STARTTLS"):
        notifier.send(EMAIL)

    assert server.inbox.envelopes == []


def test_a_refused_login_fails_without_revealing_the_password(
    smtp_server: Any, certificate: Any
) -> None:
    server = smtp_server(tls=True)
    notifier = SmtpNotifier(
        "localhost",
        server.port,
        "noreply@happypaws.example",
        username="petcare",
        password="wrong-password-42",
        ssl_context=certificate.client_context(),
    )

    with pytest.raises(DeliveryFailed) as failure:
        notifier.send(EMAIL)

    assert "wrong-password-42" not in str(failure.value)
    assert "wrong-password-42" not in repr(notifier)
    assert server.inbox.envelopes == []


def test_an_unreachable_server_is_a_delivery_failure(unused_port: int) -> None:
    notifier = SmtpNotifier("127.0.0.1", unused_port, "noreply@happypaws.example", timeout=2)

    with pytest.raises(DeliveryFailed, match="could not send email"):
        notifier.send(EMAIL)


def test_smtp_sends_no_sms() -> None:
    notifier = SmtpNotifier("127.0.0.1", 1, "noreply@happypaws.example")

    with pytest.raises(DeliveryFailed, match="email only"):
        notifier.send(SMS)
