"""Email over SMTP with the standard library's ``smtplib``, optionally upgraded with STARTTLS."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from petcare_core.domain.messages import Message
from petcare_core.domain.owner import Channel
from petcare_core.ports.notifications import DeliveryFailed

DEFAULT_TIMEOUT_S = 10.0


class SmtpNotifier:
    """Sends email messages through one SMTP server, one connection per message.

    With ``starttls`` the connection is upgraded before anything else is said, and the server's
    certificate is verified (``ssl_context`` defaults to the system's trust store); a server
    that does not offer STARTTLS is a delivery failure, never a silent fall back to plain text.
    ``username`` and ``password`` log in when given. SMS messages are refused: route them to
    another notifier (``ChannelRouter``).
    """

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str = "",
        password: str = "",
        starttls: bool = True,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        """A notifier sending as ``sender`` (the From address) through ``host:port``."""
        self._host = host
        self._port = port
        self._sender = sender
        self._username = username
        self._password = password
        self._starttls = starttls
        self._context = ssl_context
        self._timeout = timeout

    def __repr__(self) -> str:
        # Never the password.
        return f"SmtpNotifier({self._host!r}, {self._port}, {self._sender!r})"

    def _email(self, message: Message) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self._sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Date"] = formatdate(usegmt=True)
        email["Message-ID"] = make_msgid(domain=self._sender.rpartition("@")[2] or None)
        email.set_content(message.body)
        return email

    def send(self, message: Message) -> None:
        """Deliver ``message`` to the server, or raise ``DeliveryFailed`` saying why."""
        if message.channel is not Channel.EMAIL:
            raise DeliveryFailed(
                f"the SMTP notifier sends email only, not {message.channel.value} messages"
            )
        email = self._email(message)
        where = f"{self._host}:{self._port}"
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as client:
                if self._starttls:
                    context = self._context or ssl.create_default_context()
                    client.starttls(context=context)
                if self._username:
                    client.login(self._username, self._password)
                client.send_message(email)
        except (smtplib.SMTPException, OSError) as error:
            # Covers refused logins and recipients, a missing STARTTLS or AUTH extension, an
            # unverifiable certificate (ssl.SSLError) and an unreachable server.
            raise DeliveryFailed(
                f"could not send email through {where}: {type(error).__name__}: {error}"
            ) from error
