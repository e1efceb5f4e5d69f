"""Shared fixtures: a throw-away PostgreSQL database per test run (per worker), SQLite files."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

# The contract suites live in the package, outside the test tree; rewrite their asserts so that
# failures show the compared values. This must run before anything imports them.
pytest.register_assert_rewrite("petcare_core.testing.contracts")

POSTGRES_URL_VARIABLE = "PETCARE_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_VARIABLE = "PETCARE_REQUIRE_POSTGRES"


def _postgres_unavailable(message: str) -> None:
    if os.environ.get(REQUIRE_POSTGRES_VARIABLE) == "1":
        pytest.fail(f"{message} ({REQUIRE_POSTGRES_VARIABLE}=1 makes this a failure)")
    pytest.skip(
        f"{message}; PostgreSQL tests skipped. Set "
        f"{POSTGRES_URL_VARIABLE}=postgresql://postgres@127.0.0.1:5432/postgres to run them."
    )


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL database created for this test run and dropped after it."""
    admin_url = os.environ.get(POSTGRES_URL_VARIABLE, "")
    if not admin_url:
        _postgres_unavailable(f"{POSTGRES_URL_VARIABLE} is not set")
    try:
        import psycopg
    except ImportError:
        _postgres_unavailable("psycopg is not installed (pip install -e '.[postgresql]')")
    name = f"petcare_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True)
    except psycopg.OperationalError as error:
        _postgres_unavailable(f"cannot connect to {admin_url}: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _with_database(admin_url, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh, empty SQLite database file for one test."""
    return f"sqlite:///{tmp_path / 'petcare.db'}"
