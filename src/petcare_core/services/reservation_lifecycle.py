"""The reservation's life after the request: approve, deny, waitlist, the parent's
confirmation, check in and out, and no-show (cancellations are in ``cancellations``).

Every change asks the status machine first (``can_become``) and refuses a forbidden one with
``TransitionNotAllowed``; every change records the status event. Places are taken when a
reservation starts holding one (approval) and freed when it stops (no-show, an early
check-out, a cancellation), and freed places go to the waitlist at once, in the same unit of
work.
"""

from __future__ import annotations

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.booking import evaluate_booking
from petcare_core.domain.events import ReservationEvent
from petcare_core.domain.ids import FacilityId, PortalAccountId, ReservationId
from petcare_core.domain.reasons import Reason, Rejection
from petcare_core.domain.reservation import Reservation, ReservationStatus, TransitionNotAllowed
from petcare_core.domain.staff import Permission
from petcare_core.services._access import Actor, authorize
from petcare_core.services._booking_facts import draft_of, load_booking_facts
from petcare_core.services._capacity import LedgerSession, placement_of, zone_of
from petcare_core.services._checks import TEXT_MAX_LENGTH, Checks
from petcare_core.services._reservation_steps import (
    ReservationUpdate,
    freeing_change,
    household_reservation,
    refused_transition,
    staff_change,
)
from petcare_core.services.booking import (
    NO_OVERRIDES,
    BookingResult,
    Overrides,
    history_actor,
    staff_waivers,
)
from petcare_core.services.context import ServiceContext

_S = ReservationStatus


@attrs.frozen
class AwaitingParent(Reason):
    """Staff tried to approve a reservation the facility already accepted: the pet parent
    confirms it now."""

    @property
    def message(self) -> str:
        return (
            "the facility has already accepted this reservation and holds its place; the pet "
            "parent confirms it, or staff cancel it"
        )


