"""Assigning a lodging (run, suite) to a pet of a reservation, and the groomer or trainer of
an appointment: changes that leave the status as it is."""

from __future__ import annotations

from datetime import timedelta

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.booking_reasons import StaffNotOffered
from petcare_core.domain.capacity import PoolKind, occupied_days, pool_for
from petcare_core.domain.double_booking import BUSY_STATUSES, double_bookings
from petcare_core.domain.events import LodgingAssigned, StaffAssigned
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    LodgingId,
    ReservationId,
    StaffUserId,
)
from petcare_core.domain.reasons import InvalidValue, Reason, Rejection
from petcare_core.domain.reservation import HOLDS_CAPACITY, Reservation
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize
from petcare_core.services._capacity import zone_of
from petcare_core.services._checks import Checks
from petcare_core.services._reservation_steps import CHANGEABLE, ReservationNotChangeable
from petcare_core.services.booking import history_actor
from petcare_core.services.context import ServiceContext

# Two same-day stays on one day need not overlap in time; look a day further each way.
_DAY = timedelta(days=1)


@attrs.frozen
class LodgingTaken(Reason):
    """A room of a room pool is already given to another reservation on some of the days."""

    lodging_name: str

    @property
    def message(self) -> str:
        return f"{self.lodging_name} is given to another reservation on some of these days"

    @property
    def field(self) -> str | None:
        return "lodging_id"


def _lodging_taken(
    uow: FacilityUnitOfWork, reservation: Reservation, lodging_id: LodgingId
) -> bool:
    zone = zone_of(uow.facility())
    kinds = {kind.id: kind for kind in uow.reservation_types.list()}
    mine = set(
        occupied_days(kinds[reservation.type_id].unit, reservation.start, reservation.end, zone)
    )
    others = uow.reservations.overlapping(
        reservation.start - _DAY,
        reservation.end + _DAY,
        location_id=reservation.location_id,
        statuses=HOLDS_CAPACITY,
    )
    for other in others:
        if other.id == reservation.id or other.type_id not in kinds:
            continue
        if all(line.lodging_id != lodging_id for line in other.lines):
            continue
        days = occupied_days(kinds[other.type_id].unit, other.start, other.end, zone)
        if mine.intersection(days):
            return True
    return False


# Callers pass these positionally, as the issue named them.
def assign_lodging(  # noqa: PLR0917
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    animal_id: AnimalId,
    lodging_id: LodgingId | None,
) -> Result[Reservation, Rejection]:
    """Give a pet of the reservation a lodging (run, suite) of the pool the reservation takes
    its place in, or take it away (``None``): ``LodgingAssigned``. Needs
    ``reservations.manage``. Rejections: a status holding no place (a lodging is chosen when a
    reservation is accepted, research §4.5) or a final one (``reservation_not_changeable``); a
    pet not on the reservation; an unknown, inactive or other pool's lodging; in a room pool,
    a room another reservation has on one of the days (``lodging_taken``). Asking for the
    lodging the pet already has writes nothing."""
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_MANAGE)) is not None:
            return Failure(denied)
        reservation = uow.reservations.get(reservation_id)
        if reservation.status not in HOLDS_CAPACITY:
            hint = (
                "lodgings are given once it is accepted" if reservation.status in CHANGEABLE else ""
            )
            checks.add(ReservationNotChangeable(reservation.status, "given a lodging", hint))
        if animal_id not in reservation.animal_ids:
            checks.add(InvalidValue("animal_id", f"pet #{animal_id} is not on this reservation"))
        if lodging_id is not None:
            _check_lodging(checks, uow, reservation, lodging_id)
        if checks.failed:
            return checks.failure()
        lines = tuple(
            attrs.evolve(line, lodging_id=lodging_id) if line.animal_id == animal_id else line
            for line in reservation.lines
        )
        if lines == reservation.lines:
            return Success(reservation)
        stored = uow.reservations.update(attrs.evolve(reservation, lines=lines))
        by = history_actor(actor)
        uow.record(
            LodgingAssigned(
                facility_id=facility_id,
                occurred_at=ctx.clock.now(),
                reservation_id=stored.id,
                owner_id=stored.owner_id,
                actor_kind=by.kind,
                actor_id=by.id,
                animal_id=animal_id,
                lodging_id=lodging_id,
            )
        )
        uow.commit()
    return Success(stored)


