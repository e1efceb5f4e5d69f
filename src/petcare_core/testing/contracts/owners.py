"""Contract of ``OwnerRepository``: the generic behaviour plus lookups by email, phone and time."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

import attrs
from hypothesis import strategies as st

from petcare_core.domain.ids import FacilityId, OwnerId
from petcare_core.domain.owner import Owner
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract
from petcare_core.testing.contracts.samples import T0, at, make_location, make_owner


class OwnerRepositoryContract(AggregateRepositoryContract[Owner]):
    """What every ``OwnerRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Owner, Any]:
        return uow.owners

    def make(self, uow: FacilityUnitOfWork) -> Owner:
        return make_owner(uow)

    def changed(self, record: Owner) -> Owner:
        return attrs.evolve(
            record,
            first_name="Renée",
            email="renee@example.org",
            modified_at=at(7200.5),
            custom_fields={**record.custom_fields, "gate_code": "🔑 9"},
            custom_icons=(),
            active=not record.active,
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Owner]:
        location = make_location(uow)
        uow.locations.add(location)
        return strategies.owners(
            uow.facility_id, OwnerId(uow.new_id()), home_location_ids=[location.id]
        )

    def _add_all(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId, *changes: dict[str, Any]
    ) -> list[Owner]:
        with uow_factory.for_facility(facility_id) as uow:
            owners = [make_owner(uow, **change) for change in changes]
            for owner in owners:
                uow.owners.add(owner)
            uow.commit()
        return owners

    def test_find_by_email_returns_every_match_ordered_by_id(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        shared = f"family.{facility_id}@example.com"
        first, _, second = self._add_all(
            uow_factory, facility_id, {"email": shared}, {}, {"email": shared}
        )
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.find_by_email(shared) == [first, second]
            assert uow.owners.find_by_email(f"nobody.{facility_id}@example.com") == []

    def test_find_by_email_ignores_the_case_of_the_query(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        (owner,) = self._add_all(uow_factory, facility_id, {})
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.find_by_email(owner.email.upper()) == [owner]

    def test_an_empty_email_or_phone_matches_nobody(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        self._add_all(uow_factory, facility_id, {"email": "", "cell_phone": "", "home_phone": ""})
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.find_by_email("") == []
            assert uow.owners.find_by_phone("") == []

    def test_find_by_phone_matches_cell_or_home_phone(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        phone = "+12025559876"
        by_cell, _, by_home = self._add_all(
            uow_factory,
            facility_id,
            {"cell_phone": phone},
            {"cell_phone": "+12025550000", "home_phone": "+12025550001"},
            {"cell_phone": "", "home_phone": phone},
        )
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.find_by_phone(phone) == [by_cell, by_home]
            assert uow.owners.find_by_phone("+19999999999") == []

    def test_modified_between_includes_the_start_and_excludes_the_end(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        start, end = at(100), at(200)
        micro = timedelta(microseconds=1)
        before, at_start, inside, at_end, after = self._add_all(
            uow_factory,
            facility_id,
            {"created_at": T0, "modified_at": start - micro},
            {"created_at": T0, "modified_at": start},
            {"created_at": T0, "modified_at": end - micro},
            {"created_at": T0, "modified_at": end},
            {"created_at": T0, "modified_at": end + micro},
        )
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.modified_between(start, end) == [at_start, inside]
            assert uow.owners.modified_between(at(50), start) == [before]
            assert uow.owners.modified_between(end, end + 2 * micro) == [at_end, after]

    def test_modified_between_includes_records_created_in_the_window(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        (created_inside,) = self._add_all(
            uow_factory, facility_id, {"created_at": at(150), "modified_at": at(500)}
        )
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.modified_between(at(100), at(200)) == [created_inside]

    def test_modified_between_compares_instants_whatever_the_time_zone(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        (owner,) = self._add_all(uow_factory, facility_id, {"modified_at": at(100)})
        # The same window written in UTC-05:00 and UTC+05:30.
        west = timezone(timedelta(hours=-5))
        east = timezone(timedelta(hours=5, minutes=30))
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.modified_between(at(100).astimezone(west), at(101)) == [owner]
            assert uow.owners.modified_between(at(99), at(100).astimezone(east)) == []

    def test_list_by_ids_reads_the_named_owners_ordered_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        first, _, third = self._add_all(uow_factory, facility_id, {}, {}, {})
        (theirs,) = self._add_all(uow_factory, other_facility_id, {})
        with uow_factory.for_facility(facility_id) as uow:
            unknown = OwnerId(uow.new_id())
            named = [third.id, unknown, first.id, theirs.id, third.id]
            assert uow.owners.list_by_ids(named) == [first, third]
            assert uow.owners.list_by_ids(frozenset(named)) == [first, third]
            assert uow.owners.list_by_ids([]) == []
            assert uow.owners.list_by_ids([unknown, theirs.id]) == []

    def test_list_by_ids_takes_any_number_of_ids(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        # More ids than one SQL statement may bind, around the wanted ones and another
        # facility's (ids are allocated across facilities, so these name theirs or nothing).
        (theirs,) = self._add_all(uow_factory, other_facility_id, {})
        owners = self._add_all(uow_factory, facility_id, {}, {})
        low, high = owners[0].id, owners[-1].id
        named = [*range(low - 1500, low), *(owner.id for owner in owners), high + 1, theirs.id]
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.list_by_ids([OwnerId(value) for value in named]) == owners

    def test_lookups_never_return_another_facilitys_owners(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        email = f"shared.{facility_id}@example.com"
        phone = "+13035559876"
        change = {"email": email, "cell_phone": phone, "modified_at": at(10)}
        (mine,) = self._add_all(uow_factory, facility_id, change)
        self._add_all(uow_factory, other_facility_id, change)
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.find_by_email(email) == [mine]
            assert uow.owners.find_by_phone(phone) == [mine]
            assert uow.owners.modified_between(at(10), at(11)) == [mine]
            assert [owner.facility_id for owner in uow.owners.list()] == [facility_id]
