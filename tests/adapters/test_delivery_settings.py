"""Settings and composition of the notifier and the file store, end to end through ``build``."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from petcare_adapters.bootstrap import build, build_notifier
from petcare_adapters.files import LocalFileStore
from petcare_adapters.notify import ChannelRouter, ConsoleNotifier
from petcare_adapters.settings import Settings
from petcare_core.ports.errors import InvalidConfiguration
from petcare_core.services import OPERATOR, NewFacility, SignUp

CHEAP = {"password_hash_time_cost": 1, "password_hash_memory_kib": 64}
PASSWORD = "correct horse battery staple"
SMTP = {"PETCARE_NOTIFIER": "smtp", "PETCARE_SMTP_HOST": "smtp.example.com"}


def test_the_defaults_print_messages_and_keep_files_beside_the_database() -> None:
    settings = Settings.from_env({})

    assert (settings.files_dir, settings.notifier) == ("./petcare-files", "console")
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == ("", 587, True)
    assert isinstance(build_notifier(settings), ConsoleNotifier)


def test_every_delivery_variable_is_read() -> None:
    environ = {
        "PETCARE_FILES_DIR": " /var/lib/petcare/files ",
        "PETCARE_NOTIFIER": "SMTP",
        "PETCARE_SMTP_HOST": "smtp.example.com",
        "PETCARE_SMTP_PORT": "2525",
        "PETCARE_SMTP_USERNAME": "petcare",
        "PETCARE_SMTP_PASSWORD": " spaces count ",
        "PETCARE_SMTP_FROM": "Happy Paws <noreply@happypaws.example>",
        "PETCARE_SMTP_STARTTLS": "yes",
    }

    settings = Settings.from_env(environ)

    assert settings == Settings(
        files_dir="/var/lib/petcare/files",
        notifier="smtp",
        smtp_host="smtp.example.com",
        smtp_port=2525,
        smtp_username="petcare",
        smtp_password=" spaces count ",
        smtp_from="Happy Paws <noreply@happypaws.example>",
        smtp_starttls=True,
    )
    assert isinstance(build_notifier(settings), ChannelRouter)
    assert "spaces count" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PETCARE_NOTIFIER", "carrier-pigeon", "console or smtp"),
        ("PETCARE_SMTP_PORT", "0", "from 1 to 65535"),
        ("PETCARE_SMTP_HOST", "smtp.example.com/path", "host name"),
        ("PETCARE_SMTP_FROM", "not an address", "noreply@example.com"),
        ("PETCARE_SMTP_STARTTLS", "sometimes", "true/false"),
        ("PETCARE_FILES_DIR", "", "directory path"),
    ],
)
def test_a_bad_delivery_value_names_the_variable(name: str, value: str, expected: str) -> None:
    with pytest.raises(InvalidConfiguration) as error:
        Settings.from_env({name: value})

    assert f"{name}={value!r} is not valid" in str(error.value)
    assert expected in str(error.value)


def test_smtp_needs_a_server_and_a_sender_and_both_credentials() -> None:
    environ = {"PETCARE_NOTIFIER": "smtp", "PETCARE_SMTP_USERNAME": "petcare"}

    with pytest.raises(InvalidConfiguration) as error:
        Settings.from_env(environ)

    lines = str(error.value).splitlines()[1:]
    assert [line.split(" disagree")[0].strip() for line in lines] == [
        "PETCARE_NOTIFIER and PETCARE_SMTP_HOST",
        "PETCARE_NOTIFIER and PETCARE_SMTP_FROM",
        "PETCARE_SMTP_USERNAME and PETCARE_SMTP_PASSWORD",
    ]


def test_a_password_never_crosses_the_network_in_clear_and_is_never_shown() -> None:
    environ = {
        **SMTP,
        "PETCARE_SMTP_FROM": "noreply@happypaws.example",
        "PETCARE_SMTP_USERNAME": "petcare",
        "PETCARE_SMTP_PASSWORD": "hunter2-secret",
        "PETCARE_SMTP_STARTTLS": "off",
    }

    with pytest.raises(InvalidConfiguration, match="turn STARTTLS on") as error:
        Settings.from_env(environ)

    assert "hunter2-secret" not in str(error.value)
    local = Settings.from_env({**environ, "PETCARE_SMTP_HOST": "localhost"})
    assert local.smtp_password == "hunter2-secret"


def test_a_misspelt_delivery_variable_suggests_the_right_one() -> None:
    with pytest.raises(InvalidConfiguration, match="did you mean PETCARE_SMTP_HOST"):
        Settings.from_env({"PETCARE_SMTP_HOTS": "smtp.example.com"})


def test_build_keeps_uploads_in_the_files_directory(tmp_path: Path) -> None:
    files_dir = tmp_path / "uploads"
    services, close = build(Settings(database_url="memory://", files_dir=str(files_dir), **CHEAP))
    try:
        assert isinstance(services.files, LocalFileStore)
        assert services.files.root == files_dir
        facility = services.create_facility(
            NewFacility("happy-paws", "Happy Paws", "America/Chicago", "USD")
        ).unwrap()
        dog = services.add_species(facility.id, OPERATOR, "Dog").unwrap()
        rabies = services.add_immunization_type(facility.id, OPERATOR, dog.id, "Rabies").unwrap()
        parent = services.sign_up(
            SignUp(
                first_name="Pat",
                last_name="Parent",
                email="pat@example.com",
                password=PASSWORD,
                facility_slug="happy-paws",
            )
        ).unwrap()
        pet = services.add_animal_from_portal(
            facility.id, parent.account.id, {"name": "Rex", "species_id": str(dog.id)}
        ).unwrap()
        today = services.clock.now().date()
        uploaded = services.upload_immunization_document(
            facility.id, parent.account.id, pet.id, rabies.id, today + timedelta(days=300),
            "rabies.pdf", b"%PDF-1.7\n%%EOF\n",
        ).unwrap()  # fmt: skip
    finally:
        close()

    key = str(uploaded.record.document)
    assert (files_dir / key).read_bytes() == b"%PDF-1.7\n%%EOF\n"


def test_build_sends_password_resets_through_smtp(smtp_server: Any, tmp_path: Path) -> None:
    server = smtp_server()
    settings = Settings(
        database_url="memory://",
        files_dir=str(tmp_path),
        notifier="smtp",
        smtp_host="127.0.0.1",
        smtp_port=server.port,
        smtp_from="Happy Paws <noreply@happypaws.example>",
        smtp_starttls=False,
        **CHEAP,
    )
    services, close = build(settings)
    try:
        services.create_facility(NewFacility("happy-paws", "Happy Paws", "UTC", "USD")).unwrap()
        services.sign_up(
            SignUp(
                first_name="Pat",
                last_name="Parent",
                email="pat@example.com",
                password=PASSWORD,
                facility_slug="happy-paws",
            )
        ).unwrap()
        services.request_password_reset("pat@example.com", "https://portal.example/reset").unwrap()
        [envelope] = server.inbox.envelopes
        email = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(email, EmailMessage)
        body = email.get_content()
        token = body.split("https://portal.example/reset?token=", 1)[1].split()[0]
        account = services.reset_password(token, "a brand new passphrase").unwrap()
        assert (
            services.authenticate_portal_account(
                "pat@example.com", "a brand new passphrase"
            ).unwrap()
            == account
        )
    finally:
        close()
    assert envelope.rcpt_tos == ["pat@example.com"]
