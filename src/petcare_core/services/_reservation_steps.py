"""Steps shared by the reservation lifecycle use cases: finding a household's reservation,
changing a status with its event, and freeing the places a reservation held."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.events import ReservationEvent
from petcare_core.domain.ids import (
    FacilityId,
    OwnerId,
    PortalAccountId,
    ReservationId,
    StaffNotificationId,
)
from petcare_core.domain.reasons import Reason, Rejection
from petcare_core.domain.reservation import (
    HOLDS_CAPACITY,
    Reservation,
    ReservationStatus,
    TransitionNotAllowed,
    can_become,
)
from petcare_core.domain.staff import Permission
from petcare_core.domain.staff_notifications import (
    StaffNotificationKind,
    reservation_review_notification,
)
from petcare_core.ports.errors import NotFound
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize, portal_owner_id
from petcare_core.services._capacity import (
    days_after_cut,
    days_from,
    free_places,
    placement_of,
    zone_of,
)
from petcare_core.services._checks import Checks
from petcare_core.services.booking import history_actor
from petcare_core.services.context import ServiceContext

#: A status change: (unit of work, reservation, time, actor) -> the changed reservation, event.
Change = Callable[
    [FacilityUnitOfWork, Reservation, datetime, HistoryActor], tuple[Reservation, ReservationEvent]
]


_S = ReservationStatus
#: Statuses in which a reservation can still change (the others are final).
CHANGEABLE = frozenset({_S.REQUESTED, _S.WAITLISTED, _S.UNCONFIRMED, _S.CONFIRMED, _S.CHECKED_IN})


@attrs.frozen
class ReservationNotChangeable(Reason):
    """The reservation's status does not allow this change."""

    status: ReservationStatus
    change: str
    hint: str = ""

    @property
    def message(self) -> str:
        text = f"a {self.status} reservation cannot be {self.change}"
        return f"{text}; {self.hint}" if self.hint else text


@attrs.frozen
class ReservationUpdate:
    """A changed reservation and the waitlisted reservations that got the places it freed."""

    reservation: Reservation
    filled: tuple[Reservation, ...] = ()


def refused_transition(reservation: Reservation, target: ReservationStatus) -> Rejection | None:
    """The rejection when the status machine forbids ``reservation`` becoming ``target``."""
    if can_become(reservation.status, target):
        return None
    return Rejection((TransitionNotAllowed(reservation.status, target),))


def household_reservation(
    uow: FacilityUnitOfWork, account_id: PortalAccountId, reservation_id: ReservationId
) -> tuple[OwnerId, Reservation]:
    """The parent's owner id and their household's reservation; ``NotFound`` for another
    household's, as for a missing one."""
    owner_id = portal_owner_id(uow, account_id)
    reservation = uow.reservations.get(reservation_id)
    if reservation.owner_id != owner_id:
        raise NotFound("Reservation", reservation_id)
    return owner_id, reservation


def free_held_places(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    reservation: Reservation,
    *,
    first_day_only_from: datetime | None = None,
    cut: datetime | None = None,
) -> tuple[Reservation, ...]:
    """Free the places ``reservation`` (as it was, holding them) holds — every day, the days
    from ``first_day_only_from``'s local date on, or the days a stay cut short at ``cut`` no
    longer occupies — and give them to the waitlist; the reservations that got them."""
    if reservation.status not in HOLDS_CAPACITY:
        return ()
    facility = uow.facility()
    zone = zone_of(facility)
    kind = uow.reservation_types.get(reservation.type_id)
    placement = placement_of(uow, kind, reservation, zone)
    if placement is None:
        return ()
    days = placement.days
    if first_day_only_from is not None:
        days = days_from(days, first_day_only_from.astimezone(zone).date())
    if cut is not None:
        days = days_after_cut(kind, reservation, cut, zone)
    return free_places(
        uow,
        placement,
        days,
        zone=zone,
        policy=facility.settings.waitlist_policy,
        now=ctx.clock.now(),
        exclude=reservation.id,
    )


def staff_change(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    *,
    permission: Permission,
    target: ReservationStatus,
    change: Change,
    checks: Checks | None = None,
) -> Result[Reservation, Rejection]:
    checks = checks or Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, permission)) is not None:
            return Failure(denied)
        reservation = uow.reservations.get(reservation_id)
        if not can_become(reservation.status, target):
            checks.add(TransitionNotAllowed(reservation.status, target))
        if checks.failed:
            return checks.failure()
        changed, event = change(uow, reservation, ctx.clock.now(), history_actor(actor))
        stored = uow.reservations.update(changed)
        uow.record(event)
        uow.commit()
    return Success(stored)


def freeing_change(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    *,
    target: ReservationStatus,
    change: Change,
    checks: Checks | None = None,
    from_today: bool = False,
    cut_short: bool = False,
) -> Result[ReservationUpdate, Rejection]:
    checks = checks or Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_MANAGE)) is not None:
            return Failure(denied)
        reservation = uow.reservations.get(reservation_id)
        if not can_become(reservation.status, target):
            checks.add(TransitionNotAllowed(reservation.status, target))
        if checks.failed:
            return checks.failure()
        now = ctx.clock.now()
        changed, event = change(uow, reservation, now, history_actor(actor))
        stored = uow.reservations.update(changed)
        uow.record(event)
        filled = free_held_places(
            ctx,
            uow,
            reservation,
            first_day_only_from=now if from_today else None,
            cut=now if cut_short else None,
        )
        uow.commit()
    return Success(ReservationUpdate(stored, filled))


def send_for_review(
    uow: FacilityUnitOfWork,
    reservation: Reservation,
    event: ReservationEvent,
    kind: StaffNotificationKind,
    body: str,
) -> None:
    """Record a parent's request that staff must decide (a late cancellation, new dates after
    the free window): its event and the staff notification; the reservation stays as it is."""
    uow.record(event)
    uow.staff_notifications.add(
        reservation_review_notification(
            StaffNotificationId(uow.new_id()),
            kind,
            facility_id=reservation.facility_id,
            reservation_id=reservation.id,
            owner_id=reservation.owner_id,
            body=body,
            at=event.occurred_at,
        )
    )
