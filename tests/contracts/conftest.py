"""One ``UnitOfWorkFactory`` fixture per storage adapter for the contract suites.

SQL storages are migrated once and shared by a whole session (every contract test makes its own
tenants); the memory storage is new for every test, which costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from petcare_adapters.memory import MemoryUnitOfWorkFactory
from petcare_core.ports.unit_of_work import UnitOfWorkFactory


def _open_sql_storage(url: str) -> tuple[UnitOfWorkFactory, Callable[[], None]]:
    """Migrate ``url``, then open it the way production does, through the composition root."""
    # Imported here so that the memory leg runs even where the SQL stack cannot be imported.
    from petcare_adapters.bootstrap import build, open_sql_storage
    from petcare_adapters.settings import Settings

    settings = Settings(database_url=url)
    # ``build`` never migrates (it refuses an old schema): migrate first, as an operator runs
    # ``petcare db upgrade`` before starting.
    storage = open_sql_storage(settings)
    try:
        storage.upgrade()
    finally:
        storage.close()
    services, close = build(settings)
    return services.uow_factory, close


@pytest.fixture
def memory_uow_factory() -> UnitOfWorkFactory:
    """A new, empty memory storage."""
    return MemoryUnitOfWorkFactory()


@pytest.fixture(scope="session")
def sqlite_uow_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UnitOfWorkFactory]:
    """One migrated SQLite file for the session."""
    path: Path = tmp_path_factory.mktemp("contracts") / "petcare.db"
    uow_factory, close = _open_sql_storage(f"sqlite:///{path}")
    yield uow_factory
    close()


@pytest.fixture(scope="session")
def postgres_uow_factory(postgres_url: str) -> Iterator[UnitOfWorkFactory]:
    """The session's migrated PostgreSQL database (skipped without PETCARE_TEST_POSTGRES_URL)."""
    uow_factory, close = _open_sql_storage(postgres_url)
    yield uow_factory
    close()
