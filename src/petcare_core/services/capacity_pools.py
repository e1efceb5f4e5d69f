"""Capacity pools and the lodgings (runs, suites) that belong to them.

A pool is a location's maximum shared by the reservation types it lists; a type takes its
places in at most one active pool per location (``pool_for`` refuses two). Defining or changing
them needs ``catalog.manage``; listing them needs nothing. Pool names are unique
case-insensitively within their location, lodging names within their pool.

When a change moves reservations that already hold places (a type added to or removed from a
pool, a pool switched on or off, moved to another location, or changed between counting pets
and counting rooms), their places move in the per-day ledgers in the same transaction, and a
pool may then be over capacity on some days: booked reservations keep their places. Places
freed this way are not offered to the waitlist automatically.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.capacity import CapacityPool, Lodging, PoolKind
from petcare_core.domain.ids import (
    CapacityPoolId,
    FacilityId,
    LocationId,
    LodgingId,
    ReservationTypeId,
)
from petcare_core.domain.reasons import InvalidValue, Reason, Rejection
from petcare_core.domain.staff import Permission
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize
from petcare_core.services._catalog_checks import known_ids, others, recount_places, unique_name
from petcare_core.services._checks import Checks, check_version
from petcare_core.services.context import ServiceContext

#: The largest capacity of a pool (pets or rooms on one day).
MAX_CAPACITY = 100_000


def _types(ids: Iterable[ReservationTypeId]) -> frozenset[ReservationTypeId]:
    return frozenset(ids)


@attrs.frozen(kw_only=True)
class CapacityPoolDetails:
    """A capacity pool as staff enter it: ``kind`` ``area`` counts pets, ``room`` counts rooms
    (a family's pets on one reservation share one); ``capacity`` is the same every day."""

    location_id: LocationId
    name: str
    kind: PoolKind | str
    capacity: int
    type_ids: frozenset[ReservationTypeId] = attrs.field(default=frozenset(), converter=_types)
    active: bool = True


@attrs.frozen
class TypeInAnotherPool(Reason):
    """A reservation type already takes its places in another active pool of the location."""

    type_id: ReservationTypeId
    type_name: str
    pool_name: str

    @property
    def message(self) -> str:
        return (
            f"{self.type_name} already takes its places in {self.pool_name} at this location; "
            "remove it from that pool first (a reservation is counted in one pool)"
        )

    @property
    def field(self) -> str | None:
        return "type_ids"


def _kind(checks: Checks, raw: PoolKind | str) -> PoolKind:
    try:
        return PoolKind(raw.strip().lower() if isinstance(raw, str) else raw)
    except ValueError:
        choices = ", ".join(kind.value for kind in PoolKind)
        checks.add(InvalidValue("kind", f"{str(raw)[:30]!r} is not a pool kind; use {choices}"))
        return PoolKind.AREA


def _check_pool(
    checks: Checks,
    uow: FacilityUnitOfWork,
    details: CapacityPoolDetails,
    pool_id: CapacityPoolId | None,
) -> CapacityPool | None:
    """The pool ``details`` describe (id 0 when new), or None with every reason recorded."""
    name = checks.text("name", details.name)
    kind = _kind(checks, details.kind)
    checks.in_range("capacity", details.capacity, 0, MAX_CAPACITY)
    location = checks.reference("location_id", details.location_id, uow.locations.get)
    types = {kind.id: kind for kind in uow.reservation_types.list()}
    known_ids(checks, "type_ids", details.type_ids, types)
    if location is not None:
        neighbours = others(uow.capacity_pools.list_for_location(location.id), pool_id)
        unique_name(checks, name, (pool.name for pool in neighbours))
        if details.active:
            for type_id in sorted(details.type_ids & types.keys()):
                for pool in neighbours:
                    if pool.active and pool.shared_by(type_id):
                        checks.add(TypeInAnotherPool(type_id, types[type_id].name, pool.name))
    if checks.failed:
        return None
    return CapacityPool(
        id=pool_id or CapacityPoolId(0),
        facility_id=uow.facility_id,
        location_id=details.location_id,
        name=name,
        kind=kind,
        capacity=details.capacity,
        type_ids=details.type_ids,
        active=details.active,
    )


def _recount(
    uow: FacilityUnitOfWork,
    before: list[CapacityPool],
    after: list[CapacityPool],
    location_id: LocationId | None,
) -> None:
    types = {kind.id: kind for kind in uow.reservation_types.list()}
    recount_places(
        uow,
        zoneinfo.ZoneInfo(uow.facility().timezone),
        pools_before=before,
        pools_after=after,
        types_before=types,
        types_after=types,
        location_id=location_id,
    )


def define_capacity_pool(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, details: CapacityPoolDetails
) -> Result[CapacityPool, Rejection]:
    """Add a capacity pool to a location. Needs ``catalog.manage``.

    Rejections: name missing, too long or taken at the location; an unknown kind; a capacity
    outside 0 to 100,000; a location or reservation type not of this facility; an active pool
    listing a type that another active pool of the location already lists
    (``TypeInAnotherPool``). Reservations of its types that already hold places at the
    location are counted in it from now on.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        pool = _check_pool(checks, uow, details, None)
        if pool is None:
            return checks.failure()
        pool = attrs.evolve(pool, id=CapacityPoolId(uow.new_id()))
        uow.capacity_pools.add(pool)
        before = uow.capacity_pools.list_for_location(pool.location_id)
        _recount(uow, others(before, pool.id), before, pool.location_id)
        uow.commit()
    return Success(pool)


def update_capacity_pool(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    pool_id: CapacityPoolId,
    details: CapacityPoolDetails,
    *,
    expected_version: int | None = None,
) -> Result[CapacityPool, Rejection]:
    """Replace every field of a pool (``NotFound`` if it is not this facility's).

    Needs ``catalog.manage``; the rejections of ``define_capacity_pool``. A lower capacity
    takes no place from a booked reservation: the days over it simply have no room.
    ``expected_version``: see ``check_version`` (``ConcurrencyConflict``).
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        current = uow.capacity_pools.get(pool_id)
        check_version("CapacityPool", pool_id, current.version, expected_version)
        changed = _check_pool(checks, uow, details, current.id)
        if changed is None:
            return checks.failure()
        changed = attrs.evolve(changed, version=current.version)
        if changed == current:
            return Success(current)
        placement = ("location_id", "kind", "type_ids", "active")
        if any(getattr(changed, name) != getattr(current, name) for name in placement):
            before = uow.capacity_pools.list()
            after = [changed if pool.id == changed.id else pool for pool in before]
            moved = changed.location_id != current.location_id
            _recount(uow, before, after, None if moved else current.location_id)
        stored = uow.capacity_pools.update(changed)
        uow.commit()
    return Success(stored)


def list_capacity_pools(
    ctx: ServiceContext, facility_id: FacilityId, location_id: LocationId | None = None
) -> list[CapacityPool]:
    """The facility's pools (of one location when given), ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        if location_id is None:
            return uow.capacity_pools.list()
        return uow.capacity_pools.list_for_location(location_id)


def add_lodging(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, pool_id: CapacityPoolId, name: str
) -> Result[Lodging, Rejection]:
    """Add a lodging (run, kennel, suite) to a pool. Needs ``catalog.manage``.

    Rejections: name missing, too long or taken in the pool; a pool not of this facility. The
    number of lodgings does not change the pool's capacity.
    """
    checks = Checks()
    clean = checks.text("name", name)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        pool = checks.reference("pool_id", pool_id, uow.capacity_pools.get)
        if pool is not None:
            unique_name(checks, clean, (room.name for room in uow.lodgings.list_for_pool(pool.id)))
        if checks.failed:
            return checks.failure()
        lodging = Lodging(LodgingId(uow.new_id()), facility_id, pool_id, clean)
        uow.lodgings.add(lodging)
        uow.commit()
    return Success(lodging)


def update_lodging(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    lodging_id: LodgingId,
    name: str,
    *,
    active: bool = True,
    expected_version: int | None = None,
) -> Result[Lodging, Rejection]:
    """Rename a lodging or take it out of use (``NotFound`` if it is not this facility's).

    Needs ``catalog.manage``. Rejections: name missing, too long or taken in its pool.
    Reservations already assigned to it keep it.
    ``expected_version``: see ``check_version`` (``ConcurrencyConflict``).
    """
    checks = Checks()
    clean = checks.text("name", name)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        current = uow.lodgings.get(lodging_id)
        check_version("Lodging", lodging_id, current.version, expected_version)
        neighbours = others(uow.lodgings.list_for_pool(current.pool_id), current.id)
        unique_name(checks, clean, (room.name for room in neighbours))
        if checks.failed:
            return checks.failure()
        changed = attrs.evolve(current, name=clean, active=active)
        if changed == current:
            return Success(current)
        stored = uow.lodgings.update(changed)
        uow.commit()
    return Success(stored)


def list_lodgings(
    ctx: ServiceContext, facility_id: FacilityId, pool_id: CapacityPoolId | None = None
) -> list[Lodging]:
    """The facility's lodgings (of one pool when given), ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        if pool_id is None:
            return uow.lodgings.list()
        return uow.lodgings.list_for_pool(pool_id)
