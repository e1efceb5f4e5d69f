"""Migration 0002 (leads, staff notifications, reset tokens): up, down, and up again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from petcare_adapters.sqlalchemy import open_storage
from petcare_adapters.sqlalchemy.migration_config import alembic_config

PORTAL_TABLES = {"lead_submissions", "staff_notifications", "password_reset_tokens"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


def test_0002_downgrades_to_0001_and_upgrades_again(url: str) -> None:
    storage = open_storage(url)
    try:
        storage.upgrade()
        assert set(sa.inspect(storage.engine).get_table_names()) >= PORTAL_TABLES
        with storage.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0001")
        tables = set(sa.inspect(storage.engine).get_table_names())
        assert not PORTAL_TABLES & tables
        assert "portal_accounts" in tables
        assert not storage.schema_current()
        storage.upgrade()
        assert storage.schema_current()
        storage.check_migrations()
    finally:
        storage.close()
