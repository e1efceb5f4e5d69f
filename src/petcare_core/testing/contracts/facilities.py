"""Contracts of the platform's ``FacilityRepository`` and of each facility's locations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.events import FacilityCreated
from petcare_core.domain.facility import FacilitySettings, Location
from petcare_core.domain.ids import FacilityId, LocationId
from petcare_core.ports.errors import ConcurrencyConflict, NotFound, TenantViolation
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract, ContractBase
from petcare_core.testing.contracts.samples import (
    T0,
    create_facility,
    make_facility,
    make_location,
)


class FacilityRepositoryContract(ContractBase):
    """What every platform ``FacilityRepository`` (and ``FacilityUnitOfWork.facility``) must do."""

    def test_a_created_facility_reads_back_equal_everywhere(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        facility = create_facility(uow_factory)
        with uow_factory.platform() as uow:
            assert uow.facilities.get(facility.id) == facility
            assert uow.facilities.find_by_slug(facility.slug) == facility
            assert uow.facilities.find_by_invite_code(facility.invite_code) == facility
            assert facility in uow.facilities.list()
        with uow_factory.for_facility(facility.id) as uow:
            assert uow.facility() == facility

    def test_generated_facilities_read_back_equal(self, uow_factory: UnitOfWorkFactory) -> None:
        @self.examples()
        @given(data=st.data())
        def round_trip(data: st.DataObject) -> None:
            with uow_factory.platform() as uow:
                facility = data.draw(strategies.facilities(FacilityId(uow.new_id())))
                # Slugs and invite codes are unique in the storage every example shares.
                suffix = str(facility.id)
                facility = attrs.evolve(
                    facility,
                    slug=f"{facility.slug[: 30 - len(suffix)]}-{suffix}",
                    invite_code=f"{facility.invite_code[: 32 - len(suffix)]}{suffix}",
                )
                uow.facilities.add(facility)
                uow.commit()
            with uow_factory.platform() as uow:
                assert uow.facilities.get(facility.id) == facility
                assert uow.facilities.find_by_slug(facility.slug) == facility

        round_trip()

    def test_missing_facilities_are_not_found(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory.platform() as uow:
            missing = FacilityId(uow.new_id())
            with pytest.raises(NotFound):
                uow.facilities.get(missing)
            assert uow.facilities.find_by_slug(f"missing-{missing}") is None
            assert uow.facilities.find_by_invite_code(f"MISSING{missing}") is None
        with uow_factory.for_facility(missing) as uow, pytest.raises(NotFound):
            uow.facility()

    def test_list_is_ordered_by_id(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory.platform() as uow:
            facilities = [make_facility(uow) for _ in range(3)]
            for facility in reversed(facilities):
                uow.facilities.add(facility)
            uow.commit()
        with uow_factory.platform() as uow:
            listed = [facility.id for facility in uow.facilities.list()]
        assert listed == sorted(listed)
        assert {facility.id for facility in facilities} <= set(listed)

    def test_update_versions_and_conflicts_when_stale(self, uow_factory: UnitOfWorkFactory) -> None:
        facility = create_facility(uow_factory)
        change = attrs.evolve(
            facility,
            name="Chez Médor 🦴",
            timezone="Asia/Kolkata",
            currency="JPY",
            settings=FacilitySettings(phone_region="IN", expiring_soon_days=60),
        )
        with uow_factory.platform() as uow:
            stored = uow.facilities.update(change)
            assert stored == attrs.evolve(change, version=facility.version + 1)
            uow.commit()
        with uow_factory.platform() as uow:
            assert uow.facilities.get(facility.id) == stored
        with uow_factory.platform() as uow, pytest.raises(ConcurrencyConflict):
            uow.facilities.update(change)
            uow.commit()
        with uow_factory.platform() as uow, pytest.raises(NotFound):
            uow.facilities.update(make_facility(uow))

    def test_slug_and_invite_code_are_unique(self, uow_factory: UnitOfWorkFactory) -> None:
        taken = create_facility(uow_factory)
        for field in ("slug", "invite_code"):
            with uow_factory.platform() as uow, pytest.raises(ConcurrencyConflict):
                uow.facilities.add(make_facility(uow, **{field: getattr(taken, field)}))
                uow.commit()
        other = create_facility(uow_factory)
        with uow_factory.platform() as uow, pytest.raises(ConcurrencyConflict):
            uow.facilities.update(attrs.evolve(other, slug=taken.slug))
            uow.commit()
        with uow_factory.platform() as uow:
            assert uow.facilities.find_by_slug(taken.slug) == taken
            assert uow.facilities.get(other.id) == other

    def test_an_uncommitted_facility_is_invisible_and_discarded(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory.platform() as uow:
            facility = make_facility(uow)
            uow.facilities.add(facility)
            assert uow.facilities.get(facility.id) == facility
            with uow_factory.platform() as other:
                assert other.facilities.find_by_slug(facility.slug) is None
        with uow_factory.platform() as uow:
            with pytest.raises(NotFound):
                uow.facilities.get(facility.id)
            assert uow.facilities.find_by_slug(facility.slug) is None

    def test_a_new_tenant_commits_with_its_first_records_and_events(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory.platform() as platform:
            facility = make_facility(platform)
        created = FacilityCreated(facility_id=facility.id, occurred_at=T0)
        with uow_factory.for_facility(facility.id) as uow:
            uow.add_facility(facility)
            location = make_location(uow)
            uow.locations.add(location)
            uow.record(created)
            assert uow.facility() == facility
            uow.commit()
        with uow_factory.platform() as platform:
            assert platform.facilities.get(facility.id) == facility
        with uow_factory.for_facility(facility.id) as uow:
            assert uow.locations.list() == [location]
            assert [entry.event for entry in uow.outbox.list()] == [created]

    def test_a_new_tenant_left_uncommitted_leaves_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory.platform() as platform:
            facility = make_facility(platform)
        with uow_factory.for_facility(facility.id) as uow:
            uow.add_facility(facility)
            uow.locations.add(make_location(uow))
        with uow_factory.platform() as platform:
            with pytest.raises(NotFound):
                platform.facilities.get(facility.id)
            assert platform.facilities.find_by_slug(facility.slug) is None

    def test_a_unit_of_work_creates_only_its_own_facility(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory.platform() as platform:
            mine, other = make_facility(platform), make_facility(platform)
        with uow_factory.for_facility(mine.id) as uow, pytest.raises(TenantViolation):
            uow.add_facility(other)

    def test_a_new_tenant_with_a_taken_slug_conflicts(self, uow_factory: UnitOfWorkFactory) -> None:
        taken = create_facility(uow_factory)
        with uow_factory.platform() as platform:
            facility = make_facility(platform, slug=taken.slug)
        with uow_factory.for_facility(facility.id) as uow, pytest.raises(ConcurrencyConflict):
            uow.add_facility(facility)
            uow.commit()
        with uow_factory.platform() as platform:
            assert platform.facilities.find_by_slug(taken.slug) == taken


class LocationRepositoryContract(AggregateRepositoryContract[Location]):
    """What every ``LocationRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Location, Any]:
        return uow.locations

    def make(self, uow: FacilityUnitOfWork) -> Location:
        return make_location(uow)

    def changed(self, record: Location) -> Location:
        return attrs.evolve(
            record, name="Süd", tax_rate=Decimal("0.2"), phone="", active=not record.active
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Location]:
        return strategies.locations(uow.facility_id, LocationId(uow.new_id()))
