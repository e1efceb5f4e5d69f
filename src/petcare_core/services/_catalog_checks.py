"""Checks shared by the booking-catalog use cases, and the capacity recount a catalog change
needs.

A catalog change can move reservations that already hold places from one capacity pool to
another (a type added to or removed from a pool, a pool moved, switched off or changed from
counting pets to counting rooms, a type's unit changed). ``recount_places`` moves their places
in the per-day ledgers in the same unit of work, so that every pool's ledger keeps counting
exactly the reservations that hold a place in it, and a later cancellation releases what was
taken.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Protocol, TypeVar

import attrs

from petcare_core.domain.capacity import (
    CapacityLedger,
    CapacityPool,
    demand,
    occupied_days,
    pool_for,
)
from petcare_core.domain.ids import CapacityPoolId, LocationId, ReservationTypeId
from petcare_core.domain.money import Money, minor_unit_exponent
from petcare_core.domain.reasons import AlreadyExists, InvalidValue, UnknownReference
from petcare_core.domain.reservation import HOLDS_CAPACITY, Reservation
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._checks import Checks

#: The highest price, add-on or fixed deposit, in major units: a typo guard that also keeps
#: every estimate far inside a 64-bit count of minor units.
MAX_PRICE = Decimal(1_000_000)

# Wide enough to hold every stored reservation.
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9999, 1, 1, tzinfo=UTC)


def price(checks: Checks, name: str, value: Decimal | int, currency: str) -> Money:
    """``value`` major units of ``currency`` as money; refused when negative, not a number,
    over ``MAX_PRICE`` or finer than the currency's minor unit (``12.345`` dollars)."""
    amount = Decimal(value)
    places = minor_unit_exponent(currency)
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        checks.add(InvalidValue(name, f"must be an amount from 0 to {MAX_PRICE:,} {currency}"))
        return Money.zero(currency)
    minor = amount.scaleb(places)
    if minor != minor.to_integral_value():
        checks.add(InvalidValue(name, f"{amount} {currency} has more than {places} decimal places"))
        return Money.zero(currency)
    return Money(int(minor), currency)


def known_ids(checks: Checks, name: str, ids: Iterable[int], known: Collection[int]) -> None:
    """Record ``InvalidValue`` for each id that is not a positive integer and
    ``UnknownReference`` for each that ``known`` does not hold, in id order."""
    for key in sorted(ids):
        if checks.positive_id(name, key) and key not in known:
            checks.add(UnknownReference(name, str(key)))


def unique_name(checks: Checks, name: str, existing: Iterable[str], *, field: str = "name") -> None:
    """Record ``AlreadyExists`` when ``name`` equals one of ``existing`` ignoring case."""
    folded = name.casefold()
    if name and any(other.casefold() == folded for other in existing):
        checks.add(AlreadyExists(field, name))


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


_T = TypeVar("_T", bound=_HasId)


def others(items: Iterable[_T], item_id: int | None) -> list[_T]:
    """The items whose ``id`` is not ``item_id`` (every item when it is ``None``)."""
    return [item for item in items if item.id != item_id]


@attrs.frozen
class _Placement:
    """Where a reservation holds its places: a pool, the local days and how many places."""

    pool: CapacityPool
    days: tuple[date, ...]
    demand: int

    @property
    def key(self) -> tuple[CapacityPoolId, tuple[date, ...], int]:
        return self.pool.id, self.days, self.demand


def _placement(
    pools: Iterable[CapacityPool],
    types: Mapping[ReservationTypeId, ReservationType],
    reservation: Reservation,
    zone: tzinfo,
) -> _Placement | None:
    kind = types.get(reservation.type_id)
    pool = pool_for(pools, reservation.location_id, reservation.type_id)
    if kind is None or pool is None:
        return None
    days = occupied_days(kind.unit, reservation.start, reservation.end, zone)
    return _Placement(pool, days, demand(pool, reservation))


def _key(placement: _Placement | None) -> object:
    return None if placement is None else placement.key


def recount_places(
    uow: FacilityUnitOfWork,
    zone: tzinfo,
    *,
    pools_before: Iterable[CapacityPool],
    pools_after: Iterable[CapacityPool],
    types_before: Mapping[ReservationTypeId, ReservationType],
    types_after: Mapping[ReservationTypeId, ReservationType],
    location_id: LocationId | None,
) -> int:
    """Move the places of the reservations that hold one (at ``location_id``, or anywhere)
    from where the catalog ``before`` counted them to where the catalog ``after`` counts
    them; the number of reservations moved.

    Every ledger day concerned is loaded through ``capacity_ledger.load`` (locked until the
    unit of work ends) and saved. A reservation keeps its place even when the pool it moves
    to is full (``overbook``): a settings change never takes a place from anyone.
    """
    before, after = list(pools_before), list(pools_after)
    moves: list[tuple[_Placement | None, _Placement | None]] = []
    holding = uow.reservations.overlapping(
        _EARLIEST, _LATEST, location_id=location_id, statuses=HOLDS_CAPACITY
    )
    for reservation in holding:
        old = _placement(before, types_before, reservation, zone)
        new = _placement(after, types_after, reservation, zone)
        if _key(old) != _key(new):
            moves.append((old, new))
    if not moves:
        return 0
    # The pool as it is after the change when it still exists (its capacity is current).
    pools = {pool.id: pool for pool in before} | {pool.id: pool for pool in after}
    days: dict[CapacityPoolId, set[date]] = {}
    for placement in (p for move in moves for p in move if p is not None):
        days.setdefault(placement.pool.id, set()).update(placement.days)
    ledgers: dict[CapacityPoolId, CapacityLedger] = {
        pool_id: uow.capacity_ledger.load(pools[pool_id], sorted(wanted))
        for pool_id, wanted in days.items()
    }
    for old, new in moves:
        if old is not None:
            ledgers[old.pool.id] = ledgers[old.pool.id].release(old.days, old.demand)
        if new is not None:
            ledgers[new.pool.id] = ledgers[new.pool.id].take(new.days, new.demand, overbook=True)
    for ledger in ledgers.values():
        uow.capacity_ledger.save(ledger)
    return len(moves)
