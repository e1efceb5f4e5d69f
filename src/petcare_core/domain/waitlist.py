"""The waitlist: its order, and who gets a place that frees.

When a place frees in a pool (a cancellation, a denial, a shortened stay), the waitlisted
reservations that need one of the freed days get places in queue order — the time each joined
the waitlist, then the lower id — each one that fits, offered (unconfirmed) or promoted
(confirmed) as the facility's ``WaitlistPolicy`` says. An older request that does not fit is
skipped rather than blocking the queue. See docs/capacity-and-requirements.md.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime, tzinfo

import attrs

from petcare_core.domain.actors import Actor
from petcare_core.domain.capacity import (
    CapacityLedger,
    CapacityPool,
    check_ledger,
    demand,
    distinct_days,
    occupied_days,
)
from petcare_core.domain.estimate import PricingUnit
from petcare_core.domain.events import ReservationEvent
from petcare_core.domain.ids import CapacityPoolId, ReservationId
from petcare_core.domain.reservation import Reservation, ReservationStatus


class WaitlistPolicy(enum.StrEnum):
    """What a freed place does for the waitlisted reservation that gets it (a facility setting)."""

    OFFER = "offer"  # becomes unconfirmed: the place is held until the parent confirms
    PROMOTE = "promote"  # confirmed at once


def _check_aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.utcoffset() is None:
        raise ValueError(f"{attribute.name} must be timezone-aware")


@attrs.frozen
class WaitlistCandidate:
    """A waitlisted reservation as the queue sees it: when it joined the waitlist, which days,
    how many places."""

    waitlisted_at: datetime = attrs.field(validator=_check_aware)
    reservation_id: ReservationId
    days: tuple[date, ...] = attrs.field(converter=distinct_days)
    demand: int = attrs.field(validator=attrs.validators.ge(1))

    @classmethod
    def of(
        cls, reservation: Reservation, pool: CapacityPool, unit: PricingUnit, zone: tzinfo
    ) -> WaitlistCandidate:
        """The candidate of a waitlisted reservation; ``unit`` is its type's, ``zone`` the
        facility's. It queues from the last time it was put on the waitlist (a request handed
        back to staff and waitlisted again joins the end of the queue)."""
        joined = [c.at for c in reservation.history if c.status is ReservationStatus.WAITLISTED]
        if not joined:
            raise ValueError(f"reservation {reservation.id} was never waitlisted")
        return cls(
            waitlisted_at=joined[-1],
            reservation_id=reservation.id,
            days=occupied_days(unit, reservation.start, reservation.end, zone),
            demand=demand(pool, reservation),
        )


def _queue_order(candidate: WaitlistCandidate) -> tuple[datetime, int]:
    return candidate.waitlisted_at, candidate.reservation_id


def oldest_fitting_waitlisted(
    ledger: CapacityLedger, candidates: Iterable[WaitlistCandidate]
) -> WaitlistCandidate | None:
    """The oldest candidate the ledger now has room for, or None.

    Oldest by ``waitlisted_at``, then the lower reservation id. An older request that does not
    fit is skipped rather than blocking the queue, so a later, smaller one may get the place.
    """
    for candidate in sorted(candidates, key=_queue_order):
        if ledger.fits(candidate.days, candidate.demand):
            return candidate
    return None


@attrs.frozen
class WaitlistPlaceFreed(ReservationEvent):
    """A place freed in ``pool_id`` went to this waitlisted reservation, offered or promoted."""

    pool_id: CapacityPoolId
    policy: WaitlistPolicy


@attrs.frozen
class WaitlistFill:
    """The ledger after freed places went to the waitlist, the changed reservations and events."""

    ledger: CapacityLedger
    reservations: tuple[Reservation, ...]
    events: tuple[ReservationEvent, ...]


def fill_from_waitlist(
    pool: CapacityPool,
    ledger: CapacityLedger,
    freed_days: Iterable[date],
    waitlisted: Iterable[tuple[Reservation, WaitlistCandidate]],
    policy: WaitlistPolicy,
    *,
    at: datetime,
    by: Actor | None = None,
) -> WaitlistFill:
    """Give places freed on ``freed_days`` to the waitlist, oldest fitting request first.

    Only reservations needing one of the freed days are considered; each one that fits takes
    its place and is offered it (unconfirmed) or promoted (confirmed) by ``by`` (the system by
    default), recorded by a ``WaitlistPlaceFreed`` event followed by the status change's event.
    Call it with the ledger after releasing the freed places.
    """
    check_ledger(pool, ledger)
    actor = Actor.system() if by is None else by
    freed = set(freed_days)
    queue = sorted(
        (pair for pair in waitlisted if _waiting_for(pool, *pair) & freed),
        key=lambda pair: _queue_order(pair[1]),
    )
    if len({reservation.id for reservation, _ in queue}) != len(queue):
        raise ValueError("a reservation is listed twice on the waitlist")
    changed: list[Reservation] = []
    events: list[ReservationEvent] = []
    # Places are only taken here, never given back, so one pass in queue order gives each
    # freed place to the oldest request that fits, as oldest_fitting_waitlisted would.
    for reservation, candidate in queue:
        if not ledger.fits(candidate.days, candidate.demand):
            continue
        ledger = ledger.take(candidate.days, candidate.demand)
        status_event: ReservationEvent
        if policy is WaitlistPolicy.PROMOTE:
            moved, status_event = reservation.confirm(at=at, by=actor)
        else:
            moved, status_event = reservation.request_confirmation(at=at, by=actor)
        freed_event = WaitlistPlaceFreed(
            facility_id=moved.facility_id,
            occurred_at=at,
            reservation_id=moved.id,
            owner_id=moved.owner_id,
            actor_kind=actor.kind,
            actor_id=actor.id,
            pool_id=pool.id,
            policy=policy,
        )
        changed.append(moved)
        events.extend((freed_event, status_event))
    return WaitlistFill(ledger, tuple(changed), tuple(events))


def _waiting_for(
    pool: CapacityPool, reservation: Reservation, candidate: WaitlistCandidate
) -> set[date]:
    # The days the waitlisted reservation needs in ``pool``, after checking the pair is sound.
    if reservation.status is not ReservationStatus.WAITLISTED:
        raise ValueError(f"reservation {reservation.id} is {reservation.status}, not waitlisted")
    if reservation.id != candidate.reservation_id:
        raise ValueError(f"the candidate of reservation {reservation.id} names another")
    if reservation.location_id != pool.location_id or not pool.shared_by(reservation.type_id):
        raise ValueError(f"reservation {reservation.id} does not draw on pool {pool.id}")
    return set(candidate.days)
