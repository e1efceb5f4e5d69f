"""Contract of the booking override repository: what staff waived, added and never changed."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from petcare_core.domain.booking import BookingOverride
from petcare_core.domain.ids import BookingOverrideId, FacilityId, ReservationId
from petcare_core.domain.staff import Permission
from petcare_core.ports.errors import ConcurrencyConflict, TenantViolation
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.reservations import add_household
from petcare_core.testing.contracts.samples import T0, TEXT


def add_reservation_with_overrides(
    uow: FacilityUnitOfWork, count: int
) -> tuple[ReservationId, list[BookingOverride]]:
    """Store a household's reservation and ``count`` overrides of it (not yet added)."""
    household = add_household(uow)
    reservation = household.reservation(uow)
    uow.reservations.add(reservation)
    overrides = [
        BookingOverride(
            id=BookingOverrideId(uow.new_id()),
            facility_id=uow.facility_id,
            reservation_id=reservation.id,
            reason_code=code,
            animal_id=household.animal_ids[0] if code == "missing" else None,
            permission=permission,
            staff_user_id=household.staff_id,
            note=f"Vu avec la direction — {TEXT}",
            at=T0 + timedelta(minutes=index, microseconds=3),
        )
        for index, (code, permission) in enumerate(
            [
                ("missing", Permission.OVERRIDE_IMMUNIZATIONS),
                ("capacity_full", Permission.OVERRIDE_CAPACITY),
                ("agreement_unsigned", Permission.OVERRIDE_AGREEMENTS),
            ][:count]
        )
    ]
    return reservation.id, overrides


class BookingOverrideRepositoryContract(ContractBase):
    """What every ``BookingOverrideRepository`` must do."""

    def test_overrides_read_back_equal_by_reservation_in_id_order(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            reservation_id, overrides = add_reservation_with_overrides(uow, 3)
            other_id, others = add_reservation_with_overrides(uow, 1)
            for override in [*reversed(overrides), *others]:
                uow.booking_overrides.add(override)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.booking_overrides.list_for_reservation(reservation_id) == overrides
            assert uow.booking_overrides.list_for_reservation(other_id) == others
            assert uow.booking_overrides.list_for_reservation(ReservationId(uow.new_id())) == []

    def test_adding_a_taken_id_raises_conflict(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            _, (override,) = add_reservation_with_overrides(uow, 1)
            uow.booking_overrides.add(override)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            uow.booking_overrides.add(attrs.evolve(override, note="again"))
            uow.commit()

    def test_overrides_are_invisible_until_commit_and_gone_after_rollback(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            reservation_id, (override,) = add_reservation_with_overrides(uow, 1)
            uow.commit()
        with uow_factory.for_facility(facility_id) as writer:
            writer.booking_overrides.add(override)
            with uow_factory.for_facility(facility_id) as reader:
                assert reader.booking_overrides.list_for_reservation(reservation_id) == []
            writer.rollback()
            assert writer.booking_overrides.list_for_reservation(reservation_id) == []

    def test_another_facilitys_overrides_are_out_of_reach(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(other_facility_id) as uow:
            reservation_id, (theirs,) = add_reservation_with_overrides(uow, 1)
            uow.booking_overrides.add(theirs)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.booking_overrides.list_for_reservation(reservation_id) == []
            with pytest.raises(TenantViolation):
                uow.booking_overrides.add(attrs.evolve(theirs, id=BookingOverrideId(uow.new_id())))
