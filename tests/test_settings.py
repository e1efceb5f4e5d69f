"""Settings.from_env: defaults, every variable, bad values, misspellings."""

from __future__ import annotations

import pytest

from petcare_adapters.settings import Settings
from petcare_core.ports.errors import InvalidConfiguration


def test_no_variables_give_the_defaults() -> None:
    settings = Settings.from_env({"PATH": "/usr/bin", "HOME": "/root"})

    assert settings == Settings()
    assert settings.database_url == "sqlite:///petcare.db"
    assert settings.database_pool_size == 5
    assert not settings.database_echo
    assert (settings.password_hash_time_cost, settings.password_hash_memory_kib) == (2, 19_456)
    assert settings.password_hash_parallelism == 1
    assert settings.default_phone_region == "US"
    assert not settings.uses_memory_storage


def test_every_variable_is_read() -> None:
    environ = {
        "PETCARE_DATABASE_URL": "postgresql+psycopg://petcare:pw@db.internal/petcare",
        "PETCARE_DATABASE_POOL_SIZE": " 12 ",
        "PETCARE_DATABASE_ECHO": "Yes",
        "PETCARE_PASSWORD_HASH_TIME_COST": "3",
        "PETCARE_PASSWORD_HASH_MEMORY_KIB": "65536",
        "PETCARE_PASSWORD_HASH_PARALLELISM": "4",
        "PETCARE_DEFAULT_PHONE_REGION": "gb",
    }

    settings = Settings.from_env(environ)

    assert settings == Settings(
        database_url="postgresql+psycopg://petcare:pw@db.internal/petcare",
        database_pool_size=12,
        database_echo=True,
        password_hash_time_cost=3,
        password_hash_memory_kib=65536,
        password_hash_parallelism=4,
        default_phone_region="GB",
    )


def test_the_gingr_cache_time_is_read_in_seconds() -> None:
    assert Settings().gingr_cache_seconds == 1.0
    assert Settings.from_env({"PETCARE_GINGR_CACHE_SECONDS": " 0.5 "}).gingr_cache_seconds == 0.5
    assert Settings.from_env({"PETCARE_GINGR_CACHE_SECONDS": "0"}).gingr_cache_seconds == 0


def test_memory_url_selects_the_memory_adapter() -> None:
    assert Settings.from_env({"PETCARE_DATABASE_URL": "memory://"}).uses_memory_storage


def test_test_only_variables_are_known_and_ignored() -> None:
    environ = {
        "PETCARE_TEST_POSTGRES_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
        "PETCARE_REQUIRE_POSTGRES": "1",
        "PETCARE_REQUIRE_BROWSER": "1",
    }

    assert Settings.from_env(environ) == Settings()


def test_a_custom_prefix_reads_only_its_own_variables() -> None:
    environ = {"MYAPP_DATABASE_URL": "memory://", "PETCARE_DATABSE_URL": "ignored"}

    assert Settings.from_env(environ, prefix="MYAPP_").uses_memory_storage


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PETCARE_DATABASE_POOL_SIZE", "five", "an integer from 1 to 1000"),
        ("PETCARE_DATABASE_POOL_SIZE", "0", "an integer from 1 to 1000"),
        ("PETCARE_DATABASE_POOL_SIZE", "", "an integer from 1 to 1000"),
        ("PETCARE_DATABASE_POOL_SIZE", "2.5", "an integer from 1 to 1000"),
        ("PETCARE_DATABASE_ECHO", "maybe", "1/0, true/false, yes/no"),
        ("PETCARE_DATABASE_URL", "mysql://localhost/db", "sqlite:///petcare.db"),
        ("PETCARE_DATABASE_URL", "petcare.db", "memory://"),
        ("PETCARE_PASSWORD_HASH_TIME_COST", "0", "an integer from 1 to 100"),
        ("PETCARE_PASSWORD_HASH_MEMORY_KIB", "lots", "an integer number of KiB"),
        ("PETCARE_PASSWORD_HASH_PARALLELISM", "65", "an integer from 1 to 64"),
        ("PETCARE_DEFAULT_PHONE_REGION", "USA", "two-letter"),
        ("PETCARE_GINGR_CACHE_SECONDS", "61", "a number of seconds from 0 to 60"),
        ("PETCARE_GINGR_CACHE_SECONDS", "soon", "a number of seconds from 0 to 60"),
        ("PETCARE_GINGR_CACHE_SECONDS", "nan", "a number of seconds from 0 to 60"),
    ],
)
def test_a_bad_value_names_the_variable_the_value_and_the_expected_form(
    name: str, value: str, expected: str
) -> None:
    with pytest.raises(InvalidConfiguration) as error:
        Settings.from_env({name: value})

    message = str(error.value)
    assert f"{name}={value!r} is not valid" in message
    assert expected in message


