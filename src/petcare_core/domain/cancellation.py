"""The cancellation policy: free until N hours before the start, then staff review, then never.

A pure function of the policy, the reservation's start and the current time decides what a pet
parent's cancellation does; the caller passes ``now`` (the domain reads no clock). See
docs/domain-rules.md, "Cancellation windows".
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from petcare_core.domain.reservation import Reservation, ReservationStatus, can_become


class CancellationOutcome(enum.StrEnum):
    """What a pet parent's cancellation does now."""

    FREE = "free"  # cancelled at once, not late
    STAFF_REVIEW = "staff_review"  # late: becomes a request that staff accept or refuse
    NOT_ALLOWED = "not_allowed"  # the stay has started, or the status cannot be cancelled


#: Statuses in which nothing was promised to the parent yet, so cancelling is always free.
PENDING = frozenset(
    {ReservationStatus.REQUESTED, ReservationStatus.WAITLISTED, ReservationStatus.UNCONFIRMED}
)


def _not_negative(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative")


@attrs.frozen
class CancellationPolicy:
    """Free cancellation until ``free_until_hours`` before the start (0: until the start)."""

    free_until_hours: int = attrs.field(default=24, validator=_not_negative)

    def free_until(self, start: datetime) -> datetime:
        """The last moment a cancellation is free."""
        return start - timedelta(hours=self.free_until_hours)


@attrs.frozen
class CancellationDecision:
    """The outcome and the end of the free window, for the portal to explain both."""

    outcome: CancellationOutcome
    free_until: datetime

    @property
    def late(self) -> bool:
        """True when the cancellation is recorded as late."""
        return self.outcome is CancellationOutcome.STAFF_REVIEW

    @property
    def message(self) -> str:
        """What will happen, in words a pet parent understands."""
        if self.outcome is CancellationOutcome.FREE:
            return "the reservation will be cancelled at no charge"
        if self.outcome is CancellationOutcome.STAFF_REVIEW:
            return (
                f"free cancellation ended at {self.free_until.isoformat(timespec='minutes')}; "
                "your cancellation will be sent to the facility for review"
            )
        return "this reservation can no longer be cancelled online; please call the facility"


def _check_aware(*moments: datetime) -> None:
    # Comparing a naive with an aware time raises deep inside; say what is wrong instead.
    if any(moment.utcoffset() is None for moment in moments):
        raise ValueError("the start and the current time must be timezone-aware")


def cancellation_outcome(
    policy: CancellationPolicy, start: datetime, now: datetime, *, pending: bool = False
) -> CancellationDecision:
    """What cancelling a reservation starting at ``start`` does at ``now``.

    Up to and including the end of the free window it is free; after that and before the start
    it goes to staff review; from the start on it is not allowed. A ``pending`` reservation (not
    yet confirmed) is free until its start whatever the window.
    """
    _check_aware(start, now)
    free_until = policy.free_until(start)
    if now >= start:
        outcome = CancellationOutcome.NOT_ALLOWED
    elif pending or now <= free_until:
        outcome = CancellationOutcome.FREE
    else:
        outcome = CancellationOutcome.STAFF_REVIEW
    return CancellationDecision(outcome, free_until)


def reservation_cancellation(
    policy: CancellationPolicy, reservation: Reservation, now: datetime
) -> CancellationDecision:
    """``cancellation_outcome`` for a reservation, refusing statuses that cannot be cancelled."""
    if not can_become(reservation.status, ReservationStatus.CANCELLED):
        return CancellationDecision(
            CancellationOutcome.NOT_ALLOWED, policy.free_until(reservation.start)
        )
    return cancellation_outcome(
        policy, reservation.start, now, pending=reservation.status in PENDING
    )
