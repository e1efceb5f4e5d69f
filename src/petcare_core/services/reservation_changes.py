"""Changing a reservation without changing its status: a lodging for a pet, the groomer or
trainer of an appointment, new dates (reschedule), and booking the same again on new dates.

A reschedule re-checks the booking for the new dates. A reservation holding places gives back
its old days and takes the new ones in one unit of work (the days it no longer uses go to the
waitlist); a request or a waitlisted reservation holds nothing, so a full pool does not stop
it (the approval checks capacity). A pet parent may move a pending reservation until it starts
and a confirmed one inside the free-cancellation window; after that window the move becomes a
request for staff review, as a late cancellation does.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.booking import BookingEvaluation, evaluate_booking
from petcare_core.domain.booking_reasons import ReasonCategory
from petcare_core.domain.cancellation import (
    CancellationDecision,
    CancellationOutcome,
    reservation_cancellation,
)
from petcare_core.domain.events import (
    RescheduleRequested,
    ReservationRescheduled,
)
from petcare_core.domain.ids import (
    FacilityId,
    PortalAccountId,
    ReservationId,
)
from petcare_core.domain.reasons import InvalidValue, Rejection
from petcare_core.domain.reservation import HOLDS_CAPACITY, Reservation, ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission
from petcare_core.domain.staff_notifications import (
    StaffNotificationKind,
)
from petcare_core.domain.waitlist import WaitlistPolicy
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import OPERATOR, Actor, authorize
from petcare_core.services._booking_facts import (
    BookingRequest,
    check_times,
    draft_of,
    load_booking_facts,
)
from petcare_core.services._capacity import LedgerSession, placement_of, zone_of
from petcare_core.services._checks import Checks
from petcare_core.services._local_times import local_moment
from petcare_core.services._reservation_steps import (
    CHANGEABLE,
    ReservationNotChangeable,
    household_reservation,
    send_for_review,
)
from petcare_core.services.booking import (
    NO_OVERRIDES,
    BookingResult,
    Overrides,
    book_in,
    history_actor,
    request_in,
    staff_waivers,
)
from petcare_core.services.context import ServiceContext

_S = ReservationStatus


@attrs.frozen
class RescheduleResult:
    """What a pet parent's reschedule did: ``decision`` is the cancellation policy's answer
    (free: moved; staff review: a ``RescheduleRequested`` asks staff, the reservation is
    unchanged). ``evaluation`` is the booking's evaluation on the new dates when moved."""

    reservation: Reservation
    decision: CancellationDecision
    evaluation: BookingEvaluation | None = None
    filled: tuple[Reservation, ...] = ()

    @property
    def sent_for_review(self) -> bool:
        """True when staff will decide (after the free window)."""
        return self.decision.outcome is CancellationOutcome.STAFF_REVIEW


def _same_dates(checks: Checks, reservation: Reservation, start: datetime, end: datetime) -> None:
    if (start, end) == (reservation.start, reservation.end):
        checks.add(
            InvalidValue("start", "these are the reservation's dates already; choose new dates")
        )


def _fill_new_days(
    uow: FacilityUnitOfWork,
    kind: ReservationType,
    moved: Reservation,
    *,
    zone: tzinfo,
    now: datetime,
    policy: WaitlistPolicy,
) -> tuple[Reservation, ...]:
    placement = placement_of(uow, kind, moved, zone)
    if placement is None:
        return ()
    session = LedgerSession.open(
        uow, placement.pool, placement.days, zone=zone, now=now, freeing=placement.days
    )
    filled = session.fill(placement.days, policy, at=now)
    session.save()
    return filled


