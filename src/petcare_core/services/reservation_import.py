"""Importing reservations: a facility's existing reservations, brought over as they stand.

A facility moving to petcare from another system (or a demo built over months of history)
brings reservations that have already lived their lives: requested months ago, confirmed,
checked in and out. ``import_reservations`` stores them with their histories in one unit of
work, without re-applying the booking rules of today (the vaccines a pet had then, the lead
time that held when it was booked): those were the old system's decisions. What it does check
is that each one is a reservation petcare can hold — its catalog references, its pets the
household's, a history the status machine allows (``domain.reservation_history``) — and that
the places they hold fit in their pools: the imported reservations count in the capacity ledger
exactly as if they had been booked here (``held_days``), and none may take a pool over capacity.

An import records no events: webhooks and notifications tell what happens now, and an imported
history has already happened. All or nothing: one refused record refuses the whole import,
with the reasons of every record (named ``reservations[i]...``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.actors import ActorKind
from petcare_core.domain.capacity import CapacityLedger, CapacityPool, demand, pool_for
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    CapacityPoolId,
    FacilityId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reasons import InvalidValue, Reason, Rejection, RequiredValueMissing
from petcare_core.domain.reservation import (
    Cancellation,
    Reservation,
    ReservationLine,
    ReservationStatus,
    StatusChange,
)
from petcare_core.domain.reservation_history import held_days, history_problems
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize
from petcare_core.services._booking_facts import BookingRequest, check_lines, check_times
from petcare_core.services._capacity import zone_of
from petcare_core.services._checks import TEXT_MAX_LENGTH, Checks
from petcare_core.services.context import ServiceContext

#: At most this many reservations per import (one unit of work); import more in several calls.
MAX_IMPORT = 20_000
#: A rejection lists at most this many reasons (a file with a systematic mistake would
#: otherwise repeat it for every record).
MAX_REASONS = 200

_S = ReservationStatus


@attrs.frozen
class ImportedReservation:
    """A reservation as another system holds it: the stay, and how it got to its status.

    ``stay`` is the booking (``owner_id`` required; a ``staff_id`` only for a type that assigns
    staff). ``history`` lists every status change, oldest first, the current status last.
    ``cancellation_reason``/``cancelled_late`` are required exactly when it ended cancelled
    (who cancelled is the last change's actor); ``denial_reason`` exactly when it was denied.
    """

    stay: BookingRequest
    history: tuple[StatusChange, ...]
    cancellation_reason: str | None = None
    cancelled_late: bool = False
    denial_reason: str | None = None


@attrs.frozen
class _Catalog:
    """What every record is checked against, read once for the whole import."""

    locations: frozenset[LocationId]
    types: dict[ReservationTypeId, ReservationType]
    pools: tuple[CapacityPool, ...]
    add_ons: dict[AdditionalServiceId, frozenset[ReservationTypeId]]
    staff: frozenset[StaffUserId]
    owners: frozenset[OwnerId]
    animals: dict[AnimalId, OwnerId]

    @classmethod
    def read(cls, uow: FacilityUnitOfWork) -> _Catalog:
        return cls(
            locations=frozenset(location.id for location in uow.locations.list()),
            types={kind.id: kind for kind in uow.reservation_types.list()},
            pools=tuple(pool for pool in uow.capacity_pools.list() if pool.active),
            add_ons={
                service.id: frozenset(service.type_ids)
                for service in uow.additional_services.list()
            },
            staff=frozenset(user.id for user in uow.staff.list()),
            owners=frozenset(owner.id for owner in uow.owners.list()),
            animals={animal.id: animal.owner_id for animal in uow.animals.list()},
        )


def _named(prefix: str, reasons: Sequence[Reason]) -> list[Reason]:
    """``reasons`` with their field names under ``prefix`` (``reservations[3].start``)."""
    named: list[Reason] = []
    for reason in reasons:
        if isinstance(reason, InvalidValue | RequiredValueMissing):
            named.append(attrs.evolve(reason, name=f"{prefix}.{reason.name}"))
        else:
            named.append(reason)
    return named


def _check_stay(
    checks: Checks, catalog: _Catalog, stay: BookingRequest
) -> tuple[ReservationLine, ...]:
    """Records what is wrong with ``stay``; returns its lines (every pet once)."""
    owner_id = stay.owner_id
    if owner_id is None:
        checks.add(RequiredValueMissing("owner_id"))
    elif owner_id not in catalog.owners:
        checks.add(InvalidValue("owner_id", f"no household #{owner_id} in this facility"))
    if stay.location_id not in catalog.locations:
        checks.add(InvalidValue("location_id", f"no location #{stay.location_id} here"))
    kind = catalog.types.get(stay.type_id)
    if kind is None:
        checks.add(InvalidValue("type_id", f"no reservation type #{stay.type_id} here"))
    check_times(checks, stay.start, stay.end)
    lines = check_lines(checks, stay.pets)
    for line in lines:
        if catalog.animals.get(line.animal_id) != owner_id:
            checks.add(InvalidValue("pets", f"pet #{line.animal_id} is not one of the household's"))
        for service in line.services:
            if stay.type_id not in catalog.add_ons.get(service, frozenset()):
                checks.add(InvalidValue("pets", f"add-on #{service} is not offered with this type"))
    if stay.staff_id is not None and kind is not None and not kind.assigns_staff:
        checks.add(InvalidValue("staff_id", "this reservation type assigns no staff; leave it out"))
    elif stay.staff_id is not None and stay.staff_id not in catalog.staff:
        checks.add(InvalidValue("staff_id", f"no staff user #{stay.staff_id} here"))
    return lines


def _check_history(
    checks: Checks, catalog: _Catalog, record: ImportedReservation, ctx: ServiceContext
) -> None:
    for problem in history_problems(record.history, now=ctx.clock.now()):
        checks.add(InvalidValue("history", problem))
    for change in record.history:
        by = change.by
        if by.kind is ActorKind.STAFF and by.id not in catalog.staff:
            checks.add(InvalidValue("history", f"names staff user #{by.id}, who is not here"))
        if by.kind is ActorKind.OWNER and by.id != record.stay.owner_id:
            checks.add(InvalidValue("history", "names another household as acting"))
    final = record.history[-1].status if record.history else None
    cancelled, denied = final is _S.CANCELLED, final is _S.DENIED
    if cancelled != (record.cancellation_reason is not None):
        problem = "is required for a cancelled reservation" if cancelled else "only for cancelled"
        checks.add(InvalidValue("cancellation_reason", problem))
    elif record.cancellation_reason is not None:
        checks.text("cancellation_reason", record.cancellation_reason, max_length=TEXT_MAX_LENGTH)
    if denied != (record.denial_reason is not None):
        problem = "is required for a denied reservation" if denied else "only for denied ones"
        checks.add(InvalidValue("denial_reason", problem))
    elif record.denial_reason is not None:
        checks.text("denial_reason", record.denial_reason, max_length=TEXT_MAX_LENGTH)


def _reservation(
    uow: FacilityUnitOfWork,
    facility_id: FacilityId,
    record: ImportedReservation,
    lines: tuple[ReservationLine, ...],
) -> Reservation:
    stay, history = record.stay, record.history
    cancellation = None
    if record.cancellation_reason is not None:
        reason = record.cancellation_reason.strip()
        cancellation = Cancellation(reason, history[-1].by, late=record.cancelled_late)
    assert stay.owner_id is not None  # checked
    return Reservation(
        id=ReservationId(uow.new_id()),
        facility_id=facility_id,
        location_id=stay.location_id,
        owner_id=stay.owner_id,
        type_id=stay.type_id,
        start=stay.start,
        end=stay.end,
        lines=lines,
        status=history[-1].status,
        history=history,
        staff_id=stay.staff_id,
        cancellation=cancellation,
        denial_reason=None if record.denial_reason is None else record.denial_reason.strip(),
    )


def _take_places(
    uow: FacilityUnitOfWork, catalog: _Catalog, reservations: Sequence[Reservation]
) -> tuple[list[Reason], list[CapacityLedger]]:
    """The pools' ledgers with every reservation's held places taken (in the order given), and
    a reason for each reservation that does not fit."""
    zone = zone_of(uow.facility())
    wanted: list[tuple[int, CapacityPool, tuple[date, ...], int]] = []
    for number, reservation in enumerate(reservations):
        pool = pool_for(catalog.pools, reservation.location_id, reservation.type_id)
        if pool is None:
            continue
        unit = catalog.types[reservation.type_id].unit
        days = held_days(unit, reservation.start, reservation.end, reservation.history, zone)
        if days:
            wanted.append((number, pool, days, demand(pool, reservation)))
    by_pool: dict[CapacityPoolId, set[date]] = {}
    for _, pool, days, _ in wanted:
        by_pool.setdefault(pool.id, set()).update(days)
    pools = {pool.id: pool for pool in catalog.pools}
    ledgers = {
        pool_id: uow.capacity_ledger.load(pools[pool_id], sorted(days))
        for pool_id, days in by_pool.items()
    }
    reasons: list[Reason] = []
    for number, pool, days, places in wanted:
        ledger = ledgers[pool.id]
        full = ledger.full_days(days, places)
        if full:
            listed = ", ".join(day.isoformat() for day in full[:5])
            reasons.append(
                InvalidValue(
                    f"reservations[{number}]",
                    f"{pool.name} has no room for {places} more on {listed}; petcare never "
                    "holds more than a pool's capacity, so raise the capacity or leave it out",
                )
            )
            continue
        ledgers[pool.id] = ledger.take(days, places)
    return reasons, list(ledgers.values())


def import_reservations(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    records: Sequence[ImportedReservation],
) -> Result[tuple[Reservation, ...], Rejection]:
    """Store ``records`` as the facility's reservations, in one unit of work; see the module's
    docstring. Needs ``reservations.import``. Returns the stored reservations in the order
    given. Rejection: every problem of every record (at most ``MAX_REASONS``), named
    ``reservations[i].field``; nothing is stored then."""
    checks = Checks()
    if not records:
        checks.add(RequiredValueMissing("reservations"))
    elif len(records) > MAX_IMPORT:
        checks.add(
            InvalidValue("reservations", f"at most {MAX_IMPORT:,} per import; import in parts")
        )
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_IMPORT)) is not None:
            return Failure(denied)
        if checks.failed:
            return checks.failure()
        catalog = _Catalog.read(uow)
        lines: list[tuple[ReservationLine, ...]] = []
        for number, record in enumerate(records):
            found = Checks()
            lines.append(_check_stay(found, catalog, record.stay))
            _check_history(found, catalog, record, ctx)
            checks.add(*_named(f"reservations[{number}]", found.reasons))
        if checks.failed:
            return _failure(checks.reasons)
        stored = tuple(
            _reservation(uow, facility_id, record, pets)
            for record, pets in zip(records, lines, strict=True)
        )
        full, ledgers = _take_places(uow, catalog, stored)
        if full:
            return _failure(full)  # nothing written: the unit of work is not committed
        for reservation in stored:
            uow.reservations.add(reservation)
        for ledger in ledgers:
            uow.capacity_ledger.save(ledger)
        uow.commit()
    return Success(stored)


def _failure(reasons: list[Reason]) -> Result[tuple[Reservation, ...], Rejection]:
    if len(reasons) > MAX_REASONS:
        more = len(reasons) - MAX_REASONS
        reasons = [
            *reasons[:MAX_REASONS],
            InvalidValue("reservations", f"and {more:,} more problems; fix those above first"),
        ]
    return Failure(Rejection(tuple(reasons)))


__all__ = ["MAX_IMPORT", "ImportedReservation", "import_reservations"]
