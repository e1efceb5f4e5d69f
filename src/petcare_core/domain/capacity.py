"""Capacity pools, lodgings, the per-day capacity ledger of a pool, and the waitlist order.

A pool is a location's maximum, shared by every reservation type it lists. An ``area`` pool
counts pets; a ``room`` pool counts rooms, and all the pets of one reservation (one family)
share one room. The ledger counts, per local day, what the reservations holding a place use;
it never goes below zero or above the pool's capacity. When a place frees, the oldest
waitlisted reservation that now fits gets it, offered or promoted as the facility chooses. See
docs/capacity-and-requirements.md.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from types import MappingProxyType
from typing import Protocol

import attrs

from petcare_core.domain.dates import date_runs
from petcare_core.domain.estimate import PricingUnit, unit_dates
from petcare_core.domain.ids import (
    AnimalId,
    CapacityPoolId,
    FacilityId,
    LocationId,
    LodgingId,
    ReservationTypeId,
)
from petcare_core.domain.reasons import Reason


def _required_text(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be blank")


class PoolKind(enum.StrEnum):
    """What a pool counts (research §4.6)."""

    AREA = "area"  # individual pets, up to the capacity
    ROOM = "room"  # rooms (runs, suites): the pets of one reservation share one room


@attrs.frozen
class CapacityPool:
    """A location's maximum shared by the reservation types in ``type_ids``.

    ``capacity`` counts pets for an area pool and rooms for a room pool, on every day.
    """

    id: CapacityPoolId
    facility_id: FacilityId
    location_id: LocationId
    name: str = attrs.field(validator=_required_text)
    kind: PoolKind
    capacity: int = attrs.field(validator=attrs.validators.ge(0))
    type_ids: frozenset[ReservationTypeId] = frozenset()
    active: bool = True
    version: int = 1

    def shared_by(self, type_id: ReservationTypeId) -> bool:
        """True when reservations of ``type_id`` take their place in this pool."""
        return type_id in self.type_ids


@attrs.frozen
class Lodging:
    """A run, kennel or suite of a pool, assigned to a reservation's pets once accepted."""

    id: LodgingId
    facility_id: FacilityId
    pool_id: CapacityPoolId
    name: str = attrs.field(validator=_required_text)
    active: bool = True
    version: int = 1


def pool_for(
    pools: Iterable[CapacityPool], location_id: LocationId, type_id: ReservationTypeId
) -> CapacityPool | None:
    """The active pool reservations of ``type_id`` at ``location_id`` draw on; None: no limit.

    Raises ``ValueError`` when two active pools of the location claim the type, because its
    reservations would then be counted twice or in an arbitrary pool.
    """
    found = [
        pool
        for pool in pools
        if pool.active and pool.location_id == location_id and pool.shared_by(type_id)
    ]
    if len(found) > 1:
        names = ", ".join(pool.name for pool in found)
        raise ValueError(f"reservation type {type_id} is in several pools of one location: {names}")
    return found[0] if found else None


def occupied_days(
    unit: PricingUnit, start: datetime, end: datetime, zone: tzinfo
) -> tuple[date, ...]:
    """The local days on which a stay from ``start`` to ``end`` holds a place.

    The same days the estimate charges (``estimate.unit_dates`` of the local first and last
    day): every night from the first day to the day before the last for boarding (a same-day
    stay holds its day), every day for daycare, the appointment's day for an appointment.
    """
    if start.utcoffset() is None or end.utcoffset() is None:
        raise ValueError("the start and the end must be timezone-aware")
    if end <= start:
        raise ValueError("a stay must end after it starts")
    return unit_dates(unit, start.astimezone(zone).date(), end.astimezone(zone).date())


class HasPets(Protocol):
    """Anything that names the pets of one booking, such as a ``Reservation``."""

    @property
    def animal_ids(self) -> tuple[AnimalId, ...]:
        """The booking's pets."""
        ...


def demand(pool: CapacityPool, booking: HasPets) -> int:
    """The places a booking takes in ``pool``: its pets in an area, one room in a room pool."""
    pets = len(booking.animal_ids)
    if pets < 1:
        raise ValueError("a booking needs at least one pet")
    return pets if pool.kind is PoolKind.AREA else 1


def _check_demand(demand: int) -> None:
    if demand < 1:
        raise ValueError(f"a booking takes at least one place, got {demand}")


def distinct_days(days: Iterable[date]) -> tuple[date, ...]:
    # A day listed twice is still one day of the stay; counting it twice would leak places.
    return tuple(sorted(set(days)))


def _frozen_counts(value: Mapping[date, int]) -> Mapping[date, int]:
    # Days with nothing used are left out, so a ledger has one shape for one state and
    # "take then release" gives back an equal ledger.
    return MappingProxyType({day: value[day] for day in sorted(value) if value[day] != 0})