def test_database_passwords_are_not_echoed() -> None:
    environ = {"PETCARE_DATABASE_URL": "mysql://user:hunter2@db/petcare"}

    with pytest.raises(InvalidConfiguration) as error:
        Settings.from_env(environ)

    message = str(error.value)
    assert "hunter2" not in message
    assert "PETCARE_DATABASE_URL='mysql://user:***@db/petcare'" in message


@pytest.mark.parametrize(
    ("misspelt", "suggestion"),
    [
        ("PETCARE_DATABSE_URL", "PETCARE_DATABASE_URL"),
        ("PETCARE_DATABASE_POOLSIZE", "PETCARE_DATABASE_POOL_SIZE"),
        ("PETCARE_PASSWORD_HASH_MEMORY", "PETCARE_PASSWORD_HASH_MEMORY_KIB"),
        ("PETCARE_DEFAULT_PHONE_REGOIN", "PETCARE_DEFAULT_PHONE_REGION"),
        ("PETCARE_TEST_POSTGRESQL_URL", "PETCARE_TEST_POSTGRES_URL"),
    ],
)
def test_a_misspelt_variable_suggests_the_closest_known_name(
    misspelt: str, suggestion: str
) -> None:
    with pytest.raises(InvalidConfiguration) as error:
        Settings.from_env({misspelt: "x"})

    assert f"{misspelt} is not a petcare setting; did you mean {suggestion}?" in str(error.value)


def test_an_unknown_variable_with_nothing_close_is_still_refused() -> None:
    with pytest.raises(InvalidConfiguration, match=r"PETCARE_XYZZY is not a petcare setting$"):
        Settings.from_env({"PETCARE_XYZZY": "1"})


def test_every_problem_is_reported_at_once() -> None:
    environ = {
        "PETCARE_DATABSE_URL": "memory://",
        "PETCARE_DATABASE_ECHO": "loud",
        "PETCARE_DATABASE_POOL_SIZE": "-1",
    }

    with pytest.raises(InvalidConfiguration) as error:
        Settings.from_env(environ)

    lines = str(error.value).splitlines()
    assert len(lines) == 4
    assert lines[0] == "invalid petcare configuration:"


def test_argon2_memory_must_cover_every_lane() -> None:
    environ = {"PETCARE_PASSWORD_HASH_MEMORY_KIB": "16", "PETCARE_PASSWORD_HASH_PARALLELISM": "4"}

    with pytest.raises(InvalidConfiguration, match="8 KiB per lane"):
        Settings.from_env(environ)
    with pytest.raises(ValueError, match="8 KiB per lane"):
        Settings(password_hash_memory_kib=16, password_hash_parallelism=4)


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(ValueError, match="an integer from 1 to 1000"):
        Settings(database_pool_size=0)
    with pytest.raises(ValueError, match="memory://"):
        Settings(database_url="oracle://db")


def test_web_deployment_variables_are_read() -> None:
    secret = "k" * 40
    settings = Settings.from_env(
        {
            "PETCARE_SESSION_SECRET": secret,
            "PETCARE_PUBLIC_URL": "https://portal.example.com",
            "PETCARE_BEHIND_TLS": "true",
        }
    )

    assert (settings.session_secret, settings.public_url, settings.behind_tls) == (
        secret,
        "https://portal.example.com",
        True,
    )
    assert secret not in repr(settings)


def test_a_short_session_secret_is_refused_without_being_echoed() -> None:
    with pytest.raises(InvalidConfiguration) as error:
        Settings.from_env({"PETCARE_SESSION_SECRET": "too-short-secret"})

    message = str(error.value)
    assert "too-short-secret" not in message
    assert "at least 32" in message


@pytest.mark.parametrize("url", ["portal.example.com", "ftp://x.example", "https://x/?a=1"])
def test_a_public_url_must_be_a_site_address(url: str) -> None:
    with pytest.raises(InvalidConfiguration, match="PETCARE_PUBLIC_URL"):
        Settings.from_env({"PETCARE_PUBLIC_URL": url})
