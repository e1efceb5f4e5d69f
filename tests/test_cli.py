"""The ``petcare`` command line, run in-process against real SQLite files."""

from __future__ import annotations

import io
import re
import socket

import pytest
from returns.result import Success

from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_web.cli import run
from petcare_web.demo_data import ANIMAL_COUNT, OWNER_COUNT
from petcare_web.demo_regulars import REGULAR_COUNT, REGULAR_DOG_COUNT

FAST_HASHING = {"PETCARE_PASSWORD_HASH_TIME_COST": "1", "PETCARE_PASSWORD_HASH_MEMORY_KIB": "64"}


def petcare(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, {**FAST_HASHING, **(env or {})}, out, err)
    return status, out.getvalue(), err.getvalue()


def test_db_upgrade_creates_the_schema_and_is_idempotent(sqlite_url: str) -> None:
    for _ in range(2):
        status, out, err = petcare("--database-url", sqlite_url, "db", "upgrade")
        assert (status, err) == (0, "")
        assert "up to date" in out


def test_a_command_on_an_unmigrated_database_says_how_to_fix_it(sqlite_url: str) -> None:
    status, out, err = petcare(
        "--database-url", sqlite_url, "facility", "create", "--slug", "x1", "--name", "X",
        "--timezone", "UTC", "--currency", "USD",
    )  # fmt: skip

    assert status == 1
    assert out == ""
    assert err.startswith("petcare: error:")
    assert "petcare db upgrade" in err
    assert err.count("\n") == 1


def test_demo_data_is_loaded_once_and_summarised(sqlite_url: str) -> None:
    status, first, err = petcare("--database-url", sqlite_url, "demo-data")
    assert (status, err) == (0, "")
    assert f"owners:     {OWNER_COUNT + REGULAR_COUNT}" in first
    assert f"pets:       {ANIMAL_COUNT + REGULAR_DOG_COUNT}" in first
    for state in ("verified", "expiring_soon", "expired", "pending_review", "rejected", "missing"):
        assert re.search(rf"[1-9]\d* {state}\b", first), state

    status, second, err = petcare("--database-url", sqlite_url, "demo-data")
    assert (status, err) == (0, "")
    assert "nothing to add" in second
    assert f"owners:     {OWNER_COUNT + REGULAR_COUNT}" in second
    assert f"pets:       {ANIMAL_COUNT + REGULAR_DOG_COUNT}" in second

    first_key = re.search(r"API key .*: (\w+)", first)
    second_key = re.search(r"API key .*: (\w+)", second)
    assert first_key is not None
    assert second_key is not None
    services, close = build(Settings(database_url=sqlite_url))
    try:
        # The earlier demo key is revoked; the new one works.
        assert not isinstance(services.authenticate_api_key(first_key[1]), Success)
        principal = services.authenticate_api_key(second_key[1]).unwrap()
        assert principal.staff_user.username == "demo.manager"
    finally:
        close()


def test_facility_staff_and_api_key_are_created(sqlite_url: str) -> None:
    assert petcare("--database-url", sqlite_url, "db", "upgrade")[0] == 0

    status, out, err = petcare(
        "--database-url", sqlite_url, "facility", "create", "--slug", "muddy-paws",
        "--name", "Muddy Paws", "--timezone", "Europe/Berlin", "--currency", "EUR",
        "--phone-region", "de", "--location", "Mitte",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert "muddy-paws" in out

    status, out, err = petcare(
        "--database-url", sqlite_url, "staff", "create", "--facility", "muddy-paws",
        "--username", "anna", "--first-name", "Anna", "--last-name", "Schulz", "--role", "admin",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert "api.access" in out

    status, out, err = petcare(
        "--database-url", sqlite_url, "api-key", "create", "--facility", "muddy-paws",
        "--username", "ANNA", "--label", "zapier",
    )  # fmt: skip
    assert (status, err) == (0, "")
    plain_key = out.strip().splitlines()[-1]
    services, close = build(Settings(database_url=sqlite_url))
    try:
        principal = services.authenticate_api_key(plain_key).unwrap()
        assert principal.staff_user.username == "anna"
        assert services.get_facility(principal.facility_id).currency == "EUR"
    finally:
        close()


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("facility", "create", "--slug", "Bad Slug!", "--name", "", "--timezone", "Mars/Base",
          "--currency", "usd"), "facility refused"),
        (("staff", "create", "--facility", "nowhere", "--username", "a", "--first-name", "A",
          "--last-name", "B"), "nowhere"),
        (("api-key", "create", "--facility", "muddy", "--username", "ghost"), "no staff user"),
    ],
)  # fmt: skip
def test_refusals_print_one_clear_line(
    sqlite_url: str, argv: tuple[str, ...], fragment: str
) -> None:
    petcare("--database-url", sqlite_url, "db", "upgrade")
    petcare(
        "--database-url", sqlite_url, "facility", "create", "--slug", "muddy",
        "--name", "Muddy", "--timezone", "UTC", "--currency", "USD",
    )  # fmt: skip

    status, out, err = petcare("--database-url", sqlite_url, *argv)

    assert status == 1
    assert out == ""
    assert err.startswith("petcare: error:")
    assert fragment in err
    assert err.count("\n") == 1


