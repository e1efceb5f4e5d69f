"""Contract of ``UnitOfWorkFactory`` and its units of work: ids and transaction boundaries."""

from __future__ import annotations

import attrs
import pytest

from petcare_core.domain.ids import FacilityId
from petcare_core.ports.errors import ConcurrencyConflict, NotFound
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.samples import make_account, make_owner


class UnitOfWorkContract(ContractBase):
    """What every ``UnitOfWorkFactory`` and the units of work it opens must do."""

    def test_new_ids_are_positive_and_unique_across_units_of_work(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        ids: list[int] = []
        with uow_factory.platform() as platform, uow_factory.for_facility(facility_id) as uow:
            for _ in range(5):
                ids += [platform.new_id(), uow.new_id()]
        with uow_factory.for_facility(facility_id) as uow:
            ids.append(uow.new_id())  # ids are not given back by a rollback
        assert all(isinstance(new_id, int) and new_id > 0 for new_id in ids)
        assert len(set(ids)) == len(ids)

    def test_a_unit_of_work_can_commit_several_times(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            first = make_owner(uow)
            uow.owners.add(first)
            uow.commit()
            second = make_owner(uow)
            uow.owners.add(second)
            uow.commit()
            stored = uow.owners.update(attrs.evolve(first, first_name="Anaïs"))
            uow.commit()
            uncommitted = make_owner(uow)
            uow.owners.add(uncommitted)
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.get(first.id) == stored
            assert uow.owners.get(second.id) == second
            with pytest.raises(NotFound):
                uow.owners.get(uncommitted.id)

    def test_rollback_discards_and_the_unit_of_work_goes_on(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            dropped, kept = make_owner(uow), make_owner(uow)
            uow.owners.add(dropped)
            uow.rollback()
            with pytest.raises(NotFound):
                uow.owners.get(dropped.id)
            uow.owners.add(kept)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert [owner.id for owner in uow.owners.list()] == [kept.id]

    def test_a_conflict_leaves_none_of_the_transaction_behind(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            contested = make_owner(uow)
            uow.owners.add(contested)
            uow.commit()
        loser = uow_factory.for_facility(facility_id)
        with pytest.raises(ConcurrencyConflict), loser:
            stale = loser.owners.get(contested.id)
            with uow_factory.for_facility(facility_id) as winner:
                winner.owners.update(attrs.evolve(stale, first_name="Winner"))
                winner.commit()
            bystander = make_owner(loser)
            loser.owners.add(bystander)
            loser.owners.update(attrs.evolve(stale, first_name="Loser"))
            loser.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.owners.get(contested.id).first_name == "Winner"
            with pytest.raises(NotFound):
                uow.owners.get(bystander.id)

    def test_the_facility_unit_of_work_knows_its_facility(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        uow = uow_factory.for_facility(facility_id)
        assert uow.facility_id == facility_id
        with uow:
            assert uow.facility().id == facility_id

    def test_accounts_are_shared_by_both_kinds_of_unit_of_work(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            from_facility = make_account(uow)
            uow.accounts.add(from_facility)
            uow.commit()
        with uow_factory.platform() as platform:
            assert platform.accounts.get(from_facility.id) == from_facility
            from_platform = make_account(platform)
            platform.accounts.add(from_platform)
            platform.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.accounts.get(from_platform.id) == from_platform