def _move(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    reservation: Reservation,
    start: datetime,
    end: datetime,
    *,
    actor: Actor,
    by: HistoryActor,
    overrides: Overrides,
) -> Result[BookingResult, Rejection]:
    """Move ``reservation`` to ``start``-``end`` in ``uow`` (the caller commits on success)."""
    now = ctx.clock.now()
    facility = uow.facility()
    zone = zone_of(facility)
    kind = uow.reservation_types.get(reservation.type_id)
    moved = attrs.evolve(reservation, start=start, end=end)
    holds = reservation.status in HOLDS_CAPACITY
    old = placement_of(uow, kind, reservation, zone) if holds else None
    new = placement_of(uow, kind, moved, zone) if holds else None
    session = None
    freed: set[date] = set()
    if old is not None and new is not None:
        freed = set(old.days) - set(new.days)
        session = LedgerSession.open(
            uow,
            old.pool,
            (*old.days, *new.days),
            zone=zone,
            now=now,
            freeing=freed,
            exclude=reservation.id,
        )
        session.release(old.days, old.demand)
    draft = draft_of(reservation, start, end)
    ledgers = None if session is None else {session.pool.id: session.ledger}
    facts = load_booking_facts(uow, draft, now, ledgers=ledgers, exclude=reservation.id)
    evaluation = evaluate_booking(draft, facts)
    waivers = staff_waivers(
        uow,
        actor,
        evaluation,
        overrides,
        reservation_id=reservation.id,
        at=now,
        stored=uow.booking_overrides.list_for_reservation(reservation.id),
        ignore=() if holds else (ReasonCategory.CAPACITY,),
    )
    if waivers.blocking:
        return Failure(Rejection(waivers.blocking))
    stored = uow.reservations.update(moved)
    for record in waivers.records:
        uow.booking_overrides.add(record)
    uow.record(
        ReservationRescheduled(
            facility_id=stored.facility_id,
            occurred_at=now,
            reservation_id=stored.id,
            owner_id=stored.owner_id,
            actor_kind=by.kind,
            actor_id=by.id,
            previous_start=reservation.start,
            previous_end=reservation.end,
            start=start,
            end=end,
        )
    )
    filled: tuple[Reservation, ...] = ()
    if session is not None and new is not None:
        session.take(new.days, new.demand, overbook=waivers.capacity)
        filled = session.fill(freed, facility.settings.waitlist_policy, at=now)
        session.save()
    if reservation.status is _S.WAITLISTED:
        # Moved to days with room, it takes its turn at once, as a freed place would give it.
        joined = _fill_new_days(
            uow, kind, moved, zone=zone, now=now, policy=facility.settings.waitlist_policy
        )
        stored = next((item for item in joined if item.id == stored.id), stored)
        filled = tuple(item for item in joined if item.id != stored.id)
    return Success(BookingResult(stored, evaluation, waivers.deposit, waivers.records, filled))


# Callers pass these positionally, as the issue named them.
def reschedule_reservation(  # noqa: PLR0917
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    start: datetime,
    end: datetime,
    *,
    overrides: Overrides = NO_OVERRIDES,
) -> Result[BookingResult, Rejection]:
    """Staff move a reservation to new dates, whatever the cancellation window
    (``ReservationRescheduled``). Needs ``reservations.manage``.

    The booking is evaluated for the new dates; overrides work as in ``book_reservation``
    (stored ones keep waiving their reasons). A reservation holding places releases its old
    days and takes the new ones in one unit of work (over capacity only with a
    ``capacity_full`` override); the days it no longer uses go to the waitlist. Rejections:
    naive times, an end not after the start; a checked-in or final reservation
    (``reservation_not_changeable``); every blocking reason not waived with the refused
    overrides; the reservation's own dates (``invalid_value``: nothing to move).
    """
    checks = Checks()
    check_times(checks, start, end)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_MANAGE)) is not None:
            return Failure(denied)
        reservation = uow.reservations.get(reservation_id)
        if reservation.status not in CHANGEABLE - {_S.CHECKED_IN}:
            checks.add(ReservationNotChangeable(reservation.status, "rescheduled"))
        _same_dates(checks, reservation, start, end)
        if checks.failed:
            return checks.failure()
        result = _move(
            ctx,
            uow,
            reservation,
            start,
            end,
            actor=actor,
            by=history_actor(actor),
            overrides=overrides,
        )
        if isinstance(result, Success):
            uow.commit()
    return result


