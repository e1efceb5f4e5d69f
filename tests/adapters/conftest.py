"""An SMTP server on loopback (aiosmtpd) for the notifier tests, with STARTTLS and AUTH when
asked, and a self-signed certificate for it."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SMTP_USER = "petcare"
SMTP_PASSWORD = "s3cret-hunter2"


class Inbox:
    """An aiosmtpd handler keeping every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.authenticated: list[bool | None] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        self.authenticated.append(session.authenticated)
        return "250 Message accepted for delivery"


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def unused_port() -> int:
    """A loopback TCP port nobody listens on."""
    return free_port()


@attrs.frozen
class Certificate:
    """A self-signed certificate for localhost and 127.0.0.1."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip(
            "the openssl command is needed to make a test certificate (apt install openssl)"
        )
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Certificate(cert, key)


@attrs.frozen
class SmtpServer:
    """A running loopback SMTP server and what it received."""

    port: int
    inbox: Inbox


StartServer = Callable[..., SmtpServer]


@pytest.fixture
def smtp_server(request: pytest.FixtureRequest) -> Iterator[StartServer]:
    """Starts servers on loopback: plain, or with STARTTLS required and AUTH (``tls=True``)."""
    controllers: list[Controller] = []

    def start(*, tls: bool = False) -> SmtpServer:
        inbox = Inbox()
        options: dict[str, Any] = {}
        if tls:
            certificate: Certificate = request.getfixturevalue("certificate")
            options = {
                "tls_context": certificate.server_context(),
                "require_starttls": True,
                "authenticator": _authenticate,
                "auth_require_tls": True,
            }
        controller = Controller(
            inbox, hostname="127.0.0.1", port=free_port(), server_hostname="localhost", **options
        )
        controller.start()
        controllers.append(controller)
        return SmtpServer(controller.port, inbox)

    yield start
    for controller in controllers:
        controller.stop()
