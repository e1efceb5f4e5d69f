"""Contract of the capacity ledger repository: the per-day counts bookings race for.

``load`` gives the pool's ledger for some days (days never used count 0, the capacity is the
pool's); ``save`` stores the count of every loaded day, a day released to zero included. Of two
units of work that both read the last place, exactly one commits: an adapter that locks the
days on ``load`` (PostgreSQL's ``SELECT ... FOR UPDATE``) makes the second wait and then see
the place taken; an optimistic one (memory, SQLite) makes it fail with ``ConcurrencyConflict``,
to be retried (ADR 0009). An adapter that locks sets ``ledger_locks`` so that the test that
interleaves two units of work in one thread, which would wait forever there, is skipped.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import ClassVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.capacity import CapacityLedger, CapacityPool
from petcare_core.domain.ids import FacilityId
from petcare_core.ports.errors import ConcurrencyConflict, PetcareError, TenantViolation
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.booking_catalog import add_pool

D1 = date(2026, 6, 30)
D2 = D1 + timedelta(days=1)  # the month changes between them
D3 = D1 + timedelta(days=2)
DAYS = (D1, D2, D3)

# Long enough for a slow CI machine, short enough that a deadlock fails the test promptly.
_TIMEOUT_SECONDS = 60


def _stored(
    uow_factory: UnitOfWorkFactory, pool: CapacityPool, days: Sequence[date]
) -> CapacityLedger:
    with uow_factory.for_facility(pool.facility_id) as uow:
        return uow.capacity_ledger.load(pool, days)


def _book(uow_factory: UnitOfWorkFactory, pool: CapacityPool, used: dict[date, int]) -> None:
    """Commit ``used`` more places on each day of ``used``."""
    with uow_factory.for_facility(pool.facility_id) as uow:
        ledger = uow.capacity_ledger.load(pool, list(used))
        for day, count in used.items():
            ledger = ledger.take([day], count, overbook=True)
        uow.capacity_ledger.save(ledger)
        uow.commit()


class CapacityLedgerContract(ContractBase):
    """What every ``CapacityLedgerRepository`` must do."""

    #: True for adapters whose ``load`` blocks a second unit of work reading the same day.
    ledger_locks: ClassVar[bool] = False

    @pytest.fixture
    def pool(self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId) -> CapacityPool:
        """A stored pool of 3 places."""
        with uow_factory.for_facility(facility_id) as uow:
            pool = add_pool(uow, capacity=3)
            uow.commit()
        return pool

    def test_days_never_used_count_zero(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        ledger = _stored(uow_factory, pool, DAYS)
        assert ledger == CapacityLedger(pool.id, pool.capacity)
        assert [ledger.available_on(day) for day in DAYS] == [3, 3, 3]

    def test_saved_counts_read_back_after_commit_and_only_then(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        with uow_factory.for_facility(pool.facility_id) as uow:
            ledger = uow.capacity_ledger.load(pool, [D3, D1]).take([D1, D3], 2)
            uow.capacity_ledger.save(ledger)
            assert uow.capacity_ledger.load(pool, DAYS) == ledger
            if not self.ledger_locks:  # a locking storage would make the reader wait
                assert _stored(uow_factory, pool, DAYS).used == {}
            uow.commit()
        assert _stored(uow_factory, pool, DAYS).used == {D1: 2, D3: 2}
        assert _stored(uow_factory, pool, [D2]).used == {}

    def test_leaving_without_commit_discards_the_counts(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        _book(uow_factory, pool, {D1: 1})
        with uow_factory.for_facility(pool.facility_id) as uow:
            ledger = uow.capacity_ledger.load(pool, DAYS)
            uow.capacity_ledger.save(ledger.take(DAYS, 2))
        assert _stored(uow_factory, pool, DAYS).used == {D1: 1}

    def test_a_day_released_to_zero_is_stored_as_zero(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        _book(uow_factory, pool, {D1: 2, D2: 2})
        with uow_factory.for_facility(pool.facility_id) as uow:
            ledger = uow.capacity_ledger.load(pool, [D1, D2]).release([D1], 2)
            assert ledger.used == {D2: 2}
            uow.capacity_ledger.save(ledger)
            uow.commit()
        assert _stored(uow_factory, pool, DAYS).used == {D2: 2}

    def test_saving_twice_in_one_unit_of_work_keeps_the_last(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        with uow_factory.for_facility(pool.facility_id) as uow:
            ledger = uow.capacity_ledger.load(pool, DAYS).take(DAYS, 1)
            uow.capacity_ledger.save(ledger)
            uow.capacity_ledger.save(ledger.take([D2], 2).release([D3], 1))
            uow.commit()
        assert _stored(uow_factory, pool, DAYS).used == {D1: 1, D2: 3}

    def test_the_capacity_is_the_pools_and_counts_may_exceed_a_lowered_one(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        _book(uow_factory, pool, {D1: 3})
        with uow_factory.for_facility(pool.facility_id) as uow:
            smaller = uow.capacity_pools.update(attrs.evolve(pool, capacity=1))
            uow.commit()
        ledger = _stored(uow_factory, smaller, DAYS)
        assert (ledger.pool_id, ledger.capacity, ledger.used) == (pool.id, 1, {D1: 3})
        assert ledger.full_days(DAYS, 1) == (D1,)

    def test_pools_count_separately(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        with uow_factory.for_facility(pool.facility_id) as uow:
            other = add_pool(uow, capacity=1)
            uow.commit()
        _book(uow_factory, pool, {D1: 2})
        _book(uow_factory, other, {D1: 1, D2: 1})
        assert _stored(uow_factory, pool, DAYS).used == {D1: 2}
        assert _stored(uow_factory, other, DAYS).used == {D1: 1, D2: 1}

    def test_generated_ledgers_read_back_equal(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        every_day = [
            strategies.WINDOW_START + timedelta(days=offset)
            for offset in range(strategies.WINDOW_DAYS)
        ]

        @self.examples()
        @given(data=st.data())
        def round_trip(data: st.DataObject) -> None:
            with uow_factory.for_facility(facility_id) as uow:
                pool = add_pool(uow, capacity=data.draw(st.integers(0, 40), label="capacity"))
                ledger = data.draw(strategies.capacity_ledgers(pool), label="ledger")
                uow.capacity_ledger.load(pool, every_day)
                uow.capacity_ledger.save(ledger)
                uow.commit()
            assert _stored(uow_factory, pool, every_day) == ledger

        round_trip()

    def test_peek_reads_the_stored_counts_without_holding_the_days(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        _book(uow_factory, pool, {D1: 2})
        with uow_factory.for_facility(pool.facility_id) as reader:
            assert reader.capacity_ledger.peek(pool, [D3, D1, D2]).used == {D1: 2}
            assert reader.capacity_ledger.peek(pool, []) == CapacityLedger.of(pool)
            # A writer is not held up by the peek: it takes the last place and commits.
            with uow_factory.for_facility(pool.facility_id) as writer:
                ledger = writer.capacity_ledger.load(pool, [D1]).take([D1], 1)
                writer.capacity_ledger.save(ledger)
                writer.commit()
        assert _stored(uow_factory, pool, [D1]).used == {D1: 3}

    def test_peeking_at_another_facilitys_pool_is_a_tenant_violation(
        self,
        uow_factory: UnitOfWorkFactory,
        pool: CapacityPool,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(other_facility_id) as uow, pytest.raises(TenantViolation):
            uow.capacity_ledger.peek(pool, DAYS)

    def test_loading_another_facilitys_pool_is_a_tenant_violation(
        self,
        uow_factory: UnitOfWorkFactory,
        pool: CapacityPool,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(other_facility_id) as uow, pytest.raises(TenantViolation):
            uow.capacity_ledger.load(pool, DAYS)

    def test_a_pool_relabelled_with_this_facility_cannot_reach_the_other_facilitys_counts(
        self,
        uow_factory: UnitOfWorkFactory,
        pool: CapacityPool,
        other_facility_id: FacilityId,
    ) -> None:
        _book(uow_factory, pool, {D1: 2})
        forged = attrs.evolve(pool, facility_id=other_facility_id)
        # Refusing the forged pool at any step is as good as not seeing the counts.
        with (
            contextlib.suppress(PetcareError),
            uow_factory.for_facility(other_facility_id) as uow,
        ):
            ledger = uow.capacity_ledger.load(forged, DAYS)
            assert ledger.used == {}
            uow.capacity_ledger.save(ledger.take(DAYS, 3))
            uow.commit()
        assert _stored(uow_factory, pool, DAYS).used == {D1: 2}

    def test_of_two_units_of_work_taking_the_last_place_only_the_first_commits(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        if self.ledger_locks:
            pytest.skip("load locks the days: the second unit of work would wait for the first")
        _book(uow_factory, pool, {D2: 2})
        first = uow_factory.for_facility(pool.facility_id)
        second = uow_factory.for_facility(pool.facility_id)
        with first, second:
            mine = first.capacity_ledger.load(pool, [D1, D2])
            theirs = second.capacity_ledger.load(pool, [D2, D3])
            assert mine.fits([D1, D2], 1) and theirs.fits([D2, D3], 1)
            first.capacity_ledger.save(mine.take([D1, D2], 1))
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                second.capacity_ledger.save(theirs.take([D2, D3], 1))
                second.commit()
        assert _stored(uow_factory, pool, DAYS).used == {D1: 1, D2: 3}
        with uow_factory.for_facility(pool.facility_id) as retry:
            assert not retry.capacity_ledger.load(pool, [D2, D3]).fits([D2, D3], 1)

    def test_units_of_work_on_other_days_do_not_conflict(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        if self.ledger_locks:
            pytest.skip("interleaving in one thread is only meaningful without locks")
        first = uow_factory.for_facility(pool.facility_id)
        second = uow_factory.for_facility(pool.facility_id)
        with first, second:
            mine = first.capacity_ledger.load(pool, [D1])
            theirs = second.capacity_ledger.load(pool, [D3])
            first.capacity_ledger.save(mine.take([D1], 1))
            first.commit()
            second.capacity_ledger.save(theirs.take([D3], 1))
            second.commit()
        assert _stored(uow_factory, pool, DAYS).used == {D1: 1, D3: 1}

    def test_threads_racing_for_places_never_oversell(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        contenders = 5
        assert pool.capacity < contenders
        barrier = threading.Barrier(contenders, timeout=_TIMEOUT_SECONDS)

        def book(index: int) -> bool:
            # Half the threads name the days in reverse order: a storage that locks them in
            # the order given would deadlock.
            days = list(DAYS) if index % 2 == 0 else list(reversed(DAYS))
            barrier.wait()
            for _ in range(200):
                try:
                    with uow_factory.for_facility(pool.facility_id) as uow:
                        ledger = uow.capacity_ledger.load(pool, days)
                        if not ledger.fits(days, 1):
                            return False
                        uow.capacity_ledger.save(ledger.take(days, 1))
                        uow.commit()
                        return True
                except ConcurrencyConflict:
                    time.sleep(random.uniform(0, 0.01))
            raise AssertionError("still conflicting after 200 attempts")

        with ThreadPoolExecutor(max_workers=contenders) as executor:
            futures = [executor.submit(book, index) for index in range(contenders)]
            booked = [future.result(timeout=_TIMEOUT_SECONDS) for future in futures]
        assert booked.count(True) == pool.capacity
        assert _stored(uow_factory, pool, DAYS).used == dict.fromkeys(DAYS, pool.capacity)