# Callers pass these positionally, as the issue named them.
def reschedule_reservation_as_parent(  # noqa: PLR0917
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    reservation_id: ReservationId,
    start: datetime,
    end: datetime,
) -> Result[RescheduleResult, Rejection]:
    """A pet parent moves their household's reservation to new dates.

    The type's cancellation policy decides (``reservation_cancellation``): a pending
    reservation (requested, waitlisted, awaiting the parent's confirmation) moves until it
    starts; a confirmed one moves inside the free window (``ReservationRescheduled``); after
    the window, before the start, it is not moved and a ``RescheduleRequested`` event asks
    staff to decide. The booking is evaluated for the new dates (overrides staff stored keep
    waiving their reasons); a reservation holding places moves them as in
    ``reschedule_reservation``. Rejections: naive times, an end not after the start; a stay
    that has started or a final one (``reservation_not_changeable``); every blocking reason
    on the new dates; the reservation's own dates. ``NotFound`` for another household's
    reservation.
    """
    checks = Checks()
    check_times(checks, start, end)
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id, reservation = household_reservation(uow, account_id, reservation_id)
        now = ctx.clock.now()
        policy = uow.reservation_types.get(reservation.type_id).cancellation
        decision = reservation_cancellation(policy, reservation, now)
        if decision.outcome is CancellationOutcome.NOT_ALLOWED:
            hint = "call the facility" if reservation.status in CHANGEABLE else ""
            status = reservation.status
            checks.add(ReservationNotChangeable(status, "rescheduled online", hint))
        _same_dates(checks, reservation, start, end)
        if checks.failed:
            return checks.failure()
        by = HistoryActor.owner(owner_id)
        if decision.outcome is CancellationOutcome.STAFF_REVIEW:
            event = RescheduleRequested(
                facility_id=facility_id,
                occurred_at=now,
                reservation_id=reservation.id,
                owner_id=owner_id,
                actor_kind=by.kind,
                actor_id=by.id,
                start=start,
                end=end,
                free_until=decision.free_until,
            )
            body = (
                f"Reservation {reservation.id} ({local_moment(uow, reservation.start)}) "
                f"asked to move to {local_moment(uow, start)} - {local_moment(uow, end)}"
            )
            kind = StaffNotificationKind.RESCHEDULE_REQUESTED
            send_for_review(uow, reservation, event, kind, body)
            uow.commit()
            return Success(RescheduleResult(reservation, decision))
        # The parent overrides nothing; the operator with no requests only applies the
        # overrides staff stored before.
        moved = _move(
            ctx, uow, reservation, start, end, actor=OPERATOR, by=by, overrides=NO_OVERRIDES
        )
        if not isinstance(moved, Success):
            return Failure(moved.failure())
        uow.commit()
        done = moved.unwrap()
    return Success(RescheduleResult(done.reservation, decision, done.evaluation, done.filled))


# Callers pass these positionally, as the issue named them.
def book_again_as_parent(  # noqa: PLR0917
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    reservation_id: ReservationId,
    start: datetime,
    end: datetime,
    *,
    join_waitlist: bool = False,
) -> Result[BookingResult, Rejection]:
    """A new request with the same pets, add-ons, type, location and staff as one of the
    household's reservations, on new dates: as ``request_reservation``. ``NotFound`` for
    another household's reservation."""
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id, source = household_reservation(uow, account_id, reservation_id)
        request = BookingRequest.again(source, start, end)
        result = request_in(uow, ctx, owner_id, request, join_waitlist=join_waitlist)
        if isinstance(result, Success):
            uow.commit()
    return result


# Callers pass these positionally, as the issue named them.
def book_again(  # noqa: PLR0917
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    start: datetime,
    end: datetime,
    *,
    overrides: Overrides = NO_OVERRIDES,
    confirm: bool = True,
) -> Result[BookingResult, Rejection]:
    """Staff book the same pets, add-ons, type, location and staff as a reservation, on new
    dates, for its household: as ``book_reservation``. Needs ``reservations.manage``."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_MANAGE)) is not None:
            return Failure(denied)
        source = uow.reservations.get(reservation_id)
        request = BookingRequest.again(source, start, end)
        result = book_in(uow, ctx, actor, request, overrides=overrides, confirm=confirm)
        if isinstance(result, Success):
            uow.commit()
    return result