def _check_lodging(
    checks: Checks, uow: FacilityUnitOfWork, reservation: Reservation, lodging_id: LodgingId
) -> None:
    lodging = checks.reference("lodging_id", lodging_id, uow.lodgings.get)
    if lodging is None:
        return
    pools = uow.capacity_pools.list_for_location(reservation.location_id)
    pool = pool_for(pools, reservation.location_id, reservation.type_id)
    if not lodging.active:
        checks.add(InvalidValue("lodging_id", f"{lodging.name} is no longer in use"))
    elif pool is None or lodging.pool_id != pool.id:
        where = "no pool" if pool is None else f"the {pool.name} pool"
        checks.add(
            InvalidValue(
                "lodging_id",
                f"{lodging.name} is not in the pool this reservation takes its place in "
                f"({where}); choose a lodging of that pool",
            )
        )
    elif pool.kind is PoolKind.ROOM and _lodging_taken(uow, reservation, lodging_id):
        checks.add(LodgingTaken(lodging.name))


def assign_staff(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    staff_id: StaffUserId,
) -> Result[Reservation, Rejection]:
    """Choose the groomer or trainer of an appointment (``StaffAssigned``). Needs
    ``reservations.manage``. Rejections: a type that assigns nobody; an unknown or inactive
    staff user; one who does not do the type's work (``staff_not_offered``) or has another
    appointment then (``staff_already_booked``); a final status
    (``reservation_not_changeable``). The same choice again writes nothing."""
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_MANAGE)) is not None:
            return Failure(denied)
        reservation = uow.reservations.get(reservation_id)
        kind = uow.reservation_types.get(reservation.type_id)
        if reservation.status not in CHANGEABLE:
            checks.add(ReservationNotChangeable(reservation.status, "given another staff member"))
        if not kind.assigns_staff:
            checks.add(InvalidValue("staff_id", f"{kind.name} reservations have no assigned staff"))
        user = checks.reference("staff_id", staff_id, uow.staff.get)
        if user is not None and not user.active:
            checks.add(
                InvalidValue(
                    "staff_id", f"{user.first_name} {user.last_name} is no longer on staff"
                )
            )
        if checks.failed:
            return checks.failure()
        if reservation.staff_id == staff_id:
            return Success(reservation)
        if not kind.done_by(staff_id):
            checks.add(StaffNotOffered(kind.name))
        checks.add(*_staff_busy(uow, reservation, kind, staff_id))
        if checks.failed:
            return checks.failure()
        stored = uow.reservations.update(attrs.evolve(reservation, staff_id=staff_id))
        by = history_actor(actor)
        uow.record(
            StaffAssigned(
                facility_id=facility_id,
                occurred_at=ctx.clock.now(),
                reservation_id=stored.id,
                owner_id=stored.owner_id,
                actor_kind=by.kind,
                actor_id=by.id,
                staff_id=staff_id,
            )
        )
        uow.commit()
    return Success(stored)


def _staff_busy(
    uow: FacilityUnitOfWork, reservation: Reservation, kind: ReservationType, staff_id: StaffUserId
) -> list[Reason]:
    """Why ``staff_id`` cannot take ``reservation``: another appointment then."""
    others = [
        other
        for other in uow.reservations.overlapping_for(
            (), staff_id, reservation.start, reservation.end, BUSY_STATUSES
        )
        if other.id != reservation.id
    ]
    if not others:
        return []
    types = {item.id: item for item in uow.reservation_types.list()}
    found = double_bookings(
        unit=kind.unit,
        start=reservation.start,
        end=reservation.end,
        animal_ids=(),
        staff_id=staff_id,
        others=others,
        types=types,
        zone=zone_of(uow.facility()),
    )
    return [reason for _, reason in found]
