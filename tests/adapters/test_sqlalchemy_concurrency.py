"""SQL storage under concurrency: version races, unique races, outbox order, id allocation."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from petcare_adapters.sqlalchemy import SqlStorage, open_storage
from petcare_core.domain.events import OwnerCreated
from petcare_core.domain.ids import FacilityId, OwnerId
from petcare_core.domain.owner import Owner
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing.contracts.samples import T0, create_facility, make_facility, make_owner

TIMEOUT = 30


@pytest.fixture
def sqlite_storage(sqlite_url: str) -> Iterator[SqlStorage]:
    """A migrated SQLite file of this test."""
    storage = open_storage(sqlite_url)
    storage.upgrade()
    yield storage
    storage.close()


@pytest.fixture
def postgres_storage(postgres_url: str) -> Iterator[SqlStorage]:
    """The session's PostgreSQL database, migrated."""
    storage = open_storage(postgres_url, pool_size=4)
    storage.upgrade()
    yield storage
    storage.close()


def _committed_owner(factory: UnitOfWorkFactory) -> Owner:
    facility_id = create_facility(factory).id
    with factory.for_facility(facility_id) as uow:
        owner = make_owner(uow)
        uow.owners.add(owner)
        uow.commit()
    return owner


def _in_threads(*work: Callable[[], object]) -> list[BaseException | None]:
    def outcome(job: Callable[[], object]) -> BaseException | None:
        try:
            job()
        except Exception as error:
            return error
        return None

    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        futures = [pool.submit(outcome, job) for job in work]
        return [future.result(timeout=TIMEOUT) for future in futures]


@pytest.mark.postgres
def test_postgresql_two_threads_updating_one_owner_one_wins(postgres_storage: SqlStorage) -> None:
    factory = postgres_storage.uow_factory
    owner = _committed_owner(factory)
    both_loaded = threading.Barrier(2, timeout=TIMEOUT)

    def rename(name: str) -> Callable[[], None]:
        def run() -> None:
            with factory.for_facility(owner.facility_id) as uow:
                loaded = uow.owners.get(owner.id)
                both_loaded.wait()
                # The second UPDATE waits for the first's row lock, then sees a new version.
                uow.owners.update(attrs.evolve(loaded, first_name=name))
                uow.commit()

        return run

    outcomes = _in_threads(rename("Ana"), rename("Bo"))
    assert sorted(map(type, outcomes), key=str) == sorted(
        [type(None), ConcurrencyConflict], key=str
    )
    winner = ("Ana", "Bo")[outcomes.index(None)]
    with factory.for_facility(owner.facility_id) as uow:
        stored = uow.owners.get(owner.id)
    assert (stored.first_name, stored.version) == (winner, owner.version + 1)


def test_sqlite_a_stale_writer_conflicts(sqlite_storage: SqlStorage) -> None:
    factory = sqlite_storage.uow_factory
    owner = _committed_owner(factory)
    with (
        factory.for_facility(owner.facility_id) as first,
        factory.for_facility(owner.facility_id) as second,
    ):
        mine, theirs = first.owners.get(owner.id), second.owners.get(owner.id)
        first.owners.update(attrs.evolve(mine, first_name="First"))
        first.commit()
        # second's snapshot predates first's commit: SQLite refuses the write (SQLITE_BUSY).
        with pytest.raises(ConcurrencyConflict):
            second.owners.update(attrs.evolve(theirs, first_name="Second"))
    with factory.for_facility(owner.facility_id) as uow:
        assert uow.owners.get(owner.id).first_name == "First"


def test_sqlite_a_reader_that_writes_while_another_writes_conflicts(
    sqlite_storage: SqlStorage,
) -> None:
    # One writer per SQLite file: after reading, a unit of work cannot wait for the lock (that
    # could deadlock), so it conflicts even though the two change different owners.
    factory = sqlite_storage.uow_factory
    owner = _committed_owner(factory)
    with factory.for_facility(owner.facility_id) as uow:
        other = make_owner(uow)
        uow.owners.add(other)
        uow.commit()
    with (
        factory.for_facility(owner.facility_id) as reader,
        factory.for_facility(owner.facility_id) as writer,
    ):
        loaded = reader.owners.get(owner.id)
        writer.owners.update(attrs.evolve(other, first_name="Writer"))
        with pytest.raises(ConcurrencyConflict):
            reader.owners.update(attrs.evolve(loaded, first_name="Reader"))
        writer.commit()