@attrs.frozen
class CapacityLedger:
    """How many places of one pool are used on each local day (absent days: none).

    Invariant: ``used[day] >= 0``; ``take`` never goes over ``capacity`` unless told to
    (``overbook``: a staff override, ``override.capacity``). A day may also be over capacity
    after the facility lowered the pool's capacity; such a day simply has no room. A ledger may
    hold only the days a caller loaded; it answers for those days correctly only if all of them
    were loaded.
    """

    pool_id: CapacityPoolId
    capacity: int = attrs.field(validator=attrs.validators.ge(0))
    used: Mapping[date, int] = attrs.field(factory=dict, converter=_frozen_counts, hash=False)

    def __attrs_post_init__(self) -> None:
        for day, count in self.used.items():
            if type(day) is not date:
                raise ValueError(f"ledger days must be dates, got {day!r}")
            if count < 0:
                raise ValueError(f"{count} places used on {day} for pool {self.pool_id}")

    @classmethod
    def of(cls, pool: CapacityPool, used: Mapping[date, int] | None = None) -> CapacityLedger:
        """The ledger of ``pool`` with ``used`` places per day (none by default)."""
        return cls(pool.id, pool.capacity, used or {})

    def used_on(self, day: date) -> int:
        """Places used on ``day``."""
        return self.used.get(day, 0)

    def available_on(self, day: date) -> int:
        """Places still free on ``day`` (none when over capacity)."""
        return max(0, self.capacity - self.used_on(day))

    def full_days(self, days: Iterable[date], demand: int) -> tuple[date, ...]:
        """The days, in date order, that lack room for ``demand`` more places."""
        _check_demand(demand)
        return tuple(day for day in distinct_days(days) if self.available_on(day) < demand)

    def fits(self, days: Iterable[date], demand: int) -> bool:
        """True when every day has room for ``demand`` more places."""
        return not self.full_days(days, demand)

    def take(self, days: Iterable[date], demand: int, *, overbook: bool = False) -> CapacityLedger:
        """The ledger with ``demand`` more places used on each day.

        Raises ``ValueError`` if a day would go over capacity, unless ``overbook`` (a recorded
        staff override): callers check ``fits`` (or ``capacity_reasons``) first, so reaching
        this is a broken invariant.
        """
        full = self.full_days(days, demand)
        if full and not overbook:
            listed = ", ".join(day.isoformat() for day in full)
            raise ValueError(f"pool {self.pool_id} has no room for {demand} on {listed}")
        return self._add(distinct_days(days), demand)

    def release(self, days: Iterable[date], demand: int) -> CapacityLedger:
        """The ledger with ``demand`` fewer places used on each day.

        Raises ``ValueError`` if a day would go below zero (releasing what was never taken).
        """
        _check_demand(demand)
        distinct = distinct_days(days)
        short = [day for day in distinct if self.used_on(day) < demand]
        if short:
            listed = ", ".join(day.isoformat() for day in short)
            raise ValueError(f"pool {self.pool_id} cannot release {demand} on {listed}")
        return self._add(distinct, -demand)

    def _add(self, days: tuple[date, ...], delta: int) -> CapacityLedger:
        counts = dict(self.used)
        for day in days:
            counts[day] = counts.get(day, 0) + delta
        return attrs.evolve(self, used=counts)


@attrs.frozen
class CapacityFull(Reason):
    """A pool has no room on some days of the stay; the request can join the waitlist."""

    pool_id: CapacityPoolId
    pool_name: str
    dates: tuple[date, ...]

    @property
    def offers_waitlist(self) -> bool:
        """Always true: a full pool is a reason to wait for a place, not a final refusal."""
        return True

    @property
    def message(self) -> str:
        return (
            f"{self.pool_name} is full on {date_runs(self.dates)}; choose other dates, or "
            "join the waitlist and the facility will offer you a place if one frees up"
        )


def check_ledger(pool: CapacityPool, ledger: CapacityLedger) -> None:
    if (ledger.pool_id, ledger.capacity) != (pool.id, pool.capacity):
        raise ValueError(f"the ledger of pool {ledger.pool_id} does not match pool {pool.id}")


def capacity_reasons(
    pool: CapacityPool, ledger: CapacityLedger, days: Iterable[date], demand: int
) -> tuple[CapacityFull, ...]:
    """Why ``pool`` cannot hold ``demand`` more places on ``days``: nothing, or ``CapacityFull``."""
    check_ledger(pool, ledger)
    full = ledger.full_days(days, demand)
    return (CapacityFull(pool.id, pool.name, full),) if full else ()