def test_facility_refusal_names_every_problem(sqlite_url: str) -> None:
    petcare("--database-url", sqlite_url, "db", "upgrade")
    status, _, err = petcare(
        "--database-url", sqlite_url, "facility", "create", "--slug", "Bad Slug!", "--name", "",
        "--timezone", "Mars/Base", "--currency", "US$",
    )  # fmt: skip
    assert status == 1
    for field in ("slug", "name", "timezone", "currency"):
        assert field in err


def test_a_misspelt_variable_is_refused_with_a_suggestion() -> None:
    status, _, err = petcare("db", "upgrade", env={"PETCARE_DATABSE_URL": "sqlite://"})
    assert status == 1
    assert "PETCARE_DATABASE_URL" in err


def test_a_bad_database_url_is_refused() -> None:
    status, _, err = petcare("--database-url", "mysql://localhost/x", "db", "upgrade")
    assert status == 1
    assert "sqlite" in err


def test_a_malformed_command_line_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = petcare("facility", "create", "--slug", "only")
    assert status == 2
    assert "required" in capsys.readouterr().err


def test_memory_storage_runs_the_demo_without_a_database_and_summarises_its_reservations() -> None:
    status, out, err = petcare("--database-url", "memory://", "demo-data")
    assert (status, err) == (0, "")
    assert f"owners:     {OWNER_COUNT + REGULAR_COUNT}" in out
    line = re.search(r"reservations: (\d+) \(Boarding, Daycare, Grooming; about (\d+) a day.*", out)
    assert line is not None, out
    assert int(line[1]) > 15_000
    assert 140 <= int(line[2]) <= 170
    for state in ("checked_out", "cancelled", "confirmed", "requested", "waitlisted"):
        assert re.search(rf"[1-9]\d* {state}\b", line[0]), state
    assert "refused" not in out


@pytest.mark.parametrize(
    ("argv", "env", "fragment"),
    [
        (("serve", "--port", "http"), {}, "--port 'http' is not valid"),
        (("serve", "--port", "70000"), {}, "from 1 to 65535"),
        (("serve", "--host", "bad host"), {}, "--host is not valid"),
        (("serve",), {"PETCARE_HTTP_PORT": "eighty"}, "PETCARE_HTTP_PORT='eighty' is not valid"),
        (("serve",), {"PETCARE_HTTP_HOST": "a b"}, "PETCARE_HTTP_HOST='a b' is not valid"),
        (("serve",), {"PETCARE_HTTP_PROT": "80"}, "did you mean PETCARE_HTTP_PORT"),
    ],
)
def test_serve_refuses_a_bad_address(
    argv: tuple[str, ...], env: dict[str, str], fragment: str
) -> None:
    status, out, err = petcare("--database-url", "memory://", *argv, env=env)
    assert (status, out) == (1, "")
    assert err.startswith("petcare: error:")
    assert fragment in err


def test_serve_says_when_the_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, _, err = petcare("serve", "--database-url", "memory://", "--port", str(port))
    assert status == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert "choose another --host or --port" in err


def test_serve_takes_the_database_url_after_the_command_too(sqlite_url: str) -> None:
    # An unmigrated file: refused before listening, which shows the URL was used.
    status, out, err = petcare("serve", "--database-url", sqlite_url, "--port", "1")
    assert status == 1
    assert "No database configured" not in out
    assert "petcare db upgrade" in err


def test_serve_passes_the_deployment_settings_to_the_web_application() -> None:
    from petcare_adapters.settings import Settings
    from petcare_web.cli import _web_config

    settings = Settings(
        database_pool_size=7,
        behind_tls=True,
        public_url="https://portal.example.com",
        gingr_cache_seconds=2.5,
        session_secret="s" * 40,
    )
    config = _web_config(settings)
    assert (config.executor_threads, config.behind_tls, config.public_url) == (
        7,
        True,
        "https://portal.example.com",
    )
    assert config.gingr_cache_seconds == 2.5
    assert config.session_secret == b"s" * 40
    assert _web_config(Settings()).gingr_cache_seconds == 1.0
