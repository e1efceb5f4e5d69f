"""Two server-like processes, each with several threads, race for the last places of a pool.

Every contender opens its units of work through ``bootstrap.build``, as a web worker does, and
books one place on the same three days, retrying on ``ConcurrencyConflict`` (ADR 0009). The
pool has ``LEFT`` places left on the middle day and none of the days' rows exist beforehand on
the other two, so the race also covers creating the rows. Exactly ``LEFT`` contenders may
succeed; the others must see the pool full, and the stored counts must agree.

On PostgreSQL the losers wait on the row locks and then see the place taken, so nobody even
conflicts. On SQLite (one file, one writer) losers conflict and retry.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import threading
import time
import traceback
from collections.abc import Iterator
from datetime import date
from multiprocessing.synchronize import Barrier as ProcessBarrier
from pathlib import Path
from typing import Any

import pytest

from petcare_adapters.bootstrap import build, open_sql_storage
from petcare_adapters.settings import Settings
from petcare_core.domain.capacity import CapacityPool
from petcare_core.domain.ids import CapacityPoolId, FacilityId
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing.contracts.booking_catalog import add_pool
from petcare_core.testing.contracts.samples import create_facility

PROCESSES = 2
THREADS = 4
CAPACITY = 5
LEFT = 3  # places left on the middle day; fewer than the PROCESSES * THREADS contenders
DAYS = (date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1))  # across a month's end
ATTEMPTS = 200
TIMEOUT_SECONDS = 120

Outcome = tuple[str, int]  # "took" or "full", and how many conflicts it retried


def _book_one_place(
    factory: UnitOfWorkFactory, facility_id: FacilityId, pool_id: CapacityPoolId
) -> Outcome:
    conflicts = 0
    for _ in range(ATTEMPTS):
        # Each attempt names the days in another order; the storage must lock them in one.
        days = random.sample(DAYS, len(DAYS))
        try:
            with factory.for_facility(facility_id) as uow:
                pool = uow.capacity_pools.get(pool_id)
                ledger = uow.capacity_ledger.load(pool, days)
                if not ledger.fits(days, 1):
                    return "full", conflicts
                uow.capacity_ledger.save(ledger.take(days, 1))
                uow.commit()
                return "took", conflicts
        except ConcurrencyConflict:
            conflicts += 1
            time.sleep(random.uniform(0, 0.02))
    raise AssertionError(f"still conflicting after {ATTEMPTS} attempts")


def _server(
    url: str,
    facility_id: FacilityId,
    pool_id: CapacityPoolId,
    start: ProcessBarrier,
    results: Any,
) -> None:
    """One server-like process: its own services and pool, ``THREADS`` contenders."""
    try:
        services, close = build(Settings(database_url=url, database_pool_size=THREADS))
        try:
            factory = services.uow_factory
            with factory.for_facility(facility_id) as uow:
                uow.capacity_pools.get(pool_id)  # connected and warm before the start
            outcomes: dict[int, Outcome | BaseException] = {}
            go = threading.Barrier(THREADS, timeout=TIMEOUT_SECONDS)

            def contender(index: int) -> None:
                go.wait()
                try:
                    outcomes[index] = _book_one_place(factory, facility_id, pool_id)
                except BaseException as error:  # reported to the parent below
                    outcomes[index] = error

            threads = [threading.Thread(target=contender, args=(i,)) for i in range(THREADS)]
            start.wait(timeout=TIMEOUT_SECONDS)
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT_SECONDS)
        finally:
            close()
        failures = [
            repr(outcome) for outcome in outcomes.values() if isinstance(outcome, BaseException)
        ]
        if len(outcomes) < THREADS:
            failures.append(f"only {len(outcomes)} of {THREADS} contenders finished in time")
        results.put(("failed", failures) if failures else ("ok", list(outcomes.values())))
    except BaseException:
        results.put(("failed", [traceback.format_exc()]))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated SQLite file of this test, or the session's migrated PostgreSQL database."""
    url = (
        f"sqlite:///{tmp_path / 'race.db'}"
        if request.param == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    storage = open_sql_storage(Settings(database_url=url))
    try:
        storage.upgrade()
    finally:
        storage.close()
    return url


@pytest.fixture
def pool(url: str) -> Iterator[CapacityPool]:
    """A pool of ``CAPACITY`` places with only ``LEFT`` left on the middle day."""
    services, close = build(Settings(database_url=url))
    try:
        factory = services.uow_factory
        facility_id = create_facility(factory).id
        with factory.for_facility(facility_id) as uow:
            pool = add_pool(uow, capacity=CAPACITY)
            uow.commit()
        with factory.for_facility(facility_id) as uow:
            ledger = uow.capacity_ledger.load(pool, [DAYS[1]])
            uow.capacity_ledger.save(ledger.take([DAYS[1]], CAPACITY - LEFT))
            uow.commit()
        yield pool
    finally:
        close()


def _reports(servers: list[Any], results: Any) -> list[tuple[str, Any]]:
    """One report per server; a server that died without reporting fails at once."""
    reports: list[tuple[str, Any]] = []
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while len(reports) < len(servers):
        try:
            reports.append(results.get(timeout=1))
        except queue.Empty:
            dead = [server.exitcode for server in servers if not server.is_alive()]
            if len(reports) + len(dead) >= len(servers) and results.empty():
                pytest.fail(f"a server process died without reporting (exit codes {dead})")
            if time.monotonic() > deadline:
                pytest.fail(f"the servers did not finish within {TIMEOUT_SECONDS} s")
    return reports


def _race(url: str, pool: CapacityPool, monkeypatch: pytest.MonkeyPatch) -> list[Outcome]:
    # A spawned process imports this module by the name pytest gave it (``tests.adapters.``
    # with --import-mode=importlib), so the directory that name starts from must be on the
    # path the children inherit.
    monkeypatch.syspath_prepend(str(Path(__file__).parents[__name__.count(".")]))
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES)
    results = context.Queue()
    servers = [
        context.Process(
            target=_server, args=(url, pool.facility_id, pool.id, start, results), daemon=True
        )
        for _ in range(PROCESSES)
    ]
    for server in servers:
        server.start()
    try:
        reports = _reports(servers, results)
    finally:
        for server in servers:
            server.join(timeout=10)
            if server.is_alive():
                server.kill()
    failures = [detail for status, details in reports if status != "ok" for detail in details]
    assert not failures, "\n".join(failures)
    return [outcome for _, outcomes in reports for outcome in outcomes]


def test_two_processes_of_threads_take_exactly_the_places_left(
    url: str, pool: CapacityPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = _race(url, pool, monkeypatch)
    assert len(outcomes) == PROCESSES * THREADS
    assert (
        sorted(kind for kind, _ in outcomes) == ["full"] * (len(outcomes) - LEFT) + ["took"] * LEFT
    )
    services, close = build(Settings(database_url=url))
    try:
        with services.uow_factory.for_facility(pool.facility_id) as uow:
            stored = uow.capacity_ledger.load(pool, DAYS)
    finally:
        close()
    assert stored.used == {DAYS[0]: LEFT, DAYS[1]: CAPACITY, DAYS[2]: LEFT}
    if url.startswith("postgresql"):
        # The losers waited for the row locks and then read the new counts: none conflicted.
        assert sum(conflicts for _, conflicts in outcomes) == 0