def test_sqlite_a_stale_version_conflicts_in_a_fresh_transaction(
    sqlite_storage: SqlStorage,
) -> None:
    factory = sqlite_storage.uow_factory
    owner = _committed_owner(factory)
    with factory.for_facility(owner.facility_id) as first:
        first.owners.update(attrs.evolve(owner, first_name="First"))
        first.commit()
    with factory.for_facility(owner.facility_id) as second:
        with pytest.raises(ConcurrencyConflict):
            second.owners.update(attrs.evolve(owner, first_name="Second"))  # version 1 is gone
        assert second.owners.get(owner.id).version == owner.version + 1


@pytest.mark.postgres
def test_postgresql_a_taken_slug_leaves_the_transaction_usable(
    postgres_storage: SqlStorage,
) -> None:
    factory = postgres_storage.uow_factory
    taken = create_facility(factory)
    with factory.platform() as uow:
        with pytest.raises(ConcurrencyConflict):
            uow.facilities.add(make_facility(uow, slug=taken.slug))
        # A failed INSERT would abort a PostgreSQL transaction; ON CONFLICT DO NOTHING does not.
        fresh = make_facility(uow)
        uow.facilities.add(fresh)
        uow.commit()
    with factory.platform() as uow:
        assert uow.facilities.get(fresh.id) == fresh


@pytest.mark.postgres
def test_postgresql_outbox_positions_follow_commit_order(postgres_storage: SqlStorage) -> None:
    factory = postgres_storage.uow_factory
    facility_id = create_facility(factory).id
    first_inserted = threading.Event()
    committed: list[str] = []

    def slow_first_commit(connection: sa.Connection) -> None:
        if threading.current_thread().name.startswith("first"):
            first_inserted.set()
            threading.Event().wait(0.5)  # hold the transaction open after the outbox insert

    def record(name: str, owner_id: int) -> None:
        threading.current_thread().name = name
        with factory.for_facility(facility_id) as uow:
            uow.record(OwnerCreated(facility_id, T0, OwnerId(owner_id)))
            if name == "second":
                first_inserted.wait(TIMEOUT)
            uow.commit()
        committed.append(name)

    sa.event.listen(postgres_storage.engine, "commit", slow_first_commit)
    try:
        outcomes = _in_threads(lambda: record("first", 1), lambda: record("second", 2))
    finally:
        sa.event.remove(postgres_storage.engine, "commit", slow_first_commit)
    assert outcomes == [None, None]
    assert committed == ["first", "second"]
    with factory.for_facility(facility_id) as uow:
        entries = uow.outbox.list()
    assert [entry.event.owner_id for entry in entries] == [1, 2]  # type: ignore[attr-defined]
    assert entries[0].position < entries[1].position


def test_sqlite_ids_are_never_given_back_and_differ_between_processes(sqlite_url: str) -> None:
    # Two storages on one file stand for two processes: each reserves its own blocks.
    one, two = open_storage(sqlite_url), open_storage(sqlite_url)
    try:
        one.upgrade()
        ids: list[int] = []
        with one.uow_factory.platform() as a, two.uow_factory.platform() as b:
            for _ in range(150):
                ids += [a.new_id(), b.new_id()]
            a.rollback()
        with one.uow_factory.platform() as a:
            ids.append(a.new_id())
        assert len(set(ids)) == len(ids)
    finally:
        one.close()
        two.close()


def test_sqlite_a_lost_id_counter_never_reuses_a_stored_id(sqlite_url: str) -> None:
    storage = open_storage(sqlite_url)
    try:
        storage.upgrade()
        owner = _committed_owner(storage.uow_factory)
    finally:
        storage.close()
    os.remove(f"{sqlite_url.removeprefix('sqlite:///')}-ids")  # e.g. a backup without it
    storage = open_storage(sqlite_url)
    try:
        with storage.uow_factory.platform() as uow:
            assert uow.new_id() > owner.id
    finally:
        storage.close()


def test_sqlite_writers_in_threads_each_commit_their_own_rows(sqlite_storage: SqlStorage) -> None:
    factory = sqlite_storage.uow_factory
    facility_id: FacilityId = create_facility(factory).id

    def add_owners() -> None:
        for _ in range(20):
            with factory.for_facility(facility_id) as uow:
                uow.owners.add(make_owner(uow))
                uow.commit()

    outcomes: list[Any] = _in_threads(add_owners, add_owners, add_owners)
    assert outcomes == [None, None, None]
    with factory.for_facility(facility_id) as uow:
        assert len(uow.owners.list()) == 60
