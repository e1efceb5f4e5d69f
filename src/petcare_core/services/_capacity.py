"""Holding and freeing places in a capacity pool, and giving freed places to the waitlist.

Shared by the booking and lifecycle use cases. A reservation holds places while it is
confirmed, unconfirmed or checked in (``HOLDS_CAPACITY``), in the pool its type draws on at its
location (``pool_for``), on the days its stay occupies, as many as ``demand`` says.

- A write that takes or frees places opens a ``LedgerSession``: the pool's ledger is read with
  ``capacity_ledger.load`` (locked until the unit of work ends on PostgreSQL; checked at commit
  on SQLite and in memory), changed, and saved in the same unit of work as the reservations.
- A mere evaluation (the portal's live alerts) reads the stored counts with
  ``capacity_ledger.peek`` (in ``load_booking_facts``): it locks and writes nothing.
- When places free, ``LedgerSession.fill`` gives them to the waitlist (``fill_from_waitlist``:
  the oldest fitting request first, offered or promoted as the facility's ``waitlist_policy``
  says), stores the reservations it moved and records their events.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

import attrs

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.booking import evaluate_booking
from petcare_core.domain.booking_overrides import still_blocking
from petcare_core.domain.booking_reasons import ReasonCategory
from petcare_core.domain.capacity import (
    CapacityLedger,
    CapacityPool,
    demand,
    distinct_days,
    occupied_days,
    pool_for,
)
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import AnimalId, LocationId, ReservationId, ReservationTypeId
from petcare_core.domain.reservation import Reservation
from petcare_core.domain.reservation_history import days_left_after
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.waitlist import WaitlistCandidate, WaitlistPolicy, fill_from_waitlist
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._booking_facts import draft_of, load_booking_facts


class Stay(Protocol):
    """A booking draft or a reservation: where, when and which pets."""

    @property
    def location_id(self) -> LocationId: ...

    @property
    def type_id(self) -> ReservationTypeId: ...

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...

    @property
    def animal_ids(self) -> tuple[AnimalId, ...]: ...


def zone_of(facility: Facility) -> tzinfo:
    """The facility's timezone, in which every day of a stay is read."""
    return ZoneInfo(facility.timezone)


@attrs.frozen
class Placement:
    """Where a stay holds places: the pool, the local days and how many places a day."""

    pool: CapacityPool
    days: tuple[date, ...]
    demand: int


def placement_of(
    uow: FacilityUnitOfWork, kind: ReservationType, stay: Stay, zone: tzinfo
) -> Placement | None:
    """Where ``stay`` (of type ``kind``) holds places; None when its type has no pool there."""
    pools = uow.capacity_pools.list_for_location(stay.location_id)
    pool = pool_for(pools, stay.location_id, kind.id)
    if pool is None:
        return None
    return Placement(pool, occupied_days(kind.unit, stay.start, stay.end, zone), demand(pool, stay))


def days_from(days: Iterable[date], first: date) -> tuple[date, ...]:
    """The ``days`` on or after ``first``."""
    return tuple(day for day in distinct_days(days) if day >= first)


def days_after_cut(
    kind: ReservationType, stay: Stay, cut: datetime, zone: tzinfo
) -> tuple[date, ...]:
    """The days ``stay`` occupies that a stay cut short at ``cut`` no longer occupies."""
    return days_left_after(kind.unit, stay.start, stay.end, cut, zone)


