"""Cancelling a reservation: by staff, with a reason, or by the pet parent under the
reservation type's cancellation policy (free; after the free window, a request for staff
review; never once the stay has started). A cancelled reservation's places are freed and go
to the waitlist in the same unit of work.
"""

from __future__ import annotations

from datetime import datetime

import attrs
from returns.result import Result, Success

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.cancellation import (
    PENDING,
    CancellationDecision,
    CancellationOutcome,
    reservation_cancellation,
)
from petcare_core.domain.events import LateCancellationRequested, ReservationEvent
from petcare_core.domain.ids import (
    FacilityId,
    PortalAccountId,
    ReservationId,
)
from petcare_core.domain.reasons import Reason, Rejection
from petcare_core.domain.reservation import (
    Cancellation,
    Reservation,
    ReservationStatus,
    TransitionNotAllowed,
    can_become,
)
from petcare_core.domain.staff_notifications import (
    StaffNotificationKind,
)
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor
from petcare_core.services._checks import TEXT_MAX_LENGTH, Checks
from petcare_core.services._local_times import local_moment
from petcare_core.services._reservation_steps import (
    ReservationUpdate,
    free_held_places,
    freeing_change,
    household_reservation,
    send_for_review,
)
from petcare_core.services.context import ServiceContext

_S = ReservationStatus
#: The reason recorded when a pet parent cancels without saying why.
DEFAULT_PARENT_REASON = "cancelled by the pet parent"


@attrs.frozen
class CancellationClosed(Reason):
    """The stay has started: a pet parent can no longer cancel it online."""

    @property
    def message(self) -> str:
        return "the stay has started and can no longer be cancelled online; call the facility"


@attrs.frozen
class CancellationResult:
    """What a pet parent's cancellation did.

    ``decision`` is the policy's answer (free, or staff review after the free window).
    ``reservation`` is the cancelled reservation, or the unchanged one when the cancellation
    was sent to staff for review; ``filled`` the waitlisted reservations given its places.
    """

    reservation: Reservation
    decision: CancellationDecision
    filled: tuple[Reservation, ...] = ()

    @property
    def sent_for_review(self) -> bool:
        """True when staff will decide (a late cancellation)."""
        return self.decision.outcome is CancellationOutcome.STAFF_REVIEW


def _late(uow: FacilityUnitOfWork, reservation: Reservation, at: datetime) -> bool:
    # Late: the facility had accepted it and its free window is over.
    policy = uow.reservation_types.get(reservation.type_id).cancellation
    return reservation.status not in PENDING and at > policy.free_until(reservation.start)


def cancel_reservation(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    reservation_id: ReservationId,
    reason: str,
    *,
    late: bool | None = None,
) -> Result[ReservationUpdate, Rejection]:
    """Staff cancel a reservation with a reason (``ReservationCancelled``). Needs
    ``reservations.manage``. ``late`` defaults to the type's policy: a reservation the
    facility had accepted, cancelled after its free window. Its places are freed and go to the
    waitlist. Rejections: the reason missing or too long; ``transition_not_allowed`` (a
    checked-in stay is checked out, not cancelled)."""
    checks = Checks()
    why = checks.text("reason", reason, max_length=TEXT_MAX_LENGTH)

    def cancel(
        uow: FacilityUnitOfWork, reservation: Reservation, at: datetime, by: HistoryActor
    ) -> tuple[Reservation, ReservationEvent]:
        is_late = _late(uow, reservation, at) if late is None else late
        return reservation.cancel(Cancellation(why, by, late=is_late), at=at)

    return freeing_change(
        ctx,
        facility_id,
        actor,
        reservation_id,
        target=_S.CANCELLED,
        change=cancel,
        checks=checks,
    )


def cancel_reservation_as_parent(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    reservation_id: ReservationId,
    reason: str = "",
) -> Result[CancellationResult, Rejection]:
    """A pet parent cancels their household's reservation; the type's cancellation policy
    decides what that does (``reservation_cancellation``):

    - free (a pending reservation, or before the end of the free window): cancelled, not late
      (``ReservationCancelled``); its places are freed and go to the waitlist;
    - staff review (after the free window, before the start): **not cancelled**; a
      ``LateCancellationRequested`` event asks staff to decide (they cancel it, late, with
      ``cancel_reservation``), and the result says so;
    - refused: ``cancellation_closed`` once the stay has started, ``transition_not_allowed``
      for a status that cannot be cancelled.

    ``reason`` is optional (``DEFAULT_PARENT_REASON``); refused when too long.
    ``NotFound`` for another household's reservation.
    """
    checks = Checks()
    why = checks.text("reason", reason, required=False, max_length=TEXT_MAX_LENGTH)
    why = why or DEFAULT_PARENT_REASON
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id, reservation = household_reservation(uow, account_id, reservation_id)
        now = ctx.clock.now()
        policy = uow.reservation_types.get(reservation.type_id).cancellation
        decision = reservation_cancellation(policy, reservation, now)
        if decision.outcome is CancellationOutcome.NOT_ALLOWED:
            if can_become(reservation.status, _S.CANCELLED):
                checks.add(CancellationClosed())
            else:
                checks.add(TransitionNotAllowed(reservation.status, _S.CANCELLED))
        if checks.failed:
            return checks.failure()
        by = HistoryActor.owner(owner_id)
        if decision.outcome is CancellationOutcome.STAFF_REVIEW:
            request = LateCancellationRequested(
                facility_id=facility_id,
                occurred_at=now,
                reservation_id=reservation.id,
                owner_id=owner_id,
                actor_kind=by.kind,
                actor_id=by.id,
                reason=why,
                free_until=decision.free_until,
            )
            body = f"Reservation {reservation.id} ({local_moment(uow, reservation.start)}): {why}"
            kind = StaffNotificationKind.LATE_CANCELLATION_REQUESTED
            send_for_review(uow, reservation, request, kind, body)
            uow.commit()
            return Success(CancellationResult(reservation, decision))
        changed, event = reservation.cancel(Cancellation(why, by, late=False), at=now)
        stored = uow.reservations.update(changed)
        uow.record(event)
        filled = free_held_places(ctx, uow, reservation)
        uow.commit()
    return Success(CancellationResult(stored, decision, filled))
