"""Contracts of the staff user and API key repositories and of the platform's API key index."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import strategies as st

from petcare_core.domain.ids import ApiKeyId, FacilityId, StaffUserId
from petcare_core.domain.staff import ApiKey, Permission, StaffRole, StaffUser
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract, ContractBase
from petcare_core.testing.contracts.samples import at, make_api_key, make_staff_user


class StaffUserRepositoryContract(AggregateRepositoryContract[StaffUser]):
    """What every ``StaffUserRepository`` must do; usernames are unique per facility, any case."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[StaffUser, Any]:
        return uow.staff

    def make(self, uow: FacilityUnitOfWork) -> StaffUser:
        return make_staff_user(uow)

    def changed(self, record: StaffUser) -> StaffUser:
        return attrs.evolve(
            record,
            role=StaffRole.EMPLOYEE,
            permissions=frozenset({Permission.API_ACCESS, Permission.OWNERS_READ}),
            last_name="O'Brien-Müller",
            active=not record.active,
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[StaffUser]:
        # Usernames are unique per facility, and every example shares this test's facility.
        return strategies.staff_users(uow.facility_id, StaffUserId(uow.new_id())).map(
            lambda staff: attrs.evolve(staff, username=f"{staff.username}.{staff.id}")
        )

    def test_find_by_username_ignores_case(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            staff = make_staff_user(uow, username=f"Émile.Zola.{facility_id}")
            uow.staff.add(staff)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.staff.find_by_username(staff.username) == staff
            assert uow.staff.find_by_username(staff.username.upper()) == staff
            assert uow.staff.find_by_username(f"nobody.{facility_id}") is None

    def test_a_username_is_unique_per_facility_whatever_its_case(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        username = f"Alex.{facility_id}"
        with uow_factory.for_facility(facility_id) as uow:
            mine = make_staff_user(uow, username=username)
            uow.staff.add(mine)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            uow.staff.add(make_staff_user(uow, username=username.upper()))
            uow.commit()
        with uow_factory.for_facility(other_facility_id) as uow:
            theirs = make_staff_user(uow, username=username)
            uow.staff.add(theirs)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.staff.find_by_username(username) == mine
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.staff.find_by_username(username) == theirs

    def test_a_username_taken_in_the_same_transaction_conflicts(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            uow.staff.add(make_staff_user(uow, username=f"twin.{facility_id}"))
            uow.staff.add(make_staff_user(uow, username=f"Twin.{facility_id}"))
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.staff.find_by_username(f"twin.{facility_id}") is None


def _add_staff(uow: FacilityUnitOfWork) -> StaffUserId:
    staff = make_staff_user(uow)
    uow.staff.add(staff)
    return staff.id


class ApiKeyRepositoryContract(AggregateRepositoryContract[ApiKey]):
    """What every ``ApiKeyRepository`` and the platform's ``ApiKeyIndex`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[ApiKey, Any]:
        return uow.api_keys

    def make(self, uow: FacilityUnitOfWork) -> ApiKey:
        return make_api_key(uow, _add_staff(uow))

    def changed(self, record: ApiKey) -> ApiKey:
        return attrs.evolve(record, label="révoquée", revoked_at=at(60.000001))

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[ApiKey]:
        # Prefixes are unique across the storage, which every example shares.
        return strategies.api_keys(uow.facility_id, _add_staff(uow), ApiKeyId(uow.new_id())).map(
            lambda key: attrs.evolve(key, prefix=f"{key.prefix}_{key.id}")
        )

    def test_list_for_staff_user_returns_only_that_users_keys_by_id(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            staff_id, other_staff_id = _add_staff(uow), _add_staff(uow)
            keys = [make_api_key(uow, staff_id) for _ in range(2)]
            for key in [*reversed(keys), make_api_key(uow, other_staff_id)]:
                uow.api_keys.add(key)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.api_keys.list_for_staff_user(staff_id) == keys
            assert uow.api_keys.list_for_staff_user(StaffUserId(uow.new_id())) == []

    def test_a_prefix_is_unique_across_facilities(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            key = make_api_key(uow, _add_staff(uow))
            uow.api_keys.add(key)
            uow.commit()
        with uow_factory.for_facility(other_facility_id) as uow:
            staff_id = _add_staff(uow)
            uow.commit()
        with uow_factory.for_facility(other_facility_id) as uow, pytest.raises(ConcurrencyConflict):
            uow.api_keys.add(make_api_key(uow, staff_id, prefix=key.prefix))
            uow.commit()


class ApiKeyIndexContract(ContractBase):
    """What every platform ``ApiKeyIndex`` must do."""

    def test_find_by_prefix_finds_a_committed_key_in_any_facility(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        keys = []
        for tenant in (facility_id, other_facility_id):
            with uow_factory.for_facility(tenant) as uow:
                key = make_api_key(uow, _add_staff(uow))
                uow.api_keys.add(key)
                uow.commit()
            keys.append(key)
        with uow_factory.platform() as platform:
            for key in keys:
                assert platform.api_key_index.find_by_prefix(key.prefix) == key
            assert platform.api_key_index.find_by_prefix(f"missing{platform.new_id()}") is None

    def test_find_by_prefix_sees_revocation_and_ignores_uncommitted_keys(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            key = make_api_key(uow, _add_staff(uow))
            uow.api_keys.add(key)
            with uow_factory.platform() as platform:
                assert platform.api_key_index.find_by_prefix(key.prefix) is None
            uow.commit()
            revoked = uow.api_keys.update(attrs.evolve(key, revoked_at=at(1)))
            uow.commit()
        with uow_factory.platform() as platform:
            found = platform.api_key_index.find_by_prefix(key.prefix)
        assert found == revoked
        assert found is not None
        assert not found.active