class LedgerSession:
    """One pool's ledger, loaded for a change of places inside a unit of work.

    ``open`` loads (locks) the ``days`` the change touches and, when places are being freed,
    the waitlisted reservations of the pool that need one of the ``freeing`` days (not yet
    started, ``exclude`` left out) together with their days, so that ``fill`` answers for every
    day it looks at. ``release``, ``take`` and ``fill`` change the ledger in hand; ``save``
    stores it. Nothing is stored if the unit of work is not committed.
    """

    def __init__(
        self,
        uow: FacilityUnitOfWork,
        pool: CapacityPool,
        ledger: CapacityLedger,
        waiting: list[tuple[Reservation, WaitlistCandidate]],
    ) -> None:
        self.uow = uow
        self.pool = pool
        self.ledger = ledger
        self._waiting = waiting

    @classmethod
    def open(
        cls,
        uow: FacilityUnitOfWork,
        pool: CapacityPool,
        days: Iterable[date],
        *,
        zone: tzinfo,
        now: datetime,
        freeing: Collection[date] = (),
        exclude: ReservationId | None = None,
    ) -> LedgerSession:
        """The session of ``pool`` with ``days`` (and the waitlist's days) loaded."""
        needed = set(days)
        waiting: list[tuple[Reservation, WaitlistCandidate]] = []
        if freeing:
            waiting = _waitlisted(
                uow, pool, zone=zone, now=now, freeing=set(freeing), exclude=exclude
            )
            for _, candidate in waiting:
                needed.update(candidate.days)
        ledger = uow.capacity_ledger.load(pool, distinct_days(needed))
        return cls(uow, pool, ledger, waiting)

    def release(self, days: Iterable[date], places: int) -> None:
        """Give back ``places`` on each of ``days``."""
        days = distinct_days(days)
        if days:
            self.ledger = self.ledger.release(days, places)

    def take(self, days: Iterable[date], places: int, *, overbook: bool = False) -> None:
        """Use ``places`` more on each of ``days`` (``overbook``: a recorded staff override)."""
        days = distinct_days(days)
        if days:
            self.ledger = self.ledger.take(days, places, overbook=overbook)

    def fill(
        self, freed: Collection[date], policy: WaitlistPolicy, *, at: datetime
    ) -> tuple[Reservation, ...]:
        """Give places freed on ``freed`` to the waitlist; store and record what moved."""
        if not freed or not self._waiting:
            return ()
        outcome = fill_from_waitlist(
            self.pool, self.ledger, freed, self._waiting, policy, at=at, by=HistoryActor.system()
        )
        self.ledger = outcome.ledger
        moved = {reservation.id for reservation in outcome.reservations}
        self._waiting = [pair for pair in self._waiting if pair[0].id not in moved]
        stored = tuple(self.uow.reservations.update(item) for item in outcome.reservations)
        for event in outcome.events:
            self.uow.record(event)
        return stored

    def save(self) -> None:
        """Store the ledger in this unit of work."""
        self.uow.capacity_ledger.save(self.ledger)


def _waitlisted(
    uow: FacilityUnitOfWork,
    pool: CapacityPool,
    *,
    zone: tzinfo,
    now: datetime,
    freeing: set[date],
    exclude: ReservationId | None,
) -> list[tuple[Reservation, WaitlistCandidate]]:
    # A request whose stay has started is not offered a place: it is too late to come.
    kinds = {kind.id: kind for kind in uow.reservation_types.list()}
    waiting: list[tuple[Reservation, WaitlistCandidate]] = []
    for reservation in uow.reservations.waitlisted(pool.location_id):
        kind = kinds.get(reservation.type_id)
        if (
            kind is None
            or not pool.shared_by(reservation.type_id)
            or reservation.id == exclude
            or reservation.start <= now
        ):
            continue
        candidate = WaitlistCandidate.of(reservation, pool, kind.unit, zone)
        if freeing.intersection(candidate.days) and _still_eligible(uow, reservation, pool):
            waiting.append((reservation, candidate))
    return waiting


def _still_eligible(uow: FacilityUnitOfWork, reservation: Reservation, pool: CapacityPool) -> bool:
    """True when nothing but capacity stops ``reservation`` now, as staff approving it would
    find: its pets' vaccines, evaluations and the household's agreements may have changed while
    it waited. The date rules are judged at the time the parent asked, and overrides stored
    with it keep waiving their reasons. A request that is no longer eligible stays on the
    waitlist for staff to decide."""
    draft = draft_of(reservation, reservation.start, reservation.end)
    # An empty ledger: capacity is the fill's own question, answered on the real ledger.
    room = {pool.id: CapacityLedger.of(pool)}
    asked_at = reservation.history[0].at
    facts = load_booking_facts(uow, draft, asked_at, ledgers=room, exclude=reservation.id)
    blocking = still_blocking(
        evaluate_booking(draft, facts), uow.booking_overrides.list_for_reservation(reservation.id)
    )
    return all(reason.category is ReasonCategory.CAPACITY for reason in blocking)


def free_places(
    uow: FacilityUnitOfWork,
    placement: Placement,
    days: Collection[date],
    *,
    zone: tzinfo,
    policy: WaitlistPolicy,
    now: datetime,
    exclude: ReservationId,
) -> tuple[Reservation, ...]:
    """Release ``placement``'s places on ``days``, fill the waitlist, save the ledger; the
    waitlisted reservations that got a place."""
    if not days:
        return ()
    session = LedgerSession.open(
        uow, placement.pool, days, zone=zone, now=now, freeing=days, exclude=exclude
    )
    session.release(days, placement.demand)
    filled = session.fill(days, policy, at=now)
    session.save()
    return filled
