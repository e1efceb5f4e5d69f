"""Memory-adapter behaviour the shared contracts cannot pin down deterministically: conflicts
found at commit time, atomic commits, thread safety, and use outside a ``with`` block."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest

from petcare_adapters.memory import MemoryUnitOfWorkFactory
from petcare_core.domain.events import OwnerCreated
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import FacilityId
from petcare_core.domain.owner import Owner
from petcare_core.ports.errors import ConcurrencyConflict, NotFound
from petcare_core.testing.contracts import create_facility
from petcare_core.testing.contracts.samples import T0, make_account, make_facility, make_owner


@pytest.fixture
def uow_factory() -> MemoryUnitOfWorkFactory:
    return MemoryUnitOfWorkFactory()


@pytest.fixture
def facility_id(uow_factory: MemoryUnitOfWorkFactory) -> FacilityId:
    return create_facility(uow_factory).id


def _add_owner(uow_factory: MemoryUnitOfWorkFactory, facility_id: FacilityId) -> Owner:
    with uow_factory.for_facility(facility_id) as uow:
        owner = make_owner(uow)
        uow.owners.add(owner)
        uow.commit()
    return owner


def test_two_updates_of_one_version_conflict_at_the_second_commit(
    uow_factory: MemoryUnitOfWorkFactory, facility_id: FacilityId
) -> None:
    owner = _add_owner(uow_factory, facility_id)
    first = uow_factory.for_facility(facility_id)
    second = uow_factory.for_facility(facility_id)
    with first, second:
        first.owners.update(attrs.evolve(owner, first_name="First"))
        second.owners.update(attrs.evolve(owner, first_name="Second"))
        bystander = make_owner(second)
        second.owners.add(bystander)
        second.record(OwnerCreated(facility_id, T0, bystander.id))
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()
    with uow_factory.for_facility(facility_id) as uow:
        assert uow.owners.get(owner.id).first_name == "First"
        with pytest.raises(NotFound):
            uow.owners.get(bystander.id)
        assert uow.outbox.list() == []


def test_two_adds_of_one_unique_value_conflict_at_the_second_commit(
    uow_factory: MemoryUnitOfWorkFactory,
) -> None:
    first, second = uow_factory.platform(), uow_factory.platform()
    with first, second:
        mine = make_account(first)
        first.accounts.add(mine)
        second.accounts.add(make_account(second, email=mine.email))
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()
        # The failed commit discarded its changes; the unit of work goes on.
        other = make_account(second)
        second.accounts.add(other)
        second.commit()
    with uow_factory.platform() as uow:
        assert uow.accounts.find_by_email(mine.email) == mine
        assert uow.accounts.get(other.id) == other


def test_a_value_given_up_in_a_transaction_can_be_taken_in_it(
    uow_factory: MemoryUnitOfWorkFactory,
) -> None:
    facility = create_facility(uow_factory)
    with uow_factory.platform() as uow:
        uow.facilities.update(attrs.evolve(facility, slug=f"renamed-{facility.id}"))
        newcomer = make_facility(uow, slug=facility.slug)
        uow.facilities.add(newcomer)
        assert uow.facilities.find_by_slug(facility.slug) == newcomer
        uow.commit()
    with uow_factory.platform() as uow:
        assert uow.facilities.find_by_slug(facility.slug) == newcomer
        renamed = uow.facilities.find_by_slug(f"renamed-{facility.id}")
        assert renamed is not None
        assert renamed.id == facility.id


def test_a_record_added_and_updated_in_one_transaction_is_stored_once(
    uow_factory: MemoryUnitOfWorkFactory, facility_id: FacilityId
) -> None:
    with uow_factory.for_facility(facility_id) as uow:
        owner = make_owner(uow)
        uow.owners.add(owner)
        stored = uow.owners.update(attrs.evolve(owner, first_name="Twice"))
        uow.commit()
    with uow_factory.for_facility(facility_id) as uow:
        assert uow.owners.list() == [stored]
        assert stored.version == 2


def test_concurrent_increments_lose_nothing(
    uow_factory: MemoryUnitOfWorkFactory, facility_id: FacilityId
) -> None:
    owner = _add_owner(uow_factory, facility_id)
    workers, rounds = 8, 50
    start = threading.Barrier(workers)

    def increment_until_done() -> int:
        start.wait()
        conflicts = 0
        for _ in range(rounds):
            while True:
                try:
                    with uow_factory.for_facility(facility_id) as uow:
                        current = uow.owners.get(owner.id)
                        count = int(current.custom_fields.get("count", "0")) + 1
                        uow.owners.update(
                            attrs.evolve(current, custom_fields={"count": str(count)})
                        )
                        uow.commit()
                    break
                except ConcurrencyConflict:
                    conflicts += 1
        return conflicts

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda _: increment_until_done(), range(workers)))
    with uow_factory.for_facility(facility_id) as uow:
        stored = uow.owners.get(owner.id)
    assert stored.custom_fields["count"] == str(workers * rounds)
    assert stored.version == owner.version + workers * rounds


def test_ids_from_many_threads_are_unique(uow_factory: MemoryUnitOfWorkFactory) -> None:
    def allocate(_: int) -> list[int]:
        with uow_factory.platform() as uow:
            return [uow.new_id() for _ in range(500)]

    with ThreadPoolExecutor(8) as pool:
        allocated = [new_id for batch in pool.map(allocate, range(8)) for new_id in batch]
    assert len(set(allocated)) == len(allocated) == 4000


def test_a_unit_of_work_refuses_work_outside_its_with_block(
    uow_factory: MemoryUnitOfWorkFactory, facility_id: FacilityId
) -> None:
    uow = uow_factory.for_facility(facility_id)
    with pytest.raises(RuntimeError, match="with"):
        uow.owners.list()
    with uow, pytest.raises(RuntimeError, match="already"), uow:
        pass
    with pytest.raises(RuntimeError, match="with"):
        uow.commit()


def test_factories_do_not_share_storage() -> None:
    first, second = MemoryUnitOfWorkFactory(), MemoryUnitOfWorkFactory()
    facility: Facility = create_facility(first)
    with second.platform() as uow, pytest.raises(NotFound):
        uow.facilities.get(facility.id)
