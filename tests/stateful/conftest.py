"""Storages for the booking state machine: memory (new for every example), SQLite on a temporary
file and PostgreSQL (each migrated once per session; every example makes its own facility).

``booking_storage`` is parametrised over the three; PostgreSQL is skipped without
PETCARE_TEST_POSTGRES_URL, or fails when PETCARE_REQUIRE_POSTGRES=1 (``postgres_url`` in
tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from petcare_adapters.memory import MemoryUnitOfWorkFactory
from petcare_core.ports.unit_of_work import UnitOfWorkFactory


@attrs.frozen
class Storage:
    """A named storage and how to get the unit-of-work factory of one example."""

    name: str
    open: Callable[[], UnitOfWorkFactory]


def _migrated(url: str) -> tuple[UnitOfWorkFactory, Callable[[], None]]:
    """Migrate ``url`` as an operator does (``petcare db upgrade``), then open it."""
    from petcare_adapters.bootstrap import open_sql_storage
    from petcare_adapters.settings import Settings

    settings = Settings(database_url=url)
    storage = open_sql_storage(settings)
    try:
        storage.upgrade()
    except BaseException:
        storage.close()
        raise
    return storage.uow_factory, storage.close


@pytest.fixture(scope="session")
def stateful_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UnitOfWorkFactory]:
    """One migrated SQLite file for the session."""
    path: Path = tmp_path_factory.mktemp("stateful") / "petcare.db"
    uow_factory, close = _migrated(f"sqlite:///{path}")
    yield uow_factory
    close()


@pytest.fixture(scope="session")
def stateful_postgresql(postgres_url: str) -> Iterator[UnitOfWorkFactory]:
    """The session's migrated PostgreSQL database."""
    uow_factory, close = _migrated(postgres_url)
    yield uow_factory
    close()


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def booking_storage(request: pytest.FixtureRequest) -> Storage:
    """The storage one run of the machine uses."""
    name = str(request.param)
    if name == "memory":
        return Storage(name, MemoryUnitOfWorkFactory)
    shared: UnitOfWorkFactory = request.getfixturevalue(f"stateful_{name}")
    return Storage(name, lambda: shared)
