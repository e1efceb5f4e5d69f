"""Reading reservations: staff lists and the day sheet, the Gingr-compatible lists, estimates,
and a pet parent's own reservations.

Staff reads need ``reservations.read`` and return the reservations together with everything a
screen, a printout or a Gingr row names (owners, pets, types, locations, add-ons, lodgings,
staff, the pets' catalog entries), loaded in a fixed number of queries per call — never one
per reservation. A pet parent reads only their own household's reservations; another
household's reservation raises the same ``NotFound`` as a missing one.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.animal import Animal
from petcare_core.domain.booking import existing_reservation_estimate
from petcare_core.domain.cancellation import reservation_cancellation
from petcare_core.domain.deposits import deposit_due
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    LocationId,
    OwnerId,
    PortalAccountId,
    ReservationId,
)
from petcare_core.domain.owner import Owner
from petcare_core.domain.reasons import InvalidValue, Rejection
from petcare_core.domain.reservation import BOOKED_VISITS, Reservation, ReservationStatus
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.ports.booking_repositories import VisitTally
from petcare_core.ports.errors import NotFound
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize, portal_owner_id
from petcare_core.services._checks import Checks
from petcare_core.services.context import ServiceContext
from petcare_core.services.reservation_views import (
    DaySheet,
    DaySheetEntry,
    MyReservations,
    PetOnReservation,
    ReservationDetail,
    ReservationEstimate,
    ReservationRecords,
    ReservationView,
)

_S = ReservationStatus
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9999, 1, 1, tzinfo=UTC)
_ARRIVING = frozenset({_S.CONFIRMED, _S.UNCONFIRMED})
_DEPARTING = frozenset({_S.CONFIRMED, _S.CHECKED_IN})


def _households(
    uow: FacilityUnitOfWork, reservations: Sequence[Reservation]
) -> tuple[dict[OwnerId, Owner], dict[AnimalId, Animal]]:
    """The owners and pets the reservations name, read by id (a month of a busy facility names
    thousands; the facility may hold many more)."""
    owner_ids = {reservation.owner_id for reservation in reservations}
    animal_ids = {animal_id for reservation in reservations for animal_id in reservation.animal_ids}
    owners = {owner.id: owner for owner in uow.owners.list_by_ids(owner_ids)}
    animals = {pet.id: pet for pet in uow.animals.list_by_ids(animal_ids)}
    # Stored reservations name existing records (foreign keys): a gap is a broken store.
    if missing_owners := owner_ids - owners.keys():
        raise NotFound("owner", min(missing_owners))
    if missing_pets := animal_ids - animals.keys():
        raise NotFound("animal", min(missing_pets))
    return owners, animals


def _records(uow: FacilityUnitOfWork, reservations: Sequence[Reservation]) -> ReservationRecords:
    """``reservations`` with every record they name, in a fixed number of queries."""
    owners, animals = _households(uow, reservations)
    return ReservationRecords(
        facility=uow.facility(),
        reservations=tuple(reservations),
        owners=owners,
        animals=animals,
        types={kind.id: kind for kind in uow.reservation_types.list()},
        locations={location.id: location for location in uow.locations.list()},
        add_ons={service.id: service for service in uow.additional_services.list()},
        lodgings={lodging.id: lodging for lodging in uow.lodgings.list()},
        staff={user.id: user for user in uow.staff.list()},
        species={item.id: item for item in uow.species.list()},
        breeds={item.id: item for item in uow.breeds.list()},
        vets={item.id: item for item in uow.vets.list()},
        temperaments={item.id: item for item in uow.temperaments.list()},
    )


def _instant(moment: date | datetime, zone: tzinfo, *, end: bool) -> datetime:
    """A date as the start of that local day (the next day's, for an inclusive end); a
    datetime without offset as the facility's local time."""
    if isinstance(moment, datetime):
        return moment if moment.utcoffset() is not None else moment.replace(tzinfo=zone)
    day = moment + timedelta(days=1) if end else moment
    return datetime.combine(day, time(), tzinfo=zone)


def _statuses(
    checks: Checks, raw: Collection[ReservationStatus | str] | None
) -> frozenset[ReservationStatus] | None:
    if raw is None:
        return None
    found: set[ReservationStatus] = set()
    for item in raw:
        try:
            found.add(ReservationStatus(item.strip().lower() if isinstance(item, str) else item))
        except ValueError:
            choices = ", ".join(status.value for status in ReservationStatus)
            checks.add(
                InvalidValue("statuses", f"{str(item)[:30]!r} is not a status; use {choices}")
            )
    return frozenset(found)


def _location(checks: Checks, uow: FacilityUnitOfWork, location_id: LocationId | None) -> None:
    if location_id is not None:
        checks.reference("location_id", location_id, uow.locations.get)


def get_reservation(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
) -> Result[ReservationDetail, Rejection]:
    """One reservation with its records and overrides. Needs ``reservations.read``;
    ``NotFound`` if it is not this facility's."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        reservation = uow.reservations.get(reservation_id)
        overrides = tuple(uow.booking_overrides.list_for_reservation(reservation.id))
        return Success(ReservationDetail(_records(uow, [reservation]), overrides))


def reservations_between(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    start: date | datetime,
    end: date | datetime,
    *,
    location_id: LocationId | None = None,
    statuses: Collection[ReservationStatus | str] | None = None,
) -> Result[ReservationRecords, Rejection]:
    """The reservations whose stay overlaps the period (``start < reservation end`` and
    ``reservation start < end``), of one location and in the given statuses when given,
    ordered by start (Gingr's ``reservations``). Needs ``reservations.read``.

    A date means the whole local day (an end date is included); a datetime without offset is
    the facility's local time. No statuses (an empty collection) match nothing. Rejections:
    the end before the start; a location not of this facility; an unknown status.
    """
    checks = Checks()
    wanted = _statuses(checks, statuses)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        zone = zoneinfo.ZoneInfo(uow.facility().timezone)
        since, until = _instant(start, zone, end=False), _instant(end, zone, end=True)
        if _instant(end, zone, end=False) < since:
            checks.add(InvalidValue("end", "is before start"))
        _location(checks, uow, location_id)
        if checks.failed:
            return checks.failure()
        found: list[Reservation] = []
        if wanted is None or wanted:
            found = uow.reservations.overlapping(
                since, until, location_id=location_id, statuses=wanted
            )
        return Success(_records(uow, found))


def checked_in_reservations(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    *,
    location_id: LocationId | None = None,
) -> Result[ReservationRecords, Rejection]:
    """Every checked-in reservation (of one location when given), whatever its dates, ordered
    by start (Gingr's ``reservations`` with ``checked_in=true``). Needs ``reservations.read``.
    Rejection: a location not of this facility."""
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        _location(checks, uow, location_id)
        if checks.failed:
            return checks.failure()
        found = uow.reservations.overlapping(
            _EARLIEST, _LATEST, location_id=location_id, statuses=(_S.CHECKED_IN,)
        )
        return Success(_records(uow, found))


def reservations_for_owner(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, owner_id: OwnerId
) -> Result[ReservationRecords, Rejection]:
    """Every reservation of a household, ordered by start (Gingr's
    ``reservations_by_owner``). Needs ``reservations.read``; ``NotFound`` for an owner that
    is not this facility's."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        owner = uow.owners.get(owner_id)
        return Success(_records(uow, uow.reservations.list_for_owner(owner.id)))


def reservations_for_animal(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
) -> Result[ReservationRecords, Rejection]:
    """Every reservation with a line for the pet, ordered by start (Gingr's
    ``reservations_by_animal``). Needs ``reservations.read``; ``NotFound`` for a pet that is
    not this facility's."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        animal = uow.animals.get(animal_id)
        return Success(_records(uow, uow.reservations.list_for_animal(animal.id)))


@attrs.frozen
class VisitTallies:
    """Per owner and per pet of the facility: how many booked visits, the latest one started by
    now and the next one (owners and pets without any are left out)."""

    owners: Mapping[OwnerId, VisitTally]
    pets: Mapping[AnimalId, VisitTally]


def visit_tallies(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor
) -> Result[VisitTallies, Rejection]:
    """Every owner's and pet's booked visits (``BOOKED_VISITS``) around now, in one read of the
    facility's reservations, for list screens and integrations. Needs ``reservations.read``."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        owners, pets = uow.reservations.visit_tallies(BOOKED_VISITS, ctx.clock.now())
    return Success(VisitTallies(owners, pets))


def recently_cancelled(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    since: date | datetime,
    until: date | datetime | None = None,
    *,
    location_id: LocationId | None = None,
) -> Result[ReservationRecords, Rejection]:
    """The reservations cancelled at ``since <= t < until`` (by default until now, now
    included), of one location when given, in the order they were cancelled (Gingr's
    ``recently_cancelled_reservations``). Needs ``reservations.read``.

    Dates and naive datetimes are read as for ``reservations_between``. Rejections: the end
    before the start; a location not of this facility.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        zone = zoneinfo.ZoneInfo(uow.facility().timezone)
        start = _instant(since, zone, end=False)
        # "Until now" includes a cancellation recorded at this very instant.
        now = ctx.clock.now() + timedelta(microseconds=1)
        end = now if until is None else _instant(until, zone, end=True)
        if until is not None and _instant(until, zone, end=False) < start:
            checks.add(InvalidValue("end", "is before start"))
        _location(checks, uow, location_id)
        if checks.failed:
            return checks.failure()
        found = [
            reservation
            for reservation in uow.reservations.cancelled_between(start, end)
            if location_id is None or reservation.location_id == location_id
        ]
        return Success(_records(uow, found))


def _pets(records: ReservationRecords, reservation: Reservation) -> tuple[PetOnReservation, ...]:
    pets: list[PetOnReservation] = []
    for line in reservation.lines:
        lodging = None if line.lodging_id is None else records.lodgings[line.lodging_id].name
        add_ons = tuple(records.add_ons[service].name for service in line.services)
        name = records.animals[line.animal_id].name
        pets.append(PetOnReservation(line.animal_id, name, add_ons, lodging))
    return tuple(pets)


def _staff_user(records: ReservationRecords, reservation: Reservation) -> StaffUser | None:
    return None if reservation.staff_id is None else records.staff.get(reservation.staff_id)


def _entry(records: ReservationRecords, reservation: Reservation) -> DaySheetEntry:
    staff = _staff_user(records, reservation)
    return DaySheetEntry(
        reservation=reservation,
        owner=records.owners[reservation.owner_id],
        type_name=records.types[reservation.type_id].name,
        pets=_pets(records, reservation),
        staff_name=None if staff is None else f"{staff.first_name} {staff.last_name}".strip(),
    )


def day_sheet(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, location_id: LocationId, day: date
) -> Result[DaySheet, Rejection]:
    """The arrivals, departures and checked-in pets of one location on one local day (the
    staff's printout; Gingr's ``back_of_house``). Needs ``reservations.read``. Rejection: a
    location not of this facility."""
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        location = checks.reference("location_id", location_id, uow.locations.get)
        if location is None:
            return checks.failure()
        zone = zoneinfo.ZoneInfo(uow.facility().timezone)
        first = datetime.combine(day, time(), tzinfo=zone)
        after = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
        # A stay ending at exactly midnight leaves that day, so it must be found too.
        found = uow.reservations.overlapping(
            first - timedelta(microseconds=1),
            after,
            location_id=location.id,
            statuses=_ARRIVING | _DEPARTING,
        )
        records = _records(uow, found)

    def local_day(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    arrivals = [r for r in found if r.status in _ARRIVING and local_day(r.start) == day]
    departures = [r for r in found if r.status in _DEPARTING and local_day(r.end) == day]
    departures.sort(key=lambda reservation: (reservation.end, reservation.id))
    staying = [r for r in found if r.status is _S.CHECKED_IN and r.end > first]
    return Success(
        DaySheet(
            location=location,
            day=day,
            arrivals=tuple(_entry(records, r) for r in arrivals),
            departures=tuple(_entry(records, r) for r in departures),
            checked_in=tuple(_entry(records, r) for r in staying),
        )
    )


def reservation_estimate(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
) -> Result[ReservationEstimate, Rejection]:
    """A stored reservation's estimate at today's prices and its deposit due (Gingr's
    ``existing_reservation_estimate``). Needs ``reservations.read``; ``NotFound`` if it is not
    this facility's."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        reservation = uow.reservations.get(reservation_id)
        kind = uow.reservation_types.get(reservation.type_id)
        location = uow.locations.get(reservation.location_id)
        add_ons = {service.id: service for service in uow.additional_services.list()}
        facility = uow.facility()
    named = {service for line in reservation.lines for service in line.services}
    priced = existing_reservation_estimate(
        reservation,
        kind,
        location,
        add_ons,
        peaks=facility.settings.peak_ranges,
        multi_pet_discount=facility.settings.multi_pet_discount,
        zone=zoneinfo.ZoneInfo(facility.timezone),
    )
    return Success(
        ReservationEstimate(
            reservation=reservation,
            reservation_type=kind,
            location=location,
            add_ons={key: value for key, value in add_ons.items() if key in named},
            estimate=priced,
            deposit_due=deposit_due(kind.deposit, priced),
        )
    )


def _view(records: ReservationRecords, reservation: Reservation, now: datetime) -> ReservationView:
    kind = records.types[reservation.type_id]
    staff = _staff_user(records, reservation)
    return ReservationView(
        reservation=reservation,
        type_name=kind.name,
        unit=kind.unit,
        location_name=records.locations[reservation.location_id].name,
        pets=_pets(records, reservation),
        staff_first_name=None if staff is None else staff.first_name,
        estimate=records.estimate(reservation),
        deposit_due=records.deposit_due(reservation),
        cancellation=reservation_cancellation(kind.cancellation, reservation, now),
    )


def _household_records(uow: FacilityUnitOfWork, owner_id: OwnerId) -> ReservationRecords:
    return _records(uow, uow.reservations.list_for_owner(owner_id))


def my_reservations(
    ctx: ServiceContext, facility_id: FacilityId, account_id: PortalAccountId
) -> MyReservations:
    """The parent's household's reservations, sorted for the portal (see ``MyReservations``).
    ``NotFound`` when the account is not linked to this facility."""
    with ctx.uows.for_facility(facility_id) as uow:
        records = _household_records(uow, portal_owner_id(uow, account_id))
    now = ctx.clock.now()
    buckets: dict[str, list[ReservationView]] = {
        "upcoming": [],
        "pending": [],
        "waitlisted": [],
        "past": [],
    }
    for reservation in records.reservations:
        buckets[_bucket(reservation, now)].append(_view(records, reservation, now))
    buckets["past"].reverse()
    return MyReservations(
        upcoming=tuple(buckets["upcoming"]),
        pending=tuple(buckets["pending"]),
        waitlisted=tuple(buckets["waitlisted"]),
        past=tuple(buckets["past"]),
    )


def _bucket(reservation: Reservation, now: datetime) -> str:
    status, ongoing = reservation.status, reservation.end > now
    if status is _S.CHECKED_IN or (status is _S.CONFIRMED and ongoing):
        return "upcoming"
    if status in {_S.REQUESTED, _S.UNCONFIRMED} and ongoing:
        return "pending"
    if status is _S.WAITLISTED and ongoing:
        return "waitlisted"
    return "past"


def my_reservation(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    reservation_id: ReservationId,
) -> ReservationView:
    """One reservation of the parent's household. ``NotFound`` for one that is missing or
    another household's, and when the account is not linked to this facility."""
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id = portal_owner_id(uow, account_id)
        reservation = uow.reservations.get(reservation_id)
        if reservation.owner_id != owner_id:
            raise NotFound("Reservation", reservation_id)
        records = _records(uow, [reservation])
    return _view(records, reservation, ctx.clock.now())