def approve_reservation(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    *,
    ask_parent: bool = False,
    overrides: Overrides = NO_OVERRIDES,
) -> Result[BookingResult, Rejection]:
    """Accept a request or a waitlisted reservation: confirmed (``ReservationConfirmed``), or
    ``unconfirmed`` awaiting the parent's confirmation when ``ask_parent``
    (``ReservationConfirmationRequested``). Needs ``reservations.approve``.

    The booking is evaluated again (a vaccine may have expired since the request); the date
    rules of lead time and horizon are judged at the time the parent asked. Overrides stored
    before keep waiving their reasons; ``overrides`` add new ones as in ``book_reservation``.
    The place is taken (over capacity only with a ``capacity_full`` override). Rejections:
    ``transition_not_allowed``; ``awaiting_parent`` for an unconfirmed reservation; every
    blocking reason not waived (``capacity_full`` suggests the waitlist) with the refused
    overrides.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_APPROVE)) is not None:
            return Failure(denied)
        reservation = uow.reservations.get(reservation_id)
        if reservation.status is _S.UNCONFIRMED:
            return Failure(Rejection((AwaitingParent(),)))
        target = _S.UNCONFIRMED if ask_parent else _S.CONFIRMED
        if (refused := refused_transition(reservation, target)) is not None:
            return Failure(refused)
        now = ctx.clock.now()
        zone = zone_of(uow.facility())
        kind = uow.reservation_types.get(reservation.type_id)
        placement = placement_of(uow, kind, reservation, zone)
        session = None
        if placement is not None:
            session = LedgerSession.open(uow, placement.pool, placement.days, zone=zone, now=now)
        draft = draft_of(reservation, reservation.start, reservation.end)
        asked_at = reservation.history[0].at
        ledgers = None if session is None else {session.pool.id: session.ledger}
        facts = load_booking_facts(uow, draft, asked_at, ledgers=ledgers, exclude=reservation.id)
        evaluation = evaluate_booking(draft, facts)
        stored = uow.booking_overrides.list_for_reservation(reservation.id)
        waivers = staff_waivers(
            uow, actor, evaluation, overrides, reservation_id=reservation.id, at=now, stored=stored
        )
        if waivers.blocking:
            return Failure(Rejection(waivers.blocking))
        if session is not None and placement is not None:
            session.take(placement.days, placement.demand, overbook=waivers.capacity)
            session.save()
        by = history_actor(actor)
        event: ReservationEvent
        if ask_parent:
            changed, event = reservation.request_confirmation(at=now, by=by)
        else:
            changed, event = reservation.confirm(at=now, by=by)
        saved = uow.reservations.update(changed)
        for record in waivers.records:
            uow.booking_overrides.add(record)
        uow.record(event)
        uow.commit()
    return Success(BookingResult(saved, evaluation, waivers.deposit, waivers.records))


def deny_reservation(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    reason: str,
) -> Result[Reservation, Rejection]:
    """Refuse a request or a waitlisted reservation, with a reason the parent will read
    (``ReservationDenied``). Needs ``reservations.approve``. Neither holds a place, so nothing
    is freed. Rejections: the reason missing, too long or with control characters;
    ``transition_not_allowed`` (an accepted reservation is cancelled, not denied)."""
    checks = Checks()
    why = checks.text("reason", reason, max_length=TEXT_MAX_LENGTH)
    return staff_change(
        ctx,
        facility_id,
        actor,
        reservation_id,
        permission=Permission.RESERVATIONS_APPROVE,
        target=_S.DENIED,
        change=lambda _, r, at, by: r.deny(reason=why, at=at, by=by),
        checks=checks,
    )


def waitlist_reservation(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
) -> Result[Reservation, Rejection]:
    """Put a request on the waitlist (``ReservationWaitlisted``); it gets a place when one
    frees, in the order parents asked. Needs ``reservations.approve``. Rejection:
    ``transition_not_allowed``."""
    return staff_change(
        ctx,
        facility_id,
        actor,
        reservation_id,
        permission=Permission.RESERVATIONS_APPROVE,
        target=_S.WAITLISTED,
        change=lambda _, r, at, by: r.waitlist(at=at, by=by),
    )


def requeue_reservation(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
) -> Result[Reservation, Rejection]:
    """Move a waitlisted reservation back to the requests staff decide by hand
    (``ReservationRequeued``). Needs ``reservations.approve``. Rejection:
    ``transition_not_allowed``."""
    return staff_change(
        ctx,
        facility_id,
        actor,
        reservation_id,
        permission=Permission.RESERVATIONS_APPROVE,
        target=_S.REQUESTED,
        change=lambda _, r, at, by: r.requeue(at=at, by=by),
    )


def confirm_reservation_as_parent(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    reservation_id: ReservationId,
) -> Result[Reservation, Rejection]:
    """The pet parent confirms a reservation the facility asked them to confirm (or a
    waitlist place offered to them): ``ReservationConfirmed``. The place is already held.
    ``NotFound`` for another household's reservation. Rejection: ``transition_not_allowed``
    for any reservation that is not awaiting the parent's confirmation."""
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id, reservation = household_reservation(uow, account_id, reservation_id)
        if reservation.status is not _S.UNCONFIRMED:
            return Failure(Rejection((TransitionNotAllowed(reservation.status, _S.CONFIRMED),)))
        changed, event = reservation.confirm(at=ctx.clock.now(), by=HistoryActor.owner(owner_id))
        stored = uow.reservations.update(changed)
        uow.record(event)
        uow.commit()
    return Success(stored)


def check_in(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
) -> Result[Reservation, Rejection]:
    """The pets of a confirmed reservation arrived (``AnimalCheckedIn``). Needs
    ``reservations.manage``. Rejection: ``transition_not_allowed``."""
    return staff_change(
        ctx,
        facility_id,
        actor,
        reservation_id,
        permission=Permission.RESERVATIONS_MANAGE,
        target=_S.CHECKED_IN,
        change=lambda _, r, at, by: r.check_in(at=at, by=by),
    )


def check_out(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
) -> Result[ReservationUpdate, Rejection]:
    """The pets of a checked-in reservation went home (``AnimalCheckedOut``). Needs
    ``reservations.manage``. The days that are over stay counted; a pet leaving early frees
    the days its stay no longer occupies, which go to the waitlist. Rejection:
    ``transition_not_allowed``."""
    return freeing_change(
        ctx,
        facility_id,
        actor,
        reservation_id,
        target=_S.CHECKED_OUT,
        change=lambda _, r, at, by: r.check_out(at=at, by=by),
        cut_short=True,
    )


def mark_no_show(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
) -> Result[ReservationUpdate, Rejection]:
    """The pets of a confirmed reservation did not come (``ReservationNoShow``). Needs
    ``reservations.manage``. Its places from today (the facility's local date) on are freed
    and go to the waitlist. Rejection: ``transition_not_allowed``."""
    return freeing_change(
        ctx,
        facility_id,
        actor,
        reservation_id,
        target=_S.NO_SHOW,
        change=lambda _, r, at, by: r.mark_no_show(at=at, by=by),
        from_today=True,
    )
